//! Enrollment: learners take a seat in a course run, wait on its waitlist,
//! claim seats offered from it, and cancel. Capacity is kept by the database.

pub mod actions;
pub mod feed;
pub mod model;
mod pages;
pub mod transfer;

#[cfg(feature = "ssr")]
pub mod alerts;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{EnrollPage, MyTrainingsPage, TransferPage};
