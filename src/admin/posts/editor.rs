//! `/admin/posts/{id}` (or `new`): the post form with its Markdown preview.
//! With JavaScript the preview follows the text as it is typed (the
//! `LivePreview` island); without, the Preview button posts the form and shows
//! it again with the rendered text, saving nothing.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::live_preview::{LivePreview, PREVIEW_ERROR_ID, PREVIEW_ID};
use super::model::{PostEditor, PREVIEW_INTENT, STATUSES};
use super::server_fns::{load_post_editor, preview_post, DeletePost, SavePost, UnpublishPost};
use crate::admin::shell::{id_in, Badge};
use crate::admin::AdminShell;
use crate::errors::{form_errors, AppError, FormErrors, Loaded};
use crate::ui::{
    Button, ButtonVariant, Card, Flash, FlashKind, FormField, PageMeta, SelectField, TextAreaField,
};

#[component]
pub fn AdminPostEditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = ServerAction::<SavePost>::new();
    let unpublish = ServerAction::<UnpublishPost>::new();
    let delete = ServerAction::<DeletePost>::new();
    let post_id = move || id_in(&params.read(), "id");
    let editor = Resource::new(
        move || (post_id(), query.read().get("saved")),
        |(id, _)| load_post_editor(id),
    );
    let flash = move || match query.read().get("saved").as_deref() {
        Some("post") => Some("The post was saved."),
        Some("unpublished") => Some("The post was taken off the site. It is a draft now."),
        _ => None,
    };
    let title = if post_id() == 0 {
        "New post"
    } else {
        "Edit post"
    };
    view! {
        <PageMeta title=title />
        <AdminShell title=title>
            {move || flash().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            <Loaded resource=editor show=move |editor| view! { <Editor editor save unpublish delete /> } />
        </AdminShell>
    }
}

/// The text a "Preview" post sent back, if the last answer was one.
fn previewed_body(errors: &FormErrors) -> Option<String> {
    (errors.value("intent") == PREVIEW_INTENT).then(|| errors.value("body"))
}

