//! `/admin/jobs`: the background job queue by status, with the last error of
//! failed and dead jobs and a retry button for them.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

use super::shell::Badge;
use super::AdminShell;
use crate::errors::{form_errors, AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState, Flash, FlashKind};

/// The statuses, in the order of the tabs.
const STATUSES: [(&str, &str); 5] = [
    ("pending", "Pending"),
    ("running", "Running"),
    ("failed", "Failed"),
    ("dead", "Dead"),
    ("done", "Done"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobQueue {
    pub status: String,
    pub counts: Vec<(String, i64)>,
    pub jobs: Vec<JobItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobItem {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub run_at: String,
    pub attempts: String,
    pub last_error: Option<String>,
    pub can_retry: bool,
}

#[cfg(feature = "ssr")]
const JOBS_SHOWN: i64 = 100;

#[server(endpoint = "admin/jobs")]
pub async fn load_jobs(status: String) -> Result<JobQueue, AppError> {
    use crate::accounts::server::require_admin;
    use crate::jobs::listing;
    use crate::server::AppState;

    require_admin()?;
    let state = AppState::current()?;
    let status = STATUSES
        .iter()
        .find(|(value, _)| *value == status)
        .map_or("pending", |(value, _)| value);
    let (counts, rows) = tokio::try_join!(
        listing::counts(&state.db),
        listing::jobs_with_status(&state.db, status, JOBS_SHOWN),
    )?;
    let zone = state.settings.site.time_zone;
    Ok(JobQueue {
        status: status.to_owned(),
        counts,
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
                can_retry: matches!(row.status.as_str(), "failed" | "dead"),
            })
            .collect(),
    })
}

/// Puts a failed or dead job back in line, with fresh attempts.
#[server(endpoint = "admin/jobs/retry")]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    use crate::accounts::server::{request::client_ip, require_admin};
    use crate::audit::{self, Actor, AuditEntry};
    use crate::server::AppState;

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
    let entry = AuditEntry::new("job.retried", Actor::user(&admin))
        .target("job", id)
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/admin/jobs?status=pending&retried={id}"));
    Ok(())
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let query = use_query_map();
    let search = use_location().search;
    let status = move || query.read().get("status").unwrap_or_default();
    let queue = Resource::new(
        move || (status(), search.get()),
        |(status, _)| load_jobs(status),
    );
    let retry = ServerAction::<RetryJob>::new();
    let retried = move || {
        query
            .read()
            .get("retried")
            .map(|id| format!("Job {id} is back in line."))
    };
    view! {
        <PageMeta title="Jobs" />
        <AdminShell title="Jobs">
            <p class="-mt-3 mb-6 max-w-2xl text-sm text-ink-600">
                "Work done after a request returns: reminders, offer expiry, alerts. A failed job is retried with growing waits; after its last attempt it is dead and waits for you."
            </p>
            {move || retried().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            {move || form_errors(retry.value().get()).message.map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message /></div> })}
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || Suspend::new(async move { queue.await.map(|queue| view! { <Queue queue retry /> }) })}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn Queue(queue: JobQueue, retry: ServerAction<RetryJob>) -> impl IntoView {
    let count_of = |status: &str| {
        queue
            .counts
            .iter()
            .find(|(value, _)| value == status)
            .map_or(0, |(_, count)| *count)
    };
    let tabs = STATUSES
        .iter()
        .map(|(value, label)| {
            let current = *value == queue.status;
            view! {
                <a href=format!("/admin/jobs?status={value}") aria-current=current.then_some("page")
                    class="whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-medium text-ink-700 ring-1 ring-inset ring-ink-200 hover:bg-brand-50 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white aria-[current=page]:ring-brand-700">
                    {format!("{label} ({})", count_of(value))}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Job status" class="mb-6 flex flex-wrap gap-2">{tabs}</nav>
        {if queue.jobs.is_empty() {
            view! { <EmptyState title="No jobs here" message="Jobs with this status will appear here." /> }.into_any()
        } else {
            view! {
                <ul class="space-y-3">
                    {queue.jobs.into_iter().map(|job| view! { <Job job retry /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Job(job: JobItem, retry: ServerAction<RetryJob>) -> impl IntoView {
    let tone = if job.last_error.is_some() {
        "bad"
    } else {
        "neutral"
    };
    view! {
        <li data-job=job.id>
            <Card>
                <div class="flex flex-wrap items-start justify-between gap-3">
                    <div class="min-w-0">
                        <p class="font-medium text-ink-900">{job.kind.clone()}<span class="ml-2 text-sm font-normal text-ink-500">{format!("#{}", job.id)}</span></p>
                        <p class="text-sm text-ink-500">{format!("Runs at {} · attempt {}", job.run_at, job.attempts)}</p>
                        <code class="mt-2 block break-all text-xs text-ink-600">{job.payload.clone()}</code>
                    </div>
                    <div class="flex items-center gap-2">
                        {job.last_error.clone().map(|_| view! { <Badge text="Error" tone=tone /> })}
                        {job.can_retry.then(|| view! {
                            <ActionForm action=retry>
                                <input type="hidden" name="id" value=job.id.to_string() />
                                <Button variant=ButtonVariant::Secondary>"Retry"</Button>
                            </ActionForm>
                        })}
                    </div>
                </div>
                {job.last_error.map(|error| view! { <p class="mt-3 text-sm text-danger-700">{format!("Last error: {error}")}</p> })}
            </Card>
        </li>
    }
}
