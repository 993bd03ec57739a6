//! `GET /courses` and `GET /courses/{slug}`: the published catalog, with the
//! catalog page's filters (the same SQL decides what matches).

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::etag::tagged_json;
use super::paging::{id_cursor, page_response, Cursor, Page};
use super::params::QueryParams;
use super::problem::Problem;
use super::runs::{Money, Run};
use crate::catalog::filters::search_words;
use crate::catalog::queries::{self, CourseListRow, CourseSearch, SearchTerms};
use crate::catalog::{present, DeliveryMode};
use crate::markdown::to_safe_html;
use crate::site::absolute_url;
use crate::state::AppState;

/// Upcoming runs shown with a course, as on its page.
const RUNS_WITH_A_COURSE: i64 = 12;

/// A course as a list has it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 3,
    "slug": "aws-security-specialty",
    "code": "AWS-SCS",
    "title": "AWS Certified Security – Specialty",
    "summary": "Secure workloads on AWS and prepare for the SCS-C02 exam.",
    "category": "Cloud",
    "level": "advanced",
    "duration_hours": 24,
    "price": {"amount_centavos": 1850000, "currency": "PHP"},
    "next_run_starts_at": "2027-01-11T01:00:00Z",
    "upcoming_runs": 3,
    "updated_at": "2026-12-01T03:00:00Z",
    "url": "https://kurso.example/courses/aws-security-specialty"
}))]
pub struct CourseSummary {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    /// The category's name.
    pub category: Option<String>,
    /// `beginner`, `intermediate` or `advanced`.
    pub level: String,
    pub duration_hours: i64,
    pub price: Money,
    /// The soonest upcoming run matching the run filters (any, without them).
    pub next_run_starts_at: Option<DateTime<Utc>>,
    pub upcoming_runs: i64,
    pub updated_at: DateTime<Utc>,
    pub url: String,
}

impl CourseSummary {
    fn from_row(row: CourseListRow, state: &AppState) -> Self {
        CourseSummary {
            id: row.id,
            url: absolute_url(
                &state.settings.site.public_url,
                &format!("/courses/{}", row.slug),
            ),
            slug: row.slug,
            code: row.code,
            title: row.title,
            summary: row.summary,
            category: row.category_name,
            level: row.level,
            duration_hours: row.duration_hours,
            price: Money {
                amount_centavos: row.price_centavos,
                currency: row.currency,
            },
            next_run_starts_at: (row.next_start < queries::no_upcoming_run())
                .then_some(row.next_start),
            upcoming_runs: row.upcoming_runs,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CourseCategory, example = json!({"slug": "cloud", "name": "Cloud"}))]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "AWS Certified Security – Specialty", "vendor": "Amazon Web Services"}))]
pub struct Certification {
    pub name: String,
    pub vendor: String,
}

/// Everything on a course's page.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 3,
    "slug": "aws-security-specialty",
    "code": "AWS-SCS",
    "title": "AWS Certified Security – Specialty",
    "summary": "Secure workloads on AWS and prepare for the SCS-C02 exam.",
    "category": {"slug": "cloud", "name": "Cloud"},
    "level": "advanced",
    "duration_hours": 24,
    "price": {"amount_centavos": 1850000, "currency": "PHP"},
    "certification": {"name": "AWS Certified Security – Specialty", "vendor": "Amazon Web Services"},
    "description": "Three days of **hands-on** labs.",
    "description_html": "<p>Three days of <strong>hands-on</strong> labs.</p>\n",
    "outline": "1. Identity\n2. Detection",
    "outline_html": "<ol>\n<li>Identity</li>\n<li>Detection</li>\n</ol>\n",
    "prerequisites": "",
    "prerequisites_html": "",
    "upcoming_runs": [],
    "updated_at": "2026-12-01T03:00:00Z",
    "url": "https://kurso.example/courses/aws-security-specialty"
}))]
pub struct CourseDetail {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub category: Option<Category>,
    /// `beginner`, `intermediate` or `advanced`.
    pub level: String,
    pub duration_hours: i64,
    pub price: Money,
    pub certification: Option<Certification>,
    /// Markdown, as the admin wrote it.
    pub description: String,
    /// The same, as sanitized HTML.
    pub description_html: String,
    pub outline: String,
    pub outline_html: String,
    pub prerequisites: String,
    pub prerequisites_html: String,
    /// The next scheduled runs, soonest first (up to 12).
    pub upcoming_runs: Vec<Run>,
    pub updated_at: DateTime<Utc>,
    pub url: String,
}

const COLLECTION: &str = "courses";

