use leptos::prelude::*;

/// What a section shows when it has nothing to list: says so plainly and, where
/// it helps, offers the next step.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="rounded-2xl border border-dashed border-ink-200 bg-white/60 px-6 py-10 text-center">
            <svg
                class="mx-auto h-10 w-10 text-brand-300"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                stroke-width="1.5"
                aria-hidden="true"
            >
                <path d="M6.75 3v2.25M17.25 3v2.25M3 18.75V7.5a2.25 2.25 0 0 1 2.25-2.25h13.5A2.25 2.25 0 0 1 21 7.5v11.25m-18 0A2.25 2.25 0 0 0 5.25 21h13.5A2.25 2.25 0 0 0 21 18.75m-18 0v-7.5A2.25 2.25 0 0 1 5.25 9h13.5A2.25 2.25 0 0 1 21 11.25v7.5" />
            </svg>
            <p class="mt-3 text-base font-semibold text-ink-900">{title}</p>
            <p class="mx-auto mt-1 max-w-md text-sm text-ink-600">{message}</p>
            {children.map(|children| view! { <div class="mt-5">{children()}</div> })}
        </div>
    }
}
