//! The base of every stage, naming: how catalog codes become names in the outputs.

/// Whether `code` matches `^[a-z][a-z0-9]*(_[a-z0-9]+)*$`.
pub fn is_snake_case(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.split('_').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The Rust variant name of a snake_case code: `rate_limited` → `RateLimited`.
pub fn variant_name(code: &str) -> String {
    code.split('_').map(capitalized).collect()
}

/// `word` with its first letter in upper case: `session` → `Session`.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// The PascalCase name of an operation, from its camelCase `operationId`: `getSession` →
/// `GetSession`. Its error enum is `GetSessionError`, its OpenAPI responses `GetSessionNotFound`.
pub fn operation_type_name(operation_id: &str) -> String {
    capitalized(operation_id)
}

/// Names a code may not take once it gets a constructor of its own on the generated crate's
/// `ErrorBody` (`ErrorBody::rate_limited(delay)`): the type's other associated items; the
/// functions of the traits it implements, which an inherent function of the same name would hide
/// from `ErrorBody::from(code)`-style calls; and the words Rust allows in no identifier, not even
/// a raw one.
pub const TAKEN_BODY_NAMES: &[&str] = &[
    "new",
    "with_raw_code",
    "code",
    "code_str",
    "message",
    "status",
    "retry_after",
    "with_retry_after",
    "details",
    "from",
    "into",
    "try_from",
    "try_into",
    "clone",
    "fmt",
    "to_string",
    "eq",
    "ne",
    "hash",
    "serialize",
    "deserialize",
    "into_response",
    "source",
    "description",
    "cause",
    "provide",
    "clone_from",
    "to_owned",
    "type_id",
    "self",
    "super",
    "crate",
];

/// The name of the `ErrorBody` constructor of a code: the code itself, `r#`-prefixed when it
/// is a Rust keyword (`r#type`), so every snake_case code not in [`TAKEN_BODY_NAMES`] has one.
pub fn constructor_name(code: &str) -> String {
    if syn_keyword(code) {
        format!("r#{code}")
    } else {
        code.to_owned()
    }
}

/// Whether `word` is a Rust keyword, which syn's identifier parser refuses.
fn syn_keyword(word: &str) -> bool {
    syn::parse_str::<syn::Ident>(word).is_err()
}

/// The OpenAPI response name of an HTTP status: its reason phrase in PascalCase
/// (`429` → `TooManyRequests`), or `Status{code}` for a status without a registered reason.
pub fn response_name(status: u16) -> String {
    match reason_phrase(status) {
        Some(reason) => reason
            .split([' ', '-'])
            .filter(|word| !word.is_empty())
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                })
            })
            .collect(),
        None => format!("Status{status}"),
    }
}

/// The IANA reason phrase of a status, if it has one.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    http::StatusCode::from_u16(status).ok()?.canonical_reason()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_follows_the_pattern() {
        for good in ["a", "rate_limited", "ab_1c", "e404", "x_2_y"] {
            assert!(is_snake_case(good), "{good}");
        }
        for bad in ["", "_a", "a_", "a__b", "1a", "Rate", "a-b", "a b", "é"] {
            assert!(!is_snake_case(bad), "{bad}");
        }
    }

    #[test]
    fn variants_are_pascal_case() {
        assert_eq!(variant_name("rate_limited"), "RateLimited");
        assert_eq!(variant_name("ab1c"), variant_name("ab_1c"));
        assert_eq!(variant_name("self"), "Self");
    }

    #[test]
    fn constructors_are_raw_when_keywords() {
        assert_eq!(constructor_name("rate_limited"), "rate_limited");
        assert_eq!(constructor_name("type"), "r#type");
        for name in ["rate_limited", "r#type", "r#async"] {
            let name = constructor_name(name.trim_start_matches("r#"));
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name}");
        }
    }

    #[test]
    fn responses_are_named_by_reason() {
        assert_eq!(response_name(422), "UnprocessableEntity");
        assert_eq!(response_name(429), "TooManyRequests");
        assert_eq!(response_name(404), "NotFound");
        assert_eq!(response_name(499), "Status499");
    }
}
