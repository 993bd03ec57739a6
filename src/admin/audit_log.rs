use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::AdminShell;
use crate::errors::{AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState};

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

/// The actions the filter offers, as the code records them.
const ACTIONS: [&str; 13] = [
    "user.registered",
    "user.login",
    "user.login_failed",
    "user.logout",
    "user.email_verified",
    "user.password_changed",
    "user.password_reset_requested",
    "user.password_reset",
    "user.role_changed",
    "user.disabled",
    "user.enabled",
    "user.admin_created",
    "",
];

#[cfg(feature = "ssr")]
const ENTRIES_SHOWN: i64 = 100;

#[server(endpoint = "admin/audit")]
pub async fn list_audit(action: String, actor: String) -> Result<Vec<AuditItem>, AppError> {
    use chrono::{DateTime, Utc};

    use crate::accounts::server::require_admin;
    use crate::db::on_pool;
    use crate::server::AppState;

    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        occurred_at: DateTime<Utc>,
        actor_email: Option<String>,
        action: String,
        target_type: Option<String>,
        target_id: Option<String>,
        before_state: Option<String>,
        after_state: Option<String>,
        ip_address: Option<String>,
    }

    require_admin()?;
    let state = AppState::current()?;
    let actor = actor.trim().to_lowercase();
    const SQL: &str = "
        SELECT id, occurred_at, actor_email, action, target_type, target_id, before_state, after_state, ip_address
        FROM audit_log
        WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_email = $2)
        ORDER BY occurred_at DESC, id DESC LIMIT $3";
    let rows: Vec<Row> = on_pool!(&state.db, pool => sqlx::query_as(SQL).bind(action.trim()).bind(&actor).bind(ENTRIES_SHOWN).fetch_all(pool).await)?;
    let time_zone = state.settings.site.time_zone;
    Ok(rows
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
        .collect())
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
    let input = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600";

    view! {
        <Title text="Audit log" />
        <AdminShell title="Audit log">
            <form method="get" action="/admin/audit" class="mb-6 grid max-w-3xl gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                <div>
                    <label for="audit-action" class="mb-1 block text-sm font-medium text-ink-800">"Action"</label>
                    <select id="audit-action" name="action" class=input>
                        {ACTIONS.iter().rev().map(|name| {
                            let label = if name.is_empty() { "All actions" } else { name };
                            view! { <option value=*name selected=move || action() == *name>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="audit-actor" class="mb-1 block text-sm font-medium text-ink-800">"Actor email"</label>
                    <input id="audit-actor" name="actor" type="search" value=actor placeholder="admin@example.com" class=input />
                </div>
                <Button variant=ButtonVariant::Secondary>"Filter"</Button>
            </form>
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || entries.get().map(|result| result.map(|entries| {
                        if entries.is_empty() {
                            return view! { <EmptyState title="No entries" message="Nothing matches these filters." /> }.into_any();
                        }
                        view! {
                            <Card class="overflow-x-auto p-0">
                                <table class="min-w-full divide-y divide-ink-100 text-sm">
                                    <thead class="bg-ink-50 text-left text-xs font-semibold uppercase tracking-wide text-ink-500">
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
                                                    {entry.before.map(|before| view! { <p><span class="text-ink-400">"before "</span>{before}</p> })}
                                                    {entry.after.map(|after| view! { <p><span class="text-ink-400">"after "</span>{after}</p> })}
                                                </td>
                                                <td class="whitespace-nowrap px-4 py-3 text-ink-600">{entry.ip}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </Card>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}
