//! "This run starts in a week below its minimum": an hourly look for such runs
//! queues one alert job per run, and the job emails every active admin.
//!
//! Marking the run and queueing its job happen in one transaction, through a
//! conditional UPDATE (`minimum_alert_at IS NULL`), so a run is alerted once
//! however many app instances look at the same time.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::store;
use crate::catalog::present::date_range;
use crate::catalog::RunStatus;
use crate::jobs::{enqueue, ClaimedJob, NewJob};
use crate::mail::Email;
use crate::state::AppState;

pub const BELOW_MINIMUM: &str = "enrollment.below_minimum";
/// How far ahead of the start admins want to know.
const NOTICE_DAYS: i64 = 7;
const PERIOD: Duration = Duration::from_secs(3600);

#[derive(Serialize, Deserialize)]
struct BelowMinimum {
    run_id: i64,
}

pub async fn look_for_runs_below_minimum_continuously(state: AppState) {
    let mut interval = tokio::time::interval(PERIOD);
    loop {
        interval.tick().await;
        if let Err(error) = queue_alerts(&state).await {
            tracing::warn!(%error, "cannot look for runs below their minimum");
        }
    }
}

/// Queues an alert for each run starting within a week that has fewer seats
/// taken than its minimum and was not alerted yet. Returns how many.
pub async fn queue_alerts(state: &AppState) -> sqlx::Result<usize> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let runs =
        store::mark_runs_below_minimum(&mut tx, now, now + chrono::Duration::days(NOTICE_DAYS))
            .await?;
    for run_id in &runs {
        let payload = serde_json::to_value(BelowMinimum { run_id: *run_id }).unwrap_or_default();
        enqueue(&mut tx, &NewJob::new(BELOW_MINIMUM, payload, now), now).await?;
    }
    tx.commit().await?;
    Ok(runs.len())
}

/// The job: one email to each active admin, unless the run filled up or was
/// cancelled meanwhile.
pub async fn alert_admins(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let alert: BelowMinimum = serde_json::from_str(&job.payload)?;
    let Some(run) = crate::catalog::queries::run_by_id(&state.db, alert.run_id).await? else {
        return Ok(());
    };
    if run.status != RunStatus::Scheduled || run.seats_confirmed >= run.min_to_run {
        return Ok(());
    }
    let admins = crate::accounts::server::users::active_admin_emails(&state.db).await?;
    let site = &state.settings.site;
    let now = state.clock.now();
    let dates = date_range(run.starts_at, run.ends_at, site.time_zone);
    let mut tx = state.db.begin().await?;
    for email in admins {
        let message = Email {
            one_time_link: None,
            to: email,
            subject: format!("Below minimum: {} on {dates}", run.course_title),
            body: format!(
                "{} on {dates} starts within {NOTICE_DAYS} days with {} confirmed of the minimum {}.\n\n\
                 Decide whether it runs: the roster is at {}/admin/runs/{}\n",
                run.course_title, run.seats_confirmed, run.min_to_run, site.public_url, run.id
            ),
        };
        // Keyed by run and admin: an alert job that runs twice mails once.
        let key = format!("below_minimum:{}:{}", run.id, message.to);
        crate::mail::enqueue_once(&mut tx, &message, &key, now).await?;
    }
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(())
}
