//! Stage 1, read: the raw parts, what [`super::read`] found in a catalog, every value with its
//! place.
//!
//! Each field is `None` when the catalog lacks it or it could not be read (either is reported
//! already); the rules in [`crate::check`] run on whatever is here, so one run reports shape and
//! rule problems together. Field names are the catalog's. The editor schema
//! (`generated/catalog.schema.json`) is derived from these structs, so it names the same fields.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::diagnostic::Location;
use crate::limits::{MAX_CODE_LEN, MAX_RETRY_AFTER_SECONDS, MAX_TEXT_CHARS};

/// A value with the place it starts at in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct At<T> {
    /// The value as read.
    pub value: T,
    /// Where it starts (for a mapping, where its first key starts).
    pub at: Location,
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// The schema's defaults are values, without places.
impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A piece of catalog text with its place.
pub type Text = At<String>;

/// What a code looks like, for editors: lowercase ASCII words joined by single underscores.
/// [`crate::check`] checks the same rule and reports it with a located message.
const CODE_PATTERN: &str = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";
/// A semver version: `MAJOR.MINOR.PATCH`, with optional pre-release and build parts (the
/// pattern semver.org gives).
const VERSION_PATTERN: &str = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$";

/// A one-line text, for editors: no line break and no surrounding whitespace.
const LINE_PATTERN: &str = r"^\S(.*\S)?$";

/// A paragraph, for editors: not blank and no surrounding whitespace.
const PROSE_PATTERN: &str = r"^\S([\s\S]*\S)?$";

/// The wording of the published page, for the headings and labels a catalog leaves out.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Defaults {
    /// `page.reference.heading`.
    pub reference_heading: &'static str,
    /// `page.reference.columns.code`.
    pub code_column: &'static str,
    /// `page.reference.columns.status`.
    pub status_column: &'static str,
    /// `page.reference.columns.cause`.
    pub cause_column: &'static str,
    /// `page.reference.columns.remedy`.
    pub remedy_column: &'static str,
    /// `page.patterns.heading`.
    pub patterns_heading: &'static str,
    /// `page.patterns.codes_label`.
    pub codes_label: &'static str,
    /// `page.related.heading`.
    pub related_heading: &'static str,
    /// `page.operations.heading`.
    pub operations_heading: &'static str,
    /// `page.operations.operation_column`.
    pub operation_column: &'static str,
    /// `page.operations.codes_column`.
    pub operation_codes_column: &'static str,
    /// `page.operations.common_label`.
    pub operations_common_label: &'static str,
    /// `page.messages.heading`.
    pub messages_heading: &'static str,
    /// `page.messages.example_label`.
    pub example_label: &'static str,
    /// `page.messages.values_label`.
    pub values_label: &'static str,
}

impl Defaults {
    /// The published page's wording.
    pub const PUBLISHED: Defaults = Defaults {
        reference_heading: "Error reference",
        code_column: "Code",
        status_column: "HTTP",
        cause_column: "What happened",
        remedy_column: "What to do",
        patterns_heading: "Common patterns",
        codes_label: "Codes:",
        related_heading: "Related",
        operations_heading: "Errors by operation",
        operation_column: "Operation",
        operation_codes_column: "Codes",
        operations_common_label: "Every operation",
        messages_heading: "Messages",
        example_label: "Example:",
        values_label: "One of:",
    };
}

/// A whole catalog: the crate's metadata, the page's prose and the codes, in catalog order.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Catalog {
    /// Metadata written into the generated crate's `Cargo.toml`.
    #[serde(rename = "crate")]
    #[schemars(with = "Package")]
    pub package: Option<Package>,
    /// Every sentence of the reference page that is not about one code.
    #[schemars(with = "Page")]
    pub page: Option<Page>,
    /// What every error body holds, beyond the code.
    #[serde(default)]
    #[schemars(with = "Body")]
    pub body: Option<Body>,
    /// The API's rate-limit policies: how many requests it accepts per window. Prose names their
    /// numbers as `{name.requests}`, `{name.window}` and `{name.scope}`.
    #[serde(default)]
    #[schemars(with = "Vec<RateLimit>")]
    pub rate_limits: Option<Vec<RateLimit>>,
    /// The API's operations and the codes each may return.
    #[serde(default)]
    #[schemars(with = "Operations")]
    pub operations: Option<Operations>,
    /// The error codes, in the order the page lists them.
    #[schemars(with = "Vec<CodeEntry>")]
    pub codes: Option<Vec<CodeEntry>>,
}

