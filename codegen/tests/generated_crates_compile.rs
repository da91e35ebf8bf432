//! The crate generated from every fixture catalog builds on its own, outside the workspace,
//! with warnings denied, and its doctests pass: with all features, with none, and without `std`
//! but with `alloc` and `serde`. A test written here from the catalog (not by the emitters) is
//! added to each crate and checks that every code, named by its PascalCase variant, has the
//! catalog's string, status, text and retryability, round-trips through `FromStr` and serde, and
//! debug-prints as its variant. A fixture with more codes than a `match` serves covers the
//! perfect hash.
//!
//! Each crate is written to a temporary folder with a `[workspace]` table appended to its
//! manifest (so it is its own workspace, as when its folder is copied out), next to a copy of the
//! repository's `Cargo.lock` so no dependency is resolved anew. The builds share one target
//! folder, `fixture-crates` in the target folder, so dependencies compile once.

mod support;

use std::fmt::Write as _;

use error_catalog::model::{Code, MessagePiece, Param, ParamKind, ParamValue};
use error_catalog::Catalog;

/// `rate_limited` → `RateLimited`, written here independently of the emitter's naming.
fn pascal_case(code: &str) -> String {
    code.split('_')
        .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
        .collect()
}

/// A value's characters as a message shows them, written here independently of the emitter:
/// control characters and bidirectional formatting characters as `\u{…}`.
fn escape(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            let bidi = matches!(
                c as u32,
                0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069
            );
            if c.is_control() || bidi {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Hostile text for a text parameter: a placeholder of the same message, escaped braces, control
/// characters, a right-to-left override, zero-width characters (which stay) and a quote.
const HOSTILE: &str = "{mode} {{x}} }{ \u{7}\n\u{202E}gnp.exe\u{200D}\u{200B}\"é";

/// The Rust expression of a value of `param` in a test, and the value as the message shows it
/// before escaping: `hostile` picks the hostile text, the smallest integer and the last `one_of`
/// value, else the catalog's example.
fn arg(crate_ident: &str, code: &Code, param: &Param, hostile: bool) -> (String, String) {
    match (&param.kind, &param.example, hostile) {
        (ParamKind::Text, _, true) => (format!("{HOSTILE:?}"), HOSTILE.to_owned()),
        (ParamKind::Integer, _, true) => ("i64::MIN".to_owned(), i64::MIN.to_string()),
        (ParamKind::OneOf(values), _, true) => {
            let value = values.last().expect("a one_of parameter has values");
            (one_of(crate_ident, code, param, value), value.clone())
        }
        (ParamKind::OneOf(_), ParamValue::Text(value), false) => {
            (one_of(crate_ident, code, param, value), value.clone())
        }
        (_, ParamValue::Text(text), false) => (format!("{text:?}"), text.clone()),
        (_, ParamValue::Integer(number), false) => (number.to_string(), number.to_string()),
    }
}

/// A `one_of` value's enum variant, named here independently of the emitter.
fn one_of(crate_ident: &str, code: &Code, param: &Param, value: &str) -> String {
    format!(
        "{crate_ident}::params::{}::{}::{}",
        error_catalog::naming::constructor_name(&code.code),
        pascal_case(&param.name),
        pascal_case(value)
    )
}

/// The JSON of a value in `details`.
fn detail_json(param: &Param, shown: &str) -> serde_json::Value {
    match param.kind {
        ParamKind::Integer => serde_json::Value::from(shown.parse::<i64>().expect("an integer")),
        _ => serde_json::Value::from(shown),
    }
}

/// Tests of the constructors of the codes whose messages have parameters: the message is the
/// template filled in (by the model's `Message::fill`, values escaped here), hostile values are
/// written as text and escaped, megabyte values are cut to fit with the fixed text whole, the
/// JSON has the schema's shape, and with `details` each value reads back, typed. Bare codes say
/// their default message. Empty when no code has a message.
fn message_tests(catalog: &Catalog, crate_ident: &str) -> String {
    let max = catalog.body.message_max_length as usize;
    let details = catalog.body.details;
    let mut checks = String::new();
    for code in &catalog.codes {
        let Some(message) = &code.message else {
            continue;
        };
        let variant = pascal_case(&code.code);
        let names: Vec<String> = message
            .params
            .iter()
            .map(|param| format!("{:?}", param.name))
            .collect();
        let _ = writeln!(
            checks,
            "        assert_eq!(ErrorCode::{variant}.params(), [{}] as [&str; {}]);\n        \
             check_bare(ErrorCode::{variant}, {:?});",
            names.join(", "),
            names.len(),
            code.default_message(),
        );
        if message.params.is_empty() || code.is_retired() {
            continue;
        }
        let constructor = error_catalog::naming::constructor_name(&code.code);
        let delay = if code.retry_after {
            ", Duration::from_secs(7)"
        } else {
            ""
        };
        for hostile in [false, true] {
            let args: Vec<(String, String)> = message
                .params
                .iter()
                .map(|param| arg(crate_ident, code, param, hostile))
                .collect();
            let value_of = |param: &Param| {
                let at = message
                    .params
                    .iter()
                    .position(|other| other.name == param.name)
                    .expect("a parameter of the message");
                args[at].1.clone()
            };
            let expected = message.fill(|param| escape(&value_of(param)));
            let call = format!(
                "ErrorBody::{constructor}({}{delay})",
                args.iter()
                    .map(|(expr, _)| expr.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let expected_details: serde_json::Map<String, serde_json::Value> = message
                .params
                .iter()
                .map(|param| (param.name.clone(), detail_json(param, &value_of(param))))
                .collect();
            let expected_details = if details {
                serde_json::Value::Object(expected_details).to_string()
            } else {
                String::new()
            };
            let _ = writeln!(checks, "        {{\n            let body = {call};");
            assert!(
                expected.chars().count() <= max,
                "{}: the test's values make too long a message",
                code.code
            );
            let _ = writeln!(
                checks,
                "            assert_eq!(body.message(), {expected:?});\n            \
                 check_body(&body, ErrorCode::{variant}, {expected_details:?});"
            );
            if details {
                let _ = writeln!(
                    checks,
                    "            let read = {crate_ident}::params::{constructor}::Details::from_body(&round_trip(&body))\n                \
                     .expect(\"details read back\");"
                );
                for (param, (expr, _)) in message.params.iter().zip(&args) {
                    let field = error_catalog::naming::constructor_name(&param.name);
                    let _ = writeln!(checks, "            assert_eq!(read.{field}, {expr});");
                }
            }
            let _ = writeln!(checks, "        }}");
        }
        // A megabyte in every text parameter: the message fits, its fixed text whole.
        let long: Vec<String> = message
            .params
            .iter()
            .map(|param| match param.kind {
                ParamKind::Text => "&long".to_owned(),
                _ => arg(crate_ident, code, param, false).0,
            })
            .collect();
        let fixed: Vec<String> = message
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                MessagePiece::Text(text) => Some(format!("{text:?}")),
                MessagePiece::Param(_) => None,
            })
            .collect();
        let _ = writeln!(
            checks,
            "        check_long(&ErrorBody::{constructor}({}{delay}), &[{}]);",
            long.join(", "),
            fixed.join(", ")
        );
    }
    if checks.is_empty() {
        return String::new();
    }
    let details_check = if details {
        r#"let expected: serde_json::Value = serde_json::from_str(expected_details).unwrap();
        assert_eq!(json["details"], expected, "{json}");"#
    } else {
        r#"assert!(expected_details.is_empty());
        assert_eq!(json.as_object().unwrap().len(), 2, "{json}");"#
    };
    let details_equal = if details {
        "assert_eq!(read.details(), body.details());"
    } else {
        ""
    };
    let long_details = if details {
        r#"for (name, value) in body.details() {
            if let Some(text) = value.as_str() {
                assert!(text.chars().count() <= ErrorBody::MESSAGE_MAX_CHARS, "{name}");
            }
        }"#
    } else {
        ""
    };
    format!(
        r#"
#[cfg(all(feature = "alloc", feature = "serde"))]
mod messages {{
    // A catalog whose only parameterized code is retired has no constructor to check.
    #![allow(unused_imports, unused_variables, dead_code)]
    use core::time::Duration;

    use {crate_ident}::{{ErrorBody, ErrorCode}};

    /// The body of the bare code: its default message, and no values.
    fn check_bare(code: ErrorCode, message: &str) {{
        let body = ErrorBody::from(code);
        assert_eq!(body.message(), message, "{{code}}: bare message");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json.as_object().unwrap().len(), 2, "{{json}}");
    }}

    /// The body read back from its JSON, which says the same.
    fn round_trip(body: &ErrorBody) -> ErrorBody {{
        let json = serde_json::to_string(body).unwrap();
        let read: ErrorBody = serde_json::from_str(&json).unwrap();
        assert_eq!(read.message(), body.message());
        assert_eq!(read.code_str(), body.code_str());
        {details_equal}
        read
    }}

    /// A body of a constructor: its code, a message that fits, and `details` as expected
    /// (a JSON object; empty when bodies carry none).
    fn check_body(body: &ErrorBody, code: ErrorCode, expected_details: &str) {{
        assert_eq!(body.code(), Some(code));
        assert!(body.message().chars().count() <= ErrorBody::MESSAGE_MAX_CHARS);
        let json = serde_json::to_value(body).unwrap();
        assert_eq!(json["error"], body.message());
        assert_eq!(json["code"], code.as_str());
        {details_check}
        round_trip(body);
    }}

    /// A body whose text values were a megabyte each: it fits, and holds every piece of fixed
    /// text whole, in order.
    fn check_long(body: &ErrorBody, fixed: &[&str]) {{
        let message = body.message();
        assert!(message.chars().count() <= ErrorBody::MESSAGE_MAX_CHARS, "{{message}}");
        let mut rest = message;
        for text in fixed {{
            let at = rest
                .find(text)
                .unwrap_or_else(|| panic!("{{text:?}} is not whole in {{message:?}}"));
            rest = &rest[at + text.len()..];
        }}
        {long_details}
        round_trip(body);
    }}

    #[test]
    fn constructors_fill_the_templates_and_bare_codes_say_their_default_message() {{
        let long = "\u{{202E}}{{mode}}é".repeat(1 << 17);
{checks}    }}
}}
"#
    )
}

