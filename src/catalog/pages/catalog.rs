//! `/courses`: search, filters, sort and pages, all in the URL. Without
//! JavaScript the form is a plain GET; with it, `ui::InPlace` sends it and
//! puts the new results in place without a full page load.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::parts::{mode_choices, FilterSelect, INPUT, LABEL};
use crate::catalog::filters::{CatalogFilters, CatalogSort};
use crate::catalog::load_catalog;
use crate::catalog::summaries::{CatalogResults, Choice, CourseListItem};
use crate::errors::Loaded;
use crate::ui::Pagination;
use crate::ui::{ButtonLink, ButtonVariant, EmptyState, Flash, FlashKind};
use crate::ui::{InPlace, InnerPage};

#[component]
pub fn CoursesPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::Catalog);
    let search = use_location().search;
    let results = Resource::new(move || search.get(), load_catalog);

    view! {
        <InnerPage title="Courses"
            lead="In-depth IT courses and certifications: cloud, cybersecurity, programming, data, networking and more."
            description="Search IT courses and certifications by topic, city, month and price: online and in person in Metro Manila and Cebu City.">
            <Loaded resource=results loading="Loading courses…" keep_previous=true show=move |results| view! { <InPlace id="catalog"><Catalog results /></InPlace> } />
        </InnerPage>
    }
}

