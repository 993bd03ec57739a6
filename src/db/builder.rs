//! A small builder for queries whose shape depends on the request (the catalog's
//! optional filters and sort orders). SQL text is assembled only from fixed
//! fragments; every value goes through a numbered placeholder, and the values are
//! bound per backend when the query runs.

use chrono::{DateTime, Utc};

use super::Database;

#[derive(Clone, Debug)]
pub enum Param {
    Text(String),
    Int(i64),
    /// An integer column that may be NULL (a run's venue, say).
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
    Time(DateTime<Utc>),
    Bool(bool),
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<Option<i64>> for Param {
    fn from(value: Option<i64>) -> Self {
        Self::MaybeInt(value)
    }
}

impl From<Option<String>> for Param {
    fn from(value: Option<String>) -> Self {
        Self::MaybeText(value)
    }
}

impl From<DateTime<Utc>> for Param {
    fn from(value: DateTime<Utc>) -> Self {
        Self::Time(value)
    }
}

impl From<bool> for Param {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

/// Binds every parameter, in order, to a query of either backend.
macro_rules! bind_all {
    ($query:ident, $params:expr) => {
        for param in &$params {
            $query = match param.clone() {
                Param::Text(value) => $query.bind(value),
                Param::Int(value) => $query.bind(value),
                Param::MaybeInt(value) => $query.bind(value),
                Param::MaybeText(value) => $query.bind(value),
                Param::Time(value) => $query.bind(value),
                Param::Bool(value) => $query.bind(value),
            };
        }
    };
}

#[derive(Clone, Debug, Default)]
pub struct SqlBuilder {
    sql: String,
    params: Vec<Param>,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> Self {
        Self {
            sql: sql.to_owned(),
            params: Vec::new(),
        }
    }

    /// Appends fixed SQL text (never a value).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder (`$3`) for `param`: a string, an integer, a time,
    /// a flag, or an optional integer or string (NULL when `None`).
    pub fn bind(&mut self, param: impl Into<Param>) -> &mut Self {
        self.params.push(param.into());
        self.sql.push_str(&format!("${}", self.params.len()));
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Runs the query and reads every row as `T`.
    pub async fn fetch_all<T>(&self, db: &Database) -> sqlx::Result<Vec<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        match db {
            Database::Sqlite(pool) => {
                let mut query = sqlx::query_as::<_, T>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_all(pool).await
            }
            Database::Postgres(pool) => {
                let mut query = sqlx::query_as::<_, T>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_all(pool).await
            }
        }
    }
}

impl SqlBuilder {
    /// Runs an `INSERT … RETURNING id` inside `tx` and gives the new row's id.
    pub async fn fetch_id_in(&self, tx: &mut super::Transaction) -> sqlx::Result<i64> {
        let (id,): (i64,) = match tx {
            super::Transaction::Sqlite(transaction, _) => {
                let mut query = sqlx::query_as::<_, (i64,)>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_one(&mut **transaction).await?
            }
            super::Transaction::Postgres(transaction) => {
                let mut query = sqlx::query_as::<_, (i64,)>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_one(&mut **transaction).await?
            }
        };
        Ok(id)
    }

    /// Runs the query inside `tx` and reads every row as `T`.
    pub async fn fetch_all_in<T>(&self, tx: &mut super::Transaction) -> sqlx::Result<Vec<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        match tx {
            super::Transaction::Sqlite(transaction, _) => {
                let mut query = sqlx::query_as::<_, T>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_all(&mut **transaction).await
            }
            super::Transaction::Postgres(transaction) => {
                let mut query = sqlx::query_as::<_, T>(&self.sql);
                bind_all!(query, self.params);
                query.fetch_all(&mut **transaction).await
            }
        }
    }

    /// Like [`Self::fetch_all_in`], for at most one row.
    pub async fn fetch_optional_in<T>(&self, tx: &mut super::Transaction) -> sqlx::Result<Option<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        Ok(self.fetch_all_in(tx).await?.into_iter().next())
    }

    /// Runs the statement inside `tx`, returning the rows it changed.
    pub async fn execute_in(&self, tx: &mut super::Transaction) -> sqlx::Result<u64> {
        match tx {
            super::Transaction::Sqlite(transaction, _) => {
                let mut query = sqlx::query(&self.sql);
                bind_all!(query, self.params);
                Ok(query.execute(&mut **transaction).await?.rows_affected())
            }
            super::Transaction::Postgres(transaction) => {
                let mut query = sqlx::query(&self.sql);
                bind_all!(query, self.params);
                Ok(query.execute(&mut **transaction).await?.rows_affected())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_numbered_placeholders_in_order() {
        let mut query = SqlBuilder::new("SELECT id FROM courses WHERE TRUE");
        query
            .push(" AND code = ")
            .bind(Param::Text("AWS-SEC".into()));
        query.push(" AND price_centavos <= ").bind(Param::Int(100));

        assert_eq!(
            query.sql(),
            "SELECT id FROM courses WHERE TRUE AND code = $1 AND price_centavos <= $2"
        );
    }
}
