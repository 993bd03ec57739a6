//! What search engines read: `/sitemap.xml`, listing every page a visitor can
//! land on with when it last changed, and `/robots.txt`, which points to it
//! and keeps crawlers out of the signed-in areas.

mod queries;
pub mod robots;
pub mod sitemap;
