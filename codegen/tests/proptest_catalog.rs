//! Property tests of the whole pipeline, bounded to run in CI in a few seconds: arbitrary bytes
//! and arbitrary structured catalogs through read → check → emit.
//!
//! - Nothing panics; input that does not validate comes back as located diagnostics.
//! - Every catalog that validates yields Rust that `syn::parse_file` parses, a page with one
//!   table row per code (pulldown-cmark), and an OpenAPI document that parses, as YAML and JSON.
//!
//! Structured catalogs are built as JSON values and printed as YAML by serde-saphyr, half of
//! them from text that is awkward but valid (pipes, quotes, backslashes, `*/`, `#[`, code spans
//! holding `<script>`, stray brackets, unicode), half from text and shapes that break rules.
//! Each printed catalog is read back through the catalog's own YAML reader, which must see the
//! value built (strings that look like numbers, booleans or null stay strings). The test also
//! asserts that a good share of the catalogs validate, so the emit side is exercised.
//!
//! `cargo fuzz` runs the same checks on mutated bytes for longer (`fuzz/`, `docs/fuzzing.md`).

use std::sync::atomic::{AtomicUsize, Ordering};

use error_catalog::emit::paths;
use error_catalog::read::yaml::{self, ScalarKind};
use error_catalog::SourceFile;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::{Map, Value};

type Mapping = Map<String, Value>;

/// Runs the pipeline and checks every property; returns whether the input validated.
fn check_pipeline(name: &str, bytes: Vec<u8>) -> Result<bool, TestCaseError> {
    let file = match SourceFile::from_bytes(name, bytes) {
        Ok(file) => file,
        Err(diagnostics) => {
            prop_assert!(!diagnostics.problems().is_empty());
            return Ok(false);
        }
    };
    let catalog = match error_catalog::load(&file) {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            prop_assert!(!diagnostics.problems().is_empty());
            let rendered = diagnostics.to_string();
            let first = rendered.lines().next().unwrap_or_default();
            prop_assert!(
                first.starts_with(&format!("{name}:")) && first.contains(": error: "),
                "not a located message: {first}"
            );
            return Ok(false);
        }
    };
    let outputs =
        error_catalog::emit::outputs(&catalog).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let get = |path: &str| {
        outputs
            .iter()
            .find(|output| output.path == path)
            .map(|output| output.contents.as_str())
            .unwrap_or_default()
    };
    let crate_lib = format!("{}/src/lib.rs", paths::crate_dir(&catalog.package.name));
    if let Err(error) = syn::parse_file(get(&crate_lib)) {
        return Err(TestCaseError::fail(format!("generated Rust: {error}")));
    }
    let rows = Parser::new_ext(get(paths::PAGE), Options::ENABLE_TABLES)
        .filter(|event| matches!(event, Event::Start(Tag::TableRow)))
        .count();
    prop_assert_eq!(rows, catalog.codes.len(), "one table row per code");
    let openapi: Result<Value, _> = serde_saphyr::from_str(get(paths::OPENAPI_YAML));
    prop_assert!(openapi.is_ok(), "OpenAPI YAML: {:?}", openapi.err());
    let json: Result<serde_json::Value, _> = serde_json::from_str(get(paths::OPENAPI_JSON));
    prop_assert!(json.is_ok(), "OpenAPI JSON: {:?}", json.err());
    Ok(true)
}

// ---- text ---------------------------------------------------------------------------------

/// Tokens that are awkward for some output but valid catalog text anywhere after a word.
const TRICKY: &[&str] = &[
    "|",
    "\"",
    "'",
    "\\",
    "*/",
    "/*",
    "#[",
    "]",
    "[x]",
    "{{",
    "}}",
    "{%",
    "`a | b`",
    "`<script>alert(1)</script>`",
    "**bold**",
    "_em_",
    ":",
    "é",
    "日本",
    "🚀",
    "\u{200d}",
    "&amp;",
    "r#\"",
    "\"#",
    "%s",
    "https://example.com/x",
    "[link](https://example.com)",
    "@",
];

