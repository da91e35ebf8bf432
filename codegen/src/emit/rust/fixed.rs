//! Stage 4, emit: the code that is the same for every catalog: the crate attributes and imports,
//! `CodeInfo`, the methods and traits of `ErrorCode`, `UnknownCode`, `ErrorBody`, and the serde,
//! `http` and axum impls. Only the doc examples, from [`super::docs`], and the per-code parts of
//! `impl ErrorCode`, from [`super::tables`], come in from outside.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::{Attribute, ImplItem, Item};

use super::docs::Examples;
use super::messages::Parts;
use super::syntax::{items, parse};
use crate::emit::EmitError;
use crate::limits::MAX_CODE_LEN;
use crate::model::MAX_RETRY_AFTER_SECONDS;

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

/// `extern crate` and `use` items; `BTreeMap` too when bodies carry `details`.
pub(super) fn imports(parts: Parts) -> Result<Vec<Item>, EmitError> {
    let btree_map = if parts.details {
        quote! {
            #[cfg(feature = "alloc")]
            use alloc::collections::BTreeMap;
        }
    } else {
        TokenStream::new()
    };
    items(quote! {
        #[cfg(feature = "alloc")]
        extern crate alloc;
        #[cfg(feature = "std")]
        extern crate std;

        use core::fmt;
        use core::str::FromStr;
        use core::time::Duration;

        #btree_map
        #[cfg(feature = "alloc")]
        use alloc::string::String;
    })
}

/// `struct CodeInfo`, the type of `INFO`'s entries: with a code's default message when a code
/// has a message, and its parameters' names when a code has parameters.
pub(super) fn code_info(parts: Parts) -> Result<Item, EmitError> {
    let message = if parts.messages {
        quote! {
            #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
            message: &'static str,
        }
    } else {
        TokenStream::new()
    };
    let params = if parts.params {
        quote!(params: &'static [&'static str],)
    } else {
        TokenStream::new()
    };
    parse(quote! {
        /// What the catalog says about one code; `INFO` holds one per variant, in declaration order.
        struct CodeInfo {
            code: &'static str,
            name: &'static str,
            status: u16,
            cause: &'static str,
            remedy: &'static str,
            #message
            #params
            retryable: bool,
            rate_limit: Option<&'static RateLimitPolicy>,
            retry_after: bool,
            doc_url: &'static str,
            deprecated: bool,
            replaced_by: Option<ErrorCode>,
            retired: bool,
        }
    })
}

