//! Offers that nobody claimed in time: once a minute each one expires and its
//! seat passes to the next person on the waitlist (or back to the run), with
//! the offer email, in one transaction per offer.

use std::time::Duration;

use super::store;
use crate::server::AppState;

const PERIOD: Duration = Duration::from_secs(60);
/// Offers handled per round; the rest wait a minute.
const BATCH: i64 = 100;

pub async fn expire_offers_continuously(state: AppState) {
    let mut interval = tokio::time::interval(PERIOD);
    loop {
        interval.tick().await;
        match expire_due_offers(&state).await {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "unclaimed offers passed on"),
            Err(error) => tracing::warn!(%error, "cannot expire offers"),
        }
    }
}

/// Expires every offer due now; returns how many this call expired. Safe to
/// run from several processes at once: each offer passes on exactly once.
pub async fn expire_due_offers(state: &AppState) -> Result<usize, crate::errors::AppError> {
    let now = state.clock.now();
    let due = {
        let mut tx = state.db.begin().await?;
        let due = store::due_offers(&mut tx, now, BATCH).await?;
        tx.commit().await?;
        due
    };
    let mut expired = 0;
    for place_id in due {
        let mut tx = state.db.begin().await?;
        let Some((_, offer)) = store::expire_offer_in(
            &mut tx,
            now,
            place_id,
            state.settings.enrollment.offer_valid_for,
        )
        .await?
        else {
            continue;
        };
        if let Some(offer) = offer {
            super::actions::server::send_offer(state, &mut tx, offer).await?;
        }
        let place = super::queries::place_in(&mut tx, place_id).await?;
        tx.commit().await?;
        expired += 1;
        if let Some(place) = place {
            super::actions::server::after_change(state, &place.course_slug);
        }
    }
    Ok(expired)
}
