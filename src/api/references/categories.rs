//! `/categories`: the subjects courses are filed under.

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
#[schema(example = json!({"id": 3, "name": "Cloud computing", "slug": "cloud",
    "description": "AWS, Azure and Google Cloud, from first steps to certification.", "courses": 12}))]
pub struct Category {
    pub id: i64,
    pub name: String,
    /// Used in the catalog's links: `/courses?category=cloud`.
    pub slug: String,
    pub description: String,
    /// How many courses are filed under it.
    pub courses: i64,
}

impl Shape for Category {
    const KIND: ReferenceKind = ReferenceKind::Category;
    const PATH: &'static str = "/categories";
    fn of(row: ReferenceRow) -> Self {
        Category {
            id: row.id,
            name: row.first,
            slug: row.second,
            description: row.third,
            courses: row.used_by,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Cloud computing", "slug": "cloud", "description": "AWS, Azure and Google Cloud."}))]
pub struct NewCategory {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: String,
    /// Lower-case letters, digits and single hyphens.
    #[schema(min_length = 3, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    #[serde(default)]
    #[schema(
        max_length = 500,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub description: String,
}

/// The fields to change; those left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"description": "AWS, Azure and Google Cloud, from first steps to certification."}))]
pub struct CategoryChange {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub name: Option<String>,
    #[schema(min_length = 3, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(
        max_length = 500,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub description: Option<String>,
}

/// Every category, by id.
#[utoipa::path(
    get,
    path = "/categories",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Categories per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of categories.", body = Page<Category>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_categories(
    State(state): State<AppState>,
    caller: TokenCaller,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    super::list::<Category>(&state, &caller, query.as_deref()).await
}

/// Adds a category. Send an `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    post,
    path = "/categories",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = NewCategory,
    responses(
        (status = 201, description = "The new category, with its address in `Location`.", body = Category),
        (status = 400, description = "The body is not JSON, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another category has the name or slug, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_category(
    State(state): State<AppState>,
    caller: TokenCaller,
    JsonBody(new): JsonBody<NewCategory>,
) -> Result<Response, Problem> {
    let fields = [
        new.name.as_str(),
        new.slug.as_str(),
        new.description.as_str(),
    ];
    super::create::<Category>(&state, &caller, fields).await
}

/// One category, with an `ETag`.
#[utoipa::path(
    get,
    path = "/categories/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:read"])),
    params(
        ("id" = i64, Path, description = "The category's id."),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` the client has: 304 while it is current."),
    ),
    responses(
        (status = 200, description = "The category, with an `ETag`.", body = Category),
        (status = 304, description = "The category has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No category has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_category(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::get::<Category>(&state, &caller, &id, &headers).await
}

/// Changes a category's name, slug or description. Send its `ETag` in
/// `If-Match` so that a change made meanwhile is not overwritten.
#[utoipa::path(
    patch,
    path = "/categories/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The category's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the category changed since."),
    ),
    request_body = CategoryChange,
    responses(
        (status = 200, description = "The category, changed.", body = Category),
        (status = 400, description = "The body is not JSON, or the id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No category has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another category has the name or slug.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the category no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_category(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<CategoryChange>,
) -> Result<Response, Problem> {
    let changes = [change.name, change.slug, change.description];
    super::change::<Category>(&state, &caller, &id, &headers, changes).await
}

/// Deletes a category no course is filed under.
#[utoipa::path(
    delete,
    path = "/categories/{id}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("id" = i64, Path, description = "The category's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion is based on: 412 when the category changed since."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 400, description = "The id is not a whole number.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No category has that id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Courses are filed under it.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the category no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_category(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    super::delete::<Category>(&state, &caller, &id, &headers).await
}
