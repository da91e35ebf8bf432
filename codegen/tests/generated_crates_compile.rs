//! The crate generated from every fixture catalog builds on its own, outside the workspace,
//! with warnings denied, and its doctests pass: with all features, with none, and without `std`
//! but with `alloc` and `serde`. A test written here from the catalog (not by the emitters) is
//! added to each crate and checks that every code, named by its PascalCase variant, has the
//! catalog's string, status, text and retryability, and round-trips through `FromStr` and serde.
//!
//! Each crate is written to a temporary folder with a `[workspace]` table appended to its
//! manifest (so it is its own workspace, as when its folder is copied out), next to a copy of the
//! repository's `Cargo.lock` so no dependency is resolved anew. The builds share one target
//! folder under `target/` so dependencies compile once.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use codegen::Catalog;

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

/// `rate_limited` → `RateLimited`, written here independently of the emitter's naming.
fn pascal_case(code: &str) -> String {
    code.split('_')
        .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
        .collect()
}

/// An integration test for the generated crate that states what the catalog says about every
/// code, as Rust literals.
fn agreement_test(catalog: &Catalog, crate_name: &str) -> String {
    let crate_ident = crate_name.replace('-', "_");
    let mut checks = String::new();
    for (index, entry) in catalog.codes.iter().enumerate() {
        let code = entry.code.as_str();
        let _ = writeln!(
            checks,
            "    check(ErrorCode::{variant}, {index}, {code:?}, {status}, {cause:?}, {remedy:?}, {retryable});",
            variant = pascal_case(code),
            status = *entry.status,
            cause = entry.cause.as_str(),
            remedy = entry.remedy.as_str(),
            retryable = entry.retryable,
        );
    }
    format!(
        r#"//! Written by codegen/tests/generated_crates_compile.rs from the fixture catalog.
// Deprecated and retired codes must still be usable by clients that name them.
#![allow(deprecated)]

use {crate_ident}::ErrorCode;

fn check(
    code: ErrorCode,
    index: usize,
    text: &str,
    status: u16,
    cause: &str,
    remedy: &str,
    retryable: bool,
) {{
    assert_eq!(ErrorCode::ALL[index], code, "{{text}}: place in ErrorCode::ALL");
    assert_eq!(code.as_str(), text);
    assert_eq!(code.to_string(), text);
    assert_eq!(text.parse::<ErrorCode>().ok(), Some(code), "{{text}}: FromStr");
    assert_eq!(ErrorCode::from_code(text), Some(code), "{{text}}: from_code");
    assert_eq!(code.status(), status, "{{text}}: status");
    assert_eq!(code.cause(), cause, "{{text}}: cause");
    assert_eq!(code.remedy(), remedy, "{{text}}: remedy");
    assert_eq!(code.is_retryable(), retryable, "{{text}}: retryable");
    #[cfg(feature = "serde")]
    {{
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{{text}}\""));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }}
}}

#[test]
fn every_code_says_what_the_catalog_says() {{
    assert_eq!(ErrorCode::ALL.len(), {count});
{checks}    assert!("not_a_code_of_the_catalog".parse::<ErrorCode>().is_err());
}}
"#,
        count = catalog.codes.len(),
    )
}

#[test]
fn generated_crate_of_every_fixture_builds_and_passes_its_tests_with_warnings_denied() {
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
        let parsed = common::load(&catalog);
        std::fs::create_dir_all(dir.join("tests")).expect("create tests/");
        std::fs::write(
            dir.join("tests/catalog_agreement.rs"),
            agreement_test(&parsed, &parsed.package.name),
        )
        .expect("write the agreement test");
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
