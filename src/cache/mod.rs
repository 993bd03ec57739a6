//! The in-memory caches (moka): catalog reads, and whole pages rendered for
//! anonymous visitors. Both are bounded by `cache.max_megabytes` and emptied of
//! exactly what an admin write affects before that write returns.
//!
//! Freshness does not depend on when moka gets round to dropping an entry:
//! every write is numbered (see [`Generation`]), every cached value carries the
//! number current when it was loaded, and a value is served only while no write
//! since then touched what it answers. Dropping entries (`invalidate_entries_if`)
//! only frees their memory. So a write is seen by the very next read, and a
//! load that raced a write is never served. Several instances behind a load
//! balancer each keep their own cache; they do not hear of each other's writes
//! (ARCHITECTURE.md).

pub mod pages;
mod reads;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub use pages::{mark_page_cacheable, PageArea, PageCache};
pub use reads::{ReadCache, ReadKey};
use serde::{Deserialize, Serialize};

/// Numbers the writes and remembers the last one that touched each kind of
/// answer. A reader notes [`Self::current`] before loading and stores it with
/// the value; the value stays good while the last write touching it is not
/// newer ([`Self::last_write`]).
#[derive(Debug, Default)]
pub struct Generation {
    counter: AtomicU64,
    last: Mutex<LastWrites>,
}

#[derive(Debug, Default)]
struct LastWrites {
    /// Categories, venues or trainers: every answer (trainers also write posts).
    catalog: u64,
    /// Any catalog write at all: lists of courses and runs, the schedule, and
    /// the trainings shown beside articles and on the home page.
    any_catalog: u64,
    /// Any course's own fields: related-course lists and filter options.
    course_fields: u64,
    /// Each course's fields or runs, by slug. Grows by one number per course
    /// ever edited while the process runs, which is bounded by the catalog.
    courses: HashMap<String, u64>,
    /// The home page's latest posts.
    home_posts: u64,
    /// The blog's lists of all posts and its searches.
    blog_lists: u64,
    /// The tag counts every blog list shows.
    tag_counts: u64,
    /// Each tag's list, by tag.
    tags: HashMap<String, u64>,
    /// Every article ("Latest Blogs" beside each).
    all_articles: u64,
    /// Each article, by slug. Bounded by the posts, like `courses`.
    articles: HashMap<String, u64>,
}

/// What a cached answer depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DependsOn<'a> {
    /// Any catalog write (lists of courses, the schedule).
    AnyCatalog,
    /// One course's page.
    Course(&'a str),
    /// Any course's fields, not runs.
    CourseFields,
    /// The home page: the catalog and the newest posts.
    Home,
    /// The blog's list of all posts, its pages and searches.
    BlogLists,
    /// One tag's list of posts.
    BlogTag(&'a str),
    /// One article, with the trainings and posts beside it.
    Article(&'a str),
}

impl Generation {
    pub fn current(&self) -> u64 {
        self.counter.load(Ordering::Acquire)
    }

    /// Numbers a write and records what it touched. The lock makes the number
    /// and the record one step, so a reader never sees the one without the other.
    fn advance(&self, change: &Change) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let number = self.counter.fetch_add(1, Ordering::AcqRel) + 1;
        match change {
            Change::Catalog => {
                last.catalog = number;
                last.any_catalog = number;
            }
            Change::Course { slug } => {
                last.any_catalog = number;
                last.course_fields = number;
                last.courses.insert(slug.clone(), number);
            }
            Change::RunsOf { slug } => {
                last.any_catalog = number;
                last.courses.insert(slug.clone(), number);
            }
            Change::Post(post) => {
                if post.home {
                    last.home_posts = number;
                }
                if post.lists {
                    last.blog_lists = number;
                }
                if post.tag_counts {
                    last.tag_counts = number;
                }
                if post.all_articles {
                    last.all_articles = number;
                }
                for tag in &post.tags {
                    last.tags.insert(tag.clone(), number);
                }
                for slug in &post.articles {
                    last.articles.insert(slug.clone(), number);
                }
            }
            Change::Posts => {
                last.home_posts = number;
                last.blog_lists = number;
                last.tag_counts = number;
                last.all_articles = number;
            }
        }
    }

    /// The number of the last write that touched answers of this kind.
    pub(crate) fn last_write(&self, depends: DependsOn<'_>) -> u64 {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let of = |map: &HashMap<String, u64>, key: &str| map.get(key).copied().unwrap_or(0);
        match depends {
            DependsOn::AnyCatalog => last.any_catalog,
            DependsOn::Course(slug) => of(&last.courses, slug).max(last.catalog),
            DependsOn::CourseFields => last.course_fields.max(last.catalog),
            DependsOn::Home => last.any_catalog.max(last.home_posts),
            DependsOn::BlogLists => last.blog_lists.max(last.tag_counts).max(last.catalog),
            DependsOn::BlogTag(tag) => of(&last.tags, tag).max(last.tag_counts).max(last.catalog),
            DependsOn::Article(slug) => of(&last.articles, slug)
                .max(last.all_articles)
                .max(last.any_catalog),
        }
    }

    /// Whether an answer loaded when the count stood at `loaded_at` still holds.
    pub(crate) fn still_holds(&self, depends: DependsOn<'_>, loaded_at: u64) -> bool {
        self.last_write(depends) <= loaded_at
    }
}

/// Hits and misses of one cache, for the admin status line and `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Counters {
    fn hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    fn miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: u64,
    pub bytes: u64,
}

