//! What the dashboard's overview counts. Server-only.

use crate::db::{on_pool, Database};

/// The overview's numbers, read in one statement.
#[derive(Debug, sqlx::FromRow)]
pub struct OverviewCounts {
    pub learners: i64,
    pub admins: i64,
    pub disabled: i64,
    pub emails_pending: i64,
    pub audit_entries: i64,
}

const OVERVIEW_COUNTS: &str = "
    SELECT
      (SELECT COUNT(*) FROM users WHERE role = 'learner') AS learners,
      (SELECT COUNT(*) FROM users WHERE role = 'admin') AS admins,
      (SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL) AS disabled,
      (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS emails_pending,
      (SELECT COUNT(*) FROM audit_log) AS audit_entries";

pub async fn overview_counts(db: &Database) -> sqlx::Result<OverviewCounts> {
    on_pool!(db, pool => sqlx::query_as(OVERVIEW_COUNTS).fetch_one(pool).await)
}
