use leptos::prelude::*;

/// The heading block at the top of an inner page.
#[component]
pub fn PageIntro(#[prop(into)] title: String, #[prop(into)] lead: String) -> impl IntoView {
    view! {
        <section class="border-b border-ink-100 bg-gradient-to-b from-brand-50 to-white">
            <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
                <h1 class="text-3xl font-bold tracking-tight text-ink-950 sm:text-4xl">{title}</h1>
                <p class="mt-3 max-w-2xl text-lg text-ink-600">{lead}</p>
            </div>
        </section>
    }
}

/// An inner page: its title and description for the browser and search
/// engines, the heading block, then the content in the page's column.
#[component]
pub fn InnerPage(
    /// The page's `<title>`, and its heading unless `heading` says otherwise.
    #[prop(into)]
    title: String,
    #[prop(optional, into)] heading: Option<String>,
    #[prop(into)] lead: String,
    #[prop(optional, into)] description: Option<String>,
    /// A reading column (forms, one record) instead of the full width.
    #[prop(optional)]
    narrow: bool,
    /// Extra classes for the content column (`space-y-8`).
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let width = if narrow { "max-w-3xl" } else { "max-w-6xl" };
    let heading = heading.unwrap_or_else(|| title.clone());
    let description = description.unwrap_or_else(|| super::DEFAULT_DESCRIPTION.to_owned());
    view! {
        <super::PageMeta title description />
        <PageIntro title=heading lead />
        <div class=format!("mx-auto {width} px-4 py-10 sm:px-6 {class}")>{children()}</div>
    }
}
