//! How `cargo xtask codegen` writes its outputs, as a user's machine sees it: file modes under a
//! umask, runs killed between staging and renaming and the staging files they leave, racing runs
//! and the lock on the output root, and writes that fail (a folder in the way, a file-size limit,
//! a symbolic link). Every run works on a temporary copy of the repository's catalog and outputs,
//! through `--catalog` and `--out`.
//!
//! Each test ends by itself: runs are waited for, killed runs are killed by the test at a step
//! the run stops at and says so (the hidden `--pause-before-rename N`), not after a delay, and the
//! one that waits for the lock is released by the test. No assertion is about time.

#![cfg(unix)]

#[path = "../../codegen/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use error_catalog::write::{RootLock, STAGING_PREFIX};
use support::describe_output as describe;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// A temporary root holding the repository's catalog and its current outputs.
fn root_with_outputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let catalog = support::read_repo_file("catalog.yaml");
    std::fs::write(dir.path().join("catalog.yaml"), &catalog).expect("write the catalog");
    let outputs = support::generate_text("catalog.yaml", &catalog);
    support::write_tree(
        dir.path(),
        outputs
            .iter()
            .map(|output| (output.path.as_str(), output.contents.as_bytes())),
    );
    dir
}

/// `codegen` in `dir` on `catalog.yaml` there, through `sh -c` so that `setup` (`umask 027`,
/// `ulimit -f 16`) applies to it.
fn codegen_with(dir: &Path, setup: &str, extra: &[&str]) -> Output {
    let command = format!("{setup}\nexec \"$0\" codegen --catalog catalog.yaml --out . \"$@\"");
    Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(command)
        .arg(XTASK)
        .args(extra)
        .output()
        .expect("run the xtask binary")
}

/// The catalog with one remedy reworded, so that most outputs change.
fn reworded(dir: &Path) {
    let path = dir.join("catalog.yaml");
    let text = std::fs::read_to_string(&path).expect("read the catalog");
    let changed = text.replace("remedy: Back off and retry", "remedy: Back off, then retry");
    assert_ne!(
        text, changed,
        "the catalog has the remedy this test rewords"
    );
    std::fs::write(&path, changed).expect("write the catalog");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("an output")
        .permissions()
        .mode()
        & 0o7777
}

/// Every file under `dir` whose name starts with the staging prefix.
fn staging_files(dir: &Path) -> Vec<PathBuf> {
    support::tree(dir)
        .into_keys()
        .map(|path| dir.join(path))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(STAGING_PREFIX))
        })
        .collect()
}

#[test]
fn new_outputs_get_0666_less_the_umask_and_replaced_ones_keep_their_mode() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("catalog.yaml"),
        support::read_repo_file("catalog.yaml"),
    )
    .expect("write the catalog");
    let output = codegen_with(dir.path(), "umask 027", &[]);
    assert!(output.status.success(), "{}", describe(&output));
    let outputs = support::generate(&dir.path().join("catalog.yaml"));
    for output in &outputs {
        assert_eq!(
            mode(&dir.path().join(&output.path)),
            0o640,
            "{}",
            output.path
        );
    }

    // A teammate made the page group-writable and world-readable; another output is gone.
    let page = dir.path().join("docs/errors.md");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let json = dir.path().join("generated/openapi/errors.json");
    std::fs::remove_file(&json).expect("remove an output");
    reworded(dir.path());
    let output = codegen_with(dir.path(), "umask 077", &[]);
    assert!(output.status.success(), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("updated: docs/errors.md"),
        "the page was rewritten: {}",
        describe(&output)
    );
    assert_eq!(mode(&page), 0o664, "a replaced output keeps its mode");
    assert_eq!(mode(&json), 0o600, "a new output gets 0666 less the umask");
}

#[test]
fn a_run_removes_the_staging_files_earlier_runs_left_and_nothing_else() {
    let dir = root_with_outputs();
    let litter = [
        "generated/openapi/.codegen-x1Y2z3",
        "generated/api-errors/src/.codegen-AbCdEf",
        "docs/.codegen-000000",
    ];
    // Not a staging name, or not in a folder that is written (the root holds no output).
    let kept = [
        "docs/.codegen",
        "docs/.codegen-notes.md",
        "generated/openapi/codegen-notes.txt",
        ".codegen-x1Y2z3",
    ];
    for path in litter.iter().chain(&kept) {
        std::fs::write(dir.path().join(path), "left behind").expect("plant a file");
    }
    let output = codegen_with(dir.path(), "", &[]);
    assert!(output.status.success(), "{}", describe(&output));
    for path in litter {
        assert!(!dir.path().join(path).exists(), "`{path}` is removed");
    }
    for path in kept {
        assert!(
            dir.path().join(path).exists(),
            "`{path}` is no staging file in a folder that is written; it stays"
        );
    }
}

