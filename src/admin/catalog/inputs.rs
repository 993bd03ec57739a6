//! Choices for the catalog editors' `ui::SelectField`s.

use crate::catalog::summaries::Choice;

/// Turns fixed (value, label) pairs into a select's options.
pub fn choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(value, label)| ((*value).to_owned(), (*label).to_owned()))
        .collect()
}

/// A select's options from choices loaded from the catalog.
pub fn options(choices: &[Choice]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|choice| (choice.value.clone(), choice.label.clone()))
        .collect()
}
