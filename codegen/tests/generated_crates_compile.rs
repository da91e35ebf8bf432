//! The crate generated from every fixture catalog builds on its own, outside the workspace,
//! with warnings denied, and its doctests pass: with all features, with none, and without `std`
//! but with `alloc` and `serde`.
//!
//! Each crate is written to a temporary folder with a `[workspace]` table appended to its
//! manifest (so it is its own workspace, as when its folder is copied out), next to a copy of the
//! repository's `Cargo.lock` so no dependency is resolved anew. The builds share one target
//! folder under `target/` so dependencies compile once.

mod common;

use std::path::Path;
use std::process::Command;

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs one cargo command in `dir` with warnings denied; returns a failure report, if any.
fn run_cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new(cargo())
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo: {error}"));
    if output.status.success() {
        return None;
    }
    Some(format!(
        "`cargo {}` in {} failed with {}:\n{}{}",
        args.join(" "),
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    ))
}

#[test]
fn generated_crate_of_every_fixture_builds_and_passes_its_doctests_with_warnings_denied() {
    let root = common::repo_root();
    let target_dir = root.join("target").join("fixture-crates");
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let crate_root = Path::new(codegen::paths::CRATE_MANIFEST)
        .parent()
        .expect("the manifest has a folder");
    let lock = std::fs::read(root.join("Cargo.lock")).expect("read Cargo.lock");
    let mut failures = Vec::new();
    for (name, catalog) in common::valid_fixtures() {
        let dir = temp.path().join(&name);
        for output in common::generate(&catalog) {
            let Ok(relative) = Path::new(output.path).strip_prefix(crate_root) else {
                continue;
            };
            let mut contents = output.contents;
            if output.path == codegen::paths::CRATE_MANIFEST {
                contents.push_str("\n[workspace]\n");
            }
            let path = dir.join(relative);
            std::fs::create_dir_all(path.parent().expect("a file has a folder"))
                .expect("create the crate's folders");
            std::fs::write(&path, contents).expect("write the generated crate");
        }
        assert!(
            dir.join("Cargo.toml").is_file() && dir.join("src/lib.rs").is_file(),
            "{name}: the pipeline produced no crate"
        );
        std::fs::write(dir.join("Cargo.lock"), &lock).expect("copy Cargo.lock");
        for args in [
            &["build", "--all-features"][..],
            &["test", "--all-features"],
            &["build", "--no-default-features"],
            &[
                "build",
                "--no-default-features",
                "--features",
                "alloc,serde",
            ],
            &["doc", "--all-features", "--no-deps"],
        ] {
            if let Some(failure) = run_cargo(&dir, &target_dir, args) {
                failures.push(format!("{name}: {failure}"));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
