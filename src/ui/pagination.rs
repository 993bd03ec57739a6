//! Links between the pages of a long list (catalog, schedule, outbox).

use leptos::prelude::*;

/// Previous / numbered / next links; `href` gives the link to a page number.
#[component]
pub fn Pagination(
    page: u32,
    page_count: u32,
    href: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    if page_count <= 1 {
        return ().into_any();
    }
    let first = page.saturating_sub(2).max(1);
    let last = (first + 4).min(page_count);
    let link = "inline-flex min-w-10 items-center justify-center rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-inset";
    view! {
        <nav class="mt-8 flex flex-wrap items-center justify-center gap-2" aria-label="Pages">
            {(page > 1).then(|| view! {
                <a href=href(page - 1) rel="prev" class=format!("{link} bg-white text-ink-700 ring-ink-200 hover:bg-ink-50")>"← Previous"</a>
            })}
            {(first..=last)
                .map(|number| {
                    if number == page {
                        view! { <span aria-current="page" class=format!("{link} bg-brand-700 text-white ring-brand-700")>{number}</span> }.into_any()
                    } else {
                        view! { <a href=href(number) class=format!("{link} bg-white text-ink-700 ring-ink-200 hover:bg-ink-50")>{number}</a> }.into_any()
                    }
                })
                .collect_view()}
            {(page < page_count).then(|| view! {
                <a href=href(page + 1) rel="next" class=format!("{link} bg-white text-ink-700 ring-ink-200 hover:bg-ink-50")>"Next →"</a>
            })}
        </nav>
    }
    .into_any()
}
