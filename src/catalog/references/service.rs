//! Creating, changing and deleting categories, venues and trainers, for the
//! dashboard's pages and the API alike: the fields checked by the same rules,
//! a name or slug taken by another one refused, one still in use kept, each
//! change audited and the catalog's cached pages dropped.

use std::net::IpAddr;

use super::ReferenceKind;
use crate::audit::{self, Actor, AuditEntry};
use crate::cache::Change;
use crate::catalog::fields;
use crate::catalog::queries::{self, ReferenceRow, WriteError};
use crate::errors::AppError;
use crate::state::AppState;

/// Who makes a change, and from where (for the audit log).
pub struct Editor {
    pub actor: Actor,
    pub ip: Option<IpAddr>,
}

/// Why a change was not made.
#[derive(Debug)]
pub enum Refused {
    NotFound,
    /// Fields (by position: name first) that are not valid, and why.
    Invalid(Vec<(usize, String)>),
    /// Another one of the kind already has the value of this field.
    Taken(usize),
    /// Courses or runs still refer to it: `count` of them, called `noun`.
    InUse {
        name: String,
        count: i64,
        noun: &'static str,
    },
    /// The caller's condition on the current row did not hold (`If-Match`),
    /// and why.
    PreconditionFailed(String),
    Failed(AppError),
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused::Failed(error.into())
    }
}

impl From<WriteError> for Refused {
    fn from(error: WriteError) -> Self {
        match error {
            // A slug is the second field of a category; every other unique
            // value is a name, the first.
            WriteError::Taken(field) => Refused::Taken(usize::from(field == "slug")),
            WriteError::Database(error) => error.into(),
        }
    }
}

/// One field (by position: name first) checked by the kind's rules, trimmed.
pub fn checked_field(kind: ReferenceKind, index: usize, input: &str) -> Result<String, String> {
    let (label, _, max, is_required) = kind.fields()[index];
    let value = if is_required {
        fields::required(input, max, &format!("a {}", label.to_lowercase()))?
    } else {
        fields::optional(input, max)?
    };
    if kind == ReferenceKind::Category && index == 1 {
        return fields::parse_slug(&value);
    }
    Ok(value)
}

/// The three fields checked by the kind's rules, trimmed.
pub fn checked(kind: ReferenceKind, inputs: [&str; 3]) -> Result<[String; 3], Refused> {
    let mut values = [String::new(), String::new(), String::new()];
    let mut problems = Vec::new();
    for (index, input) in inputs.into_iter().enumerate() {
        match checked_field(kind, index, input) {
            Ok(value) => values[index] = value,
            Err(message) => problems.push((index, message)),
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(Refused::Invalid(problems))
    }
}

/// Makes a new one; gives it as stored.
pub async fn create(
    state: &AppState,
    editor: &Editor,
    kind: ReferenceKind,
    inputs: [&str; 3],
) -> Result<ReferenceRow, Refused> {
    let values = checked(kind, inputs)?;
    write(state, editor, kind, None, |_| Ok(values)).await
}

/// Changes one: `edit` gets the row as it is now (inside the transaction)
/// and gives the three fields to store, or refuses.
pub async fn update(
    state: &AppState,
    editor: &Editor,
    kind: ReferenceKind,
    id: i64,
    edit: impl FnOnce(&ReferenceRow) -> Result<[String; 3], Refused>,
) -> Result<ReferenceRow, Refused> {
    let edit = |row: Option<&ReferenceRow>| match row {
        Some(row) => edit(row),
        None => Err(Refused::NotFound),
    };
    write(state, editor, kind, Some(id), edit).await
}

async fn write(
    state: &AppState,
    editor: &Editor,
    kind: ReferenceKind,
    id: Option<i64>,
    edit: impl FnOnce(Option<&ReferenceRow>) -> Result<[String; 3], Refused>,
) -> Result<ReferenceRow, Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = match id {
        None => None,
        Some(id) => Some(
            queries::reference_by_id(&mut tx, kind.table(), id)
                .await?
                .ok_or(Refused::NotFound)?,
        ),
    };
    let values = edit(before.as_ref())?;
    let values = checked(kind, [&values[0], &values[1], &values[2]])?;
    let saved_id = queries::save_reference(
        &mut tx,
        kind.table(),
        id,
        [&values[0], &values[1], &values[2]],
        now,
    )
    .await?;
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
    let mut entry = AuditEntry::new(action, editor.actor.clone())
        .target(kind.as_str(), saved_id)
        .after(snapshot([&values[0], &values[1], &values[2]]))
        .from_ip(editor.ip);
    if let Some(row) = &before {
        entry = entry.before(snapshot([&row.first, &row.second, &row.third]));
    }
    audit::record(&mut tx, &entry, now).await?;
    let saved = queries::reference_by_id(&mut tx, kind.table(), saved_id)
        .await?
        .ok_or(Refused::NotFound)?;
    tx.commit().await?;
    state.caches.invalidate(&Change::Catalog);
    Ok(saved)
}

