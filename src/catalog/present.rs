//! Turns catalog rows into what pages show: dates in the site's time zone,
//! prices, seats, and schema.org JSON-LD for search engines.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use super::model::{format_price, run_confirmation, seats_left_label, DeliveryMode};
use super::queries::{CourseCardRow, CourseRow, RunRow};
use super::summaries::{CourseCard, RunSummary, UpcomingRun};

/// "Tue 8 Dec 2026", "Tue 8 – Thu 10 Dec 2026", "Mon 30 Nov – Tue 1 Dec 2026".
pub fn date_range(starts: DateTime<Utc>, ends: DateTime<Utc>, zone: Tz) -> String {
    let (start, end) = (starts.with_timezone(&zone), ends.with_timezone(&zone));
    if start.date_naive() == end.date_naive() {
        start.format("%a %-d %b %Y").to_string()
    } else if (start.year(), start.month()) == (end.year(), end.month()) {
        format!(
            "{} – {}",
            start.format("%a %-d"),
            end.format("%a %-d %b %Y")
        )
    } else if start.year() == end.year() {
        format!(
            "{} – {}",
            start.format("%a %-d %b"),
            end.format("%a %-d %b %Y")
        )
    } else {
        format!(
            "{} – {}",
            start.format("%a %-d %b %Y"),
            end.format("%a %-d %b %Y")
        )
    }
}

/// "Thu 3 Dec 2026, 4:30 PM": one moment in the site's time zone.
pub fn moment(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b %Y, %-I:%M %p")
        .to_string()
}

/// Where a run takes place: "Online", "Venue, City", or, for an in-person run
/// without a venue yet, "Venue to be announced".
pub fn place_label(
    mode: DeliveryMode,
    venue_name: Option<&str>,
    venue_city: Option<&str>,
) -> String {
    match (mode, venue_name, venue_city) {
        (DeliveryMode::Online, _, _) => "Online".to_owned(),
        (_, Some(venue), Some(city)) => format!("{venue}, {city}"),
        _ => "Venue to be announced".to_owned(),
    }
}

/// "9:00 AM – 5:00 PM, Manila time": the daily hours, and whose clock they are.
pub fn time_range(starts: DateTime<Utc>, ends: DateTime<Utc>, zone: Tz) -> String {
    let (start, end) = (starts.with_timezone(&zone), ends.with_timezone(&zone));
    let city = zone
        .name()
        .rsplit('/')
        .next()
        .unwrap_or("local")
        .replace('_', " ");
    format!(
        "{} – {}, {city} time",
        start.format("%-I:%M %p"),
        end.format("%-I:%M %p")
    )
}

/// The UTC window of a calendar month in the site's time zone.
pub fn month_window(
    month: crate::catalog::filters::YearMonth,
    zone: Tz,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    use chrono::TimeZone;
    let start = zone
        .with_ymd_and_hms(month.year, month.month, 1, 0, 0, 0)
        .earliest()?;
    let next = month.next();
    let end = zone
        .with_ymd_and_hms(next.year, next.month, 1, 0, 0, 0)
        .earliest()?;
    Some((start.with_timezone(&Utc), end.with_timezone(&Utc)))
}

pub fn run_summary(row: &RunRow, zone: Tz) -> RunSummary {
    let mode = row.mode;
    let place = row.place_label();
    let seats_left = row.seats_left();
    RunSummary {
        id: row.id,
        course_slug: row.course_slug.clone(),
        course_title: row.course_title.clone(),
        dates: date_range(row.starts_at, row.ends_at, zone),
        times: time_range(row.starts_at, row.ends_at, zone),
        month: row
            .starts_at
            .with_timezone(&zone)
            .format("%B %Y")
            .to_string(),
        mode,
        place,
        seats_left,
        seats_label: seats_left_label(seats_left, row.waitlist_length),
        confirmation: run_confirmation(row.seats_confirmed, row.min_to_run),
        guaranteed: row.guaranteed_to_run(),
        price: format_price(row.price_centavos, &row.currency),
        trainer: row.trainer_name.clone(),
        ics_href: ics_href(&row.course_slug, row.id),
    }
}

/// A run as the home page and the blog list it: when, where, how many seats.
pub fn upcoming_run(row: &RunRow, zone: Tz) -> UpcomingRun {
    let run = run_summary(row, zone);
    UpcomingRun {
        run_id: run.id,
        starts: moment(row.starts_at, zone),
        mode: run.mode,
        place: match (&row.venue_city, run.mode) {
            (Some(city), DeliveryMode::InPerson) => city.clone(),
            _ => "Online".to_owned(),
        },
        seats_label: run.seats_label,
        course_slug: run.course_slug,
        course_title: run.course_title,
    }
}

/// A course as a card: title, code, summary and price.
pub fn course_card(row: CourseCardRow) -> CourseCard {
    CourseCard {
        price: format_price(row.price_centavos, &row.currency),
        slug: row.slug,
        code: row.code,
        title: row.title,
        summary: row.summary,
    }
}

