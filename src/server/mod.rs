//! The server side of Kurso: start-up, HTTP middleware, health checks, static
//! assets and the command line. Feature code lives in the feature modules; this
//! module only wires them together.

pub mod assets;
pub mod cli;
pub mod clock;
mod health;
mod middleware;
pub mod plain_page;
pub mod security;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use clock::Clock;
pub use settings::Settings;
pub use startup::Application;
pub use state::AppState;
