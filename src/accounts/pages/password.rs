use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{form_message, AuthCard, FORM, LINK};
use crate::accounts::server_fns::{ForgotPassword, ResetPassword};
use crate::errors::form_errors;
use crate::ui::{Button, Flash, FlashKind, FormField};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let forgot = ServerAction::<ForgotPassword>::new();
    let query = use_query_map();
    let sent =
        move || matches!(forgot.value().get(), Some(Ok(()))) || query.read().get("sent").is_some();

    view! {
        <PageMeta title="Reset your password" />
        <AuthCard title="Reset your password" lead="Enter the email you registered with and we will send you a link to choose a new password.">
            {move || sent().then(|| view! {
                <Flash kind=FlashKind::Success message="If an account exists for that email, a reset link is on its way. It works for one hour." />
            })}
            <ActionForm action=forgot attr:class=FORM attr:novalidate=true>
                {move || {
                    let errors = form_errors(forgot.value().get());
                    view! {
                        {form_message(&errors)}
                        <FormField name="email" label="Email" kind="email" value=errors.value("email")
                            error=errors.field("email") required=true autocomplete="email" />
                    }
                }}
                <Button>"Send reset link"</Button>
            </ActionForm>
            <p class="border-t border-ink-100 pt-5 text-sm text-ink-600">
                "Remembered it? " <a href="/login" class=LINK>"Log in"</a>
            </p>
        </AuthCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let query = use_query_map();

    view! {
        <PageMeta title="Choose a new password" />
        <AuthCard title="Choose a new password" lead="Your new password replaces the old one and signs you out everywhere.">
            <ActionForm action=reset attr:class=FORM attr:novalidate=true>
                {move || {
                    let errors = form_errors(reset.value().get());
                    let token = Some(errors.value("token"))
                        .filter(|token| !token.is_empty())
                        .or_else(|| query.read().get("token"))
                        .unwrap_or_default();
                    let missing = token.is_empty();
                    view! {
                        {form_message(&errors)}
                        {missing.then(|| view! {
                            <Flash kind=FlashKind::Error message="This link is incomplete. Open the link from the email again, or ask for a new one." />
                        })}
                        <input type="hidden" name="token" value=token />
                        <FormField name="password" label="New password" kind="password"
                            hint="At least 8 characters. A few unrelated words make a strong passphrase."
                            error=errors.field("password") required=true autocomplete="new-password" />
                    }
                }}
                <Button>"Save new password"</Button>
            </ActionForm>
            <p class="border-t border-ink-100 pt-5 text-sm text-ink-600">
                "Link expired? " <a href="/forgot-password" class=LINK>"Ask for a new one"</a>
            </p>
        </AuthCard>
    }
}
