//! One error type for everything a page or server function can fail with, and the
//! pages that show it. Messages here are written for visitors: causes are logged on
//! the server and never sent to the browser.

mod form;
mod loaded;
mod pages;
#[cfg(feature = "ssr")]
mod plain_page;
#[cfg(feature = "ssr")]
pub mod responses;

pub use form::{form_errors, FormErrors};
pub use loaded::Loaded;
pub use pages::{ErrorPage, NotFound};
#[cfg(feature = "ssr")]
pub use plain_page::PlainPages;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    /// The page lives at another address now (a post whose slug changed).
    #[error("This page has moved to {0}.")]
    MovedTo(String),
    /// The request itself was malformed; the message is about the request only.
    #[error("The request could not be understood: {0}")]
    BadRequest(String),
    /// The visitor must sign in first.
    #[error("Please log in to continue.")]
    Unauthorized,
    /// Signed in, but not allowed to do this.
    #[error("You do not have access to this page.")]
    Forbidden,
    /// The request came from another site (a cross-site request forgery attempt, or
    /// a form on a page that was open before the site moved).
    #[error(
        "This form was sent from another site, so it was refused. Reload the page and try again."
    )]
    CrossSite,
    /// The request is understood but the state of things refuses it (enrolling
    /// twice, a full run); the message says what happened and what to do.
    #[error("{0}")]
    Conflict(String),
    /// The request body is larger than the server accepts.
    #[error("That was more than the server accepts in one request.")]
    PayloadTooLarge,
    /// A submitted form has mistakes; the details are per field.
    #[error("Please correct the highlighted fields.")]
    Invalid(FormErrors),
    /// Too many attempts; the client may try again after this many seconds.
    #[error("Too many attempts. Please wait {} and try again.", wait_in_words(*retry_after_secs))]
    TooManyRequests { retry_after_secs: u64 },
    /// Too much work of this kind is queued (password hashing under a flood of
    /// sign-ins); the client may try again after this many seconds.
    #[error("Kurso is very busy right now. Please try again in {}.", wait_in_words(*retry_after_secs))]
    Busy { retry_after_secs: u64 },
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
            Self::MovedTo(_) => 301,
            Self::BadRequest(_) => 400,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::CrossSite => 403,
            Self::Conflict(_) => 409,
            Self::PayloadTooLarge => 413,
            Self::Invalid(_) => 422,
            Self::TooManyRequests { .. } => 429,
            Self::Busy { .. } | Self::Unavailable => 503,
            Self::Internal => 500,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Page not found",
            Self::MovedTo(_) => "This page has moved",
            Self::BadRequest(_) => "That request did not work",
            Self::Unauthorized => "Please log in",
            Self::Forbidden | Self::CrossSite => "Access denied",
            Self::Conflict(_) => "That could not be done",
            Self::PayloadTooLarge => "Too much at once",
            Self::Invalid(_) => "Some details need correcting",
            Self::TooManyRequests { .. } => "Too many attempts",
            Self::Busy { .. } | Self::Unavailable => "Back in a moment",
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
    ///
    /// A form posted without JavaScript is the exception: Leptos answers it with a
    /// redirect back to the form, carrying this error, and a 4xx status would stop
    /// the browser from following it. Only "too many attempts" and "busy" keep
    /// their status there (the visitor must wait, not correct the form); the
    /// security layer turns those responses into a readable page.
    pub fn into_response_error(self) -> Self {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let plain_form_post = leptos::prelude::use_context::<http::request::Parts>()
                .is_some_and(|parts| responses::is_plain_form_post(&parts));
            let wait = self.retry_after_secs();
            if let Some(seconds) = wait {
                response.insert_header(http::header::RETRY_AFTER, seconds.into());
            }
            if !plain_form_post || wait.is_some() {
                if let Ok(status) = http::StatusCode::from_u16(self.status_code()) {
                    response.set_status(status);
                }
            }
        }
        self
    }
}

impl AppError {
    /// How long the client should wait before trying again, for errors that say so.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after_secs } | Self::Busy { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }
}

/// "30 seconds", "1 minute", "15 minutes": rounded up, so the wait is never
/// shorter than promised.
pub fn wait_in_words(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_owned(),
        2..=59 => format!("{seconds} seconds"),
        60 => "1 minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// What a client that sent malformed input is told.
pub const MALFORMED_INPUT: &str =
    "some fields were missing, repeated or not in the expected form. Please reload the page and try again.";

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            // The browser could not reach the server at all.
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            // Malformed input (a missing or repeated field, `run_id=abc`, a body
            // that is not a form): the client's mistake, answered 400. The
            // decoder's own words stay in the debug log; they describe our
            // types, not what the visitor should do.
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::Deserialization(detail) => {
                #[cfg(feature = "ssr")]
                tracing::debug!(?detail, "malformed server function input");
                #[cfg(not(feature = "ssr"))]
                let _ = detail;
                Self::BadRequest(MALFORMED_INPUT.to_owned()).into_response_error()
            }
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
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::Conflict("full".into()).status_code(), 409);
        assert_eq!(AppError::Invalid(FormErrors::new()).status_code(), 422);
        assert_eq!(
            AppError::TooManyRequests {
                retry_after_secs: 1
            }
            .status_code(),
            429
        );
    }

    #[test]
    fn waits_are_rounded_up_to_whole_minutes() {
        assert_eq!(wait_in_words(1), "a second");
        assert_eq!(wait_in_words(45), "45 seconds");
        assert_eq!(wait_in_words(60), "1 minute");
        assert_eq!(wait_in_words(61), "2 minutes");
        assert_eq!(
            AppError::TooManyRequests {
                retry_after_secs: 900
            }
            .to_string(),
            "Too many attempts. Please wait 15 minutes and try again."
        );
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
