//! `cargo xtask diff` on the evolution fixtures: on each, its exit status and its whole output in
//! every format (the fixture's expected report as text and markdown, the library's report as
//! JSON), nothing on stderr. These check the catalog's half with `--no-api`; one runs the API
//! check too, on crates generated from both catalogs (cargo-semver-checks; the API check itself
//! is tested in `diff_api.rs`).

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::Command;

fn fixture(case: &str, file: &str) -> PathBuf {
    support::evolution_dir().join(case).join(file)
}

/// `cargo xtask diff --no-api` on a fixture: its exit status, stdout and stderr.
fn diff(case: &str, format: &str) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--no-api", "--format", format, "--base"])
        .arg(fixture(case, "base.yaml"))
        .arg("--catalog")
        .arg(fixture(case, "new.yaml"))
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 output");
    (output.status.code().expect("exited"), stdout, stderr)
}

/// How `diff` must exit on each fixture: 1 when the change may not ship (a breaking change
/// without a major bump, a retired code deleted or brought back, a version that went down).
const EXIT_STATUSES: &[(&str, i32)] = &[
    ("added", 0),
    ("constructor-added", 0),
    ("deleted", 1),
    ("deprecated", 0),
    ("deprecated-then-retired", 0),
    ("deprecation-replacement-changed", 0),
    ("deprecation-reworded", 0),
    ("details-turned-off", 0),
    ("details-turned-on", 0),
    ("message-reworded", 0),
    ("message-without-params", 0),
    ("one-of-value-added", 0),
    ("one-of-value-added-with-details", 0),
    ("one-of-value-removed", 0),
    ("operations-changed", 0),
    ("param-added", 0),
    ("param-described", 0),
    ("param-removed", 1),
    ("param-removed-with-details", 0),
    ("param-renamed", 0),
    ("param-type-changed", 0),
    ("params-reordered", 0),
    ("rate-limits-changed", 1),
    ("renamed", 0),
    ("retired", 0),
    ("retired-renamed", 1),
    ("retired-revived", 1),
    ("retired-revived-deprecated", 1),
    ("retired-then-deleted", 1),
    ("retry-after-added-with-params", 0),
    ("retry-after-removed-with-params", 0),
    ("retryable-changed", 1),
    ("reworded", 0),
    ("since-changed", 0),
    ("since-removed", 0),
    ("status-changed", 1),
    ("unchanged", 0),
    ("undeprecated", 0),
    ("version-down", 1),
];

/// The fixture's expected report (`expected.txt`): the text report and the markdown entry.
fn expected(case: &str) -> (String, String) {
    let text = std::fs::read_to_string(fixture(case, "expected.txt")).expect("expected.txt");
    let (report, markdown) = text
        .split_once("---\n")
        .expect("a text and a markdown part");
    (report.to_owned(), markdown.to_owned())
}

/// The library's text report as the CLI prints it without the API check: the line saying so
/// before the verdict.
fn without_api(report: &str) -> String {
    let (changes, verdict) = report
        .trim_end_matches('\n')
        .rsplit_once('\n')
        .map_or(("", report.trim_end_matches('\n')), |(changes, verdict)| {
            (changes, verdict)
        });
    let changes = if changes.is_empty() {
        String::new()
    } else {
        format!("{changes}\n")
    };
    format!("{changes}api not checked (--no-api)\n{verdict}\n")
}

#[test]
fn every_fixture_prints_its_report_in_each_format_and_exits_as_it_must() {
    let mut dirs: Vec<String> = std::fs::read_dir(support::evolution_dir())
        .expect("the fixtures")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    dirs.sort();
    assert_eq!(
        dirs,
        EXIT_STATUSES
            .iter()
            .map(|(case, _)| *case)
            .collect::<Vec<_>>(),
        "every fixture has its exit status here"
    );
    for &(case, status) in EXIT_STATUSES {
        let (report, markdown) = expected(case);
        assert_eq!(
            diff(case, "text"),
            (status, without_api(&report), String::new()),
            "{case}: text"
        );
        assert_eq!(
            diff(case, "markdown"),
            (status, markdown, String::new()),
            "{case}: markdown"
        );

        let (json_status, json, stderr) = diff(case, "json");
        assert_eq!((json_status, stderr.as_str()), (status, ""), "{case}: json");
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let library = error_catalog::evolution::compare(
            &support::load(&fixture(case, "base.yaml")),
            &support::load(&fixture(case, "new.yaml")),
        );
        let mut wanted = serde_json::to_value(&library).expect("the report as JSON");
        wanted["catalog_required"] = wanted["required"].clone();
        wanted["api"] = serde_json::Value::Null;
        assert_eq!(json, wanted, "{case}: json");
    }
}

