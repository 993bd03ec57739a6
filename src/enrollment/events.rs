//! What webhook receivers are told about a place: the same fields as the
//! API's enrollment (`GET /api/v1/enrollments/{id}`), so an integration reads
//! one shape whether it asked or was told.

use serde_json::{json, Value};

use super::queries::PlaceRow;
use crate::db::Transaction;
use crate::state::AppState;
use crate::webhooks::{outbox, Event};

pub fn place_data(place: &PlaceRow) -> Value {
    json!({
        "id": place.id,
        "status": place.status.as_str(),
        "waitlist_position": place.waitlist_position,
        "offer_expires_at": place.offer_expires_at,
        "attended": place.attended,
        "learner": { "id": place.learner_id, "email": place.learner_email, "name": place.learner_name },
        "run": run_data(place),
        "course": { "slug": place.course_slug, "title": place.course_title },
        "created_at": place.created_at,
        "updated_at": place.updated_at,
    })
}

/// The run of a place, as the API's enrollment shows it.
fn run_data(place: &PlaceRow) -> Value {
    json!({
        "id": place.run_id,
        "starts_at": place.starts_at,
        "ends_at": place.ends_at,
        "status": place.run_status.as_str(),
        "mode": place.mode.as_str(),
        "place": place.place_label(),
    })
}

/// Queues `event` about `place` for the endpoints that want it, in the
/// change's transaction; `extra` fields go beside `enrollment`.
pub async fn announce(
    state: &AppState,
    tx: &mut Transaction,
    event: Event,
    place: &PlaceRow,
    extra: Value,
) -> sqlx::Result<()> {
    let mut data = json!({ "enrollment": place_data(place) });
    if let (Some(data), Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    outbox::record(state, tx, event, data).await.map(|_| ())
}

/// The run of `place` reached its minimum with `confirmed` places.
pub async fn run_guaranteed(
    state: &AppState,
    tx: &mut Transaction,
    place: &PlaceRow,
    confirmed: i64,
) -> sqlx::Result<()> {
    let mut run = run_data(place);
    run["seats_confirmed"] = json!(confirmed);
    let data = json!({
        "run": run,
        "course": { "slug": place.course_slug, "title": place.course_title },
    });
    outbox::record(state, tx, Event::RunGuaranteed, data)
        .await
        .map(|_| ())
}
