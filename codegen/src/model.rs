//! Stage 3, the model: a checked catalog as plain owned data, which every emitter and
//! [`crate::evolution`] reads.
//!
//! Nothing here holds a YAML place, and headings a catalog leaves out are filled in with the
//! published wording. [`Catalog::build`] takes parts that [`crate::check`] found sound
//! ([`crate::load`] runs both). What more than one emitter derives from the catalog is derived
//! here, in one place: variant names and documentation links (stored), the statuses in use, the
//! codes of a status and the code the examples use (methods).

use serde::Serialize;

use crate::naming::variant_name;
use crate::read::raw;

pub use crate::limits::MAX_RETRY_AFTER_SECONDS;

/// A checked catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Catalog {
    /// The generated crate's metadata.
    pub package: Package,
    /// The reference page's prose, placeholders filled in.
    pub page: Page,
    /// What every error body holds, beyond the code.
    pub body: Body,
    /// The API's rate-limit policies, in catalog order; may be empty.
    pub rate_limits: Vec<RateLimitPolicy>,
    /// The API's operations, in catalog order; may be empty.
    pub operations: Vec<Operation>,
    /// The codes every operation may return, as indexes into [`Catalog::codes`], in catalog
    /// order; each [`Operation::codes`] holds them too.
    pub common_operation_codes: Vec<usize>,
    /// Every code, in catalog order; never empty.
    pub codes: Vec<Code>,
}

/// An operation of the API and the codes it may return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// Its `operationId`, camelCase: `getSession`.
    pub id: String,
    /// Its name in PascalCase, which its enum and responses start with: `GetSession`.
    pub type_name: String,
    /// Its HTTP method, lowercase as OpenAPI's path items key it: `get`.
    pub method: String,
    /// Its path: `/sessions/{id}`.
    pub path: String,
    /// The codes it may return, the catalog's common ones included, as indexes into
    /// [`Catalog::codes`], in catalog order; none is retired.
    pub codes: Vec<usize>,
}

impl Operation {
    /// Its error enum in the generated crate: `GetSessionError`.
    pub fn enum_name(&self) -> String {
        format!("{}Error", self.type_name)
    }

    /// The name of its OpenAPI response for `status`: `GetSessionNotFound`.
    pub fn response_name(&self, status: u16) -> String {
        format!("{}{}", self.type_name, crate::naming::response_name(status))
    }

    /// `GET /sessions/{id}`.
    pub fn route(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }
}

/// What every error body holds, beyond the code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Body {
    /// Most characters of the `error` message; every code's cause fits, and so does every
    /// message filled in with its examples.
    pub message_max_length: u32,
    /// Whether a body carries `details`, the values of its message's parameters by name.
    pub details: bool,
}

/// A rate-limit policy: `requests` per `window` seconds per `scope`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitPolicy {
    /// Its name in snake_case, unique in the catalog: the name the `RateLimit-Policy` and
    /// `RateLimit` headers give it.
    pub name: String,
    /// Requests allowed per window, at least 1.
    pub requests: u32,
    /// The window in seconds, at least 1.
    pub window: u32,
    /// What requests are counted per, such as `API key`.
    pub scope: String,
}

/// The generated crate's package metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Package {
    /// Package name, such as `api-errors`; also the crate's folder, `generated/<name>/`.
    pub name: String,
    /// The catalog's version, which the crate and the OpenAPI document carry.
    pub version: semver::Version,
    /// One-line description for crates.io.
    pub description: String,
    /// SPDX license expression.
    pub license: String,
    /// Source repository URL.
    pub repository: String,
}

