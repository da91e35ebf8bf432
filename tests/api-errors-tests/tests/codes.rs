//! `ErrorCode` against the catalog it was generated from: the tables, parsing, `doc_url` and the
//! page's anchors, the `http` status, and the crate's manifest and attributes.

#[path = "../../../codegen/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use api_errors::{ErrorBody, ErrorCode, UnknownCode};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::Value;

fn repo_file(path: &str) -> (PathBuf, String) {
    (
        support::repo_root().join(path),
        support::read_repo_file(path),
    )
}

fn catalog() -> Value {
    serde_saphyr::from_str(&repo_file("catalog.yaml").1).expect("catalog.yaml is YAML")
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value:?}"))
}

#[test]
fn the_tables_say_what_the_catalog_says_in_its_order() {
    let catalog = catalog();
    let entries = catalog["codes"].as_array().expect("a list of codes");
    assert_eq!(ErrorCode::ALL.len(), entries.len());
    for (&code, entry) in ErrorCode::ALL.iter().zip(entries) {
        assert_eq!(code.as_str(), text(entry, "code"));
        assert_eq!(u64::from(code.status()), entry["status"].as_u64().unwrap());
        assert_eq!(code.cause(), filled_in(&catalog, text(entry, "cause")));
        assert_eq!(code.remedy(), filled_in(&catalog, text(entry, "remedy")));
        // A 429 code with a policy sends Retry-After unless it says otherwise, and a code that
        // sends it is retryable unless it says otherwise.
        let retry_after = entry["retry_after"]
            .as_bool()
            .unwrap_or(entry["status"] == 429 && entry["rate_limit"].is_string());
        assert_eq!(code.sends_retry_after(), retry_after);
        assert_eq!(
            code.is_retryable(),
            entry["retryable"].as_bool().unwrap_or(retry_after)
        );
    }
}

/// `text` with the catalog's rate-limit placeholders (`{production.requests}`) filled in, read
/// here from the YAML on its own rather than through the generator's library.
fn filled_in(catalog: &Value, text: &str) -> String {
    let mut filled = text.to_owned();
    for policy in catalog["rate_limits"].as_array().into_iter().flatten() {
        let name = policy["name"].as_str().expect("a policy name");
        for field in ["requests", "window", "scope"] {
            let value = match &policy[field] {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            filled = filled.replace(&format!("{{{name}.{field}}}"), &value);
        }
    }
    filled
}

#[test]
fn every_code_parses_from_and_displays_as_its_string() {
    for &code in ErrorCode::ALL {
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(format!("{code:>30}").trim_start(), code.as_str());
        assert_eq!(ErrorCode::from_str(code.as_str()), Ok(code));
        assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
        assert_eq!(ErrorCode::from_code(code.as_str()), Some(code));
    }
}

#[test]
fn parsing_an_unknown_string_names_it() {
    for unknown in [
        "",
        "Unauthorized",
        "unauthorized ",
        "not-found",
        "zzz",
        "aaa",
    ] {
        let error: UnknownCode = unknown.parse::<ErrorCode>().unwrap_err();
        assert_eq!(error.code(), unknown);
        assert!(!error.is_truncated());
        assert_eq!(error.to_string(), format!("unknown error code `{unknown}`"));
        let _: &dyn std::error::Error = &error;
    }
}

#[test]
fn an_unknown_string_is_named_escaped() {
    let error = "bad\ncode\u{1b}[31m".parse::<ErrorCode>().unwrap_err();
    assert_eq!(error.code(), "bad\ncode\u{1b}[31m");
    assert_eq!(
        error.to_string(),
        "unknown error code `bad\\ncode\\u{1b}[31m`"
    );
}

#[test]
fn an_unknown_string_longer_than_any_code_is_kept_cut() {
    // 64 bytes, the longest a code can be, are kept whole.
    let longest = "a".repeat(64);
    let error = longest.parse::<ErrorCode>().unwrap_err();
    assert_eq!(
        (error.code(), error.is_truncated()),
        (longest.as_str(), false)
    );

    let long = "x".repeat(10_000);
    let error = long.parse::<ErrorCode>().unwrap_err();
    assert_eq!(error.code(), &long[..64]);
    assert!(error.is_truncated());
    assert_eq!(
        error.to_string(),
        format!("unknown error code `{}` (its start)", &long[..64])
    );

    // The cut falls before a character that would straddle byte 64, never inside it.
    let straddling = format!("{}é", "a".repeat(63));
    let error = straddling.parse::<ErrorCode>().unwrap_err();
    assert_eq!(error.code(), "a".repeat(63));
    assert!(error.is_truncated());
    assert_eq!(
        format!("{error:?}"),
        format!(
            "UnknownCode {{ code: {:?}, truncated: true }}",
            "a".repeat(63)
        )
    );
}

#[test]
fn codes_are_distinct_and_ordered_as_in_the_catalog() {
    let mut sorted = ErrorCode::ALL.to_vec();
    sorted.sort();
    assert_eq!(sorted, ErrorCode::ALL, "Ord follows catalog order");
    let strings: std::collections::BTreeSet<&str> =
        ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(strings.len(), ErrorCode::ALL.len());
}

#[test]
fn the_http_status_converts() {
    for &code in ErrorCode::ALL {
        let status = axum::http::StatusCode::from(code);
        assert_eq!(status.as_u16(), code.status());
        let status: axum::http::StatusCode = code.into();
        assert!(status.is_client_error() || status.is_server_error());
    }
    assert_eq!(
        axum::http::StatusCode::from(ErrorCode::RateLimited),
        axum::http::StatusCode::TOO_MANY_REQUESTS
    );
}

#[test]
fn a_body_from_a_code_carries_its_cause_and_status() {
    let body = ErrorBody::from(ErrorCode::ScopeMismatch);
    assert_eq!(body.message(), ErrorCode::ScopeMismatch.cause());
    assert_eq!(body.status(), 403);
    assert_eq!(
        body.to_string(),
        format!("{} (scope_mismatch)", ErrorCode::ScopeMismatch.cause())
    );
    assert_eq!(ErrorBody::with_raw_code("added_later", "x").status(), 500);
}

/// The anchor id and the code text of the first cell of every row of the page's tables.
fn page_rows(page: &str) -> Vec<(Option<String>, String)> {
    let mut rows = Vec::new();
    let mut in_first_cell = false;
    let mut cell = 0;
    let mut anchor = None;
    let mut code = String::new();
    for event in Parser::new_ext(page, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow) => {
                cell = 0;
                anchor = None;
                code.clear();
            }
            Event::Start(Tag::TableCell) => {
                in_first_cell = cell == 0;
                cell += 1;
            }
            Event::End(TagEnd::TableCell) => in_first_cell = false,
            Event::End(TagEnd::TableRow) => rows.push((anchor.take(), code.clone())),
            Event::InlineHtml(html) if in_first_cell => {
                if let Some(id) = html
                    .strip_prefix("<a id=\"")
                    .and_then(|rest| rest.strip_suffix("\">"))
                {
                    anchor = Some(id.to_owned());
                }
            }
            Event::Code(text) if in_first_cell => code.push_str(&text),
            _ => {}
        }
    }
    rows
}

