//! `write::write_all_with` shows each step of a write before taking it, and at each step the
//! files are what the module promises: every changed output staged whole beside its target
//! before any target is replaced, targets replaced one rename at a time in output order, and
//! unchanged outputs never touched. (What a run killed at each step leaves, and what the next run
//! does about it, is tested on the command line: `xtask/tests/writing.rs`.)

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use error_catalog::write::{self, RootLock, Step, STAGING_PREFIX};
use error_catalog::Output;

fn outputs(remedy: &str) -> Vec<Output> {
    let catalog = support::read_repo_file("catalog.yaml")
        .replace("remedy: Back off and retry", &format!("remedy: {remedy}"));
    support::generate_text("catalog.yaml", &catalog)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn every_changed_output_is_staged_whole_before_any_is_renamed_then_renamed_in_order() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = RootLock::acquire(folder.path()).expect("the lock");
    let old = outputs("Back off and retry");
    write::write_all(&root, &old).expect("the first write");
    let new = outputs("Back off, then retry");
    let changed: Vec<&str> = new
        .iter()
        .zip(&old)
        .filter(|(new, old)| new.contents != old.contents)
        .map(|(new, _)| new.path.as_str())
        .collect();
    assert!(changed.len() > 1, "the change reaches several outputs");
    let contents = |outputs: &[Output]| -> BTreeMap<String, String> {
        outputs
            .iter()
            .map(|output| (output.path.clone(), output.contents.clone()))
            .collect()
    };
    let (before, after) = (contents(&old), contents(&new));

    let mut steps = Vec::new();
    let mut staging: Vec<(String, PathBuf)> = Vec::new();
    let written = write::write_all_with(&root, &new, &mut |step| match step {
        Step::Staged { staged } => {
            steps.push("staged".to_owned());
            for (path, file) in staged {
                let name = file.file_name().and_then(|name| name.to_str());
                assert!(
                    name.is_some_and(|name| name.starts_with(STAGING_PREFIX)),
                    "{path} is staged as {}",
                    file.display()
                );
                assert_eq!(
                    file.parent(),
                    folder.path().join(path).parent(),
                    "{path} is staged beside its target"
                );
                assert_eq!(read(file), after[*path], "{path} is staged whole");
                staging.push(((*path).to_owned(), file.to_path_buf()));
            }
            for (path, old) in &before {
                assert_eq!(
                    &read(&folder.path().join(path)),
                    old,
                    "{path} is replaced before every output is staged"
                );
            }
        }
        Step::Renaming { path, index, count } => {
            steps.push(format!("renaming {index} of {count}: {path}"));
            for (at, changed_path) in changed.iter().enumerate() {
                let expected = if at < index {
                    &after[*changed_path]
                } else {
                    &before[*changed_path]
                };
                assert_eq!(
                    &read(&folder.path().join(changed_path)),
                    expected,
                    "before rename {index}: {changed_path}"
                );
            }
        }
        other => panic!("a step this test does not know: {other:?}"),
    })
    .expect("the second write");

    assert_eq!(written, changed, "it reports the changed outputs");
    let mut expected_steps = vec!["staged".to_owned()];
    expected_steps.extend(
        changed
            .iter()
            .enumerate()
            .map(|(index, path)| format!("renaming {index} of {}: {path}", changed.len())),
    );
    assert_eq!(steps, expected_steps);
    assert_eq!(
        staging
            .iter()
            .map(|(path, _)| path.as_str())
            .collect::<Vec<_>>(),
        changed,
        "the changed outputs are staged, and only those"
    );
    for (path, file) in &staging {
        assert!(!file.exists(), "the staging file of {path} is renamed away");
    }
    for (path, contents) in &after {
        assert_eq!(&read(&folder.path().join(path)), contents, "{path}");
    }
}
