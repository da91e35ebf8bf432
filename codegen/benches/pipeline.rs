//! In-process timings of each stage of the pipeline on synthetic catalogs of 1,000 and 10,000
//! codes: reading (the YAML tree and the raw parts), the rules, building the model, and every
//! emitter.
//!
//! `cargo bench -p error-catalog --bench pipeline`; the figures and how to read them are in
//! docs/benchmarks.md. The catalogs come from the same generator as `cargo xtask synth-catalog`.

// The generator is a standard-library-only file of the xtask; including it keeps the benchmarks'
// catalogs identical to the ones the whole-process timings use.
#[path = "../../xtask/src/synth.rs"]
#[allow(dead_code)]
mod synth;

use divan::{black_box, Bencher};
use error_catalog::{read, Catalog, SourceFile};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000];

fn source(codes: usize) -> SourceFile {
    SourceFile::new("synth.yaml", synth::catalog(codes))
}

fn catalog(codes: usize) -> Catalog {
    match error_catalog::load(&source(codes)) {
        Ok(catalog) => catalog,
        Err(diagnostics) => panic!("the synthetic catalog is invalid:\n{diagnostics}"),
    }
}

/// The raw parts of a catalog that reads without a problem of shape.
fn raw(codes: usize) -> read::raw::Catalog {
    let read = read::read(&source(codes));
    assert!(
        read.problems.is_empty(),
        "the synthetic catalog does not read: {:?}",
        read.problems
    );
    read.catalog
}

/// Stage `read`: YAML syntax into one tree, then the raw parts with their places.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn read(bencher: Bencher, codes: usize) {
    let file = source(codes);
    bencher.bench(|| read::read(black_box(&file)).problems.is_empty());
}

/// Stage `check`: the catalog's rules, on parts already read.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check(bencher: Bencher, codes: usize) {
    let raw = raw(codes);
    bencher.bench(|| error_catalog::check::check(black_box(&raw)).is_empty());
}

/// Stage `model`: the checked parts into the model.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn model(bencher: Bencher, codes: usize) {
    let raw = raw(codes);
    bencher.bench(|| Catalog::build(black_box(&raw)).is_some());
}

/// `error_catalog::load`: read, check and build the model.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, codes: usize) {
    let file = source(codes);
    bencher.bench(|| error_catalog::load(black_box(&file)).is_ok());
}

mod emit {
    use super::*;

    /// `src/lib.rs` of the generated crate: tokens, `syn` parse, `prettyplease`.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn rust_lib(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            error_catalog::emit::rust::lib_rs(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The generated crate's `Cargo.toml`.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn cargo_toml(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| error_catalog::emit::rust::cargo_toml(black_box(&catalog)).len());
    }

    /// The OpenAPI document as YAML.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn openapi_yaml(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            error_catalog::emit::openapi::yaml(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The OpenAPI document as JSON.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn openapi_json(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            error_catalog::emit::openapi::json(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The reference page: the minijinja template.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn markdown_page(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            error_catalog::emit::markdown::page(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The page as an HTML fragment, from the page's markdown.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn html_fragment(bencher: Bencher, codes: usize) {
        let page = error_catalog::emit::markdown::page(&catalog(codes))
            .expect("the synthetic catalog's page renders");
        bencher.bench(|| error_catalog::emit::html::fragment(black_box(&page)).len());
    }

    /// Every output, as `cargo xtask codegen` renders them.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn all(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            error_catalog::emit::outputs(black_box(&catalog))
                .map(|outputs| outputs.len())
                .ok()
        });
    }
}
