use crate::ui::PageMeta;
use leptos::prelude::*;

use super::server_fns::load_overview;
use super::AdminShell;
use crate::errors::Loaded;
use crate::ui::Card;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_overview());
    view! {
        <PageMeta title="Dashboard" />
        <AdminShell title="Overview">
            <Loaded resource=overview show=move |overview| {
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
                    } />
        </AdminShell>
    }
}
