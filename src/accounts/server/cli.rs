//! `kurso create-admin`: the only way the first admin comes to exist. There is
//! no default account, and the password never appears on a command line (where
//! `ps` and shell history would keep it): it is typed at a prompt or piped in.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};

use super::password::{check_policy, Passwords};
use super::users::{self, NewUser};
use crate::accounts::model::{normalize_email, normalize_name, Role};
use crate::audit::{self, Actor, AuditEntry};
use crate::server::{Clock, Settings};

pub async fn create_admin(
    settings: Settings,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<()> {
    let email = normalize_email(email).map_err(anyhow::Error::msg)?;
    let name = normalize_name(name.unwrap_or("Administrator")).map_err(anyhow::Error::msg)?;
    let password = read_password()?;
    check_policy(&password, &[&email, &name])
        .map_err(|advice| anyhow::anyhow!("password refused: {advice}"))?;

    let db = crate::server::startup::open_database(&settings).await?;
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
    db.close().await;
    println!(
        "Created admin {email}. Log in at {}/login",
        settings.site.public_url
    );
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
