//! Token routes for places in runs: a run's roster, enrolling a learner by
//! email, cancelling, moving to another date and marking attendance. Every
//! change goes through `enrollment::service`, the code the pages use, so the
//! rules (seats, waitlist, cut-off, one place per learner and run) are the
//! same; each refusal is answered with its own problem type.
//!
//! An admin's token acts for anyone; a learner's personal token with
//! `enrollments:write` acts for its owner only, under the learner's rules.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::body::JsonBody;
use super::etag::{check_if_match, created_at, entity_tag_of, tagged, tagged_json};
use super::paging::{id_cursor, page_response, Cursor, Page};
use super::params::{path_id, QueryParams};
use super::people::{course_of, PlaceRun};
use super::problem::{Problem, ProblemKind};
use super::runs::CourseLink;
use super::scopes::Scope;
use crate::accounts::model::{normalize_email, normalize_name, Role};
use crate::accounts::server::{emails as account_emails, users};
use crate::audit::{self, Actor, AuditEntry};
use crate::enrollment::model::{PlaceStatus, Refusal};
use crate::enrollment::queries::{self, PlaceRow};
use crate::enrollment::service::{self, ChangeError};
use crate::enrollment::store::{self, By};
use crate::state::AppState;

/// A learner's place in a run.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 31, "status": "confirmed", "waitlist_position": null, "offer_expires_at": null,
    "attended": null,
    "learner": {"id": 7, "email": "ana@example.com", "name": "Ana Santos"},
    "run": {"id": 12, "starts_at": "2027-01-11T01:00:00Z", "ends_at": "2027-01-13T09:00:00Z",
            "status": "scheduled", "mode": "in_person", "place": "Kurso Makati, Metro Manila"},
    "course": {"slug": "aws-security-specialty", "title": "AWS Certified Security – Specialty",
               "url": "https://kurso.example/courses/aws-security-specialty"},
    "created_at": "2026-12-07T03:00:00Z", "updated_at": "2026-12-07T03:00:00Z"
}))]
pub struct Enrollment {
    pub id: i64,
    /// `confirmed`, `offered`, `waitlisted`, `cancelled` or `expired`.
    pub status: String,
    /// 1 for the first in line; only while waitlisted.
    pub waitlist_position: Option<i64>,
    /// Until when an offered seat may be claimed.
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Whether the learner came; `null` until an admin marks it.
    pub attended: Option<bool>,
    pub learner: Learner,
    pub run: PlaceRun,
    pub course: CourseLink,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "email": "ana@example.com", "name": "Ana Santos"}))]
pub struct Learner {
    pub id: i64,
    pub email: String,
    pub name: String,
}

fn enrollment(state: &AppState, row: PlaceRow) -> Enrollment {
    Enrollment {
        id: row.id,
        status: row.status.as_str().to_owned(),
        waitlist_position: row.waitlist_position,
        offer_expires_at: row.offer_expires_at,
        attended: row.attended,
        learner: Learner {
            id: row.learner_id,
            email: row.learner_email.clone(),
            name: row.learner_name.clone(),
        },
        run: PlaceRun::of(&row),
        created_at: row.created_at,
        updated_at: row.updated_at,
        course: course_of(&state.settings.site.public_url, row),
    }
}

/// Enroll a learner: an admin's token names anyone by email (an account is
/// made and invited when there is none); a learner's token names its owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ana@example.com", "name": "Ana Santos", "waitlist": false}))]
pub struct EnrollRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// For an account made now; its email's first part when left out.
    /// Printable text with at least one letter or sign (no control characters).
    #[schema(
        max_length = 120,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    /// When the run is full: join its waitlist (true) or be refused with 409
    /// `run-full` (false, the default).
    #[serde(default)]
    pub waitlist: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"run_id": 14}))]
pub struct TransferRequest {
    /// Another run of the same course, with a free seat.
    #[serde(deserialize_with = "super::body::whole_number")]
    pub run_id: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"attended": true}))]
pub struct EnrollmentChange {
    /// Whether the learner came (a confirmed place, once the run has started).
    pub attended: bool,
}

