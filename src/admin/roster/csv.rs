//! `/admin/runs/{id}/roster.csv`: the roster as a spreadsheet file.
//!
//! The `csv` crate does the quoting (commas, quotes and line breaks inside
//! names survive). Two things it does not do are Kurso's: a UTF-8 byte-order
//! mark, without which Excel reads "Peña" as "PeÃ±a", and neutralising cells
//! that a spreadsheet would run as a formula (a learner named `=HYPERLINK(…)`).

use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

use super::model::Roster;
use super::service::roster;
use crate::accounts::server::guard::Viewer;
use crate::errors::AppError;
use crate::state::AppState;

pub async fn download(
    State(state): State<AppState>,
    Path(run_id): Path<String>,
    request: Request,
) -> Response {
    let viewer = request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    if let Err(error) = viewer.require_admin() {
        return problem(&error);
    }
    let Ok(run_id) = run_id.parse::<i64>() else {
        return problem(&AppError::NotFound);
    };
    let roster = match roster(&state, run_id).await {
        Ok(roster) => roster,
        Err(error) => return problem(&error),
    };
    match to_csv(&roster) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"roster-run-{run_id}.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot write the roster file");
            problem(&AppError::Internal)
        }
    }
}

fn problem(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.to_string()).into_response()
}

pub fn to_csv(roster: &Roster) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record([
        "Name",
        "Email",
        "Status",
        "Waitlist position",
        "Offer until",
        "Attended",
        "Since",
    ])?;
    for person in &roster.people {
        let attended = match person.attended {
            Some(true) => "Yes",
            Some(false) => "No",
            None => "",
        };
        out.write_record([
            safe_cell(&person.name).as_str(),
            safe_cell(&person.email).as_str(),
            person.status.label(),
            &person
                .waitlist_position
                .map(|position| position.to_string())
                .unwrap_or_default(),
            person.offer_until.as_deref().unwrap_or_default(),
            attended,
            &person.since,
        ])?;
    }
    out.into_inner().map_err(|error| error.into_error().into())
}

/// A cell a spreadsheet would read as a formula gets a leading apostrophe,
/// which spreadsheets show as text (OWASP's advice for CSV injection).
fn safe_cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::roster::model::RosterEntry;
    use crate::enrollment::model::PlaceStatus;

    fn roster(people: Vec<RosterEntry>) -> Roster {
        Roster {
            run_id: 1,
            course_id: 1,
            course_title: "AWS Security".into(),
            dates: String::new(),
            times: String::new(),
            place: String::new(),
            status: String::new(),
            capacity: 20,
            seats_taken: 1,
            seats_confirmed: 1,
            min_to_run: 5,
            started: false,
            people,
            move_targets: Vec::new(),
        }
    }

    fn person(name: &str) -> RosterEntry {
        RosterEntry {
            place_id: 1,
            name: name.into(),
            email: "ana@example.com".into(),
            status: PlaceStatus::Confirmed,
            waitlist_position: None,
            offer_until: None,
            attended: Some(true),
            since: "1 Dec 2026".into(),
        }
    }

    #[test]
    fn names_with_commas_quotes_and_accents_survive() {
        let body = to_csv(&roster(vec![person("Peña, \"Ana\" María")])).unwrap();
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with('\u{feff}'), "a BOM for spreadsheets");
        assert!(
            text.contains("\"Peña, \"\"Ana\"\" María\",ana@example.com,Confirmed,,,Yes,1 Dec 2026")
        );
    }

    #[test]
    fn formula_like_cells_are_kept_as_text() {
        let text =
            String::from_utf8(to_csv(&roster(vec![person("=HYPERLINK(\"x\")")])).unwrap()).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""));
        assert_eq!(safe_cell("-1"), "'-1");
        assert_eq!(safe_cell("Ana"), "Ana");
    }
}
