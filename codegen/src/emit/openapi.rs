//! Stage 4, emit: the OpenAPI 3.1 components: `ErrorCode` and `ErrorBody` schemas and one response
//! per HTTP status in use, named by its reason phrase (`TooManyRequests`), with an example per
//! code.
//!
//! The document is built from typed structs and serialized with serde, never from a text template,
//! so every catalog text is quoted correctly whatever it contains. It is emitted twice, as JSON
//! and as YAML; the YAML is written from the JSON text (see [`yaml`]), so the two cannot hold
//! different data. JSON has no comments, so the header also travels inside the document as the
//! `x-generated-by` extension field, which OpenAPI allows at the root and validators accept; the
//! YAML carries both the comment line and the field.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{header, sentence, EmitError};
use crate::limits::MAX_CODE_LEN;
use crate::model::{Catalog, Code, ParamKind, ParamValue, MAX_RETRY_AFTER_SECONDS};
use crate::naming::{reason_phrase, response_name};

/// The OpenAPI version the document declares.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The whole document.
#[derive(Debug, Serialize)]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Components {
    /// `ErrorCode`, `ErrorBody`, and the details of each code with parameters when bodies
    /// carry them (`InvalidModeDetails`).
    pub schemas: IndexMap<String, Schema>,
    /// The rate-limit headers, named as they are sent (`RateLimit`, `RateLimit-Policy`,
    /// `Retry-After`) so that the API's spec can reference them from any response; none when the
    /// catalog has no rate-limit policy.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<&'static str, Header>,
    /// One response per HTTP status in use.
    pub responses: IndexMap<String, Response>,
}

/// A header a response carries.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Header {
    /// What it says.
    pub description: String,
    /// Whether every response that declares it sends it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Its value's schema.
    pub schema: Schema,
    /// An example value.
    pub example: serde_json::Value,
}

/// A reference to a component (`{"$ref": "#/components/headers/RateLimit"}`), or a header
/// written in place.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum HeaderRef {
    /// A reference.
    Reference {
        /// Where the component is.
        #[serde(rename = "$ref")]
        reference: String,
    },
    /// A header in place.
    Inline(Box<Header>),
}

/// The subset of JSON Schema the document uses.
#[derive(Debug, Default, Serialize)]
#[non_exhaustive]
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
    /// The integer format (`int32`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// Least allowed number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// Greatest allowed number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Most characters of a string.
    #[serde(rename = "maxLength", skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Allowed values.
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// A description of each allowed value (the convention Redoc displays).
    #[serde(
        rename = "x-enumDescriptions",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub enum_descriptions: IndexMap<String, String>,
    /// The one allowed value.
    #[serde(rename = "const", skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// Properties that must be present.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Object properties.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Schema>,
    /// The schema of the properties `properties` does not name.
    #[serde(
        rename = "additionalProperties",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_properties: Option<Box<Schema>>,
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
    /// With `then`: a value that satisfies this schema must satisfy `then`.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub when: Option<Box<Schema>>,
    /// See `when`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<Box<Schema>>,
}

/// A reusable response.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Response {
    /// The status and the codes that come with it.
    pub description: String,
    /// The rate-limit headers it carries.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<&'static str, HeaderRef>,
    /// The JSON body.
    pub content: IndexMap<&'static str, MediaType>,
}

/// The body of a response.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct MediaType {
    /// The envelope, with `code` narrowed to this status's codes.
    pub schema: Schema,
    /// One example per code, named by the code.
    pub examples: IndexMap<String, Example>,
}

/// A named example body.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Example {
    /// One line about it.
    pub summary: String,
    /// The body.
    pub value: ExampleBody,
}

