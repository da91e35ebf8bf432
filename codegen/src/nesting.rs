//! A streaming pre-pass over the YAML events that rejects, before any tree is built, input that
//! could make the loader use unbounded memory or stack, or reach a state it does not expect:
//! collections nested deeper than a limit, anchors and aliases (the way alias bombs such as
//! "billion laughs" multiply), more than one document, and a stream with no document at all.
//!
//! The loader (`marked-yaml`) panics on alias events and asserts on a second document; it only
//! ever sees text that this pass let through, so those paths are unreachable from any input.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{Location, Problem};

/// What the pre-pass found.
pub(crate) enum Verdict {
    /// Safe to load; syntax errors, if any, are left to the loader, which reports them with
    /// more context.
    Load,
    /// The text holds nothing but comments and whitespace.
    Empty,
    /// The text cannot be loaded safely.
    Reject(Problem),
}

fn location(mark: &Marker) -> Location {
    Location {
        line: mark.line().max(1),
        column: mark.col() + 1,
    }
}

fn too_deep(at: Location, max_depth: usize) -> Problem {
    Problem::new(
        at,
        format!("the catalog nests deeper than {max_depth} levels"),
    )
    .with_label("too deep")
}

fn anchors(at: Location) -> Problem {
    Problem::new(
        at,
        "YAML anchors and aliases are not supported in a catalog",
    )
    .with_label("anchor or alias")
    .with_help("write the value out in full")
}

/// Walks the events of `text` once, in constant stack and without building a tree.
pub(crate) fn check(text: &str, max_depth: usize) -> Verdict {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let mut documents = 0usize;
    let mut content = false;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                let at = location(error.marker());
                // The scanner's own limits and lookups, said in the catalog's terms.
                return match error.info() {
                    "recursion limit exceeded" => Verdict::Reject(too_deep(at, max_depth)),
                    info if info.contains("unknown anchor") => Verdict::Reject(anchors(at)),
                    _ => Verdict::Load,
                };
            }
        };
        let at = location(&mark);
        let anchored = match event {
            Event::StreamEnd => {
                return if content {
                    Verdict::Load
                } else {
                    Verdict::Empty
                }
            }
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Verdict::Reject(
                        Problem::new(at, "the catalog holds more than one YAML document")
                            .with_label("second document")
                            .with_help("remove the `---` and everything after it, or merge it"),
                    );
                }
                false
            }
            Event::Alias(_) => true,
            Event::Scalar(value, style, anchor, _) => {
                // An explicit document holding only an empty scalar (`---` alone) is empty too.
                content |= depth > 0
                    || !value.is_empty()
                    || style != yaml_rust2::scanner::TScalarStyle::Plain;
                anchor != 0
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                content = true;
                depth += 1;
                if depth > max_depth {
                    return Verdict::Reject(too_deep(at, max_depth));
                }
                anchor != 0
            }
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => false,
        };
        if anchored {
            return Verdict::Reject(anchors(at));
        }
    }
}
