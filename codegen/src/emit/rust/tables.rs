//! Stage 4, emit: the items made of one entry per code, each built whole: the `ErrorCode` enum with
//! its variants and their docs, the `INFO` table, `ErrorCode::ALL`, and the lookup from a string (a
//! `match`, or a binary search over the `BY_CODE` table).
//!
//! What is the same for every catalog in these items (their docs, attributes and types) is
//! written with `quote`; the entries are syntax trees built directly, which costs a fraction of
//! printing them as tokens and parsing those back at thousands of codes.

use proc_macro2::{Ident, Literal};
use quote::quote;
use syn::{Expr, ExprStruct, FieldValue, Member};

use super::doc_text::doc_text;
use super::syntax::{array, bool_lit, doc, ident, int_lit, parse, str_lit, variant_path};
use crate::emit::EmitError;
use crate::model::{Catalog, Code, Lifecycle};

/// Catalogs with at most this many codes parse with a `match`; larger ones with binary search.
const MATCH_LIMIT: usize = 32;

/// The variant name of every code, in catalog order.
pub(super) fn variants(catalog: &Catalog) -> Result<Vec<Ident>, EmitError> {
    catalog
        .codes
        .iter()
        .map(|code| ident(&code.variant))
        .collect()
}

/// `pub enum ErrorCode`, one documented variant per code.
pub(super) fn error_code(catalog: &Catalog, variants: &[Ident]) -> Result<syn::Item, EmitError> {
    let shape: syn::ItemEnum = parse(quote! {
        /// An error code of the API: the `code` field of every error response.
        ///
        /// Each variant's documentation gives its string, HTTP status, what happened and what to do.
        /// The enum is `#[non_exhaustive]` so that codes added to the catalog are not breaking
        /// changes; match with a wildcard arm.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum ErrorCode {}
    })?;
    let reference = &catalog.page.reference;
    let cause_label = doc_text(&reference.cause);
    let remedy_label = doc_text(&reference.remedy);
    let variants = catalog
        .codes
        .iter()
        .zip(variants)
        .map(|(code, variant)| {
            let retry = if code.retryable {
                " Retrying the same request later can succeed."
            } else {
                " Retrying the same request will fail the same way."
            };
            let mut attrs = vec![
                doc(&format!(" `{}`: HTTP {}.", code.code, code.status)),
                doc(""),
                doc(&format!(" **{cause_label}:** {}", doc_text(&code.cause))),
                doc(""),
                doc(&format!(" **{remedy_label}:** {}", doc_text(&code.remedy))),
                doc(""),
                doc(retry),
            ];
            attrs.extend(lifecycle_attrs(code));
            syn::Variant {
                attrs,
                ident: variant.clone(),
                fields: syn::Fields::Unit,
                discriminant: None,
            }
        })
        .collect();
    Ok(syn::Item::Enum(syn::ItemEnum { variants, ..shape }))
}

