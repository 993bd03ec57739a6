use crate::ui::PageMeta;
use leptos::prelude::*;

use super::{form_message, AuthCard, FORM, LINK};
use crate::accounts::server_fns::Register;
use crate::accounts::viewer::use_viewer;
use crate::errors::form_errors;
use crate::ui::{Button, FormField};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let viewer = use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(user)) = register.value().get() {
            viewer.set(Some(user));
        }
    });

    view! {
        <PageMeta title="Create an account" description="Create a free account to enroll in IT trainings online and in person in Metro Manila and Cebu City." />
        <AuthCard title="Create an account" lead="Enroll in trainings, join waitlists and keep your training dates in one place.">
            <ActionForm action=register attr:class=FORM attr:novalidate=true>
                {move || {
                    let errors = form_errors(register.value().get());
                    let terms_error = errors.field("accept_terms");
                    view! {
                        {form_message(&errors)}
                        <FormField name="name" label="Full name" value=errors.value("name")
                            hint="As you would like trainers to address you."
                            error=errors.field("name") required=true autocomplete="name" />
                        <FormField name="email" label="Email" kind="email" value=errors.value("email")
                            error=errors.field("email") required=true autocomplete="email" />
                        <FormField name="password" label="Password" kind="password"
                            hint="At least 8 characters. A few unrelated words make a strong passphrase."
                            error=errors.field("password") required=true autocomplete="new-password" />
                        <div class="space-y-1.5">
                            <label class="flex items-start gap-3 text-sm text-ink-700">
                                <input type="checkbox" name="accept_terms" value="yes" id="field-accept_terms"
                                    class="mt-0.5 h-4 w-4 rounded border-ink-300 text-brand-700"
                                    aria-invalid=terms_error.is_some().then_some("true")
                                    aria-describedby=terms_error.is_some().then_some("field-accept_terms-error") />
                                <span>"I accept the terms of service and the privacy policy."</span>
                            </label>
                            {terms_error.map(|error| view! {
                                <p id="field-accept_terms-error" class="text-sm font-medium text-danger-700">{error}</p>
                            })}
                        </div>
                    }
                }}
                <Button>"Create account"</Button>
            </ActionForm>
            <p class="border-t border-ink-100 pt-5 text-sm text-ink-600">
                "Already have an account? " <a href="/login" class=LINK>"Log in"</a>
            </p>
        </AuthCard>
    }
}
