use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{form_message, AuthCard, FORM};
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
