//! An API's error codes, written once in a YAML catalog and generated everywhere they are
//! needed: a Rust crate with the `ErrorCode` enum and the JSON error envelope, the markdown
//! reference page, OpenAPI schemas and responses, an HTML fragment and an editor schema.
//!
//! # The pipeline
//!
//! Each stage is a module, and each module imports only the stages above it (a test holds this):
//!
//! ```text
//! limits, diagnostic, naming, suggest   what every stage may use
//!      │
//! read      catalog.yaml ──▶ raw parts with places, and problems of shape (one YAML pass)
//!      │
//! check     raw parts ──▶ problems of the rules
//!      │
//! model     checked parts ──▶ plain owned data, everything derived computed once
//!      │
//! emit      model ──▶ Vec<Output> in memory, one pure function per output
//! evolution model vs model ──▶ what changed, and the version bump it needs
//!      │
//! write     outputs ──▶ files under a root, atomically, or a report of stale ones
//! ```
//!
//! # Use from another repository's xtask
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//!
//! let outputs = error_catalog::generate_file(Path::new("catalog.yaml"))?;
//! error_catalog::write::write_all(Path::new("."), &outputs)?;
//! # Ok(())
//! # }
//! ```
//!
//! [`generate_file`] fails with every problem of an invalid catalog, located and rendered the
//! way rustc renders errors (print the error with `{}`). To fail CI when committed outputs are
//! stale, call [`write::check_all`] instead of [`write::write_all`] and print each
//! [`write::Stale`] diff.

pub mod limits;

pub mod diagnostic;
pub mod naming;
mod suggest;

pub mod read;

pub mod check;

pub mod model;

pub mod emit;
pub mod evolution;

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
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The catalog file could not be read.
    #[error(transparent)]
    File(#[from] write::FileError),
    /// The catalog breaks rules; every problem is listed.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    /// An emitter failed on a valid catalog (a bug in this crate).
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// [`load`] then [`emit::outputs`].
pub fn generate(file: &SourceFile) -> Result<Vec<Output>, Error> {
    Ok(emit::outputs(&load(file)?)?)
}

/// [`generate`] from a catalog file, named in messages as `path` is written.
pub fn generate_file(path: &Path) -> Result<Vec<Output>, Error> {
    let bytes = write::read_limited(path, limits::MAX_SOURCE_BYTES)?;
    let file = SourceFile::from_bytes(path.display().to_string(), bytes)?;
    generate(&file)
}
