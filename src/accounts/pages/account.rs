use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{form_message, FORM};
use crate::accounts::email_change::RequestEmailChange;
use crate::accounts::model::SignedInUser;
use crate::accounts::server_fns::{load_account, ChangePassword, Logout, ResendVerification};
use crate::accounts::viewer::use_viewer;
use crate::errors::{form_errors, Loaded};
use crate::ui::InnerPage;
use crate::ui::{Button, ButtonVariant, Card, Flash, FlashKind, FormField};

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| load_account());

    view! {
        <InnerPage title="My account"
            lead="Your details, your password and your email confirmation.">
            <Loaded resource=account show=move |user| view! { <AccountDetails user /> } />
        </InnerPage>
    }
}

#[component]
fn AccountDetails(user: SignedInUser) -> impl IntoView {
    let query = use_query_map();
    let notice = move || {
        let query = query.read();
        [
            (
                "welcome",
                "Welcome! Your account is ready. We sent you an email to confirm your address.",
            ),
            ("verified", "Thank you: your email address is confirmed."),
            (
                "password_changed",
                "Your password was changed. Other devices were signed out.",
            ),
            ("sent", "We sent you a new confirmation link."),
            (
                "email_sent",
                "We sent a link to your new address. Your account switches to it once you open the link.",
            ),
            (
                "email_changed",
                "Your email address was changed. We told your old address too.",
            ),
        ]
        .into_iter()
        .find(|(key, _)| query.get(key).is_some())
        .map(|(_, message)| message)
    };
    let verified = user.email_verified;

    view! {
        <div class="space-y-6">
            {move || notice().map(|message| view! { <Flash kind=FlashKind::Success message=message /> })}
            <div class="grid gap-6 lg:grid-cols-2">
                <Card>
                    <h2 class="text-lg font-semibold text-ink-950">"Your details"</h2>
                    <dl class="mt-4 space-y-3 text-sm">
                        <div><dt class="text-ink-500">"Name"</dt><dd class="font-medium text-ink-900">{user.name.clone()}</dd></div>
                        <div><dt class="text-ink-500">"Email"</dt><dd class="font-medium text-ink-900">{user.email.clone()}</dd></div>
                        <div>
                            <dt class="text-ink-500">"Email confirmation"</dt>
                            <dd class="font-medium">
                                {if verified {
                                    view! { <span class="text-success-800">"Confirmed"</span> }.into_any()
                                } else {
                                    view! { <span class="text-danger-700">"Not confirmed yet"</span> }.into_any()
                                }}
                            </dd>
                        </div>
                        <div><dt class="text-ink-500">"Role"</dt><dd class="font-medium text-ink-900">{user.role.label()}</dd></div>
                    </dl>
                    {(!verified).then(|| view! { <ResendVerificationForm /> })}
                    <p class="mt-5 text-sm">
                        <a href="/account/data" class="font-medium text-brand-700 hover:text-brand-900">"Download your data or delete your account →"</a>
                    </p>
                    <p class="mt-2 text-sm">
                        <a href="/account/api-tokens" class="font-medium text-brand-700 hover:text-brand-900">"API tokens for your own programs →"</a>
                    </p>
                    <div class="mt-6 border-t border-ink-100 pt-5">
                        <LogoutForm />
                    </div>
                </Card>
                <div class="space-y-6">
                    <Card>
                        <h2 class="text-lg font-semibold text-ink-950">"Change password"</h2>
                        <ChangePasswordForm />
                    </Card>
                    <Card>
                        <h2 class="text-lg font-semibold text-ink-950">"Change email"</h2>
                        <ChangeEmailForm />
                    </Card>
                </div>
            </div>
        </div>
    }
}

#[component]
fn ResendVerificationForm() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    view! {
        <ActionForm action=resend attr:class="mt-4">
            <Button variant=ButtonVariant::Secondary>"Send the confirmation email again"</Button>
        </ActionForm>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <ActionForm action=change attr:class=format!("mt-4 {FORM}") attr:novalidate=true>
            {move || {
                let errors = form_errors(change.value().get());
                let done = matches!(change.value().get(), Some(Ok(())));
                view! {
                    {done.then(|| view! { <Flash kind=FlashKind::Success message="Your password was changed." /> })}
                    {form_message(&errors)}
                    <FormField name="current_password" label="Current password" kind="password"
                        error=errors.field("current_password") required=true autocomplete="current-password" />
                    <FormField name="new_password" label="New password" kind="password"
                        hint="At least 8 characters. Changing it signs you out on your other devices."
                        error=errors.field("new_password") required=true autocomplete="new-password" />
                }
            }}
            <Button>"Change password"</Button>
        </ActionForm>
    }
}

#[component]
fn ChangeEmailForm() -> impl IntoView {
    let change = ServerAction::<RequestEmailChange>::new();
    view! {
        <ActionForm action=change attr:class=format!("mt-4 {FORM}") attr:novalidate=true>
            {move || {
                let errors = form_errors(change.value().get());
                view! {
                    {form_message(&errors)}
                    <FormField name="new_email" label="New email" kind="email" value=errors.value("new_email")
                        hint="We send a link there; your account switches when you open it."
                        error=errors.field("new_email") required=true autocomplete="email" />
                    <FormField name="password" label="Your password" kind="password"
                        error=errors.field("password") required=true autocomplete="current-password" />
                }
            }}
            <Button>"Change email"</Button>
        </ActionForm>
    }
}

/// A form, not a link: signing out changes state, so it is a POST.
#[component]
pub fn LogoutForm() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let viewer = use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            viewer.set(None);
        }
    });
    view! {
        <ActionForm action=logout>
            <Button variant=ButtonVariant::Secondary>"Log out"</Button>
        </ActionForm>
    }
}
