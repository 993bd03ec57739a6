//! The admin's post server functions. Each starts with `require_admin()`
//! (itself, or in the service step it calls first).

// A form's server function takes one argument per field: that is how Leptos
// reads a posted form, so long argument lists are the shape here, not a smell.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::{AdminPostList, PostEditor};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{AdminPostItem, PostForm, POSTS_PAGE_SIZE},
    super::service,
    crate::accounts::server::require_admin,
    crate::blog::model::PostStatus,
    crate::blog::queries::tags_of,
    crate::blog::service::published_on,
    crate::blog::store::{self, AdminPostQuery, PostAuthor, Standing},
    crate::catalog::present::moment,
    crate::state::AppState,
};

#[server(endpoint = "admin/posts")]
pub async fn list_admin_posts(
    search: String,
    status: String,
    sort: String,
    page: u32,
) -> Result<AdminPostList, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let page = page.clamp(1, 100_000);
    let query = AdminPostQuery {
        search: search.chars().take(200).collect(),
        status,
        sort,
        limit: POSTS_PAGE_SIZE,
        offset: i64::from(page - 1) * POSTS_PAGE_SIZE,
    };
    let rows = store::admin_posts(&state.db, &query, now).await?;
    let total = rows.first().map_or(0, |row| row.total_count);
    Ok(AdminPostList {
        total,
        page,
        page_count: u32::try_from((total + POSTS_PAGE_SIZE - 1) / POSTS_PAGE_SIZE).unwrap_or(1),
        posts: rows
            .into_iter()
            .map(|row| {
                let standing = Standing::of(row.status, row.published_at, now);
                let (status, when) = match standing {
                    Standing::Draft => (
                        "Draft",
                        format!("changed {}", published_on(row.updated_at, zone)),
                    ),
                    Standing::Published(at) => ("Published", published_on(at, zone)),
                    Standing::Scheduled(at) => ("Scheduled", moment(at, zone)),
                };
                let shown = matches!(standing, Standing::Published(_));
                AdminPostItem {
                    public_href: shown.then(|| format!("/blog/{}", row.slug)),
                    id: row.id,
                    title: row.title,
                    slug: row.slug,
                    author: row.author,
                    status: status.to_owned(),
                    when,
                }
            })
            .collect(),
    })
}

/// The editor for post `id`, or an empty one for a new post (`id` 0).
#[server(endpoint = "admin/post")]
pub async fn load_post_editor(id: i64) -> Result<PostEditor, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let authors = store::possible_authors(&state.db)
        .await?
        .into_iter()
        .map(|row| {
            let label = if row.kind == "admin" {
                format!("{} (admin)", row.name)
            } else {
                row.name
            };
            (format!("{}:{}", row.kind, row.id), label)
        })
        .collect();
    if id == 0 {
        return Ok(PostEditor {
            form: PostForm {
                author: format!("admin:{}", admin.id),
                status: PostStatus::Draft.as_str().to_owned(),
                ..PostForm::default()
            },
            authors,
            preview_html: String::new(),
            public_href: None,
            status_line: "New post, not saved yet".to_owned(),
        });
    }
    let post = store::saved_post(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let tags: Vec<String> = tags_of(&state.db, &[id])
        .await?
        .into_iter()
        .map(|row| row.tag)
        .collect();
    let shown = post.is_shown(now);
    let status_line = match Standing::of(post.status, post.published_at, now) {
        Standing::Draft => "Draft: only admins can see it".to_owned(),
        Standing::Published(at) => format!("Published {}", published_on(at, zone)),
        Standing::Scheduled(at) => format!("Scheduled for {}", moment(at, zone)),
    };
    Ok(PostEditor {
        preview_html: crate::markdown::to_safe_html(&post.body_markdown),
        public_href: shown.then(|| format!("/blog/{}", post.slug)),
        status_line,
        authors,
        form: PostForm {
            id: post.id,
            author: match post.author() {
                PostAuthor::Trainer(id) => format!("trainer:{id}"),
                PostAuthor::Admin(id) => format!("admin:{id}"),
                PostAuthor::Nobody => String::new(),
            },
            status: post.status.as_str().to_owned(),
            publish_at: post
                .published_at
                .map(|at| at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default(),
            tags: tags.join(", "),
            title: post.title,
            slug: post.slug,
            summary: post.summary,
            body: post.body_markdown,
            cover_url: post.cover_url,
            cover_alt: post.cover_alt,
        },
    })
}

/// The body rendered as visitors will see it; nothing is saved.
#[server(endpoint = "admin/post/preview")]
pub async fn preview_post(body: String) -> Result<String, AppError> {
    require_admin()?;
    service::preview(&body)
}

/// Creates (`id` 0) or updates a post, then shows it in the editor. With
/// `intent` "preview" (the form's Preview button) it saves nothing and shows
/// the form again with the rendered text.
#[server(endpoint = "admin/post/save")]
pub async fn save_post(
    id: i64,
    title: String,
    slug: String,
    summary: String,
    body: String,
    cover_url: String,
    cover_alt: String,
    author: String,
    tags: String,
    status: String,
    publish_at: String,
    intent: Option<String>,
) -> Result<(), AppError> {
    let form = PostForm {
        id,
        title,
        slug,
        summary,
        body,
        cover_url,
        cover_alt,
        author,
        tags,
        status,
        publish_at,
    };
    let id = service::save_post(form, intent.as_deref()).await?;
    leptos_axum::redirect(&format!("/admin/posts/{id}?saved=post"));
    Ok(())
}

/// Takes a post off the site; it stays as a draft.
#[server(endpoint = "admin/post/unpublish")]
pub async fn unpublish_post(id: i64) -> Result<(), AppError> {
    service::unpublish_post(id).await?;
    leptos_axum::redirect(&format!("/admin/posts/{id}?saved=unpublished"));
    Ok(())
}

#[server(endpoint = "admin/post/delete")]
pub async fn delete_post(id: i64) -> Result<(), AppError> {
    service::delete_post(id).await?;
    leptos_axum::redirect("/admin/posts?deleted=1");
    Ok(())
}
