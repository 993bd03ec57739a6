//! Token routes for the enquiry inbox: `GET /enquiries` (newest first),
//! `GET /enquiries/{id}` and `PATCH /enquiries/{id}` (status and assignee).
//! A CRM reads what visitors sent and moves it through the same workflow as
//! the inbox page (`contact::workflow`): the same timeline lines, the same
//! audit entries. Enquiries hold personal data, so only admins' tokens with
//! `enquiries:read` see them.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::body::JsonBody;
use super::etag::{check_if_match, entity_tag_of, tagged_json};
use super::paging::{page_response, time_cursor, Cursor, Page};
use super::params::{path_id, EnquiryStatusParam, QueryParams};
use super::problem::{InvalidInput, Problem, ProblemKind};
use super::runs::CourseLink;
use super::scopes::Scope;
use crate::contact::model::EnquiryStatus;
use crate::contact::store::{self, EnquiryFilter, InboxEntry};
use crate::contact::workflow::{self, Change, Editor, Refused};
use crate::errors::AppError;
use crate::site::absolute_url;
use crate::state::AppState;

const COLLECTION: &str = "enquiries";

/// An enquiry as the contact form sent it, and where it stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 18, "status": "new", "topic": "course",
    "course": {"slug": "aws-security-specialty", "title": "AWS Certified Security – Specialty",
               "url": "https://kurso.example/courses/aws-security-specialty"},
    "preferred_mode": "In person, Cebu City", "company": "Acme Outsourcing",
    "name": "Ana Santos", "email": "ana@example.com", "phone": "+639171234567",
    "message": "We would like to train twelve engineers in March.",
    "spam_reason": null, "assignee_id": null,
    "created_at": "2026-12-07T03:00:00Z", "updated_at": "2026-12-07T03:00:00Z"
}))]
pub struct Enquiry {
    pub id: i64,
    /// `new`, `in_progress`, `answered`, `closed` or `spam`.
    pub status: String,
    /// `course`, `private_team` or `other`.
    pub topic: String,
    /// The course asked about, while it is in the catalog.
    pub course: Option<CourseLink>,
    /// "Online", "In person, <city>", or empty for no preference.
    pub preferred_mode: String,
    pub company: String,
    pub name: String,
    pub email: String,
    /// E.164, such as `+639171234567`.
    pub phone: Option<String>,
    pub message: String,
    /// Why it was taken for a bot's; `null` for a person's.
    pub spam_reason: Option<String>,
    /// The admin (user id) it is assigned to.
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn enquiry(public_url: &str, entry: InboxEntry) -> Enquiry {
    let course = match (entry.course_slug, entry.course_title) {
        (Some(slug), Some(title)) => Some(CourseLink {
            url: absolute_url(public_url, &format!("/courses/{slug}")),
            slug,
            title,
        }),
        _ => None,
    };
    Enquiry {
        id: entry.id,
        status: entry.status.as_str().to_owned(),
        topic: entry.topic,
        course,
        preferred_mode: entry.preferred_mode,
        company: entry.company,
        name: entry.personal.name,
        email: entry.personal.email,
        phone: entry.personal.phone,
        message: entry.personal.message,
        spam_reason: Some(entry.spam_reason).filter(|reason| !reason.is_empty()),
        assignee_id: entry.assignee_id,
        created_at: entry.created_at,
        updated_at: entry.updated_at,
    }
}

/// What a PATCH changes; a field left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "in_progress", "assignee_id": 3}))]
pub struct EnquiryChange {
    #[schema(value_type = Option<EnquiryStatusParam>)]
    pub status: Option<String>,
    /// An active admin's user id, or `null` to give it to nobody.
    #[serde(default, deserialize_with = "super::body::whole_number_or_null")]
    #[schema(value_type = Option<i64>, required = false)]
    pub assignee_id: Option<Option<i64>>,
}

/// Enquiries, newest first.
#[utoipa::path(
    get,
    path = "/enquiries",
    tag = "Enquiries",
    security(("token" = ["enquiries:read"])),
    params(
        ("status" = Option<EnquiryStatusParam>, Query, description = "Only enquiries with this status."),
        ("updated_since" = Option<DateTime<Utc>>, Query, description = "Enquiries changed at or after this time (RFC 3339)."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Enquiries per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of enquiries; a `Link: rel=\"next\"` header when there are more.", body = Page<Enquiry>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enquiries:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_enquiries(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    caller.require(Scope::EnquiriesRead)?;
    let mut params = QueryParams::parse(
        query.as_deref(),
        &["status", "updated_since", "limit", "cursor"],
    );
    let status = params.parsed(
        "status",
        "new, in_progress, answered, closed or spam",
        EnquiryStatus::from_column,
    );
    let limit = params.limit();
    let filter = EnquiryFilter {
        status,
        updated_since: params.updated_since(),
        before: time_cursor(&mut params, COLLECTION),
        limit: limit + 1,
    };
    params.finish()?;
    let rows = opened(store::listed(&state.db, &state.data_keys, &filter).await)?;
    let public_url = &state.settings.site.public_url;
    Ok(page_response(
        "/api/v1/enquiries",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: COLLECTION.to_owned(),
            at: Some(row.created_at),
            id: row.id,
        },
        |row| enquiry(public_url, row),
    ))
}

/// One enquiry, with an `ETag`.
#[utoipa::path(
    get,
    path = "/enquiries/{id}",
    tag = "Enquiries",
    security(("token" = ["enquiries:read"])),
    params(
        ("id" = i64, Path, description = "The enquiry's id."),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` the client has: 304 while it is current."),
    ),
    responses(
        (status = 200, description = "The enquiry, with an `ETag`.", body = Enquiry),
        (status = 304, description = "The enquiry has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enquiries:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No enquiry has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_enquiry(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let id = path_id(&id)?;
    caller.require(Scope::EnquiriesRead)?;
    let entry =
        opened(store::entry(&state.db, &state.data_keys, id).await)?.ok_or_else(no_enquiry)?;
    tagged_json(&headers, &enquiry(&state.settings.site.public_url, entry))
}

/// Moves an enquiry to another status, or gives it to another admin. Each
/// change is on the enquiry's timeline and in the audit log, as when made on
/// the inbox page. Send the enquiry's `ETag` in `If-Match` so that a change
/// made meanwhile by someone else is not overwritten.
#[utoipa::path(
    patch,
    path = "/enquiries/{id}",
    tag = "Enquiries",
    security(("token" = ["enquiries:write"])),
    params(
        ("id" = i64, Path, description = "The enquiry's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the enquiry changed since."),
    ),
    request_body = EnquiryChange,
    responses(
        (status = 200, description = "The enquiry, changed.", body = Enquiry),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `enquiries:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No enquiry has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the enquiry no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assignee is not an active admin.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, such as an unknown status.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_enquiry(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<EnquiryChange>,
) -> Result<Response, Problem> {
    let id = path_id(&id)?;
    caller.require(Scope::EnquiriesWrite)?;
    let status = change
        .status
        .as_deref()
        .map(workflow::checked_status)
        .transpose()
        .map_err(refused_problem)?;
    let assignee = match change.assignee_id {
        Some(wanted) => Some(
            workflow::checked_assignee(&state, wanted)
                .await
                .map_err(refused_problem)?,
        ),
        None => None,
    };
    let editor = Editor {
        user_id: caller.user_id,
        email: caller.email.clone(),
        name: caller.name.clone(),
        ip: caller.ip,
    };
    let public_url = &state.settings.site.public_url;
    let mut work = Change::begin(&state, &editor, id)
        .await
        .map_err(refused_problem)?;
    let before = opened(store::entry_in(&mut work.tx, &state.data_keys, id).await)?
        .ok_or_else(no_enquiry)?;
    check_if_match(&headers, &entity_tag_of(&enquiry(public_url, before)))?;
    if let Some(status) = status {
        work.set_status(status).await.map_err(refused_problem)?;
    }
    if let Some(assignee) = assignee {
        work.assign(assignee).await.map_err(refused_problem)?;
    }
    let after = opened(store::entry_in(&mut work.tx, &state.data_keys, id).await)?
        .ok_or_else(no_enquiry)?;
    work.commit().await.map_err(refused_problem)?;
    tagged_json(&HeaderMap::new(), &enquiry(public_url, after))
}

fn no_enquiry() -> Problem {
    Problem::new(ProblemKind::NotFound, "No enquiry has that id.")
}

fn refused_problem(refused: Refused) -> Problem {
    match refused {
        Refused::NotFound => no_enquiry(),
        // A well-formed id of someone who may not have it is about the
        // data, not the request's shape: 409, as for a full run.
        Refused::Invalid {
            field: "assignee",
            message,
        } => Problem {
            errors: vec![InvalidInput {
                parameter: None,
                pointer: Some("/assignee_id".to_owned()),
                detail: message,
            }],
            ..Problem::new(
                ProblemKind::NotAssignable,
                "The assignee is not an active admin.",
            )
        },
        Refused::Invalid { field, message } => {
            Problem::invalid_field(&format!("/{field}"), message)
        }
        Refused::Failed(error) => Problem::from(error),
    }
}

/// A stored value that does not open (a key missing from `KURSO_DATA_KEY`)
/// is our fault, logged with the cause and never with the contents.
fn opened<T>(result: anyhow::Result<T>) -> Result<T, Problem> {
    result.map_err(|error| match error.downcast::<sqlx::Error>() {
        Ok(database) => Problem::from(database),
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "an enquiry could not be read");
            Problem::from(AppError::Internal)
        }
    })
}
