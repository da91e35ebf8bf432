//! Stage 5, write: the one place that reads, compares and writes output files.
//!
//! Outputs arrive fully rendered. [`write_all`] stages every changed file as a temporary file in
//! its own folder first, then renames each over its target, so a failure while staging leaves
//! every existing output untouched and no reader ever sees a half-written file. [`check_all`]
//! writes nothing and says which committed outputs are stale.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::emit::Output;

/// Most diff lines kept per stale file; the rest are counted.
const MAX_DIFF_LINES: usize = 200;

/// A file that could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct FileError {
    /// What was being done: "cannot read", "cannot write", …
    pub action: &'static str,
    /// The file or folder.
    pub path: PathBuf,
    /// Why it failed.
    #[source]
    pub source: io::Error,
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

/// Compares every output with the file under `root`, without writing anything.
pub fn check_all(root: &Path, outputs: &[Output]) -> Result<Vec<Stale>, FileError> {
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

/// Writes the outputs whose bytes differ from the files under `root`; returns their paths.
pub fn write_all<'o>(root: &Path, outputs: &'o [Output]) -> Result<Vec<&'o str>, FileError> {
    let mut staged = Vec::new();
    for output in outputs {
        if existing(root, output)?.as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        let target = root.join(&output.path);
        let folder = target.parent().unwrap_or(root);
        fs::create_dir_all(folder).map_err(failed("cannot create", folder))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".codegen-")
            .tempfile_in(folder)
            .map_err(failed("cannot write in", folder))?;
        temp.write_all(output.contents.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(failed("cannot write", &target))?;
        staged.push((temp, target, output.path.as_str()));
    }
    let mut written = Vec::new();
    for (temp, target, path) in staged {
        temp.persist(&target)
            .map_err(|error| failed("cannot replace", &target)(error.error))?;
        written.push(path);
    }
    Ok(written)
}
