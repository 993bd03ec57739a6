//! Deleting an account: what identified the person goes, what the site's
//! records need stays anonymous. Their waitlist places and offers are given
//! up (an offered seat passes on); confirmed places stay on the rosters under
//! "Deleted account", so each run's counts stay true; the calendar feed, the
//! one-time links, the enquiries sent from their address and the emails to it
//! are erased; the audit log keeps its entries without their address or IP.
//! One transaction: it all happens, or nothing does.

use crate::accounts::model::SignedInUser;
use crate::accounts::server::{password::PasswordHash, users};
use crate::audit::{self, listing::forget_user, Actor, AuditEntry};
use crate::contact::store as enquiries;
use crate::enrollment::model::PlaceStatus;
use crate::enrollment::queries::{places_of_learner, remove_feed};
use crate::enrollment::service as enrollment;
use crate::enrollment::store::By;
use crate::errors::AppError;
use crate::mail::outbox::forget_recipient;
use crate::state::AppState;

pub async fn erase_account(
    state: &AppState,
    user: &SignedInUser,
    unusable_password: &PasswordHash,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let waiting: Vec<i64> = places_of_learner(&state.db, user.id)
        .await?
        .into_iter()
        .filter(|place| matches!(place.status, PlaceStatus::Waitlisted | PlaceStatus::Offered))
        .map(|place| place.id)
        .collect();
    let sent = enquiries::ids_by_email(&state.db, &state.data_keys, &user.email).await?;
    let mut tx = state.db.begin().await?;
    for place_id in &waiting {
        enrollment::cancel(state, &mut tx, *place_id, By::Learner(user.id)).await?;
    }
    for id in &sent {
        enquiries::erase(&mut tx, *id).await?;
    }
    remove_feed(&mut tx, user.id).await?;
    forget_recipient(&mut tx, &user.email).await?;
    users::anonymise(&mut tx, user.id, unusable_password, now).await?;
    forget_user(&mut tx, user.id).await?;
    let entry = AuditEntry::new(
        "user.deleted",
        Actor {
            user_id: Some(user.id),
            email: None,
        },
    )
    .target("user", user.id)
    .after(serde_json::json!({
        "waitlist_places_given_up": waiting.len(),
        "enquiries_erased": sent.len(),
    }));
    // Not even this entry keeps the address the request came from.
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(())
}
