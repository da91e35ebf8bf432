//! The base of every stage, message templates: a code's `message` such as
//! ``DELETE mode `{mode}` isn't reset or delete``, whose `{name}` placeholders the server fills
//! in with the values of the code's `params` when it builds a body.
//!
//! The syntax is a format string's: `{name}` is a parameter (a snake_case word), `{name.field}`
//! a rate-limit policy's value (as in all catalog prose, see [`crate::placeholder`]), `{{` and
//! `}}` are literal braces, and any other brace is malformed. [`crate::check`] reports malformed
//! braces and names that nothing declares; [`crate::model`] keeps the parsed pieces.

use crate::naming::is_snake_case;

/// The bidirectional formatting characters, as inclusive ranges: U+061C, U+200E, U+200F,
/// U+202A to U+202E and U+2066 to U+2069. Shown as they are, they reorder the text around them.
pub const BIDI_FORMATTING: [(char, char); 4] = [
    ('\u{061C}', '\u{061C}'),
    ('\u{200E}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2066}', '\u{2069}'),
];

/// Whether a message cannot show `c` as it is: a control character, or one of
/// [`BIDI_FORMATTING`]. A template's fixed text and examples may not hold one
/// ([`crate::check`]); the generated crate escapes them in the values it writes in.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || BIDI_FORMATTING
            .iter()
            .any(|&(first, last)| (first..=last).contains(&c))
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text, braces unescaped.
    Text(String),
    /// `{name}`: a parameter's value.
    Param {
        /// The parameter's name.
        name: &'a str,
    },
    /// `{name.field}`: a value of the rate-limit policy `name`.
    Policy {
        /// The policy's name.
        name: &'a str,
        /// Which of its values.
        field: &'a str,
        /// The placeholder as written, braces included.
        written: &'a str,
    },
}

/// A brace that is neither escaped nor part of a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed {
    /// Where the brace is in the template, in characters from its start.
    pub column: usize,
    /// What is wrong, for the message.
    pub reason: &'static str,
}

/// The pieces of `template`, literal text merged, or every malformed brace in it.
pub fn parse(template: &str) -> Result<Vec<Piece<'_>>, Vec<Malformed>> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut malformed = Vec::new();
    let mut chars = template.char_indices().enumerate().peekable();
    while let Some((column, (at, c))) = chars.next() {
        match c {
            '{' if template[at + 1..].starts_with('{') => {
                chars.next();
                literal.push('{');
            }
            '}' if template[at + 1..].starts_with('}') => {
                chars.next();
                literal.push('}');
            }
            '}' => malformed.push(Malformed {
                column,
                reason: "a lone `}`",
            }),
            '{' => {
                let rest = &template[at + 1..];
                let Some(end) = rest
                    .find(['}', '{'])
                    .filter(|&end| rest[end..].starts_with('}'))
                else {
                    malformed.push(Malformed {
                        column,
                        reason: "a `{` that no `}` closes",
                    });
                    continue;
                };
                let inner = &rest[..end];
                let piece = match inner.split_once('.') {
                    None if is_snake_case(inner) => Piece::Param { name: inner },
                    Some((name, field)) if is_snake_case(name) && is_snake_case(field) => {
                        Piece::Policy {
                            name,
                            field,
                            written: &template[at..at + end + 2],
                        }
                    }
                    _ => {
                        malformed.push(Malformed {
                            column,
                            reason: "braces around something that is not a snake_case name",
                        });
                        // Go on after the closing brace: one problem per placeholder.
                        skip(&mut chars, inner.chars().count() + 1);
                        continue;
                    }
                };
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(piece);
                skip(&mut chars, inner.chars().count() + 1);
            }
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    if malformed.is_empty() {
        Ok(pieces)
    } else {
        Err(malformed)
    }
}

fn skip(chars: &mut impl Iterator, count: usize) {
    for _ in 0..count {
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, Malformed, Piece};

    #[test]
    fn parses_params_policies_and_escaped_braces() {
        assert_eq!(
            parse("Mode `{mode}` over {production.requests} {{x}} }}").unwrap(),
            [
                Piece::Text("Mode `".to_owned()),
                Piece::Param { name: "mode" },
                Piece::Text("` over ".to_owned()),
                Piece::Policy {
                    name: "production",
                    field: "requests",
                    written: "{production.requests}"
                },
                Piece::Text(" {x} }".to_owned()),
            ]
        );
        assert_eq!(parse("").unwrap(), []);
    }

    #[test]
    fn reports_every_malformed_brace_with_its_column() {
        let columns = |template| {
            parse(template)
                .unwrap_err()
                .iter()
                .map(|Malformed { column, .. }| *column)
                .collect::<Vec<_>>()
        };
        assert_eq!(columns("a } b"), [2]);
        assert_eq!(columns("{"), [0]);
        assert_eq!(columns("é{mode"), [1]);
        assert_eq!(
            columns("{Mode} and {} and { x } and {a.b.c}"),
            [0, 11, 18, 28]
        );
        assert_eq!(columns("{a{b}"), [0]);
        assert_eq!(columns("{{{a}}}}"), [7]);
    }
}
