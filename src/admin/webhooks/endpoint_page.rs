//! `/admin/webhooks/{id}`: one endpoint: its secret (shown once after it is
//! made or rotated), how to verify a message, its actions, and its delivery
//! log with "Resend".

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::list_page::EventList;
use super::model::{DeliveryItem, DeliveryState, WebhookDetail};
use super::server_fns::{
    load_webhook, DeleteWebhook, ResendWebhook, RotateWebhookSecret, SetWebhookEnabled,
};
use crate::admin::shell::Badge;
use crate::admin::AdminShell;
use crate::errors::{form_errors, Loaded};
use crate::ui::{
    Button, ButtonVariant, Card, Column, DataTable, Flash, FlashKind, PageMeta, ShownOnce,
};

const COLUMNS: &[Column] = &[
    Column::text("Message"),
    Column::text("Status"),
    Column::text("Last answer"),
    Column::actions(),
];

#[derive(Clone, Copy)]
struct Actions {
    rotate: ServerAction<RotateWebhookSecret>,
    enable: ServerAction<SetWebhookEnabled>,
    delete: ServerAction<DeleteWebhook>,
    resend: ServerAction<ResendWebhook>,
}

#[component]
pub fn WebhookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let actions = Actions {
        rotate: ServerAction::new(),
        enable: ServerAction::new(),
        delete: ServerAction::new(),
        resend: ServerAction::new(),
    };
    let endpoint = Resource::new(
        move || {
            (
                id(),
                query.read().get("done"),
                actions.rotate.version().get(),
                actions.enable.version().get(),
                actions.resend.version().get(),
            )
        },
        |(id, ..)| load_webhook(id),
    );
    let done = move || match query.read().get("done").as_deref() {
        Some("created") => Some("Endpoint added. Events are sent to it from now on."),
        Some("rotated") => Some("New secret made. The old one keeps signing for 24 hours."),
        Some("enabled") => Some("Endpoint enabled. New events are sent to it again."),
        Some("disabled") => Some("Endpoint disabled. Nothing is sent to it until it is enabled."),
        Some("resent") => Some("The message is on its way again."),
        _ => None,
    };
    let error = move || {
        [
            form_errors(actions.rotate.value().get()).message,
            form_errors(actions.enable.value().get()).message,
            form_errors(actions.delete.value().get()).message,
            form_errors(actions.resend.value().get()).message,
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <PageMeta title="Webhook endpoint" />
        <AdminShell title="Webhook endpoint">
            <p class="mb-4 text-sm"><a href="/admin/webhooks" class="font-medium text-brand-700 hover:text-brand-900">"← All endpoints"</a></p>
            {move || done().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            {move || error().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message /></div> })}
            <Loaded resource=endpoint show=move |detail| view! { <Endpoint detail actions /> } />
        </AdminShell>
    }
}

