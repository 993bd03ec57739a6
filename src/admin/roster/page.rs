//! `/admin/runs/{id}`: a run's roster. Confirmed learners with attendance,
//! move and remove; open offers; the waitlist in order; who gave up a place.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::model::{MoveTarget, Roster, RosterEntry};
use super::server_fns::{load_roster, MarkAttendance, MoveLearner, RemoveLearner};
use crate::admin::shell::{id_in, Badge};
use crate::admin::AdminShell;
use crate::enrollment::model::{ordinal, PlaceStatus};
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, ButtonVariant, Card, Flash, FlashKind};

/// The roster's actions, shared by every row so one error shows above the table.
#[derive(Clone, Copy)]
struct Actions {
    attendance: ServerAction<MarkAttendance>,
    remove: ServerAction<RemoveLearner>,
    move_to: ServerAction<MoveLearner>,
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let params = use_params_map();
    let search = use_location().search;
    let run_id = move || id_in(&params.read(), "id");
    // Every change ends on a new address (`?saved=…`), so the roster reloads.
    let roster = Resource::new(move || (run_id(), search.get()), |(id, _)| load_roster(id));
    let query = use_query_map();
    let saved = move || {
        let message = match query.read().get("saved").as_deref() {
            Some("attendance") => "Attendance saved.",
            Some("removed") => "The learner was removed; a freed seat went to the waitlist.",
            Some("moved") => "The learner was moved to the other date and emailed.",
            _ => return None,
        };
        Some(message)
    };
    let actions = Actions {
        attendance: ServerAction::new(),
        remove: ServerAction::new(),
        move_to: ServerAction::new(),
    };
    let error = move || {
        [
            form_errors(actions.attendance.value().get()).message,
            form_errors(actions.remove.value().get()).message,
            form_errors(actions.move_to.value().get()).message,
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <PageMeta title="Roster" />
        <AdminShell title="Roster">
            {move || saved().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            {move || error().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message /></div> })}
            <Loaded resource=roster show=move |roster| view! { <RosterView roster actions /> } />
        </AdminShell>
    }
}

#[component]
fn RosterView(roster: Roster, actions: Actions) -> impl IntoView {
    let waiting = roster
        .people
        .iter()
        .filter(|person| person.status == PlaceStatus::Waitlisted)
        .count();
    let group = |statuses: &[PlaceStatus]| -> Vec<RosterEntry> {
        roster
            .people
            .iter()
            .filter(|person| statuses.contains(&person.status))
            .cloned()
            .collect()
    };
    let confirmed = group(&[PlaceStatus::Confirmed]);
    let offered = group(&[PlaceStatus::Offered]);
    let waitlist = group(&[PlaceStatus::Waitlisted]);
    let gone = group(&[PlaceStatus::Cancelled, PlaceStatus::Expired]);
    let row = RowContext {
        started: roster.started,
        targets: roster.move_targets.clone(),
        actions,
    };
    view! {
        <Card>
            <div class="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
                <div class="min-w-0">
                    <a href=format!("/admin/courses/{}#runs", roster.course_id) class="text-sm font-medium text-brand-700 hover:text-brand-900">{roster.course_title.clone()}</a>
                    <p class="mt-1 text-lg font-semibold text-ink-950">{roster.dates.clone()}</p>
                    <p class="text-sm text-ink-600">{roster.times.clone()}" · "{roster.place.clone()}</p>
                    <p class="mt-2 text-sm text-ink-700" data-testid="seat-count">
                        {format!("{} of {} seats taken ({} confirmed) · minimum {} · {} waiting · {}", roster.seats_taken, roster.capacity, roster.seats_confirmed, roster.min_to_run, waiting, roster.status)}
                    </p>
                </div>
                <div class="flex flex-wrap gap-2">
                    <a href=format!("/admin/runs/{}/roster.csv", roster.run_id) rel="external" download
                        class="inline-flex items-center rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800">"Export CSV"</a>
                    <a href=format!("/admin/courses/{}?run={}#run-form", roster.course_id, roster.run_id)
                        class="inline-flex items-center rounded-lg px-4 py-2 text-sm font-semibold text-ink-800 ring-1 ring-inset ring-ink-200 hover:bg-ink-50">"Change capacity"</a>
                </div>
            </div>
        </Card>
        <Group title="Confirmed" people=confirmed row=row.clone() empty="Nobody has a seat yet." />
        <Group title="Seats offered" people=offered row=row.clone() empty="No open offers." />
        <Group title="Waitlist" people=waitlist row=row.clone() empty="Nobody is waiting." />
        <Group title="Cancelled and expired" people=gone row empty="Nobody has given up a place." />
    }
}

