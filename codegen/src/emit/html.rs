//! The reference page as an HTML fragment, `generated/html/errors.html`, for sites that take HTML
//! rather than markdown.
//!
//! It is the markdown page rendered by pulldown-cmark with tables enabled, so the two never say
//! different things. The page's first line, the header as an HTML comment, passes through the
//! renderer unchanged and becomes the fragment's first line; the code anchors
//! (`<a id="rate_limited"></a>`) pass through the same way, so `errors.html#rate_limited` works.

use pulldown_cmark::{html, Options, Parser};

use super::{markdown, EmitError};
use crate::validate::Catalog;

/// The markdown extensions the page uses: GitHub-flavoured tables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
}

/// Renders the fragment.
pub fn fragment(catalog: &Catalog) -> Result<String, EmitError> {
    let page = markdown::page(catalog)?;
    let mut rendered = String::with_capacity(page.len() * 2);
    html::push_html(&mut rendered, Parser::new_ext(&page, options()));
    let header = markdown::header_comment();
    if rendered.starts_with(&header) {
        Ok(rendered)
    } else {
        Ok(format!("{header}\n{rendered}"))
    }
}
