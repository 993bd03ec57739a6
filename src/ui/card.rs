use leptos::prelude::*;

/// A white panel on the page background; the unit of most listings.
#[component]
pub fn Card(#[prop(optional, into)] class: String, children: Children) -> impl IntoView {
    view! {
        <div class=format!(
            "rounded-2xl bg-white p-6 shadow-sm ring-1 ring-ink-100 {class}",
        )>{children()}</div>
    }
}
