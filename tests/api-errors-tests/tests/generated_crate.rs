//! The committed `api-errors` crate agrees with the catalog it was generated from, as
//! `error_catalog::load` reads it: every code, in catalog order, round-trips through `FromStr`,
//! `Display` and serde, and carries the catalog's status, cause, remedy and retryability.
//!
//! (It lives with the generated crate's other tests, so that `error-catalog` itself needs no
//! generated crate to build and run its tests.)

#[path = "../../../codegen/tests/support/mod.rs"]
mod support;

use api_errors::{ErrorBody, ErrorCode, RateLimitPolicy};

#[test]
fn every_code_matches_the_catalog_in_catalog_order() {
    let catalog = support::load(&support::repo_catalog_path());
    let generated: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    let cataloged: Vec<&str> = catalog
        .codes
        .iter()
        .map(|entry| entry.code.as_str())
        .collect();
    assert_eq!(
        generated, cataloged,
        "ErrorCode::ALL differs from the catalog's codes"
    );
    for (&code, entry) in ErrorCode::ALL.iter().zip(&catalog.codes) {
        let name = entry.code.as_str();
        assert_eq!(code.status(), entry.status, "{name}: status");
        assert_eq!(code.cause(), entry.cause.as_str(), "{name}: cause");
        assert_eq!(code.remedy(), entry.remedy.as_str(), "{name}: remedy");
        assert_eq!(code.is_retryable(), entry.retryable, "{name}: retryable");
        assert_eq!(
            code.rate_limit_policy().map(|policy| policy.name()),
            entry.rate_limit.as_deref(),
            "{name}: rate-limit policy"
        );
        assert_eq!(
            code.sends_retry_after(),
            entry.retry_after,
            "{name}: Retry-After"
        );
    }
}

#[test]
fn every_rate_limit_policy_matches_the_catalog_in_catalog_order() {
    let catalog = support::load(&support::repo_catalog_path());
    let generated: Vec<(&str, u32, u64, &str)> = RateLimitPolicy::ALL
        .iter()
        .map(|policy| {
            (
                policy.name(),
                policy.requests(),
                policy.window().as_secs(),
                policy.scope(),
            )
        })
        .collect();
    let cataloged: Vec<(&str, u32, u64, &str)> = catalog
        .rate_limits
        .iter()
        .map(|policy| {
            (
                policy.name.as_str(),
                policy.requests,
                u64::from(policy.window),
                policy.scope.as_str(),
            )
        })
        .collect();
    assert_eq!(generated, cataloged);
    assert_eq!(
        api_errors::RATE_LIMIT_POLICY,
        catalog.rate_limit_policy_field()
    );
    assert_eq!(
        ErrorBody::MESSAGE_MAX_CHARS,
        catalog.body.message_max_length as usize
    );
}

#[test]
fn every_code_round_trips_through_from_str_and_display() {
    for &code in ErrorCode::ALL {
        let text = code.to_string();
        assert_eq!(text, code.as_str());
        assert_eq!(text.parse::<ErrorCode>().ok(), Some(code), "{text}");
    }
    let error = "no_such_code"
        .parse::<ErrorCode>()
        .expect_err("an unknown code does not parse");
    assert!(
        error.to_string().contains("no_such_code"),
        "the error does not name the unknown code: {error}"
    );
    let error: &dyn std::error::Error = &error;
    assert!(error.source().is_none());
}

#[test]
fn every_code_round_trips_through_serde_json() {
    for &code in ErrorCode::ALL {
        let json = serde_json::to_string(&code).expect("serialize a code");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: ErrorCode = serde_json::from_str(&json).expect("deserialize a code");
        assert_eq!(back, code);

        let body = ErrorBody::new(code, "Human-readable message");
        let json = serde_json::to_value(&body).expect("serialize a body");
        assert_eq!(
            json,
            serde_json::json!({"error": "Human-readable message", "code": code.as_str()})
        );
        let back: ErrorBody = serde_json::from_value(json).expect("deserialize a body");
        assert_eq!(back.code(), Some(code));
        assert_eq!(back.code_str(), code.as_str());
        assert_eq!(back.message(), "Human-readable message");
    }
    assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
}

#[test]
fn the_envelope_needs_both_fields_and_keeps_unknown_codes() {
    let first = ErrorCode::ALL[0].as_str();
    for json in [
        serde_json::json!({"error": "message"}),
        serde_json::json!({"code": first}),
        serde_json::json!({}),
    ] {
        assert!(
            serde_json::from_value::<ErrorBody>(json.clone()).is_err(),
            "{json} deserializes"
        );
    }
    let newer: ErrorBody =
        serde_json::from_value(serde_json::json!({"error": "message", "code": "added_later"}))
            .expect("a body with an unknown code deserializes");
    assert_eq!(newer.code(), None);
    assert_eq!(newer.code_str(), "added_later");
}

/// Each operation's enum holds exactly the codes the catalog lists for it, common ones included,
/// in catalog order; and converts to them.
#[test]
fn every_operation_enum_holds_its_codes() {
    use api_errors::{DeleteSessionError, GetSessionBodyError, GetSessionError, PutSessionError};

    let catalog = support::load(&support::repo_catalog_path());
    let codes_of = |id: &str| -> Vec<&str> {
        let operation = catalog
            .operations
            .iter()
            .find(|operation| operation.id == id)
            .unwrap_or_else(|| panic!("the catalog has `{id}`"));
        catalog
            .operation_codes(operation)
            .map(|code| code.code.as_str())
            .collect()
    };
    fn strings<E: Copy + Into<ErrorCode>>(all: &[E]) -> Vec<&'static str> {
        all.iter().map(|&error| error.into().as_str()).collect()
    }
    assert_eq!(strings(GetSessionError::ALL), codes_of("getSession"));
    assert_eq!(strings(PutSessionError::ALL), codes_of("putSession"));
    assert_eq!(strings(DeleteSessionError::ALL), codes_of("deleteSession"));
    assert_eq!(
        strings(GetSessionBodyError::ALL),
        codes_of("getSessionBody")
    );
    assert_eq!(
        catalog.operations.len(),
        4,
        "a new operation needs a line here"
    );
    let body = ErrorBody::from(GetSessionError::NotFound);
    assert_eq!(body.code(), Some(ErrorCode::NotFound));
    assert_eq!(body.message(), ErrorCode::NotFound.cause());
    assert_eq!(GetSessionError::NotFound.to_string(), "not_found");
}
