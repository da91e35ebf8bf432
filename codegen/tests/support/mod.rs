//! The one support module of the repository's tests: where the repository, its fixtures, the
//! tools and the test builds' target folders are, running the pipeline on a catalog file, reading a tree of files, readable
//! diffs, writing a generated crate out as its own package, and the rule for `BLESS`.
//!
//! `codegen/tests/*.rs` use it as `mod support;`; the tests of `xtask` and of
//! `tests/api-errors-tests` include this same file:
//!
//! ```text
//! #[path = "../../codegen/tests/support/mod.rs"]
//! mod support;
//! ```
//!
//! It needs only `error-catalog` and `similar`, which every package that includes it has.
//!
//! # Blessing snapshots
//!
//! `BLESS=1` rewrites the snapshots a test compares with (the test still checks everything it
//! does not compare with a snapshot); review them in the diff before committing. `BLESS` unset
//! compares. Any other value, empty included, fails the test that reads it: a mistyped
//! `BLESS=true` must not quietly compare, nor a `BLESS=0` quietly rewrite.

// Each test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use error_catalog::{Catalog, Output, SourceFile};
use similar::TextDiff;

/// This file, relative to the repository root; how [`repo_root`] recognises the root.
const THIS_FILE: &str = "codegen/tests/support/mod.rs";

/// The repository root: the nearest folder above the including package that holds this file,
/// so it is the same whichever package (`codegen`, `xtask`, `tests/api-errors-tests`) includes it.
pub fn repo_root() -> PathBuf {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    package
        .ancestors()
        .find(|dir| dir.join(THIS_FILE).is_file())
        .unwrap_or_else(|| panic!("no folder above {} holds {THIS_FILE}", package.display()))
        .to_path_buf()
}

/// The `codegen` package's folder.
pub fn codegen_dir() -> PathBuf {
    repo_root().join("codegen")
}

/// `codegen/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    codegen_dir().join("tests").join("fixtures")
}

/// `codegen/tests/fixtures/invalid`: one catalog per rule, each with its `.stderr`.
pub fn invalid_dir() -> PathBuf {
    fixtures_dir().join("invalid")
}

/// `codegen/tests/fixtures/evolution`: one folder per kind of change.
pub fn evolution_dir() -> PathBuf {
    fixtures_dir().join("evolution")
}

/// `codegen/tests/snapshots`: every output of every valid fixture.
pub fn snapshots_dir() -> PathBuf {
    codegen_dir().join("tests").join("snapshots")
}

/// The repository's own catalog.
pub fn repo_catalog_path() -> PathBuf {
    repo_root().join("catalog.yaml")
}

/// The text of a file under the repository root.
pub fn read_repo_file(path: impl AsRef<Path>) -> String {
    let path = repo_root().join(path);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

// ---- BLESS --------------------------------------------------------------------------------

/// Whether to rewrite snapshots rather than compare with them: `BLESS=1` rewrites, `BLESS`
/// unset compares, and any other value fails (see the module's docs).
pub fn blessing() -> bool {
    bless_rule(std::env::var_os("BLESS").as_deref()).unwrap_or_else(|message| panic!("{message}"))
}

/// The rule of [`blessing`], on the value of `BLESS`.
pub fn bless_rule(value: Option<&std::ffi::OsStr>) -> Result<bool, String> {
    match value {
        None => Ok(false),
        Some(value) if value == "1" => Ok(true),
        Some(other) => Err(format!(
            "BLESS={other:?} is not understood: set BLESS=1 to rewrite the snapshots, or unset it \
             to compare with them"
        )),
    }
}

// ---- fixtures and the pipeline ------------------------------------------------------------

/// Every valid fixture catalog as `(name, path)`, sorted by name; `name` is the file stem.
pub fn valid_fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixtures_dir().join("valid");
    let fixtures = files_with_extension(&dir, "yaml");
    assert!(
        fixtures.len() >= 3,
        "expected at least three fixture catalogs in {}, found {}",
        dir.display(),
        fixtures.len()
    );
    fixtures
}

/// Every file of `dir` (not below it) ending in `.extension`, as `(stem, path)` sorted by stem.
pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("fixture names are UTF-8")
                .to_owned();
            (name, path)
        })
        .collect();
    files.sort();
    files
}

/// Reads a catalog file as the CLI does, naming it by its file name in messages.
pub fn source_file(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("catalog.yaml");
    SourceFile::new(name, text)
}

/// Loads and checks a catalog file; panics with every diagnostic if it is invalid.
pub fn load(path: &Path) -> Catalog {
    error_catalog::load(&source_file(path))
        .unwrap_or_else(|diagnostics| panic!("{} is invalid:\n{diagnostics}", path.display()))
}

/// Runs the whole pipeline on a catalog file; panics with the reason if it fails.
pub fn generate(path: &Path) -> Vec<Output> {
    error_catalog::generate(&source_file(path))
        .unwrap_or_else(|error| panic!("generating from {} failed:\n{error}", path.display()))
}

/// Runs the whole pipeline on catalog text; panics with the reason if it fails.
pub fn generate_text(name: &str, text: &str) -> Vec<Output> {
    error_catalog::generate(&SourceFile::new(name, text))
        .unwrap_or_else(|error| panic!("{name} does not generate:\n{error}"))
}

