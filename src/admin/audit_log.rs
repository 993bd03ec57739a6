use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::AdminShell;
use crate::errors::{AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, EmptyState};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub id: i64,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: String,
}

/// The newest entries that match the filters, and every action the log holds
/// (for the filter's choices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditItem>,
    pub actions: Vec<String>,
}

#[cfg(feature = "ssr")]
const ENTRIES_SHOWN: i64 = 100;

#[server(endpoint = "admin/audit")]
pub async fn list_audit(action: String, actor: String) -> Result<AuditPage, AppError> {
    use crate::accounts::server::require_admin;
    use crate::audit::listing;
    use crate::server::AppState;

    require_admin()?;
    let state = AppState::current()?;
    let actor = crate::site::search_text(&actor).to_lowercase();
    let action = crate::site::search_text(&action);
    let (rows, actions) = tokio::try_join!(
        listing::entries(&state.db, &action, &actor, ENTRIES_SHOWN),
        listing::actions(&state.db),
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

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let action = move || query.read().get("action").unwrap_or_default();
    let actor = move || query.read().get("actor").unwrap_or_default();
    let entries = Resource::new(
        move || (action(), actor()),
        |(action, actor)| list_audit(action, actor),
    );
    view! {
        <PageMeta title="Audit log" />
        <AdminShell title="Audit log">
            <Suspense fallback=|| view! { <p class="text-ink-600">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || entries.get().map(|result| result.map(|AuditPage { entries, actions }| {
                        view! {
                            <AuditFilters actions action=action() actor=actor() />
                            <AuditEntries entries />
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn AuditFilters(actions: Vec<String>, action: String, actor: String) -> impl IntoView {
    let input = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600";
    view! {
        <form method="get" action="/admin/audit" class="mb-6 grid max-w-3xl gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <div>
                <label for="audit-action" class="mb-1 block text-sm font-medium text-ink-800">"Action"</label>
                <select id="audit-action" name="action" class=input>
                    <option value="" selected=action.is_empty()>"All actions"</option>
                    {actions.into_iter().map(|name| {
                        let selected = action == name;
                        let value = name.clone();
                        view! { <option value=value selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="audit-actor" class="mb-1 block text-sm font-medium text-ink-800">"Actor email"</label>
                <input id="audit-actor" name="actor" type="search" value=actor placeholder="admin@example.com" class=input />
            </div>
            <Button variant=ButtonVariant::Secondary>"Filter"</Button>
        </form>
    }
}

#[component]
fn AuditEntries(entries: Vec<AuditItem>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <EmptyState title="No entries" message="Nothing matches these filters." /> }.into_any();
    }
    view! {
        // Focusable, so keyboard users can scroll a wide table sideways.
        <section tabindex="0" aria-label="Audit log entries"
            class="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-ink-100 focus-visible:outline-2">
            <table class="min-w-full divide-y divide-ink-100 text-sm">
                <thead class="bg-ink-50 text-left text-xs font-semibold uppercase tracking-wide text-ink-600">
                    <tr>
                        <th scope="col" class="px-4 py-3">"When"</th>
                        <th scope="col" class="px-4 py-3">"Who"</th>
                        <th scope="col" class="px-4 py-3">"What"</th>
                        <th scope="col" class="px-4 py-3">"Record"</th>
                        <th scope="col" class="px-4 py-3">"Change"</th>
                        <th scope="col" class="px-4 py-3">"IP"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-ink-100 align-top">
                    {entries.into_iter().map(|entry| view! {
                        <tr>
                            <td class="whitespace-nowrap px-4 py-3 text-ink-600">{entry.when}</td>
                            <td class="px-4 py-3">{entry.actor}</td>
                            <td class="px-4 py-3 font-mono text-xs">{entry.action}</td>
                            <td class="whitespace-nowrap px-4 py-3">{entry.target}</td>
                            <td class="max-w-md break-all px-4 py-3 font-mono text-xs text-ink-600">
                                {entry.before.map(|before| view! { <p><span class="text-ink-600">"before "</span>{before}</p> })}
                                {entry.after.map(|after| view! { <p><span class="text-ink-600">"after "</span>{after}</p> })}
                            </td>
                            <td class="whitespace-nowrap px-4 py-3 text-ink-600">{entry.ip}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }.into_any()
}
