//! Stage 4, emit: the items made of one entry per code: the `ErrorCode` enum with its variants
//! and their docs, the `INFO` table, `ErrorCode::ALL`, and the lookup from a string (a `match`,
//! or a perfect hash over static tables, from [`super::phf`]).
//!
//! They are written as source text directly, laid out like the rest of the file: one entry,
//! field or variant per line (a line is not wrapped at 100 columns, as prettyplease would). At 10,000 codes, building them as syntax trees
//! and printing those was most of the emitter's work (docs/benchmarks.md). Strings are written
//! by `str`'s `Debug`, which always writes a valid Rust string literal of the same value; a
//! generated crate's tests read every text back from the compiled crate.

use std::fmt::Write as _;

use proc_macro2::Ident;
use quote::quote;

use super::doc_text::doc_text;
use super::messages::Parts;
use super::phf;
use super::syntax::{ident, parse};
use crate::emit::EmitError;
use crate::model::{Catalog, Code, Lifecycle};

/// Catalogs with at most this many codes parse with a `match`; larger ones with a perfect hash.
const MATCH_LIMIT: usize = 32;

/// Table entries of numbers per line.
const NUMBERS_PER_LINE: usize = 16;

/// The variant name of every code, in catalog order.
pub(super) fn variants(catalog: &Catalog) -> Result<Vec<Ident>, EmitError> {
    catalog
        .codes
        .iter()
        .map(|code| ident(&code.variant))
        .collect()
}

/// `pub enum ErrorCode`, one documented variant per code. Its `Debug` is written out, over
/// `INFO` ([`super::fixed::error_code_traits`]): derived, it is a `match` of one arm per code,
/// which took rustc 2.6 GB at 10,000 codes.
pub(super) fn error_code(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(catalog.codes.len() * 400);
    out.push_str(
        "/// An error code of the API: the `code` field of every error response.
///
/// Each variant's documentation gives its string, HTTP status, what happened and what to do.
/// The enum is `#[non_exhaustive]` so that codes added to the catalog are not breaking
/// changes; match with a wildcard arm.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
",
    );
    let reference = &catalog.page.reference;
    let cause_label = doc_text(&reference.cause);
    let remedy_label = doc_text(&reference.remedy);
    for code in &catalog.codes {
        let retry = if code.retryable {
            " Retrying the same request later can succeed."
        } else {
            " Retrying the same request will fail the same way."
        };
        doc(
            &mut out,
            &format!(" `{}`: HTTP {}.", code.code, code.status),
        );
        doc(&mut out, "");
        doc(
            &mut out,
            &format!(" **{cause_label}:** {}", doc_text(&code.cause)),
        );
        doc(&mut out, "");
        doc(
            &mut out,
            &format!(" **{remedy_label}:** {}", doc_text(&code.remedy)),
        );
        doc(&mut out, "");
        doc(&mut out, retry);
        params_doc(&mut out, code);
        lifecycle_attrs(&mut out, code);
        let _ = writeln!(out, "    {},", code.variant);
    }
    out.push_str("}\n");
    out
}

/// A `///` line of a variant's docs. Text that a line comment cannot hold as it is is written as
/// `#[doc = "…"]`, whose string escapes it: a control character, a leading `/` (which would make
/// `////`, a plain comment), or a bidirectional formatting character (which rustc denies in
/// comments, `text_direction_codepoint_in_comment`).
fn doc(out: &mut String, text: &str) {
    let unsafe_in_comment = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if text.starts_with('/') || text.chars().any(unsafe_in_comment) {
        let _ = writeln!(out, "    #[doc = {text:?}]");
    } else {
        let _ = writeln!(out, "    ///{}", text.trim_end_matches(' '));
    }
}

/// The docs of a code whose message has parameters: its constructor, and what a body of the bare
/// code says.
fn params_doc(out: &mut String, code: &Code) {
    let params = code.params();
    if params.is_empty() {
        return;
    }
    let names: Vec<String> = params
        .iter()
        .map(|param| format!("`{}`", param.name))
        .collect();
    doc(out, "");
    doc(out, &format!(" Its message names {}.", names.join(", ")));
    if !code.is_retired() {
        doc(
            out,
            &format!(
                " Build its body with [`ErrorBody::{}`], which takes the values.",
                crate::naming::constructor_name(&code.code)
            ),
        );
    }
    doc(
        out,
        " A body of the bare code (`ErrorBody::from`) says only the cause, without them.",
    );
}

