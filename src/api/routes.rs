//! The `/api/v1` router and the OpenAPI document made from the same handler
//! list: a route is added with `routes!` here, which registers it with axum and
//! describes it in the document at once, so the two cannot drift apart.

use std::sync::{Arc, OnceLock};

use std::collections::HashSet;

use axum::extract::{MatchedPath, OriginalUri, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::{self, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDocument;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::catalog_writes::{courses as course_writes, runs as run_writes};
use super::params::{EnquiryStatusParam, Mode, PlaceStatusParam, RoleParam};
use super::problem::{Problem, ProblemKind};
use super::references::{categories, trainers, venues};
use super::{courses, enquiries, enrollments, idempotency, me, people, posts, runs, throttle};
use crate::state::AppState;

/// Where the API is served; every path in the document is relative to it.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kurso API",
        version = "1",
        description = "Kurso's JSON API for integrators: the published catalog, the schedule of runs \
                       and the blog, and with a token what its scopes allow. Times are UTC (RFC 3339); \
                       prices are whole centavos. Collections are paged with an opaque `cursor` (see \
                       `next_cursor` and the `Link` header); single resources carry an `ETag`. Errors \
                       are RFC 9457 problem details.",
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "Catalog", description = "Published courses."),
        (name = "Schedule", description = "Dated runs of published courses, with seats left."),
        (name = "Blog", description = "Published articles."),
        (name = "Account", description = "The token's owner and their places (needs a token)."),
        (name = "Enrollments", description = "Places in runs: rosters, enrolling, cancelling, moving and attendance (needs a token). Every POST takes an `Idempotency-Key`."),
        (name = "Catalog admin", description = "Categories, venues and trainers, as the dashboard manages them (needs an admin's token)."),
        (name = "Enquiries", description = "What visitors sent through the contact form, and where each stands in the inbox (needs an admin's token)."),
        (name = "People", description = "Accounts and the audit log (needs an admin's token)."),
    ),
    modifiers(&BearerTokens),
    components(schemas(Problem, Mode, RoleParam, PlaceStatusParam, EnquiryStatusParam))
)]
struct KursoApi;

/// Declares the `token` security scheme the token routes name.
struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, document: &mut OpenApiDocument) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "An API token an admin made at /admin/api-tokens: `Authorization: Bearer kurso_…`.",
            ))
            .build();
        document
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

/// Every route. Those documented without `security` are the public reads,
/// which anyone may make from any site (CORS); the rest need a token and get
/// no CORS, so a page on another site cannot use a token it tricked out of a
/// visitor's browser. A path may have both: `GET /courses` is public,
/// `POST /courses` needs a token.
fn all_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(KursoApi::openapi())
        .routes(routes!(courses::list_courses))
        .routes(routes!(courses::get_course))
        .routes(routes!(runs::list_runs))
        .routes(routes!(runs::get_run))
        .routes(routes!(posts::list_posts))
        .routes(routes!(posts::get_post))
        .routes(routes!(course_writes::create_course))
        .routes(routes!(
            course_writes::change_course,
            course_writes::delete_course
        ))
        .routes(routes!(run_writes::create_run))
        .routes(routes!(run_writes::change_run, run_writes::delete_run))
        .routes(routes!(me::get_me))
        .routes(routes!(people::list_my_enrollments))
        .routes(routes!(people::list_users))
        .routes(routes!(people::list_audit_log))
        .routes(routes!(
            enrollments::list_run_enrollments,
            enrollments::enroll
        ))
        .routes(routes!(
            enrollments::get_enrollment,
            enrollments::change_enrollment
        ))
        .routes(routes!(enrollments::cancel_enrollment))
        .routes(routes!(enrollments::transfer_enrollment))
        .routes(routes!(
            categories::list_categories,
            categories::create_category
        ))
        .routes(routes!(
            categories::get_category,
            categories::change_category,
            categories::delete_category
        ))
        .routes(routes!(venues::list_venues, venues::create_venue))
        .routes(routes!(
            venues::get_venue,
            venues::change_venue,
            venues::delete_venue
        ))
        .routes(routes!(trainers::list_trainers, trainers::create_trainer))
        .routes(routes!(
            trainers::get_trainer,
            trainers::change_trainer,
            trainers::delete_trainer
        ))
        .routes(routes!(enquiries::list_enquiries))
        .routes(routes!(enquiries::get_enquiry, enquiries::change_enquiry))
}

