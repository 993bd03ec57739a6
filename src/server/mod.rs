//! The server side of Kurso: start-up, HTTP middleware, health checks, static
//! assets and the command line. Feature code lives in the feature modules; this
//! module only wires them together.

pub mod assets;
pub mod cli;
pub mod data_keys;
mod health;
mod middleware;
mod page_cache;
pub mod security;
pub mod startup;
pub mod telemetry;

pub use startup::Application;
