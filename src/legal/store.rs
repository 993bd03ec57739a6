//! The `consent_choices` table: how many visitors chose each answer on each
//! day. Only the day and the answer are kept, never who chose it.

use chrono::{DateTime, NaiveDate, Utc};

use super::consent::ConsentChoice;
use crate::db::{on_pool, Database};

/// Counts one choice made at `now`, on its day (UTC).
pub async fn count_choice(
    db: &Database,
    choice: ConsentChoice,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        INSERT INTO consent_choices (day, choice, count, created_at, updated_at)
        VALUES ($1, $2, 1, $3, $3)
        ON CONFLICT (day, choice)
        DO UPDATE SET count = consent_choices.count + 1, updated_at = excluded.updated_at";
    on_pool!(db, pool => {
        sqlx::query(SQL)
            .bind(now.date_naive())
            .bind(choice.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// The choices made since `since` (inclusive), by answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ChoiceTotals {
    pub accepted_all: i64,
    pub only_necessary: i64,
}

pub async fn totals_since(db: &Database, since: NaiveDate) -> sqlx::Result<ChoiceTotals> {
    const SQL: &str = "
        SELECT
          CAST(COALESCE(SUM(CASE WHEN choice = 'all' THEN count END), 0) AS BIGINT) AS accepted_all,
          CAST(COALESCE(SUM(CASE WHEN choice = 'necessary' THEN count END), 0) AS BIGINT) AS only_necessary
        FROM consent_choices
        WHERE day >= $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(since).fetch_one(pool).await)
}
