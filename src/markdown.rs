//! Markdown written by admins (course descriptions, outlines, posts) turned into
//! HTML that is safe to place in a page: pulldown-cmark renders, ammonia keeps
//! only harmless tags and attributes (no scripts, no event handlers, no
//! `javascript:` links) and marks links as leaving the site.

use pulldown_cmark::{html, Options, Parser};

pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&rendered)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html("## Day 1\n\n- IAM *policies*\n- KMS");
        assert!(html.contains("<h2>Day 1</h2>"), "{html}");
        assert!(html.contains("<li>IAM <em>policies</em></li>"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("click"), "{html}");
    }

    #[test]
    fn links_are_marked_as_leaving_the_site() {
        let html = to_safe_html("[AWS](https://aws.amazon.com)");
        assert!(
            html.contains(r#"rel="noopener noreferrer nofollow""#),
            "{html}"
        );
    }
}
