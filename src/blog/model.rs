//! The blog's words as types, shared by the server and the browser bundle.

use serde::{Deserialize, Serialize};

use crate::catalog::{CourseCard, UpcomingRun};
use crate::column::text_column;

/// Where a post is in its life. A scheduled post is shown from its publish time
/// on, by every read asking for `published_at <= now`, so it needs no job to
/// appear and appears on every instance at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostStatus {
    Draft,
    Scheduled,
    Published,
}

impl PostStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        match value {
            "draft" => Some(Self::Draft),
            "scheduled" => Some(Self::Scheduled),
            "published" => Some(Self::Published),
            _ => None,
        }
    }
}

text_column!(PostStatus, "post status");

/// Reading time at 200 words a minute, never under one minute.
pub fn reading_minutes(markdown: &str) -> i64 {
    let words = markdown.split_whitespace().count() as i64;
    ((words + 199) / 200).max(1)
}

/// A post as listed on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The publication date in the site's time zone, formatted by the server.
    pub published_on: String,
    pub reading_minutes: i64,
    pub author: String,
    pub tags: Vec<String>,
}

/// A tag and how many shown posts carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: String,
    pub posts: i64,
}

/// One page of the blog's list: all posts, one tag's, or a search's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlogListing {
    pub posts: Vec<PostCard>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    pub tags: Vec<TagCount>,
}

/// The neighbour of an article in publication order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostLink {
    pub slug: String,
    pub title: String,
}

/// An article and what is shown beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub card: PostCard,
    /// Rendered from the Markdown and cleaned when the post was saved.
    pub body_html: String,
    pub cover_url: String,
    pub cover_alt: String,
    pub author_credentials: String,
    /// schema.org `BlogPosting`, ready to embed in a script tag.
    pub json_ld: String,
    pub related_trainings: Vec<CourseCard>,
    pub latest_posts: Vec<PostCard>,
    pub upcoming_trainings: Vec<UpcomingRun>,
    pub previous: Option<PostLink>,
    pub next: Option<PostLink>,
}

/// Tags are lower-case words joined by hyphens; anything else in a tag address
/// is not a tag.
pub fn is_tag(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 40
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_is_rounded_up_at_two_hundred_words_a_minute() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"word ".repeat(200)), 1);
        assert_eq!(reading_minutes(&"word ".repeat(201)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(1000)), 5);
    }

    #[test]
    fn a_status_reads_back_from_its_column() {
        for status in [
            PostStatus::Draft,
            PostStatus::Scheduled,
            PostStatus::Published,
        ] {
            assert_eq!(PostStatus::from_column(status.as_str()), Some(status));
        }
        assert_eq!(PostStatus::from_column("live"), None);
    }

    #[test]
    fn tags_are_lower_case_hyphenated_words() {
        assert!(is_tag("cloud"));
        assert!(is_tag("career-advice"));
        assert!(is_tag("aws2"));
        assert!(!is_tag(""));
        assert!(!is_tag("Cloud"));
        assert!(!is_tag("-cloud"));
        assert!(!is_tag("cloud--native"));
        assert!(!is_tag("cloud native"));
        assert!(!is_tag(&"a".repeat(41)));
    }
}
