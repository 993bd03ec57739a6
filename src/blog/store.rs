//! The blog's writes, made by the admin's post editor, and the reads only the
//! editor needs: a post as saved (drafts included), the admin list, the
//! possible authors, and where an old address of a post leads now.

use chrono::{DateTime, Utc};

use super::model::PostStatus;
use crate::db::{on_pool, on_tx, Database, SqlBuilder, Transaction};

/// Everything a save writes to a post's row and tags, checked and rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostFields {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    /// Rendered from `body_markdown` and cleaned, once, at save time.
    pub body_html: String,
    pub cover_url: String,
    pub cover_alt: String,
    pub author: PostAuthor,
    pub status: PostStatus,
    /// `None` only for a draft that was never shown.
    pub published_at: Option<DateTime<Utc>>,
    pub reading_minutes: i64,
    /// Sorted, without repeats.
    pub tags: Vec<String>,
}

/// Who wrote a post: a trainer (shown with their credentials) or an admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostAuthor {
    Trainer(i64),
    Admin(i64),
    Nobody,
}

impl PostAuthor {
    fn trainer_id(self) -> Option<i64> {
        match self {
            Self::Trainer(id) => Some(id),
            _ => None,
        }
    }

    fn user_id(self) -> Option<i64> {
        match self {
            Self::Admin(id) => Some(id),
            _ => None,
        }
    }
}

/// Where a post stands for visitors at a moment: the one reading of a post's
/// status and publish time (the SQL reads ask the same, see `queries::SHOWN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Draft,
    /// Saved to appear by itself at this time.
    Scheduled(DateTime<Utc>),
    /// Shown since this time.
    Published(DateTime<Utc>),
}

impl Standing {
    pub fn of(status: PostStatus, published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match (status, published_at) {
            (PostStatus::Draft, _) | (_, None) => Self::Draft,
            (_, Some(at)) if at <= now => Self::Published(at),
            (_, Some(at)) => Self::Scheduled(at),
        }
    }
}

/// A post as saved, for the editor and for the audit's before/after.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SavedPostRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub cover_url: String,
    pub cover_alt: String,
    pub author_trainer_id: Option<i64>,
    pub author_user_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
}

impl SavedPostRow {
    pub fn author(&self) -> PostAuthor {
        match (self.author_trainer_id, self.author_user_id) {
            (Some(id), _) => PostAuthor::Trainer(id),
            (None, Some(id)) => PostAuthor::Admin(id),
            (None, None) => PostAuthor::Nobody,
        }
    }

    /// Whether visitors can read it at `now`.
    pub fn is_shown(&self, now: DateTime<Utc>) -> bool {
        matches!(
            Standing::of(self.status, self.published_at, now),
            Standing::Published(_)
        )
    }
}