#[derive(Clone)]
struct RowContext {
    started: bool,
    targets: Vec<MoveTarget>,
    actions: Actions,
}

#[component]
fn Group(
    title: &'static str,
    people: Vec<RosterEntry>,
    row: RowContext,
    empty: &'static str,
) -> impl IntoView {
    let count = people.len();
    view! {
        <section class="mt-8" aria-label=title>
            <h2 class="text-lg font-bold text-ink-950">{title}<span class="ml-2 text-sm font-medium text-ink-500">{count}</span></h2>
            <Card class="mt-3 overflow-x-auto p-0">
                {if people.is_empty() {
                    view! { <p class="p-5 text-sm text-ink-600">{empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="divide-y divide-ink-100">
                            {people.into_iter().map(|person| view! { <Person person row=row.clone() /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Card>
        </section>
    }
}

#[component]
fn Person(person: RosterEntry, row: RowContext) -> impl IntoView {
    let RowContext {
        started,
        targets,
        actions,
    } = row;
    let place_id = person.place_id;
    let standing = match (person.status, person.waitlist_position, &person.offer_until) {
        (PlaceStatus::Waitlisted, Some(position), _) => format!("{} in line", ordinal(position)),
        (PlaceStatus::Offered, _, Some(until)) => format!("Offer open until {until}"),
        _ => format!("Since {}", person.since),
    };
    let confirmed = person.status == PlaceStatus::Confirmed;
    let live = person.status.is_live();
    let attendance = match person.attended {
        Some(true) => Some(("Attended", "good")),
        Some(false) => Some(("Absent", "bad")),
        None => None,
    };
    view! {
        <li id=format!("place-{place_id}") data-place=place_id class="flex flex-col gap-3 px-5 py-4 lg:flex-row lg:items-center lg:justify-between">
            <div class="min-w-0">
                <p class="font-medium text-ink-900">{person.name}</p>
                <p class="text-sm text-ink-500">{person.email}" · "{standing}</p>
            </div>
            <div class="flex flex-wrap items-center gap-2">
                {attendance.map(|(text, tone)| view! { <Badge text=text tone=tone /> })}
                {(confirmed && started).then(|| view! {
                    <ActionForm action=actions.attendance>
                        <input type="hidden" name="place_id" value=place_id.to_string() />
                        <input type="hidden" name="attended" value="yes" />
                        <Button variant=ButtonVariant::Secondary>"Attended"</Button>
                    </ActionForm>
                    <ActionForm action=actions.attendance>
                        <input type="hidden" name="place_id" value=place_id.to_string() />
                        <input type="hidden" name="attended" value="no" />
                        <Button variant=ButtonVariant::Quiet>"Absent"</Button>
                    </ActionForm>
                })}
                {(confirmed && !started && !targets.is_empty()).then(|| view! {
                    <ActionForm action=actions.move_to attr:class="flex w-full items-center gap-2 sm:w-auto">
                        <input type="hidden" name="place_id" value=place_id.to_string() />
                        <label for=format!("move-{place_id}") class="sr-only">"Move to"</label>
                        <select id=format!("move-{place_id}") name="to_run_id"
                            class="min-w-0 flex-1 rounded-lg sm:max-w-[16rem] border-0 bg-white py-1.5 pl-3 pr-8 text-sm text-ink-900 ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600">
                            {targets.iter().map(|target| view! { <option value=target.run_id.to_string()>{target.label.clone()}</option> }).collect_view()}
                        </select>
                        <Button variant=ButtonVariant::Secondary>"Move"</Button>
                    </ActionForm>
                })}
                {(live && !started).then(|| view! {
                    <ActionForm action=actions.remove>
                        <input type="hidden" name="place_id" value=place_id.to_string() />
                        <Button variant=ButtonVariant::Quiet>"Remove"</Button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
}
