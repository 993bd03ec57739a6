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
    /// Categories, venues or trainers: every answer.
    catalog: u64,
    /// Any course's own fields: related-course lists and filter options.
    course_fields: u64,
    /// Each course's fields or runs, by slug. Grows by one number per course
    /// ever edited while the process runs, which is bounded by the catalog.
    courses: HashMap<String, u64>,
}

/// What a cached answer depends on.
#[derive(Clone, Copy, Debug)]
pub(crate) enum DependsOn<'a> {
    /// Every write (lists, the schedule, the home page, whole pages).
    Everything,
    /// One course's page.
    Course(&'a str),
    /// Any course's fields, not runs.
    CourseFields,
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
            Change::Catalog => last.catalog = number,
            Change::Course { slug } => {
                last.course_fields = number;
                last.courses.insert(slug.clone(), number);
            }
            Change::RunsOf { slug } => {
                last.courses.insert(slug.clone(), number);
            }
            // Only answers that depend on everything, which read the count itself.
            Change::Posts => {}
        }
    }

    /// The number of the last write that touched answers of this kind.
    pub(crate) fn last_write(&self, depends: DependsOn<'_>) -> u64 {
        let last = || self.last.lock().unwrap_or_else(PoisonError::into_inner);
        match depends {
            DependsOn::Everything => self.current(),
            DependsOn::Course(slug) => {
                let last = last();
                last.courses
                    .get(slug)
                    .copied()
                    .unwrap_or(0)
                    .max(last.catalog)
            }
            DependsOn::CourseFields => {
                let last = last();
                last.course_fields.max(last.catalog)
            }
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
    /// The blog changed, or a scheduled post's time came: the lists and pages
    /// that show posts, not one course's page.
    Posts,
}

impl Change {
    /// Whether this write makes answers that depend on `depends` stale.
    pub(crate) fn touches(&self, depends: DependsOn<'_>) -> bool {
        match (self, depends) {
            (Self::Catalog, _) | (_, DependsOn::Everything) => true,
            (Self::Course { slug } | Self::RunsOf { slug }, DependsOn::Course(cached)) => {
                slug == cached
            }
            (Self::Course { .. }, DependsOn::CourseFields) => true,
            (Self::RunsOf { .. }, DependsOn::CourseFields) => false,
            (Self::Posts, DependsOn::Course(_) | DependsOn::CourseFields) => false,
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
