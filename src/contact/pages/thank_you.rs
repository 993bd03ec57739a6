use leptos::prelude::*;

use crate::ui::{ButtonLink, ButtonVariant, Card, InnerPage};

/// Where every sent enquiry lands, a person's or a suspected bot's alike.
#[component]
pub fn ThankYouPage() -> impl IntoView {
    view! {
        <InnerPage title="Thank you for your enquiry" lead="We have received it and sent a confirmation to your email address." narrow=true
            description="Your enquiry has been received.">
            <Card>
                <h2 class="text-lg font-semibold text-ink-950">"What happens next"</h2>
                <ol class="mt-3 list-decimal space-y-2 pl-5 text-ink-700">
                    <li>"A training adviser reads your enquiry and answers within one working day."</li>
                    <li>"For a private run, we suggest dates, the format (online or at your office) and a quote for your team."</li>
                    <li>"Nothing is booked until you confirm."</li>
                </ol>
                <div class="mt-6 flex flex-wrap gap-3">
                    <ButtonLink href="/schedule">"See upcoming trainings"</ButtonLink>
                    <ButtonLink href="/courses" variant=ButtonVariant::Secondary>"Browse courses"</ButtonLink>
                </div>
            </Card>
        </InnerPage>
    }
}
