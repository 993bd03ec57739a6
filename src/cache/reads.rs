//! Catalog reads, cached by what was asked for.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use moka::sync::Cache;
use serde::Serialize;

use super::{CacheStats, Change, Counters, DependsOn, Generation};

/// What a cached value answers. The strings are canonical (a course slug, a
/// filter query in `CatalogFilters::to_query` form), so equal questions share
/// an entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReadKey {
    Catalog(String),
    Course(String),
    Related(String),
    Schedule(String),
    Home,
    FilterOptions,
    /// A list of all blog posts, by its canonical query (search and page).
    Blog(String),
    /// One tag's list of posts, by tag and canonical query.
    BlogTag {
        tag: String,
        query: String,
    },
    /// A blog article by its slug.
    Article(String),
}

impl ReadKey {
    fn depends(&self) -> DependsOn<'_> {
        match self {
            Self::Catalog(_) | Self::Schedule(_) => DependsOn::AnyCatalog,
            Self::Home => DependsOn::Home,
            Self::Blog(_) => DependsOn::BlogLists,
            Self::BlogTag { tag, .. } => DependsOn::BlogTag(tag),
            Self::Article(slug) => DependsOn::Article(slug),
            Self::Course(slug) => DependsOn::Course(slug),
            Self::Related(_) | Self::FilterOptions => DependsOn::CourseFields,
        }
    }
}

#[derive(Clone)]
struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    bytes: u32,
    /// [`Generation::current`] when the load began.
    loaded_at: u64,
}

#[derive(Clone)]
pub struct ReadCache {
    entries: Option<Cache<ReadKey, Entry>>,
    counters: Arc<Counters>,
    generation: Arc<Generation>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("stats", &self.stats())
            .finish()
    }
}

