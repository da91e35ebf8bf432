//! Reads the loaded YAML tree into the catalog structs, part by part (`crate`, `page`, each code
//! entry), so that one run reports every problem of every part instead of stopping at the first:
//! see [`deserialize`].

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{from_node, spanned_serde::Error as NodeError, Marker, Node, Span};
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
        package.and_then(|node| deserialize(node, Part::Crate, &mut problems));
    let before_page = problems.len();
    let page: Option<Page> = page.and_then(|node| deserialize(node, Part::Page, &mut problems));
    let whole_page = page.is_some() && problems.len() == before_page;
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
            let rules = validate::check(&Parts {
                package: package.as_ref(),
                page: page.as_ref(),
                whole_page,
                codes: &codes,
                all_codes,
            });
            problems.extend(rules);
            // Whatever is about a placeholder is about a value the catalog lacks, which is
            // reported already (and a placeholder has no source line to show).
            problems.retain(|problem| !is_about_placeholder(problem));
            Err(problems)
        }
    }
}

/// The entries that read (some perhaps only from a patched copy), and whether all of them read
/// as written.
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
        .filter_map(|entry| deserialize(entry, Part::Code, problems))
        .collect();
    let all = problems.len() == before;
    (codes, all)
}

/// The part of the catalog being read, as messages name it.
#[derive(Clone, Copy, Debug)]
enum Part {
    Crate,
    Page,
    Code,
}

impl Part {
    fn subject(self) -> &'static str {
        match self {
            Part::Crate => "`crate`",
            Part::Page => "`page`",
            Part::Code => "a code entry",
        }
    }

    /// A place in this part, quoted: `` `page.envelope.intro` ``, or within a code entry
    /// `` `deprecated.message` `` (the entry is clear from the location).
    fn name(self, path: &Path) -> String {
        match self {
            Part::Crate => format!("`crate.{path}`"),
            Part::Page => format!("`page.{path}`"),
            Part::Code => format!("`{path}`"),
        }
    }
}

/// Most problems reported from one part (`crate`, `page`, a code entry). Each one costs a fresh
/// read of the part, so a part made of thousands of broken items cannot keep the run busy. One
/// less than are shown, so that the part's problems and the note that more may follow all are.
const MAX_PROBLEMS_PER_PART: usize = crate::diagnostic::MAX_SHOWN_PROBLEMS - 1;