/// What an operation's `operation_id` looks like: camelCase, as OpenAPI specs write it.
const OPERATION_ID_PATTERN: &str = "^[a-zA-Z][a-zA-Z0-9]*$";

/// The HTTP methods an OpenAPI path item has operations for.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The API's operations and the codes each may return.
#[derive(Debug, Clone, Default, JsonSchema)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Codes every operation may return, such as `unauthorized` and `rate_limited`.
    #[serde(default)]
    #[schemars(with = "Vec<String>", inner(regex(pattern = CODE_PATTERN)))]
    pub common: Option<Vec<Text>>,
    /// The operations, in the order the page lists them.
    #[schemars(with = "Vec<Operation>")]
    pub items: Option<Vec<Operation>>,
}

/// One operation of the API.
#[derive(Debug, Clone, Default, JsonSchema)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Its `operationId` in the API's spec, camelCase: `getSession`. It names the operation's
    /// error enum (`GetSessionError`) and its OpenAPI responses (`GetSessionNotFound`).
    #[schemars(with = "String", regex(pattern = OPERATION_ID_PATTERN), length(max = MAX_CODE_LEN))]
    pub operation_id: Option<Text>,
    /// Its HTTP method: `GET`, `PUT`, `POST`, `DELETE`, `OPTIONS`, `HEAD`, `PATCH` or `TRACE`,
    /// in upper or lower case.
    #[schemars(
        with = "String",
        regex(
            pattern = "^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE|get|put|post|delete|options|head|patch|trace)$"
        )
    )]
    pub method: Option<Text>,
    /// Its path in the API's spec, such as `/sessions/{id}`.
    #[schemars(with = "String", regex(pattern = r"^/\S*$"), length(max = MAX_TEXT_CHARS))]
    pub path: Option<Text>,
    /// The codes it may return besides `common`; each a code of `codes` that is not retired.
    #[serde(default)]
    #[schemars(with = "Vec<String>", inner(regex(pattern = CODE_PATTERN)))]
    pub codes: Option<Vec<Text>>,
}

/// The default of `body.message_max_length`: as long as any catalog text may be, so every
/// code's cause, the default message, fits.
pub const DEFAULT_MESSAGE_MAX_LENGTH: u32 = MAX_TEXT_CHARS as u32;

/// Most characters `body.message_max_length` may allow.
pub const MAX_MESSAGE_MAX_LENGTH: u32 = 1_000_000;

/// What every error body holds, beyond the code.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Body {
    /// Most characters (Unicode scalar values, as JSON Schema's `maxLength` counts) of the
    /// `error` message. The generated crate cuts a longer message to fit.
    #[serde(default)]
    #[schemars(with = "u32", extend("default" = DEFAULT_MESSAGE_MAX_LENGTH), range(min = 1, max = MAX_MESSAGE_MAX_LENGTH))]
    pub message_max_length: Option<At<i128>>,
    /// Whether a body carries `details`: an object with the values of its message's `params`,
    /// by name, for clients to read without parsing the message. Off by default, so that the
    /// envelope stays exactly `{"error", "code"}`.
    #[serde(default)]
    #[schemars(with = "bool", extend("default" = false))]
    pub details: Option<At<bool>>,
}

/// Most requests a rate-limit policy may state.
pub const MAX_RATE_LIMIT_NUMBER: u32 = 1_000_000_000;

/// One rate-limit policy: `requests` per `window` seconds per `scope`.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RateLimit {
    /// The policy's name, in snake_case: its name in the `RateLimit-Policy` and `RateLimit`
    /// headers, and in placeholders such as `{production.requests}`.
    #[schemars(with = "String", regex(pattern = CODE_PATTERN), length(max = MAX_CODE_LEN))]
    pub name: Option<Text>,
    /// How many requests the policy allows per window.
    #[schemars(with = "u32", range(min = 1, max = MAX_RATE_LIMIT_NUMBER))]
    pub requests: Option<At<i128>>,
    /// The window, in seconds: at most 366 days, the longest wait a response may ask for.
    #[schemars(with = "u32", range(min = 1, max = MAX_RETRY_AFTER_SECONDS))]
    pub window: Option<At<i128>>,
    /// What requests are counted per, as the page says it after "per": `API key`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub scope: Option<Text>,
}

