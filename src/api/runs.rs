//! `GET /runs` and `GET /runs/{id}`: the schedule as integrators read it (a
//! partner's site listing dates, an HR system checking seats).

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::etag::tagged_json;
use super::paging::{page_response, time_cursor, Cursor, Page};
use super::params::QueryParams;
use super::problem::Problem;
use crate::catalog::queries::{self, RunRow, ScheduleFilter};
use crate::catalog::{present, DeliveryMode};
use crate::site::absolute_url;
use crate::state::AppState;

/// A price in whole centavos (₱18,500.00 is 1850000).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"amount_centavos": 1850000, "currency": "PHP"}))]
pub struct Money {
    pub amount_centavos: i64,
    /// ISO 4217.
    pub currency: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"slug": "aws-security-specialty", "title": "AWS Certified Security – Specialty", "url": "https://kurso.example/courses/aws-security-specialty"}))]
pub struct CourseLink {
    pub slug: String,
    pub title: String,
    /// The course's public page.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RunVenue, example = json!({"name": "Kurso Cebu IT Park", "city": "Cebu City", "address": "Cebu IT Park, Lahug"}))]
pub struct Venue {
    pub name: String,
    /// What the schedule filters by, such as "Metro Manila" or "Cebu City".
    pub city: String,
    pub address: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RunTrainer, example = json!({"name": "Ana Reyes", "credentials": "AWS Certified Security – Specialty"}))]
pub struct Trainer {
    pub name: String,
    pub credentials: String,
}

/// One dated delivery of a course.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12,
    "course": {"slug": "aws-security-specialty", "title": "AWS Certified Security – Specialty",
               "url": "https://kurso.example/courses/aws-security-specialty"},
    "starts_at": "2027-01-11T01:00:00Z",
    "ends_at": "2027-01-13T09:00:00Z",
    "time_zone": "Asia/Manila",
    "mode": "in_person",
    "status": "scheduled",
    "venue": {"name": "Kurso Makati", "city": "Metro Manila", "address": "Ayala Avenue, Makati"},
    "trainer": {"name": "Ana Reyes", "credentials": "AWS Certified Security – Specialty"},
    "capacity": 16,
    "seats_left": 5,
    "waitlist_length": 0,
    "min_to_run": 4,
    "guaranteed_to_run": true,
    "price": {"amount_centavos": 1850000, "currency": "PHP"},
    "updated_at": "2026-12-01T03:00:00Z",
    "enroll_url": "https://kurso.example/enroll/12",
    "calendar_url": "https://kurso.example/courses/aws-security-specialty/runs/12.ics"
}))]
pub struct Run {
    pub id: i64,
    pub course: CourseLink,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The IANA zone the times are given in on the site; the values here are UTC.
    pub time_zone: String,
    /// `online` or `in_person`.
    pub mode: String,
    /// `scheduled`, `cancelled` or `completed`; lists hold only scheduled runs.
    pub status: String,
    /// Where an in-person run takes place; `null` online or when not yet announced.
    pub venue: Option<Venue>,
    pub trainer: Option<Trainer>,
    pub capacity: i64,
    /// Seats a new learner can take now; 0 means enrolling joins the waitlist.
    pub seats_left: i64,
    pub waitlist_length: i64,
    /// Confirmed places needed for the run to go ahead.
    pub min_to_run: i64,
    /// Enough confirmed places to run for sure.
    pub guaranteed_to_run: bool,
    pub price: Money,
    pub updated_at: DateTime<Utc>,
    /// Where a learner enrolls, or joins the waitlist when the run is full
    /// (visitors are asked to log in or register first).
    pub enroll_url: String,
    /// The run as an iCalendar file.
    pub calendar_url: String,
}

