//! Rate limits in the crate: the client reads `Retry-After` in both of its forms and nothing
//! else, whatever the header holds; a server's body always fits the message's `maxLength`; and
//! the delay a response sends is the handler's own or the policy's window.

#[path = "../../../codegen/tests/support/mod.rs"]
mod support;

use std::time::{Duration, SystemTime};

use api_errors::headers::{retry_after, retry_after_at, MAX_RETRY_AFTER};
use api_errors::{ErrorBody, ErrorCode};
use axum::http::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use proptest::prelude::*;
use serde_json::Value;

/// A fixed "now": Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
}

fn headers(values: &[&[u8]]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(
            RETRY_AFTER,
            HeaderValue::from_bytes(value).expect("a valid header value"),
        );
    }
    headers
}

fn read(value: &[u8]) -> Option<Duration> {
    retry_after_at(&headers(&[value]), now())
}

#[test]
fn delay_seconds_read_as_seconds() {
    assert_eq!(read(b"0"), Some(Duration::ZERO));
    assert_eq!(read(b"120"), Some(Duration::from_secs(120)));
    assert_eq!(read(b"007"), Some(Duration::from_secs(7)));
    assert_eq!(
        read(b" 30\t"),
        Some(Duration::from_secs(30)),
        "surrounding whitespace"
    );
    let max = MAX_RETRY_AFTER.as_secs();
    assert_eq!(read(max.to_string().as_bytes()), Some(MAX_RETRY_AFTER));
}

#[test]
fn http_dates_read_as_the_time_until_then_in_all_three_formats() {
    for date in [
        "Sun, 06 Nov 1994 08:50:37 GMT",
        "Sunday, 06-Nov-94 08:50:37 GMT",
        "Sun Nov  6 08:50:37 1994",
    ] {
        assert_eq!(
            read(date.as_bytes()),
            Some(Duration::from_secs(60)),
            "{date}"
        );
    }
    assert_eq!(
        read(b"Sun, 06 Nov 1994 08:49:00 GMT"),
        Some(Duration::ZERO),
        "a date in the past is no wait"
    );
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    let wait = retry_after(&headers(&[later.as_bytes()])).expect("a date an hour from now");
    assert!(wait > Duration::from_secs(3500) && wait <= Duration::from_secs(3600));
}

#[test]
fn anything_else_is_no_delay() {
    for value in [
        &b""[..],
        b"-1",
        b"+5",
        b"1.5",
        b"1e3",
        b"0x10",
        b"5 seconds",
        b"5, 6",
        b"Sun, 06 Nov 1994 08:50:37",
        b"Sun, 32 Nov 1994 08:50:37 GMT",
        "\u{664}\u{662}".as_bytes(), // Arabic-Indic digits
        b"\xff\xfe",
        b"99999999999999999999999999",
    ] {
        assert_eq!(read(value), None, "{:?}", String::from_utf8_lossy(value));
    }
    let too_long = MAX_RETRY_AFTER.as_secs() + 1;
    assert_eq!(
        read(too_long.to_string().as_bytes()),
        None,
        "longer than a year"
    );
    assert_eq!(
        read(b"Fri, 31 Dec 9999 23:59:59 GMT"),
        None,
        "a date too far ahead"
    );
    assert_eq!(retry_after_at(&HeaderMap::new(), now()), None, "no header");
    assert_eq!(
        retry_after_at(&headers(&[b"5", b"5"]), now()),
        None,
        "two headers: which one holds is unknown"
    );
}

proptest! {
    #[test]
    fn any_header_value_reads_without_panicking_and_within_bounds(value in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value);
            if let Some(delay) = retry_after_at(&headers, now()) {
                prop_assert!(delay <= MAX_RETRY_AFTER);
            }
        }
    }

    #[test]
    fn any_whole_number_reads_as_itself_up_to_the_maximum(seconds in any::<u64>()) {
        let expected = (seconds <= MAX_RETRY_AFTER.as_secs()).then(|| Duration::from_secs(seconds));
        prop_assert_eq!(read(seconds.to_string().as_bytes()), expected);
    }

    #[test]
    fn any_date_reads_as_the_time_until_then(offset in 0u64..(2 * MAX_RETRY_AFTER.as_secs())) {
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(offset));
        let expected = (offset <= MAX_RETRY_AFTER.as_secs()).then(|| Duration::from_secs(offset));
        prop_assert_eq!(read(date.as_bytes()), expected);
    }
}

