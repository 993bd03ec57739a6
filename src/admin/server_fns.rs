//! The dashboard's server functions (users, audit log, outbox, jobs and the
//! overview). Each starts with `require_admin()`; the pages only show what
//! these return.

use leptos::prelude::*;

use super::model::{AuditPage, JobQueue, OutboxPageData, Overview, UserListItem};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{AuditItem, EmailState, JobItem, JobTab, OutboxItem},
    super::queries,
    super::service::{self, UserChange},
    crate::accounts::server::{request::client_ip, require_admin, users},
    crate::accounts::Role,
    crate::audit::{self, listing as audit_listing, Actor, AuditEntry},
    crate::jobs::{listing as job_listing, JobStatus},
    crate::mail::listing::{self as mail_listing, OutboxStatus},
    crate::mail::readable_body,
    crate::state::AppState,
};

// Audit log.

#[cfg(feature = "ssr")]
const ENTRIES_SHOWN: i64 = 100;

#[server(endpoint = "admin/audit")]
pub async fn list_audit(action: String, actor: String) -> Result<AuditPage, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let actor = crate::site::search_text(&actor).to_lowercase();
    let action = crate::site::search_text(&action);
    let (rows, actions) = tokio::try_join!(
        audit_listing::entries(&state.db, &action, &actor, ENTRIES_SHOWN),
        audit_listing::actions(&state.db),
    )?;
    let time_zone = state.settings.site.time_zone;
    let entries = rows
        .into_iter()
        .map(|row| AuditItem {
            id: row.id,
            when: row
                .occurred_at
                .with_timezone(&time_zone)
                .format("%-d %b %Y, %-I:%M:%S %p")
                .to_string(),
            actor: row.actor_email.unwrap_or_else(|| "(visitor)".to_owned()),
            action: row.action,
            target: match (row.target_type, row.target_id) {
                (Some(kind), Some(id)) => format!("{kind} #{id}"),
                _ => "—".to_owned(),
            },
            before: row.before_state,
            after: row.after_state,
            ip: row.ip_address.unwrap_or_else(|| "—".to_owned()),
        })
        .collect();
    Ok(AuditPage { entries, actions })
}

// Job queue.

#[cfg(feature = "ssr")]
const JOBS_SHOWN: i64 = 100;

#[server(endpoint = "admin/jobs")]
pub async fn load_jobs(status: String) -> Result<JobQueue, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let status = JobStatus::from_column(&status).unwrap_or(JobStatus::Pending);
    let (counts, rows) = tokio::try_join!(
        job_listing::counts(&state.db),
        job_listing::jobs_with_status(&state.db, status, JOBS_SHOWN),
    )?;
    let zone = state.settings.site.time_zone;
    let tabs = JobStatus::ALL
        .into_iter()
        .map(|tab| JobTab {
            status: tab.as_str().to_owned(),
            // "pending" reads "Pending" on its tab.
            label: {
                let mut label = tab.as_str().to_owned();
                label[..1].make_ascii_uppercase();
                label
            },
            count: counts
                .iter()
                .find(|(value, _)| value == tab.as_str())
                .map_or(0, |(_, count)| *count),
            current: tab == status,
        })
        .collect();
    Ok(JobQueue {
        tabs,
        jobs: rows
            .into_iter()
            .map(|row| JobItem {
                id: row.id,
                kind: row.kind,
                payload: row.payload,
                run_at: row
                    .run_at
                    .with_timezone(&zone)
                    .format("%-d %b %Y, %-I:%M:%S %p")
                    .to_string(),
                attempts: format!("{} of {}", row.attempts, row.max_attempts),
                last_error: row.last_error,
                can_retry: row.status.can_retry(),
            })
            .collect(),
    })
}

/// Puts a failed or dead job back in line, with fresh attempts.
#[server(endpoint = "admin/jobs/retry")]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !crate::jobs::queue::retry(&mut tx, id, now).await? {
        return Err(AppError::Conflict(
            "Only a failed or dead job can be retried; this one has moved on.".to_owned(),
        )
        .into_response_error());
    }
    let entry = AuditEntry::new("job.retried", Actor::from(&admin))
        .target("job", id)
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/admin/jobs?status=pending&retried={id}"));
    Ok(())
}

// Outbox.

