use leptos::prelude::*;

/// A secret the page shows only this once (an API token, a webhook signing
/// secret), in a read-only field to copy, with what to do with it.
#[component]
pub fn ShownOnce(
    /// The field's id; the heading's is derived from it.
    id: &'static str,
    heading: &'static str,
    /// The field's accessible name.
    label: &'static str,
    secret: String,
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section aria-labelledby=labelled_by class="mb-6 rounded-xl bg-success-50 p-5 ring-1 ring-success-200">
            <h2 id=heading_id class="font-semibold text-success-800">{heading}</h2>
            <p class="mt-1 text-sm text-success-800">{children()}</p>
            <label for=id class="sr-only">{label}</label>
            <input id=id readonly value=secret
                class="mt-3 w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-sm text-ink-950 ring-1 ring-inset ring-success-200" />
        </section>
    }
}
