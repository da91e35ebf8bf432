//! Reads the loaded YAML tree into the catalog structs, part by part, so that one run reports a
//! problem in every part (each code entry, `crate`, `page`) instead of stopping at the first.

use marked_yaml::{from_node, spanned_serde::Error as NodeError, Node};
use serde::de::DeserializeOwned;

use crate::catalog::{CodeEntry, Package, Page, RawCatalog};
use crate::diagnostic::{quoted, Location, Problem};
use crate::suggest::closest;
use crate::validate::{self, Parts};

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
    let top = first_key(node).unwrap_or_else(|| Location::of(map.span()));
    let mut part = |name: &str| {
        let node = map.get_node(name);
        if node.is_none() {
            problems.push(Problem::new(top, format!("missing field `{name}`")));
        }
        node
    };
    let (package, page, codes) = (part("crate"), part("page"), part("codes"));
    let package: Option<Package> =
        package.and_then(|node| deserialize(node, "`crate`", &mut problems));
    let page: Option<Page> = page.and_then(|node| deserialize(node, "`page`", &mut problems));
    let (codes, all_codes) =
        codes.map_or((Vec::new(), false), |node| read_codes(node, &mut problems));
    match (package, page) {
        (Some(package), Some(page)) if problems.is_empty() && all_codes => Ok(RawCatalog {
            package,
            page,
            codes,
        }),
        (package, page) => {
            // Check the rules on whatever read, so one run reports everything.
            problems.extend(validate::check(&Parts {
                package: package.as_ref(),
                page: page.as_ref(),
                codes: &codes,
                all_codes,
            }));
            Err(problems)
        }
    }
}

/// The entries that read, and whether all of them did.
fn read_codes(node: &Node, problems: &mut Vec<Problem>) -> (Vec<CodeEntry>, bool) {
    let Some(entries) = node.as_sequence() else {
        problems.push(Problem::new(
            Location::of(node.span()),
            "`codes` must be a list of code entries",
        ));
        return (Vec::new(), false);
    };
    if entries.is_empty() {
        problems.push(
            Problem::new(Location::of(node.span()), "`codes` is empty")
                .with_label("no codes")
                .with_help("a catalog needs at least one code"),
        );
        return (Vec::new(), false);
    }
    let before = problems.len();
    let codes: Vec<CodeEntry> = entries
        .iter()
        .filter_map(|entry| deserialize(entry, "a code entry", problems))
        .collect();
    let all = problems.len() == before;
    (codes, all)
}

/// Reads one part; `subject` names it in messages (`` `crate` ``, `a code entry`).
///
/// Serde stops at a part's first problem. To report every field's problem in one run, the field
/// at fault is taken out of a copy of the part and the rest read again, until it reads or no
/// field can be blamed. "Missing field" is not reported for a field taken out, nor for one a
/// misspelling's "did you mean" already names.
fn deserialize<T: DeserializeOwned>(
    node: &Node,
    subject: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let mut removed: Vec<String> = Vec::new();
    // Fields already named by a "did you mean" on a misspelling: their absence is not news.
    let mut suggested: Vec<&str> = Vec::new();
    let mut remaining: Option<Node> = None;
    loop {
        let current = remaining.as_ref().unwrap_or(node);
        let error = match from_node(current) {
            Ok(value) if removed.is_empty() => return Some(value),
            Ok(_) => return None,
            Err(error) => error,
        };
        let path = error.path().map(str::to_owned);
        let error = error.into_inner();
        let blamed = match (&error, path.as_deref()) {
            (NodeError::UnknownFieldError(field, ..), _) if !field.contains('.') => {
                Some(field.clone())
            }
            (_, Some(path)) => path.split(['.', '[']).next().map(str::to_owned),
            _ => None,
        };
        if let NodeError::UnknownFieldError(field, expected, _) = &error {
            suggested.extend(closest(field, expected));
        }
        let repeated_missing = matches!(&error, NodeError::Other(message, _)
            if removed.iter().map(String::as_str).chain(suggested.iter().copied())
                .any(|field| message == &format!("missing field `{field}`")));
        if !repeated_missing {
            problems.push(problem_from(error, node, subject, path.as_deref()));
        }
        let mut copy = current.clone();
        let taken = blamed
            .filter(|field| !removed.contains(field))
            .and_then(|field| {
                let map = copy.as_mapping_mut()?;
                map.remove(field.as_str())?;
                Some(field)
            });
        match taken {
            Some(field) => {
                removed.push(field);
                remaining = Some(copy);
            }
            None => return None,
        }
    }
}

