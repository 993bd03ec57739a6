//! The script that starts the islands, without the hints that would fetch the
//! bundle ahead of the first paint.

use leptos::prelude::*;
use leptos::tachys::html::InertElement;

/// Leptos' island loader (`HydrationScripts`), minus the `modulepreload` and
/// `preload` links it writes in front of it.
///
/// Those links ask for the bundle's JavaScript and wasm at high priority as
/// soon as the head is parsed, so on a slow phone link they share the
/// bandwidth with the stylesheet and delay the first paint. The loader itself
/// imports both once the browser is idle, which is when islands start anyway.
/// Measured with Lighthouse (mobile, median of 3) through a proxy that removed
/// only these links: largest contentful paint 1.67 → 0.90 s on the home page,
/// 1.83 → 1.05 s on /schedule; `fetchpriority="low"` on the links sped up the
/// first paint but left the largest one where it was.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let scripts = view! { <HydrationScripts options islands=true /> }.to_html();
    InertElement::new(without_preload_links(&scripts))
}

/// `html` without its `<link rel="modulepreload">` and `<link rel="preload">`
/// tags; everything else is kept as written.
fn without_preload_links(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..=start + length];
        kept.push_str(&rest[..start]);
        if !(tag.contains(r#"rel="modulepreload""#) || tag.contains(r#"rel="preload""#)) {
            kept.push_str(tag);
        }
        rest = &rest[start + length + 1..];
    }
    kept.push_str(rest);
    kept
}

#[cfg(test)]
mod tests {
    use super::without_preload_links;

    #[test]
    fn drops_both_preload_links_and_keeps_the_loader() {
        let html = concat!(
            r#"<link rel="modulepreload" href="/pkg/kurso.abc.js" crossorigin="n1">"#,
            r#"<link rel="preload" href="/pkg/kurso.abc.wasm" as="fetch" type="application/wasm" crossorigin="n1">"#,
            r#"<script type="module" nonce="n1">((root) => { idle(() => import(root)) })("")</script>"#,
        );
        assert_eq!(
            without_preload_links(html),
            r#"<script type="module" nonce="n1">((root) => { idle(() => import(root)) })("")</script>"#
        );
    }

    #[test]
    fn keeps_other_links_and_text_around_them() {
        let html = r#"a<link rel="stylesheet" href="/s.css">b<link rel="preload" href="/x">c"#;
        assert_eq!(
            without_preload_links(html),
            r#"a<link rel="stylesheet" href="/s.css">bc"#
        );
    }

    #[test]
    fn leaves_an_unclosed_tag_alone() {
        assert_eq!(
            without_preload_links("x<link rel=\"preload\""),
            "x<link rel=\"preload\""
        );
    }
}
