//! `POST /runs`, `PATCH /runs/{id}` and `DELETE /runs/{id}`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{editor, problem, RunState};
use crate::api::auth::TokenCaller;
use crate::api::body::JsonBody;
use crate::api::etag::{check_if_match, created_at, entity_tag_of, tagged};
use crate::api::params::{path_id, Mode};
use crate::api::problem::Problem;
use crate::api::scopes::Scope;
use crate::catalog::queries::{RunFields, RunRow};
use crate::catalog::RunStatus;
use crate::catalog_editing::runs::{self, depends_on, fields_of};
use crate::catalog_editing::Refused;
use crate::state::AppState;

/// A run as the catalog's editors see it, whatever its course's state.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "course_id": 3, "course_slug": "aws-security-specialty",
    "starts_at": "2027-01-11T01:00:00Z", "ends_at": "2027-01-13T09:00:00Z",
    "mode": "in_person", "venue_id": 1, "trainer_id": 2, "capacity": 16, "min_to_run": 4,
    "price_override_centavos": null, "status": "scheduled", "seats_taken": 11,
    "updated_at": "2026-12-01T03:00:00Z"
}))]
pub struct RunRecord {
    pub id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `online` or `in_person`.
    pub mode: String,
    pub venue_id: Option<i64>,
    pub trainer_id: Option<i64>,
    pub capacity: i64,
    pub min_to_run: i64,
    /// The run's own price; `null` charges the course's.
    pub price_override_centavos: Option<i64>,
    /// `scheduled`, `cancelled` or `completed`.
    pub status: String,
    /// Seats held now (confirmed places and open offers).
    pub seats_taken: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<RunRow> for RunRecord {
    fn from(row: RunRow) -> Self {
        RunRecord {
            id: row.id,
            course_id: row.course_id,
            course_slug: row.course_slug,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            mode: row.mode.as_str().to_owned(),
            venue_id: row.venue_id,
            trainer_id: row.trainer_id,
            capacity: row.capacity,
            min_to_run: row.min_to_run,
            price_override_centavos: row.price_override_centavos,
            status: row.status.as_str().to_owned(),
            seats_taken: row.seats_taken,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "course_id": 3, "starts_at": "2027-01-11T01:00:00Z", "ends_at": "2027-01-13T09:00:00Z",
    "mode": "in_person", "venue_id": 1, "trainer_id": 2, "capacity": 16, "min_to_run": 4
}))]
pub struct NewRun {
    /// The course's id.
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    pub course_id: i64,
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`.
    pub ends_at: DateTime<Utc>,
    #[schema(value_type = Mode)]
    pub mode: String,
    /// A venue's id (`GET /venues`): needed in person, `null` online.
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false)]
    pub venue_id: Option<Option<i64>>,
    /// A trainer's id (`GET /trainers`), or `null` while not yet assigned.
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false)]
    pub trainer_id: Option<Option<i64>>,
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    #[schema(minimum = 1, maximum = 500)]
    pub capacity: i64,
    /// Confirmed places needed for the run to go ahead; at most `capacity`.
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    #[schema(minimum = 1, maximum = 500)]
    pub min_to_run: i64,
    /// The run's own price in centavos; `null` or left out charges the course's.
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false, minimum = 0, maximum = 1000000000)]
    pub price_override_centavos: Option<Option<i64>>,
    /// `scheduled` when left out.
    #[schema(value_type = Option<RunState>)]
    pub status: Option<String>,
}

/// The fields to change; those left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"capacity": 20, "status": "scheduled"}))]
pub struct RunChange {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<Mode>)]
    pub mode: Option<String>,
    /// `null` takes the venue off (for an online run).
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false)]
    pub venue_id: Option<Option<i64>>,
    /// `null` leaves the run without a trainer.
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false)]
    pub trainer_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::api::body::whole_number_if_sent")]
    #[schema(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub capacity: Option<i64>,
    #[serde(default, deserialize_with = "crate::api::body::whole_number_if_sent")]
    #[schema(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub min_to_run: Option<i64>,
    /// `null` charges the course's price again.
    #[serde(default, deserialize_with = "crate::api::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false, minimum = 0, maximum = 1000000000)]
    pub price_override_centavos: Option<Option<i64>>,
    /// `cancelled` takes the run off the schedule (webhook receivers hear
    /// `run.cancelled`); its places stay on record.
    #[schema(value_type = Option<RunState>)]
    pub status: Option<String>,
}

impl RunChange {
    /// The fields this change sends, by name.
    fn sent(&self) -> Vec<&'static str> {
        [
            ("starts_at", self.starts_at.is_some()),
            ("ends_at", self.ends_at.is_some()),
            ("mode", self.mode.is_some()),
            ("venue_id", self.venue_id.is_some()),
            ("trainer_id", self.trainer_id.is_some()),
            ("capacity", self.capacity.is_some()),
            ("min_to_run", self.min_to_run.is_some()),
            (
                "price_override_centavos",
                self.price_override_centavos.is_some(),
            ),
            ("status", self.status.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, sent)| sent.then_some(field))
        .collect()
    }
}

/// The rules on the run a change would leave: a mistake among the fields
/// sent is the request's (422); one that also depends on a field as stored
/// is a change that does not fit the run (409).
fn fits(fields: &RunFields, sent: &[&str]) -> Result<(), Refused> {
    let Err(problems) = runs::checked(fields) else {
        return Ok(());
    };
    let stored = problems.iter().find(|(field, _)| {
        depends_on(field)
            .iter()
            .any(|needed| !sent.contains(needed))
    });
    match stored {
        Some((field, message)) => Err(Refused::Conflict(field, message.clone())),
        None => Err(Refused::Invalid(problems)),
    }
}

fn unchanged_since(headers: &HeaderMap, row: &RunRow) -> Result<(), Refused> {
    check_if_match(headers, &entity_tag_of(&RunRecord::from(row.clone())))
        .map_err(|problem| Refused::PreconditionFailed(problem.detail))
}

/// Schedules a run of a course. Send an `Idempotency-Key` to make a retry
/// safe.
#[utoipa::path(
    post,
    path = "/runs",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = NewRun,
    responses(
        (status = 201, description = "The new run, with its address in `Location` and an `ETag`.", body = RunRecord),
        (status = 400, description = "The body is not JSON, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No course, venue or trainer has the id sent, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, the fields disagree (the end before the start, a venue for an online run), or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_run(
    State(state): State<AppState>,
    caller: TokenCaller,
    JsonBody(new): JsonBody<NewRun>,
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogWrite)?;
    let fields = RunFields {
        course_id: new.course_id,
        starts_at: new.starts_at,
        ends_at: new.ends_at,
        mode: new.mode,
        venue_id: new.venue_id.flatten(),
        trainer_id: new.trainer_id.flatten(),
        capacity: new.capacity,
        min_to_run: new.min_to_run,
        price_override_centavos: new.price_override_centavos.flatten(),
        status: new
            .status
            .unwrap_or_else(|| RunStatus::Scheduled.as_str().to_owned()),
    };
    // Every field is sent, so any mistake is the request's.
    runs::checked(&fields).map_err(|problems| problem(Refused::Invalid(problems), "run"))?;
    let row = runs::save(&state, &editor(&caller), None, |_| Ok(fields))
        .await
        .map_err(|refused| problem(refused, "run"))?;
    let location = format!("/api/v1/runs/{}", row.id);
    Ok(created_at(&location, &RunRecord::from(row)))
}

/// Changes the fields sent. A raised capacity offers the new seats to the
/// waitlist; new dates are emailed to everyone with a place. Send the `ETag` of the last answer about the run (from `POST` or
/// `PATCH`) in `If-Match` so that a change made meanwhile is not
/// overwritten.
#[utoipa::path(
    patch,
    path = "/runs/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The run's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the run changed since."),
    ),
    request_body = RunChange,
    responses(
        (status = 200, description = "The run, changed, with its new `ETag`.", body = RunRecord),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No run has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No venue or trainer has the id sent, or the change does not fit the run as stored (a capacity below the seats taken, an end before the stored start).", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the run no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or the fields sent disagree.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_run(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<RunChange>,
) -> Result<Response, Problem> {
    let id = path_id(&id)?;
    caller.require(Scope::CatalogWrite)?;
    let sent = change.sent();
    let edit = |row: Option<&RunRow>| {
        let row = row.ok_or(Refused::NotFound)?;
        let was = fields_of(row);
        let fields = RunFields {
            course_id: was.course_id,
            starts_at: change.starts_at.unwrap_or(was.starts_at),
            ends_at: change.ends_at.unwrap_or(was.ends_at),
            mode: change.mode.unwrap_or(was.mode),
            venue_id: change.venue_id.unwrap_or(was.venue_id),
            trainer_id: change.trainer_id.unwrap_or(was.trainer_id),
            capacity: change.capacity.unwrap_or(was.capacity),
            min_to_run: change.min_to_run.unwrap_or(was.min_to_run),
            price_override_centavos: change
                .price_override_centavos
                .unwrap_or(was.price_override_centavos),
            status: change.status.unwrap_or(was.status),
        };
        // The fields' own mistakes first: a bad request is a 422 whatever
        // `If-Match` says.
        fits(&fields, &sent)?;
        unchanged_since(&headers, row)?;
        Ok(fields)
    };
    let row = runs::save(&state, &editor(&caller), Some(id), edit)
        .await
        .map_err(|refused| problem(refused, "run"))?;
    Ok(tagged(StatusCode::OK, &RunRecord::from(row)))
}

/// Deletes a run nobody ever had a place on; a run with places is
/// cancelled instead (`PATCH` with `"status": "cancelled"`).
#[utoipa::path(
    delete,
    path = "/runs/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The run's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion is based on: 412 when the run changed since."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No run has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Places were held on the run.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the run no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_run(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let id = path_id(&id)?;
    caller.require(Scope::CatalogWrite)?;
    runs::delete(&state, &editor(&caller), id, |row| {
        unchanged_since(&headers, row)
    })
    .await
    .map_err(|refused| problem(refused, "run"))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
