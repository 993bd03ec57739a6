//! One course: its page, and the courses related to it.

use chrono::{DateTime, Utc};

use super::SearchTerms;
use crate::db::{on_pool, on_tx, Database, SqlBuilder, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub outline: String,
    pub prerequisites: String,
    pub duration_hours: i64,
    pub level: String,
    pub price_centavos: i64,
    pub currency: String,
    pub certification_name: String,
    pub certification_vendor: String,
    pub is_published: bool,
    pub is_featured: bool,
    pub category_id: Option<i64>,
    pub category_slug: Option<String>,
    pub category_name: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const COURSE_COLUMNS: &str = "
    SELECT c.id, c.slug, c.code, c.title, c.summary, c.description, c.outline, c.prerequisites,
           c.duration_hours, c.level, c.price_centavos, c.currency, c.certification_name,
           c.certification_vendor, c.is_published, c.is_featured, c.category_id,
           cat.slug AS category_slug, cat.name AS category_name, c.updated_at
    FROM courses c
    LEFT JOIN categories cat ON cat.id = c.category_id";

/// A published course by its slug; drafts are invisible to visitors.
pub async fn published_course(db: &Database, slug: &str) -> sqlx::Result<Option<CourseRow>> {
    let sql = format!("{COURSE_COLUMNS} WHERE c.slug = $1 AND c.is_published = TRUE");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)
}

