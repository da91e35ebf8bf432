//! `cargo xtask`: the repository's tasks. `cargo xtask codegen` turns the error catalog into the
//! generated crate, the OpenAPI components and the reference page; `--check` verifies that the
//! committed outputs are current.
//!
//! Exit status: 0 on success, 1 when `--check` finds stale outputs, `--no-wait` finds another
//! run holding the lock, `check-spec` finds the API's spec disagreeing with the catalog (or the
//! catalog has no operations), `diff` finds a change that may not ship or cannot run its
//! API check, or a file cannot be read or written, 2 when a catalog is invalid (every problem is printed, nothing is written), 64 for a usage error (an
//! unknown flag or task).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use error_catalog::write::RootLock;

mod diff;
mod synth;
mod test;

/// The repository's tasks.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Generate the error crate, OpenAPI components and reference page from the catalog.
    Codegen(CodegenArgs),
    /// Classify how the catalog and the generated crate's API changed since a base and check
    /// the version bump.
    Diff(diff::Args),
    /// Install the tools the tests drive into target/tools; print the folders to add to PATH.
    Tools,
    /// Install the tools the tests drive into target/tools, then run every test.
    Test {
        /// Passed on to `cargo test`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Check the API's own OpenAPI document against the catalog's operations: each is there,
    /// answers exactly its error statuses, and refers to its own narrowed responses.
    CheckSpec(CheckSpecArgs),
    /// Write a synthetic valid catalog of N codes (and operations), for the benchmarks
    /// (docs/benchmarks.md).
    SynthCatalog {
        /// How many codes, up to the catalog limit.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=error_catalog::limits::MAX_CODES as i64))]
        codes: u16,
        /// How many operations, each returning a handful of the codes.
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=10_000))]
        operations: u16,
        /// Where to write the catalog.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct CodegenArgs {
    /// Write nothing; fail with a diff when a committed output is stale.
    #[arg(long)]
    check: bool,
    /// The catalog to read.
    #[arg(long, value_name = "PATH", default_value_os_t = repo_root().join("catalog.yaml"))]
    catalog: PathBuf,
    /// The root that outputs are written under, at their usual relative paths.
    #[arg(long, value_name = "DIR", default_value_os_t = repo_root())]
    out: PathBuf,
    /// Fail at once when another run holds the lock on the output root, instead of waiting.
    #[arg(long)]
    no_wait: bool,
    /// For the tests of killed runs (`xtask/tests/writing.rs`), hidden from the help: once every
    /// changed output is staged, stop before the N-th rename (from 0), say so on stderr
    /// (`paused before renaming PATH`) and wait for stdin to close, so that a test can kill the
    /// run at that step every time.
    #[arg(long, value_name = "N", hide = true)]
    pause_before_rename: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct CheckSpecArgs {
    /// The API's OpenAPI document, YAML or JSON.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// The catalog to read.
    #[arg(long, value_name = "PATH", default_value_os_t = repo_root().join("catalog.yaml"))]
    catalog: PathBuf,
}