/// Published courses in the order they were added (so paging is stable).
#[utoipa::path(
    get,
    path = "/courses",
    tag = "Catalog",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Words to look for in the title, code, summary and description."),
        ("category" = Option<String>, Query, max_length = 200, description = "A category's slug, such as `cloud`."),
        ("mode" = Option<super::params::Mode>, Query, description = "Courses with an upcoming run delivered this way: `online` or `in_person`."),
        ("city" = Option<String>, Query, max_length = 200, description = "Courses with an upcoming in-person run in this city."),
        ("month" = Option<String>, Query, pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", description = "Courses with a run starting in this month of the site's time zone, `YYYY-MM`."),
        ("min_price_centavos" = Option<i64>, Query, minimum = 0, description = "Lowest price, in centavos."),
        ("max_price_centavos" = Option<i64>, Query, minimum = 0, description = "Highest price, in centavos."),
        ("updated_since" = Option<DateTime<Utc>>, Query, description = "Courses changed at or after this time (RFC 3339)."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Courses per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of courses; a `Link: rel=\"next\"` header when there are more.", body = Page<CourseSummary>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_courses(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let mut params = QueryParams::parse(
        query.as_deref(),
        &[
            "q",
            "category",
            "mode",
            "city",
            "month",
            "min_price_centavos",
            "max_price_centavos",
            "updated_since",
            "limit",
            "cursor",
        ],
    );
    let zone = state.settings.site.time_zone;
    let centavos = |value: &str| value.parse::<i64>().ok().filter(|amount| *amount >= 0);
    let limit = params.limit();
    let search = CourseSearch {
        search: params
            .text("q")
            .and_then(|q| SearchTerms::new(search_words(&q))),
        category_slug: params.text("category"),
        mode: params
            .parsed("mode", "online or in_person", DeliveryMode::from_column)
            .map(|mode| mode.as_str().to_owned()),
        city: params.text("city"),
        starts_within: params
            .parsed("month", "a month such as 2027-01", super::params::month)
            .and_then(|month| present::month_window(month, zone)),
        min_price_centavos: params.parsed(
            "min_price_centavos",
            "a whole number of centavos, 0 or more",
            centavos,
        ),
        max_price_centavos: params.parsed(
            "max_price_centavos",
            "a whole number of centavos, 0 or more",
            centavos,
        ),
        updated_since: params.updated_since(),
        limit: limit + 1,
        ..CourseSearch::default()
    };
    let after = id_cursor(&mut params, COLLECTION).unwrap_or(0);
    params.finish()?;
    let rows = queries::courses_after(&state.db, state.clock.now(), &search, after).await?;
    Ok(page_response(
        "/api/v1/courses",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: COLLECTION.to_owned(),
            at: None,
            id: row.id,
        },
        |row| CourseSummary::from_row(row, &state),
    ))
}

/// One published course with its next runs.
#[utoipa::path(
    get,
    path = "/courses/{slug}",
    tag = "Catalog",
    params(("slug" = String, Path, max_length = 200, description = "The course's slug, as in its page's address.")),
    responses(
        (status = 200, description = "The course, with an `ETag`.", body = CourseDetail),
        (status = 304, description = "The course has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 404, description = "No published course has this slug.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_course(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let slug = super::params::path_slug(&slug, "course")?;
    let course = queries::published_course(&state.db, &slug)
        .await?
        .ok_or_else(|| Problem::not_found("course"))?;
    let runs = queries::upcoming_runs_of_course(
        &state.db,
        course.id,
        state.clock.now(),
        RUNS_WITH_A_COURSE,
    )
    .await?;
    let detail = CourseDetail {
        id: course.id,
        url: absolute_url(
            &state.settings.site.public_url,
            &format!("/courses/{}", course.slug),
        ),
        category: course
            .category_slug
            .zip(course.category_name)
            .map(|(slug, name)| Category { slug, name }),
        certification: (!course.certification_name.is_empty()).then_some(Certification {
            name: course.certification_name,
            vendor: course.certification_vendor,
        }),
        description_html: to_safe_html(&course.description),
        outline_html: to_safe_html(&course.outline),
        prerequisites_html: to_safe_html(&course.prerequisites),
        description: course.description,
        outline: course.outline,
        prerequisites: course.prerequisites,
        price: Money {
            amount_centavos: course.price_centavos,
            currency: course.currency,
        },
        upcoming_runs: runs
            .into_iter()
            .map(|row| Run::from_row(row, &state))
            .collect(),
        slug: course.slug,
        code: course.code,
        title: course.title,
        summary: course.summary,
        level: course.level,
        duration_hours: course.duration_hours,
        updated_at: course.updated_at,
    };
    tagged_json(&headers, &detail)
}
