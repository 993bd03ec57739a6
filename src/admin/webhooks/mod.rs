//! `/admin/webhooks`: the endpoints that receive Kurso's events, and per
//! endpoint its delivery log with "Resend". The sending itself is
//! `crate::webhooks`; this is the admin's side of it.

mod endpoint_page;
mod list_page;
pub mod model;
pub mod server_fns;

pub use endpoint_page::WebhookPage;
pub use list_page::WebhooksPage;
