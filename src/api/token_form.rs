//! The parts of the token pages that the admin's page (`/admin/api-tokens`)
//! and a person's own (`/account/api-tokens`) share: the scopes to tick, the
//! lifetime to choose, and the new secret shown once.

use leptos::prelude::*;

use super::scopes::Scope;
use super::server_fns::TOKEN_LIFETIMES;
use crate::ui::ShownOnce;

/// A checkbox per scope offered (`scopes[me_read]=on`), with what it allows.
#[component]
pub fn ScopeChoices(scopes: Vec<Scope>, error: Option<String>) -> impl IntoView {
    let described_by = error.as_ref().map(|_| "scopes-error");
    view! {
        <fieldset aria-describedby=described_by>
            <legend class="text-sm font-medium text-ink-900">"Scopes"</legend>
            {error.map(|message| view! { <p id="scopes-error" class="mt-1 text-sm text-danger-700">{message}</p> })}
            <ul class="mt-2 space-y-2">
                {scopes.into_iter().map(|scope| {
                    let id = format!("scope-{}", scope.field_key());
                    view! {
                        <li class="flex gap-2">
                            <input type="checkbox" id=id.clone() name=format!("scopes[{}]", scope.field_key()) value="on"
                                class="mt-1 h-4 w-4 shrink-0 rounded border-ink-300 text-brand-700" />
                            <label for=id class="text-sm">
                                <code class="font-mono text-ink-950">{scope.as_str()}</code>
                                <span class="block text-ink-600">{scope.description()}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
}

/// How long the token works: never expiring, or one of a few lifetimes.
#[component]
pub fn LifetimeChoice() -> impl IntoView {
    view! {
        <div class="space-y-1.5">
            <label for="expires_in_days" class="block text-sm font-medium text-ink-900">"Expires after"</label>
            <select id="expires_in_days" name="expires_in_days"
                class="block w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-ink-200">
                {TOKEN_LIFETIMES.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The secret, once: it is stored only as a hash.
#[component]
pub fn NewSecret(secret: String) -> impl IntoView {
    view! {
        <ShownOnce id="new-token" heading="Copy the new token now" label="New API token" secret>
            "It is shown only this once; Kurso keeps only a hash of it. Send it as "
            <code class="font-mono">"Authorization: Bearer …"</code>"."
        </ShownOnce>
    }
}
