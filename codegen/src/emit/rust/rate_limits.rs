//! Stage 4, emit: the rate-limit parts of the generated crate: `RateLimitPolicy` with one
//! constant per policy of the catalog, the `RATE_LIMIT_POLICY` header value, and the
//! constructors of `ErrorBody` that take the `Retry-After` delay of the codes that send it.

use proc_macro2::Literal;
use quote::{format_ident, quote};
use syn::Item;

use super::doc_text::doc_text;
use super::syntax::{constructor_ident, ident, items, parse};
use crate::emit::EmitError;
use crate::model::{Catalog, RateLimitPolicy};

/// The constant naming a policy: `production` → `PRODUCTION`.
fn constant(policy: &RateLimitPolicy) -> Result<proc_macro2::Ident, EmitError> {
    ident(&policy.constant())
}

/// `struct RateLimitPolicy`, its constants and accessors, and `RATE_LIMIT_POLICY`.
pub(super) fn policies(catalog: &Catalog) -> Result<Vec<Item>, EmitError> {
    let constants = catalog
        .rate_limits
        .iter()
        .map(|policy| {
            let name = constant(policy)?;
            let doc = format!(" `{}`: {}.", policy.name, doc_text(&policy.describe()));
            let (policy_name, scope, item) = (&policy.name, &policy.scope, policy.header_item());
            let requests = Literal::u32_unsuffixed(policy.requests);
            let window = Literal::u32_unsuffixed(policy.window);
            Ok(quote! {
                #[doc = #doc]
                pub const #name: RateLimitPolicy = RateLimitPolicy {
                    name: #policy_name,
                    requests: #requests,
                    window: #window,
                    scope: #scope,
                    item: #item,
                };
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let all = catalog
        .rate_limits
        .iter()
        .map(constant)
        .collect::<Result<Vec<_>, EmitError>>()?;
    let field = catalog.rate_limit_policy_field();
    items(quote! {
        /// A rate-limit policy of the API: how many requests it accepts per window, and what it
        /// counts them per. Each policy of the catalog is a constant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct RateLimitPolicy {
            name: &'static str,
            requests: u32,
            window: u32,
            scope: &'static str,
            item: &'static str,
        }

        impl RateLimitPolicy {
            #(#constants)*

            /// Every policy, in catalog order.
            pub const ALL: &'static [RateLimitPolicy] = &[#(RateLimitPolicy::#all),*];

            /// The policy's name, as the `RateLimit-Policy` and `RateLimit` headers give it.
            pub const fn name(&self) -> &'static str {
                self.name
            }

            /// How many requests the policy allows per window.
            pub const fn requests(&self) -> u32 {
                self.requests
            }

            /// The window the requests are counted over.
            pub const fn window(&self) -> Duration {
                Duration::from_secs(self.window as u64)
            }

            /// What requests are counted per, as the error reference says it.
            pub const fn scope(&self) -> &'static str {
                self.scope
            }

            /// The policy as an item of the `RateLimit-Policy` header: its name, `q` the quota
            /// and `w` the window in seconds (draft-ietf-httpapi-ratelimit-headers).
            pub const fn header_item(&self) -> &'static str {
                self.item
            }
        }

        /// The value of the `RateLimit-Policy` header: every policy's [`RateLimitPolicy::header_item`],
        /// joined by `, `; empty when the API has none. With the `axum` feature every error
        /// response carries it; servers may send it with successful responses too.
        pub const RATE_LIMIT_POLICY: &str = #field;
    })
}

/// `impl ErrorBody` with a constructor per code that sends `Retry-After`, which takes the delay
/// so that it cannot be forgotten; `None` when no code sends it.
pub(super) fn constructors(catalog: &Catalog) -> Result<Option<Item>, EmitError> {
    let constructors = catalog
        .codes
        .iter()
        // A code with parameters gets its constructor with the others that take values
        // (`super::messages`), and the delay after them.
        .filter(|code| code.retry_after && !code.is_retired() && code.params().is_empty())
        .map(|code| {
            let name = constructor_ident(&code.code)?;
            let variant = format_ident!("{}", code.variant);
            let (said, message) = if code.message.is_some() {
                ("message", quote!(ErrorCode::#variant.message()))
            } else {
                ("cause", quote!(ErrorCode::#variant.cause()))
            };
            let doc = format!(
                " A `{}` body (HTTP {}) whose response tells the client to retry after \
                 `retry_after`; its message is the code's {said}.",
                code.code, code.status
            );
            let deprecated = code.deprecation().map(|_| {
                let note = format!("`{}` is deprecated", code.code);
                quote!(#[deprecated(note = #note)])
            });
            Ok(quote! {
                #[doc = #doc]
                #deprecated
                #[allow(deprecated)]
                pub fn #name(retry_after: Duration) -> Self {
                    ErrorBody::new(ErrorCode::#variant, #message)
                        .with_retry_after(retry_after)
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    if constructors.is_empty() {
        return Ok(None);
    }
    Ok(Some(parse(quote! {
        /// The constructors of the codes whose responses carry `Retry-After`.
        #[cfg(feature = "alloc")]
        impl ErrorBody {
            #(#constructors)*
        }
    })?))
}