/// The routes (unprefixed), and the document describing exactly them.
fn routes_and_document() -> (Router<AppState>, OpenApiDocument) {
    let (routes, mut document) = all_routes().split_for_parts();
    document_rate_limit(&mut document);
    (routes, document)
}

/// The public operations: `(method, path)` of those documented without
/// `security`, as the document spells the path (`/courses/{slug}`).
fn public_operations() -> &'static HashSet<(Method, String)> {
    static PUBLIC: OnceLock<HashSet<(Method, String)>> = OnceLock::new();
    PUBLIC.get_or_init(|| {
        let mut public = HashSet::new();
        for (path, item) in &document().paths.paths {
            if let Some(get) = &item.get {
                if get.security.as_ref().is_none_or(Vec::is_empty) {
                    public.insert((Method::GET, path.clone()));
                    public.insert((Method::HEAD, path.clone()));
                }
            }
        }
        public
    })
}

/// Whether a request (or, for a CORS preflight, the request it asks about)
/// is a public read: matched to a route documented without a token.
pub fn is_public_read(
    parts_method: &Method,
    headers: &HeaderMap,
    matched: Option<&MatchedPath>,
) -> bool {
    let method = if parts_method == Method::OPTIONS {
        match headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|value| Method::from_bytes(value.as_bytes()).ok())
        {
            Some(method) => method,
            None => return false,
        }
    } else {
        parts_method.clone()
    };
    let Some(matched) = matched else {
        return false;
    };
    let path = matched.as_str();
    let path = path.strip_prefix(PREFIX).unwrap_or(path);
    path == "/openapi.json" && matches!(method, Method::GET | Method::HEAD)
        || public_operations().contains(&(method, path.to_owned()))
}

/// Every token route may answer 429 (`throttle`): said once here for all.
fn document_rate_limit(document: &mut OpenApiDocument) {
    let integer = || {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .build()
    };
    let header = |description: &str| {
        utoipa::openapi::HeaderBuilder::new()
            .schema(integer())
            .description(Some(description))
            .build()
    };
    let too_many = utoipa::openapi::ResponseBuilder::new()
        .description("The token sent more than its requests a minute.")
        .header(
            "Retry-After",
            header("Seconds until the token may send again."),
        )
        .header(
            "RateLimit-Limit",
            header("Requests the token may send a minute."),
        )
        .header("RateLimit-Remaining", header("Requests left now: 0."))
        .header(
            "RateLimit-Reset",
            header("Seconds until the allowance is full again."),
        )
        .content(
            "application/problem+json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                .build(),
        )
        .build();
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.patch,
            &mut item.put,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .insert("429".to_owned(), too_many.clone().into());
        }
    }
}

/// The OpenAPI document, built once.
pub fn document() -> &'static OpenApiDocument {
    static DOCUMENT: OnceLock<OpenApiDocument> = OnceLock::new();
    DOCUMENT.get_or_init(|| routes_and_document().1)
}

/// The router to nest at [`PREFIX`]: the routes, `/openapi.json`, and problem
/// answers for unknown paths and methods.
pub fn router(state: &AppState) -> Router<AppState> {
    let json = Arc::new(document_json());
    let (routes, _) = routes_and_document();
    routes
        // Both let public reads through untouched.
        .route_layer(from_fn_with_state(
            state.clone(),
            idempotency::replay_or_run,
        ))
        // Outside the idempotency layer: a replayed answer counts too.
        .route_layer(from_fn_with_state(state.clone(), throttle::per_token))
        // The 405 answer goes in before the CORS layer, so that a preflight
        // (OPTIONS) of a public route is answered by the layer.
        .method_not_allowed_fallback(method_not_allowed)
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
        .layer(cors())
        .layer(middleware::from_fn(public_reads_only))
        .fallback(no_such_route)
}

