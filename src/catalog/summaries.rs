//! What the catalog's pages receive from the server: plain data, already
//! formatted in the site's time zone and currency, so the browser bundle carries
//! no time zone database.

use serde::{Deserialize, Serialize};

use super::filters::CatalogFilters;
pub use super::model::DeliveryMode;

/// A run as listed under "Upcoming trainings" on the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingRun {
    pub run_id: i64,
    pub course_slug: String,
    pub course_title: String,
    /// The start in the site's time zone, formatted by the server.
    pub starts: String,
    pub mode: DeliveryMode,
    /// "Online" or the venue's city.
    pub place: String,
    pub seats_label: String,
}

/// A course as listed on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub price: String,
}

/// A course in the catalog's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseListItem {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub category: Option<String>,
    pub level: String,
    pub duration: String,
    pub price: String,
    /// "Next run Tue 8 Dec 2026", or `None` when nothing is scheduled.
    pub next_run: Option<String>,
    pub upcoming_runs: i64,
}

/// A choice in a filter: the value sent in the URL and what people read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub categories: Vec<Choice>,
    pub cities: Vec<String>,
    pub months: Vec<Choice>,
}

/// One page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogResults {
    /// The filters as understood (bad values dropped).
    pub filters: CatalogFilters,
    /// What could not be understood in the URL, to tell the visitor.
    pub problems: Vec<String>,
    pub courses: Vec<CourseListItem>,
    pub total: i64,
    pub page_count: u32,
    pub options: FilterOptions,
}

/// A scheduled run as a buyer needs to see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub course_slug: String,
    pub course_title: String,
    /// "Tue 8 – Thu 10 Dec 2026".
    pub dates: String,
    /// "9:00 AM – 5:00 PM (Manila time)".
    pub times: String,
    /// "December 2026", for grouping by month.
    pub month: String,
    pub mode: DeliveryMode,
    /// "Online", or "Venue name, City".
    pub place: String,
    pub seats_left: i64,
    pub seats_label: String,
    /// "Guaranteed to run" or "3 more to confirm".
    pub confirmation: String,
    pub guaranteed: bool,
    pub price: String,
    pub trainer: Option<String>,
    pub ics_href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerSummary {
    pub name: String,
    pub credentials: String,
    pub bio: String,
}

/// Everything on a course page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetail {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    /// Sanitized HTML from the admin's Markdown.
    pub description_html: String,
    pub outline_html: String,
    pub prerequisites_html: String,
    pub duration: String,
    pub level: String,
    pub price: String,
    pub certification: Option<String>,
    pub category: Option<Choice>,
    pub runs: Vec<RunSummary>,
    pub trainers: Vec<TrainerSummary>,
    pub related: Vec<CourseCard>,
    /// schema.org Course, ready for a `<script type="application/ld+json">`.
    pub json_ld: String,
}

/// Runs of one month on the schedule page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthOfRuns {
    pub month: String,
    pub runs: Vec<RunSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleResults {
    pub city: Option<String>,
    pub mode: Option<DeliveryMode>,
    pub months: Vec<MonthOfRuns>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    pub cities: Vec<String>,
    /// schema.org Events for the runs on this page.
    pub json_ld: String,
}
