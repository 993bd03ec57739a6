//! The provider's published contact details, beside the form.

use leptos::prelude::*;

use crate::site::use_site;
use crate::ui::Card;

/// Email, phone and address as configured; nothing when none is.
#[component]
pub fn ContactDetails() -> impl IntoView {
    let site = use_site();
    let details = [
        (
            "Email",
            site.contact_email
                .clone()
                .map(|email| (format!("mailto:{email}"), email)),
        ),
        (
            "Phone",
            site.contact_phone
                .clone()
                .map(|phone| (format!("tel:{}", phone.replace(' ', "")), phone)),
        ),
    ];
    let has_details =
        details.iter().any(|(_, detail)| detail.is_some()) || site.contact_address.is_some();
    has_details.then(|| view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">"Reach us directly"</h2>
            <dl class="mt-4 space-y-4">
                {details
                    .into_iter()
                    .filter_map(|(label, detail)| detail.map(|(href, text)| view! {
                        <div>
                            <dt class="text-sm font-medium text-ink-500">{label}</dt>
                            <dd class="mt-1"><a class="font-semibold text-brand-800 hover:text-brand-900" href=href>{text}</a></dd>
                        </div>
                    }))
                    .collect_view()}
                {site.contact_address.clone().map(|address| view! {
                    <div>
                        <dt class="text-sm font-medium text-ink-500">"Address"</dt>
                        <dd class="mt-1 text-ink-900">{address}</dd>
                    </div>
                })}
            </dl>
        </Card>
    })
}
