//! Stage 4, emit: the generated crate: its `Cargo.toml` and its `src/lib.rs`, with `ErrorCode`,
//! `ErrorBody` and their impls.
//!
//! The source is made of whole items, printed a few at a time by `prettyplease` as if the file
//! were printed at once, except the per-code tables, written as text in the same layout; so the
//! output needs no rustfmt and is the same on every machine. The parts are split by what they
//! depend on:
//!
//! - `manifest`: the `Cargo.toml` text.
//! - `fixed`: code that is the same for every catalog (`UnknownCode`, `ErrorBody`, the serde,
//!   `http` and axum impls, the methods of `ErrorCode`).
//! - `tables`: the items made of one entry per code (`ErrorCode` and its variants' docs, `INFO`,
//!   `ErrorCode::ALL`, the lookup `match` or the perfect hash's tables), written as source text
//!   in prettyplease's layout: at thousands of codes, syntax trees cost most of the emitter's
//!   time.
//! - `phf`: the perfect hash of the codes, found when the crate is generated.
//! - `doc_text`: catalog text made safe for rustdoc's lints.
//! - `rate_limits`: `RateLimitPolicy` and its constants, and the constructors of the codes that
//!   send `Retry-After`.
//! - `operations`: an error enum per operation, holding only the codes it may return.
//! - `messages`: messages with parameters: each such code's constructor, the `params` module,
//!   the rendering they share, and `details` when the catalog switches them on.
//! - `docs`: the crate docs and the doc examples, which name the crate and a code.
//! - `layout`: the blank lines between items, so the file reads as if written by hand.
//! - `syntax`: small builders of syntax tree nodes for the tables.
//!
//! The file opens with the header line and carries one `#![cfg_attr(rustfmt, rustfmt::skip)]`:
//! it is kept true by `cargo xtask codegen --check`, so `cargo fmt` must leave it as printed.

mod doc_text;
mod docs;
mod fixed;
mod layout;
mod manifest;
mod messages;
mod operations;
mod phf;
mod rate_limits;
mod syntax;
mod tables;

pub use manifest::{cargo_toml, RUST_VERSION};

use super::{header, EmitError};
use crate::model::Catalog;

/// The generated crate's `src/lib.rs`.
pub fn lib_rs(catalog: &Catalog) -> Result<String, EmitError> {
    let variants = tables::variants(catalog)?;
    let examples = docs::Examples::new(catalog);
    let parts = messages::Parts::of(catalog);

    let mut attrs = docs::crate_docs(catalog, parts);
    attrs.extend(fixed::crate_attrs()?);
    let mut file = Printer::new(attrs, fixed::imports(parts)?);
    // The per-code items are written as text (`tables`), each dropped before the next is built.
    file.push_text(&tables::error_code(catalog));
    file.print(vec![fixed::code_info(parts)?]);
    file.push_text(&tables::info(catalog, parts)?);
    let lookup = tables::lookup(catalog, &variants)?;
    if let Some(tables) = &lookup.tables {
        file.push_text(tables);
    }
    file.print(lookup.functions);
    file.push_text(&tables::all(catalog));
    file.print(vec![fixed::error_code_impl(&examples, lookup.function)?]);
    file.print(
        messages::error_code_items(catalog, parts)?
            .into_iter()
            .collect(),
    );
    file.print(fixed::error_code_traits()?);
    file.print(fixed::unknown_code(&examples.unknown_code)?);
    file.print(rate_limits::policies(catalog)?);
    file.print(fixed::error_body(catalog.body.message_max_length, parts)?);
    if parts.details {
        file.print(messages::details_items(parts)?);
    }
    file.print(rate_limits::constructors(catalog)?.into_iter().collect());
    if parts.constructors {
        file.print(messages::fixed_items(parts)?);
        file.print(
            messages::constructors(catalog, parts)?
                .into_iter()
                .collect(),
        );
    }
    if parts.params {
        file.print(
            messages::params_module(catalog, parts)?
                .into_iter()
                .collect(),
        );
    }
    // One operation at a time, like the tables: at a thousand operations their syntax trees
    // would otherwise be the largest thing alive.
    for index in 0..catalog.operations.len() {
        file.print(operations::operation_items(catalog, index)?);
    }
    file.print(fixed::serde_impls(parts)?);
    file.print(fixed::server_impls(parts)?);
    Ok(file.text)
}

/// The file's text, printed a few items at a time by `prettyplease`, as if all at once.
struct Printer {
    text: String,
}

