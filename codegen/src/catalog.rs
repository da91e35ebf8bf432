//! The catalog model, and reading it from YAML with the place of every value kept.
//!
//! The structs here are what `catalog.yaml` deserializes into; field names are the catalog's
//! field names. Values that a validation message may need to point at are [`Text`] or
//! [`Spanned`], which carry their position in the source. [`parse`] only reads the shape;
//! [`crate::validate`] checks the rules and is the only way to get a
//! [`Catalog`](crate::Catalog) that emitters accept.

use marked_yaml::{LoaderOptions, Spanned};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Problem, SourceFile};
use crate::nesting::Verdict;
use crate::validate::{MAX_CODE_LEN, MAX_TEXT_CHARS};

/// A piece of catalog text with its place in the source.
pub type Text = Spanned<String>;

/// Largest catalog accepted, in bytes. Ten thousand codes with realistic text take about 3 MB.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting of YAML collections accepted. The catalog itself needs five levels.
pub const MAX_NESTING: usize = 32;

/// What a code looks like, for editors: lowercase ASCII words joined by single underscores.
/// [`crate::validate`] checks the same rule and reports it with a located message.
const CODE_PATTERN: &str = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";
/// `MAJOR.MINOR.PATCH`, with optional pre-release and build parts.
const VERSION_PATTERN: &str = r"^\d+\.\d+\.\d+([-+].*)?$";

/// A one-line text, for editors: no line break and no surrounding whitespace.
const LINE_PATTERN: &str = r"^\S(.*\S)?$";

/// A paragraph, for editors: not blank and no surrounding whitespace.
const PROSE_PATTERN: &str = r"^\S([\s\S]*\S)?$";

/// A whole catalog: the crate's metadata, the page's prose and the codes, in catalog order.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    /// Metadata written into the generated crate's `Cargo.toml`.
    #[serde(rename = "crate")]
    pub package: Package,
    /// Every sentence of the reference page that is not about one code.
    pub page: Page,
    /// The error codes, in the order the page lists them.
    pub codes: Vec<CodeEntry>,
}

/// The generated crate's package metadata.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Package name, such as `api-errors`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub name: Text,
    /// The catalog's version: the generated crate's and the OpenAPI document's version, and
    /// what codes' `since` refers to.
    #[schemars(with = "String", regex(pattern = VERSION_PATTERN))]
    pub version: Text,
    /// One-line description for crates.io.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub description: Text,
    /// SPDX license expression.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub license: Text,
    /// Source repository URL.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub repository: Text,
}

/// The reference page's prose.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page title (`# Errors`).
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Text,
    /// The line under the title.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub lead: Text,
    /// Where the page is published; code anchors are appended to it (`…/errors#rate_limited`).
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub url: Text,
    /// The JSON envelope every error response carries.
    pub envelope: Envelope,
    /// The heading and column names of the error table.
    pub reference: Reference,
    /// Common situations and the codes they produce.
    pub patterns: Patterns,
    /// Further sections of prose after the patterns (rate limiting details, …).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Links to related pages, last on the page.
    pub related: Related,
    /// How deprecated and retired codes are shown; required once any code is either.
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
}

/// The envelope paragraph and its example.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Text before the example.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub intro: Text,
    /// The example body.
    pub example: EnvelopeExample,
    /// Text after the example.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub outro: Text,
}

/// The example body shown on the page.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeExample {
    /// Value of the `error` field.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub error: Text,
    /// Value of the `code` field.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub code: Text,
}

/// The heading and column names of the error table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Heading above the table.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Text,
    /// Column headers.
    pub columns: Columns,
}

/// Column headers of the error table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// Header of the code column.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub code: Text,
    /// Header of the HTTP status column.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub status: Text,
    /// Header of the cause column.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub cause: Text,
    /// Header of the remedy column.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub remedy: Text,
}

/// The common patterns section.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// Section heading.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Text,
    /// Label before the links to a pattern's codes.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub codes_label: Text,
    /// The patterns, in page order.
    pub items: Vec<Pattern>,
}

/// One common situation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Short title, such as `401 on every call`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Text,
    /// The codes it is about; each must exist in `codes`.
    #[schemars(with = "Vec<String>", inner(regex(pattern = CODE_PATTERN)))]
    pub codes: Vec<Text>,
    /// What is going on and what to do.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub text: Text,
}

