//! Stage 1, read: the YAML, the catalog's text as a tree of nodes, each with its place, in one pass
//! of serde-saphyr. Its budget bounds the work a hostile file can cause (nesting, documents,
//! anchors and aliases) before the tree is built.
//!
//! The tree is deliberately loose: any mapping, list or scalar is accepted here, and
//! [`super::read`] says what the catalog expected where, so that every problem of every part
//! is reported in one run instead of serde's first.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::{Budget, BudgetBreach};
use serde_saphyr::{DuplicateKeyPolicy, Options, Spanned, Tagged};

use crate::diagnostic::{Location, Problem, SourceFile};
use crate::limits::{MAX_NESTING, MAX_YAML_VALUES};

/// One YAML value with the place it starts at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub at: Location,
    /// Its bytes in the source, where the parser knows them.
    bytes: Option<std::ops::Range<usize>>,
    /// Its YAML tag, such as `!!int`, if it has one.
    tag: Option<String>,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar: its text as written (without quotes), and whether it was quoted or is a
    /// number, a boolean or null as YAML reads a plain scalar.
    Scalar(Scalar),
    /// A list.
    List(Vec<Node>),
    /// A mapping, its entries in source order.
    Map(Vec<(Key, Node)>),
}

/// A scalar's text, and what YAML makes of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text, as a string field would read it.
    pub text: String,
    /// What YAML reads it as.
    pub kind: ScalarKind,
}

/// What YAML reads a scalar as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    /// A string: quoted, or plain and not any of the below.
    String,
    /// A whole number.
    Integer(i128),
    /// A number with a fraction or exponent.
    Float,
    /// `true` or `false`.
    Bool(bool),
    /// `null`, `~`, or nothing at all.
    Null,
}

/// A mapping key with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text; `None` for a list or mapping used as a key.
    pub name: Option<String>,
    /// Where it starts.
    pub at: Location,
}

impl Node {
    /// How a message names the value's kind: "a list", "the string \"x\"", …
    pub fn describe(&self) -> String {
        match &self.value {
            Value::List(_) => "a list".to_owned(),
            Value::Map(_) => "a mapping".to_owned(),
            Value::Scalar(scalar) => match scalar.kind {
                ScalarKind::String => {
                    format!("the string {:?}", shortened(&scalar.text))
                }
                ScalarKind::Integer(_) | ScalarKind::Float => {
                    format!("the number {}", crate::diagnostic::quoted(&scalar.text))
                }
                ScalarKind::Bool(value) => format!("`{value}`"),
                ScalarKind::Null => "nothing".to_owned(),
            },
        }
    }

    /// Where a message points at the value: a mapping's first key (block mappings start where
    /// that key does), anything else where it starts.
    pub fn place(&self) -> Location {
        match &self.value {
            Value::Map(entries) => entries.first().map_or(self.at, |(key, _)| key.at),
            _ => self.at,
        }
    }
}

/// What a YAML file is, for the limits it is read with and the words of its problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An error catalog.
    Catalog,
    /// An API's OpenAPI document, which nests deeper than a catalog (schemas in schemas).
    Spec,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Catalog => "catalog",
            Kind::Spec => "spec",
        }
    }

    fn max_depth(self) -> usize {
        match self {
            Kind::Catalog => MAX_NESTING,
            Kind::Spec => 4 * MAX_NESTING,
        }
    }
}

/// Parses the catalog into a tree, or says what keeps it from being one.
pub fn parse(file: &SourceFile) -> Result<Node, Vec<Problem>> {
    parse_as(file, Kind::Catalog)
}

/// Parses a YAML file of `kind` into a tree, with the same limits as a catalog's but for
/// nesting: one document, no anchors or aliases, no tags, at most
/// [`MAX_YAML_VALUES`] values.
pub fn parse_as(file: &SourceFile, kind: Kind) -> Result<Node, Vec<Problem>> {
    let mut budget = Budget::default();
    budget.max_depth = kind.max_depth();
    budget.max_documents = 1;
    // A catalog is written out in full: anchors and aliases only serve to make a small file
    // expand into a huge one.
    budget.max_anchors = 0;
    budget.max_aliases = 0;
    budget.max_nodes = MAX_YAML_VALUES;
    // Every value is one event, every collection one more for its end.
    budget.max_events = 2 * MAX_YAML_VALUES;
    let mut options = Options::default();
    options.budget = Some(budget);
    // Every duplicate reaches the tree, so that the reader reports each one.
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.strict_booleans = true;
    options.with_snippet = false;
    let Item(spanned) = serde_saphyr::from_str_with_options(file.text(), options)
        .map_err(|error| vec![problem_of(&error, kind)])?;
    let mut node = Node::loose(spanned);
    let mut problems = Vec::new();
    node.take_plain_text(file.text(), kind, &mut problems);
    if problems.is_empty() {
        Ok(node)
    } else {
        Err(problems)
    }
}

