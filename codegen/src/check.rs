//! Stage 2, check: the catalog's rules, run on whatever [`crate::read`] found. [`check`]
//! collects every problem; nothing before this stage calls it, and [`crate::model`] is built only
//! from parts it found sound.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{code_list, quoted, Problem};
use crate::limits::{MAX_CODES, MAX_CODE_LEN, MAX_RETRY_AFTER_SECONDS, MAX_TEXT_CHARS};
use crate::naming::{is_snake_case, operation_type_name, variant_name, TAKEN_BODY_NAMES};
use crate::placeholder::{self, Piece};
use crate::read::raw::{
    At, Catalog, CodeEntry, Link, Operations, Package, Page, Param, RateLimit, Text,
    DEFAULT_MESSAGE_MAX_LENGTH, MAX_MESSAGE_MAX_LENGTH, MAX_RATE_LIMIT_NUMBER, METHODS,
    PARAM_TYPES,
};
use crate::template;

/// Every rule that applies to the parts at hand. A rule about a value the catalog lacks (or
/// that did not read) is skipped: its absence is reported already.
pub fn check(catalog: &Catalog) -> Vec<Problem> {
    let codes = catalog.codes.as_deref().unwrap_or_default();
    // References to codes can only be checked once every entry's code read.
    let all_codes = catalog.codes.is_some() && codes.iter().all(|entry| entry.code.is_some());
    let mut problems = Vec::new();
    check_codes(codes, &mut problems);
    check_texts(catalog, codes, &mut problems);
    if let (Some(page), true) = (&catalog.page, all_codes) {
        check_references(page, codes, &mut problems);
    }
    check_package(
        catalog.package.as_ref(),
        catalog.page.as_ref(),
        &mut problems,
    );
    check_lifecycle(catalog, codes, all_codes, &mut problems);
    check_rate_limits(catalog, codes, &mut problems);
    if let Some(operations) = &catalog.operations {
        check_operations(operations, codes, all_codes, &mut problems);
    }
    check_messages(catalog, codes, &mut problems);
    problems
}

fn check_codes(codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    if let Some(first_over) = codes.get(MAX_CODES) {
        let at = first_over
            .code
            .as_ref()
            .map_or(crate::diagnostic::Location::start(), |c| c.at);
        problems.push(
            Problem::new(
                at,
                format!(
                    "the catalog has {} codes, more than the limit of {MAX_CODES}",
                    codes.len()
                ),
            )
            .with_label("one code too many"),
        );
    }
    let mut first_by_code: HashMap<&str, &Text> = HashMap::new();
    let mut first_by_variant: HashMap<String, &Text> = HashMap::new();
    for entry in codes {
        if let Some(status) = &entry.status {
            if !(400..=599).contains(&status.value) {
                problems.push(
                    Problem::new(
                        status.at,
                        format!(
                            "status {} is not an error status (400 to 599)",
                            status.value
                        ),
                    )
                    .with_label("not 4xx or 5xx"),
                );
            }
        }
        let Some(code) = &entry.code else {
            continue;
        };
        if code.len() > MAX_CODE_LEN {
            problems.push(
                Problem::new(code.at, format!("code is longer than {MAX_CODE_LEN} bytes"))
                    .with_label("too long"),
            );
        } else if !is_snake_case(code) {
            problems.push(
                Problem::new(
                    code.at,
                    format!("code `{}` is not snake_case", quoted(code)),
                )
                .with_label("not snake_case")
                .with_help(
                    "codes are lowercase ASCII words joined by single underscores, \
                         starting with a letter, like `rate_limited`",
                ),
            );
        } else if let Some(first) = first_by_code.get(code.as_str()) {
            problems.push(
                Problem::new(code.at, format!("duplicate code `{}`", code.as_str()))
                    .with_label("duplicate")
                    .with_related(first.at, "first defined here"),
            );
            continue;
        } else {
            let variant = variant_name(code);
            if variant == "Self" {
                problems.push(
                    Problem::new(
                        code.at,
                        format!("code `{}` becomes the Rust keyword `Self`", code.as_str()),
                    )
                    .with_label("reserved in Rust"),
                );
            } else if let Some(first) = first_by_variant.get(&variant) {
                problems.push(
                    Problem::new(
                        code.at,
                        format!(
                            "code `{}` and code `{}` both become the Rust variant `{variant}`",
                            code.as_str(),
                            first.as_str()
                        ),
                    )
                    .with_label("same variant name")
                    .with_related(first.at, "first defined here"),
                );
            } else {
                first_by_variant.insert(variant, code);
            }
        }
        first_by_code.entry(code.as_str()).or_insert(code);
    }
}

/// Where a text field lands in the outputs, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// One line: a title, heading, label, link, metadata value.
    Line,
    /// One line inside a table cell.
    Cell,
    /// One paragraph of prose: it may wrap over several lines, but may not start another block
    /// (a heading, list, table, code block or quote) that would break out of its place.
    Paragraph,
    /// One line of plain text, not markdown: a message clients read as it is, an example value.
    /// The page shows it in a code span.
    Plain,
}

