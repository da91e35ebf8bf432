//! Uses every public item of `api-errors` from outside its workspace, and exits non-zero if
//! anything disagrees with what the crate promises.

use std::str::FromStr;

use api_errors::{ErrorBody, ErrorCode, UnknownCode};

fn main() {
    let mut statuses = Vec::new();
    for &code in ErrorCode::ALL {
        // Display and FromStr agree with `as_str`.
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(ErrorCode::from_str(code.as_str()), Ok(code));
        assert_eq!(ErrorCode::from_code(code.as_str()), Some(code));
        assert!((400..600).contains(&code.status()));
        assert!(!code.cause().is_empty() && !code.remedy().is_empty());
        assert!(code.doc_url().ends_with(&format!("#{code}")));
        // `ErrorCode` alone is its string.
        let json = serde_json::to_string(&code).expect("a code serializes");
        assert_eq!(json, format!("\"{code}\""));
        assert_eq!(
            serde_json::from_str::<ErrorCode>(&json).expect("and reads back"),
            code
        );
        statuses.push(code.status());
    }

    // Parsing an unknown code names it.
    let unknown: UnknownCode = "added_later".parse::<ErrorCode>().unwrap_err();
    assert_eq!(unknown.code(), "added_later");
    let error: Box<dyn std::error::Error> = Box::new(unknown);
    assert_eq!(error.to_string(), "unknown error code `added_later`");
    assert!(serde_json::from_str::<ErrorCode>("\"added_later\"")
        .unwrap_err()
        .to_string()
        .contains("added_later"));

    // A client reads a known code and decides what to do. `ErrorCode` is non-exhaustive, so a
    // match needs a wildcard arm and keeps compiling when codes are added.
    let body: ErrorBody = serde_json::from_str(
        r#"{"error": "Slow down", "code": "rate_limited", "retry_after": 30}"#,
    )
    .expect("a known body reads");
    let advice = match body.code() {
        Some(ErrorCode::RateLimited) => "back off",
        Some(code) if code.is_retryable() => "retry",
        Some(_) => "fix the request",
        None => "unknown code",
    };
    assert_eq!(advice, "back off");
    assert_eq!(body.message(), "Slow down");
    assert_eq!(body.status(), 429);

    // A code added after this version still reads, and writes back unchanged.
    let newer: ErrorBody =
        serde_json::from_str(r#"{"error": "Something new", "code": "added_later"}"#)
            .expect("an unknown code reads");
    assert_eq!(newer.code(), None);
    assert_eq!(newer.code_str(), "added_later");
    assert_eq!(
        serde_json::to_string(&newer).expect("a body serializes"),
        r#"{"error":"Something new","code":"added_later"}"#
    );
    assert_eq!(
        newer,
        ErrorBody::with_raw_code("added_later", "Something new")
    );
    assert!(serde_json::from_str::<ErrorBody>(r#"{"code": "not_found"}"#).is_err());

    // A server builds bodies from codes.
    let first = ErrorCode::ALL[0];
    let body = ErrorBody::new(first, "Human-readable message");
    assert_eq!(body.code(), Some(first));
    assert_eq!(
        body.to_string(),
        format!("Human-readable message ({first})")
    );
    assert_eq!(ErrorBody::from(first).message(), first.cause());
    let error: Box<dyn std::error::Error> = Box::new(body);
    assert!(error.to_string().contains(first.as_str()));

    println!(
        "outside-consumer: {} codes, statuses {:?}: ok",
        ErrorCode::ALL.len(),
        statuses
    );
}
