//! The server side of accounts: passwords, sessions, tokens, limits and the
//! authorization checks every server function uses.

pub mod cli;
pub mod emails;
pub mod guard;
pub mod limits;
pub mod password;
pub mod request;
pub mod session;
pub mod tokens;
pub mod users;

pub use guard::{require_admin, require_user, Viewer};
