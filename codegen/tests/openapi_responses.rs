//! The OpenAPI document's responses say what the catalog says, checked against the catalog
//! itself (never against a committed output): for the repository's catalog and every valid
//! fixture, in the YAML and in the JSON document generated in this process,
//!
//! - there is one response per status that some code still sent (not retired) has, and one per
//!   operation and status, and no other;
//! - each response's `code` enum (in catalog order) and its examples list exactly the catalog's codes of that status
//!   that are not retired (for an operation, the codes it may return);
//! - the `ErrorCode` schema allows every code of the catalog, retired ones included.
//!
//! The expectations are computed here from the codes' statuses and lifecycles, not with the
//! model's helpers that the emitter uses, so a helper that drops a code does not drop it from the
//! expectation too.

mod support;

use std::collections::BTreeSet;

use error_catalog::emit::paths;
use error_catalog::model::{Code, Lifecycle};
use error_catalog::naming::response_name;
use error_catalog::Catalog;
use serde_json::Value;

/// Whether the API still sends the code: anything but retired.
fn sent(code: &Code) -> bool {
    !matches!(code.lifecycle, Lifecycle::Retired)
}

/// What one response must list: its name, and its codes in catalog order.
struct Expected {
    name: String,
    codes: Vec<String>,
}

/// Every response the catalog calls for, worked out from the codes alone.
fn expected_responses(catalog: &Catalog) -> Vec<Expected> {
    let mut expected = Vec::new();
    let statuses: BTreeSet<u16> = catalog
        .codes
        .iter()
        .filter(|code| sent(code))
        .map(|code| code.status)
        .collect();
    for &status in &statuses {
        expected.push(Expected {
            name: response_name(status),
            codes: catalog
                .codes
                .iter()
                .filter(|code| sent(code) && code.status == status)
                .map(|code| code.code.clone())
                .collect(),
        });
    }
    for operation in &catalog.operations {
        let mut indexes = operation.codes.clone();
        indexes.sort_unstable();
        let codes: Vec<&Code> = indexes.iter().map(|&index| &catalog.codes[index]).collect();
        let statuses: BTreeSet<u16> = codes.iter().map(|code| code.status).collect();
        for status in statuses {
            expected.push(Expected {
                name: operation.response_name(status),
                codes: codes
                    .iter()
                    .filter(|code| code.status == status)
                    .map(|code| code.code.clone())
                    .collect(),
            });
        }
    }
    expected
}

fn strings(value: &Value, what: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not a list: {value}"))
        .iter()
        .map(|item| {
            item.as_str()
                .unwrap_or_else(|| panic!("{what} holds a non-string: {item}"))
                .to_owned()
        })
        .collect()
}