/// Tokens that break some rule, or land badly somewhere.
const HOSTILE: &[&str] = &[
    "\n",
    "\n\n",
    "\r",
    "\t",
    "<b>",
    "<script>",
    "</a>",
    "<!--",
    "[x](javascript:alert(1))",
    "# ",
    "- ",
    "1. ",
    "> ",
    "```",
    "---",
    "| --- |",
    " ",
    "\u{feff}",
    "\0",
    "&",
    "*",
    "[",
    "(",
    ")",
    "<",
    ">",
    "`",
    "~~~",
    "\\\n",
];

fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-z0-9]{0,7}"
}

/// One line of valid, awkward text: always starts and ends with a word.
fn tricky_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        6 => word(),
        3 => Just(" ".to_owned()),
        3 => prop::sample::select(TRICKY).prop_map(str::to_owned),
    ];
    (word(), prop::collection::vec(token, 0..10), word())
        .prop_map(|(first, middle, last)| format!("{first} {} {last}", middle.concat()))
}

/// Text from anything, valid or not.
fn hostile_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => word(),
        2 => Just(" ".to_owned()),
        2 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        3 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    prop::collection::vec(token, 0..8).prop_map(|tokens| tokens.concat())
}

// ---- catalogs -----------------------------------------------------------------------------

fn code() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}(_[a-z0-9]{1,3}){0,2}"
}

fn hostile_code() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => code(),
        1 => prop::sample::select(&["self", "super", "crate", "Self", "ab1c", "ab_1c", "r#type", "_a", "a__b", "", "a-b"][..]).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect::<Mapping>(),
    )
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// Everything a catalog needs, drawn in one go.
#[derive(Debug, Clone)]
struct Draw {
    texts: Vec<String>,
    codes: Vec<String>,
    statuses: Vec<u16>,
    retryable: Vec<bool>,
    pattern_codes: Vec<Vec<usize>>,
    extra_code: String,
    mutations: Vec<(u8, usize)>,
}

const TEXTS: usize = 40;

fn draw(
    texts: BoxedStrategy<String>,
    codes: BoxedStrategy<String>,
    statuses: BoxedStrategy<u16>,
) -> impl Strategy<Value = Draw> {
    (
        prop::collection::vec(texts, TEXTS),
        prop::collection::vec(codes, 1..7),
        prop::collection::vec(statuses, 7),
        prop::collection::vec(any::<bool>(), 7),
        prop::collection::vec(prop::collection::vec(0usize..7, 1..3), 0..3),
        hostile_code(),
        prop::collection::vec((any::<u8>(), any::<usize>()), 0..3),
    )
        .prop_map(
            |(texts, codes, statuses, retryable, pattern_codes, extra_code, mutations)| Draw {
                texts,
                codes,
                statuses,
                retryable,
                pattern_codes,
                extra_code,
                mutations,
            },
        )
}