#[test]
fn a_breaking_change_without_a_major_bump_fails_naming_the_bump_it_needs() {
    assert_eq!(
        diff("status-changed", "text"),
        (
            1,
            "breaking  not_found: status changed from 404 to 410\n\
             api not checked (--no-api)\n\
             version 0.1.0 -> 0.1.0: error: needs a major (breaking; a minor bump below 1.0.0) \
             bump, but the version did not go up\n"
                .to_owned(),
            String::new()
        )
    );
}

#[test]
fn reviving_a_retired_code_fails_whatever_the_bump() {
    for case in ["retired-revived", "retired-revived-deprecated"] {
        assert_eq!(
            diff(case, "text"),
            (
                1,
                "forbidden invalid_side: a retired code cannot come back, its string is never \
                 reused; add a new code instead\n\
                 api not checked (--no-api)\n\
                 version 0.1.1 -> 0.2.0: error: a change is forbidden (above)\n"
                    .to_owned(),
                String::new()
            ),
            "{case}"
        );
    }
}

#[test]
fn deleting_a_retired_code_fails_whatever_the_bump() {
    assert_eq!(
        diff("retired-then-deleted", "text"),
        (
            1,
            "forbidden invalid_side: a retired code stays in the catalog for good; restore it\n\
             api not checked (--no-api)\n\
             version 0.1.0 -> 0.2.0: error: a change is forbidden (above)\n"
                .to_owned(),
            String::new()
        )
    );
}

#[test]
fn markdown_is_a_changelog_entry() {
    assert_eq!(
        diff("added", "markdown"),
        (
            0,
            "## 0.1.1\n\n### Added\n\n- `payload_too_large`: new code, HTTP 413\n".to_owned(),
            String::new()
        )
    );
}

#[test]
fn a_deleted_code_is_a_missing_variant_of_the_crate_too() {
    // A file base: both crates are generated, by the current generator, from the two catalogs.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--base"])
        .arg(fixture("deleted", "base.yaml"))
        .arg("--catalog")
        .arg(fixture("deleted", "new.yaml"))
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The variant's line in the crate generated from the base catalog.
    let base = support::generate(&fixture("deleted", "base.yaml"));
    let lib_rs = support::output(&base, "generated/api-errors/src/lib.rs");
    let line = 1 + lib_rs
        .lines()
        .position(|line| line.trim() == "InvalidSide,")
        .expect("the variant");
    assert_eq!(
        stdout,
        format!(
            "breaking  invalid_side: deleted; clients matching on it stop compiling (retire a code \
             instead: `retired: true`)\n\
             api major enum_variant_missing: variant ErrorCode::InvalidSide, previously in file \
             generated/api-errors/src/lib.rs:{line}\n\
             version 0.1.0 -> 0.1.0: error: needs a major (breaking; a minor bump below 1.0.0) \
             bump, but the version did not go up\n"
        ),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

#[test]
fn a_base_that_is_neither_file_nor_revision_is_an_error() {
    for (base, says) in [
        (
            "",
            "error: `--base` is empty: give a git revision (such as the last release tag) or a \
             file\n",
        ),
        (
            "no-such-revision",
            "error: `no-such-revision` is neither a file nor a git revision\n",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["diff", "--base", base])
            .output()
            .expect("xtask runs");
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stdout).as_ref(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(1), "", says),
            "{base:?}"
        );
    }
}
