//! The OpenAPI 3.1 components: `ErrorCode` and `ErrorBody` schemas and one response per HTTP
//! status in use, named by its reason phrase (`TooManyRequests`), with an example per code.
//!
//! The document is built from typed structs and serialized with serde, never from a text template,
//! so every catalog text is quoted correctly whatever it contains. It is emitted twice, as YAML
//! and as JSON, holding the same data. JSON has no comments, so the header also travels inside
//! the document as the `x-generated-by` extension field, which OpenAPI allows at the root and
//! validators accept; the YAML carries both the comment line and the field.

use indexmap::IndexMap;
use serde::Serialize;

use super::{header, EmitError};
use crate::catalog::CodeEntry;
use crate::naming::{reason_phrase, response_name};
use crate::validate::Catalog;

/// The OpenAPI version the document declares.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// The header, as an extension field: the command that makes the document.
    #[serde(rename = "x-generated-by")]
    pub generated_by: String,
    /// The OpenAPI version.
    pub openapi: &'static str,
    /// Title, version and description.
    pub info: Info,
    /// No paths: the API's own spec references the components.
    pub paths: IndexMap<String, ()>,
    /// The schemas and responses.
    pub components: Components,
}

/// The `info` object.
#[derive(Debug, Serialize)]
pub struct Info {
    /// Document title.
    pub title: String,
    /// The catalog's version.
    pub version: String,
    /// What the document holds.
    pub description: String,
}

/// The `components` object.
#[derive(Debug, Serialize)]
pub struct Components {
    /// `ErrorCode` and `ErrorBody`.
    pub schemas: IndexMap<&'static str, Schema>,
    /// One response per HTTP status in use.
    pub responses: IndexMap<String, Response>,
}

/// The subset of JSON Schema the document uses.
#[derive(Debug, Default, Serialize)]
pub struct Schema {
    /// A reference to another schema.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The JSON type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// What the value is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Allowed values.
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// A description of each allowed value (the convention Redoc displays).
    #[serde(
        rename = "x-enumDescriptions",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub enum_descriptions: IndexMap<String, String>,
    /// Properties that must be present.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<&'static str>,
    /// Object properties.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<&'static str, Schema>,
    /// Example values (JSON Schema `examples`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExampleBody>,
    /// Schemas of which the value must satisfy at least one.
    #[serde(rename = "anyOf", skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    /// Whether the values are deprecated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Schemas the value must all satisfy.
    #[serde(rename = "allOf", skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Schema>,
}

/// A reusable response.
#[derive(Debug, Serialize)]
pub struct Response {
    /// The status and the codes that come with it.
    pub description: String,
    /// The JSON body.
    pub content: IndexMap<&'static str, MediaType>,
}

/// The body of a response.
#[derive(Debug, Serialize)]
pub struct MediaType {
    /// The envelope, with `code` narrowed to this status's codes.
    pub schema: Schema,
    /// One example per code, named by the code.
    pub examples: IndexMap<String, Example>,
}

/// A named example body.
#[derive(Debug, Serialize)]
pub struct Example {
    /// One line about it.
    pub summary: String,
    /// The body.
    pub value: ExampleBody,
}

/// An envelope, as an example value.
#[derive(Debug, Serialize)]
pub struct ExampleBody {
    /// The message.
    pub error: String,
    /// The code.
    pub code: String,
}

fn reference(name: &str) -> Schema {
    Schema {
        reference: Some(format!("#/components/schemas/{name}")),
        ..Schema::default()
    }
}

