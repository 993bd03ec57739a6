//! Kurso's design system: the few components every page is built from. Colours,
//! spacing and type sizes come from the tokens in `style/main.css`; components use
//! those token names (`brand-700`, `ink-600`, ...) rather than raw colours.

mod button;
mod card;
mod data_table;
mod empty_state;
mod field;
mod flash;
mod in_place;
mod page_intro;
mod page_meta;
mod pagination;
mod search_form;
mod shown_once;

pub use button::{Button, ButtonLink, ButtonVariant};
pub use card::Card;
pub use data_table::{Column, DataTable};
pub use empty_state::EmptyState;
pub use field::{FormField, SelectField, TextAreaField};
pub use flash::{Flash, FlashKind};
pub use in_place::InPlace;
pub use page_intro::{InnerPage, PageIntro};
pub use page_meta::{PageMeta, ShareKind, DEFAULT_DESCRIPTION};
pub use pagination::Pagination;
pub use search_form::SearchForm;
pub use shown_once::ShownOnce;

/// Renders a component to HTML on the server, for unit tests of its markup.
#[cfg(all(test, feature = "ssr"))]
pub(crate) fn render_to_html<V: leptos::prelude::IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> String {
    use leptos::prelude::*;
    let owner = Owner::new();
    owner.with(|| view().to_html())
}
