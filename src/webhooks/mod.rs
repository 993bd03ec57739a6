//! Webhooks: Kurso tells other systems what happened (a learner enrolled, a
//! run was cancelled) by POSTing a signed JSON message to the addresses
//! admins register on `/admin/webhooks`.
//!
//! - **Outbox.** A change writes its messages in its own transaction
//!   ([`outbox::record`]): one delivery row per subscribed endpoint and a job
//!   to send it. A rolled-back change sends nothing; a crash after the commit
//!   loses nothing, because the job is in the database.
//! - **Signing** follows Standard Webhooks ([`signing`]): `webhook-id`,
//!   `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
//!   id.timestamp.body>`, signed by both secrets while one is being rotated.
//! - **Sending** ([`delivery`]) has a timeout, follows no redirect, refuses
//!   private and loopback addresses unless a setting allows them
//!   ([`address`]), and retries on a schedule that spans three days. An
//!   endpoint whose message failed the whole schedule is disabled and the
//!   admins are emailed.

pub mod events;
pub use events::Event;

#[cfg(feature = "ssr")]
pub mod address;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod signing;
#[cfg(feature = "ssr")]
pub mod store;
