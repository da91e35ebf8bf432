//! `write::write_all_with` shows each step of a write before taking it, and at each step the
//! files are what the module promises: every changed output staged whole beside its target
//! before any target is replaced, targets replaced one rename at a time in output order, and
//! unchanged outputs never touched. (What a run killed at each step leaves, and what the next run
//! does about it, is tested on the command line: `xtask/tests/writing.rs`.) The other promises of
//! the writer are tested here against the library too, so that the mutation run
//! (`tests/mutants.sh`, which runs the library's fast tests only) sees them: `check_all`'s
//! reports, the staging files a killed run left, symbolic links, `read_limited`'s bound and the
//! cause an error carries.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::error::Error as _;

use error_catalog::write::{self, RootLock, Stale, Step, STAGING_PREFIX};
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

fn output(path: &str, contents: &str) -> Output {
    Output {
        path: path.to_owned(),
        contents: contents.to_owned(),
    }
}

#[test]
fn a_run_into_an_empty_folder_writes_every_output_and_check_then_finds_none_stale() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = RootLock::acquire(folder.path()).expect("the lock");
    let outputs = outputs("Back off and retry");
    let stale = write::check_all(&root, &outputs).expect("the check");
    let missing: Vec<Stale> = outputs
        .iter()
        .map(|output| Stale {
            path: output.path.clone(),
            diff: "missing: the file does not exist\n".to_owned(),
        })
        .collect();
    assert_eq!(stale, missing, "every output is reported missing");

    let written = write::write_all(&root, &outputs).expect("the write");
    let paths: Vec<&str> = outputs.iter().map(|output| output.path.as_str()).collect();
    assert_eq!(written, paths, "every output is written, in order");
    let files = support::tree(folder.path());
    assert_eq!(
        files.len(),
        outputs.len(),
        "no other file: {:?}",
        files.keys()
    );
    for output in &outputs {
        assert_eq!(
            files[&output.path],
            output.contents.as_bytes(),
            "{}",
            output.path
        );
    }
    assert_eq!(write::check_all(&root, &outputs).expect("the check"), []);
    let again = write::write_all(&root, &outputs).expect("the second write");
    assert!(
        again.is_empty(),
        "unchanged outputs are not written: {again:?}"
    );
}

#[test]
fn check_reports_a_stale_output_with_its_diff_cut_at_200_lines() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = RootLock::acquire(folder.path()).expect("the lock");
    let lines = |range: std::ops::Range<usize>, word: &str| -> String {
        range.map(|line| format!("{word} {line}\n")).collect()
    };
    let old = [
        output("small.txt", "a\nb\nc\n"),
        output("big.txt", &lines(0..300, "old")),
    ];
    write::write_all(&root, &old).expect("the first write");
    let new = [
        output("small.txt", "a\nB\nc\n"),
        output("big.txt", &lines(0..300, "new")),
    ];
    let stale = write::check_all(&root, &new).expect("the check");
    assert_eq!(stale.len(), 2, "{stale:?}");

    assert_eq!(stale[0].path, "small.txt");
    assert_eq!(
        stale[0].diff,
        "--- a/small.txt\n+++ b/small.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    );

    // 300 lines removed and 300 added, under 3 header lines: 603 lines, 200 shown.
    assert_eq!(stale[1].path, "big.txt");
    let shown: Vec<&str> = stale[1].diff.lines().collect();
    assert_eq!(shown.len(), 201, "200 diff lines and the count of the rest");
    assert_eq!(
        shown[..3],
        ["--- a/big.txt", "+++ b/big.txt", "@@ -1,300 +1,300 @@"]
    );
    assert_eq!(shown[3], "-old 0");
    assert_eq!(shown[200], "… 403 more diff lines");

    // A diff of exactly 200 lines is shown whole.
    let old = [output("exact.txt", &lines(0..99, "old"))];
    write::write_all(&root, &old).expect("the write");
    let new = [output("exact.txt", &lines(0..98, "new"))];
    let stale = write::check_all(&root, &new).expect("the check");
    assert_eq!(stale[0].diff.lines().count(), 200, "{}", stale[0].diff);
    assert!(!stale[0].diff.contains("more diff lines"));
}

