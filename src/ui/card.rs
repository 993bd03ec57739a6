use leptos::prelude::*;

/// A white panel on the page background; the unit of most listings. Pass
/// `p-0` for a panel whose rows bring their own padding (tables, lists).
#[component]
pub fn Card(#[prop(optional, into)] class: String, children: Children) -> impl IntoView {
    // Both `p-6` and `p-0` in one class list would leave the winner to the
    // order of Tailwind's output, so the default steps aside.
    let padding = if class.split_whitespace().any(|name| name == "p-0") {
        ""
    } else {
        "p-6"
    };
    view! {
        <div class=format!(
            "rounded-2xl bg-white {padding} shadow-sm ring-1 ring-ink-100 {class}",
        )>{children()}</div>
    }
}
