//! Running the catalog from the dashboard: courses with their runs, and the
//! categories, venues and trainers they refer to.

mod actions;
mod course_editor;
mod course_list;
pub mod fields;
mod inputs;
mod references;

pub use actions::*;
pub use course_editor::AdminCourseEditorPage;
pub use course_list::AdminCoursesPage;
pub use references::{CategoriesPage, TrainersPage, VenuesPage};