/// The generated crate's package metadata.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Package {
    /// Package name, such as `api-errors`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub name: Option<Text>,
    /// The catalog's version: the generated crate's and the OpenAPI document's version, and
    /// what codes' `since` refers to.
    #[schemars(with = "String", regex(pattern = VERSION_PATTERN))]
    pub version: Option<Text>,
    /// One-line description for crates.io.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub description: Option<Text>,
    /// SPDX license expression.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub license: Option<Text>,
    /// Source repository URL.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub repository: Option<Text>,
}

/// The reference page's prose.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Page {
    /// The page title (`# Errors`).
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Option<Text>,
    /// The line under the title.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub lead: Option<Text>,
    /// Where the page is published; code anchors are appended to it (`…/errors#rate_limited`).
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub url: Option<Text>,
    /// The JSON envelope every error response carries.
    #[schemars(with = "Envelope")]
    pub envelope: Option<Envelope>,
    /// The heading and column names of the error table.
    #[serde(default)]
    #[schemars(with = "Reference")]
    pub reference: Option<Reference>,
    /// Common situations and the codes they produce.
    #[serde(default)]
    #[schemars(with = "Patterns")]
    pub patterns: Option<Patterns>,
    /// Further sections of prose after the patterns (rate limiting details, …).
    #[serde(default)]
    #[schemars(with = "Vec<Section>")]
    pub sections: Option<Vec<Section>>,
    /// Links to related pages, last on the page.
    #[serde(default)]
    #[schemars(with = "Related")]
    pub related: Option<Related>,
    /// The heading and column names of the table of operations, shown when the catalog has
    /// `operations`.
    #[serde(default)]
    #[schemars(with = "OperationsTable")]
    pub operations: Option<OperationsTable>,
    /// How deprecated and retired codes are shown; required once any code is either.
    #[serde(default)]
    #[schemars(with = "Lifecycle")]
    pub lifecycle: Option<Lifecycle>,
    /// The section that shows the codes' message templates and their parameters, after the
    /// error table, when a code has a `message`.
    #[serde(default)]
    #[schemars(with = "MessagesSection")]
    pub messages: Option<MessagesSection>,
}

/// The wording of the section of message templates.
#[derive(Debug, Clone, Default, JsonSchema)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct MessagesSection {
    /// Heading of the section.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.messages_heading), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// A paragraph under the heading.
    #[serde(default)]
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub intro: Option<Text>,
    /// Label before a parameter's example value.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.example_label), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub example_label: Option<Text>,
    /// Label before the values a `one_of` parameter may take.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.values_label), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub values_label: Option<Text>,
}

/// The envelope paragraph and its example.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Envelope {
    /// Text before the example.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub intro: Option<Text>,
    /// The example body.
    #[schemars(with = "EnvelopeExample")]
    pub example: Option<EnvelopeExample>,
    /// Text after the example.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub outro: Option<Text>,
}

/// The example body shown on the page.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EnvelopeExample {
    /// Value of the `error` field.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub error: Option<Text>,
    /// Value of the `code` field.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub code: Option<Text>,
}

/// The heading and column names of the error table.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Reference {
    /// Heading above the table.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.reference_heading), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// Column headers.
    #[serde(default)]
    #[schemars(with = "Columns")]
    pub columns: Option<Columns>,
}

/// Column headers of the error table.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Columns {
    /// Header of the code column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.code_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub code: Option<Text>,
    /// Header of the HTTP status column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.status_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub status: Option<Text>,
    /// Header of the cause column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.cause_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub cause: Option<Text>,
    /// Header of the remedy column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.remedy_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub remedy: Option<Text>,
}