/// A section of prose paragraphs.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section heading.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Text,
    /// Paragraphs, in order.
    #[schemars(with = "Vec<String>", inner(regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS)))]
    pub paragraphs: Vec<Text>,
}

/// Links to related pages.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// Section heading.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub heading: Text,
    /// The links, in order.
    pub links: Vec<Link>,
}

/// One related page.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Link text.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub title: Text,
    /// Link target, relative to the page or absolute.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub href: Text,
    /// What the reader finds there.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub text: Text,
}

/// One error code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    /// The `code` string of the envelope, in snake_case.
    #[schemars(with = "String", regex(pattern = CODE_PATTERN), length(max = MAX_CODE_LEN))]
    pub code: Text,
    /// The HTTP status the API answers with.
    #[schemars(with = "u16", range(min = 400, max = 599))]
    pub status: Spanned<u16>,
    /// What happened, as the page says it.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub cause: Text,
    /// What to do about it.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub remedy: Text,
    /// Whether retrying the same request later can succeed.
    #[serde(default)]
    pub retryable: bool,
    /// The catalog version (`crate.version`) that introduced the code.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = VERSION_PATTERN))]
    pub since: Option<Text>,
    /// Set when clients should stop relying on the code.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// The server no longer sends the code. It stays in the catalog for good, so clients still
    /// read it and old links to its anchor still land, and its string is never reused.
    #[serde(default)]
    pub retired: bool,
}

/// Why a code is deprecated, and what replaces it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// Why, in one line; shown in the code's row and in the Rust deprecation note.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub message: Text,
    /// The code to use instead, if there is one.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = CODE_PATTERN))]
    pub replaced_by: Option<Text>,
}

/// How the page presents deprecated and retired codes. Required once any code is either.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// Label before a deprecated code's message in its row, such as `Deprecated:`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub deprecated_label: Text,
    /// Words before the replacing code, such as `Use instead:`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub replaced_by_label: Text,
    /// Heading of the table of retired codes, such as `Retired codes`.
    #[schemars(with = "String", regex(pattern = LINE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub retired_heading: Text,
    /// Paragraph under that heading.
    #[schemars(with = "String", regex(pattern = PROSE_PATTERN), length(max = MAX_TEXT_CHARS))]
    pub retired_intro: Text,
}

/// Reads the shape of a catalog: YAML syntax, field names and types. Rules that need the whole
/// catalog (duplicates, references, formats) are [`crate::validate`]'s.
pub fn parse(file: &SourceFile) -> Result<RawCatalog, Vec<Problem>> {
    let text = file.text();
    if text.len() > MAX_SOURCE_BYTES {
        return Err(vec![crate::diagnostic::too_large()]);
    }
    let empty = || {
        vec![Problem::of_whole_file(
            "the catalog is empty; it needs `crate`, `page` and `codes`",
        )]
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    match crate::nesting::check(text, MAX_NESTING) {
        Verdict::Load => {}
        Verdict::Empty => return Err(empty()),
        Verdict::Reject(problems) => return Err(problems),
    }
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    let node = marked_yaml::parse_yaml_with_options(0, text, options)
        .map_err(|error| vec![Problem::from_load_error(&error)])?;
    crate::shape::read(&node)
}

/// The JSON Schema of the catalog, for editors (`generated/catalog.schema.json`), generated from
/// the structs above: field names, types, required fields and the documentation of each come
/// from them, so the schema cannot drift from what [`parse`] accepts.
pub fn json_schema() -> Result<String, serde_json::Error> {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawCatalog>();
    let mut value = serde_json::to_value(&schema)?;
    if let Some(object) = value.as_object_mut() {
        // JSON has no comments: the header that every output starts with goes in `$comment`,
        // first after `$schema`.
        let mut ordered = serde_json::Map::new();
        if let Some(meta) = object.remove("$schema") {
            ordered.insert("$schema".to_owned(), meta);
        }
        ordered.insert(
            "$comment".to_owned(),
            crate::emit::header("").trim().to_owned().into(),
        );
        ordered.insert("title".to_owned(), "Error catalog".into());
        ordered.extend(std::mem::take(object));
        *object = ordered;
    }
    let mut json = serde_json::to_string_pretty(&value)?;
    json.push('\n');
    Ok(json)
}
