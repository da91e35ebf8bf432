//! The library as another repository uses it: `tests/outside-xtask/` is the xtask of a billing
//! API, a crate outside this workspace that depends on `error-catalog` by path and calls it the
//! way the library's docs show (`generate_file`, then `write::write_all`, or `write::check_all`
//! with `--check`). Copied to a temporary folder, it:
//!
//! - builds offline and writes its outputs, the crate at `generated/billing-errors/`, named after
//!   its catalog's `crate.name`, and the same outputs as the library renders in this process;
//! - generates a crate that builds on its own, its doctests passing with warnings denied;
//! - passes `--check`, fails it once an output is edited, naming that output, and passes again
//!   after a run rewrites it.
//!
//! Its builds share one target folder, `outside-xtask` in the target folder, so only the small
//! crates of the temporary folder compile on a second run.

mod support;

use std::path::Path;
use std::process::Output;

/// The outside xtask, relative to the repository root.
const XTASK: &str = "codegen/tests/outside-xtask";
/// The crate its catalog names, and where it lands.
const CRATE_NAME: &str = "billing-errors";

/// Copies the outside xtask into `dir`, its path to `error-catalog` made absolute and the
/// repository's `Cargo.lock` beside it, so nothing is resolved anew and it builds offline.
fn copy_xtask(dir: &Path) {
    let files = support::tree(&support::repo_root().join(XTASK));
    let codegen = support::codegen_dir();
    let codegen = codegen.to_str().expect("a UTF-8 path");
    for (path, bytes) in &files {
        // What a build in place may have left.
        if ["target/", "generated/", "docs/"]
            .iter()
            .any(|folder| path.starts_with(folder))
            || path == "Cargo.lock"
        {
            continue;
        }
        let mut bytes = bytes.clone();
        if path == "Cargo.toml" {
            let manifest = String::from_utf8(bytes).expect("a UTF-8 manifest");
            let relative = "error-catalog = { path = \"../..\" }";
            assert!(
                manifest.contains(relative),
                "{XTASK}/Cargo.toml: no `{relative}`"
            );
            bytes = manifest
                .replace(
                    relative,
                    &format!("error-catalog = {{ path = {codegen:?} }}"),
                )
                .into_bytes();
        }
        support::write_tree(dir, [(path.as_str(), bytes.as_slice())]);
    }
    std::fs::copy(
        support::repo_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
}

fn target_dir() -> std::path::PathBuf {
    support::build_dir("outside-xtask")
}

/// `cargo --offline run -- ARGS` of the xtask in `dir`.
fn run_xtask(dir: &Path, args: &[&str]) -> (Output, String) {
    let mut command = support::cargo_in(dir, &target_dir(), &["run", "--quiet", "--"]);
    command.args(args);
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo: {error}"));
    let described = support::describe(&command, &output);
    (output, described)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_xtask_outside_the_workspace_generates_a_crate_that_builds_and_checks_its_outputs() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let dir = temp.path().join("billing");
    copy_xtask(&dir);

    // The first run writes every output.
    let (first, described) = run_xtask(&dir, &[]);
    assert!(first.status.success(), "{described}");
    let crate_dir = dir.join("generated").join(CRATE_NAME);
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_else(|error| {
        panic!("no generated/{CRATE_NAME}/Cargo.toml ({error}): {described}")
    });
    assert!(
        manifest.contains(&format!("name = \"{CRATE_NAME}\"")),
        "generated/{CRATE_NAME}/Cargo.toml does not name the package {CRATE_NAME}:\n{manifest}"
    );
    assert!(
        crate_dir.join("src/lib.rs").is_file(),
        "no generated/{CRATE_NAME}/src/lib.rs"
    );
    // Exactly the outputs the library renders in this process, and nothing else.
    let expected = support::generate(&support::repo_root().join(XTASK).join("catalog.yaml"));
    let written = support::tree(&dir.join("generated"))
        .into_iter()
        .map(|(path, bytes)| (format!("generated/{path}"), bytes))
        .chain(
            support::tree(&dir.join("docs"))
                .into_iter()
                .map(|(path, bytes)| (format!("docs/{path}"), bytes)),
        )
        .collect::<std::collections::BTreeMap<_, _>>();
    let expected: std::collections::BTreeMap<String, Vec<u8>> = expected
        .into_iter()
        .map(|output| (output.path, output.contents.into_bytes()))
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the xtask wrote other files than the outputs"
    );
    assert!(
        written == expected,
        "the xtask wrote other contents than the library renders"
    );
    for path in expected.keys() {
        assert!(
            stderr(&first).contains(&format!("updated: {path}")),
            "the first run does not report {path}: {described}"
        );
    }

    // The generated crate is a package of its own: it builds, and its doctests pass.
    std::fs::copy(
        support::repo_root().join("Cargo.lock"),
        crate_dir.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
    if let Err(failure) =
        support::run_cargo(&crate_dir, &target_dir(), &["test", "--doc", "--quiet"])
    {
        panic!("the generated crate's doctests: {failure}");
    }

    // `--check` passes on what the xtask wrote.
    let (check, described) = run_xtask(&dir, &["--check"]);
    assert!(check.status.success(), "--check after a run: {described}");

    // An edited output is stale, and named.
    let lib = format!("generated/{CRATE_NAME}/src/lib.rs");
    let mut edited = std::fs::read_to_string(dir.join(&lib)).expect("read the generated lib.rs");
    edited.push_str("// edited by hand\n");
    std::fs::write(dir.join(&lib), &edited).expect("edit the generated lib.rs");
    let (stale, described) = run_xtask(&dir, &["--check"]);
    assert_eq!(
        stale.status.code(),
        Some(1),
        "--check after an edit: {described}"
    );
    let stale_stderr = stderr(&stale);
    let named: Vec<&str> = stale_stderr
        .lines()
        .filter_map(|line| line.strip_prefix("stale: "))
        .collect();
    assert_eq!(
        named,
        [lib.as_str()],
        "--check names the wrong files: {described}"
    );
    assert!(
        stderr(&stale).contains("-// edited by hand"),
        "--check shows no diff: {described}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(&lib)).expect("read the generated lib.rs"),
        edited,
        "--check wrote the file"
    );

    // A run rewrites just that output, and `--check` passes again.
    let (fix, described) = run_xtask(&dir, &[]);
    assert!(fix.status.success(), "{described}");
    let fixed = stderr(&fix);
    let updated: Vec<&str> = fixed
        .lines()
        .filter_map(|line| line.strip_prefix("updated: "))
        .collect();
    assert_eq!(updated, [lib.as_str()], "{described}");
    let (again, described) = run_xtask(&dir, &["--check"]);
    assert!(again.status.success(), "--check after the fix: {described}");
}