/// A run of `codegen --pause-before-rename INDEX` in `dir`, stopped at that step: every changed
/// output is staged and INDEX of them are renamed. Returns the run, still going (it waits for its
/// stdin to close), and the output it was about to rename.
fn paused_run(dir: &Path, index: usize) -> (Child, String) {
    let mut run = Command::new(XTASK)
        .current_dir(dir)
        .args(["codegen", "--catalog", "catalog.yaml", "--out", "."])
        .args(["--pause-before-rename", &index.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a run");
    let mut stderr = BufReader::new(run.stderr.take().expect("its stderr"));
    let mut said = String::new();
    let paused = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("read its stderr") == 0 {
            break None;
        }
        if let Some(path) = line.strip_prefix("paused before renaming ") {
            break Some(path.trim_end().to_owned());
        }
        said.push_str(&line);
    };
    match paused {
        Some(path) => (run, path),
        None => {
            let status = run.wait().expect("the run ends");
            panic!("the run ended ({status}) without pausing before rename {index}:\n{said}");
        }
    }
}

/// Each file's bytes by folder, sorted: what a folder holds, whatever the files are named.
fn by_folder<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a Vec<u8>)>,
) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut folders: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for (path, bytes) in files {
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        folders
            .entry(folder.to_owned())
            .or_default()
            .push(bytes.clone());
    }
    for contents in folders.values_mut() {
        contents.sort();
    }
    folders
}

/// A run killed between staging and renaming, at each of its renames in turn (the run stops
/// there and waits, then the test kills it): the outputs renamed so far are the new ones, the
/// rest are still the old ones, whole, and each of those has a staging file holding its new
/// contents in full. The next run removes the staging files and makes every output current.
#[test]
fn a_run_killed_at_any_rename_leaves_whole_outputs_and_the_next_run_makes_them_current() {
    let catalog = support::read_repo_file("catalog.yaml");
    let files = |text: &str| -> BTreeMap<String, Vec<u8>> {
        support::generate_text("catalog.yaml", text)
            .into_iter()
            .map(|output| (output.path, output.contents.into_bytes()))
            .collect()
    };
    let old = files(&catalog);
    let new_text = catalog.replace("remedy: Back off and retry", "remedy: Back off, then retry");
    let new = files(&new_text);
    // The changed outputs, in the order the run renames them: the library's order.
    let changed: Vec<String> = support::generate_text("catalog.yaml", &new_text)
        .into_iter()
        .map(|output| output.path)
        .filter(|path| old.get(path) != new.get(path))
        .collect();
    assert!(
        changed.len() > 1,
        "the change reaches several outputs: {changed:?}"
    );

    for killed_at in 0..changed.len() {
        let dir = root_with_outputs();
        reworded(dir.path());
        let (mut run, renaming) = paused_run(dir.path(), killed_at);
        assert_eq!(
            renaming, changed[killed_at],
            "renamed in the library's order"
        );

        let seen = support::tree(dir.path());
        let (renamed, waiting) = changed.split_at(killed_at);
        for path in new.keys() {
            let expected = if renamed.contains(path) {
                &new[path]
            } else {
                &old[path]
            };
            assert!(
                seen.get(path) == Some(expected),
                "before rename {killed_at}, `{path}` is not the {} output",
                if renamed.contains(path) { "new" } else { "old" }
            );
        }
        let staging: Vec<(&str, &Vec<u8>)> = seen
            .iter()
            .filter(|(path, _)| {
                Path::new(path.as_str())
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(STAGING_PREFIX))
            })
            .map(|(path, bytes)| (path.as_str(), bytes))
            .collect();
        assert_eq!(
            by_folder(staging),
            by_folder(waiting.iter().map(|path| (path.as_str(), &new[path]))),
            "before rename {killed_at}, each output not yet renamed is staged, whole, in its \
             folder, and nothing else is"
        );

        // SIGKILL: no destructor runs, as when a machine loses power or CI cancels a job.
        run.kill().expect("kill the run");
        run.wait().expect("the killed run ends");
        assert_eq!(
            staging_files(dir.path()).len(),
            waiting.len(),
            "the kill left them"
        );

        let output = codegen_with(dir.path(), "", &[]);
        assert!(output.status.success(), "{}", describe(&output));
        assert_eq!(staging_files(dir.path()), Vec::<PathBuf>::new());
        let mut after = support::tree(dir.path());
        after.remove("catalog.yaml");
        assert!(after == new, "after the next run, every output is current");
        let check = codegen_with(dir.path(), "", &["--check"]);
        assert!(check.status.success(), "{}", describe(&check));
    }
}

#[test]
fn racing_runs_never_mix_two_catalogs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let first = support::read_repo_file("catalog.yaml");
    let second = first.replace("remedy: Back off and retry", "remedy: Back off, then retry");
    std::fs::write(dir.path().join("first.yaml"), &first).expect("write a catalog");
    std::fs::write(dir.path().join("second.yaml"), &second).expect("write a catalog");
    let expected = |text: &str| -> BTreeMap<String, Vec<u8>> {
        support::generate_text("catalog.yaml", text)
            .into_iter()
            .map(|output| (output.path, output.contents.into_bytes()))
            .collect()
    };
    let (from_first, from_second) = (expected(&first), expected(&second));
    for _ in 0..8 {
        let runs: Vec<_> = ["first.yaml", "second.yaml"]
            .iter()
            .map(|catalog| {
                Command::new(XTASK)
                    .current_dir(dir.path())
                    .args(["codegen", "--catalog", catalog, "--out", "."])
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start a run")
            })
            .collect();
        for mut run in runs {
            assert!(run.wait().expect("a run ends").success());
        }
        let written: BTreeMap<String, Vec<u8>> = support::tree(dir.path())
            .into_iter()
            .filter(|(path, _)| from_first.contains_key(path))
            .collect();
        assert!(
            written == from_first || written == from_second,
            "the outputs mix the two catalogs"
        );
    }
}

