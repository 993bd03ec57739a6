//! A page's head: title, meta description, canonical address and the preview
//! other sites show of a link to it (Open Graph, Twitter cards). Every page
//! says these once, through this component; the app adds no description of its
//! own, so a page never carries two (search engines pick one at random when it
//! does).

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

use crate::site::{absolute_url, use_site};

/// What a page that has no better words of its own tells search engines.
pub const DEFAULT_DESCRIPTION: &str = "In-depth IT courses and certifications, online and in person in Metro Manila and Cebu City, with certified expert trainers.";

/// What a shared link is, for Open Graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShareKind {
    #[default]
    Website,
    Article,
}

impl ShareKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Website => "website",
            Self::Article => "article",
        }
    }
}

#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(optional, into)] description: Option<String>,
    /// A picture for the link preview (an absolute URL or a path of this site).
    #[prop(optional, into)]
    image: Option<String>,
    #[prop(optional, into)] image_alt: Option<String>,
    #[prop(optional)] kind: ShareKind,
) -> impl IntoView {
    let site = use_site();
    let description = description.unwrap_or_else(|| DEFAULT_DESCRIPTION.to_owned());
    let location = use_location();
    let canonical = absolute_url(
        &site.public_url,
        &canonical_address(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
        ),
    );
    let share_title = if title.is_empty() {
        site.name.clone()
    } else {
        title.clone()
    };
    let image = image
        .filter(|image| !image.is_empty())
        .map(|image| absolute_url(&site.public_url, &image));
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    view! {
        <Title text=title />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical.clone() />
        <Meta property="og:type" content=kind.as_str() />
        <Meta property="og:site_name" content=site.name />
        <Meta property="og:title" content=share_title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=canonical />
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=share_title />
        <Meta name="twitter:description" content=description />
        {image.map(|image| view! {
            <Meta property="og:image" content=image.clone() />
            <Meta name="twitter:image" content=image />
            {image_alt.filter(|alt| !alt.is_empty()).map(|alt| view! {
                <Meta property="og:image:alt" content=alt.clone() />
                <Meta name="twitter:image:alt" content=alt />
            })}
        })}
    }
}

/// The one address search engines should list a page under: its path, and
/// only a page number beyond the first when nothing else narrows the list. A
/// search or filter result, or a form opened with a preset (`/contact?course=`),
/// points to the page itself, so its variants do not compete with it.
pub fn canonical_address(path: &str, query: &str) -> String {
    let query = query.trim_start_matches('?');
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    match pairs.as_slice() {
        [("page", number)] if number.parse::<u32>().is_ok_and(|n| n > 1) => {
            format!("{path}?page={}", number.parse::<u32>().unwrap_or(1))
        }
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_number_is_kept_only_for_the_unfiltered_list() {
        assert_eq!(canonical_address("/courses", ""), "/courses");
        assert_eq!(canonical_address("/courses", "?page=3"), "/courses?page=3");
        assert_eq!(canonical_address("/courses", "page=03"), "/courses?page=3");
        assert_eq!(canonical_address("/courses", "page=1"), "/courses");
        assert_eq!(canonical_address("/courses", "page=x"), "/courses");
        assert_eq!(canonical_address("/courses", "q=cloud&page=2"), "/courses");
        assert_eq!(
            canonical_address("/contact", "course=kubernetes-administration"),
            "/contact"
        );
        assert_eq!(
            canonical_address("/blog/tags/cloud", "utm_source=mail"),
            "/blog/tags/cloud"
        );
    }
}
