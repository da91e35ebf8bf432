//! `cargo xtask diff`: how the catalog changed since a base (a git revision or a file), which
//! semver bump that needs, and whether the catalog's version makes it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context};
use error_catalog::evolution;
use error_catalog::limits::MAX_SOURCE_BYTES;

use error_catalog::write::read_limited;

/// How to print the report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A readable list of changes and the verdict.
    Text,
    /// The report as JSON.
    Json,
    /// A changelog entry.
    Markdown,
}

/// Compares `catalog` with `base` and prints the report. Exits 1 when the change may not ship
/// ([`evolution::Report::passes`]), 2 when either catalog is invalid, else 0.
pub fn run(base: &str, catalog: &Path, format: Format) -> anyhow::Result<ExitCode> {
    if base.trim().is_empty() {
        bail!("`--base` is empty: give a git revision (such as the last release tag) or a file");
    }
    let (base_name, base_bytes) = read_base(base, catalog)?;
    let new_bytes = read_limited(catalog, MAX_SOURCE_BYTES)
        .with_context(|| format!("cannot read {}", catalog.display()))?;
    let load = |name: String, bytes: Vec<u8>| {
        error_catalog::SourceFile::from_bytes(name, bytes)
            .and_then(|file| error_catalog::load(&file))
            .map_err(|diagnostics| eprintln!("{diagnostics}"))
    };
    let (Ok(base_catalog), Ok(new_catalog)) = (
        load(base_name, base_bytes),
        load(catalog.display().to_string(), new_bytes),
    ) else {
        return Ok(ExitCode::from(2));
    };
    let report = evolution::compare(&base_catalog, &new_catalog);
    match format {
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Markdown => print!("{}", report.markdown()),
    }
    Ok(if report.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The base catalog, named for messages: the file at `base` if there is one, else the catalog's
/// path at git revision `base` in the repository that holds the catalog.
fn read_base(base: &str, catalog: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    if Path::new(base).is_file() {
        let bytes = read_limited(Path::new(base), MAX_SOURCE_BYTES)
            .with_context(|| format!("cannot read {base}"))?;
        return Ok((base.to_owned(), bytes));
    }
    let catalog = std::fs::canonicalize(catalog)
        .with_context(|| format!("cannot find {}", catalog.display()))?;
    let folder = catalog.parent().unwrap_or(Path::new("/"));
    let git = |args: &[&str]| {
        let mut command = Command::new("git");
        command.arg("-C").arg(folder).args(args);
        command
    };
    let toplevel = git(&["rev-parse", "--show-toplevel"])
        .output()
        .context("cannot run git")?;
    if !toplevel.status.success() {
        bail!(
            "`{base}` is not a file, and {} is not in a git repository to read a revision from",
            catalog.display()
        );
    }
    let toplevel = PathBuf::from(String::from_utf8_lossy(&toplevel.stdout).trim());
    let relative = catalog
        .strip_prefix(std::fs::canonicalize(&toplevel)?)
        .context("the catalog is outside its own repository")?
        .to_string_lossy()
        .into_owned();
    let verified = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{base}^{{commit}}"),
    ])
    .output()
    .context("cannot run git")?;
    if !verified.status.success() {
        bail!("`{base}` is neither a file nor a git revision");
    }
    let mut show = git(&["show", &format!("{base}:{relative}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git")?;
    let mut bytes = Vec::new();
    if let Some(stdout) = show.stdout.take() {
        stdout
            .take(MAX_SOURCE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
    }
    let name = format!("{relative} at {base}");
    if bytes.len() > MAX_SOURCE_BYTES {
        // Git may still be writing: stop it; loading reports the size.
        let _ = show.kill();
        let _ = show.wait();
        return Ok((name, bytes));
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = show.stderr.take() {
        pipe.read_to_string(&mut stderr)?;
    }
    if !show.wait()?.success() {
        bail!("revision `{base}` has no {relative}: {}", stderr.trim());
    }
    Ok((name, bytes))
}
