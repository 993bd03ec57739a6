//! One error type for everything a page or server function can fail with, and the
//! pages that show it. Messages here are written for visitors: causes are logged on
//! the server and never sent to the browser.

mod pages;

pub use pages::{ErrorPage, NotFound};

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    /// The request itself was malformed; the message is about the request only.
    #[error("The request could not be understood: {0}")]
    BadRequest(String),
    /// A dependency (the database) is out of reach; worth retrying shortly.
    #[error("Kurso is briefly unavailable. Please try again in a minute.")]
    Unavailable,
    /// Anything unexpected. The cause is in the server log, with the request id.
    #[error(
        "Something went wrong on our side. Please try again; if it keeps happening, contact us."
    )]
    Internal,
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::BadRequest(_) => 400,
            Self::Unavailable => 503,
            Self::Internal => 500,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Page not found",
            Self::BadRequest(_) => "That request did not work",
            Self::Unavailable => "Back in a moment",
            Self::Internal => "Something went wrong",
        }
    }
}

impl AppError {
    /// Gives the response under way on the server (a page render or a server
    /// function call) this error's status, so a server function that fails
    /// answers 503 or 500 rather than Leptos' blanket 500, and a page that renders
    /// the error agrees with it. In the browser, which renders after the response
    /// was sent, it changes nothing.
    pub fn into_response_error(self) -> Self {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(self.status_code()) {
                response.set_status(status);
            }
        }
        self
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            // The browser could not reach the server at all.
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => Self::BadRequest(message),
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Logs the database error with its cause and keeps only its kind: an outage
    /// the visitor can wait out, or a fault of ours.
    fn from(error: sqlx::Error) -> Self {
        use sqlx::Error::*;
        let app_error = match &error {
            PoolTimedOut | PoolClosed | Io(_) | WorkerCrashed => {
                tracing::warn!(error = %error, "database unavailable");
                Self::Unavailable
            }
            _ => {
                tracing::error!(error = %error, "database error");
                Self::Internal
            }
        };
        app_error.into_response_error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_maps_to_the_status_a_client_can_act_on() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::BadRequest("x".into()).status_code(), 400);
        assert_eq!(AppError::Unavailable.status_code(), 503);
        assert_eq!(AppError::Internal.status_code(), 500);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_database_error_never_carries_its_message_to_the_visitor() {
        let error = AppError::from(sqlx::Error::Protocol(
            "relation \"secret_table\" does not exist".into(),
        ));

        assert_eq!(error, AppError::Internal);
        assert!(!error.to_string().contains("secret_table"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_lost_database_reads_as_unavailable() {
        assert_eq!(
            AppError::from(sqlx::Error::PoolTimedOut),
            AppError::Unavailable
        );
    }
}
