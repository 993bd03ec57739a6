//! JSON request bodies, read into the API's own problems instead of axum's
//! plain-text rejections: 415 without a JSON content type, 413 over 64 KiB,
//! 400 when the bytes are not JSON, and 422 with a JSON pointer to the field
//! at fault when the JSON does not fit the route's schema.

use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::problem::{Problem, ProblemKind};
use crate::state::AppState;

/// The largest body a write takes; every body the API reads is a few fields.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body read as JSON into `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, _state: &AppState) -> Result<Self, Problem> {
        if !is_json(request.headers()) {
            return Err(Problem::new(
                ProblemKind::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| too_large())?;
        parse(&bytes).map(JsonBody)
    }
}

pub fn too_large() -> Problem {
    Problem::new(
        ProblemKind::BodyTooLarge,
        format!("The body is over {} KiB.", MAX_BODY_BYTES / 1024),
    )
}

/// `application/json`, or a `+json` type, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"))
}

/// Reads `bytes` as `T`: a syntax error is 400, a misfit is 422 at a pointer.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = pointer_of(error.path());
        let inner = error.into_inner();
        if inner.is_data() {
            misfit(&pointer, &inner)
        } else {
            malformed(&inner)
        }
    })?;
    // Bytes after the value: `{"a": 1} {}` is not one JSON document.
    deserializer.end().map_err(|error| malformed(&error))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> Problem {
    Problem::new(ProblemKind::MalformedBody, error.to_string())
}

/// The field a data error is about: serde reports a missing or unknown field
/// at the object holding it, so its name comes from the message.
fn misfit(pointer: &str, error: &serde_json::Error) -> Problem {
    let message = without_position(&error.to_string());
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|start| message.strip_prefix(start))
        .and_then(|rest| rest.split('`').next());
    let pointer = match named {
        Some(field) if !pointer.ends_with(&format!("/{}", escape(field))) => {
            format!("{pointer}/{}", escape(field))
        }
        _ => pointer.to_owned(),
    };
    Problem::invalid_field(&pointer, message)
}

/// "invalid type: integer `3`, expected a string at line 1 column 12" without
/// the position, which says nothing a pointer does not.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// RFC 6901: `/run_id`, `/learners/0/email`; the whole body is "".
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => Some(escape(key)),
            Segment::Unknown => None,
        })
        .map(|part| format!("/{part}"))
        .collect()
}

/// An optional field that may also be `null`: `Some(None)` for `null`,
/// `Some(Some(n))` for a whole number; with `#[serde(default)]`, `None` when
/// the field is left out (a PATCH that does not change it).
pub fn whole_number_or_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<i64>>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Whole(#[serde(deserialize_with = "whole_number")] i64);
    let value: Option<Whole> = serde::Deserialize::deserialize(deserializer)?;
    Ok(Some(value.map(|Whole(number)| number)))
}

/// A whole number a PATCH may leave out but not send as `null`: with
/// `#[serde(default)]`, `None` when left out.
pub fn whole_number_if_sent<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    whole_number(deserializer).map(Some)
}

/// An integer field as JSON Schema counts one: `14` and also `14.0` (a
/// number whose fraction is zero), which serde's `i64` alone refuses.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct WholeNumber;
    impl serde::de::Visitor<'_> for WholeNumber {
        type Value = i64;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a whole number")
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::custom("a whole number up to 2^63 - 1"))
        }
        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<i64, E> {
            // Exactly representable and in range: within ±2^53 every whole f64 is exact.
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if value.fract() == 0.0 && value.abs() <= EXACT {
                Ok(value as i64)
            } else {
                Err(E::custom(format!("a whole number, not {value}")))
            }
        }
    }
    deserializer.deserialize_any(WholeNumber)
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Enroll {
        email: String,
        waitlist: Option<bool>,
        tags: Option<Vec<String>>,
    }

    fn problem(body: &str) -> Problem {
        parse::<Enroll>(body.as_bytes()).unwrap_err()
    }

    fn pointer(problem: &Problem) -> &str {
        problem.errors[0].pointer.as_deref().unwrap()
    }

    #[test]
    fn a_body_that_fits_is_read() {
        let read: Enroll = parse(br#"{"email": "ana@example.com", "waitlist": true}"#).unwrap();
        assert_eq!(read.email, "ana@example.com");
        assert_eq!(read.waitlist, Some(true));
    }

    #[test]
    fn broken_json_is_a_400_and_trailing_bytes_are_too() {
        assert_eq!(problem(r#"{"email": "#).status, 400);
        assert_eq!(problem(r#"{"email": "a@b.c"} {}"#).status, 400);
        assert_eq!(problem("").kind, ProblemKind::MalformedBody);
    }

    #[test]
    fn a_missing_field_is_pointed_at() {
        let missing = problem(r#"{"waitlist": false}"#);
        assert_eq!(missing.status, 422);
        assert_eq!(pointer(&missing), "/email");
        assert_eq!(missing.errors[0].detail, "missing field `email`");
    }

    #[test]
    fn a_wrong_type_and_an_unknown_field_are_pointed_at() {
        assert_eq!(pointer(&problem(r#"{"email": 3}"#)), "/email");
        assert_eq!(
            pointer(&problem(r#"{"email": "a@b.c", "tags": ["x", 4]}"#)),
            "/tags/1"
        );
        assert_eq!(
            pointer(&problem(r#"{"email": "a@b.c", "seats": 2}"#)),
            "/seats"
        );
        assert_eq!(problem("[]").errors[0].pointer.as_deref(), Some(""));
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction() {
        #[derive(Debug, Deserialize)]
        struct Move {
            #[serde(deserialize_with = "whole_number")]
            run_id: i64,
        }
        assert_eq!(parse::<Move>(br#"{"run_id": 14}"#).unwrap().run_id, 14);
        assert_eq!(parse::<Move>(br#"{"run_id": 567.0}"#).unwrap().run_id, 567);
        for refused in [
            r#"{"run_id": 1.5}"#,
            r#"{"run_id": "14"}"#,
            r#"{"run_id": 1e300}"#,
        ] {
            let problem = parse::<Move>(refused.as_bytes()).unwrap_err();
            assert_eq!(problem.status, 422, "{refused}");
            assert_eq!(problem.errors[0].pointer.as_deref(), Some("/run_id"));
        }
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn only_json_content_types_are_taken() {
        let mut headers = HeaderMap::new();
        assert!(!is_json(&headers));
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!is_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "Application/JSON; charset=utf-8".parse().unwrap(),
        );
        assert!(is_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "application/merge-patch+json".parse().unwrap(),
        );
        assert!(is_json(&headers));
    }
}
