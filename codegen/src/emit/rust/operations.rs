//! Stage 4, emit: one error enum per operation of the catalog (`GetSessionError`), holding only
//! the codes that operation may return, so that a handler typed `Result<T, GetSessionError>`
//! cannot return a code its operation does not document. Each converts into `ErrorCode` and
//! `ErrorBody`, and is an axum response.
//!
//! The enums are exhaustive on purpose: a client that matches on an operation's errors learns
//! from the compiler when the operation gains one.

use proc_macro2::Ident;
use quote::quote;
use syn::Item;

use super::doc_text::doc_text;
use super::syntax::{doc_lines, ident, items};
use crate::emit::EmitError;
use crate::model::{Catalog, Code, Operation};

/// The enum of the operation at `index` and its impls. The first operation's enum shows, in its
/// docs, what the compiler refuses.
pub(super) fn operation_items(catalog: &Catalog, index: usize) -> Result<Vec<Item>, EmitError> {
    let operation = &catalog.operations[index];
    let examples = if index == 0 {
        examples(catalog, operation, &catalog.package.crate_ident())
    } else {
        Vec::new()
    };
    operation_enum(catalog, operation, &examples)
}

fn operation_enum(
    catalog: &Catalog,
    operation: &Operation,
    examples: &[String],
) -> Result<Vec<Item>, EmitError> {
    let name = ident(&operation.enum_name())?;
    let codes: Vec<&Code> = catalog.operation_codes(operation).collect();
    let variants = codes
        .iter()
        .map(|code| ident(&code.variant))
        .collect::<Result<Vec<Ident>, EmitError>>()?;
    let variant_docs = codes.iter().map(|code| {
        format!(
            " `{}`: HTTP {}. {}",
            code.code,
            code.status,
            doc_text(&code.cause)
        )
    });
    let deprecated = codes.iter().map(|code| {
        code.deprecation()
            .map(|_| quote!(#[deprecated(note = "the catalog deprecates this code")]))
    });
    let summary = format!(
        " The errors of `{}` (`{}`): the codes it may return, and no other.",
        operation.id,
        doc_text(&operation.route())
    );
    let body_doc = if catalog.codes.iter().any(|code| code.message.is_some()) {
        " The body of the bare code, as `ErrorBody::from` the code makes it: without the values \
         of a message's parameters."
    } else {
        " A body whose message is the code's cause."
    };
    items(quote! {
        #[doc = #summary]
        ///
        /// A handler typed `Result<T, Self>` can return only these codes. The enum is exhaustive:
        /// when the operation gains a code, a `match` on it stops compiling until it handles
        /// the new one.
        #(#[doc = #examples])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #deprecated
                #variants,
            )*
        }

        #[allow(deprecated)]
        impl #name {
            /// Every code of the operation, in catalog order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];

            /// The code.
            pub fn code(self) -> ErrorCode {
                match self {
                    #(#name::#variants => ErrorCode::#variants,)*
                }
            }
        }

        impl From<#name> for ErrorCode {
            fn from(error: #name) -> ErrorCode {
                error.code()
            }
        }

        impl fmt::Display for #name {
            /// Writes the code string, such as `not_found`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.code(), f)
            }
        }

        #[cfg(feature = "alloc")]
        impl From<#name> for ErrorBody {
            #[doc = #body_doc]
            fn from(error: #name) -> ErrorBody {
                ErrorBody::from(error.code())
            }
        }

        #[cfg(feature = "axum")]
        impl axum_core::response::IntoResponse for #name {
            /// The response of the code: its status, the envelope and the rate-limit headers.
            fn into_response(self) -> axum_core::response::Response {
                axum_core::response::IntoResponse::into_response(self.code())
            }
        }
    })
}

/// Doc lines with two examples for `operation`'s enum: a handler that returns one of its codes,
/// which compiles, and one that returns a code of another operation, which must not. No example
/// when the operation may return every code, or none of them is current.
fn examples(catalog: &Catalog, operation: &Operation, crate_name: &str) -> Vec<String> {
    let name = operation.enum_name();
    let own = catalog
        .operation_codes(operation)
        .find(|code| code.is_current());
    let other = catalog
        .codes
        .iter()
        .enumerate()
        .find(|(index, code)| code.is_current() && !operation.codes.contains(index))
        .map(|(_, code)| code);
    let (Some(own), Some(other)) = (own, other) else {
        return Vec::new();
    };
    let (own_variant, other_variant) = (&own.variant, &other.variant);
    let text = format!(
        "\n```\n\
         use {crate_name}::{{ErrorCode, {name}}};\n\n\
         fn handler() -> Result<(), {name}> {{\n    \
         Err({name}::{own_variant})\n\
         }}\n\n\
         assert_eq!(ErrorCode::from(handler().unwrap_err()), ErrorCode::{own_variant});\n\
         ```\n\n\
         `{other}` is not one of `{id}`'s codes, so this does not compile (E0599, no such\n\
         variant):\n\n\
         ```compile_fail,E0599\n\
         use {crate_name}::{name};\n\n\
         fn handler() -> Result<(), {name}> {{\n    \
         Err({name}::{other_variant})\n\
         }}\n\
         ```",
        other = other.code,
        id = operation.id,
    );
    doc_lines(&text).collect()
}
