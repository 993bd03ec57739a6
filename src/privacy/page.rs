//! `/account/data`: the learner's data rights in one place: a copy of
//! everything Kurso holds about them, and deleting the account.

use leptos::prelude::*;

use super::server_fns::DeleteAccount;
use crate::errors::form_errors;
use crate::ui::{Button, ButtonLink, ButtonVariant, Card, Flash, FlashKind, FormField, InnerPage};

#[component]
pub fn DataRightsPage() -> impl IntoView {
    let delete = ServerAction::<DeleteAccount>::new();
    // With JavaScript the page does not reload: the header must forget the user.
    let viewer = crate::accounts::viewer::use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            viewer.set(None);
        }
    });
    view! {
        <InnerPage title="Your data"
            lead="Download a copy of everything we hold about you, or delete your account."
            description="Download your data or delete your account.">
            <p class="mb-6 text-sm"><a href="/account" class="font-medium text-brand-700 hover:text-brand-900">"← My account"</a></p>
            <div class="grid gap-6 lg:grid-cols-2">
                <Card>
                    <h2 class="text-lg font-semibold text-ink-950">"Download my data"</h2>
                    <p class="mt-2 text-sm text-ink-600">
                        "One JSON file with your account, your enrollments and waitlist places, your calendar feed, "
                        "the enquiries sent from your email address, and the record of what was done with your account."
                    </p>
                    <div class="mt-4"><ButtonLink href="/account/data.json" variant=ButtonVariant::Secondary>"Download my data"</ButtonLink></div>
                </Card>
                <Card>
                    <h2 class="text-lg font-semibold text-ink-950">"Delete my account"</h2>
                    <p class="mt-2 text-sm text-ink-600">
                        "We erase your name, email, calendar feed and enquiries, give up your waitlist places, and sign you out everywhere. "
                        "Trainings you had a confirmed seat in keep an anonymous place, so their counts stay right. This cannot be undone."
                    </p>
                    <ActionForm action=delete attr:class="mt-4 space-y-4" attr:novalidate=true>
                        {move || {
                            let errors = form_errors(delete.value().get());
                            view! {
                                {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                                <FormField name="password" label="Your password" kind="password" hint="To be sure it is you."
                                    error=errors.field("password") required=true autocomplete="current-password" />
                            }
                        }}
                        <Button>"Delete my account"</Button>
                    </ActionForm>
                </Card>
            </div>
        </InnerPage>
    }
}
