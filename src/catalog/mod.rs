//! The catalog: categories, courses, venues, trainers and course runs (dated
//! deliveries), and the public pages that show them.

pub mod fields;
pub mod filters;
mod model;
mod pages;
pub mod references;
mod server_fns;
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
mod service;
#[cfg(feature = "ssr")]
pub mod upkeep;

pub use model::{
    format_duration, format_price, run_confirmation, seats_left_label, DeliveryMode, Level,
    RunStatus,
};
pub use pages::{AskAboutADate, CoursePage, CoursesPage, RunListItem, SchedulePage};
pub use server_fns::{load_catalog, load_course, load_schedule};
pub use summaries::*;
