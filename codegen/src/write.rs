//! Stage 5, write: the one place that reads, compares and writes output files.
//!
//! Outputs arrive fully rendered. [`write_all`] stages every changed file as a temporary file in
//! its own folder first, then renames each over its target, so a failure while staging leaves
//! every existing output untouched and no reader ever sees a half-written file
//! ([`write_all_with`] shows an observer each of those steps). [`check_all`] writes nothing and
//! says which committed outputs are stale.
//!
//! Both need a [`RootLock`] on the output root, so two runs never interleave: one waits for the
//! other (or fails at once, with [`RootLock::try_acquire`]). A new output gets the mode a plain
//! `File::create` gives (0666 less the umask), a replaced one keeps its mode, and staging files
//! (`.codegen-*`) that a killed run left in the folders written are removed. An output that is a
//! symbolic link is refused rather than followed or replaced.
//!
//! A binary that writes outputs should handle SIGXFSZ (`signal-hook`, as this repository's xtask
//! does): past a file-size limit its default kills the process mid-write, where a handler makes
//! the write fail with an error, which [`write_all`] reports with the outputs as they were.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::emit::Output;

/// Most diff lines kept per stale file; the rest are counted.
const MAX_DIFF_LINES: usize = 200;

/// A file that could not be read or written. Its message names the file; the cause is its
/// [`source`](std::error::Error::source), as error reports (anyhow's `{:#}`) print it.
#[derive(Debug)]
pub struct FileError {
    /// What was being done: "cannot read", "cannot write", …
    pub action: &'static str,
    /// The file or folder.
    pub path: PathBuf,
    /// Why it failed.
    pub source: io::Error,
}

impl fmt::Display for FileError {
    /// What failed and where, such as `cannot write docs/errors.md`; the cause is the source.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.action, self.path.display())
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn failed<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> FileError + 'p {
    move |source| FileError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a file, but never more than `limit + 1` bytes of it: enough to tell that the file is
/// over the limit (and report it like any other problem of the catalog) without reading a huge
/// file into memory.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, FileError> {
    let file = fs::File::open(path).map_err(failed("cannot read", path))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(failed("cannot read", path))?;
    Ok(bytes)
}

/// A committed output that differs from what the catalog generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Its path relative to the output root.
    pub path: String,
    /// A unified diff from the committed file to the generated one, or why there is none.
    pub diff: String,
}

fn existing(root: &Path, output: &Output) -> Result<Option<String>, FileError> {
    let path = root.join(&output.path);
    match fs::read(&path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(failed("cannot read", &path)(error)),
    }
}

/// The prefix of staging files: a run writes each output as `.codegen-XXXXXX` in its folder, then
/// renames it over the output.
pub const STAGING_PREFIX: &str = ".codegen-";

/// An exclusive lock on an output root, held by one run at a time across processes. The
/// operating system releases it when the process ends, however it ends.
///
/// The lock file is not under the root: it lives in the system's temporary folder
/// (`error-catalog-locks/<hash of the root's canonical path>.lock`), where no doc site, crate
/// package or `git add -A` picks it up.
#[derive(Debug)]
pub struct RootLock {
    root: PathBuf,
    _file: fs::File,
}

impl RootLock {
    /// Takes the lock on `root`, an existing folder, waiting while another process holds it.
    pub fn acquire(root: &Path) -> Result<RootLock, FileError> {
        let (root, file, path) = RootLock::open(root)?;
        file.lock().map_err(failed("cannot lock", &path))?;
        Ok(RootLock { root, _file: file })
    }

    /// Takes the lock on `root`, an existing folder, if no other process holds it; `None` if
    /// one does.
    pub fn try_acquire(root: &Path) -> Result<Option<RootLock>, FileError> {
        let (root, file, path) = RootLock::open(root)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(RootLock { root, _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(error)) => Err(failed("cannot lock", &path)(error)),
        }
    }

    /// The root it locks, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The lock file of `root`: the same for every spelling of the root's path.
    pub fn path_for(root: &Path) -> Result<PathBuf, FileError> {
        let canonical = root.canonicalize().map_err(failed("cannot find", root))?;
        let mut hasher = fnv::FnvHasher::default();
        std::hash::Hasher::write(&mut hasher, canonical.as_os_str().as_encoded_bytes());
        let hash = std::hash::Hasher::finish(&hasher);
        Ok(lock_folder().join(format!("{hash:016x}.lock")))
    }

    fn open(root: &Path) -> Result<(PathBuf, fs::File, PathBuf), FileError> {
        let path = RootLock::path_for(root)?;
        let folder = lock_folder();
        if !folder.is_dir() {
            fs::create_dir_all(&folder).map_err(failed("cannot create", &folder))?;
            // Shared by every user of the machine, like the temporary folder itself: anyone may
            // add a lock file, only its owner may remove it.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = fs::set_permissions(&folder, fs::Permissions::from_mode(0o1777));
            }
        }
        // Another user's lock file may not be writable; a lock needs only an open file.
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|_| fs::File::open(&path))
            .map_err(failed("cannot open the lock file", &path))?;
        Ok((root.to_path_buf(), file, path))
    }
}

fn lock_folder() -> PathBuf {
    std::env::temp_dir().join("error-catalog-locks")
}

