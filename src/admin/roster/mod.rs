//! A run's roster for admins: the people, attendance, moving and removing
//! learners, and the roster as a CSV file.

pub mod actions;
#[cfg(feature = "ssr")]
pub mod csv;
mod page;

pub use page::RosterPage;
