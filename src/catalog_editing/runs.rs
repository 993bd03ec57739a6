//! Scheduling, changing and deleting a course's runs.

use super::{announce, Editor, Refused};
use crate::audit::{self, Actor, AuditEntry};
use crate::cache::Change;
use crate::catalog::fields::MAX_PRICE_CENTAVOS;
use crate::catalog::queries::{self, Reference, RunFields, RunRow};
use crate::catalog::{DeliveryMode, RunStatus};
use crate::enrollment;
use crate::state::AppState;

/// The most seats a run may have.
pub const CAPACITY_MAX: i64 = 500;

/// The fields checked by the schedule's rules, or every mistake at once:
/// the field's name and why.
pub fn checked(fields: &RunFields) -> Result<(), Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    if fields.ends_at <= fields.starts_at {
        problems.push(("ends_at", "The run must end after it starts.".to_owned()));
    }
    match (DeliveryMode::from_column(&fields.mode), fields.venue_id) {
        (None, _) => problems.push(("mode", "Choose online or in person.".to_owned())),
        (Some(DeliveryMode::InPerson), None) => {
            problems.push(("venue_id", "An in-person run needs a venue.".to_owned()))
        }
        (Some(DeliveryMode::Online), Some(_)) => problems.push((
            "venue_id",
            "An online run has no venue; leave it empty.".to_owned(),
        )),
        _ => {}
    }
    let count = format!("Enter a whole number from 1 to {CAPACITY_MAX}.");
    if !(1..=CAPACITY_MAX).contains(&fields.capacity) {
        problems.push(("capacity", count.clone()));
    }
    if !(1..=CAPACITY_MAX).contains(&fields.min_to_run) {
        problems.push(("min_to_run", count));
    } else if fields.min_to_run > fields.capacity && fields.capacity >= 1 {
        problems.push((
            "min_to_run",
            "The minimum cannot be above the capacity.".to_owned(),
        ));
    }
    if fields
        .price_override_centavos
        .is_some_and(|price| !(0..=MAX_PRICE_CENTAVOS).contains(&price))
    {
        problems.push((
            "price_override_centavos",
            "That price is out of range.".to_owned(),
        ));
    }
    if RunStatus::from_column(&fields.status).is_none() {
        problems.push(("status", "Choose a status.".to_owned()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The fields a problem `checked` names on `field` depends on: a change that
/// sent only some of them met the others as stored.
pub fn depends_on(field: &str) -> &'static [&'static str] {
    match field {
        "ends_at" => &["starts_at", "ends_at"],
        "venue_id" => &["mode", "venue_id"],
        "min_to_run" => &["capacity", "min_to_run"],
        "mode" => &["mode"],
        "capacity" => &["capacity"],
        "price_override_centavos" => &["price_override_centavos"],
        _ => &["status"],
    }
}

/// A stored run as the fields a change writes.
pub fn fields_of(run: &RunRow) -> RunFields {
    RunFields {
        course_id: run.course_id,
        starts_at: run.starts_at,
        ends_at: run.ends_at,
        mode: run.mode.as_str().to_owned(),
        venue_id: run.venue_id,
        trainer_id: run.trainer_id,
        capacity: run.capacity,
        min_to_run: run.min_to_run,
        price_override_centavos: run.price_override_centavos,
        status: run.status.as_str().to_owned(),
    }
}

fn seats_taken_message(taken: i64) -> String {
    format!("{taken} seats are taken; the capacity cannot go below that.")
}

/// The course, venue and trainer the fields name all exist.
async fn references_exist(
    tx: &mut crate::db::Transaction,
    fields: &RunFields,
) -> Result<queries::CourseRow, Refused> {
    let course = queries::course_by_id_in(tx, fields.course_id)
        .await?
        .ok_or(Refused::Unknown("course_id"))?;
    for (field, kind, id) in [
        ("venue_id", Reference::Venue, fields.venue_id),
        ("trainer_id", Reference::Trainer, fields.trainer_id),
    ] {
        if let Some(id) = id {
            if queries::reference_by_id(tx, kind, id).await?.is_none() {
                return Err(Refused::Unknown(field));
            }
        }
    }
    Ok(course)
}

/// Schedules a run, or changes run `id`: `edit` gets the run as it is now
/// (inside the transaction, locked) and gives the fields to store, or
/// refuses. A capacity raised offers the new seats to the waitlist; a new
/// date tells everyone with a place; receivers hear of the run. Gives the
/// run as stored.
pub async fn save(
    state: &AppState,
    editor: &Editor,
    id: Option<i64>,
    edit: impl FnOnce(Option<&RunRow>) -> Result<RunFields, Refused>,
) -> Result<RunRow, Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = match id {
        None => None,
        Some(id) => Some(
            queries::run_by_id_in(&mut tx, id)
                .await?
                .ok_or(Refused::NotFound)?,
        ),
    };
    let fields = edit(before.as_ref())?;
    checked(&fields).map_err(Refused::Invalid)?;
    let course = references_exist(&mut tx, &fields).await?;
    let id = match &before {
        None => queries::insert_run(&mut tx, &fields, now).await?,
        Some(run) => {
            if fields.capacity < run.seats_taken {
                return Err(Refused::Conflict(
                    "capacity",
                    seats_taken_message(run.seats_taken),
                ));
            }
            queries::update_run(&mut tx, run.id, &fields, now).await?;
            // The row is locked from the read above on PostgreSQL, and
            // SQLite's write transaction holds the database: this count is
            // the one the capacity must hold.
            let taken = queries::seats_taken_in(&mut tx, run.id).await?;
            if taken > fields.capacity {
                return Err(Refused::Conflict("capacity", seats_taken_message(taken)));
            }
            offer_new_seats(state, &mut tx, run.id, now).await?;
            // A new date or time: reminders move with it, and everyone with
            // a place hears of the change.
            if fields.starts_at != run.starts_at || fields.ends_at != run.ends_at {
                enrollment::service::run_moved(state, &mut tx, run.id).await?;
            }
            run.id
        }
    };
    queries::refresh_next_runs(&mut tx, queries::NextRunsOf::Course(course.id), now).await?;
    let after = serde_json::to_value(&fields).unwrap_or_default();
    let action = match before {
        Some(_) => "run.updated",
        None => "run.created",
    };
    let mut entry = AuditEntry::new(action, editor.actor.clone())
        .target("course_run", id)
        .from_ip(editor.ip);
    entry = match &before {
        Some(run) => {
            let before = serde_json::to_value(fields_of(run)).unwrap_or_default();
            let (was, now) = audit::changed_fields(&before, &after);
            entry.before(was).after(now)
        }
        None => entry.after(after),
    };
    audit::record(&mut tx, &entry, now).await?;
    announce::run_saved(state, &mut tx, id, &course.slug, &fields, before.as_ref()).await?;
    let saved = queries::run_by_id_in(&mut tx, id)
        .await?
        .ok_or(Refused::NotFound)?;
    tx.commit().await?;
    state
        .caches
        .invalidate(&Change::RunsOf { slug: course.slug });
    Ok(saved)
}

/// A bigger run: its new seats go to the waitlist as offers.
async fn offer_new_seats(
    state: &AppState,
    tx: &mut crate::db::Transaction,
    run_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Refused> {
    let offers = enrollment::store::offer_free_seats(
        tx,
        now,
        run_id,
        state.settings.enrollment.offer_valid_for,
    )
    .await?;
    for offer in offers {
        enrollment::service::send_offer(state, tx, offer).await?;
        let entry = AuditEntry::new("enrollment.offered", Actor::system())
            .target("enrollment", offer.place_id)
            .before(serde_json::json!({ "status": "waitlisted" }))
            .after(serde_json::json!({ "status": "offered", "reason": "capacity raised" }));
        audit::record(tx, &entry, now).await?;
    }
    Ok(())
}

/// Deletes run `id` if nobody ever had a place on it; `precondition` gets
/// the run as it is now (inside the transaction) and may refuse. A run with
/// places (even cancelled or expired ones) is history: it can be cancelled,
/// not deleted. Decided inside the transaction, so a learner who enrolls
/// meanwhile cannot be deleted with it. Gives the run as it was.
pub async fn delete(
    state: &AppState,
    editor: &Editor,
    id: i64,
    precondition: impl FnOnce(&RunRow) -> Result<(), Refused>,
) -> Result<RunRow, Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let run = queries::run_by_id_in(&mut tx, id)
        .await?
        .ok_or(Refused::NotFound)?;
    precondition(&run)?;
    let places = queries::dependents(&mut tx, "enrollments", "run_id", id).await?;
    if places > 0 {
        let noun = if places == 1 { "place" } else { "places" };
        return Err(Refused::InUse(format!(
            "This run has {places} {noun} on record (confirmed, waiting, cancelled or expired), so it cannot be deleted: \
             its history matters. Cancel the run instead (set its status to Cancelled)."
        )));
    }
    queries::delete_row(&mut tx, "course_runs", id).await?;
    queries::refresh_next_runs(&mut tx, queries::NextRunsOf::Course(run.course_id), now).await?;
    let entry = AuditEntry::new("run.deleted", editor.actor.clone())
        .target("course_run", id)
        .before(serde_json::json!({ "course_id": run.course_id, "starts_at": run.starts_at, "mode": run.mode.as_str() }))
        .from_ip(editor.ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&Change::RunsOf {
        slug: run.course_slug.clone(),
    });
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn run() -> RunFields {
        let starts_at = Utc.with_ymd_and_hms(2027, 1, 11, 1, 0, 0).unwrap();
        RunFields {
            course_id: 1,
            starts_at,
            ends_at: starts_at + Duration::hours(8),
            mode: "in_person".into(),
            venue_id: Some(1),
            trainer_id: None,
            capacity: 16,
            min_to_run: 4,
            price_override_centavos: None,
            status: "scheduled".into(),
        }
    }

    #[test]
    fn a_valid_run_passes() {
        assert!(checked(&run()).is_ok());
    }

    #[test]
    fn the_fields_must_agree_with_each_other() {
        let fields = |problems: Vec<(&'static str, String)>| -> Vec<&'static str> {
            problems.into_iter().map(|(field, _)| field).collect()
        };
        let backwards = RunFields {
            ends_at: run().starts_at,
            min_to_run: 20,
            venue_id: None,
            ..run()
        };
        assert_eq!(
            fields(checked(&backwards).unwrap_err()),
            ["ends_at", "venue_id", "min_to_run"]
        );
        let online_with_a_venue = RunFields {
            mode: "online".into(),
            ..run()
        };
        assert_eq!(
            fields(checked(&online_with_a_venue).unwrap_err()),
            ["venue_id"]
        );
    }

    #[test]
    fn counts_and_prices_stay_in_range() {
        let out_of_range = RunFields {
            capacity: CAPACITY_MAX + 1,
            min_to_run: 0,
            price_override_centavos: Some(-1),
            status: "postponed".into(),
            ..run()
        };
        let problems = checked(&out_of_range).unwrap_err();
        let names: Vec<&str> = problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            names,
            [
                "capacity",
                "min_to_run",
                "price_override_centavos",
                "status"
            ]
        );
    }
}
