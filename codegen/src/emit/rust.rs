//! The generated crate: `Cargo.toml` and `src/lib.rs` with `ErrorCode` and `ErrorBody`.
//!
//! Code is built as tokens with `quote`, checked by parsing it with `syn`, and printed with
//! `prettyplease`, so the output needs no rustfmt and is the same on every machine. Per-code data
//! lives in one static table indexed by the enum, and parsing is a binary search over a table
//! sorted by code, so both stay fast and quick to compile at thousands of codes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::doc_text::doc_text;
use super::{header, EmitError};
use crate::catalog::CodeEntry;
use crate::naming::variant_name;
use crate::validate::{Catalog, MAX_CODE_LEN};

/// The oldest Rust the generated crate builds with (`core::error::Error` is stable since 1.81).
pub const RUST_VERSION: &str = "1.81";

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(catalog: &Catalog) -> String {
    let package = &catalog.package;
    let string = |value: &str| toml::Value::String(value.to_owned()).to_string();
    format!(
        r#"{header}
[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "{RUST_VERSION}"
description = {description}
license = {license}
repository = {repository}
keywords = ["http", "api", "errors", "error-codes"]
categories = ["web-programming", "no-std"]

[features]
default = ["std"]
## The standard library; implies `alloc`.
std = ["alloc", "serde?/std"]
## `ErrorBody`, the JSON envelope, which owns its strings.
alloc = ["serde?/alloc"]
## `Serialize`/`Deserialize` for `ErrorCode` and `ErrorBody`, written out, not derived.
serde = ["dep:serde"]
## `From<ErrorCode> for http::StatusCode`.
http = ["dep:http", "std"]
## `IntoResponse` for `ErrorCode` and `ErrorBody`.
axum = ["http", "serde", "std", "dep:axum-core", "dep:serde_json"]

[dependencies]
axum-core = {{ version = "0.5", optional = true }}
http = {{ version = "1", optional = true }}
serde = {{ version = "1.0.194", optional = true, default-features = false }}
serde_json = {{ version = "1", optional = true }}

[dev-dependencies]
serde_json = "1"

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#,
        header = header("#"),
        name = string(&package.name),
        version = string(&package.version),
        description = string(&package.description),
        license = string(&package.license),
        repository = string(&package.repository),
    )
}

/// The generated crate's `src/lib.rs`.
pub fn lib_rs(catalog: &Catalog) -> Result<String, EmitError> {
    let tokens = lib_tokens(catalog);
    let file =
        syn::parse2::<syn::File>(tokens).map_err(|error| EmitError::Rust(error.to_string()))?;
    let variants: Vec<Ident> = catalog
        .codes
        .iter()
        .map(|entry| Ident::new(&variant_name(&entry.code), Span::call_site()))
        .collect();
    // Each item is completed and printed on its own, so only one table's syntax tree is alive.
    let mut text = format!("{}\n", header("//"));
    let mut attrs = Some(file.attrs);
    for mut item in file.items {
        fill_item(&mut item, catalog, &variants);
        skip_rustfmt(&mut item);
        let one = syn::File {
            shebang: None,
            frontmatter: None,
            attrs: attrs.take().unwrap_or_default(),
            items: vec![item],
        };
        text.push_str(&prettyplease::unparse(&one));
    }
    Ok(text)
}

/// Marks an item `#[rustfmt::skip]`: the file is printed by prettyplease and kept true by
/// `cargo xtask codegen --check`, so a `cargo fmt` of the workspace must leave it as it is.
fn skip_rustfmt(item: &mut syn::Item) {
    let attrs = match item {
        syn::Item::Const(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        syn::Item::ExternCrate(item) => &mut item.attrs,
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Macro(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        syn::Item::Static(item) => &mut item.attrs,
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::Type(item) => &mut item.attrs,
        syn::Item::Use(item) => &mut item.attrs,
        _ => unreachable!("`lib_tokens` emits no other kind of item"),
    };
    attrs.push(syn::parse_quote!(#[rustfmt::skip]));
}

/// Catalogs with at most this many codes parse with a `match`; larger ones with binary search.
const MATCH_LIMIT: usize = 32;

/// The crate as tokens, with the per-code tables left empty for [`fill_item`]: they are built
/// as syntax trees directly, which costs a fraction of parsing them from tokens.
fn lib_tokens(catalog: &Catalog) -> TokenStream {
    let crate_name = catalog.package.name.replace('-', "_");
    // An unknown string is kept inline up to the longest code there can be.
    const _: () = assert!(MAX_CODE_LEN <= u8::MAX as usize);
    let kept = proc_macro2::Literal::usize_unsuffixed(MAX_CODE_LEN);
    let unknown_limit_doc = [
        format!(" A string longer than {MAX_CODE_LEN} bytes, longer than any code, is kept cut"),
        format!(" to its first {MAX_CODE_LEN} bytes at a character boundary, and two such strings"),
        " with the same start are equal errors.".to_owned(),
    ];
    let codes = &catalog.codes;
    let count = codes.len();
    let variants: Vec<Ident> = codes
        .iter()
        .map(|entry| Ident::new(&variant_name(&entry.code), Span::call_site()))
        .collect();

    // A few codes: a `match`, which compiles to length checks and short compares (what strum's
    // `EnumString` emits), always inlined into `from_code` and `from_str`: without that, `FromStr`
    // costs a fifth more than the `match` (docs/benchmarks.md). Many: a binary search over a
    // sorted table, which stays fast and quick to compile where a `match` with thousands of
    // string arms does not.
    let (by_code, lookup_inline, lookup_body) = if count <= MATCH_LIMIT {
        let arms = codes.iter().zip(&variants).map(|(entry, variant)| {
            let code = entry.code.as_str();
            quote! { #code => Some(ErrorCode::#variant), }
        });
        (
            quote! {},
            quote! { #[inline(always)] },
            quote! { match code { #(#arms)* _ => None } },
        )
    } else {
        (
            quote! {
                /// Every code string with its variant, sorted by string for binary search.
                #[allow(deprecated)]
                static BY_CODE: [(&str, ErrorCode); #count] = [];
            },
            quote! { #[inline] },
            quote! {
                BY_CODE
                    .binary_search_by(|(candidate, _)| (*candidate).cmp(code))
                    .ok()
                    .map(|index| BY_CODE[index].1)
            },
        )
    };
    let crate_docs = crate_docs(catalog, &crate_name);
    let crate_docs = doc_lines(&crate_docs).map(|line| quote! { #![doc = #line] });
    let ExampleDocs {
        as_str: as_str_docs,
        status: status_docs,
        doc_url: doc_url_docs,
        from_code: from_code_docs,
        unknown_code: unknown_code_example,
    } = ExampleDocs::new(catalog, &crate_name);
    let serde_impls = serde_impls();
    let server_impls = server_impls();

    quote! {
        #(#crate_docs)*
        #![no_std]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #[cfg(feature = "alloc")]
        extern crate alloc;
        #[cfg(feature = "std")]
        extern crate std;

        use core::fmt;
        use core::str::FromStr;

        #[cfg(feature = "alloc")]
        use alloc::string::String;

        /// An error code of the API: the `code` field of every error response.
        ///
        /// Each variant's documentation gives its string, HTTP status, what happened and what to do.
        /// The enum is `#[non_exhaustive]` so that codes added to the catalog are not breaking
        /// changes; match with a wildcard arm.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum ErrorCode {}

        /// What the catalog says about one code; `INFO` holds one per variant, in declaration order.
        struct CodeInfo {
            code: &'static str,
            status: u16,
            cause: &'static str,
            remedy: &'static str,
            retryable: bool,
            doc_url: &'static str,
            deprecated: bool,
            replaced_by: Option<ErrorCode>,
            retired: bool,
        }

        // Deprecated and retired variants stay in the tables: clients still read them.
        #[allow(deprecated)]
        static INFO: [CodeInfo; #count] = [];

        #by_code

        impl ErrorCode {
            /// Every code, in catalog order.
            #[allow(deprecated)]
            pub const ALL: &'static [ErrorCode] = &[];

            fn info(self) -> &'static CodeInfo {
                &INFO[self as usize]
            }

            #as_str_docs
            pub fn as_str(self) -> &'static str {
                self.info().code
            }

            #status_docs
            pub fn status(self) -> u16 {
                self.info().status
            }

            /// What happened, as the error reference says it (inline markdown).
            pub fn cause(self) -> &'static str {
                self.info().cause
            }

            /// What to do about it, as the error reference says it (inline markdown).
            pub fn remedy(self) -> &'static str {
                self.info().remedy
            }

            /// Whether retrying the same request later can succeed.
            pub fn is_retryable(self) -> bool {
                self.info().retryable
            }

            /// Whether the catalog deprecates the code: clients should stop relying on it.
            pub fn is_deprecated(self) -> bool {
                self.info().deprecated
            }

            /// The code that replaces this deprecated one, if the catalog names one.
            pub fn replaced_by(self) -> Option<ErrorCode> {
                self.info().replaced_by
            }

            /// Whether the code is retired: the API no longer sends it, but it still parses, so
            /// bodies from older servers or logs still read.
            pub fn is_retired(self) -> bool {
                self.info().retired
            }

            #doc_url_docs
            pub fn doc_url(self) -> &'static str {
                self.info().doc_url
            }

            #from_code_docs
            #[inline]
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                ErrorCode::lookup(code)
            }

            /// The search behind [`ErrorCode::from_code`] and `FromStr`.
            #lookup_inline
            #[allow(deprecated)]
            fn lookup(code: &str) -> Option<ErrorCode> {
                #lookup_body
            }
        }

        impl fmt::Display for ErrorCode {
            /// Writes the code string, such as `rate_limited`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for ErrorCode {
            type Err = UnknownCode;

            #[inline]
            fn from_str(code: &str) -> Result<Self, Self::Err> {
                ErrorCode::lookup(code).ok_or_else(|| UnknownCode::new(code))
            }
        }

        /// The error of parsing a string that is not a known code.
        ///
        /// It keeps the string inline, without allocating, so it is `Copy` and names the string
        /// with or without `alloc`.
        #(#[doc = #unknown_limit_doc])*
        ///
        #unknown_code_example
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct UnknownCode {
            len: u8,
            truncated: bool,
            bytes: [u8; #kept],
        }

        impl UnknownCode {
            #[inline]
            fn new(code: &str) -> Self {
                let mut len = code.len().min(#kept);
                while !code.is_char_boundary(len) {
                    len -= 1;
                }
                let mut bytes = [0; #kept];
                bytes[..len].copy_from_slice(&code.as_bytes()[..len]);
                UnknownCode {
                    len: len as u8,
                    truncated: len < code.len(),
                    bytes,
                }
            }

            /// The string that is not a known code; only its start if
            /// [`UnknownCode::is_truncated`].
            pub fn code(&self) -> &str {
                // Cut at a character boundary of a `&str`: always UTF-8.
                core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
            }

            /// Whether the string was cut, so that [`UnknownCode::code`] holds only its start.
            pub fn is_truncated(&self) -> bool {
                self.truncated
            }
        }

        impl fmt::Debug for UnknownCode {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("UnknownCode")
                    .field("code", &self.code())
                    .field("truncated", &self.truncated)
                    .finish()
            }
        }

        impl fmt::Display for UnknownCode {
            /// Names the string, escaped as Rust would (it comes from elsewhere, and may hold
            /// anything), and says when it was cut.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "unknown error code `{}`", self.code().escape_debug())?;
                if self.truncated {
                    f.write_str(" (its start)")?;
                }
                Ok(())
            }
        }

        impl core::error::Error for UnknownCode {}

        /// The JSON body of every error response: `{"error": "…", "code": "…"}`.
        ///
        /// A body whose code this version does not know still reads: [`ErrorBody::code`] is `None`
        /// and [`ErrorBody::code_str`] keeps the string, so clients keep working when the API adds
        /// codes.
        #[cfg(feature = "alloc")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct ErrorBody {
            message: String,
            code: String,
        }

        #[cfg(feature = "alloc")]
        impl ErrorBody {
            /// A body for a known code with a human-readable message.
            pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
                ErrorBody { message: message.into(), code: code.as_str().into() }
            }

            /// A body with any code string, known to this version or not.
            pub fn with_raw_code(code: impl Into<String>, message: impl Into<String>) -> Self {
                ErrorBody { message: message.into(), code: code.into() }
            }

            /// The code, if this version knows it.
            pub fn code(&self) -> Option<ErrorCode> {
                ErrorCode::from_code(&self.code)
            }

            /// The code string as sent, known or not.
            pub fn code_str(&self) -> &str {
                &self.code
            }

            /// The human-readable message (the `error` field).
            pub fn message(&self) -> &str {
                &self.message
            }

            /// The HTTP status of the code, or 500 for a code this version does not know.
            pub fn status(&self) -> u16 {
                self.code().map_or(500, ErrorCode::status)
            }
        }

        #[cfg(feature = "alloc")]
        impl From<ErrorCode> for ErrorBody {
            /// A body whose message is the code's cause.
            fn from(code: ErrorCode) -> Self {
                ErrorBody::new(code, code.cause())
            }
        }

        #[cfg(feature = "alloc")]
        impl fmt::Display for ErrorBody {
            /// Writes `message (code)`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} ({})", self.message, self.code)
            }
        }

        #[cfg(feature = "alloc")]
        impl core::error::Error for ErrorBody {}

        #serde_impls
        #server_impls
    }
}

/// `Serialize` and `Deserialize`, written out so the crate needs no proc-macro to build.
fn serde_impls() -> TokenStream {
    quote! {
        #[cfg(feature = "serde")]
        mod serde_impls {
            use core::fmt;

            use serde::de::{self, Deserialize, Deserializer, Visitor};
            use serde::ser::{Serialize, Serializer};

            use super::ErrorCode;

            impl Serialize for ErrorCode {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            struct CodeVisitor;

            impl Visitor<'_> for CodeVisitor {
                type Value = ErrorCode;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an error code string")
                }

                fn visit_str<E: de::Error>(self, code: &str) -> Result<ErrorCode, E> {
                    code.parse().map_err(E::custom)
                }
            }

            impl<'de> Deserialize<'de> for ErrorCode {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserializer.deserialize_str(CodeVisitor)
                }
            }

            #[cfg(feature = "alloc")]
            mod body {
                use alloc::string::String;
                use core::fmt;

                use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
                use serde::ser::{Serialize, SerializeStruct, Serializer};

                use crate::ErrorBody;

                const FIELDS: &[&str] = &["error", "code"];

                impl Serialize for ErrorBody {
                    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        let mut body = serializer.serialize_struct("ErrorBody", 2)?;
                        body.serialize_field("error", self.message())?;
                        body.serialize_field("code", self.code_str())?;
                        body.end()
                    }
                }

                enum Field {
                    Error,
                    Code,
                    Other,
                }

                struct FieldVisitor;

                impl Visitor<'_> for FieldVisitor {
                    type Value = Field;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a field name")
                    }

                    fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
                        Ok(match name {
                            "error" => Field::Error,
                            "code" => Field::Code,
                            _ => Field::Other,
                        })
                    }

                    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Field, E> {
                        Ok(match name {
                            b"error" => Field::Error,
                            b"code" => Field::Code,
                            _ => Field::Other,
                        })
                    }
                }

                impl<'de> Deserialize<'de> for Field {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        deserializer.deserialize_identifier(FieldVisitor)
                    }
                }

                struct BodyVisitor;

                impl<'de> Visitor<'de> for BodyVisitor {
                    type Value = ErrorBody;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an error body with `error` and `code` strings")
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBody, A::Error> {
                        let mut message: Option<String> = None;
                        let mut code: Option<String> = None;
                        while let Some(field) = map.next_key::<Field>()? {
                            match field {
                                Field::Error if message.is_some() => {
                                    return Err(de::Error::duplicate_field("error"));
                                }
                                Field::Code if code.is_some() => {
                                    return Err(de::Error::duplicate_field("code"));
                                }
                                Field::Error => message = Some(map.next_value()?),
                                Field::Code => code = Some(map.next_value()?),
                                Field::Other => {
                                    map.next_value::<IgnoredAny>()?;
                                }
                            }
                        }
                        let message = message.ok_or_else(|| de::Error::missing_field("error"))?;
                        let code = code.ok_or_else(|| de::Error::missing_field("code"))?;
                        Ok(ErrorBody::with_raw_code(code, message))
                    }

                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ErrorBody, A::Error> {
                        let message: String = seq
                            .next_element()?
                            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                        let code: String = seq
                            .next_element()?
                            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                        Ok(ErrorBody::with_raw_code(code, message))
                    }
                }

                impl<'de> Deserialize<'de> for ErrorBody {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        deserializer.deserialize_struct("ErrorBody", FIELDS, BodyVisitor)
                    }
                }
            }
        }
    }
}

