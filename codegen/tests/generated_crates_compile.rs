//! The crate generated from every fixture catalog builds on its own, outside the workspace,
//! with warnings denied, and its doctests pass: with all features, with none, and without `std`
//! but with `alloc` and `serde`. A test written here from the catalog (not by the emitters) is
//! added to each crate and checks that every code, named by its PascalCase variant, has the
//! catalog's string, status, text and retryability, round-trips through `FromStr` and serde, and
//! debug-prints as its variant. A fixture with more codes than a `match` serves covers the
//! perfect hash.
//!
//! Each crate is written to a temporary folder with a `[workspace]` table appended to its
//! manifest (so it is its own workspace, as when its folder is copied out), next to a copy of the
//! repository's `Cargo.lock` so no dependency is resolved anew. The builds share one target
//! folder, `fixture-crates` in the target folder, so dependencies compile once.

mod support;

use std::fmt::Write as _;

use error_catalog::Catalog;

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
            "    check(ErrorCode::{variant}, {index}, {code:?}, {status}, {cause:?}, {remedy:?}, {retryable});\n    \
             assert_eq!(format!(\"{{:?}}\", ErrorCode::{variant}), {variant:?}, \"Debug\");",
            variant = pascal_case(code),
            status = entry.status,
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
{checks}    for unknown in ["not_a_code_of_the_catalog", "", "a", "{first}x", "{first_upper}"] {{
        assert!(unknown.parse::<ErrorCode>().is_err(), "{{unknown:?}} parses");
        assert_eq!(ErrorCode::from_code(unknown), None, "{{unknown:?}}");
    }}
}}
"#,
        count = catalog.codes.len(),
        // Near misses of a real code: one more byte, another case.
        first = catalog.codes[0].code,
        first_upper = catalog.codes[0].code.to_ascii_uppercase(),
    )
}

#[test]
fn generated_crate_of_every_fixture_builds_and_passes_its_tests_with_warnings_denied() {
    let target_dir = support::build_dir("fixture-crates");
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let mut failures = Vec::new();
    for (name, catalog) in support::valid_fixtures() {
        let dir = temp.path().join(&name);
        let parsed = support::load(&catalog);
        support::write_standalone_crate(&dir, &parsed, &support::generate(&catalog));
        support::write_tree(
            &dir,
            [(
                "tests/catalog_agreement.rs",
                agreement_test(&parsed, &parsed.package.name).as_bytes(),
            )],
        );
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
            if let Err(failure) = support::run_cargo(&dir, &target_dir, args) {
                failures.push(format!("{name}: {failure}"));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
