//! Stage 4, emit: the reference page as an HTML fragment, `generated/html/errors.html`, for sites
//! that take HTML rather than markdown.
//!
//! It is the markdown page, as [`super::markdown::page`] rendered it, converted by pulldown-cmark
//! with tables enabled, so the two never say different things. The page's first line, the header
//! as an HTML comment, passes through the converter unchanged and becomes the fragment's first
//! line; the code anchors (`<a id="rate_limited"></a>`) pass through the same way, so
//! `errors.html#rate_limited` works.

use pulldown_cmark::{html, Options, Parser};

use super::markdown;

/// The markdown extensions the page uses: GitHub-flavoured tables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
}

/// Converts the page's markdown, the text of `docs/errors.md`, into the fragment.
pub fn fragment(page_markdown: &str) -> String {
    let mut rendered = String::with_capacity(page_markdown.len() * 2);
    html::push_html(&mut rendered, Parser::new_ext(page_markdown, options()));
    let header = markdown::header_comment();
    if rendered.starts_with(&header) {
        rendered
    } else {
        format!("{header}\n{rendered}")
    }
}
