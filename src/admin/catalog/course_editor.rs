//! `/admin/courses/{id}` (or `new`): the course form with a preview of its
//! saved text, and the course's runs, added and edited on the same page.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::inputs::{choices, options};
use super::model::{AdminRun, CourseEditor};
use super::server_fns::{load_course_editor, DeleteCourse, DeleteRun, SaveCourse, SaveRun};
use crate::admin::shell::{id_in, Badge};
use crate::admin::AdminShell;
use crate::errors::{form_errors, FormErrors, Loaded};
use crate::ui::{
    Button, ButtonVariant, Card, Column, DataTable, Flash, FlashKind, FormField, SelectField,
    TextAreaField,
};

#[component]
pub fn AdminCourseEditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save_course = ServerAction::<SaveCourse>::new();
    let delete_course = ServerAction::<DeleteCourse>::new();
    let save_run = ServerAction::<SaveRun>::new();
    let delete_run = ServerAction::<DeleteRun>::new();
    let course_id = move || id_in(&params.read(), "id");
    let editor = Resource::new(
        move || {
            (
                course_id(),
                query.read().get("saved"),
                save_run.version().get(),
                delete_run.version().get(),
            )
        },
        |(id, _, _, _)| load_course_editor(id),
    );
    let flash = move || match query.read().get("saved").as_deref() {
        Some("course") => Some("The course was saved. Visitors see the change now."),
        Some("run") => Some("The run was saved."),
        Some("run-deleted") => Some("The run was deleted."),
        _ => None,
    };
    let page_title = if course_id() == 0 {
        "New course"
    } else {
        "Edit course"
    };
    view! {
        <PageMeta title=page_title />
        <AdminShell title=page_title>
            {move || flash().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            <Loaded resource=editor show=move |editor| {
                        let editing_run = query.read().get("run").and_then(|id| id.parse::<i64>().ok());
                        view! { <Editor editor editing_run save_course delete_course save_run delete_run /> }
                    } />
        </AdminShell>
    }
}

