//! Legal: the cookie policy, and the visitor's cookie choice (the consent
//! banner on a first visit, the choice kept in a cookie of its own, and counts
//! of the choices made, tied to nobody, for the dashboard).

mod banner;
pub mod consent;
mod cookie_policy;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod store;

pub use banner::ConsentBanner;
pub use cookie_policy::CookiePolicyPage;
