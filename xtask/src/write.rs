//! The one place that reads, compares and writes outputs.
//!
//! Outputs arrive fully rendered. Writing stages every changed file as a temporary file in its
//! own folder first, then renames each over its target, so a failure while staging leaves every
//! existing output untouched and no reader ever sees a half-written file.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use codegen::Output;
use similar::TextDiff;

/// Most diff lines printed per stale file; the rest are counted.
const MAX_DIFF_LINES: usize = 200;

/// Reads a file, but never more than `limit + 1` bytes of it: enough for the caller to tell that
/// the file is over the limit (and report it like any other problem of the catalog) without
/// reading a huge file into memory.
pub fn read_limited(path: &Path, limit: usize) -> anyhow::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A committed output that differs from what the catalog generates.
pub struct Stale {
    /// Its path relative to the output root.
    pub path: &'static str,
    /// A unified diff from the committed file to the generated one.
    pub diff: String,
}

fn existing(root: &Path, output: &Output) -> anyhow::Result<Option<String>> {
    let path = root.join(output.path);
    match fs::read(&path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Compares every output with the file under `root`, without writing anything.
pub fn check_all(root: &Path, outputs: &[Output]) -> anyhow::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for output in outputs {
        let current = existing(root, output)?;
        if current.as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        let Some(old) = current else {
            stale.push(Stale {
                path: output.path,
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
            path: output.path,
            diff: shown,
        });
    }
    Ok(stale)
}

/// Writes the outputs whose bytes differ from the files under `root`; returns their paths.
pub fn write_all(root: &Path, outputs: &[Output]) -> anyhow::Result<Vec<&'static str>> {
    let mut staged = Vec::new();
    for output in outputs {
        if existing(root, output)?.as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        let target = root.join(output.path);
        let folder = target
            .parent()
            .with_context(|| format!("{} has no parent folder", target.display()))?;
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".codegen-")
            .tempfile_in(folder)
            .with_context(|| format!("cannot write in {}", folder.display()))?;
        temp.write_all(output.contents.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", target.display()))?;
        staged.push((temp, target, output.path));
    }
    let mut written = Vec::new();
    for (temp, target, path) in staged {
        temp.persist(&target)
            .with_context(|| format!("cannot replace {}", target.display()))?;
        written.push(path);
    }
    Ok(written)
}
