//! Uses the generated `api-errors` crate with `serde` the way a server or client does: the build
//! whose cost docs/benchmarks.md compares with benches/handwritten-peer.

use api_errors::{ErrorBody, ErrorCode, UnknownCode};

/// Parses a code string, as a client reading a response does.
pub fn parse(code: &str) -> Result<ErrorCode, UnknownCode> {
    code.parse()
}

/// The status and body a server sends for a code.
pub fn reject(code: ErrorCode, message: &str) -> (u16, ErrorBody) {
    (code.status(), ErrorBody::new(code, message))
}

/// Everything the catalog says about a code, as a client shows it.
pub fn describe(code: ErrorCode) -> String {
    format!(
        "{code} ({}): {} / {} / retry: {} / {}",
        code.status(),
        code.cause(),
        code.remedy(),
        code.is_retryable(),
        code.doc_url()
    )
}

/// Both types serialize: a server hands them to its JSON encoder.
pub fn assert_serializable()
where
    ErrorCode: serde::Serialize + for<'de> serde::Deserialize<'de>,
    ErrorBody: serde::Serialize + for<'de> serde::Deserialize<'de>,
{
}
