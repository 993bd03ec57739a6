use leptos::prelude::*;

/// A labelled form input with an optional hint and an error shown in place.
///
/// The error is tied to the input with `aria-describedby` and `aria-invalid` so a
/// screen reader announces it with the field, and `value` lets a page that
/// re-renders after a failed post keep what the user typed.
#[component]
pub fn FormField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<String>,
) -> impl IntoView {
    let input_id = format!("field-{name}");
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let described_by = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = error.is_some();
    let ring = if invalid {
        "ring-danger-500 focus:ring-danger-600"
    } else {
        "ring-ink-200 focus:ring-brand-600"
    };

    view! {
        <div class="space-y-1.5">
            <label for=input_id.clone() class="block text-sm font-medium text-ink-800">
                {label}
                {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=input_id
                name=name
                type=kind
                value=value.clone()
                // The attribute renders on the server; the property resets the live
                // field after a failed post with JavaScript (a password is cleared).
                prop:value=value
                required=required
                autocomplete=autocomplete
                aria-invalid=invalid.then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
                class=format!(
                    "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm \
                     ring-1 ring-inset placeholder:text-ink-400 focus:ring-2 focus:ring-inset {ring}",
                )
            />
            {hint.map(|hint| view! { <p id=hint_id class="text-sm text-ink-500">{hint}</p> })}
            {error.map(|error| view! { <p id=error_id class="text-sm font-medium text-danger-700">{error}</p> })}
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::ui::render_to_html;

    #[test]
    fn a_field_with_an_error_is_marked_invalid_and_points_to_the_message() {
        let html = render_to_html(|| {
            view! {
                <FormField name="email" label="Email" kind="email" value="ana@" error=Some("Enter a full email address, like ana@example.com.".to_owned()) />
            }
        });

        assert!(html.contains(r#"aria-invalid="true""#), "{html}");
        assert!(
            html.contains(r#"aria-describedby="field-email-error""#),
            "{html}"
        );
        assert!(html.contains(r#"id="field-email-error""#), "{html}");
        assert!(html.contains("Enter a full email address"), "{html}");
        assert!(
            html.contains(r#"value="ana@""#),
            "keeps what was typed: {html}"
        );
    }

    #[test]
    fn a_valid_field_carries_no_error_markup() {
        let html = render_to_html(
            || view! { <FormField name="name" label="Full name" hint="As you would like trainers to address you." /> },
        );

        assert!(!html.contains("aria-invalid"), "{html}");
        assert!(
            html.contains(r#"aria-describedby="field-name-hint""#),
            "{html}"
        );
    }
}
