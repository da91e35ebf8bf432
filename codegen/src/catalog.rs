//! The catalog model, and reading it from YAML with the place of every value kept.
//!
//! The structs here are what `catalog.yaml` deserializes into; field names are the catalog's
//! field names. Values that a validation message may need to point at are [`Text`] or
//! [`Spanned`], which carry their position in the source. [`parse`] only reads the shape;
//! [`crate::validate`] checks the rules and is the only way to get a [`Catalog`] that emitters
//! accept.

use marked_yaml::{LoaderOptions, Spanned};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Location, Problem, SourceFile};

/// A piece of catalog text with its place in the source.
pub type Text = Spanned<String>;

/// Largest catalog accepted, in bytes. Ten thousand codes with realistic text take about 3 MB.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting of YAML collections accepted. The catalog itself needs five levels.
pub const MAX_NESTING: usize = 32;

/// A whole catalog: the crate's metadata, the page's prose and the codes, in catalog order.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Package name, such as `api-errors`.
    pub name: Text,
    /// Semver version of the crate.
    pub version: Text,
    /// One-line description for crates.io.
    pub description: Text,
    /// SPDX license expression.
    pub license: Text,
    /// Source repository URL.
    pub repository: Text,
}

/// The reference page's prose.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page title (`# Errors`).
    pub title: Text,
    /// The line under the title.
    pub lead: Text,
    /// Where the page is published; code anchors are appended to it (`…/errors#rate_limited`).
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
}

/// The envelope paragraph and its example.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Text before the example.
    pub intro: Text,
    /// The example body.
    pub example: EnvelopeExample,
    /// Text after the example.
    pub outro: Text,
}

/// The example body shown on the page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeExample {
    /// Value of the `error` field.
    pub error: Text,
    /// Value of the `code` field.
    pub code: Text,
}

/// The heading and column names of the error table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Heading above the table.
    pub heading: Text,
    /// Column headers.
    pub columns: Columns,
}

/// Column headers of the error table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// Header of the code column.
    pub code: Text,
    /// Header of the HTTP status column.
    pub status: Text,
    /// Header of the cause column.
    pub cause: Text,
    /// Header of the remedy column.
    pub remedy: Text,
}

/// The common patterns section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// Section heading.
    pub heading: Text,
    /// Label before the links to a pattern's codes.
    pub codes_label: Text,
    /// The patterns, in page order.
    pub items: Vec<Pattern>,
}

/// One common situation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Short title, such as `401 on every call`.
    pub title: Text,
    /// The codes it is about; each must exist in `codes`.
    pub codes: Vec<Text>,
    /// What is going on and what to do.
    pub text: Text,
}

/// A section of prose paragraphs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section heading.
    pub heading: Text,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Text>,
}

/// Links to related pages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// Section heading.
    pub heading: Text,
    /// The links, in order.
    pub links: Vec<Link>,
}

/// One related page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Link text.
    pub title: Text,
    /// Link target, relative to the page or absolute.
    pub href: Text,
    /// What the reader finds there.
    pub text: Text,
}

/// One error code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    /// The `code` string of the envelope, in snake_case.
    pub code: Text,
    /// The HTTP status the API answers with.
    pub status: Spanned<u16>,
    /// What happened, as the page says it.
    pub cause: Text,
    /// What to do about it.
    pub remedy: Text,
    /// Whether retrying the same request later can succeed.
    #[serde(default)]
    pub retryable: bool,
}

/// Reads the shape of a catalog: YAML syntax, field names and types. Rules that need the whole
/// catalog (duplicates, references, formats) are [`crate::validate`]'s.
pub fn parse(file: &SourceFile) -> Result<RawCatalog, Vec<Problem>> {
    let text = file.text();
    if text.len() > MAX_SOURCE_BYTES {
        return Err(vec![Problem::new(
            Location::start(),
            format!(
                "the catalog is {} bytes, more than the limit of {} bytes",
                text.len(),
                MAX_SOURCE_BYTES
            ),
        )]);
    }
    if text.trim().is_empty() {
        return Err(vec![Problem::new(
            Location::start(),
            "the catalog is empty; it needs `crate`, `page` and `codes`",
        )]);
    }
    if let Some(problem) = crate::nesting::check(text, MAX_NESTING) {
        return Err(vec![problem]);
    }
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    let node = marked_yaml::parse_yaml_with_options(0, text, options)
        .map_err(|error| vec![Problem::from_load_error(&error)])?;
    crate::shape::read(&node)
}
