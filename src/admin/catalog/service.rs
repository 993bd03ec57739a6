//! The admin's course and run forms: what was typed turned into fields for
//! `catalog_editing`, which holds the rules and the writes the API shares,
//! and a refusal turned back into errors under the form's fields.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::model::{AdminRun, CourseForm};
use crate::accounts::server::{request::client_ip, require_admin};
use crate::audit::Actor;
use crate::catalog::fields::{parse_choice, parse_count, parse_price, slug_from};
use crate::catalog::present::{date_range, time_range};
use crate::catalog::queries::{CourseFields, RunFields, RunRow};
use crate::catalog_editing::{courses, runs, Editor, Refused};
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

/// Who is editing: the signed-in admin, from their address.
async fn editor() -> Result<Editor, AppError> {
    let admin = require_admin()?;
    Ok(Editor {
        actor: Actor::from(&admin),
        ip: client_ip().await,
    })
}

/// A refusal as the form shows it: each field's message under the form's
/// own field (`form_field` names it), everything typed kept.
fn refusal(refused: Refused, kept: FormErrors, form_field: fn(&str) -> &str) -> AppError {
    let mut errors = kept;
    match refused {
        Refused::NotFound => return AppError::NotFound.into_response_error(),
        Refused::Failed(error) => return error,
        Refused::Invalid(problems) => {
            for (field, message) in problems {
                errors.add(form_field(field), message);
            }
        }
        Refused::Taken(field) => errors.add(form_field(field), taken_message(field)),
        Refused::Unknown(field) => errors.add(
            form_field(field),
            "That choice no longer exists; choose again.",
        ),
        Refused::Conflict(field, message) => errors.add(form_field(field), message),
        Refused::InUse(message) | Refused::PreconditionFailed(message) => {
            errors = FormErrors::message(message)
        }
    }
    invalid(errors)
}

/// The course form's name of a course field.
fn course_form_field(field: &str) -> &str {
    match field {
        "price_centavos" => "price",
        other => other,
    }
}

/// The numbers and the category parsed from what was typed; the text goes
/// to the catalog's rules as typed (`courses::checked`), so the form and the
/// API share them. A slug left empty is made from the title.
fn course_fields(form: &CourseForm) -> Result<CourseFields, FormErrors> {
    let mut errors = keep_all(FormErrors::new(), form);
    let duration_hours = parse_count(&form.duration_hours, courses::DURATION_MAX)
        .map_err(|m| errors.add("duration_hours", m))
        .unwrap_or(1);
    let price_centavos = parse_price(&form.price)
        .map_err(|m| errors.add("price", m))
        .unwrap_or(0);
    let category_id = parse_choice(&form.category_id)
        .map_err(|m| errors.add("category_id", m))
        .unwrap_or(Some(0));
    let slug = if form.slug.trim().is_empty() {
        slug_from(&form.title)
    } else {
        form.slug.clone()
    };
    let fields = CourseFields {
        slug,
        code: form.code.clone(),
        title: form.title.clone(),
        summary: form.summary.clone(),
        description: form.description.clone(),
        outline: form.outline.clone(),
        prerequisites: form.prerequisites.clone(),
        duration_hours,
        level: form.level.clone(),
        price_centavos,
        currency: "PHP".to_owned(),
        certification_name: form.certification_name.clone(),
        certification_vendor: form.certification_vendor.clone(),
        category_id,
        is_published: form.published,
        is_featured: form.featured,
    };
    let rules = courses::checked(fields.clone()).map(|_| ());
    with_rules(errors, fields, rules, course_form_field)
}

/// What the catalog's rules say, under the form's fields (`form_field`
/// names them) after the errors of parsing, which already say why a number
/// or a choice was not taken; the fields when nothing is wrong.
fn with_rules<T>(
    mut errors: FormErrors,
    fields: T,
    rules: Result<(), Vec<(&'static str, String)>>,
    form_field: fn(&str) -> &str,
) -> Result<T, FormErrors> {
    for (field, message) in rules.err().unwrap_or_default() {
        let field = form_field(field);
        if !errors.fields.contains_key(field) {
            errors.add(field, message);
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors)
    }
}

fn taken_message(field: &str) -> &'static str {
    match field {
        "slug" => "Another course already uses this slug.",
        "code" => "Another course already has this code.",
        _ => "This is already taken.",
    }
}

