use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{form_message, AuthCard, FORM, LINK};
use crate::accounts::server_fns::Login;
use crate::accounts::viewer::use_viewer;
use crate::errors::form_errors;
use crate::ui::{Button, Flash, FlashKind, FormField};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let viewer = use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(user)) = login.value().get() {
            viewer.set(Some(user));
        }
    });
    let query = use_query_map();
    let notice = move || {
        let query = query.read();
        if query.get("reset").is_some() {
            Some("Your password was changed. Log in with your new password.")
        } else if query.get("account_deleted").is_some() {
            Some("Your account was deleted and you were signed out everywhere.")
        } else if query.get("next").is_some() {
            Some("Please log in to continue.")
        } else {
            None
        }
    };

    view! {
        <PageMeta title="Log in" description="Log in to see your trainings, enroll in a date or join a waitlist." />
        <AuthCard title="Log in" lead="See your trainings and account details.">
            {move || notice().map(|message| view! { <Flash kind=FlashKind::Info message=message /> })}
            <ActionForm action=login attr:class=FORM attr:novalidate=true>
                {move || {
                    let errors = form_errors(login.value().get());
                    let next = Some(errors.value("next"))
                        .filter(|next| !next.is_empty())
                        .or_else(|| query.read().get("next"))
                        .unwrap_or_default();
                    view! {
                        {form_message(&errors)}
                        <FormField name="email" label="Email" kind="email" value=errors.value("email")
                            error=errors.field("email") required=true autocomplete="email" />
                        <FormField name="password" label="Password" kind="password"
                            error=errors.field("password") required=true autocomplete="current-password" />
                        <input type="hidden" name="next" value=next />
                    }
                }}
                <div class="flex items-center justify-between gap-4">
                    <Button>"Log in"</Button>
                    <a href="/forgot-password" class=LINK>"Forgot your password?"</a>
                </div>
            </ActionForm>
            <p class="border-t border-ink-100 pt-5 text-sm text-ink-600">
                "New here? " <a href="/register" class=LINK>"Create an account"</a>
            </p>
        </AuthCard>
    }
}
