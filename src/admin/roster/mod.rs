//! A run's roster for admins: the people, attendance, moving and removing
//! learners, and the roster as a CSV file.

#[cfg(feature = "ssr")]
pub mod csv;
pub mod model;
mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

pub use page::RosterPage;
