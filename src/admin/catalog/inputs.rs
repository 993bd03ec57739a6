//! Form controls the catalog editors need beyond `FormField`: multi-line text
//! and choices, with the same label, hint and error wiring.

use leptos::prelude::*;

use crate::catalog::summaries::Choice;

const CONTROL: &str =
    "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 \
    ring-inset focus:ring-2 focus:ring-inset";

fn ring(invalid: bool) -> &'static str {
    if invalid {
        "ring-danger-500 focus:ring-danger-600"
    } else {
        "ring-ink-200 focus:ring-brand-600"
    }
}

#[component]
fn Described(
    id: String,
    #[prop(into)] label: String,
    hint: Option<String>,
    error: Option<String>,
    required: bool,
    children: Children,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <div class="space-y-1.5">
            <label for=label_for class="block text-sm font-medium text-ink-800">
                {label}
                {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
            </label>
            {children()}
            {hint.map(|hint| view! { <p id=format!("{id}-hint") class="text-sm text-ink-500">{hint}</p> })}
            {error.map(|error| view! { <p id=format!("{id}-error") class="text-sm font-medium text-danger-700">{error}</p> })}
        </div>
    }
}

fn described_by(id: &str, hint: &Option<String>, error: &Option<String>) -> Option<String> {
    let ids: Vec<String> = [
        hint.as_ref().map(|_| format!("{id}-hint")),
        error.as_ref().map(|_| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn TextAreaField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let invalid = error.is_some();
    let aria = described_by(&id, &hint, &error);
    view! {
        <Described id=id.clone() label hint error required>
            <textarea id=id name=name rows=rows required=required
                aria-invalid=invalid.then_some("true") aria-describedby=aria
                class=format!("{CONTROL} font-mono text-sm {}", ring(invalid))
                prop:value=value.clone()>{value.clone()}</textarea>
        </Described>
    }
}

#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    choices: Vec<Choice>,
    #[prop(optional, into)] value: String,
    /// The first, empty choice ("None", "Choose…"), if any.
    #[prop(optional, into)]
    empty_label: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let invalid = error.is_some();
    let aria = described_by(&id, &hint, &error);
    view! {
        <Described id=id.clone() label hint error required>
            <select id=id name=name aria-invalid=invalid.then_some("true") aria-describedby=aria
                class=format!("{CONTROL} {}", ring(invalid))>
                {empty_label.map(|label| view! { <option value="" selected=value.is_empty()>{label}</option> })}
                {choices.into_iter().map(|choice| {
                    let selected = choice.value == value;
                    view! { <option value=choice.value selected=selected>{choice.label}</option> }
                }).collect_view()}
            </select>
        </Described>
    }
}

/// Turns fixed (value, label) pairs into choices.
pub fn choices(pairs: &[(&str, &str)]) -> Vec<Choice> {
    pairs
        .iter()
        .map(|(value, label)| Choice {
            value: (*value).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}