/// The schema of the envelope in `generated/openapi/errors.yaml`, with the document registered
/// so that its references resolve.
fn body_schema() -> jsonschema::Validator {
    let text = support::read_repo_file(error_catalog::emit::paths::OPENAPI_YAML);
    let document: Value = serde_saphyr::from_str(&text).expect("errors.yaml is YAML");
    let uri = "https://api-errors.test/errors.yaml";
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .add(uri, document)
        .expect("the document is a resource")
        .prepare()
        .expect("its references resolve");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .build(&serde_json::json!({ "$ref": format!("{uri}#/components/schemas/ErrorBody") }))
        .expect("ErrorBody is a schema")
}

#[test]
fn a_message_at_the_maximum_is_kept_and_a_longer_one_is_cut_to_it() {
    let max = ErrorBody::MESSAGE_MAX_CHARS;
    let exact = "é".repeat(max);
    assert_eq!(
        ErrorBody::new(ErrorCode::NotFound, exact.clone()).message(),
        exact
    );

    let longer = "é".repeat(max + 1);
    let body = ErrorBody::new(ErrorCode::NotFound, longer);
    assert_eq!(body.message().chars().count(), max);
    assert_eq!(body.message(), format!("{}…", "é".repeat(max - 1)));

    let huge = "x".repeat(1 << 20);
    let read: ErrorBody =
        serde_json::from_value(serde_json::json!({"error": huge, "code": "not_found"}))
            .expect("a body reads");
    assert_eq!(read.message().chars().count(), max, "reading cuts too");
    assert!(body_schema().is_valid(&serde_json::to_value(&read).expect("serializes")));
    let uncut = serde_json::json!({"error": "x".repeat(max + 1), "code": "not_found"});
    assert!(
        !body_schema().is_valid(&uncut),
        "the schema does reject a longer message"
    );
}

proptest! {
    #[test]
    fn any_message_makes_a_body_the_schema_accepts(message in ".{0,1200}", code in 0..ErrorCode::ALL.len()) {
        let code = ErrorCode::ALL[code];
        let body = ErrorBody::new(code, message.clone());
        let kept = body.message();
        prop_assert!(kept.chars().count() <= ErrorBody::MESSAGE_MAX_CHARS);
        if kept != message {
            let start = kept.strip_suffix('…').expect("a cut message ends in …");
            prop_assert!(message.starts_with(start));
        }
        let json = serde_json::to_value(&body).expect("serializes");
        prop_assert!(body_schema().is_valid(&json), "{json}");
    }
}

#[test]
fn the_delay_sent_is_the_handlers_or_the_policys_window() {
    let window = ErrorCode::RateLimited
        .rate_limit_policy()
        .expect("rate_limited enforces a policy")
        .window();
    let delay = Duration::from_millis(1500);
    assert!(ErrorCode::RateLimited.sends_retry_after());
    assert_eq!(ErrorBody::rate_limited(delay).retry_after(), Some(delay));
    assert_eq!(
        ErrorBody::rate_limited(delay).code(),
        Some(ErrorCode::RateLimited)
    );
    assert_eq!(
        ErrorBody::from(ErrorCode::RateLimited).retry_after(),
        Some(window)
    );
    assert_eq!(
        ErrorBody::new(ErrorCode::RateLimited, "Slow down").retry_after(),
        Some(window)
    );
    assert!(!ErrorCode::NotFound.sends_retry_after());
    assert_eq!(ErrorBody::from(ErrorCode::NotFound).retry_after(), None);
    assert_eq!(
        ErrorBody::from(ErrorCode::NotFound)
            .with_retry_after(delay)
            .retry_after(),
        Some(delay),
        "a server may ask any response to wait"
    );
    assert_eq!(
        ErrorBody::with_raw_code("added_later", "New").retry_after(),
        None
    );
}
