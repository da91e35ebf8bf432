//! The reference page, `docs/errors.md`, rendered from the catalog by a minijinja template.
//!
//! The template holds structure only; every sentence comes from the catalog. Each code's row
//! starts with an anchor whose id is the code, so `errors.md#rate_limited` is a stable link.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::{header, EmitError};
use crate::catalog::{CodeEntry, Lifecycle, Page};
use crate::validate::Catalog;

const TEMPLATE: &str = include_str!("../../templates/errors.md.j2");

#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    status: u16,
    cause: String,
    remedy: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
    header: String,
    page: &'a Page,
    envelope_json: String,
    columns: Columns,
    rows: Vec<Row<'a>>,
    /// Retired codes, listed apart so their anchors keep working.
    retired_rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Columns {
    code: String,
    status: String,
    cause: String,
    remedy: String,
}

#[derive(Serialize)]
struct EnvelopeExample<'a> {
    error: &'a str,
    code: &'a str,
}

/// Renders the page.
pub fn page<'a>(catalog: &'a Catalog) -> Result<String, EmitError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()?,
    );
    env.add_template("errors.md", TEMPLATE)?;

    let page = &catalog.page;
    let example = EnvelopeExample {
        error: &page.envelope.example.error,
        code: &page.envelope.example.code,
    };
    let envelope_json = serde_json::to_string_pretty(&example)
        .map_err(|error| EmitError::Json(error.to_string()))?;
    let row = |entry: &'a CodeEntry| Row {
        code: &entry.code,
        status: *entry.status,
        cause: table_cell(&entry.cause),
        remedy: table_cell(&remedy_text(entry, page.lifecycle.as_ref())),
    };
    let rows: Vec<Row> = catalog
        .codes
        .iter()
        .filter(|e| !e.retired)
        .map(row)
        .collect();
    let retired_rows: Vec<Row> = catalog
        .codes
        .iter()
        .filter(|e| e.retired)
        .map(row)
        .collect();
    let columns = &page.reference.columns;
    let context = PageContext {
        header: header_comment(),
        page,
        envelope_json,
        columns: Columns {
            code: table_cell(&columns.code),
            status: table_cell(&columns.status),
            cause: table_cell(&columns.cause),
            remedy: table_cell(&columns.remedy),
        },
        rows,
        retired_rows,
    };
    let rendered = env
        .get_template("errors.md")?
        .render(minijinja::value::Serde(&context))?;
    Ok(rendered)
}

/// The page's first line: an HTML comment, which doc sites do not display.
pub fn header_comment() -> String {
    format!("<!-- {} -->", header("").trim())
}

/// Inline markdown made safe for a table cell: a `|` would end the cell, even in a code span.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A code's "what to do" text, preceded by its deprecation and replacement when it has them.
fn remedy_text(entry: &CodeEntry, lifecycle: Option<&Lifecycle>) -> String {
    let (Some(deprecated), Some(lifecycle)) = (&entry.deprecated, lifecycle) else {
        return entry.remedy.to_string();
    };
    let mut text = format!(
        "**{}** {}",
        lifecycle.deprecated_label.as_str(),
        deprecated.message.as_str()
    );
    if let Some(replacement) = &deprecated.replaced_by {
        let replacement = replacement.as_str();
        text.push_str(&format!(
            " {} [`{replacement}`](#{replacement}).",
            lifecycle.replaced_by_label.as_str()
        ));
    }
    format!("{text} {}", entry.remedy.as_str())
}