/// The catalog of a draw, as a YAML value.
fn catalog(draw: &Draw, hostile: bool) -> Value {
    let mut next = 0;
    let mut text = || {
        let value = draw.texts[next % TEXTS].clone();
        next += 1;
        s(&value)
    };
    // Text that stands as a link's text (a related link's title, and the page title, which the
    // crate's docs link as `[title](url)`): brackets would end or nest the link, so a valid
    // catalog leaves them out.
    let link_text = |text: Value| match text {
        Value::String(text) if !hostile => s(&text.replace(['[', ']'], "")),
        other => other,
    };
    let mut codes = draw.codes.clone();
    if !hostile {
        // Unique codes and variant names, none of them `self`.
        let mut seen = std::collections::HashSet::new();
        codes.retain(|code| code != "self" && seen.insert(codes_variant(code)));
    }
    let entries: Vec<Value> = codes
        .iter()
        .enumerate()
        .map(|(index, code)| {
            let mut entry = vec![
                ("code", s(code)),
                ("status", Value::Number(draw.statuses[index % 7].into())),
                ("cause", text()),
                ("remedy", text()),
            ];
            if draw.retryable[index % 7] {
                entry.push(("retryable", Value::Bool(true)));
            }
            map(entry)
        })
        .collect();
    let patterns: Vec<Value> = draw
        .pattern_codes
        .iter()
        .map(|indices| {
            let mut named: Vec<Value> = indices
                .iter()
                .map(|index| s(&codes[index % codes.len()]))
                .collect();
            if hostile {
                named.push(s(&draw.extra_code));
            } else {
                // A pattern names each code once.
                let mut seen = std::collections::HashSet::new();
                named.retain(|code| seen.insert(code.clone()));
            }
            map(vec![
                ("title", text()),
                ("codes", Value::Array(named)),
                ("text", text()),
            ])
        })
        .collect();
    let mut root = map(vec![
        (
            "crate",
            map(vec![
                ("name", s("api-errors")),
                ("version", s("1.0.0")),
                ("description", text()),
                ("license", s("MIT")),
                ("repository", s("https://example.com/repo")),
            ]),
        ),
        (
            "page",
            map(vec![
                ("title", link_text(text())),
                ("lead", text()),
                ("url", s("https://example.com/errors")),
                (
                    "envelope",
                    map(vec![
                        ("intro", text()),
                        (
                            "example",
                            map(vec![("error", text()), ("code", s(&codes[0]))]),
                        ),
                        ("outro", text()),
                    ]),
                ),
                (
                    "reference",
                    map(vec![
                        ("heading", text()),
                        (
                            "columns",
                            map(vec![
                                ("code", text()),
                                ("status", text()),
                                ("cause", text()),
                                ("remedy", text()),
                            ]),
                        ),
                    ]),
                ),
                (
                    "patterns",
                    map(vec![
                        ("heading", text()),
                        ("codes_label", text()),
                        ("items", Value::Array(patterns)),
                    ]),
                ),
                (
                    "sections",
                    Value::Array(vec![map(vec![
                        ("heading", text()),
                        ("paragraphs", Value::Array(vec![text(), text()])),
                    ])]),
                ),
                (
                    "related",
                    map(vec![
                        ("heading", text()),
                        (
                            "links",
                            Value::Array(vec![map(vec![
                                ("title", link_text(text())),
                                ("href", s("guide.md")),
                                ("text", text()),
                            ])]),
                        ),
                    ]),
                ),
            ]),
        ),
        ("codes", Value::Array(entries)),
    ]);
    if hostile {
        for &(kind, at) in &draw.mutations {
            mutate(&mut root, kind, at);
        }
    }
    root
}

/// A node of the catalog's YAML tree as the JSON value it stands for, to compare a printed
/// catalog with the value it was printed from.
fn plain(node: &yaml::Node) -> Value {
    match &node.value {
        yaml::Value::Scalar(scalar) => match scalar.kind {
            ScalarKind::String => s(&scalar.text),
            ScalarKind::Integer(number) => i64::try_from(number)
                .map(Value::from)
                .unwrap_or_else(|_| s(&scalar.text)),
            ScalarKind::Float => scalar
                .text
                .parse::<f64>()
                .map(Value::from)
                .unwrap_or_else(|_| s(&scalar.text)),
            ScalarKind::Bool(value) => Value::Bool(value),
            ScalarKind::Null => Value::Null,
        },
        yaml::Value::List(items) => Value::Array(items.iter().map(plain).collect()),
        yaml::Value::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.name.clone().unwrap_or_default(), plain(value)))
                .collect(),
        ),
    }
}

fn codes_variant(code: &str) -> String {
    error_catalog::naming::variant_name(code)
}

