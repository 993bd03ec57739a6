//! `/blog/feed.xml`: the newest posts as RSS 2.0, with absolute links, for feed
//! readers and aggregators.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header;
use rss::{Category, Channel, Guid, Item};

use super::queries::{latest_posts, tags_of};
use crate::errors::responses::problem_json;
use crate::errors::AppError;
use crate::state::AppState;

const POSTS_IN_FEED: i64 = 20;

pub async fn download(State(state): State<AppState>) -> Response {
    match feed(&state).await {
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "application/rss+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            xml,
        )
            .into_response(),
        Err(error) => problem_json(&error),
    }
}

async fn feed(state: &AppState) -> Result<String, AppError> {
    let site = &state.settings.site;
    let base = site.public_url.trim_end_matches('/');
    let posts = latest_posts(&state.db, state.clock.now(), POSTS_IN_FEED, None).await?;
    let ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let tags = tags_of(&state.db, &ids).await?;

    let items: Vec<Item> = posts
        .iter()
        .map(|post| {
            let url = format!("{base}/blog/{}", post.slug);
            let mut guid = Guid::default();
            guid.set_value(url.clone());
            guid.set_permalink(true);
            let mut item = Item::default();
            item.set_title(post.title.clone());
            item.set_link(url);
            item.set_guid(guid);
            item.set_description(post.summary.clone());
            item.set_pub_date(post.published_at.to_rfc2822());
            item.set_categories(
                tags.iter()
                    .filter(|tag| tag.post_id == post.id)
                    .map(|tag| {
                        let mut category = Category::default();
                        category.set_name(tag.tag.clone());
                        category
                    })
                    .collect::<Vec<_>>(),
            );
            item
        })
        .collect();

    let mut channel = Channel::default();
    channel.set_title(format!("{} blog", site.name));
    channel.set_link(format!("{base}/blog"));
    channel.set_description(format!(
        "Articles from the trainers of {} on cloud, security, programming and data.",
        site.name
    ));
    channel.set_language("en".to_owned());
    if let Some(newest) = posts.first() {
        channel.set_last_build_date(newest.updated_at.max(newest.published_at).to_rfc2822());
    }
    channel.set_items(items);
    Ok(channel.to_string())
}