/// The docs and `#[deprecated]` attribute of a deprecated or retired code, after the version
/// that introduced it.
fn lifecycle_attrs(out: &mut String, code: &Code) {
    if let Some(since) = &code.since {
        doc(out, "");
        doc(out, &format!(" Since version {since}."));
    }
    let note = match &code.lifecycle {
        Lifecycle::Current => return,
        Lifecycle::Deprecated(deprecation) => {
            doc(out, "");
            doc(
                out,
                &format!(" **Deprecated:** {}", doc_text(&deprecation.message)),
            );
            match &deprecation.replaced_by {
                Some(replacement) => {
                    let variant = &replacement.variant;
                    doc(out, &format!(" Use [`ErrorCode::{variant}`] instead."));
                    format!(
                        "{}; use `ErrorCode::{variant}` instead",
                        deprecation.message
                    )
                }
                None => deprecation.message.clone(),
            }
        }
        Lifecycle::Retired => {
            doc(out, "");
            doc(
                out,
                " **Retired:** the API no longer sends this code. It still parses, so bodies from \
                 older servers still read.",
            );
            "retired: the API no longer sends this code".to_owned()
        }
    };
    let _ = writeln!(out, "    #[deprecated(note = {note:?})]");
}

/// `static INFO`: what the catalog says about each code, indexed by the enum. Deprecated and
/// retired variants stay in the tables: clients still read them.
pub(super) fn info(catalog: &Catalog, parts: Parts) -> Result<String, EmitError> {
    let mut out = String::with_capacity(catalog.codes.len() * 450);
    let _ = writeln!(
        out,
        "#[allow(deprecated)]\nstatic INFO: [CodeInfo; {}] = [",
        catalog.codes.len()
    );
    for code in &catalog.codes {
        let mut message = String::new();
        if parts.messages {
            let _ = writeln!(message, "        message: {:?},", code.default_message());
        }
        if parts.params {
            let names: Vec<String> = code
                .params()
                .iter()
                .map(|param| format!("{:?}", param.name))
                .collect();
            let _ = writeln!(message, "        params: &[{}],", names.join(", "));
        }
        let replaced_by = match code
            .deprecation()
            .and_then(|deprecation| deprecation.replaced_by.as_ref())
        {
            Some(replacement) => format!("Some(ErrorCode::{})", replacement.variant),
            None => "None".to_owned(),
        };
        let rate_limit = match &code.rate_limit {
            Some(name) => {
                let policy = catalog
                    .rate_limit(name)
                    .ok_or_else(|| EmitError::Model(format!("no rate-limit policy `{name}`")))?;
                format!("Some(&RateLimitPolicy::{})", policy.constant())
            }
            None => "None".to_owned(),
        };
        let _ = write!(
            out,
            "    CodeInfo {{
        code: {code:?},
        name: {name:?},
        status: {status},
        cause: {cause:?},
        remedy: {remedy:?},
{message}        retryable: {retryable},
        rate_limit: {rate_limit},
        retry_after: {retry_after},
        doc_url: {doc_url:?},
        deprecated: {deprecated},
        replaced_by: {replaced_by},
        retired: {retired},
    }},
",
            code = code.code,
            name = code.variant,
            status = code.status,
            cause = code.cause,
            remedy = code.remedy,
            retryable = code.retryable,
            retry_after = code.retry_after,
            doc_url = code.doc_url,
            deprecated = code.deprecation().is_some(),
            retired = code.is_retired(),
        );
    }
    out.push_str("];\n");
    Ok(out)
}

/// `impl ErrorCode { pub const ALL }`: every variant, in catalog order, in a block of its own
/// before the one with the methods.
pub(super) fn all(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(catalog.codes.len() * 40);
    out.push_str(
        "impl ErrorCode {
    /// Every code, in catalog order.
    #[allow(deprecated)]
    pub const ALL: &'static [ErrorCode] = &[
",
    );
    for code in &catalog.codes {
        let _ = writeln!(out, "        ErrorCode::{},", code.variant);
    }
    out.push_str("    ];\n}\n");
    out
}

/// How a string finds its code: `ErrorCode::lookup`, and what it searches, if anything.
pub(super) struct Lookup {
    /// The perfect hash's seed and tables, as source text; none for a `match`.
    pub tables: Option<String>,
    /// The functions of the perfect hash; none for a `match`.
    pub functions: Vec<syn::Item>,
    /// `fn lookup`, behind `ErrorCode::from_code` and `FromStr`.
    pub function: syn::ImplItem,
}

