//! A page's title and meta description. Every page says both once, through
//! this component; the app adds no description of its own, so a page never
//! carries two (search engines pick one at random when it does).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// What a page that has no better words of its own tells search engines.
pub const DEFAULT_DESCRIPTION: &str = "In-depth IT courses and certifications, online and in person in Metro Manila and Cebu City, with certified expert trainers.";

#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(optional, into)] description: Option<String>,
) -> impl IntoView {
    let description = description.unwrap_or_else(|| DEFAULT_DESCRIPTION.to_owned());
    view! {
        <Title text=title />
        <Meta name="description" content=description />
    }
}
