//! `/trainers`: who teaches the runs.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Shape;
use crate::api::auth::TokenCaller;
use crate::api::body::JsonBody;
use crate::api::paging::Page;
use crate::api::problem::Problem;
use crate::catalog::queries::ReferenceRow;
use crate::catalog::references::ReferenceKind;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 5, "name": "Ana Reyes", "credentials": "AWS Certified Solutions Architect – Professional",
    "bio": "Ten years building on AWS for banks in Makati.", "runs": 14}))]
pub struct Trainer {
    pub id: i64,
    pub name: String,
    /// Certifications, comma separated.
    pub credentials: String,
    pub bio: String,
    /// How many runs they teach.
    pub runs: i64,
}

impl Shape for Trainer {
    const KIND: ReferenceKind = ReferenceKind::Trainer;
    const PATH: &'static str = "/trainers";
    fn of(row: ReferenceRow) -> Self {
        Trainer {
            id: row.id,
            name: row.first,
            credentials: row.second,
            bio: row.third,
            runs: row.used_by,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ana Reyes", "credentials": "AWS Certified Solutions Architect – Professional", "bio": "Ten years building on AWS."}))]
pub struct NewTrainer {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: String,
    #[serde(default)]
    #[schema(
        max_length = 300,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub credentials: String,
    #[serde(default)]
    #[schema(
        max_length = 1000,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub bio: String,
}

/// The fields to change; those left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"credentials": "AWS Certified Solutions Architect – Professional, CKA"}))]
pub struct TrainerChange {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: Option<String>,
    #[schema(
        max_length = 300,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub credentials: Option<String>,
    #[schema(
        max_length = 1000,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub bio: Option<String>,
}

/// Every trainer, by id.
#[utoipa::path(
    get,
    path = "/trainers",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Trainers per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of trainers.", body = Page<Trainer>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_trainers(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    super::list::<Trainer>(&state, &caller, query.as_deref()).await
}

/// Adds a trainer. Send an `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    post,
    path = "/trainers",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = NewTrainer,
    responses(
        (status = 201, description = "The new trainer, with its address in `Location`.", body = Trainer),
        (status = 400, description = "The body is not JSON, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_trainer(
    State(state): State<AppState>,
    caller: TokenCaller,
    JsonBody(new): JsonBody<NewTrainer>,
) -> Result<Response, Problem> {
    let fields = [
        new.name.as_str(),
        new.credentials.as_str(),
        new.bio.as_str(),
    ];
    super::create::<Trainer>(&state, &caller, fields).await
}

/// One trainer, with an `ETag`.
#[utoipa::path(
    get,
    path = "/trainers/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("id" = i64, Path, description = "The trainer's id."),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` the client has: 304 while it is current."),
    ),
    responses(
        (status = 200, description = "The trainer, with an `ETag`.", body = Trainer),
        (status = 304, description = "The trainer has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No trainer has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_trainer(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::get::<Trainer>(&state, &caller, &id, &headers).await
}

/// Changes a trainer's name, credentials or bio. Send its `ETag` in
/// `If-Match` so that a change made meanwhile is not overwritten.
#[utoipa::path(
    patch,
    path = "/trainers/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The trainer's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the trainer changed since."),
    ),
    request_body = TrainerChange,
    responses(
        (status = 200, description = "The trainer, changed.", body = Trainer),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No trainer has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the trainer no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_trainer(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<TrainerChange>,
) -> Result<Response, Problem> {
    let changes = [change.name, change.credentials, change.bio];
    super::change::<Trainer>(&state, &caller, &id, &headers, changes).await
}

/// Deletes a trainer who teaches no run.
#[utoipa::path(
    delete,
    path = "/trainers/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The trainer's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion is based on: 412 when the trainer changed since."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No trainer has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "They teach runs.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the trainer no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_trainer(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::delete::<Trainer>(&state, &caller, &id, &headers).await
}
