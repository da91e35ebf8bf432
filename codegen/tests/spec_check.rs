//! The spec check (`cargo xtask check-spec`) on fixture specs against the repository's catalog:
//! it passes the main spec, reports each kind of mismatch at its place in the spec, and gives a
//! malformed spec (a YAML bomb, no `paths`, a `$ref` loop, a truncated file) a clear error,
//! never a panic.
//!
//! Each `tests/fixtures/specs/NAME.yaml` has its report beside it in `NAME.stderr` (`BLESS=1`
//! rewrites them; see `tests/support/mod.rs`).

mod support;

use std::path::PathBuf;

use error_catalog::{spec, Catalog, Diagnostics, SourceFile};
use proptest::prelude::*;

fn catalog() -> Catalog {
    support::load(&support::repo_catalog_path())
}

fn specs_dir() -> PathBuf {
    support::fixtures_dir().join("specs")
}

fn problems_of(catalog: &Catalog, name: &str, text: &str) -> Vec<error_catalog::Problem> {
    spec::check(catalog, &SourceFile::new(name, text))
}

fn report(catalog: &Catalog, name: &str) -> (usize, String) {
    let text = std::fs::read_to_string(specs_dir().join(name)).expect("a fixture spec");
    let problems = problems_of(catalog, name, &text);
    let count = problems.len();
    (
        count,
        Diagnostics::new(SourceFile::new(name, text), problems).to_string(),
    )
}

#[test]
fn the_main_spec_agrees_with_the_catalog() {
    let text = support::read_repo_file("codegen/tests/fixtures/main-spec.yaml");
    let problems = problems_of(&catalog(), "main-spec.yaml", &text);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_fixture_spec_reports_its_snapshot() {
    let catalog = catalog();
    let bless = support::blessing();
    let mut failures = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(specs_dir())
        .expect("the fixture specs")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "fixtures went missing: {names:?}");
    for name in names {
        let (count, actual) = report(&catalog, &name);
        assert!(count > 0, "{name} should have problems");
        let snapshot = specs_dir().join(name.replace(".yaml", ".stderr"));
        if bless {
            std::fs::write(&snapshot, &actual).expect("a writable snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            failures.push(support::diff(&name, &expected, &actual));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The four kinds of mismatch, each once, each where it is.
#[test]
fn each_kind_of_mismatch_is_reported_at_its_place() {
    let (count, report) = report(&catalog(), "mismatches.yaml");
    assert_eq!(count, 4, "{report}");
    for expected in [
        "mismatches.yaml:21:3: error: the spec lacks `deleteSession`",
        "mismatches.yaml:55:9: error: `getSession` answers 409 in the spec, but the catalog lists no 409",
        "mismatches.yaml:72:7: error: `putSession` does not answer 429 in the spec",
        "mismatches.yaml:129:17: error: `getSessionBody`'s 422 refers to `UnprocessableEntity`, broader",
    ] {
        assert!(report.contains(expected), "no `{expected}` in:\n{report}");
    }
}

/// The other reports, each where it is; and a per-status response with exactly the operation's
/// codes is accepted.
#[test]
fn other_mismatches_are_reported_and_an_equal_response_is_not() {
    let (count, report) = report(&catalog(), "other-mismatches.yaml");
    assert_eq!(count, 4, "{report}");
    for expected in [
        "other-mismatches.yaml:34:20: error: `GET /sessions/{id}` has operationId `readSession`",
        "other-mismatches.yaml:56:17: error: `getSession`'s 404 refers to `SessionNotFound`, which the generated components do not have",
        "other-mismatches.yaml:116:17: error: `deleteSession`'s 422 refers to `GetSessionUnprocessableEntity`, which lacks `invalid_mode`",
        "other-mismatches.yaml:120:11: error: `/sessions/{id}/body` is in another file",
    ] {
        assert!(report.contains(expected), "no `{expected}` in:\n{report}");
    }
    assert!(!report.contains("putSession"), "{report}");
}

#[test]
fn malformed_specs_get_one_clear_error() {
    let catalog = catalog();
    for (name, message) in [
        (
            "yaml-bomb.yaml",
            "YAML anchors and aliases are not supported in a spec",
        ),
        ("no-paths.yaml", "the spec has no `paths`"),
        (
            "not-a-mapping.yaml",
            "the spec must be a mapping with `paths`, found a list",
        ),
    ] {
        let (count, report) = report(&catalog, name);
        assert_eq!(count, 1, "{report}");
        assert!(report.contains(message), "{name}: {report}");
    }
    let (_, report) = report(&catalog, "ref-loop.yaml");
    assert!(report.contains("`$ref` loop: `#/components/responses/First` leads back to itself"));
    assert!(report.contains("`$ref` `#/components/responses/Missing` points at nothing"));
}

proptest! {
    /// Any prefix of the main spec, cut anywhere, is checked without a panic.
    #[test]
    fn a_spec_cut_anywhere_never_panics(cut in 0usize..10_000) {
        let text = support::read_repo_file("codegen/tests/fixtures/main-spec.yaml");
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let _ = problems_of(&catalog(), "cut.yaml", &text[..cut]);
    }

    /// So is any text at all.
    #[test]
    fn any_text_never_panics(text in ".{0,400}") {
        let _ = problems_of(&catalog(), "any.yaml", &text);
    }
}
