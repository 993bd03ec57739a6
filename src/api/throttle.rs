//! The per-token rate limit of the token routes (`api.requests_per_minute`,
//! kept by `crate::rate_limit::PerTokenLimit`). Every answer says where the
//! token stands in `RateLimit-Limit`, `RateLimit-Remaining` and
//! `RateLimit-Reset`; over the limit the answer is 429 with `Retry-After`.

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::TokenCaller;
use super::problem::{Problem, ProblemKind};
use crate::rate_limit::Standing;
use crate::state::AppState;

/// The middleware: checks the token (the route reads the result back), counts
/// the request, and writes the standing on the answer.
pub async fn per_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if super::routes::is_public_read(
        request.method(),
        request.headers(),
        request.extensions().get::<MatchedPath>(),
    ) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let caller = match TokenCaller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(problem) => return problem.into_response(),
    };
    let standing = state.api_limit.check(caller.token_id);
    parts.extensions.insert(caller);
    match standing {
        Ok(standing) => {
            let mut response = next.run(Request::from_parts(parts, body)).await;
            write_standing(response.headers_mut(), &standing);
            response
        }
        Err(wait) => {
            let wait_secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = Problem::new(
                ProblemKind::RateLimited,
                format!(
                    "This token sent more than its {} requests a minute; send again in {wait_secs} s.",
                    state.api_limit.per_minute()
                ),
            )
            .into_response();
            let headers = response.headers_mut();
            headers.insert("retry-after", HeaderValue::from(wait_secs));
            let exhausted = Standing {
                limit: state.api_limit.per_minute(),
                remaining: 0,
                reset_secs: wait_secs,
            };
            write_standing(headers, &exhausted);
            response
        }
    }
}

fn write_standing(headers: &mut HeaderMap, standing: &Standing) {
    headers.insert("ratelimit-limit", HeaderValue::from(standing.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(standing.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(standing.reset_secs));
}
