//! The catalog's public pages.

mod catalog;
mod course;
mod parts;
mod schedule;

pub use catalog::CoursesPage;
pub use course::CoursePage;
pub use parts::{AskAboutADate, RunListItem};
pub use schedule::SchedulePage;