#[component]
fn Catalog(results: CatalogResults) -> impl IntoView {
    let CatalogResults {
        filters,
        problems,
        courses,
        total,
        page_count,
        options,
    } = results;
    let count = match total {
        0 => "No courses match".to_owned(),
        1 => "1 course".to_owned(),
        n => format!("{n} courses"),
    };
    let page = filters.page;
    let page_filters = filters.clone();
    let filtered = filters.is_filtered();
    view! {
        <form method="get" action="/courses">
            <div class="flex flex-col gap-3 sm:flex-row" role="search">
                <label for="catalog-search" class="sr-only">"Search courses"</label>
                <input id="catalog-search" name="q" type="search" value=filters.q.clone()
                    placeholder="Search courses, e.g. AWS security, Python, ITIL"
                    class=format!("{INPUT} py-3 text-base sm:flex-1") />
                <button type="submit" class="rounded-lg bg-brand-700 px-5 py-3 text-sm font-semibold text-white shadow-sm hover:bg-brand-800">
                    "Search"
                </button>
            </div>
            <div class="mt-8 grid gap-8 lg:grid-cols-[15rem_minmax(0,1fr)]">
                <Filters filters=filters.clone() options />
                <section aria-labelledby="results-heading">
                    <div class="flex flex-wrap items-end justify-between gap-3 border-b border-ink-100 pb-3">
                        <h2 id="results-heading" class="text-lg font-semibold text-ink-950" aria-live="polite">
                            <span id="result-count">{count}</span>
                        </h2>
                        <SortSelect filters=filters.clone() />
                    </div>
                    {(!problems.is_empty()).then(|| view! {
                        <div class="mt-4"><Flash kind=FlashKind::Info message=problems.join(" ") /></div>
                    })}
                    {if courses.is_empty() {
                        view! { <NoMatches filtered /> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 space-y-4" id="course-results">
                                {courses.into_iter().map(|course| view! { <li><CourseResult course /></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <Pagination page page_count href=move |number| page_filters.with_page(number).href() />
                </section>
            </div>
        </form>
    }
}

#[component]
fn Filters(
    filters: CatalogFilters,
    options: crate::catalog::summaries::FilterOptions,
) -> impl IntoView {
    let cities: Vec<Choice> = options
        .cities
        .into_iter()
        .map(|city| Choice {
            value: city.clone(),
            label: city,
        })
        .collect();
    let price = |value: Option<i64>| value.map(|pesos| pesos.to_string()).unwrap_or_default();
    view! {
        <aside aria-label="Filters" class="grid content-start gap-4 sm:grid-cols-2 lg:grid-cols-1">
            <FilterSelect id="filter-category" name="category" label="Category" any_label="All categories"
                choices=options.categories selected=filters.category.clone() />
            <FilterSelect id="filter-mode" name="mode" label="Delivery" any_label="Online or in person"
                choices=mode_choices() selected=filters.mode.map(|mode| mode.as_str().to_owned()) />
            <FilterSelect id="filter-city" name="city" label="City" any_label="Any city"
                choices=cities selected=filters.city.clone() />
            <FilterSelect id="filter-month" name="month" label="Month" any_label="Any month"
                choices=options.months selected=filters.month.map(|month| month.to_string()) />
            <fieldset class="sm:col-span-2 lg:col-span-1">
                <legend class=LABEL>"Price (₱)"</legend>
                <div class="mt-1 flex items-center gap-2">
                    <label for="filter-min-price" class="sr-only">"Minimum price in pesos"</label>
                    <input id="filter-min-price" name="min_price" type="text" inputmode="numeric" placeholder="Min"
                        value=price(filters.min_price) class=INPUT />
                    <span class="text-ink-400" aria-hidden="true">"–"</span>
                    <label for="filter-max-price" class="sr-only">"Maximum price in pesos"</label>
                    <input id="filter-max-price" name="max_price" type="text" inputmode="numeric" placeholder="Max"
                        value=price(filters.max_price) class=INPUT />
                </div>
            </fieldset>
            <div class="flex items-center gap-3 sm:col-span-2 lg:col-span-1">
                <button type="submit" class="rounded-lg bg-white px-4 py-2 text-sm font-semibold text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 hover:bg-ink-50">
                    "Apply filters"
                </button>
                <a href="/courses" class="text-sm font-medium text-brand-700 hover:text-brand-900">"Clear all"</a>
            </div>
        </aside>
    }
}

#[component]
fn SortSelect(filters: CatalogFilters) -> impl IntoView {
    let current = filters.effective_sort();
    let searching = !filters.search_words().is_empty();
    // The default order goes out as an empty value, so typing a new search
    // falls back to best match instead of keeping "soonest" by accident.
    let default = if searching {
        CatalogSort::Relevance
    } else {
        CatalogSort::Soonest
    };
    let value = move |sort: CatalogSort| if sort == default { "" } else { sort.as_str() };
    view! {
        <div class="flex items-center gap-2">
            <label for="catalog-sort" class="text-sm text-ink-600">"Sort by"</label>
            <select id="catalog-sort" name="sort" class="rounded-lg border-0 bg-white py-1.5 pl-3 pr-8 text-sm text-ink-900 ring-1 ring-inset ring-ink-200">
                {CatalogSort::CHOICES
                    .into_iter()
                    .filter(|sort| searching || *sort != CatalogSort::Relevance)
                    .map(|sort| view! { <option value=value(sort) selected=sort == current>{sort.label()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CourseResult(course: CourseListItem) -> impl IntoView {
    let href = format!("/courses/{}", course.slug);
    let runs = match course.upcoming_runs {
        0 => "No dates yet".to_owned(),
        1 => "1 upcoming run".to_owned(),
        n => format!("{n} upcoming runs"),
    };
    view! {
        <article class="course-result group relative flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-ink-100 hover:ring-brand-200 sm:flex-row sm:items-start sm:justify-between">
            <div class="min-w-0">
                <p class="text-xs font-semibold uppercase tracking-wide text-brand-700">
                    {course.category.clone().unwrap_or_default()}
                    <span class="text-ink-500">" · " {course.code.clone()}</span>
                </p>
                <h3 class="mt-1 text-lg font-semibold text-ink-950">
                    <a href=href class="hover:text-brand-800 focus:outline-none">
                        <span class="absolute inset-0" aria-hidden="true"></span>
                        {course.title.clone()}
                    </a>
                </h3>
                <p class="mt-1 line-clamp-2 text-sm text-ink-600">{course.summary.clone()}</p>
                <p class="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-ink-500">
                    <span>{course.level.clone()}</span>
                    <span>{course.duration.clone()}</span>
                    <span class="font-medium text-ink-700">{course.next_run.clone().unwrap_or_else(|| "Dates on request".to_owned())}</span>
                </p>
            </div>
            <div class="shrink-0 sm:text-right">
                <p class="text-lg font-bold text-ink-950">{course.price.clone()}</p>
                <p class="text-xs text-ink-500">{runs}</p>
            </div>
        </article>
    }
}

#[component]
fn NoMatches(filtered: bool) -> impl IntoView {
    if filtered {
        view! {
            <div class="mt-6">
                <EmptyState
                    title="No courses match these filters"
                    message="Try fewer words, another month or city, or widen the price range. Online runs are open wherever you are."
                >
                    <ButtonLink href="/courses" variant=ButtonVariant::Secondary>"Clear all filters"</ButtonLink>
                </EmptyState>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="mt-6">
                <EmptyState
                    title="No courses are published yet"
                    message="The catalog appears here as soon as the first course is published. Tell us what you would like to learn."
                >
                    <ButtonLink href="/contact">"Send an enquiry"</ButtonLink>
                </EmptyState>
            </div>
        }
        .into_any()
    }
}
