//! The JSON API for integrators, under `/api/v1`: plain axum handlers beside
//! the Leptos app, reading through the same queries as the pages (so a filter
//! means the same in both), with an OpenAPI 3.1 document generated from the
//! handlers and a reference page at `/api/docs`.
//!
//! Today it serves the public reads (courses, runs, posts). Tokens, writes,
//! idempotency and webhooks are the rest of issue 16.

mod model;
mod pages;
mod server_fns;

#[cfg(feature = "ssr")]
mod courses;
#[cfg(feature = "ssr")]
mod etag;
#[cfg(feature = "ssr")]
mod paging;
#[cfg(feature = "ssr")]
mod params;
#[cfg(feature = "ssr")]
mod posts;
#[cfg(feature = "ssr")]
pub mod problem;
#[cfg(feature = "ssr")]
mod reference;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
mod runs;

pub use model::{ApiOperation, ApiParameter, ApiProblemType, ApiReference, ApiResponse};
pub use pages::ApiDocsPage;
pub use server_fns::load_api_reference;