/// `impl ErrorCode`: the accessors over `INFO`, then `lookup`.
pub(super) fn error_code_impl(examples: &Examples, lookup: ImplItem) -> Result<Item, EmitError> {
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

            /// The rate-limit policy the code enforces, if it is about one.
            pub fn rate_limit_policy(self) -> Option<RateLimitPolicy> {
                self.info().rate_limit.copied()
            }

            /// Whether responses with this code carry `Retry-After`, the seconds to wait before
            /// retrying. [`ErrorBody`] has a constructor for each such code, which takes the
            /// delay.
            pub fn sends_retry_after(self) -> bool {
                self.info().retry_after
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
    let items = methods.items.into_iter().chain([lookup]).collect();
    Ok(Item::Impl(syn::ItemImpl { items, ..methods }))
}

/// `Debug`, `Display` and `FromStr` for `ErrorCode`.
pub(super) fn error_code_traits() -> Result<Vec<Item>, EmitError> {
    items(quote! {
        impl fmt::Debug for ErrorCode {
            /// Writes the variant's name, such as `RateLimited`, as a derived `Debug` would.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.info().name)
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

/// `ErrorBody`, the JSON envelope, and its impls; `max_chars` is the message's `maxLength`.
/// `parts` says whether a bare code's body says its message rather than its cause, and whether
/// bodies carry `details`.
pub(super) fn error_body(max_chars: u32, parts: Parts) -> Result<Vec<Item>, EmitError> {
    let max_chars = Literal::usize_unsuffixed(max_chars as usize);
    let summary = if parts.details {
        quote! {
            /// The JSON body of every error response: `{"error": "…", "code": "…"}`, and
            /// `"details"`, the values of its message's parameters by name, when it has any.
        }
    } else {
        quote! {
            /// The JSON body of every error response: `{"error": "…", "code": "…"}`.
        }
    };
    let details_field = if parts.details {
        quote!(details: BTreeMap<String, DetailValue>,)
    } else {
        TokenStream::new()
    };
    let details_init = if parts.details {
        quote!(details: BTreeMap::new(),)
    } else {
        TokenStream::new()
    };
    let details_accessor = if parts.details {
        quote! {
            /// The values of the message's parameters by name (the `details` field): those of
            /// the code's constructor, or those read. Empty for a body of a bare code, or of a
            /// code without parameters. A client reads a code's values, typed, with its
            /// `Details` in [`params`].
            pub fn details(&self) -> &BTreeMap<String, DetailValue> {
                &self.details
            }
        }
    } else {
        TokenStream::new()
    };
    let (bare_message, from_doc) = if parts.messages {
        (
            quote!(code.message()),
            quote! {
                /// A body whose message is the code's message when that has no parameters, else
                /// the code's cause, without values (no `details`): build the body of a code with
                /// parameters with its constructor ([`ErrorCode::params`] names them). For a
                /// code that sends `Retry-After`, its response waits the window of the code's
                /// policy; its constructor takes a closer delay.
            },
        )
    } else {
        (
            quote!(code.cause()),
            quote! {
                /// A body whose message is the code's cause. For a code that sends `Retry-After`,
                /// its response waits the window of the code's policy; its constructor takes a
                /// closer delay.
            },
        )
    };
    items(quote! {
        #summary
        ///
        /// A body whose code this version does not know still reads: [`ErrorBody::code`] is `None`
        /// and [`ErrorBody::code_str`] keeps the string, so clients keep working when the API adds
        /// codes.
        ///
        /// The message never holds more than [`ErrorBody::MESSAGE_MAX_CHARS`] characters, the
        /// `maxLength` of the API's schema: a longer one is cut to fit, at a character boundary,
        /// and ends in `…`. Every constructor does this, and so does reading a body, so a body
        /// is always one that the schema accepts (its code aside, for codes this version does
        /// not know).
        #[cfg(feature = "alloc")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct ErrorBody {
            message: String,
            code: String,
            retry_after: Option<Duration>,
            #details_field
        }

        #[cfg(feature = "alloc")]
        impl ErrorBody {
            /// Most characters (Unicode scalar values, as JSON Schema counts them) of a message.
            pub const MESSAGE_MAX_CHARS: usize = #max_chars;

            /// A body for a known code with a human-readable message.
            pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
                ErrorBody::with_raw_code(code.as_str(), message)
            }

            /// A body with any code string, known to this version or not.
            pub fn with_raw_code(code: impl Into<String>, message: impl Into<String>) -> Self {
                ErrorBody {
                    message: fit_message(message.into()),
                    code: code.into(),
                    retry_after: None,
                    #details_init
                }
            }

            /// The body with the delay its response sends in `Retry-After`: how long the client
            /// should wait before retrying. It is sent in whole seconds, rounded up.
            pub fn with_retry_after(mut self, retry_after: Duration) -> Self {
                self.retry_after = Some(retry_after);
                self
            }

            /// The delay the response sends in `Retry-After`: the one given, else for a code that
            /// sends `Retry-After` the window of its policy, the longest a client waits for its
            /// quota to reset. `None` when the response sends none.
            ///
            /// This is the server's side. The delay travels in the header, not in the JSON, so a
            /// body a client reads has none given; clients read the server's delay with
            /// `headers::retry_after`. Equality and hashing count the delay given.
            pub fn retry_after(&self) -> Option<Duration> {
                self.retry_after.or_else(|| {
                    let code = self.code().filter(|code| code.sends_retry_after())?;
                    Some(code.rate_limit_policy()?.window())
                })
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

            #details_accessor

            /// The HTTP status of the code, or 500 for a code this version does not know.
            pub fn status(&self) -> u16 {
                self.code().map_or(500, ErrorCode::status)
            }
        }

        /// `message`, cut to [`ErrorBody::MESSAGE_MAX_CHARS`] characters when longer: its first
        /// characters and `…`.
        #[cfg(feature = "alloc")]
        fn fit_message(message: String) -> String {
            match message.char_indices().nth(ErrorBody::MESSAGE_MAX_CHARS - 1) {
                Some((cut, last)) if message.len() > cut + last.len_utf8() => {
                    let mut fitted = String::with_capacity(cut + '…'.len_utf8());
                    fitted.push_str(&message[..cut]);
                    fitted.push('…');
                    fitted
                }
                _ => message,
            }
        }

        #[cfg(feature = "alloc")]
        impl From<ErrorCode> for ErrorBody {
            #from_doc
            fn from(code: ErrorCode) -> Self {
                ErrorBody::new(code, #bare_message)
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

/// `Serialize` and `Deserialize`, written out so the crate needs no proc-macro to build; with
/// `details` when bodies carry them.
pub(super) fn serde_impls(parts: Parts) -> Result<Vec<Item>, EmitError> {
    let on = parts.details;
    let tokens = |tokens: TokenStream| if on { tokens } else { TokenStream::new() };
    let fields = if on {
        quote!(&["error", "code", "details"])
    } else {
        quote!(&["error", "code"])
    };
    let details_uses = tokens(quote! {
        use alloc::collections::BTreeMap;

        use crate::DetailValue;
    });
    let body_serialize = if on {
        quote! {
            let fields = if self.details().is_empty() { 2 } else { 3 };
            let mut body = serializer.serialize_struct("ErrorBody", fields)?;
            body.serialize_field("error", self.message())?;
            body.serialize_field("code", self.code_str())?;
            if !self.details().is_empty() {
                body.serialize_field("details", self.details())?;
            }
            body.end()
        }
    } else {
        quote! {
            let mut body = serializer.serialize_struct("ErrorBody", 2)?;
            body.serialize_field("error", self.message())?;
            body.serialize_field("code", self.code_str())?;
            body.end()
        }
    };
    let details_variant = tokens(quote!(Details,));
    let details_str = tokens(quote!("details" => Field::Details,));
    let details_bytes = tokens(quote!(b"details" => Field::Details,));
    let details_local = tokens(quote!(let mut details: Option<Details> = None;));
    let details_arms = tokens(quote! {
        Field::Details if details.is_some() => {
            return Err(de::Error::duplicate_field("details"));
        }
        Field::Details => details = Some(map.next_value()?),
    });
    let build = if on {
        quote! {
            let mut body = ErrorBody::with_raw_code(code, message);
            body.details = details.map(|details| details.0).unwrap_or_default();
            Ok(body)
        }
    } else {
        quote!(Ok(ErrorBody::with_raw_code(code, message)))
    };
    let details_impls = tokens(quote! {
        impl Serialize for DetailValue {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    DetailValue::Text(text) => serializer.serialize_str(text),
                    DetailValue::Integer(number) => serializer.serialize_i64(*number),
                }
            }
        }

        /// `details` as read: a value of another type than text or a whole number is left
        /// out, and so is `details` that is no object.
        struct Details(BTreeMap<String, DetailValue>);

        struct DetailsVisitor;

        impl<'de> Visitor<'de> for DetailsVisitor {
            type Value = Details;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of parameter values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Details, A::Error> {
                let mut details = BTreeMap::new();
                while let Some(name) = map.next_key::<String>()? {
                    if let Some(value) = map.next_value::<Detail>()?.0 {
                        details.insert(name, value);
                    }
                }
                Ok(Details(details))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Details, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Details(BTreeMap::new()))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Details, E> {
                Ok(Details(BTreeMap::new()))
            }
        }

        impl<'de> Deserialize<'de> for Details {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(DetailsVisitor)
            }
        }

        /// One value of `details` as read: `None` when it is neither text nor a whole number
        /// that fits in an `i64`. Text is cut to the message's maximum.
        struct Detail(Option<DetailValue>);

        struct DetailVisitor;

        impl<'de> Visitor<'de> for DetailVisitor {
            type Value = Detail;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a parameter value")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Detail, E> {
                Ok(Detail(Some(DetailValue::Text(crate::fit_text(text)))))
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Detail, E> {
                Ok(Detail(Some(DetailValue::Integer(number))))
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Detail, E> {
                Ok(Detail(i64::try_from(number).ok().map(DetailValue::Integer)))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Detail, E> {
                Ok(Detail(None))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Detail, E> {
                Ok(Detail(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Detail, E> {
                Ok(Detail(None))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Detail, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Detail(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Detail, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Detail(None))
            }
        }

        impl<'de> Deserialize<'de> for Detail {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(DetailVisitor)
            }
        }
    });
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

                #details_uses
                use crate::ErrorBody;

                const FIELDS: &[&str] = #fields;

                impl Serialize for ErrorBody {
                    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        #body_serialize
                    }
                }

                #details_impls

                enum Field {
                    Error,
                    Code,
                    #details_variant
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
                            #details_str
                            _ => Field::Other,
                        })
                    }

                    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Field, E> {
                        Ok(match name {
                            b"error" => Field::Error,
                            b"code" => Field::Code,
                            #details_bytes
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
                        #details_local
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
                                #details_arms
                                Field::Other => {
                                    map.next_value::<IgnoredAny>()?;
                                }
                            }
                        }
                        let message = message.ok_or_else(|| de::Error::missing_field("error"))?;
                        let code = code.ok_or_else(|| de::Error::missing_field("code"))?;
                        #build
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

/// `http` and `axum` integration: the status of a code, reading `Retry-After` for clients, and
/// `IntoResponse` for servers.
pub(super) fn server_impls(parts: Parts) -> Result<Vec<Item>, EmitError> {
    let code_response_doc = if parts.messages {
        quote! {
            /// The code's status with the envelope of [`ErrorBody::from`] the code (its message
            /// when that has no parameters, else its cause), and the headers of [`ErrorBody`]'s
            /// response.
        }
    } else {
        quote! {
            /// The code's status with an envelope whose message is the code's cause, and the
            /// headers of [`ErrorBody`]'s response.
        }
    };
    let max_retry_after = Literal::u64_unsuffixed(u64::from(MAX_RETRY_AFTER_SECONDS));
    let max_days = MAX_RETRY_AFTER_SECONDS / (24 * 60 * 60);
    let max_doc = format!(" The longest wait read from `Retry-After`, or sent: {max_days} days.");
    items(quote! {
        #[cfg(feature = "http")]
        impl From<ErrorCode> for http::StatusCode {
            /// The code's HTTP status.
            fn from(code: ErrorCode) -> Self {
                http::StatusCode::from_u16(code.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
            }
        }

        /// The headers of the API's rate limits, for clients: how long a response asks to wait.
        #[cfg(feature = "http")]
        pub mod headers {
            use core::time::Duration;
            use std::time::SystemTime;

            use http::header::{HeaderMap, HeaderName, RETRY_AFTER};

            /// `RateLimit-Policy`: the policies that apply ([`crate::RATE_LIMIT_POLICY`]).
            pub const RATE_LIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

            /// `RateLimit`: what is left of a policy's quota, `r` requests, and `t` the seconds
            /// until it resets.
            pub const RATE_LIMIT: HeaderName = HeaderName::from_static("ratelimit");

            #[doc = #max_doc]
            pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(#max_retry_after);

            /// How long the response with these headers asks to wait before retrying, from its
            /// one `Retry-After` header: delay-seconds, or an HTTP-date, measured from now (RFC
            /// 9110, section 10.2.3). A date in the past is no wait.
            ///
            /// `None` when there is no such header, or more than one, or it is no delay: not
            /// ASCII, negative, fractional, malformed, or longer than [`MAX_RETRY_AFTER`].
            pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
                retry_after_at(headers, SystemTime::now())
            }

            /// [`retry_after`], with an HTTP-date measured from `now` instead of the clock.
            pub fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
                let mut values = headers.get_all(RETRY_AFTER).iter();
                let value = values.next()?;
                if values.next().is_some() {
                    return None;
                }
                let text = value.to_str().ok()?.trim_matches([' ', '\t']);
                let delay = if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
                    Duration::from_secs(text.parse().ok()?)
                } else {
                    let date = httpdate::parse_http_date(text).ok()?;
                    date.duration_since(now).unwrap_or(Duration::ZERO)
                };
                (delay <= MAX_RETRY_AFTER).then_some(delay)
            }
        }

        #[cfg(feature = "axum")]
        mod axum_impls {
            use axum_core::response::{IntoResponse, Response};
            use http::header::{HeaderValue, CONTENT_TYPE, RETRY_AFTER};
            use http::StatusCode;

            use crate::headers::{MAX_RETRY_AFTER, RATE_LIMIT, RATE_LIMIT_POLICY};
            use crate::{ErrorBody, ErrorCode};

            /// Checked when the crate builds, so it cannot fail when a response is made.
            const POLICY: HeaderValue = HeaderValue::from_static(crate::RATE_LIMIT_POLICY);

            impl IntoResponse for ErrorBody {
                /// The code's status with the envelope as `application/json`; 500 for a code this
                /// version does not know.
                ///
                /// The headers: `RateLimit-Policy` with every policy, when the API has any; and
                /// when [`ErrorBody::retry_after`] gives a delay, `Retry-After` with it in whole
                /// seconds, rounded up (at most [`MAX_RETRY_AFTER`]), and for a code of a policy
                /// `RateLimit` saying that its quota is spent until then.
                fn into_response(self) -> Response {
                    let status = StatusCode::from_u16(self.status())
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    let json = match serde_json::to_vec(&self) {
                        Ok(json) => json,
                        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                    };
                    let mut response = (
                        status,
                        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
                        json,
                    )
                        .into_response();
                    let headers = response.headers_mut();
                    if !crate::RATE_LIMIT_POLICY.is_empty() {
                        headers.insert(RATE_LIMIT_POLICY, POLICY);
                    }
                    if let Some(delay) = self.retry_after() {
                        let seconds = delay
                            .as_secs()
                            .saturating_add(u64::from(delay.subsec_nanos() > 0))
                            .min(MAX_RETRY_AFTER.as_secs());
                        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
                        if let Some(policy) = self.code().and_then(ErrorCode::rate_limit_policy) {
                            let spent = alloc::format!("\"{}\";r=0;t={seconds}", policy.name());
                            if let Ok(value) = HeaderValue::try_from(spent) {
                                headers.insert(RATE_LIMIT, value);
                            }
                        }
                    }
                    response
                }
            }

            impl IntoResponse for ErrorCode {
                #code_response_doc
                fn into_response(self) -> Response {
                    ErrorBody::from(self).into_response()
                }
            }
        }
    })
}