#[cfg(feature = "ssr")]
const EMAILS_PER_PAGE: i64 = 50;

/// The newest emails, optionally for recipients containing `recipient`. This is
/// the "local mailbox" when no SMTP server is configured.
#[server(endpoint = "admin/outbox")]
pub async fn list_outbox(recipient: String, page: u32) -> Result<OutboxPageData, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let recipient = crate::site::search_text(&recipient).to_lowercase();
    let page = page.clamp(1, 100_000);
    let offset = i64::from(page - 1) * EMAILS_PER_PAGE;
    let (rows, total) =
        mail_listing::page_of_emails(&state.db, &recipient, EMAILS_PER_PAGE, offset).await?;
    let time_zone = state.settings.site.time_zone;
    Ok(OutboxPageData {
        total,
        page,
        page_count: u32::try_from((total + EMAILS_PER_PAGE - 1) / EMAILS_PER_PAGE).unwrap_or(1),
        local_mailbox: state.settings.mail.smtp_url.is_none(),
        emails: rows
            .into_iter()
            .map(|row| {
                let state = match row.status {
                    _ if row.in_local_mailbox() => EmailState::InLocalMailbox,
                    OutboxStatus::Sent => EmailState::Sent,
                    OutboxStatus::Failed => EmailState::Failed,
                    OutboxStatus::Pending => EmailState::Waiting {
                        attempts: row.attempts,
                    },
                };
                OutboxItem {
                    id: row.id,
                    queued: row
                        .created_at
                        .with_timezone(&time_zone)
                        .format("%-d %b %Y, %-I:%M:%S %p")
                        .to_string(),
                    recipient: row.recipient,
                    subject: row.subject,
                    body: readable_body(&row.body_text),
                    state,
                    last_error: row.last_error,
                }
            })
            .collect(),
    })
}

// Users.

#[cfg(feature = "ssr")]
const USERS_SHOWN: i64 = 100;

#[server(endpoint = "admin/users")]
pub async fn list_users(search: String) -> Result<Vec<UserListItem>, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let time_zone = state.settings.site.time_zone;
    let rows = users::search(&state.db, &crate::site::search_text(&search), USERS_SHOWN).await?;
    Ok(rows
        .into_iter()
        .map(|row| UserListItem {
            id: row.id,
            role: row.role(),
            email_verified: row.email_verified_at.is_some(),
            disabled: row.is_disabled(),
            is_you: row.id == admin.id,
            joined: row
                .created_at
                .with_timezone(&time_zone)
                .format("%-d %b %Y")
                .to_string(),
            name: row.name,
            email: row.email,
        })
        .collect())
}

/// Makes a user an admin or a learner. The user's sessions end, so the new role
/// takes effect with a fresh sign-in. An admin cannot change their own role.
#[server(endpoint = "admin/users/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<(), AppError> {
    let admin = require_admin()?;
    let role = Role::from_column(&role)
        .ok_or_else(|| AppError::BadRequest("unknown role".into()).into_response_error())?;
    service::change_user(
        &AppState::current()?,
        &admin,
        user_id,
        UserChange::Role(role),
        client_ip().await,
    )
    .await
}

/// Disables a user (ending all their sessions at once) or enables them again.
#[server(endpoint = "admin/users/disable")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    let admin = require_admin()?;
    service::change_user(
        &AppState::current()?,
        &admin,
        user_id,
        UserChange::Disabled(disabled),
        client_ip().await,
    )
    .await
}

// Overview.

/// The dashboard counts cookie-banner answers over this many days.
#[cfg(feature = "ssr")]
const CONSENT_WINDOW_DAYS: u64 = 30;

#[server(endpoint = "admin/overview")]
pub async fn load_overview() -> Result<Overview, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let counts = queries::overview_counts(&state.db).await?;
    let consent_since = state.clock.now().date_naive() - chrono::Days::new(CONSENT_WINDOW_DAYS);
    let consent = crate::legal::store::totals_since(&state.db, consent_since).await?;
    Ok(Overview {
        consent_accepted_all: consent.accepted_all,
        consent_only_necessary: consent.only_necessary,
        cache_status: crate::cache::status_line(&state.caches),
        learners: counts.learners,
        admins: counts.admins,
        disabled: counts.disabled,
        emails_pending: counts.emails_pending,
        audit_entries: counts.audit_entries,
    })
}
