//! The crate as cargo sees it: no proc-macro in its build with `serde` and `http`, `no_std`
//! builds and passing doctests with any features, docs without warnings, a build and its tests
//! with the Rust its `rust-version` declares, and a crate outside the workspace that builds
//! against it and runs.
//!
//! Each runs cargo offline, on the crates of the repository's `Cargo.lock` (fetched when the
//! workspace built), with a target folder of its own in the one cargo gives these tests, so it
//! neither waits for nor disturbs the build that runs the tests.

#[path = "../../../codegen/tests/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::{build_dir, repo_root as root};

/// `cargo --offline` at the repository root, as the cargo running the tests.
fn cargo() -> Command {
    let mut command = support::cargo();
    command.current_dir(root()).arg("--offline");
    command
}

/// Runs `command`, panicking with its output if it fails.
fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{}{}",
        support::describe(command, &output),
        support::offline_hint(&output)
    );
    output
}

/// `(name, version)` of every package in the normal-dependency tree of `api-errors` with the
/// given features. Panics if cargo marks one as a proc-macro.
fn dependency_tree(features: &str) -> BTreeSet<(String, String)> {
    let output = run(cargo().args([
        "tree",
        "--package",
        "api-errors",
        "--edges",
        "normal",
        "--features",
        features,
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]));
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .inspect(|line| assert!(!line.contains("(proc-macro)"), "a proc-macro: {line}"))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().expect("a package name").to_owned();
            let version = words.next().expect("a version");
            (name, version.trim_start_matches('v').to_owned())
        })
        .collect()
}

/// Every package in the workspace's resolve, as `cargo metadata` describes it.
fn packages() -> Vec<Value> {
    let output = run(cargo().args(["metadata", "--format-version", "1"]));
    let mut metadata: Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    match metadata["packages"].take() {
        Value::Array(packages) => packages,
        other => panic!("cargo metadata has no package list: {other}"),
    }
}

fn name_and_version(package: &Value) -> (String, String) {
    let field = |key: &str| package[key].as_str().expect("a string").to_owned();
    (field("name"), field("version"))
}

/// `(name, version)` of every package in the workspace's resolve that is a proc-macro.
fn proc_macro_packages() -> BTreeSet<(String, String)> {
    packages()
        .iter()
        .filter(|package| {
            package["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|target| {
                    target["kind"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|kind| kind == "proc-macro")
                })
        })
        .map(name_and_version)
        .collect()
}

/// A `rust-version` as numbers, `1.81` as `[1, 81, 0]`.
fn rust_version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text
        .split('.')
        .map(|part| {
            part.parse()
                .unwrap_or_else(|_| panic!("bad rust-version `{text}`"))
        })
        .collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn no_proc_macro_is_built_with_serde_and_http() {
    let tree = dependency_tree("serde,http");
    let names: BTreeSet<&str> = tree.iter().map(|(name, _)| name.as_str()).collect();
    for wanted in ["api-errors", "serde", "http"] {
        assert!(names.contains(wanted), "{wanted} is not in {names:?}");
    }
    let proc_macros = proc_macro_packages();
    // The check can see a proc-macro: the workspace's own tools derive with serde.
    assert!(
        proc_macros.iter().any(|(name, _)| name == "serde_derive"),
        "cargo metadata reports no serde_derive: {proc_macros:?}"
    );
    let built: Vec<_> = tree.intersection(&proc_macros).collect();
    assert!(
        built.is_empty(),
        "proc-macro crates in the build: {built:?}"
    );
}

#[test]
fn it_builds_as_no_std_and_its_doctests_pass_with_any_features() {
    for features in ["", "serde", "alloc", "alloc,serde", "std,serde", "axum"] {
        run(cargo()
            .args(["test", "--quiet", "--doc", "--package", "api-errors"])
            .args(["--no-default-features", "--features", features])
            .env("CARGO_TARGET_DIR", build_dir("api-errors-tests"))
            .env("RUSTFLAGS", "-D warnings"));
    }
}

#[test]
fn its_docs_build_without_warnings() {
    run(cargo()
        .args([
            "doc",
            "--quiet",
            "--package",
            "api-errors",
            "--all-features",
            "--no-deps",
        ])
        .env("CARGO_TARGET_DIR", build_dir("api-errors-tests"))
        .env("RUSTDOCFLAGS", "-D warnings"));
}

/// An empty folder `name` beside the test builds' target folders, for a project a test writes.
fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = build_dir(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the last run's copy");
    }
    std::fs::create_dir_all(&dir).expect("create a folder");
    dir
}

