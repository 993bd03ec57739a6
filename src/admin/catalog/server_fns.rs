//! The admin's catalog server functions. Each starts with `require_admin()`,
//! writes in one transaction with its audit entry, then drops from the caches
//! exactly what the write affects before it answers.

// A form's server function takes one argument per field: that is how Leptos
// reads a posted form, so long argument lists are the shape here, not a smell.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::{AdminCourseList, CourseEditor, ReferenceItem};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{AdminCourseItem, CourseForm, ReferenceKind, ADMIN_PAGE_SIZE},
    super::service,
    crate::accounts::server::{request::client_ip, require_admin},
    crate::audit::Actor,
    crate::catalog::format_price,
    crate::catalog::queries::{self, Reference},
    crate::catalog::references::service as references,
    crate::catalog::summaries::Choice,
    crate::errors::FormErrors,
    crate::state::AppState,
};

#[server(endpoint = "admin/catalog/courses")]
pub async fn list_admin_courses(
    search: String,
    category: String,
    sort: String,
    page: u32,
) -> Result<AdminCourseList, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let page = page.clamp(1, 100_000);
    let category = Some(category.trim()).filter(|c| !c.is_empty());
    let offset = i64::from(page - 1) * ADMIN_PAGE_SIZE;
    let zone = state.settings.site.time_zone;
    let search = crate::site::search_text(&search);
    let (rows, categories) = tokio::try_join!(
        queries::admin_courses(
            &state.db,
            &search,
            category,
            &sort,
            ADMIN_PAGE_SIZE,
            offset,
            state.clock.now()
        ),
        queries::categories(&state.db),
    )?;
    let total = rows.first().map_or(0, |row| row.total_count);
    Ok(AdminCourseList {
        page,
        page_count: u32::try_from((total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE).unwrap_or(1),
        total,
        categories: categories
            .into_iter()
            .map(|c| Choice {
                value: c.slug,
                label: c.name,
            })
            .collect(),
        courses: rows
            .into_iter()
            .map(|row| AdminCourseItem {
                price: format_price(row.price_centavos, &row.currency),
                updated: row
                    .updated_at
                    .with_timezone(&zone)
                    .format("%-d %b %Y, %-I:%M %p")
                    .to_string(),
                id: row.id,
                slug: row.slug,
                code: row.code,
                title: row.title,
                category: row.category_name,
                published: row.is_published,
                upcoming_runs: row.upcoming_runs,
            })
            .collect(),
    })
}

/// The editor for course `id`, or an empty one for a new course (`id` 0).
#[server(endpoint = "admin/catalog/course")]
pub async fn load_course_editor(id: i64) -> Result<CourseEditor, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let db = &state.db;
    let (categories, venues, trainers) = tokio::try_join!(
        queries::references(db, Reference::Category),
        queries::references(db, Reference::Venue),
        queries::references(db, Reference::Trainer),
    )?;
    let choices = |rows: Vec<queries::ReferenceRow>, with_second: bool| -> Vec<Choice> {
        rows.into_iter()
            .map(|row| Choice {
                value: row.id.to_string(),
                label: if with_second {
                    format!("{} ({})", row.first, row.second)
                } else {
                    row.first
                },
            })
            .collect()
    };
    let mut editor = CourseEditor {
        form: CourseForm {
            level: "beginner".into(),
            duration_hours: "8".into(),
            ..CourseForm::default()
        },
        runs: Vec::new(),
        categories: choices(categories, false),
        venues: choices(venues, true),
        trainers: choices(trainers, false),
        preview_html: String::new(),
    };
    if id == 0 {
        return Ok(editor);
    }
    let course = queries::course_by_id(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let runs = queries::all_runs_of_course(db, id).await?;
    let zone = state.settings.site.time_zone;
    editor.preview_html =
        crate::markdown::to_safe_html(&format!("{}\n\n{}", course.description, course.outline));
    editor.runs = runs
        .iter()
        .map(|run| service::admin_run(run, zone))
        .collect();
    editor.form = CourseForm {
        id: course.id,
        price: service::pesos_text(course.price_centavos),
        duration_hours: course.duration_hours.to_string(),
        category_id: course
            .category_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        published: course.is_published,
        featured: course.is_featured,
        title: course.title,
        slug: course.slug,
        code: course.code,
        summary: course.summary,
        description: course.description,
        outline: course.outline,
        prerequisites: course.prerequisites,
        level: course.level,
        certification_name: course.certification_name,
        certification_vendor: course.certification_vendor,
    };
    Ok(editor)
}

/// Creates (`id` 0) or updates a course, then shows it in the editor.
#[server(endpoint = "admin/catalog/course/save")]
pub async fn save_course(
    id: i64,
    title: String,
    slug: String,
    code: String,
    summary: String,
    description: String,
    outline: String,
    prerequisites: String,
    duration_hours: String,
    level: String,
    price: String,
    category_id: String,
    certification_name: String,
    certification_vendor: String,
    published: Option<String>,
    featured: Option<String>,
) -> Result<(), AppError> {
    let form = CourseForm {
        id,
        title,
        slug,
        code,
        summary,
        description,
        outline,
        prerequisites,
        duration_hours,
        level,
        price,
        category_id,
        certification_name,
        certification_vendor,
        published: published.is_some(),
        featured: featured.is_some(),
    };
    let id = service::save_course(form).await?;
    leptos_axum::redirect(&format!("/admin/courses/{id}?saved=course"));
    Ok(())
}

