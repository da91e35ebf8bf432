//! `cargo xtask diff`: how the catalog changed since a base (a git revision or a file), how the
//! generated crate's API changed (cargo-semver-checks, [`api`]), which semver bump that needs,
//! and whether the catalog's version makes it.

mod api;

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context};
use error_catalog::emit::paths;
use error_catalog::evolution::{self, Bump};
use error_catalog::limits::MAX_SOURCE_BYTES;
use error_catalog::write::read_limited;
use error_catalog::Catalog;
use serde::Serialize;

use api::ApiReport;

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

/// The arguments of `cargo xtask diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A git revision (such as the last release tag) or a catalog file.
    #[arg(long, value_name = "REV_OR_PATH")]
    base: String,
    /// The catalog to compare.
    #[arg(long, value_name = "PATH", default_value_os_t = crate::repo_root().join("catalog.yaml"))]
    catalog: PathBuf,
    /// The root the outputs are written under, as `cargo xtask codegen --out` takes it: with a
    /// git revision as the base, the crate committed under it at `generated/<crate.name>/` is
    /// the base of the API check. Default: the catalog's folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Check the catalog alone: do not compare the generated crate's API (cargo-semver-checks).
    #[arg(long)]
    no_api: bool,
}

/// Compares `catalog` with `base`, and the crate generated now with the crate at the base
/// ([`api`]), and prints the report. Exits 1 when the change may not ship
/// ([`FullReport::passes`]) or the API check cannot run, 2 when either catalog is invalid, else
/// 0. `root` is this repository, whose target folder holds the tools.
pub fn run(root: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let base = args.base.as_str();
    if base.trim().is_empty() {
        bail!("`--base` is empty: give a git revision (such as the last release tag) or a file");
    }
    let catalog = args.catalog.as_path();
    let mut base_source = read_base(base, catalog)?;
    let new_bytes = read_limited(catalog, MAX_SOURCE_BYTES)
        .with_context(|| format!("cannot read {}", catalog.display()))?;
    let load = |name: String, bytes: Vec<u8>| {
        error_catalog::SourceFile::from_bytes(name, bytes)
            .and_then(|file| error_catalog::load(&file))
            .map_err(|diagnostics| eprintln!("{diagnostics}"))
    };
    let (Ok(base_catalog), Ok(new_catalog)) = (
        load(
            base_source.name.clone(),
            std::mem::take(&mut base_source.bytes),
        ),
        load(catalog.display().to_string(), new_bytes),
    ) else {
        return Ok(ExitCode::from(2));
    };
    let api = if args.no_api {
        None
    } else {
        Some(check_api(
            root,
            args,
            &base_source,
            &base_catalog,
            &new_catalog,
        )?)
    };
    let report = FullReport::new(evolution::compare(&base_catalog, &new_catalog), api);
    match args.format {
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

/// The catalog's report with the API's: `required` is the larger of the two bumps.
#[derive(Debug, Serialize)]
pub struct FullReport {
    /// The catalog's report, its `required` raised to the API's bump.
    #[serde(flatten)]
    report: evolution::Report,
    /// The bump the catalog's changes need on their own.
    catalog_required: Bump,
    /// What the API check found; `null` under `--no-api`.
    api: Option<ApiReport>,
}

impl FullReport {
    fn new(mut report: evolution::Report, api: Option<ApiReport>) -> Self {
        let catalog_required = report.required;
        if let Some(api) = &api {
            report.required = report.required.max(api.required);
        }
        FullReport {
            report,
            catalog_required,
            api,
        }
    }

    fn api_required(&self) -> Bump {
        self.api.as_ref().map_or(Bump::None, |api| api.required)
    }

    /// The catalog's rule ([`evolution::Report::passes`]) and the same for the API: a breaking
    /// change to the API only with a major bump.
    pub fn passes(&self) -> bool {
        self.report.passes()
            && (self.api_required() < Bump::Major || self.report.actual >= Bump::Major)
    }

    /// The catalog's lines, the API's, then the verdict on the larger bump.
    fn text(&self) -> String {
        let catalog = self.report.text();
        let (lines, verdict) = catalog
            .trim_end_matches('\n')
            .rsplit_once('\n')
            .unwrap_or(("", catalog.trim_end_matches('\n')));
        let mut out = String::new();
        if !lines.is_empty() {
            let _ = writeln!(out, "{lines}");
        }
        match &self.api {
            None => out.push_str("api not checked (--no-api)\n"),
            Some(api) if api.changes.is_empty() => out.push_str("no changes to the crate's API\n"),
            Some(api) => {
                for change in &api.changes {
                    let bump = bump_word(change.bump);
                    for item in &change.items {
                        let _ = match change.level {
                            api::Level::Deny => {
                                writeln!(out, "api {bump} {}: {item}", change.lint)
                            }
                            api::Level::Warn => writeln!(
                                out,
                                "api warn  {} ({bump} if relied on; not counted): {item}",
                                change.lint
                            ),
                        };
                    }
                }
            }
        }
        let _ = writeln!(out, "{verdict}");
        out
    }

    /// The catalog's changelog entry, then the API's changes.
    fn markdown(&self) -> String {
        let mut out = self.report.markdown();
        let Some(api) = self.api.as_ref().filter(|api| !api.changes.is_empty()) else {
            return out;
        };
        out.push_str("\n### API changes\n\n");
        for change in &api.changes {
            let counted = match change.level {
                api::Level::Deny => "",
                api::Level::Warn => ", a warning",
            };
            for item in &change.items {
                let _ = writeln!(
                    out,
                    "- {}: {} (`{}`, {}{counted})",
                    change.summary,
                    code_span(item),
                    change.lint,
                    bump_word(change.bump)
                );
            }
        }
        out
    }
}

fn bump_word(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// `text` as inline code, with enough backticks around it.
fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The crate at the base against the crate the generator makes now from `new`.
fn check_api(
    root: &Path,
    args: &Args,
    base: &Base,
    base_catalog: &Catalog,
    new: &Catalog,
) -> anyhow::Result<ApiReport> {
    let (old_name, name) = (&base_catalog.package.name, &new.package.name);
    if old_name != name {
        bail!(
            "the crate is renamed, from `{old_name}` to `{name}`: its clients depend on a new \
             crate, whose API has no base to compare with; pass `--no-api` to check the catalog \
             alone"
        );
    }
    let crate_dir = paths::crate_dir(name);
    let generate = |catalog: &Catalog| {
        error_catalog::emit::outputs(catalog)
            .map(|outputs| api::crate_files(&outputs, &crate_dir))
            .context("the generator failed")
    };
    let current = generate(new)?;
    let baseline = match &base.revision {
        None => generate(base_catalog)?,
        Some(Revision { toplevel, rev }) => {
            // The outputs' root: `--out`, else the catalog's folder.
            let out = args.out.clone().unwrap_or_else(|| {
                args.catalog
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default()
            });
            let out = if out.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                out
            };
            let out = std::fs::canonicalize(&out)
                .with_context(|| format!("cannot find {}", out.display()))?;
            let relative = out
                .strip_prefix(toplevel)
                .with_context(|| {
                    format!(
                        "{} is outside the catalog's repository, {}",
                        out.display(),
                        toplevel.display()
                    )
                })?
                .to_string_lossy()
                .replace('\\', "/");
            let folder = if relative.is_empty() {
                crate_dir.clone()
            } else {
                format!("{relative}/{crate_dir}")
            };
            let files = api::committed_files(toplevel, rev, &folder)?;
            if files.is_empty() {
                bail!(
                    "revision `{rev}` has no generated crate at {folder}/, so the API of the \
                     crate generated now has no base to compare with: commit the generated \
                     crate with each release (`cargo xtask codegen` writes it there), give \
                     `--out` if the outputs are written under another folder than the \
                     catalog's, or pass `--no-api` to check the catalog alone"
                );
            }
            files
        }
    };
    api::check(root, &baseline, &current, &crate_dir)
}

/// The base catalog and where it came from.
struct Base {
    /// The catalog's name in messages.
    name: String,
    bytes: Vec<u8>,
    /// The revision it was read at; `None` for a file.
    revision: Option<Revision>,
}

struct Revision {
    /// The top folder of the repository, canonical.
    toplevel: PathBuf,
    rev: String,
}

/// The base catalog, named for messages: the file at `base` if there is one, else the catalog's
/// path at git revision `base` in the repository that holds the catalog.
fn read_base(base: &str, catalog: &Path) -> anyhow::Result<Base> {
    if Path::new(base).is_file() {
        let bytes = read_limited(Path::new(base), MAX_SOURCE_BYTES)
            .with_context(|| format!("cannot read {base}"))?;
        return Ok(Base {
            name: base.to_owned(),
            bytes,
            revision: None,
        });
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
    let toplevel = std::fs::canonicalize(String::from_utf8_lossy(&toplevel.stdout).trim())?;
    let relative = catalog
        .strip_prefix(&toplevel)
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
    let revision = Some(Revision {
        toplevel,
        rev: base.to_owned(),
    });
    if bytes.len() > MAX_SOURCE_BYTES {
        // Git may still be writing: stop it; loading reports the size.
        let _ = show.kill();
        let _ = show.wait();
        return Ok(Base {
            name,
            bytes,
            revision,
        });
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = show.stderr.take() {
        pipe.read_to_string(&mut stderr)?;
    }
    if !show.wait()?.success() {
        bail!("revision `{base}` has no {relative}: {}", stderr.trim());
    }
    Ok(Base {
        name,
        bytes,
        revision,
    })
}
