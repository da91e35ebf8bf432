//! `cargo xtask` as a user runs it: the README's acceptance flow (change one remedy, `--check`
//! names the stale outputs and exits 1, `codegen` rewrites exactly those, `--check` passes),
//! the task list, and an invalid catalog. Every run works on a temporary copy of the catalog
//! and its outputs, through `--catalog` and `--out`.

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use error_catalog::emit::paths;
use support::{describe_output as describe, repo_root, tree};

/// Runs the built `xtask` binary in `dir`.
fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run the xtask binary")
}

fn codegen(dir: &Path, check: bool) -> Output {
    let mut args = vec!["codegen", "--catalog", "catalog.yaml", "--out", "."];
    if check {
        args.push("--check");
    }
    xtask(dir, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The paths that `xtask` names after `prefix` (such as `stale: `), one per line.
fn named(output: &Output, prefix: &str) -> BTreeSet<String> {
    stderr(output)
        .lines()
        .filter_map(|line| line.strip_prefix(prefix))
        .map(str::to_owned)
        .collect()
}

fn generate(catalog: &str) -> Vec<error_catalog::Output> {
    support::generate_text("catalog.yaml", catalog)
}

/// The catalog with one remedy reworded: the first written as a plain one-line scalar.
fn change_one_remedy(catalog: &str) -> String {
    let parsed = error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", catalog))
        .unwrap_or_else(|diagnostics| panic!("catalog.yaml is invalid:\n{diagnostics}"));
    for entry in &parsed.codes {
        let line = format!("remedy: {}\n", entry.remedy.as_str());
        if catalog.matches(&line).count() == 1 {
            let changed = format!("remedy: {}, as the test says\n", entry.remedy.as_str());
            return catalog.replacen(&line, &changed, 1);
        }
    }
    panic!("no remedy of catalog.yaml is a plain one-line scalar the test can reword");
}

#[test]
fn changing_one_remedy_makes_check_fail_then_codegen_fixes_exactly_the_stale_outputs() {
    let root = repo_root();
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let dir = temp.path();
    let original = std::fs::read_to_string(root.join("catalog.yaml")).expect("read catalog.yaml");
    std::fs::write(dir.join("catalog.yaml"), &original).expect("copy catalog.yaml");
    for output in generate(&original) {
        let from = root.join(&output.path);
        let to = dir.join(&output.path);
        std::fs::create_dir_all(to.parent().expect("an output has a folder"))
            .expect("create an output folder");
        if from.is_file() {
            std::fs::copy(&from, &to).expect("copy a committed output");
        }
    }
    // Bring the copy up to date, so this test is about the flow, not about the committed
    // outputs (the drift test in codegen/tests covers those).
    let first = codegen(dir, false);
    assert!(
        first.status.success(),
        "codegen failed:\n{}",
        describe(&first)
    );
    let check = codegen(dir, true);
    assert_eq!(
        check.status.code(),
        Some(0),
        "--check fails right after codegen:\n{}",
        describe(&check)
    );

    let changed = change_one_remedy(&original);
    std::fs::write(dir.join("catalog.yaml"), &changed).expect("write the changed catalog");
    let before: BTreeMap<String, String> = generate(&original)
        .into_iter()
        .map(|output| (output.path, output.contents))
        .collect();
    let expected: BTreeSet<String> = generate(&changed)
        .into_iter()
        .filter(|output| before.get(&output.path) != Some(&output.contents))
        .map(|output| output.path)
        .collect();
    let catalog = support::load(&root.join("catalog.yaml"));
    for path in [
        support::crate_lib(&catalog),
        paths::PAGE.to_owned(),
        paths::OPENAPI_YAML.to_owned(),
    ] {
        assert!(
            expected.contains(&path),
            "a remedy change does not reach {path}"
        );
    }
    assert!(
        !expected.contains(&support::crate_manifest(&catalog)),
        "a remedy change reaches the crate's Cargo.toml"
    );

    let files_before = tree(dir);
    let stale = codegen(dir, true);
    assert_eq!(
        stale.status.code(),
        Some(1),
        "--check on a changed remedy:\n{}",
        describe(&stale)
    );
    assert_eq!(
        named(&stale, "stale: "),
        expected,
        "--check names the wrong files:\n{}",
        describe(&stale)
    );
    assert!(
        stderr(&stale).contains("run `cargo xtask codegen`"),
        "--check does not say how to fix it:\n{}",
        describe(&stale)
    );
    assert_eq!(tree(dir), files_before, "--check wrote files");

    let fix = codegen(dir, false);
    assert!(fix.status.success(), "codegen failed:\n{}", describe(&fix));
    assert_eq!(
        named(&fix, "updated: "),
        expected,
        "codegen reports the wrong files:\n{}",
        describe(&fix)
    );
    let files_after = tree(dir);
    let keys: BTreeSet<&String> = files_before.keys().chain(files_after.keys()).collect();
    let rewritten: BTreeSet<String> = keys
        .into_iter()
        .filter(|path| files_before.get(*path) != files_after.get(*path))
        .cloned()
        .collect();
    assert_eq!(
        rewritten, expected,
        "codegen changed other files than the stale outputs"
    );

    let again = codegen(dir, true);
    assert_eq!(
        again.status.code(),
        Some(0),
        "--check after codegen:\n{}",
        describe(&again)
    );
    let quiet = codegen(dir, false);
    assert!(
        quiet.status.success() && named(&quiet, "updated: ").is_empty(),
        "a second codegen rewrites files:\n{}",
        describe(&quiet)
    );
}

/// The library's outputs, named one by one: the crate's manifest and source, the OpenAPI
/// document as YAML and JSON, the page as markdown and HTML, the editor schema.
fn every_output(catalog: &error_catalog::Catalog) -> BTreeSet<String> {
    [
        support::crate_manifest(catalog),
        support::crate_lib(catalog),
        paths::OPENAPI_YAML.to_owned(),
        paths::OPENAPI_JSON.to_owned(),
        paths::PAGE.to_owned(),
        paths::PAGE_HTML.to_owned(),
        paths::CATALOG_SCHEMA.to_owned(),
    ]
    .into()
}

#[test]
fn a_run_into_an_empty_folder_writes_every_output_and_nothing_else() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let dir = temp.path();
    let text = support::read_repo_file("catalog.yaml");
    let catalog = support::load(&repo_root().join("catalog.yaml"));
    let outputs = generate(&text);
    let expected = every_output(&catalog);
    assert_eq!(expected.len(), 7);
    assert_eq!(
        outputs
            .iter()
            .map(|output| output.path.clone())
            .collect::<BTreeSet<_>>(),
        expected,
        "the library renders another list of outputs"
    );

    let out = dir.join("out");
    let run = xtask(
        dir,
        &[
            "codegen",
            "--catalog",
            repo_root().join("catalog.yaml").to_str().expect("UTF-8"),
            "--out",
            "out",
        ],
    );
    assert!(run.status.success(), "{}", describe(&run));
    let written = tree(&out);
    assert_eq!(
        written.keys().cloned().collect::<BTreeSet<_>>(),
        expected,
        "{}",
        describe(&run)
    );
    for output in &outputs {
        assert!(
            written.get(&output.path) == Some(&output.contents.clone().into_bytes()),
            "{} is not what the library renders",
            output.path
        );
    }
    assert_eq!(named(&run, "updated: "), expected, "{}", describe(&run));
    assert!(
        stderr(&run).ends_with("7 of 7 outputs changed\n"),
        "{}",
        describe(&run)
    );
}

#[test]
fn no_arguments_lists_the_tasks() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let output = xtask(temp.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for task in ["codegen", "test"] {
        assert!(
            stdout
                .lines()
                .any(|line| line.split_whitespace().next() == Some(task)),
            "the task list lacks `{task}`:\n{}",
            describe(&output)
        );
    }
}

#[test]
fn invalid_catalog_exits_2_with_located_errors_and_writes_nothing() {
    let root = repo_root();
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let dir = temp.path();
    let catalog = std::fs::read_to_string(root.join("catalog.yaml")).expect("read catalog.yaml");
    let first_code = catalog
        .lines()
        .find(|line| line.trim_start().starts_with("- code: "))
        .expect("the catalog has a code");
    let broken =
        format!("{catalog}\n{first_code}\n    status: 400\n    cause: Again\n    remedy: Again\n");
    std::fs::write(dir.join("catalog.yaml"), broken).expect("write the broken catalog");
    for check in [false, true] {
        let output = codegen(dir, check);
        assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
        let located = stderr(&output).lines().any(|line| {
            line.strip_prefix("catalog.yaml:").is_some_and(|rest| {
                let mut parts = rest.splitn(3, ':');
                let line = parts.next().and_then(|n| n.parse::<u32>().ok());
                let column = parts.next().and_then(|n| n.parse::<u32>().ok());
                line.is_some() && column.is_some() && parts.next().is_some()
            })
        });
        assert!(
            located,
            "no `catalog.yaml:LINE:COL: …` message:\n{}",
            describe(&output)
        );
        assert_eq!(
            tree(dir).into_keys().collect::<Vec<_>>(),
            ["catalog.yaml"],
            "an invalid catalog wrote files"
        );
    }
}

/// `check-spec` exits like `--check`: 0 when the spec agrees with the catalog, 1 with every
/// mismatch located in the spec, 2 when the catalog is invalid.
#[test]
fn check_spec_exits_0_on_agreement_and_1_with_located_mismatches() {
    let root = repo_root();
    let catalog = root.join("catalog.yaml");
    let catalog = catalog.to_str().expect("a UTF-8 path");
    let fixtures = root.join("codegen/tests/fixtures");
    let agrees = xtask(
        &fixtures,
        &["check-spec", "main-spec.yaml", "--catalog", catalog],
    );
    assert_eq!(agrees.status.code(), Some(0), "{}", describe(&agrees));
    assert!(stderr(&agrees).contains("main-spec.yaml agrees with the catalog's 4 operations"));

    let specs = fixtures.join("specs");
    for (spec, located) in [
        (
            "mismatches.yaml",
            "mismatches.yaml:55:9: error: `getSession` answers 409",
        ),
        ("ref-loop.yaml", "ref-loop.yaml:20:13: error: `$ref` loop"),
        (
            "yaml-bomb.yaml",
            "yaml-bomb.yaml:3:7: error: YAML anchors and aliases",
        ),
    ] {
        let output = xtask(&specs, &["check-spec", spec, "--catalog", catalog]);
        assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
        assert!(stderr(&output).contains(located), "{}", describe(&output));
    }

    let temp = tempfile::tempdir().expect("create a temporary folder");
    std::fs::write(temp.path().join("catalog.yaml"), "codes: []\n").expect("write a catalog");
    let invalid = xtask(
        temp.path(),
        &[
            "check-spec",
            fixtures.join("main-spec.yaml").to_str().expect("UTF-8"),
            "--catalog",
            "catalog.yaml",
        ],
    );
    assert_eq!(invalid.status.code(), Some(2), "{}", describe(&invalid));
}
