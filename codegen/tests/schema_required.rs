//! The editor schema (`generated/catalog.schema.json`, from `emit::schema`) requires exactly the
//! fields the reader requires, with the reader as the judge rather than the schema's own lists:
//! each field of each mapping of valid catalogs (the repository's and every valid fixture) is
//! removed in turn, and the field counts as required when the catalog without it no longer
//! reads (`read::read` reports a problem). A field that no catalog holds is optional, as those
//! catalogs read without it.
//!
//! Fields the rules need only in some catalogs (`page.lifecycle` once a code is deprecated) are
//! optional here as in the schema, which cannot say "required when"; `check` reports them.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use error_catalog::read;
use error_catalog::SourceFile;
use serde_json::Value;

/// A mapping's definition in the schema: its name (`""` for the root) and its node.
fn definition<'s>(schema: &'s Value, node: &'s Value) -> Option<(String, &'s Value)> {
    if let Some(reference) = node["$ref"].as_str() {
        let name = reference
            .strip_prefix("#/definitions/")
            .unwrap_or_else(|| panic!("a reference outside the definitions: {reference}"));
        return Some((name.to_owned(), &schema["definitions"][name]));
    }
    // Draft-07 puts a description beside a reference by wrapping it in `allOf`; an optional
    // mapping may be an `anyOf` with `null`.
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(found) = node[key]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|branch| definition(schema, branch))
        {
            return Some(found);
        }
    }
    None
}

/// Every mapping of `value` with its place, as `(definition, path)`; `path` is the list of keys
/// and indexes leading to it.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn mappings(
    schema: &Value,
    node: &Value,
    name: &str,
    value: &Value,
    path: &mut Vec<Step>,
    into: &mut Vec<(String, Vec<Step>)>,
) {
    match value {
        Value::Object(fields) => {
            into.push((name.to_owned(), path.clone()));
            for (key, child) in fields {
                // A mapping keyed by names (a code's `params`) gives its values' schema as
                // `additionalProperties`.
                let property = match &node["properties"][key] {
                    Value::Null if node["additionalProperties"].is_object() => {
                        &node["additionalProperties"]
                    }
                    property => property,
                };
                assert!(
                    !property.is_null(),
                    "`{key}` of {name} is not in the schema"
                );
                path.push(Step::Key(key.clone()));
                match definition(schema, property) {
                    Some((child_name, child_node)) => {
                        mappings(schema, child_node, &child_name, child, path, into)
                    }
                    None => mappings(schema, property, "", child, path, into),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            let item_node = &node["items"];
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                match definition(schema, item_node) {
                    Some((item_name, definition)) => {
                        mappings(schema, definition, &item_name, item, path, into)
                    }
                    None => assert!(
                        !item.is_object(),
                        "a mapping in a list with no definition at {path:?}"
                    ),
                }
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// Whether the reader takes the catalog `value`, printed as YAML.
fn reads(value: &Value) -> bool {
    let yaml = serde_saphyr::to_string(value).expect("the catalog prints as YAML");
    read::read(&SourceFile::new("catalog.yaml", yaml))
        .problems
        .is_empty()
}

/// The schema's `required` list of each definition that has properties (`""` is the root).
fn schema_required(schema: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut definitions: Vec<(String, &Value)> = vec![(String::new(), schema)];
    for (name, node) in schema["definitions"].as_object().expect("definitions") {
        definitions.push((name.clone(), node));
    }
    definitions
        .into_iter()
        .filter(|(_, node)| node["properties"].is_object())
        .map(|(name, node)| {
            let required = node["required"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|field| field.as_str().expect("a field name").to_owned())
                .collect();
            (name, required)
        })
        .collect()
}

#[test]
fn the_schema_requires_exactly_the_fields_whose_absence_the_reader_rejects() {
    let schema: Value = serde_json::from_str(
        &error_catalog::emit::schema::json_schema().expect("the schema serializes"),
    )
    .expect("the schema is JSON");
    let mut catalogs = vec![support::repo_catalog_path()];
    catalogs.extend(support::valid_fixtures().into_iter().map(|(_, path)| path));

    // For each definition: the fields seen in some catalog, and those the reader cannot do without.
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut needed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &catalogs {
        let text = std::fs::read_to_string(path).expect("a readable catalog");
        let catalog: Value = serde_saphyr::from_str(&text).expect("a YAML catalog");
        assert!(reads(&catalog), "{} reads, printed again", path.display());
        let mut found = Vec::new();
        mappings(&schema, &schema, "", &catalog, &mut Vec::new(), &mut found);
        for (name, place) in found {
            let keys: Vec<String> = at(&mut catalog.clone(), &place)
                .as_object()
                .expect("a mapping")
                .keys()
                .cloned()
                .collect();
            for key in keys {
                let mut without = catalog.clone();
                at(&mut without, &place)
                    .as_object_mut()
                    .expect("a mapping")
                    .remove(&key);
                seen.entry(name.clone()).or_default().insert(key.clone());
                if !reads(&without) {
                    needed.entry(name.clone()).or_default().insert(key);
                }
            }
        }
    }

    let required = schema_required(&schema);
    let mut mismatches = Vec::new();
    for (name, listed) in &required {
        let needed = needed.get(name).cloned().unwrap_or_default();
        if *listed != needed {
            let label = if name.is_empty() { "the root" } else { name };
            mismatches.push(format!(
                "{label}: the schema requires {listed:?}, the reader {needed:?}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "the schema's `required` lists differ from the reader:\n{}",
        mismatches.join("\n")
    );

    // Every field of every definition was tried in some catalog, so each verdict above is the
    // reader's, not a default.
    let mut untried = Vec::new();
    for (name, node) in std::iter::once((String::new(), &schema)).chain(
        schema["definitions"]
            .as_object()
            .expect("definitions")
            .iter()
            .map(|(name, node)| (name.clone(), node)),
    ) {
        for field in node["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if !seen.get(&name).is_some_and(|fields| fields.contains(field)) {
                untried.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        untried.is_empty(),
        "no catalog holds these fields, so whether the reader needs them is untested: {untried:?}"
    );
}
