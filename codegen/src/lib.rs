//! An API's error codes, written once in a YAML catalog and generated everywhere they are
//! needed: a Rust crate with the `ErrorCode` enum and the JSON error envelope, the markdown
//! reference page, OpenAPI schemas and responses, an HTML fragment and an editor schema.
//!
//! # The pipeline
//!
//! Each stage is a module, and each module imports only the stages above it (a test holds this):
//!
//! ```text
//! limits, diagnostic, naming,
//! placeholder, template, suggest         what every stage may use
//!      │
//! read      catalog.yaml ──▶ raw parts with places, and problems of shape (one YAML pass)
//!      │
//! check     raw parts ──▶ problems of the rules
//!      │
//! model     checked parts ──▶ plain owned data, everything derived computed once
//!      │
//! emit      model ──▶ Vec<Output> in memory, one pure function per output
//! evolution model vs model ──▶ what changed, and the version bump it needs
//! spec      model + the API's OpenAPI document ──▶ where the spec disagrees with the operations
//!      │
//! write     outputs ──▶ files under a root, atomically, or a report of stale ones
//! ```
//!
//! # Use from another repository's xtask
//!
//! Three lines: generate every output from the catalog, lock the repository's root (another
//! run writing there waits for this one), then write the outputs under it (the crate goes to
//! `generated/<crate.name>/`):
//!
//! ```no_run
//! # fn main() -> Result<(), error_catalog::Error> {
//! use std::path::Path;
//!
//! let outputs = error_catalog::generate_file(Path::new("catalog.yaml"))?;
//! let root = error_catalog::write::RootLock::acquire(Path::new("."))?;
//! error_catalog::write::write_all(&root, &outputs)?;
//! # Ok(())
//! # }
//! ```
//!
//! [`generate_file`] fails with every problem of an invalid catalog, located and rendered the
//! way rustc renders errors (print the error with `{}`). To fail CI when committed outputs are
//! stale, call [`write::check_all`] instead of [`write::write_all`] and print each
//! [`write::Stale`] diff. The whole round, on a catalog in memory:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let catalog = r#"
//! crate:
//!   name: billing-errors
//!   version: 0.1.0
//!   description: Error codes of the billing API.
//!   license: MIT
//!   repository: https://github.com/example/billing
//! page:
//!   title: Errors
//!   lead: Error codes, HTTP statuses, and what to do about them.
//!   url: https://docs.example.com/billing/errors
//!   envelope:
//!     intro: "When something goes wrong, the API returns a consistent JSON envelope:"
//!     example: { error: Human-readable message, code: snake_case }
//!     outro: Here's every code you might hit.
//! codes:
//!   - { code: unauthorized, status: 401, cause: Missing or invalid API key, remedy: Check your key }
//! "#;
//! let outputs = error_catalog::generate(&error_catalog::SourceFile::new("catalog.yaml", catalog))?;
//! assert!(outputs.iter().any(|output| output.path == "generated/billing-errors/src/lib.rs"));
//!
//! let folder = tempfile::tempdir()?;
//! let root = error_catalog::write::RootLock::acquire(folder.path())?;
//! assert_eq!(error_catalog::write::check_all(&root, &outputs)?.len(), outputs.len());
//! error_catalog::write::write_all(&root, &outputs)?;
//! assert!(error_catalog::write::check_all(&root, &outputs)?.is_empty());
//!
//! // An invalid catalog: every problem, located.
//! let broken = catalog.replace("status: 401", "status: 200");
//! let error = error_catalog::generate(&error_catalog::SourceFile::new("catalog.yaml", broken))
//!     .unwrap_err();
//! assert!(error.to_string().starts_with(
//!     "catalog.yaml:17:35: error: status 200 is not an error status (400 to 599)"
//! ));
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod limits;

pub mod diagnostic;
pub mod naming;
pub mod placeholder;
mod suggest;
pub mod template;

pub mod read;

pub mod check;

pub mod model;

pub mod emit;
pub mod evolution;
pub mod spec;

pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostics, Location, Problem, SourceFile};
pub use emit::{EmitError, Output};
pub use model::Catalog;

/// Reads and checks a catalog, reporting every problem found.
pub fn load(file: &SourceFile) -> Result<Catalog, Diagnostics> {
    let read = read::read(file);
    let mut problems = read.problems;
    problems.extend(check::check(&read.catalog));
    if problems.is_empty() {
        if let Some(catalog) = Catalog::build(&read.catalog) {
            return Ok(catalog);
        }
        // Every part the model needs is required by `read`, which reports it missing.
        problems.push(Problem::of_whole_file(
            "the catalog lacks a part that no rule reported (a bug in this tool)",
        ));
    }
    Err(Diagnostics::new(file.clone(), problems))
}

/// Why a run produced no outputs.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The catalog file could not be read.
    File(write::FileError),
    /// The catalog breaks rules, or (from [`check_spec_file`]) the API's spec disagrees with
    /// it; every problem is listed, located in its file.
    Invalid(Diagnostics),
    /// An emitter failed on a valid catalog (a bug in this crate).
    Emit(EmitError),
}

// Written out rather than derived with `thiserror`: three arms do not earn a proc-macro
// crate in every build of the generator (docs/benchmarks.md).
impl std::fmt::Display for Error {
    /// The inner error's message: a file error or an emitter's, or every located problem.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::File(error) => error.fmt(f),
            Error::Invalid(diagnostics) => diagnostics.fmt(f),
            Error::Emit(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    /// The inner error's cause: each variant only wraps, so it adds no link of its own to the
    /// chain.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::File(error) => error.source(),
            Error::Invalid(_) => None,
            Error::Emit(error) => error.source(),
        }
    }
}

impl From<write::FileError> for Error {
    fn from(error: write::FileError) -> Error {
        Error::File(error)
    }
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Error {
        Error::Invalid(diagnostics)
    }
}

impl From<EmitError> for Error {
    fn from(error: EmitError) -> Error {
        Error::Emit(error)
    }
}

/// [`load`] then [`emit::outputs`].
pub fn generate(file: &SourceFile) -> Result<Vec<Output>, Error> {
    Ok(emit::outputs(&load(file)?)?)
}

/// [`load`] from a catalog file, named in messages as `path` is written.
pub fn load_file(path: &Path) -> Result<Catalog, Error> {
    let bytes = write::read_limited(path, limits::MAX_SOURCE_BYTES)?;
    let file = SourceFile::from_bytes(path.display().to_string(), bytes)?;
    Ok(load(&file)?)
}

/// [`generate`] from a catalog file, named in messages as `path` is written.
pub fn generate_file(path: &Path) -> Result<Vec<Output>, Error> {
    Ok(emit::outputs(&load_file(path)?)?)
}

/// [`spec::check`] on the API's OpenAPI document at `path` (YAML or JSON), named in messages as
/// `path` is written: `Err(Error::Invalid(_))` lists where it disagrees with the catalog.
pub fn check_spec_file(catalog: &Catalog, path: &Path) -> Result<(), Error> {
    let bytes = write::read_limited(path, limits::MAX_SOURCE_BYTES)?;
    let file = SourceFile::from_bytes(path.display().to_string(), bytes)?;
    let problems = spec::check(catalog, &file);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics::new(file, problems).into())
    }
}
