//! Entity tags for single resources: the ETag is a hash of the JSON sent, so it
//! changes exactly when what a client would receive changes, and a client that
//! sends it back in `If-None-Match` gets a bodiless 304 instead.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::problem::Problem;

/// The resource as JSON with its `ETag`, or 304 when the client has it already.
pub fn tagged_json(
    request_headers: &HeaderMap,
    value: &impl Serialize,
) -> Result<Response, Problem> {
    let body = serde_json::to_vec(value).map_err(|error| {
        tracing::error!(%error, "cannot write a resource as JSON");
        Problem::from(crate::errors::AppError::Internal)
    })?;
    let tag = entity_tag(&body);
    let tag_value = HeaderValue::from_str(&tag).expect("an entity tag is ASCII");
    if none_match(request_headers, &tag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag_value)]).into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, tag_value),
        ],
        body,
    )
        .into_response())
}

/// `value` as JSON with `status` and its `ETag` (the answer to a write).
pub fn tagged(status: StatusCode, value: &impl Serialize) -> Response {
    let tag = entity_tag_of(value);
    let mut response = (status, axum::Json(value)).into_response();
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

/// 201 with the new resource, its `ETag`, and its address in `Location`.
pub fn created_at(location: &str, value: &impl Serialize) -> Response {
    let mut response = tagged(StatusCode::CREATED, value);
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The `ETag` [`tagged_json`] gives `value`.
pub fn entity_tag_of(value: &impl Serialize) -> String {
    entity_tag(&serde_json::to_vec(value).unwrap_or_default())
}

/// 412 when `If-Match` is sent and names neither `current_tag` nor `*`: the
/// client read the resource before someone else changed it (a lost update).
/// The comparison is strong, as RFC 9110 says for `If-Match`.
pub fn check_if_match(request_headers: &HeaderMap, current_tag: &str) -> Result<(), Problem> {
    let mut sent = request_headers
        .get_all(header::IF_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|candidate| !candidate.is_empty())
        .peekable();
    if sent.peek().is_none() {
        return Ok(());
    }
    if sent.any(|candidate| candidate == "*" || candidate == current_tag) {
        Ok(())
    } else {
        Err(Problem::new(
            super::problem::ProblemKind::PreconditionFailed,
            format!("The resource's ETag is now {current_tag}; read it again before changing it."),
        ))
    }
}

/// A strong entity tag: the first 128 bits of the body's SHA-256.
fn entity_tag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..16]))
}

/// Whether `If-None-Match` names `tag` (or is `*`). The comparison is weak, as
/// RFC 9110 says for `If-None-Match`: `W/"x"` matches `"x"`.
fn none_match(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|candidate| candidate.trim())
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_if_none_match(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn if_match_passes_without_the_header_or_with_the_current_tag_only() {
        let value = serde_json::json!({"attended": null});
        let tag = entity_tag_of(&value);
        let mut headers = HeaderMap::new();
        assert!(check_if_match(&headers, &tag).is_ok());
        headers.insert(header::IF_MATCH, HeaderValue::from_str(&tag).unwrap());
        assert!(check_if_match(&headers, &tag).is_ok());
        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"stale\""));
        assert_eq!(check_if_match(&headers, &tag).unwrap_err().status, 412);
        // Strong comparison: a weak tag never matches.
        headers.insert(
            header::IF_MATCH,
            HeaderValue::from_str(&format!("W/{tag}")).unwrap(),
        );
        assert_eq!(check_if_match(&headers, &tag).unwrap_err().status, 412);
        headers.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert!(check_if_match(&headers, &tag).is_ok());
    }

    #[test]
    fn the_tag_follows_the_content() {
        assert_eq!(entity_tag(b"{\"a\":1}"), entity_tag(b"{\"a\":1}"));
        assert_ne!(entity_tag(b"{\"a\":1}"), entity_tag(b"{\"a\":2}"));
    }

    #[test]
    fn a_matching_tag_gets_not_modified() {
        let value = serde_json::json!({"slug": "aws"});
        let first = tagged_json(&HeaderMap::new(), &value).unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        let tag = first.headers()[header::ETAG].to_str().unwrap().to_owned();

        let again = tagged_json(&with_if_none_match(&tag), &value).unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let weak =
            tagged_json(&with_if_none_match(&format!("\"other\", W/{tag}")), &value).unwrap();
        assert_eq!(weak.status(), StatusCode::NOT_MODIFIED);
        let other = tagged_json(&with_if_none_match("\"other\""), &value).unwrap();
        assert_eq!(other.status(), StatusCode::OK);
    }
}