/// Every mismatch between the document's responses and the catalog.
fn problems(catalog: &Catalog, document: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = expected_responses(catalog);
    let responses = document["components"]["responses"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let found: BTreeSet<&str> = responses.keys().map(String::as_str).collect();
    let wanted: BTreeSet<&str> = expected.iter().map(|e| e.name.as_str()).collect();
    if found != wanted {
        problems.push(format!(
            "responses: missing {:?}, unexpected {:?}",
            wanted.difference(&found).collect::<Vec<_>>(),
            found.difference(&wanted).collect::<Vec<_>>()
        ));
    }
    for Expected { name, codes } in &expected {
        let Some(response) = responses.get(name) else {
            continue;
        };
        let media = &response["content"]["application/json"];
        let narrowed = media["schema"]["allOf"]
            .as_array()
            .and_then(|parts| {
                parts
                    .iter()
                    .find(|part| part["properties"]["code"].is_object())
            })
            .map(|part| &part["properties"]["code"]["enum"]);
        match narrowed {
            Some(listed) => {
                let listed = strings(listed, &format!("{name}'s enum"));
                if &listed != codes {
                    problems.push(format!("{name}: enum {listed:?}, catalog {codes:?}"));
                }
            }
            None => problems.push(format!("{name}: no `code` enum in its schema")),
        }
        // By name: serde_json's maps keep their keys sorted.
        let examples: BTreeSet<&str> = media["examples"]
            .as_object()
            .map(|examples| examples.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if examples != codes.iter().map(String::as_str).collect() {
            problems.push(format!("{name}: examples {examples:?}, catalog {codes:?}"));
        }
        for code in codes {
            let body = &media["examples"][code]["value"];
            if body["code"] != code.as_str() {
                problems.push(format!("{name}: example `{code}` has the body {body}"));
            }
            let entry = catalog
                .codes
                .iter()
                .find(|entry| &entry.code == code)
                .expect("a code of the catalog");
            problems.extend(example_problems(catalog, entry, body));
        }
    }

    // The schema of every code: one `enum`, or an `anyOf` of the current and the old ones.
    let schema = &document["components"]["schemas"]["ErrorCode"];
    let mut allowed = BTreeSet::new();
    match schema["anyOf"].as_array() {
        Some(branches) => {
            for branch in branches {
                allowed.extend(strings(&branch["enum"], "an ErrorCode branch"));
            }
        }
        None => allowed.extend(strings(&schema["enum"], "ErrorCode's enum")),
    }
    problems.extend(details_schema_problems(catalog, document));
    let every: BTreeSet<String> = catalog.codes.iter().map(|code| code.code.clone()).collect();
    if allowed != every {
        problems.push(format!(
            "ErrorCode allows {allowed:?}, the catalog has {every:?}"
        ));
    }
    problems
}

/// A code's example body: its message filled in with the parameters' examples (its cause
/// without a message), and, when the catalog sends details and the code has parameters, each
/// example by name with its JSON type (an integer as a number). A code's details schema
/// requires each parameter, and `ErrorBody` ties it to the code.
fn example_problems(catalog: &Catalog, code: &Code, body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let name = &code.code;
    let params = code.message.as_ref().map_or(&[][..], |m| &m.params[..]);
    let expected = match &code.message {
        Some(message) => message.fill(|param| param.example.to_string()),
        None => code.cause.clone(),
    };
    if body["error"] != expected.as_str() {
        problems.push(format!(
            "`{name}`'s example says {}, expected {expected:?}",
            body["error"]
        ));
    }
    if !catalog.body.details || params.is_empty() {
        if !body["details"].is_null() {
            problems.push(format!(
                "`{name}`'s example has details: {}",
                body["details"]
            ));
        }
        return problems;
    }
    let details = body["details"].as_object().cloned().unwrap_or_default();
    if details.len() != params.len() {
        problems.push(format!("`{name}`'s example details: {details:?}"));
    }
    for param in params {
        let expected = support::example_json(&param.example);
        if details.get(&param.name) != Some(&expected) {
            problems.push(format!(
                "`{name}`'s example details give `{}` as {:?}, expected {expected}",
                param.name,
                details.get(&param.name)
            ));
        }
    }
    problems
}

/// With details on, each code with parameters has a `…Details` schema requiring each of them,
/// which `ErrorBody` applies when the body has that code; with details off, `ErrorBody` has no
/// `details` and there is no such schema.
fn details_schema_problems(catalog: &Catalog, document: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let schemas = &document["components"]["schemas"];
    let body = &schemas["ErrorBody"];
    let with_params: Vec<&Code> = catalog
        .codes
        .iter()
        .filter(|code| code.message.as_ref().is_some_and(|m| !m.params.is_empty()))
        .collect();
    let on = catalog.body.details && !with_params.is_empty();
    if body["properties"]["details"].is_object() != on {
        problems.push(format!(
            "ErrorBody's `details`: {}",
            body["properties"]["details"]
        ));
    }
    let tied: Vec<(String, String)> = body["allOf"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|branch| {
            (
                branch["if"]["properties"]["code"]["const"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                branch["then"]["properties"]["details"]["$ref"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    let mut expected_tied = Vec::new();
    for code in with_params.iter().filter(|_| on) {
        let schema_name = format!("{}Details", code.variant);
        expected_tied.push((
            code.code.clone(),
            format!("#/components/schemas/{schema_name}"),
        ));
        let params = &code.message.as_ref().expect("filtered").params;
        let names: Vec<String> = params.iter().map(|param| param.name.clone()).collect();
        let schema = &schemas[&schema_name];
        if schema["required"] != Value::from(names.clone()) {
            problems.push(format!(
                "{schema_name} requires {}, expected {names:?}",
                schema["required"]
            ));
        }
    }
    if tied != expected_tied {
        problems.push(format!(
            "ErrorBody ties details {tied:?}, expected {expected_tied:?}"
        ));
    }
    problems
}

/// The repository's catalog and every valid fixture, by name.
fn catalogs() -> Vec<(String, std::path::PathBuf)> {
    let mut catalogs = vec![("catalog.yaml".to_owned(), support::repo_catalog_path())];
    catalogs.extend(support::valid_fixtures());
    catalogs
}

#[test]
fn every_response_lists_exactly_the_codes_it_may_carry_in_yaml_and_json() {
    let mut failures = Vec::new();
    let mut responses = 0;
    for (name, path) in catalogs() {
        let catalog = support::load(&path);
        let outputs = support::generate(&path);
        let yaml: Value = serde_saphyr::from_str(support::output(&outputs, paths::OPENAPI_YAML))
            .unwrap_or_else(|error| panic!("{name}: the YAML does not parse: {error}"));
        let json: Value = serde_json::from_str(support::output(&outputs, paths::OPENAPI_JSON))
            .unwrap_or_else(|error| panic!("{name}: the JSON does not parse: {error}"));
        for (format, document) in [("yaml", &yaml), ("json", &json)] {
            for problem in problems(&catalog, document) {
                failures.push(format!("{name} ({format}): {problem}"));
            }
        }
        responses += expected_responses(&catalog).len();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The fixtures hold statuses with several codes, retired codes and operations: the loop
    // above compared real lists, not empty ones.
    assert!(responses > 20, "only {responses} responses were compared");
}

/// The checks above see a response that lacks a code, one that lists a retired code, and a
/// status with no response: on a document with each mistake made by hand.
#[test]
fn the_check_finds_a_missing_code_a_retired_code_and_a_missing_response() {
    let path = support::fixtures_dir().join("valid/lifecycle.yaml");
    let catalog = support::load(&path);
    let outputs = support::generate(&path);
    let document: Value =
        serde_json::from_str(support::output(&outputs, paths::OPENAPI_JSON)).expect("JSON");
    assert_eq!(problems(&catalog, &document), Vec::<String>::new());
    let retired = catalog
        .codes
        .iter()
        .find(|code| !sent(code))
        .expect("the fixture has a retired code");
    let crowded = catalog
        .codes
        .iter()
        .filter(|code| sent(code))
        .map(|code| code.status)
        .find(|status| {
            catalog
                .codes
                .iter()
                .filter(|code| sent(code) && code.status == *status)
                .count()
                > 1
        })
        .expect("the fixture has a status with several codes");
    let name = response_name(crowded);
    let pointer = format!("/components/responses/{name}/content/application~1json/schema/allOf/1/properties/code/enum");

    let mut dropped = document.clone();
    let listed = dropped
        .pointer_mut(&pointer)
        .and_then(Value::as_array_mut)
        .expect("the enum");
    listed.pop();
    assert!(
        problems(&catalog, &dropped)
            .iter()
            .any(|problem| problem.starts_with(&format!("{name}: enum"))),
        "a code left out of {name} goes unseen"
    );

    let mut revived = document.clone();
    revived
        .pointer_mut(&pointer)
        .and_then(Value::as_array_mut)
        .expect("the enum")
        .push(Value::String(retired.code.clone()));
    assert!(
        problems(&catalog, &revived)
            .iter()
            .any(|problem| problem.starts_with(&format!("{name}: enum"))),
        "a retired code listed in {name} goes unseen"
    );

    let mut missing = document;
    missing["components"]["responses"]
        .as_object_mut()
        .expect("responses")
        .remove(&name);
    assert!(
        problems(&catalog, &missing)
            .iter()
            .any(|problem| problem.contains(&format!("missing [\"{name}\"]"))),
        "a missing response goes unseen"
    );
}
