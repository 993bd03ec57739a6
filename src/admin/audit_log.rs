use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{AuditItem, AuditPage};
use super::server_fns::list_audit;
use super::AdminShell;
use crate::errors::Loaded;
use crate::ui::{Button, ButtonVariant, Column, DataTable};

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
            <Loaded resource=entries show=move |AuditPage { entries, actions }| view! {
                <AuditFilters actions action=action() actor=actor() />
                <AuditEntries entries />
            } />
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

const COLUMNS: &[Column] = &[
    Column::text("When").cells("whitespace-nowrap text-ink-600"),
    Column::text("Who"),
    Column::text("What").cells("font-mono text-xs"),
    Column::text("Record").cells("whitespace-nowrap"),
    Column::text("Change").cells("max-w-md break-all font-mono text-xs text-ink-600"),
    Column::text("IP").cells("whitespace-nowrap text-ink-600"),
];

#[component]
fn AuditEntries(entries: Vec<AuditItem>) -> impl IntoView {
    view! {
        <DataTable label="Audit log entries" columns=COLUMNS rows=entries
            empty_title="No entries" empty_message="Nothing matches these filters."
            key=|entry: &AuditItem| entry.id.to_string()
            cells=|entry: AuditItem| vec![
                entry.when.into_any(),
                entry.actor.into_any(),
                entry.action.into_any(),
                entry.target.into_any(),
                view! {
                    {entry.before.map(|before| view! { <p><span class="text-ink-600">"before "</span>{before}</p> })}
                    {entry.after.map(|after| view! { <p><span class="text-ink-600">"after "</span>{after}</p> })}
                }.into_any(),
                entry.ip.into_any(),
            ] />
    }
}