/// Breaks the shape somewhere: drops a field, adds an unknown one, or changes a value's type.
fn mutate(root: &mut Value, kind: u8, at: usize) {
    fn count(value: &Value) -> usize {
        match value {
            Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
            Value::Array(items) => items.iter().map(count).sum(),
            _ => 0,
        }
    }
    /// The `index`-th mapping in depth-first order, counting down as it goes.
    fn nth<'a>(value: &'a mut Value, index: &mut usize) -> Option<&'a mut Mapping> {
        if value.is_object() {
            if *index == 0 {
                return value.as_object_mut();
            }
            *index -= 1;
        }
        match value {
            Value::Object(map) => map.values_mut().find_map(|child| nth(child, index)),
            Value::Array(items) => items.iter_mut().find_map(|item| nth(item, index)),
            _ => None,
        }
    }
    let mut index = at % count(root).max(1);
    let Some(target) = nth(root, &mut index) else {
        return;
    };
    let keys: Vec<String> = target.keys().cloned().collect();
    let key = keys.get(at % keys.len().max(1)).cloned();
    match (kind % 4, key) {
        (0, Some(key)) => {
            target.remove(&key);
        }
        (1, _) => {
            target.insert("remdy".to_owned(), s("typo"));
        }
        (2, Some(key)) => {
            target.insert(key, Value::Array(vec![Value::Number(1.into())]));
        }
        (3, Some(key)) => {
            target.insert(key, s("yes"));
        }
        _ => {}
    }
}

// ---- the properties -----------------------------------------------------------------------

/// `cases` by default; `PROPTEST_CASES=N` runs longer sessions by hand.
fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(cases);
    TestRunner::new(Config {
        cases,
        max_shrink_iters: 256,
        // Failures are reported with their input; nothing is written beside the tests.
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn arbitrary_bytes_never_panic() {
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        // Any unicode: whitespace beyond ASCII, wide and combining characters, controls.
        any::<String>().prop_map(String::into_bytes),
        "[\\s\u{a0}\u{2000}-\u{200f}\u{2028}\u{3000}\u{feff}]{0,8}[a-z: \\-]{0,16}"
            .prop_map(String::into_bytes),
        // Bytes that look like YAML: indicators, indentation and keys.
        prop::collection::vec(
            prop::sample::select(&b"- :[]{},&*!|>'\"#%@`?\n\r \tabcodeastuscrp0129"[..]),
            0..512
        ),
    ];
    runner(512)
        .run(&bytes, |bytes| {
            check_pipeline("bytes.yaml", bytes).map(|_| ())
        })
        .unwrap();
}

#[test]
fn structured_catalogs_validate_or_explain_and_valid_ones_emit_well_formed_outputs() {
    static VALID: AtomicUsize = AtomicUsize::new(0);
    static TOTAL: AtomicUsize = AtomicUsize::new(0);
    let tricky = draw(
        tricky_text().boxed(),
        code().boxed(),
        (400u16..=599).boxed(),
    )
    .prop_map(|draw| (draw, false));
    let hostile = draw(
        prop_oneof![3 => tricky_text(), 2 => hostile_text()].boxed(),
        hostile_code().boxed(),
        prop_oneof![4 => 400u16..=599, 1 => any::<u16>()].boxed(),
    )
    .prop_map(|draw| (draw, true));
    runner(384)
        .run(&prop_oneof![tricky, hostile], |(draw, hostile)| {
            let built = catalog(&draw, hostile);
            let yaml =
                serde_saphyr::to_string(&built).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let read = yaml::parse(&SourceFile::new("catalog.yaml", yaml.clone()))
                .map(|node| plain(&node))
                .map_err(|problems| format!("{problems:?}"));
            prop_assert_eq!(
                read.as_ref(),
                Ok(&built),
                "the printed catalog reads back as another value:\n{}",
                yaml
            );
            let valid =
                check_pipeline("catalog.yaml", yaml.clone().into_bytes()).map_err(|error| {
                    TestCaseError::fail(format!("{error}\n--- catalog ---\n{yaml}"))
                })?;
            TOTAL.fetch_add(1, Ordering::Relaxed);
            if valid {
                VALID.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    let (valid, total) = (VALID.load(Ordering::Relaxed), TOTAL.load(Ordering::Relaxed));
    eprintln!("{valid} of {total} generated catalogs validated");
    assert!(
        valid * 4 >= total,
        "only {valid} of {total} generated catalogs validated: the harness barely reaches emit"
    );
}
