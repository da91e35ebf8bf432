//! The API half of `cargo xtask diff`: the generated crate at the base against the crate the
//! generator makes now, compared by cargo-semver-checks. The crate changes when the catalog
//! changes and when the generator does, with the catalog untouched; clients pin the crate, so
//! both count.
//!
//! Both crates are written under `<target>/api-check/` (`baseline/` and `current/`) and checked
//! there, one run at a time (a lock file): cargo-semver-checks names its build folders after the
//! crate's name and version, which the two sides share. Its builds go to
//! `<target>/api-check/target`, so the dependencies are built once and reused by later runs.
//!
//! The run is `cargo-semver-checks semver-checks check-release --manifest-path CURRENT
//! --baseline-root BASELINE --release-type patch --all-features --color never`:
//!
//! - `--release-type patch` runs every lint whatever the two versions say; `diff` compares the
//!   versions itself, the same way for the catalog and the API.
//! - `--all-features`: the API is the crate's with every feature on, as docs.rs documents it.
//! - cargo-semver-checks leaves the lints of additions (`inherent_method_added` and the like,
//!   which need a minor bump) off by default; the current crate's manifest turns every lint of
//!   the minor kind to `deny`, so additions are reported too.
//!
//! It has no machine-readable report, so this module reads its text (the wording of the pinned
//! version, [`crate::test::SEMVER_CHECKS_VERSION`]) and checks its counts against what it read.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{bail, Context};
use error_catalog::evolution::Bump;
use serde::Serialize;

use crate::test::{target_dir, tools_dir, SEMVER_CHECKS_VERSION};

/// The executable, as `cargo xtask tools` installs it.
const TOOL: &str = "cargo-semver-checks";

/// Exit status of cargo-semver-checks when the check ran and a `deny` lint fired.
const LINTS_FIRED: i32 = 100;

/// How cargo-semver-checks rates a change: `deny` lints count, `warn` lints it only suggests
/// (such as a reordering that only matters to clients that rely on `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The change needs its bump.
    Deny,
    /// Shown, not counted.
    Warn,
}

/// One kind of API change (one lint of cargo-semver-checks) and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiChange {
    /// The lint's id, such as `inherent_method_missing`.
    pub lint: String,
    /// The bump the change needs: `major` or `minor`.
    pub bump: Bump,
    /// Whether it counts (`deny`) or is only a warning (`warn`).
    pub level: Level,
    /// The lint's name, such as "pub method removed or renamed".
    pub summary: String,
    /// Each place, as cargo-semver-checks names it; files are named by the crate's path in the
    /// repository (`generated/<crate.name>/src/lib.rs`), at the base for removed things.
    pub items: Vec<String>,
}

/// What cargo-semver-checks found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiReport {
    /// The tool and its version.
    pub tool: String,
    /// The features both crates were checked with.
    pub features: &'static str,
    /// The bump the `deny` changes need: `none` when there are none (documentation and private
    /// code changes need nothing).
    pub required: Bump,
    /// The changes: counted ones first, larger bumps first, then by lint.
    pub changes: Vec<ApiChange>,
}

/// The files of one crate: paths relative to its folder, and contents.
pub type CrateFiles = Vec<(String, Vec<u8>)>;