/// A course by id, draft or not (admin use).
pub async fn course_by_id(db: &Database, id: i64) -> sqlx::Result<Option<CourseRow>> {
    let sql = format!("{COURSE_COLUMNS} WHERE c.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// A course by id inside `tx`, its row locked until the transaction ends on
/// PostgreSQL (SQLite's write transactions hold the whole database already),
/// so that a change decided from it (`If-Match`) still holds when it writes.
pub async fn course_by_id_in(tx: &mut Transaction, id: i64) -> sqlx::Result<Option<CourseRow>> {
    let lock = match tx {
        Transaction::Postgres(_) => " FOR UPDATE OF c",
        Transaction::Sqlite(..) => "",
    };
    let sql = format!("{COURSE_COLUMNS} WHERE c.id = $1{lock}");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

/// A course by slug, draft or not (admin use).
pub async fn course_by_slug(db: &Database, slug: &str) -> sqlx::Result<Option<CourseRow>> {
    let sql = format!("{COURSE_COLUMNS} WHERE c.slug = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)
}

/// Best word matches considered for "related trainings", drafts included.
const RELATED_CANDIDATES: i64 = 40;

/// A course as a card shows it (home, related trainings).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CourseCardRow {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub price_centavos: i64,
    pub currency: String,
    pub category_id: Option<i64>,
}

/// Courses sharing words of `course`'s title (best match first) or its category:
/// those with both first, then word matches, then the rest of the category.
pub async fn related_courses(
    db: &Database,
    course: &CourseRow,
    limit: usize,
) -> sqlx::Result<Vec<CourseCardRow>> {
    const COLUMNS: &str = "SELECT c.id, c.slug, c.code, c.title, c.summary, c.price_centavos, \
                           c.currency, c.category_id FROM courses c";
    let words = significant_words(&course.title);
    let by_words = match SearchTerms::new(words) {
        Some(terms) => {
            let mut query = SqlBuilder::new(COLUMNS);
            terms.push_best_any_join(&mut query, db.backend(), RELATED_CANDIDATES);
            query
                .push(" WHERE c.is_published = TRUE AND c.id <> ")
                .bind(course.id);
            query.push(" ORDER BY s.search_rank, c.id LIMIT 12");
            query.fetch_all::<CourseCardRow>(db).await?
        }
        None => Vec::new(),
    };
    let by_category = match course.category_id {
        Some(category_id) => {
            let mut query = SqlBuilder::new(COLUMNS);
            query
                .push(" WHERE c.is_published = TRUE AND c.category_id = ")
                .bind(category_id);
            query.push(" AND c.id <> ").bind(course.id);
            query.push(" ORDER BY c.is_featured DESC, c.title, c.id LIMIT 12");
            query.fetch_all::<CourseCardRow>(db).await?
        }
        None => Vec::new(),
    };
    Ok(rank_related(
        course.category_id,
        by_words,
        by_category,
        limit,
    ))
}

/// Courses on the given topics (a blog post's tags, most important first):
/// each topic that names a category gives its courses, those whose text
/// matches the topics' words best first, and the topics take turns, so every
/// one of them is represented. Word matches elsewhere in the catalog follow.
pub async fn courses_on_topics(
    db: &Database,
    topics: &[String],
    limit: usize,
) -> sqlx::Result<Vec<CourseCardRow>> {
    const COLUMNS: &str = "SELECT c.id, c.slug, c.code, c.title, c.summary, c.price_centavos, \
                           c.currency, c.category_id FROM courses c";
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    let mut categories = SqlBuilder::new("SELECT id, slug FROM categories WHERE slug IN (");
    let mut by_category = SqlBuilder::new(COLUMNS);
    by_category.push(" JOIN categories cat ON cat.id = c.category_id WHERE c.is_published = TRUE AND cat.slug IN (");
    for (index, topic) in topics.iter().enumerate() {
        if index > 0 {
            categories.push(", ");
            by_category.push(", ");
        }
        categories.bind(topic.clone());
        by_category.bind(topic.clone());
    }
    categories.push(")");
    by_category.push(") ORDER BY c.is_featured DESC, c.next_run_at, c.title, c.id LIMIT 60");
    let named: Vec<(i64, String)> = categories.fetch_all(db).await?;
    let topic_categories: Vec<i64> = topics
        .iter()
        .filter_map(|topic| {
            named
                .iter()
                .find(|(_, slug)| slug == topic)
                .map(|(id, _)| *id)
        })
        .collect();
    let by_category = by_category.fetch_all::<CourseCardRow>(db).await?;

    let words: Vec<String> = topics
        .iter()
        .flat_map(|topic| topic.split('-'))
        .filter(|word| word.chars().count() >= 3)
        .map(str::to_owned)
        .collect();
    let by_words = match SearchTerms::new(words) {
        Some(terms) => {
            let mut query = SqlBuilder::new(COLUMNS);
            terms.push_best_any_join(&mut query, db.backend(), RELATED_CANDIDATES);
            query.push(" WHERE c.is_published = TRUE ORDER BY s.search_rank, c.id LIMIT 30");
            query.fetch_all::<CourseCardRow>(db).await?
        }
        None => Vec::new(),
    };
    Ok(rank_on_topics(
        &topic_categories,
        by_words,
        by_category,
        limit,
    ))
}

/// One course from each topic's category in turn (its best word match first),
/// then the word matches outside those categories.
fn rank_on_topics(
    topic_categories: &[i64],
    by_words: Vec<CourseCardRow>,
    by_category: Vec<CourseCardRow>,
    limit: usize,
) -> Vec<CourseCardRow> {
    let mut queues: Vec<std::collections::VecDeque<&CourseCardRow>> = topic_categories
        .iter()
        .map(|category| {
            by_words
                .iter()
                .chain(&by_category)
                .filter(|row| row.category_id == Some(*category))
                .collect()
        })
        .collect();
    let mut in_turn = Vec::new();
    while queues.iter().any(|queue| !queue.is_empty()) {
        for queue in &mut queues {
            in_turn.extend(queue.pop_front());
        }
    }
    let elsewhere = by_words.iter().filter(|row| {
        !row.category_id
            .is_some_and(|id| topic_categories.contains(&id))
    });
    let mut ranked: Vec<CourseCardRow> = Vec::new();
    for row in in_turn.into_iter().chain(elsewhere) {
        if ranked.len() == limit {
            break;
        }
        if !ranked.iter().any(|seen| seen.id == row.id) {
            ranked.push(row.clone());
        }
    }
    ranked
}

fn rank_related(
    category_id: Option<i64>,
    by_words: Vec<CourseCardRow>,
    by_category: Vec<CourseCardRow>,
    limit: usize,
) -> Vec<CourseCardRow> {
    let same_category =
        |row: &CourseCardRow| category_id.is_some() && row.category_id == category_id;
    let (both, words_only): (Vec<_>, Vec<_>) = by_words.into_iter().partition(same_category);
    let mut ranked: Vec<CourseCardRow> = Vec::new();
    for row in both.into_iter().chain(words_only).chain(by_category) {
        if ranked.len() == limit {
            break;
        }
        if !ranked.iter().any(|seen| seen.id == row.id) {
            ranked.push(row);
        }
    }
    ranked
}

/// The words of a title worth matching on: no short words, no filler.
fn significant_words(title: &str) -> Vec<String> {
    const FILLER: [&str; 12] = [
        "and",
        "the",
        "for",
        "with",
        "from",
        "into",
        "your",
        "course",
        "training",
        "introduction",
        "fundamentals",
        "essentials",
    ];
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 3 && !FILLER.contains(&word.as_str()))
        .take(6)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, category_id: Option<i64>) -> CourseCardRow {
        CourseCardRow {
            id,
            slug: format!("c{id}"),
            code: String::new(),
            title: String::new(),
            summary: String::new(),
            price_centavos: 0,
            currency: "PHP".into(),
            category_id,
        }
    }

    #[test]
    fn related_courses_in_the_same_category_with_shared_words_come_first() {
        let by_words = vec![row(1, Some(9)), row(2, Some(3)), row(3, Some(9))];
        let by_category = vec![row(3, Some(3)), row(4, Some(3))];

        let ranked = rank_related(Some(3), by_words, by_category, 3);

        assert_eq!(ranked.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 1, 3]);
    }

    #[test]
    fn courses_on_topics_take_each_topic_category_in_turn_best_word_match_first() {
        let by_words = vec![row(7, Some(5)), row(2, Some(1))];
        let by_category = vec![
            row(4, Some(2)),
            row(1, Some(1)),
            row(2, Some(1)),
            row(3, Some(1)),
        ];

        let ranked = rank_on_topics(&[1, 2], by_words, by_category, 5);

        assert_eq!(
            ranked.iter().map(|r| r.id).collect::<Vec<_>>(),
            [2, 4, 1, 3, 7]
        );
    }

    #[test]
    fn filler_words_do_not_make_courses_related() {
        assert_eq!(
            significant_words("Introduction to AWS Security and Compliance"),
            ["aws", "security", "compliance"]
        );
    }
}
