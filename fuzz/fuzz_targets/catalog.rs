//! Fuzz target: arbitrary bytes through the whole pipeline, read → check → emit.
//!
//! Input that is not a valid catalog must come back as diagnostics (never a panic, hang or
//! overflow), and every catalog that validates must emit Rust that `syn` parses, a page with one
//! table row per code and an OpenAPI document that parses as YAML.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};

fuzz_target!(|bytes: &[u8]| {
    let file = match codegen::SourceFile::from_bytes("fuzz.yaml", bytes.to_vec()) {
        Ok(file) => file,
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
            return;
        }
    };
    let catalog = match codegen::load(&file) {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            assert!(!diagnostics.problems().is_empty());
            let _ = diagnostics.to_string();
            return;
        }
    };
    let outputs = codegen::emit(&catalog).expect("a valid catalog emits");
    for output in &outputs {
        match output.path {
            codegen::paths::CRATE_LIB => {
                syn::parse_file(&output.contents).expect("generated Rust parses");
            }
            codegen::paths::OPENAPI_YAML => {
                serde_yaml::from_str::<serde_yaml::Value>(&output.contents)
                    .expect("generated OpenAPI parses");
            }
            codegen::paths::PAGE => {
                let rows = Parser::new_ext(&output.contents, Options::ENABLE_TABLES)
                    .filter(|event| matches!(event, Event::Start(Tag::TableRow)))
                    .count();
                assert_eq!(rows, catalog.codes.len(), "one table row per code");
            }
            _ => {}
        }
    }
});
