//! Stage 4, emit: the crate docs and the doc examples: each example names the catalog's crate and
//! the code that [`Catalog::example_code`] picks, so it runs as a doctest on any catalog.

use syn::Attribute;

use super::doc_text::doc_text;
use super::messages::Parts;
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
pub(super) fn crate_docs(catalog: &Catalog, parts: Parts) -> Vec<Attribute> {
    doc_lines(&crate_docs_text(catalog, parts))
        .map(|line| inner_doc(&line))
        .collect()
}

fn crate_docs_text(catalog: &Catalog, parts: Parts) -> String {
    let crate_name = catalog.package.crate_ident();
    let first = catalog.example_code();
    let variant = first.variant.as_str();
    let code = first.code.as_str();
    let status = first.status;
    let title = doc_text(&catalog.page.title);
    let url = catalog.page.url.as_str();
    let newer = unknown_code(catalog);
    let rate_limits = rate_limits_docs(catalog);
    let messages = super::messages::crate_docs_section(catalog, parts);
    let params_compatibility = if parts.params {
        "\n- **Adding, removing or renaming a parameter** of a code's message, or **changing its\n  \
         type**, is a major release: the code's constructor takes other arguments, so servers'\n  \
         calls stop compiling (and with `details`, clients read other values); parameters on a\n  \
         code that had no constructor add one, a minor release. Adding a value to a `one_of`\n  \
         parameter is a minor one (its enum is `#[non_exhaustive]`), or a major one with\n  \
         `details` (older clients cannot read it back), and rewording the fixed text around the\n  \
         placeholders a patch."
    } else {
        ""
    };
    let operations = match catalog.operations.first() {
        Some(first) => format!(
            "- An error enum per operation of the API, such as [`{}`], holding only the codes the\n  \
             operation may return: a handler typed `Result<T, {}>` cannot return another.\n",
            first.enum_name(),
            first.enum_name()
        ),
        None => String::new(),
    };
    format!(
        r##"The API's error codes and its JSON error envelope, generated from its error catalog.

The same catalog generates the [{title}]({url}) reference page and the API's OpenAPI error
responses, so the three never disagree. Do not edit this crate by hand: change the catalog and
run `cargo xtask codegen`.

- [`ErrorCode`]: every code, with its string, HTTP status, cause, remedy and documentation link.
- [`ErrorBody`]: the envelope `{{"error": "…", "code": "…"}}`, which also reads codes this
  version does not know.
{operations}
# Features

- `std` (default): implies `alloc`. Without default features the crate is `#![no_std]`.
- `alloc`: [`ErrorBody`], which owns its strings.
- `serde`: `Serialize` and `Deserialize` for [`ErrorCode`] (as its string) and [`ErrorBody`].
  The impls are written out, not derived: no proc-macro crate is built.
- `http` (implies `std`): `From<ErrorCode> for http::StatusCode`, and the `headers` module,
  which reads `Retry-After` for clients.
- `axum` (implies `http` and `serde`): `IntoResponse` for [`ErrorCode`] and [`ErrorBody`]: the
  code's status, `content-type: application/json`, the envelope and the rate-limit headers.

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

{messages}{rate_limits}# Compatibility

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
- **Adding a code to an operation** (or to the codes every operation returns) or **removing
  one** is a major release: the operation's enum is exhaustive, so clients' `match`es and
  servers' returns stop compiling. So is deleting or moving an operation; a new one is minor.
- **A stricter rate limit**, a deleted policy, a code that **stops sending `Retry-After`** (its
  constructor goes),
  or a **longer message maximum** (clients validating against the older schema reject longer
  messages) is a major release. A looser limit, a new policy or a code that starts sending
  `Retry-After` is a minor one.{params_compatibility}

The order of [`ErrorCode::ALL`], which `Ord` follows, is the catalog's order; it is not part
of the compatibility promise."##
    )
}

/// The "Rate limits" section: the policies, the message's maximum, and examples of a server
/// sending a delay and a client reading it, when a code sends `Retry-After`.
fn rate_limits_docs(catalog: &Catalog) -> String {
    let crate_name = catalog.package.crate_ident();
    let max = catalog.body.message_max_length;
    let mut text = format!(
        "# Rate limits and message length\n\n\
         [`RateLimitPolicy`] has a constant for each of the API's rate-limit policies, and\n\
         [`RATE_LIMIT_POLICY`] is the `RateLimit-Policy` header that names them all. A message\n\
         holds at most [`ErrorBody::MESSAGE_MAX_CHARS`] ({max}) characters, the `maxLength` of the\n\
         API's schema: longer ones are cut to fit.\n\n"
    );
    let Some((code, policy)) = catalog.retry_after_example() else {
        return text;
    };
    let constructor = crate::naming::constructor_name(&code.code);
    // A code with parameters takes their values before the delay.
    let values: String = super::messages::example_args(&crate_name, code)
        .into_iter()
        .map(|value| value + ", ")
        .collect();
    let variant = &code.variant;
    let window = policy.window;
    let name = &policy.name;
    text.push_str(&format!(
        r##"The responses of the codes that send `Retry-After` say how long to wait. Their constructors
take the delay; a body made from the bare code waits its policy's whole window:

```
# #[cfg(feature = "alloc")] {{
use core::time::Duration;
use {crate_name}::{{ErrorBody, ErrorCode}};

let body = ErrorBody::{constructor}({values}Duration::from_secs(7));
assert_eq!(body.retry_after(), Some(Duration::from_secs(7)));
assert_eq!(
    ErrorBody::from(ErrorCode::{variant}).retry_after(),
    Some(Duration::from_secs({window})),
);
# }}
```

With the `axum` feature, the response carries `Retry-After` and `RateLimit` (no request left
until the quota resets), and every error response carries `RateLimit-Policy`. With `http`, a
client reads the delay back, from delay-seconds or an HTTP-date:

```
# #[cfg(feature = "axum")] {{
use core::time::Duration;
use axum_core::response::IntoResponse;
use {crate_name}::ErrorBody;

let response = ErrorBody::{constructor}({values}Duration::from_millis(6_500)).into_response();
assert_eq!(response.headers()["retry-after"], "7");
assert_eq!(response.headers()["ratelimit"], r#""{name}";r=0;t=7"#);
assert_eq!(
    {crate_name}::headers::retry_after(response.headers()),
    Some(Duration::from_secs(7)),
);
# }}
```

"##
    ));
    text
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
