//! Full-text search, one function over two engines: SQLite FTS5 (table
//! `courses_search`) and PostgreSQL tsvector (column `courses.search_vector`).
//! Both weight the title far above the summary and the rest, so title matches
//! rank first.

use crate::db::{Backend, SqlBuilder};

/// Search words already reduced to letters and digits (see
/// `CatalogFilters::search_words`), so no query syntax reaches either engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchTerms {
    words: Vec<String>,
}

impl SearchTerms {
    pub fn new(words: Vec<String>) -> Option<Self> {
        let words: Vec<String> = words
            .into_iter()
            .filter(|word| !word.is_empty() && word.chars().all(char::is_alphanumeric))
            .collect();
        (!words.is_empty()).then_some(Self { words })
    }

    /// FTS5: every word, each also matching as a prefix ("secur" finds "security").
    fn fts5_all(&self) -> String {
        self.words
            .iter()
            .map(|word| format!("\"{word}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// FTS5: any of the words (for related courses).
    fn fts5_any(&self) -> String {
        self.words
            .iter()
            .map(|word| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// tsquery text: every word, as a prefix.
    fn tsquery_all(&self) -> String {
        self.words
            .iter()
            .map(|word| format!("{word}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn tsquery_any(&self) -> String {
        self.words.join(" | ")
    }

    /// Appends a join that keeps only courses with every word and gives each a
    /// `s.search_rank`, lower is better (the catalog's relevance order).
    pub fn push_join(&self, query: &mut SqlBuilder, backend: Backend) {
        match backend {
            Backend::Sqlite => {
                query.push(
                    " JOIN (SELECT rowid AS course_id, bm25(courses_search, 50.0, 5.0, 1.0) AS search_rank \
                     FROM courses_search WHERE courses_search MATCH ",
                );
                query.bind(self.fts5_all());
                query.push(") s ON s.course_id = c.id");
            }
            Backend::Postgres => {
                let expression = self.tsquery_all();
                query.push(" JOIN (SELECT id AS course_id, ");
                push_ts_rank(query, &expression);
                query.push(
                    " AS search_rank FROM courses WHERE search_vector @@ to_tsquery('english', ",
                );
                query.bind(expression);
                query.push(")) s ON s.course_id = c.id");
            }
        }
    }

    /// Appends a join to the `candidates` best courses with any of the words
    /// (related courses), ranked as `s.search_rank`, lower is better. Ranking
    /// and cutting inside the engine is cheap however many courses share a
    /// common word such as "AWS"; drafts among the candidates are filtered out
    /// afterwards, which is why callers ask for more than they show.
    pub fn push_best_any_join(&self, query: &mut SqlBuilder, backend: Backend, candidates: i64) {
        match backend {
            Backend::Sqlite => {
                query.push(
                    " JOIN (SELECT rowid AS course_id, rank AS search_rank \
                     FROM courses_search WHERE courses_search MATCH ",
                );
                query.bind(self.fts5_any());
                query.push(" AND rank MATCH 'bm25(50.0, 5.0, 1.0)' ORDER BY rank LIMIT ");
                query.bind(candidates);
                query.push(") s ON s.course_id = c.id");
            }
            Backend::Postgres => {
                let expression = self.tsquery_any();
                query.push(" JOIN (SELECT id AS course_id, ");
                push_ts_rank(query, &expression);
                query.push(
                    " AS search_rank FROM courses WHERE search_vector @@ to_tsquery('english', ",
                );
                query.bind(expression);
                query.push(") ORDER BY search_rank, id LIMIT ");
                query.bind(candidates);
                query.push(") s ON s.course_id = c.id");
            }
        }
    }

    /// Appends a condition keeping only courses with every word, without
    /// ranking: what counting and non-relevance orders need. (As a join, SQLite
    /// would run the full-text match once per course.)
    pub fn push_filter(&self, query: &mut SqlBuilder, backend: Backend) {
        self.push_filter_on(query, backend, SearchIndex::COURSES);
    }

    /// The same condition over another table with its own index (the blog's posts).
    pub fn push_filter_on(&self, query: &mut SqlBuilder, backend: Backend, index: SearchIndex) {
        let SearchIndex {
            id,
            fts_table,
            vector,
        } = index;
        match backend {
            Backend::Sqlite => {
                query.push(&format!(
                    " AND {id} IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH "
                ));
                query.bind(self.fts5_all());
                query.push(")");
            }
            Backend::Postgres => {
                query.push(&format!(" AND {vector} @@ to_tsquery('english', "));
                query.bind(self.tsquery_all());
                query.push(")");
            }
        }
    }
}

/// Where one table's full-text index lives on each backend: an FTS5 table whose
/// rowid is the row's id on SQLite, a generated tsvector column on PostgreSQL.
/// Names are constants of the code, never input.
#[derive(Clone, Copy, Debug)]
pub struct SearchIndex {
    /// The row's id as the query names it (`c.id`).
    pub id: &'static str,
    pub fts_table: &'static str,
    pub vector: &'static str,
}

impl SearchIndex {
    pub const COURSES: Self = Self {
        id: "c.id",
        fts_table: "courses_search",
        vector: "c.search_vector",
    };
    pub const POSTS: Self = Self {
        id: "p.id",
        fts_table: "posts_search",
        vector: "p.search_vector",
    };
}

/// Negated, so that lower is better as with SQLite's bm25. ts_rank's weights
/// are {D, C, B, A}: the title (A) counts most.
fn push_ts_rank(query: &mut SqlBuilder, expression: &str) {
    query.push("-ts_rank('{0.02, 0.05, 0.2, 1.0}', search_vector, to_tsquery('english', ");
    query.bind(expression.to_owned());
    query.push("))");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> SearchTerms {
        SearchTerms::new(words.iter().map(|w| w.to_string()).collect()).unwrap()
    }

    #[test]
    fn words_become_prefix_matches_that_must_all_be_present() {
        let terms = terms(&["aws", "secur"]);
        assert_eq!(terms.fts5_all(), r#""aws"* "secur"*"#);
        assert_eq!(terms.tsquery_all(), "aws:* & secur:*");
        assert_eq!(terms.fts5_any(), r#""aws" OR "secur""#);
    }

    #[test]
    fn no_usable_words_means_no_search() {
        assert_eq!(SearchTerms::new(vec![]), None);
        assert_eq!(SearchTerms::new(vec!["a\"b".into()]), None);
    }
}
