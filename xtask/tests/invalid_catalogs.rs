//! `cargo xtask codegen` on bad input and on failing writes: an invalid catalog exits 2 with its
//! located message and writes nothing; a write that fails part-way leaves every existing output
//! as it was.

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{invalid_dir, repo_root, tree};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// Runs `cargo xtask codegen ARGS` from `cwd`.
fn codegen(cwd: &Path, args: &[&str]) -> Output {
    Command::new(XTASK)
        .current_dir(cwd)
        .arg("codegen")
        .args(args)
        .output()
        .expect("xtask runs")
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .expect("folder is readable")
        .next()
        .is_none()
}

#[test]
fn every_invalid_fixture_exits_2_with_its_message_and_writes_nothing() {
    let rules = support::files_with_extension(&invalid_dir(), "yaml");
    assert!(rules.len() >= 25, "fixtures went missing");
    for (_, fixture) in rules {
        let name = fixture
            .file_name()
            .and_then(|name| name.to_str())
            .expect("UTF-8 name");
        let out = tempfile::tempdir().expect("temp dir");
        let out_path = out.path().to_str().expect("UTF-8 temp path");
        let run = codegen(&invalid_dir(), &["--catalog", name, "--out", out_path]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{name}: {stderr}");
        let snapshot = std::fs::read_to_string(fixture.with_extension("stderr"))
            .expect("every fixture has its .stderr snapshot");
        assert_eq!(stderr, snapshot, "{name}: stderr differs from its snapshot");
        assert!(is_empty_dir(out.path()), "{name}: something was written");
    }
}

#[test]
fn a_file_over_the_size_limit_exits_2_without_being_read_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let catalog = dir.path().join("huge.yaml");
    // A sparse file: 64 MiB of zero bytes that cost no disk, over the 16 MiB limit.
    let file = std::fs::File::create(&catalog).expect("temp file");
    file.set_len(64 * 1024 * 1024).expect("sparse file");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let run = codegen(
        dir.path(),
        &[
            "--catalog",
            "huge.yaml",
            "--out",
            out.to_str().expect("UTF-8"),
        ],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "huge.yaml:1:1: error: the catalog is larger than the limit of 16777216 bytes"
        ),
        "{stderr}"
    );
    assert!(is_empty_dir(&out));
}

#[test]
fn a_missing_catalog_is_an_error_naming_it() {
    let out = tempfile::tempdir().expect("temp dir");
    let run = codegen(
        out.path(),
        &["--catalog", "no-such-catalog.yaml", "--out", "."],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot read no-such-catalog.yaml"),
        "{stderr}"
    );
    assert!(is_empty_dir(out.path()));
}

/// Writes the real catalog's outputs under a fresh folder and returns it with their bytes.
fn generated_outputs() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().expect("temp dir");
    let catalog = repo_root().join("catalog.yaml");
    let run = codegen(
        &repo_root(),
        &[
            "--catalog",
            catalog.to_str().expect("UTF-8"),
            "--out",
            out.path().to_str().expect("UTF-8"),
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files = tree(out.path());
    let outputs = support::generate(&catalog);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        outputs
            .iter()
            .map(|output| &output.path)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "a run into an empty folder writes every output"
    );
    (out, files)
}

#[test]
fn an_invalid_catalog_leaves_existing_outputs_as_they_were() {
    let (out, before) = generated_outputs();
    let run = codegen(
        &invalid_dir(),
        &[
            "--catalog",
            "several_problems.yaml",
            "--out",
            out.path().to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(tree(out.path()), before);
}

#[test]
fn a_failing_write_leaves_every_existing_output_as_it_was() {
    let (out, before) = generated_outputs();
    // A catalog whose new remedy changes the crate, the page and the OpenAPI document.
    let dir = tempfile::tempdir().expect("temp dir");
    let catalog = std::fs::read_to_string(repo_root().join("catalog.yaml"))
        .expect("catalog is readable")
        .replacen(
            "remedy: Back off and retry",
            "remedy: Back off, then retry",
            1,
        );
    std::fs::write(dir.path().join("catalog.yaml"), &catalog).expect("temp catalog");

    // The folder of the last output that changes is a file now: tests may run as root, who
    // ignores permissions, so the write fails this way instead. Every output staged before it
    // must be dropped, not renamed into place.
    let outputs = support::generate_text("catalog.yaml", &catalog);
    let changed: Vec<PathBuf> = outputs
        .iter()
        .filter(|output| before.get(&output.path) != Some(&output.contents.clone().into_bytes()))
        .map(|output| PathBuf::from(&output.path))
        .collect();
    assert!(changed.len() >= 3, "{changed:?}");
    let last = changed.last().expect("some output changes");
    let folder = out
        .path()
        .join(last.parent().expect("outputs live in folders"));
    let mut blocked = before.clone();
    for path in before.keys() {
        if out.path().join(path).starts_with(&folder) {
            blocked.remove(path);
        }
    }
    std::fs::remove_dir_all(&folder).expect("remove folder");
    std::fs::write(&folder, "a file where a folder must be").expect("blocking file");

    let run = codegen(
        dir.path(),
        &[
            "--catalog",
            "catalog.yaml",
            "--out",
            out.path().to_str().expect("UTF-8"),
        ],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: cannot"), "{stderr}");
    let mut after = tree(out.path());
    let blocking = folder
        .strip_prefix(out.path())
        .expect("under out")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let file = after
        .remove(&blocking)
        .expect("the blocking file is still there");
    assert_eq!(file, b"a file where a folder must be");
    assert_eq!(
        after, blocked,
        "an output changed, or a temporary file was left"
    );
}
