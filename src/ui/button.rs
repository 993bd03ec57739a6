use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonVariant {
    #[default]
    Primary,
    Secondary,
    Quiet,
}

impl ButtonVariant {
    fn classes(self) -> &'static str {
        match self {
            Self::Primary => "bg-brand-700 text-white hover:bg-brand-800 shadow-sm",
            Self::Secondary => {
                "bg-white text-brand-800 ring-1 ring-inset ring-brand-200 hover:bg-brand-50"
            }
            Self::Quiet => "text-brand-800 hover:bg-brand-50",
        }
    }
}

const BASE: &str = "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2.5 \
    text-sm font-semibold transition-colors focus-visible:outline-2 \
    focus-visible:outline-offset-2 focus-visible:outline-brand-600 \
    disabled:cursor-not-allowed disabled:opacity-60";

/// A form button. Defaults to `type="submit"` because almost every button in
/// Kurso submits a form that also works without JavaScript. A `name` and
/// `value` are sent with the form when this button submits it, so one form can
/// offer several answers.
#[component]
pub fn Button(
    #[prop(optional)] variant: ButtonVariant,
    #[prop(default = "submit")] kind: &'static str,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] value: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <button type=kind name=name value=value class=format!("{BASE} {}", variant.classes()) disabled=disabled>
            {children()}
        </button>
    }
}

/// A link that looks like a button, for calls to action that navigate.
#[component]
pub fn ButtonLink(
    #[prop(into)] href: String,
    #[prop(optional)] variant: ButtonVariant,
    children: Children,
) -> impl IntoView {
    view! {
        <a href=href class=format!("{BASE} {}", variant.classes())>
            {children()}
        </a>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::ui::render_to_html;

    #[test]
    fn a_button_submits_its_form_unless_told_otherwise() {
        let html = render_to_html(|| view! { <Button>"Enroll"</Button> });

        assert!(html.contains(r#"type="submit""#), "{html}");
        assert!(html.contains("Enroll"), "{html}");
    }

    #[test]
    fn a_secondary_button_link_navigates_with_its_own_look() {
        let html = render_to_html(|| {
            view! { <ButtonLink href="/contact" variant=ButtonVariant::Secondary>"Ask us"</ButtonLink> }
        });

        assert!(html.contains(r#"href="/contact""#), "{html}");
        assert!(html.contains("ring-brand-200"), "{html}");
        assert!(!html.contains("bg-brand-700"), "{html}");
    }
}