impl ReadCache {
    pub(super) fn new(max_bytes: u64, generation: Arc<Generation>) -> Self {
        let entries = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_key: &ReadKey, entry: &Entry| entry.bytes)
                .support_invalidation_closures()
                .build()
        });
        Self {
            entries,
            counters: Arc::default(),
            generation,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.entries.is_some()
    }

    /// The cached answer to `key` while no write has touched it since it was
    /// loaded, or `load`'s, which is kept unless a write touched it meanwhile.
    pub async fn get_or_load<T, E, F, Fut>(&self, key: ReadKey, load: F) -> Result<Arc<T>, E>
    where
        T: Serialize + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let Some(entries) = &self.entries else {
            return load().await.map(Arc::new);
        };
        let cached = entries
            .get(&key)
            .filter(|entry| self.generation.still_holds(key.depends(), entry.loaded_at))
            .and_then(|entry| entry.value.downcast::<T>().ok());
        if let Some(value) = cached {
            self.counters.hit();
            return Ok(value);
        }
        self.counters.miss();
        let loaded_at = self.generation.current();
        let value = Arc::new(load().await?);
        if self.generation.still_holds(key.depends(), loaded_at) {
            // The size is what the value takes serialized: close enough to its
            // heap size to bound memory, and paid only on a miss.
            let bytes = serde_json::to_vec(&*value).map_or(1024, |json| json.len());
            let entry = Entry {
                value: value.clone(),
                bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
                loaded_at,
            };
            entries.insert(key, entry);
        }
        Ok(value)
    }

    /// Frees the entries `change` made stale (they are no longer served either way).
    pub(super) fn invalidate(&self, change: &Change) {
        let Some(entries) = &self.entries else {
            return;
        };
        let change = change.clone();
        let outcome = entries.invalidate_entries_if(move |key, _| change.touches(key.depends()));
        if let Err(error) = outcome {
            // Only possible if closures were not enabled at build time; drop all.
            tracing::error!(%error, "cannot invalidate selectively; clearing the read cache");
            entries.invalidate_all();
        }
    }

    pub fn stats(&self) -> CacheStats {
        use std::sync::atomic::Ordering::Relaxed;
        CacheStats {
            hits: self.counters.hits.load(Relaxed),
            misses: self.counters.misses.load(Relaxed),
            entries: self.entries.as_ref().map_or(0, |e| e.entry_count()),
            bytes: self.entries.as_ref().map_or(0, |e| e.weighted_size()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> (ReadCache, Arc<Generation>) {
        let generation = Arc::new(Generation::default());
        (ReadCache::new(1 << 20, generation.clone()), generation)
    }

    async fn load(cache: &ReadCache, key: ReadKey, value: &str) -> String {
        let value = value.to_owned();
        let loaded = cache
            .get_or_load(key, || async move { Ok::<_, ()>(value) })
            .await
            .unwrap();
        (*loaded).clone()
    }

    #[tokio::test]
    async fn a_second_read_is_served_from_the_cache() {
        let (cache, _) = cache();
        assert_eq!(load(&cache, ReadKey::Home, "first").await, "first");
        assert_eq!(load(&cache, ReadKey::Home, "second").await, "first");
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (1, 1));
    }

    #[tokio::test]
    async fn a_course_edit_drops_its_page_and_the_lists_but_not_other_courses() {
        let (cache, generation) = cache();
        for key in [
            ReadKey::Course("aws".into()),
            ReadKey::Course("python".into()),
            ReadKey::Catalog("q=x".into()),
            ReadKey::Related("python".into()),
        ] {
            load(&cache, key, "old").await;
        }

        let change = Change::Course { slug: "aws".into() };
        generation.advance(&change);
        cache.invalidate(&change);

        assert_eq!(
            load(&cache, ReadKey::Course("aws".into()), "new").await,
            "new"
        );
        assert_eq!(
            load(&cache, ReadKey::Catalog("q=x".into()), "new").await,
            "new"
        );
        assert_eq!(
            load(&cache, ReadKey::Related("python".into()), "new").await,
            "new"
        );
        assert_eq!(
            load(&cache, ReadKey::Course("python".into()), "new").await,
            "old"
        );
    }

    #[tokio::test]
    async fn a_value_loaded_while_a_write_happened_is_not_kept() {
        let (cache, generation) = cache();
        let racing = generation.clone();
        cache
            .get_or_load(ReadKey::Home, || async move {
                racing.advance(&Change::Catalog);
                Ok::<_, ()>("stale".to_owned())
            })
            .await
            .unwrap();
        assert_eq!(load(&cache, ReadKey::Home, "fresh").await, "fresh");
    }

    #[tokio::test]
    async fn a_write_is_seen_at_once_though_the_cache_has_not_dropped_anything_yet() {
        let (cache, generation) = cache();
        load(&cache, ReadKey::Schedule(String::new()), "old").await;
        load(&cache, ReadKey::Course("python".into()), "old").await;
        load(&cache, ReadKey::Related("python".into()), "old").await;

        // Numbered, but moka is not asked to drop anything.
        generation.advance(&Change::RunsOf { slug: "aws".into() });

        assert_eq!(
            load(&cache, ReadKey::Schedule(String::new()), "new").await,
            "new"
        );
        assert_eq!(
            load(&cache, ReadKey::Course("python".into()), "new").await,
            "old",
            "another course's page still holds"
        );
        assert_eq!(
            load(&cache, ReadKey::Related("python".into()), "new").await,
            "old",
            "runs do not change related courses"
        );
        generation.advance(&Change::Catalog);
        assert_eq!(
            load(&cache, ReadKey::Course("python".into()), "new").await,
            "new"
        );
    }

    #[tokio::test]
    async fn a_disabled_cache_always_loads() {
        let cache = ReadCache::new(0, Arc::default());
        assert_eq!(load(&cache, ReadKey::Home, "first").await, "first");
        assert_eq!(load(&cache, ReadKey::Home, "second").await, "second");
    }
}
