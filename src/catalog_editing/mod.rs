//! Changing courses and their runs, for the dashboard's editor and the API
//! alike: the same rules for every field, the same audit entries, the same
//! webhook events and learner emails, the same cached pages dropped. The
//! dashboard's server functions and the API's handlers only turn what they
//! receive into fields, and a refusal into form errors or a problem.
//!
//! It sits above `enrollment` and `webhooks` because a run's change reaches
//! both: a bigger run offers its new seats to the waitlist, a moved run
//! tells its learners, and receivers hear of both.

pub mod announce;
pub mod courses;
pub mod runs;

use crate::errors::AppError;

pub use crate::catalog::references::service::Editor;

/// Why a change was not made.
#[derive(Debug)]
pub enum Refused {
    NotFound,
    /// Fields that are not valid: the field's name, and why.
    Invalid(Vec<(&'static str, String)>),
    /// Another course already has this field's value (its slug or code).
    Taken(&'static str),
    /// The field names a record that does not exist (a category, a venue…).
    Unknown(&'static str),
    /// The change does not fit what is stored now (a capacity below the
    /// seats taken), on this field, and why.
    Conflict(&'static str, String),
    /// Deleting it would lose what depends on it, and why.
    InUse(String),
    /// The caller's condition on the current row did not hold (`If-Match`),
    /// and why.
    PreconditionFailed(String),
    Failed(AppError),
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused::Failed(error.into())
    }
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Refused::Failed(error)
    }
}
