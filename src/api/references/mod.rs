//! Token routes for what courses and runs refer to: categories, venues and
//! trainers, each a collection (`GET`, `POST`) and its members (`GET`,
//! `PATCH`, `DELETE`). Every change goes through
//! `catalog::references::service`, the code the dashboard's pages use, so the
//! rules (required fields, unique names and slugs, nothing deleted while a
//! course or run uses it) and the audit entries are the same.
//!
//! The handlers of each kind are in its own module, thin, for their OpenAPI
//! descriptions; the work is done here once for the three.

pub mod categories;
pub mod trainers;
pub mod venues;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::etag::{check_if_match, created_at, entity_tag_of, tagged, tagged_json};
use super::paging::{id_cursor, page_response, Cursor};
use super::params::{path_id, QueryParams};
use super::problem::{InvalidInput, Problem, ProblemKind};
use super::scopes::Scope;
use super::text::{not_as_described, Text};
use crate::audit::Actor;
use crate::catalog::queries::{self, ReferenceRow};
use crate::catalog::references::service::{self, Editor, Refused};
use crate::catalog::references::ReferenceKind;
use crate::state::AppState;

/// A kind's JSON, made from its row.
pub trait Shape: Serialize + ToSchema + Sized {
    const KIND: ReferenceKind;
    /// The collection's path under `/api/v1`, such as `/categories`.
    const PATH: &'static str;
    fn of(row: ReferenceRow) -> Self;
}

/// The names of the kind's three fields in JSON, as JSON pointers.
fn pointers(kind: ReferenceKind) -> [String; 3] {
    kind.table().columns().map(|column| format!("/{column}"))
}

fn editor(caller: &TokenCaller) -> Editor {
    Editor {
        actor: Actor::user(caller.user_id, &caller.email),
        ip: caller.ip,
    }
}

/// One page of the kind, by id.
pub async fn list<S: Shape>(
    state: &AppState,
    caller: &TokenCaller,
    query: Option<&str>,
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogRead)?;
    let collection = S::PATH.trim_start_matches('/');
    let mut params = QueryParams::parse(query, &["limit", "cursor"]);
    let limit = params.limit();
    let after = id_cursor(&mut params, collection).unwrap_or(0);
    params.finish()?;
    let rows = queries::references_after(&state.db, S::KIND.table(), after, limit + 1).await?;
    Ok(page_response(
        &format!("/api/v1{}", S::PATH),
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: collection.to_owned(),
            at: None,
            id: row.id,
        },
        S::of,
    ))
}

/// One of the kind, with its `ETag`.
pub async fn get<S: Shape>(
    state: &AppState,
    caller: &TokenCaller,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, Problem> {
    let id = path_id(id)?;
    caller.require(Scope::CatalogRead)?;
    let row = queries::reference(&state.db, S::KIND.table(), id)
        .await?
        .ok_or_else(not_found::<S>)?;
    tagged_json(headers, &S::of(row))
}

/// Makes one from the three fields; 201 with its address.
pub async fn create<S: Shape>(
    state: &AppState,
    caller: &TokenCaller,
    fields: [&str; 3],
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogWrite)?;
    exactly_as_described(S::KIND, fields.map(Some))?;
    let row = service::create(state, &editor(caller), S::KIND, fields)
        .await
        .map_err(problem::<S>)?;
    let location = format!("/api/v1{}/{}", S::PATH, row.id);
    Ok(created_at(&location, &S::of(row)))
}

/// Changes the fields given (`None` keeps one), unless `If-Match` names an
/// `ETag` the resource no longer has.
pub async fn change<S: Shape>(
    state: &AppState,
    caller: &TokenCaller,
    id: &str,
    headers: &HeaderMap,
    changes: [Option<String>; 3],
) -> Result<Response, Problem> {
    let id = path_id(id)?;
    caller.require(Scope::CatalogWrite)?;
    exactly_as_described(S::KIND, [0, 1, 2].map(|index| changes[index].as_deref()))?;
    let edit = |row: &ReferenceRow| {
        unchanged_since::<S>(headers, row)?;
        let [first, second, third] = changes;
        Ok([
            first.unwrap_or_else(|| row.first.clone()),
            second.unwrap_or_else(|| row.second.clone()),
            third.unwrap_or_else(|| row.third.clone()),
        ])
    };
    let row = service::update(state, &editor(caller), S::KIND, id, edit)
        .await
        .map_err(problem::<S>)?;
    Ok(tagged(StatusCode::OK, &S::of(row)))
}

/// Deletes one nothing uses; 204.
pub async fn delete<S: Shape>(
    state: &AppState,
    caller: &TokenCaller,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, Problem> {
    let id = path_id(id)?;
    caller.require(Scope::CatalogWrite)?;
    service::delete(state, &editor(caller), S::KIND, id, |row| {
        unchanged_since::<S>(headers, row)
    })
    .await
    .map_err(problem::<S>)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Each field sent as its schema describes it (`api::text`), then by the
/// kind's own rules, before the record is read, so a bad field is a 422
/// whatever `If-Match` says.
fn exactly_as_described(kind: ReferenceKind, fields: [Option<&str>; 3]) -> Result<(), Problem> {
    let pointers = pointers(kind);
    let problems: Vec<InvalidInput> = kind
        .fields()
        .into_iter()
        .zip(fields)
        .zip(pointers)
        .enumerate()
        .filter_map(|(index, (((_, _, max, _), value), pointer))| {
            let value = value?;
            let detail = not_as_described(value, Text::Line, max)
                .or_else(|| service::checked_field(kind, index, value).err())?;
            Some(InvalidInput {
                parameter: None,
                pointer: Some(pointer),
                detail,
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid_fields(problems))
    }
}

/// `If-Match` against the row as it is inside the change's transaction.
fn unchanged_since<S: Shape>(headers: &HeaderMap, row: &ReferenceRow) -> Result<(), Refused> {
    check_if_match(headers, &entity_tag_of(&S::of(row.clone())))
        .map_err(|problem| Refused::PreconditionFailed(problem.detail))
}

fn not_found<S: Shape>() -> Problem {
    Problem::new(
        ProblemKind::NotFound,
        format!("No {} has that id.", S::KIND.as_str()),
    )
}

fn problem<S: Shape>(refused: Refused) -> Problem {
    let pointers = pointers(S::KIND);
    let at = |index: usize, detail: String| InvalidInput {
        parameter: None,
        pointer: Some(pointers[index].clone()),
        detail,
    };
    match refused {
        Refused::NotFound => not_found::<S>(),
        Refused::Invalid(problems) => Problem::invalid_fields(
            problems
                .into_iter()
                .map(|(index, message)| at(index, message))
                .collect(),
        ),
        Refused::Taken(index) => {
            let field = &pointers[index][1..];
            Problem {
                errors: vec![at(
                    index,
                    format!("Another {} has this {field}.", S::KIND.as_str()),
                )],
                ..Problem::new(
                    ProblemKind::AlreadyExists,
                    format!("Another {} already has this {field}.", S::KIND.as_str()),
                )
            }
        }
        Refused::InUse { name, count, noun } => Problem::new(
            ProblemKind::InUse,
            Refused::in_use_message(&name, count, noun),
        ),
        Refused::PreconditionFailed(detail) => {
            Problem::new(ProblemKind::PreconditionFailed, detail)
        }
        Refused::Failed(error) => Problem::from(error),
    }
}
