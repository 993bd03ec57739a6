//! `/account/api-tokens`: personal API tokens, for a learner's own programs
//! (a script that puts their trainings in a planner, a company portal that
//! enrolls them): only the learner's scopes, only their own places, shown
//! once, revocable at once.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{ApiTokenItem, ApiTokenListing, ApiTokenState};
use super::server_fns::{list_my_api_tokens, CreateMyApiToken, RevokeMyApiToken, PERSONAL_SCOPES};
use super::token_form::{LifetimeChoice, NewSecret, ScopeChoices};
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, ButtonVariant, Card, Flash, FlashKind, FormField, InnerPage};

#[component]
pub fn MyApiTokensPage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateMyApiToken>::new();
    let revoke = ServerAction::<RevokeMyApiToken>::new();
    let listing = Resource::new(
        move || {
            (
                create.version().get(),
                revoke.version().get(),
                query.read().get("created"),
            )
        },
        |_| list_my_api_tokens(),
    );
    let revoked = move || query.read().get("revoked").is_some();
    view! {
        <InnerPage title="API tokens"
            lead="Let your own programs read your trainings or enroll you, without your password."
            description="Personal API tokens for your own programs.">
            <p class="mb-6 text-sm"><a href="/account" class="font-medium text-brand-700 hover:text-brand-900">"← My account"</a></p>
            {move || revoked().then(|| view! { <div class="mb-4"><Flash kind=FlashKind::Success message="Token revoked. Requests with it are refused from now on." /></div> })}
            {move || form_errors(revoke.value().get()).message.map(|message| view! {
                <div class="mb-4"><Flash kind=FlashKind::Error message /></div>
            })}
            <Loaded resource=listing show=move |listing: ApiTokenListing| view! {
                {listing.new_secret.map(|secret| view! { <NewSecret secret /> })}
                <div class="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
                    <MyTokens tokens=listing.tokens revoke />
                    <NewPersonalTokenForm create />
                </div>
            } />
        </InnerPage>
    }
}

#[component]
fn MyTokens(tokens: Vec<ApiTokenItem>, revoke: ServerAction<RevokeMyApiToken>) -> impl IntoView {
    if tokens.is_empty() {
        return view! {
            <Card>
                <h2 class="text-lg font-semibold text-ink-950">"No tokens yet"</h2>
                <p class="mt-2 text-sm text-ink-600">
                    "A token lets a program act for you through the API: read your account and trainings ("
                    <code class="font-mono">"me:read"</code>"), or enroll you and give up your places ("
                    <code class="font-mono">"enrollments:write"</code>"). See the "
                    <a href="/api/docs" class="font-medium text-brand-700 hover:text-brand-900">"API reference"</a>"."
                </p>
            </Card>
        }
        .into_any();
    }
    view! {
        <section aria-labelledby="my-tokens-heading">
            <h2 id="my-tokens-heading" class="sr-only">"Your tokens"</h2>
            <ul class="space-y-3">
                {tokens.into_iter().map(|token| view! { <TokenCard token revoke /> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn TokenCard(token: ApiTokenItem, revoke: ServerAction<RevokeMyApiToken>) -> impl IntoView {
    let state_class = match token.state {
        ApiTokenState::Active => "bg-success-50 text-success-800 ring-success-200",
        ApiTokenState::Expired | ApiTokenState::Revoked => "bg-ink-100 text-ink-700 ring-ink-200",
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
    view! {
        <li class="flex flex-wrap items-start justify-between gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-ink-100">
            <div class="min-w-0 space-y-1">
                <p class="flex flex-wrap items-center gap-2 font-medium text-ink-950">
                    {token.name}
                    <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset {state_class}")>{token.state.label()}</span>
                </p>
                <p class="font-mono text-xs text-ink-500">{format!("{}…", token.prefix)}</p>
                <p class="text-sm text-ink-700">{token.scopes.join(", ")}</p>
                <p class="text-xs text-ink-500">{format!("Made {} · expires: {} · {}", token.created, token.expires, token.last_used)}</p>
            </div>
            {action}
        </li>
    }
}

#[component]
fn NewPersonalTokenForm(create: ServerAction<CreateMyApiToken>) -> impl IntoView {
    view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">"New token"</h2>
            <ActionForm action=create attr:class="mt-4 space-y-4" attr:novalidate=true>
                {move || {
                    let errors = form_errors(create.value().get());
                    view! {
                        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                        <FormField name="name" label="Name" hint="What uses it, such as \u{201c}My planner sync\u{201d}."
                            value=errors.value("name") error=errors.field("name") required=true />
                        <ScopeChoices scopes=PERSONAL_SCOPES.to_vec() error=errors.field("scopes") />
                        <LifetimeChoice />
                    }
                }}
                <Button>"Create token"</Button>
            </ActionForm>
        </Card>
    }
}
