//! Messages with parameters as a consumer outside the workspace sees them:
//! `tests/message-consumer/` depends on two crates generated from
//! `fixtures/valid/messages.yaml`, one as written (`details: true`) and one with `details: false`
//! under another name. Copied to a temporary folder beside them, it builds offline with the
//! repository's `Cargo.lock`; its `main` builds bodies of parameterized codes and parses them
//! back with `details` on and off, and its tests feed the constructors hostile values
//! (a proptest: braces, placeholders, control, right-to-left and zero-width characters,
//! megabyte strings) and check that every body serializes to JSON the schema accepts.
//!
//! The builds share one target folder, `message-consumer` in the target folder. `CI` and
//! `PROPTEST_RNG_SEED` reach the proptest as they are (a fixed seed in CI).

mod support;

use std::path::Path;

/// The consumer, relative to the repository root.
const CONSUMER: &str = "codegen/tests/message-consumer";

/// The fixture's text with `details` switched off and the crate renamed, so both crates can be
/// dependencies of one package.
fn without_details(text: &str) -> String {
    let renamed = text
        .replace(
            "  name: templated-errors\n",
            "  name: templated-errors-plain\n",
        )
        .replace("  details: true\n", "  details: false\n");
    assert!(
        renamed.contains("templated-errors-plain") && renamed.contains("details: false"),
        "messages.yaml no longer names its crate `templated-errors` or sets `details: true`"
    );
    renamed
}

/// Writes the generated crate of catalog `text` into `dir`.
fn write_crate(dir: &Path, name: &str, text: &str) {
    let catalog = error_catalog::load(&error_catalog::SourceFile::new(name, text))
        .unwrap_or_else(|diagnostics| panic!("{name} is invalid:\n{diagnostics}"));
    support::write_standalone_crate(dir, &catalog, &support::generate_text(name, text));
}

#[test]
fn a_consumer_builds_bodies_with_parameters_and_reads_them_back_with_details_on_and_off() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let root = temp.path();
    let text = support::read_repo_file("codegen/tests/fixtures/valid/messages.yaml");
    write_crate(&root.join("templated-errors"), "messages.yaml", &text);
    write_crate(
        &root.join("templated-errors-plain"),
        "messages.yaml",
        &without_details(&text),
    );
    let consumer = root.join("message-consumer");
    for (path, bytes) in support::tree(&support::repo_root().join(CONSUMER)) {
        if path.starts_with("target/") || path == "Cargo.lock" {
            continue;
        }
        support::write_tree(&consumer, [(path.as_str(), bytes.as_slice())]);
    }
    std::fs::copy(
        support::repo_root().join("Cargo.lock"),
        consumer.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
    let target = support::build_dir("message-consumer");
    for args in [&["run", "--quiet"][..], &["test", "--quiet"]] {
        if let Err(failure) = support::run_cargo(&consumer, &target, args) {
            panic!("message-consumer: {failure}");
        }
    }
}
