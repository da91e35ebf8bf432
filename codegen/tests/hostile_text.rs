//! Text can never break out of its place in an output. `tests/fixtures/hostile/text.yaml` is a
//! valid catalog whose text holds quotes, `*/`, backslashes, `#[`, raw-string ends, pipes,
//! backticks, `<script>` in code spans, stray brackets, bare addresses and unicode; from it:
//!
//! - the crate compiles with warnings denied, and a test inside it finds every text unchanged;
//! - the page keeps one table row per code, each cell rendering as the catalog wrote it, and
//!   renders no live HTML beyond the generator's own anchors;
//! - the OpenAPI document parses back to the catalog's strings, each code's under that code.

mod support;

use std::path::Path;

use error_catalog::emit::paths;
use error_catalog::model::Code;
use error_catalog::naming::{response_name, variant_name};
use error_catalog::{Catalog, Output};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use support::output;

fn hostile() -> (Catalog, Vec<Output>) {
    let path = support::fixtures_dir().join("hostile/text.yaml");
    let catalog = support::load(&path);
    let outputs = error_catalog::emit::outputs(&catalog).expect("a valid catalog emits");
    (catalog, outputs)
}

// ---- the crate ----------------------------------------------------------------------------

/// A test for the generated crate that checks every text of every code, byte for byte. Rust's
/// `Debug` of a `str` is a valid string literal of the same text.
fn texts_test(catalog: &Catalog) -> String {
    let crate_name = catalog.package.name.replace('-', "_");
    let mut body = String::new();
    body.push_str(&format!(
        "    assert_eq!(ErrorCode::ALL.len(), {});\n",
        catalog.codes.len()
    ));
    for Code {
        code,
        status,
        cause,
        remedy,
        retryable,
        ..
    } in &catalog.codes
    {
        let variant = variant_name(code);
        let code = code.as_str();
        body.push_str(&format!(
            "    assert_eq!(ErrorCode::{variant}.as_str(), {code:?});\n\
             \x20   assert_eq!(ErrorCode::{variant}.status(), {status});\n\
             \x20   assert_eq!(ErrorCode::{variant}.cause(), {cause:?});\n\
             \x20   assert_eq!(ErrorCode::{variant}.remedy(), {remedy:?});\n\
             \x20   assert_eq!(ErrorCode::{variant}.is_retryable(), {retryable});\n\
             \x20   assert_eq!({code:?}.parse::<ErrorCode>().ok(), Some(ErrorCode::{variant}));\n\
             \x20   assert_eq!(ErrorCode::{variant}.to_string(), {code:?});\n",
            status = *status,
            cause = cause.as_str(),
            remedy = remedy.as_str(),
        ));
    }
    format!(
        "//! Written by codegen/tests/hostile_text.rs.\n\n\
         use {crate_name}::ErrorCode;\n\n\
         #[test]\n\
         fn every_text_is_unchanged() {{\n{body}}}\n"
    )
}

/// Writes the generated crate, as its own workspace, with the texts test, into `dir`.
fn write_crate(dir: &Path, catalog: &Catalog, outputs: &[Output]) {
    support::write_standalone_crate(dir, catalog, outputs);
    support::write_tree(dir, [("tests/texts.rs", texts_test(catalog).as_bytes())]);
}

fn cargo(dir: &Path, args: &[&str]) {
    if let Err(failure) = support::run_cargo(dir, &support::build_dir("hostile-crate"), args) {
        panic!("{failure}");
    }
}

#[test]
fn the_crate_parses_compiles_and_returns_every_text_unchanged() {
    let (catalog, outputs) = hostile();
    syn::parse_file(output(&outputs, &support::crate_lib(&catalog)))
        .expect("the generated Rust parses");
    let temp = tempfile::tempdir().expect("temp dir");
    write_crate(temp.path(), &catalog, &outputs);
    cargo(temp.path(), &["test", "--test", "texts"]);
}

/// rustdoc reads the same text as markdown: stray `[brackets]` would be broken intra-doc links
/// and bare addresses `bare_urls`, both errors with warnings denied.
#[test]
fn the_crate_documents_with_warnings_denied() {
    let (catalog, outputs) = hostile();
    let temp = tempfile::tempdir().expect("temp dir");
    write_crate(temp.path(), &catalog, &outputs);
    cargo(temp.path(), &["doc", "--no-deps"]);
}

// ---- the page -----------------------------------------------------------------------------

/// The text a reader sees for some inline markdown: text and code spans, nothing else.
fn seen(events: impl Iterator<Item = Event<'static>>) -> String {
    events
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.to_string()),
            Event::SoftBreak => Some(" ".to_owned()),
            _ => None,
        })
        .collect()
}