/// The common patterns section.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Patterns {
    /// Section heading.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.patterns_heading), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// Label before the links to a pattern's codes.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.codes_label), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub codes_label: Option<Text>,
    /// The patterns, in page order.
    #[serde(default)]
    #[schemars(with = "Vec<Pattern>")]
    pub items: Option<Vec<Pattern>>,
}

/// One common situation.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Pattern {
    /// Short title, such as `401 on every call`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Option<Text>,
    /// The codes it is about; each must exist in `codes`.
    #[schemars(with = "Vec<String>", inner(regex(pattern = CODE_PATTERN)))]
    pub codes: Option<Vec<Text>>,
    /// What is going on and what to do.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub text: Option<Text>,
}

/// A section of prose paragraphs.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Section {
    /// Section heading.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// Paragraphs, in order.
    #[schemars(with = "Vec<String>", inner(regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS)))]
    pub paragraphs: Option<Vec<Text>>,
    /// When set, the section ends with this paragraph and an example rate-limited response,
    /// with the headers a client sees. Required in one section once a code sends `Retry-After`.
    #[serde(default)]
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub exchange: Option<Text>,
}

/// The heading and column names of the table of operations.
#[derive(Debug, Clone, Default, JsonSchema)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct OperationsTable {
    /// Heading above the table.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.operations_heading), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// Header of the operation column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.operation_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub operation_column: Option<Text>,
    /// Header of the codes column.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.operation_codes_column), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub codes_column: Option<Text>,
    /// The first row's label, before the codes every operation may return.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.operations_common_label), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub common_label: Option<Text>,
}

/// Links to related pages.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Related {
    /// Section heading.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = Defaults::PUBLISHED.related_heading), regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Option<Text>,
    /// The links, in order.
    #[serde(default)]
    #[schemars(with = "Vec<Link>")]
    pub links: Option<Vec<Link>>,
}

/// One related page.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Link {
    /// Link text.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Option<Text>,
    /// Link target, relative to the page or absolute.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub href: Option<Text>,
    /// What the reader finds there.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub text: Option<Text>,
}

/// One error code.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CodeEntry {
    /// The `code` string of the envelope, in snake_case.
    #[schemars(with = "String", regex(pattern = CODE_PATTERN), length(max = MAX_CODE_LEN))]
    pub code: Option<Text>,
    /// The HTTP status the API answers with.
    #[schemars(with = "u16", range(min = 400, max = 599))]
    pub status: Option<At<i128>>,
    /// What happened, as the page says it.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub cause: Option<Text>,
    /// What to do about it.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub remedy: Option<Text>,
    /// Whether retrying the same request later can succeed. Defaults to `retry_after`.
    #[serde(default)]
    #[schemars(with = "bool", extend("default" = false))]
    pub retryable: Option<At<bool>>,
    /// The rate-limit policy this code enforces, by name. Every 429 code names one once the
    /// catalog has policies; its cause and remedy may use the policy's placeholders.
    #[serde(default)]
    #[schemars(with = "String", regex(pattern = CODE_PATTERN))]
    pub rate_limit: Option<Text>,
    /// Whether the response carries `Retry-After`: how many seconds to wait. Needs
    /// `rate_limit`, whose window is the wait when the server gives none. Defaults to `true`
    /// for a 429 code with `rate_limit`, which cannot turn it off.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub retry_after: Option<At<bool>>,
    /// The message a body of this code carries, when it is not the cause: a template whose
    /// `{name}` placeholders are the values of `params` (`{{` and `}}` are literal braces), such
    /// as ``DELETE mode `{mode}` isn't reset or delete``. It may name rate-limit values too.
    #[serde(default)]
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub message: Option<Text>,
    /// The values the message's placeholders stand for, by name (snake_case), in the order the
    /// constructor `ErrorBody::<code>(…)` takes them.
    #[serde(default)]
    #[schemars(
        with = "std::collections::BTreeMap<String, Param>",
        extend("propertyNames" = { "pattern": CODE_PATTERN })
    )]
    pub params: Option<Vec<Param>>,
    /// The catalog version (`crate.version`) that introduced the code.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = VERSION_PATTERN))]
    pub since: Option<Text>,
    /// Set when clients should stop relying on the code.
    #[serde(default)]
    #[schemars(with = "Deprecation")]
    pub deprecated: Option<Deprecation>,
    /// The server no longer sends the code. It stays in the catalog for good, so clients still
    /// read it and old links to its anchor still land, and its string is never reused.
    #[serde(default)]
    #[schemars(with = "bool", extend("default" = false))]
    pub retired: Option<At<bool>>,
}

