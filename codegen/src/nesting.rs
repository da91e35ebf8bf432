//! A streaming pre-pass over the YAML events that rejects, before any tree is built, input that
//! could make the loader use unbounded memory or stack: collections nested deeper than a limit,
//! and anchors or aliases (the way alias bombs such as "billion laughs" multiply).

use yaml_rust2::parser::{Event, Parser};

use crate::diagnostic::{Location, Problem};

/// Returns the first reason the text cannot be loaded safely, if any. YAML syntax errors are left
/// to the loader, which reports them with more context.
pub(crate) fn check(text: &str, max_depth: usize) -> Option<Problem> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let at = Location {
            line: mark.line().max(1),
            column: mark.col() + 1,
        };
        let anchored = match event {
            Event::StreamEnd => return None,
            Event::Alias(_) => true,
            Event::Scalar(_, _, anchor, _) => anchor != 0,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                depth += 1;
                if depth > max_depth {
                    return Some(Problem::new(
                        at,
                        format!("the catalog nests deeper than {max_depth} levels"),
                    ));
                }
                anchor != 0
            }
            Event::SequenceEnd | Event::MappingEnd => {
                depth -= 1;
                false
            }
            _ => false,
        };
        if anchored {
            return Some(
                Problem::new(
                    at,
                    "YAML anchors and aliases are not supported in a catalog",
                )
                .with_help("write the value out in full"),
            );
        }
    }
}
