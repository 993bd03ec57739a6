use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{form_message, AuthCard, FORM};
use crate::accounts::email_change::ConfirmEmailChange;
use crate::accounts::server_fns::VerifyEmail;
use crate::errors::form_errors;
use crate::ui::Button;

/// The page a confirmation link opens. Confirming is a button (a POST): mail
/// scanners that follow links must not confirm addresses on their own.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let verify = ServerAction::<VerifyEmail>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let next = move || query.read().get("next").unwrap_or_default();

    view! {
        <PageMeta title="Confirm your email" />
        <AuthCard title="Confirm your email" lead="One click and your email address is confirmed.">
            <ActionForm action=verify attr:class=FORM>
                {move || form_message(&form_errors(verify.value().get()))}
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="next" value=next />
                <Button>"Confirm my email"</Button>
            </ActionForm>
        </AuthCard>
    }
}

/// The page the link mailed to a new address opens: a button (a POST), for the
/// same reason as above.
#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();

    view! {
        <PageMeta title="Confirm your new email" />
        <AuthCard title="Confirm your new email" lead="Your account switches to this address once you confirm.">
            <ActionForm action=confirm attr:class=FORM>
                {move || form_message(&form_errors(confirm.value().get()))}
                <input type="hidden" name="token" value=token />
                <Button>"Use my new email"</Button>
            </ActionForm>
        </AuthCard>
    }
}
