use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::shell::Badge;
use super::AdminShell;
use crate::catalog::filters::encode;
use crate::errors::{AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState, Flash, FlashKind, Pagination};

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

/// One page of the outbox, and whether it is the local mailbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxPageData {
    pub emails: Vec<OutboxItem>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    /// No SMTP server: emails stay here, one-time links readable.
    pub local_mailbox: bool,
}

#[cfg(feature = "ssr")]
const EMAILS_PER_PAGE: i64 = 50;

/// The newest emails, optionally for recipients containing `recipient`. This is
/// the "local mailbox" when no SMTP server is configured.
#[server(endpoint = "admin/outbox")]
pub async fn list_outbox(recipient: String, page: u32) -> Result<OutboxPageData, AppError> {
    use crate::accounts::server::require_admin;
    use crate::mail::{listing, readable_body};
    use crate::server::AppState;

    require_admin()?;
    let state = AppState::current()?;
    let recipient = crate::site::search_text(&recipient).to_lowercase();
    let page = page.clamp(1, 100_000);
    let offset = i64::from(page - 1) * EMAILS_PER_PAGE;
    let (rows, total) =
        listing::page_of_emails(&state.db, &recipient, EMAILS_PER_PAGE, offset).await?;
    let time_zone = state.settings.site.time_zone;
    Ok(OutboxPageData {
        total,
        page,
        page_count: u32::try_from((total + EMAILS_PER_PAGE - 1) / EMAILS_PER_PAGE).unwrap_or(1),
        local_mailbox: state.settings.mail.smtp_url.is_none(),
        emails: rows
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
                body: readable_body(&row.body_text),
                status: row.status,
                delivered_via: row.delivered_via,
                attempts: row.attempts,
                last_error: row.last_error,
            })
            .collect(),
    })
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let recipient = move || query.read().get("to").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|page| page.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let emails = Resource::new(
        move || (recipient(), page()),
        |(recipient, page)| list_outbox(recipient, page),
    );

    view! {
        <PageMeta title="Outbox" />
        <AdminShell title="Outbox">
            <p class="-mt-3 mb-6 max-w-2xl text-sm text-ink-600">
                "Every email the platform sends, newest first."
            </p>
            <form method="get" action="/admin/outbox" class="mb-6 flex max-w-xl gap-2" role="search">
                <label for="outbox-to" class="sr-only">"Recipient"</label>
                <input id="outbox-to" name="to" type="search" value=recipient placeholder="Recipient email, or part of it"
                    class="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600" />
                <Button variant=ButtonVariant::Secondary>"Search"</Button>
            </form>
            <Suspense fallback=|| view! { <p class="text-ink-600">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || emails.get().map(|result| result.map(|data| view! { <OutboxList data recipient=recipient() /> }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn OutboxList(data: OutboxPageData, recipient: String) -> impl IntoView {
    let OutboxPageData {
        emails,
        total,
        page,
        page_count,
        local_mailbox,
    } = data;
    let banner = local_mailbox.then(|| view! {
        <div class="mb-6"><Flash kind=FlashKind::Info message="No SMTP server is configured (KURSO_SMTP_URL), so this outbox is the local mailbox: emails are kept here and not sent, and password reset and confirmation links in them are readable by every admin. Configure SMTP before the site goes live." /></div>
    });
    let list = if emails.is_empty() {
        view! { <EmptyState title="No emails" message="Emails appear here as soon as they are queued." /> }.into_any()
    } else {
        let noun = if total == 1 { "email" } else { "emails" };
        view! {
            <p class="mb-3 text-sm text-ink-600">{format!("{total} {noun}")}</p>
            <ul class="space-y-3">
                {emails.into_iter().map(|email| view! { <OutboxEntry email /> }).collect_view()}
            </ul>
            <Pagination page page_count href=move |number| {
                if recipient.is_empty() {
                    format!("/admin/outbox?page={number}")
                } else {
                    format!("/admin/outbox?to={}&page={number}", encode(&recipient))
                }
            } />
        }
        .into_any()
    };
    view! { {banner} {list} }
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
                        // Phrasing content only inside <summary>: spans shown as blocks.
                        <span class="block min-w-0">
                            <span class="block truncate font-medium text-ink-900">{email.subject.clone()}</span>
                            <span class="block text-sm text-ink-500">{format!("To {} · {}", email.recipient, email.queued)}</span>
                        </span>
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
