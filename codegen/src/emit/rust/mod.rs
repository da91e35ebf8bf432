//! The generated crate: its `Cargo.toml` and its `src/lib.rs`, with `ErrorCode`, `ErrorBody` and
//! their impls.
//!
//! The source is one [`syn::File`] made of whole items, printed once by `prettyplease`, so the
//! output needs no rustfmt and is the same on every machine. The parts are split by what they
//! depend on:
//!
//! - `manifest`: the `Cargo.toml` text.
//! - `fixed`: code that is the same for every catalog (`UnknownCode`, `ErrorBody`, the serde,
//!   `http` and axum impls, the methods of `ErrorCode`).
//! - `tables`: the items made of one entry per code (`ErrorCode` and its variants' docs, `INFO`,
//!   `BY_CODE` or the lookup `match`, `ErrorCode::ALL`), built as syntax trees directly, which
//!   costs a fraction of printing tokens and parsing them back at thousands of codes.
//! - `docs`: the crate docs and the doc examples, which name the crate and a code.
//! - `layout`: the blank lines between items, so the file reads as if written by hand.
//! - `syntax`: small builders of syntax tree nodes for the tables.
//!
//! The file opens with the header line and carries one `#![cfg_attr(rustfmt, rustfmt::skip)]`:
//! it is kept true by `cargo xtask codegen --check`, so `cargo fmt` must leave it as printed.

mod docs;
mod fixed;
mod layout;
mod manifest;
mod syntax;
mod tables;

pub use manifest::{cargo_toml, RUST_VERSION};

use super::{header, EmitError};
use crate::model::Catalog;

/// The generated crate's `src/lib.rs`.
pub fn lib_rs(catalog: &Catalog) -> Result<String, EmitError> {
    let variants = tables::variants(catalog)?;
    let examples = docs::Examples::new(catalog);
    let lookup = tables::lookup(catalog, &variants)?;

    let mut attrs = docs::crate_docs(catalog);
    attrs.extend(fixed::crate_attrs()?);

    let mut items = fixed::imports()?;
    items.push(tables::error_code(catalog, &variants)?);
    items.push(fixed::code_info()?);
    items.push(tables::info(catalog)?);
    items.extend(lookup.table);
    items.push(fixed::error_code_impl(
        tables::all(&variants)?,
        &examples,
        lookup.function,
    )?);
    items.extend(fixed::error_code_traits()?);
    items.extend(fixed::unknown_code(&examples.unknown_code)?);
    items.extend(fixed::error_body()?);
    items.extend(fixed::serde_impls()?);
    items.extend(fixed::server_impls()?);

    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items: layout::spaced_file(items),
    };
    Ok(format!("{}\n{}", header("//"), prettyplease::unparse(&file)))
}
