//! Which pages show a post, so that a write to it drops exactly those from the
//! caches: its article (under every address it had), the articles whose
//! previous/next links or "Latest Blogs" name it, the lists, its tag pages and
//! the home page. Worked out from where the post stood before the write and
//! where it stands after, both read inside the write's transaction.

use chrono::{DateTime, Utc};

use super::service::LATEST_BESIDE_ARTICLE;
use super::store::{self, neighbour_slugs, newest_shown_slugs};
use crate::cache::PostChange;
use crate::db::Transaction;

/// How many of the newest posts the home page lists.
pub const LATEST_ON_HOME: i64 = 3;

/// Where a shown post stands among the shown posts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShownPlace {
    pub slug: String,
    pub tags: Vec<String>,
    /// The articles just older and just newer.
    pub neighbours: Vec<String>,
    /// Its place among the newest posts (0 is the newest), if it is one of
    /// the first `LATEST_BESIDE_ARTICLE + 1`.
    pub rank: Option<usize>,
    /// The newest posts' slugs, newest first.
    pub newest: Vec<String>,
}

/// Where post `id` stands now, or `None` if visitors cannot read it.
pub async fn shown_place(
    tx: &mut Transaction,
    id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<ShownPlace>> {
    let Some(post) = store::saved_post_in(tx, id).await? else {
        return Ok(None);
    };
    let Some(published_at) = post.published_at.filter(|_| post.is_shown(now)) else {
        return Ok(None);
    };
    let tags = store::tags_of_post(tx, id).await?;
    let neighbours = neighbour_slugs(tx, id, published_at, now).await?;
    let depth = LATEST_BESIDE_ARTICLE.max(LATEST_ON_HOME) + 1;
    let newest = newest_shown_slugs(tx, now, depth).await?;
    Ok(Some(ShownPlace {
        rank: newest.iter().position(|slug| *slug == post.slug),
        slug: post.slug,
        tags,
        neighbours,
        newest,
    }))
}

/// The pages that show the post before or after a write that moved it from
/// `before` to `after` (`None`: not shown).
pub fn post_change(before: Option<&ShownPlace>, after: Option<&ShownPlace>) -> PostChange {
    let places: Vec<&ShownPlace> = before.into_iter().chain(after).collect();
    if places.is_empty() {
        return PostChange::default();
    }
    let ranked_within = |limit: i64| {
        places
            .iter()
            .any(|place| place.rank.is_some_and(|rank| (rank as i64) < limit))
    };
    let tags_before = before
        .map(|place| place.tags.as_slice())
        .unwrap_or_default();
    let tags_after = after.map(|place| place.tags.as_slice()).unwrap_or_default();
    let mut change = PostChange {
        home: ranked_within(LATEST_ON_HOME),
        lists: true,
        tag_counts: tags_before != tags_after,
        all_articles: ranked_within(LATEST_BESIDE_ARTICLE),
        ..PostChange::default()
    };
    for place in &places {
        change.tags.extend(place.tags.iter().cloned());
        change.articles.push(place.slug.clone());
        change.articles.extend(place.neighbours.iter().cloned());
        // Just past the articles' "Latest Blogs": only the newest articles,
        // which leave themselves out, list it.
        if place.rank == Some(LATEST_BESIDE_ARTICLE as usize) {
            let newest = place.newest.iter().take(LATEST_BESIDE_ARTICLE as usize);
            change.articles.extend(newest.cloned());
        }
    }
    change.tags.sort();
    change.tags.dedup();
    change.articles.sort();
    change.articles.dedup();
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(slug: &str, rank: Option<usize>) -> ShownPlace {
        ShownPlace {
            slug: slug.into(),
            tags: vec!["cloud".into()],
            neighbours: vec!["older".into(), "newer".into()],
            rank,
            newest: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        }
    }

    #[test]
    fn a_draft_that_stays_a_draft_shows_nowhere() {
        assert_eq!(post_change(None, None), PostChange::default());
    }

    #[test]
    fn an_old_posts_edit_touches_its_page_its_neighbours_its_tags_and_the_lists() {
        let old = place("old-post", None);
        let change = post_change(Some(&old), Some(&old));
        assert_eq!(
            change,
            PostChange {
                home: false,
                lists: true,
                tag_counts: false,
                tags: vec!["cloud".into()],
                all_articles: false,
                articles: vec!["newer".into(), "old-post".into(), "older".into()],
            }
        );
    }

    #[test]
    fn publishing_the_newest_post_touches_home_and_every_article() {
        let change = post_change(None, Some(&place("a", Some(0))));
        assert!(change.home && change.all_articles && change.lists && change.tag_counts);
    }

    #[test]
    fn the_fourth_newest_is_listed_beside_the_three_newest_articles_only() {
        let change = post_change(Some(&place("d", Some(3))), Some(&place("d", Some(3))));
        assert!(!change.home && !change.all_articles);
        for slug in ["a", "b", "c", "d"] {
            assert!(change.articles.contains(&slug.to_owned()), "{slug}");
        }
    }

    #[test]
    fn a_changed_slug_or_tag_touches_both_the_old_and_the_new() {
        let before = place("old-address", None);
        let after = ShownPlace {
            slug: "new-address".into(),
            tags: vec!["security".into()],
            ..before.clone()
        };
        let change = post_change(Some(&before), Some(&after));
        assert!(change.tag_counts);
        assert_eq!(change.tags, vec!["cloud".to_owned(), "security".to_owned()]);
        assert!(change.articles.contains(&"old-address".to_owned()));
        assert!(change.articles.contains(&"new-address".to_owned()));
    }
}