pub fn ics_href(course_slug: &str, run_id: i64) -> String {
    format!("/courses/{course_slug}/runs/{run_id}.ics")
}

/// JSON for a `<script type="application/ld+json">` element: `<` is escaped so
/// no text can close the element.
pub fn embeddable(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

fn price_value(centavos: i64) -> String {
    format!("{}.{:02}", centavos / 100, centavos % 100)
}

fn organization(site_name: &str, public_url: &str) -> Value {
    json!({ "@type": "Organization", "name": site_name, "url": public_url })
}

fn event_location(row: &RunRow, public_url: &str) -> Value {
    if row.mode == DeliveryMode::Online {
        json!({
            "@type": "VirtualLocation",
            "url": format!("{public_url}/courses/{}", row.course_slug),
        })
    } else {
        json!({
            "@type": "Place",
            "name": row.venue_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": row.venue_address,
                "addressLocality": row.venue_city,
                "addressCountry": "PH",
            },
        })
    }
}

/// schema.org Course with its upcoming runs as course instances.
pub fn course_json_ld(
    course: &CourseRow,
    runs: &[RunRow],
    site_name: &str,
    public_url: &str,
) -> String {
    let instances: Vec<Value> = runs
        .iter()
        .map(|run| {
            json!({
                "@type": "CourseInstance",
                "courseMode": if run.mode == DeliveryMode::Online { "online" } else { "onsite" },
                "startDate": run.starts_at.to_rfc3339(),
                "endDate": run.ends_at.to_rfc3339(),
                "location": event_location(run, public_url),
                "instructor": run.trainer_name.as_ref().map(|name| json!({ "@type": "Person", "name": name })),
            })
        })
        .collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.summary,
        "courseCode": course.code,
        "url": format!("{public_url}/courses/{}", course.slug),
        "provider": organization(site_name, public_url),
        "offers": {
            "@type": "Offer",
            "category": "Paid",
            "price": price_value(course.price_centavos),
            "priceCurrency": course.currency,
        },
        "hasCourseInstance": instances,
    });
    if !course.certification_name.is_empty() {
        value["educationalCredentialAwarded"] = json!(course.certification_name);
    }
    embeddable(&value)
}

/// schema.org Events for a list of runs; online runs have a virtual location.
pub fn events_json_ld(runs: &[RunRow], site_name: &str, public_url: &str) -> String {
    let events: Vec<Value> = runs
        .iter()
        .map(|run| {
            let online = run.mode == DeliveryMode::Online;
            let url = format!("{public_url}/courses/{}", run.course_slug);
            json!({
                "@type": "Event",
                "name": run.course_title,
                "description": run.course_summary,
                "startDate": run.starts_at.to_rfc3339(),
                "endDate": run.ends_at.to_rfc3339(),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": if online {
                    "https://schema.org/OnlineEventAttendanceMode"
                } else {
                    "https://schema.org/OfflineEventAttendanceMode"
                },
                "location": event_location(run, public_url),
                "organizer": organization(site_name, public_url),
                "offers": {
                    "@type": "Offer",
                    "price": price_value(run.price_centavos),
                    "priceCurrency": run.currency,
                    "availability": if run.seats_taken >= run.capacity {
                        "https://schema.org/SoldOut"
                    } else {
                        "https://schema.org/InStock"
                    },
                    "url": url,
                },
            })
        })
        .collect();
    embeddable(&json!({ "@context": "https://schema.org", "@graph": events }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn dates_read_in_manila_time_and_collapse_what_repeats() {
        let manila = chrono_tz::Asia::Manila;
        // 01:00 UTC is 9:00 in Manila; 09:00 UTC is 17:00.
        assert_eq!(
            date_range(utc(2026, 12, 8, 1), utc(2026, 12, 8, 9), manila),
            "Tue 8 Dec 2026"
        );
        assert_eq!(
            date_range(utc(2026, 12, 8, 1), utc(2026, 12, 10, 9), manila),
            "Tue 8 – Thu 10 Dec 2026"
        );
        assert_eq!(
            date_range(utc(2026, 11, 30, 1), utc(2026, 12, 1, 9), manila),
            "Mon 30 Nov – Tue 1 Dec 2026"
        );
        assert_eq!(
            time_range(utc(2026, 12, 8, 1), utc(2026, 12, 8, 9), manila),
            "9:00 AM – 5:00 PM, Manila time"
        );
    }

    #[test]
    fn a_late_evening_utc_start_is_the_next_morning_in_manila() {
        let manila = chrono_tz::Asia::Manila;
        assert_eq!(
            date_range(utc(2026, 12, 7, 23), utc(2026, 12, 8, 7), manila),
            "Tue 8 Dec 2026"
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        assert_eq!(
            embeddable(&json!({"name": "</script>"})),
            r#"{"name":"\u003c/script>"}"#
        );
    }
}
