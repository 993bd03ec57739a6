use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::layout::PageIntro;
use crate::ui::{ButtonLink, EmptyState};

#[component]
pub fn CoursesPage() -> impl IntoView {
    view! {
        <Title text="Courses" />
        <PageIntro
            title="Courses"
            lead="In-depth IT courses and certifications: cloud, cybersecurity, programming, data, networking and more."
        />
        <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <EmptyState
                title="No courses are published yet"
                message="The catalog appears here as soon as the first course is published. Tell us what you would like to learn and we will let you know."
            >
                <ButtonLink href="/contact">"Send an enquiry"</ButtonLink>
            </EmptyState>
        </div>
    }
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <Title text="Upcoming trainings" />
        <PageIntro
            title="Upcoming trainings"
            lead="Online and in-person runs in tech hubs like Metro Manila and Cebu City."
        />
        <div class="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <EmptyState
                title="No trainings are scheduled yet"
                message="New dates are announced here first. Ask us about a date that suits your team."
            >
                <ButtonLink href="/contact">"Ask about a date"</ButtonLink>
            </EmptyState>
        </div>
    }
}
