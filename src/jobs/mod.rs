//! Background jobs in the database: durable, retried with growing waits, run
//! exactly once however many workers share the queue, and visible to admins.

pub mod listing;
pub mod queue;
pub mod worker;

pub use queue::{enqueue, ClaimedJob, NewJob};
pub use worker::{Handlers, Outcome, Worker};
