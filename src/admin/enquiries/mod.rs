//! `/admin/enquiries`: the inbox of enquiries from the contact form, by status
//! and by sender's email, and one enquiry with its message opened, its
//! timeline, and the workflow: status, assignee, internal notes and replies
//! by email. Old enquiries are erased by `contact::retention`.

mod detail;
mod list;
pub mod model;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

pub use detail::EnquiryPage;
pub use list::EnquiriesPage;