#[component]
fn Editor(
    editor: PostEditor,
    save: ServerAction<SavePost>,
    unpublish: ServerAction<UnpublishPost>,
    delete: ServerAction<DeletePost>,
) -> impl IntoView {
    let PostEditor {
        form,
        authors,
        preview_html,
        public_href,
        status_line,
    } = editor;
    let id = form.id;
    let shown = public_href.is_some();
    // What the preview shows: the text a Preview post sent back, else the
    // saved post. (With JavaScript, the island replaces it as the admin types.)
    let rendered = Resource::new(
        move || previewed_body(&form_errors(save.value().get())),
        |body| async move {
            match body {
                Some(body) => preview_post(body).await.map(Some),
                None => Ok::<_, AppError>(None),
            }
        },
    );
    let saved_preview = preview_html.clone();
    let preview = move || match rendered.get() {
        Some(Ok(Some(html))) => html,
        _ => saved_preview.clone(),
    };
    // Said as text beside the preview, never written into its HTML.
    let preview_error = move || match rendered.get() {
        Some(Err(error)) => error.to_string(),
        _ => String::new(),
    };
    view! {
        <LivePreview>
        <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
            <Card>
                <ActionForm action=save attr:class="space-y-5" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.to_string() />
                    {move || {
                        let errors = form_errors(save.value().get());
                        let form = form.clone();
                        let for_values = errors.clone();
                        let value = move |name: &str, saved: &str| {
                            if for_values.values.is_empty() { saved.to_owned() } else { for_values.value(name) }
                        };
                        let error = {
                            let errors = errors.clone();
                            move |name: &str| errors.field(name)
                        };
                        let previewing = previewed_body(&errors).is_some();
                        view! {
                            {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                            {(!errors.fields.is_empty()).then(|| view! { <Flash kind=FlashKind::Error message="Please correct the highlighted fields." /> })}
                            {previewing.then(|| view! { <Flash kind=FlashKind::Info message="This is a preview: nothing was saved yet." /> })}
                            <FormField name="title" label="Title" value=value("title", &form.title) error=error("title") required=true />
                            <div class="grid gap-5 sm:grid-cols-2">
                                <FormField name="slug" label="Slug" hint="The address: /blog/your-slug. Leave empty to make one from the title; a changed slug keeps the old address working."
                                    value=value("slug", &form.slug) error=error("slug") />
                                <SelectField name="author" label="Author" options=authors.clone() empty_label="Choose…"
                                    value=value("author", &form.author) error=error("author") required=true />
                            </div>
                            <FormField name="summary" label="Summary" hint="One or two sentences for lists, feeds and search engines."
                                value=value("summary", &form.summary) error=error("summary") required=true />
                            <TextAreaField name="body" label="Text" hint="Markdown: ## headings, - lists, **bold**, [links](https://…)."
                                monospace=true rows=18 value=value("body", &form.body) error=error("body") required=true />
                            <div class="grid gap-5 sm:grid-cols-2">
                                <FormField name="cover_url" label="Cover picture" hint="Optional: /images/… or an https:// address."
                                    value=value("cover_url", &form.cover_url) error=error("cover_url") />
                                <FormField name="cover_alt" label="Cover description" hint="What the picture shows, for readers who cannot see it."
                                    value=value("cover_alt", &form.cover_alt) error=error("cover_alt") />
                            </div>
                            <FormField name="tags" label="Tags" hint="Separated by commas, e.g. cloud, career advice. Related Trainings are chosen from them."
                                value=value("tags", &form.tags) error=error("tags") />
                            <div class="grid gap-5 sm:grid-cols-2">
                                <SelectField name="status" label="Status" value=value("status", &form.status) error=error("status")
                                    options=STATUSES.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())).collect() />
                                <FormField name="publish_at" label="Publish time" kind="datetime-local"
                                    hint="In the site's time zone. Needed to schedule; empty publishes now."
                                    value=value("publish_at", &form.publish_at) error=error("publish_at") />
                            </div>
                        }
                        .into_any()
                    }}
                    <div class="flex flex-wrap items-center gap-3 border-t border-ink-100 pt-5">
                        <Button>{if id == 0 { "Create post" } else { "Save post" }}</Button>
                        <Button variant=ButtonVariant::Secondary name="intent" value=PREVIEW_INTENT>"Preview"</Button>
                        <a href="/admin/posts" class="text-sm font-medium text-ink-600 hover:text-ink-900">"Back to posts"</a>
                    </div>
                </ActionForm>
            </Card>
            <aside class="space-y-6">
                <Card>
                    <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Status"</h2>
                    <p class="mt-2 text-sm text-ink-800">{status_line}</p>
                    {match public_href.clone() {
                        Some(href) => view! { <a href=href class="mt-2 inline-block text-sm font-medium text-brand-700">"Read it on the blog →"</a> }.into_any(),
                        None => view! { <p class="mt-2"><Badge text="Not on the blog" /></p> }.into_any(),
                    }}
                </Card>
                {shown.then(|| view! {
                    <Card>
                        <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Unpublish"</h2>
                        <p class="mt-1 text-sm text-ink-600">"Takes it off the blog at once; it stays here as a draft."</p>
                        {move || form_errors(unpublish.value().get()).message.map(|message| view! { <div class="mt-3"><Flash kind=FlashKind::Error message /></div> })}
                        <ActionForm action=unpublish attr:class="mt-3">
                            <input type="hidden" name="id" value=id.to_string() />
                            <Button variant=ButtonVariant::Secondary>"Unpublish"</Button>
                        </ActionForm>
                    </Card>
                })}
                {(id != 0).then(|| view! {
                    <Card>
                        <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Delete"</h2>
                        <p class="mt-1 text-sm text-ink-600">"Removes the post and its old addresses for good."</p>
                        {move || form_errors(delete.value().get()).message.map(|message| view! { <div class="mt-3"><Flash kind=FlashKind::Error message /></div> })}
                        <ActionForm action=delete attr:class="mt-3">
                            <input type="hidden" name="id" value=id.to_string() />
                            <Button variant=ButtonVariant::Secondary>"Delete post"</Button>
                        </ActionForm>
                    </Card>
                })}
            </aside>
        </div>
        <div class="mt-6"><Card>
            <div class="flex items-center justify-between">
                <h2 id="post-preview-heading" class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Preview"</h2>
                <span class="text-xs text-ink-500">"As readers will see the text"</span>
            </div>
            <p id=PREVIEW_ERROR_ID role="alert"
                class="mt-3 rounded-lg bg-danger-50 px-4 py-3 text-sm font-medium text-danger-800 ring-1 ring-inset ring-danger-200 empty:hidden">
                {preview_error}
            </p>
            // Focusable: keyboard users scroll a long preview too.
            <Transition fallback=|| ()>
                <section id=PREVIEW_ID tabindex="0" aria-labelledby="post-preview-heading"
                    class="prose-kurso mt-3 max-h-[40rem] overflow-y-auto focus-visible:outline-2"
                    inner_html=preview></section>
            </Transition>
        </Card></div>
        </LivePreview>
    }
    .into_any()
}
