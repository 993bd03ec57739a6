//! Running the catalog from the dashboard: courses with their runs, and the
//! categories, venues and trainers they refer to.

mod course_editor;
mod course_list;
mod inputs;
pub mod model;
mod references;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

pub use course_editor::AdminCourseEditorPage;
pub use course_list::AdminCoursesPage;
pub use model::*;
pub use references::{CategoriesPage, TrainersPage, VenuesPage};
pub use server_fns::*;
