//! `cargo xtask diff` on the evolution fixtures: its exit status and output formats.

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::Command;

fn fixture(case: &str, file: &str) -> PathBuf {
    support::evolution_dir().join(case).join(file)
}

fn diff(case: &str, format: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--format", format, "--base"])
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
