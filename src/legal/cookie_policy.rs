//! The cookie policy: every cookie the site can set, why and for how long, and
//! the visitor's choice, which they can change here.

use leptos::prelude::*;

use super::banner::ConsentChoiceForm;
use super::consent::{use_consent, KEPT_FOR_DAYS};
use crate::site::use_site;
use crate::ui::{PageIntro, PageMeta};

/// One cookie as the policy lists it: name(s), what it is for, when it is set,
/// how long it lasts.
struct CookieEntry {
    names: &'static [&'static str],
    purpose: &'static str,
    set_when: &'static str,
    lasts: String,
}

fn cookies() -> [CookieEntry; 2] {
    [
        CookieEntry {
            names: &["kurso_session", "__Host-kurso_session"],
            purpose: "Keeps you signed in. It holds a random number that tells the server which signed-in visit is yours; your details stay on the server.",
            set_when: "When you log in or create an account. Visitors who do not sign in never get it.",
            lasts: "Until you log out, after a while without activity, or some hours after you signed in at the latest.".to_owned(),
        },
        CookieEntry {
            names: &["kurso_consent", "__Host-kurso_consent"],
            purpose: "Remembers your answer to the cookie banner, so it is not asked on every page.",
            set_when: "When you choose \u{201c}Accept all\u{201d} or \u{201c}Only necessary\u{201d}.",
            lasts: format!("{KEPT_FOR_DAYS} days; then the banner asks again."),
        },
    ]
}

const CODE: &str = "rounded bg-ink-100 px-1 text-sm text-ink-900";

#[component]
pub fn CookiePolicyPage() -> impl IntoView {
    let site = use_site();
    let consent = use_consent();
    let current_choice = move || match consent.get() {
        Some(choice) => format!(
            "Your choice: \u{201c}{}\u{201d}. You can change it at any time.",
            choice.label()
        ),
        None => "You have not chosen yet.".to_owned(),
    };
    view! {
        <PageMeta title="Cookie policy" description="Every cookie this site can set, why and for how long, and how to change your choice." />
        <PageIntro title="Cookie policy" lead="Every cookie this site can set, why, and for how long." />
        <article class="mx-auto max-w-3xl space-y-6 px-4 py-12 text-ink-700 sm:px-6">
            <h2 class="text-xl font-semibold text-ink-950">"Strictly necessary cookies"</h2>
            <p>
                {format!("{} sets only the cookies a feature you use cannot work without. ", site.name)}
                "They need no consent, scripts on the page cannot read them, they are not sent with requests that other sites start, and they are never used to follow you across sites. "
                "On a secure connection their names start with "<code class=CODE>"__Host-"</code>"."
            </p>
            <ul id="cookie-list" class="space-y-4">
                {cookies().into_iter().map(|cookie| view! {
                    <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-ink-100">
                        <h3 class="flex flex-wrap gap-2 font-semibold text-ink-950">
                            {cookie.names.iter().map(|name| view! { <code class=CODE>{*name}</code> }).collect_view()}
                        </h3>
                        <dl class="mt-3 grid gap-4 text-sm sm:grid-cols-3">
                            <div>
                                <dt class="font-medium text-ink-500">"What it is for"</dt>
                                <dd class="mt-1">{cookie.purpose}</dd>
                            </div>
                            <div>
                                <dt class="font-medium text-ink-500">"Set"</dt>
                                <dd class="mt-1">{cookie.set_when}</dd>
                            </div>
                            <div>
                                <dt class="font-medium text-ink-500">"Lasts"</dt>
                                <dd class="mt-1">{cookie.lasts}</dd>
                            </div>
                        </dl>
                    </li>
                }).collect_view()}
            </ul>
            <p>"A visitor who only reads the site, and makes no choice, gets no cookie at all."</p>
            <h2 class="text-xl font-semibold text-ink-950">"Optional cookies"</h2>
            <p>
                "The site sets no analytics, advertising or other optional cookies today, so \u{201c}Accept all\u{201d} and \u{201c}Only necessary\u{201d} set the same cookies. "
                "If we ever add an optional one, it will be listed here first and set only for visitors who chose \u{201c}Accept all\u{201d}."
            </p>
            <h2 id="your-choice" class="text-xl font-semibold text-ink-950">"Your choice"</h2>
            <p id="current-choice" aria-live="polite">{current_choice}</p>
            <ConsentChoiceForm />
        </article>
    }
}