/// The repository root: the parent of this crate's folder.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn main() -> ExitCode {
    // Past a file-size limit (`ulimit -f`), the system sends SIGXFSZ, whose default kills the
    // process mid-write. With a handler the write fails with EFBIG instead, and the run says
    // which file and exits 1, the outputs as they were.
    #[cfg(unix)]
    if let Err(error) = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    ) {
        eprintln!("warning: cannot handle SIGXFSZ: {error}");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` are "errors" that print to stdout and succeed.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(64)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let Some(task) = cli.task else {
        use clap::CommandFactory;
        // Printing help cannot meaningfully fail; a closed stdout is not worth a panic.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    let result = match task {
        Task::Codegen(args) => codegen(&args),
        Task::Diff(args) => diff::run(&repo_root(), &args),
        Task::CheckSpec(args) => check_spec(&args),
        Task::Tools => test::tools(&repo_root()).map(|()| ExitCode::SUCCESS),
        Task::Test { args } => test::run(&repo_root(), &args).map(|()| ExitCode::SUCCESS),
        Task::SynthCatalog {
            codes,
            operations,
            out,
        } => synth::write(codes.into(), operations.into(), &out)
            .map(|()| ExitCode::SUCCESS)
            .with_context(|| format!("cannot write {}", out.display())),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Takes the lock on the output root: at once, or after saying once that it waits, as cargo
/// does; `None` (said) when it is held and the caller would rather not wait.
fn lock_root(root: &Path, wait: bool) -> anyhow::Result<Option<RootLock>> {
    if let Some(lock) = RootLock::try_acquire(root)? {
        return Ok(Some(lock));
    }
    if !wait {
        eprintln!(
            "error: another run is writing to {}; it holds the lock (run again without \
             `--no-wait` to wait for it)",
            root.display()
        );
        return Ok(None);
    }
    eprintln!(
        "Blocking waiting for the lock on {}: another run is writing there",
        root.display()
    );
    Ok(Some(RootLock::acquire(root)?))
}

fn codegen(args: &CodegenArgs) -> anyhow::Result<ExitCode> {
    let shown = display_path(&args.catalog);
    let outputs = match error_catalog::generate_file(Path::new(&shown)) {
        Ok(outputs) => outputs,
        Err(error_catalog::Error::Invalid(diagnostics)) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::from(2));
        }
        Err(error) => return Err(error.into()),
    };
    // `--check` writes nothing under the root, not even the root itself: a missing root is an
    // error there.
    if !args.check {
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?;
    }
    let Some(root) = lock_root(&args.out, !args.no_wait)? else {
        return Ok(ExitCode::from(1));
    };
    if args.check {
        let stale = error_catalog::write::check_all(&root, &outputs)?;
        if stale.is_empty() {
            eprintln!("{} outputs are up to date", outputs.len());
            Ok(ExitCode::SUCCESS)
        } else {
            for file in &stale {
                eprintln!("stale: {}\n{}", file.path, file.diff);
            }
            eprintln!(
                "error: {} of {} outputs are stale; run `cargo xtask codegen`",
                stale.len(),
                outputs.len()
            );
            Ok(ExitCode::from(1))
        }
    } else {
        let changed = match args.pause_before_rename {
            None => error_catalog::write::write_all(&root, &outputs)?,
            Some(pause) => error_catalog::write::write_all_with(&root, &outputs, &mut |step| {
                if let error_catalog::write::Step::Renaming { path, index, .. } = step {
                    if index == pause {
                        eprintln!("paused before renaming {path}");
                        // Until the test kills the run, or closes stdin to let it go on.
                        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
                    }
                }
            })?,
        };
        for path in &changed {
            eprintln!("updated: {path}");
        }
        eprintln!("{} of {} outputs changed", changed.len(), outputs.len());
        Ok(ExitCode::SUCCESS)
    }
}

/// Exit status as `codegen --check`'s: 1 when the spec disagrees with the catalog (every place
/// printed), 2 when the catalog is invalid.
fn check_spec(args: &CheckSpecArgs) -> anyhow::Result<ExitCode> {
    let catalog = match error_catalog::load_file(Path::new(&display_path(&args.catalog))) {
        Ok(catalog) => catalog,
        Err(error_catalog::Error::Invalid(diagnostics)) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::from(2));
        }
        Err(error) => return Err(error.into()),
    };
    if catalog.operations.is_empty() {
        eprintln!(
            "error: {} has no `operations` to hold the spec to; list them first \
             (docs/catalog.md)",
            display_path(&args.catalog)
        );
        return Ok(ExitCode::from(1));
    }
    let spec = display_path(&args.spec);
    match error_catalog::check_spec_file(&catalog, Path::new(&spec)) {
        Ok(()) => {
            eprintln!(
                "{spec} agrees with the catalog's {} operations",
                catalog.operations.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error_catalog::Error::Invalid(diagnostics)) => {
            eprintln!("{diagnostics}");
            Ok(ExitCode::from(1))
        }
        Err(error) => Err(error.into()),
    }
}

/// The path as the user would write it: relative to the current folder when it is inside it.
fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
