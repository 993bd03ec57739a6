use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::shell::Badge;
use super::AdminShell;
use crate::accounts::Role;
use crate::errors::{form_errors, AppError, ErrorPage};
use crate::ui::{Button, ButtonVariant, Card, EmptyState, Flash, FlashKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub email_verified: bool,
    pub disabled: bool,
    pub joined: String,
    /// The admin looking at the list: no role or disable buttons on their own row.
    pub is_you: bool,
}

#[cfg(feature = "ssr")]
const USERS_SHOWN: i64 = 100;

#[server(endpoint = "admin/users")]
pub async fn list_users(search: String) -> Result<Vec<UserListItem>, AppError> {
    use crate::accounts::server::{require_admin, users};
    use crate::server::AppState;

    let admin = require_admin()?;
    let state = AppState::current()?;
    let time_zone = state.settings.site.time_zone;
    let rows = users::search(&state.db, &crate::site::search_text(&search), USERS_SHOWN).await?;
    Ok(rows
        .into_iter()
        .map(|row| UserListItem {
            id: row.id,
            role: row.role(),
            email_verified: row.email_verified_at.is_some(),
            disabled: row.is_disabled(),
            is_you: row.id == admin.id,
            joined: row
                .created_at
                .with_timezone(&time_zone)
                .format("%-d %b %Y")
                .to_string(),
            name: row.name,
            email: row.email,
        })
        .collect())
}

/// Makes a user an admin or a learner. The user's sessions end, so the new role
/// takes effect with a fresh sign-in. An admin cannot change their own role.
#[server(endpoint = "admin/users/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<(), AppError> {
    use crate::accounts::server::{request::client_ip, require_admin, users};
    use crate::audit::{self, Actor, AuditEntry};
    use crate::server::AppState;

    let admin = require_admin()?;
    let role = Role::from_column(&role)
        .ok_or_else(|| AppError::BadRequest("unknown role".into()).into_response_error())?;
    if user_id == admin.id {
        return Err(
            AppError::BadRequest("You cannot change your own role.".into()).into_response_error(),
        );
    }
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    if before.role() == role {
        return Ok(());
    }
    users::set_role(&mut tx, user_id, role, now).await?;
    let after = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or(AppError::Internal)?;
    let entry = AuditEntry::new("user.role_changed", Actor::user(&admin))
        .target("user", user_id)
        .before(before.audit_view())
        .after(after.audit_view())
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Disables a user (ending all their sessions at once) or enables them again.
#[server(endpoint = "admin/users/disable")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::accounts::server::{request::client_ip, require_admin, users};
    use crate::audit::{self, Actor, AuditEntry};
    use crate::server::AppState;

    let admin = require_admin()?;
    if user_id == admin.id {
        return Err(
            AppError::BadRequest("You cannot disable your own account.".into())
                .into_response_error(),
        );
    }
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    if before.is_disabled() == disabled {
        return Ok(());
    }
    users::set_disabled(&mut tx, user_id, disabled, now).await?;
    let after = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or(AppError::Internal)?;
    let action = if disabled {
        "user.disabled"
    } else {
        "user.enabled"
    };
    let entry = AuditEntry::new(action, Actor::user(&admin))
        .target("user", user_id)
        .before(before.audit_view())
        .after(after.audit_view())
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let change_role = ServerAction::<ChangeRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let users = Resource::new(
        move || {
            (
                search(),
                change_role.version().get(),
                set_disabled.version().get(),
            )
        },
        |(search, _, _)| list_users(search),
    );
    let action_error = move || {
        let role = form_errors(change_role.value().get());
        let disabled = form_errors(set_disabled.value().get());
        role.message.or(disabled.message)
    };

    view! {
        <PageMeta title="Users" />
        <AdminShell title="Users">
            <form method="get" action="/admin/users" class="mb-6 flex max-w-xl gap-2" role="search">
                <label for="user-search" class="sr-only">"Search by name or email"</label>
                <input id="user-search" name="q" type="search" value=search placeholder="Search by name or email"
                    class="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200 focus:ring-2 focus:ring-brand-600" />
                <Button variant=ButtonVariant::Secondary>"Search"</Button>
            </form>
            {move || action_error().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message=message /></div> })}
            <Suspense fallback=|| view! { <p class="text-ink-500">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    {move || users.get().map(|result| result.map(|users| {
                        if users.is_empty() {
                            return view! { <EmptyState title="No users found" message="Try another name or email." /> }.into_any();
                        }
                        view! {
                            <Card class="overflow-x-auto p-0">
                                <table class="min-w-full divide-y divide-ink-100 text-sm">
                                    <thead class="bg-ink-50 text-left text-xs font-semibold uppercase tracking-wide text-ink-500">
                                        <tr>
                                            <th scope="col" class="px-4 py-3">"User"</th>
                                            <th scope="col" class="px-4 py-3">"Role"</th>
                                            <th scope="col" class="px-4 py-3">"Status"</th>
                                            <th scope="col" class="px-4 py-3">"Joined"</th>
                                            <th scope="col" class="px-4 py-3"><span class="sr-only">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-ink-100">
                                        {users.into_iter().map(|user| view! { <UserRow user change_role set_disabled /> }).collect_view()}
                                    </tbody>
                                </table>
                            </Card>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Suspense>
        </AdminShell>
    }
}

#[component]
fn UserRow(
    user: UserListItem,
    change_role: ServerAction<ChangeRole>,
    set_disabled: ServerAction<SetUserDisabled>,
) -> impl IntoView {
    let (other_role, role_button) = match user.role {
        Role::Admin => (Role::Learner, "Make learner"),
        Role::Learner => (Role::Admin, "Make admin"),
    };
    let (disable_value, disable_button) = if user.disabled {
        ("false", "Enable")
    } else {
        ("true", "Disable")
    };
    let user_id = user.id.to_string();
    let user_id_again = user_id.clone();
    let row_email = user.email.clone();
    view! {
        <tr data-user=row_email>
            <td class="px-4 py-3">
                <p class="font-medium text-ink-900">{user.name.clone()}</p>
                <p class="text-ink-500">{user.email.clone()}</p>
            </td>
            <td class="px-4 py-3">
                <Badge text=user.role.label() tone=if user.role == Role::Admin { "brand" } else { "neutral" } />
            </td>
            <td class="px-4 py-3 space-x-1">
                {if user.disabled {
                    view! { <Badge text="Disabled" tone="bad" /> }.into_any()
                } else {
                    view! { <Badge text="Active" tone="good" /> }.into_any()
                }}
                {(!user.email_verified).then(|| view! { <Badge text="Email not confirmed" /> })}
            </td>
            <td class="whitespace-nowrap px-4 py-3 text-ink-600">{user.joined.clone()}</td>
            <td class="px-4 py-3">
                {if user.is_you {
                    view! { <p class="text-right text-ink-500">"You"</p> }.into_any()
                } else { view! {
                <div class="flex justify-end gap-2">
                    <ActionForm action=change_role>
                        <input type="hidden" name="user_id" value=user_id />
                        <input type="hidden" name="role" value=other_role.as_str() />
                        <Button variant=ButtonVariant::Quiet>{role_button}</Button>
                    </ActionForm>
                    <ActionForm action=set_disabled>
                        <input type="hidden" name="user_id" value=user_id_again />
                        <input type="hidden" name="disabled" value=disable_value />
                        <Button variant=ButtonVariant::Secondary>{disable_button}</Button>
                    </ActionForm>
                </div>
                }.into_any() }}
            </td>
        </tr>
    }
}
