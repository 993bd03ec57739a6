use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::AppError;
use crate::ui::{ButtonLink, ButtonVariant};

/// The page for any path no route claims; answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    let error = AppError::NotFound.into_response_error();
    view! {
        <Meta name="description" content=crate::ui::DEFAULT_DESCRIPTION />
        <ErrorMessage error />
    }
}

/// The fallback of an `ErrorBoundary`: shows the most serious error in plain words
/// and answers with its status (500 for anything unexpected).
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error = errors
        .get_untracked()
        .into_iter()
        .map(|(_, error)| {
            error
                .downcast_ref::<AppError>()
                .cloned()
                .unwrap_or(AppError::Internal)
        })
        .max_by_key(AppError::status_code)
        .unwrap_or(AppError::Internal)
        .into_response_error();
    view! { <ErrorMessage error /> }
}

#[component]
fn ErrorMessage(error: AppError) -> impl IntoView {
    let status = error.status_code();
    let title = error.title();
    view! {
        <Title text=title />
        <section class="mx-auto flex max-w-2xl flex-col items-center px-4 py-24 text-center sm:px-6">
            <p class="text-sm font-semibold uppercase tracking-widest text-brand-700">{format!("Error {status}")}</p>
            <h1 class="mt-3 text-3xl font-bold tracking-tight text-ink-950 sm:text-4xl">{title}</h1>
            <p class="mt-4 text-lg text-ink-600">{error.to_string()}</p>
            <div class="mt-8 flex flex-wrap justify-center gap-3">
                <ButtonLink href="/">"Go to the home page"</ButtonLink>
                <ButtonLink href="/courses" variant=ButtonVariant::Secondary>"Browse courses"</ButtonLink>
            </div>
        </section>
    }
}
