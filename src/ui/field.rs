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
    let parts = FieldParts::new(&name, &hint, &error);
    let (id, described_by, invalid, class) = parts.control();
    view! {
        <div class="space-y-1.5">
            {parts.label(label, required)}
            <input
                id=id
                name=name
                type=kind
                value=value.clone()
                // The attribute renders on the server; the property resets the live
                // field after a failed post with JavaScript (a password is cleared).
                prop:value=value
                required=required
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=described_by
                class=class
            />
            {parts.messages(hint, error)}
        </div>
    }
}

/// A labelled multi-line field, like [`FormField`].
#[component]
pub fn TextAreaField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] max_length: Option<usize>,
    /// For Markdown and code: a fixed-width font.
    #[prop(optional)]
    monospace: bool,
) -> impl IntoView {
    let parts = FieldParts::new(&name, &hint, &error);
    let (id, described_by, invalid, class) = parts.control();
    let live_value = value.clone();
    let class = if monospace {
        format!("{class} font-mono text-sm")
    } else {
        class
    };
    view! {
        <div class="space-y-1.5">
            {parts.label(label, required)}
            <textarea id=id name=name rows=rows required=required maxlength=max_length
                aria-invalid=invalid aria-describedby=described_by class=class
                // Leptos writes a textarea's text child unescaped, so text such as
                // `</textarea><script>` would end the field and become markup.
                // Escaped by hand as inner HTML instead; the property keeps the
                // live field in step after a post with JavaScript.
                inner_html=escape_text(&value) prop:value=live_value></textarea>
            {parts.messages(hint, error)}
        </div>
    }
}

/// A labelled choice from a list of (value, label) options, like [`FormField`].
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    /// The chosen option's value.
    #[prop(optional, into)]
    value: String,
    /// The first, empty choice ("None", "Choose…"), if any.
    #[prop(optional, into)]
    empty_label: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let parts = FieldParts::new(&name, &hint, &error);
    let (id, described_by, invalid, class) = parts.control();
    view! {
        <div class="space-y-1.5">
            {parts.label(label, required)}
            // No `required` attribute: the server says what is missing, in words,
            // where the browser would block the post with a bubble.
            <select id=id name=name aria-invalid=invalid
                aria-describedby=described_by class=class>
                {empty_label.map(|text| view! { <option value="" selected=value.is_empty()>{text}</option> })}
                {options.into_iter().map(|(option, text)| {
                    let chosen = option == value;
                    view! { <option value=option selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
            {parts.messages(hint, error)}
        </div>
    }
}

/// `text` as HTML text: `&`, `<`, `>` and quotes as entities.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The ids, accessibility attributes and classes a labelled field is built of.
struct FieldParts {
    id: String,
    hint_id: String,
    error_id: String,
    described_by: Option<String>,
    invalid: bool,
}

impl FieldParts {
    fn new(name: &str, hint: &Option<String>, error: &Option<String>) -> Self {
        let id = format!("field-{name}");
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described_by = [
            hint.as_ref().map(|_| hint_id.clone()),
            error.as_ref().map(|_| error_id.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        Self {
            id,
            hint_id,
            error_id,
            described_by: (!described_by.is_empty()).then_some(described_by),
            invalid: error.is_some(),
        }
    }

    /// The control's id, `aria-describedby`, `aria-invalid` and class.
    fn control(&self) -> (String, Option<String>, Option<&'static str>, String) {
        let ring = if self.invalid {
            "ring-danger-500 focus:ring-danger-600"
        } else {
            "ring-ink-200 focus:ring-brand-600"
        };
        (
            self.id.clone(),
            self.described_by.clone(),
            self.invalid.then_some("true"),
            format!(
                "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm \
                 ring-1 ring-inset placeholder:text-ink-400 focus:ring-2 focus:ring-inset {ring}",
            ),
        )
    }

    fn label(&self, label: String, required: bool) -> impl IntoView {
        view! {
            <label for=self.id.clone() class="block text-sm font-medium text-ink-800">
                {label}
                {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
            </label>
        }
    }

    fn messages(&self, hint: Option<String>, error: Option<String>) -> impl IntoView {
        let (hint_id, error_id) = (self.hint_id.clone(), self.error_id.clone());
        view! {
            {hint.map(|hint| view! { <p id=hint_id class="text-sm text-ink-500">{hint}</p> })}
            {error.map(|error| view! { <p id=error_id class="text-sm font-medium text-danger-700">{error}</p> })}
        }
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

    #[test]
    fn a_select_marks_the_chosen_option_and_a_textarea_keeps_its_text() {
        let html = render_to_html(|| {
            view! {
                <SelectField name="topic" label="Topic" empty_label="Choose…" value="other"
                    options=vec![("private_team".to_owned(), "Private".to_owned()), ("other".to_owned(), "Other".to_owned())]
                    error=Some("Choose a topic.".to_owned()) />
                <TextAreaField name="message" label="Message" value="Hello <there></textarea><b>" />
            }
        });
        assert!(
            html.contains(r#"<option value="">Choose…</option>"#),
            "{html}"
        );
        assert!(html.contains(r#"<option value="other" selected"#), "{html}");
        assert!(!html.contains(r#"value="private_team" selected"#), "{html}");
        assert!(
            html.contains(r#"aria-describedby="field-topic-error""#),
            "{html}"
        );
        assert!(
            html.contains("Hello &lt;there&gt;&lt;/textarea&gt;&lt;b&gt;</textarea>"),
            "typed text never becomes markup: {html}"
        );
    }
}
