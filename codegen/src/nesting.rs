//! A streaming pre-pass over the YAML events that rejects, before any tree is built, input that
//! could make the loader use unbounded memory or stack, or reach a state it does not expect:
//! collections nested deeper than a limit, anchors and aliases (the way alias bombs such as
//! "billion laughs" multiply), more than one document, and a stream with no document at all.
//! On the way it collects every duplicate mapping key, which the loader would report one at a
//! time.
//!
//! The loader (`marked-yaml`) panics on alias events (`unreachable!()`), recurses in the parser
//! once per level, and silently ignores a second document; it only ever sees text that this pass
//! let through, so none of that is reachable from any input.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use std::collections::HashMap;

use crate::diagnostic::{quoted, Location, Problem};

/// What the pre-pass found.
pub(crate) enum Verdict {
    /// Safe to load; syntax errors, if any, are left to the loader, which reports them with
    /// more context.
    Load,
    /// The text holds nothing but comments and whitespace.
    Empty,
    /// The text cannot be loaded safely, or holds duplicate keys (all of them are listed).
    Reject(Vec<Problem>),
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

/// An open collection, and for a mapping the keys seen so far.
enum Frame {
    Sequence,
    Mapping {
        keys: HashMap<String, Location>,
        expecting_key: bool,
    },
}

/// Walks the events of `text` once, in constant stack and without building a tree.
pub(crate) fn check(text: &str, max_depth: usize) -> Verdict {
    let mut parser = Parser::new_from_str(text);
    let mut open: Vec<Frame> = Vec::new();
    let mut documents = 0usize;
    let mut content = false;
    // Every duplicate key, not only the first: the loader would stop at the first one.
    let mut duplicates = Vec::new();
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                let at = location(error.marker());
                // The scanner's own limits and lookups, said in the catalog's terms.
                return match error.info() {
                    "recursion limit exceeded" => Verdict::Reject(vec![too_deep(at, max_depth)]),
                    info if info.contains("unknown anchor") => Verdict::Reject(vec![anchors(at)]),
                    _ => Verdict::Load,
                };
            }
        };
        let at = location(&mark);
        let is_node = matches!(
            event,
            Event::Alias(_)
                | Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        if is_node {
            if let Some(Frame::Mapping {
                keys,
                expecting_key,
            }) = open.last_mut()
            {
                if let (true, Event::Scalar(key, ..)) = (*expecting_key, &event) {
                    match keys.get(key) {
                        Some(first) => duplicates.push(
                            Problem::new(at, format!("duplicate key `{}`", quoted(key)))
                                .with_label("duplicate key")
                                .with_related(*first, "first defined here"),
                        ),
                        None => {
                            keys.insert(key.clone(), at);
                        }
                    }
                }
                *expecting_key = !*expecting_key;
            }
        }
        let anchored = match event {
            Event::StreamEnd => {
                return if !duplicates.is_empty() {
                    Verdict::Reject(duplicates)
                } else if content {
                    Verdict::Load
                } else {
                    Verdict::Empty
                };
            }
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Verdict::Reject(vec![Problem::new(
                        at,
                        "the catalog holds more than one YAML document",
                    )
                    .with_label("second document")
                    .with_help("remove the `---` and everything after it, or merge it")]);
                }
                false
            }
            Event::Alias(_) => true,
            Event::Scalar(value, style, anchor, _) => {
                // An explicit document holding only an empty scalar (`---` alone) is empty too.
                content |= !open.is_empty()
                    || !value.is_empty()
                    || style != yaml_rust2::scanner::TScalarStyle::Plain;
                anchor != 0
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                content = true;
                open.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Mapping {
                        keys: HashMap::new(),
                        expecting_key: true,
                    }
                } else {
                    Frame::Sequence
                });
                if open.len() > max_depth {
                    return Verdict::Reject(vec![too_deep(at, max_depth)]);
                }
                anchor != 0
            }
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
                false
            }
            _ => false,
        };
        if anchored {
            return Verdict::Reject(vec![anchors(at)]);
        }
    }
}
