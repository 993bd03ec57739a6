//! The cookie banner: asked on a visitor's first page, until they choose. Two
//! buttons in a plain form, so it works without JavaScript; with it, the
//! banner is an island that sends the choice and closes in place.

use leptos::prelude::*;

use super::consent::{use_consent, ConsentChoice};
use super::server_fns::RecordConsent;
use crate::ui::{Button, ButtonVariant};

#[island]
pub fn ConsentBanner() -> impl IntoView {
    // In the browser the island starts from the choice the page was rendered
    // with, so it shows what the server showed.
    #[cfg(feature = "hydrate")]
    super::consent::provide_consent(super::consent::from_document());
    let consent = use_consent();
    move || {
        consent.get().is_none().then(|| {
            view! {
                <section aria-labelledby="consent-title" class="border-b border-brand-100 bg-brand-50">
                    <div class="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:px-6 md:flex-row md:items-center md:justify-between">
                        <div class="text-sm text-ink-800">
                            <h2 id="consent-title" class="font-semibold text-ink-950">"Cookies on this site"</h2>
                            <p class="mt-1 max-w-3xl">
                                "We use a cookie to keep you signed in and another to remember this choice. "
                                "Optional cookies are set only if you accept them. "
                                <a href="/cookies" class="font-medium text-brand-800 underline hover:text-brand-900">"How we use cookies"</a>
                            </p>
                        </div>
                        <ConsentChoiceForm />
                    </div>
                </section>
            }
        })
    }
}

/// "Only necessary" and "Accept all", of equal weight: refusing is as easy as
/// accepting. The banner and the cookie policy page both offer it.
#[component]
pub fn ConsentChoiceForm() -> impl IntoView {
    let consent = use_consent();
    let record = ServerAction::<RecordConsent>::new();
    Effect::new(move |_| {
        if let Some(Ok(choice)) = record.value().get() {
            consent.set(Some(choice));
        }
    });
    view! {
        <ActionForm action=record attr:class="flex shrink-0 flex-wrap gap-2">
            <Button name="choice" value=ConsentChoice::Necessary.as_str() variant=ButtonVariant::Secondary>
                {ConsentChoice::Necessary.label()}
            </Button>
            <Button name="choice" value=ConsentChoice::All.as_str()>
                {ConsentChoice::All.label()}
            </Button>
        </ActionForm>
    }
}
