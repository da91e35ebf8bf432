//! Stage 4, emit: messages with parameters in the generated crate: the typed constructor of each
//! code whose message names values (`ErrorBody::invalid_mode(mode)`), the `params` module with a
//! module per such code (its `one_of` enums and, with `details`, its `Details`), the rendering
//! they share, and `details` on `ErrorBody` when the catalog switches it on.
//!
//! Nothing here is emitted for a catalog without messages: its crate stays as it was, byte for
//! byte. [`Parts`] says which pieces a catalog needs.
//!
//! Values come from requests, so the rendering, the same for every catalog, treats them as
//! untrusted: a value is written as text and never read as a template; control characters and
//! bidirectional formatting characters are escaped as `\u{…}`; and when the message would be
//! longer than `ErrorBody::MESSAGE_MAX_CHARS`, the values are cut (never the fixed text) so the
//! whole fits, each counted no further than the room there is, so a megabyte value costs no more
//! than a short one.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use syn::Item;

use super::doc_text::doc_text;
use super::syntax::{constructor_ident, doc_lines, ident, items, parse};
use crate::emit::{code_span, EmitError};
use crate::model::{Catalog, Code, Message, MessagePiece, Param, ParamKind, ParamValue};
use crate::naming::{constructor_name, variant_name};

/// Which message pieces a catalog's crate carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parts {
    /// Some code has a message: a body of a bare code says its default message, which may not
    /// be its cause (`ErrorCode::message`, private).
    pub messages: bool,
    /// Some code's message has parameters: `params` and `ErrorCode::params`.
    pub params: bool,
    /// Some code that the API still sends has parameters: the constructors and the rendering
    /// they share (a retired code has no constructor, only its `params` types).
    pub constructors: bool,
    /// Bodies carry `details`: the catalog says so and some code has parameters (as in the
    /// OpenAPI components, where `details` exists only then).
    pub details: bool,
}

impl Parts {
    pub(super) fn of(catalog: &Catalog) -> Parts {
        let params = catalog.codes.iter().any(|code| !code.params().is_empty());
        Parts {
            messages: catalog.codes.iter().any(|code| code.message.is_some()),
            params,
            constructors: catalog
                .codes
                .iter()
                .any(|code| !code.params().is_empty() && !code.is_retired()),
            details: catalog.body.details && params,
        }
    }
}

/// Whether a character of a value is written escaped in a message; the crate's `escapes` is
/// the same rule, written from the same list.
pub(super) use crate::template::is_invisible as escapes;

