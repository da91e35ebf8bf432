//! Stage 4, emit: the reference page, `docs/errors.md`, rendered from the model by a minijinja
//! template.
//!
//! The template holds structure only; every sentence comes from the catalog. Each code's row
//! starts with an anchor whose id is the code, so `errors.md#rate_limited` is a stable link.
//! What only the page needs is prepared here, in the template's context: the envelope example
//! as JSON, the table cells made safe, and a deprecated code's note in front of its remedy.

use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use super::{code_span, header, sentence, EmitError};
use crate::model::{
    Catalog, Code, LifecycleLabels, MessagePiece, ParamKind, Patterns, Related, Section,
};
use crate::naming::reason_phrase;

const TEMPLATE: &str = include_str!("../../templates/errors.md.j2");

/// Everything the template reads.
#[derive(Serialize)]
struct Context<'a> {
    header: String,
    title: &'a str,
    lead: &'a str,
    envelope: Envelope<'a>,
    reference: Table<'a>,
    /// The table of retired codes, listed apart so their anchors keep working; `None` when no
    /// code is retired.
    retired: Option<Retired<'a>>,
    /// The table of operations and their codes; `None` when the catalog has no operations.
    operations: Option<OperationsTable<'a>>,
    /// The codes' message templates; `None` when no code the API sends has one.
    messages: Option<Messages<'a>>,
    /// The model's own: the page shows them as they are.
    patterns: &'a Patterns,
    sections: &'a [Section],
    /// The example rate-limited response that ends the section with an `exchange`, as HTTP.
    exchange: Option<String>,
    related: &'a Related,
}

#[derive(Serialize)]
struct Envelope<'a> {
    intro: &'a str,
    /// The example body, pretty-printed.
    json: String,
    outro: &'a str,
}

/// The example body shown on the page.
#[derive(Serialize)]
struct EnvelopeExample<'a> {
    error: &'a str,
    code: &'a str,
}

/// The error table: its heading, column labels and the rows of the codes the API sends.
#[derive(Serialize)]
struct Table<'a> {
    heading: &'a str,
    columns: Columns,
    rows: Vec<Row<'a>>,
}

/// Column labels, made safe for a table cell.
#[derive(Serialize)]
struct Columns {
    code: String,
    status: String,
    cause: String,
    remedy: String,
}

/// One code's row; its texts made safe for a table cell.
#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    status: u16,
    cause: String,
    remedy: String,
}

/// The table of operations: its heading, column labels and a row per operation.
#[derive(Serialize)]
struct OperationsTable<'a> {
    heading: &'a str,
    operation: String,
    codes: String,
    /// The first row: its label and the codes every operation may return; none without such
    /// codes.
    common: Option<(String, Vec<&'a str>)>,
    rows: Vec<OperationRow<'a>>,
}

/// An operation's row: its route, made safe for a table cell, its id and the codes it may
/// return besides the common ones.
#[derive(Serialize)]
struct OperationRow<'a> {
    route: String,
    id: &'a str,
    codes: Vec<&'a str>,
}

/// The section of message templates: each code with a message, and its parameters.
#[derive(Serialize)]
struct Messages<'a> {
    heading: &'a str,
    intro: Option<&'a str>,
    items: Vec<MessageItem<'a>>,
}

/// A code's message template, its fixed text as written (markdown escaped) and each parameter
/// as a code span `{name}`, and one line of markdown per parameter: its name, description,
/// values and example.
#[derive(Serialize)]
struct MessageItem<'a> {
    code: &'a str,
    template: String,
    params: Vec<String>,
}

/// The table of retired codes, under its own heading; it has the error table's columns.
#[derive(Serialize)]
struct Retired<'a> {
    heading: &'a str,
    intro: &'a str,
    rows: Vec<Row<'a>>,
}

/// Renders the page.
pub fn page(catalog: &Catalog) -> Result<String, EmitError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()?,
    );
    env.add_template("errors.md", TEMPLATE)?;
    let rendered = env
        .get_template("errors.md")?
        .render(minijinja::value::Serde(&context(catalog)?))?;
    Ok(rendered)
}

/// The page's first line: an HTML comment, which doc sites do not display.
pub fn header_comment() -> String {
    format!("<!-- {} -->", header("").trim())
}

