//! A server and a client of a parameterized code, with `details` on (`with_details`) and off
//! (`without_details`): a body built by the code's constructor, written as JSON and read back.
//! Exits non-zero if anything disagrees with what the crates promise.

use with_details::params::unsupported_format::{Details, Format};

fn main() {
    details_on();
    details_off();
    println!("message-consumer: ok");
}

fn details_on() {
    use with_details::{DetailValue, ErrorBody, ErrorCode};

    // The server: typed values in, the catalog's template out, every value by name.
    let body = ErrorBody::unsupported_format(Format::Parquet, "invoices");
    let json = serde_json::to_string(&body).unwrap();
    assert_eq!(
        json,
        r#"{"error":"Format parquet is not supported for {exports} of type invoices","code":"unsupported_format","details":{"format":"parquet","type":"invoices"}}"#
    );

    // The client reads it back, typed.
    let read: ErrorBody = serde_json::from_str(&json).unwrap();
    assert_eq!(read, body);
    assert_eq!(read.code(), Some(ErrorCode::UnsupportedFormat));
    let details = Details::from_body(&read).expect("the details read back");
    assert_eq!(details.format, Format::Parquet);
    assert_eq!(details.r#type, "invoices");
    assert_eq!(
        read.details().get("type"),
        Some(&DetailValue::Text("invoices".to_owned()))
    );

    // Integers are JSON numbers.
    let page = serde_json::to_value(ErrorBody::page_too_large(5000, 100)).unwrap();
    assert_eq!(
        page["details"],
        serde_json::json!({"size": 5000, "max": 100})
    );
    assert_eq!(
        page["error"],
        "Page size 5000 is over 100; 5000 is too many"
    );

    // Unknown keys, and values of other types, are ignored; the known ones still read.
    let newer: ErrorBody = serde_json::from_str(
        r#"{"error": "x", "code": "unsupported_format", "details": {"format": "xml",
            "type": "payments", "added_later": [1, {"a": null}], "ratio": 1.5, "flag": true}}"#,
    )
    .unwrap();
    let details = Details::from_body(&newer).expect("unknown keys are ignored");
    assert_eq!(
        (details.format, details.r#type.as_str()),
        (Format::Xml, "payments")
    );
    assert_eq!(newer.details().len(), 2, "{:?}", newer.details());

    // Missing details, a missing value, a value of the wrong type, a value not in the set, or
    // another code: the body reads, its `Details` do not.
    for json in [
        r#"{"error": "Format xml is not supported", "code": "unsupported_format"}"#,
        r#"{"error": "x", "code": "unsupported_format", "details": {"format": "xml"}}"#,
        r#"{"error": "x", "code": "unsupported_format", "details": {"format": 3, "type": "t"}}"#,
        r#"{"error": "x", "code": "unsupported_format", "details": {"format": "pdf", "type": "t"}}"#,
        r#"{"error": "x", "code": "unsupported_format", "details": "not an object"}"#,
        r#"{"error": "x", "code": "invalid_mode", "details": {"format": "xml", "type": "t"}}"#,
    ] {
        let body: ErrorBody = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(Details::from_body(&body), None, "{json}");
    }

    // The bare code still makes a body: its cause, and no details on the wire.
    let bare = ErrorBody::from(ErrorCode::UnsupportedFormat);
    assert_eq!(bare.message(), ErrorCode::UnsupportedFormat.cause());
    assert_eq!(ErrorCode::UnsupportedFormat.params(), ["format", "type"]);
    assert_eq!(
        serde_json::to_string(&bare).unwrap(),
        r#"{"error":"The export format is not supported here","code":"unsupported_format"}"#
    );
    // A code whose message has no parameters says its message.
    assert_eq!(
        ErrorBody::from(ErrorCode::Maintenance).message(),
        "The API is down for maintenance; no request is served"
    );
    assert!(ErrorCode::Maintenance.params().is_empty());
}

fn details_off() {
    use without_details::params::unsupported_format::Format;
    use without_details::{ErrorBody, ErrorCode};

    // The same constructor, and the envelope stays `{"error", "code"}`.
    let body = ErrorBody::unsupported_format(Format::Parquet, "invoices");
    let json = serde_json::to_string(&body).unwrap();
    assert_eq!(
        json,
        r#"{"error":"Format parquet is not supported for {exports} of type invoices","code":"unsupported_format"}"#
    );
    let read: ErrorBody = serde_json::from_str(&json).unwrap();
    assert_eq!(read, body);
    assert_eq!(read.code(), Some(ErrorCode::UnsupportedFormat));

    // A body from a server that sends details reads too, and writes back without them.
    let with: ErrorBody = serde_json::from_str(
        r#"{"error": "Format xml is not supported for {exports} of type t", "code": "unsupported_format", "details": {"format": "xml", "type": "t"}}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&with).unwrap(),
        r#"{"error":"Format xml is not supported for {exports} of type t","code":"unsupported_format"}"#
    );
    assert_eq!("xlsx".parse::<Format>(), Ok(Format::Xlsx));
    assert_eq!(
        "pdf".parse::<Format>().unwrap_err().to_string(),
        "not a value of the parameter `format`"
    );
    assert_eq!(Format::ALL.len(), 3);
}
