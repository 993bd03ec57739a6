//! Authorization: the one way for a server function, page or handler to require a
//! signed-in user or an admin.
//!
//! ```ignore
//! let admin = require_admin()?;   // in a server function
//! ```
//!
//! The [`Viewer`] is worked out once per request by `session::resolve_viewer`;
//! these checks only read it, so they cost nothing and cannot be skipped by a
//! client that calls a server function directly.

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::accounts::model::SignedInUser;
use crate::errors::AppError;

/// Who is making the request: a signed-in user, or nobody.
#[derive(Clone, Debug, Default)]
pub struct Viewer(Option<SignedInUser>);

impl Viewer {
    pub fn new(user: Option<SignedInUser>) -> Self {
        Self(user)
    }

    pub fn user(&self) -> Option<&SignedInUser> {
        self.0.as_ref()
    }

    /// The viewer of the request being handled by a server function or page.
    pub fn current() -> Self {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Self>().cloned())
            .unwrap_or_default()
    }

    pub fn require_user(&self) -> Result<SignedInUser, AppError> {
        self.0.clone().ok_or(AppError::Unauthorized)
    }

    pub fn require_admin(&self) -> Result<SignedInUser, AppError> {
        let user = self.require_user()?;
        if user.is_admin() {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Requires a signed-in user for the current server function or page (401 if not).
pub fn require_user() -> Result<SignedInUser, AppError> {
    Viewer::current()
        .require_user()
        .map_err(AppError::into_response_error)
}

/// Requires a signed-in admin for the current server function or page (401 for a
/// visitor, 403 for anyone else).
pub fn require_admin() -> Result<SignedInUser, AppError> {
    Viewer::current()
        .require_admin()
        .map_err(AppError::into_response_error)
}

/// Whether a path belongs to the signed-in part of the site.
pub fn needs_sign_in(path: &str) -> bool {
    ["/account", "/admin", "/me", "/enroll"].iter().any(|area| {
        path == *area
            || path
                .strip_prefix(area)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Middleware: a visitor who opens a signed-in page is sent to the login page,
/// which brings them back afterwards. Whether a signed-in user may see the page
/// is decided by the page's own server functions (`require_admin`), which answer
/// 403 for learners.
pub async fn send_visitors_to_login(request: Request, next: Next) -> Response {
    let signed_in = request
        .extensions()
        .get::<Viewer>()
        .is_some_and(|viewer| viewer.user().is_some());
    if request.method() == Method::GET && !signed_in && needs_sign_in(request.uri().path()) {
        let target = request
            .uri()
            .path_and_query()
            .map(|path| path.as_str())
            .unwrap_or("/");
        let next_param: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next_param}")).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::model::Role;

    fn user(role: Role) -> SignedInUser {
        SignedInUser {
            id: 1,
            name: "Ana".into(),
            email: "ana@example.com".into(),
            role,
            email_verified: true,
        }
    }

    #[test]
    fn visitors_are_unauthorized_and_learners_forbidden_from_admin_work() {
        assert_eq!(
            Viewer::default().require_admin(),
            Err(AppError::Unauthorized)
        );
        assert_eq!(
            Viewer::new(Some(user(Role::Learner))).require_admin(),
            Err(AppError::Forbidden)
        );
        assert!(Viewer::new(Some(user(Role::Admin))).require_admin().is_ok());
        assert!(Viewer::new(Some(user(Role::Learner)))
            .require_user()
            .is_ok());
    }

    #[test]
    fn the_signed_in_area_is_account_and_admin_only() {
        assert!(needs_sign_in("/admin"));
        assert!(needs_sign_in("/admin/users"));
        assert!(needs_sign_in("/account"));
        assert!(needs_sign_in("/me/trainings"));
        assert!(needs_sign_in("/enroll/12"));
        assert!(!needs_sign_in("/enrollment-terms"));
        assert!(!needs_sign_in("/administrators"));
        assert!(!needs_sign_in("/courses"));
    }
}
