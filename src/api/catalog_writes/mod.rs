//! Token routes that write courses and runs: `POST /courses`, `PATCH` and
//! `DELETE /courses/{slug}`, `POST /runs`, `PATCH` and `DELETE /runs/{id}`.
//! Every change goes through `catalog_editing`, the code the dashboard's
//! course editor uses, so the rules, the audit entries, the webhook events
//! and the emails to learners are the same.
//!
//! The public `GET /courses/{slug}` and `GET /runs/{id}` describe what
//! visitors see (published courses, seats left), so their `ETag` is not the
//! one a write checks: each write answers with the record as the catalog's
//! editors see it (drafts too) and its `ETag`, which the next `If-Match`
//! names.

pub mod courses;
pub mod runs;

use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::problem::{InvalidInput, Problem, ProblemKind};
use super::text::{not_as_described, Text};
use crate::audit::Actor;
use crate::catalog_editing::{Editor, Refused};

fn editor(caller: &TokenCaller) -> Editor {
    Editor {
        actor: Actor::user(caller.user_id, &caller.email),
        ip: caller.ip,
    }
}

fn at(field: &str, detail: impl Into<String>) -> InvalidInput {
    InvalidInput {
        parameter: None,
        pointer: Some(format!("/{field}")),
        detail: detail.into(),
    }
}

/// Each text field sent, as its schema describes it (`api::text`): field
/// name, value, kind of text and longest length.
fn texts_as_described(fields: &[(&str, Option<&str>, Text, usize)]) -> Result<(), Problem> {
    let problems: Vec<InvalidInput> = fields
        .iter()
        .filter_map(|(field, value, text, max)| {
            not_as_described((*value)?, *text, *max).map(|detail| at(field, detail))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid_fields(problems))
    }
}

/// A refusal as a problem; `what` names the resource ("course", "run").
fn problem(refused: Refused, what: &str) -> Problem {
    match refused {
        Refused::NotFound => Problem::new(
            ProblemKind::NotFound,
            format!("No {what} has that address."),
        ),
        Refused::Invalid(problems) => Problem::invalid_fields(
            problems
                .into_iter()
                .map(|(field, message)| at(field, message))
                .collect(),
        ),
        Refused::Taken(field) => Problem {
            errors: vec![at(field, format!("Another {what} has this {field}."))],
            ..Problem::new(
                ProblemKind::AlreadyExists,
                format!("Another {what} already has this {field}."),
            )
        },
        Refused::Unknown(field) => {
            let named = field.trim_end_matches("_id");
            Problem {
                errors: vec![at(field, format!("No {named} has this id."))],
                ..Problem::new(
                    ProblemKind::UnknownReference,
                    format!("No {named} has the id in {field}."),
                )
            }
        }
        Refused::Conflict(field, message) => Problem {
            errors: vec![at(field, message.clone())],
            ..Problem::new(ProblemKind::DoesNotFit, message)
        },
        Refused::InUse(message) => Problem::new(ProblemKind::InUse, message),
        Refused::PreconditionFailed(detail) => {
            Problem::new(ProblemKind::PreconditionFailed, detail)
        }
        Refused::Failed(error) => Problem::from(error),
    }
}

/// A course's level, as the body takes it.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(example = "intermediate")]
#[allow(dead_code)] // Only described: read with `Level::from_column`.
pub enum CourseLevel {
    Beginner,
    Intermediate,
    Advanced,
}

/// A run's status, as the body takes it.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(example = "scheduled")]
#[allow(dead_code)] // Only described: read with `RunStatus::from_column`.
pub enum RunState {
    Scheduled,
    Cancelled,
    Completed,
}
