//! Creating, changing and deleting courses.

use super::{announce, Editor, Refused};
use crate::audit::{self, AuditEntry};
use crate::cache::Change;
use crate::catalog::fields::{optional, parse_code, parse_slug, required, MAX_PRICE_CENTAVOS};
use crate::catalog::queries::{self, CourseFields, CourseRow, Reference, WriteError};
use crate::catalog::Level;
use crate::state::AppState;

/// The longest text of each field, in characters.
pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 400;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const OUTLINE_MAX: usize = 20_000;
pub const PREREQUISITES_MAX: usize = 5_000;
pub const CERTIFICATION_MAX: usize = 200;
/// The longest course, in hours.
pub const DURATION_MAX: i64 = 500;

/// The fields checked by the catalog's rules and tidied (text trimmed, the
/// code in capitals), or every mistake at once: the field's name and why.
pub fn checked(fields: CourseFields) -> Result<CourseFields, Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    let mut check = |field: &'static str, result: Result<String, String>| {
        result
            .map_err(|message| problems.push((field, message)))
            .unwrap_or_default()
    };
    let tidy = CourseFields {
        title: check("title", required(&fields.title, TITLE_MAX, "a title")),
        slug: check("slug", parse_slug(&fields.slug)),
        code: check("code", parse_code(&fields.code)),
        summary: check(
            "summary",
            required(&fields.summary, SUMMARY_MAX, "a one-sentence summary"),
        ),
        description: check(
            "description",
            optional(&fields.description, DESCRIPTION_MAX),
        ),
        outline: check("outline", optional(&fields.outline, OUTLINE_MAX)),
        prerequisites: check(
            "prerequisites",
            optional(&fields.prerequisites, PREREQUISITES_MAX),
        ),
        certification_name: check(
            "certification_name",
            optional(&fields.certification_name, CERTIFICATION_MAX),
        ),
        certification_vendor: check(
            "certification_vendor",
            optional(&fields.certification_vendor, CERTIFICATION_MAX),
        ),
        ..fields
    };
    if !(1..=DURATION_MAX).contains(&tidy.duration_hours) {
        problems.push((
            "duration_hours",
            format!("Enter a whole number from 1 to {DURATION_MAX}."),
        ));
    }
    if !(0..=MAX_PRICE_CENTAVOS).contains(&tidy.price_centavos) {
        problems.push(("price_centavos", "That price is out of range.".to_owned()));
    }
    if tidy.category_id.is_none() {
        problems.push(("category_id", "Choose a category.".to_owned()));
    }
    if Level::from_column(&tidy.level).is_none() {
        problems.push(("level", "Choose a level.".to_owned()));
    }
    if problems.is_empty() {
        Ok(tidy)
    } else {
        Err(problems)
    }
}

/// A stored course as the fields a change writes.
pub fn fields_of(course: &CourseRow) -> CourseFields {
    CourseFields {
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
    }
}

/// Makes a course, or changes course `id`: `edit` gets the course as it is
/// now (inside the transaction, locked) and gives the fields to store, or
/// refuses. Publishing a course tells webhook receivers. Gives the course
/// as stored.
pub async fn save(
    state: &AppState,
    editor: &Editor,
    id: Option<i64>,
    edit: impl FnOnce(Option<&CourseRow>) -> Result<CourseFields, Refused>,
) -> Result<CourseRow, Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = match id {
        None => None,
        Some(id) => Some(
            queries::course_by_id_in(&mut tx, id)
                .await?
                .ok_or(Refused::NotFound)?,
        ),
    };
    let fields = checked(edit(before.as_ref())?).map_err(Refused::Invalid)?;
    let category = fields.category_id.unwrap_or_default();
    if queries::reference_by_id(&mut tx, Reference::Category, category)
        .await?
        .is_none()
    {
        return Err(Refused::Unknown("category_id"));
    }
    let written = match &before {
        None => queries::insert_course(&mut tx, &fields, now).await,
        Some(course) => queries::update_course(&mut tx, course.id, &fields, now)
            .await
            .map(|()| course.id),
    };
    let id = match written {
        Ok(id) => id,
        Err(WriteError::Taken(field)) => {
            return Err(Refused::Taken(if field == "code" {
                "code"
            } else {
                "slug"
            }))
        }
        Err(WriteError::Database(error)) => return Err(error.into()),
    };
    let after = serde_json::to_value(&fields).unwrap_or_default();
    let action = match before {
        Some(_) => "course.updated",
        None => "course.created",
    };
    let mut entry = AuditEntry::new(action, editor.actor.clone())
        .target("course", id)
        .from_ip(editor.ip);
    entry = match &before {
        // An edit records every field it changed, with its old and new value.
        Some(before) => {
            let before = serde_json::to_value(fields_of(before)).unwrap_or_default();
            let (was, now) = audit::changed_fields(&before, &after);
            entry.before(was).after(now)
        }
        None => entry.after(after),
    };
    audit::record(&mut tx, &entry, now).await?;
    let was_published = before.as_ref().is_some_and(|course| course.is_published);
    if fields.is_published && !was_published {
        announce::course_published(state, &mut tx, id, &fields).await?;
    }
    let saved = queries::course_by_id_in(&mut tx, id)
        .await?
        .ok_or(Refused::NotFound)?;
    tx.commit().await?;
    if let Some(before) = before.filter(|before| before.slug != fields.slug) {
        state
            .caches
            .invalidate(&Change::Course { slug: before.slug });
    }
    state
        .caches
        .invalidate(&Change::Course { slug: fields.slug });
    Ok(saved)
}

