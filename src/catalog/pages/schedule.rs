//! `/schedule`: upcoming runs by month, for one city or delivery mode if asked,
//! with schema.org Events for search engines.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::parts::{mode_choices, FilterSelect, RunListItem};
use crate::catalog::filters::encode;
use crate::catalog::load_schedule;
use crate::catalog::summaries::{Choice, ScheduleResults};
use crate::errors::Loaded;
use crate::ui::Pagination;
use crate::ui::{ButtonLink, ButtonVariant, EmptyState};
use crate::ui::{InPlace, InnerPage};

#[component]
pub fn SchedulePage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::Catalog);
    let search = use_location().search;
    let schedule = Resource::new(move || search.get(), load_schedule);
    view! {
        <InnerPage title="Upcoming trainings"
            lead="Online and in-person runs in tech hubs like Metro Manila and Cebu City."
            description="Upcoming IT trainings by month: online and in person in Metro Manila and Cebu City, with seats left for each run.">
            <Loaded resource=schedule loading="Loading the schedule…" keep_previous=true show=move |schedule| view! { <InPlace id="schedule"><Schedule schedule /></InPlace> } />
        </InnerPage>
    }
}

#[component]
fn Schedule(schedule: ScheduleResults) -> impl IntoView {
    let ScheduleResults {
        city,
        mode,
        months,
        total,
        page,
        page_count,
        cities,
        json_ld,
    } = schedule;
    let cities: Vec<Choice> = cities
        .into_iter()
        .map(|c| Choice {
            value: c.clone(),
            label: c,
        })
        .collect();
    let count = match total {
        0 => "No runs match".to_owned(),
        1 => "1 upcoming run".to_owned(),
        n => format!("{n} upcoming runs"),
    };
    let filtered = city.is_some() || mode.is_some();
    let link_city = city.clone();
    let page_href = move |number: u32| {
        let mut pairs = Vec::new();
        if let Some(city) = &link_city {
            pairs.push(format!("city={}", encode(city)));
        }
        if let Some(mode) = mode {
            pairs.push(format!("mode={}", mode.as_str()));
        }
        if number > 1 {
            pairs.push(format!("page={number}"));
        }
        if pairs.is_empty() {
            "/schedule".to_owned()
        } else {
            format!("/schedule?{}", pairs.join("&"))
        }
    };
    view! {
        <script type="application/ld+json" inner_html=json_ld></script>
        <form method="get" action="/schedule">
            <div class="flex flex-wrap items-end gap-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-ink-100">
                <div class="w-full sm:w-56">
                    <FilterSelect id="schedule-city" name="city" label="City" any_label="Any city" choices=cities selected=city />
                </div>
                <div class="w-full sm:w-56">
                    <FilterSelect id="schedule-mode" name="mode" label="Delivery" any_label="Online or in person"
                        choices=mode_choices() selected=mode.map(|m| m.as_str().to_owned()) />
                </div>
                <button type="submit" class="rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">"Show runs"</button>
                <p class="text-sm text-ink-600 sm:ml-auto" aria-live="polite"><span id="run-count">{count}</span></p>
            </div>
        </form>
        {if months.is_empty() {
            view! {
                <div class="mt-8">
                    {if filtered {
                        view! {
                            <EmptyState title="No runs match" message="Try another city, or include online runs: they are open wherever you are.">
                                <ButtonLink href="/schedule" variant=ButtonVariant::Secondary>"Show all runs"</ButtonLink>
                            </EmptyState>
                        }.into_any()
                    } else {
                        view! {
                            <EmptyState title="No trainings are scheduled yet" message="New dates are announced here first. Ask us about a date that suits your team.">
                                <ButtonLink href="/contact">"Ask about a date"</ButtonLink>
                            </EmptyState>
                        }.into_any()
                    }}
                </div>
            }.into_any()
        } else {
            months.into_iter().map(|month| {
                let heading = month.month.clone();
                let label = heading.clone();
                view! {
                    <section class="mt-10" aria-label=label>
                        <h2 class="text-lg font-bold text-ink-950">{heading}</h2>
                        <ul class="mt-3 divide-y divide-ink-100 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-ink-100">
                            {month.runs.into_iter().map(|run| view! { <RunListItem run show_course=true /> }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view().into_any()
        }}
        <Pagination page page_count href=page_href />
    }
}
