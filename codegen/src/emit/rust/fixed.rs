//! Stage 4, emit: the code that is the same for every catalog: the crate attributes and imports,
//! `CodeInfo`, the methods and traits of `ErrorCode`, `UnknownCode`, `ErrorBody`, and the serde,
//! `http` and axum impls. Only the doc examples, from [`super::docs`], and the per-code parts of
//! `impl ErrorCode`, from [`super::tables`], come in from outside.

use proc_macro2::Literal;
use quote::quote;
use syn::{Attribute, ImplItem, Item};

use super::docs::Examples;
use super::syntax::{items, parse};
use crate::emit::EmitError;
use crate::limits::MAX_CODE_LEN;

/// The crate's inner attributes, after its docs. The file is printed by prettyplease and kept
/// true by `cargo xtask codegen --check`, so a `cargo fmt` of the workspace must leave it as it
/// is: one `rustfmt::skip` for the whole crate says so, behind `cfg_attr` since a tool attribute
/// may not stand alone at a crate's root on stable Rust.
pub(super) fn crate_attrs() -> Result<Vec<Attribute>, EmitError> {
    let file: syn::File = parse(quote! {
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![no_std]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
    })?;
    Ok(file.attrs)
}

/// `extern crate` and `use` items.
pub(super) fn imports() -> Result<Vec<Item>, EmitError> {
    items(quote! {
        #[cfg(feature = "alloc")]
        extern crate alloc;
        #[cfg(feature = "std")]
        extern crate std;

        use core::fmt;
        use core::str::FromStr;

        #[cfg(feature = "alloc")]
        use alloc::string::String;
    })
}

/// `struct CodeInfo`, the type of `INFO`'s entries.
pub(super) fn code_info() -> Result<Item, EmitError> {
    parse(quote! {
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
    })
}

/// `impl ErrorCode`: `ALL` first, then the accessors over `INFO`, then `lookup`.
pub(super) fn error_code_impl(
    all: ImplItem,
    examples: &Examples,
    lookup: ImplItem,
) -> Result<Item, EmitError> {
    let Examples {
        as_str,
        status,
        doc_url,
        from_code,
        ..
    } = examples;
    let methods: syn::ItemImpl = parse(quote! {
        impl ErrorCode {
            fn info(self) -> &'static CodeInfo {
                &INFO[self as usize]
            }

            #(#as_str)*
            pub fn as_str(self) -> &'static str {
                self.info().code
            }

            #(#status)*
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

            #(#doc_url)*
            pub fn doc_url(self) -> &'static str {
                self.info().doc_url
            }

            #(#from_code)*
            #[inline]
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                ErrorCode::lookup(code)
            }
        }
    })?;
    let items = std::iter::once(all)
        .chain(methods.items)
        .chain(std::iter::once(lookup))
        .collect();
    Ok(Item::Impl(syn::ItemImpl { items, ..methods }))
}

/// `Display` and `FromStr` for `ErrorCode`.
pub(super) fn error_code_traits() -> Result<Vec<Item>, EmitError> {
    items(quote! {
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
    })
}

/// `UnknownCode`, the error of `FromStr`, and its impls; `example` ends its docs.
pub(super) fn unknown_code(example: &[Attribute]) -> Result<Vec<Item>, EmitError> {
    // An unknown string is kept inline up to the longest code there can be.
    const _: () = assert!(MAX_CODE_LEN <= u8::MAX as usize);
    let kept = Literal::usize_unsuffixed(MAX_CODE_LEN);
    let limit_doc = [
        format!(" A string longer than {MAX_CODE_LEN} bytes, longer than any code, is kept cut"),
        format!(" to its first {MAX_CODE_LEN} bytes at a character boundary, and two such strings"),
        " with the same start are equal errors.".to_owned(),
    ];
    items(quote! {
        /// The error of parsing a string that is not a known code.
        ///
        /// It keeps the string inline, without allocating, so it is `Copy` and names the string
        /// with or without `alloc`.
        #(#[doc = #limit_doc])*
        ///
        #(#example)*
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
    })
}

/// `ErrorBody`, the JSON envelope, and its impls.
pub(super) fn error_body() -> Result<Vec<Item>, EmitError> {
    items(quote! {
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
    })
}

/// `Serialize` and `Deserialize`, written out so the crate needs no proc-macro to build.
pub(super) fn serde_impls() -> Result<Vec<Item>, EmitError> {
    items(quote! {
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
    })
}

/// `http` and `axum` integration for servers.
pub(super) fn server_impls() -> Result<Vec<Item>, EmitError> {
    items(quote! {
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
    })
}
