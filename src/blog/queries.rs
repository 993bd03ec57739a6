//! The blog's reads. A post is shown when it is not a draft and its publish
//! time has come; every read here asks that with the clock's `now`, which is
//! how a scheduled post appears by itself.

use chrono::{DateTime, Utc};

use crate::catalog::queries::{SearchIndex, SearchTerms};
use crate::db::{on_pool, Database, SqlBuilder};

/// The condition for a shown post, to be followed by the bound `now`.
const SHOWN: &str = "p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= ";

const CARD_COLUMNS: &str = "SELECT p.id, p.slug, p.title, p.summary, p.published_at, \
     p.updated_at, p.reading_minutes, COALESCE(t.name, u.name, '') AS author \
     FROM posts p \
     LEFT JOIN trainers t ON t.id = p.author_trainer_id \
     LEFT JOIN users u ON u.id = p.author_user_id";

#[derive(Debug, sqlx::FromRow)]
pub struct PostCardRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub reading_minutes: i64,
    pub author: String,
}

/// A post as its card has it, and what only its own page shows.
#[derive(Debug, sqlx::FromRow)]
pub struct ArticleRow {
    #[sqlx(flatten)]
    pub card: PostCardRow,
    pub author_credentials: String,
    pub body_html: String,
    pub cover_url: String,
    pub cover_alt: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct TagRow {
    pub post_id: i64,
    pub tag: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct TagCountRow {
    pub tag: String,
    pub posts: i64,
}

#[derive(Debug, sqlx::FromRow)]
struct Count {
    total: i64,
}

/// What a list of posts asks for.
#[derive(Debug, Default)]
pub struct PostSearch {
    pub tag: Option<String>,
    pub search: Option<SearchTerms>,
    pub limit: i64,
    pub offset: i64,
    /// Only posts changed at or after this time (the API's `updated_since`).
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of shown posts, newest first, and how many match in all.
pub async fn shown_posts(
    db: &Database,
    now: DateTime<Utc>,
    search: &PostSearch,
) -> sqlx::Result<(Vec<PostCardRow>, i64)> {
    let mut page = SqlBuilder::new(CARD_COLUMNS);
    push_where(&mut page, db, now, search);
    page.push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ")
        .bind(search.limit);
    page.push(" OFFSET ").bind(search.offset);

    let mut count = SqlBuilder::new("SELECT COUNT(*) AS total FROM posts p");
    push_where(&mut count, db, now, search);

    let (rows, counts) = tokio::try_join!(
        page.fetch_all::<PostCardRow>(db),
        count.fetch_all::<Count>(db)
    )?;
    Ok((rows, counts.first().map_or(0, |c| c.total)))
}

/// Shown posts after `after` (a publish time and an id) in newest-first
/// order, `search.limit` of them (the API's cursor; the offset is not used).
pub async fn shown_posts_after(
    db: &Database,
    now: DateTime<Utc>,
    search: &PostSearch,
    after: Option<(DateTime<Utc>, i64)>,
) -> sqlx::Result<Vec<PostCardRow>> {
    let mut page = SqlBuilder::new(CARD_COLUMNS);
    push_where(&mut page, db, now, search);
    if let Some((published_at, id)) = after {
        page.push(" AND (p.published_at < ").bind(published_at);
        page.push(" OR (p.published_at = ").bind(published_at);
        page.push(" AND p.id < ").bind(id).push("))");
    }
    page.push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ")
        .bind(search.limit);
    page.fetch_all(db).await
}

fn push_where(query: &mut SqlBuilder, db: &Database, now: DateTime<Utc>, search: &PostSearch) {
    query.push(" WHERE ").push(SHOWN).bind(now);
    if let Some(tag) = &search.tag {
        query
            .push(" AND p.id IN (SELECT post_id FROM post_tags WHERE tag = ")
            .bind(tag.clone())
            .push(")");
    }
    if let Some(terms) = &search.search {
        terms.push_filter_on(query, db.backend(), SearchIndex::POSTS);
    }
    if let Some(since) = search.updated_since {
        query.push(" AND p.updated_at >= ").bind(since);
    }
}

/// The newest shown posts, leaving out `except` (the article being read).
pub async fn latest_posts(
    db: &Database,
    now: DateTime<Utc>,
    limit: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<PostCardRow>> {
    let mut query = SqlBuilder::new(CARD_COLUMNS);
    query.push(" WHERE ").push(SHOWN).bind(now);
    query.push(" AND p.id <> ").bind(except.unwrap_or(0));
    query
        .push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ")
        .bind(limit);
    query.fetch_all(db).await
}

/// The tags of the given posts, alphabetically.
pub async fn tags_of(db: &Database, post_ids: &[i64]) -> sqlx::Result<Vec<TagRow>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = SqlBuilder::new("SELECT post_id, tag FROM post_tags WHERE post_id IN (");
    for (index, id) in post_ids.iter().enumerate() {
        if index > 0 {
            query.push(", ");
        }
        query.bind(*id);
    }
    query.push(") ORDER BY post_id, tag");
    query.fetch_all(db).await
}

/// Every tag of a shown post, most used first.
pub async fn tag_counts(db: &Database, now: DateTime<Utc>) -> sqlx::Result<Vec<TagCountRow>> {
    const SQL: &str = "
        SELECT pt.tag, COUNT(*) AS posts
        FROM post_tags pt JOIN posts p ON p.id = pt.post_id
        WHERE p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $1
        GROUP BY pt.tag
        ORDER BY COUNT(*) DESC, pt.tag";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(now).fetch_all(pool).await)
}

/// A shown post by its address.
pub async fn shown_article(
    db: &Database,
    slug: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<ArticleRow>> {
    const SQL: &str = "
        SELECT p.id, p.slug, p.title, p.summary, p.published_at, p.updated_at,
               p.reading_minutes, COALESCE(t.name, u.name, '') AS author,
               COALESCE(t.credentials, '') AS author_credentials,
               p.body_html, p.cover_url, p.cover_alt
        FROM posts p
        LEFT JOIN trainers t ON t.id = p.author_trainer_id
        LEFT JOIN users u ON u.id = p.author_user_id
        WHERE p.slug = $1
          AND p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(slug).bind(now).fetch_optional(pool).await)
}

#[derive(Debug, sqlx::FromRow)]
pub struct PostLinkRow {
    pub slug: String,
    pub title: String,
}

/// The shown posts just before (older) and after (newer) this one.
pub async fn neighbours(
    db: &Database,
    article: &ArticleRow,
    now: DateTime<Utc>,
) -> sqlx::Result<(Option<PostLinkRow>, Option<PostLinkRow>)> {
    const OLDER: &str = "
        SELECT p.slug, p.title FROM posts p
        WHERE p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $1
          AND (p.published_at < $2 OR (p.published_at = $2 AND p.id < $3))
        ORDER BY p.published_at DESC, p.id DESC LIMIT 1";
    const NEWER: &str = "
        SELECT p.slug, p.title FROM posts p
        WHERE p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $1
          AND (p.published_at > $2 OR (p.published_at = $2 AND p.id > $3))
        ORDER BY p.published_at, p.id LIMIT 1";
    let at = article.card.published_at;
    let id = article.card.id;
    on_pool!(db, pool => tokio::try_join!(
        sqlx::query_as(OLDER).bind(now).bind(at).bind(id).fetch_optional(pool),
        sqlx::query_as(NEWER).bind(now).bind(at).bind(id).fetch_optional(pool),
    ))
}

/// How many posts became shown in `(after, until]`: scheduled posts whose
/// time came. Pages that were cached before then no longer show the blog as it is.
pub async fn became_shown(
    db: &Database,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<i64> {
    const SQL: &str = "
        SELECT COUNT(*) FROM posts
        WHERE status <> 'draft' AND published_at > $1 AND published_at <= $2";
    let (count,): (i64,) =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(after).bind(until).fetch_one(pool).await)?;
    Ok(count)
}
