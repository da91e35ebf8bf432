//! The error catalog pipeline: read `catalog.yaml`, check it, and render every output in memory.
//!
//! ```text
//! catalog.yaml ──parse──▶ RawCatalog ──validate──▶ Catalog ──emit──▶ Vec<Output>
//! ```
//!
//! [`load`] reports every problem of a catalog at once, located; [`emit()`] turns a valid catalog
//! into the outputs, with their paths relative to the output root. Writing them is the caller's
//! job (`cargo xtask codegen`), so nothing is written unless everything rendered.

pub mod catalog;
pub mod diagnostic;
pub mod emit;
pub mod evolution;
pub mod naming;
mod nesting;
mod shape;
mod suggest;
pub mod validate;

pub use catalog::RawCatalog;
pub use diagnostic::{Diagnostics, Location, Problem, SourceFile};
pub use emit::EmitError;
pub use validate::Catalog;

/// Where each output lands, relative to the output root.
pub mod paths {
    /// The generated crate's manifest.
    pub const CRATE_MANIFEST: &str = "generated/api-errors/Cargo.toml";
    /// The generated crate's source.
    pub const CRATE_LIB: &str = "generated/api-errors/src/lib.rs";
    /// The OpenAPI components.
    pub const OPENAPI_YAML: &str = "generated/openapi/errors.yaml";
    /// The same OpenAPI document as JSON.
    pub const OPENAPI_JSON: &str = "generated/openapi/errors.json";
    /// The reference page.
    pub const PAGE: &str = "docs/errors.md";
    /// The reference page rendered to an HTML fragment.
    pub const PAGE_HTML: &str = "generated/html/errors.html";
    /// The JSON Schema of the catalog, for editors.
    pub const CATALOG_SCHEMA: &str = "generated/catalog.schema.json";
}

/// One generated file: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output root, with `/` separators.
    pub path: &'static str,
    /// The file's full contents.
    pub contents: String,
}

/// Reads and checks a catalog, reporting every problem found.
pub fn load(file: &SourceFile) -> Result<Catalog, Diagnostics> {
    let problems = match catalog::parse(file) {
        Ok(raw) => match validate::validate(raw) {
            Ok(catalog) => return Ok(catalog),
            Err(problems) => problems,
        },
        Err(problems) => problems,
    };
    Err(Diagnostics::new(file.clone(), problems))
}

/// Renders every output of a valid catalog, in a fixed order.
pub fn emit(catalog: &Catalog) -> Result<Vec<Output>, EmitError> {
    Ok(vec![
        Output {
            path: paths::CRATE_MANIFEST,
            contents: emit::rust::cargo_toml(catalog),
        },
        Output {
            path: paths::CRATE_LIB,
            contents: emit::rust::lib_rs(catalog)?,
        },
        Output {
            path: paths::OPENAPI_YAML,
            contents: emit::openapi::yaml(catalog)?,
        },
        Output {
            path: paths::OPENAPI_JSON,
            contents: emit::openapi::json(catalog)?,
        },
        Output {
            path: paths::PAGE,
            contents: emit::markdown::page(catalog)?,
        },
        Output {
            path: paths::PAGE_HTML,
            contents: emit::html::fragment(catalog)?,
        },
        Output {
            path: paths::CATALOG_SCHEMA,
            contents: catalog::json_schema().map_err(|error| EmitError::Json(error.to_string()))?,
        },
    ])
}

/// Why a run produced no outputs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The catalog breaks rules; every problem is listed.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    /// An emitter failed on a valid catalog (a bug in this crate).
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// [`load`] then [`emit()`].
pub fn generate(file: &SourceFile) -> Result<Vec<Output>, Error> {
    Ok(emit(&load(file)?)?)
}
