//! The few pages the server answers without the app: a refused cross-site form,
//! "too many attempts" for a form posted without JavaScript, and the page shown
//! when a handler panics. They follow the site's Content-Security-Policy like
//! every other page: the site's own stylesheet, no inline style or script, and a
//! plain link home instead of `javascript:history.back()`.

use std::sync::Arc;

use leptos::config::LeptosOptions;

/// Renders the plain pages with the site's stylesheet.
#[derive(Clone, Debug)]
pub struct PlainPages {
    stylesheet_href: Arc<str>,
}

impl PlainPages {
    pub fn new(options: &LeptosOptions) -> Self {
        Self {
            stylesheet_href: stylesheet_href(options).into(),
        }
    }

    /// A small page with a heading, one message and a link to the home page.
    pub fn render(&self, status: u16, title: &str, message: &str) -> String {
        format!(
            r#"<!DOCTYPE html>
<html lang="en" class="bg-ink-50"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="{href}"></head>
<body class="min-h-screen bg-ink-50 font-sans text-ink-900 antialiased">
<main class="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-6 py-16 text-center">
<p class="text-sm font-semibold uppercase tracking-wide text-brand-700">Error {status}</p>
<h1 class="mt-2 text-3xl font-bold tracking-tight text-ink-950">{title}</h1>
<p class="mt-4 text-ink-700">{message}</p>
<p class="mt-8"><a href="/" class="font-semibold text-brand-700 underline hover:text-brand-900">Go to the home page</a></p>
</main></body></html>"#,
            href = escape(&self.stylesheet_href),
            title = escape(title),
            message = escape(message),
        )
    }
}

/// The stylesheet's address as `leptos_meta::HashedStylesheet` writes it into
/// pages: `/pkg/kurso.<hash>.css` when the build hashed its files.
fn stylesheet_href(options: &LeptosOptions) -> String {
    let hash = options
        .hash_files
        .then(|| {
            let exe = std::env::current_exe().ok()?;
            let hashes =
                std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()?;
            hashes.lines().find_map(|line| {
                let (kind, hash) = line.trim().split_once(':')?;
                (kind == "css").then(|| hash.trim().to_owned())
            })
        })
        .flatten();
    match hash {
        Some(hash) => format!(
            "/{}/{}.{hash}.css",
            options.site_pkg_dir, options.output_name
        ),
        None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_page_uses_the_sites_stylesheet_and_nothing_a_strict_policy_blocks() {
        let pages = PlainPages {
            stylesheet_href: "/pkg/kurso.abc123.css".into(),
        };

        let html = pages.render(403, "Access denied", "Sent from <elsewhere>.");

        assert!(html.contains(r#"<link rel="stylesheet" href="/pkg/kurso.abc123.css">"#));
        assert!(html.contains("Sent from &lt;elsewhere&gt;."));
        for blocked in ["<style", "style=", "<script", "javascript:"] {
            assert!(!html.contains(blocked), "{blocked} in {html}");
        }
    }
}