/// Copies `tests/outside-consumer` into `dir` as a project of its own elsewhere: its path to the
/// generated crate made absolute, and the repository's `Cargo.lock` beside it, so nothing is
/// resolved anew and it builds offline.
fn copy_outside_consumer(dir: &Path) {
    let from = root().join("tests/outside-consumer");
    let files = support::tree(&from);
    let relative = "path = \"../../generated/api-errors\"";
    let generated = root().join("generated/api-errors");
    for (path, bytes) in &files {
        // What a build in place may have left.
        if path.starts_with("target/") || path == "Cargo.lock" {
            continue;
        }
        let mut bytes = bytes.clone();
        if path == "Cargo.toml" {
            let manifest = String::from_utf8(bytes).expect("a UTF-8 manifest");
            assert!(
                manifest.contains(relative),
                "its manifest has no `{relative}`"
            );
            bytes = manifest
                .replace(
                    relative,
                    &format!("path = {:?}", generated.display().to_string()),
                )
                .into_bytes();
        }
        support::write_tree(dir, [(path.as_str(), bytes.as_slice())]);
    }
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

#[test]
fn a_crate_outside_the_workspace_builds_and_uses_it() {
    let dir = fresh_dir("outside-consumer-project");
    copy_outside_consumer(&dir);
    let output = run(support::cargo()
        .current_dir(&dir)
        .args(["--offline", "run", "--quiet"])
        .env("CARGO_TARGET_DIR", build_dir("outside-consumer"))
        .env("RUSTFLAGS", "-D warnings"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.trim_end().ends_with(": ok"), "{stdout}");
}

/// The toolchain of the crate's `rust-version`, as rustup names it (`1.81` is `1.81.0`), and
/// that `rust-version`.
fn msrv() -> (String, String) {
    let packages = packages();
    let own = packages
        .iter()
        .find(|package| package["name"] == "api-errors")
        .expect("api-errors is in the workspace");
    let declared = own["rust_version"]
        .as_str()
        .expect("api-errors declares rust-version")
        .to_owned();
    let toolchain = if declared.matches('.').count() == 1 {
        format!("{declared}.0")
    } else {
        declared.clone()
    };
    (toolchain, declared)
}

/// The crate, generated from the repository's catalog into a package of its own, builds with no
/// features and with all of them, and passes its tests and doctests, with the Rust its
/// `rust-version` declares (installed by `cargo xtask tools` with rustup), warnings denied.
#[test]
fn it_builds_and_passes_its_tests_with_the_rust_of_its_declared_msrv() {
    let (toolchain, declared) = msrv();
    assert_eq!(declared, error_catalog::emit::rust::RUST_VERSION);
    let installed = Command::new("rustup")
        .args(["run", &toolchain, "rustc", "--version"])
        .output()
        .ok()
        .filter(|output| output.status.success());
    let version = installed
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_else(|| {
            panic!(
                "Rust {toolchain} is not installed: run the tests with `cargo xtask test`, which \
                 installs it with rustup (`cargo xtask tools` alone does too)"
            )
        });
    assert!(
        version.starts_with(&format!("rustc {toolchain} ")),
        "{version}"
    );

    let dir = fresh_dir("msrv-project");
    let catalog = support::load(&support::repo_catalog_path());
    let outputs = support::generate(&support::repo_catalog_path());
    support::write_standalone_crate(&dir, &catalog, &outputs);
    for args in [
        &["build", "--no-default-features"][..],
        &["build", "--all-features"],
        &["test", "--all-features"],
    ] {
        run(Command::new("rustup")
            .args(["run", &toolchain, "cargo", "--offline"])
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", build_dir("msrv"))
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            // That toolchain's own cargo, rustc and rustdoc, and none of the flags of the build
            // running the tests.
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .env_remove("RUSTDOC")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS"));
    }
}

/// Each dependency that declares a `rust-version` (in any feature set) declares one no newer than
/// the crate's. Dependencies that declare none are judged by the build above alone; this test
/// names the dependency that moved, where a failed build with an old Rust only shows the error.
#[test]
fn no_dependency_declares_a_newer_rust_version_than_the_crate() {
    let (_, msrv) = msrv();
    let packages = packages();
    let tree = dependency_tree("std,serde,http,axum");
    let too_new: Vec<String> = packages
        .iter()
        .filter(|package| tree.contains(&name_and_version(package)))
        .filter_map(|package| {
            let needs = package["rust_version"].as_str()?;
            (rust_version(needs) > rust_version(&msrv))
                .then(|| format!("{} {} needs {needs}", package["name"], package["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "api-errors declares {msrv}, but {too_new:?}"
    );
}
