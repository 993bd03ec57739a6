//! Legal pages: the cookie policy.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::site::use_site;
use crate::ui::layout::PageIntro;

#[component]
pub fn CookiePolicyPage() -> impl IntoView {
    let site = use_site();
    view! {
        <Title text="Cookie policy" />
        <PageIntro title="Cookie policy" lead="Which cookies this site sets, and why." />
        <article class="mx-auto max-w-3xl space-y-5 px-4 py-12 text-ink-700 sm:px-6">
            <h2 class="text-xl font-semibold text-ink-950">"Strictly necessary cookies only"</h2>
            <p>
                {format!("{} sets only the cookies a feature you use cannot work without, such as the cookie that keeps you signed in. ", site.name)}
                "These need no consent and are never used to track you across sites."
            </p>
            <p>"Today the site sets no cookies at all: there is nothing to sign in to yet, and there are no analytics or advertising cookies."</p>
            <h2 class="text-xl font-semibold text-ink-950">"Optional cookies"</h2>
            <p>"If we ever add optional cookies, such as analytics, we will ask you first and set none of them unless you accept. You will be able to change your choice at any time on this page."</p>
        </article>
    }
}
