//! The learner's data rights as server functions: deleting the account. (The
//! copy of their data is a file, `/account/data.json`, see `export`.)

use leptos::prelude::*;

use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::erase::erase_account,
    crate::accounts::server::request::session,
    crate::accounts::server::{require_user, session as sessions, AccountServices},
    crate::state::AppState,
};

/// Deletes the signed-in person's account after checking their password:
/// signs them out everywhere and keeps nothing that identifies them. Admins
/// are refused: another admin must first take away their role.
#[server(endpoint = "privacy/delete-account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let viewer = require_user()?;
    if viewer.is_admin() {
        return Err(AppError::Conflict(
            "An admin account cannot delete itself. Ask another admin to make you a learner first."
                .into(),
        )
        .into_response_error());
    }
    accounts
        .confirm_password(&state.db, &viewer, &password, "password")
        .await?;
    // A hash of 256 random bits: a password nobody has, in the stored format.
    let random = crate::accounts::server::tokens::generate();
    let unusable = accounts.passwords.hash(random.as_str()).await?;
    erase_account(&state, &viewer, &unusable).await?;
    sessions::sign_out(&session().await?).await?;
    leptos_axum::redirect("/login?account_deleted=1");
    Ok(())
}
