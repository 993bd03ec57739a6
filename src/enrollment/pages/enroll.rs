//! `/enroll/{run}`: the run the learner chose, and one button to take a seat or
//! join the waitlist. A visitor is sent to log in first and brought back here.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::accounts::server_fns::ResendVerification;

use crate::catalog::summaries::RunSummary;
use crate::enrollment::model::EnrollChoice;
use crate::enrollment::server_fns::{load_enroll_choice, Enroll};
use crate::errors::{form_errors, Loaded};
use crate::ui::InnerPage;
use crate::ui::{Button, ButtonLink, ButtonVariant, Card, Flash, FlashKind};

#[component]
pub fn EnrollPage() -> impl IntoView {
    let params = use_params_map();
    let choice = Resource::new(
        move || {
            params
                .read()
                .get("run")
                .and_then(|run| run.parse::<i64>().ok())
                .unwrap_or(0)
        },
        load_enroll_choice,
    );
    view! {
        <InnerPage title="Enroll"
            lead="Check the details, then confirm your seat." narrow=true>
            <Loaded resource=choice show=move |choice| view! { <Choice choice /> } />
        </InnerPage>
    }
}

#[component]
fn Choice(choice: EnrollChoice) -> impl IntoView {
    let EnrollChoice {
        run,
        open,
        full,
        waitlist_length,
        existing,
        email_confirmed,
        email,
    } = choice;
    let run_id = run.id;
    let course_href = format!("/courses/{}", run.course_slug);
    let enroll = ServerAction::<Enroll>::new();
    let query = use_query_map();
    let notice = move || {
        let query = query.read();
        if query.get("verified").is_some() {
            Some("Thank you: your email address is confirmed. You can take your seat now.")
        } else if query.get("sent").is_some() {
            Some("We sent you a new confirmation link. Open it and you will come back here.")
        } else {
            None
        }
    };
    let action = if let Some(place) = existing {
        view! {
            <Flash kind=FlashKind::Info message=format!("You already have a place in this training date: {}.", place.status.label()) />
            <div class="mt-4"><ButtonLink href="/me/trainings">"Go to My trainings"</ButtonLink></div>
        }
        .into_any()
    } else if !open {
        view! {
            <Flash kind=FlashKind::Error message="This training date is no longer open for enrollment." />
            <div class="mt-4"><ButtonLink href=course_href.clone() variant=ButtonVariant::Secondary>"Choose another date"</ButtonLink></div>
        }
        .into_any()
    } else if !email_confirmed {
        view! { <ConfirmEmailFirst run_id email /> }.into_any()
    } else {
        let (lead, button) = if full {
            let waiting = match waitlist_length {
                0 => "nobody is waiting yet".to_owned(),
                1 => "1 person is waiting".to_owned(),
                n => format!("{n} people are waiting"),
            };
            (
                format!("This date is full ({waiting}). Join the waitlist and we will email you if a seat frees up."),
                "Join the waitlist",
            )
        } else {
            (
                "Your seat is confirmed as soon as you enroll; we will email you the details."
                    .to_owned(),
                "Confirm enrollment",
            )
        };
        view! {
            <p class="text-sm text-ink-600">{lead}</p>
            <ActionForm action=enroll attr:class="mt-4 space-y-4">
                {move || form_errors(enroll.value().get()).message.map(|message| view! { <Flash kind=FlashKind::Error message=message /> })}
                <input type="hidden" name="run_id" value=run_id.to_string() />
                {full.then(|| view! { <input type="hidden" name="waitlist" value="yes" /> })}
                <div class="flex flex-wrap gap-3">
                    <Button>{button}</Button>
                    <ButtonLink href=course_href.clone() variant=ButtonVariant::Secondary>"Back to the course"</ButtonLink>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        {move || notice().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message=message /></div> })}
        <Card>
            <RunDetails run />
            <div class="mt-6 border-t border-ink-100 pt-6">{action}</div>
        </Card>
    }
}

/// Seats are for confirmed email addresses: says so, and offers the link again
/// with a way back to this run.
#[component]
fn ConfirmEmailFirst(run_id: i64, email: String) -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    view! {
        <Flash kind=FlashKind::Info message=format!(
            "Before you take a seat, please confirm your email address: open the link we sent to {email}. \
             It brings you back to this page."
        ) />
        <ActionForm action=resend attr:class="mt-4 flex flex-wrap gap-3">
            <input type="hidden" name="next" value=format!("/enroll/{run_id}") />
            <Button variant=ButtonVariant::Secondary>"Send the confirmation email again"</Button>
            <ButtonLink href="/account" variant=ButtonVariant::Secondary>"My account"</ButtonLink>
        </ActionForm>
    }
}

#[component]
fn RunDetails(run: RunSummary) -> impl IntoView {
    view! {
        <p class="text-xs font-semibold uppercase tracking-wide text-brand-700">{run.mode.label()}</p>
        <h2 class="mt-1 text-xl font-bold text-ink-950">{run.course_title}</h2>
        <dl class="mt-4 grid gap-3 text-sm sm:grid-cols-2">
            <div><dt class="text-ink-500">"Dates"</dt><dd class="font-medium text-ink-900">{run.dates}</dd></div>
            <div><dt class="text-ink-500">"Time"</dt><dd class="font-medium text-ink-900">{run.times}</dd></div>
            <div><dt class="text-ink-500">"Where"</dt><dd class="font-medium text-ink-900">{run.place}</dd></div>
            <div><dt class="text-ink-500">"Price"</dt><dd class="font-medium text-ink-900">{run.price}</dd></div>
            <div><dt class="text-ink-500">"Seats"</dt><dd class="font-medium text-ink-900">{run.seats_label}</dd></div>
            <div><dt class="text-ink-500">"Status"</dt><dd class="font-medium text-ink-900">{run.confirmation}</dd></div>
        </dl>
    }
}
