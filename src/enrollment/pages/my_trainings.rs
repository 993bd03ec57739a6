//! `/me/trainings`: the learner's upcoming and past places, with calendar
//! files, cancellation and claiming an offered seat.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::calendar_feed::CalendarFeed;
use crate::enrollment::model::MyPlace;
use crate::enrollment::model::MyTrainings;
use crate::enrollment::model::{ordinal, PlaceStatus};
use crate::enrollment::server_fns::{load_my_trainings, CancelPlace, ClaimSeat};
use crate::errors::{form_errors, Loaded};
use crate::ui::InnerPage;
use crate::ui::{Button, ButtonLink, ButtonVariant, EmptyState, Flash, FlashKind};

#[component]
pub fn MyTrainingsPage() -> impl IntoView {
    // Every action ends on a new address (`?cancelled=12`), so keying on it
    // reloads the list after each one, with or without JavaScript.
    let search = use_location().search;
    let trainings = Resource::new(move || search.get(), |_| load_my_trainings());
    let query = use_query_map();
    let notice = move || {
        let query = query.read();
        [
            ("enrolled", "You are enrolled. We emailed you the details."),
            (
                "waitlisted",
                "You are on the waitlist. We will email you if a seat frees up.",
            ),
            ("cancelled", "Your place was cancelled."),
            ("claimed", "The seat is yours. We emailed you the details."),
            (
                "moved",
                "Your seat moved to the new date. We emailed you the details.",
            ),
        ]
        .into_iter()
        .find(|(key, _)| query.get(key).is_some())
        .map(|(_, message)| message)
    };
    view! {
        <InnerPage title="My trainings"
            lead="Your seats, waitlist places and past trainings." class="space-y-8">
            {move || notice().map(|message| view! { <Flash kind=FlashKind::Success message=message /> })}
            <Loaded resource=trainings show=move |trainings| view! { <Trainings trainings /> } />
            <CalendarFeed />
        </InnerPage>
    }
}

#[component]
fn Trainings(trainings: MyTrainings) -> impl IntoView {
    let MyTrainings { upcoming, past } = trainings;
    view! {
        <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading" class="text-xl font-bold text-ink-950">"Upcoming"</h2>
            {if upcoming.is_empty() {
                view! {
                    <div class="mt-4">
                        <EmptyState title="No upcoming trainings" message="Find a course and pick a date that suits you.">
                            <ButtonLink href="/schedule">"See upcoming trainings"</ButtonLink>
                        </EmptyState>
                    </div>
                }.into_any()
            } else {
                view! { <PlaceList places=upcoming /> }.into_any()
            }}
        </section>
        {(!past.is_empty()).then(|| view! {
            <section aria-labelledby="past-heading">
                <h2 id="past-heading" class="text-xl font-bold text-ink-950">"Past and cancelled"</h2>
                <PlaceList places=past />
            </section>
        })}
    }
}

#[component]
fn PlaceList(places: Vec<MyPlace>) -> impl IntoView {
    view! {
        <ul class="mt-4 divide-y divide-ink-100 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-ink-100">
            {places.into_iter().map(|place| view! { <PlaceItem place /> }).collect_view()}
        </ul>
    }
}

#[component]
fn PlaceItem(place: MyPlace) -> impl IntoView {
    let badge = match place.status {
        PlaceStatus::Confirmed => "bg-success-50 text-success-800 ring-success-200",
        PlaceStatus::Offered => "bg-accent-300/20 text-accent-700 ring-accent-300",
        PlaceStatus::Waitlisted => "bg-brand-50 text-brand-800 ring-brand-200",
        PlaceStatus::Cancelled | PlaceStatus::Expired => "bg-ink-50 text-ink-600 ring-ink-200",
    };
    let standing = match (place.status, place.waitlist_position, &place.offer_until) {
        (PlaceStatus::Waitlisted, Some(position), _) => {
            Some(format!("{} in line", ordinal(position)))
        }
        (PlaceStatus::Offered, _, Some(until)) => Some(format!("Claim it by {until}")),
        _ => None,
    };
    let place_id = place.id;
    let live = place.status.is_live();
    view! {
        <li class="flex flex-col gap-4 p-5 sm:flex-row sm:items-center sm:justify-between">
            <div class="min-w-0">
                <div class="flex flex-wrap items-center gap-2">
                    <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset {badge}")>{place.status.label()}</span>
                    {standing.map(|text| view! { <span class="text-sm font-medium text-ink-700">{text}</span> })}
                </div>
                <a href=format!("/courses/{}", place.course_slug) class="mt-2 block font-semibold text-ink-950 hover:text-brand-800">{place.course_title}</a>
                <p class="mt-1 text-sm text-ink-600">{place.dates}" · "{place.times}</p>
                <p class="text-sm text-ink-600">{place.place}</p>
            </div>
            <div class="flex flex-wrap items-center gap-3">
                {place.can_claim.then(|| view! { <ClaimForm place_id /> })}
                {live.then(|| view! {
                    <a href=place.ics_href class="text-sm font-semibold text-brand-700 hover:text-brand-900">"Add to calendar"</a>
                })}
                {place.can_transfer.then(|| view! {
                    <a href=format!("/me/trainings/{place_id}/move") class="text-sm font-semibold text-brand-700 hover:text-brand-900">"Change date"</a>
                })}
                {place.can_cancel.then(|| view! { <CancelForm place_id /> })}
            </div>
        </li>
    }
}

#[component]
fn ClaimForm(place_id: i64) -> impl IntoView {
    let claim = ServerAction::<ClaimSeat>::new();
    view! {
        <ActionForm action=claim>
            {move || form_errors(claim.value().get()).message.map(|message| view! { <Flash kind=FlashKind::Error message=message /> })}
            <input type="hidden" name="place_id" value=place_id.to_string() />
            <Button>"Claim the seat"</Button>
        </ActionForm>
    }
}

#[component]
fn CancelForm(place_id: i64) -> impl IntoView {
    let cancel = ServerAction::<CancelPlace>::new();
    view! {
        <ActionForm action=cancel>
            {move || form_errors(cancel.value().get()).message.map(|message| view! { <Flash kind=FlashKind::Error message=message /> })}
            <input type="hidden" name="place_id" value=place_id.to_string() />
            <Button variant=ButtonVariant::Secondary>"Cancel my place"</Button>
        </ActionForm>
    }
}
