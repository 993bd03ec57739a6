use crate::ui::PageMeta;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AdminShell;
use crate::errors::{AppError, ErrorPage};
use crate::ui::Card;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub learners: i64,
    pub admins: i64,
    pub disabled: i64,
    pub emails_pending: i64,
    pub audit_entries: i64,
    /// The system status line: cache hit ratios and memory.
    pub cache_status: String,
}

#[server(endpoint = "admin/overview")]
pub async fn load_overview() -> Result<Overview, AppError> {
    use crate::accounts::server::require_admin;
    use crate::db::on_pool;
    use crate::server::AppState;

    require_admin()?;
    let state = AppState::current()?;
    const SQL: &str = "
        SELECT
          (SELECT COUNT(*) FROM users WHERE role = 'learner'),
          (SELECT COUNT(*) FROM users WHERE role = 'admin'),
          (SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL),
          (SELECT COUNT(*) FROM outbox WHERE status = 'pending'),
          (SELECT COUNT(*) FROM audit_log)";
    let (learners, admins, disabled, emails_pending, audit_entries): (i64, i64, i64, i64, i64) =
        on_pool!(&state.db, pool => sqlx::query_as(SQL).fetch_one(pool).await)?;
    Ok(Overview {
        cache_status: crate::cache::status_line(&state.caches),
        learners,
        admins,
        disabled,
        emails_pending,
        audit_entries,
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_overview());
    view! {
        <PageMeta title="Dashboard" />
        <AdminShell title="Overview">
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || overview.get().map(|result| result.map(|overview| {
                        let tiles = [
                            ("Learners", overview.learners, "/admin/users"),
                            ("Admins", overview.admins, "/admin/users"),
                            ("Disabled accounts", overview.disabled, "/admin/users"),
                            ("Emails waiting", overview.emails_pending, "/admin/outbox"),
                            ("Audit entries", overview.audit_entries, "/admin/audit"),
                        ];
                        view! {
                            <p id="system-status" class="mb-4 rounded-xl bg-white px-4 py-3 text-sm text-ink-700 shadow-sm ring-1 ring-ink-100">
                                <span class="font-semibold text-ink-900">"System status · "</span>{overview.cache_status.clone()}
                            </p>
                            <div class="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
                                {tiles.into_iter().map(|(label, value, href)| view! {
                                    <a href=href class="block">
                                        <Card class="transition hover:ring-brand-300">
                                            <p class="text-sm font-medium text-ink-500">{label}</p>
                                            <p class="mt-2 text-3xl font-bold tracking-tight text-ink-950">{value}</p>
                                        </Card>
                                    </a>
                                }).collect_view()}
                            </div>
                        }
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}
