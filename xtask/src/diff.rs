//! `cargo xtask diff`: how the catalog changed since a base (a git revision or a file), which
//! semver bump that needs, and whether the catalog's version makes it.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context};
use codegen::evolution;

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

/// Compares `catalog` with `base` and prints the report. Exits 1 when a breaking change comes
/// without a major bump or a retired code was deleted or brought back, 2 when either catalog is
/// invalid, else 0.
pub fn run(root: &Path, base: &str, catalog: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let base_text = read_base(root, base, catalog)?;
    let new_text = std::fs::read_to_string(catalog)
        .with_context(|| format!("cannot read {}", catalog.display()))?;
    let load = |name: String, text: String| {
        codegen::load(&codegen::SourceFile::new(name, text)).map_err(|diagnostics| {
            eprintln!("{diagnostics}");
        })
    };
    let (Ok(base_catalog), Ok(new_catalog)) = (
        load(format!("{base} (base)"), base_text),
        load(catalog.display().to_string(), new_text),
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

/// The base catalog's text: the file at `base` if there is one, else the catalog at git
/// revision `base`.
fn read_base(root: &Path, base: &str, catalog: &Path) -> anyhow::Result<String> {
    if Path::new(base).is_file() {
        return std::fs::read_to_string(base).with_context(|| format!("cannot read {base}"));
    }
    let catalog = std::fs::canonicalize(catalog)
        .with_context(|| format!("cannot find {}", catalog.display()))?;
    let root = std::fs::canonicalize(root)?;
    // A catalog outside the repository is compared with the repository's own at that revision.
    let relative = catalog
        .strip_prefix(&root)
        .unwrap_or(Path::new("catalog.yaml"));
    let output = Command::new("git")
        .current_dir(&root)
        .arg("show")
        .arg(format!("{base}:{}", relative.display()))
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "`{base}` is neither a file nor a git revision holding {}: {}",
            relative.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).context("the base catalog is not UTF-8")
}
