//! Whole pages rendered for anonymous visitors, kept to be served again
//! without rendering. A page opts in while it renders ([`mark_page_cacheable`]);
//! the server's middleware (`server::page_cache`) decides what is kept and
//! replays it. The page's CSP nonce must not be shared between visitors, so a
//! page is stored cut at every occurrence of its nonce and each hit is joined
//! back together around a fresh one.

use std::sync::Arc;

use axum::body::Bytes;
use http::HeaderValue;
use moka::sync::Cache;

use super::{CacheStats, Change, Counters, DependsOn, Generation};

/// The internal header a page sets to ask to be cached; never sent out.
pub const CACHEABLE_HEADER: &str = "x-kurso-page-area";
/// Tells tests and operators whether a page came from the cache.
pub const CACHE_STATUS_HEADER: &str = "x-kurso-cache";
/// Pages bigger than this are not worth holding.
pub const MAX_PAGE_BYTES: usize = 2 << 20;

/// What a cached page shows, and so which writes make it stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageArea {
    /// The catalog, a course page and the schedule: catalog writes only.
    Catalog,
    /// The home page: catalog writes and the newest posts.
    Home,
    /// The blog's list of all posts (its pages and searches).
    BlogList,
    /// One tag's list of posts.
    BlogTag(String),
    /// One article, by slug, with the trainings and posts beside it.
    Article(String),
}

impl PageArea {
    fn marker(&self) -> String {
        match self {
            Self::Catalog => "catalog".to_owned(),
            Self::Home => "home".to_owned(),
            Self::BlogList => "blog".to_owned(),
            Self::BlogTag(tag) => format!("tag:{tag}"),
            Self::Article(slug) => format!("article:{slug}"),
        }
    }

    /// The area a page named in its marker header.
    pub fn from_marker(marker: &str) -> Option<Self> {
        match marker {
            "catalog" => Some(Self::Catalog),
            "home" => Some(Self::Home),
            "blog" => Some(Self::BlogList),
            _ => match marker.split_once(':')? {
                ("tag", tag) => Some(Self::BlogTag(tag.to_owned())),
                ("article", slug) => Some(Self::Article(slug.to_owned())),
                _ => None,
            },
        }
    }

    fn depends(&self) -> DependsOn<'_> {
        match self {
            Self::Catalog => DependsOn::AnyCatalog,
            Self::Home => DependsOn::Home,
            Self::BlogList => DependsOn::BlogLists,
            Self::BlogTag(tag) => DependsOn::BlogTag(tag),
            Self::Article(slug) => DependsOn::Article(slug),
        }
    }
}

/// Called while a page renders on the server: this page may be kept for
/// anonymous visitors. A no-op in the browser, and for an address that cannot
/// travel in a header (such a page is simply not kept).
pub fn mark_page_cacheable(area: PageArea) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(marker) = HeaderValue::from_str(&area.marker()) {
            response.insert_header(http::HeaderName::from_static(CACHEABLE_HEADER), marker);
        }
    }
}

pub struct CachedPage {
    area: PageArea,
    /// [`Generation::current`] when the render began, set by [`PageCache::keep`].
    rendered_at: u64,
    /// The body split at each occurrence of the nonce it was rendered with.
    pieces: Vec<Bytes>,
    pub content_type: HeaderValue,
}

impl CachedPage {
    /// A rendered page, cut at every occurrence of the nonce it was rendered with.
    pub fn new(area: PageArea, body: &Bytes, nonce: &str, content_type: HeaderValue) -> Self {
        Self {
            area,
            rendered_at: 0,
            pieces: split_at(body, nonce.as_bytes()),
            content_type,
        }
    }

    fn weight(&self) -> u32 {
        let bytes: usize = self.pieces.iter().map(Bytes::len).sum();
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }

    pub fn body_with_nonce(&self, nonce: &str) -> Vec<u8> {
        let size =
            self.pieces.iter().map(Bytes::len).sum::<usize>() + nonce.len() * self.pieces.len();
        let mut body = Vec::with_capacity(size);
        for (index, piece) in self.pieces.iter().enumerate() {
            if index > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        body
    }
}

#[derive(Clone)]
pub struct PageCache {
    pages: Option<Cache<String, Arc<CachedPage>>>,
    counters: Arc<Counters>,
    generation: Arc<Generation>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("stats", &self.stats())
            .finish()
    }
}

