//! Validation and writes behind the admin's catalog server functions.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::announce;
use super::model::{AdminRun, CourseForm};
use crate::accounts::server::{request::client_ip, require_admin};
use crate::audit::{self, Actor, AuditEntry};
use crate::cache::Change;
use crate::catalog::fields::{
    optional, parse_choice, parse_code, parse_count, parse_price, parse_slug, required, slug_from,
};
use crate::catalog::present::{date_range, time_range};
use crate::catalog::queries::{self, CourseFields, RunFields, RunRow, WriteError};
use crate::catalog::{DeliveryMode, Level, RunStatus};
use crate::errors::{AppError, FormErrors};
use crate::state::AppState;

pub fn pesos_text(centavos: i64) -> String {
    if centavos % 100 == 0 {
        (centavos / 100).to_string()
    } else {
        format!("{}.{:02}", centavos / 100, centavos % 100)
    }
}

pub fn admin_run(run: &RunRow, zone: Tz) -> AdminRun {
    let (start, end) = (
        run.starts_at.with_timezone(&zone),
        run.ends_at.with_timezone(&zone),
    );
    AdminRun {
        id: run.id,
        dates: date_range(run.starts_at, run.ends_at, zone),
        times: time_range(run.starts_at, run.ends_at, zone),
        mode: run.mode.label().to_owned(),
        place: run.place_label(),
        trainer: run
            .trainer_name
            .clone()
            .unwrap_or_else(|| "To be assigned".to_owned()),
        seats: format!(
            "{} of {} taken ({} confirmed), minimum {}",
            run.seats_taken, run.capacity, run.seats_confirmed, run.min_to_run
        ),
        status: run.status.label().to_owned(),
        start_date: start.format("%Y-%m-%d").to_string(),
        start_time: start.format("%H:%M").to_string(),
        end_date: end.format("%Y-%m-%d").to_string(),
        end_time: end.format("%H:%M").to_string(),
        mode_value: run.mode.as_str().to_owned(),
        venue_id: run.venue_id.map(|id| id.to_string()).unwrap_or_default(),
        trainer_id: run.trainer_id.map(|id| id.to_string()).unwrap_or_default(),
        capacity: run.capacity.to_string(),
        min_to_run: run.min_to_run.to_string(),
        price_override: run
            .price_override_centavos
            .map(pesos_text)
            .unwrap_or_default(),
        status_value: run.status.as_str().to_owned(),
    }
}

fn invalid(errors: FormErrors) -> AppError {
    AppError::Invalid(errors).into_response_error()
}

fn refused(message: impl Into<String>) -> AppError {
    invalid(FormErrors::message(message))
}

/// Checks every field, collecting all the mistakes at once.
fn course_fields(form: &CourseForm) -> Result<CourseFields, FormErrors> {
    let mut errors = keep_all(FormErrors::new(), form);
    let mut check = |field: &str, result: Result<String, String>| {
        result
            .map_err(|message| errors.add(field, message))
            .unwrap_or_default()
    };
    let title = check("title", required(&form.title, 200, "a title"));
    let slug_input = if form.slug.trim().is_empty() {
        slug_from(&title)
    } else {
        form.slug.clone()
    };
    let slug = check("slug", parse_slug(&slug_input));
    let code = check("code", parse_code(&form.code));
    let summary = check(
        "summary",
        required(&form.summary, 400, "a one-sentence summary"),
    );
    let description = check("description", optional(&form.description, 20_000));
    let outline = check("outline", optional(&form.outline, 20_000));
    let prerequisites = check("prerequisites", optional(&form.prerequisites, 5_000));
    let certification_name = check(
        "certification_name",
        optional(&form.certification_name, 200),
    );
    let certification_vendor = check(
        "certification_vendor",
        optional(&form.certification_vendor, 200),
    );
    let duration_hours = parse_count(&form.duration_hours, 500)
        .map_err(|m| errors.add("duration_hours", m))
        .unwrap_or(0);
    let price_centavos = parse_price(&form.price)
        .map_err(|m| errors.add("price", m))
        .unwrap_or(0);
    let category_id = parse_choice(&form.category_id)
        .map_err(|m| errors.add("category_id", m))
        .unwrap_or(None);
    if category_id.is_none() && !errors.fields.contains_key("category_id") {
        errors.add("category_id", "Choose a category.");
    }
    if Level::from_column(&form.level).is_none() {
        errors.add("level", "Choose a level.");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CourseFields {
        slug,
        code,
        title,
        summary,
        description,
        outline,
        prerequisites,
        duration_hours,
        level: form.level.clone(),
        price_centavos,
        currency: "PHP".to_owned(),
        certification_name,
        certification_vendor,
        category_id,
        is_published: form.published,
        is_featured: form.featured,
    })
}

