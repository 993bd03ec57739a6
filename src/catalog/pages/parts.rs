//! Pieces the catalog pages share: a run in a list, page links, selects.

use leptos::prelude::*;

use crate::catalog::summaries::{Choice, RunSummary};
use crate::catalog::DeliveryMode;
use crate::ui::{ButtonLink, ButtonVariant, EmptyState};

pub const INPUT: &str =
    "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-ink-900 shadow-sm \
    ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600";
pub const LABEL: &str = "block text-xs font-semibold uppercase tracking-wide text-ink-500";

/// A labelled select whose first option means "any". With JavaScript, a
/// choice applies at once (`ui::InPlace`); without, the form's button does.
#[component]
pub fn FilterSelect(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] any_label: String,
    choices: Vec<Choice>,
    selected: Option<String>,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <div>
            <label for=label_for class=LABEL>{label}</label>
            <select id=id name=name class=format!("mt-1 {INPUT}")>
                <option value="" selected=selected.is_none()>{any_label}</option>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let is_selected = selected.as_deref() == Some(choice.value.as_str());
                        view! { <option value=choice.value selected=is_selected>{choice.label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

pub fn mode_choices() -> Vec<Choice> {
    [DeliveryMode::Online, DeliveryMode::InPerson]
        .into_iter()
        .map(|mode| Choice {
            value: mode.as_str().to_owned(),
            label: mode.label().to_owned(),
        })
        .collect()
}

/// A run as a row: when, where, seats, price, and what to do about it.
#[component]
pub fn RunListItem(run: RunSummary, #[prop(optional)] show_course: bool) -> impl IntoView {
    let mode_badge = match run.mode {
        DeliveryMode::Online => "bg-online-50 text-online-800 ring-online-200",
        DeliveryMode::InPerson => "bg-brand-50 text-brand-800 ring-brand-200",
    };
    let confirmation_class = if run.guaranteed {
        "text-success-700"
    } else {
        "text-ink-500"
    };
    let seats_class = if run.seats_left == 0 {
        "text-danger-700"
    } else if run.seats_left <= 5 {
        "text-accent-700"
    } else {
        "text-ink-700"
    };
    let course_href = format!("/courses/{}", run.course_slug);
    view! {
        <li class="run grid gap-3 px-5 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-run-id=run.id>
            <div class="min-w-0">
                {show_course.then(|| view! {
                    <a href=course_href class="block truncate text-base font-semibold text-ink-950 hover:text-brand-800">{run.course_title.clone()}</a>
                })}
                <p class="font-medium text-ink-900">{run.dates.clone()}</p>
                <p class="text-sm text-ink-600">{run.times.clone()}</p>
                <p class="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-ink-600">
                    <span class=format!("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset {mode_badge}")>
                        {run.mode.label()}
                    </span>
                    // Online runs have no place beyond the badge that says so.
                    {(run.mode == DeliveryMode::InPerson).then(|| view! { <span class="run-place">{run.place.clone()}</span> })}
                    {run.trainer.clone().map(|trainer| view! { <span>"with " {trainer}</span> })}
                </p>
            </div>
            <div class="flex flex-wrap items-center gap-x-5 gap-y-2 sm:justify-end sm:text-right">
                <div>
                    <p class="font-semibold text-ink-950">{run.price.clone()}</p>
                    <p class=format!("text-xs font-medium {seats_class}")>{run.seats_label.clone()}</p>
                    <p class=format!("text-xs {confirmation_class}")>{run.confirmation.clone()}</p>
                    <a href=format!("/contact?course={}", run.course_slug)
                        class="ask-about text-xs font-medium text-brand-700 underline hover:text-brand-900">
                        "Ask about this course"<span class="sr-only">{format!(": {}, {}", run.course_title, run.dates)}</span>
                    </a>
                </div>
                <a href=run.ics_href.clone() rel="external" download
                    class="inline-flex items-center gap-1 rounded-lg px-3 py-2 text-sm font-medium text-brand-800 ring-1 ring-inset ring-brand-200 hover:bg-brand-50">
                    <svg class="h-4 w-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
                        <path d="M6.75 3v2.25M17.25 3v2.25M3 8.25h18M4.5 5.25h15A1.5 1.5 0 0 1 21 6.75v12a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.75v-12a1.5 1.5 0 0 1 1.5-1.5Z" />
                    </svg>
                    // The visible words start the accessible name; screen
                    // readers hear which run (speech control users say what they see).
                    "Add to calendar"<span class="sr-only">{format!(": {}, {}", run.course_title, run.dates)}</span>
                </a>
                // A link, so the same cached page serves visitors and learners.
                // External: a full page load, so the server can send visitors
                // to log in first (and back here afterwards).
                <a href=format!("/enroll/{}", run.id) rel="external"
                    class="enroll inline-flex items-center rounded-lg bg-brand-700 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800">
                    {if run.seats_left == 0 { "Join waitlist" } else { "Enroll" }}
                    <span class="sr-only">{format!(": {}, {}", run.course_title, run.dates)}</span>
                </a>
            </div>
        </li>
    }
}

/// What a course or a move shows when there is no date to pick: says so and
/// offers to ask for one.
#[component]
pub fn AskAboutADate(title: &'static str, message: &'static str) -> impl IntoView {
    view! {
        <div class="mt-4">
            <EmptyState title message>
                <ButtonLink href="/contact" variant=ButtonVariant::Secondary>"Ask about a date"</ButtonLink>
            </EmptyState>
        </div>
    }
}
