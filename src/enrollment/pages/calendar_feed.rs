//! The calendar feed box on My trainings: make a secret address, see it once,
//! replace it or turn it off.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::enrollment::server_fns::{load_calendar_feed, NewCalendarFeed, TurnOffCalendarFeed};
use crate::site::use_site;
use crate::ui::{Button, ButtonVariant, Card, Flash, FlashKind};

#[component]
pub fn CalendarFeed() -> impl IntoView {
    let search = use_location().search;
    let status = Resource::new(move || search.get(), |_| load_calendar_feed());
    let query = use_query_map();
    let site = use_site();
    // Shown once, right after it was made: only its digest is stored.
    let fresh_address = move || {
        query
            .read()
            .get("feed")
            .map(|token| format!("{}/calendar/feed.ics?token={token}", site.public_url))
    };
    let turned_off = move || query.read().get("feed_off").is_some();
    let make = ServerAction::<NewCalendarFeed>::new();
    let turn_off = ServerAction::<TurnOffCalendarFeed>::new();
    view! {
        <section id="calendar-feed" aria-labelledby="calendar-feed-heading">
            <Card>
                <h2 id="calendar-feed-heading" class="text-lg font-bold text-ink-950">"Calendar feed"</h2>
                <p class="mt-1 max-w-2xl text-sm text-ink-600">
                    "Subscribe to your trainings from Google Calendar, Outlook or Apple Calendar: new seats appear and cancelled ones update by themselves. Keep the address private: anyone with it can see your trainings."
                </p>
                {move || fresh_address().map(|address| view! {
                    <div class="mt-4 rounded-xl bg-brand-50 p-4 ring-1 ring-brand-200">
                        <label for="feed-address" class="text-sm font-semibold text-brand-900">"Your calendar address (copy it now: we show it only once)"</label>
                        <input id="feed-address" type="text" readonly value=address class="mt-2 block w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-xs text-ink-900 ring-1 ring-inset ring-brand-200" />
                    </div>
                })}
                {move || turned_off().then(|| view! { <div class="mt-4"><Flash kind=FlashKind::Success message="Your calendar feed is off; the old address no longer works." /></div> })}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let since = status.await.ok().and_then(|status| status.since);
                        let on = since.is_some();
                        view! {
                            <div class="mt-4 flex flex-wrap items-center gap-3">
                                {since.map(|since| view! { <p class="text-sm text-ink-700">{format!("On since {since}.")}</p> })}
                                <ActionForm action=make>
                                    <Button variant=if on { ButtonVariant::Secondary } else { ButtonVariant::Primary }>
                                        {if on { "Make a new address" } else { "Get a calendar address" }}
                                    </Button>
                                </ActionForm>
                                {on.then(|| view! {
                                    <ActionForm action=turn_off>
                                        <Button variant=ButtonVariant::Quiet>"Turn off"</Button>
                                    </ActionForm>
                                })}
                            </div>
                        }
                    })}
                </Suspense>
            </Card>
        </section>
    }
}