/// A parameter's example as `details` carries it in JSON: text as a string, an integer as a
/// number.
pub fn example_json(example: &error_catalog::model::ParamValue) -> serde_json::Value {
    match example {
        error_catalog::model::ParamValue::Text(text) => serde_json::Value::from(text.as_str()),
        error_catalog::model::ParamValue::Integer(number) => serde_json::Value::from(*number),
    }
}

/// The contents of the output at `path`; panics if there is none.
pub fn output<'a>(outputs: &'a [Output], path: &str) -> &'a str {
    &outputs
        .iter()
        .find(|output| output.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = outputs.iter().map(|output| output.path.as_str()).collect();
            panic!("no output {path} among {paths:?}")
        })
        .contents
}

/// Where the generated crate's manifest is, for a catalog: `generated/<name>/Cargo.toml`.
pub fn crate_manifest(catalog: &Catalog) -> String {
    format!(
        "{}/Cargo.toml",
        error_catalog::emit::paths::crate_dir(&catalog.package.name)
    )
}

/// Where the generated crate's source is, for a catalog: `generated/<name>/src/lib.rs`.
pub fn crate_lib(catalog: &Catalog) -> String {
    format!(
        "{}/src/lib.rs",
        error_catalog::emit::paths::crate_dir(&catalog.package.name)
    )
}

// ---- files --------------------------------------------------------------------------------

/// Every file under `dir` with its bytes, by path relative to `dir` with `/` separators.
/// Panics if `dir` cannot be listed.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("readable directory entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("a path under its root");
                let name = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
                files.insert(name, bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Writes `files` (relative `/`-separated paths) under `dir`, creating folders.
pub fn write_tree<'a>(dir: &Path, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) {
    for (relative, bytes) in files {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap_or_else(
            |error| panic!("cannot create the folder of {}: {error}", path.display()),
        );
        std::fs::write(&path, bytes)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}

/// A unified diff from `expected` to `actual`, headed by `path`.
pub fn diff(path: &str, expected: &str, actual: &str) -> String {
    TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("expected/{path}"), &format!("actual/{path}"))
        .to_string()
}

// ---- cargo --------------------------------------------------------------------------------

/// The cargo that runs the tests.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// A target folder of its own for the builds a test runs, so they neither wait for nor disturb
/// the build running the tests, and are shared across runs: `<name>` in the folder cargo gives
/// integration tests for their files (`CARGO_TARGET_TMPDIR`, `tmp` in the target folder), so it
/// is wherever the target folder is, however that was chosen (`CARGO_TARGET_DIR`,
/// `--target-dir`, `build.target-dir`), never a hard-coded `target/`.
pub fn build_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// Where `cargo xtask tools` installs the tools, as the xtask finds it: `tools` in
/// `$CARGO_TARGET_DIR` when that is set (a relative one taken from the repository root, where
/// `cargo xtask test` runs), else in the repository's `target/`.
pub fn tools_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .map_or_else(
            || repo_root().join("target"),
            |dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    repo_root().join(dir)
                }
            },
        );
    target.join("tools")
}

/// `cargo --offline ARGS` in `dir` with `target_dir`, warnings denied, and no flags inherited
/// from the build running the tests. Offline: the crates it needs are those of the repository's
/// `Cargo.lock`, which building the workspace fetched; if they are missing, `cargo fetch` at the
/// repository root gets them ([`run_cargo`] says so).
pub fn cargo_in(dir: &Path, target_dir: &Path, args: &[&str]) -> Command {
    let mut command = cargo();
    command
        .current_dir(dir)
        .arg("--offline")
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}

/// What a run printed, with its status, for a failure message.
pub fn describe_output(output: &std::process::Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

/// What a command printed, with its status, for a failure message.
pub fn describe(command: &Command, output: &std::process::Output) -> String {
    format!(
        "{command:?} failed with {}:\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

/// Runs [`cargo_in`]; `Ok` holds its stdout, `Err` a report of what it printed.
pub fn run_cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<String, String> {
    let mut command = cargo_in(dir, target_dir, args);
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo: {error}"));
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    Err(describe(&command, &output) + offline_hint(&output))
}

/// What to do when an offline build fails for want of a crate that was never fetched.
pub fn offline_hint(output: &std::process::Output) -> &'static str {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("offline") {
        "\n(builds in tests run offline, on the crates of the repository's Cargo.lock: run \
         `cargo fetch` at the repository root once, as building the workspace does)\n"
    } else {
        ""
    }
}

/// Writes the generated crate of `outputs` into `dir` as a package of its own: its files, a
/// `[workspace]` table appended to its manifest (as when its folder is copied out of the
/// repository), and the repository's `Cargo.lock`, so no dependency is resolved anew.
pub fn write_standalone_crate(dir: &Path, catalog: &Catalog, outputs: &[Output]) {
    let crate_dir = format!(
        "{}/",
        error_catalog::emit::paths::crate_dir(&catalog.package.name)
    );
    let manifest = crate_manifest(catalog);
    let mut written = 0;
    for output in outputs {
        let Some(relative) = output.path.strip_prefix(&crate_dir) else {
            continue;
        };
        let mut contents = output.contents.clone();
        if output.path == manifest {
            contents.push_str("\n[workspace]\n");
        }
        write_tree(dir, [(relative, contents.as_bytes())]);
        written += 1;
    }
    assert!(
        written >= 2 && dir.join("Cargo.toml").is_file() && dir.join("src/lib.rs").is_file(),
        "the pipeline produced no crate under {crate_dir}"
    );
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}