/// `http` and `axum` integration for servers.
fn server_impls() -> TokenStream {
    quote! {
        #[cfg(feature = "http")]
        impl From<ErrorCode> for http::StatusCode {
            /// The code's HTTP status.
            fn from(code: ErrorCode) -> Self {
                http::StatusCode::from_u16(code.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
            }
        }

        #[cfg(feature = "axum")]
        mod axum_impls {
            use axum_core::response::{IntoResponse, Response};
            use http::header::{HeaderValue, CONTENT_TYPE};
            use http::StatusCode;

            use crate::{ErrorBody, ErrorCode};

            impl IntoResponse for ErrorBody {
                /// The code's status with the envelope as `application/json`; 500 for a code this
                /// version does not know.
                fn into_response(self) -> Response {
                    let status = StatusCode::from_u16(self.status())
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    match serde_json::to_vec(&self) {
                        Ok(json) => (
                            status,
                            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
                            json,
                        )
                            .into_response(),
                        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                    }
                }
            }

            impl IntoResponse for ErrorCode {
                /// The code's status with an envelope whose message is the code's cause.
                fn into_response(self) -> Response {
                    ErrorBody::from(self).into_response()
                }
            }
        }
    }
}

/// Doc attribute values for the lines of `text`: each non-empty line gets the space that `///`
/// would put after the marker.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// The doc attributes whose examples name the crate or a code: each example uses the catalog's
/// crate name and first code, so it runs as a doctest on any catalog.
struct ExampleDocs {
    as_str: TokenStream,
    status: TokenStream,
    doc_url: TokenStream,
    from_code: TokenStream,
    /// Only the example, which follows `UnknownCode`'s own text.
    unknown_code: TokenStream,
}

impl ExampleDocs {
    fn new(catalog: &Catalog, crate_name: &str) -> Self {
        let first = example_code(catalog);
        let variant = variant_name(&first.code);
        let code = first.code.as_str();
        let status = *first.status;
        let doc_url = format!("{}#{}", catalog.page.url.as_str(), code);
        let example = |summary: &str, body: &str| -> TokenStream {
            let example = format!("```\nuse {crate_name}::ErrorCode;\n\n{body}\n```");
            let text = match summary {
                "" => example,
                summary => format!("{summary}\n\n{example}"),
            };
            let lines = doc_lines(&text);
            quote! { #(#[doc = #lines])* }
        };
        ExampleDocs {
            as_str: example(
                "The code as it appears in the `code` field of a response, in snake_case.",
                &format!("assert_eq!(ErrorCode::{variant}.as_str(), {code:?});"),
            ),
            status: example(
                "The HTTP status the API answers with when it returns this code.",
                &format!("assert_eq!(ErrorCode::{variant}.status(), {status});"),
            ),
            doc_url: example(
                "The link to this code's entry in the published error reference: the page's URL with \
                 the code\nas its fragment, the id of the anchor on the code's row.",
                &format!("assert_eq!(ErrorCode::{variant}.doc_url(), {doc_url:?});"),
            ),
            from_code: example(
                "The code whose string is `code`, if there is one. [`str::parse`] does the same \
                 with an\nerror that names an unknown string.",
                &format!(
                    "assert_eq!(ErrorCode::from_code({code:?}), Some(ErrorCode::{variant}));\n\
                     assert_eq!(ErrorCode::from_code(\"no such code\"), None);\n\
                     assert_eq!({code:?}.parse::<ErrorCode>(), Ok(ErrorCode::{variant}));"
                ),
            ),
            unknown_code: example(
                "",
                "let error = \"added later\".parse::<ErrorCode>().unwrap_err();\n\
                 assert_eq!(error.code(), \"added later\");\n\
                 assert_eq!(error.to_string(), \"unknown error code `added later`\");",
            ),
        }
    }
}

/// The crate-level documentation, with a server and a client example that run as doctests.
fn crate_docs(catalog: &Catalog, crate_name: &str) -> String {
    let first = example_code(catalog);
    let variant = format_ident!("{}", variant_name(&first.code));
    let code = first.code.as_str();
    let status = *first.status;
    let title = doc_text(catalog.page.title.as_str());
    let url = catalog.page.url.as_str();
    format!(
        r##"The API's error codes and its JSON error envelope, generated from its error catalog.

The same catalog generates the [{title}]({url}) reference page and the API's OpenAPI error
responses, so the three never disagree. Do not edit this crate by hand: change the catalog and
run `cargo xtask codegen`.

- [`ErrorCode`]: every code, with its string, HTTP status, cause, remedy and documentation link.
- [`ErrorBody`]: the envelope `{{"error": "…", "code": "…"}}`, which also reads codes this
  version does not know.

# Features

- `std` (default): implies `alloc`. Without default features the crate is `#![no_std]`.
- `alloc`: [`ErrorBody`], which owns its strings.
- `serde`: `Serialize` and `Deserialize` for [`ErrorCode`] (as its string) and [`ErrorBody`].
  The impls are written out, not derived: no proc-macro crate is built.
- `http` (implies `std`): `From<ErrorCode> for http::StatusCode`.
- `axum` (implies `http` and `serde`): `IntoResponse` for [`ErrorCode`] and [`ErrorBody`]: the
  code's status, `content-type: application/json` and the envelope.

# Server

```
# #[cfg(feature = "alloc")] {{
use {crate_name}::{{ErrorBody, ErrorCode}};

fn reject() -> ErrorBody {{
    ErrorBody::new(ErrorCode::{variant}, "Human-readable message")
}}

let body = reject();
assert_eq!(body.status(), {status});
# #[cfg(feature = "serde")]
assert_eq!(
    serde_json::to_string(&body).unwrap(),
    r#"{{"error":"Human-readable message","code":"{code}"}}"#,
);
# }}
```

With the `axum` feature a handler returns the error directly:

```
# #[cfg(feature = "axum")] {{
use axum_core::response::IntoResponse;
use {crate_name}::{{ErrorBody, ErrorCode}};

async fn handler() -> Result<String, ErrorBody> {{
    Err(ErrorCode::{variant}.into())
}}

let response = ErrorCode::{variant}.into_response();
assert_eq!(response.status().as_u16(), {status});
assert_eq!(response.headers()["content-type"], "application/json");
# }}
```

# Client

```
# #[cfg(all(feature = "serde", feature = "alloc"))] {{
use {crate_name}::{{ErrorBody, ErrorCode}};

let body: ErrorBody =
    serde_json::from_str(r#"{{"error": "Human-readable message", "code": "{code}"}}"#).unwrap();
match body.code() {{
    Some(code) if code.is_retryable() => {{ /* back off and retry */ }}
    Some(code) => eprintln!("{{}}: see {{}}", body.message(), code.doc_url()),
    None => eprintln!("{{}} (code `{{}}`)", body.message(), body.code_str()),
}}
assert_eq!(body.code(), Some(ErrorCode::{variant}));

// Codes added to the API after this version still read.
let newer: ErrorBody =
    serde_json::from_str(r#"{{"error": "Something new", "code": "added_later"}}"#).unwrap();
assert_eq!(newer.code(), None);
assert_eq!(newer.code_str(), "added_later");
# }}
```

# Compatibility

Each release's version says what changed in the catalog:

- **Adding a code** is a minor release. [`ErrorCode`] is `#[non_exhaustive]`, so every `match`
  on it already has a wildcard arm, and [`ErrorBody`] reads codes it does not know, so clients
  built against an older version keep working when the API starts sending the new code.
- **Rewording** a cause or a remedy is a patch release: nothing a program branches on changes.
- **Removing or renaming a code** is a major release. Its variant disappears, so code that names
  it stops compiling, and clients of the older version no longer recognise what the API sends.
- **Changing a code's status** or **whether it is retryable** is a major release. Servers
  answer with a different status, and clients that branch on the status or on
  [`ErrorCode::is_retryable`] behave differently, with no compiler error to point it out.

The order of [`ErrorCode::ALL`], which `Ord` follows, is the catalog's order; it is not part
of the compatibility promise."##
    )
}

/// Puts the per-code parts into the parsed skeleton as syntax trees built directly: the enum's
/// variants with their docs, `INFO`, `BY_CODE` and `ErrorCode::ALL`. Building them as tokens and
/// parsing those back costs most of the emitter's time and memory at thousands of codes.
fn fill_item(item: &mut syn::Item, catalog: &Catalog, variants: &[Ident]) {
    use syn::punctuated::Punctuated;
    use syn::{
        Attribute, Expr, ExprArray, ExprLit, ExprPath, ExprStruct, FieldValue, Lit, LitStr, Member,
        Meta, MetaNameValue,
    };
    let span = Span::call_site();
    let codes = &catalog.codes;
    let columns = &catalog.page.reference.columns;
    let str_expr = |value: &str| {
        Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit: Lit::Str(LitStr::new(value, span)),
        })
    };
    let doc = |value: &str| Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: Meta::NameValue(MetaNameValue {
            path: Ident::new("doc", span).into(),
            eq_token: Default::default(),
            value: str_expr(value),
        }),
    };
    let bool_expr = |value: bool| {
        Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit: Lit::Bool(syn::LitBool::new(value, span)),
        })
    };
    let code_path = |variant: &Ident| {
        let mut path: syn::Path = Ident::new("ErrorCode", span).into();
        path.segments.push(variant.clone().into());
        Expr::Path(ExprPath {
            attrs: Vec::new(),
            qself: None,
            path,
        })
    };
    let array = |elems: Punctuated<Expr, syn::Token![,]>| {
        Expr::Array(ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems,
        })
    };
    {
        match item {
            syn::Item::Enum(item) if item.ident == "ErrorCode" => {
                item.variants = codes
                    .iter()
                    .zip(variants)
                    .map(|(entry, variant)| {
                        let retry = if entry.retryable {
                            " Retrying the same request later can succeed."
                        } else {
                            " Retrying the same request will fail the same way."
                        };
                        syn::Variant {
                            attrs: vec![
                                doc(&format!(
                                    " `{}`: HTTP {}.",
                                    entry.code.as_str(),
                                    *entry.status
                                )),
                                doc(""),
                                doc(&format!(
                                    " **{}:** {}",
                                    doc_text(columns.cause.as_str()),
                                    doc_text(entry.cause.as_str())
                                )),
                                doc(""),
                                doc(&format!(
                                    " **{}:** {}",
                                    doc_text(columns.remedy.as_str()),
                                    doc_text(entry.remedy.as_str())
                                )),
                                doc(""),
                                doc(retry),
                            ]
                            .into_iter()
                            .chain(lifecycle_attrs(entry, &doc))
                            .collect(),
                            ident: variant.clone(),
                            fields: syn::Fields::Unit,
                            discriminant: None,
                        }
                    })
                    .collect();
            }
            syn::Item::Static(item) if item.ident == "INFO" => {
                let field = |name: &str, expr: Expr| FieldValue {
                    attrs: Vec::new(),
                    member: Member::Named(Ident::new(name, span)),
                    colon_token: Some(Default::default()),
                    expr,
                };
                *item.expr = array(
                    codes
                        .iter()
                        .map(|entry| {
                            let code = entry.code.as_str();
                            let fields = [
                                field("code", str_expr(code)),
                                field(
                                    "status",
                                    Expr::Lit(ExprLit {
                                        attrs: Vec::new(),
                                        lit: Lit::Int(syn::LitInt::new(
                                            &format!("{}u16", *entry.status),
                                            span,
                                        )),
                                    }),
                                ),
                                field("cause", str_expr(&entry.cause)),
                                field("remedy", str_expr(&entry.remedy)),
                                field("retryable", bool_expr(entry.retryable)),
                                field(
                                    "doc_url",
                                    str_expr(&format!("{}#{}", catalog.page.url.as_str(), code)),
                                ),
                                field("deprecated", bool_expr(entry.deprecated.is_some())),
                                field("replaced_by", replaced_by_expr(entry)),
                                field("retired", bool_expr(entry.retired)),
                            ];
                            Expr::Struct(ExprStruct {
                                attrs: Vec::new(),
                                qself: None,
                                path: Ident::new("CodeInfo", span).into(),
                                brace_token: Default::default(),
                                fields: fields.into_iter().collect(),
                                dot2_token: None,
                                rest: None,
                            })
                        })
                        .collect(),
                );
            }
            syn::Item::Static(item) if item.ident == "BY_CODE" => {
                let mut sorted: Vec<(&str, &Ident)> = codes
                    .iter()
                    .map(|entry| entry.code.as_str())
                    .zip(variants)
                    .collect();
                sorted.sort_unstable_by_key(|(code, _)| *code);
                *item.expr = array(
                    sorted
                        .into_iter()
                        .map(|(code, variant)| {
                            Expr::Tuple(syn::ExprTuple {
                                attrs: Vec::new(),
                                paren_token: Default::default(),
                                elems: [str_expr(code), code_path(variant)].into_iter().collect(),
                            })
                        })
                        .collect(),
                );
            }
            syn::Item::Impl(item) if item.trait_.is_none() => {
                for impl_item in &mut item.items {
                    if let syn::ImplItem::Const(constant) = impl_item {
                        if constant.ident == "ALL" {
                            if let Expr::Reference(reference) = &mut constant.expr {
                                *reference.expr = array(variants.iter().map(code_path).collect());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Some(ErrorCode::Replacement)` or `None` for a code's `replaced_by`.
fn replaced_by_expr(entry: &CodeEntry) -> syn::Expr {
    match entry
        .deprecated
        .as_ref()
        .and_then(|d| d.replaced_by.as_ref())
    {
        Some(replacement) => {
            let variant = format_ident!("{}", variant_name(replacement));
            syn::parse_quote!(Some(ErrorCode::#variant))
        }
        None => syn::parse_quote!(None),
    }
}

/// The docs and `#[deprecated]` attribute of a deprecated or retired code; nothing otherwise.
fn lifecycle_attrs(entry: &CodeEntry, doc: &dyn Fn(&str) -> syn::Attribute) -> Vec<syn::Attribute> {
    let mut attrs = Vec::new();
    let mut notes = Vec::new();
    if let Some(since) = &entry.since {
        attrs.push(doc(""));
        attrs.push(doc(&format!(" Since version {}.", since.as_str())));
    }
    if let Some(deprecated) = &entry.deprecated {
        attrs.push(doc(""));
        attrs.push(doc(&format!(
            " **Deprecated:** {}",
            doc_text(deprecated.message.as_str())
        )));
        notes.push(deprecated.message.to_string());
        if let Some(replacement) = &deprecated.replaced_by {
            let variant = variant_name(replacement);
            attrs.push(doc(&format!(" Use [`ErrorCode::{variant}`] instead.")));
            notes.push(format!("use `ErrorCode::{variant}` instead"));
        }
    }
    if entry.retired {
        attrs.push(doc(""));
        attrs.push(doc(
            " **Retired:** the API no longer sends this code. It still parses, so bodies from \
             older servers still read.",
        ));
        notes.push("retired: the API no longer sends this code".to_owned());
    }
    if !notes.is_empty() {
        let note = notes.join("; ");
        attrs.push(syn::parse_quote!(#[deprecated(note = #note)]));
    }
    attrs
}

/// The code the doc examples use: the first one that is neither deprecated nor retired, so the
/// examples compile without deprecation warnings.
fn example_code(catalog: &Catalog) -> &CodeEntry {
    catalog
        .codes
        .iter()
        .find(|entry| entry.deprecated.is_none() && !entry.retired)
        .unwrap_or(&catalog.codes[0])
}
