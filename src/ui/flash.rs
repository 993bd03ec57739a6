use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlashKind {
    Success,
    Info,
    Error,
}

/// A message about what just happened ("Your enquiry was sent"). Errors use
/// `role="alert"` so assistive technology reads them at once; the others wait
/// their turn with `role="status"`.
#[component]
pub fn Flash(kind: FlashKind, #[prop(into)] message: String) -> impl IntoView {
    let (role, classes) = match kind {
        FlashKind::Success => ("status", "bg-success-50 text-success-800 ring-success-200"),
        FlashKind::Info => ("status", "bg-brand-50 text-brand-900 ring-brand-200"),
        FlashKind::Error => ("alert", "bg-danger-50 text-danger-800 ring-danger-200"),
    };
    view! {
        <div role=role class=format!("rounded-lg px-4 py-3 text-sm font-medium ring-1 ring-inset {classes}")>
            {message}
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::ui::render_to_html;

    #[test]
    fn an_error_flash_interrupts_while_a_success_flash_waits() {
        let error = render_to_html(
            || view! { <Flash kind=FlashKind::Error message="That run is full." /> },
        );
        let success = render_to_html(
            || view! { <Flash kind=FlashKind::Success message="You are enrolled." /> },
        );

        assert!(error.contains(r#"role="alert""#), "{error}");
        assert!(success.contains(r#"role="status""#), "{success}");
    }
}
