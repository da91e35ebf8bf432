//! Hostile parameter values, from requests: braces and placeholders, control characters,
//! right-to-left overrides and zero-width characters, and megabyte strings. Whatever they are,
//! every constructor's body serializes to JSON that the schema accepts (a message of at most
//! `MESSAGE_MAX_CHARS` characters; with `details`, an object of every parameter, integers as
//! numbers, `one_of` values as one of theirs, text no longer than a message), escapes what it
//! must, keeps the fixed text whole, and reads back the same, with `details` on and off.
//!
//! The seed is random, unless `PROPTEST_RNG_SEED` fixes it or `CI` is set (then a fixed one);
//! `PROPTEST_CASES=N` runs longer.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use serde_json::Value;
use with_details::params;

/// The seed of CI runs: every CI run checks the same cases.
const CI_SEED: u64 = 0x00c0_ffee_0015;

/// The message's maximum of the catalog (`body.message_max_length`).
const MAX: usize = 200;

fn runner() -> TestRunner {
    let mut config = Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    };
    if let Some(cases) = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        config.cases = cases;
    }
    if config.rng_seed == RngSeed::Random && std::env::var_os("CI").is_some() {
        config.rng_seed = RngSeed::Fixed(CI_SEED);
    }
    TestRunner::new(config)
}

/// Whether the message shows `c` escaped.
fn escapes(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `value` as a message shows it when it fits.
fn escaped(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if escapes(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A piece of hostile text.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{mode}".to_owned()),
        Just("{{".to_owned()),
        Just("}}".to_owned()),
        Just("{exports.requests}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\u{2066}\u{2069}\u{061C}\u{200E}\u{200F}".to_owned()),
        Just("\u{200B}\u{200D}\u{FEFF}".to_owned()),
        Just("\0\u{7}\n\r\t\u{1b}[31m\u{85}\u{9f}".to_owned()),
        Just("\"\\/".to_owned()),
        Just("é🦀\u{301}".to_owned()),
        any::<String>(),
        "[{}a-z\\\\\"]{0,8}",
    ]
}

/// Hostile text: a few pieces, sometimes repeated up to a megabyte.
fn hostile_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(hostile_piece(), 0..6),
        prop_oneof![3 => Just(1usize), 1 => 1usize..64, 1 => Just(1usize << 20)],
    )
        .prop_map(|(pieces, times)| {
            let unit = pieces.concat();
            if times > 1 && !unit.is_empty() {
                // A megabyte at most, whatever the unit's length.
                let times = times.min((1 << 20) / unit.len()).max(1);
                unit.repeat(times)
            } else {
                unit
            }
        })
}

fn integer() -> impl Strategy<Value = i64> {
    prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0), any::<i64>()]
}

/// The JSON of a body, checked against the schema's shape: `error` a string of at most `MAX`
/// characters with no character that must be escaped, `code` the code, and `details` when
/// (and only when) `details` gives the expected keys.
fn check_json(json: &str, code: &str, details: Option<&[&str]>) -> Result<Value, TestCaseError> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let object = value
        .as_object()
        .ok_or_else(|| TestCaseError::fail("not an object"))?;
    let message = object["error"]
        .as_str()
        .ok_or_else(|| TestCaseError::fail("no error"))?;
    prop_assert!(
        message.chars().count() <= MAX,
        "{} chars",
        message.chars().count()
    );
    prop_assert!(!message.chars().any(escapes), "{message:?}");
    prop_assert_eq!(object["code"].as_str(), Some(code));
    match details {
        None => prop_assert_eq!(object.len(), 2, "{}", json),
        Some(keys) => {
            prop_assert_eq!(object.len(), 3);
            let details = object["details"]
                .as_object()
                .ok_or_else(|| TestCaseError::fail("details"))?;
            let mut names: Vec<&str> = details.keys().map(String::as_str).collect();
            names.sort_unstable();
            let mut expected = keys.to_vec();
            expected.sort_unstable();
            prop_assert_eq!(names, expected);
            for (name, value) in details {
                match value {
                    Value::String(text) => prop_assert!(text.chars().count() <= MAX, "{name}"),
                    Value::Number(number) => prop_assert!(number.is_i64(), "{name}: {number}"),
                    other => prop_assert!(false, "{name}: {other}"),
                }
            }
        }
    }
    Ok(value)
}

/// `value` as `details` carries it: cut to `MAX` characters, the last being `…`.
fn cut(value: &str) -> String {
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        value.chars().take(MAX - 1).chain(['…']).collect()
    }
}