/// Compares `baseline` with `current` (the crate's folder in the repository is `shown`, used to
/// name files in the report). `root` is the repository of this xtask, whose target folder holds
/// the tool and the builds.
pub fn check(
    root: &Path,
    baseline: &CrateFiles,
    current: &CrateFiles,
    shown: &str,
) -> anyhow::Result<ApiReport> {
    let tool = find_tool(root)?;
    let kinds = lint_kinds(&tool)?;

    let work = target_dir(root).join("api-check");
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let work = work.canonicalize()?;
    let lock = File::create(work.join("lock"))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", work.join("lock").display()))?;

    let (baseline_dir, current_dir) = (work.join("baseline"), work.join("current"));
    write_crate(&baseline_dir, baseline, "")?;
    // Every lint of the minor kind (additions among them, off by default) counts.
    let mut lints = String::from("\n[package.metadata.cargo-semver-checks.lints]\n");
    for (lint, bump) in &kinds {
        if *bump == Bump::Minor {
            lints.push_str(&format!("{lint} = \"deny\"\n"));
        }
    }
    write_crate(&current_dir, current, &lints)?;

    let output = Command::new(&tool)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(current_dir.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&baseline_dir)
        .args([
            "--release-type",
            "patch",
            "--all-features",
            "--color",
            "never",
        ])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        // Its errors without a backtrace of its own code.
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .with_context(|| format!("cannot run {}", tool.display()))?;
    drop(lock);
    let ran = matches!(output.status.code(), Some(0 | LINTS_FIRED));
    if !ran {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // It builds the current crate, then the baseline; the last one it started failed.
        let built = stderr
            .lines()
            .rev()
            .find_map(|line| line.trim_start().strip_prefix("Building "))
            .filter(|_| stderr.contains("failed to build rustdoc"));
        let what = match built {
            Some(side) if side.ends_with("(baseline)") => format!(
                "cannot build the crate at the base (written to {})",
                baseline_dir.display()
            ),
            Some(side) if side.ends_with("(current)") => format!(
                "cannot build the crate generated now (written to {})",
                current_dir.display()
            ),
            _ => "could not compare the crate at the base with the one generated now".to_owned(),
        };
        bail!(
            "cargo-semver-checks {what}, so the API check did not run ({}); its output:\n{}",
            output.status,
            indent(&outputs_text(&output))
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout)
        .replace(&format!("{}/", current_dir.display()), &format!("{shown}/"))
        .replace(
            &format!("{}/", baseline_dir.display()),
            &format!("{shown}/"),
        );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let changes = read_report(&stdout, &stderr, &kinds).with_context(|| {
        format!(
            "cannot read the report of cargo-semver-checks; its output:\n{}",
            indent(&outputs_text(&output))
        )
    })?;
    let required = changes
        .iter()
        .filter(|change| change.level == Level::Deny)
        .map(|change| change.bump)
        .max()
        .unwrap_or(Bump::None);
    Ok(ApiReport {
        tool: format!("{TOOL} {SEMVER_CHECKS_VERSION}"),
        features: "all",
        required,
        changes,
    })
}

/// The pinned cargo-semver-checks: the one `cargo xtask tools` installed, else one on `PATH` of
/// the pinned version.
fn find_tool(root: &Path) -> anyhow::Result<PathBuf> {
    let bin = tools_dir(root).join("bin");
    let installed = bin.join(TOOL);
    let found = if installed.is_file() {
        Some(installed)
    } else {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(TOOL))
                .find(|candidate| candidate.is_file())
        })
    };
    let Some(tool) = found else {
        bail!(
            "{TOOL} is not installed, so the generated crate's API cannot be compared: run \
             `cargo xtask tools`, which installs {TOOL} {SEMVER_CHECKS_VERSION} into {}, or pass \
             `--no-api` to check the catalog alone",
            bin.display()
        );
    };
    let version = Command::new(&tool)
        .args(["semver-checks", "--version"])
        .output()
        .with_context(|| format!("cannot run {}", tool.display()))?;
    let version = String::from_utf8_lossy(&version.stdout);
    let wanted = format!("{TOOL} {SEMVER_CHECKS_VERSION}");
    if version.trim() != wanted {
        bail!(
            "{} is `{}`, but `cargo xtask diff` reads the report of {wanted}: run `cargo xtask \
             tools`, which installs it into {}",
            tool.display(),
            version.trim(),
            bin.display()
        );
    }
    Ok(tool)
}

/// Every lint the tool knows and the bump it needs, from `--list` (`id type description`
/// columns under two header rows).
fn lint_kinds(tool: &Path) -> anyhow::Result<BTreeMap<String, Bump>> {
    let output = Command::new(tool)
        .args(["semver-checks", "--list"])
        .output()
        .with_context(|| format!("cannot run {}", tool.display()))?;
    let mut kinds = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines().skip(2) {
        let mut words = line.split_whitespace();
        let (Some(lint), Some(kind)) = (words.next(), words.next()) else {
            continue;
        };
        let bump = match kind {
            "major" => Bump::Major,
            "minor" => Bump::Minor,
            _ => bail!("{TOOL} --list: lint `{lint}` has an unknown kind `{kind}`"),
        };
        kinds.insert(lint.to_owned(), bump);
    }
    if !output.status.success() || kinds.is_empty() {
        bail!(
            "`{TOOL} --list` listed no lints; its output:\n{}",
            indent(&outputs_text(&output))
        );
    }
    Ok(kinds)
}

/// Writes a crate's files into `dir` (emptied first), with `extra` and an empty `[workspace]`
/// table after its manifest: the folder is inside this repository's workspace folder, and the
/// crate is no member of it.
fn write_crate(dir: &Path, files: &CrateFiles, extra: &str) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    for (path, contents) in files {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out =
            File::create(&file).with_context(|| format!("cannot write {}", file.display()))?;
        out.write_all(contents)?;
        if path == "Cargo.toml" {
            out.write_all(extra.as_bytes())?;
            if !String::from_utf8_lossy(contents)
                .lines()
                .any(|line| line.trim() == "[workspace]")
            {
                out.write_all(b"\n[workspace]\n")?;
            }
        }
    }
    if !dir.join("Cargo.toml").is_file() {
        bail!("the crate has no Cargo.toml");
    }
    Ok(())
}