fn seen_alone(markdown: &str) -> String {
    seen(
        Parser::new_ext(markdown, Options::ENABLE_TABLES)
            .map(Event::into_static)
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

#[test]
fn the_page_keeps_one_row_per_code_and_renders_no_live_html() {
    let (catalog, outputs) = hostile();
    let page = output(&outputs, paths::PAGE);
    let events: Vec<Event<'static>> = Parser::new_ext(page, Options::ENABLE_TABLES)
        .map(Event::into_static)
        .collect();

    // The generator's own HTML: the header comment and one anchor per code. Nothing else.
    let anchors: Vec<String> = catalog
        .codes
        .iter()
        .map(|entry| format!("<a id=\"{}\">", entry.code.as_str()))
        .collect();
    for event in &events {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            let html = html.trim();
            assert!(
                (html.starts_with("<!-- Generated by") && html.ends_with("-->"))
                    || html == "</a>"
                    || anchors.iter().any(|anchor| anchor == html),
                "live HTML on the page: {html:?}"
            );
        }
    }
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, Parser::new_ext(page, Options::ENABLE_TABLES));
    assert!(
        !rendered.contains("<script"),
        "a script tag renders:\n{rendered}"
    );

    // The error table: one body row per code, in order, each cell showing the catalog's text.
    let start = events
        .iter()
        .position(|event| matches!(event, Event::Start(Tag::Table(_))))
        .expect("the page has a table");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<Vec<Event<'static>>> = None;
    let mut in_head = false;
    for event in &events[start..] {
        match event {
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) if !in_head => cell = Some(Vec::new()),
            Event::End(TagEnd::TableCell) if !in_head => {
                let text = seen(cell.take().unwrap_or_default().into_iter());
                rows.last_mut().expect("a cell is in a row").push(text);
            }
            other => {
                if let Some(cell) = cell.as_mut() {
                    cell.push(other.clone());
                }
            }
        }
    }
    assert_eq!(
        rows.len(),
        catalog.codes.len(),
        "one row per code: {rows:#?}"
    );
    for (row, entry) in rows.iter().zip(&catalog.codes) {
        assert_eq!(row.len(), 4, "four cells: {row:?}");
        assert_eq!(row[0], entry.code.as_str());
        assert_eq!(row[1], entry.status.to_string());
        assert_eq!(
            row[2],
            seen_alone(&entry.cause),
            "cause of {}",
            entry.code.as_str()
        );
        assert_eq!(
            row[3],
            seen_alone(&entry.remedy),
            "remedy of {}",
            entry.code.as_str()
        );
    }
}

// ---- the OpenAPI document -----------------------------------------------------------------

/// A YAML value as far as its strings go: which scalars, keys included, YAML reads as strings.
/// (`serde_json::Value` would read every key as a string.)
enum Yaml {
    Text(String),
    Other,
    List(Vec<Yaml>),
    Map(Vec<(Yaml, Yaml)>),
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(deserializer)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Yaml, E> {
        Ok(Yaml::Text(text.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Yaml::Map(entries))
    }
}

fn strings(value: &Yaml, into: &mut Vec<String>) {
    match value {
        Yaml::Text(text) => into.push(text.clone()),
        Yaml::List(items) => items.iter().for_each(|item| strings(item, into)),
        Yaml::Map(entries) => {
            for (key, value) in entries {
                strings(key, into);
                strings(value, into);
            }
        }
        Yaml::Other => {}
    }
}

/// The strings of a JSON value, its keys included.
fn json_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => into.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, into)),
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                into.push(key.clone());
                json_strings(value, into);
            }
        }
        _ => {}
    }
}

#[test]
fn the_openapi_document_holds_each_codes_texts_as_written_under_that_code() {
    let (catalog, outputs) = hostile();
    let yaml = output(&outputs, paths::OPENAPI_YAML);
    let document: serde_json::Value = serde_saphyr::from_str(yaml).expect("the YAML parses");
    let enumerated: Vec<&str> = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("ErrorCode is an enum")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let codes: Vec<&str> = catalog.codes.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(enumerated, codes);
    let json: serde_json::Value =
        serde_json::from_str(output(&outputs, paths::OPENAPI_JSON)).expect("the JSON parses");
    // Each text as written, under its own code: in the code's description, and in the example
    // of its status's response (retired codes have none), in the YAML and in the JSON.
    for (format, document) in [("yaml", &document), ("json", &json)] {
        for entry in &catalog.codes {
            let code = entry.code.as_str();
            let described = document["components"]["schemas"]["ErrorCode"]["x-enumDescriptions"]
                [code]
                .as_str()
                .unwrap_or_else(|| panic!("{format}: `{code}` has no description"));
            for text in [entry.cause.as_str(), entry.remedy.as_str()] {
                assert!(
                    described.contains(text),
                    "{format}: `{code}` is described as {described:?}, without {text:?}"
                );
            }
            if entry.is_retired() {
                continue;
            }
            let example = &document["components"]["responses"]
                [response_name(entry.status).as_str()]["content"]["application/json"]["examples"]
                [code];
            assert_eq!(example["summary"], entry.cause.as_str(), "{format}: {code}");
            let mut body = serde_json::json!({ "error": entry.example_message(), "code": code });
            if let Some(message) = entry.message.as_ref().filter(|m| !m.params.is_empty()) {
                let details: serde_json::Map<String, serde_json::Value> = message
                    .params
                    .iter()
                    .map(|param| (param.name.clone(), support::example_json(&param.example)))
                    .collect();
                body["details"] = details.into();
            }
            assert_eq!(example["value"], body, "{format}: {code}");
        }
    }
    let mut all = Vec::new();
    strings(
        &serde_saphyr::from_str(yaml).expect("the YAML parses"),
        &mut all,
    );
    let mut all_json = Vec::new();
    json_strings(&json, &mut all_json);
    all.sort();
    all_json.sort();
    assert_eq!(
        all_json, all,
        "the JSON and YAML documents hold the same strings"
    );
}