impl Package {
    /// The name as Rust code spells it: `api-errors` → `api_errors`.
    pub fn crate_ident(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// The reference page's prose, every heading and label filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page {
    /// The page title.
    pub title: String,
    /// The line under the title.
    pub lead: String,
    /// Where the page is published; code anchors are appended to it.
    pub url: String,
    /// The envelope paragraph and its example.
    pub envelope: Envelope,
    /// The heading and column labels of the error table.
    pub reference: Reference,
    /// Common situations and the codes they produce; may hold no item.
    pub patterns: Patterns,
    /// Further sections of prose, in page order.
    pub sections: Vec<Section>,
    /// Links to related pages, last on the page; may hold no link.
    pub related: Related,
    /// How deprecated and retired codes are presented: present whenever a code is deprecated
    /// or retired.
    pub lifecycle: Option<LifecycleLabels>,
    /// The heading and column labels of the table of operations.
    pub operations: OperationsTable,
    /// The wording of the section of message templates.
    pub messages: MessagesSection,
}

/// The wording of the section that shows the codes' message templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MessagesSection {
    /// Heading of the section.
    pub heading: String,
    /// A paragraph under the heading, if any.
    pub intro: Option<String>,
    /// Label before a parameter's example value.
    pub example_label: String,
    /// Label before the values a `one_of` parameter may take.
    pub values_label: String,
}

/// The heading and column labels of the table of operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OperationsTable {
    /// Heading above the table.
    pub heading: String,
    /// Label of the operation column.
    pub operation: String,
    /// Label of the codes column.
    pub codes: String,
    /// Label of the row of the codes every operation may return.
    pub common: String,
}

/// The envelope paragraph and its example.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Envelope {
    /// Text before the example.
    pub intro: String,
    /// The example body's `error` field.
    pub example_error: String,
    /// The example body's `code` field.
    pub example_code: String,
    /// Text after the example.
    pub outro: String,
}

/// The heading and column labels of the error table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reference {
    /// Heading above the table.
    pub heading: String,
    /// Label of the code column.
    pub code: String,
    /// Label of the status column.
    pub status: String,
    /// Label of the cause column.
    pub cause: String,
    /// Label of the remedy column.
    pub remedy: String,
}

/// The common patterns section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Patterns {
    /// Section heading.
    pub heading: String,
    /// Label before the links to a pattern's codes.
    pub codes_label: String,
    /// The patterns, in page order.
    pub items: Vec<Pattern>,
}

/// One common situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Pattern {
    /// Short title.
    pub title: String,
    /// The codes it is about; each one is in the catalog.
    pub codes: Vec<String>,
    /// What is going on and what to do.
    pub text: String,
}

/// A section of prose paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Section {
    /// Section heading.
    pub heading: String,
    /// Paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// The paragraph before the example rate-limited response that ends the section, if it
    /// shows one.
    pub exchange: Option<String>,
}

/// Links to related pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Related {
    /// Section heading.
    pub heading: String,
    /// The links, in order.
    pub links: Vec<Link>,
}

/// One related page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Link target.
    pub href: String,
    /// What the reader finds there.
    pub text: String,
}

/// How the page presents deprecated and retired codes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LifecycleLabels {
    /// Label before a deprecated code's message.
    pub deprecated_label: String,
    /// Words before the replacing code.
    pub replaced_by_label: String,
    /// Heading of the table of retired codes.
    pub retired_heading: String,
    /// Paragraph under that heading.
    pub retired_intro: String,
}

/// One error code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Code {
    /// The `code` string of the envelope, in snake_case.
    pub code: String,
    /// The Rust variant name: `rate_limited` → `RateLimited`.
    pub variant: String,
    /// The HTTP status, 400 to 599.
    pub status: u16,
    /// What happened.
    pub cause: String,
    /// What to do about it.
    pub remedy: String,
    /// Whether retrying the same request later can succeed.
    pub retryable: bool,
    /// The rate-limit policy the code enforces, by name: one of [`Catalog::rate_limits`].
    pub rate_limit: Option<String>,
    /// Whether its response carries `Retry-After`; only with a `rate_limit`, whose window is
    /// the wait when the server gives none.
    pub retry_after: bool,
    /// The message a body of the code carries when it is not the cause: a template, and the
    /// parameters it names.
    pub message: Option<Message>,
    /// The catalog version that introduced the code.
    pub since: Option<semver::Version>,
    /// Current, deprecated or retired.
    pub lifecycle: Lifecycle,
    /// The page's anchor for the code: `<page.url>#<code>`.
    pub doc_url: String,
}

