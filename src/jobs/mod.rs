//! Background jobs in the database: durable, retried with growing waits, run
//! exactly once however many workers share the queue, and visible to admins.

pub mod listing;
pub mod queue;
mod status;
pub mod worker;

pub use queue::{enqueue, ClaimedJob, NewJob};
pub use status::JobStatus;
pub use worker::{Handlers, Outcome, Worker};
