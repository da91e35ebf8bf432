//! Fuzz target: arbitrary bytes through the whole pipeline, read → check → emit.
//!
//! Input that is not a valid catalog must come back as diagnostics (never a panic, hang or
//! overflow), and every catalog that validates must emit Rust that `syn` parses, a page with one
//! table row per code and an OpenAPI document that parses as YAML.

#![no_main]

use error_catalog::emit::paths;
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};

fuzz_target!(|bytes: &[u8]| {
    let file = match error_catalog::SourceFile::from_bytes("fuzz.yaml", bytes.to_vec()) {
        Ok(file) => file,
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
            return;
        }
    };
    let catalog = match error_catalog::load(&file) {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            assert!(!diagnostics.problems().is_empty());
            let _ = diagnostics.to_string();
            return;
        }
    };
    let outputs = error_catalog::emit::outputs(&catalog).expect("a valid catalog emits");
    let crate_lib = format!("{}/src/lib.rs", paths::crate_dir(&catalog.package.name));
    for output in &outputs {
        if output.path == crate_lib {
            syn::parse_file(&output.contents).expect("generated Rust parses");
        } else if output.path == paths::OPENAPI_YAML {
            serde_saphyr::from_str::<serde_json::Value>(&output.contents)
                .expect("generated OpenAPI parses");
        } else if output.path == paths::PAGE {
            let rows = Parser::new_ext(&output.contents, Options::ENABLE_TABLES)
                .filter(|event| matches!(event, Event::Start(Tag::TableRow)))
                .count();
            assert_eq!(rows, catalog.codes.len(), "one table row per code");
        }
    }
});
