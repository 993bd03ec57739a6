//! Enrollment: learners take a seat in a course run, wait on its waitlist,
//! claim seats offered from it, and cancel. Capacity is kept by the database.

pub mod model;
mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod alerts;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{EnrollPage, MyTrainingsPage, TransferPage};