/// An integration test for the generated crate that states what the catalog says about every
/// code, as Rust literals.
fn agreement_test(catalog: &Catalog, crate_name: &str) -> String {
    let crate_ident = crate_name.replace('-', "_");
    let mut checks = String::new();
    for (index, entry) in catalog.codes.iter().enumerate() {
        let code = entry.code.as_str();
        let _ = writeln!(
            checks,
            "    check(ErrorCode::{variant}, {index}, {code:?}, {status}, {cause:?}, {remedy:?}, {retryable});\n    \
             assert_eq!(format!(\"{{:?}}\", ErrorCode::{variant}), {variant:?}, \"Debug\");",
            variant = pascal_case(code),
            status = entry.status,
            cause = entry.cause.as_str(),
            remedy = entry.remedy.as_str(),
            retryable = entry.retryable,
        );
    }
    format!(
        r#"//! Written by codegen/tests/generated_crates_compile.rs from the fixture catalog.
// Deprecated and retired codes must still be usable by clients that name them.
#![allow(deprecated)]

use {crate_ident}::ErrorCode;

fn check(
    code: ErrorCode,
    index: usize,
    text: &str,
    status: u16,
    cause: &str,
    remedy: &str,
    retryable: bool,
) {{
    assert_eq!(ErrorCode::ALL[index], code, "{{text}}: place in ErrorCode::ALL");
    assert_eq!(code.as_str(), text);
    assert_eq!(code.to_string(), text);
    assert_eq!(text.parse::<ErrorCode>().ok(), Some(code), "{{text}}: FromStr");
    assert_eq!(ErrorCode::from_code(text), Some(code), "{{text}}: from_code");
    assert_eq!(code.status(), status, "{{text}}: status");
    assert_eq!(code.cause(), cause, "{{text}}: cause");
    assert_eq!(code.remedy(), remedy, "{{text}}: remedy");
    assert_eq!(code.is_retryable(), retryable, "{{text}}: retryable");
    #[cfg(feature = "serde")]
    {{
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{{text}}\""));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }}
}}

