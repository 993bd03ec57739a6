//! `kurso seed-demo`: the demo blog, eight articles by the demo trainers over
//! the last months, on an empty blog. Each is rendered and cleaned as an admin's
//! save would, so the seeded pages are what a real post looks like.

mod posts;

use chrono::{DateTime, Duration, Utc};

use super::model::{reading_minutes, PostStatus};
use crate::db::{on_pool, on_tx, Database, SqlBuilder};
use crate::markdown::to_safe_html;

/// Adds the demo posts unless the blog has posts already; returns how many it added.
pub async fn seed_demo_posts(db: &Database, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let (existing,): (i64,) =
        on_pool!(db, pool => sqlx::query_as("SELECT COUNT(*) FROM posts").fetch_one(pool).await)?;
    if existing > 0 {
        return Ok(0);
    }
    let trainers: Vec<(i64, String)> = on_pool!(db, pool => sqlx::query_as("SELECT id, name FROM trainers").fetch_all(pool).await)?;
    let trainer_id = |name: &str| {
        trainers
            .iter()
            .find(|(_, trainer)| trainer == name)
            .map(|(id, _)| *id)
    };

    let mut tx = db.begin().await?;
    for post in posts::POSTS {
        let published_at = now - Duration::days(post.days_ago) - Duration::hours(3);
        const INSERT_POST: &str = "
            INSERT INTO posts (slug, title, summary, body_markdown, body_html, author_trainer_id,
                               status, published_at, reading_minutes, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8)
            RETURNING id";
        let (post_id,): (i64,) = on_tx!(&mut tx, conn => sqlx::query_as(INSERT_POST)
            .bind(post.slug)
            .bind(post.title)
            .bind(post.summary)
            .bind(post.body)
            .bind(to_safe_html(post.body))
            .bind(trainer_id(post.author))
            .bind(PostStatus::Published.as_str())
            .bind(published_at)
            .bind(reading_minutes(post.body))
            .fetch_one(conn)
            .await)?;

        let mut tags =
            SqlBuilder::new("INSERT INTO post_tags (post_id, tag, created_at, updated_at) VALUES ");
        for (index, tag) in post.tags.iter().enumerate() {
            if index > 0 {
                tags.push(", ");
            }
            tags.push("(").bind(post_id).push(", ").bind(*tag);
            tags.push(", ")
                .bind(published_at)
                .push(", ")
                .bind(published_at)
                .push(")");
        }
        tags.execute_in(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(posts::POSTS.len())
}

#[cfg(test)]
mod tests {
    use super::posts::POSTS;
    use crate::blog::model::is_tag;

    #[test]
    fn the_demo_posts_have_unique_addresses_and_valid_tags() {
        assert!(POSTS.len() >= 8);
        for (index, post) in POSTS.iter().enumerate() {
            assert!(
                POSTS[..index].iter().all(|other| other.slug != post.slug),
                "{}",
                post.slug
            );
            assert!(post.tags.iter().all(|tag| is_tag(tag)), "{}", post.slug);
            assert!(
                !post.summary.is_empty() && post.body.len() > 500,
                "{}",
                post.slug
            );
        }
    }

    #[test]
    fn the_backend_article_makes_its_ten_points() {
        let article = POSTS
            .iter()
            .find(|post| post.slug == "what-is-a-backend-developer")
            .expect("the backend article");
        let points = article
            .body
            .lines()
            .filter(|line| line.starts_with("## ") && line[3..].starts_with(char::is_numeric))
            .count();
        assert_eq!(points, 10);
        assert!(article.tags.contains(&"programming") && article.tags.contains(&"cloud"));
    }
}