impl Node {
    /// A node of the tree, its scalars' text not yet taken from the source.
    fn loose(spanned: Spanned<Tagged<Value>>) -> Node {
        let span = spanned.referenced.span();
        let bytes = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(start, len)| {
                let start = usize::try_from(start).ok()?;
                Some(start..start.checked_add(usize::try_from(len).ok()?)?)
            });
        let Tagged(value, tag) = spanned.value;
        Node {
            value,
            at: at(&spanned.referenced),
            bytes,
            tag,
        }
    }

    /// Gives each plain scalar that YAML reads as a number, boolean or null its text as
    /// written, so that `version: 1.10` reads as the text `1.10`, not as the number 1.1; and
    /// reports every tag, which a catalog has no use for.
    fn take_plain_text(&mut self, source: &str, kind: Kind, problems: &mut Vec<Problem>) {
        if self.tag.is_some() {
            let noun = kind.noun();
            problems.push(
                Problem::new(self.at, format!("YAML tags are not supported in a {noun}"))
                    .with_label("tag")
                    .with_help(format!(
                        "remove the tag; the {noun} says what type each field has"
                    )),
            );
        }
        match &mut self.value {
            Value::Scalar(scalar) if scalar.kind != ScalarKind::String => {
                if let Some(text) = self.bytes.clone().and_then(|bytes| source.get(bytes)) {
                    scalar.text = text.to_owned();
                }
            }
            Value::Scalar(_) => {}
            Value::List(items) => items
                .iter_mut()
                .for_each(|item| item.take_plain_text(source, kind, problems)),
            Value::Map(entries) => entries
                .iter_mut()
                .for_each(|(_, value)| value.take_plain_text(source, kind, problems)),
        }
    }
}

fn at(location: &serde_saphyr::Location) -> Location {
    let clamp = |n: u64| usize::try_from(n).unwrap_or(usize::MAX).max(1);
    Location {
        line: clamp(location.line()),
        column: clamp(location.column()),
    }
}

/// serde-saphyr's error in the words of a file of `kind`.
fn problem_of(error: &serde_saphyr::Error, kind: Kind) -> Problem {
    let noun = kind.noun();
    let location = error.location().map_or(Location::start(), |l| at(&l));
    let too_deep = || {
        Problem::new(
            location,
            format!("the {noun} nests deeper than {} levels", kind.max_depth()),
        )
        .with_label("too deep")
    };
    let anchors = || {
        Problem::new(
            location,
            format!("YAML anchors and aliases are not supported in a {noun}"),
        )
        .with_label("anchor or alias")
        .with_help("write the value out in full")
    };
    match error {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::Documents { .. } => more_documents(location, noun),
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => anchors(),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => Problem::new(
                location,
                format!("the {noun} holds more than {MAX_YAML_VALUES} YAML values"),
            )
            .with_label("one value too many")
            .with_help(match kind {
                Kind::Catalog => format!(
                    "that is room for {} codes with every field set; is this the right file?",
                    crate::limits::MAX_CODES
                ),
                Kind::Spec => "is this the right file?".to_owned(),
            }),
            other => Problem::new(
                location,
                format!("the {noun} is too large for the reader: {other:?}"),
            ),
        },
        serde_saphyr::Error::MultipleDocuments { .. } => more_documents(location, noun),
        serde_saphyr::Error::UnknownAnchor { .. } => anchors(),
        // The parser's own guard against deep flow collections.
        serde_saphyr::Error::ExternalMessage { msg, .. } if msg.contains("recursion limit") => {
            too_deep()
        }
        serde_saphyr::Error::ExternalMessage { msg, .. } => {
            Problem::new(location, format!("invalid YAML: {msg}"))
        }
        other => {
            let message = other.without_snippet().to_string();
            // The place is the problem's own; the message need not repeat it.
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(before, _)| before);
            Problem::new(location, format!("invalid YAML: {message}"))
        }
    }
}

fn more_documents(location: Location, noun: &str) -> Problem {
    Problem::new(
        location,
        format!("the {noun} holds more than one YAML document"),
    )
    .with_label("second document")
    .with_help("remove the `---` and everything after it, or merge it")
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A value with its place and tag, read through serde-saphyr's [`Spanned`] and [`Tagged`].
struct Item(Spanned<Tagged<Value>>);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::deserialize(deserializer).map(Item)
    }
}

struct ValueVisitor;

fn scalar(text: impl Into<String>, kind: ScalarKind) -> Value {
    Value::Scalar(Scalar {
        text: text.into(),
        kind,
    })
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(scalar(value.to_string(), ScalarKind::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(scalar(value.to_string(), ScalarKind::Integer(value.into())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(scalar(value.to_string(), ScalarKind::Integer(value.into())))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Ok(scalar(value.to_string(), ScalarKind::Integer(value)))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        // Larger than any number the catalog takes; kept as text.
        Ok(scalar(value.to_string(), ScalarKind::Float))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(scalar(value.to_string(), ScalarKind::Float))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(scalar(value, ScalarKind::String))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(scalar(value, ScalarKind::String))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(scalar("", ScalarKind::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(scalar("", ScalarKind::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Item(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items.into_iter().map(Node::loose).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(Item(key)) = map.next_key()? {
            let Item(value) = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| {
                    let name = match key.value.0 {
                        Value::Scalar(scalar) => Some(scalar.text),
                        Value::List(_) | Value::Map(_) => None,
                    };
                    (
                        Key {
                            name,
                            at: at(&key.referenced),
                        },
                        Node::loose(value),
                    )
                })
                .collect(),
        ))
    }
}

/// Longest text quoted whole in a "found the string" message, in characters.
const MAX_FOUND_CHARS: usize = 100;

fn shortened(text: &str) -> String {
    match text.char_indices().nth(MAX_FOUND_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