/// Compares every output with the file under the locked root, without writing anything.
pub fn check_all(lock: &RootLock, outputs: &[Output]) -> Result<Vec<Stale>, FileError> {
    let root = lock.root();
    let mut stale = Vec::new();
    for output in outputs {
        let current = existing(root, output)?;
        if current.as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        let Some(old) = current else {
            stale.push(Stale {
                path: output.path.clone(),
                diff: "missing: the file does not exist\n".to_owned(),
            });
            continue;
        };
        let diff = TextDiff::from_lines(&old, &output.contents)
            .unified_diff()
            .header(&format!("a/{}", output.path), &format!("b/{}", output.path))
            .to_string();
        let lines = diff.lines().count();
        let mut shown: String = diff
            .lines()
            .take(MAX_DIFF_LINES)
            .map(|line| format!("{line}\n"))
            .collect();
        if lines > MAX_DIFF_LINES {
            shown.push_str(&format!("… {} more diff lines\n", lines - MAX_DIFF_LINES));
        }
        stale.push(Stale {
            path: output.path.clone(),
            diff: shown,
        });
    }
    Ok(stale)
}

/// Writes the outputs whose bytes differ from the files under the locked root; returns their
/// paths. First removes the staging files that killed runs left in the folders it writes.
pub fn write_all<'o>(lock: &RootLock, outputs: &'o [Output]) -> Result<Vec<&'o str>, FileError> {
    write_all_with(lock, outputs, &mut |_| {})
}

/// A step of [`write_all_with`], shown to its observer before the step is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step<'a> {
    /// Every changed output is staged in full, and flushed, beside its target; no target is
    /// renamed over yet. `staged` holds each one's path (relative to the root) and its staging
    /// file, in output order.
    Staged {
        /// The staged outputs and their staging files.
        staged: &'a [(&'a str, &'a Path)],
    },
    /// The staging file of the output at `path` is about to be renamed over it: the `index`-th
    /// rename (from 0) of `count`.
    Renaming {
        /// The output's path, relative to the root.
        path: &'a str,
        /// How many renames came before this one.
        index: usize,
        /// How many renames the run makes.
        count: usize,
    },
}

/// [`write_all`], showing `observe` each [`Step`] before it is taken. The observer cannot change
/// what is written; it sees where a run stands. This repository's tests use it to stop a run at
/// a chosen step and kill it there, so that what a killed run leaves is tested at every step
/// rather than wherever a timer happens to land.
pub fn write_all_with<'o>(
    lock: &RootLock,
    outputs: &'o [Output],
    observe: &mut dyn FnMut(Step<'_>),
) -> Result<Vec<&'o str>, FileError> {
    let root = lock.root();
    remove_litter(root, outputs)?;
    let mut staged = Vec::new();
    for output in outputs {
        let target = root.join(&output.path);
        refuse_symlink(&target)?;
        if existing(root, output)?.as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        let folder = target.parent().unwrap_or(root);
        fs::create_dir_all(folder).map_err(failed("cannot create", folder))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(STAGING_PREFIX);
        // A new output gets what `File::create` gives: 0666, less the umask (which the system
        // applies at creation).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder
            .tempfile_in(folder)
            .map_err(failed("cannot write in", folder))?;
        // A replaced output keeps its mode, set as it is (no umask applies to a change of mode).
        if let Ok(metadata) = fs::metadata(&target) {
            temp.as_file()
                .set_permissions(metadata.permissions())
                .map_err(failed("cannot set the mode of", &target))?;
        }
        temp.write_all(output.contents.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(failed("cannot write", &target))?;
        staged.push((temp, target, output.path.as_str()));
    }
    let shown: Vec<(&str, &Path)> = staged
        .iter()
        .map(|(temp, _, path)| (*path, temp.path()))
        .collect();
    observe(Step::Staged { staged: &shown });
    let count = staged.len();
    let mut written = Vec::new();
    for (index, (temp, target, path)) in staged.into_iter().enumerate() {
        observe(Step::Renaming { path, index, count });
        temp.persist(&target)
            .map_err(|error| failed("cannot replace", &target)(error.error))?;
        written.push(path);
    }
    Ok(written)
}

/// An output that is a symbolic link is refused: replacing it would turn the link into a file
/// without a word, and following it could write anywhere, outside the root too.
fn refuse_symlink(target: &Path) -> Result<(), FileError> {
    match fs::symlink_metadata(target) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            Err(failed("refusing to replace", target)(io::Error::other(
                "it is a symbolic link; outputs are written as plain files (remove the link, or \
                 write with `--out` into the folder it points to)",
            )))
        }
        _ => Ok(()),
    }
}

/// Whether `name` is one of tempfile's staging names: the prefix and six random letters or
/// digits (`.codegen-x1Y2z3`), so that a user's `.codegen-notes.md` is no staging file.
fn is_staging_name(name: &str) -> bool {
    name.strip_prefix(STAGING_PREFIX)
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes the staging files (`.codegen-XXXXXX`) in the folders the outputs are written to: under the
/// lock, no other run is writing them, so they are what killed runs left.
fn remove_litter(root: &Path, outputs: &[Output]) -> Result<(), FileError> {
    let folders: std::collections::BTreeSet<PathBuf> = outputs
        .iter()
        .map(|output| {
            let target = root.join(&output.path);
            target.parent().unwrap_or(root).to_path_buf()
        })
        .collect();
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let is_staging = name.to_str().is_some_and(is_staging_name);
            if is_staging && entry.file_type().is_ok_and(|kind| kind.is_file()) {
                let path = entry.path();
                fs::remove_file(&path).map_err(failed("cannot remove", &path))?;
            }
        }
    }
    Ok(())
}