/// Deletes one no course or run uses; `precondition` gets the row as it is
/// now (inside the transaction) and may refuse.
pub async fn delete(
    state: &AppState,
    editor: &Editor,
    kind: ReferenceKind,
    id: i64,
    precondition: impl FnOnce(&ReferenceRow) -> Result<(), Refused>,
) -> Result<(), Refused> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = queries::reference_by_id(&mut tx, kind.table(), id)
        .await?
        .ok_or(Refused::NotFound)?;
    precondition(&row)?;
    if row.used_by > 0 {
        let (_, _, noun) = kind.table().dependents();
        return Err(Refused::InUse {
            name: row.first,
            count: row.used_by,
            noun,
        });
    }
    queries::delete_row(&mut tx, kind.table().table(), id).await?;
    let action = match kind {
        ReferenceKind::Category => "category.deleted",
        ReferenceKind::Venue => "venue.deleted",
        ReferenceKind::Trainer => "trainer.deleted",
    };
    let entry = AuditEntry::new(action, editor.actor.clone())
        .target(kind.as_str(), id)
        .before(serde_json::json!({ "name": row.first, "detail": row.second }))
        .from_ip(editor.ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.caches.invalidate(&Change::Catalog);
    Ok(())
}

impl Refused {
    /// "“Makati Training Center” is used by 3 runs, so it cannot be deleted."
    pub fn in_use_message(name: &str, count: i64, noun: &str) -> String {
        let nouns = if count == 1 {
            noun.to_owned()
        } else {
            format!("{noun}s")
        };
        format!(
            "\u{201c}{name}\u{201d} is used by {count} {nouns}, so it cannot be deleted. Move them elsewhere first."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_checks_its_own_fields() {
        let category = checked(ReferenceKind::Category, ["  Cloud  ", "cloud", ""]).unwrap();
        assert_eq!(category[0], "Cloud");
        let Err(Refused::Invalid(problems)) =
            checked(ReferenceKind::Category, ["", "Not A Slug", ""])
        else {
            panic!("a blank name and a bad slug are refused");
        };
        let fields: Vec<usize> = problems.iter().map(|(index, _)| *index).collect();
        assert_eq!(fields, vec![0, 1]);
        // A venue's address is required; a trainer's bio is not.
        assert!(checked(ReferenceKind::Venue, ["Makati", "Metro Manila", ""]).is_err());
        assert!(checked(ReferenceKind::Trainer, ["Ana Reyes", "", ""]).is_ok());
        assert!(checked(ReferenceKind::Trainer, [&"x".repeat(121), "", ""]).is_err());
    }

    #[test]
    fn a_reference_in_use_says_by_how_many() {
        assert_eq!(
            Refused::in_use_message("Cebu", 1, "run"),
            "\u{201c}Cebu\u{201d} is used by 1 run, so it cannot be deleted. Move them elsewhere first."
        );
        assert!(Refused::in_use_message("Cebu", 3, "run").contains("3 runs"));
    }
}