/// The docs and `#[deprecated]` attribute of a deprecated or retired code, after the version
/// that introduced it.
fn lifecycle_attrs(code: &Code) -> Vec<syn::Attribute> {
    let mut attrs = Vec::new();
    if let Some(since) = &code.since {
        attrs.push(doc(""));
        attrs.push(doc(&format!(" Since version {since}.")));
    }
    let note = match &code.lifecycle {
        Lifecycle::Current => return attrs,
        Lifecycle::Deprecated(deprecation) => {
            attrs.push(doc(""));
            attrs.push(doc(&format!(
                " **Deprecated:** {}",
                doc_text(&deprecation.message)
            )));
            match &deprecation.replaced_by {
                Some(replacement) => {
                    let variant = &replacement.variant;
                    attrs.push(doc(&format!(" Use [`ErrorCode::{variant}`] instead.")));
                    format!(
                        "{}; use `ErrorCode::{variant}` instead",
                        deprecation.message
                    )
                }
                None => deprecation.message.clone(),
            }
        }
        Lifecycle::Retired => {
            attrs.push(doc(""));
            attrs.push(doc(
                " **Retired:** the API no longer sends this code. It still parses, so bodies from \
                 older servers still read.",
            ));
            "retired: the API no longer sends this code".to_owned()
        }
    };
    attrs.push(syn::parse_quote!(#[deprecated(note = #note)]));
    attrs
}

/// `static INFO`: what the catalog says about each code, indexed by the enum.
pub(super) fn info(catalog: &Catalog) -> Result<syn::Item, EmitError> {
    let count = Literal::usize_unsuffixed(catalog.codes.len());
    // Deprecated and retired variants stay in the tables: clients still read them.
    let shape: syn::ItemStatic = parse(quote! {
        #[allow(deprecated)]
        static INFO: [CodeInfo; #count] = [];
    })?;
    let field = |name: &str, expr: Expr| FieldValue {
        attrs: Vec::new(),
        member: Member::Named(Ident::new(name, proc_macro2::Span::call_site())),
        colon_token: Some(Default::default()),
        expr,
    };
    let code_info: syn::Path = Ident::new("CodeInfo", proc_macro2::Span::call_site()).into();
    // Parsed once, not once per code: at thousands of codes a parse per entry costs more than
    // the rest of the entry.
    let none: Expr = syn::parse_quote!(None);
    let policies = catalog
        .rate_limits
        .iter()
        .map(|policy| {
            let constant = ident(&policy.constant())?;
            let expr: Expr = syn::parse_quote!(Some(&RateLimitPolicy::#constant));
            Ok((policy.name.as_str(), expr))
        })
        .collect::<Result<std::collections::HashMap<&str, Expr>, EmitError>>()?;
    let entries = catalog.codes.iter().map(|code| {
        let replaced_by = match code
            .deprecation()
            .and_then(|deprecation| deprecation.replaced_by.as_ref())
        {
            Some(replacement) => {
                let variant = variant_path(&ident(&replacement.variant)?);
                syn::parse_quote!(Some(#variant))
            }
            None => none.clone(),
        };
        let rate_limit = match &code.rate_limit {
            Some(policy) => policies
                .get(policy.as_str())
                .cloned()
                .ok_or_else(|| EmitError::Rust(format!("no rate-limit policy `{policy}`")))?,
            None => none.clone(),
        };
        let fields = [
            field("code", str_lit(&code.code)),
            field("status", int_lit(code.status)),
            field("cause", str_lit(&code.cause)),
            field("remedy", str_lit(&code.remedy)),
            field("retryable", bool_lit(code.retryable)),
            field("rate_limit", rate_limit),
            field("retry_after", bool_lit(code.retry_after)),
            field("doc_url", str_lit(&code.doc_url)),
            field("deprecated", bool_lit(code.deprecation().is_some())),
            field("replaced_by", replaced_by),
            field("retired", bool_lit(code.is_retired())),
        ];
        Ok(Expr::Struct(ExprStruct {
            attrs: Vec::new(),
            qself: None,
            path: code_info.clone(),
            brace_token: Default::default(),
            fields: fields.into_iter().collect(),
            dot2_token: None,
            rest: None,
        }))
    });
    let entries = entries.collect::<Result<Vec<_>, EmitError>>()?;
    Ok(syn::Item::Static(syn::ItemStatic {
        expr: Box::new(array(entries)),
        ..shape
    }))
}

/// `ErrorCode::ALL`: every variant, in catalog order.
pub(super) fn all(variants: &[Ident]) -> Result<syn::ImplItem, EmitError> {
    let shape: syn::ImplItemConst = parse(quote! {
        /// Every code, in catalog order.
        #[allow(deprecated)]
        pub const ALL: &'static [ErrorCode] = &[];
    })?;
    let expr = Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(array(variants.iter().map(variant_path))),
    });
    Ok(syn::ImplItem::Const(syn::ImplItemConst { expr, ..shape }))
}

/// How a string finds its code: `ErrorCode::lookup`, and the table it searches, if any.
pub(super) struct Lookup {
    /// `static BY_CODE`, for a binary search; none for a `match`.
    pub table: Option<syn::Item>,
    /// `fn lookup`, behind `ErrorCode::from_code` and `FromStr`.
    pub function: syn::ImplItem,
}

/// A few codes: a `match`, which compiles to length checks and short compares (what strum's
/// `EnumString` emits), always inlined into `from_code` and `from_str`: without that, `FromStr`
/// costs a fifth more than the `match` (docs/benchmarks.md). Many: a binary search over a sorted
/// table, which stays fast and quick to compile where a `match` with thousands of string arms
/// does not.
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
            table: None,
            function,
        });
    }

    let count = Literal::usize_unsuffixed(codes.len());
    let shape: syn::ItemStatic = parse(quote! {
        /// Every code string with its variant, sorted by string for binary search.
        #[allow(deprecated)]
        static BY_CODE: [(&str, ErrorCode); #count] = [];
    })?;
    let mut sorted: Vec<(&str, &Ident)> = codes
        .iter()
        .map(|code| code.code.as_str())
        .zip(variants)
        .collect();
    sorted.sort_unstable_by_key(|(code, _)| *code);
    let entries = sorted.into_iter().map(|(code, variant)| {
        Expr::Tuple(syn::ExprTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: [str_lit(code), variant_path(variant)].into_iter().collect(),
        })
    });
    let table = syn::Item::Static(syn::ItemStatic {
        expr: Box::new(array(entries)),
        ..shape
    });
    let function = parse(quote! {
        /// The search behind [`ErrorCode::from_code`] and `FromStr`.
        #[inline]
        #[allow(deprecated)]
        fn lookup(code: &str) -> Option<ErrorCode> {
            BY_CODE
                .binary_search_by(|(candidate, _)| (*candidate).cmp(code))
                .ok()
                .map(|index| BY_CODE[index].1)
        }
    })?;
    Ok(Lookup {
        table: Some(table),
        function,
    })
}
