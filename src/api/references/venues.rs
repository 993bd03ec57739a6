//! `/venues`: where in-person runs are held.

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
#[schema(example = json!({"id": 2, "name": "Kurso Cebu IT Park", "city": "Cebu City",
    "address": "2F eBloc Tower 4, Cebu IT Park, Lahug", "runs": 9}))]
pub struct Venue {
    pub id: i64,
    pub name: String,
    /// What the schedule filters by: Metro Manila, Cebu City.
    pub city: String,
    pub address: String,
    /// How many runs are held there.
    pub runs: i64,
}

impl Shape for Venue {
    const KIND: ReferenceKind = ReferenceKind::Venue;
    const PATH: &'static str = "/venues";
    fn of(row: ReferenceRow) -> Self {
        Venue {
            id: row.id,
            name: row.first,
            city: row.second,
            address: row.third,
            runs: row.used_by,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Kurso Cebu IT Park", "city": "Cebu City", "address": "2F eBloc Tower 4, Cebu IT Park, Lahug"}))]
pub struct NewVenue {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: String,
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub city: String,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub address: String,
}

/// The fields to change; those left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"address": "3F eBloc Tower 4, Cebu IT Park, Lahug"}))]
pub struct VenueChange {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub city: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub address: Option<String>,
}

/// Every venue, by id.
#[utoipa::path(
    get,
    path = "/venues",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Venues per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of venues.", body = Page<Venue>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_venues(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    super::list::<Venue>(&state, &caller, query.as_deref()).await
}

/// Adds a venue. Send an `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    post,
    path = "/venues",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = NewVenue,
    responses(
        (status = 201, description = "The new venue, with its address in `Location`.", body = Venue),
        (status = 400, description = "The body is not JSON, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another venue has the name, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_venue(
    State(state): State<AppState>,
    caller: TokenCaller,
    JsonBody(new): JsonBody<NewVenue>,
) -> Result<Response, Problem> {
    let fields = [new.name.as_str(), new.city.as_str(), new.address.as_str()];
    super::create::<Venue>(&state, &caller, fields).await
}

/// One venue, with an `ETag`.
#[utoipa::path(
    get,
    path = "/venues/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("id" = i64, Path, description = "The venue's id."),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` the client has: 304 while it is current."),
    ),
    responses(
        (status = 200, description = "The venue, with an `ETag`.", body = Venue),
        (status = 304, description = "The venue has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No venue has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_venue(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::get::<Venue>(&state, &caller, &id, &headers).await
}

/// Changes a venue's name, city or address. Send its `ETag` in
/// `If-Match` so that a change made meanwhile is not overwritten.
#[utoipa::path(
    patch,
    path = "/venues/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The venue's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the venue changed since."),
    ),
    request_body = VenueChange,
    responses(
        (status = 200, description = "The venue, changed.", body = Venue),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No venue has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another venue has the name.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the venue no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_venue(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<VenueChange>,
) -> Result<Response, Problem> {
    let changes = [change.name, change.city, change.address];
    super::change::<Venue>(&state, &caller, &id, &headers, changes).await
}

/// Deletes a venue no run is held at.
#[utoipa::path(
    delete,
    path = "/venues/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The venue's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion is based on: 412 when the venue changed since."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No venue has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Runs are held there.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the venue no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_venue(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::delete::<Venue>(&state, &caller, &id, &headers).await
}
