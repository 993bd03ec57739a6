//! `/admin/enquiries`: the inbox of enquiries from the contact form, by status
//! and by sender's email, and one enquiry with its message opened.
//!
//! Still to come (issue 14, point 6): notes, an assignee, status changes, the
//! reply by email and the retention job.

mod detail;
mod list;
pub mod model;
pub mod server_fns;

pub use detail::EnquiryPage;
pub use list::EnquiriesPage;
