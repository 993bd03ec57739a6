//! Reading a query string strictly: every parameter a route does not know, or
//! that comes twice, or whose value does not parse, is named in one 400 answer,
//! so a client's typo is caught instead of silently ignored.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::problem::{InvalidInput, Problem};

/// The most items one page of a collection holds.
pub const MAX_LIMIT: i64 = 200;
/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 50;
/// The longest free-text value taken (search words, slugs, city names).
const MAX_TEXT_CHARS: usize = 200;

pub struct QueryParams {
    pairs: Vec<(String, String)>,
    errors: Vec<InvalidInput>,
}

impl QueryParams {
    /// Splits `query` and records unknown or repeated parameters as errors.
    pub fn parse(query: Option<&str>, known: &[&str]) -> Self {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for (name, _) in &pairs {
            if !known.contains(&name.as_str()) {
                errors.push(invalid(
                    name,
                    format!(
                        "is not a parameter of this route; it takes {}",
                        known.join(", ")
                    ),
                ));
            } else if !seen.insert(name.as_str()) {
                errors.push(invalid(name, "is given more than once".to_owned()));
            }
        }
        errors.dedup();
        Self { pairs, errors }
    }

    /// The value as sent; `None` when the parameter is absent.
    fn raw(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A free-text value without control characters (a NUL byte is refused
    /// by PostgreSQL and means nothing in a search), trimmed; empty counts as
    /// absent. Longer than 200 characters as sent is refused.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let raw = self.raw(name)?;
        if raw.chars().count() > MAX_TEXT_CHARS {
            self.errors.push(invalid(
                name,
                format!("is longer than {MAX_TEXT_CHARS} characters"),
            ));
            return None;
        }
        let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
        let cleaned = cleaned.trim();
        (!cleaned.is_empty()).then(|| cleaned.to_owned())
    }

    /// A value `parse` understands; `expected` says what would have been.
    pub fn parsed<T>(
        &mut self,
        name: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let value = self.raw(name)?;
        let parsed = parse(value);
        if parsed.is_none() {
            self.errors
                .push(invalid(name, format!("must be {expected}")));
        }
        parsed
    }

    /// `limit`: 1 to 200, 50 when absent.
    pub fn limit(&mut self) -> i64 {
        self.parsed("limit", "a whole number from 1 to 200", |value| {
            value
                .parse::<i64>()
                .ok()
                .filter(|limit| (1..=MAX_LIMIT).contains(limit))
        })
        .unwrap_or(DEFAULT_LIMIT)
    }

    /// `updated_since`: an RFC 3339 time such as `2026-12-01T00:00:00Z`.
    pub fn updated_since(&mut self) -> Option<DateTime<Utc>> {
        self.parsed(
            "updated_since",
            "an RFC 3339 date and time such as 2026-12-01T00:00:00Z",
            |value| {
                DateTime::parse_from_rfc3339(value)
                    .ok()
                    .map(|at| at.with_timezone(&Utc))
            },
        )
    }

    /// Records a problem found by the caller (a cursor from elsewhere, say).
    pub fn reject(&mut self, name: &str, detail: &str) {
        self.errors.push(invalid(name, detail.to_owned()));
    }

    /// The parameters as given, for building the next page's address.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Ok when every parameter was understood; else one problem naming each.
    pub fn finish(&mut self) -> Result<(), Problem> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Problem::invalid_parameters(std::mem::take(
                &mut self.errors,
            )))
        }
    }
}

/// An id from the path: a whole number (one no row has is a 404 later),
/// else a 400 naming `id`.
pub fn path_id(value: &str) -> Result<i64, Problem> {
    value.parse::<i64>().map_err(|_| {
        Problem::invalid_parameters(vec![invalid("id", "must be a whole number".to_owned())])
    })
}

/// A slug from the path; one no row could have (too long, control
/// characters) is a 404 without asking the database.
pub fn path_slug(value: &str, what: &str) -> Result<String, Problem> {
    if value.chars().count() > MAX_TEXT_CHARS || value.chars().any(char::is_control) {
        return Err(Problem::not_found(what));
    }
    Ok(value.to_owned())
}

