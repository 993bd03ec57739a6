//! The inbox list: tabs by status with counts, a search by the sender's email.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{EnquirySummary, Inbox};
use super::server_fns::load_inbox;
use crate::admin::AdminShell;
use crate::errors::Loaded;
use crate::ui::{Button, ButtonVariant, Card, EmptyState, PageMeta};

#[component]
pub fn EnquiriesPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let email = move || query.read().get("email").unwrap_or_default();
    let inbox = Resource::new(
        move || (status(), email()),
        |(status, email)| load_inbox(status, email),
    );
    view! {
        <PageMeta title="Enquiries" />
        <AdminShell title="Enquiries" lead="What visitors sent through the contact form. Names, addresses, phones and messages are stored encrypted and opened only here.">
            <form method="get" action="/admin/enquiries" role="search" class="mb-6 flex max-w-xl gap-2">
                <label for="enquiry-email" class="sr-only">"Find a sender's enquiries by email"</label>
                <input id="enquiry-email" name="email" type="search" value=email placeholder="Sender's full email address"
                    class="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600" />
                <Button variant=ButtonVariant::Secondary>"Find"</Button>
            </form>
            <Loaded resource=inbox show=move |inbox| view! { <InboxList inbox /> } />
        </AdminShell>
    }
}

#[component]
fn InboxList(inbox: Inbox) -> impl IntoView {
    let tabs = inbox
        .tabs
        .into_iter()
        .map(|tab| view! {
            <a href=format!("/admin/enquiries?status={}", tab.status) aria-current=tab.current.then_some("page")
                class="whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-medium text-ink-700 ring-1 ring-inset ring-ink-200 hover:bg-brand-50 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white aria-[current=page]:ring-brand-700">
                {format!("{} ({})", tab.label, tab.count)}
            </a>
        })
        .collect_view();
    let searched =
        (!inbox.email.is_empty()).then(|| format!("Enquiries sent from {}", inbox.email));
    view! {
        <nav aria-label="Enquiry status" class="mb-6 flex flex-wrap gap-2">{tabs}</nav>
        {searched.map(|line| view! { <p class="mb-4 text-sm text-ink-600">{line}</p> })}
        {if inbox.enquiries.is_empty() {
            view! { <EmptyState title="No enquiries here" message="Enquiries sent through the contact form appear here." /> }.into_any()
        } else {
            view! {
                <ul class="space-y-3">
                    {inbox.enquiries.into_iter().map(|enquiry| view! { <Row enquiry /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Row(enquiry: EnquirySummary) -> impl IntoView {
    let company = (!enquiry.company.is_empty()).then(|| format!(" · {}", enquiry.company));
    view! {
        <li data-enquiry=enquiry.id>
            <Card>
                <div class="flex flex-wrap items-start justify-between gap-3">
                    <div class="min-w-0">
                        <a href=format!("/admin/enquiries/{}", enquiry.id) class="font-semibold text-ink-950 hover:text-brand-800">
                            {enquiry.name}
                        </a>
                        <p class="text-sm text-ink-600">{enquiry.email}{company}</p>
                        <p class="mt-1 text-sm text-ink-800">{enquiry.topic}</p>
                    </div>
                    <div class="text-right text-sm">
                        <p class="font-medium text-ink-800">{enquiry.status}</p>
                        <p class="text-ink-500">{enquiry.received}</p>
                    </div>
                </div>
            </Card>
        </li>
    }
}