/// Every text field that read, with the name it is reported under and where it lands.
fn texts<'a>(catalog: &'a Catalog, codes: &'a [CodeEntry]) -> Vec<(&'static str, &'a Text, Place)> {
    use Place::{Cell, Line, Paragraph, Plain};
    let mut texts: Vec<(&'static str, &'a Option<Text>, Place)> = Vec::new();
    if let Some(package) = &catalog.package {
        texts.extend([
            ("crate.name", &package.name, Line),
            ("crate.version", &package.version, Line),
            ("crate.description", &package.description, Line),
            ("crate.license", &package.license, Line),
            ("crate.repository", &package.repository, Line),
        ]);
    }
    if let Some(page) = &catalog.page {
        texts.extend([
            ("page.title", &page.title, Line),
            ("page.lead", &page.lead, Paragraph),
            ("page.url", &page.url, Line),
        ]);
        if let Some(envelope) = &page.envelope {
            texts.extend([
                ("page.envelope.intro", &envelope.intro, Paragraph),
                ("page.envelope.outro", &envelope.outro, Paragraph),
            ]);
            if let Some(example) = &envelope.example {
                texts.extend([
                    ("page.envelope.example.error", &example.error, Line),
                    ("page.envelope.example.code", &example.code, Line),
                ]);
            }
        }
        if let Some(reference) = &page.reference {
            texts.push(("page.reference.heading", &reference.heading, Line));
            if let Some(columns) = &reference.columns {
                texts.extend([
                    ("page.reference.columns.code", &columns.code, Cell),
                    ("page.reference.columns.status", &columns.status, Cell),
                    ("page.reference.columns.cause", &columns.cause, Cell),
                    ("page.reference.columns.remedy", &columns.remedy, Cell),
                ]);
            }
        }
        if let Some(patterns) = &page.patterns {
            texts.extend([
                ("page.patterns.heading", &patterns.heading, Line),
                ("page.patterns.codes_label", &patterns.codes_label, Line),
            ]);
            for pattern in patterns.items.iter().flatten() {
                texts.push(("pattern title", &pattern.title, Line));
                texts.push(("pattern text", &pattern.text, Paragraph));
            }
        }
        for section in page.sections.iter().flatten() {
            texts.push(("section heading", &section.heading, Line));
            texts.push(("section exchange", &section.exchange, Paragraph));
        }
        if let Some(related) = &page.related {
            texts.push(("page.related.heading", &related.heading, Line));
            for link in related.links.iter().flatten() {
                texts.push(("link title", &link.title, Line));
                texts.push(("link href", &link.href, Line));
                texts.push(("link text", &link.text, Line));
            }
        }
        if let Some(operations) = &page.operations {
            texts.extend([
                ("page.operations.heading", &operations.heading, Line),
                (
                    "page.operations.operation_column",
                    &operations.operation_column,
                    Cell,
                ),
                (
                    "page.operations.codes_column",
                    &operations.codes_column,
                    Cell,
                ),
                (
                    "page.operations.common_label",
                    &operations.common_label,
                    Cell,
                ),
            ]);
        }
        if let Some(messages) = &page.messages {
            texts.extend([
                ("page.messages.heading", &messages.heading, Line),
                ("page.messages.intro", &messages.intro, Paragraph),
                ("page.messages.example_label", &messages.example_label, Line),
                ("page.messages.values_label", &messages.values_label, Line),
            ]);
        }
        if let Some(lifecycle) = &page.lifecycle {
            texts.extend([
                (
                    "page.lifecycle.deprecated_label",
                    &lifecycle.deprecated_label,
                    Line,
                ),
                (
                    "page.lifecycle.replaced_by_label",
                    &lifecycle.replaced_by_label,
                    Line,
                ),
                (
                    "page.lifecycle.retired_heading",
                    &lifecycle.retired_heading,
                    Line,
                ),
                (
                    "page.lifecycle.retired_intro",
                    &lifecycle.retired_intro,
                    Paragraph,
                ),
            ]);
        }
    }
    for policy in catalog.rate_limits.iter().flatten() {
        texts.push(("rate limit scope", &policy.scope, Line));
    }
    for entry in codes {
        texts.push(("cause", &entry.cause, Cell));
        texts.push(("remedy", &entry.remedy, Cell));
        if let Some(deprecated) = &entry.deprecated {
            texts.push(("deprecated.message", &deprecated.message, Cell));
        }
        texts.push(("message", &entry.message, Plain));
        for param in entry.params.iter().flatten() {
            texts.push(("param description", &param.description, Line));
            texts.push(("param example", &param.example, Plain));
        }
    }
    let mut present: Vec<(&'static str, &'a Text, Place)> = texts
        .into_iter()
        .filter_map(|(field, text, place)| Some((field, text.as_ref()?, place)))
        .collect();
    let paragraphs = catalog
        .page
        .iter()
        .flat_map(|page| page.sections.iter().flatten())
        .flat_map(|section| section.paragraphs.iter().flatten())
        .map(|paragraph| ("paragraph", paragraph, Paragraph));
    present.extend(paragraphs);
    present
}

fn check_texts(catalog: &Catalog, codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    for (field, text, place) in texts(catalog, codes) {
        if text.trim().is_empty() {
            problems.push(Problem::new(text.at, format!("`{field}` is empty")).with_label("empty"));
            continue;
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            problems.push(
                Problem::new(
                    text.at,
                    format!("`{field}` is {chars} characters long, more than {MAX_TEXT_CHARS}"),
                )
                .with_label("too long"),
            );
            // Markdown checks on text this long would only add noise (and time).
            continue;
        }
        if text.trim() != text.as_str() {
            problems.push(
                Problem::new(text.at, format!("`{field}` starts or ends with whitespace"))
                    .with_label("surrounding whitespace"),
            );
        }
        if place != Place::Paragraph && text.contains(['\n', '\r']) {
            let label = match place {
                Place::Cell => "line break in a table cell",
                _ => "line break",
            };
            problems.push(
                Problem::new(text.at, format!("`{field}` spans several lines"))
                    .with_label(label)
                    .with_help("this text is shown on one line; write it on one line"),
            );
            continue;
        }
        if place != Place::Plain {
            check_markdown(field, text, place, problems);
        } else if let Some(c) = text.chars().find(|&c| template::is_invisible(c)) {
            // Clients show a message as it is: such a character would hide or reorder text.
            problems.push(
                Problem::new(
                    text.at,
                    format!(
                        "`{field}` holds the invisible character {}",
                        c.escape_unicode()
                    ),
                )
                .with_label("control or bidirectional character")
                .with_help("a message is shown as it is; write visible text only"),
            );
        }
    }
    let links = catalog
        .page
        .iter()
        .filter_map(|page| page.related.as_ref())
        .flat_map(|related| related.links.iter().flatten());
    for link in links {
        check_link(link, problems);
    }
}

/// Rejects markdown that would not render as written: raw HTML, script links, and prose that
/// would start a block of its own.
fn check_markdown(field: &str, text: &Text, place: Place, problems: &mut Vec<Problem>) {
    let mut blocks = 0usize;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                problems.push(
                    Problem::new(text.at, format!("`{field}` contains raw HTML"))
                        .with_label("raw HTML")
                        .with_help("put markup that should show as written in backticks"),
                );
                return;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) =>
            {
                problems.push(
                    Problem::new(
                        text.at,
                        format!(
                            "`{field}` links to `{}`, which is not a web address",
                            quoted(&dest_url)
                        ),
                    )
                    .with_label("unsafe link")
                    .with_help("link to `https://…`, `http://…`, `mailto:…` or a relative path"),
                );
                return;
            }
            Event::Start(Tag::Paragraph) => blocks += 1,
            Event::Start(tag) if place == Place::Paragraph && is_block(&tag) => blocks += 2,
            _ => {}
        }
    }
    if place == Place::Paragraph && blocks != 1 {
        problems.push(
            Problem::new(
                text.at,
                format!("`{field}` is not one paragraph of inline markdown"),
            )
            .with_label("would start a block of its own")
            .with_help(
                "write one paragraph: no blank lines, and no line starting a heading, list, \
                 quote, table or code block",
            ),
        );
    }
}

