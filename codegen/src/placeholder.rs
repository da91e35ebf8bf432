//! The base of every stage, placeholders: `{production.requests}` in catalog prose stands for a
//! value the catalog holds as data (here, a rate-limit policy's number), so the prose cannot
//! disagree with it.
//!
//! A placeholder is exactly `{name.field}`, two snake_case words joined by a dot;
//! `{{name.field}}` writes it literally, as `{name.field}`. Every other brace is literal text, as
//! it was before placeholders existed, so prose that holds braces (`{{ x }}`, `{id}`) keeps its
//! meaning. [`crate::check`] reports placeholders
//! that name nothing; [`crate::model`] renders them.

use crate::naming::is_snake_case;

/// A piece of a text: literal text, or a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text, braces unescaped.
    Text(&'a str),
    /// `{name.field}`.
    Field {
        /// What the placeholder names: a rate-limit policy.
        name: &'a str,
        /// Which of its values.
        field: &'a str,
        /// The placeholder as written, braces included.
        written: &'a str,
    },
}

/// The pieces of `text`, in order.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find('{') {
        at += offset;
        let rest = &text[at..];
        if let Some(Piece::Field { written, .. }) = rest.strip_prefix('{').and_then(placeholder) {
            if rest[1 + written.len()..].starts_with('}') {
                // `{{name.field}}`: the placeholder's text, with single braces.
                push_text(&mut pieces, &text[literal_start..at]);
                push_text(&mut pieces, written);
                at += written.len() + 2;
                literal_start = at;
                continue;
            }
        }
        match placeholder(rest) {
            Some(piece @ Piece::Field { written, .. }) => {
                push_text(&mut pieces, &text[literal_start..at]);
                pieces.push(piece);
                at += written.len();
                literal_start = at;
            }
            _ => at += 1,
        }
    }
    push_text(&mut pieces, &text[literal_start..]);
    pieces
}

/// The placeholders of `text`.
pub fn fields(text: &str) -> impl Iterator<Item = Piece<'_>> {
    pieces(text)
        .into_iter()
        .filter(|piece| matches!(piece, Piece::Field { .. }))
}

/// `text` with every placeholder replaced by `value(name, field)`; `None` when one has no value.
pub fn render(text: &str, mut value: impl FnMut(&str, &str) -> Option<String>) -> Option<String> {
    let mut rendered = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(literal) => rendered.push_str(literal),
            Piece::Field { name, field, .. } => rendered.push_str(&value(name, field)?),
        }
    }
    Some(rendered)
}

fn push_text<'a>(pieces: &mut Vec<Piece<'a>>, text: &'a str) {
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
}

/// The placeholder at the start of `rest` (which starts with `{`), if it is one.
fn placeholder(rest: &str) -> Option<Piece<'_>> {
    if !rest.starts_with('{') {
        return None;
    }
    // Only the characters a placeholder may hold are looked at, so finding the pieces of a text
    // takes time in proportion to its length, however many braces it holds.
    let end = 1 + rest[1..]
        .bytes()
        .take_while(|&byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"_.".contains(&byte)
        })
        .count();
    if rest.as_bytes().get(end) != Some(&b'}') {
        return None;
    }
    let inner = &rest[1..end];
    let (name, field) = inner.split_once('.')?;
    (is_snake_case(name) && is_snake_case(field)).then_some(Piece::Field {
        name,
        field,
        written: &rest[..=end],
    })
}

#[cfg(test)]
mod tests {
    use super::{pieces, render, Piece};

    fn value(name: &str, field: &str) -> Option<String> {
        (name == "production" && field == "requests").then(|| "120".to_owned())
    }

    #[test]
    fn renders_placeholders_and_escaped_ones() {
        assert_eq!(
            render("Over {production.requests} requests", value).as_deref(),
            Some("Over 120 requests")
        );
        assert_eq!(
            render("{{production.requests}} is written so", value).as_deref(),
            Some("{production.requests} is written so")
        );
        assert_eq!(render("{production.window}", value), None);
    }

    #[test]
    fn other_braces_are_literal() {
        for text in [
            "{",
            "}",
            "{}",
            "{{",
            "}}",
            "a {b} c",
            "{{ x }}",
            "{% if %}",
            "{Production.requests}",
            "{a.b",
            "{a.b.c}",
            "{ a.b }",
        ] {
            assert_eq!(render(text, value).as_deref(), Some(text), "{text}");
        }
    }

    #[test]
    fn many_braces_take_linear_time() {
        // Each `{` looks ahead only over the characters a placeholder may hold.
        let text = "{".repeat(1 << 20);
        assert_eq!(pieces(&text), [Piece::Text(&text)]);
        let text = "{a.b ".repeat(1 << 18);
        assert_eq!(pieces(&text).len(), 1);
    }

    #[test]
    fn finds_each_placeholder_once() {
        let found = pieces("{a.b}{c.d} x {{e.f}} y");
        assert_eq!(
            found,
            [
                Piece::Field {
                    name: "a",
                    field: "b",
                    written: "{a.b}"
                },
                Piece::Field {
                    name: "c",
                    field: "d",
                    written: "{c.d}"
                },
                Piece::Text(" x "),
                Piece::Text("{e.f}"),
                Piece::Text(" y"),
            ]
        );
    }
}
