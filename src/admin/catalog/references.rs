//! Categories, venues and trainers: three short fields each, one page each,
//! built from one component. Deleting one that is still in use is refused.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::AdminShell;
use crate::errors::{form_errors, AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState, Flash, FlashKind, FormField};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferenceKind {
    Category,
    Venue,
    Trainer,
}

impl ReferenceKind {
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    fn parse(value: &str) -> Option<Self> {
        match value {
            "category" => Some(Self::Category),
            "venue" => Some(Self::Venue),
            "trainer" => Some(Self::Trainer),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Venue => "venue",
            Self::Trainer => "trainer",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Self::Category => "/admin/categories",
            Self::Venue => "/admin/venues",
            Self::Trainer => "/admin/trainers",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Self::Category => "Categories",
            Self::Venue => "Venues",
            Self::Trainer => "Trainers",
        }
    }

    /// (label, hint, maximum length, required) for each of the three fields.
    fn fields(self) -> [(&'static str, &'static str, usize, bool); 3] {
        match self {
            Self::Category => [
                (
                    "Name",
                    "As visitors see it, e.g. Cloud computing.",
                    80,
                    true,
                ),
                (
                    "Slug",
                    "Used in links: lower-case words joined by hyphens, e.g. cloud.",
                    80,
                    true,
                ),
                ("Description", "One or two sentences.", 500, false),
            ],
            Self::Venue => [
                ("Name", "e.g. Makati Training Center.", 120, true),
                (
                    "City",
                    "What visitors filter by: Metro Manila, Cebu City.",
                    80,
                    true,
                ),
                ("Address", "Street, building and district.", 300, true),
            ],
            Self::Trainer => [
                ("Name", "Full name.", 120, true),
                (
                    "Credentials",
                    "Certifications, comma separated.",
                    300,
                    false,
                ),
                (
                    "Bio",
                    "One or two sentences for the course page.",
                    1000,
                    false,
                ),
            ],
        }
    }

