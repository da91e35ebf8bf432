//! The catalog's rules. [`validate`] checks all of them, collects every problem, and is the only
//! way to obtain a [`Catalog`], so emitters never see input that breaks a rule.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::catalog::{CodeEntry, Link, Package, Page, RawCatalog, Text};
use crate::diagnostic::{quoted, Location, Problem};
use crate::naming::{is_snake_case, variant_name};

/// Longest accepted code, in bytes.
pub const MAX_CODE_LEN: usize = 64;

/// Longest accepted text field, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Most codes in one catalog. Generating takes time and memory in proportion to the codes (about
/// 1 s and 400 MB at this limit in a release build); a file of the largest accepted size could
/// otherwise hold 160,000 codes and need 3 GB.
pub const MAX_CODES: usize = 20_000;

/// A catalog that satisfies every rule. Emitters take this, never a [`RawCatalog`].
#[derive(Debug, Clone)]
pub struct Catalog {
    raw: RawCatalog,
}

impl Deref for Catalog {
    type Target = RawCatalog;

    fn deref(&self) -> &RawCatalog {
        &self.raw
    }
}

/// Checks every rule and returns the catalog, or every problem found.
pub fn validate(raw: RawCatalog) -> Result<Catalog, Vec<Problem>> {
    let problems = check(&Parts {
        package: Some(&raw.package),
        page: Some(&raw.page),
        whole_page: true,
        codes: &raw.codes,
        all_codes: true,
    });
    if problems.is_empty() {
        Ok(Catalog { raw })
    } else {
        Err(problems)
    }
}

/// The parts of a catalog that read, some perhaps only once their shape problems were set aside;
/// the rules run on these too, so one run reports shape and rule problems together.
pub(crate) struct Parts<'a> {
    /// `crate`, if it read.
    pub package: Option<&'a Package>,
    /// `page`, if it read.
    pub page: Option<&'a Page>,
    /// Whether `page` read as written, not only once its problems were set aside: only then
    /// does a missing optional section mean the catalog has none.
    pub whole_page: bool,
    /// The code entries that read.
    pub codes: &'a [CodeEntry],
    /// Whether every entry read, so that references to codes can be checked.
    pub all_codes: bool,
}

/// Every rule that applies to the parts at hand.
pub(crate) fn check(parts: &Parts) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_codes(parts.codes, &mut problems);
    check_texts(parts, &mut problems);
    if let (Some(page), true) = (parts.page, parts.all_codes) {
        check_references(page, parts.codes, &mut problems);
    }
    check_package(parts.package, parts.page, &mut problems);
    check_lifecycle(parts, &mut problems);
    problems
}

fn at(text: &Text) -> Location {
    Location::of(text.span())
}