/// An envelope, as an example value.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct ExampleBody {
    /// The message: the code's message filled in with its parameters' examples.
    pub error: String,
    /// The code.
    pub code: String,
    /// The parameters' examples, by name, when the catalog sends `details` and the code has
    /// parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<IndexMap<String, serde_json::Value>>,
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
            catalog.page.url
        )),
        enum_descriptions: codes
            .iter()
            .map(|code| {
                let mut description = format!(
                    "HTTP {}. {} {}",
                    code.status,
                    sentence(&code.cause),
                    sentence(&code.remedy)
                );
                if let Some(deprecation) = code.deprecation() {
                    description
                        .push_str(&format!(" Deprecated: {}", sentence(&deprecation.message)));
                }
                if code.is_retired() {
                    description.push_str(" Retired: the API no longer sends it.");
                }
                (code.code.clone(), description)
            })
            .collect(),
        // Also a bound when the codes are an `anyOf` rather than one `enum`.
        max_length: Some(MAX_CODE_LEN as u64),
        ..code_values(codes)
    };
    // A real code, so the example validates against the schema (the page's envelope example uses
    // placeholders); none when every code is deprecated or retired, as an example should show
    // what the API sends now.
    let example = Some(catalog.example_code()).filter(|code| code.is_current());
    let mut properties = IndexMap::from([
        (
            "error".to_owned(),
            Schema {
                kind: Some("string"),
                description: Some("A human-readable message.".to_owned()),
                max_length: Some(u64::from(catalog.body.message_max_length)),
                ..Schema::default()
            },
        ),
        ("code".to_owned(), reference("ErrorCode")),
    ]);
    let with_params: Vec<&Code> = codes
        .iter()
        .filter(|code| !code.params().is_empty())
        .collect();
    let details = catalog.body.details && !with_params.is_empty();
    if details {
        properties.insert(
            "details".to_owned(),
            Schema {
                kind: Some("object"),
                description: Some(
                    "The values the message names, by parameter, for programs to read: see each \
                     code's `…Details` schema. A body built without its values has none."
                        .to_owned(),
                ),
                ..Schema::default()
            },
        );
    }
    let error_body = Schema {
        kind: Some("object"),
        description: Some("The body of every error response.".to_owned()),
        examples: example
            .map(|code| example_body(catalog, code))
            .into_iter()
            .collect(),
        required: vec!["error".to_owned(), "code".to_owned()],
        properties,
        // Each code's details have the shape of its parameters.
        all_of: if details {
            with_params
                .iter()
                .map(|code| Schema {
                    when: Some(Box::new(Schema {
                        required: vec!["code".to_owned()],
                        properties: IndexMap::from([(
                            "code".to_owned(),
                            Schema {
                                constant: Some(code.code.clone()),
                                ..Schema::default()
                            },
                        )]),
                        ..Schema::default()
                    })),
                    then: Some(Box::new(Schema {
                        properties: IndexMap::from([(
                            "details".to_owned(),
                            reference(&details_name(code)),
                        )]),
                        ..Schema::default()
                    })),
                    ..Schema::default()
                })
                .collect()
        } else {
            Vec::new()
        },
        ..Schema::default()
    };
    let mut schemas = IndexMap::from([
        ("ErrorCode".to_owned(), error_code),
        ("ErrorBody".to_owned(), error_body),
    ]);
    if details {
        for code in with_params {
            schemas.insert(details_name(code), details_schema(catalog, code));
        }
    }

    // Retired codes are not sent any more: they have no response and stay only in `ErrorCode`.
    let mut responses: IndexMap<String, Response> = catalog
        .statuses()
        .into_iter()
        .map(|status| {
            let of_status: Vec<&Code> = catalog.codes_of_status(status).collect();
            (
                response_name(status),
                response(catalog, status, "", &of_status),
            )
        })
        .collect();
    // Then each operation's own, narrowed to the codes it may return.
    for operation in &catalog.operations {
        for status in catalog.operation_statuses(operation) {
            let of_status: Vec<&Code> = catalog
                .operation_codes_of_status(operation, status)
                .collect();
            let about = format!("`{}` (`{}`), ", operation.route(), operation.id);
            responses.insert(
                operation.response_name(status),
                response(catalog, status, &about, &of_status),
            );
        }
    }

    Document {
        generated_by: header(""),
        openapi: OPENAPI_VERSION,
        info: Info {
            title: format!("{} — error components", catalog.package.name),
            version: catalog.package.version.to_string(),
            description: format!(
                "Error schemas and responses generated from the error catalog. Reference them \
                 from the API's spec, such as `errors.yaml#/components/responses/{}`.",
                response_name(catalog.example_code().status)
            ),
        },
        paths: IndexMap::new(),
        components: Components {
            schemas,
            headers: headers(catalog),
            responses,
        },
    }
}