/// Whether a tag opens a block (anything but a paragraph) rather than inline markup.
fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Paragraph
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// A related link renders as `[title](href)`: the href must be a plain address and the title
/// must not close the link early.
fn check_link(link: &Link, problems: &mut Vec<Problem>) {
    let Some(href) = &link.href else {
        return check_link_title(link, problems);
    };
    // A line break is reported as such by `check_texts`; nothing more to say about it here.
    let one_line = !href.contains(['\n', '\r']);
    if one_line && !is_plain_address(href) {
        problems.push(not_plain_address(href));
    } else if one_line && !is_safe_url(href) {
        problems.push(
            Problem::new(
                href.at,
                format!("link href `{}` is not a web address", quoted(href)),
            )
            .with_label("unsafe link")
            .with_help("link to `https://…`, `http://…`, `mailto:…` or a relative path"),
        );
    }
    check_link_title(link, problems);
}

fn check_link_title(link: &Link, problems: &mut Vec<Problem>) {
    if let Some(title) = &link.title {
        if !title.contains(['\n', '\r']) && !renders_as_one_link(title) {
            problems.push(breaks_link(title));
        }
    }
}

/// Whether an address can stand in a markdown link as it is: no whitespace, brackets,
/// parentheses, backticks, backslashes or quotes.
fn is_plain_address(url: &str) -> bool {
    !url.contains(|c: char| c.is_whitespace() || c.is_control() || "<>()[]`\\\"'".contains(c))
}

fn not_plain_address(url: &Text) -> Problem {
    Problem::new(
        url.at,
        format!(
            "address `{}` is not usable in a link as written",
            quoted(url)
        ),
    )
    .with_label("whitespace, brackets, parentheses, quotes, backticks or backslashes")
    .with_help("percent-encode those characters, such as `%20` for a space or `%28` for `(`")
}

fn breaks_link(title: &Text) -> Problem {
    Problem::new(
        title.at,
        format!("`{}` would not stay inside its link", quoted(title)),
    )
    .with_label("unbalanced or nested brackets, or a link")
    .with_help("escape brackets as `\\[` and `\\]`, and leave links out of link text")
}

/// Whether `[title](x)` parses as exactly one link to `x` holding all of the title.
fn renders_as_one_link(title: &str) -> bool {
    let source = format!("[{title}](x)");
    let mut links = 0;
    let mut depth = 0;
    for event in Parser::new(&source) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                links += 1;
                depth += 1;
                if dest_url.as_ref() != "x" {
                    return false;
                }
            }
            Event::End(TagEnd::Link) => depth -= 1,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            _ if depth == 0 => return false,
            _ => {}
        }
    }
    links == 1
}

/// Relative links and `http`, `https` and `mailto` links are safe; other schemes are not.
fn is_safe_url(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Unknown references that get a "did you mean" suggestion; beyond that many, the catalog is
/// likely not a catalog, and comparing each with every code would take long.
const MAX_SUGGESTIONS: usize = 20;

/// `problem` about the unknown code `word`, with the nearest of `candidates` as help while fewer
/// than [`MAX_SUGGESTIONS`] have been offered (`offered` counts them).
fn with_suggestion(
    problem: Problem,
    word: &str,
    candidates: &[&str],
    offered: &mut usize,
) -> Problem {
    *offered += 1;
    let near = (*offered <= MAX_SUGGESTIONS)
        .then(|| crate::suggest::closest(word, candidates))
        .flatten();
    match near {
        Some(near) => problem.with_help(format!("did you mean `{near}`?")),
        None => problem,
    }
}

fn check_references(page: &Page, codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    let candidates: Vec<&str> = codes.iter().filter_map(code_of).collect();
    let known: HashSet<&str> = candidates.iter().copied().collect();
    let mut suggested = 0;
    let items = page
        .patterns
        .iter()
        .flat_map(|patterns| patterns.items.iter().flatten());
    for pattern in items {
        let Some(codes) = &pattern.codes else {
            continue;
        };
        if let (true, Some(title)) = (codes.is_empty(), &pattern.title) {
            problems.push(
                Problem::new(title.at, "pattern names no code")
                    .with_label("no codes")
                    .with_help("list the codes it is about under `codes`"),
            );
        }
        let mut named = HashSet::new();
        for code in codes {
            if !named.insert(code.as_str()) {
                problems.push(
                    Problem::new(code.at, format!("pattern names `{}` twice", quoted(code)))
                        .with_label("named twice"),
                );
            } else if !known.contains(code.as_str()) {
                let problem = Problem::new(
                    code.at,
                    format!("pattern names unknown code `{}`", quoted(code)),
                )
                .with_label("not in `codes`");
                problems.push(with_suggestion(problem, code, &candidates, &mut suggested));
            }
        }
    }
}

fn code_of(entry: &CodeEntry) -> Option<&str> {
    entry.code.as_ref().map(|code| code.as_str())
}

fn check_package(package: Option<&Package>, page: Option<&Page>, problems: &mut Vec<Problem>) {
    if let Some(package) = package {
        if let Some(name) = &package.name {
            check_crate_name(name, problems);
        }
        if let Some(version) = &package.version {
            check_version(version, problems);
        }
    }
    let urls = package
        .and_then(|package| package.repository.as_ref())
        .into_iter()
        .chain(page.and_then(|page| page.url.as_ref()));
    for url in urls {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(
                Problem::new(url.at, format!("`{}` is not an http(s) URL", quoted(url)))
                    .with_label("expected `https://…`"),
            );
        } else if !is_plain_address(url) {
            problems.push(not_plain_address(url));
        }
    }
    if let Some(title) = page.and_then(|page| page.title.as_ref()) {
        // The crate's docs link the page as `[title](url)`.
        if !title.contains(['\n', '\r']) && !renders_as_one_link(title) {
            problems.push(breaks_link(title));
        }
    }
}

/// Longest crate name crates.io accepts, in characters.
const MAX_CRATE_NAME_CHARS: usize = 64;

fn check_crate_name(name: &Text, problems: &mut Vec<Problem>) {
    if name.chars().count() > MAX_CRATE_NAME_CHARS {
        problems.push(
            Problem::new(
                name.at,
                format!("crate name is longer than {MAX_CRATE_NAME_CHARS} characters"),
            )
            .with_label("too long for crates.io"),
        );
        return;
    }
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        problems.push(
            Problem::new(
                name.at,
                format!("`{}` is not a valid crate name", quoted(name)),
            )
            .with_label("ASCII letters, digits, `-` and `_`, starting with a letter"),
        );
    }
}

/// The version, if it is one as semver (and Cargo) reads it; reports it otherwise.
fn check_version(version: &Text, problems: &mut Vec<Problem>) -> Option<semver::Version> {
    match semver::Version::parse(version) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            problems.push(
                Problem::new(
                    version.at,
                    format!("`{}` is not a semver version", quoted(version)),
                )
                .with_label("expected MAJOR.MINOR.PATCH, like `1.2.0`")
                .with_help(format!("semver says: {error}")),
            );
            None
        }
    }
}

