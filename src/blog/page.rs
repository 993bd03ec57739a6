use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::layout::PageIntro;
use crate::ui::EmptyState;

#[component]
pub fn BlogPage() -> impl IntoView {
    view! {
        <Title text="Blog" />
        <PageIntro title="Blog" lead="Guides, certification tips and news from our trainers." />
        <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <EmptyState title="No posts yet" message="Articles from our trainers will appear here." />
        </div>
    }
}
