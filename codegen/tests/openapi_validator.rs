//! `openapi-spec-validator` (PyPI) accepts the committed OpenAPI document and the one generated
//! from every fixture catalog (many statuses, statuses without a reason phrase, awkward text).
//!
//! The tool is never skipped: when it is missing the test fails and names `cargo xtask test`,
//! which installs it into `target/tools/venv` and puts it on `PATH`.

mod support;

use std::path::PathBuf;
use std::process::Command;

const TOOL: &str = "openapi-spec-validator";

/// The validator on `PATH`, else the one `cargo xtask test` installed.
fn validator() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let installed = support::tools_dir().join("venv/bin");
    std::env::split_paths(&path)
        .chain([installed])
        .map(|dir| dir.join(TOOL))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{TOOL}` is not on PATH; run the tests with `cargo xtask test`, which installs \
                 it into target/tools/venv"
            )
        })
}

#[test]
fn openapi_spec_validator_accepts_the_committed_and_every_fixtures_document() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let mut files = vec![support::repo_root().join(error_catalog::emit::paths::OPENAPI_YAML)];
    for (name, catalog) in support::valid_fixtures() {
        let document = support::generate(&catalog)
            .into_iter()
            .find(|output| output.path == error_catalog::emit::paths::OPENAPI_YAML)
            .expect("the pipeline emits the OpenAPI document");
        let path = temp.path().join(format!("{name}.yaml"));
        std::fs::write(&path, document.contents).expect("write the document");
        files.push(path);
    }
    for file in &files {
        let output = Command::new(validator())
            .arg(file)
            .output()
            .unwrap_or_else(|error| panic!("cannot run `{TOOL}`: {error}"));
        assert!(
            output.status.success(),
            "`{TOOL}` rejects {}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
