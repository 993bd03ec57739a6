//! The admin dashboard: a shell with sidebar navigation and the pages in it.
//! Every server function here starts with `require_admin()`; the pages only
//! display what those return, so hiding a link is never the protection.

mod api_tokens;
mod audit_log;
pub mod catalog;
mod dashboard;
pub mod enquiries;
mod jobs;
pub mod model;
mod outbox;
pub mod posts;
#[cfg(feature = "ssr")]
mod queries;
pub mod roster;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;
pub(crate) mod shell;
mod users;
pub mod webhooks;

pub use api_tokens::ApiTokensPage;
pub use audit_log::AuditLogPage;
pub use catalog::{
    AdminCourseEditorPage, AdminCoursesPage, CategoriesPage, TrainersPage, VenuesPage,
};
pub use dashboard::DashboardPage;
pub use enquiries::{EnquiriesPage, EnquiryPage};
pub use jobs::JobsPage;
pub use outbox::OutboxPage;
pub use posts::{AdminPostEditorPage, AdminPostsPage};
pub use roster::RosterPage;
pub use shell::AdminShell;
pub use users::UsersPage;
pub use webhooks::{WebhookPage, WebhooksPage};
