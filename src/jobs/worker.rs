//! Runs due jobs: claims a batch, hands each to the handler for its kind, and
//! records the outcome. Any number of workers, in any number of processes, may
//! run over the same table.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::queue::{self, ClaimedJob};
use crate::clock::Clock;
use crate::db::Database;

/// What a handler returns: done, or an error kept on the job for admins.
pub type Outcome = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Handler = Arc<dyn Fn(ClaimedJob) -> Outcome + Send + Sync>;

/// The handler for each kind of job.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Handler>);

impl Handlers {
    pub fn on(
        mut self,
        kind: &'static str,
        handler: impl Fn(ClaimedJob) -> Outcome + Send + Sync + 'static,
    ) -> Self {
        self.0.insert(kind, Arc::new(handler));
        self
    }
}

/// How long a worker may hold a job before others may take it over, unless
/// its heartbeat renews the lease (every third of it, while the job runs).
const LEASE: Duration = Duration::from_secs(300);
const BATCH: i64 = 20;
/// How often an idle worker looks for due jobs.
const POLL: Duration = Duration::from_secs(5);
/// Done jobs stay visible on the admin page this long.
const KEEP_DONE: chrono::Duration = chrono::Duration::days(30);
const PURGE_EVERY: Duration = Duration::from_secs(3600);

#[derive(Clone)]
pub struct Worker {
    db: Database,
    clock: Clock,
    handlers: Handlers,
    lease: Duration,
}

impl Worker {
    pub fn new(db: Database, clock: Clock, handlers: Handlers) -> Self {
        Self {
            db,
            clock,
            handlers,
            lease: LEASE,
        }
    }

    /// A shorter lease, for tests of takeover and heartbeat.
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// Runs one batch of due jobs; returns how many it ran.
    pub async fn run_due(&self) -> sqlx::Result<usize> {
        let jobs = queue::claim(&self.db, self.clock.now(), self.lease, BATCH).await?;
        for job in &jobs {
            let outcome = self.run_one(job).await;
            let now = self.clock.now();
            match outcome {
                Ok(()) => queue::finish(&self.db, job, now).await?,
                Err(error) => {
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "job failed");
                    queue::fail(&self.db, job, &error, now).await?;
                }
            }
        }
        Ok(jobs.len())
    }

    /// Runs one job's handler while a heartbeat keeps its lease.
    async fn run_one(&self, job: &ClaimedJob) -> Result<(), String> {
        let Some(handler) = self.handlers.0.get(job.kind.as_str()) else {
            return Err(format!("no handler for jobs of kind {:?}", job.kind));
        };
        let heartbeat = async {
            let mut beat = tokio::time::interval(self.lease / 3);
            beat.tick().await; // the first tick is immediate
            loop {
                beat.tick().await;
                match queue::renew_lease(&self.db, job, self.clock.now(), self.lease).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job = job.id, "lost the lease of a running job"),
                    Err(error) => {
                        tracing::warn!(job = job.id, %error, "cannot renew a job's lease")
                    }
                }
            }
        };
        tokio::select! {
            outcome = handler(job.clone()) => outcome,
            () = heartbeat => unreachable!("the heartbeat loops until the job ends"),
        }
    }

    /// Runs batches until no job is due.
    pub async fn drain(&self) -> sqlx::Result<usize> {
        let mut total = 0;
        loop {
            match self.run_due().await? {
                0 => return Ok(total),
                ran => total += ran,
            }
        }
    }

    /// Runs jobs until the process ends, looking for due ones every few
    /// seconds (jobs are scheduled ahead, so nothing waits on a wake-up).
    pub async fn run(self) {
        let mut last_purge = None;
        loop {
            if let Err(error) = self.drain().await {
                tracing::warn!(%error, "cannot run jobs");
            }
            if last_purge.is_none_or(|at: std::time::Instant| at.elapsed() >= PURGE_EVERY) {
                last_purge = Some(std::time::Instant::now());
                let done_before = self.clock.now() - KEEP_DONE;
                match queue::purge_done(&self.db, done_before).await {
                    Ok(0) => {}
                    Ok(purged) => tracing::debug!(purged, "old done jobs deleted"),
                    Err(error) => tracing::warn!(%error, "cannot delete old done jobs"),
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }
}
