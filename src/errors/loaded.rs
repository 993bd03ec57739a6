use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{AppError, ErrorPage};

/// The one way a page shows data it loads: a "Loading…" line (or `fallback`)
/// until the resource is there, then `show` with the value, or the error page
/// with the error's status. With `keep_previous`, a page that reloads (new
/// filters) keeps showing the old content until the new one is there.
#[component]
pub fn Loaded<T, S, V>(
    resource: Resource<Result<T, AppError>>,
    show: S,
    /// Replaces the "Loading…" line.
    #[prop(optional, into)]
    fallback: Option<ViewFn>,
    #[prop(optional, into)] loading: Option<String>,
    #[prop(optional)] keep_previous: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    S: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = loading.unwrap_or_else(|| "Loading…".to_owned());
    let fallback = fallback.unwrap_or_else(|| {
        ViewFn::from(move || view! { <p class="text-ink-600">{loading.clone()}</p> })
    });
    let content = move || {
        let show = show.clone();
        Suspend::new(async move { resource.await.map(show) })
    };
    let body = view! {
        <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
            {content}
        </ErrorBoundary>
    };
    if keep_previous {
        view! { <Transition fallback=move || fallback.run()>{body}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=move || fallback.run()>{body}</Suspense> }.into_any()
    }
}