impl CacheStats {
    /// Hits over lookups, or `None` before the first lookup.
    pub fn hit_ratio(&self) -> Option<f64> {
        let lookups = self.hits + self.misses;
        (lookups > 0).then(|| self.hits as f64 / lookups as f64)
    }
}

/// Both caches and the generation they share.
#[derive(Clone, Debug)]
pub struct Caches {
    pub reads: ReadCache,
    pub pages: PageCache,
    generation: Arc<Generation>,
}

/// What an admin write touched, so the caches drop exactly that.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A course's own fields: its page, every list it may appear in, and the
    /// related-course lists of other courses.
    Course { slug: String },
    /// A course's runs: its page and the lists of runs, not related courses.
    RunsOf { slug: String },
    /// Categories, venues or trainers: they show throughout the catalog.
    Catalog,
    /// One post was saved, scheduled, published, unpublished or deleted: the
    /// pages that show it, as `blog::service::post_change` works them out.
    Post(PostChange),
    /// Scheduled posts' time came: every page that shows posts, not the
    /// catalog's.
    Posts,
}

/// The pages that show one post, before and after a write to it. Empty for a
/// draft that stays a draft: visitors never saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostChange {
    /// It is or was among the home page's latest posts.
    pub home: bool,
    /// It is or was shown, so the lists of all posts change.
    pub lists: bool,
    /// Its tags were or are counted on the lists (it appeared, went, or its
    /// tags changed).
    pub tag_counts: bool,
    /// Tag pages that list it, before or after.
    pub tags: Vec<String>,
    /// It is or was among the newest posts, which every article lists.
    pub all_articles: bool,
    /// Articles that show it: its own (every address it had) and those whose
    /// previous/next or "Latest Blogs" name it.
    pub articles: Vec<String>,
}

impl Change {
    /// Whether this write makes answers that depend on `depends` stale.
    pub(crate) fn touches(&self, depends: DependsOn<'_>) -> bool {
        use DependsOn as D;
        match self {
            Self::Catalog => true,
            Self::Course { slug } => {
                matches!(
                    depends,
                    D::AnyCatalog | D::CourseFields | D::Home | D::Article(_)
                ) || depends == D::Course(slug)
            }
            Self::RunsOf { slug } => {
                matches!(depends, D::AnyCatalog | D::Home | D::Article(_))
                    || depends == D::Course(slug)
            }
            Self::Post(post) => match depends {
                D::Home => post.home,
                D::BlogLists => post.lists || post.tag_counts,
                D::BlogTag(tag) => post.tag_counts || post.tags.iter().any(|t| t == tag),
                D::Article(slug) => post.all_articles || post.articles.iter().any(|a| a == slug),
                D::AnyCatalog | D::Course(_) | D::CourseFields => false,
            },
            Self::Posts => matches!(
                depends,
                D::Home | D::BlogLists | D::BlogTag(_) | D::Article(_)
            ),
        }
    }
}

