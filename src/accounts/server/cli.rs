//! `kurso create-admin`: the only way the first admin comes to exist. There is
//! no default account, and the password never appears on a command line (where
//! `ps` and shell history would keep it): it is typed at a prompt or piped in.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};

use super::password::{check_policy, Passwords};
use super::users::{self, NewUser};
use crate::accounts::model::{normalize_email, normalize_name, Role};
use crate::audit::{self, Actor, AuditEntry};
use crate::clock::Clock;
use crate::db::Database;

/// Creates an admin with a password read from the terminal or stdin; returns
/// the normalised email.
pub async fn create_admin(
    db: &Database,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<String> {
    let email = normalize_email(email).map_err(anyhow::Error::msg)?;
    let name = normalize_name(name.unwrap_or("Administrator")).map_err(anyhow::Error::msg)?;
    let password = read_password()?;
    check_policy(&password, &[&email, &name])
        .map_err(|advice| anyhow::anyhow!("password refused: {advice}"))?;

    let passwords = Passwords::new()
        .await
        .map_err(|_| anyhow::anyhow!("cannot hash passwords"))?;
    let hash = passwords
        .hash(&password)
        .await
        .map_err(|_| anyhow::anyhow!("cannot hash the password"))?;
    let now = Clock::system().now();
    let mut tx = db.begin().await?;
    let new_admin = NewUser {
        email: &email,
        name: &name,
        password_hash: &hash,
        role: Role::Admin,
        email_verified: true,
    };
    let Some(id) = users::insert(&mut tx, &new_admin, now).await? else {
        bail!("an account with the email {email} already exists; an admin can change its role in the dashboard");
    };
    let entry = AuditEntry::new("user.admin_created", Actor::command_line())
        .target("user", id)
        .after(serde_json::json!({ "email": email, "name": name, "role": "admin" }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(email)
}

/// The demo learners `seed-demo` creates when they are missing.
const DEMO_LEARNERS: [(&str, &str); 3] = [
    ("Maria Santos", "maria.santos@demo.kurso.test"),
    ("Jose Reyes", "jose.reyes@demo.kurso.test"),
    ("Andrea Lim", "andrea.lim@demo.kurso.test"),
];

/// `kurso seed-demo`: adds demo learners with random passwords, printed once
/// (only their hashes are stored). Learners that exist are left alone, so it is
/// safe to run on every start. It never creates an admin: that is `create-admin`.
pub async fn seed_demo_learners(db: &crate::db::Database) -> anyhow::Result<()> {
    use base64::Engine;
    use rand::RngCore;

    let passwords = Passwords::new()
        .await
        .map_err(|_| anyhow::anyhow!("cannot hash passwords"))?;
    let now = Clock::system().now();
    let mut created = Vec::new();
    for (name, email) in DEMO_LEARNERS {
        if users::find_by_email(db, email).await?.is_some() {
            continue;
        }
        let mut bytes = [0u8; 12];
        rand::rng().fill_bytes(&mut bytes);
        let password = format!(
            "demo-{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        );
        let hash = passwords
            .hash(&password)
            .await
            .map_err(|_| anyhow::anyhow!("cannot hash a password"))?;
        let mut tx = db.begin().await?;
        let learner = NewUser {
            email,
            name,
            password_hash: &hash,
            role: Role::Learner,
            email_verified: true,
        };
        if let Some(id) = users::insert(&mut tx, &learner, now).await? {
            let entry = AuditEntry::new("user.registered", Actor::command_line())
                .target("user", id)
                .after(serde_json::json!({ "email": email, "name": name, "role": "learner", "demo": true }));
            audit::record(&mut tx, &entry, now).await?;
            tx.commit().await?;
            created.push((email, password));
        }
    }
    if created.is_empty() {
        println!("Demo learners already exist; their passwords were shown when they were created.");
    } else {
        println!("Demo learners (these passwords are shown once and stored only as hashes):");
        for (email, password) in created {
            println!("  {email}  {password}");
        }
    }
    Ok(())
}

/// At a terminal: asks twice without echo. Otherwise: the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new admin: ")?;
        let second = rpassword::prompt_password("Type it again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        let password = line.trim_end_matches(['\n', '\r']).to_owned();
        if password.is_empty() {
            bail!("no password on stdin (pipe one in, or run at a terminal to be asked)");
        }
        Ok(password)
    }
}