/// `since` versions, deprecations and retirements.
fn check_lifecycle(
    catalog: &Catalog,
    codes: &[CodeEntry],
    all_codes: bool,
    problems: &mut Vec<Problem>,
) {
    let catalog_version = catalog
        .package
        .as_ref()
        .and_then(|package| package.version.as_ref())
        .and_then(|version| semver::Version::parse(version).ok());
    let is_retired = |entry: &CodeEntry| entry.retired.as_ref().is_some_and(|r| r.value);
    let retired: HashSet<&str> = codes
        .iter()
        .filter(|entry| is_retired(entry))
        .filter_map(code_of)
        .collect();
    let known: Vec<&str> = codes.iter().filter_map(code_of).collect();
    let mut suggested = 0;
    for entry in codes {
        if let Some(since) = &entry.since {
            // Reported by `check_version` when it is no version at all.
            let version = check_version(since, problems);
            if let (Some(version), Some(catalog)) = (version, &catalog_version) {
                // Semver precedence: build metadata does not order versions.
                if version.cmp_precedence(catalog).is_gt() {
                    problems.push(
                        Problem::new(
                            since.at,
                            format!(
                                "`since` {} is later than the catalog's version",
                                quoted(since)
                            ),
                        )
                        .with_label("after `crate.version`"),
                    );
                }
            }
        }
        if let (Some(deprecated), Some(retired)) = (&entry.deprecated, &entry.retired) {
            if retired.value {
                let at = deprecated
                    .message
                    .as_ref()
                    .map_or(retired.at, |message| message.at);
                problems.push(
                    Problem::new(at, "a retired code is past deprecation")
                        .with_label("deprecated and retired")
                        .with_related(retired.at, "retired here")
                        .with_help("remove `deprecated`: retiring a code says all it did"),
                );
            }
        }
        let Some(replacement) = entry
            .deprecated
            .as_ref()
            .and_then(|deprecated| deprecated.replaced_by.as_ref())
        else {
            continue;
        };
        if !all_codes {
            continue;
        }
        let problem = if Some(replacement.as_str()) == code_of(entry) {
            Problem::new(replacement.at, "a code cannot replace itself").with_label("same code")
        } else if !known.contains(&replacement.as_str()) {
            let problem = Problem::new(
                replacement.at,
                format!("`replaced_by` names unknown code `{}`", quoted(replacement)),
            )
            .with_label("not in `codes`");
            with_suggestion(problem, replacement, &known, &mut suggested)
        } else if retired.contains(replacement.as_str()) {
            Problem::new(
                replacement.at,
                format!("`replaced_by` names retired code `{}`", quoted(replacement)),
            )
            .with_label("retired")
            .with_help("name a code the server still sends")
        } else {
            continue;
        };
        problems.push(problem);
    }
    let Some(page) = &catalog.page else {
        return;
    };
    if page.lifecycle.is_none() {
        let first = codes
            .iter()
            .filter(|entry| is_retired(entry) || entry.deprecated.is_some())
            .find_map(|entry| Some((entry, entry.code.as_ref()?)));
        if let Some((entry, code)) = first {
            problems.push(
                Problem::new(
                    code.at,
                    format!(
                        "code `{}` is {}, but the page has no `page.lifecycle` to present it",
                        code.as_str(),
                        if is_retired(entry) {
                            "retired"
                        } else {
                            "deprecated"
                        }
                    ),
                )
                .with_label("deprecated or retired")
                .with_help(
                    "add `page.lifecycle` with `deprecated_label`, `replaced_by_label`, \
                     `retired_heading` and `retired_intro`",
                ),
            );
        }
    }
}

/// A whole number that must lie in `min..=max`; `what` names it in the message.
fn check_range(number: &At<i128>, what: &str, min: u32, max: u32, problems: &mut Vec<Problem>) {
    if !(i128::from(min)..=i128::from(max)).contains(&number.value) {
        problems.push(
            Problem::new(
                number.at,
                format!("{what} {} is out of range ({min} to {max})", number.value),
            )
            .with_label("out of range"),
        );
    }
}

/// The texts that may hold placeholders, and what the message calls each.
fn texts_with_placeholders<'a>(
    catalog: &'a Catalog,
    codes: &'a [CodeEntry],
) -> impl Iterator<Item = (&'static str, &'a Text)> {
    let sections = catalog
        .page
        .iter()
        .flat_map(|page| page.sections.iter().flatten());
    let paragraphs = sections.flat_map(|section| {
        section
            .paragraphs
            .iter()
            .flatten()
            .map(|paragraph| ("paragraph", paragraph))
            .chain(
                section
                    .exchange
                    .iter()
                    .map(|text| ("section exchange", text)),
            )
    });
    let patterns = catalog
        .page
        .iter()
        .flat_map(|page| page.patterns.iter())
        .flat_map(|patterns| patterns.items.iter().flatten())
        .filter_map(|pattern| Some(("pattern text", pattern.text.as_ref()?)));
    let code_texts = codes.iter().flat_map(|entry| {
        [("cause", &entry.cause), ("remedy", &entry.remedy)]
            .into_iter()
            .filter_map(|(field, text)| Some((field, text.as_ref()?)))
    });
    paragraphs.chain(patterns).chain(code_texts)
}

