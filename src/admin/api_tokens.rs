//! `/admin/api-tokens`: the tokens integrations use for `/api/v1`, who made
//! each, what it may do and when it was last used; a form to make one (its
//! secret is shown once, on the page the form leads back to) and a button to
//! revoke one at once.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::shell::Badge;
use super::AdminShell;
use crate::api::{
    list_api_tokens, ApiTokenItem, ApiTokenListing, ApiTokenState, CreateApiToken, LifetimeChoice,
    NewSecret, RevokeApiToken, Scope, ScopeChoices,
};
use crate::errors::{form_errors, Loaded};
use crate::ui::{
    Button, ButtonVariant, Card, Column, DataTable, Flash, FlashKind, FormField, PageMeta,
};

const COLUMNS: &[Column] = &[
    Column::text("Token"),
    Column::text("Scopes"),
    Column::text("Status"),
    Column::text("Last used").cells("text-ink-600"),
    Column::actions(),
];

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let listing = Resource::new(
        move || {
            (
                create.version().get(),
                revoke.version().get(),
                query.read().get("created"),
            )
        },
        |_| list_api_tokens(),
    );
    let revoked = move || query.read().get("revoked").is_some();
    view! {
        <PageMeta title="API tokens" />
        <AdminShell title="API tokens" lead="Tokens let other systems use the JSON API (see the API reference). Each acts as the admin who made it, within the scopes chosen.">
            {move || revoked().then(|| view! { <div class="mb-4"><Flash kind=FlashKind::Success message="Token revoked. Requests with it are refused from now on." /></div> })}
            {move || form_errors(revoke.value().get()).message.map(|message| view! {
                <div class="mb-4"><Flash kind=FlashKind::Error message /></div>
            })}
            <Loaded resource=listing show=move |listing: ApiTokenListing| view! {
                {listing.new_secret.map(|secret| view! { <NewSecret secret /> })}
                <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
                    <DataTable label="API tokens" columns=COLUMNS rows=listing.tokens
                        empty_title="No tokens yet" empty_message="Make the first one with the form."
                        key=|token: &ApiTokenItem| token.id.to_string()
                        cells=move |token| token_cells(token, revoke) />
                    <NewTokenForm create />
                </div>
            } />
        </AdminShell>
    }
}

fn token_cells(token: ApiTokenItem, revoke: ServerAction<RevokeApiToken>) -> Vec<AnyView> {
    let tone = match token.state {
        ApiTokenState::Active => "good",
        ApiTokenState::Expired => "neutral",
        ApiTokenState::Revoked => "bad",
    };
    let action = (token.state == ApiTokenState::Active).then(|| {
        let label = format!(": {}", token.name);
        view! {
            <ActionForm action=revoke>
                <input type="hidden" name="id" value=token.id.to_string() />
                <Button variant=ButtonVariant::Secondary>"Revoke"<span class="sr-only">{label}</span></Button>
            </ActionForm>
        }
    });
    vec![
        view! {
            <p class="font-medium text-ink-900">{token.name}</p>
            <p class="font-mono text-xs text-ink-500">{format!("{}…", token.prefix)}</p>
            <p class="text-xs text-ink-500">"By "<span class="break-all">{token.owner}</span>{format!(", {}", token.created)}</p>
        }
        .into_any(),
        view! {
            <ul class="flex flex-wrap gap-1">
                {token.scopes.into_iter().map(|scope| view! { <li><code class="rounded bg-ink-100 px-1 text-xs text-ink-900">{scope}</code></li> }).collect_view()}
            </ul>
            <p class="mt-1 text-xs text-ink-500">{format!("From: {}", token.allowed_from)}</p>
        }
        .into_any(),
        view! {
            <Badge text=token.state.label() tone=tone />
            <p class="mt-1 text-xs text-ink-500">{format!("Expires: {}", token.expires)}</p>
        }
        .into_any(),
        token.last_used.into_any(),
        view! { <div class="flex justify-end">{action}</div> }.into_any(),
    ]
}

#[component]
fn NewTokenForm(create: ServerAction<CreateApiToken>) -> impl IntoView {
    view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">"New token"</h2>
            <ActionForm action=create attr:class="mt-4 space-y-4" attr:novalidate=true>
                {move || {
                    let errors = form_errors(create.value().get());
                    let scopes_error = errors.field("scopes");
                    view! {
                        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                        <FormField name="name" label="Name" hint="What uses it, such as \u{201c}Acme HR sync\u{201d}."
                            value=errors.value("name") error=errors.field("name") required=true />
                        <ScopeChoices scopes=Scope::ALL.to_vec() error=scopes_error />
                        <LifetimeChoice />
                        <FormField name="allowed_networks" label="Allowed networks (optional)"
                            hint="Networks or addresses it may be used from, such as 203.0.113.0/24, 2001:db8::/32. Empty: anywhere."
                            value=errors.value("allowed_networks") error=errors.field("allowed_networks") />
                    }
                }}
                <Button>"Create token"</Button>
            </ActionForm>
        </Card>
    }
}
