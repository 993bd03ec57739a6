//! `/admin/posts`: every post, drafts and scheduled ones included, to search,
//! filter by status, sort and page through; the way into each post's editor.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::AdminPostItem;
use super::server_fns::list_admin_posts;
use crate::admin::shell::Badge;
use crate::admin::AdminShell;
use crate::catalog::filters::encode;
use crate::errors::Loaded;
use crate::ui::{ButtonLink, Column, DataTable, Flash, FlashKind, PageMeta};

const COLUMNS: &[Column] = &[
    Column::text("Post"),
    Column::text("Author").cells("text-ink-600"),
    Column::text("Status"),
    Column::text("When").cells("whitespace-nowrap text-ink-600"),
    Column::actions().cells("whitespace-nowrap"),
];

const STATUS_FILTERS: &[(&str, &str)] = &[
    ("", "All statuses"),
    ("published", "Published"),
    ("scheduled", "Scheduled"),
    ("draft", "Drafts"),
];

const SORTS: &[(&str, &str)] = &[
    ("", "Newest first"),
    ("updated", "Recently changed"),
    ("title", "Title"),
];

#[component]
pub fn AdminPostsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let posts = Resource::new(
        move || {
            (
                param("q"),
                param("status"),
                param("sort"),
                param("page").parse::<u32>().unwrap_or(1),
            )
        },
        |(search, status, sort, page)| list_admin_posts(search, status, sort, page),
    );
    let input = "rounded-lg border-0 bg-white px-3 py-2 text-sm text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200";
    view! {
        <PageMeta title="Posts" />
        <AdminShell title="Posts" lead="The blog's articles. Drafts and scheduled posts are seen only here until their time comes.">
            {move || query.read().get("deleted").map(|_| view! { <div class="mb-4"><Flash kind=FlashKind::Success message="The post was deleted." /></div> })}
            <Loaded resource=posts show=move |list| {
                let (search, status, sort) = (param("q"), param("status"), param("sort"));
                let page_link = {
                    let (search, status, sort) = (search.clone(), status.clone(), sort.clone());
                    move |page: u32| format!(
                        "/admin/posts?q={}&status={}&sort={}&page={page}",
                        encode(&search), encode(&status), encode(&sort)
                    )
                };
                let select = |id: &'static str, name: &'static str, label: &'static str, chosen: String, choices: &'static [(&'static str, &'static str)]| view! {
                    <label for=id class="sr-only">{label}</label>
                    <select id=id name=name class=input>
                        {choices.iter().map(|(value, text)| view! {
                            <option value=*value selected=*value == chosen>{*text}</option>
                        }).collect_view()}
                    </select>
                };
                view! {
                    <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
                        <form method="get" action="/admin/posts" class="flex flex-wrap gap-2" role="search">
                            <label for="post-search" class="sr-only">"Search by title or slug"</label>
                            <input id="post-search" name="q" type="search" value=search placeholder="Title or slug" class=input />
                            {select("post-status", "status", "Status", status, STATUS_FILTERS)}
                            {select("post-sort", "sort", "Sort", sort, SORTS)}
                            <button type="submit" class="rounded-lg bg-white px-4 py-2 text-sm font-semibold ring-1 ring-inset ring-ink-200 hover:bg-ink-50">"Filter"</button>
                        </form>
                        <ButtonLink href="/admin/posts/new">"New post"</ButtonLink>
                    </div>
                    <p class="mb-3 text-sm text-ink-600">{format!("{} posts", list.total)}</p>
                    <DataTable label="Posts" columns=COLUMNS rows=list.posts
                        empty_title="No posts found" empty_message="Try other words or another status, or write a post."
                        key=|post: &AdminPostItem| post.id.to_string()
                        cells=|post: AdminPostItem| vec![
                            view! {
                                <a href=format!("/admin/posts/{}", post.id) class="font-medium text-ink-900 hover:text-brand-800">{post.title}</a>
                                <p class="text-ink-500">{format!("/blog/{}", post.slug)}</p>
                            }.into_any(),
                            post.author.into_any(),
                            match post.status.as_str() {
                                "Published" => view! { <Badge text="Published" tone="good" /> }.into_any(),
                                "Scheduled" => view! { <Badge text="Scheduled" tone="brand" /> }.into_any(),
                                other => view! { <Badge text=other.to_owned() /> }.into_any(),
                            },
                            post.when.into_any(),
                            view! {
                                <div class="flex items-center justify-end gap-2">
                                    <a href=format!("/admin/posts/{}", post.id) class="rounded-lg px-3 py-1.5 font-medium text-brand-800 hover:bg-brand-50">"Edit"</a>
                                    {post.public_href.map(|href| view! {
                                        <a href=href class="rounded-lg px-3 py-1.5 font-medium text-brand-800 hover:bg-brand-50">"View"</a>
                                    })}
                                </div>
                            }.into_any(),
                        ] />
                    <nav class="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
                        <span class="text-ink-600">{format!("Page {} of {}", list.page, list.page_count.max(1))}</span>
                        <span class="flex gap-2">
                            {(list.page > 1).then(|| view! { <a href=page_link(list.page - 1) class="font-medium text-brand-700">"← Previous"</a> })}
                            {(list.page < list.page_count).then(|| view! { <a href=page_link(list.page + 1) class="font-medium text-brand-700">"Next →"</a> })}
                        </span>
                    </nav>
                }
            } />
        </AdminShell>
    }
}