/// The rate-limit policies, the message length, and what codes and prose say about them.
fn check_rate_limits(catalog: &Catalog, codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    let max_length = catalog
        .body
        .as_ref()
        .and_then(|body| body.message_max_length.as_ref());
    if let Some(max_length) = max_length {
        check_range(
            max_length,
            "`body.message_max_length`",
            1,
            MAX_MESSAGE_MAX_LENGTH,
            problems,
        );
    }
    let policies = catalog.rate_limits.as_deref().unwrap_or_default();
    let mut first_by_name: HashMap<&str, &Text> = HashMap::new();
    let mut well_named: Vec<&Text> = Vec::new();
    for policy in policies {
        for (number, what, max) in [
            (&policy.requests, "`requests`", MAX_RATE_LIMIT_NUMBER),
            (&policy.window, "`window`", MAX_RETRY_AFTER_SECONDS),
        ] {
            if let Some(number) = number {
                check_range(number, what, 1, max, problems);
            }
        }
        let Some(name) = &policy.name else {
            continue;
        };
        if let Some(problem) = not_snake_case("policy name", name) {
            problems.push(problem);
        } else if name.as_str() == "all" {
            problems.push(
                Problem::new(name.at, "a rate-limit policy cannot be named `all`")
                    .with_label("reserved name")
                    .with_help(
                        "the generated crate lists every policy as `RateLimitPolicy::ALL`; \
                         choose another name",
                    ),
            );
        } else if let Some(first) = first_by_name.get(name.as_str()) {
            problems.push(
                Problem::new(
                    name.at,
                    format!("duplicate rate-limit policy `{}`", name.as_str()),
                )
                .with_label("duplicate name")
                .with_related(first.at, "first defined here"),
            );
        } else {
            first_by_name.insert(name, name);
            well_named.push(name);
        }
    }
    // References to policies are checked once every policy's name read.
    let names: Option<Vec<&str>> = policies
        .iter()
        .map(|policy| policy.name.as_deref().map(String::as_str))
        .collect();
    let Some(names) = names else {
        return;
    };
    let mut suggested = 0;
    let mut shown: HashSet<&str> = HashSet::new();
    for (field, text) in texts_with_placeholders(catalog, codes) {
        // The limit on a text holds for what it says once filled in, not only for what is
        // written: a scope of a thousand characters named a hundred times is no short text.
        if placeholder::fields(text).next().is_some() {
            let chars = catalog
                .render(text)
                .map_or(0, |rendered| rendered.chars().count());
            if chars > MAX_TEXT_CHARS {
                problems.push(
                    Problem::new(
                        text.at,
                        format!(
                            "`{field}` is {chars} characters long once its placeholders are \
                             filled in, more than {MAX_TEXT_CHARS}"
                        ),
                    )
                    .with_label("too long when filled in"),
                );
            }
        }
        for piece in placeholder::fields(text) {
            let Piece::Field {
                name,
                field: value,
                written,
            } = piece
            else {
                continue;
            };
            let reference = PolicyReference {
                name,
                value,
                written,
            };
            match reference.problem(field, text, &names, &mut suggested) {
                Some(problem) => problems.push(problem),
                None => {
                    shown.insert(name);
                }
            }
        }
    }
    // Only policies whose names pass their own rules (reported above) are checked for this.
    for declared in well_named {
        let name = declared.as_str();
        if !shown.contains(name) {
            problems.push(
                Problem::new(
                    declared.at,
                    format!("rate-limit policy `{name}` is never shown on the page"),
                )
                .with_label("no text names its numbers")
                .with_help(format!(
                    "say it in a section paragraph, such as \"{{{name}.requests}} requests per \
                     {{{name}.window}} seconds per {{{name}.scope}}\""
                )),
            );
        }
    }
    check_codes_rate_limits(catalog, codes, &names, problems);
    check_message_lengths(catalog, codes, max_length, problems);
}

/// The problem of a name that must be snake_case and at most [`MAX_CODE_LEN`] bytes (a policy's,
/// a parameter's, a `one_of` value), if it is not; `what` says what it names.
fn not_snake_case(what: &str, name: &Text) -> Option<Problem> {
    if is_snake_case(name) && name.len() <= MAX_CODE_LEN {
        return None;
    }
    Some(
        Problem::new(
            name.at,
            format!("{what} `{}` is not snake_case", quoted(name)),
        )
        .with_label("not snake_case")
        .with_help(format!(
            "use lowercase ASCII words joined by single underscores, at most {MAX_CODE_LEN} bytes"
        )),
    )
}

/// A placeholder of a rate-limit value, `{name.value}`, in prose or in a message template.
struct PolicyReference<'a> {
    /// The policy it names.
    name: &'a str,
    /// Which of its values.
    value: &'a str,
    /// The placeholder as written.
    written: &'a str,
}

impl PolicyReference<'_> {
    /// What is wrong with it, if anything: a policy that `policies` lacks, or a value a policy
    /// does not have. `field` names the text it is in.
    fn problem(
        &self,
        field: &str,
        text: &Text,
        policies: &[&str],
        suggested: &mut usize,
    ) -> Option<Problem> {
        let PolicyReference {
            name,
            value,
            written,
        } = *self;
        if !policies.contains(&name) {
            let problem = Problem::new(
                text.at,
                format!("`{field}` names `{written}`, but there is no rate-limit policy `{name}`"),
            )
            .with_label("unknown policy")
            .with_help(format!(
                "declare it under `rate_limits`, or write `{{{written}}}` for the braces \
                 themselves"
            ));
            Some(with_suggestion(problem, name, policies, suggested))
        } else if !RateLimit::FIELDS.contains(&value) {
            Some(
                Problem::new(
                    text.at,
                    format!("`{field}` names `{written}`, which a policy does not have"),
                )
                .with_label("unknown placeholder")
                .with_help("a policy gives `requests`, `window` (seconds) and `scope`"),
            )
        } else {
            None
        }
    }
}

/// Each code's policy, `Retry-After` and constructor.
fn check_codes_rate_limits(
    catalog: &Catalog,
    codes: &[CodeEntry],
    names: &[&str],
    problems: &mut Vec<Problem>,
) {
    let mut suggested = 0;
    let mut sends_retry_after = None;
    for entry in codes {
        let retired = entry.retired.as_ref().is_some_and(|r| r.value);
        let status = entry.status.as_ref().map(|status| status.value);
        match (&entry.rate_limit, status) {
            (Some(policy), _) if !names.contains(&policy.as_str()) => {
                let problem = Problem::new(
                    policy.at,
                    format!("`rate_limit` names unknown policy `{}`", quoted(policy)),
                )
                .with_label("not in `rate_limits`");
                problems.push(with_suggestion(problem, policy, names, &mut suggested));
            }
            (None, Some(429)) if !names.is_empty() && !retired => {
                if let Some(code) = &entry.code {
                    problems.push(
                        Problem::new(
                            code.at,
                            format!("429 code `{}` names no rate-limit policy", quoted(code)),
                        )
                        .with_label("no `rate_limit`")
                        .with_help(format!(
                            "name the policy it enforces, such as `rate_limit: {}`",
                            names[0]
                        )),
                    );
                }
            }
            _ => {}
        }
        if let Some(flag) = &entry.retry_after {
            if flag.value && entry.rate_limit.is_none() {
                problems.push(
                    Problem::new(flag.at, "`retry_after` needs a rate-limit policy")
                        .with_label("no `rate_limit`")
                        .with_help(
                            "name one with `rate_limit`: its window is the wait when the server \
                             gives none",
                        ),
                );
            } else if !flag.value && status == Some(429) && entry.rate_limit.is_some() {
                problems.push(
                    Problem::new(flag.at, "a 429 response must say when to retry")
                        .with_label("`retry_after: false` on a 429 code")
                        .with_help(
                            "remove `retry_after`: a rate-limited response sends `Retry-After`",
                        ),
                );
            }
        }
        if !entry.sends_retry_after() {
            continue;
        }
        if let Some(retryable) = entry.retryable.as_ref().filter(|flag| !flag.value) {
            problems.push(
                Problem::new(
                    retryable.at,
                    "a code that sends `Retry-After` cannot be unretryable",
                )
                .with_label("`retryable: false`")
                .with_help("remove `retryable`: it defaults to `true` here"),
            );
        }
        if let Some(code) = &entry.code {
            // The page's example response shows a code the API still sends.
            if !retired {
                sends_retry_after.get_or_insert(code);
            }
        }
        check_constructor_name(entry, "sends `Retry-After`", problems);
    }
    let Some(page) = &catalog.page else {
        return;
    };
    let exchanges: Vec<&Text> = page
        .sections
        .iter()
        .flatten()
        .filter_map(|section| section.exchange.as_ref())
        .collect();
    match (sends_retry_after, exchanges.as_slice()) {
        (Some(code), []) => problems.push(
            Problem::new(
                code.at,
                format!(
                    "code `{}` sends `Retry-After`, but the page shows no rate-limited response",
                    code.as_str()
                ),
            )
            .with_label("sends `Retry-After`")
            .with_help(
                "give one section of `page.sections` an `exchange`: the paragraph before the \
                 example response",
            ),
        ),
        (None, [exchange, ..]) => problems.push(
            Problem::new(
                exchange.at,
                "no code sends `Retry-After` to show in an exchange",
            )
            .with_label("nothing to show")
            .with_help("remove `exchange`, or give a 429 code a `rate_limit`"),
        ),
        (Some(_), [first, second, ..]) => problems.push(
            Problem::new(second.at, "the page shows the rate-limited response twice")
                .with_label("second `exchange`")
                .with_related(first.at, "first here"),
        ),
        _ => {}
    }
}

