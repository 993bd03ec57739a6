//! The JSON API for integrators, under `/api/v1`: plain axum handlers beside
//! the Leptos app, reading through the same queries as the pages (so a filter
//! means the same in both), with an OpenAPI 3.1 document generated from the
//! handlers and a reference page at `/api/docs`.
//!
//! Today it serves the public reads (courses, runs, posts) and, with a token
//! an admin makes at `/admin/api-tokens`, `GET /me`, `/me/enrollments`,
//! `/users`, `/audit-log`, the enrollment routes (roster, enroll, cancel,
//! transfer, attendance) with `Idempotency-Key` on every POST, and the
//! enquiry inbox (list, read, status and assignee), and categories, venues
//! and trainers, courses and runs (create, change, delete). Webhooks are
//! sent by `crate::webhooks`. Posts are written only through the dashboard
//! so far.

mod account_tokens;
mod model;
mod pages;
mod scopes;
mod server_fns;
mod token_form;

#[cfg(feature = "ssr")]
mod auth;
#[cfg(feature = "ssr")]
mod body;
#[cfg(feature = "ssr")]
mod catalog_writes;
#[cfg(feature = "ssr")]
mod courses;
#[cfg(feature = "ssr")]
mod enquiries;
#[cfg(feature = "ssr")]
mod enrollments;
#[cfg(feature = "ssr")]
mod etag;
#[cfg(feature = "ssr")]
pub mod idempotency;
#[cfg(feature = "ssr")]
mod me;
#[cfg(feature = "ssr")]
mod networks;
#[cfg(feature = "ssr")]
mod paging;
#[cfg(feature = "ssr")]
mod params;
#[cfg(feature = "ssr")]
mod people;
#[cfg(feature = "ssr")]
mod posts;
#[cfg(feature = "ssr")]
pub mod problem;
#[cfg(feature = "ssr")]
mod reference;
#[cfg(feature = "ssr")]
mod references;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
mod runs;
#[cfg(feature = "ssr")]
mod text;
#[cfg(feature = "ssr")]
mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

pub use account_tokens::MyApiTokensPage;
pub use model::{
    ApiOperation, ApiParameter, ApiProblemType, ApiReference, ApiResponse, ApiTokenItem,
    ApiTokenListing, ApiTokenState,
};
pub use pages::ApiDocsPage;
pub use scopes::Scope;
pub use server_fns::{
    list_api_tokens, list_my_api_tokens, load_api_reference, CreateApiToken, CreateMyApiToken,
    RevokeApiToken, RevokeMyApiToken, PERSONAL_SCOPES, TOKEN_LIFETIMES,
};
pub use token_form::{LifetimeChoice, NewSecret, ScopeChoices};
