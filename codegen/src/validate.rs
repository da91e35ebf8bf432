//! The catalog's rules. [`validate`] checks all of them, collects every problem, and is the only
//! way to obtain a [`Catalog`], so emitters never see input that breaks a rule.

use std::collections::HashMap;
use std::ops::Deref;

use pulldown_cmark::{Event, Parser, Tag};

use crate::catalog::{RawCatalog, Text};
use crate::diagnostic::{Location, Problem};
use crate::naming::{is_snake_case, variant_name};

/// Longest accepted code, in bytes.
pub const MAX_CODE_LEN: usize = 64;

/// Longest accepted text field, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

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
    let mut problems = Vec::new();
    check_codes(&raw, &mut problems);
    check_texts(&raw, &mut problems);
    check_references(&raw, &mut problems);
    check_package(&raw, &mut problems);
    if problems.is_empty() {
        Ok(Catalog { raw })
    } else {
        Err(problems)
    }
}

fn at(text: &Text) -> Location {
    Location::of(text.span())
}

fn check_codes(raw: &RawCatalog, problems: &mut Vec<Problem>) {
    let mut first_by_code: HashMap<&str, &Text> = HashMap::new();
    let mut first_by_variant: HashMap<String, &Text> = HashMap::new();
    for entry in &raw.codes {
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
                    format!("code `{}` is not snake_case", code.as_str()),
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

/// Every text field with the name it is reported under, and whether it lands in a table cell.
fn texts(raw: &RawCatalog) -> Vec<(&'static str, &Text, bool)> {
    let package = &raw.package;
    let page = &raw.page;
    let mut texts = vec![
        ("crate.name", &package.name, false),
        ("crate.version", &package.version, false),
        ("crate.description", &package.description, false),
        ("crate.license", &package.license, false),
        ("crate.repository", &package.repository, false),
        ("page.title", &page.title, false),
        ("page.lead", &page.lead, false),
        ("page.url", &page.url, false),
        ("page.envelope.intro", &page.envelope.intro, false),
        (
            "page.envelope.example.error",
            &page.envelope.example.error,
            false,
        ),
        (
            "page.envelope.example.code",
            &page.envelope.example.code,
            false,
        ),
        ("page.envelope.outro", &page.envelope.outro, false),
        ("page.reference.heading", &page.reference.heading, false),
        (
            "page.reference.columns.code",
            &page.reference.columns.code,
            true,
        ),
        (
            "page.reference.columns.status",
            &page.reference.columns.status,
            true,
        ),
        (
            "page.reference.columns.cause",
            &page.reference.columns.cause,
            true,
        ),
        (
            "page.reference.columns.remedy",
            &page.reference.columns.remedy,
            true,
        ),
        ("page.patterns.heading", &page.patterns.heading, false),
        (
            "page.patterns.codes_label",
            &page.patterns.codes_label,
            false,
        ),
        ("page.related.heading", &page.related.heading, false),
    ];
    for pattern in &page.patterns.items {
        texts.push(("pattern title", &pattern.title, false));
        texts.push(("pattern text", &pattern.text, false));
    }
    for section in &page.sections {
        texts.push(("section heading", &section.heading, false));
        texts.extend(section.paragraphs.iter().map(|p| ("paragraph", p, false)));
    }
    for link in &page.related.links {
        texts.push(("link title", &link.title, false));
        texts.push(("link href", &link.href, false));
        texts.push(("link text", &link.text, false));
    }
    for entry in &raw.codes {
        texts.push(("cause", &entry.cause, true));
        texts.push(("remedy", &entry.remedy, true));
    }
    texts
}

fn check_texts(raw: &RawCatalog, problems: &mut Vec<Problem>) {
    for (field, text, in_cell) in texts(raw) {
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
        if in_cell && text.contains(['\n', '\r']) {
            problems.push(
                Problem::new(at(text), format!("`{field}` spans several lines"))
                    .with_label("line break in a table cell")
                    .with_help("a table cell holds one line; write it on one line"),
            );
        }
        check_markdown(field, text, problems);
    }
}

/// Rejects markdown that would not render as written: raw HTML and script links.
fn check_markdown(field: &str, text: &Text, problems: &mut Vec<Problem>) {
    for event in Parser::new(text) {
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
                        format!("`{field}` links to `{dest_url}`, which is not a web address"),
                    )
                    .with_label("unsafe link"),
                );
                return;
            }
            _ => {}
        }
    }
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

fn check_references(raw: &RawCatalog, problems: &mut Vec<Problem>) {
    let known: HashMap<&str, ()> = raw.codes.iter().map(|e| (e.code.as_str(), ())).collect();
    for pattern in &raw.page.patterns.items {
        if pattern.codes.is_empty() {
            problems.push(
                Problem::new(at(&pattern.title), "pattern names no code")
                    .with_help("list the codes it is about under `codes`"),
            );
        }
        for code in &pattern.codes {
            if !known.contains_key(code.as_str()) {
                let candidates: Vec<&str> = known.keys().copied().collect();
                let problem = Problem::new(
                    at(code),
                    format!("pattern names unknown code `{}`", code.as_str()),
                )
                .with_label("not in `codes`");
                problems.push(match crate::suggest::closest(code, &candidates) {
                    Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                    None => problem,
                });
            }
        }
    }
}

fn check_package(raw: &RawCatalog, problems: &mut Vec<Problem>) {
    let package = &raw.package;
    let name = &package.name;
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        problems.push(
            Problem::new(
                at(name),
                format!("`{}` is not a valid crate name", name.as_str()),
            )
            .with_label("ASCII letters, digits, `-` and `_`, starting with a letter"),
        );
    }
    let version = &package.version;
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
                format!("`{}` is not a semver version", version.as_str()),
            )
            .with_label("expected MAJOR.MINOR.PATCH, like `1.2.0`"),
        );
    }
    for url in [&package.repository, &raw.page.url] {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(
                Problem::new(at(url), format!("`{}` is not an http(s) URL", url.as_str()))
                    .with_label("expected `https://…`"),
            );
        }
    }
}
