//! `cargo xtask diff --base REV` on the generated crate's API: a fixture repository in a
//! temporary folder holds this repository's catalog and, committed, the crate the generator
//! makes from it, edited to stand for what an older generator made. The catalog is the same at
//! both revisions, so every change the reports name is a generator change.
//!
//! These run cargo-semver-checks, pinned and installed by `cargo xtask tools` (`cargo xtask
//! test` installs it first); without it they fail, saying so.

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const LIB_RS: &str = "generated/api-errors/src/lib.rs";

/// What the verdict says when a bump is missing or made.
const NEEDS_MAJOR: &str = "needs a major (breaking; a minor bump below 1.0.0) bump";
const NEEDS_MINOR: &str = "needs a minor (additive; a patch bump below 1.0.0) bump";

/// The result of one run: exit status, stdout, stderr.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn xtask(args: &[&str], configure: impl FnOnce(&mut Command)) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args);
    configure(&mut command);
    let output = command.output().expect("xtask runs");
    Run {
        status: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// Cargo's target folder, as the xtask finds it: `$CARGO_TARGET_DIR`, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| support::repo_root().join("target"), PathBuf::from)
}

/// Fails, saying how to get it, unless cargo-semver-checks is where `cargo xtask tools` puts it
/// or on `PATH`.
fn require_tool() {
    let installed = target_dir()
        .join("tools")
        .join("bin")
        .join("cargo-semver-checks");
    let on_path = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .any(|dir| dir.join("cargo-semver-checks").is_file());
    assert!(
        installed.is_file() || on_path,
        "`cargo-semver-checks` is not installed: run the tests with `cargo xtask test`, which \
         installs the pinned tools into target/tools"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Fixture",
            "-c",
            "user.email=fixture@example.com",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fixture repository: one commit, the base.
struct Repo {
    dir: TempDir,
    /// The crate's source as the generator makes it now.
    generated: String,
    /// The crate's source at the base.
    base: String,
    /// The catalog's `crate.version`.
    version: String,
    /// Its numbers.
    numbers: (u64, u64, u64),
}

impl Repo {
    /// A repository whose commit holds this repository's catalog and the outputs the generator
    /// makes from it, the crate's source passed through `edit` (what an older generator made).
    /// The working tree holds the outputs as the generator makes them now.
    fn new(edit: impl FnOnce(&str) -> String) -> Repo {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let catalog = dir.path().join("catalog.yaml");
        std::fs::copy(support::repo_catalog_path(), &catalog).expect("catalog copied");
        let root = dir.path().to_str().expect("a UTF-8 path");
        let codegen = xtask(
            &["codegen", "--catalog", &format!("{root}/catalog.yaml")],
            |command| {
                command.arg("--out").arg(dir.path());
            },
        );
        assert_eq!(codegen.status, 0, "{}", codegen.stderr);
        let lib_rs = dir.path().join(LIB_RS);
        let generated = std::fs::read_to_string(&lib_rs).expect("the generated crate");
        let base = edit(&generated);
        assert_ne!(base, generated, "the edit changes the crate");
        std::fs::write(&lib_rs, &base).expect("base written");
        git(dir.path(), &["init", "--quiet"]);
        git(dir.path(), &["add", "--all"]);
        git(dir.path(), &["commit", "--quiet", "--message", "base"]);
        std::fs::write(&lib_rs, &generated).expect("crate regenerated");
        let version = support::load(&catalog).package.version;
        assert!(version.major > 0 || version.minor > 0, "a 0.0.x version");
        Repo {
            dir,
            generated,
            base,
            version: version.to_string(),
            numbers: (version.major, version.minor, version.patch),
        }
    }

    /// `cargo xtask diff --base HEAD --format FORMAT` on the repository's catalog.
    fn diff(&self, format: &str) -> Run {
        let catalog = self.dir.path().join("catalog.yaml");
        xtask(&["diff", "--base", "HEAD", "--format", format], |command| {
            command.arg("--catalog").arg(catalog);
        })
    }

    /// Sets the working tree's `crate.version` to the bump's version; returns it.
    fn bump(&self, bump: &str) -> String {
        let (major, minor, patch) = self.numbers;
        // Cargo's reading: below 1.0.0 the minor number is the breaking one.
        let to = match (bump, major) {
            ("major", 0) => format!("0.{}.0", minor + 1),
            ("major", _) => format!("{}.0.0", major + 1),
            ("minor", 0) => format!("0.{minor}.{}", patch + 1),
            ("minor", _) => format!("{major}.{}.0", minor + 1),
            _ => unreachable!("{bump}"),
        };
        let v = &self.version;
        let path = self.dir.path().join("catalog.yaml");
        let text = std::fs::read_to_string(&path).expect("catalog");
        let line = format!("version: {v}\n");
        assert!(text.contains(&line), "the catalog has `{line}`");
        std::fs::write(&path, text.replacen(&line, &format!("version: {to}\n"), 1))
            .expect("catalog written");
        to
    }
}

/// The 1-based number of the first line of `text` whose trimmed text starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    1 + text
        .lines()
        .position(|line| line.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with `{start}`"))
}

/// The base has a public method that the generator no longer makes: `ErrorCode::removed_later`.
fn with_extra_method(lib_rs: &str) -> String {
    let anchor = "impl ErrorCode {\n";
    assert!(lib_rs.contains(anchor), "the crate has `{anchor}`");
    lib_rs.replacen(
        anchor,
        &format!(
            "{anchor}    /// A method that the generator stopped making.\n    \
             pub fn removed_later(self) -> u8 {{\n        0\n    }}\n\n"
        ),
        1,
    )
}

/// The base lacks a public method that the generator makes now: `ErrorCode::is_retired`, with
/// its documentation and the blank line before it.
fn without_is_retired(lib_rs: &str) -> String {
    let lines: Vec<&str> = lib_rs.lines().collect();
    let at = line_of(lib_rs, "pub fn is_retired(self)") - 1;
    let mut first = at;
    while first > 0
        && ["///", "#["]
            .iter()
            .any(|s| lines[first - 1].trim_start().starts_with(s))
    {
        first -= 1;
    }
    if first > 0 && lines[first - 1].trim().is_empty() {
        first -= 1;
    }
    let last = at
        + lines[at..]
            .iter()
            .position(|line| *line == "    }")
            .expect("the method's end");
    let mut kept: Vec<&str> = lines[..first].to_vec();
    kept.extend(&lines[last + 1..]);
    kept.join("\n") + "\n"
}

/// The base differs in one line of documentation.
fn with_reworded_doc(lib_rs: &str) -> String {
    let from = "/// Whether the code is retired";
    assert!(lib_rs.contains(from), "the crate has `{from}`");
    lib_rs.replacen(from, "/// Whether this code is retired", 1)
}

#[test]
fn a_removed_method_needs_a_major_bump_and_fails_without_one() {
    require_tool();
    let repo = Repo::new(with_extra_method);
    let v = repo.version.clone();
    let line = line_of(&repo.base, "pub fn removed_later(self)");
    let item = format!("ErrorCode::removed_later, previously in file {LIB_RS}:{line}");

    let run = repo.diff("text");
    assert_eq!(
        run.stdout,
        format!(
            "no changes to codes\n\
             api major inherent_method_missing: {item}\n\
             version {v} -> {v}: error: {NEEDS_MAJOR}, but the version did not go up\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (1, ""));

    let run = repo.diff("json");
    assert_eq!(
        run.stdout,
        format!(
            r#"{{
  "base_version": "{v}",
  "version": "{v}",
  "changes": [],
  "required": "major",
  "actual": "none",
  "forbidden": [],
  "catalog_required": "none",
  "api": {{
    "tool": "cargo-semver-checks 0.51.0",
    "features": "all",
    "required": "major",
    "changes": [
      {{
        "lint": "inherent_method_missing",
        "bump": "major",
        "level": "deny",
        "summary": "pub method removed or renamed",
        "items": [
          "{item}"
        ]
      }}
    ]
  }}
}}
"#
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (1, ""));

    let run = repo.diff("markdown");
    assert_eq!(
        run.stdout,
        format!(
            "## {v}\n\nNo changes to error codes.\n\n### API changes\n\n\
             - pub method removed or renamed: `{item}` (`inherent_method_missing`, major)\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (1, ""));

    let to = repo.bump("major");
    let run = repo.diff("text");
    assert_eq!(
        run.stdout,
        format!(
            "no changes to codes\n\
             api major inherent_method_missing: {item}\n\
             version {v} -> {to}: {NEEDS_MAJOR}: ok\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
}

#[test]
fn an_added_method_needs_a_minor_bump() {
    require_tool();
    let repo = Repo::new(without_is_retired);
    let v = repo.version.clone();
    let line = line_of(&repo.generated, "pub fn is_retired(self)");
    let item = format!("ErrorCode::is_retired in {LIB_RS}:{line}");

    // Like an additive change to the catalog: without its bump, a warning, not a failure.
    let run = repo.diff("text");
    assert_eq!(
        run.stdout,
        format!(
            "no changes to codes\n\
             api minor inherent_method_added: {item}\n\
             version {v} -> {v}: warning: {NEEDS_MINOR}, but the version did not go up\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));

    let run = repo.diff("markdown");
    assert_eq!(
        run.stdout,
        format!(
            "## {v}\n\nNo changes to error codes.\n\n### API changes\n\n\
             - pub inherent method added: `{item}` (`inherent_method_added`, minor)\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));

    let to = repo.bump("minor");
    let run = repo.diff("text");
    assert_eq!(
        run.stdout,
        format!(
            "no changes to codes\n\
             api minor inherent_method_added: {item}\n\
             version {v} -> {to}: {NEEDS_MINOR}: ok\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
}

#[test]
fn a_documentation_change_needs_nothing() {
    require_tool();
    let repo = Repo::new(with_reworded_doc);
    let v = repo.version.clone();
    let run = repo.diff("text");
    assert_eq!(
        run.stdout,
        format!(
            "no changes to codes\n\
             no changes to the crate's API\n\
             version {v} -> {v}: no bump needed\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));

    let run = repo.diff("json");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["required"], "none");
    assert_eq!(report["api"]["required"], "none");
    assert_eq!(report["api"]["changes"], serde_json::json!([]));
    assert_eq!(run.status, 0);
}

#[test]
fn a_base_that_does_not_build_fails_the_run_naming_the_tool() {
    require_tool();
    let repo = Repo::new(|lib_rs| format!("{lib_rs}\nthis is not Rust\n"));
    let run = repo.diff("text");
    assert_eq!(run.stdout, "", "nothing is reported");
    let work = target_dir().join("api-check");
    let expected =
        format!(
        "error: cargo-semver-checks cannot build the crate at the base (written to {}), so the \
         API check did not run (exit status: 101); its output:\n",
        work.canonicalize().expect("the API check's folder").join("baseline").display()
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    // Its output shows the error in the base's source.
    assert!(
        run.stderr.contains("| this is not Rust\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.status, 1);
}

#[test]
fn a_revision_without_the_crate_fails_unless_the_api_check_is_skipped() {
    // Only the catalog is committed: no tool runs.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let catalog = dir.path().join("catalog.yaml");
    std::fs::copy(support::repo_catalog_path(), &catalog).expect("catalog copied");
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "--all"]);
    git(
        dir.path(),
        &["commit", "--quiet", "--message", "catalog only"],
    );
    let version = support::load(&catalog).package.version;

    let run = xtask(&["diff", "--base", "HEAD"], |command| {
        command.arg("--catalog").arg(&catalog);
    });
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "",
            "error: revision `HEAD` has no generated crate at generated/api-errors/, so the API \
             of the crate generated now has no base to compare with: commit the generated crate \
             with each release (`cargo xtask codegen` writes it there), give `--out` if the \
             outputs are written under another folder than the catalog's, or pass `--no-api` to \
             check the catalog alone\n"
        )
    );

    let run = xtask(&["diff", "--base", "HEAD", "--no-api"], |command| {
        command.arg("--catalog").arg(&catalog);
    });
    assert_eq!(
        (run.status, run.stdout, run.stderr),
        (
            0,
            format!(
                "no changes to codes\napi not checked (--no-api)\n\
                 version {version} -> {version}: no bump needed\n"
            ),
            String::new()
        )
    );
}

#[test]
fn without_the_tool_the_run_fails_naming_cargo_xtask_tools() {
    // No tools folder (an empty target folder) and nothing on PATH.
    let empty = tempfile::tempdir().expect("a temporary folder");
    let base = support::evolution_dir().join("unchanged").join("base.yaml");
    let run = xtask(&["diff", "--base"], |command| {
        command
            .arg(&base)
            .arg("--catalog")
            .arg(&base)
            .env("CARGO_TARGET_DIR", empty.path())
            .env("PATH", empty.path());
    });
    let bin = empty.path().join("tools").join("bin");
    assert_eq!(
        (run.status, run.stdout, run.stderr),
        (
            1,
            String::new(),
            format!(
                "error: cargo-semver-checks is not installed, so the generated crate's API cannot \
                 be compared: run `cargo xtask tools`, which installs cargo-semver-checks 0.51.0 \
                 into {}, or pass `--no-api` to check the catalog alone\n",
                bin.display()
            )
        )
    );
}