#[test]
fn doc_url_links_to_the_anchor_of_the_codes_row_on_the_page() {
    let catalog = catalog();
    let page_url = text(&catalog["page"], "url");
    let (path, page) = repo_file("docs/errors.md");
    let rows = page_rows(&page);
    let mut anchors: BTreeMap<&str, usize> = BTreeMap::new();
    for (anchor, _) in &rows {
        if let Some(anchor) = anchor {
            *anchors.entry(anchor).or_default() += 1;
        }
    }
    for &code in ErrorCode::ALL {
        assert_eq!(code.doc_url(), format!("{page_url}#{code}"));
        let (_, fragment) = code.doc_url().split_once('#').unwrap();
        assert_eq!(
            anchors.get(fragment),
            Some(&1),
            "{}: exactly one anchor `{fragment}`",
            path.display()
        );
        assert!(
            rows.iter()
                .any(|(anchor, text)| anchor.as_deref() == Some(fragment) && text == code.as_str()),
            "{}: the anchor `{fragment}` is not in the row of `{code}`",
            path.display()
        );
    }
}

#[test]
fn the_manifest_is_publishable_with_the_catalogs_metadata() {
    let catalog = catalog();
    let package_info = &catalog["crate"];
    let manifest: toml::Table = repo_file("generated/api-errors/Cargo.toml")
        .1
        .parse()
        .expect("Cargo.toml is TOML");
    let package = manifest["package"].as_table().expect("a [package] table");
    for key in ["name", "version", "description", "license", "repository"] {
        assert_eq!(
            package[key].as_str(),
            Some(text(package_info, key)),
            "package.{key}"
        );
    }
    assert!(package.get("publish").is_none(), "publishable");
    let rust_version = package["rust-version"].as_str().expect("an MSRV");
    assert_eq!(rust_version, "1.81", "core::error::Error needs 1.81");
    for (_, value) in package {
        assert!(
            value.get("workspace").is_none(),
            "no workspace inheritance: the crate builds on its own"
        );
    }
    let docs_rs = &manifest["package"]["metadata"]["docs"]["rs"];
    assert_eq!(docs_rs["all-features"].as_bool(), Some(true));
}

#[test]
fn the_crate_is_no_std_without_unsafe_and_documents_its_breaking_changes() {
    let (_, lib) = repo_file("generated/api-errors/src/lib.rs");
    let attributes: Vec<&str> = lib
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("#!["))
        .collect();
    for wanted in [
        "#![no_std]",
        "#![forbid(unsafe_code)]",
        "#![deny(missing_docs)]",
    ] {
        assert!(attributes.contains(&wanted), "lib.rs lacks {wanted}");
    }
    let lines: Vec<&str> = lib.lines().collect();
    let enum_line = lines
        .iter()
        .position(|line| *line == "pub enum ErrorCode {")
        .expect("lib.rs defines `pub enum ErrorCode`");
    let enum_attributes = lines[..enum_line]
        .iter()
        .rev()
        .take_while(|line| line.starts_with("#["));
    assert!(
        enum_attributes
            .into_iter()
            .any(|line| *line == "#[non_exhaustive]"),
        "ErrorCode is not #[non_exhaustive]: adding a code would be a breaking change"
    );
    let docs: String = lib
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace('*', "")
        .to_lowercase();
    for wanted in [
        "# compatibility",
        "adding a code is a minor release",
        "removing or renaming a code is a major release",
        "changing a code's status",
    ] {
        assert!(docs.contains(wanted), "the crate docs lack `{wanted}`");
    }
}
