//! Integration tests: the real application on a real database, over HTTP.
//!
//! The database backend comes from `KURSO_TEST_DATABASE` (`sqlite`, the default,
//! or `postgres`); `scripts/test` runs this binary once for each.

mod accounts;
mod api_catalog_admin;
mod api_client;
mod api_course_writes;
mod api_enquiries;
mod api_enrollments;
mod api_tokens;
mod assets;
mod blog;
mod blog_admin;
mod catalog;
mod catalog_admin;
mod cli;
mod consent;
mod enquiries;
mod enquiry_inbox;
mod enrollment;
mod enrollment_changes;
mod errors;
mod hardening_accounts;
mod hardening_enrollment;
mod hardening_http;
mod health;
mod helpers;
mod home;
mod hostile_input;
mod jobs;
mod json_api;
mod middleware;
mod migrations;
mod pages;
mod privacy;
mod roster;
mod seo;
mod shutdown;
mod webhooks;
