//! The `/api/v1` router and the OpenAPI document made from the same handler
//! list: a route is added with `routes!` here, which registers it with axum and
//! describes it in the document at once, so the two cannot drift apart.

use std::sync::{Arc, OnceLock};

use axum::extract::OriginalUri;
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use utoipa::openapi::OpenApi as OpenApiDocument;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params::Mode;
use super::problem::{Problem, ProblemKind};
use super::{courses, posts, runs};
use crate::state::AppState;

/// Where the API is served; every path in the document is relative to it.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kurso API",
        version = "1",
        description = "Kurso's JSON API for integrators: the published catalog, the schedule of runs \
                       and the blog. Times are UTC (RFC 3339); prices are whole centavos. Collections \
                       are paged with an opaque `cursor` (see `next_cursor` and the `Link` header); \
                       single resources carry an `ETag`. Errors are RFC 9457 problem details.",
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "Catalog", description = "Published courses."),
        (name = "Schedule", description = "Dated runs of published courses, with seats left."),
        (name = "Blog", description = "Published articles."),
    ),
    components(schemas(Problem, Mode))
)]
struct KursoApi;

/// The API's routes (unprefixed) and their OpenAPI document.
fn public_routes() -> (Router<AppState>, OpenApiDocument) {
    OpenApiRouter::with_openapi(KursoApi::openapi())
        .routes(routes!(courses::list_courses))
        .routes(routes!(courses::get_course))
        .routes(routes!(runs::list_runs))
        .routes(routes!(runs::get_run))
        .routes(routes!(posts::list_posts))
        .routes(routes!(posts::get_post))
        .split_for_parts()
}

/// The OpenAPI document, built once.
pub fn document() -> &'static OpenApiDocument {
    static DOCUMENT: OnceLock<OpenApiDocument> = OnceLock::new();
    DOCUMENT.get_or_init(|| public_routes().1)
}

/// The router to nest at [`PREFIX`]: the routes, `/openapi.json`, and problem
/// answers for unknown paths and methods. Every route here is a public read,
/// so any site may call it from a browser (CORS).
pub fn router() -> Router<AppState> {
    let json = Arc::new(document().to_json().unwrap_or_default());
    let (routes, _) = public_routes();
    routes
        .route(
            "/openapi.json",
            get(move || {
                let json = json.clone();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        )],
                        json.as_str().to_owned(),
                    )
                }
            }),
        )
        .fallback(no_such_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .allow_headers([header::IF_NONE_MATCH])
                .expose_headers([header::ETAG, header::LINK, header::RETRY_AFTER])
                .max_age(std::time::Duration::from_secs(86_400)),
        )
}

async fn no_such_route(OriginalUri(uri): OriginalUri) -> Response {
    Problem::new(
        ProblemKind::NoSuchRoute,
        format!("{} is not a route of this API; see /api/docs.", uri.path()),
    )
    .into_response()
}

/// Every route of this API is a read, so `Allow` is the same for all of them.
async fn method_not_allowed(OriginalUri(uri): OriginalUri, method: Method) -> Response {
    let mut response = Problem::new(
        ProblemKind::MethodNotAllowed,
        format!("{} does not take {method}.", uri.path()),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}
