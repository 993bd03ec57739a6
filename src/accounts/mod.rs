//! Learner and admin accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::layout::PageIntro;
use crate::ui::{ButtonLink, EmptyState};

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Log in" />
        <PageIntro title="Log in" lead="See your upcoming trainings, certificates and calendar." />
        <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <EmptyState
                title="Learner accounts are not open yet"
                message="Until they are, we enroll learners by enquiry."
            >
                <ButtonLink href="/contact">"Contact us"</ButtonLink>
            </EmptyState>
        </div>
    }
}