/// The document as YAML, behind the header comment.
///
/// It is written from the JSON text, read back with its keys in order, so it holds exactly what
/// the JSON holds. The serializer's options keep every value readable the same way by YAML 1.1
/// and 1.2 readers: no string is folded or wrapped, and strings that a reader could take for
/// something else (`yes`, `3.1.0`, `null`, a text with `: `) are quoted.
pub fn yaml(catalog: &Catalog) -> Result<String, EmitError> {
    let serialize = |error: &dyn fmt::Display| EmitError::Serialize(error.to_string());
    let json = serde_json::to_string(&document(catalog)).map_err(|e| serialize(&e))?;
    let tree: Tree = serde_json::from_str(&json).map_err(|e| serialize(&e))?;
    let yaml =
        serde_saphyr::to_string_with_options(&tree, yaml_options()).map_err(|e| serialize(&e))?;
    Ok(format!("{}\n{yaml}", header("#")))
}

/// The document as pretty-printed JSON, ending with a newline; its header is `x-generated-by`.
pub fn json(catalog: &Catalog) -> Result<String, EmitError> {
    let json = serde_json::to_string_pretty(&document(catalog))
        .map_err(|error| EmitError::Serialize(error.to_string()))?;
    Ok(format!("{json}\n"))
}

/// The response of `status` for `codes`, all of that status: the envelope with `code` narrowed
/// to them, one example per code, and the rate-limit headers; its description starts with
/// `about` (an operation, or nothing).
fn response(catalog: &Catalog, status: u16, about: &str, codes: &[&Code]) -> Response {
    let names: Vec<String> = codes.iter().map(|code| code.code.clone()).collect();
    let description = format!(
        "{about}{status}{}: {}.",
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
                    "code".to_owned(),
                    Schema {
                        allowed: names,
                        ..Schema::default()
                    },
                )]),
                ..Schema::default()
            },
        ],
        ..Schema::default()
    };
    let examples = codes
        .iter()
        .map(|code| {
            let example = Example {
                summary: code.cause.clone(),
                value: example_body(catalog, code),
            };
            (code.code.clone(), example)
        })
        .collect();
    Response {
        description,
        headers: response_headers(catalog, codes),
        content: IndexMap::from([("application/json", MediaType { schema, examples })]),
    }
}

/// The names of the rate-limit header components: the fields of
/// draft-ietf-httpapi-ratelimit-headers-09 and RFC 9110's `Retry-After`.
pub const RATE_LIMIT: &str = "RateLimit";
/// See [`RATE_LIMIT`].
pub const RATE_LIMIT_POLICY: &str = "RateLimit-Policy";
/// See [`RATE_LIMIT`].
pub const RETRY_AFTER: &str = "Retry-After";

/// Most digits of the `t` (reset) parameter of `RateLimit`: seconds up to
/// [`MAX_RETRY_AFTER_SECONDS`].
const RESET_DIGITS: usize = 8;
const _: () = assert!(MAX_RETRY_AFTER_SECONDS < 10u32.pow(RESET_DIGITS as u32));

