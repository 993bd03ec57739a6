//! Contact: how a visitor reaches the training provider.

use leptos::prelude::*;

use crate::site::use_site;
use crate::ui::InnerPage;
use crate::ui::{Card, EmptyState};

#[component]
pub fn ContactPage() -> impl IntoView {
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

    view! {
        <InnerPage title="Contact" heading="Contact us"
            lead="Private runs for your team, a course we do not list yet, or help choosing a certification path."
            description="Contact us for more detail about our trainings and for all other enquiries: private runs for your team, dates and certification paths.">
            {if has_details {
                view! {
                    <Card class="max-w-xl">
                        <dl class="space-y-4">
                            {details
                                .into_iter()
                                .filter_map(|(label, detail)| detail.map(|(href, text)| view! {
                                    <div>
                                        <dt class="text-sm font-medium text-ink-500">{label}</dt>
                                        <dd class="mt-1 text-lg"><a class="font-semibold text-brand-800 hover:text-brand-900" href=href>{text}</a></dd>
                                    </div>
                                }))
                                .collect_view()}
                            {site.contact_address.clone().map(|address| view! {
                                <div>
                                    <dt class="text-sm font-medium text-ink-500">"Address"</dt>
                                    <dd class="mt-1 text-lg text-ink-900">{address}</dd>
                                </div>
                            })}
                        </dl>
                    </Card>
                }
                .into_any()
            } else {
                view! {
                    <EmptyState
                        title="The enquiry form opens soon"
                        message="Contact details have not been published yet. Please check back shortly."
                    />
                }
                .into_any()
            }}
        </InnerPage>
    }
}
