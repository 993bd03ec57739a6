//! Learner and admin accounts: registration, sign-in, password reset, email
//! confirmation, and the session and authorization machinery behind them.

pub mod email_change;
pub mod model;
mod pages;
pub mod server_fns;
pub mod viewer;

#[cfg(feature = "ssr")]
pub mod server;

pub use model::{Role, SignedInUser};
pub use pages::{
    AccountPage, ConfirmEmailChangePage, ForgotPasswordPage, LoginPage, LogoutForm, RegisterPage,
    ResetPasswordPage, VerifyEmailPage,
};