/// `components.headers`: the rate-limit headers, when the catalog has policies.
fn headers(catalog: &Catalog) -> IndexMap<&'static str, Header> {
    let example = catalog.retry_after_example().map(|(_, policy)| policy);
    let Some(policy) = example.or(catalog.rate_limits.first()) else {
        return IndexMap::new();
    };
    let policies = catalog
        .rate_limits
        .iter()
        .map(|policy| format!("`{}`: {}", policy.header_item(), policy.describe()))
        .collect::<Vec<_>>()
        .join("; ");
    let field = catalog.rate_limit_policy_field();
    // The longest `RateLimit` value: every policy, none of its quota used, reset at the most.
    let longest_rate_limit = catalog
        .rate_limits
        .iter()
        .map(|policy| format!("\"{}\";r={};t=", policy.name, policy.requests).len() + RESET_DIGITS)
        .sum::<usize>()
        + 2 * (catalog.rate_limits.len() - 1);
    IndexMap::from([
        (
            RATE_LIMIT_POLICY,
            Header {
                description: format!(
                    "The rate-limit policies that apply to the request \
                     (draft-ietf-httpapi-ratelimit-headers): each policy's name, `q` its quota of \
                     requests and `w` its window in seconds. The API's policies: {policies}."
                ),
                required: false,
                schema: Schema {
                    kind: Some("string"),
                    max_length: Some(field.chars().count() as u64),
                    ..Schema::default()
                },
                example: field.clone().into(),
            },
        ),
        (
            RATE_LIMIT,
            Header {
                description: "What is left of a policy's quota \
                     (draft-ietf-httpapi-ratelimit-headers): the policy's name, `r` the requests \
                     remaining and `t` the seconds until the quota resets."
                    .to_owned(),
                required: false,
                schema: Schema {
                    kind: Some("string"),
                    max_length: Some(longest_rate_limit as u64),
                    ..Schema::default()
                },
                example: policy.exhausted_item(u64::from(policy.window)).into(),
            },
        ),
        (
            RETRY_AFTER,
            retry_after_header(String::new(), true, policy.window),
        ),
    ])
}

/// The `Retry-After` header: `required` where every code sends it, `sent_with` naming the codes
/// that do where only some do, and a wait of `example` seconds.
fn retry_after_header(sent_with: String, required: bool, example: u32) -> Header {
    Header {
        description: format!(
            "How many seconds to wait before retrying: delay-seconds (RFC 9110, section \
             10.2.3).{sent_with}"
        ),
        required,
        schema: retry_after_schema(),
        example: example.into(),
    }
}

fn retry_after_schema() -> Schema {
    Schema {
        kind: Some("integer"),
        format: Some("int32"),
        minimum: Some(0),
        maximum: Some(i64::from(MAX_RETRY_AFTER_SECONDS)),
        ..Schema::default()
    }
}

/// The headers of the response of `codes`, one status's: none without policies; else the
/// rate-limit fields, and `Retry-After` (required when every code sends it).
fn response_headers(catalog: &Catalog, codes: &[&Code]) -> IndexMap<&'static str, HeaderRef> {
    if catalog.rate_limits.is_empty() {
        return IndexMap::new();
    }
    let reference = |name: &str| HeaderRef::Reference {
        reference: format!("#/components/headers/{name}"),
    };
    let mut headers = IndexMap::from([
        (RATE_LIMIT_POLICY, reference(RATE_LIMIT_POLICY)),
        (RATE_LIMIT, reference(RATE_LIMIT)),
    ]);
    let sending = codes.iter().filter(|code| code.retry_after).count();
    if sending == codes.len() {
        headers.insert(RETRY_AFTER, reference(RETRY_AFTER));
    } else if sending > 0 {
        headers.insert(
            RETRY_AFTER,
            HeaderRef::Inline(Box::new(retry_after_header(
                format!(
                    " Sent with {}.",
                    codes
                        .iter()
                        .filter(|code| code.retry_after)
                        .map(|code| format!("`{}`", code.code))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                false,
                codes
                    .iter()
                    .filter(|code| code.retry_after)
                    .find_map(|code| catalog.rate_limit(code.rate_limit.as_deref()?))
                    .map_or(0, |policy| policy.window),
            ))),
        );
    }
    headers
}

/// What a server sends for `code`: its message filled in with the examples (its cause when it
/// has none), and their values in `details` when the catalog sends them.
fn example_body(catalog: &Catalog, code: &Code) -> ExampleBody {
    ExampleBody {
        error: code.example_message(),
        code: code.code.clone(),
        details: (catalog.body.details && !code.params().is_empty()).then(|| {
            code.params()
                .iter()
                .map(|param| {
                    let value = match &param.example {
                        ParamValue::Text(text) => serde_json::Value::from(text.as_str()),
                        ParamValue::Integer(number) => serde_json::Value::from(*number),
                    };
                    (param.name.clone(), value)
                })
                .collect()
        }),
    }
}