/// The slug is used by another post.
#[derive(Debug)]
pub enum PostWriteError {
    SlugTaken,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for PostWriteError {
    fn from(error: sqlx::Error) -> Self {
        match error.as_database_error() {
            Some(database) if database.is_unique_violation() => Self::SlugTaken,
            _ => Self::Database(error),
        }
    }
}

const SAVED_POST: &str = "
    SELECT id, slug, title, summary, body_markdown, cover_url, cover_alt,
           author_trainer_id, author_user_id, status, published_at
    FROM posts WHERE id = $1";

pub async fn saved_post(db: &Database, id: i64) -> sqlx::Result<Option<SavedPostRow>> {
    on_pool!(db, pool => sqlx::query_as(SAVED_POST).bind(id).fetch_optional(pool).await)
}

/// The same, read inside the write so the audit's "before" is what was replaced.
pub async fn saved_post_in(tx: &mut Transaction, id: i64) -> sqlx::Result<Option<SavedPostRow>> {
    on_tx!(tx, conn => sqlx::query_as(SAVED_POST).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn tags_of_post(tx: &mut Transaction, id: i64) -> sqlx::Result<Vec<String>> {
    const SQL: &str = "SELECT tag FROM post_tags WHERE post_id = $1 ORDER BY tag";
    let rows: Vec<(String,)> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(tag,)| tag).collect())
}

pub async fn insert_post(
    tx: &mut Transaction,
    fields: &PostFields,
    now: DateTime<Utc>,
) -> Result<i64, PostWriteError> {
    const SQL: &str = "
        INSERT INTO posts (slug, title, summary, body_markdown, body_html, cover_url, cover_alt,
                           author_trainer_id, author_user_id, status, published_at,
                           reading_minutes, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
        RETURNING id";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(&fields.slug)
        .bind(&fields.title)
        .bind(&fields.summary)
        .bind(&fields.body_markdown)
        .bind(&fields.body_html)
        .bind(&fields.cover_url)
        .bind(&fields.cover_alt)
        .bind(fields.author.trainer_id())
        .bind(fields.author.user_id())
        .bind(fields.status.as_str())
        .bind(fields.published_at)
        .bind(fields.reading_minutes)
        .bind(now)
        .fetch_one(&mut *conn)
        .await)?;
    replace_tags(tx, id, &fields.tags, now).await?;
    forget_old_slug(tx, &fields.slug).await?;
    Ok(id)
}

/// Writes every field of post `id`; a changed slug keeps the old one as an
/// address that leads to the post.
pub async fn update_post(
    tx: &mut Transaction,
    id: i64,
    old_slug: &str,
    fields: &PostFields,
    now: DateTime<Utc>,
) -> Result<(), PostWriteError> {
    const SQL: &str = "
        UPDATE posts SET slug = $2, title = $3, summary = $4, body_markdown = $5,
               body_html = $6, cover_url = $7, cover_alt = $8, author_trainer_id = $9,
               author_user_id = $10, status = $11, published_at = $12,
               reading_minutes = $13, updated_at = $14
        WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(&fields.slug)
        .bind(&fields.title)
        .bind(&fields.summary)
        .bind(&fields.body_markdown)
        .bind(&fields.body_html)
        .bind(&fields.cover_url)
        .bind(&fields.cover_alt)
        .bind(fields.author.trainer_id())
        .bind(fields.author.user_id())
        .bind(fields.status.as_str())
        .bind(fields.published_at)
        .bind(fields.reading_minutes)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    replace_tags(tx, id, &fields.tags, now).await?;
    if old_slug != fields.slug {
        forget_old_slug(tx, &fields.slug).await?;
        remember_old_slug(tx, id, old_slug, now).await?;
    }
    Ok(())
}

/// Hides a post from visitors (it keeps its publish time for a later publish).
pub async fn set_status(
    tx: &mut Transaction,
    id: i64,
    status: PostStatus,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE posts SET status = $2, updated_at = $3 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(status.as_str()).bind(now).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Deletes a post; its tags and old addresses go with it (ON DELETE CASCADE).
pub async fn delete_post(tx: &mut Transaction, id: i64) -> sqlx::Result<()> {
    const SQL: &str = "DELETE FROM posts WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

async fn replace_tags(
    tx: &mut Transaction,
    id: i64,
    tags: &[String],
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const CLEAR: &str = "DELETE FROM post_tags WHERE post_id = $1";
    on_tx!(tx, conn => sqlx::query(CLEAR).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    if tags.is_empty() {
        return Ok(());
    }
    let mut insert =
        SqlBuilder::new("INSERT INTO post_tags (post_id, tag, created_at, updated_at) VALUES ");
    for (index, tag) in tags.iter().enumerate() {
        if index > 0 {
            insert.push(", ");
        }
        insert.push("(").bind(id).push(", ").bind(tag.as_str());
        insert.push(", ").bind(now).push(", ").bind(now).push(")");
    }
    insert.execute_in(tx).await?;
    Ok(())
}

async fn remember_old_slug(
    tx: &mut Transaction,
    id: i64,
    slug: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        INSERT INTO post_old_slugs (slug, post_id, created_at, updated_at)
        VALUES ($1, $2, $3, $3)
        ON CONFLICT (slug) DO UPDATE SET post_id = excluded.post_id, updated_at = excluded.updated_at";
    on_tx!(tx, conn => sqlx::query(SQL).bind(slug).bind(id).bind(now).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// A slug a post uses now is no longer an old address of another.
async fn forget_old_slug(tx: &mut Transaction, slug: &str) -> sqlx::Result<()> {
    const SQL: &str = "DELETE FROM post_old_slugs WHERE slug = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(slug).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// The address today of the shown post that once had `old_slug`.
pub async fn moved_to(
    db: &Database,
    old_slug: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<String>> {
    const SQL: &str = "
        SELECT p.slug FROM post_old_slugs o JOIN posts p ON p.id = o.post_id
        WHERE o.slug = $1
          AND p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $2";
    let row: Option<(String,)> = on_pool!(db, pool => sqlx::query_as(SQL).bind(old_slug).bind(now).fetch_optional(pool).await)?;
    Ok(row.map(|(slug,)| slug))
}

/// The slugs of the newest shown posts, newest first: which articles show a
/// post in their "Latest Blogs".
pub async fn newest_shown_slugs(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<String>> {
    const SQL: &str = "
        SELECT slug FROM posts
        WHERE status <> 'draft' AND published_at IS NOT NULL AND published_at <= $1
        ORDER BY published_at DESC, id DESC LIMIT $2";
    let rows: Vec<(String,)> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}

/// The slugs of the shown posts just older and just newer than a post shown at
/// `published_at`: the articles whose previous/next links name it.
pub async fn neighbour_slugs(
    tx: &mut Transaction,
    id: i64,
    published_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<String>> {
    const OLDER: &str = "
        SELECT slug FROM posts
        WHERE status <> 'draft' AND published_at IS NOT NULL AND published_at <= $1 AND id <> $3
          AND (published_at < $2 OR (published_at = $2 AND id < $3))
        ORDER BY published_at DESC, id DESC LIMIT 1";
    const NEWER: &str = "
        SELECT slug FROM posts
        WHERE status <> 'draft' AND published_at IS NOT NULL AND published_at <= $1 AND id <> $3
          AND (published_at > $2 OR (published_at = $2 AND id > $3))
        ORDER BY published_at, id LIMIT 1";
    let mut slugs = Vec::new();
    for sql in [OLDER, NEWER] {
        let row: Option<(String,)> = on_tx!(tx, conn => sqlx::query_as(sql)
            .bind(now)
            .bind(published_at)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await)?;
        slugs.extend(row.map(|(slug,)| slug));
    }
    Ok(slugs)
}

/// One row of the admin's list of posts.
#[derive(Debug, sqlx::FromRow)]
pub struct AdminPostRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub author: String,
    pub total_count: i64,
}

/// What the admin list asks for. `shown` narrows to posts visitors can read
/// now, `scheduled` to those waiting for their time, `draft` to drafts.
#[derive(Debug, Default)]
pub struct AdminPostQuery {
    pub search: String,
    pub status: String,
    pub sort: String,
    pub limit: i64,
    pub offset: i64,
}

pub async fn admin_posts(
    db: &Database,
    query: &AdminPostQuery,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<AdminPostRow>> {
    let mut sql = SqlBuilder::new(
        "SELECT p.id, p.slug, p.title, p.status, p.published_at, p.updated_at, \
         COALESCE(t.name, u.name, '') AS author, COUNT(*) OVER () AS total_count \
         FROM posts p \
         LEFT JOIN trainers t ON t.id = p.author_trainer_id \
         LEFT JOIN users u ON u.id = p.author_user_id WHERE 1 = 1",
    );
    match query.status.as_str() {
        "draft" => {
            sql.push(" AND p.status = 'draft'");
        }
        "scheduled" => {
            sql.push(" AND p.status <> 'draft' AND p.published_at > ")
                .bind(now);
        }
        "published" => {
            sql.push(" AND p.status <> 'draft' AND p.published_at <= ")
                .bind(now);
        }
        _ => {}
    }
    let search = query.search.trim().to_lowercase();
    if !search.is_empty() {
        let pattern = format!("%{}%", search.replace(['%', '_'], ""));
        sql.push(" AND (LOWER(p.title) LIKE ")
            .bind(pattern.clone())
            .push(" OR p.slug LIKE ")
            .bind(pattern)
            .push(")");
    }
    sql.push(match query.sort.as_str() {
        "title" => " ORDER BY LOWER(p.title), p.id",
        "updated" => " ORDER BY p.updated_at DESC, p.id DESC",
        // Newest first: scheduled posts at the top, drafts by their last change.
        _ => " ORDER BY COALESCE(p.published_at, p.updated_at) DESC, p.id DESC",
    });
    sql.push(" LIMIT ").bind(query.limit);
    sql.push(" OFFSET ").bind(query.offset);
    sql.fetch_all(db).await
}

/// A possible author: a trainer or an admin, by name.
#[derive(Debug, sqlx::FromRow)]
pub struct AuthorRow {
    pub kind: String,
    pub id: i64,
    pub name: String,
}

pub async fn possible_authors(db: &Database) -> sqlx::Result<Vec<AuthorRow>> {
    const SQL: &str = "
        SELECT 'trainer' AS kind, id, name FROM trainers
        UNION ALL
        SELECT 'admin' AS kind, id, name FROM users WHERE role = 'admin' AND disabled_at IS NULL
        ORDER BY kind DESC, name";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}
