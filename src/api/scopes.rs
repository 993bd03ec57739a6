//! What an API token may do. A scope is fine-grained (`catalog:read`, not
//! "admin"), so an integration gets exactly what it needs; a token does
//! nothing its owner could not do (`Scope::needs_admin`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    MeRead,
    CatalogRead,
    CatalogWrite,
    EnrollmentsRead,
    EnrollmentsWrite,
    EnquiriesRead,
    EnquiriesWrite,
    UsersRead,
    AuditRead,
    WebhooksWrite,
}

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::MeRead,
        Scope::CatalogRead,
        Scope::CatalogWrite,
        Scope::EnrollmentsRead,
        Scope::EnrollmentsWrite,
        Scope::EnquiriesRead,
        Scope::EnquiriesWrite,
        Scope::UsersRead,
        Scope::AuditRead,
        Scope::WebhooksWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::MeRead => "me:read",
            Scope::CatalogRead => "catalog:read",
            Scope::CatalogWrite => "catalog:write",
            Scope::EnrollmentsRead => "enrollments:read",
            Scope::EnrollmentsWrite => "enrollments:write",
            Scope::EnquiriesRead => "enquiries:read",
            Scope::EnquiriesWrite => "enquiries:write",
            Scope::UsersRead => "users:read",
            Scope::AuditRead => "audit:read",
            Scope::WebhooksWrite => "webhooks:write",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }

    /// What the scope allows, for the form that grants it.
    pub fn description(self) -> &'static str {
        match self {
            Scope::MeRead => "Read the token owner's own account and places",
            Scope::CatalogRead => "Read categories, venues and trainers",
            Scope::CatalogWrite => {
                "Create, change and delete courses, runs, categories, venues and trainers"
            }
            Scope::EnrollmentsRead => "Read rosters",
            Scope::EnrollmentsWrite => {
                "Enroll, cancel and move places (a learner's token: their own only; an admin's: anyone's, and attendance)"
            }
            Scope::EnquiriesRead => "Read enquiries",
            Scope::EnquiriesWrite => "Change an enquiry's status and assignee",
            Scope::UsersRead => "Read the list of users",
            Scope::AuditRead => "Read the audit log",
            Scope::WebhooksWrite => {
                "Manage webhook endpoints (reserved: endpoints are managed at /admin/webhooks today)"
            }
        }
    }

    /// Whether only an admin's token may carry it. A learner's token is for
    /// their own account and places.
    pub fn needs_admin(self) -> bool {
        !matches!(self, Scope::MeRead | Scope::EnrollmentsWrite)
    }

    /// The name of the form's checkbox for this scope (`scopes[me_read]`).
    pub fn field_key(self) -> String {
        self.as_str().replace(':', "_")
    }
}

/// Scopes as stored: space-separated, in `Scope::ALL` order, unknown words dropped.
#[cfg(feature = "ssr")]
pub fn parse_scopes(stored: &str) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = stored.split_whitespace().filter_map(Scope::parse).collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

#[cfg(feature = "ssr")]
pub fn join_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_reads_back_from_its_name() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(Scope::parse("admin"), None);
    }

    #[test]
    fn stored_scopes_are_sorted_and_unknown_words_dropped() {
        assert_eq!(
            parse_scopes("users:read  me:read bogus users:read"),
            [Scope::MeRead, Scope::UsersRead]
        );
        assert_eq!(
            join_scopes(&parse_scopes("users:read me:read")),
            "me:read users:read"
        );
    }

    #[test]
    fn a_learner_may_hold_only_scopes_about_themselves() {
        let learner: Vec<Scope> = Scope::ALL
            .into_iter()
            .filter(|scope| !scope.needs_admin())
            .collect();
        assert_eq!(learner, [Scope::MeRead, Scope::EnrollmentsWrite]);
    }
}