/// The name of the schema of `code`'s details: `InvalidModeDetails`.
pub fn details_name(code: &Code) -> String {
    format!("{}Details", code.variant)
}

/// The schema of `code`'s details: one property per parameter, each required.
fn details_schema(catalog: &Catalog, code: &Code) -> Schema {
    Schema {
        kind: Some("object"),
        description: Some(format!(
            "The details of `{}`: the values its message names.",
            code.code
        )),
        required: code
            .params()
            .iter()
            .map(|param| param.name.clone())
            .collect(),
        properties: code
            .params()
            .iter()
            .map(|param| {
                let description = Some(param.description.clone());
                let schema = match &param.kind {
                    ParamKind::Text => Schema {
                        kind: Some("string"),
                        description,
                        max_length: Some(u64::from(catalog.body.message_max_length)),
                        ..Schema::default()
                    },
                    ParamKind::Integer => Schema {
                        kind: Some("integer"),
                        format: Some("int64"),
                        minimum: Some(i64::MIN),
                        maximum: Some(i64::MAX),
                        description,
                        ..Schema::default()
                    },
                    ParamKind::OneOf(values) => Schema {
                        kind: Some("string"),
                        description,
                        allowed: values.clone(),
                        ..Schema::default()
                    },
                };
                (param.name.clone(), schema)
            })
            .collect(),
        ..Schema::default()
    }
}

/// The allowed codes: one `enum` of every code, or, once some are deprecated or retired, an
/// `anyOf` of the current codes and the `deprecated` ones (which clients still accept).
fn code_values(codes: &[Code]) -> Schema {
    let names = |current: bool| -> Vec<String> {
        codes
            .iter()
            .filter(|code| code.is_current() == current)
            .map(|code| code.code.clone())
            .collect()
    };
    let current = Schema {
        allowed: names(true),
        ..Schema::default()
    };
    let old = Schema {
        description: Some(
            "Deprecated or retired codes: clients still accept them; the API no longer sends \
             retired ones."
                .to_owned(),
        ),
        allowed: names(false),
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

/// How the YAML is written: YAML 1.1-safe quoting (the default), two-space indentation and
/// sequences at their key's indentation, as before; and no block scalars, so a long text stays
/// one quoted or plain line instead of being folded at 80 columns.
fn yaml_options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    }
}

