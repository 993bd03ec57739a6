//! The catalog's search and filters, as they appear in the URL query. Every
//! result page is a link: `/courses?q=aws&city=Cebu+City&mode=online&page=2`.
//! Parsed the same way on the server and in the browser; a value that does not
//! parse is dropped and reported, never an error page.

use serde::{Deserialize, Serialize};

use super::model::DeliveryMode;

/// Courses shown per catalog page.
pub const PAGE_SIZE: u32 = 12;
/// Words of a search that are used; the rest are ignored.
pub const MAX_SEARCH_WORDS: usize = 8;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CatalogSort {
    /// Best match first; the default when searching.
    Relevance,
    /// The course with the soonest matching run first; the default otherwise.
    #[default]
    Soonest,
    Title,
    PriceLow,
    PriceHigh,
}

impl CatalogSort {
    pub const CHOICES: [Self; 5] = [
        Self::Relevance,
        Self::Soonest,
        Self::Title,
        Self::PriceLow,
        Self::PriceHigh,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Soonest => "soonest",
            Self::Title => "title",
            Self::PriceLow => "price",
            Self::PriceHigh => "price-desc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Relevance => "Best match",
            Self::Soonest => "Soonest run",
            Self::Title => "Title (A–Z)",
            Self::PriceLow => "Price (low to high)",
            Self::PriceHigh => "Price (high to low)",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        Self::CHOICES
            .into_iter()
            .find(|sort| sort.as_str() == value)
    }
}

/// A calendar month, `2026-12` in URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn parse(value: &str) -> Option<Self> {
        let (year, month) = value.split_once('-')?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some(Self { year, month })
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {}", NAMES[(self.month - 1) as usize], self.year)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CatalogFilters {
    /// The search words as typed (trimmed).
    pub q: String,
    /// A category slug.
    pub category: Option<String>,
    pub mode: Option<DeliveryMode>,
    pub city: Option<String>,
    /// Only courses with a run starting in this month (site time zone).
    pub month: Option<YearMonth>,
    /// Price bounds in whole pesos, as typed by visitors.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// `None` means the default for the query: relevance when searching.
    pub sort: Option<CatalogSort>,
    /// 1-based.
    pub page: u32,
}

/// Filters read from a URL, with what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFilters {
    pub filters: CatalogFilters,
    pub problems: Vec<String>,
}

impl CatalogFilters {
    /// Reads the filters from the query pairs of a URL.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ParsedFilters {
        let mut filters = CatalogFilters {
            page: 1,
            ..Default::default()
        };
        let mut problems = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "q" => filters.q = value.chars().take(200).collect(),
                "category" => filters.category = Some(value.chars().take(100).collect()),
                "city" => filters.city = Some(value.chars().take(100).collect()),
                "mode" => match DeliveryMode::from_column(value) {
                    Some(mode) => filters.mode = Some(mode),
                    None => problems.push("Delivery must be online or in person.".to_owned()),
                },
                "month" => match YearMonth::parse(value) {
                    Some(month) => filters.month = Some(month),
                    None => problems.push("The month must look like 2026-12.".to_owned()),
                },
                "min_price" => match parse_pesos(value) {
                    Some(pesos) => filters.min_price = Some(pesos),
                    None => problems
                        .push("The minimum price must be a whole number of pesos.".to_owned()),
                },
                "max_price" => match parse_pesos(value) {
                    Some(pesos) => filters.max_price = Some(pesos),
                    None => problems
                        .push("The maximum price must be a whole number of pesos.".to_owned()),
                },
                "sort" => match CatalogSort::parse(value) {
                    Some(sort) => filters.sort = Some(sort),
                    None => problems.push("Unknown sort order; showing the default.".to_owned()),
                },
                "page" => match value.parse::<u32>() {
                    Ok(page) if (1..=100_000).contains(&page) => filters.page = page,
                    _ => problems.push("Unknown page; showing the first.".to_owned()),
                },
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (filters.min_price, filters.max_price) {
            if min > max {
                problems.push(
                    "The minimum price was above the maximum, so they were swapped.".to_owned(),
                );
                filters.min_price = Some(max);
                filters.max_price = Some(min);
            }
        }
        ParsedFilters { filters, problems }
    }

    /// Reads the filters from a raw query string such as `q=aws&page=2`.
    pub fn from_query(query: &str) -> ParsedFilters {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The order results come in: the chosen one, else best match for a search
    /// and soonest run otherwise. Relevance without words means soonest.
    pub fn effective_sort(&self) -> CatalogSort {
        match (self.sort, self.search_words().is_empty()) {
            (Some(CatalogSort::Relevance), true) | (None, true) => CatalogSort::Soonest,
            (Some(sort), _) => sort,
            (None, false) => CatalogSort::Relevance,
        }
    }

    /// The search split into lower-case words of letters and digits: the only
    /// form that reaches the full-text index, so no query syntax gets through.
    pub fn search_words(&self) -> Vec<String> {
        search_words(&self.q)
    }

    /// True when a filter narrows courses by their runs.
    pub fn filters_runs(&self) -> bool {
        self.mode.is_some() || self.city.is_some() || self.month.is_some()
    }

    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.category.is_some()
            || self.filters_runs()
            || self.min_price.is_some()
            || self.max_price.is_some()
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The canonical query string (defaults left out, fixed key order), so equal
    /// filters give equal links and equal cache keys.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(category) = &self.category {
            pairs.push(("category", category.clone()));
        }
        if let Some(mode) = self.mode {
            pairs.push(("mode", mode.as_str().to_owned()));
        }
        if let Some(city) = &self.city {
            pairs.push(("city", city.clone()));
        }
        if let Some(month) = self.month {
            pairs.push(("month", month.to_string()));
        }
        if let Some(min) = self.min_price {
            pairs.push(("min_price", min.to_string()));
        }
        if let Some(max) = self.max_price {
            pairs.push(("max_price", max.to_string()));
        }
        if let Some(sort) = self.sort {
            pairs.push(("sort", sort.as_str().to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", encode(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The link to these filters on the catalog page.
    pub fn href(&self) -> String {
        match self.to_query() {
            query if query.is_empty() => "/courses".to_owned(),
            query => format!("/courses?{query}"),
        }
    }
}

/// "18,500", "₱18500" or "18500" → 18500. Whole pesos only.
fn parse_pesos(value: &str) -> Option<i64> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ',' | '₱' | ' '))
        .collect();
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|pesos| (0..=100_000_000).contains(pesos))
}

