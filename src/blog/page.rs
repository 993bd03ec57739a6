use leptos::prelude::*;

use crate::ui::EmptyState;
use crate::ui::InnerPage;

#[component]
pub fn BlogPage() -> impl IntoView {
    view! {
        <InnerPage title="Blog"
            lead="Guides, certification tips and news from our trainers."
            description="Articles from our certified trainers on cloud, security, programming and data.">
            <EmptyState title="No posts yet" message="Articles from our trainers will appear here." />
        </InnerPage>
    }
}