pub async fn save_course(form: CourseForm) -> Result<i64, AppError> {
    let editor = editor().await?;
    let state = AppState::current()?;
    let fields = course_fields(&form).map_err(invalid)?;
    let id = (form.id != 0).then_some(form.id);
    courses::save(&state, &editor, id, |_| Ok(fields))
        .await
        .map(|course| course.id)
        .map_err(|refused| {
            refusal(
                refused,
                keep_all(FormErrors::new(), &form),
                course_form_field,
            )
        })
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
    let editor = editor().await?;
    let state = AppState::current()?;
    courses::delete(&state, &editor, id, |_| Ok(()))
        .await
        .map(|_| ())
        .map_err(|refused| refusal(refused, FormErrors::new(), course_form_field))
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

/// The run form's name of a run field.
fn run_form_field(field: &str) -> &str {
    match field {
        "starts_at" => "start_date",
        "ends_at" => "end_date",
        "price_override_centavos" => "price_override",
        other => other,
    }
}

fn kept_run(form: &RunForm) -> FormErrors {
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
    errors
}

/// The dates in the site's zone and the numbers parsed from what was typed,
/// then checked by the schedule's rules (`runs::checked`), which the API
/// shares.
fn run_fields(form: &RunForm, zone: Tz) -> Result<RunFields, FormErrors> {
    let mut errors = kept_run(form);
    let starts_at = local_time(&form.start_date, &form.start_time, zone);
    if starts_at.is_none() {
        errors.add("start_date", "Enter the first day and its start time.");
    }
    let ends_at = local_time(&form.end_date, &form.end_time, zone);
    if ends_at.is_none() {
        errors.add("end_date", "Enter the last day and its end time.");
    }
    let mut choice = |field: &str, value: &str| {
        parse_choice(value)
            .map_err(|m| errors.add(field, m))
            .unwrap_or(None)
    };
    let venue_id = choice("venue_id", &form.venue_id);
    let trainer_id = choice("trainer_id", &form.trainer_id);
    let mut count = |field: &str, value: &str| {
        parse_count(value, runs::CAPACITY_MAX)
            .map_err(|m| errors.add(field, m))
            .unwrap_or(1)
    };
    let capacity = count("capacity", &form.capacity);
    let min_to_run = count("min_to_run", &form.min_to_run);
    let price_override = match form.price_override.trim() {
        "" => None,
        text => parse_price(text)
            .map_err(|m| errors.add("price_override", m))
            .ok(),
    };
    let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) else {
        return Err(errors);
    };
    let fields = RunFields {
        course_id: form.course_id,
        starts_at,
        ends_at,
        mode: form.mode.trim().to_owned(),
        venue_id,
        trainer_id,
        capacity,
        min_to_run,
        price_override_centavos: price_override,
        status: form.status.trim().to_owned(),
    };
    let rules = runs::checked(&fields);
    with_rules(errors, fields, rules, run_form_field)
}

pub async fn save_run(form: RunForm) -> Result<i64, AppError> {
    let editor = editor().await?;
    let state = AppState::current()?;
    let fields = run_fields(&form, state.settings.site.time_zone).map_err(invalid)?;
    let id = (form.id != 0).then_some(form.id);
    let edit = |run: Option<&RunRow>| match run {
        // A run stays with its course: the form edits it from the course's page.
        Some(run) if run.course_id != form.course_id => Err(Refused::NotFound),
        _ => Ok(fields),
    };
    match runs::save(&state, &editor, id, edit).await {
        Ok(run) => Ok(run.id),
        // The form's course is the page's: gone means the page is stale.
        Err(Refused::Unknown("course_id")) => Err(AppError::NotFound.into_response_error()),
        Err(refused) => Err(refusal(refused, kept_run(&form), run_form_field)),
    }
}

/// Deletes a run that nobody ever had a place on; gives back its course.
pub async fn delete_run(id: i64) -> Result<i64, AppError> {
    let editor = editor().await?;
    let state = AppState::current()?;
    runs::delete(&state, &editor, id, |_| Ok(()))
        .await
        .map(|run| run.course_id)
        .map_err(|refused| refusal(refused, FormErrors::new(), run_form_field))
}