fn context(catalog: &Catalog) -> Result<Context<'_>, EmitError> {
    let page = &catalog.page;
    let labels = page.lifecycle.as_ref();
    let rows = |retired: bool| {
        catalog
            .codes
            .iter()
            .filter(|code| code.is_retired() == retired)
            .map(|code| Row {
                code: &code.code,
                status: code.status,
                cause: table_cell(&code.cause),
                remedy: table_cell(&remedy_text(code, labels)),
            })
            .collect::<Vec<Row>>()
    };
    let retired_rows = rows(true);
    let retired = match (retired_rows.is_empty(), labels) {
        (true, _) => None,
        (false, Some(labels)) => Some(Retired {
            heading: &labels.retired_heading,
            intro: &labels.retired_intro,
            rows: retired_rows,
        }),
        // The model has the labels whenever a code is retired.
        (false, None) => {
            return Err(minijinja::Error::new(
                ErrorKind::UndefinedError,
                "retired codes but no `page.lifecycle` labels",
            )
            .into())
        }
    };
    let envelope = &page.envelope;
    let example = EnvelopeExample {
        error: &envelope.example_error,
        code: &envelope.example_code,
    };
    let reference = &page.reference;
    Ok(Context {
        header: header_comment(),
        title: &page.title,
        lead: &page.lead,
        envelope: Envelope {
            intro: &envelope.intro,
            json: serde_json::to_string_pretty(&example)
                .map_err(|error| EmitError::Serialize(error.to_string()))?,
            outro: &envelope.outro,
        },
        reference: Table {
            heading: &reference.heading,
            columns: Columns {
                code: table_cell(&reference.code),
                status: table_cell(&reference.status),
                cause: table_cell(&reference.cause),
                remedy: table_cell(&reference.remedy),
            },
            rows: rows(false),
        },
        retired,
        messages: messages(catalog),
        operations: (!catalog.operations.is_empty()).then(|| OperationsTable {
            heading: &page.operations.heading,
            operation: table_cell(&page.operations.operation),
            codes: table_cell(&page.operations.codes),
            common: (!catalog.common_operation_codes.is_empty()).then(|| {
                let codes = catalog
                    .common_operation_codes
                    .iter()
                    .map(|&index| catalog.codes[index].code.as_str())
                    .collect();
                (table_cell(&page.operations.common), codes)
            }),
            rows: catalog
                .operations
                .iter()
                .map(|operation| OperationRow {
                    route: table_cell(&operation.route()),
                    id: &operation.id,
                    codes: operation
                        .codes
                        .iter()
                        .filter(|index| !catalog.common_operation_codes.contains(index))
                        .map(|&index| catalog.codes[index].code.as_str())
                        .collect(),
                })
                .collect(),
        }),
        patterns: &page.patterns,
        sections: &page.sections,
        exchange: exchange(catalog)?,
        related: &page.related,
    })
}

/// The response a client sees when it goes over a rate limit: status line, the headers the
/// generated crate sends, and the body, for the first code that sends `Retry-After`, waiting
/// its policy's whole window.
fn exchange(catalog: &Catalog) -> Result<Option<String>, EmitError> {
    let Some((code, policy)) = catalog.retry_after_example() else {
        return Ok(None);
    };
    let body = serde_json::to_string_pretty(&EnvelopeExample {
        error: &code.example_message(),
        code: &code.code,
    })
    .map_err(|error| EmitError::Serialize(error.to_string()))?;
    let status = match reason_phrase(code.status) {
        Some(reason) => format!("{} {reason}", code.status),
        None => code.status.to_string(),
    };
    let wait = u64::from(policy.window);
    Ok(Some(format!(
        "HTTP/1.1 {status}\nContent-Type: application/json\nRateLimit-Policy: {}\n\
         RateLimit: {}\nRetry-After: {wait}\n\n{body}",
        catalog.rate_limit_policy_field(),
        policy.exhausted_item(wait),
    )))
}

/// The section of message templates, for the codes the API sends that have a message.
fn messages(catalog: &Catalog) -> Option<Messages<'_>> {
    let section = &catalog.page.messages;
    let items: Vec<MessageItem> = catalog
        .codes
        .iter()
        .filter(|code| !code.is_retired())
        .filter_map(|code| {
            let message = code.message.as_ref()?;
            let params = message
                .params
                .iter()
                .map(|param| {
                    let mut line = format!(
                        "{}: {}",
                        code_span(&format!("{{{}}}", param.name)),
                        sentence(&param.description)
                    );
                    if let ParamKind::OneOf(values) = &param.kind {
                        let values: Vec<String> =
                            values.iter().map(|value| code_span(value)).collect();
                        line.push_str(&format!(" {} {}.", section.values_label, values.join(", ")));
                    }
                    line.push_str(&format!(
                        " {} {}",
                        section.example_label,
                        code_span(&param.example.to_string())
                    ));
                    line
                })
                .collect();
            let template = message
                .pieces
                .iter()
                .map(|piece| match piece {
                    MessagePiece::Text(text) => escaped(text),
                    MessagePiece::Param(index) => {
                        code_span(&format!("{{{}}}", message.params[*index].name))
                    }
                })
                .collect();
            Some(MessageItem {
                code: &code.code,
                template,
                params,
            })
        })
        .collect();
    (!items.is_empty()).then(|| Messages {
        heading: &section.heading,
        intro: section.intro.as_deref(),
        items,
    })
}

/// Plain `text`, inline in a list item, as markdown that shows it as it is: each character
/// that could start inline markup (a code span, emphasis, a link, HTML, an entity, a
/// strikethrough) backslash-escaped.
fn escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>!~&|".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Inline markdown made safe for a table cell: a `|` would end the cell, even in a code span.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A code's "what to do" text, preceded by its deprecation and replacement when it has them.
fn remedy_text(code: &Code, labels: Option<&LifecycleLabels>) -> String {
    let (Some(deprecation), Some(labels)) = (code.deprecation(), labels) else {
        return code.remedy.clone();
    };
    let mut text = format!("**{}** {}", labels.deprecated_label, deprecation.message);
    if let Some(replacement) = &deprecation.replaced_by {
        let replacement = &replacement.code;
        text.push_str(&format!(
            " {} [`{replacement}`](#{replacement}).",
            labels.replaced_by_label
        ));
    }
    format!("{text} {}", code.remedy)
}
