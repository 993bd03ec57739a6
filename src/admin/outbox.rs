use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::shell::Badge;
use super::AdminShell;
use crate::errors::{AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub delivered_via: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub queued: String,
}

#[cfg(feature = "ssr")]
const EMAILS_SHOWN: i64 = 50;

/// The newest emails, optionally for one recipient. This is the "local mailbox"
/// when no SMTP server is configured.
#[server(endpoint = "admin/outbox")]
pub async fn list_outbox(recipient: String) -> Result<Vec<OutboxItem>, AppError> {
    use chrono::{DateTime, Utc};

    use crate::accounts::server::require_admin;
    use crate::db::on_pool;
    use crate::server::AppState;

    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        recipient: String,
        subject: String,
        body_text: String,
        status: String,
        delivered_via: Option<String>,
        attempts: i64,
        last_error: Option<String>,
        created_at: DateTime<Utc>,
    }

    require_admin()?;
    let state = AppState::current()?;
    let recipient = recipient.trim().to_lowercase();
    const SQL: &str = "
        SELECT id, recipient, subject, body_text, status, delivered_via, attempts, last_error, created_at
        FROM outbox WHERE $1 = '' OR recipient = $1
        ORDER BY created_at DESC, id DESC LIMIT $2";
    let rows: Vec<Row> = on_pool!(&state.db, pool => sqlx::query_as(SQL).bind(&recipient).bind(EMAILS_SHOWN).fetch_all(pool).await)?;
    let time_zone = state.settings.site.time_zone;
    Ok(rows
        .into_iter()
        .map(|row| OutboxItem {
            id: row.id,
            queued: row
                .created_at
                .with_timezone(&time_zone)
                .format("%-d %b %Y, %-I:%M:%S %p")
                .to_string(),
            recipient: row.recipient,
            subject: row.subject,
            body: row.body_text,
            status: row.status,
            delivered_via: row.delivered_via,
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let recipient = move || query.read().get("to").unwrap_or_default();
    let emails = Resource::new(recipient, list_outbox);

    view! {
        <Title text="Outbox" />
        <AdminShell title="Outbox">
            <p class="-mt-3 mb-6 max-w-2xl text-sm text-ink-600">
                "Every email the platform sends, newest first. Without an SMTP server configured, emails are kept here as the local mailbox."
            </p>
            <form method="get" action="/admin/outbox" class="mb-6 flex max-w-xl gap-2" role="search">
                <label for="outbox-to" class="sr-only">"Recipient"</label>
                <input id="outbox-to" name="to" type="search" value=recipient placeholder="Recipient email"
                    class="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600" />
                <Button variant=ButtonVariant::Secondary>"Filter"</Button>
            </form>
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || emails.get().map(|result| result.map(|emails| {
                        if emails.is_empty() {
                            return view! { <EmptyState title="No emails" message="Emails appear here as soon as they are queued." /> }.into_any();
                        }
                        view! {
                            <ul class="space-y-3">
                                {emails.into_iter().map(|email| view! { <OutboxEntry email /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn OutboxEntry(email: OutboxItem) -> impl IntoView {
    let (status, tone) = match (email.status.as_str(), email.delivered_via.as_deref()) {
        ("sent", Some("local_mailbox")) => ("In local mailbox".to_owned(), "good"),
        ("sent", _) => ("Sent".to_owned(), "good"),
        ("failed", _) => ("Failed".to_owned(), "bad"),
        _ => (format!("Waiting (attempt {})", email.attempts), "neutral"),
    };
    let recipient = email.recipient.clone();
    view! {
        <li data-recipient=recipient>
            <Card class="p-0">
                <details class="group">
                    <summary class="flex cursor-pointer list-none flex-wrap items-center justify-between gap-3 px-5 py-4 [&::-webkit-details-marker]:hidden">
                        <div class="min-w-0">
                            <p class="truncate font-medium text-ink-900">{email.subject.clone()}</p>
                            <p class="text-sm text-ink-500">{format!("To {} · {}", email.recipient, email.queued)}</p>
                        </div>
                        <Badge text=status tone=tone />
                    </summary>
                    <div class="border-t border-ink-100 px-5 py-4">
                        {email.last_error.clone().map(|error| view! { <p class="mb-2 text-sm text-danger-700">{format!("Last error: {error}")}</p> })}
                        <pre class="whitespace-pre-wrap break-words font-sans text-sm text-ink-800">{email.body.clone()}</pre>
                    </div>
                </details>
            </Card>
        </li>
    }
}
