//! `/admin/jobs`: the background job queue by status, with the last error of
//! failed and dead jobs and a retry button for them.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::model::{JobItem, JobQueue};
use super::server_fns::{load_jobs, RetryJob};
use super::shell::Badge;
use super::AdminShell;
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, ButtonVariant, Card, EmptyState, Flash, FlashKind};

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
        <AdminShell title="Jobs" lead="Work done after a request returns: reminders, offer expiry, alerts. A failed job is retried with growing waits; after its last attempt it is dead and waits for you.">
            {move || retried().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            {move || form_errors(retry.value().get()).message.map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message /></div> })}
            <Loaded resource=queue show=move |queue| view! { <Queue queue retry /> } />
        </AdminShell>
    }
}

#[component]
fn Queue(queue: JobQueue, retry: ServerAction<RetryJob>) -> impl IntoView {
    let tabs = queue
        .tabs
        .into_iter()
        .map(|tab| {
            let (status, label, count) = (tab.status, tab.label, tab.count);
            view! {
                <a href=format!("/admin/jobs?status={status}") aria-current=tab.current.then_some("page")
                    class="whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-medium text-ink-700 ring-1 ring-inset ring-ink-200 hover:bg-brand-50 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white aria-[current=page]:ring-brand-700">
                    {format!("{label} ({count})")}
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