fn check_codes(codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    if let Some(first_over) = codes.get(MAX_CODES) {
        problems.push(
            Problem::new(
                at(&first_over.code),
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
        let code = &entry.code;
        if code.len() > MAX_CODE_LEN {
            problems.push(
                Problem::new(
                    at(code),
                    format!("code is longer than {MAX_CODE_LEN} bytes"),
                )
                .with_label("too long"),
            );
        } else if !is_snake_case(code) {
            problems.push(
                Problem::new(
                    at(code),
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
                Problem::new(at(code), format!("duplicate code `{}`", code.as_str()))
                    .with_label("duplicate")
                    .with_related(at(first), "first defined here"),
            );
            continue;
        } else {
            let variant = variant_name(code);
            if variant == "Self" {
                problems.push(
                    Problem::new(
                        at(code),
                        format!("code `{}` becomes the Rust keyword `Self`", code.as_str()),
                    )
                    .with_label("reserved in Rust"),
                );
            } else if let Some(first) = first_by_variant.get(&variant) {
                problems.push(
                    Problem::new(
                        at(code),
                        format!(
                            "code `{}` and code `{}` both become the Rust variant `{variant}`",
                            code.as_str(),
                            first.as_str()
                        ),
                    )
                    .with_label("same variant name")
                    .with_related(at(first), "first defined here"),
                );
            } else {
                first_by_variant.insert(variant, code);
            }
        }
        first_by_code.entry(code.as_str()).or_insert(code);

        let status = *entry.status;
        if !(400..=599).contains(&status) {
            problems.push(
                Problem::new(
                    Location::of(entry.status.span()),
                    format!("status {status} is not an error status (400 to 599)"),
                )
                .with_label("not 4xx or 5xx"),
            );
        }
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
}

/// Every text field with the name it is reported under and where it lands.
fn texts<'a>(parts: &Parts<'a>) -> Vec<(&'static str, &'a Text, Place)> {
    use Place::{Cell, Line, Paragraph};
    let mut texts = Vec::new();
    if let Some(package) = parts.package {
        texts.extend([
            ("crate.name", &package.name, Line),
            ("crate.version", &package.version, Line),
            ("crate.description", &package.description, Line),
            ("crate.license", &package.license, Line),
            ("crate.repository", &package.repository, Line),
        ]);
    }
    if let Some(page) = parts.page {
        let columns = &page.reference.columns;
        texts.extend([
            ("page.title", &page.title, Line),
            ("page.lead", &page.lead, Paragraph),
            ("page.url", &page.url, Line),
            ("page.envelope.intro", &page.envelope.intro, Paragraph),
            (
                "page.envelope.example.error",
                &page.envelope.example.error,
                Line,
            ),
            (
                "page.envelope.example.code",
                &page.envelope.example.code,
                Line,
            ),
            ("page.envelope.outro", &page.envelope.outro, Paragraph),
            ("page.reference.heading", &page.reference.heading, Line),
            ("page.reference.columns.code", &columns.code, Cell),
            ("page.reference.columns.status", &columns.status, Cell),
            ("page.reference.columns.cause", &columns.cause, Cell),
            ("page.reference.columns.remedy", &columns.remedy, Cell),
            ("page.patterns.heading", &page.patterns.heading, Line),
            (
                "page.patterns.codes_label",
                &page.patterns.codes_label,
                Line,
            ),
            ("page.related.heading", &page.related.heading, Line),
        ]);
        for pattern in &page.patterns.items {
            texts.push(("pattern title", &pattern.title, Line));
            texts.push(("pattern text", &pattern.text, Paragraph));
        }
        for section in &page.sections {
            texts.push(("section heading", &section.heading, Line));
            texts.extend(
                section
                    .paragraphs
                    .iter()
                    .map(|p| ("paragraph", p, Paragraph)),
            );
        }
        for link in &page.related.links {
            texts.push(("link title", &link.title, Line));
            texts.push(("link href", &link.href, Line));
            texts.push(("link text", &link.text, Line));
        }
    }
    if let Some(lifecycle) = parts.page.and_then(|page| page.lifecycle.as_ref()) {
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
    for entry in parts.codes {
        texts.push(("cause", &entry.cause, Cell));
        texts.push(("remedy", &entry.remedy, Cell));
        if let Some(deprecated) = &entry.deprecated {
            texts.push(("deprecated.message", &deprecated.message, Cell));
        }
    }
    texts
}

fn check_texts(parts: &Parts, problems: &mut Vec<Problem>) {
    for (field, text, place) in texts(parts) {
        if text.trim().is_empty() {
            problems
                .push(Problem::new(at(text), format!("`{field}` is empty")).with_label("empty"));
            continue;
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            problems.push(
                Problem::new(
                    at(text),
                    format!("`{field}` is {chars} characters long, more than {MAX_TEXT_CHARS}"),
                )
                .with_label("too long"),
            );
            // Markdown checks on text this long would only add noise (and time).
            continue;
        }
        if text.trim() != text.as_str() {
            problems.push(
                Problem::new(
                    at(text),
                    format!("`{field}` starts or ends with whitespace"),
                )
                .with_label("surrounding whitespace"),
            );
        }
        if place != Place::Paragraph && text.contains(['\n', '\r']) {
            let label = match place {
                Place::Cell => "line break in a table cell",
                _ => "line break",
            };
            problems.push(
                Problem::new(at(text), format!("`{field}` spans several lines"))
                    .with_label(label)
                    .with_help("this text is shown on one line; write it on one line"),
            );
            continue;
        }
        check_markdown(field, text, place, problems);
    }
    for link in parts.page.iter().flat_map(|page| &page.related.links) {
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
                    Problem::new(at(text), format!("`{field}` contains raw HTML"))
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
                        at(text),
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
                at(text),
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
    let href = &link.href;
    // A line break is reported as such by `check_texts`; nothing more to say about it here.
    let one_line = !href.contains(['\n', '\r']);
    if one_line && !is_plain_address(href) {
        problems.push(not_plain_address(href));
    } else if one_line && !is_safe_url(href) {
        problems.push(
            Problem::new(
                at(href),
                format!("link href `{}` is not a web address", quoted(href)),
            )
            .with_label("unsafe link")
            .with_help("link to `https://…`, `http://…`, `mailto:…` or a relative path"),
        );
    }
    let title = &link.title;
    if !title.contains(['\n', '\r']) && !renders_as_one_link(title) {
        problems.push(breaks_link(title));
    }
}

/// Whether an address can stand in a markdown link as it is: no whitespace, brackets,
/// parentheses, backticks, backslashes or quotes.
fn is_plain_address(url: &str) -> bool {
    !url.contains(|c: char| c.is_whitespace() || c.is_control() || "<>()[]`\\\"'".contains(c))
}

fn not_plain_address(url: &Text) -> Problem {
    Problem::new(
        at(url),
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
        at(title),
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

fn check_references(page: &Page, codes: &[CodeEntry], problems: &mut Vec<Problem>) {
    let known: HashSet<&str> = codes.iter().map(|e| e.code.as_str()).collect();
    let candidates: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
    let mut suggested = 0;
    for pattern in &page.patterns.items {
        if pattern.codes.is_empty() {
            problems.push(
                Problem::new(at(&pattern.title), "pattern names no code")
                    .with_label("no codes")
                    .with_help("list the codes it is about under `codes`"),
            );
        }
        let mut named = HashSet::new();
        for code in &pattern.codes {
            if !named.insert(code.as_str()) {
                problems.push(
                    Problem::new(at(code), format!("pattern names `{}` twice", quoted(code)))
                        .with_label("named twice"),
                );
            } else if !known.contains(code.as_str()) {
                let problem = Problem::new(
                    at(code),
                    format!("pattern names unknown code `{}`", quoted(code)),
                )
                .with_label("not in `codes`");
                suggested += 1;
                let near = (suggested <= MAX_SUGGESTIONS)
                    .then(|| crate::suggest::closest(code, &candidates))
                    .flatten();
                problems.push(match near {
                    Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                    None => problem,
                });
            }
        }
    }
}

fn check_package(package: Option<&Package>, page: Option<&Page>, problems: &mut Vec<Problem>) {
    if let Some(package) = package {
        check_crate_name(&package.name, problems);
        check_version(&package.version, problems);
    }
    let urls = package
        .map(|package| &package.repository)
        .into_iter()
        .chain(page.map(|page| &page.url));
    for url in urls {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(
                Problem::new(at(url), format!("`{}` is not an http(s) URL", quoted(url)))
                    .with_label("expected `https://…`"),
            );
        } else if !is_plain_address(url) {
            problems.push(not_plain_address(url));
        }
    }
    if let Some(page) = page {
        let title = &page.title;
        // The crate's docs link the page as `[title](url)`.
        if !title.contains(['\n', '\r']) && !renders_as_one_link(title) {
            problems.push(breaks_link(title));
        }
    }
}

fn check_crate_name(name: &Text, problems: &mut Vec<Problem>) {
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        problems.push(
            Problem::new(
                at(name),
                format!("`{}` is not a valid crate name", quoted(name)),
            )
            .with_label("ASCII letters, digits, `-` and `_`, starting with a letter"),
        );
    }
}

fn check_version(version: &Text, problems: &mut Vec<Problem>) {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()))
    {
        problems.push(
            Problem::new(
                at(version),
                format!("`{}` is not a semver version", quoted(version)),
            )
            .with_label("expected MAJOR.MINOR.PATCH, like `1.2.0`"),
        );
    }
}

/// `since` versions, deprecations and retirements.
fn check_lifecycle(parts: &Parts, problems: &mut Vec<Problem>) {
    let catalog_version = parts
        .package
        .and_then(|package| crate::evolution::parse_version(&package.version));
    let retired: HashSet<&str> = parts
        .codes
        .iter()
        .filter(|entry| entry.retired)
        .map(|entry| entry.code.as_str())
        .collect();
    let known: Vec<&str> = parts.codes.iter().map(|e| e.code.as_str()).collect();
    for entry in parts.codes {
        if let Some(since) = &entry.since {
            match crate::evolution::parse_version(since) {
                None => check_version(since, problems),
                Some(version) if catalog_version.is_some_and(|catalog| version > catalog) => {
                    problems.push(
                        Problem::new(
                            at(since),
                            format!(
                                "`since` {} is later than the catalog's version",
                                quoted(since)
                            ),
                        )
                        .with_label("after `crate.version`"),
                    );
                }
                Some(_) => {}
            }
        }
        let Some(replacement) = entry
            .deprecated
            .as_ref()
            .and_then(|deprecated| deprecated.replaced_by.as_ref())
        else {
            continue;
        };
        if !parts.all_codes {
            continue;
        }
        let problem = if replacement.as_str() == entry.code.as_str() {
            Problem::new(at(replacement), "a code cannot replace itself").with_label("same code")
        } else if !known.contains(&replacement.as_str()) {
            let problem = Problem::new(
                at(replacement),
                format!("`replaced_by` names unknown code `{}`", quoted(replacement)),
            )
            .with_label("not in `codes`");
            match crate::suggest::closest(replacement, &known) {
                Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                None => problem,
            }
        } else if retired.contains(replacement.as_str()) {
            Problem::new(
                at(replacement),
                format!("`replaced_by` names retired code `{}`", quoted(replacement)),
            )
            .with_label("retired")
            .with_help("name a code the server still sends")
        } else {
            continue;
        };
        problems.push(problem);
    }
    let Some(page) = parts.page.filter(|_| parts.whole_page) else {
        return;
    };
    if page.lifecycle.is_none() {
        let first = parts
            .codes
            .iter()
            .find(|entry| entry.retired || entry.deprecated.is_some());
        if let Some(entry) = first {
            problems.push(
                Problem::new(
                    at(&entry.code),
                    format!(
                        "code `{}` is {}, but the page has no `page.lifecycle` to present it",
                        entry.code.as_str(),
                        if entry.retired {
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