impl Printer {
    /// The header line, the crate's attributes and its first items.
    fn new(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> Printer {
        let file = syn::File {
            shebang: None,
            frontmatter: None,
            attrs,
            items: layout::spaced_file(items),
        };
        Printer {
            text: format!("{}\n{}", header("//"), prettyplease::unparse(&file)),
        }
    }

    /// Source text of whole items, written directly (`tables`), after the ones printed and apart
    /// from them by a blank line.
    fn push_text(&mut self, text: &str) {
        self.text.push('\n');
        self.text.push_str(text);
    }

    /// Items after the ones printed, apart from them by a blank line.
    fn print(&mut self, items: Vec<syn::Item>) {
        if items.is_empty() {
            return;
        }
        let file = syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: layout::spaced_items(items),
        };
        self.text.push('\n');
        self.text.push_str(&prettyplease::unparse(&file));
    }
}

#[cfg(test)]
mod tests {
    use super::lib_rs;
    use crate::model::{
        Body, Catalog, Code, Deprecation, Envelope, Lifecycle, OperationsTable, Package, Page,
        Patterns, Reference, Related, Replacement,
    };

    fn code(name: &str, status: u16, lifecycle: Lifecycle) -> Code {
        let variant = crate::naming::variant_name(name);
        Code {
            code: name.to_owned(),
            variant,
            status,
            cause: format!("Cause of {name}"),
            remedy: format!("Remedy of {name}"),
            retryable: status == 429,
            rate_limit: None,
            retry_after: false,
            message: None,
            since: None,
            lifecycle,
            doc_url: format!("https://example.com/errors#{name}"),
        }
    }

    fn catalog(codes: Vec<Code>) -> Catalog {
        let text = String::new;
        Catalog {
            package: Package {
                name: "my-errors".to_owned(),
                version: semver::Version::new(1, 2, 3),
                description: "Errors".to_owned(),
                license: "MIT".to_owned(),
                repository: "https://example.com/repo".to_owned(),
            },
            page: Page {
                title: "Errors".to_owned(),
                lead: text(),
                url: "https://example.com/errors".to_owned(),
                envelope: Envelope {
                    intro: text(),
                    example_error: text(),
                    example_code: text(),
                    outro: text(),
                },
                reference: Reference {
                    heading: "Reference".to_owned(),
                    code: "Code".to_owned(),
                    status: "HTTP".to_owned(),
                    cause: "Why".to_owned(),
                    remedy: "Fix".to_owned(),
                },
                patterns: Patterns {
                    heading: text(),
                    codes_label: text(),
                    items: Vec::new(),
                },
                sections: Vec::new(),
                related: Related {
                    heading: text(),
                    links: Vec::new(),
                },
                operations: OperationsTable {
                    heading: String::new(),
                    operation: String::new(),
                    codes: String::new(),
                    common: String::new(),
                },
                messages: crate::model::MessagesSection {
                    heading: "Messages".to_owned(),
                    intro: None,
                    example_label: "Example:".to_owned(),
                    values_label: "One of:".to_owned(),
                },
                lifecycle: None,
            },
            body: Body {
                message_max_length: 1000,
                details: false,
            },
            rate_limits: Vec::new(),
            operations: Vec::new(),
            common_operation_codes: Vec::new(),
            codes,
        }
    }

    fn numbered(count: usize) -> Catalog {
        catalog(
            (0..count)
                .map(|index| code(&format!("code_{index}"), 400, Lifecycle::Current))
                .collect(),
        )
    }

    #[test]
    fn the_crate_root_alone_skips_rustfmt() {
        let text = lib_rs(&numbered(3)).unwrap();
        assert_eq!(text.matches("rustfmt").count(), 2, "{text}");
        assert!(text.contains("\n#![cfg_attr(rustfmt, rustfmt::skip)]\n"));
        assert!(text.starts_with(&format!("{}\n//! ", super::header("//"))));
    }

    #[test]
    fn literals_have_no_suffix() {
        for count in [3, 40] {
            let text = lib_rs(&numbered(count)).unwrap();
            assert!(text.contains(&format!("static INFO: [CodeInfo; {count}] = [")));
            assert!(text.contains("        status: 400,\n"));
            assert!(text.contains("bytes: [u8; 64],"));
            for suffix in ["usize", "u16,", "u16]", "u8]"] {
                for digit in '0'..='9' {
                    assert!(
                        !text.contains(&format!("{digit}{suffix}")),
                        "{digit}{suffix}"
                    );
                }
            }
        }
    }