#[test]
fn a_second_run_waits_for_the_lock_and_says_so_or_fails_fast() {
    let dir = root_with_outputs();
    reworded(dir.path());
    let before = support::tree(dir.path());
    let lock = RootLock::acquire(dir.path()).expect("the test takes the lock");

    let failed = codegen_with(dir.path(), "", &["--no-wait"]);
    assert_eq!(failed.status.code(), Some(1), "{}", describe(&failed));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("holds the lock"),
        "{}",
        describe(&failed)
    );
    assert_eq!(
        support::tree(dir.path()),
        before,
        "a run that did not wait wrote nothing"
    );

    let mut waiting = Command::new(XTASK)
        .current_dir(dir.path())
        .args(["codegen", "--catalog", "catalog.yaml", "--out", "."])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a run");
    let mut stderr = BufReader::new(waiting.stderr.take().expect("its stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("it says something");
    assert!(
        line.starts_with("Blocking waiting for the lock on"),
        "{line}"
    );
    // It cannot have written: the lock is still held here.
    assert_eq!(support::tree(dir.path()), before);
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("the rest of its stderr");
    assert!(waiting.wait().expect("it ends").success(), "{line}{rest}");
    assert_eq!(
        rest.matches("Blocking waiting").count(),
        0,
        "said once: {rest}"
    );
    assert!(rest.contains("updated: docs/errors.md"), "{rest}");
}

/// A failed write leaves the outputs as they were, names the file and why, and exits 1.
fn assert_failed_cleanly(
    dir: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    output: &Output,
    says: &str,
) {
    assert_eq!(output.status.code(), Some(1), "{}", describe(output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(says), "no `{says}` in:\n{stderr}");
    assert_eq!(&support::tree(dir), before, "the outputs are as they were");
}

#[test]
fn a_folder_where_an_output_goes_fails_the_run_and_leaves_the_rest() {
    let dir = root_with_outputs();
    reworded(dir.path());
    let page = dir.path().join("docs/errors.md");
    std::fs::remove_file(&page).expect("remove the page");
    std::fs::create_dir(&page).expect("a folder where the page goes");
    let before = support::tree(dir.path());
    let output = codegen_with(dir.path(), "", &[]);
    assert_failed_cleanly(
        dir.path(),
        &before,
        &output,
        "docs/errors.md: Is a directory",
    );
}

#[test]
fn a_file_size_limit_fails_the_write_instead_of_killing_the_run() {
    let dir = root_with_outputs();
    reworded(dir.path());
    let before = support::tree(dir.path());
    // 16 blocks (8 KiB in POSIX's 512-byte blocks): the generated crate's lib.rs is far larger.
    let output = codegen_with(dir.path(), "ulimit -f 16", &[]);
    assert_failed_cleanly(dir.path(), &before, &output, "File too large");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot write"),
        "{}",
        describe(&output)
    );
}

#[test]
fn an_output_that_is_a_symbolic_link_is_refused_and_left_alone() {
    let dir = root_with_outputs();
    reworded(dir.path());
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let target = elsewhere.path().join("site-errors.md");
    std::fs::write(&target, "the site's own page").expect("write the link's target");
    let page = dir.path().join("docs/errors.md");
    std::fs::remove_file(&page).expect("remove the page");
    std::os::unix::fs::symlink(&target, &page).expect("link the page");
    let before = support::tree(dir.path());
    let output = codegen_with(dir.path(), "", &[]);
    assert_failed_cleanly(dir.path(), &before, &output, "refusing to replace");
    assert!(std::fs::symlink_metadata(&page)
        .expect("the link")
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).expect("the target"),
        "the site's own page"
    );
}

#[test]
fn the_first_run_on_a_machine_creates_the_shared_lock_folder() {
    // A temporary folder of its own stands for a machine where no run has taken a lock yet.
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = root_with_outputs();
    reworded(dir.path());
    let setup = format!("export TMPDIR='{}'", temp.path().display());
    let run = codegen_with(dir.path(), &setup, &[]);
    assert!(run.status.success(), "{}", describe(&run));
    let locks = temp.path().join("error-catalog-locks");
    assert!(locks.is_dir(), "no lock folder: {}", describe(&run));
    let files = std::fs::read_dir(&locks)
        .expect("read the lock folder")
        .count();
    assert_eq!(files, 1, "one lock file for the one root");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&locks)
            .expect("lock folder")
            .permissions()
            .mode();
        assert_eq!(mode & 0o1777, 0o1777, "shared like /tmp: {mode:o}");
    }
}
