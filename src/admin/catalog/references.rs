//! Categories, venues and trainers: three short fields each, one page each,
//! built from one component. Deleting one that is still in use is refused.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{reference_page, ReferenceItem, ReferenceKind};
use super::server_fns::{list_references, DeleteReference, SaveReference};
use crate::admin::shell::id_in;
use crate::admin::AdminShell;
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, ButtonVariant, Card, Column, DataTable, Flash, FlashKind, FormField};

#[component]
pub fn CategoriesPage() -> impl IntoView {
    view! { <ReferencesPage kind=ReferenceKind::Category /> }
}

#[component]
pub fn VenuesPage() -> impl IntoView {
    view! { <ReferencesPage kind=ReferenceKind::Venue /> }
}

#[component]
pub fn TrainersPage() -> impl IntoView {
    view! { <ReferencesPage kind=ReferenceKind::Trainer /> }
}

#[component]
fn ReferencesPage(kind: ReferenceKind) -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SaveReference>::new();
    let delete = ServerAction::<DeleteReference>::new();
    let items = Resource::new(
        move || {
            (
                save.version().get(),
                delete.version().get(),
                query.read().get("saved"),
            )
        },
        move |_| list_references(kind.as_str().to_owned()),
    );
    let editing = move || id_in(&query.read(), "edit");
    let flash = move || {
        let q = query.read();
        if q.get("deleted").is_some() {
            Some("Deleted.")
        } else if q.get("saved").is_some() {
            Some("Saved.")
        } else {
            None
        }
    };
    view! {
        <PageMeta title=kind.plural() />
        <AdminShell title=kind.plural()>
            {move || flash().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Success message /></div> })}
            {move || form_errors(delete.value().get()).message.map(|message| view! {
                <div class="mb-4"><Flash kind=FlashKind::Error message /></div>
            })}
            <Loaded resource=items show=move |items| {
                        let editing_id = editing();
                        let current = items.iter().find(|item| item.id == editing_id).cloned();
                        view! {
                            <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
                                <ReferenceTable kind items delete />
                                <ReferenceForm kind current save />
                            </div>
                        }
                    } />
        </AdminShell>
    }
}

#[component]
fn ReferenceTable(
    kind: ReferenceKind,
    items: Vec<ReferenceItem>,
    delete: ServerAction<DeleteReference>,
) -> impl IntoView {
    let [(first, _, _, _), (second, _, _, _), _] = kind.fields();
    let used_by_label = match kind {
        ReferenceKind::Category => "Courses",
        _ => "Runs",
    };
    let columns = vec![
        Column::text(first).cells("font-medium text-ink-900"),
        Column::text(second).cells("text-ink-600"),
        Column::number(used_by_label).cells("text-ink-600"),
        Column::actions(),
    ];
    view! {
        <DataTable label=kind.plural() columns rows=items
            empty_title="Nothing here yet" empty_message="Add the first one with the form."
            key=|item: &ReferenceItem| item.values[0].clone()
            cells=move |item: ReferenceItem| {
                let [name, detail, _] = item.values;
                vec![
                    name.into_any(),
                    detail.into_any(),
                    item.used_by.into_any(),
                    view! {
                        <div class="flex items-center justify-end gap-2">
                            <a href=format!("{}?edit={}", reference_page(kind), item.id) class="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-800 hover:bg-brand-50">"Edit"</a>
                            <ActionForm action=delete>
                                <input type="hidden" name="kind" value=kind.as_str() />
                                <input type="hidden" name="id" value=item.id.to_string() />
                                <Button variant=ButtonVariant::Quiet>"Delete"</Button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                ]
            } />
    }
}

#[component]
fn ReferenceForm(
    kind: ReferenceKind,
    current: Option<ReferenceItem>,
    save: ServerAction<SaveReference>,
) -> impl IntoView {
    let id = current.as_ref().map_or(0, |item| item.id);
    let heading = if current.is_some() { "Edit" } else { "Add" };
    let names = ["first", "second", "third"];
    view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">{heading}</h2>
            <ActionForm action=save attr:class="mt-4 space-y-4" attr:novalidate=true>
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="id" value=id.to_string() />
                {move || {
                    let errors = form_errors(save.value().get());
                    let current = current.clone();
                    view! {
                        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                        {kind.fields().into_iter().enumerate().map(|(index, (label, hint, _, is_required))| {
                            let name = names[index];
                            let value = if errors.values.is_empty() {
                                current.as_ref().map(|item| item.values[index].clone()).unwrap_or_default()
                            } else {
                                errors.value(name)
                            };
                            view! { <FormField name=name label=label hint=hint value=value error=errors.field(name) required=is_required /> }
                        }).collect_view()}
                    }
                }}
                <div class="flex items-center gap-3">
                    <Button>"Save"</Button>
                    {(id != 0).then(|| view! { <a href=reference_page(kind) class="text-sm font-medium text-ink-600 hover:text-ink-900">"Cancel"</a> })}
                </div>
            </ActionForm>
        </Card>
    }
}