/// `text` with each character that [`escapes`] written as `\u{…}`: what the crate writes for a
/// short value, and what doc text shows of catalog text.
pub(super) fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if escapes(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The parameter's identifier, as an argument or a field: `r#type` for `type`.
fn param_ident(param: &Param) -> Result<Ident, EmitError> {
    constructor_ident(&param.name)
}

/// The module of a code in `params`: `params::invalid_mode`.
fn module_ident(code: &Code) -> Result<Ident, EmitError> {
    constructor_ident(&code.code)
}

/// The enum of a `one_of` parameter: `format` → `Format`.
fn enum_ident(param: &Param) -> Result<Ident, EmitError> {
    ident(&variant_name(&param.name))
}

/// The argument of a code's constructor that takes the `Retry-After` delay: `retry_after`,
/// unless a parameter has that name.
fn delay_ident(code: &Code) -> Result<Ident, EmitError> {
    let mut name = "retry_after".to_owned();
    while code.params().iter().any(|param| param.name == name) {
        name.push_str("_delay");
    }
    ident(&name)
}

// ---- the code that is the same for every catalog with parameters --------------------------

/// `Piece`, `Arg`, the rendering of a message and `ErrorBody::templated`, which every
/// constructor calls with its code's pieces; with `details`, `DetailValue` too.
pub(super) fn fixed_items(parts: Parts) -> Result<Vec<Item>, EmitError> {
    let templated = if parts.details {
        quote! {
            let mut body = ErrorBody::new(code, render(pieces, args));
            body.details = code
                .params()
                .iter()
                .zip(args)
                .map(|(name, arg)| (String::from(*name), arg.detail()))
                .collect();
            body
        }
    } else {
        quote!(ErrorBody::new(code, render(pieces, args)))
    };
    let bidi_formatting = crate::template::BIDI_FORMATTING
        .iter()
        .map(|&(first, last)| quote!(#first..=#last));
    let mut fixed = items(quote! {
        /// A piece of a message template: fixed text, or where a parameter's value goes.
        #[cfg(feature = "alloc")]
        #[derive(Clone, Copy)]
        enum Piece {
            /// Fixed text, written as it is.
            Text(&'static str),
            /// The value of the constructor's argument at this index.
            Param(usize),
        }

        /// The value of a parameter, as a constructor passes it. (A catalog whose parameters
        /// are all of one kind leaves the other variant unused.)
        #[cfg(feature = "alloc")]
        #[derive(Clone, Copy)]
        #[allow(dead_code)]
        enum Arg<'a> {
            /// A text parameter's value, or a `one_of` parameter's value as its string.
            Text(&'a str),
            /// An integer parameter's value.
            Integer(i64),
        }

        /// A body of `code` whose message is `pieces` with `args` written in ([`render`]); the
        /// message is then fitted as every message is, the last guard of its length. A function
        /// of its own, not of `ErrorBody`, whose names are the codes' constructors.
        #[cfg(feature = "alloc")]
        fn templated(code: ErrorCode, pieces: &[Piece], args: &[Arg<'_>]) -> ErrorBody {
            #templated
        }

        /// Whether a character of a value is written escaped in a message, as `\u{…}`: a
        /// control character, or a bidirectional formatting one (U+061C, U+200E, U+200F,
        /// U+202A to U+202E, U+2066 to U+2069), which would reorder the text around it when
        /// the message is shown.
        #[cfg(feature = "alloc")]
        fn escapes(c: char) -> bool {
            c.is_control() || matches!(c, #(#bidi_formatting)|*)
        }

        /// How many characters `c` takes in a message.
        #[cfg(feature = "alloc")]
        fn written_len(c: char) -> usize {
            if escapes(c) {
                c.escape_unicode().len()
            } else {
                1
            }
        }

        /// How many characters `value` takes in a message, counted no further than `limit`.
        #[cfg(feature = "alloc")]
        fn written_len_up_to(value: &str, limit: usize) -> usize {
            let mut len = 0;
            for c in value.chars() {
                len += written_len(c);
                if len >= limit {
                    return limit;
                }
            }
            len
        }

        /// Writes `value` into `out` escaped; when `room` is `Some`, only as much as fits in that
        /// many characters with the `…` that ends a cut value (nothing at all when there is no
        /// room).
        #[cfg(feature = "alloc")]
        fn write_value(out: &mut String, value: &str, room: Option<usize>) {
            let mut left = match room {
                Some(0) => return,
                Some(room) => room - 1,
                None => usize::MAX,
            };
            for c in value.chars() {
                let len = written_len(c);
                if len > left {
                    break;
                }
                left -= len;
                if len == 1 {
                    out.push(c);
                } else {
                    out.extend(c.escape_unicode());
                }
            }
            if room.is_some() {
                out.push('…');
            }
        }

        /// The message of `pieces` with the values of `args` written in, as text: a value is
        /// never read as a template, and [`escapes`] says which of its characters are escaped.
        ///
        /// The fixed text is kept whole. When the values do not fit in the room it leaves of
        /// [`ErrorBody::MESSAGE_MAX_CHARS`], the room is shared: a value shorter than an even
        /// share stays whole, and the others are cut to the share that is left, each ending in
        /// `…`. A value is counted no further than the room, so a megabyte costs no more than
        /// the message is long.
        #[cfg(feature = "alloc")]
        fn render(pieces: &[Piece], args: &[Arg<'_>]) -> String {
            let integers: alloc::vec::Vec<String> = args
                .iter()
                .map(|arg| match arg {
                    Arg::Integer(number) => alloc::string::ToString::to_string(number),
                    Arg::Text(_) => String::new(),
                })
                .collect();
            let value = |index: usize| match args[index] {
                Arg::Text(text) => text,
                Arg::Integer(_) => integers[index].as_str(),
            };
            let fixed: usize = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => text.chars().count(),
                    Piece::Param(_) => 0,
                })
                .sum();
            let room = ErrorBody::MESSAGE_MAX_CHARS.saturating_sub(fixed);
            // Each placeholder's length, and the room it gets when the values must be cut.
            let lens: alloc::vec::Vec<usize> = pieces
                .iter()
                .filter_map(|piece| match piece {
                    Piece::Param(index) => Some(written_len_up_to(value(*index), room + 1)),
                    Piece::Text(_) => None,
                })
                .collect();
            let mut rooms: alloc::vec::Vec<Option<usize>> = alloc::vec![None; lens.len()];
            if lens.iter().sum::<usize>() > room {
                let mut order: alloc::vec::Vec<usize> = (0..lens.len()).collect();
                order.sort_by_key(|&at| lens[at]);
                let mut left = room;
                for (done, &at) in order.iter().enumerate() {
                    let share = left / (order.len() - done);
                    if lens[at] <= share {
                        left -= lens[at];
                        continue;
                    }
                    // This value and every longer one is cut to an even share of what is left.
                    let cut = &order[done..];
                    let (share, extra) = (left / cut.len(), left % cut.len());
                    for (nth, &at) in cut.iter().enumerate() {
                        rooms[at] = Some(share + usize::from(nth < extra));
                    }
                    break;
                }
            }
            let mut message = String::with_capacity(fixed + lens.iter().sum::<usize>().min(room) + 4);
            let mut rooms = rooms.into_iter();
            for piece in pieces {
                match piece {
                    Piece::Text(text) => message.push_str(text),
                    Piece::Param(index) => {
                        write_value(&mut message, value(*index), rooms.next().flatten());
                    }
                }
            }
            message
        }
    })?;
    if parts.details {
        fixed.extend(items(quote! {
            impl Arg<'_> {
                /// The value as `details` carries it: text cut to the message's maximum.
                fn detail(self) -> DetailValue {
                    match self {
                        Arg::Text(text) => DetailValue::Text(fit_text(text)),
                        Arg::Integer(number) => DetailValue::Integer(number),
                    }
                }
            }
        })?);
        // Only with `alloc`, like everything it serves.
        if let Some(Item::Impl(block)) = fixed.last_mut() {
            block
                .attrs
                .push(syn::parse_quote!(#[cfg(feature = "alloc")]));
        }
    }
    Ok(fixed)
}

/// With `details`: `DetailValue`, the accessor of `ErrorBody`, and `fit_text`.
pub(super) fn details_items(parts: Parts) -> Result<Vec<Item>, EmitError> {
    // Without constructors (only retired codes have parameters), only reading bodies cuts text.
    let fit_text_unused = if parts.constructors {
        TokenStream::new()
    } else {
        quote!(#[cfg_attr(not(feature = "serde"), allow(dead_code))])
    };
    items(quote! {
        /// The value of one parameter in a body's `details`: text (a `one_of` parameter's
        /// value too, as its string) or a whole number. Non-exhaustive, so that another kind of
        /// value can be added.
        #[cfg(feature = "alloc")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum DetailValue {
            /// Text, at most [`ErrorBody::MESSAGE_MAX_CHARS`] characters: a longer value is
            /// cut to fit, and ends in `…`.
            Text(String),
            /// A whole number.
            Integer(i64),
        }

        #[cfg(feature = "alloc")]
        impl DetailValue {
            /// The text, if it is text.
            pub fn as_str(&self) -> Option<&str> {
                match self {
                    DetailValue::Text(text) => Some(text),
                    DetailValue::Integer(_) => None,
                }
            }

            /// The number, if it is a whole number.
            pub fn as_integer(&self) -> Option<i64> {
                match self {
                    DetailValue::Integer(number) => Some(*number),
                    DetailValue::Text(_) => None,
                }
            }
        }

        #[cfg(feature = "alloc")]
        impl fmt::Display for DetailValue {
            /// Writes the text as it is, or the number.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    DetailValue::Text(text) => f.write_str(text),
                    DetailValue::Integer(number) => write!(f, "{number}"),
                }
            }
        }

        /// `text`, cut to [`ErrorBody::MESSAGE_MAX_CHARS`] characters when longer, as a message
        /// is, copying no more than it keeps.
        #[cfg(feature = "alloc")]
        #fit_text_unused
        fn fit_text(text: &str) -> String {
            match text.char_indices().nth(ErrorBody::MESSAGE_MAX_CHARS - 1) {
                Some((cut, last)) if text.len() > cut + last.len_utf8() => {
                    let mut fitted = String::with_capacity(cut + '…'.len_utf8());
                    fitted.push_str(&text[..cut]);
                    fitted.push('…');
                    fitted
                }
                _ => String::from(text),
            }
        }
    })
}

// ---- per code -----------------------------------------------------------------------------

/// `impl ErrorCode` with `message` (private: the message of a bare code's body) when a code has
/// a message, and `params` when a code has parameters. `None` when no code has a message.
pub(super) fn error_code_items(catalog: &Catalog, parts: Parts) -> Result<Option<Item>, EmitError> {
    if !parts.messages {
        return Ok(None);
    }
    let params = if parts.params {
        let example = catalog
            .codes
            .iter()
            .find(|code| code.is_current() && !code.params().is_empty())
            .or_else(|| catalog.codes.iter().find(|code| !code.params().is_empty()));
        let example = match example {
            Some(code) => {
                let crate_name = catalog.package.crate_ident();
                let names: Vec<String> = code
                    .params()
                    .iter()
                    .map(|param| format!("{:?}", param.name))
                    .collect();
                let allow = if code.is_current() {
                    ""
                } else {
                    "# #![allow(deprecated)]\n"
                };
                let none = catalog
                    .codes
                    .iter()
                    .find(|other| other.is_current() && other.params().is_empty())
                    .map(|other| {
                        format!(
                            "assert!(ErrorCode::{}.params().is_empty());\n",
                            other.variant
                        )
                    })
                    .unwrap_or_default();
                let text = format!(
                    "\n```\n{allow}use {crate_name}::ErrorCode;\n\n\
                     assert_eq!(ErrorCode::{variant}.params(), [{names}]);\n{none}```",
                    variant = code.variant,
                    names = names.join(", "),
                );
                doc_lines(&text).collect()
            }
            None => Vec::new(),
        };
        quote! {
            /// The names of the parameters of the code's message, in the order its constructor
            /// on [`ErrorBody`] takes them; empty when its message has none.
            ///
            /// A code with parameters still becomes a body on its own (`ErrorBody::from`), so
            /// that operation enums, `?` and `IntoResponse` keep working, but that body says
            /// only the code's cause, with no values. A server's tests can hold its handlers to
            /// the constructors by asserting that the codes they send bare have no parameters.
            #(#[doc = #example])*
            pub fn params(self) -> &'static [&'static str] {
                self.info().params
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(Some(parse(quote! {
        impl ErrorCode {
            /// The message of a body of the code alone: its message when that has no
            /// parameters, else its cause.
            #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
            fn message(self) -> &'static str {
                self.info().message
            }

            #params
        }
    })?))
}

/// The argument of a parameter in a constructor's signature.
fn arg_type(code: &Code, param: &Param) -> Result<TokenStream, EmitError> {
    Ok(match &param.kind {
        ParamKind::Text => quote!(&str),
        ParamKind::Integer => quote!(i64),
        ParamKind::OneOf(_) => {
            let module = module_ident(code)?;
            let name = enum_ident(param)?;
            quote!(params::#module::#name)
        }
    })
}

/// The `Arg` a constructor passes for a parameter.
fn arg_value(param: &Param) -> Result<TokenStream, EmitError> {
    let name = param_ident(param)?;
    Ok(match &param.kind {
        ParamKind::Text => quote!(Arg::Text(#name)),
        ParamKind::Integer => quote!(Arg::Integer(#name)),
        ParamKind::OneOf(_) => quote!(Arg::Text(#name.as_str())),
    })
}

/// `impl ErrorBody` with a constructor per current or deprecated code with parameters; `None`
/// when there is none.
pub(super) fn constructors(catalog: &Catalog, parts: Parts) -> Result<Option<Item>, EmitError> {
    let mut constructors = Vec::new();
    for code in &catalog.codes {
        let Some(message) = &code.message else {
            continue;
        };
        if message.params.is_empty() || code.is_retired() {
            continue;
        }
        let name = constructor_ident(&code.code)?;
        let variant = ident(&code.variant)?;
        let mut doc = format!(
            "A `{}` body (HTTP {}) whose message is the template\n{}\nfilled in with:\n\n",
            code.code,
            code.status,
            code_span(&escaped(&message.template())),
        );
        for param in &message.params {
            doc.push_str(&format!(
                "- `{}`: {}\n",
                param.name,
                doc_text(&escaped(&param.description))
            ));
        }
        doc.push_str(
            "\nThe values are written in as text. Their control and bidirectional formatting\n\
             characters are escaped as `\\u{…}`, and they are cut, never the fixed text, when the\n\
             message would be longer than [`ErrorBody::MESSAGE_MAX_CHARS`].",
        );
        if parts.details {
            doc.push_str(
                " The body's `details`\ncarry every value by name, text cut to the same maximum.",
            );
        }
        if code.retry_after {
            doc.push_str("\n\nIts response tells the client to retry after the delay given.");
        }
        let docs: Vec<String> = doc_lines(&doc).collect();
        let mut args = Vec::new();
        let mut values = Vec::new();
        for param in &message.params {
            let name = param_ident(param)?;
            let kind = arg_type(code, param)?;
            args.push(quote!(#name: #kind));
            values.push(arg_value(param)?);
        }
        let pieces = message.pieces.iter().map(|piece| match piece {
            MessagePiece::Text(text) => quote!(Piece::Text(#text)),
            MessagePiece::Param(index) => {
                let index = Literal::usize_unsuffixed(*index);
                quote!(Piece::Param(#index))
            }
        });
        let mut body = quote! {
            crate::templated(ErrorCode::#variant, &[#(#pieces),*], &[#(#values),*])
        };
        if code.retry_after {
            let delay = delay_ident(code)?;
            args.push(quote!(#delay: Duration));
            body = quote!(#body.with_retry_after(#delay));
        }
        let deprecated = code.deprecation().map(|_| {
            let note = format!("`{}` is deprecated", code.code);
            quote!(#[deprecated(note = #note)])
        });
        let allow = deprecated.as_ref().map(|_| quote!(#[allow(deprecated)]));
        constructors.push(quote! {
            #(#[doc = #docs])*
            #deprecated
            #allow
            pub fn #name(#(#args),*) -> Self {
                #body
            }
        });
    }
    if constructors.is_empty() {
        return Ok(None);
    }
    Ok(Some(parse(quote! {
        /// The constructors of the codes whose messages have parameters: each takes the values,
        /// typed, and renders the message from the catalog's template.
        #[cfg(feature = "alloc")]
        impl ErrorBody {
            #(#constructors)*
        }
    })?))
}

/// `pub mod params`: `UnknownValue`, and a module per code with parameters; `None` when no
/// code has any.
pub(super) fn params_module(catalog: &Catalog, parts: Parts) -> Result<Option<Item>, EmitError> {
    if !has_params_module(catalog, parts) {
        return Ok(None);
    }
    let mut modules = Vec::new();
    for code in &catalog.codes {
        if code_has_module(code, parts) {
            modules.push(code_module(code, parts)?);
        }
    }
    Ok(Some(parse(quote! {
        /// The types of the parameters of the codes' messages: a module per code with
        /// parameters, named after the code, holding an enum per parameter that takes one of a
        /// listed set of values, and, when bodies carry `details`, `Details`, which reads the
        /// values back from a body.
        pub mod params {
            /// The error of parsing a string that is not one of a parameter's values.
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub struct UnknownValue {
                param: &'static str,
            }

            impl UnknownValue {
                /// The parameter whose values the string is not one of.
                pub fn param(&self) -> &'static str {
                    self.param
                }
            }

            impl ::core::fmt::Display for UnknownValue {
                /// Names the parameter, not the string, which may hold anything.
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "not a value of the parameter `{}`", self.param)
                }
            }

            impl ::core::error::Error for UnknownValue {}

            #(#modules)*
        }
    })?))
}

/// Whether a code has a module in `params`: with `details`, every code with parameters has
/// (its `Details`); without, only a code with a `one_of` parameter (its enum).
fn code_has_module(code: &Code, parts: Parts) -> bool {
    let one_of = code
        .params()
        .iter()
        .any(|param| matches!(param.kind, ParamKind::OneOf(_)));
    !code.params().is_empty() && (parts.details || one_of)
}

/// Whether the crate has a `params` module: whether a code has a module in it.
pub(super) fn has_params_module(catalog: &Catalog, parts: Parts) -> bool {
    catalog
        .codes
        .iter()
        .any(|code| code_has_module(code, parts))
}

/// The module of one code's parameters.
fn code_module(code: &Code, parts: Parts) -> Result<TokenStream, EmitError> {
    let module = module_ident(code)?;
    let params = code.params();
    let module_doc = format!(
        " The parameters of `{}`'s message, {}.",
        code.code,
        code_span(&escaped(
            &code
                .message
                .as_ref()
                .ok_or_else(|| {
                    EmitError::Model(format!("`{}` has parameters and no message", code.code))
                })?
                .template()
        ))
    );
    let mut items = Vec::new();
    for param in params {
        if let ParamKind::OneOf(values) = &param.kind {
            items.push(one_of_enum(param, values)?);
        }
    }
    if parts.details {
        items.push(details_struct(code)?);
    }
    Ok(quote! {
        #[doc = #module_doc]
        pub mod #module {
            #(#items)*
        }
    })
}

/// The enum of a `one_of` parameter, and its impls.
fn one_of_enum(param: &Param, values: &[String]) -> Result<TokenStream, EmitError> {
    let name = enum_ident(param)?;
    let variants = values
        .iter()
        .map(|value| ident(&variant_name(value)))
        .collect::<Result<Vec<_>, _>>()?;
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    let doc = format!(
        " The values of `{}`: {}",
        param.name,
        doc_text(&escaped(&param.description))
    );
    let param_name = &param.name;
    Ok(quote! {
        #[doc = #doc]
        ///
        /// Non-exhaustive, so that the catalog may add a value in a minor release.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
        }

        impl #name {
            /// Every value, in catalog order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];

            /// The value as the message and `details` write it.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#name::#variants => #values,)*
                }
            }
        }

        impl ::core::fmt::Display for #name {
            /// Writes the value, such as it is in the catalog.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = super::UnknownValue;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                match value {
                    #(#values => ::core::result::Result::Ok(#name::#variants),)*
                    _ => ::core::result::Result::Err(super::UnknownValue { param: #param_name }),
                }
            }
        }
    })
}

/// `Details`: a code's values, typed, read back from a body.
fn details_struct(code: &Code) -> Result<TokenStream, EmitError> {
    let variant = ident(&code.variant)?;
    let doc = format!(
        " The values of a `{}` body's message, read back from its `details`.",
        code.code
    );
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for param in code.params() {
        let name = param_ident(param)?;
        let key = &param.name;
        let field_doc = format!(" {}", doc_text(&escaped(&param.description)));
        let (kind, read) = match &param.kind {
            ParamKind::Text => (
                quote!(::alloc::string::String),
                quote!(::alloc::string::String::from(details.get(#key)?.as_str()?)),
            ),
            ParamKind::Integer => (quote!(i64), quote!(details.get(#key)?.as_integer()?)),
            ParamKind::OneOf(_) => {
                let kind = enum_ident(param)?;
                (
                    quote!(#kind),
                    quote!(details.get(#key)?.as_str()?.parse().ok()?),
                )
            }
        };
        fields.push(quote! {
            #[doc = #field_doc]
            pub #name: #kind,
        });
        reads.push(quote!(#name: #read,));
    }
    let allow = code
        .deprecation()
        .map(|_| quote!(#[allow(deprecated)]))
        .or_else(|| code.is_retired().then(|| quote!(#[allow(deprecated)])));
    Ok(quote! {
        #[doc = #doc]
        ///
        /// Text values are at most [`crate::ErrorBody::MESSAGE_MAX_CHARS`] characters: the
        /// server cut longer ones, as in the message.
        #[cfg(feature = "alloc")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub struct Details {
            #(#fields)*
        }

        #[cfg(feature = "alloc")]
        impl Details {
            /// The values of `body`'s `details`: `None` unless the body has this code and every
            /// value, each of its parameter's type (and, for a `one_of` parameter, one of its
            /// values). Other keys are ignored.
            #allow
            pub fn from_body(body: &crate::ErrorBody) -> ::core::option::Option<Details> {
                if body.code() != ::core::option::Option::Some(crate::ErrorCode::#variant) {
                    return ::core::option::Option::None;
                }
                let details = body.details();
                ::core::option::Option::Some(Details {
                    #(#reads)*
                })
            }
        }
    })
}

/// The example of a parameter's value in a doctest: a string literal, a number, or the enum's
/// variant.
fn example_arg(crate_name: &str, code: &Code, param: &Param) -> String {
    match (&param.kind, &param.example) {
        (ParamKind::OneOf(_), ParamValue::Text(value)) => format!(
            "{crate_name}::params::{}::{}::{}",
            constructor_name(&code.code),
            variant_name(&param.name),
            variant_name(value)
        ),
        (_, ParamValue::Text(text)) => format!("{text:?}"),
        (_, ParamValue::Integer(number)) => number.to_string(),
    }
}

/// The examples of a code's parameters, as the arguments of its constructor in a doctest.
pub(super) fn example_args(crate_name: &str, code: &Code) -> Vec<String> {
    code.params()
        .iter()
        .map(|param| example_arg(crate_name, code, param))
        .collect()
}

/// The message the crate renders from the examples, when no value must be cut.
fn rendered_example(message: &Message) -> String {
    message.fill(|param| escaped(&param.example.to_string()))
}

/// A Rust string literal of `text`: raw when it reads the same that way.
fn string_literal(text: &str) -> String {
    let plain = text.chars().all(|c| {
        !escapes(c) && format!("{c:?}") == format!("'{c}'") || c == '\'' || c == '"' || c == '\\'
    });
    if plain && !text.contains("\"#") {
        format!("r#\"{text}\"#")
    } else {
        format!("{text:?}")
    }
}

/// The crate docs' section "Messages with parameters", when a code has parameters.
pub(super) fn crate_docs_section(catalog: &Catalog, parts: Parts) -> String {
    if !parts.params {
        return String::new();
    }
    let crate_name = catalog.package.crate_ident();
    let Some(code) = catalog
        .codes
        .iter()
        .find(|code| code.is_current() && !code.params().is_empty())
    else {
        return String::new();
    };
    let Some(message) = &code.message else {
        return String::new();
    };
    let constructor = constructor_name(&code.code);
    let variant = &code.variant;
    let mut args = example_args(&crate_name, code);
    if code.retry_after {
        args.push("Duration::from_secs(7)".to_owned());
    }
    let duration = if code.retry_after {
        "use core::time::Duration;\n"
    } else {
        ""
    };
    let expected = rendered_example(message);
    let fits = expected.chars().count() <= catalog.body.message_max_length as usize;
    let message_check = if fits {
        format!(
            "assert_eq!(body.message(), {});\n",
            string_literal(&expected)
        )
    } else {
        "assert!(body.message().chars().count() <= ErrorBody::MESSAGE_MAX_CHARS);\n".to_owned()
    };
    let mut text = format!(
        r##"# Messages with parameters

Some codes' messages name values of the request. Each such code has a constructor on
[`ErrorBody`] that takes the values, typed (text as `&str`, numbers as `i64`, and a value of a
listed set as an enum of `params`), and writes the message from the catalog's template. The
values are written as text, never read as a template; their control and bidirectional
formatting characters are escaped as `\u{{…}}`, and they are cut, not the fixed text, when the
message would be longer than [`ErrorBody::MESSAGE_MAX_CHARS`].

```
# #[cfg(feature = "alloc")] {{
{duration}use {crate_name}::{{ErrorBody, ErrorCode}};

let body = ErrorBody::{constructor}({args});
{message_check}
// The bare code still makes a body, which says only the cause.
let bare = ErrorBody::from(ErrorCode::{variant});
assert_eq!(bare.message(), ErrorCode::{variant}.cause());
# }}
```

A body made from the bare code still builds, so that operation enums, `?` and `IntoResponse`
keep working, but it says only the code's cause, with no values. [`ErrorCode::params`] names a
code's parameters, so a server's tests can assert that the codes it sends bare have none:

```
use {crate_name}::ErrorCode;

assert!(!ErrorCode::{variant}.params().is_empty());
```
"##,
        args = args.join(", "),
    );
    if parts.details {
        let mut details = Vec::new();
        for param in &message.params {
            let value = match &param.example {
                ParamValue::Text(text) => serde_json::to_string(text).unwrap_or_default(),
                ParamValue::Integer(number) => number.to_string(),
            };
            details.push((param.name.clone(), value));
        }
        // `details` is written in key order.
        details.sort();
        let details = details
            .iter()
            .map(|(name, value)| format!("{name:?}:{value}"))
            .collect::<Vec<_>>()
            .join(",");
        let json = fits.then(|| {
            format!(
                "{{\"error\":{},\"code\":{:?},\"details\":{{{details}}}}}",
                serde_json::to_string(&expected).unwrap_or_default(),
                code.code
            )
        });
        let json_check = match json {
            Some(json) => format!("assert_eq!(json, {});\n", string_literal(&json)),
            None => String::new(),
        };
        let first = &message.params[0];
        let field = constructor_name(&first.name);
        let field_check = match &first.example {
            ParamValue::Text(text) if matches!(first.kind, ParamKind::Text) => {
                format!("assert_eq!(details.{field}, {text:?});\n")
            }
            _ => format!(
                "assert_eq!(details.{field}, {});\n",
                example_arg(&crate_name, code, first)
            ),
        };
        text.push_str(&format!(
            r##"
The body's `details` carry every value by name, and a client reads them back, typed, with the
code's `Details`; unknown keys, and values of other types, are ignored:

```
# #[cfg(all(feature = "alloc", feature = "serde"))] {{
{duration}use {crate_name}::{{params, ErrorBody}};

let json = serde_json::to_string(&ErrorBody::{constructor}({args})).unwrap();
{json_check}let body: ErrorBody = serde_json::from_str(&json).unwrap();
let details = params::{constructor}::Details::from_body(&body).unwrap();
{field_check}# }}
```
"##,
            args = args.join(", "),
        ));
    }
    text.push('\n');
    text
}
