//! A part of a page that a GET form inside it updates in place: search and
//! filters on the catalog and the schedule.
//!
//! Without JavaScript the form is a plain GET and the page loads again. With
//! it, this island sends the same GET with `fetch`, takes the same part out of
//! the page the server answers with, and puts it in place of this one; the
//! address bar follows (`history.pushState`), and Back shows the earlier
//! results. Choosing from a list applies the form at once, and a link inside
//! to the same page (page numbers, "Clear all") is followed in place too.
//!
//! The server renders every result: the island carries no page code, so the
//! browser bundle does not grow with the pages that use it.

use leptos::prelude::*;

/// Wraps `children` (which hold a GET form) as the part named `id`; the page
/// must render the same `id` for every address the form leads to.
#[island]
pub fn InPlace(#[prop(into)] id: String, children: Children) -> impl IntoView {
    let region = NodeRef::<leptos::html::Div>::new();
    let status = NodeRef::<leptos::html::P>::new();
    #[cfg(feature = "hydrate")]
    {
        browser::follow_history(region, status);
        Effect::new(move || browser::apply_early_choice(region));
    }

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submitted(event, region, status);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_change = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::changed(event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        browser::clicked(event, region, status);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    view! {
        <div id=id node_ref=region on:submit=on_submit on:change=on_change on:click=on_click>
            {children()}
        </div>
        // The part is replaced whole, and a live region that is replaced is
        // not read out: this one stays, and says what the new part's says.
        <p node_ref=status class="sr-only" role="status"></p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::task::spawn_local;
    use std::cell::Cell;

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DomParser, Element, FormData, HtmlElement, HtmlFormElement, SupportedType};

    type Region = NodeRef<leptos::html::Div>;
    type Status = NodeRef<leptos::html::P>;

    thread_local! {
        /// Numbers each load, so that only the latest one is shown when an
        /// earlier answer arrives last.
        static LATEST: Cell<u64> = const { Cell::new(0) };
        /// The address whose results are shown (without its fragment).
        static SHOWN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    }

    /// The address without its fragment: what the results depend on.
    fn results_address() -> Option<String> {
        let location = window().location();
        Some(format!(
            "{}{}",
            location.pathname().ok()?,
            location.search().ok()?
        ))
    }

    /// A GET form inside is sent in place; any other form as usual.
    pub fn submitted(event: leptos::ev::SubmitEvent, region: Region, status: Status) {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if !form.method().eq_ignore_ascii_case("get") {
            return;
        }
        let Some(query) = FormData::new_with_form(&form)
            .ok()
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        else {
            return;
        };
        event.prevent_default();
        let address = format!("{}?{}", form.action(), String::from(query.to_string()));
        spawn_local(show(address, region, status, true));
    }

    /// Choosing from a list applies the form at once.
    pub fn changed(event: leptos::ev::Event) {
        let Some(select) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        if let Some(form) = select.form() {
            let _ = form.request_submit();
        }
    }

    /// A list changed before this island started (the page is readable, and
    /// its form usable, before the bundle arrives) is applied now, as it would
    /// have been at once: what the lists show is what the results show.
    pub fn apply_early_choice(region: Region) {
        let Some(region) = region.get() else { return };
        let Ok(selects) = region.query_selector_all("select") else {
            return;
        };
        for index in 0..selects.length() {
            let Some(select) = selects
                .item(index)
                .and_then(|node| node.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                continue;
            };
            // The option the server marked, or the first one when it marked none.
            let served = select
                .query_selector("option[selected]")
                .ok()
                .flatten()
                .or_else(|| select.query_selector("option").ok().flatten())
                .and_then(|option| option.get_attribute("value"))
                .unwrap_or_default();
            if select.value() != served {
                if let Some(form) = select.form() {
                    let _ = form.request_submit();
                }
                return;
            }
        }
    }

    /// A plain click on a link to this same page (another page of results,
    /// "Clear all") is followed in place.
    pub fn clicked(event: leptos::ev::MouseEvent, region: Region, status: Status) {
        if event.default_prevented()
            || event.button() != 0
            || event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(link) = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|link| link.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let location = window().location();
        let same_page = location.origin().ok() == Some(link.origin())
            && location.pathname().ok() == Some(link.pathname())
            && link.target().is_empty()
            && !link.has_attribute("download");
        if same_page {
            event.prevent_default();
            spawn_local(show(link.href(), region, status, true));
        }
    }

    /// Back and Forward show the results of the address they lead to (a
    /// change of the fragment alone, such as a skip link, changes nothing).
    pub fn follow_history(region: Region, status: Status) {
        SHOWN.with(|shown| shown.replace(results_address()));
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let now = results_address();
            if SHOWN.with(|shown| *shown.borrow() == now) {
                return;
            }
            if let Ok(address) = window().location().href() {
                spawn_local(show(address, region, status, false));
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Fetches `address` and puts its part in place of this one. Whatever goes
    /// wrong (an error page, no network), the browser loads the address
    /// itself: the visitor sees what the server says, as without JavaScript.
    async fn show(address: String, region: Region, status: Status, remember: bool) {
        let number = LATEST.with(|latest| {
            latest.set(latest.get() + 1);
            latest.get()
        });
        let fetched = fetch_document(&address).await;
        if LATEST.with(Cell::get) != number {
            return;
        }
        let (Some(region), Ok(page)) = (region.get_untracked(), fetched) else {
            let _ = window().location().assign(&address);
            return;
        };
        let Some(fresh) = page.get_element_by_id(&region.id()) else {
            let _ = window().location().assign(&address);
            return;
        };
        let focused = document().active_element().map(|element| element.id());
        region.set_inner_html(&fresh.inner_html());
        document().set_title(&page.title());
        if remember {
            let _ = window().history().and_then(|history| {
                history.push_state_with_url(&JsValue::NULL, "", Some(&address))
            });
        }
        SHOWN.with(|shown| shown.replace(results_address()));
        if let Some(status) = status.get_untracked() {
            let said = region
                .query_selector("[aria-live]")
                .ok()
                .flatten()
                .and_then(|live| live.text_content())
                .unwrap_or_default();
            status.set_text_content(Some(&said));
        }
        // Typing or choosing goes on where it was.
        if let Some(element) = focused
            .filter(|id| !id.is_empty())
            .and_then(|id| document().get_element_by_id(&id))
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }

    async fn fetch_document(address: &str) -> Result<web_sys::Document, JsValue> {
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(address))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str("not 2xx"));
        }
        let html = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)
    }
}