/// A JSON value with its objects' keys in document order (`serde_json::Value` sorts them), as
/// the YAML is written from it.
enum Tree {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    List(Vec<Tree>),
    Map(IndexMap<String, Tree>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Tree, E> {
        Ok(Tree::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Tree, E> {
        Ok(Tree::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Tree, E> {
        serde_json::Number::from_f64(value)
            .map(Tree::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Tree, E> {
        Ok(Tree::Text(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Tree, A::Error> {
        let mut list = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(item) = items.next_element()? {
            list.push(item);
        }
        Ok(Tree::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Tree, A::Error> {
        let mut map = IndexMap::with_capacity(entries.size_hint().unwrap_or(0));
        while let Some((key, value)) = entries.next_entry()? {
            map.insert(key, value);
        }
        Ok(Tree::Map(map))
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => serializer.serialize_unit(),
            Tree::Bool(value) => serializer.serialize_bool(*value),
            Tree::Number(number) => number.serialize(serializer),
            Tree::Text(text) if single_quoted(text) => {
                serde_saphyr::SingleQuoted(text).serialize(serializer)
            }
            Tree::Text(text) => serializer.serialize_str(text),
            Tree::List(items) => items.serialize(serializer),
            Tree::Map(entries) => entries.serialize(serializer),
        }
    }
}

/// Whether to write a string value in single quotes. serde-saphyr writes a string that cannot be
/// plain in double quotes; single quotes, which YAML writers usually pick and this file always
/// had, serve whenever the string needs no escape sequence. (Keys keep serde-saphyr's choice;
/// they are codes, status names and fixed names, which are plain unless a code reads as a
/// boolean or null, such as `yes` or `null`.)
fn single_quoted(text: &str) -> bool {
    // Whether it quotes a string is asked of the serializer itself, which writes the string
    // alone into a writer that keeps only the first character.
    let mut first = FirstChar(None);
    let double_quoted = serde_saphyr::to_fmt_writer_with_options(&mut first, &text, yaml_options())
        .map_or(true, |()| first.0 == Some('"'));
    double_quoted && !text.chars().any(needs_escape)
}

/// A writer that keeps the first character written and drops the rest.
struct FirstChar(Option<char>);

impl fmt::Write for FirstChar {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.0.is_none() {
            self.0 = text.chars().next();
        }
        Ok(())
    }
}

/// A character that YAML can only write as an escape sequence in a double-quoted string (it is
/// outside YAML's printable set, or is a line or paragraph separator): single quotes cannot hold
/// it.
fn needs_escape(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Body, Deprecation, Envelope, Lifecycle, LifecycleLabels, OperationsTable, Package, Page,
        Patterns, Reference, Related, Replacement,
    };

    fn code(name: &str, status: u16, cause: &str, lifecycle: Lifecycle) -> Code {
        Code {
            code: name.to_owned(),
            variant: crate::naming::variant_name(name),
            status,
            cause: cause.to_owned(),
            remedy: format!("Remedy of {name}: see #{name} and don't retry"),
            retryable: false,
            rate_limit: None,
            retry_after: false,
            message: None,
            since: None,
            lifecycle,
            doc_url: format!("https://example.com/errors#{name}"),
        }
    }

    /// A catalog whose texts and codes are awkward for YAML: indicators, quotes, backslashes,
    /// `: ` and ` #`, words YAML 1.1 reads as booleans or null, number-like text, non-ASCII,
    /// and a text far longer than a YAML writer's line width.
    fn awkward_catalog() -> Catalog {
        let long = "A long cause, ".repeat(30) + "and its end";
        let texts = [
            "yes",
            "No",
            "3.1.0",
            "1:30",
            "2001-12-14",
            "null",
            "~",
            "- dash",
            "key: value",
            "text # comment",
            "'single' and \"double\" quotes",
            "a \\ backslash, C:\\temp\\new",
            "`code span` first",
            "*star, &amp, !bang, %percent, @at, |pipe, >angle",
            "  surrounding spaces  ",
            "Ünïcödé — 日本語 🚀",
            "@",
            long.as_str(),
        ];
        let names = [
            "yes", "no", "on", "off", "y", "n", "true", "null", "nan", "e1", "a1",
        ];
        let mut codes: Vec<Code> = names
            .iter()
            .zip(texts.iter().cycle())
            .enumerate()
            .map(|(index, (name, cause))| {
                code(
                    name,
                    400 + (index as u16 % 3) * 11,
                    cause,
                    Lifecycle::Current,
                )
            })
            .collect();
        codes.push(code(
            "old_one",
            429,
            "Over the quota",
            Lifecycle::Deprecated(Deprecation {
                message: "Renamed: use `yes`.".to_owned(),
                replaced_by: Some(Replacement {
                    code: "yes".to_owned(),
                    variant: "Yes".to_owned(),
                }),
            }),
        ));
        codes.push(code("gone", 410, "Removed", Lifecycle::Retired));
        for (index, text) in texts.iter().enumerate() {
            codes.push(code(
                &format!("text_{index}"),
                500,
                text,
                Lifecycle::Current,
            ));
        }
        Catalog {
            package: Package {
                name: "awkward-errors".to_owned(),
                version: semver::Version::parse("1.10.0-rc.1+build.5").expect("a version"),
                description: "Errors".to_owned(),
                license: "MIT".to_owned(),
                repository: "https://example.com".to_owned(),
            },
            page: Page {
                title: "Errors".to_owned(),
                lead: "Lead".to_owned(),
                url: "https://example.com/errors?a=1&b=#x".to_owned(),
                envelope: Envelope {
                    intro: "Intro".to_owned(),
                    example_error: "Error".to_owned(),
                    example_code: "yes".to_owned(),
                    outro: "Outro".to_owned(),
                },
                reference: Reference {
                    heading: "Reference".to_owned(),
                    code: "Code".to_owned(),
                    status: "HTTP".to_owned(),
                    cause: "Cause".to_owned(),
                    remedy: "Remedy".to_owned(),
                },
                patterns: Patterns {
                    heading: "Patterns".to_owned(),
                    codes_label: "Codes:".to_owned(),
                    items: Vec::new(),
                },
                sections: Vec::new(),
                related: Related {
                    heading: "Related".to_owned(),
                    links: Vec::new(),
                },
                operations: OperationsTable {
                    heading: String::new(),
                    operation: String::new(),
                    codes: String::new(),
                    common: String::new(),
                },
                messages: crate::model::MessagesSection {
                    heading: "Messages".to_owned(),
                    intro: None,
                    example_label: "Example:".to_owned(),
                    values_label: "One of:".to_owned(),
                },
                lifecycle: Some(LifecycleLabels {
                    deprecated_label: "Deprecated:".to_owned(),
                    replaced_by_label: "Use instead:".to_owned(),
                    retired_heading: "Retired".to_owned(),
                    retired_intro: "Gone.".to_owned(),
                }),
            },
            body: Body {
                message_max_length: 1000,
                details: false,
            },
            rate_limits: Vec::new(),
            operations: Vec::new(),
            common_operation_codes: Vec::new(),
            codes,
        }
    }

    #[test]
    fn the_yaml_holds_exactly_what_the_json_holds() {
        let catalog = awkward_catalog();
        let yaml = yaml(&catalog).expect("YAML");
        let json = json(&catalog).expect("JSON");
        let from_yaml: serde_json::Value = serde_saphyr::from_str(&yaml).expect("the YAML reads");
        let from_json: serde_json::Value = serde_json::from_str(&json).expect("the JSON reads");
        assert_eq!(from_yaml, from_json, "{yaml}");
    }

    #[test]
    fn long_texts_stay_on_one_line() {
        let catalog = awkward_catalog();
        let yaml = yaml(&catalog).expect("YAML");
        let long = catalog
            .codes
            .iter()
            .map(|code| &code.cause)
            .find(|cause| cause.len() > 200)
            .expect("a long cause");
        assert!(
            yaml.lines().any(|line| line.contains(long.as_str())),
            "the long text is split:\n{yaml}"
        );
        assert!(
            !yaml.lines().any(|line| [": >", ": |", ": >-", ": |-"]
                .iter()
                .any(|end| line.ends_with(end))),
            "a block scalar:\n{yaml}"
        );
    }

    #[test]
    fn words_that_yaml_reads_as_other_types_are_quoted() {
        let yaml = yaml(&awkward_catalog()).expect("YAML");
        for word in ["yes", "no", "on", "off", "y", "n", "true", "null", "nan"] {
            assert!(
                !yaml
                    .lines()
                    .any(|line| line.trim_end().ends_with(&format!("- {word}"))
                        || line.trim_start().starts_with(&format!("{word}:"))),
                "`{word}` is plain:\n{yaml}"
            );
        }
        assert!(yaml.contains("\nopenapi: '3.1.0'\n"), "{yaml}");
    }

    #[test]
    fn quoted_strings_are_single_quoted_unless_they_need_an_escape() {
        let yaml = yaml(&awkward_catalog()).expect("YAML");
        assert!(yaml.contains("- 'no'\n"), "{yaml}");
        assert!(yaml.contains("summary: 'key: value'\n"), "{yaml}");
        assert!(
            yaml.contains(r#"summary: '''single'' and "double" quotes'"#),
            "{yaml}"
        );
        assert!(!yaml.contains("\\\\"), "a backslash is escaped:\n{yaml}");
        assert!(!single_quoted("a\nb") && !single_quoted("tab\there"));
        assert!(single_quoted("a: b") && !single_quoted("plain text"));
    }
}
