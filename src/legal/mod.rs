//! Legal pages: the cookie policy.

use crate::ui::PageMeta;
use leptos::prelude::*;

use crate::site::use_site;
use crate::ui::PageIntro;

#[component]
pub fn CookiePolicyPage() -> impl IntoView {
    let site = use_site();
    view! {
        <PageMeta title="Cookie policy" description="Which cookies this site sets and why: one strictly necessary sign-in cookie, and no optional cookies." />
        <PageIntro title="Cookie policy" lead="Which cookies this site sets, and why." />
        <article class="mx-auto max-w-3xl space-y-5 px-4 py-12 text-ink-700 sm:px-6">
            <h2 class="text-xl font-semibold text-ink-950">"Strictly necessary cookies only"</h2>
            <p>
                {format!("{} sets only the cookies a feature you use cannot work without. ", site.name)}
                "These need no consent and are never used to track you across sites."
            </p>
            <h3 class="text-lg font-semibold text-ink-950">"The sign-in cookie"</h3>
            <p>
                "When you log in or create an account, the site sets one cookie, "
                <code class="rounded bg-ink-100 px-1 text-sm text-ink-900">"kurso_session"</code>
                " (on a secure connection "
                <code class="rounded bg-ink-100 px-1 text-sm text-ink-900">"__Host-kurso_session"</code>
                "). It holds a random number that tells the server which signed-in visit is yours; your details stay on the server. "
                "Scripts on the page cannot read it, and it is not sent along with requests that other sites start."
            </p>
            <p>
                "It ends when you log out, after a while without activity, or at the latest some hours after you signed in. "
                "Visitors who do not log in get no cookie at all."
            </p>
            <h2 class="text-xl font-semibold text-ink-950">"Optional cookies"</h2>
            <p>"The site sets no analytics, advertising or other optional cookies. If we ever add some, we will ask you first and set none of them unless you accept, and you will be able to change your choice at any time on this page."</p>
        </article>
    }
}
