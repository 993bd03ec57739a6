//! `/me/trainings/{place}/move`: other dates of the same course, each with a
//! button that moves the learner's seat there in one step.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::catalog::summaries::RunSummary;
use crate::catalog::AskAboutADate;
use crate::enrollment::model::TransferChoice;
use crate::enrollment::server_fns::{load_transfer_choice, TransferPlace};
use crate::errors::{form_errors, Loaded};
use crate::ui::InnerPage;
use crate::ui::{Button, ButtonVariant, Card, Flash, FlashKind};

#[component]
pub fn TransferPage() -> impl IntoView {
    let params = use_params_map();
    let choice = Resource::new(
        move || {
            params
                .read()
                .get("place")
                .and_then(|place| place.parse::<i64>().ok())
                .unwrap_or(0)
        },
        load_transfer_choice,
    );
    view! {
        <InnerPage title="Change date"
            lead="Move your seat to another date of the same course." narrow=true>
            <Loaded resource=choice show=move |choice| view! { <Dates choice /> } />
        </InnerPage>
    }
}

#[component]
fn Dates(choice: TransferChoice) -> impl IntoView {
    let TransferChoice { place, dates } = choice;
    let transfer = ServerAction::<TransferPlace>::new();
    let place_id = place.id;
    view! {
        <Card>
            <p class="text-xs font-semibold uppercase tracking-wide text-brand-700">"Your seat now"</p>
            <h2 class="mt-1 text-xl font-bold text-ink-950">{place.course_title}</h2>
            <p class="mt-2 text-sm text-ink-600">{place.dates}" · "{place.times}</p>
            <p class="text-sm text-ink-600">{place.place}</p>
        </Card>
        <div class="mt-6">
            {move || form_errors(transfer.value().get()).message.map(|message| view! { <Flash kind=FlashKind::Error message=message /> })}
        </div>
        <h2 class="mt-6 text-lg font-bold text-ink-950">"Other dates"</h2>
        {if dates.is_empty() {
            view! {
                <AskAboutADate title="No other dates yet" message="There is no other scheduled date for this course at the moment. Keep your seat, or ask us about a date." />
            }.into_any()
        } else {
            view! {
                <ul class="mt-4 divide-y divide-ink-100 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-ink-100">
                    {dates.into_iter().map(|run| view! { <DateOption run place_id transfer /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p class="mt-6"><a href="/me/trainings" class="text-sm font-semibold text-brand-700 hover:text-brand-900">"Back to My trainings"</a></p>
    }
}

#[component]
fn DateOption(
    run: RunSummary,
    place_id: i64,
    transfer: ServerAction<TransferPlace>,
) -> impl IntoView {
    let full = run.seats_left <= 0;
    view! {
        <li class="flex flex-col gap-3 p-5 sm:flex-row sm:items-center sm:justify-between" data-run=run.id>
            <div class="min-w-0">
                <p class="font-semibold text-ink-950">{run.dates}</p>
                <p class="text-sm text-ink-600">{run.times}</p>
                <p class="text-sm text-ink-600">{run.place}" · "{run.seats_label}</p>
            </div>
            {if full {
                view! { <span class="text-sm font-medium text-ink-500">"Full"</span> }.into_any()
            } else {
                view! {
                    <ActionForm action=transfer>
                        <input type="hidden" name="place_id" value=place_id.to_string() />
                        <input type="hidden" name="to_run_id" value=run.id.to_string() />
                        <Button variant=ButtonVariant::Secondary>"Move to this date"</Button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}
