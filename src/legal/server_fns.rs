//! Recording the visitor's cookie choice: a POST that works with and without
//! JavaScript. Without it, Leptos answers the form with a redirect back to the
//! page it was on, which then renders without the banner.

use leptos::prelude::*;

use super::consent::ConsentChoice;
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {super::consent, super::store, crate::state::AppState};

/// Keeps `choice` ("all" or "necessary") in the consent cookie, and counts it
/// when it differs from the choice the visitor had.
#[server(endpoint = "consent")]
pub async fn record_consent(choice: String) -> Result<ConsentChoice, AppError> {
    let state = AppState::current()?;
    let Some(choice) = ConsentChoice::parse(&choice) else {
        return Err(AppError::BadRequest(
            "the cookie choice must be \"all\" or \"necessary\"".to_owned(),
        )
        .into_response_error());
    };
    let secure = state.settings.auth.secure_cookies;
    if consent::of_request() != Some(choice) {
        store::count_choice(&state.db, choice, state.clock.now())
            .await
            .map_err(|error| AppError::from(error).into_response_error())?;
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(cookie) = http::HeaderValue::from_str(&consent::set_cookie_value(choice, secure))
        {
            response.append_header(http::header::SET_COOKIE, cookie);
        }
    }
    Ok(choice)
}
