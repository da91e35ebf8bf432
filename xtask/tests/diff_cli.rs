//! `cargo xtask diff` on the evolution fixtures: its exit status and output formats. These check
//! the catalog's half with `--no-api`; one runs the API check too, on crates generated from both
//! catalogs (cargo-semver-checks; the API check itself is tested in `diff_api.rs`).

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::Command;

fn fixture(case: &str, file: &str) -> PathBuf {
    support::evolution_dir().join(case).join(file)
}

fn diff(case: &str, format: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--no-api", "--format", format, "--base"])
        .arg(fixture(case, "base.yaml"))
        .arg("--catalog")
        .arg(fixture(case, "new.yaml"))
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (output.status.code().expect("exited"), stdout)
}

#[test]
fn breaking_change_without_major_bump_fails() {
    for case in ["deleted", "status-changed", "retryable-changed"] {
        let (status, stdout) = diff(case, "text");
        assert_eq!(status, 1, "{case}: {stdout}");
        assert!(stdout.starts_with("breaking "), "{case}: {stdout}");
    }
}

#[test]
fn right_bump_or_nothing_breaking_passes() {
    for case in [
        "renamed",
        "added",
        "reworded",
        "unchanged",
        "deprecated",
        "retired",
    ] {
        let (status, stdout) = diff(case, "text");
        assert_eq!(status, 0, "{case}: {stdout}");
    }
}

#[test]
fn json_report_carries_classes_and_bumps() {
    let (_, stdout) = diff("renamed", "json");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(report["required"], "major");
    assert_eq!(report["actual"], "major");
    assert_eq!(report["changes"][0]["class"], "breaking");
    assert_eq!(report["changes"][0]["code"], "invalid_mode");
}

#[test]
fn markdown_is_a_changelog_entry() {
    let (_, stdout) = diff("added", "markdown");
    assert!(stdout.starts_with("## 0.1.1\n"), "{stdout}");
    assert!(
        stdout.contains("### Added\n\n- `payload_too_large`: new code, HTTP 413"),
        "{stdout}"
    );
}

#[test]
fn without_the_api_check_the_report_says_so() {
    let (status, stdout) = diff("unchanged", "text");
    assert_eq!(status, 0, "{stdout}");
    assert_eq!(
        stdout,
        "no changes to codes\napi not checked (--no-api)\nversion 0.1.0 -> 0.1.0: no bump needed\n"
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
fn deleting_a_retired_code_fails_whatever_the_bump() {
    let (status, stdout) = diff("retired-then-deleted", "text");
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("forbidden invalid_side"), "{stdout}");
}

#[test]
fn a_base_that_is_neither_file_nor_revision_is_an_error() {
    for base in ["", "no-such-revision"] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["diff", "--base", base])
            .output()
            .expect("xtask runs");
        assert_eq!(output.status.code(), Some(1), "{base:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("error: `"), "{base:?}: {stderr}");
    }
}