#[component]
fn Editor(
    editor: CourseEditor,
    editing_run: Option<i64>,
    save_course: ServerAction<SaveCourse>,
    delete_course: ServerAction<DeleteCourse>,
    save_run: ServerAction<SaveRun>,
    delete_run: ServerAction<DeleteRun>,
) -> impl IntoView {
    let CourseEditor {
        form,
        runs,
        categories,
        venues,
        trainers,
        preview_html,
    } = editor;
    let id = form.id;
    let public_href = format!("/courses/{}", form.slug);
    let published = form.published;
    let run_being_edited =
        editing_run.and_then(|run_id| runs.iter().find(|run| run.id == run_id).cloned());
    view! {
        <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
            <Card>
                <ActionForm action=save_course attr:class="space-y-5" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.to_string() />
                    {move || {
                        let errors = form_errors(save_course.value().get());
                        let form = form.clone();
                        let for_values = errors.clone();
                        let value = move |name: &str, saved: &str| {
                            if for_values.values.is_empty() { saved.to_owned() } else { for_values.value(name) }
                        };
                        let errors_again = errors.clone();
                        let error = move |name: &str| errors_again.field(name);
                        view! {
                            {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                            {(!errors.fields.is_empty()).then(|| view! { <Flash kind=FlashKind::Error message="Please correct the highlighted fields." /> })}
                            <FormField name="title" label="Title" value=value("title", &form.title) error=error("title") required=true />
                            <div class="grid gap-5 sm:grid-cols-2">
                                <FormField name="code" label="Code" hint="e.g. AWS-SEC" value=value("code", &form.code) error=error("code") required=true />
                                <FormField name="slug" label="Slug" hint="Leave empty to make one from the title." value=value("slug", &form.slug) error=error("slug") />
                            </div>
                            <FormField name="summary" label="Summary" hint="One sentence for lists and search engines." value=value("summary", &form.summary) error=error("summary") required=true />
                            <div class="grid gap-5 sm:grid-cols-2">
                                <SelectField name="category_id" label="Category" options=options(&categories) empty_label="Choose…"
                                    value=value("category_id", &form.category_id) error=error("category_id") required=true />
                                <SelectField name="level" label="Level" value=value("level", &form.level) error=error("level")
                                    options=choices(&[("beginner", "Beginner"), ("intermediate", "Intermediate"), ("advanced", "Advanced")]) />
                                <FormField name="price" label="Price (₱)" hint="Per learner, e.g. 18,500." value=value("price", &form.price) error=error("price") required=true />
                                <FormField name="duration_hours" label="Duration (hours)" hint="8 hours make a training day." value=value("duration_hours", &form.duration_hours) error=error("duration_hours") required=true />
                                <FormField name="certification_name" label="Certification" value=value("certification_name", &form.certification_name) error=error("certification_name") />
                                <FormField name="certification_vendor" label="Certification vendor" value=value("certification_vendor", &form.certification_vendor) error=error("certification_vendor") />
                            </div>
                            <TextAreaField name="description" label="Description" hint="Markdown." monospace=true rows=6 value=value("description", &form.description) error=error("description") />
                            <TextAreaField name="outline" label="Outline" hint="Markdown: ## Module headings and - bullet lists." monospace=true rows=10 value=value("outline", &form.outline) error=error("outline") />
                            <TextAreaField name="prerequisites" label="Prerequisites" hint="Markdown." monospace=true rows=3 value=value("prerequisites", &form.prerequisites) error=error("prerequisites") />
                            <div class="flex flex-wrap gap-6">
                                <label class="flex items-center gap-2 text-sm text-ink-800">
                                    <input type="checkbox" name="published" value="yes" checked=form.published class="h-4 w-4 rounded border-ink-300" />
                                    "Published (visible to visitors)"
                                </label>
                                <label class="flex items-center gap-2 text-sm text-ink-800">
                                    <input type="checkbox" name="featured" value="yes" checked=form.featured class="h-4 w-4 rounded border-ink-300" />
                                    "Featured on the home page"
                                </label>
                            </div>
                        }
                        .into_any()
                    }}
                    <div class="flex items-center gap-3 border-t border-ink-100 pt-5">
                        <Button>{if id == 0 { "Create course" } else { "Save course" }}</Button>
                        <a href="/admin/courses" class="text-sm font-medium text-ink-600 hover:text-ink-900">"Back to courses"</a>
                    </div>
                </ActionForm>
            </Card>
            <aside class="space-y-6">
                {(id != 0).then(|| view! {
                    <Card>
                        <div class="flex items-center justify-between">
                            <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Preview"</h2>
                            {if published {
                                view! { <a href=public_href.clone() class="text-sm font-medium text-brand-700">"Public page →"</a> }.into_any()
                            } else {
                                view! { <Badge text="Draft" /> }.into_any()
                            }}
                        </div>
                        <p class="mt-1 text-xs text-ink-500">"The saved description and outline, as visitors see them."</p>
                        // Focusable: keyboard users scroll a long preview too.
                        <section tabindex="0" aria-label="Preview of the saved description and outline" class="prose-kurso mt-2 max-h-96 overflow-y-auto text-sm focus-visible:outline-2" inner_html=preview_html.clone()></section>
                    </Card>
                    <Card>
                        <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Delete"</h2>
                        <p class="mt-1 text-sm text-ink-600">"Only a course without runs can be deleted; unpublish it to hide it instead."</p>
                        {move || form_errors(delete_course.value().get()).message.map(|message| view! { <div class="mt-3"><Flash kind=FlashKind::Error message /></div> })}
                        <ActionForm action=delete_course attr:class="mt-3">
                            <input type="hidden" name="id" value=id.to_string() />
                            <Button variant=ButtonVariant::Secondary>"Delete course"</Button>
                        </ActionForm>
                    </Card>
                })}
            </aside>
        </div>
        {(id != 0).then(|| view! {
            <Runs course_id=id runs venues trainers editing=run_being_edited save_run delete_run />
        })}
    }
    .into_any()
}

const RUN_COLUMNS: &[Column] = &[
    Column::text("When").cells("whitespace-nowrap"),
    Column::text("Where"),
    Column::text("Seats").cells("text-ink-600"),
    Column::text("Status"),
    Column::actions().cells("whitespace-nowrap"),
];

#[component]
fn Runs(
    course_id: i64,
    runs: Vec<AdminRun>,
    venues: Vec<crate::catalog::summaries::Choice>,
    trainers: Vec<crate::catalog::summaries::Choice>,
    editing: Option<AdminRun>,
    save_run: ServerAction<SaveRun>,
    delete_run: ServerAction<DeleteRun>,
) -> impl IntoView {
    let run_id = editing.as_ref().map_or(0, |run| run.id);
    let heading = if editing.is_some() {
        "Edit run"
    } else {
        "Add a run"
    };
    view! {
        <section id="runs" class="mt-10" aria-labelledby="runs-heading">
            <h2 id="runs-heading" class="text-xl font-bold text-ink-950">"Runs"</h2>
            {move || form_errors(delete_run.value().get()).message.map(|message| view! { <div class="mt-3"><Flash kind=FlashKind::Error message /></div> })}
            <div class="mt-4 grid gap-6 2xl:grid-cols-[minmax(0,1fr)_22rem]">
                <DataTable label="Dates of this course" columns=RUN_COLUMNS rows=runs
                    empty_title="No runs yet" empty_message="Add the first with the form."
                    key=|run: &AdminRun| run.id.to_string()
                    cells=move |run: AdminRun| vec![
                        view! { <p class="font-medium text-ink-900">{run.dates}</p><p class="text-ink-500">{run.times}</p> }.into_any(),
                        view! { <p>{run.mode}</p><p class="text-ink-500">{run.place}</p><p class="text-ink-500">{run.trainer}</p> }.into_any(),
                        run.seats.into_any(),
                        run.status.into_any(),
                        view! {
                            <div class="flex items-center justify-end gap-2">
                                <a href=format!("/admin/runs/{}", run.id) class="rounded-lg px-3 py-1.5 font-medium text-brand-800 hover:bg-brand-50">"Roster"</a>
                                <a href=format!("/admin/courses/{course_id}?run={}#run-form", run.id) class="rounded-lg px-3 py-1.5 font-medium text-brand-800 hover:bg-brand-50">"Edit"</a>
                                <ActionForm action=delete_run>
                                    <input type="hidden" name="id" value=run.id.to_string() />
                                    <Button variant=ButtonVariant::Quiet>"Delete"</Button>
                                </ActionForm>
                            </div>
                        }.into_any(),
                    ] />
                <Card>
                    <h3 id="run-form" class="text-lg font-semibold text-ink-950">{heading}</h3>
                    <p class="mt-1 text-sm text-ink-500">"Dates and times are in the site's time zone."</p>
                    <ActionForm action=save_run attr:class="mt-4 space-y-4" attr:novalidate=true>
                        <input type="hidden" name="id" value=run_id.to_string() />
                        <input type="hidden" name="course_id" value=course_id.to_string() />
                        {move || run_fields(form_errors(save_run.value().get()), editing.clone(), venues.clone(), trainers.clone())}
                        <div class="flex items-center gap-3">
                            <Button>{if run_id == 0 { "Add run" } else { "Save run" }}</Button>
                            {(run_id != 0).then(|| view! { <a href=format!("/admin/courses/{course_id}#runs") class="text-sm font-medium text-ink-600">"Cancel"</a> })}
                        </div>
                    </ActionForm>
                </Card>
            </div>
        </section>
    }
}

fn run_fields(
    errors: FormErrors,
    editing: Option<AdminRun>,
    venues: Vec<crate::catalog::summaries::Choice>,
    trainers: Vec<crate::catalog::summaries::Choice>,
) -> impl IntoView {
    let saved = |pick: fn(&AdminRun) -> &String, default: &str| {
        editing
            .as_ref()
            .map(|run| pick(run).clone())
            .unwrap_or_else(|| default.to_owned())
    };
    let defaults = [
        ("start_date", saved(|r| &r.start_date, "")),
        ("start_time", saved(|r| &r.start_time, "09:00")),
        ("end_date", saved(|r| &r.end_date, "")),
        ("end_time", saved(|r| &r.end_time, "17:00")),
        ("mode", saved(|r| &r.mode_value, "online")),
        ("venue_id", saved(|r| &r.venue_id, "")),
        ("trainer_id", saved(|r| &r.trainer_id, "")),
        ("capacity", saved(|r| &r.capacity, "20")),
        ("min_to_run", saved(|r| &r.min_to_run, "6")),
        ("price_override", saved(|r| &r.price_override, "")),
        ("status", saved(|r| &r.status_value, "scheduled")),
    ];
    let value = |name: &str| {
        if errors.values.is_empty() {
            defaults
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        } else {
            errors.value(name)
        }
    };
    view! {
        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
        <div class="grid grid-cols-2 gap-3">
            <FormField name="start_date" label="First day" kind="date" value=value("start_date") error=errors.field("start_date") required=true />
            <FormField name="start_time" label="Starts" kind="time" value=value("start_time") required=true />
            <FormField name="end_date" label="Last day" kind="date" value=value("end_date") error=errors.field("end_date") required=true />
            <FormField name="end_time" label="Ends" kind="time" value=value("end_time") required=true />
        </div>
        <SelectField name="mode" label="Delivery" value=value("mode") error=errors.field("mode")
            options=choices(&[("online", "Online"), ("in_person", "In person")]) />
        <SelectField name="venue_id" label="Venue" options=options(&venues) empty_label="None (online)" value=value("venue_id") error=errors.field("venue_id") />
        <SelectField name="trainer_id" label="Trainer" options=options(&trainers) empty_label="To be assigned" value=value("trainer_id") error=errors.field("trainer_id") />
        <div class="grid grid-cols-2 gap-3">
            <FormField name="capacity" label="Capacity" value=value("capacity") error=errors.field("capacity") required=true />
            <FormField name="min_to_run" label="Minimum to run" value=value("min_to_run") error=errors.field("min_to_run") required=true />
        </div>
        <FormField name="price_override" label="Price for this run (₱)" hint="Leave empty for the course price." value=value("price_override") error=errors.field("price_override") />
        <SelectField name="status" label="Status" value=value("status") error=errors.field("status")
            options=choices(&[("scheduled", "Scheduled"), ("cancelled", "Cancelled"), ("completed", "Completed")]) />
    }
    .into_any()
}