/// Reads one part of the catalog.
///
/// Serde stops at a part's first problem. To report every problem in one run, the part is read
/// again from a copy in which the problem is dealt with, until the copy reads:
///
/// - a value at fault (mistyped, an unknown key, a bad list item) is set aside;
/// - a missing field gets a placeholder, so the rest of its mapping is read and checked: text,
///   else a mapping, else a list (see [`Placeholder`]); when none fits, its mapping is set aside.
///
/// "Missing field" is not reported for a field set aside, nor for one that a misspelling's "did
/// you mean" already names, and nothing is reported from inside a placeholder. A part that
/// reads only from a patched copy is returned so that the rules run on it too; its problems are
/// reported, so nothing is emitted from it, and the rules' problems about placeholders are
/// dropped (see [`is_about_placeholder`]).
fn deserialize<T: DeserializeOwned>(
    node: &Node,
    part: Part,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    // Places in the original part's list indices: of what was set aside, of placeholders, and of
    // the fields that a "did you mean" named.
    let mut set_aside: Vec<Path> = Vec::new();
    let mut placeholders: Vec<Path> = Vec::new();
    // Placeholders replaced by the next shape, once per shape tried.
    let mut tried: Vec<Path> = Vec::new();
    let mut suggested: Vec<Path> = Vec::new();
    let mut copy: Option<Node> = None;
    let mut reported = 0;
    loop {
        let current = copy.as_ref().unwrap_or(node);
        let error = match from_node(current) {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        let rendered = error.path().map(str::to_owned);
        let error = error.into_inner();
        let unknown_key = match &error {
            NodeError::UnknownFieldError(field, ..) => Some(field.as_str()),
            _ => None,
        };
        // The place in the copy (the part itself when serde names none), and the same place in
        // the original: list items set aside in the copy shift the ones after them.
        let in_copy = Path::parse(rendered.as_deref().unwrap_or_default(), unknown_key);
        let in_original = in_copy
            .as_ref()
            .and_then(|path| path.in_original(node, current));
        let (Some(in_copy), Some(in_original)) = (in_copy, in_original) else {
            // Not a place this function can find again: report it, and read no further.
            problems.push(problem_from(error, node, part, None));
            return None;
        };
        if let NodeError::UnknownFieldError(field, expected, _) = &error {
            let parent = in_original.parent();
            suggested.extend(closest(field, expected).map(|name| parent.child(name)));
        }
        let missing = match &error {
            NodeError::Other(message, _) => missing_field(message).map(str::to_owned),
            _ => None,
        };
        // The deepest placeholder this problem is in, if any: its own, not the catalog's.
        let placeholder = placeholders
            .iter()
            .filter(|placeholder| in_original.0.starts_with(&placeholder.0))
            .max_by_key(|placeholder| placeholder.0.len())
            .cloned();
        let known = placeholder.is_some()
            || missing.as_deref().is_some_and(|field| {
                let full = in_original.child(field);
                set_aside.contains(&full) || suggested.contains(&full)
            });
        if !known {
            if reported == MAX_PROBLEMS_PER_PART {
                problems.push(Problem::new(
                    first_key(node).unwrap_or_else(|| Location::of(node.span())),
                    format!(
                        "{} has more than {MAX_PROBLEMS_PER_PART} problems; \
                         fix these and run again to see the rest",
                        part.subject()
                    ),
                ));
                return None;
            }
            let place = Some(&in_original).filter(|path| !path.0.is_empty());
            problems.push(problem_from(error, node, part, place));
            reported += 1;
        }
        let copy = copy.get_or_insert_with(|| node.clone());
        if let Some(field) = missing {
            let full = in_original.child(&field);
            if !placeholders.contains(&full) {
                if !in_copy.insert(copy, &field, Placeholder::SHAPES[0].node()) {
                    return None;
                }
                placeholders.push(full);
                continue;
            }
        }
        // A placeholder that does not fit is tried in its next shape; when none fits, its
        // mapping goes. Anything else at fault is set aside.
        let (target, target_original) = match placeholder {
            Some(placeholder) => {
                let shape = tried.iter().filter(|path| **path == placeholder).count() + 1;
                let in_copy = Path(in_copy.0[..placeholder.0.len()].to_vec());
                if let Some(next) = Placeholder::SHAPES.get(shape) {
                    tried.push(placeholder);
                    if in_copy.replace(copy, next.node()) {
                        continue;
                    }
                    return None;
                }
                (in_copy.parent(), placeholder.parent())
            }
            None => (in_copy, in_original),
        };
        if target.0.is_empty() || set_aside.contains(&target_original) || !target.remove_from(copy)
        {
            return None;
        }
        set_aside.push(target_original);
    }
}

/// The line that placeholders claim to be on, so that problems about them can be told apart.
const PLACEHOLDER_LINE: usize = usize::MAX;

/// What stands in for a missing field in a patched copy of a part: the first of
/// [`Placeholder::SHAPES`] that fits.
#[derive(Clone, Copy, Debug)]
enum Placeholder {
    /// Reads as any text and as a status.
    Scalar,
    /// Reads as a mapping whose fields get placeholders in turn.
    Mapping,
    /// Reads as a list of text (a pattern's `codes`), so no rule sees an empty list.
    ListOfScalar,
    /// Reads as any other list.
    EmptyList,
}

impl Placeholder {
    const SHAPES: [Placeholder; 4] = [
        Placeholder::Scalar,
        Placeholder::Mapping,
        Placeholder::ListOfScalar,
        Placeholder::EmptyList,
    ];

    fn span() -> Span {
        Span::new_start(Marker::new(0, 0, PLACEHOLDER_LINE, 1))
    }

    /// Whether `node` is a placeholder.
    fn is(node: &Node) -> bool {
        node.span()
            .start()
            .is_some_and(|mark| mark.line() == PLACEHOLDER_LINE)
    }

    fn node(self) -> Node {
        match self {
            Placeholder::Scalar => MarkedScalarNode::new(Self::span(), "0").into(),
            Placeholder::Mapping => MarkedMappingNode::new_empty(Self::span()).into(),
            Placeholder::ListOfScalar => {
                MarkedSequenceNode::new(Self::span(), vec![Placeholder::Scalar.node()]).into()
            }
            Placeholder::EmptyList => MarkedSequenceNode::new_empty(Self::span()).into(),
        }
    }
}

/// Whether a problem is about a placeholder (at it, or related to it): such a problem is about a
/// value the catalog does not have, whose absence is reported already.
fn is_about_placeholder(problem: &Problem) -> bool {
    std::iter::once(problem.location)
        .chain(problem.related.iter().map(|(location, _)| *location))
        .any(|location| location.line == PLACEHOLDER_LINE)
}

/// The field that serde's "missing field `name`" names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// One step of a place in a part: a mapping's key or a list's index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    /// The node one step below `node`.
    fn find<'n>(&self, node: &'n Node) -> Option<&'n Node> {
        match self {
            Step::Key(key) => node.as_mapping()?.get_node(key.as_str()),
            Step::Index(index) => node.as_sequence()?.get(*index),
        }
    }

    fn find_mut<'n>(&self, node: &'n mut Node) -> Option<&'n mut Node> {
        match self {
            Step::Key(key) => node.as_mapping_mut()?.get_mut(key.as_str()),
            Step::Index(index) => node.as_sequence_mut()?.get_mut(*index),
        }
    }
}