/// The document as JSON. utoipa 5.5 writes a response link's fields in snake
/// case (`operation_id`; its `Link` has no camelCase rename), which OpenAPI
/// tools reject as a link without a target, so they are renamed here.
fn document_json() -> String {
    let mut value = serde_json::to_value(document()).unwrap_or_default();
    let links = value["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("responses")?.as_object_mut())
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links")?.as_object_mut())
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(field) = link.remove(snake) {
                link.insert(camel.to_owned(), field);
            }
        }
    }
    value.to_string()
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::LINK, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(86_400))
}

/// CORS for the public reads only (`is_public_read`): any site may read the
/// catalog, as `*` so that shared caches keep one copy; a token route's
/// answer, and the answer to a preflight asking about one, carry no CORS
/// header, so no site can send a token route a request from a browser.
async fn public_reads_only(request: Request, next: Next) -> Response {
    let public = is_public_read(
        request.method(),
        request.headers(),
        request.extensions().get::<MatchedPath>(),
    );
    let mut response = next.run(request).await;
    if !public {
        let headers = response.headers_mut();
        let cors: Vec<header::HeaderName> = headers
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in cors {
            headers.remove(name);
        }
    }
    response
}

async fn no_such_route(OriginalUri(uri): OriginalUri) -> Response {
    Problem::new(
        ProblemKind::NoSuchRoute,
        format!("{} is not a route of this API; see /api/docs.", uri.path()),
    )
    .into_response()
}

/// A known path with a method it does not take. axum adds `Allow` with the
/// path's own methods to this answer.
async fn method_not_allowed(OriginalUri(uri): OriginalUri, method: Method) -> Response {
    Problem::new(
        ProblemKind::MethodNotAllowed,
        format!("{} does not take {method}.", uri.path()),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two schemas of one name are one component in the document, so a
    /// public read's `Category` once described the admin routes' category.
    #[test]
    fn each_shape_has_a_component_of_its_own() {
        let document: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        let schemas = &document["components"]["schemas"];
        let fields = |name: &str| -> Vec<String> {
            let mut fields: Vec<String> = schemas[name]["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{name} is described"))
                .keys()
                .cloned()
                .collect();
            fields.sort();
            fields
        };
        assert_eq!(fields("CourseCategory"), ["name", "slug"]);
        assert_eq!(
            fields("Category"),
            ["courses", "description", "id", "name", "slug"]
        );
        assert_eq!(fields("RunVenue"), ["address", "city", "name"]);
        assert!(fields("Venue").contains(&"id".to_owned()));
        assert_eq!(fields("RunTrainer"), ["credentials", "name"]);
        assert!(fields("Trainer").contains(&"id".to_owned()));
    }

    #[test]
    fn links_name_their_target_as_openapi_spells_it() {
        let document: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        let links =
            &document["paths"]["/runs/{id}/enrollments"]["post"]["responses"]["201"]["links"];
        assert_eq!(links["GetEnrollment"]["operationId"], "get_enrollment");
        assert_eq!(
            links["GetEnrollment"]["parameters"]["id"],
            "$response.body#/id"
        );
        assert!(!document_json().contains("operation_id"));
        // Each link's target is an operation of the document.
        let operation_ids: Vec<String> = document["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|operation| operation["operationId"].as_str().map(str::to_owned))
            .collect();
        for link in links.as_object().unwrap().values() {
            let target = link["operationId"].as_str().unwrap();
            assert!(operation_ids.iter().any(|id| id == target), "{target}");
        }
    }
}
