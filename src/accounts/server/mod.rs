//! The server side of accounts: passwords, sessions, tokens, limits and the
//! authorization checks every server function uses.

pub mod cli;
pub mod email_changes;
pub mod emails;
pub mod guard;
pub mod limits;
pub mod password;
pub mod request;
mod services;
pub mod session;
pub mod tokens;
pub mod users;

pub use guard::{require_admin, require_user, Viewer};
pub use services::AccountServices;

use crate::accounts::SignedInUser;
use crate::audit::Actor;

/// Audit entries name the signed-in user who acted.
impl From<&SignedInUser> for Actor {
    fn from(user: &SignedInUser) -> Self {
        Actor::user(user.id, &user.email)
    }
}
