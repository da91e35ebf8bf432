//! Helpers shared by the integration tests: where the repository and the fixtures are, running
//! the pipeline on a catalog file, and readable diffs.

// Each test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::{Catalog, Output, SourceFile};
use similar::TextDiff;

/// The repository root: the parent of the `codegen` package.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent folder")
        .to_path_buf()
}

/// `codegen/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Every valid fixture catalog as `(name, path)`, sorted by name; `name` is the file stem.
pub fn valid_fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixtures_dir().join("valid");
    let mut fixtures: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("fixture names are UTF-8")
                .to_owned();
            (name, path)
        })
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= 3,
        "expected at least three fixture catalogs in {}, found {}",
        dir.display(),
        fixtures.len()
    );
    fixtures
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

/// Loads and validates a catalog file; panics with every diagnostic if it is invalid.
pub fn load(path: &Path) -> Catalog {
    codegen::load(&source_file(path))
        .unwrap_or_else(|diagnostics| panic!("{} is invalid:\n{diagnostics}", path.display()))
}

/// Runs the whole pipeline on a catalog file; panics with the reason if it fails.
pub fn generate(path: &Path) -> Vec<Output> {
    codegen::generate(&source_file(path))
        .unwrap_or_else(|error| panic!("generating from {} failed:\n{error}", path.display()))
}

/// The repository's own catalog.
pub fn repo_catalog_path() -> PathBuf {
    repo_root().join("catalog.yaml")
}

/// A unified diff from `expected` to `actual`, headed by `path`.
pub fn diff(path: &str, expected: &str, actual: &str) -> String {
    TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("expected/{path}"), &format!("actual/{path}"))
        .to_string()
}
