//! What the home page shows.

use serde::{Deserialize, Serialize};

use crate::blog::PostCard;
use crate::catalog::{CourseCard, UpcomingRun};

/// Everything the home page lists, loaded in one round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeHighlights {
    pub upcoming_runs: Vec<UpcomingRun>,
    pub featured_courses: Vec<CourseCard>,
    pub latest_posts: Vec<PostCard>,
}
