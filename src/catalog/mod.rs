//! The catalog: courses and their runs (dated deliveries).

mod pages;
#[cfg(feature = "ssr")]
pub mod queries;
mod summaries;

pub use pages::{CoursesPage, SchedulePage};
pub use summaries::{CourseCard, DeliveryMode, UpcomingRun};