#[test]
fn every_code_says_what_the_catalog_says() {{
    assert_eq!(ErrorCode::ALL.len(), {count});
{checks}    for unknown in ["not_a_code_of_the_catalog", "", "a", "{first}x", "{first_upper}"] {{
        assert!(unknown.parse::<ErrorCode>().is_err(), "{{unknown:?}} parses");
        assert_eq!(ErrorCode::from_code(unknown), None, "{{unknown:?}}");
    }}
}}
"#,
        count = catalog.codes.len(),
        // Near misses of a real code: one more byte, another case.
        first = catalog.codes[0].code,
        first_upper = catalog.codes[0].code.to_ascii_uppercase(),
    ) + &message_tests(catalog, &crate_ident)
}

#[test]
fn generated_crate_of_every_fixture_builds_and_passes_its_tests_with_warnings_denied() {
    let target_dir = support::build_dir("fixture-crates");
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let mut failures = Vec::new();
    for (name, catalog) in support::valid_fixtures() {
        let dir = temp.path().join(&name);
        let parsed = support::load(&catalog);
        support::write_standalone_crate(&dir, &parsed, &support::generate(&catalog));
        support::write_tree(
            &dir,
            [(
                "tests/catalog_agreement.rs",
                agreement_test(&parsed, &parsed.package.name).as_bytes(),
            )],
        );
        for args in [
            &["build"][..],
            &["build", "--all-features"],
            &["test", "--all-features"],
            &["build", "--no-default-features"],
            &[
                "build",
                "--no-default-features",
                "--features",
                "alloc,serde",
            ],
            &["doc", "--all-features", "--no-deps"],
        ] {
            if let Err(failure) = support::run_cargo(&dir, &target_dir, args) {
                failures.push(format!("{name}: {failure}"));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
