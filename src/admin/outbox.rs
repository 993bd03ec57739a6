use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{EmailState, OutboxItem, OutboxPageData};
use super::server_fns::list_outbox;
use super::shell::Badge;
use super::AdminShell;
use crate::catalog::filters::encode;
use crate::errors::Loaded;
use crate::ui::{Card, EmptyState, Flash, FlashKind, Pagination, SearchForm};

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
        <AdminShell title="Outbox" lead="Every email the platform sends, newest first.">
            <SearchForm action="/admin/outbox" id="outbox-to" name="to" label="Recipient"
                value=recipient placeholder="Recipient email, or part of it" />
            <Loaded resource=emails show=move |data| view! { <OutboxList data recipient=recipient() /> } />
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
    let (status, tone) = match email.state {
        EmailState::InLocalMailbox => ("In local mailbox".to_owned(), "good"),
        EmailState::Sent => ("Sent".to_owned(), "good"),
        EmailState::Failed => ("Failed".to_owned(), "bad"),
        EmailState::Waiting { attempts } => (format!("Waiting (attempt {attempts})"), "neutral"),
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
