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
                        let consent_line = consent_summary(overview.consent_accepted_all, overview.consent_only_necessary);
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
                            <Card class="mt-4">
                                <h2 class="text-sm font-medium text-ink-500">"Cookie choices, last 30 days"</h2>
                                <p id="consent-counts" class="mt-2 text-ink-900">{consent_line}</p>
                            </Card>
                        }
                    } />
        </AdminShell>
    }
}

/// "12 accepted all, 4 only necessary (75% accepted)"; counts only, nobody's choice.
fn consent_summary(accepted_all: i64, only_necessary: i64) -> String {
    let answers = accepted_all + only_necessary;
    if answers == 0 {
        return "No visitor has answered the cookie banner yet.".to_owned();
    }
    let share = accepted_all * 100 / answers;
    format!("{accepted_all} accepted all, {only_necessary} only necessary ({share}% accepted)")
}

#[cfg(test)]
mod tests {
    use super::consent_summary;

    #[test]
    fn the_consent_line_gives_both_counts_and_the_share_that_accepted() {
        assert_eq!(
            consent_summary(3, 1),
            "3 accepted all, 1 only necessary (75% accepted)"
        );
        assert_eq!(
            consent_summary(0, 2),
            "0 accepted all, 2 only necessary (0% accepted)"
        );
        assert!(consent_summary(0, 0).starts_with("No visitor"));
    }
}