/// The changes in cargo-semver-checks' report: a block per lint that fired on stdout,
///
/// ```text
/// --- failure inherent_method_missing: pub method removed or renamed ---
///
/// Description:
/// …
/// Failed in:
///   ErrorCode::extra, previously in file …/src/lib.rs:371
/// ```
///
/// (`warning` for `warn` lints), checked against the counts of its `Checked` line on stderr.
fn read_report(
    stdout: &str,
    stderr: &str,
    kinds: &BTreeMap<String, Bump>,
) -> anyhow::Result<Vec<ApiChange>> {
    let mut changes: Vec<ApiChange> = Vec::new();
    let mut in_items = false;
    for line in stdout.lines() {
        if let Some(header) = line
            .strip_prefix("--- ")
            .and_then(|rest| rest.strip_suffix(" ---"))
        {
            let (level, rest) = if let Some(rest) = header.strip_prefix("failure ") {
                (Level::Deny, rest)
            } else if let Some(rest) = header.strip_prefix("warning ") {
                (Level::Warn, rest)
            } else {
                bail!("an unknown block: {line}");
            };
            let (lint, summary) = rest
                .split_once(": ")
                .with_context(|| format!("a block without a lint: {line}"))?;
            let bump = *kinds
                .get(lint)
                .with_context(|| format!("lint `{lint}` is not in `--list`"))?;
            changes.push(ApiChange {
                lint: lint.to_owned(),
                bump,
                level,
                summary: summary.to_owned(),
                items: Vec::new(),
            });
            in_items = false;
            continue;
        }
        let Some(change) = changes.last_mut() else {
            continue;
        };
        if line == "Failed in:" {
            in_items = true;
        } else if in_items {
            if let Some(item) = line.strip_prefix("  ") {
                change.items.push(item.trim().to_owned());
            } else if !line.trim().is_empty() {
                in_items = false;
            }
        }
    }
    if let Some(change) = changes.iter().find(|change| change.items.is_empty()) {
        bail!("lint `{}` names no place", change.lint);
    }
    let count = |level| changes.iter().filter(|c| c.level == level).count();
    let (failed, warned) = checked_counts(stderr).context("no `Checked` line")?;
    if (failed, warned) != (count(Level::Deny), count(Level::Warn)) {
        bail!(
            "it counts {failed} failed and {warned} warning lints, but {} and {} were read",
            count(Level::Deny),
            count(Level::Warn)
        );
    }
    changes.sort_by(|a, b| {
        (a.level, std::cmp::Reverse(a.bump), &a.lint).cmp(&(
            b.level,
            std::cmp::Reverse(b.bump),
            &b.lint,
        ))
    });
    Ok(changes)
}

/// The fail and warn counts of the `Checked [ 0.012s] 260 checks: 258 pass, 1 fail, 1 warn,
/// 0 skip` line; `260 checks: 260 pass, 0 skip` when nothing fired.
fn checked_counts(stderr: &str) -> Option<(usize, usize)> {
    let line = stderr
        .lines()
        .map(str::trim_start)
        .find(|line| line.starts_with("Checked ") && line.contains(" checks: "))?;
    let (_, counts) = line.split_once(" checks: ")?;
    let mut failed = 0;
    let mut warned = 0;
    for part in counts.split(", ") {
        let (number, what) = part.split_once(' ')?;
        let number: usize = number.parse().ok()?;
        match what {
            "fail" => failed = number,
            "warn" => warned = number,
            _ => {}
        }
    }
    Some((failed, warned))
}

