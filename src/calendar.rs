//! iCalendar (RFC 5545) files: one run, or (later) a learner's feed. Times are
//! written in UTC with a `Z`, so every calendar app places them correctly
//! whatever its own zone.

use chrono::{DateTime, Utc};

pub struct CalendarEvent {
    /// Globally unique and stable, so re-importing updates rather than duplicates.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub cancelled: bool,
}

/// The UID of a run's event, the same in a downloaded file and in a feed, so
/// a calendar holding both shows the run once.
pub fn run_uid(run_id: i64, public_url: &str) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or("kurso")
        .trim_end_matches('/');
    format!("run-{run_id}@{host}")
}

/// A calendar holding `events`, with CRLF line ends and long lines folded.
pub fn calendar(events: &[CalendarEvent], stamp: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Kurso//Course runs//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    for event in events {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape(&event.uid)),
            format!("DTSTAMP:{}", utc(stamp)),
            format!("DTSTART:{}", utc(event.starts_at)),
            format!("DTEND:{}", utc(event.ends_at)),
            format!("SUMMARY:{}", escape(&event.summary)),
            format!("DESCRIPTION:{}", escape(&event.description)),
            format!("LOCATION:{}", escape(&event.location)),
            format!("URL:{}", event.url),
            format!(
                "STATUS:{}",
                if event.cancelled {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                }
            ),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines
        .iter()
        .map(|line| fold(line))
        .collect::<Vec<_>>()
        .join("")
}

fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Text values escape backslashes, semicolons, commas and line breaks.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Lines longer than 75 octets continue on the next line after a space, split
/// between characters, never inside one.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for character in line.chars() {
        let size = character.len_utf8();
        if width + size > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(character);
        width += size;
    }
    folded.push_str("\r\n");
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: "run-7@kurso".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 8, 1, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap(),
            summary: "AWS Security, Identity; and Compliance".into(),
            description: "Line one\nLine two".into(),
            location: "Online".into(),
            url: "https://kurso.example/courses/aws".into(),
            cancelled: false,
        }
    }

    #[test]
    fn times_are_utc_and_text_is_escaped() {
        let ics = calendar(
            &[event()],
            Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap(),
        );
        assert!(ics.contains("DTSTART:20261208T010000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261210T090000Z\r\n"), "{ics}");
        assert!(
            ics.contains(r"SUMMARY:AWS Security\, Identity\; and Compliance"),
            "{ics}"
        );
        assert!(ics.contains(r"DESCRIPTION:Line one\nLine two"), "{ics}");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part:?} is {} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }
}
