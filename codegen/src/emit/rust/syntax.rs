//! Stage 4, emit: small builders of syntax tree nodes: parsing what the emitter wrote, identifiers,
//! and doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use syn::{AttrStyle, Attribute, Expr, ExprLit, Lit, Meta, MetaNameValue};

use crate::emit::EmitError;

/// Parses tokens this emitter wrote; failing is a bug of the emitter, reported as such.
pub(super) fn parse<T: syn::parse::Parse>(tokens: TokenStream) -> Result<T, EmitError> {
    syn::parse2(tokens).map_err(|error| EmitError::Rust(error.to_string()))
}

/// The items of a piece of code that this emitter wrote.
pub(super) fn items(tokens: TokenStream) -> Result<Vec<syn::Item>, EmitError> {
    Ok(parse::<syn::File>(tokens)?.items)
}

/// The identifier of a snake_case name as a function, an argument, a field or a module:
/// `r#type` for the keyword `type` ([`crate::naming::constructor_name`]).
pub(super) fn constructor_ident(name: &str) -> Result<Ident, EmitError> {
    syn::parse_str(&crate::naming::constructor_name(name))
        .map_err(|error| EmitError::Rust(error.to_string()))
}

/// An identifier, such as a variant name of the model; an error if it is none.
pub(super) fn ident(name: &str) -> Result<Ident, EmitError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if valid {
        Ok(Ident::new(name, Span::call_site()))
    } else {
        Err(EmitError::Rust(format!(
            "`{name}` is not a Rust identifier"
        )))
    }
}

/// `#[doc = "…"]`, which prints as `///…`.
pub(super) fn doc(text: &str) -> Attribute {
    doc_attr(AttrStyle::Outer, text)
}

/// `#![doc = "…"]`, which prints as `//!…`.
pub(super) fn inner_doc(text: &str) -> Attribute {
    doc_attr(AttrStyle::Inner(Default::default()), text)
}

fn doc_attr(style: AttrStyle, text: &str) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: Default::default(),
        meta: Meta::NameValue(MetaNameValue {
            path: Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: str_lit(text),
        }),
    }
}

/// Doc attribute values for the lines of `text`: each non-empty line gets the space that `///`
/// would put after the marker.
pub(super) fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// A string literal.
pub(super) fn str_lit(value: &str) -> Expr {
    lit(Lit::Str(syn::LitStr::new(value, Span::call_site())))
}

fn lit(lit: Lit) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit,
    })
}