/// Builds the document.
pub fn document(catalog: &Catalog) -> Document {
    let codes = &catalog.codes;
    let error_code = Schema {
        kind: Some("string"),
        description: Some(format!(
            "An error code: the `code` field of every error body. See {} for each code.",
            catalog.page.url.as_str()
        )),
        enum_descriptions: codes
            .iter()
            .map(|entry| {
                let mut description = format!(
                    "HTTP {}. {} {}",
                    *entry.status,
                    sentence(&entry.cause),
                    sentence(&entry.remedy)
                );
                if let Some(deprecated) = &entry.deprecated {
                    description
                        .push_str(&format!(" Deprecated: {}", sentence(&deprecated.message)));
                }
                if entry.retired {
                    description.push_str(" Retired: the API no longer sends it.");
                }
                (entry.code.to_string(), description)
            })
            .collect(),
        ..code_values(codes)
    };
    let error_body = Schema {
        kind: Some("object"),
        description: Some("The body of every error response.".to_owned()),
        // A real code, so the example validates against the schema (the page's envelope example
        // uses placeholders).
        examples: codes
            .iter()
            .find(|entry| entry.deprecated.is_none() && !entry.retired)
            .map(|entry| ExampleBody {
                error: entry.cause.to_string(),
                code: entry.code.to_string(),
            })
            .into_iter()
            .collect(),
        required: vec!["error", "code"],
        properties: IndexMap::from([
            (
                "error",
                Schema {
                    kind: Some("string"),
                    description: Some("A human-readable message.".to_owned()),
                    ..Schema::default()
                },
            ),
            ("code", reference("ErrorCode")),
        ]),
        ..Schema::default()
    };

    let mut statuses: Vec<u16> = codes
        .iter()
        .filter(|entry| !entry.retired)
        .map(|entry| *entry.status)
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    let responses = statuses
        .into_iter()
        .map(|status| {
            // Retired codes are not sent any more; they stay only in the `ErrorCode` schema.
            let of_status: Vec<_> = codes
                .iter()
                .filter(|e| *e.status == status && !e.retired)
                .collect();
            let names: Vec<String> = of_status.iter().map(|e| e.code.to_string()).collect();
            let description = format!(
                "{status}{}: {}.",
                reason_phrase(status).map_or(String::new(), |reason| format!(" {reason}")),
                names
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let schema = Schema {
                all_of: vec![
                    reference("ErrorBody"),
                    Schema {
                        properties: IndexMap::from([(
                            "code",
                            Schema {
                                allowed: names.clone(),
                                ..Schema::default()
                            },
                        )]),
                        ..Schema::default()
                    },
                ],
                ..Schema::default()
            };
            let examples = of_status
                .iter()
                .map(|entry| {
                    let example = Example {
                        summary: entry.cause.to_string(),
                        value: ExampleBody {
                            error: entry.cause.to_string(),
                            code: entry.code.to_string(),
                        },
                    };
                    (entry.code.to_string(), example)
                })
                .collect();
            let response = Response {
                description,
                content: IndexMap::from([("application/json", MediaType { schema, examples })]),
            };
            (response_name(status), response)
        })
        .collect();

    Document {
        generated_by: header(""),
        openapi: OPENAPI_VERSION,
        info: Info {
            title: format!("{} — error components", catalog.package.name.as_str()),
            version: catalog.package.version.to_string(),
            description: format!(
                "Error schemas and responses generated from the error catalog. Reference them \
                 from the API's spec, such as `errors.yaml#/components/responses/{}`.",
                response_name(*codes[0].status)
            ),
        },
        paths: IndexMap::new(),
        components: Components {
            schemas: IndexMap::from([("ErrorCode", error_code), ("ErrorBody", error_body)]),
            responses,
        },
    }
}

/// The document as YAML, behind the header comment.
pub fn yaml(catalog: &Catalog) -> Result<String, EmitError> {
    let yaml = serde_yaml::to_string(&document(catalog))
        .map_err(|error| EmitError::Json(error.to_string()))?;
    Ok(format!("{}\n{yaml}", header("#")))
}

/// The document as pretty-printed JSON, ending with a newline; its header is `x-generated-by`.
pub fn json(catalog: &Catalog) -> Result<String, EmitError> {
    let json = serde_json::to_string_pretty(&document(catalog))
        .map_err(|error| EmitError::Json(error.to_string()))?;
    Ok(format!("{json}\n"))
}

/// The allowed codes: one `enum` of every code, or, once some are deprecated or retired, an
/// `anyOf` of the current codes and the `deprecated` ones (which clients still accept).
fn code_values(codes: &[CodeEntry]) -> Schema {
    let is_old = |entry: &CodeEntry| entry.deprecated.is_some() || entry.retired;
    let names = |old: bool| -> Vec<String> {
        codes
            .iter()
            .filter(|entry| is_old(entry) == old)
            .map(|entry| entry.code.to_string())
            .collect()
    };
    let current = Schema {
        allowed: names(false),
        ..Schema::default()
    };
    let old = Schema {
        description: Some(
            "Deprecated or retired codes: clients still accept them; the API no longer sends \
             retired ones."
                .to_owned(),
        ),
        allowed: names(true),
        deprecated: true,
        ..Schema::default()
    };
    match (current.allowed.is_empty(), old.allowed.is_empty()) {
        (_, true) => current,
        (true, false) => old,
        (false, false) => Schema {
            any_of: vec![current, old],
            ..Schema::default()
        },
    }
}

/// Ends a catalog text with a period unless it ends with punctuation already.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
