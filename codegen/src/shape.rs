//! Reads the loaded YAML tree into the catalog structs, part by part, so that one run reports a
//! problem in every part (each code entry, `crate`, `page`) instead of stopping at the first.

use marked_yaml::{from_node, spanned_serde::Error as NodeError, Node};
use serde::de::DeserializeOwned;

use crate::catalog::{CodeEntry, RawCatalog};
use crate::diagnostic::{Location, Problem};
use crate::suggest::closest;

const TOP_LEVEL_FIELDS: &[&str] = &["crate", "page", "codes"];

/// Deserializes the whole catalog, collecting a problem from every part that does not fit.
pub(crate) fn read(node: &Node) -> Result<RawCatalog, Vec<Problem>> {
    let Some(map) = node.as_mapping() else {
        return Err(vec![Problem::new(
            Location::of(node.span()),
            "the catalog must be a mapping with `crate`, `page` and `codes`",
        )]);
    };
    let mut problems = Vec::new();
    for key in map.keys() {
        if !TOP_LEVEL_FIELDS.contains(&key.as_str()) {
            problems.push(unknown_field(
                Location::of(key.span()),
                key.as_str(),
                TOP_LEVEL_FIELDS,
            ));
        }
    }
    let mut part = |name: &str| {
        let node = map.get_node(name);
        if node.is_none() {
            problems.push(Problem::new(
                Location::of(map.span()),
                format!("missing field `{name}`"),
            ));
        }
        node
    };
    let (package, page, codes) = (part("crate"), part("page"), part("codes"));
    let package = package.and_then(|node| deserialize(node, &mut problems));
    let page = page.and_then(|node| deserialize(node, &mut problems));
    let codes = codes.and_then(|node| read_codes(node, &mut problems));
    match (package, page, codes) {
        (Some(package), Some(page), Some(codes)) if problems.is_empty() => Ok(RawCatalog {
            package,
            page,
            codes,
        }),
        _ => Err(problems),
    }
}

fn read_codes(node: &Node, problems: &mut Vec<Problem>) -> Option<Vec<CodeEntry>> {
    let Some(entries) = node.as_sequence() else {
        problems.push(Problem::new(
            Location::of(node.span()),
            "`codes` must be a list of code entries",
        ));
        return None;
    };
    let before = problems.len();
    let codes: Vec<CodeEntry> = entries
        .iter()
        .filter_map(|entry| deserialize(entry, problems))
        .collect();
    (problems.len() == before).then_some(codes)
}

fn deserialize<T: DeserializeOwned>(node: &Node, problems: &mut Vec<Problem>) -> Option<T> {
    from_node(node)
        .map_err(|error| problems.push(problem_from(error.into_inner(), node)))
        .ok()
}

fn problem_from(error: NodeError, node: &Node) -> Problem {
    let location = error
        .start_mark()
        .map(|mark| Location {
            line: mark.line().max(1),
            column: mark.column().max(1),
        })
        .unwrap_or_else(|| Location::of(node.span()));
    match error {
        NodeError::UnknownFieldError(field, expected, _) => {
            unknown_field(location, &field, expected)
        }
        NodeError::NotBoolean(_) => {
            Problem::new(location, "expected `true` or `false`").with_label("not a boolean")
        }
        NodeError::IntegerParseFailure(error, _) => {
            Problem::new(location, format!("expected a whole number: {error}"))
                .with_label("not a valid number")
        }
        NodeError::FloatParseFailure(error, _) => {
            Problem::new(location, format!("expected a number: {error}"))
        }
        NodeError::Other(message, _) => Problem::new(location, lowercase_first(&message)),
    }
}

fn unknown_field(location: Location, field: &str, expected: &[&str]) -> Problem {
    let problem =
        Problem::new(location, format!("unknown field `{field}`")).with_label("unknown field");
    match closest(field, expected) {
        Some(suggestion) => problem.with_help(format!("did you mean `{suggestion}`?")),
        None => problem.with_help(format!(
            "expected one of {}",
            expected
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
