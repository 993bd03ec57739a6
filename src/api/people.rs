//! Token routes about people: `GET /me/enrollments` (a token's owner's own
//! places), `GET /users` and `GET /audit-log` (admins' tokens).

use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::paging::{id_cursor, page_response, time_cursor, Cursor, Page};
use super::params::QueryParams;
use super::problem::Problem;
use super::scopes::Scope;
use crate::accounts::server::users;
use crate::accounts::Role;
use crate::audit::listing;
use crate::enrollment::queries::{places_of_learner, PlaceRow};
use crate::site::absolute_url;
use crate::state::AppState;

/// A place of the token's owner on a run.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 31,
    "status": "confirmed",
    "waitlist_position": null,
    "offer_expires_at": null,
    "run": {"id": 12, "starts_at": "2027-01-11T01:00:00Z", "ends_at": "2027-01-13T09:00:00Z",
            "status": "scheduled", "mode": "in_person", "place": "Kurso Makati, Metro Manila"},
    "course": {"slug": "aws-security-specialty", "title": "AWS Certified Security – Specialty",
               "url": "https://kurso.example/courses/aws-security-specialty"}
}))]
pub struct MyPlace {
    pub id: i64,
    /// `confirmed`, `offered`, `waitlisted`, `cancelled` or `expired`.
    pub status: String,
    /// 1 for the first in line; only while waitlisted.
    pub waitlist_position: Option<i64>,
    /// Until when an offered seat may be claimed.
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub run: PlaceRun,
    pub course: super::runs::CourseLink,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 12, "starts_at": "2027-01-11T01:00:00Z", "ends_at": "2027-01-13T09:00:00Z",
    "status": "scheduled", "mode": "online", "place": "Online"}))]
pub struct PlaceRun {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
    pub mode: String,
    /// "Online", "Venue, City" or "Venue to be announced".
    pub place: String,
}

impl PlaceRun {
    pub fn of(row: &PlaceRow) -> Self {
        PlaceRun {
            id: row.run_id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            status: row.run_status.as_str().to_owned(),
            mode: row.mode.as_str().to_owned(),
            place: row.place_label(),
        }
    }
}

/// The course of a place, with its public page.
pub fn course_of(public_url: &str, row: PlaceRow) -> super::runs::CourseLink {
    super::runs::CourseLink {
        url: absolute_url(public_url, &format!("/courses/{}", row.course_slug)),
        slug: row.course_slug,
        title: row.course_title,
    }
}

/// The token owner's places, latest run first.
#[utoipa::path(
    get,
    path = "/me/enrollments",
    tag = "Account",
    security(("token" = ["me:read"])),
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Places per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of the owner's places.", body = Page<MyPlace>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `me:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_my_enrollments(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    caller.require(Scope::MeRead)?;
    let mut params = QueryParams::parse(query.as_deref(), &["limit", "cursor"]);
    let limit = params.limit();
    let after = time_cursor(&mut params, "my-enrollments");
    params.finish()?;
    // A learner's places are few: read them all, then start after the cursor
    // in the same order (latest run first, then the newest place).
    let rows: Vec<_> = places_of_learner(&state.db, caller.user_id)
        .await?
        .into_iter()
        .filter(|row| match after {
            Some((at, id)) => row.starts_at < at || (row.starts_at == at && row.id < id),
            None => true,
        })
        .take(usize::try_from(limit + 1).unwrap_or(usize::MAX))
        .collect();
    let public_url = state.settings.site.public_url.clone();
    Ok(page_response(
        "/api/v1/me/enrollments",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: "my-enrollments".to_owned(),
            at: Some(row.starts_at),
            id: row.id,
        },
        |row| MyPlace {
            id: row.id,
            status: row.status.as_str().to_owned(),
            waitlist_position: row.waitlist_position,
            offer_expires_at: row.offer_expires_at,
            run: PlaceRun::of(&row),
            course: course_of(&public_url, row),
        },
    ))
}

/// A user as an admin's token reads them: never a password hash.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "email": "ana@example.com", "name": "Ana Santos", "role": "learner",
    "email_verified": true, "disabled": false, "created_at": "2026-11-24T04:00:00Z"}))]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// `learner` or `admin`.
    pub role: String,
    pub email_verified: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// Every account, oldest first.
#[utoipa::path(
    get,
    path = "/users",
    tag = "People",
    security(("token" = ["users:read"])),
    params(
        ("role" = Option<super::params::RoleParam>, Query, description = "Only `learner` or only `admin` accounts."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Users per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of users.", body = Page<User>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `users:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_users(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    caller.require(Scope::UsersRead)?;
    let mut params = QueryParams::parse(query.as_deref(), &["role", "limit", "cursor"]);
    let role = params.parsed("role", "learner or admin", |value| match value {
        "learner" => Some(Role::Learner),
        "admin" => Some(Role::Admin),
        _ => None,
    });
    let limit = params.limit();
    let after = id_cursor(&mut params, "users").unwrap_or(0);
    params.finish()?;
    let rows = users::after(&state.db, after, role, limit + 1).await?;
    Ok(page_response(
        "/api/v1/users",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: "users".to_owned(),
            at: None,
            id: row.id,
        },
        |row| User {
            id: row.id,
            role: row.role.as_str().to_owned(),
            email_verified: row.email_verified_at.is_some(),
            disabled: row.disabled_at.is_some(),
            created_at: row.created_at,
            email: row.email,
            name: row.name,
        },
    ))
}

/// One audit entry: who did what to which record, with the record before
/// and after (never a password or token).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 90, "occurred_at": "2026-12-07T03:00:00Z", "actor": "admin@kurso.example",
    "action": "api_token.created", "target_type": "api_token", "target_id": "4",
    "before": null, "after": {"name": "Acme HR sync", "scopes": "me:read"}, "ip": "203.0.113.7"}))]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    /// The actor's email, `system`, or `(command line)`; `null` for a visitor.
    pub actor: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: Option<String>,
}

/// The audit log, newest first.
#[utoipa::path(
    get,
    path = "/audit-log",
    tag = "People",
    security(("token" = ["audit:read"])),
    params(
        ("action" = Option<String>, Query, max_length = 200, description = "Only entries of this action, such as `api_token.created`."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Entries per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of entries.", body = Page<AuditEntry>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `audit:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_audit_log(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    caller.require(Scope::AuditRead)?;
    let mut params = QueryParams::parse(query.as_deref(), &["action", "limit", "cursor"]);
    let action = params.text("action").unwrap_or_default();
    let limit = params.limit();
    let before = time_cursor(&mut params, "audit-log");
    params.finish()?;
    let rows = listing::entries_before(&state.db, before, &action, limit + 1).await?;
    let json = |state: Option<String>| state.and_then(|text| serde_json::from_str(&text).ok());
    Ok(page_response(
        "/api/v1/audit-log",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: "audit-log".to_owned(),
            at: Some(row.occurred_at),
            id: row.id,
        },
        |row| AuditEntry {
            id: row.id,
            occurred_at: row.occurred_at,
            actor: row.actor_email,
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            before: json(row.before_state),
            after: json(row.after_state),
            ip: row.ip_address,
        },
    ))
}