#[test]
fn staging_files_left_by_a_killed_run_are_removed_and_nothing_else() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = RootLock::acquire(folder.path()).expect("the lock");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("a folder");
    let litter = format!("{STAGING_PREFIX}x1Y2z3");
    let kept = [
        format!("{STAGING_PREFIX}notes.md"),
        format!("{STAGING_PREFIX}x1Y2z"),
        "notes.md".to_owned(),
    ];
    for name in kept.iter().chain([&litter]) {
        std::fs::write(docs.join(name), "left here").expect("a file");
    }
    // A folder with a staging name is no staging file.
    std::fs::create_dir(docs.join(format!("{STAGING_PREFIX}a1b2c3"))).expect("a folder");

    write::write_all(&root, &[output("docs/errors.md", "page\n")]).expect("the write");
    let mut names: Vec<String> = std::fs::read_dir(&docs)
        .expect("the folder lists")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = kept.to_vec();
    expected.push(format!("{STAGING_PREFIX}a1b2c3"));
    expected.push("errors.md".to_owned());
    expected.sort();
    assert_eq!(names, expected, "only the staging file is removed");
    for name in &kept {
        assert_eq!(read(&docs.join(name)), "left here", "{name}");
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_is_refused_and_left_as_it_is() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = RootLock::acquire(folder.path()).expect("the lock");
    let elsewhere = tempfile::tempdir().expect("another folder");
    let target = elsewhere.path().join("page.md");
    std::fs::write(&target, "not ours\n").expect("the link's target");
    let link = folder.path().join("errors.md");
    std::os::unix::fs::symlink(&target, &link).expect("the link");

    let error =
        write::write_all(&root, &[output("errors.md", "page\n")]).expect_err("a link is refused");
    assert_eq!(error.action, "refusing to replace");
    assert_eq!(error.path, link);
    assert!(std::fs::symlink_metadata(&link)
        .expect("the link")
        .file_type()
        .is_symlink());
    assert_eq!(
        read(&target),
        "not ours\n",
        "what the link points to is untouched"
    );
}

#[test]
fn read_limited_reads_one_byte_past_the_limit_and_no_more() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("catalog.yaml");
    std::fs::write(&path, "0123456789").expect("a file");
    for (limit, expected) in [(0, "0"), (3, "0123"), (9, "0123456789"), (20, "0123456789")] {
        let bytes = write::read_limited(&path, limit).expect("the read");
        assert_eq!(
            String::from_utf8(bytes).expect("UTF-8"),
            expected,
            "limit {limit}"
        );
    }
}

#[test]
fn a_file_error_names_the_file_and_carries_its_cause() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("missing.yaml");
    let error = write::read_limited(&path, 10).expect_err("no such file");
    assert_eq!(error.to_string(), format!("cannot read {}", path.display()));
    let cause = error
        .source()
        .and_then(|source| source.downcast_ref::<std::io::Error>())
        .expect("the cause is the I/O error");
    assert_eq!(cause.kind(), std::io::ErrorKind::NotFound);
}

/// `try_acquire` takes a free lock and reports a held one as held, whichever spelling of the
/// root each side uses; the lock is free again once its holder is dropped.
#[test]
fn try_acquire_takes_a_free_lock_and_not_a_held_one() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let held = RootLock::acquire(folder.path()).expect("the lock");
    let other_spelling = folder.path().join(".");
    assert!(
        RootLock::try_acquire(&other_spelling)
            .expect("the lock file opens")
            .is_none(),
        "a held lock is not taken again"
    );
    drop(held);
    let taken = RootLock::try_acquire(&other_spelling)
        .expect("the lock file opens")
        .expect("a free lock is taken");
    assert_eq!(taken.root(), other_spelling, "the root as given");
}