/// Deletes course `id` if it has no runs; `precondition` gets the course as
/// it is now (inside the transaction) and may refuse. Gives the course as it
/// was.
pub async fn delete(
    state: &AppState,
    editor: &Editor,
    id: i64,
    precondition: impl FnOnce(&CourseRow) -> Result<(), Refused>,
) -> Result<CourseRow, Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let course = queries::course_by_id_in(&mut tx, id)
        .await?
        .ok_or(Refused::NotFound)?;
    precondition(&course)?;
    let runs = queries::dependents(&mut tx, "course_runs", "course_id", id).await?;
    if runs > 0 {
        let noun = if runs == 1 { "run" } else { "runs" };
        return Err(Refused::InUse(format!(
            "\u{201c}{}\u{201d} has {runs} {noun}, so it cannot be deleted. Delete its runs first, or unpublish the course to hide it.",
            course.title
        )));
    }
    queries::delete_row(&mut tx, "courses", id).await?;
    let entry = AuditEntry::new("course.deleted", editor.actor.clone())
        .target("course", id)
        .before(
            serde_json::json!({ "slug": course.slug, "code": course.code, "title": course.title }),
        )
        .from_ip(editor.ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&Change::Course {
        slug: course.slug.clone(),
    });
    Ok(course)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseFields {
        CourseFields {
            slug: "aws-security".into(),
            code: "aws-sec".into(),
            title: "  AWS Security  ".into(),
            summary: "Secure workloads on AWS.".into(),
            description: String::new(),
            outline: String::new(),
            prerequisites: String::new(),
            duration_hours: 24,
            level: "advanced".into(),
            price_centavos: 1_850_000,
            currency: "PHP".into(),
            certification_name: String::new(),
            certification_vendor: String::new(),
            category_id: Some(1),
            is_published: true,
            is_featured: false,
        }
    }

    #[test]
    fn a_valid_course_is_tidied() {
        let tidy = checked(course()).unwrap();
        assert_eq!(tidy.title, "AWS Security");
        assert_eq!(tidy.code, "AWS-SEC");
    }

    #[test]
    fn every_mistake_is_named_at_once() {
        let problems = checked(CourseFields {
            title: " ".into(),
            slug: "Not A Slug".into(),
            duration_hours: 0,
            price_centavos: -1,
            category_id: None,
            level: "expert".into(),
            summary: "x".repeat(SUMMARY_MAX + 1),
            ..course()
        })
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            [
                "title",
                "slug",
                "summary",
                "duration_hours",
                "price_centavos",
                "category_id",
                "level"
            ]
        );
    }

    #[test]
    fn the_limits_are_inclusive() {
        let longest = CourseFields {
            duration_hours: DURATION_MAX,
            price_centavos: MAX_PRICE_CENTAVOS,
            title: "x".repeat(TITLE_MAX),
            ..course()
        };
        assert!(checked(longest).is_ok());
        let too_long = CourseFields {
            duration_hours: DURATION_MAX + 1,
            ..course()
        };
        assert!(checked(too_long).is_err());
    }
}