    #[test]
    fn items_are_apart_and_imports_grouped() {
        let text = lib_rs(&numbered(40)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            // An item of the file or of an impl block or module in it ends on a line of its own;
            // the next one starts after a blank line.
            let ends = ["}", "];", "    }", "    ];"].contains(&pair[0]);
            let closes = pair[1].trim_start().starts_with('}') || pair[1].is_empty();
            assert!(
                !ends || closes,
                "no blank line after {:?}: {:?}",
                pair[0],
                pair[1]
            );
            assert!(
                !(pair[0].is_empty() && pair[1].is_empty()),
                "two blank lines"
            );
        }
        assert!(text.contains(
            "#![cfg_attr(docsrs, feature(doc_cfg))]\n\n#[cfg(feature = \"alloc\")]\nextern crate alloc;\n#[cfg(feature = \"std\")]\nextern crate std;\n\nuse core::fmt;\nuse core::str::FromStr;\nuse core::time::Duration;\n\n#[cfg(feature = \"alloc\")]\nuse alloc::string::String;\n\n"
        ));
        assert!(text.contains("    type Err = UnknownCode;\n\n    #[inline]\n"));
        assert!(!text.contains("{\n\n"));
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    }

    #[test]
    fn every_code_is_in_every_table() {
        let few = lib_rs(&numbered(3)).unwrap();
        assert!(!few.contains("SLOTS"));
        assert_eq!(few.matches(" => Some(ErrorCode::Code").count(), 3);
        let many = lib_rs(&numbered(40)).unwrap();
        assert!(!many.contains(" => Some(ErrorCode::Code"));
        // A slot per code and one free, each holding a code: the first code fills the free one.
        assert!(many.contains("static SLOTS: [(&str, ErrorCode); 41] = ["));
        assert_eq!(many.matches("    (\"code_").count(), 41);
        assert_eq!(
            many.matches("    (\"code_0\", ErrorCode::Code0),\n")
                .count(),
            2
        );
        for text in [&few, &many] {
            let count = if text == &few { 3 } else { 40 };
            // The variant, its entry in `ALL`, its `INFO` entry, and its place in the lookup.
            assert_eq!(text.matches("    Code1,\n").count(), 1);
            assert_eq!(text.matches("        ErrorCode::Code1,\n").count(), 1);
            assert_eq!(text.matches("        code: \"code_1\",\n").count(), 1);
            assert_eq!(text.matches("/// `code_").count(), count);
            assert_eq!(text.matches("    CodeInfo {\n").count(), count);
            // The last variant: in `ALL`, and in `SLOTS` or a `match` arm.
            assert_eq!(
                text.matches(&format!("ErrorCode::Code{}", count - 1))
                    .count(),
                2
            );
        }
    }

    #[test]
    fn lifecycle_shows_in_docs_and_tables() {
        let mut old = code(
            "old_name",
            404,
            Lifecycle::Deprecated(Deprecation {
                message: "Renamed.".to_owned(),
                replaced_by: Some(Replacement {
                    code: "new_name".to_owned(),
                    variant: "NewName".to_owned(),
                }),
            }),
        );
        old.since = Some(semver::Version::new(1, 0, 0));
        let text = lib_rs(&catalog(vec![
            code("new_name", 404, Lifecycle::Current),
            old,
            code("gone", 410, Lifecycle::Retired),
        ]))
        .unwrap();
        assert!(text.contains(
            "    /// Since version 1.0.0.\n    ///\n    /// **Deprecated:** Renamed.\n    /// Use [`ErrorCode::NewName`] instead.\n    #[deprecated(note = \"Renamed.; use `ErrorCode::NewName` instead\")]\n    OldName,\n"
        ));
        assert!(text.contains(
            "#[deprecated(note = \"retired: the API no longer sends this code\")]\n    Gone,\n"
        ));
        assert!(text.contains("replaced_by: Some(ErrorCode::NewName),"));
        assert!(text.contains("    /// **Why:** Cause of gone\n"));
        assert!(text.contains("    /// **Fix:** Remedy of gone\n"));
    }

    #[test]
    fn a_variant_that_is_no_identifier_is_an_error() {
        let mut catalog = numbered(1);
        catalog.codes[0].variant = "Not An Ident".to_owned();
        assert!(lib_rs(&catalog).is_err());
    }
}
