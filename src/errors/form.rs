use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What was wrong with a submitted form, field by field.
///
/// It travels as the error of the server function that handled the form. With
/// JavaScript the page receives it directly; without, Leptos redirects back to
/// the form's page with it encoded in the URL, so `values` echoes what the user
/// typed to refill the form. Passwords are never put in `values`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    /// A message about the form as a whole, shown above its fields.
    pub message: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub values: BTreeMap<String, String>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// An error about the whole form, such as "Wrong email or password".
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            ..Self::default()
        }
    }

    /// Records an error for `field`; the first error recorded for a field wins.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.values.insert(field.to_owned(), value.to_owned());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.fields.is_empty()
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.fields.get(name).cloned()
    }

    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

/// The errors to show under a form for its action's last result: field errors
/// from a rejected form, or any other failure as a message above the fields.
pub fn form_errors<T>(result: Option<Result<T, super::AppError>>) -> FormErrors {
    match result {
        Some(Err(super::AppError::Invalid(errors))) => errors,
        Some(Err(other)) => FormErrors::message(other.to_string()),
        _ => FormErrors::new(),
    }
}