impl Caches {
    /// `max_bytes` is shared: half for reads, half for pages. 0 turns both off.
    pub fn new(max_bytes: u64) -> Self {
        let generation = Arc::new(Generation::default());
        Self {
            reads: ReadCache::new(max_bytes / 2, generation.clone()),
            pages: PageCache::new(max_bytes / 2, generation.clone()),
            generation,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.reads.is_enabled()
    }

    /// Makes stale what `change` affects and frees its memory. Call after the
    /// write commits and before answering, so the next request reads the new data.
    pub fn invalidate(&self, change: &Change) {
        self.generation.advance(change);
        self.reads.invalidate(change);
        self.pages.invalidate(change);
        tracing::debug!(?change, "cache invalidated");
    }
}

/// "Cache: reads 92% hits (1,234 lookups), pages 97% hits (5,678 lookups), 3.1 MB of 64 MB."
pub fn status_line(caches: &Caches) -> String {
    if !caches.is_enabled() {
        return "Cache: off (cache.max_megabytes = 0)".to_owned();
    }
    let describe = |name: &str, stats: CacheStats| match stats.hit_ratio() {
        Some(ratio) => format!(
            "{name} {:.0}% hits ({} lookups)",
            ratio * 100.0,
            stats.hits + stats.misses
        ),
        None => format!("{name} not used yet"),
    };
    let (reads, pages) = (caches.reads.stats(), caches.pages.stats());
    format!(
        "Cache: {}, {}, {:.1} MB in {} entries",
        describe("reads", reads),
        describe("pages", pages),
        (reads.bytes + pages.bytes) as f64 / 1_048_576.0,
        reads.entries + pages.entries,
    )
}

/// The caches' counters in the Prometheus text format, for `/metrics`.
pub fn prometheus_text(caches: &Caches) -> String {
    let mut text = String::from(
        "# HELP kurso_cache_hits_total Lookups answered from the cache.\n# TYPE kurso_cache_hits_total counter\n",
    );
    let all = [
        ("reads", caches.reads.stats()),
        ("pages", caches.pages.stats()),
    ];
    for (name, stats) in all {
        text.push_str(&format!(
            "kurso_cache_hits_total{{cache=\"{name}\"}} {}\n",
            stats.hits
        ));
    }
    text.push_str("# HELP kurso_cache_misses_total Lookups that had to load or render.\n# TYPE kurso_cache_misses_total counter\n");
    for (name, stats) in all {
        text.push_str(&format!(
            "kurso_cache_misses_total{{cache=\"{name}\"}} {}\n",
            stats.misses
        ));
    }
    text.push_str(
        "# HELP kurso_cache_bytes Memory the cache holds.\n# TYPE kurso_cache_bytes gauge\n",
    );
    for (name, stats) in all {
        text.push_str(&format!(
            "kurso_cache_bytes{{cache=\"{name}\"}} {}\n",
            stats.bytes
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post_change() -> PostChange {
        PostChange {
            lists: true,
            tags: vec!["cloud".into()],
            articles: vec!["what-is-a-backend-developer".into()],
            ..PostChange::default()
        }
    }

    /// `touches` (which frees memory) and the numbering (which decides what is
    /// served) must agree, or a page is either served stale or dropped for nothing.
    #[test]
    fn what_a_change_touches_is_exactly_what_it_makes_stale() {
        let changes = [
            Change::Catalog,
            Change::Course { slug: "aws".into() },
            Change::RunsOf { slug: "aws".into() },
            Change::Post(post_change()),
            Change::Post(PostChange::default()),
            Change::Post(PostChange {
                home: true,
                all_articles: true,
                tag_counts: true,
                ..PostChange::default()
            }),
            Change::Posts,
        ];
        let answers = [
            DependsOn::AnyCatalog,
            DependsOn::Course("aws"),
            DependsOn::Course("gcp"),
            DependsOn::CourseFields,
            DependsOn::Home,
            DependsOn::BlogLists,
            DependsOn::BlogTag("cloud"),
            DependsOn::BlogTag("security"),
            DependsOn::Article("what-is-a-backend-developer"),
            DependsOn::Article("kubernetes-in-production"),
        ];
        for change in &changes {
            let generation = Generation::default();
            let before = generation.current();
            generation.advance(change);
            for depends in answers {
                assert_eq!(
                    !generation.still_holds(depends, before),
                    change.touches(depends),
                    "{change:?} on {depends:?}"
                );
            }
        }
    }

    #[test]
    fn a_post_write_leaves_the_catalog_pages_and_other_posts_alone() {
        let change = Change::Post(post_change());
        assert!(!change.touches(DependsOn::AnyCatalog));
        assert!(!change.touches(DependsOn::Course("aws")));
        assert!(!change.touches(DependsOn::Home));
        assert!(!change.touches(DependsOn::BlogTag("security")));
        assert!(!change.touches(DependsOn::Article("kubernetes-in-production")));
        assert!(change.touches(DependsOn::BlogLists));
        assert!(change.touches(DependsOn::BlogTag("cloud")));
        assert!(change.touches(DependsOn::Article("what-is-a-backend-developer")));
    }
}
