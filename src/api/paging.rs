//! Cursor pagination: each page ends with an opaque `next_cursor` that holds the
//! sort key of its last item, and the next page starts strictly after it. New
//! rows land before or after that key and move nothing else, so paging through
//! while rows are added lists no item twice and skips none.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::params::QueryParams;

/// Where a page ended: the collection it belongs to, and its last item's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The collection, so a cursor of one cannot be used on another.
    #[serde(rename = "c")]
    pub collection: String,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    #[serde(rename = "i")]
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(value: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Reads `cursor` of a collection sorted by a time and then the id.
pub fn time_cursor(params: &mut QueryParams, collection: &str) -> Option<(DateTime<Utc>, i64)> {
    read_cursor(params, collection, |cursor| {
        cursor.at.map(|at| (at, cursor.id))
    })
}

/// Reads `cursor` of a collection sorted by id.
pub fn id_cursor(params: &mut QueryParams, collection: &str) -> Option<i64> {
    read_cursor(params, collection, |cursor| {
        cursor.at.is_none().then_some(cursor.id)
    })
}

/// A cursor made for another collection, or not made by Kurso, is a bad
/// parameter.
fn read_cursor<T>(
    params: &mut QueryParams,
    collection: &str,
    key: impl FnOnce(&Cursor) -> Option<T>,
) -> Option<T> {
    let value = params.text("cursor")?;
    let key = Cursor::decode(&value)
        .filter(|cursor| cursor.collection == collection)
        .and_then(|cursor| key(&cursor));
    if key.is_none() {
        params.reject(
            "cursor",
            "is not a cursor of this collection; pass the next_cursor of the previous page unchanged",
        );
    }
    key
}

/// One page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub data: Vec<T>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Answers with the page and, when there is more, a `Link: rel="next"` header
/// to the same query with the new cursor. `limit` rows were asked for;
/// `rows` holds up to one more, which only says that another page exists.
pub fn page_response<R, T: ToSchema + Serialize>(
    path: &str,
    params: &QueryParams,
    limit: i64,
    mut rows: Vec<R>,
    cursor_of: impl Fn(&R) -> Cursor,
    present: impl Fn(R) -> T,
) -> Response {
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next_cursor = more
        .then(|| rows.last().map(|row| cursor_of(row).encode()))
        .flatten();
    let link = next_cursor.as_ref().map(|cursor| {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.pairs().iter().filter(|(name, _)| name != "cursor"))
            .append_pair("cursor", cursor)
            .finish();
        format!("<{path}?{query}>; rel=\"next\"")
    });
    let page = Page {
        data: rows.into_iter().map(present).collect(),
        next_cursor,
    };
    let mut response = Json(page).into_response();
    if let Some(value) = link.and_then(|link| HeaderValue::from_str(&link).ok()) {
        response.headers_mut().insert(header::LINK, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written() {
        let cursor = Cursor {
            collection: "runs".into(),
            at: Some("2026-12-10T01:00:00Z".parse().unwrap()),
            id: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
    }

    #[test]
    fn a_cursor_of_another_collection_is_refused() {
        let cursor = Cursor {
            collection: "posts".into(),
            at: None,
            id: 7,
        };
        let query = format!("cursor={}", cursor.encode());
        let mut params = QueryParams::parse(Some(&query), &["cursor"]);
        assert_eq!(id_cursor(&mut params, "courses"), None);
        assert!(params.finish().is_err());
    }

    #[test]
    fn a_cursor_reads_back_through_the_query() {
        let cursor = Cursor {
            collection: "runs".into(),
            at: Some("2026-12-10T01:00:00Z".parse().unwrap()),
            id: 42,
        };
        let query = format!("cursor={}", cursor.encode());
        let mut params = QueryParams::parse(Some(&query), &["cursor"]);
        assert_eq!(
            time_cursor(&mut params, "runs"),
            Some((cursor.at.unwrap(), 42))
        );
        assert!(params.finish().is_ok());
        let mut params = QueryParams::parse(Some(&query), &["cursor"]);
        assert_eq!(
            id_cursor(&mut params, "runs"),
            None,
            "a keyed cursor is not an id cursor"
        );
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        let mut params = QueryParams::parse(Some("cursor=%%%not-base64"), &["cursor"]);
        assert_eq!(id_cursor(&mut params, "courses"), None);
        assert!(params.finish().is_err());
    }

    #[test]
    fn the_next_link_keeps_the_filters_and_replaces_the_cursor() {
        let params = QueryParams::parse(
            Some("mode=online&cursor=old&limit=2"),
            &["mode", "cursor", "limit"],
        );
        let response = page_response(
            "/api/v1/runs",
            &params,
            2,
            vec![1_i64, 2, 3],
            |id| Cursor {
                collection: "runs".into(),
                at: None,
                id: *id,
            },
            |id| id,
        );
        let link = response.headers()[header::LINK]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            link.starts_with("</api/v1/runs?mode=online&limit=2&cursor="),
            "{link}"
        );
        assert!(link.ends_with("; rel=\"next\""));
        assert!(!link.contains("cursor=old"));
    }

    #[test]
    fn the_last_page_has_no_next_cursor() {
        let params = QueryParams::parse(None, &[]);
        let response = page_response(
            "/api/v1/runs",
            &params,
            5,
            vec![1_i64, 2],
            |id| Cursor {
                collection: "runs".into(),
                at: None,
                id: *id,
            },
            |id| id,
        );
        assert!(response.headers().get(header::LINK).is_none());
    }
}
