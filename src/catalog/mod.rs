//! The catalog: categories, courses, venues, trainers and course runs (dated
//! deliveries), and the public pages that show them.

pub mod filters;
mod loaders;
mod model;
mod pages;
pub mod summaries;

#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod present;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod upkeep;

pub use loaders::{load_catalog, load_course, load_schedule};
pub use model::{
    format_duration, format_price, run_confirmation, seats_left_label, DeliveryMode, Level,
    RunStatus,
};
pub use pages::{CoursePage, CoursesPage, RunListItem, SchedulePage};
pub use summaries::*;