fn taken_message(field: &str) -> &'static str {
    match field {
        "slug" => "Another course already uses this slug.",
        "code" => "Another course already has this code.",
        _ => "This is already taken.",
    }
}

pub async fn save_course(form: CourseForm) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let fields = course_fields(&form).map_err(invalid)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = if form.id == 0 {
        None
    } else {
        let course = queries::course_by_id(&state.db, form.id)
            .await?
            .ok_or_else(|| AppError::NotFound.into_response_error())?;
        Some(course)
    };
    let outcome = match &before {
        None => queries::insert_course(&mut tx, &fields, now).await,
        Some(_) => queries::update_course(&mut tx, form.id, &fields, now)
            .await
            .map(|()| form.id),
    };
    let id = match outcome {
        Ok(id) => id,
        Err(WriteError::Taken(field)) => {
            let mut errors = keep_all(FormErrors::new(), &form);
            errors.add(field, taken_message(field));
            return Err(invalid(errors));
        }
        Err(WriteError::Database(error)) => return Err(error.into()),
    };
    let action = if before.is_some() {
        "course.updated"
    } else {
        "course.created"
    };
    let after = serde_json::to_value(&fields).unwrap_or_default();
    let mut entry = AuditEntry::new(action, Actor::from(&admin))
        .target("course", id)
        .from_ip(client_ip().await);
    entry = match &before {
        // An edit records every field it changed, with its old and new value.
        Some(before) => {
            let (was, now) = audit::changed_fields(&course_fields_of(before), &after);
            entry.before(was).after(now)
        }
        None => entry.after(after),
    };
    audit::record(&mut tx, &entry, now).await?;
    let was_published = before.as_ref().is_some_and(|course| course.is_published);
    if fields.is_published && !was_published {
        announce::course_published(&state, &mut tx, id, &fields).await?;
    }
    tx.commit().await?;
    if let Some(before) = &before {
        if before.slug != fields.slug {
            state.caches.invalidate(&Change::Course {
                slug: before.slug.clone(),
            });
        }
    }
    state
        .caches
        .invalidate(&Change::Course { slug: fields.slug });
    Ok(id)
}

/// A stored course as the fields the form writes, for the audit's comparison.
fn course_fields_of(course: &queries::CourseRow) -> serde_json::Value {
    serde_json::to_value(CourseFields {
        slug: course.slug.clone(),
        code: course.code.clone(),
        title: course.title.clone(),
        summary: course.summary.clone(),
        description: course.description.clone(),
        outline: course.outline.clone(),
        prerequisites: course.prerequisites.clone(),
        duration_hours: course.duration_hours,
        level: course.level.clone(),
        price_centavos: course.price_centavos,
        currency: course.currency.clone(),
        certification_name: course.certification_name.clone(),
        certification_vendor: course.certification_vendor.clone(),
        category_id: course.category_id,
        is_published: course.is_published,
        is_featured: course.is_featured,
    })
    .unwrap_or_default()
}

fn keep_all(mut errors: FormErrors, form: &CourseForm) -> FormErrors {
    for (name, value) in [
        ("title", &form.title),
        ("slug", &form.slug),
        ("code", &form.code),
        ("summary", &form.summary),
        ("description", &form.description),
        ("outline", &form.outline),
        ("prerequisites", &form.prerequisites),
        ("duration_hours", &form.duration_hours),
        ("level", &form.level),
        ("price", &form.price),
        ("category_id", &form.category_id),
        ("certification_name", &form.certification_name),
        ("certification_vendor", &form.certification_vendor),
    ] {
        errors = errors.keep(name, value);
    }
    errors
}

