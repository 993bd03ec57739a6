use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::UserListItem;
use super::server_fns::{list_users, ChangeRole, SetUserDisabled};
use super::shell::Badge;
use super::AdminShell;
use crate::accounts::Role;
use crate::errors::{form_errors, Loaded};
use crate::ui::{Button, ButtonVariant, Column, DataTable, Flash, FlashKind, SearchForm};

const COLUMNS: &[Column] = &[
    Column::text("User"),
    Column::text("Role"),
    Column::text("Status"),
    Column::text("Joined").cells("whitespace-nowrap text-ink-600"),
    Column::actions(),
];

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
            <SearchForm action="/admin/users" id="user-search" name="q" label="Search by name or email"
                value=search placeholder="Search by name or email" />
            {move || action_error().map(|message| view! { <div class="mb-4"><Flash kind=FlashKind::Error message=message /></div> })}
            <Loaded resource=users show={move |users: Vec<UserListItem>| view! {
                <DataTable label="Users" columns=COLUMNS rows=users
                    empty_title="No users found" empty_message="Try another name or email."
                    key=|user: &UserListItem| user.email.clone()
                    cells=move |user| user_cells(user, change_role, set_disabled) />
            }} />
        </AdminShell>
    }
}

/// A user's row: who, role, status, since when, and what an admin may change.
fn user_cells(
    user: UserListItem,
    change_role: ServerAction<ChangeRole>,
    set_disabled: ServerAction<SetUserDisabled>,
) -> Vec<AnyView> {
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
    let actions = if user.is_you {
        view! { <p class="text-right text-ink-500">"You"</p> }.into_any()
    } else {
        view! {
            <div class="flex items-center justify-end gap-2">
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
        }
        .into_any()
    };
    vec![
        view! {
            <p class="font-medium text-ink-900">{user.name}</p>
            <p class="text-ink-500">{user.email}</p>
        }
        .into_any(),
        view! { <Badge text=user.role.label() tone=if user.role == Role::Admin { "brand" } else { "neutral" } /> }.into_any(),
        view! {
            <span class="space-x-1">
                {if user.disabled {
                    view! { <Badge text="Disabled" tone="bad" /> }.into_any()
                } else {
                    view! { <Badge text="Active" tone="good" /> }.into_any()
                }}
                {(!user.email_verified).then(|| view! { <Badge text="Email not confirmed" /> })}
            </span>
        }
        .into_any(),
        user.joined.into_any(),
        actions,
    ]
}