/// A run's places in the order they were made.
#[utoipa::path(
    get,
    path = "/runs/{id}/enrollments",
    tag = "Enrollments",
    security(("token" = ["enrollments:read"])),
    params(
        ("id" = i64, Path, description = "The run's id."),
        ("status" = Option<super::params::PlaceStatusParam>, Query, description = "Only places with this status."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Places per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of the run's places.", body = Page<Enrollment>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enrollments:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No run has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_run_enrollments(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(run_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let run_id = path_id(&run_id)?;
    caller.require(Scope::EnrollmentsRead)?;
    let mut params = QueryParams::parse(query.as_deref(), &["status", "limit", "cursor"]);
    let status = params.parsed(
        "status",
        "confirmed, offered, waitlisted, cancelled or expired",
        PlaceStatus::from_column,
    );
    let limit = params.limit();
    let after = id_cursor(&mut params, "run-enrollments").unwrap_or(0);
    params.finish()?;
    if !queries::run_exists(&state.db, run_id).await? {
        return Err(no_run());
    }
    let rows = queries::places_of_run_after(&state.db, run_id, status, after, limit + 1).await?;
    Ok(page_response(
        &format!("/api/v1/runs/{run_id}/enrollments"),
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: "run-enrollments".to_owned(),
            at: None,
            id: row.id,
        },
        |row| enrollment(&state, row),
    ))
}