/// A code's message: fixed text and the parameters' values, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// The template's pieces, rate-limit values filled in, literal braces unescaped; no two
    /// texts in a row.
    pub pieces: Vec<MessagePiece>,
    /// The parameters, in the order declared: the order the code's constructor takes them.
    /// The template uses each at least once.
    pub params: Vec<Param>,
}

/// A piece of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagePiece {
    /// Fixed text.
    Text(String),
    /// The value of a parameter, as an index into [`Message::params`].
    Param(usize),
}

/// A parameter of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// Its name, snake_case, unique in its message: the `details` key, the constructor's
    /// argument.
    pub name: String,
    /// What values it takes.
    pub kind: ParamKind,
    /// What the value is.
    pub description: String,
    /// A value of its kind, which examples fill the message with.
    pub example: ParamValue,
}

/// What values a parameter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// Any text.
    Text,
    /// A whole number that fits in an `i64`.
    Integer,
    /// One of these snake_case values, in catalog order; never empty.
    OneOf(Vec<String>),
}

/// A value of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// Text, or one of a `one_of` parameter's values.
    Text(String),
    /// A whole number.
    Integer(i64),
}

impl std::fmt::Display for ParamValue {
    /// The value as the message shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Text(text) => f.write_str(text),
            ParamValue::Integer(number) => write!(f, "{number}"),
        }
    }
}

impl ParamKind {
    /// The kind's name in the catalog: `text`, `integer` or `one_of`.
    pub fn name(&self) -> &'static str {
        match self {
            ParamKind::Text => "text",
            ParamKind::Integer => "integer",
            ParamKind::OneOf(_) => "one_of",
        }
    }
}

impl Message {
    /// The message with each parameter's value written by `value`.
    pub fn fill(&self, mut value: impl FnMut(&Param) -> String) -> String {
        let mut filled = String::new();
        for piece in &self.pieces {
            match piece {
                MessagePiece::Text(text) => filled.push_str(text),
                MessagePiece::Param(index) => filled.push_str(&value(&self.params[*index])),
            }
        }
        filled
    }

    /// The message filled in with the parameters' examples.
    pub fn example(&self) -> String {
        self.fill(|param| param.example.to_string())
    }

    /// The template as the catalog writes it, rate-limit values filled in: the fixed text
    /// with its braces doubled, and each parameter as `{name}`.
    pub fn template(&self) -> String {
        let mut template = String::new();
        for piece in &self.pieces {
            match piece {
                MessagePiece::Text(text) => {
                    template.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
                MessagePiece::Param(index) => {
                    template.push('{');
                    template.push_str(&self.params[*index].name);
                    template.push('}');
                }
            }
        }
        template
    }
}

impl Code {
    /// The message of a body built from the code alone: its message when that names no
    /// parameter, else its cause.
    pub fn default_message(&self) -> String {
        match &self.message {
            Some(message) if message.params.is_empty() => message.example(),
            _ => self.cause.clone(),
        }
    }

    /// What a server sends for the code, filled in with the examples: its message filled
    /// in with the parameters' examples, or its cause when it has no message.
    pub fn example_message(&self) -> String {
        self.message
            .as_ref()
            .map_or_else(|| self.cause.clone(), Message::example)
    }

    /// The parameters of its message; empty when it has none.
    pub fn params(&self) -> &[Param] {
        self.message
            .as_ref()
            .map_or(&[], |message| message.params.as_slice())
    }

    /// Whether the code is current: neither deprecated nor retired.
    pub fn is_current(&self) -> bool {
        self.lifecycle == Lifecycle::Current
    }

    /// Whether the API no longer sends the code.
    pub fn is_retired(&self) -> bool {
        self.lifecycle == Lifecycle::Retired
    }

    /// The deprecation, if the code is deprecated.
    pub fn deprecation(&self) -> Option<&Deprecation> {
        match &self.lifecycle {
            Lifecycle::Deprecated(deprecation) => Some(deprecation),
            Lifecycle::Current | Lifecycle::Retired => None,
        }
    }
}

/// Where a code is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifecycle {
    /// The API sends it and clients may rely on it.
    Current,
    /// The API still sends it, but clients should stop relying on it.
    Deprecated(Deprecation),
    /// The API no longer sends it; it stays in the catalog for good and its string is never
    /// reused.
    Retired,
}

