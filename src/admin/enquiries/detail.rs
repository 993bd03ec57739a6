//! One enquiry: who sent it, about what, and the message, opened; its
//! timeline; and the workflow: reply by email, internal notes, status and
//! assignee.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::model::{EnquiryDetail, TimelineItem};
use super::server_fns::{
    load_enquiry, AddEnquiryNote, AssignEnquiry, ChangeEnquiryStatus, ReplyToEnquiry,
};
use crate::admin::AdminShell;
use crate::contact::model::EnquiryStatus;
use crate::errors::{form_errors, Loaded};
use crate::ui::{
    Button, ButtonVariant, Card, Flash, FlashKind, PageMeta, SelectField, TextAreaField,
};

/// The inbox's actions on one enquiry, shared by its forms.
#[derive(Clone, Copy)]
struct Actions {
    status: ServerAction<ChangeEnquiryStatus>,
    assign: ServerAction<AssignEnquiry>,
    note: ServerAction<AddEnquiryNote>,
    reply: ServerAction<ReplyToEnquiry>,
}

#[component]
pub fn EnquiryPage() -> impl IntoView {
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
        status: ServerAction::new(),
        assign: ServerAction::new(),
        note: ServerAction::new(),
        reply: ServerAction::new(),
    };
    let enquiry = Resource::new(
        move || {
            (
                id(),
                query.read().get("done"),
                actions.status.version().get(),
                actions.assign.version().get(),
                actions.note.version().get(),
                actions.reply.version().get(),
            )
        },
        |(id, ..)| load_enquiry(id),
    );
    let done = move || match query.read().get("done").as_deref() {
        Some("status") => Some("The status was changed."),
        Some("assigned") => Some("The assignee was changed."),
        Some("note") => Some("The note was added to the timeline."),
        Some("reply") => Some("Your reply is in the outbox and on the timeline."),
        _ => None,
    };
    view! {
        <PageMeta title="Enquiry" />
        <AdminShell title="Enquiry">
            <p class="mb-4 text-sm"><a href="/admin/enquiries" class="font-medium text-brand-700 hover:text-brand-900">"← All enquiries"</a></p>
            {move || done().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            <Loaded resource=enquiry show=move |enquiry| view! { <Enquiry enquiry actions /> } />
        </AdminShell>
    }
}

#[component]
fn Enquiry(enquiry: EnquiryDetail, actions: Actions) -> impl IntoView {
    let EnquiryDetail {
        summary,
        course_href,
        phone,
        preferred_mode,
        message,
        spam_reason,
        status_value,
        assignee,
        admins,
        timeline,
    } = enquiry;
    let id = summary.id.to_string();
    let (id_for_reply, id_for_note, id_for_status) = (id.clone(), id.clone(), id.clone());
    let reply_heading = format!("Reply to {}", summary.name);
    let reply_lead = format!(
        "Emailed to {} through the outbox. A new or in-progress enquiry becomes answered.",
        summary.email
    );
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
    let statuses: Vec<(String, String)> = EnquiryStatus::ALL
        .into_iter()
        .map(|status| (status.as_str().to_owned(), status.label().to_owned()))
        .collect();
    view! {
        {spam_reason.map(|reason| view! {
            <div class="mb-4"><Flash kind=FlashKind::Error message=format!("Kept as suspected spam: {reason}. No email was sent.") /></div>
        })}
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Card>
                    <h2 class="text-xl font-semibold text-ink-950">{summary.name.clone()}</h2>
                    <p class="mt-1 text-sm text-ink-600">"About: " {topic}</p>
                    <p class="mt-4 whitespace-pre-line text-ink-800" data-message>{message}</p>
                </Card>
                <Card>
                    <h2 class="text-lg font-semibold text-ink-950">{reply_heading}</h2>
                    <p class="mt-1 text-sm text-ink-600">{reply_lead}</p>
                    <ActionForm action=actions.reply attr:class="mt-4 space-y-3" attr:novalidate=true>
                        <input type="hidden" name="id" value=id_for_reply />
                        {move || {
                            let errors = form_errors(actions.reply.value().get());
                            view! {
                                {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                                <TextAreaField name="message" label="Your reply" rows=6 value=errors.value("message") error=errors.field("message") required=true />
                            }
                        }}
                        <Button>"Send reply"</Button>
                    </ActionForm>
                </Card>
                <Card>
                    <h2 id="timeline-heading" class="text-lg font-semibold text-ink-950">"Timeline"</h2>
                    <ol class="mt-4 space-y-4 border-l-2 border-ink-100 pl-4">
                        {timeline.into_iter().map(|item| view! { <TimelineEntry item /> }).collect_view()}
                    </ol>
                    <ActionForm action=actions.note attr:class="mt-6 space-y-3 border-t border-ink-100 pt-4" attr:novalidate=true>
                        <input type="hidden" name="id" value=id_for_note />
                        {move || {
                            let errors = form_errors(actions.note.value().get());
                            view! {
                                {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                                <TextAreaField name="note" label="Internal note" hint="Seen only by admins, on this timeline." rows=3
                                    value=errors.value("note") error=errors.field("note") required=true />
                            }
                        }}
                        <Button variant=ButtonVariant::Secondary>"Add note"</Button>
                    </ActionForm>
                </Card>
            </div>
            <div class="space-y-6">
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
                <Card>
                    <ActionForm action=actions.status attr:class="space-y-3">
                        <input type="hidden" name="id" value=id_for_status />
                        {move || {
                            let errors = form_errors(actions.status.value().get());
                            view! {
                                {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                                <SelectField name="status" label="Status" options=statuses.clone() value=status_value.clone() error=errors.field("status") />
                            }
                        }}
                        <Button variant=ButtonVariant::Secondary>"Change status"</Button>
                    </ActionForm>
                </Card>
                <Card>
                    <ActionForm action=actions.assign attr:class="space-y-3">
                        <input type="hidden" name="id" value=id />
                        {move || {
                            let errors = form_errors(actions.assign.value().get());
                            view! {
                                {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                                <SelectField name="assignee" label="Assigned to" options=admins.clone() empty_label="Nobody yet"
                                    value=assignee.clone() error=errors.field("assignee") />
                            }
                        }}
                        <Button variant=ButtonVariant::Secondary>"Assign"</Button>
                    </ActionForm>
                </Card>
            </div>
        </div>
    }
}

#[component]
fn TimelineEntry(item: TimelineItem) -> impl IntoView {
    let dot = match item.kind.as_str() {
        "reply" => "bg-brand-600",
        "note" => "bg-ink-500",
        _ => "bg-ink-300",
    };
    view! {
        <li class="relative" data-kind=item.kind.clone()>
            <span aria-hidden="true" class=format!("absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full {dot}")></span>
            <p class="text-sm font-medium text-ink-900">{item.headline}</p>
            <p class="text-xs text-ink-500">{item.when}</p>
            {item.text.map(|text| view! {
                <p class="mt-2 whitespace-pre-line rounded-lg bg-ink-50 p-3 text-sm text-ink-800">{text}</p>
            })}
        </li>
    }
}