pub async fn delete_course(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let course = queries::course_by_id(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let runs = queries::dependents(&mut tx, "course_runs", "course_id", id).await?;
    if runs > 0 {
        let noun = if runs == 1 { "run" } else { "runs" };
        return Err(refused(format!(
            "“{}” has {runs} {noun}, so it cannot be deleted. Delete its runs first, or unpublish the course to hide it.",
            course.title
        )));
    }
    queries::delete_row(&mut tx, "courses", id).await?;
    let entry = AuditEntry::new("course.deleted", Actor::from(&admin))
        .target("course", id)
        .before(
            serde_json::json!({ "slug": course.slug, "code": course.code, "title": course.title }),
        )
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state
        .caches
        .invalidate(&Change::Course { slug: course.slug });
    Ok(())
}

pub struct RunForm {
    pub id: i64,
    pub course_id: i64,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub mode: String,
    pub venue_id: String,
    pub trainer_id: String,
    pub capacity: String,
    pub min_to_run: String,
    pub price_override: String,
    pub status: String,
}

fn local_time(date: &str, time: &str, zone: Tz) -> Option<chrono::DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|local| local.with_timezone(&Utc))
}

fn run_fields(form: &RunForm, zone: Tz) -> Result<RunFields, FormErrors> {
    let mut errors = FormErrors::new();
    for (name, value) in [
        ("start_date", &form.start_date),
        ("start_time", &form.start_time),
        ("end_date", &form.end_date),
        ("end_time", &form.end_time),
        ("mode", &form.mode),
        ("venue_id", &form.venue_id),
        ("trainer_id", &form.trainer_id),
        ("capacity", &form.capacity),
        ("min_to_run", &form.min_to_run),
        ("price_override", &form.price_override),
        ("status", &form.status),
    ] {
        errors = errors.keep(name, value);
    }
    let starts_at = local_time(&form.start_date, &form.start_time, zone);
    if starts_at.is_none() {
        errors.add("start_date", "Enter the first day and its start time.");
    }
    let ends_at = local_time(&form.end_date, &form.end_time, zone);
    if ends_at.is_none() {
        errors.add("end_date", "Enter the last day and its end time.");
    }
    if let (Some(starts), Some(ends)) = (starts_at, ends_at) {
        if ends <= starts {
            errors.add("end_date", "The run must end after it starts.");
        }
    }
    let mode = DeliveryMode::from_column(&form.mode);
    if mode.is_none() {
        errors.add("mode", "Choose online or in person.");
    }
    let venue_id = parse_choice(&form.venue_id)
        .map_err(|m| errors.add("venue_id", m))
        .unwrap_or(None);
    match (mode, venue_id) {
        (Some(DeliveryMode::InPerson), None) => {
            errors.add("venue_id", "An in-person run needs a venue.")
        }
        (Some(DeliveryMode::Online), Some(_)) => {
            errors.add("venue_id", "An online run has no venue; leave it empty.")
        }
        _ => {}
    }
    let trainer_id = parse_choice(&form.trainer_id)
        .map_err(|m| errors.add("trainer_id", m))
        .unwrap_or(None);
    let capacity = parse_count(&form.capacity, 500)
        .map_err(|m| errors.add("capacity", m))
        .unwrap_or(0);
    let min_to_run = parse_count(&form.min_to_run, 500)
        .map_err(|m| errors.add("min_to_run", m))
        .unwrap_or(0);
    if capacity > 0 && min_to_run > capacity {
        errors.add("min_to_run", "The minimum cannot be above the capacity.");
    }
    let price_override = match form.price_override.trim() {
        "" => None,
        text => parse_price(text)
            .map_err(|m| errors.add("price_override", m))
            .ok(),
    };
    if RunStatus::from_column(&form.status).is_none() {
        errors.add("status", "Choose a status.");
    }
    let (Some(starts_at), Some(ends_at), Some(mode), true) =
        (starts_at, ends_at, mode, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(RunFields {
        course_id: form.course_id,
        starts_at,
        ends_at,
        mode: mode.as_str().to_owned(),
        venue_id,
        trainer_id,
        capacity,
        min_to_run,
        price_override_centavos: price_override,
        status: form.status.clone(),
    })
}

pub async fn save_run(form: RunForm) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let zone = state.settings.site.time_zone;
    let fields = run_fields(&form, zone).map_err(invalid)?;
    let course = queries::course_by_id(&state.db, form.course_id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let before = if form.id == 0 {
        None
    } else {
        let run = queries::run_by_id(&state.db, form.id)
            .await?
            .filter(|run| run.course_id == form.course_id)
            .ok_or_else(|| AppError::NotFound.into_response_error())?;
        if fields.capacity < run.seats_taken {
            let mut errors = run_fields(&form, zone).err().unwrap_or_default();
            errors.add(
                "capacity",
                format!(
                    "{} seats are taken; the capacity cannot go below that.",
                    run.seats_taken
                ),
            );
            return Err(invalid(errors));
        }
        Some(run)
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = match &before {
        None => queries::insert_run(&mut tx, &fields, now).await?,
        Some(run) => {
            queries::update_run(&mut tx, run.id, &fields, now).await?;
            // Seats taken since the check above: the capacity must still hold
            // them. The updated row stays locked, so the count cannot move now.
            let taken = queries::seats_taken_in(&mut tx, run.id).await?;
            if taken > fields.capacity {
                let mut errors = FormErrors::default();
                errors.add(
                    "capacity",
                    format!("{taken} seats are taken; the capacity cannot go below that."),
                );
                return Err(invalid(errors));
            }
            // A bigger run: its new seats go to the waitlist as offers.
            let offers = crate::enrollment::store::offer_free_seats(
                &mut tx,
                now,
                run.id,
                state.settings.enrollment.offer_valid_for,
            )
            .await?;
            for offer in offers {
                crate::enrollment::service::send_offer(&state, &mut tx, offer).await?;
                let entry = AuditEntry::new("enrollment.offered", Actor::system())
                    .target("enrollment", offer.place_id)
                    .before(serde_json::json!({ "status": "waitlisted" }))
                    .after(serde_json::json!({ "status": "offered", "reason": "capacity raised" }));
                audit::record(&mut tx, &entry, now).await?;
            }
            // A new date or time: reminders move with it, and everyone with
            // a place hears of the change.
            if fields.starts_at != run.starts_at || fields.ends_at != run.ends_at {
                crate::enrollment::service::run_moved(&state, &mut tx, run.id).await?;
            }
            run.id
        }
    };
    queries::refresh_next_runs(&mut tx, queries::NextRunsOf::Course(form.course_id), now).await?;
    let action = if before.is_some() {
        "run.updated"
    } else {
        "run.created"
    };
    let mut entry = AuditEntry::new(action, Actor::from(&admin))
        .target("course_run", id)
        .after(serde_json::to_value(&fields).unwrap_or_default())
        .from_ip(client_ip().await);
    if let Some(run) = &before {
        let before = serde_json::json!({
            "course_id": run.course_id, "starts_at": run.starts_at, "ends_at": run.ends_at,
            "mode": run.mode.as_str(), "venue_id": run.venue_id, "trainer_id": run.trainer_id,
            "capacity": run.capacity, "min_to_run": run.min_to_run,
            "price_override_centavos": run.price_override_centavos, "status": run.status.as_str(),
        });
        let after = serde_json::to_value(&fields).unwrap_or_default();
        let (was, now) = audit::changed_fields(&before, &after);
        entry = entry.before(was).after(now);
    }
    audit::record(&mut tx, &entry, now).await?;
    announce::run_saved(&state, &mut tx, id, &course.slug, &fields, before.as_ref()).await?;
    tx.commit().await?;
    state
        .caches
        .invalidate(&Change::RunsOf { slug: course.slug });
    Ok(id)
}

/// Deletes a run that nobody ever had a place on; gives back its course. A run
/// with places (even cancelled or expired ones) is history: it can be
/// cancelled, not deleted. Decided inside the transaction, so a learner who
/// enrolls meanwhile cannot be deleted with it.
pub async fn delete_run(id: i64) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let run = queries::run_by_id_in(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let places = queries::dependents(&mut tx, "enrollments", "run_id", id).await?;
    if places > 0 {
        let noun = if places == 1 { "place" } else { "places" };
        return Err(refused(format!(
            "This run has {places} {noun} on record (confirmed, waiting, cancelled or expired), so it cannot be deleted: \
             its history matters. Cancel the run instead (set its status to Cancelled)."
        )));
    }
    queries::delete_row(&mut tx, "course_runs", id).await?;
    queries::refresh_next_runs(&mut tx, queries::NextRunsOf::Course(run.course_id), now).await?;
    let entry = AuditEntry::new("run.deleted", Actor::from(&admin))
        .target("course_run", id)
        .before(serde_json::json!({ "course_id": run.course_id, "starts_at": run.starts_at, "mode": run.mode.as_str() }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&Change::RunsOf {
        slug: run.course_slug.clone(),
    });
    Ok(run.course_id)
}