/// Why a code is deprecated, and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecation {
    /// Why, in one line.
    pub message: String,
    /// The code to use instead: a current or deprecated code of the catalog.
    pub replaced_by: Option<Replacement>,
}

/// The code that replaces a deprecated one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Replacement {
    /// Its string.
    pub code: String,
    /// Its Rust variant name.
    pub variant: String,
}

impl Catalog {
    /// Builds the model from parts that [`crate::check::check`] reported nothing about; `None`
    /// when a part it needs is missing, which those checks report, so a caller that checked first
    /// never sees it.
    pub fn build(raw: &raw::Catalog) -> Option<Catalog> {
        let package = raw.package.as_ref()?;
        let package = Package {
            name: text(&package.name)?,
            version: semver::Version::parse(&text(&package.version)?).ok()?,
            description: text(&package.description)?,
            license: text(&package.license)?,
            repository: text(&package.repository)?,
        };
        let page = Page::build(raw.page.as_ref()?, raw)?;
        let codes = raw
            .codes
            .as_deref()?
            .iter()
            .map(|entry| Code::build(entry, &page.url, raw))
            .collect::<Option<Vec<_>>>()?;
        if codes.is_empty() {
            return None;
        }
        let message_max_length = match raw
            .body
            .as_ref()
            .and_then(|body| body.message_max_length.as_ref())
        {
            Some(max) => u32::try_from(max.value).ok()?,
            None => raw::DEFAULT_MESSAGE_MAX_LENGTH,
        };
        let rate_limits = raw
            .rate_limits
            .iter()
            .flatten()
            .map(|policy| {
                Some(RateLimitPolicy {
                    name: text(&policy.name)?,
                    requests: u32::try_from(policy.requests.as_ref()?.value).ok()?,
                    window: u32::try_from(policy.window.as_ref()?.value).ok()?,
                    scope: text(&policy.scope)?,
                })
            })
            .collect::<Option<_>>()?;
        let (operations, common_operation_codes) =
            Operation::build_all(raw.operations.as_ref(), &codes)?;
        let details = raw
            .body
            .as_ref()
            .and_then(|body| body.details.as_ref())
            .is_some_and(|details| details.value);
        Some(Catalog {
            package,
            page,
            body: Body {
                message_max_length,
                details,
            },
            rate_limits,
            operations,
            common_operation_codes,
            codes,
        })
    }

    /// The codes `operation` may return, in catalog order.
    pub fn operation_codes<'a>(
        &'a self,
        operation: &'a Operation,
    ) -> impl Iterator<Item = &'a Code> {
        operation.codes.iter().map(|&index| &self.codes[index])
    }

    /// Every status `operation` may answer with, ascending.
    pub fn operation_statuses(&self, operation: &Operation) -> Vec<u16> {
        distinct_ascending(self.operation_codes(operation).map(|code| code.status))
    }

    /// The codes `operation` may return with `status`, in catalog order.
    pub fn operation_codes_of_status<'a>(
        &'a self,
        operation: &'a Operation,
        status: u16,
    ) -> impl Iterator<Item = &'a Code> {
        self.operation_codes(operation)
            .filter(move |code| code.status == status)
    }

    /// The policy named `name`.
    pub fn rate_limit(&self, name: &str) -> Option<&RateLimitPolicy> {
        self.rate_limits.iter().find(|policy| policy.name == name)
    }

    /// The value of the `RateLimit-Policy` header: every policy's
    /// [`RateLimitPolicy::header_item`], in catalog order, joined by `, `; empty without policies.
    pub fn rate_limit_policy_field(&self) -> String {
        self.rate_limits
            .iter()
            .map(RateLimitPolicy::header_item)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The code the page's and the spec's rate-limited examples use, with its policy: the first
    /// code the API still sends that sends `Retry-After`, a current one if there is one.
    pub fn retry_after_example(&self) -> Option<(&Code, &RateLimitPolicy)> {
        let sending = || {
            self.codes
                .iter()
                .filter(|code| code.retry_after && !code.is_retired())
        };
        let code = sending()
            .find(|code| code.is_current())
            .or_else(|| sending().next())?;
        Some((code, self.rate_limit(code.rate_limit.as_deref()?)?))
    }

    /// Every HTTP status that a current or deprecated code answers with, ascending.
    pub fn statuses(&self) -> Vec<u16> {
        distinct_ascending(
            self.codes
                .iter()
                .filter(|code| !code.is_retired())
                .map(|code| code.status),
        )
    }

    /// The codes the API still sends with `status`, in catalog order.
    pub fn codes_of_status(&self, status: u16) -> impl Iterator<Item = &Code> {
        self.codes
            .iter()
            .filter(move |code| code.status == status && !code.is_retired())
    }

    /// The code that examples use: the first current one, so examples compile without
    /// deprecation warnings; the first code when none is current.
    pub fn example_code(&self) -> &Code {
        self.codes
            .iter()
            .find(|code| code.is_current())
            .unwrap_or(&self.codes[0])
    }
}

