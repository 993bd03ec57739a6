//! One enquiry: who sent it, about what, and the message, opened.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::model::EnquiryDetail;
use super::server_fns::load_enquiry;
use crate::admin::AdminShell;
use crate::errors::Loaded;
use crate::ui::{Card, Flash, FlashKind, PageMeta};

#[component]
pub fn EnquiryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let enquiry = Resource::new(id, load_enquiry);
    view! {
        <PageMeta title="Enquiry" />
        <AdminShell title="Enquiry">
            <p class="mb-4 text-sm"><a href="/admin/enquiries" class="font-medium text-brand-700 hover:text-brand-900">"← All enquiries"</a></p>
            <Loaded resource=enquiry show=move |enquiry| view! { <Enquiry enquiry /> } />
        </AdminShell>
    }
}

#[component]
fn Enquiry(enquiry: EnquiryDetail) -> impl IntoView {
    let EnquiryDetail {
        summary,
        course_href,
        phone,
        preferred_mode,
        message,
        spam_reason,
    } = enquiry;
    let topic = match course_href {
        Some(href) => view! { <a href=href class="font-medium text-brand-700 hover:text-brand-900">{summary.topic.clone()}</a> }.into_any(),
        None => view! { <span>{summary.topic.clone()}</span> }.into_any(),
    };
    let facts = [
        ("Email", Some(summary.email.clone())),
        ("Phone", phone),
        (
            "Company",
            Some(summary.company.clone()).filter(|company| !company.is_empty()),
        ),
        (
            "Preferred way to train",
            Some(preferred_mode).filter(|mode| !mode.is_empty()),
        ),
        ("Received", Some(summary.received.clone())),
        ("Status", Some(summary.status.clone())),
    ];
    view! {
        {spam_reason.map(|reason| view! {
            <div class="mb-4"><Flash kind=FlashKind::Error message=format!("Kept as suspected spam: {reason}. No email was sent.") /></div>
        })}
        <div class="grid gap-6 lg:grid-cols-3">
            <Card class="lg:col-span-2">
                <h2 class="text-xl font-semibold text-ink-950">{summary.name.clone()}</h2>
                <p class="mt-1 text-sm text-ink-600">"About: " {topic}</p>
                <p class="mt-4 whitespace-pre-line text-ink-800" data-message>{message}</p>
            </Card>
            <Card>
                <dl class="space-y-3 text-sm">
                    {facts.into_iter().filter_map(|(term, detail)| detail.map(|detail| view! {
                        <div>
                            <dt class="font-medium text-ink-500">{term}</dt>
                            <dd class="mt-0.5 break-words text-ink-900">{detail}</dd>
                        </div>
                    })).collect_view()}
                </dl>
            </Card>
        </div>
    }
}
