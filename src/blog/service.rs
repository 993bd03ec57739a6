//! Reads the blog's pages: lists of posts, and an article with what is shown
//! beside it. Server-only.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::model::{Article, BlogListing, PostCard, PostLink, TagCount};
use super::queries::{self, ArticleRow, PostCardRow, PostSearch, TagRow};
use crate::catalog::filters::search_words;
use crate::catalog::present;
use crate::catalog::queries::{courses_on_topics, next_runs, SearchTerms};
use crate::errors::AppError;
use crate::site::absolute_url;
use crate::state::AppState;

pub const POSTS_PER_PAGE: u32 = 9;
const RELATED_TRAININGS: usize = 3;
pub const LATEST_BESIDE_ARTICLE: i64 = 3;
const UPCOMING_BESIDE_ARTICLE: i64 = 3;

/// What a list of posts asks for, read leniently from the address: an unknown
/// tag or a page past the end are answered with an empty list, not an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlogRequest {
    pub tag: Option<String>,
    pub q: String,
    pub page: u32,
}

pub async fn listing(state: &AppState, request: BlogRequest) -> Result<BlogListing, AppError> {
    let now = state.clock.now();
    let page = request.page.max(1);
    let search = PostSearch {
        tag: request.tag,
        search: SearchTerms::new(search_words(&request.q)),
        limit: i64::from(POSTS_PER_PAGE),
        offset: i64::from((page - 1) * POSTS_PER_PAGE),
        updated_since: None,
    };
    let ((rows, total), tags) = tokio::try_join!(
        queries::shown_posts(&state.db, now, &search),
        queries::tag_counts(&state.db, now),
    )?;
    Ok(BlogListing {
        posts: cards(state, rows).await?,
        total,
        page,
        page_count: (total as u32).div_ceil(POSTS_PER_PAGE).max(1),
        tags: tags
            .into_iter()
            .map(|row| TagCount {
                tag: row.tag,
                posts: row.posts,
            })
            .collect(),
    })
}

/// The newest shown posts as cards (the home page's "Latest blog posts").
pub async fn latest(state: &AppState, limit: i64) -> Result<Vec<PostCard>, AppError> {
    let rows = queries::latest_posts(&state.db, state.clock.now(), limit, None).await?;
    cards(state, rows).await
}

/// `None` when no shown post has this address (a draft, a post scheduled for
/// later, or none at all).
pub async fn article(state: &AppState, slug: &str) -> Result<Option<Article>, AppError> {
    let now = state.clock.now();
    let db = &state.db;
    let Some(row) = queries::shown_article(db, slug, now).await? else {
        return Ok(None);
    };
    let tags: Vec<String> = queries::tags_of(db, &[row.card.id])
        .await?
        .into_iter()
        .map(|tag| tag.tag)
        .collect();
    let ((previous, next), latest, runs, related) = tokio::try_join!(
        queries::neighbours(db, &row, now),
        queries::latest_posts(db, now, LATEST_BESIDE_ARTICLE, Some(row.card.id)),
        next_runs(db, now, UPCOMING_BESIDE_ARTICLE),
        courses_on_topics(db, &tags, RELATED_TRAININGS),
    )?;
    let zone = state.settings.site.time_zone;
    let site = &state.settings.site;
    let json_ld = blog_posting_json_ld(&row, &tags, &site.name, &site.public_url);
    let card = card(&row.card, tags, zone);
    Ok(Some(Article {
        card,
        json_ld,
        body_html: row.body_html,
        cover_url: row.cover_url,
        cover_alt: row.cover_alt,
        author_credentials: row.author_credentials,
        related_trainings: related.into_iter().map(present::course_card).collect(),
        latest_posts: cards(state, latest).await?,
        upcoming_trainings: runs
            .iter()
            .map(|run| present::upcoming_run(run, zone))
            .collect(),
        previous: previous.map(|link| PostLink {
            slug: link.slug,
            title: link.title,
        }),
        next: next.map(|link| PostLink {
            slug: link.slug,
            title: link.title,
        }),
    }))
}

/// Cards for listed posts, each with its tags (one query for all of them).
async fn cards(state: &AppState, rows: Vec<PostCardRow>) -> Result<Vec<PostCard>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let tags = queries::tags_of(&state.db, &ids).await?;
    let zone = state.settings.site.time_zone;
    Ok(rows
        .iter()
        .map(|row| card(row, tags_for(&tags, row.id), zone))
        .collect())
}

/// The tags of one post among the rows `tags_of` read for several.
pub fn tags_for(tags: &[TagRow], post_id: i64) -> Vec<String> {
    tags.iter()
        .filter(|tag| tag.post_id == post_id)
        .map(|tag| tag.tag.clone())
        .collect()
}

fn card(row: &PostCardRow, tags: Vec<String>, zone: Tz) -> PostCard {
    PostCard {
        slug: row.slug.clone(),
        title: row.title.clone(),
        summary: row.summary.clone(),
        published_on: published_on(row.published_at, zone),
        reading_minutes: row.reading_minutes,
        author: row.author.clone(),
        tags,
    }
}

pub fn published_on(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%-d %B %Y").to_string()
}

/// schema.org `BlogPosting`, for search engines' article results.
fn blog_posting_json_ld(
    article: &ArticleRow,
    tags: &[String],
    site_name: &str,
    public_url: &str,
) -> String {
    let row = &article.card;
    let url = format!("{public_url}/blog/{}", row.slug);
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": row.title,
        "description": row.summary,
        "datePublished": row.published_at.to_rfc3339(),
        "dateModified": row.updated_at.max(row.published_at).to_rfc3339(),
        "mainEntityOfPage": url,
        "url": url,
        "keywords": tags.join(", "),
        "timeRequired": format!("PT{}M", row.reading_minutes),
        "publisher": { "@type": "Organization", "name": site_name, "url": public_url },
    });
    if !row.author.is_empty() {
        value["author"] = json!({ "@type": "Person", "name": row.author });
    }
    if !article.cover_url.is_empty() {
        value["image"] = json!(absolute_url(public_url, &article.cover_url));
    }
    present::embeddable(&value)
}