impl Operation {
    /// The operations, and the codes common to all, as indexes into `codes`.
    fn build_all(
        operations: Option<&raw::Operations>,
        codes: &[Code],
    ) -> Option<(Vec<Operation>, Vec<usize>)> {
        let Some(operations) = operations else {
            return Some((Vec::new(), Vec::new()));
        };
        let index: std::collections::HashMap<&str, usize> = codes
            .iter()
            .enumerate()
            .map(|(at, code)| (code.code.as_str(), at))
            .collect();
        let common = operations.common.as_deref().unwrap_or_default();
        let mut common_indexes = common
            .iter()
            .map(|code| index.get(code.as_str()).copied())
            .collect::<Option<Vec<usize>>>()?;
        common_indexes.sort_unstable();
        let items = operations
            .items
            .iter()
            .flatten()
            .map(|operation| {
                let id = text(&operation.operation_id)?;
                let mut listed = common
                    .iter()
                    .chain(operation.codes.iter().flatten())
                    .map(|code| index.get(code.as_str()).copied())
                    .collect::<Option<Vec<usize>>>()?;
                listed.sort_unstable();
                listed.dedup();
                Some(Operation {
                    type_name: crate::naming::operation_type_name(&id),
                    id,
                    method: text(&operation.method)?.to_ascii_lowercase(),
                    path: text(&operation.path)?,
                    codes: listed,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some((items, common_indexes))
    }
}

impl RateLimitPolicy {
    /// The policy as an item of the `RateLimit-Policy` header (draft-ietf-httpapi-ratelimit-headers-09,
    /// section 3): its name as a string, `q` the quota and `w` the window in seconds, such as
    /// `"production";q=120;w=60`.
    pub fn header_item(&self) -> String {
        format!("\"{}\";q={};w={}", self.name, self.requests, self.window)
    }

    /// The `RateLimit` header of a response that exhausted the policy: no request `r`emaining,
    /// and the quota resets in `t` seconds, such as `"production";r=0;t=60`.
    pub fn exhausted_item(&self, reset_seconds: u64) -> String {
        format!("\"{}\";r=0;t={reset_seconds}", self.name)
    }

    /// Its constant in the generated crate: `production` → `RateLimitPolicy::PRODUCTION`.
    pub fn constant(&self) -> String {
        self.name.to_ascii_uppercase()
    }

    /// The policy in words: `120 requests per 60 seconds per API key`.
    pub fn describe(&self) -> String {
        format!("{} per {}", self.rate(), self.scope)
    }

    /// Its quota and window in words: `120 requests per 60 seconds`.
    pub fn rate(&self) -> String {
        format!(
            "{} per {}",
            plural(self.requests, "request"),
            plural(self.window, "second")
        )
    }
}

/// The statuses, each once, ascending.
fn distinct_ascending(statuses: impl Iterator<Item = u16>) -> Vec<u16> {
    let mut statuses: Vec<u16> = statuses.collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

/// `1 request`, `120 requests`.
fn plural(count: u32, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

impl Page {
    fn build(page: &raw::Page, catalog: &raw::Catalog) -> Option<Page> {
        let rendered = |value: &Option<raw::Text>| catalog.render(value.as_ref()?);
        let envelope = page.envelope.as_ref()?;
        let example = envelope.example.as_ref()?;
        // A part left out reads as an empty one: its headings take the published wording.
        let (reference, patterns, related) = (
            page.reference.as_ref().unwrap_or(&EMPTY_REFERENCE),
            page.patterns.as_ref().unwrap_or(&EMPTY_PATTERNS),
            page.related.as_ref().unwrap_or(&EMPTY_RELATED),
        );
        let columns = reference.columns.as_ref().unwrap_or(&EMPTY_COLUMNS);
        let defaults = raw::Defaults::PUBLISHED;
        let or = |value: &Option<raw::Text>, default: &str| {
            value
                .as_ref()
                .map_or_else(|| default.to_owned(), |text| text.value.clone())
        };
        Some(Page {
            title: text(&page.title)?,
            lead: text(&page.lead)?,
            url: text(&page.url)?,
            envelope: Envelope {
                intro: text(&envelope.intro)?,
                example_error: text(&example.error)?,
                example_code: text(&example.code)?,
                outro: text(&envelope.outro)?,
            },
            reference: Reference {
                heading: or(&reference.heading, defaults.reference_heading),
                code: or(&columns.code, defaults.code_column),
                status: or(&columns.status, defaults.status_column),
                cause: or(&columns.cause, defaults.cause_column),
                remedy: or(&columns.remedy, defaults.remedy_column),
            },
            patterns: Patterns {
                heading: or(&patterns.heading, defaults.patterns_heading),
                codes_label: or(&patterns.codes_label, defaults.codes_label),
                items: patterns
                    .items
                    .iter()
                    .flatten()
                    .map(|pattern| {
                        Some(Pattern {
                            title: text(&pattern.title)?,
                            codes: pattern
                                .codes
                                .as_deref()?
                                .iter()
                                .map(|code| code.value.clone())
                                .collect(),
                            text: rendered(&pattern.text)?,
                        })
                    })
                    .collect::<Option<_>>()?,
            },
            sections: page
                .sections
                .iter()
                .flatten()
                .map(|section| {
                    Some(Section {
                        heading: text(&section.heading)?,
                        paragraphs: section
                            .paragraphs
                            .as_deref()?
                            .iter()
                            .map(|paragraph| catalog.render(paragraph))
                            .collect::<Option<_>>()?,
                        exchange: match &section.exchange {
                            Some(exchange) => Some(catalog.render(exchange)?),
                            None => None,
                        },
                    })
                })
                .collect::<Option<_>>()?,
            related: Related {
                heading: or(&related.heading, defaults.related_heading),
                links: related
                    .links
                    .iter()
                    .flatten()
                    .map(|link| {
                        Some(Link {
                            title: text(&link.title)?,
                            href: text(&link.href)?,
                            text: text(&link.text)?,
                        })
                    })
                    .collect::<Option<_>>()?,
            },
            operations: {
                let table = page.operations.as_ref().unwrap_or(&EMPTY_OPERATIONS);
                OperationsTable {
                    heading: or(&table.heading, defaults.operations_heading),
                    operation: or(&table.operation_column, defaults.operation_column),
                    codes: or(&table.codes_column, defaults.operation_codes_column),
                    common: or(&table.common_label, defaults.operations_common_label),
                }
            },
            messages: {
                let section = page.messages.as_ref().unwrap_or(&EMPTY_MESSAGES);
                MessagesSection {
                    heading: or(&section.heading, defaults.messages_heading),
                    intro: text(&section.intro),
                    example_label: or(&section.example_label, defaults.example_label),
                    values_label: or(&section.values_label, defaults.values_label),
                }
            },
            lifecycle: match &page.lifecycle {
                Some(labels) => Some(LifecycleLabels {
                    deprecated_label: text(&labels.deprecated_label)?,
                    replaced_by_label: text(&labels.replaced_by_label)?,
                    retired_heading: text(&labels.retired_heading)?,
                    retired_intro: text(&labels.retired_intro)?,
                }),
                None => None,
            },
        })
    }
}

impl Code {
    fn build(entry: &raw::CodeEntry, page_url: &str, catalog: &raw::Catalog) -> Option<Code> {
        let code = text(&entry.code)?;
        let lifecycle = match (
            &entry.deprecated,
            entry.retired.as_ref().is_some_and(|r| r.value),
        ) {
            (_, true) => Lifecycle::Retired,
            (Some(deprecated), false) => Lifecycle::Deprecated(Deprecation {
                message: text(&deprecated.message)?,
                replaced_by: deprecated.replaced_by.as_ref().map(|code| Replacement {
                    code: code.value.clone(),
                    variant: variant_name(&code.value),
                }),
            }),
            (None, false) => Lifecycle::Current,
        };
        Some(Code {
            variant: variant_name(&code),
            doc_url: format!("{page_url}#{code}"),
            status: u16::try_from(entry.status.as_ref()?.value).ok()?,
            cause: catalog.render(entry.cause.as_ref()?)?,
            remedy: catalog.render(entry.remedy.as_ref()?)?,
            retryable: entry.is_retryable(),
            rate_limit: text(&entry.rate_limit),
            retry_after: entry.sends_retry_after(),
            message: match &entry.message {
                Some(template) => Some(Message::build(
                    template,
                    entry.params.as_deref().unwrap_or_default(),
                    catalog,
                )?),
                None => None,
            },
            since: match &entry.since {
                Some(since) => Some(semver::Version::parse(&since.value).ok()?),
                None => None,
            },
            lifecycle,
            code,
        })
    }
}

impl Message {
    fn build(template: &str, params: &[raw::Param], catalog: &raw::Catalog) -> Option<Message> {
        let params = params
            .iter()
            .map(|param| {
                let example = text(&param.example)?;
                let (kind, example) = match param.kind.as_ref()?.as_str() {
                    "text" => (ParamKind::Text, ParamValue::Text(example)),
                    "integer" => (
                        ParamKind::Integer,
                        ParamValue::Integer(example.parse().ok()?),
                    ),
                    "one_of" => (
                        ParamKind::OneOf(
                            param
                                .values
                                .as_deref()?
                                .iter()
                                .map(|value| value.value.clone())
                                .collect(),
                        ),
                        ParamValue::Text(example),
                    ),
                    _ => return None,
                };
                Some(Param {
                    name: text(&param.name)?,
                    kind,
                    description: text(&param.description)?,
                    example,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let mut pieces: Vec<MessagePiece> = Vec::new();
        for piece in crate::template::parse(template).ok()? {
            let text = match piece {
                crate::template::Piece::Text(text) => text,
                crate::template::Piece::Policy { written, .. } => catalog.render(written)?,
                crate::template::Piece::Param { name, .. } => {
                    let index = params.iter().position(|param| param.name == name)?;
                    pieces.push(MessagePiece::Param(index));
                    continue;
                }
            };
            match pieces.last_mut() {
                Some(MessagePiece::Text(before)) => before.push_str(&text),
                _ => pieces.push(MessagePiece::Text(text)),
            }
        }
        Some(Message { pieces, params })
    }
}

const EMPTY_REFERENCE: raw::Reference = raw::Reference {
    heading: None,
    columns: None,
};
const EMPTY_COLUMNS: raw::Columns = raw::Columns {
    code: None,
    status: None,
    cause: None,
    remedy: None,
};
const EMPTY_PATTERNS: raw::Patterns = raw::Patterns {
    heading: None,
    codes_label: None,
    items: None,
};
const EMPTY_OPERATIONS: raw::OperationsTable = raw::OperationsTable {
    heading: None,
    operation_column: None,
    codes_column: None,
    common_label: None,
};
const EMPTY_MESSAGES: raw::MessagesSection = raw::MessagesSection {
    heading: None,
    intro: None,
    example_label: None,
    values_label: None,
};
const EMPTY_RELATED: raw::Related = raw::Related {
    heading: None,
    links: None,
};

fn text(value: &Option<raw::Text>) -> Option<String> {
    value.as_ref().map(|text| text.value.clone())
}
