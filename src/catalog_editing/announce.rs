//! The catalog changes webhook receivers hear of: a course published, a run
//! scheduled, changed or cancelled. Written in the change's transaction.

use serde_json::{json, Value};

use crate::catalog::queries::{CourseFields, RunFields, RunRow};
use crate::catalog::RunStatus;
use crate::db::Transaction;
use crate::state::AppState;
use crate::webhooks::{outbox, Event};

/// A course became visible in the catalog (made published, or made so).
pub async fn course_published(
    state: &AppState,
    tx: &mut Transaction,
    id: i64,
    fields: &CourseFields,
) -> sqlx::Result<()> {
    let data = json!({
        "course": {
            "id": id,
            "slug": fields.slug,
            "code": fields.code,
            "title": fields.title,
            "summary": fields.summary,
            "duration_hours": fields.duration_hours,
            "level": fields.level,
            "price_centavos": fields.price_centavos,
            "currency": fields.currency,
            "url": format!("{}/courses/{}", state.settings.site.public_url, fields.slug),
        }
    });
    outbox::record(state, tx, Event::CoursePublished, data)
        .await
        .map(|_| ())
}

/// A run was saved: created, cancelled (its status became cancelled) or
/// otherwise updated.
pub async fn run_saved(
    state: &AppState,
    tx: &mut Transaction,
    id: i64,
    course_slug: &str,
    fields: &RunFields,
    before: Option<&RunRow>,
) -> sqlx::Result<()> {
    let event = match before {
        None => Event::RunCreated,
        Some(run)
            if fields.status == RunStatus::Cancelled.as_str()
                && run.status != RunStatus::Cancelled =>
        {
            Event::RunCancelled
        }
        Some(_) => Event::RunUpdated,
    };
    let mut run = serde_json::to_value(fields).unwrap_or_default();
    if let Value::Object(run) = &mut run {
        run.insert("id".to_owned(), json!(id));
        run.insert("course_slug".to_owned(), json!(course_slug));
    }
    outbox::record(state, tx, event, json!({ "run": run }))
        .await
        .map(|_| ())
}