/// `YYYY-MM` exactly, as the document's pattern for `month` says.
pub fn month(value: &str) -> Option<crate::catalog::filters::YearMonth> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    (bytes.len() == 7 && bytes[4] == b'-' && digits(0..4) && digits(5..7))
        .then(|| crate::catalog::filters::YearMonth::parse(value))
        .flatten()
}

/// An account's role, as the `role` parameter takes it.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case", example = "learner")]
#[allow(dead_code)] // Only described: `role` is read by its handler.
pub enum RoleParam {
    Learner,
    Admin,
}

/// Where a learner stands in a run, as the `status` parameter takes it.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case", example = "confirmed")]
#[allow(dead_code)] // Only described: `status` is read with `PlaceStatus::from_column`.
pub enum PlaceStatusParam {
    Confirmed,
    Offered,
    Waitlisted,
    Cancelled,
    Expired,
}

/// Where an enquiry stands in the inbox.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case", example = "in_progress")]
#[allow(dead_code)] // Only described: `status` is read with `EnquiryStatus::from_column`.
pub enum EnquiryStatusParam {
    New,
    InProgress,
    Answered,
    Closed,
    Spam,
}

/// How a run is delivered, as the `mode` parameter takes it.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case", example = "online")]
#[allow(dead_code)] // Only described: `mode` is read with `DeliveryMode::from_column`.
pub enum Mode {
    Online,
    InPerson,
}

fn invalid(name: &str, detail: String) -> InvalidInput {
    InvalidInput {
        parameter: Some(name.chars().take(MAX_TEXT_CHARS).collect()),
        pointer: None,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> QueryParams {
        QueryParams::parse(Some(query), &["q", "limit", "updated_since"])
    }

    fn failed_parameters(params: &mut QueryParams) -> Vec<String> {
        params
            .finish()
            .unwrap_err()
            .errors
            .into_iter()
            .filter_map(|error| error.parameter)
            .collect()
    }

    #[test]
    fn a_valid_query_passes() {
        let mut params = params("q=aws%20cloud&limit=20&updated_since=2026-12-01T08:00:00%2B08:00");
        assert_eq!(params.text("q").as_deref(), Some("aws cloud"));
        assert_eq!(params.limit(), 20);
        assert_eq!(
            params.updated_since().unwrap().to_rfc3339(),
            "2026-12-01T00:00:00+00:00"
        );
        assert!(params.finish().is_ok());
    }

    #[test]
    fn absent_values_take_the_defaults_and_empty_text_is_absent() {
        let mut params = params("q=");
        assert_eq!(params.text("q"), None);
        assert_eq!(params.limit(), DEFAULT_LIMIT);
        assert!(params.finish().is_ok());
    }

    #[test]
    fn an_empty_or_padded_number_is_not_a_number() {
        for bad in ["", "%205", "5%20"] {
            let mut params = params(&format!("limit={bad}"));
            params.limit();
            assert_eq!(failed_parameters(&mut params), ["limit"], "limit={bad:?}");
        }
    }

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let mut params = params("qq=x&limit=5&limit=6");
        params.limit();
        assert_eq!(failed_parameters(&mut params), ["qq", "limit"]);
    }

    #[test]
    fn limits_outside_one_to_two_hundred_are_refused() {
        for bad in ["0", "201", "-1", "ten", "1.5"] {
            let mut params = params(&format!("limit={bad}"));
            params.limit();
            assert_eq!(failed_parameters(&mut params), ["limit"], "limit={bad}");
        }
    }

    #[test]
    fn control_characters_are_dropped_from_text() {
        let mut mixed = params("q=a%00b%0A");
        assert_eq!(mixed.text("q").as_deref(), Some("ab"));
        let mut only_control = params("q=%00");
        assert_eq!(only_control.text("q"), None);
    }

    #[test]
    fn months_are_four_digits_a_dash_and_two() {
        assert_eq!(month("2027-01").map(|m| (m.year, m.month)), Some((2027, 1)));
        for bad in [
            "2027-1",
            "2027-13",
            "1999-12",
            "27-01",
            "2027/01",
            "2027-0a",
            "２０２７-01",
        ] {
            assert_eq!(month(bad).map(|m| m.year), None, "{bad}");
        }
    }

    #[test]
    fn a_time_without_zone_is_refused() {
        let mut params = params("updated_since=2026-12-01T00:00:00");
        params.updated_since();
        assert_eq!(failed_parameters(&mut params), ["updated_since"]);
    }
}
