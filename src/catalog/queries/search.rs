//! Full-text search, one function over two engines: SQLite FTS5 (table
//! `courses_search`) and PostgreSQL tsvector (column `courses.search_vector`).
//! Both weight the title far above the summary and the rest, so title matches
//! rank first.

use crate::db::{Backend, Param, SqlBuilder};

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

    /// Appends a join that keeps only matching courses and gives each a
    /// `s.search_rank`, lower is better. `every_word` asks for all the words;
    /// otherwise any of them will do.
    pub fn push_join(&self, query: &mut SqlBuilder, backend: Backend, every_word: bool) {
        match backend {
            Backend::Sqlite => {
                let expression = if every_word {
                    self.fts5_all()
                } else {
                    self.fts5_any()
                };
                query.push(
                    " JOIN (SELECT rowid AS course_id, bm25(courses_search, 50.0, 5.0, 1.0) AS search_rank \
                     FROM courses_search WHERE courses_search MATCH ",
                );
                query.bind(Param::Text(expression));
                query.push(") s ON s.course_id = c.id");
            }
            Backend::Postgres => {
                let expression = if every_word {
                    self.tsquery_all()
                } else {
                    self.tsquery_any()
                };
                // ts_rank's weights are {D, C, B, A}: the title (A) counts most.
                query.push(
                    " JOIN (SELECT id AS course_id, \
                     -ts_rank('{0.02, 0.05, 0.2, 1.0}', search_vector, to_tsquery('english', ",
                );
                query.bind(Param::Text(expression.clone()));
                query.push(
                    ")) AS search_rank FROM courses WHERE search_vector @@ to_tsquery('english', ",
                );
                query.bind(Param::Text(expression));
                query.push(")) s ON s.course_id = c.id");
            }
        }
    }

    /// Appends a condition keeping only courses with every word, without
    /// ranking: what counting and non-relevance orders need. (As a join, SQLite
    /// would run the full-text match once per course.)
    pub fn push_filter(&self, query: &mut SqlBuilder, backend: Backend) {
        match backend {
            Backend::Sqlite => {
                query.push(
                    " AND c.id IN (SELECT rowid FROM courses_search WHERE courses_search MATCH ",
                );
                query.bind(Param::Text(self.fts5_all()));
                query.push(")");
            }
            Backend::Postgres => {
                query.push(" AND c.search_vector @@ to_tsquery('english', ");
                query.bind(Param::Text(self.tsquery_all()));
                query.push(")");
            }
        }
    }
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