impl PageCache {
    pub(super) fn new(max_bytes: u64, generation: Arc<Generation>) -> Self {
        let pages = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_key: &String, page: &Arc<CachedPage>| page.weight())
                .support_invalidation_closures()
                .build()
        });
        Self {
            pages,
            counters: Arc::default(),
            generation,
        }
    }

    /// Frees the pages `change` made stale (they are no longer served either way).
    pub(super) fn invalidate(&self, change: &Change) {
        let Some(pages) = &self.pages else {
            return;
        };
        let change = change.clone();
        if pages
            .invalidate_entries_if(move |_, page| change.touches(page.area.depends()))
            .is_err()
        {
            pages.invalidate_all();
        }
    }

    /// Whether pages are kept at all (`cache.max_megabytes` above zero).
    pub fn is_on(&self) -> bool {
        self.pages.is_some()
    }

    /// The page kept under `key`, counted as a hit, unless a write came after
    /// its render (every catalog page can show anything in the catalog).
    pub fn hit(&self, key: &str) -> Option<Arc<CachedPage>> {
        let page = self.pages.as_ref()?.get(key)?;
        if !self.still_holds(&page) {
            return None;
        }
        self.counters.hit();
        Some(page)
    }

    fn still_holds(&self, page: &CachedPage) -> bool {
        self.generation
            .still_holds(page.area.depends(), page.rendered_at)
    }

    /// Where writes stand; note it before rendering and pass it to [`Self::keep`].
    pub fn generation(&self) -> u64 {
        self.generation.current()
    }

    /// A page that may be kept had to be rendered.
    pub fn miss(&self) {
        self.counters.miss();
    }

    /// Keeps a page rendered after a miss, unless a write happened since the
    /// render began (its content may be stale).
    pub fn keep(&self, key: String, mut page: CachedPage, rendered_at: u64) {
        let Some(pages) = &self.pages else {
            return;
        };
        page.rendered_at = rendered_at;
        if self.still_holds(&page) {
            pages.insert(key, Arc::new(page));
        }
    }

    pub fn stats(&self) -> CacheStats {
        use std::sync::atomic::Ordering::Relaxed;
        CacheStats {
            hits: self.counters.hits.load(Relaxed),
            misses: self.counters.misses.load(Relaxed),
            entries: self.pages.as_ref().map_or(0, |p| p.entry_count()),
            bytes: self.pages.as_ref().map_or(0, |p| p.weighted_size()),
        }
    }
}

fn split_at(bytes: &Bytes, needle: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index + needle.len() <= bytes.len() {
        if &bytes[index..index + needle.len()] == needle {
            pieces.push(bytes.slice(start..index));
            index += needle.len();
            start = index;
        } else {
            index += 1;
        }
    }
    pieces.push(bytes.slice(start..));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_page_is_served_with_a_new_nonce_everywhere_the_old_one_was() {
        let body = Bytes::from_static(
            b"<script nonce=\"OLDNONCE0123456789\">a</script><script nonce=\"OLDNONCE0123456789\">",
        );
        let page = CachedPage::new(
            PageArea::Catalog,
            &body,
            "OLDNONCE0123456789",
            HeaderValue::from_static("text/html"),
        );

        let replayed = String::from_utf8(page.body_with_nonce("NEW")).unwrap();

        assert_eq!(
            replayed,
            "<script nonce=\"NEW\">a</script><script nonce=\"NEW\">"
        );
    }

    fn page() -> CachedPage {
        let body = Bytes::from_static(b"<p>Schedule</p>");
        CachedPage::new(
            PageArea::Catalog,
            &body,
            "N0NCE-N0NCE-N0NCE",
            HeaderValue::from_static("text/html"),
        )
    }

    #[test]
    fn a_page_is_not_served_after_a_write_though_the_cache_has_not_dropped_it_yet() {
        let generation = Arc::new(Generation::default());
        let cache = PageCache::new(1 << 20, generation.clone());
        cache.keep("/schedule".into(), page(), generation.current());
        assert!(cache.hit("/schedule").is_some());

        // Numbered, but moka is not asked to drop anything.
        generation.advance(&Change::RunsOf { slug: "aws".into() });

        assert!(cache.hit("/schedule").is_none());
    }

    #[test]
    fn a_page_rendered_while_a_write_happened_is_not_kept() {
        let generation = Arc::new(Generation::default());
        let cache = PageCache::new(1 << 20, generation.clone());
        let rendered_at = generation.current();
        generation.advance(&Change::Catalog);
        cache.keep("/schedule".into(), page(), rendered_at);
        assert!(cache.hit("/schedule").is_none());
    }
}
