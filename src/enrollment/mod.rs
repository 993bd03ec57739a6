//! Enrollment: learners take a seat in a course run, wait on its waitlist,
//! claim seats offered from it, and cancel. Capacity is kept by the database.

pub mod actions;
pub mod model;
mod pages;

#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upkeep;

pub use pages::{EnrollPage, MyTrainingsPage};