/// Deletes a course that has no runs; a course with runs is refused.
#[server(endpoint = "admin/catalog/course/delete")]
pub async fn delete_course(id: i64) -> Result<(), AppError> {
    service::delete_course(id).await?;
    leptos_axum::redirect("/admin/courses?deleted=1");
    Ok(())
}

/// Creates (`id` 0) or updates a run of `course_id`. Dates and times are in the
/// site's time zone.
#[server(endpoint = "admin/catalog/run/save")]
pub async fn save_run(
    id: i64,
    course_id: i64,
    start_date: String,
    start_time: String,
    end_date: String,
    end_time: String,
    mode: String,
    venue_id: String,
    trainer_id: String,
    capacity: String,
    min_to_run: String,
    price_override: String,
    status: String,
) -> Result<(), AppError> {
    let form = service::RunForm {
        id,
        course_id,
        start_date,
        start_time,
        end_date,
        end_time,
        mode,
        venue_id,
        trainer_id,
        capacity,
        min_to_run,
        price_override,
        status,
    };
    service::save_run(form).await?;
    leptos_axum::redirect(&format!("/admin/courses/{course_id}?saved=run#runs"));
    Ok(())
}

#[server(endpoint = "admin/catalog/run/delete")]
pub async fn delete_run(id: i64) -> Result<(), AppError> {
    let course_id = service::delete_run(id).await?;
    leptos_axum::redirect(&format!(
        "/admin/courses/{course_id}?saved=run-deleted#runs"
    ));
    Ok(())
}

#[cfg(feature = "ssr")]
fn parse_kind(kind: &str) -> Result<ReferenceKind, AppError> {
    ReferenceKind::parse(kind)
        .ok_or_else(|| AppError::BadRequest("unknown kind".into()).into_response_error())
}

#[server(endpoint = "admin/catalog/references")]
pub async fn list_references(kind: String) -> Result<Vec<ReferenceItem>, AppError> {
    crate::accounts::server::require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::state::AppState::current()?;
    let rows = crate::catalog::queries::references(&state.db, kind.table()).await?;
    Ok(rows
        .into_iter()
        .map(|row| ReferenceItem {
            id: row.id,
            values: [row.first, row.second, row.third],
            used_by: row.used_by,
        })
        .collect())
}

/// Creates (`id` 0) or updates a category, venue or trainer.
#[server(endpoint = "admin/catalog/references/save")]
pub async fn save_reference(
    kind: String,
    id: i64,
    first: String,
    second: String,
    third: String,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::state::AppState::current()?;
    let editor = editor(&admin).await;
    let inputs = [first.as_str(), second.as_str(), third.as_str()];
    let saved = match id {
        0 => references::create(&state, &editor, kind, inputs).await,
        id => {
            let values = inputs.map(str::to_owned);
            references::update(&state, &editor, kind, id, |_| Ok(values)).await
        }
    };
    let saved = saved.map_err(|refused| reference_error(refused, inputs))?;
    leptos_axum::redirect(&format!(
        "{}?saved={}",
        super::model::reference_page(kind),
        saved.id
    ));
    Ok(())
}

#[server(endpoint = "admin/catalog/references/delete")]
pub async fn delete_reference(kind: String, id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::state::AppState::current()?;
    let editor = editor(&admin).await;
    references::delete(&state, &editor, kind, id, |_| Ok(()))
        .await
        .map_err(|refused| reference_error(refused, ["", "", ""]))?;
    leptos_axum::redirect(&format!("{}?deleted=1", super::model::reference_page(kind)));
    Ok(())
}

#[cfg(feature = "ssr")]
async fn editor(admin: &crate::accounts::SignedInUser) -> references::Editor {
    references::Editor {
        actor: Actor::from(admin),
        ip: client_ip().await,
    }
}

/// A refusal as the reference form shows it, keeping what was typed.
#[cfg(feature = "ssr")]
fn reference_error(refused: references::Refused, inputs: [&str; 3]) -> AppError {
    use references::Refused;
    let names = ["first", "second", "third"];
    let mut errors = FormErrors::new();
    for (name, value) in names.iter().zip(inputs) {
        errors = errors.keep(name, value);
    }
    let error = match refused {
        Refused::NotFound => AppError::NotFound,
        Refused::Invalid(problems) => {
            for (index, message) in problems {
                errors.add(names[index], message);
            }
            AppError::Invalid(errors)
        }
        Refused::Taken(index) => {
            errors.add(names[index], "This is already used by another one.");
            AppError::Invalid(errors)
        }
        Refused::InUse { name, count, noun } => AppError::Invalid(FormErrors::message(
            Refused::in_use_message(&name, count, noun),
        )),
        Refused::PreconditionFailed(_) => AppError::Conflict(
            "It was changed by someone else meanwhile. Reload the page and try again.".to_owned(),
        ),
        Refused::Failed(error) => error,
    };
    error.into_response_error()
}
