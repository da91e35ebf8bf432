//! Stage 4, emit: the crate docs and the doc examples: each example names the catalog's crate and
//! the code that [`Catalog::example_code`] picks, so it runs as a doctest on any catalog.

use syn::Attribute;

use super::doc_text::doc_text;
use super::syntax::{doc, doc_lines, inner_doc};
use crate::model::Catalog;

/// The doc attributes whose examples name the crate or a code.
pub(super) struct Examples {
    /// `ErrorCode::as_str`.
    pub as_str: Vec<Attribute>,
    /// `ErrorCode::status`.
    pub status: Vec<Attribute>,
    /// `ErrorCode::doc_url`.
    pub doc_url: Vec<Attribute>,
    /// `ErrorCode::from_code`.
    pub from_code: Vec<Attribute>,
    /// Only the example, which follows `UnknownCode`'s own text.
    pub unknown_code: Vec<Attribute>,
}

impl Examples {
    pub(super) fn new(catalog: &Catalog) -> Self {
        let crate_name = catalog.package.crate_ident();
        let first = catalog.example_code();
        let variant = first.variant.as_str();
        let code = first.code.as_str();
        let status = first.status;
        let doc_url = first.doc_url.as_str();
        let example = |summary: &str, body: &str| -> Vec<Attribute> {
            let example = format!("```\nuse {crate_name}::ErrorCode;\n\n{body}\n```");
            let text = match summary {
                "" => example,
                summary => format!("{summary}\n\n{example}"),
            };
            doc_lines(&text).map(|line| doc(&line)).collect()
        };
        Examples {
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

/// The crate-level documentation, with a server and a client example that run as doctests, as
/// `//!` attributes.
pub(super) fn crate_docs(catalog: &Catalog) -> Vec<Attribute> {
    doc_lines(&crate_docs_text(catalog))
        .map(|line| inner_doc(&line))
        .collect()
}

fn crate_docs_text(catalog: &Catalog) -> String {
    let crate_name = catalog.package.crate_ident();
    let first = catalog.example_code();
    let variant = first.variant.as_str();
    let code = first.code.as_str();
    let status = first.status;
    let title = doc_text(&catalog.page.title);
    let url = catalog.page.url.as_str();
    let newer = unknown_code(catalog);
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
    serde_json::from_str(r#"{{"error": "Something new", "code": "{newer}"}}"#).unwrap();
assert_eq!(newer.code(), None);
assert_eq!(newer.code_str(), "{newer}");
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

/// A snake_case code that the catalog does not have, for the example of a code added later:
/// `added_later`, unless the catalog has that one too.
fn unknown_code(catalog: &Catalog) -> String {
    let taken = |candidate: &str| catalog.codes.iter().any(|code| code.code == candidate);
    let mut candidate = "added_later".to_owned();
    while taken(&candidate) {
        candidate.push_str("_too");
    }
    candidate
}