/// A place in a part, as the deserializer names it: `envelope.intro`, `items[2].codes`. Places
/// are compared step by step, never as printed, where a key `"a.b"` would look like two.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Path(Vec<Step>);

impl Path {
    /// Reads the deserializer's notation. The model's field names hold neither `.` nor `[`; an
    /// unknown key, which may, is always the last step and is taken whole.
    fn parse(rendered: &str, unknown_key: Option<&str>) -> Option<Self> {
        let (known, last) = match unknown_key {
            Some(key) => {
                let parent = rendered.strip_suffix(key)?;
                (parent.strip_suffix('.').unwrap_or(parent), Some(key))
            }
            None => (rendered, None),
        };
        let mut steps = Vec::new();
        for part in known.split('.').filter(|part| !part.is_empty()) {
            let (key, indices) = part.split_once('[').unwrap_or((part, ""));
            if !key.is_empty() {
                steps.push(Step::Key(key.to_owned()));
            }
            for index in indices.split('[').filter(|index| !index.is_empty()) {
                steps.push(Step::Index(index.trim_end_matches(']').parse().ok()?));
            }
        }
        steps.extend(last.map(|key| Step::Key(key.to_owned())));
        Some(Self(steps))
    }

    /// The place that holds this one.
    fn parent(&self) -> Self {
        Self(self.0[..self.0.len().saturating_sub(1)].to_vec())
    }

    /// The field `name` of the mapping here.
    fn child(&self, name: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(name.to_owned()));
        Self(steps)
    }

    /// The node here, below `node`.
    fn find<'n>(&self, node: &'n Node) -> Option<&'n Node> {
        self.0.iter().try_fold(node, |node, step| step.find(node))
    }

    /// The node here, below `node`, to change.
    fn find_mut<'n>(&self, node: &'n mut Node) -> Option<&'n mut Node> {
        self.0
            .iter()
            .try_fold(node, |node, step| step.find_mut(node))
    }

    /// This place in `copy` (from which list items may have been taken, and to which
    /// placeholders may have been added) as the same place in `original`: each list item is found
    /// again by its span, which the copy keeps; keys are the same in both. Below a placeholder,
    /// which the original does not have, the steps stay as they are.
    fn in_original(&self, original: &Node, copy: &Node) -> Option<Self> {
        let (mut in_original, mut in_copy) = (Some(original), copy);
        let mut steps = Vec::with_capacity(self.0.len());
        for step in &self.0 {
            in_copy = step.find(in_copy)?;
            let step = match (step, in_original) {
                (Step::Index(_), Some(list)) => Step::Index(
                    list.as_sequence()?
                        .iter()
                        .position(|item| item.span() == in_copy.span())?,
                ),
                _ => step.clone(),
            };
            in_original = if Placeholder::is(in_copy) {
                None
            } else {
                in_original.and_then(|node| step.find(node))
            };
            steps.push(step);
        }
        Some(Self(steps))
    }

    /// Adds `key: value` to the mapping here, below `node`.
    fn insert(&self, node: &mut Node, key: &str, value: Node) -> bool {
        self.find_mut(node)
            .and_then(Node::as_mapping_mut)
            .map(|map| {
                map.insert(
                    MarkedScalarNode::new(Placeholder::span(), key.to_owned()),
                    value,
                )
            })
            .is_some()
    }

    /// Puts `value` in place of the value here, below `node`.
    fn replace(&self, node: &mut Node, value: Node) -> bool {
        self.find_mut(node).map(|here| *here = value).is_some()
    }

    /// Takes the value here out of `node`: a key out of its mapping, an item out of its list.
    fn remove_from(&self, node: &mut Node) -> bool {
        let Some((last, _)) = self.0.split_last() else {
            return false;
        };
        let Some(parent) = self.parent().find_mut(node) else {
            return false;
        };
        match *last {
            Step::Key(ref key) => parent
                .as_mapping_mut()
                .is_some_and(|map| map.remove(key.as_str()).is_some()),
            Step::Index(index) => parent
                .as_sequence_mut()
                .filter(|list| index < list.len())
                .map(|list| list.remove(index))
                .is_some(),
        }
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (at, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if at == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

fn problem_from(error: NodeError, node: &Node, part: Part, path: Option<&Path>) -> Problem {
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
            if let Some(field) = missing_field(&message) {
                // Within a code entry, the location says which entry.
                let whole = match part {
                    Part::Crate | Part::Page => Some(part.subject().to_owned()),
                    Part::Code => None,
                };
                let Some(mapping) = path.map(|path| part.name(path)).or(whole) else {
                    return Problem::new(location, format!("missing field `{field}`"));
                };
                return Problem::new(location, format!("missing field `{field}` in {mapping}"))
                    .with_label(format!("{mapping} starts here"));
            }
            match plain_words(&message).map(|words| shortened(&words)) {
                Some(words) => {
                    let subject =
                        path.map_or_else(|| part.subject().to_owned(), |path| part.name(path));
                    Problem::new(location, format!("{subject}: {words}")).with_label("wrong type")
                }
                None => Problem::new(location, lowercase_first(&shortened(&message))),
            }
        }
    }
}