fn problem_from(error: NodeError, node: &Node, subject: &str, path: Option<&str>) -> Problem {
    let want_key = matches!(error, NodeError::UnknownFieldError(..));
    let location = path
        .and_then(|path| locate(node, path, want_key))
        .or_else(|| {
            error.start_mark().map(|mark| Location {
                line: mark.line().max(1),
                column: mark.column().max(1),
            })
        })
        .unwrap_or_else(|| Location::of(node.span()));
    let location = match (&error, path) {
        // A missing field is reported at the mapping that lacks it, whose first key is where a
        // reader looks.
        (NodeError::Other(message, _), None) if message.starts_with("missing field") => {
            first_key(node).unwrap_or(location)
        }
        _ => location,
    };
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
        NodeError::Other(message, _) => {
            match plain_words(&message).map(|words| shortened(&words)) {
                Some(words) => {
                    let subject =
                        path.map_or_else(|| subject.to_owned(), |field| format!("`{field}`"));
                    Problem::new(location, format!("{subject}: {words}")).with_label("wrong type")
                }
                None => Problem::new(location, lowercase_first(&shortened(&message))),
            }
        }
    }
}

fn unknown_field(location: Location, field: &str, expected: &[&str]) -> Problem {
    let problem = Problem::new(location, format!("unknown field `{}`", quoted(field)))
        .with_label("unknown field");
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

/// Serde's "invalid type: string \"x\", expected u16" in the catalog's words:
/// "expected a whole number (an HTTP status), found the string \"x\"".
fn plain_words(message: &str) -> Option<String> {
    let (found, expected) = message.rsplit_once(", expected ")?;
    let found = if let Some(what) = found.strip_prefix("invalid type: ") {
        what.to_owned()
    } else if let Some(what) = found.strip_prefix("invalid value: ") {
        what.to_owned()
    } else if found.starts_with("invalid length") {
        "sequence".to_owned()
    } else {
        return None;
    };
    let found = match found.split_once(' ') {
        Some(("string", value)) => format!("the string {value}"),
        Some(("integer", value)) => format!("the number {}", value.trim_matches('`')),
        Some(("floating", value)) => format!(
            "the number {}",
            value.trim_start_matches("point ").trim_matches('`')
        ),
        Some(("boolean", value)) => format!("`{}`", value.trim_matches('`')),
        _ => match found.as_str() {
            "sequence" => "a list".to_owned(),
            "map" => "a mapping".to_owned(),
            "unit value" => "nothing".to_owned(),
            other => other.to_owned(),
        },
    };
    let expected = if expected.starts_with("struct ") || expected == "a map" {
        "a mapping"
    } else if expected == "u16" {
        "a whole number (an HTTP status)"
    } else if expected == "a sequence" {
        "a list"
    } else {
        expected
    };
    Some(format!("expected {expected}, found {found}"))
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// Longest message taken from the deserializer, in characters; serde quotes the offending value
/// in full, and a value can be megabytes long.
const MAX_MESSAGE_CHARS: usize = 120;

fn shortened(message: &str) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_owned(),
    }
}

/// The place of the value (or with `want_key`, of the key) that a deserializer path such as
/// `envelope.intro` or `items[2].codes` names, below `node`.
fn locate(node: &Node, path: &str, want_key: bool) -> Option<Location> {
    let mut current = node;
    let segments: Vec<&str> = path.split('.').collect();
    for (index, segment) in segments.iter().enumerate() {
        let (name, indices) = match segment.find('[') {
            Some(at) => (&segment[..at], &segment[at..]),
            None => (*segment, ""),
        };
        if !name.is_empty() {
            let map = current.as_mapping()?;
            let key = map.keys().find(|key| key.as_str() == name)?;
            if want_key && index + 1 == segments.len() && indices.is_empty() {
                return Some(Location::of(key.span()));
            }
            current = map.get_node(name)?;
        }
        for item in indices.split('[').filter(|item| !item.is_empty()) {
            let item: usize = item.trim_end_matches(']').parse().ok()?;
            current = current.as_sequence()?.get(item)?;
        }
    }
    Some(first_key(current).unwrap_or_else(|| Location::of(current.span())))
}

/// Where a mapping's first key is; block mappings start their span after it.
fn first_key(node: &Node) -> Option<Location> {
    node.as_mapping()?
        .keys()
        .next()
        .map(|key| Location::of(key.span()))
}
