//! The enquiry form's server functions: its choices, and sending it (a POST
//! that works with and without JavaScript).

use leptos::prelude::*;

use super::model::EnquiryForm;
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::service::{self, Submission},
    crate::accounts::server::request::{client_ip, ip_or_unspecified},
    crate::state::AppState,
};

/// The form's choices; `course` (a slug) preselects that course as the topic.
#[server(endpoint = "contact/form")]
pub async fn load_enquiry_form(course: Option<String>) -> Result<EnquiryForm, AppError> {
    let state = AppState::current()?;
    service::form(&state, course)
        .await
        .map_err(AppError::into_response_error)
}

/// Sends an enquiry; the visitor lands on the thank-you page.
#[server(endpoint = "contact/enquiry")]
#[allow(clippy::too_many_arguments)]
pub async fn send_enquiry(
    name: String,
    email: String,
    phone: Option<String>,
    company: Option<String>,
    topic: Option<String>,
    mode: Option<String>,
    message: String,
    consent: Option<String>,
    website: Option<String>,
    shown_at: Option<String>,
) -> Result<(), AppError> {
    let state = AppState::current()?;
    let submission = Submission {
        name,
        email,
        phone: phone.unwrap_or_default(),
        company: company.unwrap_or_default(),
        topic: topic.unwrap_or_default(),
        mode: mode.unwrap_or_default(),
        message,
        consent: consent.is_some(),
        website: website.unwrap_or_default(),
        shown_at: shown_at.unwrap_or_default(),
    };
    service::receive(&state, submission, ip_or_unspecified(client_ip().await))
        .await
        .map_err(AppError::into_response_error)?;
    leptos_axum::redirect("/contact/thank-you");
    Ok(())
}