/// A few codes: a `match`, which compiles to length checks and short compares (what strum's
/// `EnumString` emits), always inlined into `from_code` and `from_str`: without that, `FromStr`
/// costs a fifth more than the `match` (docs/benchmarks.md). Many: a perfect hash found now and
/// written as tables, so a parse is one hash, two table reads and one comparison, where a
/// `match` with thousands of string arms compiles slowly and a binary search compares a dozen
/// strings.
pub(super) fn lookup(catalog: &Catalog, variants: &[Ident]) -> Result<Lookup, EmitError> {
    let codes = &catalog.codes;
    if codes.len() <= MATCH_LIMIT {
        let arms = codes.iter().zip(variants).map(|(code, variant)| {
            let code = code.code.as_str();
            quote! { #code => Some(ErrorCode::#variant), }
        });
        let function = parse(quote! {
            /// The search behind [`ErrorCode::from_code`] and `FromStr`.
            #[inline(always)]
            #[allow(deprecated)]
            fn lookup(code: &str) -> Option<ErrorCode> {
                match code {
                    #(#arms)*
                    _ => None,
                }
            }
        })?;
        return Ok(Lookup {
            tables: None,
            functions: Vec::new(),
            function,
        });
    }

    let keys: Vec<&str> = codes.iter().map(|code| code.code.as_str()).collect();
    let hash = phf::build(&keys)?;
    let mut tables = String::with_capacity(hash.pilots.len() * 7 + hash.slots.len() * 60);
    let _ = writeln!(
        tables,
        "/// The seed of `ErrorCode::perfect_hash`, found with `PILOTS` for this catalog's codes.
const SEED: u64 = {seed};

/// The pilot of each bucket of codes: mixed into their hashes, it moves each to a slot of its
/// own.",
        seed = phf::hex_literal(hash.seed),
    );
    numbers(&mut tables, "PILOTS", &hash.pilots);
    let _ = writeln!(
        tables,
        "
/// Each slot's code string and code. A free slot holds the first code, which the comparison
/// after the lookup rejects: that code's own string has a slot of its own.
#[allow(deprecated)]
static SLOTS: [(&str, ErrorCode); {}] = [",
        hash.slots.len()
    );
    for &index in &hash.slots {
        let code = &codes[usize::from(index)];
        let _ = writeln!(
            tables,
            "    ({:?}, ErrorCode::{}),",
            code.code, code.variant
        );
    }
    tables.push_str("];\n");
    // A string longer than every code is none of them, and is not hashed: a client may be
    // handed a megabyte where a code should be.
    let longest = codes.iter().map(|code| code.code.len()).max().unwrap_or(0);
    let longest_doc = format!(" can be, compared with it. No code is longer than {longest} bytes.");
    let longest = proc_macro2::Literal::usize_unsuffixed(longest);
    let function = parse(quote! {
        /// The search behind [`ErrorCode::from_code`] and `FromStr`: the only code that `code`
        #[doc = #longest_doc]
        #[inline]
        fn lookup(code: &str) -> Option<ErrorCode> {
            if code.len() > #longest {
                return None;
            }
            let (text, found) = SLOTS[ErrorCode::perfect_hash_slot(code)];
            (text == code).then_some(found)
        }
    })?;
    Ok(Lookup {
        tables: Some(tables),
        functions: phf::lookup_items()?,
        function,
    })
}

/// `static NAME: [u16; N] = [...];`, a few numbers per line.
fn numbers(out: &mut String, name: &str, values: &[u16]) {
    let _ = writeln!(out, "static {name}: [u16; {}] = [", values.len());
    for line in values.chunks(NUMBERS_PER_LINE) {
        out.push_str("   ");
        for value in line {
            let _ = write!(out, " {value},");
        }
        out.push('\n');
    }
    out.push_str("];\n");
}

#[cfg(test)]
mod tests {
    use super::doc;

    /// What a doc line says once rustc reads it: the text after `///`, or the string of
    /// `#[doc = "…"]`.
    fn read_back(line: &str) -> String {
        let line = line.trim();
        if let Some(text) = line.strip_prefix("///") {
            return text.to_owned();
        }
        let parsed: syn::ItemStruct =
            syn::parse_str(&format!("{line} struct S;")).unwrap_or_else(|e| panic!("{line}: {e}"));
        match &parsed.attrs[0].meta {
            syn::Meta::NameValue(meta) => match &meta.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => text.value(),
                _ => panic!("{line}: not a string"),
            },
            _ => panic!("{line}: not `doc = …`"),
        }
    }

    #[test]
    fn a_doc_line_says_its_text_and_holds_nothing_a_comment_cannot() {
        for text in [
            " plain text",
            "",
            " a tab\there",
            "/ a leading slash",
            " a control \u{7} character",
            " right-to-left \u{202E}override\u{202C} and \u{2066}isolate\u{2069}",
            " a \"quote\" and a \\ backslash",
        ] {
            let mut out = String::new();
            doc(&mut out, text);
            assert_eq!(out.lines().count(), 1, "{out}");
            assert_eq!(read_back(&out), text, "{out}");
            assert!(
                !out.contains('\u{202E}') && !out.contains('\u{7}'),
                "a raw character rustc refuses: {out:?}"
            );
        }
    }
}