/// Every code's cause, the message of a body built from the code alone, fits the message's
/// `maxLength`.
fn check_message_lengths(
    catalog: &Catalog,
    codes: &[CodeEntry],
    max_length: Option<&At<i128>>,
    problems: &mut Vec<Problem>,
) {
    let Some(max) = message_max_length(catalog) else {
        // Reported as out of range already; every cause would be "too long" for it.
        return;
    };
    for cause in codes.iter().filter_map(|entry| entry.cause.as_ref()) {
        let Some(rendered) = catalog.render(cause) else {
            continue;
        };
        let chars = rendered.chars().count();
        if i128::try_from(chars).unwrap_or(i128::MAX) > max {
            let mut problem = Problem::new(
                cause.at,
                format!(
                    "the cause, the default message, is {chars} characters long, more than the \
                     message's maximum of {max}"
                ),
            )
            .with_label("longer than `body.message_max_length`");
            if let Some(max_length) = max_length {
                problem = problem.with_related(max_length.at, "the maximum");
            }
            problems.push(problem);
        }
    }
}

/// The operations: well-formed and distinct, each listing known codes the API still sends, each
/// once.
fn check_operations(
    operations: &Operations,
    codes: &[CodeEntry],
    all_codes: bool,
    problems: &mut Vec<Problem>,
) {
    let candidates: Vec<&str> = codes.iter().filter_map(code_of).collect();
    let known: HashSet<&str> = candidates.iter().copied().collect();
    let retired: HashSet<&str> = codes
        .iter()
        .filter(|entry| entry.retired.as_ref().is_some_and(|r| r.value))
        .filter_map(code_of)
        .collect();
    let mut suggested = 0;
    // References to codes can only be checked once every entry's code read.
    let mut check_code = |code: &Text, problems: &mut Vec<Problem>| {
        if !all_codes {
            return;
        }
        if !known.contains(code.as_str()) {
            let problem = Problem::new(
                code.at,
                format!("operation names unknown code `{}`", quoted(code)),
            )
            .with_label("not in `codes`");
            problems.push(with_suggestion(problem, code, &candidates, &mut suggested));
        } else if retired.contains(code.as_str()) {
            problems.push(
                Problem::new(
                    code.at,
                    format!("operation names retired code `{}`", quoted(code)),
                )
                .with_label("retired")
                .with_help("the API no longer sends it; take it off the list"),
            );
        }
    };
    let common = operations.common.as_deref().unwrap_or_default();
    let mut in_common: HashMap<&str, &Text> = HashMap::new();
    for code in common {
        check_code(code, problems);
        if let Some(first) = in_common.insert(code.as_str(), code) {
            problems.push(twice("`operations.common`", code, first));
        }
    }
    let items = operations.items.as_deref().unwrap_or_default();
    if let (true, Some(common)) = (items.is_empty(), common.first()) {
        problems.push(
            Problem::new(common.at, "`operations` lists no operation")
                .with_label("no `items`")
                .with_help("list the API's operations under `operations.items`"),
        );
    }
    let mut by_id: HashMap<String, &Text> = HashMap::new();
    let mut by_route: HashMap<(String, &str), &Text> = HashMap::new();
    for operation in items {
        let mut listed: HashMap<&str, &Text> = HashMap::new();
        for code in operation.codes.iter().flatten() {
            check_code(code, problems);
            if let Some(first) = in_common.get(code.as_str()) {
                problems.push(
                    Problem::new(
                        code.at,
                        format!("`{}` is in `operations.common` already", code.as_str()),
                    )
                    .with_label("listed twice")
                    .with_related(first.at, "every operation returns it"),
                );
            } else if let Some(first) = listed.insert(code.as_str(), code) {
                problems.push(twice("the operation", code, first));
            }
        }
        if let Some(method) = &operation.method {
            if !METHODS.contains(&method.to_ascii_lowercase().as_str()) {
                problems.push(
                    Problem::new(
                        method.at,
                        format!("`{}` is not an HTTP method of OpenAPI", quoted(method)),
                    )
                    .with_label("unknown method")
                    .with_help(format!(
                        "use one of {}",
                        code_list(METHODS.iter().map(|method| method.to_ascii_uppercase()))
                    )),
                );
            }
        }
        if let Some(path) = &operation.path {
            if path.chars().count() > MAX_TEXT_CHARS {
                problems.push(
                    Problem::new(
                        path.at,
                        format!("path is longer than {MAX_TEXT_CHARS} characters"),
                    )
                    .with_label("too long"),
                );
            } else if !path.starts_with('/') || path.contains(char::is_whitespace) {
                problems.push(
                    Problem::new(
                        path.at,
                        format!("path `{}` is not an OpenAPI path", quoted(path)),
                    )
                    .with_label("not a path")
                    .with_help("start it with `/`, with no whitespace: `/sessions/{id}`"),
                );
            }
        }
        let Some(id) = &operation.operation_id else {
            continue;
        };
        let well_formed = id.len() <= MAX_CODE_LEN
            && id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !well_formed {
            problems.push(
                Problem::new(
                    id.at,
                    format!("operation id `{}` is not camelCase", quoted(id)),
                )
                .with_label("not camelCase")
                .with_help(format!(
                    "use ASCII letters and digits, starting with a letter, at most {MAX_CODE_LEN} \
                     bytes: `getSession`"
                )),
            );
            continue;
        }
        // `getSession` and `GetSession` would name the same enum, `GetSessionError`.
        let type_name = operation_type_name(id);
        if let Some(first) = by_id.insert(type_name, id) {
            problems.push(
                Problem::new(id.at, format!("duplicate operation `{}`", id.as_str()))
                    .with_label("duplicate operation id")
                    .with_related(first.at, "first defined here")
                    .with_help("operation ids are unique, ignoring the case of the first letter"),
            );
        }
        if let (Some(method), Some(path)) = (&operation.method, &operation.path) {
            let route = (method.to_ascii_lowercase(), path.as_str());
            if let Some(first) = by_route.insert(route, id) {
                problems.push(
                    Problem::new(
                        id.at,
                        format!(
                            "`{}` is `{} {}` again",
                            id.as_str(),
                            method.to_ascii_uppercase(),
                            path.as_str()
                        ),
                    )
                    .with_label("duplicate operation")
                    .with_related(first.at, "that operation"),
                );
            }
        }
    }
}

