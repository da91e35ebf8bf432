//! Stage 4, emit: the JSON Schema of the catalog, for editors: `generated/catalog.schema.json`.
//!
//! It describes the catalog format itself, so it is the one output derived from
//! [`crate::read::raw`] rather than the model: field names, types, which fields are required and
//! the documentation of each come from the structs the reader fills, so the schema cannot drift
//! from what the reader accepts.

use super::{header, EmitError};
use crate::read::raw;

/// The schema's title.
const TITLE: &str = "Error catalog";

/// The schema as pretty-printed JSON, ending with a newline. JSON has no comments: the header
/// that every output starts with is the `$comment` keyword.
pub fn json_schema() -> Result<String, EmitError> {
    let serialize = |error: serde_json::Error| EmitError::Serialize(error.to_string());
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<raw::Catalog>();
    schema.insert("$comment".to_owned(), header("").into());
    schema.insert("title".to_owned(), TITLE.into());
    let mut value = serde_json::to_value(&schema).map_err(serialize)?;
    // Keys in one order whatever serde_json's features: sorted, as its default map keeps them.
    value.sort_all_objects();
    let mut json = serde_json::to_string_pretty(&value).map_err(serialize)?;
    json.push('\n');
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> serde_json::Value {
        serde_json::from_str(&json_schema().expect("the schema serializes")).expect("JSON")
    }

    fn required(schema: &serde_json::Value, definition: &str) -> Vec<String> {
        let object = match definition {
            "" => schema,
            name => &schema["definitions"][name],
        };
        object["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .map(|name| name.as_str().expect("a name").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The title, the header, and the `required` lists as written here, so that a change to
    /// them shows in review. Whether they are what the reader requires is decided by the reader
    /// itself, in `tests/schema_required.rs`.
    #[test]
    fn it_has_its_title_header_and_these_required_lists() {
        let schema = schema();
        assert_eq!(schema["title"], TITLE);
        assert_eq!(schema["$comment"], header(""));
        let expect = |definition: &str, names: &[&str]| {
            assert_eq!(required(&schema, definition), names, "{definition}");
        };
        expect("", &["crate", "page", "codes"]);
        expect(
            "Package",
            &["name", "version", "description", "license", "repository"],
        );
        expect("Page", &["title", "lead", "url", "envelope"]);
        expect("Envelope", &["intro", "example", "outro"]);
        expect("EnvelopeExample", &["error", "code"]);
        expect("Reference", &[]);
        expect("Columns", &[]);
        expect("Patterns", &[]);
        expect("Pattern", &["title", "codes", "text"]);
        expect("Section", &["heading", "paragraphs"]);
        expect("Related", &[]);
        expect("Link", &["title", "href", "text"]);
        expect("CodeEntry", &["code", "status", "cause", "remedy"]);
        expect("Deprecation", &["message"]);
        expect(
            "Lifecycle",
            &[
                "deprecated_label",
                "replaced_by_label",
                "retired_heading",
                "retired_intro",
            ],
        );
    }

    #[test]
    fn unknown_fields_are_refused_everywhere() {
        let schema = schema();
        assert_eq!(schema["additionalProperties"], false);
        for (name, definition) in schema["definitions"].as_object().expect("definitions") {
            assert_eq!(definition["additionalProperties"], false, "{name}");
        }
    }
}