fn unknown_field(location: Location, field: &str, expected: &[&str]) -> Problem {
    let problem = if field.is_empty() {
        Problem::new(location, "empty key").with_label("not a field")
    } else {
        Problem::new(location, format!("unknown field `{}`", quoted(field)))
            .with_label("unknown field")
    };
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

/// The place of the value at `path` below `node`, or with `want_key`, of its key.
fn locate(node: &Node, path: &Path, want_key: bool) -> Option<Location> {
    if let (true, Some((Step::Key(key), _))) = (want_key, path.0.split_last()) {
        let key = path
            .parent()
            .find(node)?
            .as_mapping()?
            .keys()
            .find(|name| name.as_str() == *key)?;
        return Some(Location::of(key.span()));
    }
    let value = path.find(node)?;
    Some(first_key(value).unwrap_or_else(|| Location::of(value.span())))
}

/// Where a mapping's first key is; block mappings start their span after it.
fn first_key(node: &Node) -> Option<Location> {
    node.as_mapping()?
        .keys()
        .next()
        .map(|key| Location::of(key.span()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Step {
        Step::Key(name.to_owned())
    }

    #[test]
    fn paths_read_keys_and_indices() {
        let path = Path::parse("sections[1].paragraphs[0]", None).unwrap();
        assert_eq!(
            path.0,
            [
                key("sections"),
                Step::Index(1),
                key("paragraphs"),
                Step::Index(0)
            ]
        );
        assert_eq!(path.to_string(), "sections[1].paragraphs[0]");
        assert_eq!(path.parent().to_string(), "sections[1].paragraphs");
    }

    #[test]
    fn an_unknown_key_is_taken_whole() {
        let path = Path::parse("links[0].a.b[2]", Some("a.b[2]")).unwrap();
        assert_eq!(path.0, [key("links"), Step::Index(0), key("a.b[2]")]);
        assert_eq!(Path::parse("x.y", Some("z")), None);
        // Printed alike, yet different places.
        let dotted = Path::parse("envelope.intro", Some("envelope.intro")).unwrap();
        assert_eq!(dotted.to_string(), "envelope.intro");
        assert_ne!(dotted, Path::default().child("envelope").child("intro"));
    }

    #[test]
    fn a_place_in_the_copy_is_found_in_the_original_by_span() {
        let original = marked_yaml::parse_yaml(0, "items:\n  - a\n  - b\n  - c\n").unwrap();
        let mut copy = original.clone();
        assert!(Path::parse("items[0]", None)
            .unwrap()
            .remove_from(&mut copy));
        let in_copy = Path::parse("items[1]", None).unwrap();
        assert_eq!(
            in_copy.find(&copy).unwrap().as_scalar().unwrap().as_str(),
            "c"
        );
        let in_original = in_copy.in_original(&original, &copy).unwrap();
        assert_eq!(in_original.to_string(), "items[2]");
    }
}