/// Parameter names the generated crate cannot use: words Rust allows in no identifier, and the
/// name of the type that holds a code's details.
const RESERVED_PARAM_NAMES: &[&str] = &["self", "super", "crate", "details"];

/// Each code's message template and its parameters: every placeholder declared, every
/// parameter used, each of a known type with an example of that type, and the message filled
/// with the examples no longer than the message's maximum.
fn check_messages(catalog: &Catalog, codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    // References to policies are checked once every policy's name read.
    let policies: Option<Vec<&str>> = catalog
        .rate_limits
        .iter()
        .flatten()
        .map(|policy| policy.name.as_deref().map(String::as_str))
        .collect();
    let mut suggested = 0;
    for entry in codes {
        let params = entry.params.as_deref().unwrap_or_default();
        for param in params {
            check_param(param, problems);
        }
        check_enum_names(params, problems);
        let Some(message) = &entry.message else {
            if let Some(first) = params.iter().find_map(|param| param.name.as_ref()) {
                problems.push(
                    Problem::new(first.at, "`params` without a `message` that uses them")
                        .with_label("no `message`")
                        .with_help(format!(
                            "write the message, such as `message: \"… {{{}}} …\"`",
                            first.as_str()
                        )),
                );
            }
            continue;
        };
        let pieces = match template::parse(message) {
            Ok(pieces) => pieces,
            Err(malformed) => {
                for brace in malformed {
                    problems.push(
                        Problem::new(
                            message.at,
                            format!(
                                "`message` has a malformed brace at character {}: {}",
                                brace.column + 1,
                                brace.reason
                            ),
                        )
                        .with_label("malformed brace")
                        .with_help(
                            "write `{name}` for a parameter, and `{{` or `}}` for a brace itself",
                        ),
                    );
                }
                continue;
            }
        };
        let declared: Vec<&str> = params
            .iter()
            .filter_map(|param| param.name.as_deref().map(String::as_str))
            .collect();
        let all_declared = declared.len() == params.len();
        let mut used = HashSet::new();
        for piece in &pieces {
            match *piece {
                template::Piece::Param { name, .. } => {
                    // An undeclared name is reported once, however often the message uses it.
                    let first_use = used.insert(name);
                    if first_use && all_declared && !declared.contains(&name) {
                        let problem = Problem::new(
                            message.at,
                            format!(
                                "`message` names `{{{name}}}`, but the code declares no \
                                 parameter `{name}`"
                            ),
                        )
                        .with_label("undeclared placeholder")
                        .with_help(format!(
                            "declare it under `params`, or write `{{{{{name}}}}}` for the braces \
                             themselves"
                        ));
                        problems.push(with_suggestion(problem, name, &declared, &mut suggested));
                    }
                }
                template::Piece::Policy {
                    name,
                    field,
                    written,
                } => {
                    let Some(policies) = &policies else {
                        continue;
                    };
                    let reference = PolicyReference {
                        name,
                        value: field,
                        written,
                    };
                    problems.extend(reference.problem(
                        "message",
                        message,
                        policies,
                        &mut suggested,
                    ));
                }
                template::Piece::Text(_) => {}
            }
        }
        check_filled_length(catalog, message, &pieces, params, problems);
        if !params.is_empty() && !entry.sends_retry_after() {
            check_constructor_name(entry, "takes parameters", problems);
        }
        for param in params {
            let Some(name) = &param.name else { continue };
            if !used.contains(name.as_str()) {
                problems.push(
                    Problem::new(
                        name.at,
                        format!("parameter `{}` is never used in the message", quoted(name)),
                    )
                    .with_label("unused parameter")
                    .with_related(message.at, "the message")
                    .with_help(format!(
                        "write `{{{}}}` where the message should show it, or remove it",
                        quoted(name)
                    )),
                );
            }
        }
    }
}

/// No two `one_of` parameters of a code become the same enum (`ab1c` and `ab_1c` are both
/// `Ab1c`), in the code's module of the crate.
fn check_enum_names(params: &[Param], problems: &mut Vec<Problem>) {
    let mut enums: HashMap<String, &Text> = HashMap::new();
    for param in params {
        let Some(name) = &param.name else { continue };
        if param.kind.as_deref().map(String::as_str) != Some("one_of") || !is_snake_case(name) {
            continue;
        }
        match enums.get(&variant_name(name)) {
            Some(earlier) => problems.push(
                Problem::new(
                    name.at,
                    format!(
                        "`one_of` parameters `{}` and `{}` both become the enum `{}`",
                        earlier.as_str(),
                        name.as_str(),
                        variant_name(name)
                    ),
                )
                .with_label("same enum name")
                .with_related(earlier.at, "first declared here"),
            ),
            None => {
                enums.insert(variant_name(name), name);
            }
        }
    }
}

/// The message filled in with the parameters' examples fits the message's maximum length (a
/// value the server gives may be cut to fit; the fixed text and the examples must not be).
fn check_filled_length(
    catalog: &Catalog,
    message: &Text,
    pieces: &[template::Piece],
    params: &[Param],
    problems: &mut Vec<Problem>,
) {
    let Some(max) = message_max_length(catalog) else {
        return;
    };
    let mut chars = 0usize;
    for piece in pieces {
        chars += match piece {
            template::Piece::Text(text) => text.chars().count(),
            template::Piece::Param { name, .. } => {
                let example = params.iter().find_map(|param| {
                    (param.name.as_deref()? == name).then_some(param.example.as_ref()?)
                });
                match example {
                    Some(example) => example.chars().count(),
                    None => return,
                }
            }
            template::Piece::Policy { written, .. } => match catalog.render(written) {
                Some(value) => value.chars().count(),
                None => return,
            },
        };
    }
    if i128::try_from(chars).unwrap_or(i128::MAX) > max {
        problems.push(
            Problem::new(
                message.at,
                format!(
                    "the message, filled in with the examples, is {chars} characters long, more \
                     than the message's maximum of {max}"
                ),
            )
            .with_label("longer than `body.message_max_length`"),
        );
    }
}