#[component]
fn Endpoint(detail: WebhookDetail, actions: Actions) -> impl IntoView {
    let WebhookDetail {
        endpoint,
        new_secret,
        previous_secret_until,
        deliveries,
    } = detail;
    let id = endpoint.id;
    let enabled = endpoint.disabled.is_none();
    let (status, tone) = if enabled {
        ("Receiving", "good")
    } else {
        ("Disabled", "bad")
    };
    view! {
        {new_secret.map(|secret| view! {
            <ShownOnce id="new-secret" heading="Copy the signing secret now" label="Signing secret" secret>
                "It is shown only this once. The receiver verifies each message's "
                <code class="font-mono">"webhook-signature"</code>" with it."
            </ShownOnce>
        })}
        <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
            <Card>
                <div class="flex flex-wrap items-center gap-3">
                    <h2 class="break-all text-lg font-semibold text-ink-950">{endpoint.url}</h2>
                    <Badge text=status tone=tone />
                </div>
                {(!endpoint.description.is_empty()).then(|| view! { <p class="mt-1 text-ink-700">{endpoint.description}</p> })}
                {endpoint.disabled.map(|reason| view! { <p class="mt-2 text-sm text-danger-700">{reason}</p> })}
                <h3 class="mt-4 text-sm font-medium text-ink-900">"Events"</h3>
                <div class="mt-1"><EventList events=endpoint.events /></div>
                <p class="mt-4 text-sm text-ink-600">"Each message carries "
                    <code class="font-mono">"webhook-id"</code>", "<code class="font-mono">"webhook-timestamp"</code>" and "
                    <code class="font-mono">"webhook-signature"</code>
                    " headers (Standard Webhooks): verify the HMAC-SHA256 of id.timestamp.body with the endpoint's secret, and drop a webhook-id you have handled already."</p>
                {previous_secret_until.map(|until| view! {
                    <p class="mt-2 text-sm text-ink-600">{format!("The previous secret also signs until {until}.")}</p>
                })}
            </Card>
            <Card>
                <h2 class="text-lg font-semibold text-ink-950">"Actions"</h2>
                <div class="mt-4 space-y-3">
                    <ActionForm action=actions.enable>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="enabled" value=(!enabled).to_string() />
                        <Button variant=ButtonVariant::Secondary>{if enabled { "Disable" } else { "Enable" }}</Button>
                    </ActionForm>
                    <ActionForm action=actions.rotate>
                        <input type="hidden" name="id" value=id.to_string() />
                        <Button variant=ButtonVariant::Secondary>"Rotate secret"</Button>
                    </ActionForm>
                    <ActionForm action=actions.delete>
                        <input type="hidden" name="id" value=id.to_string() />
                        <Button variant=ButtonVariant::Secondary>"Delete endpoint"</Button>
                    </ActionForm>
                </div>
            </Card>
        </div>
        <section aria-labelledby="deliveries-heading" class="mt-6">
            <h2 id="deliveries-heading" class="mb-3 text-lg font-semibold text-ink-950">"Deliveries"</h2>
            <DataTable label="Deliveries" columns=COLUMNS rows=deliveries
                empty_title="Nothing sent yet" empty_message="Messages appear here when one of the endpoint's events happens."
                key=|delivery: &DeliveryItem| delivery.id.to_string()
                cells=move |delivery| delivery_cells(delivery, id, enabled, actions.resend) />
        </section>
    }
}

fn delivery_cells(
    delivery: DeliveryItem,
    endpoint_id: i64,
    enabled: bool,
    resend: ServerAction<ResendWebhook>,
) -> Vec<AnyView> {
    let tone = match delivery.state {
        DeliveryState::Delivered => "good",
        DeliveryState::Failed => "bad",
        DeliveryState::Pending => "neutral",
    };
    let attempts = match delivery.attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    };
    let label = format!(": {} {}", delivery.event, delivery.message_id);
    vec![
        view! {
            <p class="font-medium text-ink-900"><code class="font-mono">{delivery.event}</code></p>
            <p class="font-mono text-xs text-ink-500">{delivery.message_id}</p>
            <p class="text-xs text-ink-500">{delivery.created}</p>
        }
        .into_any(),
        view! {
            <Badge text=delivery.state.label() tone=tone />
            <p class="mt-1 text-xs text-ink-500">{attempts}</p>
            {delivery.next_attempt.map(|at| view! { <p class="text-xs text-ink-500">{format!("Next try {at}")}</p> })}
        }
        .into_any(),
        view! {
            <p class="text-sm text-ink-800">{delivery.last_answer.unwrap_or_else(|| "Not tried yet".to_owned())}</p>
            {delivery.response_snippet.map(|snippet| {
                let full = snippet.clone();
                view! { <p class="mt-1 max-w-md truncate font-mono text-xs text-ink-500" title=full>{snippet}</p> }
            })}
        }
        .into_any(),
        view! {
            <div class="flex justify-end">
                {enabled.then(|| view! {
                    <ActionForm action=resend>
                        <input type="hidden" name="id" value=endpoint_id.to_string() />
                        <input type="hidden" name="delivery_id" value=delivery.id.to_string() />
                        <Button variant=ButtonVariant::Secondary>"Resend"<span class="sr-only">{label}</span></Button>
                    </ActionForm>
                })}
            </div>
        }
        .into_any(),
    ]
}