    #[cfg(feature = "ssr")]
    fn table(self) -> crate::catalog::queries::Reference {
        use crate::catalog::queries::Reference;
        match self {
            Self::Category => Reference::Category,
            Self::Venue => Reference::Venue,
            Self::Trainer => Reference::Trainer,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceItem {
    pub id: i64,
    pub values: [String; 3],
    pub used_by: i64,
}

#[cfg(feature = "ssr")]
fn parse_kind(kind: &str) -> Result<ReferenceKind, AppError> {
    ReferenceKind::parse(kind)
        .ok_or_else(|| AppError::BadRequest("unknown kind".into()).into_response_error())
}

#[server(endpoint = "admin/catalog/references")]
pub async fn list_references(kind: String) -> Result<Vec<ReferenceItem>, AppError> {
    crate::accounts::server::require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::server::AppState::current()?;
    let rows = crate::catalog::queries::references(&state.db, kind.table()).await?;
    Ok(rows
        .into_iter()
        .map(|row| ReferenceItem {
            id: row.id,
            values: [row.first, row.second, row.third],
            used_by: row.used_by,
        })
        .collect())
}

/// Creates (`id` 0) or updates a category, venue or trainer.
#[server(endpoint = "admin/catalog/references/save")]
pub async fn save_reference(
    kind: String,
    id: i64,
    first: String,
    second: String,
    third: String,
) -> Result<(), AppError> {
    use crate::accounts::server::{request::client_ip, require_admin};
    use crate::audit::{self, Actor, AuditEntry};
    use crate::catalog::queries::{self, WriteError};
    use crate::errors::FormErrors;

    let admin = require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::server::AppState::current()?;
    let names = ["first", "second", "third"];
    let inputs = [&first, &second, &third];
    let mut errors = FormErrors::new();
    for (name, value) in names.iter().zip(inputs) {
        errors = errors.keep(name, value);
    }
    let mut values = [String::new(), String::new(), String::new()];
    for (index, (label, _, max, is_required)) in kind.fields().into_iter().enumerate() {
        let what = format!("a {}", label.to_lowercase());
        let checked = if is_required {
            super::fields::required(inputs[index], max, &what)
        } else {
            super::fields::optional(inputs[index], max)
        };
        match checked {
            Ok(value) => values[index] = value,
            Err(message) => errors.add(names[index], message),
        }
    }
    if kind == ReferenceKind::Category && !errors.fields.contains_key("second") {
        if let Err(message) = super::fields::parse_slug(&values[1]) {
            errors.add("second", message);
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into_response_error());
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = match id {
        0 => None,
        id => Some(
            queries::reference_by_id(&mut tx, kind.table(), id)
                .await?
                .ok_or_else(|| AppError::NotFound.into_response_error())?,
        ),
    };
    let saved = queries::save_reference(
        &mut tx,
        kind.table(),
        before.as_ref().map(|row| row.id),
        [&values[0], &values[1], &values[2]],
        now,
    )
    .await;
    let saved_id = match saved {
        Ok(saved_id) => saved_id,
        Err(WriteError::Taken(field)) => {
            let name = if field == "slug" { "second" } else { "first" };
            errors.add(name, "This is already used by another one.");
            return Err(AppError::Invalid(errors).into_response_error());
        }
        Err(WriteError::Database(error)) => return Err(error.into()),
    };
    let columns = kind.table().columns();
    let snapshot =
        |v: [&str; 3]| serde_json::json!({ columns[0]: v[0], columns[1]: v[1], columns[2]: v[2] });
    let action = match (kind, before.is_some()) {
        (ReferenceKind::Category, false) => "category.created",
        (ReferenceKind::Category, true) => "category.updated",
        (ReferenceKind::Venue, false) => "venue.created",
        (ReferenceKind::Venue, true) => "venue.updated",
        (ReferenceKind::Trainer, false) => "trainer.created",
        (ReferenceKind::Trainer, true) => "trainer.updated",
    };
    let mut entry = AuditEntry::new(action, Actor::user(&admin))
        .target(kind.as_str(), saved_id)
        .after(snapshot([&values[0], &values[1], &values[2]]))
        .from_ip(client_ip().await);
    if let Some(row) = &before {
        entry = entry.before(snapshot([&row.first, &row.second, &row.third]));
    }
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&crate::cache::Change::Catalog);
    leptos_axum::redirect(&format!("{}?saved={saved_id}", kind.path()));
    Ok(())
}

#[server(endpoint = "admin/catalog/references/delete")]
pub async fn delete_reference(kind: String, id: i64) -> Result<(), AppError> {
    use crate::accounts::server::{request::client_ip, require_admin};
    use crate::audit::{self, Actor, AuditEntry};
    use crate::catalog::queries;
    use crate::errors::FormErrors;

    let admin = require_admin()?;
    let kind = parse_kind(&kind)?;
    let state = crate::server::AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = queries::reference_by_id(&mut tx, kind.table(), id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let (table, column, noun) = kind.table().dependents();
    let used_by = queries::dependents(&mut tx, table, column, id).await?;
    if used_by > 0 {
        let nouns = if used_by == 1 {
            noun.to_owned()
        } else {
            format!("{noun}s")
        };
        return Err(AppError::Invalid(FormErrors::message(format!(
            "“{}” is used by {used_by} {nouns}, so it cannot be deleted. Move them elsewhere first.",
            row.first
        )))
        .into_response_error());
    }
    queries::delete_row(&mut tx, kind.table().table(), id).await?;
    let action = match kind {
        ReferenceKind::Category => "category.deleted",
        ReferenceKind::Venue => "venue.deleted",
        ReferenceKind::Trainer => "trainer.deleted",
    };
    let entry = AuditEntry::new(action, Actor::user(&admin))
        .target(kind.as_str(), id)
        .before(serde_json::json!({ "name": row.first, "detail": row.second }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&crate::cache::Change::Catalog);
    leptos_axum::redirect(&format!("{}?deleted=1", kind.path()));
    Ok(())
}

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
    let editing = move || {
        query
            .read()
            .get("edit")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
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
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || items.get().map(|result| result.map(|items| {
                        let editing_id = editing();
                        let current = items.iter().find(|item| item.id == editing_id).cloned();
                        view! {
                            <div class="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
                                <ReferenceTable kind items delete />
                                <ReferenceForm kind current save />
                            </div>
                        }
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn ReferenceTable(
    kind: ReferenceKind,
    items: Vec<ReferenceItem>,
    delete: ServerAction<DeleteReference>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <EmptyState title="Nothing here yet" message="Add the first one with the form." /> }.into_any();
    }
    let [(first, _, _, _), (second, _, _, _), _] = kind.fields();
    let used_by_label = match kind {
        ReferenceKind::Category => "Courses",
        _ => "Runs",
    };
    view! {
        <Card class="overflow-x-auto p-0">
            <table class="min-w-full divide-y divide-ink-100 text-sm">
                <thead class="bg-ink-50 text-left text-xs font-semibold uppercase tracking-wide text-ink-500">
                    <tr>
                        <th scope="col" class="px-4 py-3">{first}</th>
                        <th scope="col" class="px-4 py-3">{second}</th>
                        <th scope="col" class="px-4 py-3 text-right">{used_by_label}</th>
                        <th scope="col" class="px-4 py-3"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-ink-100">
                    {items.into_iter().map(|item| {
                        let id = item.id.to_string();
                        let [a, b, _] = item.values.clone();
                        let row_name = a.clone();
                        view! {
                            <tr data-reference=row_name>
                                <td class="px-4 py-3 font-medium text-ink-900">{a}</td>
                                <td class="px-4 py-3 text-ink-600">{b}</td>
                                <td class="px-4 py-3 text-right tabular-nums text-ink-600">{item.used_by}</td>
                                <td class="px-4 py-3">
                                    <div class="flex justify-end gap-2">
                                        <a href=format!("{}?edit={}", kind.path(), item.id) class="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-800 hover:bg-brand-50">"Edit"</a>
                                        <ActionForm action=delete>
                                            <input type="hidden" name="kind" value=kind.as_str() />
                                            <input type="hidden" name="id" value=id />
                                            <Button variant=ButtonVariant::Quiet>"Delete"</Button>
                                        </ActionForm>
                                    </div>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Card>
    }
    .into_any()
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
                    {(id != 0).then(|| view! { <a href=kind.path() class="text-sm font-medium text-ink-600 hover:text-ink-900">"Cancel"</a> })}
                </div>
            </ActionForm>
        </Card>
    }
}