/// The message's maximum length, when it is in range (it is reported otherwise).
fn message_max_length(catalog: &Catalog) -> Option<i128> {
    let max = catalog
        .body
        .as_ref()
        .and_then(|body| body.message_max_length.as_ref())
        .map_or(i128::from(DEFAULT_MESSAGE_MAX_LENGTH), |max| max.value);
    (1..=i128::from(MAX_MESSAGE_MAX_LENGTH))
        .contains(&max)
        .then_some(max)
}

/// A code that gets a constructor of its own on `ErrorBody` (`why` says why) must not take a
/// name the type uses already.
fn check_constructor_name(entry: &CodeEntry, why: &str, problems: &mut Vec<Problem>) {
    let Some(code) = &entry.code else {
        return;
    };
    if TAKEN_BODY_NAMES.contains(&code.as_str()) {
        problems.push(
            Problem::new(
                code.at,
                format!(
                    "code `{}` {why}, so it gets the constructor `ErrorBody::{}`, a name the \
                     crate uses already",
                    code.as_str(),
                    code.as_str()
                ),
            )
            .with_label("taken name")
            .with_help(format!(
                "rename the code; these names are taken: {}",
                code_list(TAKEN_BODY_NAMES)
            )),
        );
    }
}

/// A parameter's name, type, values and example.
fn check_param(param: &Param, problems: &mut Vec<Problem>) {
    if let Some(name) = &param.name {
        if let Some(problem) = not_snake_case("parameter name", name) {
            problems.push(problem);
        } else if RESERVED_PARAM_NAMES.contains(&name.as_str()) {
            problems.push(
                Problem::new(
                    name.at,
                    format!("a parameter cannot be named `{}`", name.as_str()),
                )
                .with_label("reserved name")
                .with_help(format!(
                    "the generated crate cannot use it; these names are reserved: {}",
                    code_list(RESERVED_PARAM_NAMES)
                )),
            );
        }
    }
    let Some(kind) = &param.kind else {
        return;
    };
    let values = param.values.as_deref();
    match (kind.as_str(), values) {
        (kind_name, _) if !PARAM_TYPES.contains(&kind_name) => {
            let mut problem = Problem::new(
                kind.at,
                format!("unknown parameter type `{}`", quoted(kind)),
            )
            .with_label("bad type");
            problem = match crate::suggest::closest(kind_name, &PARAM_TYPES) {
                Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                None => problem.with_help("a parameter is `text`, `integer` or `one_of`"),
            };
            problems.push(problem);
            return;
        }
        ("one_of", None) => {
            problems.push(
                Problem::new(kind.at, "a `one_of` parameter needs `values`")
                    .with_label("no values")
                    .with_help("list the values it may take, such as `values: [reset, delete]`"),
            );
            return;
        }
        ("one_of", Some([])) => {
            problems.push(
                Problem::new(kind.at, "a `one_of` parameter needs at least one value")
                    .with_label("`values` is empty"),
            );
            return;
        }
        ("one_of", Some(values)) => {
            // Each value is a variant of the parameter's enum, so no two may share its name.
            let mut first: HashMap<String, &Text> = HashMap::new();
            for value in values {
                if let Some(problem) = not_snake_case("value", value) {
                    problems.push(problem.with_help(
                        "each value becomes a variant of an enum in the crate; use lowercase \
                         ASCII words joined by single underscores",
                    ));
                } else if value.as_str() == "self" {
                    problems.push(
                        Problem::new(value.at, "a value cannot be `self`")
                            .with_label("reserved value")
                            .with_help("its enum variant would be `Self`, which Rust reserves"),
                    );
                } else if let Some(earlier) = first.get(&variant_name(value)) {
                    let problem = if earlier.as_str() == value.as_str() {
                        Problem::new(
                            value.at,
                            format!("value `{}` is listed twice", value.as_str()),
                        )
                        .with_label("duplicate value")
                    } else {
                        Problem::new(
                            value.at,
                            format!(
                                "values `{}` and `{}` both become the variant `{}`",
                                earlier.as_str(),
                                value.as_str(),
                                variant_name(value)
                            ),
                        )
                        .with_label("same variant name")
                    };
                    problems.push(problem.with_related(earlier.at, "first listed here"));
                } else {
                    first.insert(variant_name(value), value);
                }
            }
        }
        (_, Some([first, ..])) => {
            problems.push(
                Problem::new(first.at, "`values` applies only to a `one_of` parameter")
                    .with_label("not `one_of`")
                    .with_help(format!(
                        "remove `values`, or make the type `one_of` (it is `{}`)",
                        kind.as_str()
                    )),
            );
            return;
        }
        _ => {}
    }
    let Some(example) = &param.example else {
        return;
    };
    let misfit = match kind.as_str() {
        "integer" if example.parse::<i64>().is_err() => {
            Some(format!("a whole number from {} to {}", i64::MIN, i64::MAX))
        }
        "one_of" => {
            let values = values.unwrap_or_default();
            (!values
                .iter()
                .any(|value| value.as_str() == example.as_str()))
            .then(|| {
                format!(
                    "one of {}",
                    code_list(values.iter().map(|value| quoted(value)))
                )
            })
        }
        _ => None,
    };
    if let Some(expected) = misfit {
        problems.push(
            Problem::new(
                example.at,
                format!(
                    "example `{}` does not fit the parameter's type: expected {expected}",
                    quoted(example)
                ),
            )
            .with_label(format!("not {}", kind.as_str().replace('_', " ")))
            .with_related(kind.at, "the type"),
        );
    }
}

/// `code` listed a second time in `list`.
fn twice(list: &str, code: &Text, first: &Text) -> Problem {
    Problem::new(code.at, format!("{list} lists `{}` twice", code.as_str()))
        .with_label("listed twice")
        .with_related(first.at, "first listed here")
}

#[cfg(test)]
mod tests {
    use super::renders_as_one_link;

    #[test]
    fn a_link_title_renders_as_the_whole_of_one_link() {
        for title in [
            "Authentication",
            "401 on every call",
            "a `code` span",
            "brackets \\[escaped\\]",
        ] {
            assert!(renders_as_one_link(title), "{title}");
        }
        // Text left outside the link, after it or before it; a link inside the link; a link to
        // another address.
        for title in ["a](x) b", "a] b [c", "[inner](z)", "a](y) [b"] {
            assert!(!renders_as_one_link(title), "{title}");
        }
    }
}