impl Run {
    pub fn from_row(row: RunRow, state: &AppState) -> Self {
        let site = &state.settings.site;
        let course_url = absolute_url(&site.public_url, &format!("/courses/{}", row.course_slug));
        let venue = match (row.venue_name.clone(), row.venue_city.clone()) {
            (Some(name), Some(city)) if row.mode == DeliveryMode::InPerson => Some(Venue {
                name,
                city,
                address: row.venue_address.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        Run {
            id: row.id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            time_zone: site.time_zone.name().to_owned(),
            mode: row.mode.as_str().to_owned(),
            status: row.status.as_str().to_owned(),
            venue,
            trainer: row.trainer_name.clone().map(|name| Trainer {
                name,
                credentials: row.trainer_credentials.clone().unwrap_or_default(),
            }),
            capacity: row.capacity,
            seats_left: row.seats_left(),
            waitlist_length: row.waitlist_length,
            min_to_run: row.min_to_run,
            guaranteed_to_run: row.guaranteed_to_run(),
            price: Money {
                amount_centavos: row.price_centavos,
                currency: row.currency.clone(),
            },
            updated_at: row.updated_at,
            enroll_url: absolute_url(&site.public_url, &format!("/enroll/{}", row.id)),
            calendar_url: absolute_url(
                &site.public_url,
                &present::ics_href(&row.course_slug, row.id),
            ),
            course: CourseLink {
                slug: row.course_slug,
                title: row.course_title,
                url: course_url,
            },
        }
    }
}

const COLLECTION: &str = "runs";

/// Upcoming scheduled runs of published courses, soonest first.
#[utoipa::path(
    get,
    path = "/runs",
    tag = "Schedule",
    params(
        ("course" = Option<String>, Query, max_length = 200, description = "Runs of the course with this slug only."),
        ("mode" = Option<super::params::Mode>, Query, description = "`online` or `in_person`."),
        ("city" = Option<String>, Query, max_length = 200, description = "In-person runs in this city, such as `Cebu City`."),
        ("month" = Option<String>, Query, pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", description = "Runs starting in this month of the site's time zone, `YYYY-MM`."),
        ("updated_since" = Option<DateTime<Utc>>, Query, description = "Runs changed at or after this time (RFC 3339)."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Runs per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of runs; a `Link: rel=\"next\"` header when there are more.", body = Page<Run>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_runs(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let mut params = QueryParams::parse(
        query.as_deref(),
        &[
            "course",
            "mode",
            "city",
            "month",
            "updated_since",
            "limit",
            "cursor",
        ],
    );
    let zone = state.settings.site.time_zone;
    let limit = params.limit();
    let filter = ScheduleFilter {
        course_slug: params.text("course"),
        mode: params
            .parsed("mode", "online or in_person", DeliveryMode::from_column)
            .map(|mode| mode.as_str().to_owned()),
        city: params.text("city"),
        starts_within: params
            .parsed("month", "a month such as 2027-01", super::params::month)
            .and_then(|month| present::month_window(month, zone)),
        updated_since: params.updated_since(),
        limit: limit + 1,
        offset: 0,
    };
    let after = time_cursor(&mut params, COLLECTION);
    params.finish()?;
    let rows = queries::scheduled_runs_after(&state.db, state.clock.now(), &filter, after).await?;
    Ok(page_response(
        "/api/v1/runs",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: COLLECTION.to_owned(),
            at: Some(row.starts_at),
            id: row.id,
        },
        |row| Run::from_row(row, &state),
    ))
}

/// One run of a published course, whatever its status (a cancelled run stays
/// readable, so integrators see the cancellation).
#[utoipa::path(
    get,
    path = "/runs/{id}",
    tag = "Schedule",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(
        (status = 200, description = "The run, with an `ETag`.", body = Run),
        (status = 304, description = "The run has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No run of a published course has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_run(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let id = super::params::path_id(&id)?;
    let row = queries::published_run_by_id(&state.db, id)
        .await?
        .ok_or_else(|| Problem::not_found("run"))?;
    tagged_json(&headers, &Run::from_row(row, &state))
}