/// stderr then stdout of a tool, for a message.
fn outputs_text(output: &Output) -> String {
    let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    text.trim_end().to_owned()
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate's files in `outputs`: those under `crate_dir`, relative to it.
pub fn crate_files(outputs: &[error_catalog::Output], crate_dir: &str) -> CrateFiles {
    let prefix = format!("{crate_dir}/");
    outputs
        .iter()
        .filter_map(|output| {
            let path = output.path.strip_prefix(&prefix)?;
            Some((path.to_owned(), output.contents.clone().into_bytes()))
        })
        .collect()
}

/// The files under `folder` (relative to the repository's top) at git revision `rev`.
pub fn committed_files(toplevel: &Path, rev: &str, folder: &str) -> anyhow::Result<CrateFiles> {
    let git = |args: &[&OsStr]| -> anyhow::Result<Vec<u8>> {
        let output = Command::new("git")
            .arg("-C")
            .arg(toplevel)
            .args(args)
            .output()
            .context("cannot run git")?;
        if !output.status.success() {
            bail!(
                "git {:?} failed: {}",
                args,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(output.stdout)
    };
    let listing = git(&[
        "ls-tree".as_ref(),
        "-r".as_ref(),
        "-z".as_ref(),
        "--name-only".as_ref(),
        rev.as_ref(),
        "--".as_ref(),
        format!("{folder}/").as_ref(),
    ])?;
    let mut files = Vec::new();
    for path in listing.split(|&byte| byte == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let contents = git(&[
            "cat-file".as_ref(),
            "blob".as_ref(),
            format!("{rev}:{path}").as_ref(),
        ])?;
        let relative = path
            .strip_prefix(&format!("{folder}/"))
            .unwrap_or(&path)
            .to_owned();
        files.push((relative, contents));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> BTreeMap<String, Bump> {
        [
            ("inherent_method_missing", Bump::Major),
            ("inherent_method_added", Bump::Minor),
            ("partial_ord_enum_variants_reordered", Bump::Major),
            ("feature_missing", Bump::Major),
        ]
        .into_iter()
        .map(|(lint, bump)| (lint.to_owned(), bump))
        .collect()
    }

    /// Blocks as cargo-semver-checks 0.51.0 prints them: failures and a warning.
    const STDOUT: &str = "
--- failure inherent_method_added: pub inherent method added ---

Description:
A new inherent public method was added to an existing public type.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#impl-item-new
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/inherent_method_added.ron

Failed in:
  UnknownCode::is_truncated in generated/api-errors/src/lib.rs:513
  UnknownCode::is_cut in generated/api-errors/src/lib.rs:520

--- failure feature_missing: package feature removed or renamed ---

Description:
A feature has been removed from this package's Cargo.toml.
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/feature_missing.ron

Failed in:
  feature axum in the package's Cargo.toml

--- warning partial_ord_enum_variants_reordered: enum variants reordered ---

Description:
A public enum that derives PartialOrd had its variants reordered.

Failed in:
  ErrorCode::Unauthorized moved from position 0 to 1, in generated/api-errors/src/lib.rs:125
";

    const STDERR: &str = "     Checking api-errors v0.1.0 -> v0.1.0 (assume patch change)
     Checked [   0.099s] 260 checks: 257 pass, 2 fail, 1 warn, 0 skip
";

    #[test]
    fn reads_failures_and_warnings_larger_bumps_first() {
        let changes = read_report(STDOUT, STDERR, &kinds()).expect("a report");
        let read: Vec<(&str, Bump, Level, Vec<&str>)> = changes
            .iter()
            .map(|c| {
                let items = c.items.iter().map(String::as_str).collect();
                (c.lint.as_str(), c.bump, c.level, items)
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "feature_missing",
                    Bump::Major,
                    Level::Deny,
                    vec!["feature axum in the package's Cargo.toml"]
                ),
                (
                    "inherent_method_added",
                    Bump::Minor,
                    Level::Deny,
                    vec![
                        "UnknownCode::is_truncated in generated/api-errors/src/lib.rs:513",
                        "UnknownCode::is_cut in generated/api-errors/src/lib.rs:520"
                    ]
                ),
                (
                    "partial_ord_enum_variants_reordered",
                    Bump::Major,
                    Level::Warn,
                    vec![
                        "ErrorCode::Unauthorized moved from position 0 to 1, in \
                         generated/api-errors/src/lib.rs:125"
                    ]
                ),
            ]
        );
        assert_eq!(changes[1].summary, "pub inherent method added");
    }

    #[test]
    fn nothing_fired() {
        let stderr = "     Checked [   0.090s] 260 checks: 260 pass, 0 skip\n";
        assert_eq!(read_report("", stderr, &kinds()).expect("a report"), []);
    }

    #[test]
    fn a_report_that_does_not_add_up_is_an_error() {
        let fewer = STDERR.replace("2 fail", "3 fail");
        let error = read_report(STDOUT, &fewer, &kinds()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "it counts 3 failed and 1 warning lints, but 2 and 1 were read"
        );
        let error = read_report(STDOUT, "", &kinds()).unwrap_err();
        assert_eq!(error.to_string(), "no `Checked` line");
        let unknown = STDOUT.replace("feature_missing", "feature_gone");
        let error = read_report(&unknown, STDERR, &kinds()).unwrap_err();
        assert_eq!(error.to_string(), "lint `feature_gone` is not in `--list`");
    }
}
