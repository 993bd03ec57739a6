use leptos::prelude::*;

use super::{Button, ButtonVariant};

/// A one-field search that reloads the page with `?{name}=…`: works without
/// JavaScript, and the address keeps the search.
#[component]
pub fn SearchForm(
    action: &'static str,
    id: &'static str,
    name: &'static str,
    /// Said to screen readers; the placeholder says it to everyone else.
    label: &'static str,
    /// What is searched for now (the page's query follows client-side navigation).
    #[prop(into)]
    value: Signal<String>,
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="mb-6 flex max-w-xl gap-2" role="search">
            <label for=id class="sr-only">{label}</label>
            <input id=id name=name type="search" value=value placeholder=placeholder
                class="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600" />
            <Button variant=ButtonVariant::Secondary>"Search"</Button>
        </form>
    }
}