/// Enrolls a learner in the run, or puts them on its waitlist.
#[utoipa::path(
    post,
    path = "/runs/{id}/enrollments",
    tag = "Enrollments",
    security(("token" = ["enrollments:write"])),
    params(
        ("id" = i64, Path, description = "The run's id."),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = EnrollRequest,
    responses(
        (status = 201, description = "The place, confirmed or waitlisted; `Location` is its address.", body = Enrollment,
            links(
                ("GetEnrollment" = (operation_id = "get_enrollment", parameters(("id" = "$response.body#/id")), description = "Read the new place.")),
                ("ChangeEnrollment" = (operation_id = "change_enrollment", parameters(("id" = "$response.body#/id")), description = "Mark attendance on it.")),
                ("CancelEnrollment" = (operation_id = "cancel_enrollment", parameters(("id" = "$response.body#/id")), description = "Give it up.")),
                ("TransferEnrollment" = (operation_id = "transfer_enrollment", parameters(("id" = "$response.body#/id")), description = "Move it to another run.")),
            )),
        (status = 400, description = "The body is not JSON, the id is not a whole number, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enrollments:write`, or a learner's token names someone else.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published run has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The run is full or not open, the learner already has a place, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid (a JSON pointer names it), or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enroll(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(run_id): Path<String>,
    JsonBody(request): JsonBody<EnrollRequest>,
) -> Result<Response, Problem> {
    let run_id = path_id(&run_id)?;
    caller.require(Scope::EnrollmentsWrite)?;
    let email = normalize_email(&request.email)
        .map_err(|message| Problem::invalid_field("/email", message))?;
    let name = request
        .name
        .as_deref()
        .map(normalize_name)
        .transpose()
        .map_err(|message| Problem::invalid_field("/name", message))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (learner, invited) = if caller.role == Role::Admin {
        let name = name.unwrap_or_else(|| default_name(&email));
        users::find_or_invite(&mut tx, &email, &name, now).await?
    } else {
        // A learner enrolls themselves, under the same rule as on the page.
        if email != caller.email {
            return Err(owner_only("A learner's token enrolls its owner only."));
        }
        let learner = users::find_by_id_in(&mut tx, caller.user_id)
            .await?
            .ok_or_else(|| Problem::from(crate::errors::AppError::Internal))?;
        if learner.email_verified_at.is_none() {
            return Err(refusal_problem(Refusal::EmailNotConfirmed));
        }
        (learner, false)
    };
    if learner.is_disabled() {
        return Err(Problem::new(
            ProblemKind::ChangeNotAllowed,
            "The account with this email is disabled.",
        ));
    }
    let actor = Actor::user(caller.user_id, &caller.email);
    let (_, place) = service::enroll(
        &state,
        &mut tx,
        run_id,
        learner.id,
        request.waitlist,
        actor.clone(),
    )
    .await
    .map_err(change_problem)?;
    if invited {
        let invitation = account_emails::invitation(&state.settings.site, &email, &learner.name);
        crate::mail::enqueue(&mut tx, &invitation, now).await?;
        let entry = AuditEntry::new("user.invited", actor)
            .target("user", learner.id)
            .after(learner.audit_view());
        audit::record(&mut tx, &entry, now).await?;
    }
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
    Ok(created(enrollment(&state, place)))
}

/// One place.
#[utoipa::path(
    get,
    path = "/enrollments/{id}",
    tag = "Enrollments",
    security(("token" = ["enrollments:read"]), ("token" = ["me:read"])),
    params(
        ("id" = i64, Path, description = "The place's id."),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` read before: 304 when the place is unchanged."),
    ),
    responses(
        (status = 200, description = "The place.", body = Enrollment),
        (status = 304, description = "Unchanged since the `ETag` sent."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token has neither `enrollments:read` nor `me:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No place has that id, or it is not the token owner's.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_enrollment(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(place_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let place_id = path_id(&place_id)?;
    // Anyone's with `enrollments:read`; with only `me:read`, the owner's own.
    let only_own = if caller.scopes.contains(&Scope::EnrollmentsRead) {
        false
    } else {
        caller.require(Scope::MeRead)?;
        true
    };
    let place = queries::place(&state.db, place_id)
        .await?
        .filter(|place| !only_own || place.learner_id == caller.user_id)
        .ok_or_else(no_place)?;
    tagged_json(&headers, &enrollment(&state, place))
}

/// Gives up the place; a freed seat is offered to the run's waitlist.
#[utoipa::path(
    post,
    path = "/enrollments/{id}/cancel",
    tag = "Enrollments",
    security(("token" = ["enrollments:write"])),
    params(
        ("id" = i64, Path, description = "The place's id."),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    responses(
        (status = 200, description = "The place, now cancelled.", body = Enrollment),
        (status = 400, description = "The id is not a whole number, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enrollments:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No live place has that id (or, for a learner's token, none of theirs).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too close to the start for a learner's token, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cancel_enrollment(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(place_id): Path<String>,
) -> Result<Response, Problem> {
    let place_id = path_id(&place_id)?;
    caller.require(Scope::EnrollmentsWrite)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (was, place) = service::cancel(&state, &mut tx, place_id, acting_as(&caller))
        .await
        .map_err(change_problem)?;
    let entry = AuditEntry::new("enrollment.cancelled", caller_actor(&caller))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": was }))
        .after(serde_json::json!({ "status": PlaceStatus::Cancelled }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
    Ok(tagged(StatusCode::OK, &enrollment(&state, place)))
}

/// Moves a confirmed seat to another run of the same course in one step.
#[utoipa::path(
    post,
    path = "/enrollments/{id}/transfer",
    tag = "Enrollments",
    security(("token" = ["enrollments:write"])),
    params(
        ("id" = i64, Path, description = "The place's id."),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = TransferRequest,
    responses(
        (status = 201, description = "The new place in the other run (the old one is cancelled); `Location` is its address.", body = Enrollment),
        (status = 400, description = "The body is not JSON, the id is not a whole number, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enrollments:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No place has that id (or, for a learner's token, none of theirs).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The other run is full, not open, of another course, or the same run; the seat is not confirmed; too close to the start; or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn transfer_enrollment(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(place_id): Path<String>,
    JsonBody(request): JsonBody<TransferRequest>,
) -> Result<Response, Problem> {
    let place_id = path_id(&place_id)?;
    caller.require(Scope::EnrollmentsWrite)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (from_run_id, place) = service::transfer(
        &state,
        &mut tx,
        place_id,
        request.run_id,
        acting_as(&caller),
    )
    .await
    .map_err(change_problem)?;
    let entry = AuditEntry::new("enrollment.moved", caller_actor(&caller))
        .target("enrollment", place.id)
        .before(serde_json::json!({ "place_id": place_id, "run_id": from_run_id }))
        .after(serde_json::json!({ "place_id": place.id, "run_id": request.run_id }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
    Ok(created(enrollment(&state, place)))
}

/// Marks whether the learner came. Send the place's `ETag` in `If-Match` so
/// that a change made meanwhile by someone else is not overwritten.
#[utoipa::path(
    patch,
    path = "/enrollments/{id}",
    tag = "Enrollments",
    security(("token" = ["enrollments:write"])),
    params(
        ("id" = i64, Path, description = "The place's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the place changed since."),
    ),
    request_body = EnrollmentChange,
    responses(
        (status = 200, description = "The place, changed.", body = Enrollment),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enrollments:write`, or is a learner's.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No place has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The place is not a confirmed seat, or the run has not started.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the place no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_enrollment(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(place_id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<EnrollmentChange>,
) -> Result<Response, Problem> {
    let place_id = path_id(&place_id)?;
    caller.require(Scope::EnrollmentsWrite)?;
    if caller.role != Role::Admin {
        return Err(owner_only("Only an admin's token marks attendance."));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Locked before it is compared, so nobody changes it between the
    // comparison and the change.
    if !store::lock_run_of_place(&mut tx, place_id).await? {
        return Err(no_place());
    }
    let before = queries::place_in(&mut tx, place_id)
        .await?
        .ok_or_else(no_place)?;
    check_if_match(&headers, &entity_tag_of(&enrollment(&state, before)))?;
    store::mark_attendance_in(&mut tx, now, place_id, change.attended)
        .await?
        .map_err(refusal_problem)?;
    let entry = AuditEntry::new("enrollment.attendance", caller_actor(&caller))
        .target("enrollment", place_id)
        .after(serde_json::json!({ "attended": change.attended }));
    audit::record(&mut tx, &entry, now).await?;
    let after = queries::place_in(&mut tx, place_id)
        .await?
        .ok_or_else(no_place)?;
    tx.commit().await?;
    tagged_json(&HeaderMap::new(), &enrollment(&state, after))
}

fn acting_as(caller: &TokenCaller) -> By {
    match caller.role {
        Role::Admin => By::Admin,
        Role::Learner => By::Learner(caller.user_id),
    }
}

fn caller_actor(caller: &TokenCaller) -> Actor {
    Actor::user(caller.user_id, &caller.email)
}

/// "ana.santos@example.com" → "ana.santos": a name until the learner sets theirs.
fn default_name(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    normalize_name(local).unwrap_or_else(|_| "Learner".to_owned())
}

/// 201 with the place and its address.
fn created(place: Enrollment) -> Response {
    created_at(&format!("/api/v1/enrollments/{}", place.id), &place)
}

fn no_run() -> Problem {
    Problem::new(ProblemKind::NotFound, "No run has that id.")
}

fn no_place() -> Problem {
    Problem::new(ProblemKind::NotFound, "No place has that id.")
}

fn owner_only(detail: &str) -> Problem {
    Problem::new(ProblemKind::OwnerOnly, detail)
}

fn change_problem(error: ChangeError) -> Problem {
    match error {
        ChangeError::Refused(refusal) => refusal_problem(refusal),
        ChangeError::Failed(error) => Problem::from(error),
    }
}

/// Each refusal of the enrollment rules as its problem type.
fn refusal_problem(refusal: Refusal) -> Problem {
    let (kind, detail) = match refusal {
        Refusal::RunNotFound => (ProblemKind::NotFound, "No published run has that id."),
        Refusal::PlaceNotFound => (ProblemKind::NotFound, "No live place has that id."),
        Refusal::Full | Refusal::TransferTargetFull => (
            ProblemKind::RunFull,
            "Every seat of the run is taken; send \"waitlist\": true to join its waitlist.",
        ),
        Refusal::AlreadyEnrolled => (
            ProblemKind::AlreadyEnrolled,
            "The learner already has a place in this run.",
        ),
        Refusal::RunNotOpen => (
            ProblemKind::RunNotOpen,
            "The run has started, finished or been cancelled.",
        ),
        Refusal::PastCutoff => (
            ProblemKind::PastCutoff,
            "It is too close to the start for a learner to change this place.",
        ),
        other => (ProblemKind::ChangeNotAllowed, other.message()),
    };
    Problem::new(kind, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_a_problem_with_a_client_error() {
        for refusal in [
            Refusal::RunNotFound,
            Refusal::RunNotOpen,
            Refusal::Full,
            Refusal::AlreadyEnrolled,
            Refusal::PlaceNotFound,
            Refusal::PastCutoff,
            Refusal::OfferExpired,
            Refusal::SameRun,
            Refusal::NotConfirmed,
            Refusal::OtherCourse,
            Refusal::TransferTargetFull,
            Refusal::NotStarted,
            Refusal::EmailNotConfirmed,
        ] {
            let problem = refusal_problem(refusal);
            assert!((400..500).contains(&problem.status), "{refusal:?}");
        }
        assert_eq!(refusal_problem(Refusal::Full).kind, ProblemKind::RunFull);
        assert_eq!(
            refusal_problem(Refusal::TransferTargetFull).kind,
            ProblemKind::RunFull
        );
    }

    #[test]
    fn a_new_account_is_named_after_its_email_until_the_learner_says() {
        assert_eq!(default_name("ana.santos@example.com"), "ana.santos");
        assert_eq!(default_name("@example.com"), "Learner");
    }
}
