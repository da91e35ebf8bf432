//! Stage 4, emit: catalog text made safe for rustdoc: markdown that renders on the page as written
//! can still trip rustdoc's lints in a `///` comment, which the generated crate denies.
//!
//! - `[word]` outside a link is an intra-doc link to an item `word` that does not exist
//!   (`rustdoc::broken_intra_doc_links`): its brackets are escaped, `\[word\]`.
//! - A bare `https://…` address is `rustdoc::bare_urls`: it is wrapped as an autolink, `<…>`.
//!
//! Everything else (code spans, emphasis, real links) is left as written, so the docs render
//! like the page. Only the doc text changes; string values such as `ErrorCode::cause()` keep the
//! catalog's text unchanged.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// `markdown` with stray brackets escaped and bare addresses wrapped, for a doc attribute.
pub fn doc_text(markdown: &str) -> String {
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    let mut in_link = 0usize;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            // Link text is no bare address, and may not hold an autolink.
            Event::Text(_) => plan_text(markdown, range, in_link == 0, &mut inserts),
            _ => {}
        }
    }
    // Escaped brackets and a URL's `<` may land on the same offset; keep source order stable.
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(markdown.len() + inserts.len() * 2);
    let mut done = 0;
    for (at, insert) in inserts {
        out.push_str(&markdown[done..at]);
        out.push_str(insert);
        done = at;
    }
    out.push_str(&markdown[done..]);
    out
}

/// Plans the insertions for one text run of the source.
fn plan_text(source: &str, range: Range<usize>, wrap_urls: bool, inserts: &mut Vec<(usize, &str)>) {
    let text = &source[range.clone()];
    let mut urls: Vec<Range<usize>> = Vec::new();
    let mut search = 0;
    while let Some(found) = find_url(&text[search..]) {
        let start = search + found.start;
        let end = search + found.end;
        let before_is_angle = source[..range.start + start].ends_with('<');
        if wrap_urls && !before_is_angle {
            inserts.push((range.start + start, "<"));
            inserts.push((range.start + end, ">"));
        }
        urls.push(start..end);
        search = end;
    }
    for (at, c) in text.char_indices() {
        if (c == '[' || c == ']')
            && !urls.iter().any(|url| url.contains(&at))
            && !is_escaped(source, range.start + at)
        {
            inserts.push((range.start + at, "\\"));
        }
    }
}

/// Whether the character at `at` follows an odd number of backslashes.
fn is_escaped(source: &str, at: usize) -> bool {
    source[..at]
        .bytes()
        .rev()
        .take_while(|&b| b == b'\\')
        .count()
        % 2
        == 1
}

/// The first `http://` or `https://` address in `text`, without trailing punctuation.
fn find_url(text: &str) -> Option<Range<usize>> {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| text.find(scheme))
        .min()?;
    let rest = &text[start..];
    let len = rest
        .find(|c: char| c.is_whitespace() || "<>\"'`()[]{}".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    Some(start..start + url.len())
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn stray_brackets_are_escaped() {
        assert_eq!(
            doc_text("Pass [project] or [a][b]"),
            r"Pass \[project\] or \[a\]\[b\]"
        );
        assert_eq!(doc_text(r"already \[escaped\]"), r"already \[escaped\]");
    }

    #[test]
    fn links_code_and_emphasis_are_kept() {
        for kept in [
            "see [the docs](https://example.com/x)",
            "use `list[0]` here",
            "**bold** and *em*",
            "plain text",
        ] {
            assert_eq!(doc_text(kept), kept);
        }
    }

    #[test]
    fn bare_addresses_become_autolinks() {
        assert_eq!(
            doc_text("See https://example.com/a?b=1."),
            "See <https://example.com/a?b=1>."
        );
        assert_eq!(doc_text("<https://example.com>"), "<https://example.com>");
    }

    #[test]
    fn addresses_in_link_text_stay_as_they_are() {
        let linked = "[https://example.com](https://example.com)";
        assert_eq!(doc_text(linked), linked);
    }

    #[test]
    fn brackets_next_to_links_are_escaped_too() {
        assert_eq!(
            doc_text("[x] then [y](https://e.com) and [z]"),
            r"\[x\] then [y](https://e.com) and \[z\]"
        );
    }
}