/// Percent-encodes a query value (space as `+`, as browsers send forms).
/// What a visitor typed into a search box, as lower-case words of letters and
/// digits (the blog searches the same way as the catalog).
pub fn search_words(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word.to_lowercase().chars().take(40).collect())
        .take(MAX_SEARCH_WORDS)
        .collect()
}

pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Decodes a query component; invalid escapes are kept as they are.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_a_round_trip_through_the_url() {
        let filters = CatalogFilters {
            q: "aws security & co".into(),
            category: Some("cloud".into()),
            mode: Some(DeliveryMode::InPerson),
            city: Some("Cebu City".into()),
            month: Some(YearMonth {
                year: 2026,
                month: 12,
            }),
            min_price: Some(5_000),
            max_price: Some(30_000),
            sort: Some(CatalogSort::PriceLow),
            page: 3,
        };

        let parsed = CatalogFilters::from_query(&filters.to_query());

        assert_eq!(parsed.filters, filters);
        assert!(parsed.problems.is_empty());
        assert!(filters
            .href()
            .starts_with("/courses?q=aws+security+%26+co&category=cloud"));
    }

    #[test]
    fn defaults_leave_the_url_clean() {
        let parsed = CatalogFilters::from_query("q=&city=&page=1");
        assert_eq!(parsed.filters.href(), "/courses");
        assert_eq!(parsed.filters.page, 1);
    }

    #[test]
    fn values_that_do_not_parse_are_dropped_and_reported() {
        let parsed =
            CatalogFilters::from_query("mode=hybrid&month=soon&min_price=cheap&page=0&sort=random");

        assert_eq!(
            parsed.filters,
            CatalogFilters {
                page: 1,
                ..Default::default()
            }
        );
        assert_eq!(parsed.problems.len(), 5, "{:?}", parsed.problems);
    }

    #[test]
    fn a_price_range_given_backwards_is_swapped() {
        let parsed = CatalogFilters::from_query("min_price=30%2C000&max_price=%E2%82%B15000");
        assert_eq!(parsed.filters.min_price, Some(5_000));
        assert_eq!(parsed.filters.max_price, Some(30_000));
        assert_eq!(parsed.problems.len(), 1);
    }

    #[test]
    fn search_words_keep_only_letters_and_digits() {
        let filters = CatalogFilters {
            q: r#"AWS "security" OR title:* NEAR(x"#.into(),
            ..Default::default()
        };
        assert_eq!(
            filters.search_words(),
            ["aws", "security", "or", "title", "near", "x"]
        );
    }

    #[test]
    fn searching_sorts_by_best_match_unless_told_otherwise() {
        let searching = CatalogFilters {
            q: "python".into(),
            ..Default::default()
        };
        assert_eq!(searching.effective_sort(), CatalogSort::Relevance);
        let browsing = CatalogFilters {
            sort: Some(CatalogSort::Relevance),
            ..Default::default()
        };
        assert_eq!(browsing.effective_sort(), CatalogSort::Soonest);
    }

    #[test]
    fn months_parse_and_step_over_the_year_end() {
        let december = YearMonth::parse("2026-12").unwrap();
        assert_eq!(december.next().to_string(), "2027-01");
        assert_eq!(december.label(), "December 2026");
        assert_eq!(YearMonth::parse("2026-13"), None);
    }

    #[test]
    fn percent_decoding_handles_utf8_and_broken_escapes() {
        assert_eq!(decode("Cebu+City"), "Cebu City");
        assert_eq!(decode("%E2%82%B1"), "₱");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
