//! `/admin/webhooks`: every endpoint with its events and whether it
//! receives, and the form to register one.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{WebhookItem, WebhookListing};
use super::server_fns::{list_webhooks, CreateWebhook};
use crate::admin::shell::Badge;
use crate::admin::AdminShell;
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, Card, Column, DataTable, Flash, FlashKind, FormField, PageMeta};
use crate::webhooks::Event;

const COLUMNS: &[Column] = &[
    Column::text("Endpoint"),
    Column::text("Events"),
    Column::text("Status"),
];

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateWebhook>::new();
    let listing = Resource::new(
        move || (create.version().get(), query.read().get("deleted")),
        |_| list_webhooks(),
    );
    let deleted = move || query.read().get("deleted").is_some();
    view! {
        <PageMeta title="Webhooks" />
        <AdminShell title="Webhooks" lead="Other systems hear about enrollments, runs and enquiries as they happen: Kurso POSTs each event, signed, to the addresses registered here, and retries for up to three days.">
            {move || deleted().then(|| view! { <div class="mb-4"><Flash kind=FlashKind::Success message="Endpoint deleted. Nothing more is sent to it." /></div> })}
            <div class="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
                <Loaded resource=listing show=move |listing: WebhookListing| view! {
                    <DataTable label="Webhook endpoints" columns=COLUMNS rows=listing.endpoints
                        empty_title="No endpoints yet" empty_message="Register the first one with the form."
                        key=|endpoint: &WebhookItem| endpoint.id.to_string()
                        cells=endpoint_cells />
                } />
                <NewWebhookForm create />
            </div>
        </AdminShell>
    }
}

fn endpoint_cells(endpoint: WebhookItem) -> Vec<AnyView> {
    let (status, tone) = match endpoint.disabled {
        None => ("Receiving", "good"),
        Some(_) => ("Disabled", "bad"),
    };
    vec![
        view! {
            <a href=format!("/admin/webhooks/{}", endpoint.id) class="break-all font-medium text-brand-700 hover:text-brand-900">{endpoint.url}</a>
            <p class="text-sm text-ink-600">{endpoint.description}</p>
            <p class="text-xs text-ink-500">{format!("Added {}", endpoint.created)}</p>
        }
        .into_any(),
        view! { <EventList events=endpoint.events /> }.into_any(),
        view! { <Badge text=status tone=tone /> }.into_any(),
    ]
}

#[component]
pub(super) fn EventList(events: Vec<String>) -> impl IntoView {
    view! {
        <ul class="flex flex-wrap gap-1">
            {events.into_iter().map(|event| view! { <li><code class="rounded bg-ink-100 px-1 text-xs text-ink-900">{event}</code></li> }).collect_view()}
        </ul>
    }
}

#[component]
fn NewWebhookForm(create: ServerAction<CreateWebhook>) -> impl IntoView {
    view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">"New endpoint"</h2>
            <ActionForm action=create attr:class="mt-4 space-y-4" attr:novalidate=true>
                {move || {
                    let errors = form_errors(create.value().get());
                    let events_error = errors.field("events");
                    view! {
                        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                        <FormField name="url" label="URL" kind="url" hint="Where Kurso POSTs the events, such as https://hr.example.com/kurso."
                            value=errors.value("url") error=errors.field("url") required=true />
                        <FormField name="description" label="Description" hint="Optional: what receives them."
                            value=errors.value("description") error=errors.field("description") />
                        <EventChoices error=events_error />
                    }
                }}
                <Button>"Add endpoint"</Button>
            </ActionForm>
        </Card>
    }
}

/// A checkbox per event (`events[run_updated]=on`), with what it reports.
#[component]
fn EventChoices(error: Option<String>) -> impl IntoView {
    let described_by = error.as_ref().map(|_| "events-error");
    view! {
        <fieldset aria-describedby=described_by>
            <legend class="text-sm font-medium text-ink-900">"Events"</legend>
            {error.map(|message| view! { <p id="events-error" class="mt-1 text-sm text-danger-700">{message}</p> })}
            <ul class="mt-2 space-y-2">
                {Event::ALL.into_iter().map(|event| {
                    let id = format!("event-{}", event.field_key());
                    view! {
                        <li class="flex gap-2">
                            <input type="checkbox" id=id.clone() name=format!("events[{}]", event.field_key()) value="on"
                                class="mt-1 h-4 w-4 shrink-0 rounded border-ink-300 text-brand-700" />
                            <label for=id class="text-sm">
                                <code class="font-mono text-ink-950">{event.as_str()}</code>
                                <span class="block text-ink-600">{event.description()}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
}