/// A message of fixed texts around values: exactly the values, escaped, when that fits; else
/// at most `MAX` characters, with every fixed text whole and in order.
fn check_message(message: &str, fixed: &[&str], values: &[&str]) -> Result<(), TestCaseError> {
    let mut whole = String::from(fixed[0]);
    for (value, text) in values.iter().zip(&fixed[1..]) {
        whole.push_str(&escaped(value));
        whole.push_str(text);
    }
    if whole.chars().count() <= MAX {
        prop_assert_eq!(message, whole.as_str());
    } else if let ([before, after], [value]) = (fixed, values) {
        // One value between two fixed texts: what is between them is the start of the escaped
        // value, whole escapes only, and `…`.
        prop_assert!(message.chars().count() <= MAX, "{message:?}");
        let between = message
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after));
        prop_assert!(
            between.is_some(),
            "the fixed text is not whole in {message:?}"
        );
        let kept = between.unwrap_or_default().strip_suffix('…');
        prop_assert!(kept.is_some(), "a cut value ends in `…`: {message:?}");
        let kept = kept.unwrap_or_default();
        // The first characters of the value, each written whole (an escape is never split).
        let mut written = String::new();
        let mut chars = value.chars();
        while written.len() < kept.len() {
            match chars.next() {
                Some(c) => written.push_str(&escaped(&c.to_string())),
                None => break,
            }
        }
        prop_assert_eq!(
            written.as_str(),
            kept,
            "not the value's first characters, each whole"
        );
        // As much as fits: the room left is less than what the next character takes.
        let unused = MAX - message.chars().count();
        let next = chars
            .next()
            .map_or(0, |c| escaped(&c.to_string()).chars().count());
        prop_assert!(unused < next, "{unused} characters of room unused");
    } else {
        let mut rest = message;
        for text in fixed {
            let at = rest.find(text);
            prop_assert!(at.is_some(), "{text:?} is not whole in {message:?}");
            rest = &rest[at.unwrap_or_default() + text.len()..];
        }
    }
    Ok(())
}

#[test]
fn hostile_text_is_written_as_text_escaped_and_cut_to_fit() {
    runner()
        .run(&(hostile_text(), hostile_text()), |(mode, kind)| {
            // One text parameter.
            let body = with_details::ErrorBody::invalid_mode(&mode);
            let json = serde_json::to_string(&body).unwrap();
            let value = check_json(&json, "invalid_mode", Some(&["mode"]))?;
            check_message(
                body.message(),
                &["Mode `", "` isn't reset or delete"],
                &[&mode],
            )?;
            let kept = cut(&mode);
            prop_assert_eq!(value["details"]["mode"].as_str(), Some(kept.as_str()));
            let read: with_details::ErrorBody = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&read, &body);
            let details = params::invalid_mode::Details::from_body(&read);
            prop_assert_eq!(details.map(|d| d.mode), Some(cut(&mode)));

            let plain = without_details::ErrorBody::invalid_mode(&mode);
            prop_assert_eq!(plain.message(), body.message());
            let json = serde_json::to_string(&plain).unwrap();
            check_json(&json, "invalid_mode", None)?;
            let read: without_details::ErrorBody = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&read, &plain);

            // A `one_of` and a text parameter, a megabyte each at times.
            for format in params::unsupported_format::Format::ALL {
                let body = with_details::ErrorBody::unsupported_format(*format, &kind);
                let json = serde_json::to_string(&body).unwrap();
                let value = check_json(&json, "unsupported_format", Some(&["format", "type"]))?;
                check_message(
                    body.message(),
                    &["Format ", " is not supported for {exports} of type ", ""],
                    &[format.as_str(), &kind],
                )?;
                prop_assert_eq!(value["details"]["format"].as_str(), Some(format.as_str()));
                let read: with_details::ErrorBody = serde_json::from_str(&json).unwrap();
                let details = params::unsupported_format::Details::from_body(&read)
                    .ok_or_else(|| TestCaseError::fail("no details"))?;
                prop_assert_eq!(details.format, *format);
                prop_assert_eq!(details.r#type, cut(&kind));
            }

            // Text in two places at once: a text parameter and a deprecated code's.
            #[allow(deprecated)]
            let body = with_details::ErrorBody::legacy_filter(&format!("{mode}{kind}"));
            check_json(
                &serde_json::to_string(&body).unwrap(),
                "legacy_filter",
                Some(&["filter"]),
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn integers_and_one_of_values_are_numbers_and_strings() {
    runner()
        .run(&(integer(), integer(), 0usize..2), |(size, max, kind)| {
            let body = with_details::ErrorBody::page_too_large(size, max);
            let json = serde_json::to_string(&body).unwrap();
            let value = check_json(&json, "page_too_large", Some(&["size", "max"]))?;
            let (size_text, max_text) = (size.to_string(), max.to_string());
            check_message(
                body.message(),
                &["Page size ", " is over ", "; ", " is too many"],
                &[&size_text, &max_text, &size_text],
            )?;
            prop_assert_eq!(value["details"]["size"].as_i64(), Some(size));
            let read: with_details::ErrorBody = serde_json::from_str(&json).unwrap();
            let details = params::page_too_large::Details::from_body(&read)
                .ok_or_else(|| TestCaseError::fail("no details"))?;
            prop_assert_eq!((details.size, details.max), (size, max));

            let kind = params::export_limited::Kind::ALL[kind];
            let delay = std::time::Duration::from_secs(size.unsigned_abs() % 100);
            let body = with_details::ErrorBody::export_limited(kind, delay);
            prop_assert_eq!(body.retry_after(), Some(delay));
            let value = check_json(
                &serde_json::to_string(&body).unwrap(),
                "export_limited",
                Some(&["kind"]),
            )?;
            prop_assert_eq!(value["details"]["kind"].as_str(), Some(kind.as_str()));
            let plain = without_details::ErrorBody::page_too_large(size, max);
            check_json(
                &serde_json::to_string(&plain).unwrap(),
                "page_too_large",
                None,
            )?;
            Ok(())
        })
        .unwrap();
}
