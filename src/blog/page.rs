use crate::ui::PageMeta;
use leptos::prelude::*;

use crate::ui::layout::PageIntro;
use crate::ui::EmptyState;

#[component]
pub fn BlogPage() -> impl IntoView {
    view! {
        <PageMeta title="Blog" description="Articles from our certified trainers on cloud, security, programming and data." />
        <PageIntro title="Blog" lead="Guides, certification tips and news from our trainers." />
        <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <EmptyState title="No posts yet" message="Articles from our trainers will appear here." />
        </div>
    }
}