/// The types a parameter may have.
pub const PARAM_TYPES: [&str; 3] = ["text", "integer", "one_of"];

/// One parameter of a code's message.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Param {
    /// Its name: the key it is declared under.
    #[serde(skip)]
    pub name: Option<Text>,
    /// `text` (any string), `integer` (a whole number) or `one_of` (one of `values`).
    #[serde(rename = "type")]
    #[schemars(with = "String", regex(pattern = "^(text|integer|one_of)$"))]
    pub kind: Option<Text>,
    /// The values a `one_of` parameter may take, each snake_case.
    #[serde(default)]
    #[schemars(with = "Vec<String>", inner(regex(pattern = CODE_PATTERN)))]
    pub values: Option<Vec<Text>>,
    /// What the value is, for the page and the crate's documentation.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub description: Option<Text>,
    /// A value it may take, of its type: the page's and the spec's examples fill the message
    /// with it.
    #[schemars(with = "ExampleValue")]
    pub example: Option<Text>,
}

/// What an example may be written as, for editors: a string, or a whole number for an
/// `integer` parameter. It is read as written.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(inline)]
#[allow(dead_code)]
enum ExampleValue {
    Text(#[schemars(length(max = MAX_TEXT_CHARS))] String),
    Integer(i64),
}

impl Catalog {
    /// `text` with its placeholders filled in from the rate-limit policies; `None` when one
    /// names no policy or value that read ([`crate::check`] reports it).
    pub fn render(&self, text: &str) -> Option<String> {
        let policies = self.rate_limits.as_deref().unwrap_or_default();
        crate::placeholder::render(text, |name, field| {
            let policy = policies
                .iter()
                .find(|policy| policy.name.as_ref().map(|n| n.as_str()) == Some(name))?;
            match field {
                "requests" => policy.requests.as_ref().map(|n| n.value.to_string()),
                "window" => policy.window.as_ref().map(|n| n.value.to_string()),
                "scope" => policy.scope.as_ref().map(|scope| scope.value.clone()),
                _ => None,
            }
        })
    }
}

impl CodeEntry {
    /// Whether the code's response carries `Retry-After`, its default applied: a 429 code that
    /// names a rate-limit policy does.
    pub fn sends_retry_after(&self) -> bool {
        match &self.retry_after {
            Some(flag) => flag.value,
            None => {
                self.status
                    .as_ref()
                    .is_some_and(|status| status.value == 429)
                    && self.rate_limit.is_some()
            }
        }
    }

    /// Whether retrying can succeed, its default applied: a code that sends `Retry-After` is
    /// retryable unless it says otherwise (which [`crate::check`] rejects).
    pub fn is_retryable(&self) -> bool {
        self.retryable
            .as_ref()
            .map_or_else(|| self.sends_retry_after(), |flag| flag.value)
    }
}

impl RateLimit {
    /// What placeholders may take from a policy: `{name.requests}`, `{name.window}` (seconds)
    /// and `{name.scope}`.
    pub const FIELDS: [&'static str; 3] = ["requests", "window", "scope"];
}

/// Why a code is deprecated, and what replaces it.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Deprecation {
    /// Why, in one line; shown in the code's row and in the Rust deprecation note.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub message: Option<Text>,
    /// The code to use instead, if there is one.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = CODE_PATTERN))]
    pub replaced_by: Option<Text>,
}

/// How the page presents deprecated and retired codes. Required once any code is either.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Lifecycle {
    /// Label before a deprecated code's message in its row, such as `Deprecated:`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub deprecated_label: Option<Text>,
    /// Words before the replacing code, such as `Use instead:`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub replaced_by_label: Option<Text>,
    /// Heading of the table of retired codes, such as `Retired codes`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub retired_heading: Option<Text>,
    /// Paragraph under that heading.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub retired_intro: Option<Text>,
}
