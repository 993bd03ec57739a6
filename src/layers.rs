//! Keeps the dependency direction of ARCHITECTURE.md honest: every module of
//! `src/` may use only modules of a lower layer. A module that reaches up (a
//! feature importing the wiring in `server`, a UI primitive importing a
//! feature) fails this test, with the file and line to fix.

use std::path::{Path, PathBuf};

/// The layers from the bottom up; a module may use the modules of the layers
/// below its own, never its own layer's neighbours or anything above.
const LAYERS: &[&[&str]] = &[
    // What the site is (its name, contact details, public address): read by
    // the design system's page head, so it sits below it.
    &["site"],
    // Foundations, which know nothing of features.
    &[
        "clock",
        "column",
        "markdown",
        "calendar",
        "ui",
        "crypto",
        "rate_limit",
    ],
    &["errors"],
    &["db"],
    &["settings"],
    &["cache", "audit", "jobs"],
    &["mail"],
    &["state"],
    // Features.
    &["accounts", "catalog", "legal"],
    // Webhooks are written by the changes above them (enrollment, contact,
    // the admin's catalog) in their own transactions, and email the admins.
    &["webhooks"],
    // The blog's articles show related and upcoming trainings; an enquiry may
    // be about a course, and is announced to the admins.
    &["enrollment", "blog", "contact"],
    // Courses and runs are changed by the dashboard and the API alike; a
    // run's change reaches its learners and webhook receivers.
    &["catalog_editing"],
    // The sitemap lists courses and posts; a learner's data spans accounts,
    // enrollment and enquiries; the JSON API reads the catalog and the blog.
    &["home", "seo", "privacy", "api"],
    &["admin"],
    // The route table and the site's frame.
    &["app"],
    // Start-up and wiring; `main.rs` and `lib.rs` sit on top of it.
    &["server"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file under `src/` belongs to (`None` for the crate
/// root files, which may use everything).
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(module, "main" | "lib" | "layers")).then(|| module.to_owned())
}

/// Every `crate::name` a line of code (not a comment) refers to.
fn crate_references(line: &str) -> Vec<&str> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    code.match_indices("crate::")
        .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(at, found)| {
            let rest = &code[at + found.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

/// The upward or sideways references in one file, as "file:line: a uses b".
fn violations(relative: &Path, text: &str) -> Vec<String> {
    let Some(module) = module_of(relative) else {
        return Vec::new();
    };
    let Some(own) = layer_of(&module) else {
        return vec![format!(
            "{}: module `{module}` has no layer in src/layers.rs",
            relative.display()
        )];
    };
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for used in crate_references(line) {
            if used == module || used.is_empty() {
                continue;
            }
            let allowed = layer_of(used).is_some_and(|theirs| theirs < own);
            if !allowed {
                found.push(format!(
                    "{}:{}: `{module}` uses `{used}`, which is not below it",
                    relative.display(),
                    number + 1
                ));
            }
        }
    }
    found
}

fn rust_files(folder: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder)
        .expect("src/ is readable")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let found: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).expect("readable source");
            violations(file.strip_prefix(&src).expect("under src/"), &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "imports against the layers (see ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_feature_reaching_into_the_wiring_is_caught() {
    let found = violations(
        Path::new("catalog/pages/course.rs"),
        "use crate::server::startup::Application;\n// crate::server in a comment is fine\nlet s = crate::state::AppState::current();",
    );
    assert_eq!(
        found,
        ["catalog/pages/course.rs:1: `catalog` uses `server`, which is not below it"]
    );
    assert_eq!(
        violations(Path::new("ui/card.rs"), "use crate::accounts::viewer;").len(),
        1,
        "a UI primitive may not use a feature"
    );
    assert_eq!(
        violations(Path::new("catalog/model.rs"), "use crate::blog::Post;").len(),
        1,
        "features of one layer do not use each other"
    );
    assert!(violations(Path::new("main.rs"), "kurso::server::cli::run()").is_empty());
}
