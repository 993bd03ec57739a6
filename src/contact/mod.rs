//! Contact: how a visitor reaches the training provider. The contact details,
//! and the enquiry form, whose sender's name, email, phone and message are
//! stored sealed (see `crate::crypto`) and reach admins through the inbox.
//!
//! It sits above the catalog (an enquiry may be about a course) and accounts
//! (the admins are told of each new enquiry).

pub mod model;
mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod workflow;

pub use pages::{ContactPage, ThankYouPage};
