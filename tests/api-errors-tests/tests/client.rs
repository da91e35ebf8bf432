//! What a Rust client sees: bodies decode forward-compatibly, and `ErrorCode` alone
//! (de)serializes as its string.

use api_errors::{ErrorBody, ErrorCode};
use serde_json::json;

#[test]
fn a_known_code_decodes_to_its_variant() {
    let body: ErrorBody =
        serde_json::from_str(r#"{"error": "Slow down", "code": "rate_limited"}"#).unwrap();
    assert_eq!(body.code(), Some(ErrorCode::RateLimited));
    assert_eq!(body.code_str(), "rate_limited");
    assert_eq!(body.message(), "Slow down");
    assert_eq!(body.status(), 429);
}

#[test]
fn an_unknown_code_still_decodes_and_keeps_its_string() {
    let text = r#"{"error": "Something new", "code": "added_later"}"#;
    let body: ErrorBody = serde_json::from_str(text).unwrap();
    assert_eq!(body.code(), None);
    assert_eq!(body.code_str(), "added_later");
    assert_eq!(body.message(), "Something new");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"error": "Something new", "code": "added_later"}),
        "serializing again gives the same code back"
    );
    assert_eq!(
        serde_json::from_value::<ErrorBody>(serde_json::to_value(&body).unwrap()).unwrap(),
        body
    );
}

#[test]
fn extra_fields_are_ignored() {
    let text = r#"{
        "request_id": "req_123",
        "error": "Nope",
        "details": {"field": ["a", 1, null]},
        "code": "not_found",
        "retry_after": 30
    }"#;
    let body: ErrorBody = serde_json::from_str(text).unwrap();
    assert_eq!(body, ErrorBody::new(ErrorCode::NotFound, "Nope"));
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"error":"Nope","code":"not_found"}"#
    );
}

#[test]
fn a_body_missing_a_field_is_an_error_naming_it() {
    for (text, field) in [
        (r#"{"code": "not_found"}"#, "error"),
        (r#"{"error": "Nope"}"#, "code"),
        (r#"{}"#, "error"),
    ] {
        let error = serde_json::from_str::<ErrorBody>(text).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(&format!("missing field `{field}`")),
            "{text}: {error}"
        );
    }
}

#[test]
fn a_non_string_field_is_an_error() {
    for text in [
        r#"{"error": 1, "code": "not_found"}"#,
        r#"{"error": null, "code": "not_found"}"#,
        r#"{"error": "Nope", "code": 404}"#,
        r#"{"error": "Nope", "code": null}"#,
        r#"{"error": "Nope", "code": ["not_found"]}"#,
        r#"{"error": {"message": "Nope"}, "code": "not_found"}"#,
    ] {
        let error = serde_json::from_str::<ErrorBody>(text).unwrap_err();
        assert!(
            error.to_string().contains("invalid type"),
            "{text}: {error}"
        );
    }
}

#[test]
fn a_duplicate_field_or_a_non_object_is_an_error() {
    assert!(serde_json::from_str::<ErrorBody>(
        r#"{"error": "a", "code": "not_found", "code": "unauthorized"}"#
    )
    .is_err());
    assert!(serde_json::from_str::<ErrorBody>(r#""not_found""#).is_err());
    assert!(serde_json::from_str::<ErrorBody>("null").is_err());
}

#[test]
fn every_code_serializes_as_its_string_and_back() {
    for &code in ErrorCode::ALL {
        let value = serde_json::to_value(code).unwrap();
        assert_eq!(value, json!(code.as_str()));
        assert_eq!(serde_json::from_value::<ErrorCode>(value).unwrap(), code);
        let body = ErrorBody::new(code, "message");
        let round_trip: ErrorBody =
            serde_json::from_str(&serde_json::to_string(&body).unwrap()).unwrap();
        assert_eq!(round_trip, body);
        assert_eq!(round_trip.code(), Some(code));
    }
}

#[test]
fn error_code_works_inside_other_types() {
    let codes: Vec<ErrorCode> =
        serde_json::from_str(r#"["unauthorized", "rate_limited"]"#).unwrap();
    assert_eq!(codes, [ErrorCode::Unauthorized, ErrorCode::RateLimited]);
    let by_code: std::collections::BTreeMap<ErrorCode, u32> =
        serde_json::from_str(r#"{"not_found": 2, "invalid_mode": 1}"#).unwrap();
    assert_eq!(by_code[&ErrorCode::NotFound], 2);
    assert_eq!(
        serde_json::to_string(&by_code).unwrap(),
        r#"{"not_found":2,"invalid_mode":1}"#
    );
}

#[test]
fn an_unknown_code_string_is_a_serde_error_naming_it() {
    let error = serde_json::from_str::<ErrorCode>(r#""added_later""#).unwrap_err();
    assert!(error.to_string().contains("`added_later`"), "{error}");
    let error = serde_json::from_str::<ErrorCode>("404").unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}
