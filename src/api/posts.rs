//! `GET /posts` and `GET /posts/{slug}`: the blog's published articles, newest
//! first (drafts and posts scheduled for later are not shown here either).

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::etag::tagged_json;
use super::paging::{page_response, time_cursor, Cursor, Page};
use super::params::QueryParams;
use super::problem::Problem;
use crate::blog::queries::{self, PostCardRow, PostSearch};
use crate::blog::service::tags_for;
use crate::catalog::filters::search_words;
use crate::catalog::queries::SearchTerms;
use crate::site::absolute_url;
use crate::state::AppState;

/// A post as a list has it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "slug": "what-is-a-backend-developer",
    "title": "What is a backend developer?",
    "summary": "What the job is, what it pays in Metro Manila, and how to start.",
    "author": "Ana Reyes",
    "tags": ["careers", "backend"],
    "reading_minutes": 6,
    "published_at": "2026-11-20T00:00:00Z",
    "updated_at": "2026-11-21T02:00:00Z",
    "url": "https://kurso.example/blog/what-is-a-backend-developer"
}))]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub tags: Vec<String>,
    pub reading_minutes: i64,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub url: String,
}

impl PostSummary {
    fn from_row(row: PostCardRow, tags: Vec<String>, public_url: &str) -> Self {
        PostSummary {
            url: absolute_url(public_url, &format!("/blog/{}", row.slug)),
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            author: row.author,
            tags,
            reading_minutes: row.reading_minutes,
            published_at: row.published_at,
            updated_at: row.updated_at,
        }
    }
}

/// A post with its article.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "post": {
        "slug": "what-is-a-backend-developer",
        "title": "What is a backend developer?",
        "summary": "What the job is, what it pays in Metro Manila, and how to start.",
        "author": "Ana Reyes",
        "tags": ["careers", "backend"],
        "reading_minutes": 6,
        "published_at": "2026-11-20T00:00:00Z",
        "updated_at": "2026-11-21T02:00:00Z",
        "url": "https://kurso.example/blog/what-is-a-backend-developer"
    },
    "author_credentials": "AWS Certified Developer",
    "body_html": "<p>A backend developer builds what runs on the server.</p>",
    "cover_url": "",
    "cover_alt": ""
}))]
pub struct PostDetail {
    pub post: PostSummary,
    pub author_credentials: String,
    /// The article as sanitized HTML.
    pub body_html: String,
    /// Empty when the post has no cover image.
    pub cover_url: String,
    pub cover_alt: String,
}

const COLLECTION: &str = "posts";

/// Published posts, newest first.
#[utoipa::path(
    get,
    path = "/posts",
    tag = "Blog",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Words to look for in the title, summary and article."),
        ("tag" = Option<String>, Query, max_length = 200, description = "Posts with this tag only."),
        ("updated_since" = Option<DateTime<Utc>>, Query, description = "Posts changed at or after this time (RFC 3339)."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Posts per page, 50 when not given."),
        ("cursor" = Option<String>, Query, max_length = 200, description = "The `next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page of posts; a `Link: rel=\"next\"` header when there are more.", body = Page<PostSummary>),
        (status = 400, description = "A parameter is unknown, repeated or not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_posts(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let mut params = QueryParams::parse(
        query.as_deref(),
        &["q", "tag", "updated_since", "limit", "cursor"],
    );
    let limit = params.limit();
    let search = PostSearch {
        search: params
            .text("q")
            .and_then(|q| SearchTerms::new(search_words(&q))),
        tag: params.text("tag"),
        updated_since: params.updated_since(),
        limit: limit + 1,
        offset: 0,
    };
    let after = time_cursor(&mut params, COLLECTION);
    params.finish()?;
    let rows = queries::shown_posts_after(&state.db, state.clock.now(), &search, after).await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let tags = queries::tags_of(&state.db, &ids).await?;
    let public_url = &state.settings.site.public_url;
    Ok(page_response(
        "/api/v1/posts",
        &params,
        limit,
        rows,
        |row| Cursor {
            collection: COLLECTION.to_owned(),
            at: Some(row.published_at),
            id: row.id,
        },
        |row| {
            let tags = tags_for(&tags, row.id);
            PostSummary::from_row(row, tags, public_url)
        },
    ))
}

/// One published post.
#[utoipa::path(
    get,
    path = "/posts/{slug}",
    tag = "Blog",
    params(("slug" = String, Path, max_length = 200, description = "The post's slug, as in its page's address.")),
    responses(
        (status = 200, description = "The post, with an `ETag`.", body = PostDetail),
        (status = 304, description = "The post has not changed since the `ETag` sent in `If-None-Match`."),
        (status = 404, description = "No published post has this slug.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_post(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let slug = super::params::path_slug(&slug, "post")?;
    let article = queries::shown_article(&state.db, &slug, state.clock.now())
        .await?
        .ok_or_else(|| Problem::not_found("post"))?;
    let tags = queries::tags_of(&state.db, &[article.card.id]).await?;
    let detail = PostDetail {
        post: PostSummary::from_row(
            article.card,
            tags.into_iter().map(|tag| tag.tag).collect(),
            &state.settings.site.public_url,
        ),
        author_credentials: article.author_credentials,
        body_html: article.body_html,
        cover_url: article.cover_url,
        cover_alt: article.cover_alt,
    };
    tagged_json(&headers, &detail)
}
