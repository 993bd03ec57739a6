//! The in-memory caches (moka): catalog reads, and whole pages rendered for
//! anonymous visitors. Both are bounded by `cache.max_megabytes` and emptied of
//! exactly what an admin write affects before that write returns.
//!
//! Invalidation is race-free within one process: every write bumps a generation
//! counter, and a value computed while the generation moved is not kept (see
//! [`Generation`]). Several instances behind a load balancer each keep their own
//! cache; they do not hear of each other's writes (ARCHITECTURE.md).

pub mod pages;
mod reads;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub use pages::{mark_page_cacheable, PageArea, PageCache};
pub use reads::{ReadCache, ReadKey};
use serde::{Deserialize, Serialize};

/// Counts writes. A reader notes it before loading and keeps its result only if
/// it has not moved, so a load that raced a write is never cached.
#[derive(Debug, Default)]
pub struct Generation(AtomicU64);

impl Generation {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    fn advance(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
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

    /// Drops what `change` affects. Call after the write commits and before
    /// answering, so the next request reads the new data.
    pub fn invalidate(&self, change: &Change) {
        self.generation.advance();
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
