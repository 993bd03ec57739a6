//! `/blog` and `/blog/tags/{tag}`: posts newest first, with a search, the tags
//! to browse by and pages of nine.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::blog::model::{BlogListing, PostCard};
use crate::blog::server_fns::load_blog;
use crate::catalog::filters::encode;
use crate::errors::Loaded;
use crate::ui::{Card, EmptyState, InnerPage, Pagination, SearchForm};

#[component]
pub fn BlogPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::BlogList);
    let query = use_query_map();
    let searched = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let page = move || page_number(query.read().get("page"));
    // Tags are browsed on their own pages (`/blog/tags/{tag}`).
    let listing = Resource::new(
        move || (searched.get(), page()),
        |(q, page)| load_blog(None, q, page),
    );
    view! {
        <InnerPage title="Blog"
            lead="Guides, certification tips and news from our trainers."
            description="Articles from our certified trainers on cloud, security, programming and data.">
            <SearchForm action="/blog" id="blog-search" name="q" label="Search the blog"
                value=searched placeholder="Search articles, e.g. backend, AWS, security" />
            <Loaded resource=listing keep_previous=true show=move |listing| {
                let q = searched.get_untracked();
                let filtered = !q.is_empty();
                view! { <Listing listing filtered href=move |number| list_href(&q, number) /> }
            } />
        </InnerPage>
    }
}

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::BlogTag(
        params.read_untracked().get("tag").unwrap_or_default(),
    ));
    let query = use_query_map();
    let tag = move || params.read().get("tag").unwrap_or_default();
    let page = move || page_number(query.read().get("page"));
    let listing = Resource::new(
        move || (tag(), page()),
        |(tag, page)| load_blog(Some(tag), String::new(), page),
    );
    view! {
        {move || {
            let tag = tag();
            let title = format!("Posts tagged “{tag}”");
            let description = format!("Articles from our trainers about {}.", tag.replace('-', " "));
            view! {
                <InnerPage title lead="Articles from our trainers on this topic." description>
                    <p class="mb-6 text-sm"><a href="/blog" class="font-medium text-brand-700 hover:text-brand-900">"← All posts"</a></p>
                    <Loaded resource=listing keep_previous=true show=move |listing| {
                        let tag = tag.clone();
                        view! { <Listing listing filtered=true href=move |number| tag_href(&tag, number) /> }
                    } />
                </InnerPage>
            }
        }}
    }
}

fn page_number(value: Option<String>) -> u32 {
    value.and_then(|page| page.parse().ok()).unwrap_or(1).max(1)
}

fn list_href(q: &str, page: u32) -> String {
    match (q.is_empty(), page) {
        (true, 1) => "/blog".to_owned(),
        (true, _) => format!("/blog?page={page}"),
        (false, 1) => format!("/blog?q={}", encode(q)),
        (false, _) => format!("/blog?q={}&page={page}", encode(q)),
    }
}

fn tag_href(tag: &str, page: u32) -> String {
    if page == 1 {
        format!("/blog/tags/{tag}")
    } else {
        format!("/blog/tags/{tag}?page={page}")
    }
}

#[component]
fn Listing(
    listing: BlogListing,
    /// A search or a tag narrowed the list: an empty list says so.
    filtered: bool,
    href: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let BlogListing {
        posts,
        total,
        page,
        page_count,
        tags,
    } = listing;
    let tags = (!tags.is_empty()).then(|| view! {
        <nav aria-label="Tags" class="mb-8 flex flex-wrap gap-2">
            {tags.into_iter().map(|tag| view! {
                <a href=format!("/blog/tags/{}", tag.tag)
                    class="rounded-full bg-white px-3 py-1 text-sm font-medium text-ink-700 ring-1 ring-inset ring-ink-200 hover:bg-brand-50 hover:text-brand-800">
                    {format!("#{}", tag.tag)} <span class="text-ink-500">{format!(" {}", tag.posts)}</span>
                </a>
            }).collect_view()}
        </nav>
    });
    let list = if posts.is_empty() {
        if filtered {
            view! { <EmptyState title="No posts match" message="Try other words, or browse all posts." /> }.into_any()
        } else {
            view! { <EmptyState title="No posts yet" message="Articles from our trainers will appear here." /> }.into_any()
        }
    } else {
        let noun = if total == 1 { "post" } else { "posts" };
        view! {
            <p class="mb-4 text-sm text-ink-600">{format!("{total} {noun}")}</p>
            <ul class="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
                {posts.into_iter().map(|post| view! { <li><PostTile post /></li> }).collect_view()}
            </ul>
            <Pagination page page_count href />
        }
        .into_any()
    };
    view! { {tags} {list} }
}

/// A post as a card: date, title, summary, reading time and tags. The home page
/// lists the latest posts with it too.
#[component]
pub fn PostTile(
    post: PostCard,
    /// Inside a titled section (the home page): the post's title is an h3.
    #[prop(optional)]
    in_section: bool,
) -> impl IntoView {
    let PostCard {
        slug,
        title,
        summary,
        published_on,
        reading_minutes,
        author,
        tags,
    } = post;
    let byline = if author.is_empty() {
        format!("{published_on} · {reading_minutes} min read")
    } else {
        format!("{published_on} · {author} · {reading_minutes} min read")
    };
    view! {
        <Card class="flex h-full flex-col">
            <p class="text-xs text-ink-500">{byline}</p>
            {
                let link = view! { <a href=format!("/blog/{slug}") class="hover:text-brand-800">{title}</a> };
                let class = "mt-2 text-lg font-semibold leading-snug text-ink-950";
                if in_section {
                    view! { <h3 class=class>{link}</h3> }.into_any()
                } else {
                    view! { <h2 class=class>{link}</h2> }.into_any()
                }
            }
            <p class="mt-2 flex-1 text-sm text-ink-600">{summary}</p>
            {(!tags.is_empty()).then(|| view! {
                <p class="mt-4 flex flex-wrap gap-2 text-xs">
                    {tags.into_iter().map(|tag| view! {
                        <a href=format!("/blog/tags/{tag}") class="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-800 hover:bg-brand-100">{format!("#{tag}")}</a>
                    }).collect_view()}
                </p>
            })}
        </Card>
    }
}
