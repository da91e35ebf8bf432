//! In-process timings of each stage of the pipeline on synthetic catalogs of 1,000 and 10,000
//! codes: reading (YAML pre-pass, loader and shape), validation, and every emitter.
//!
//! `cargo bench -p codegen --bench pipeline`; the figures and how to read them are in
//! docs/benchmarks.md. The catalogs come from the same generator as `cargo xtask synth-catalog`.

// The generator is a standard-library-only file of the xtask; including it keeps the benchmarks'
// catalogs identical to the ones the whole-process timings use.
#[path = "../../xtask/src/synth.rs"]
#[allow(dead_code)]
mod synth;

use codegen::{Catalog, SourceFile};
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000];

fn source(codes: usize) -> SourceFile {
    SourceFile::new("synth.yaml", synth::catalog(codes))
}

fn catalog(codes: usize) -> Catalog {
    match codegen::load(&source(codes)) {
        Ok(catalog) => catalog,
        Err(diagnostics) => panic!("the synthetic catalog is invalid:\n{diagnostics}"),
    }
}

/// YAML syntax and shape: the nesting pre-pass, the marked-yaml loader, and reading the tree
/// into the raw structs.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn parse(bencher: Bencher, codes: usize) {
    let file = source(codes);
    bencher.bench(|| codegen::catalog::parse(black_box(&file)).is_ok());
}

/// The catalog's rules, on an already parsed catalog.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn validate(bencher: Bencher, codes: usize) {
    let file = source(codes);
    let Ok(raw) = codegen::catalog::parse(&file) else {
        panic!("the synthetic catalog does not parse");
    };
    bencher
        .with_inputs(|| raw.clone())
        .bench_values(|raw| codegen::validate::validate(raw).is_ok());
}

/// `codegen::load`: parse and validate.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, codes: usize) {
    let file = source(codes);
    bencher.bench(|| codegen::load(black_box(&file)).is_ok());
}

mod emit {
    use super::*;

    /// `src/lib.rs` of the generated crate: tokens, `syn` parse, `prettyplease`.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn rust_lib(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit::rust::lib_rs(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The generated crate's `Cargo.toml`.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn cargo_toml(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| codegen::emit::rust::cargo_toml(black_box(&catalog)).len());
    }

    /// The OpenAPI document as YAML.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn openapi_yaml(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit::openapi::yaml(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The OpenAPI document as JSON.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn openapi_json(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit::openapi::json(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The reference page: the minijinja template.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn markdown_page(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit::markdown::page(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// The page as an HTML fragment.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn html_fragment(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit::html::fragment(black_box(&catalog))
                .map(|s| s.len())
                .ok()
        });
    }

    /// Every output, as `cargo xtask codegen` renders them.
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn all(bencher: Bencher, codes: usize) {
        let catalog = catalog(codes);
        bencher.bench(|| {
            codegen::emit(black_box(&catalog))
                .map(|outputs| outputs.len())
                .ok()
        });
    }
}
