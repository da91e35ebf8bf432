//! One fixture catalog per rule in `tests/fixtures/invalid/RULE.yaml`, each with the exact
//! message it must produce beside it in `RULE.stderr`: the file is read as `cargo xtask codegen`
//! reads it, checked, and its rendered diagnostics compared with the snapshot.
//!
//! After an intended change to a message, rewrite the snapshots and review them in the diff:
//!
//! ```text
//! BLESS=1 cargo test -p error-catalog --test diagnostics
//! ```
//!
//! (`BLESS=1` only; see `tests/support/mod.rs`.)

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use support::invalid_dir;

/// Every fixture's rule name (the file stem), sorted.
fn rules() -> Vec<String> {
    support::files_with_extension(&invalid_dir(), "yaml")
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

/// What `cargo xtask codegen --catalog RULE.yaml` prints, run from the fixtures' folder.
fn rendered(rule: &str) -> String {
    let file = format!("{rule}.yaml");
    let bytes = std::fs::read(invalid_dir().join(&file)).expect("fixture is readable");
    match error_catalog::SourceFile::from_bytes(file, bytes)
        .and_then(|file| error_catalog::load(&file))
    {
        Ok(_) => panic!("{rule}.yaml is valid, but every fixture here must break a rule"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn every_rule_renders_its_snapshot() {
    let bless = support::blessing();
    let rules = rules();
    assert!(rules.len() >= 25, "fixtures went missing: {rules:?}");
    let mut failures = Vec::new();
    for rule in &rules {
        let actual = rendered(rule) + "\n";
        let snapshot = invalid_dir().join(format!("{rule}.stderr"));
        if bless {
            std::fs::write(&snapshot, &actual).expect("snapshot is writable");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .header(&format!("{rule}.stderr"), "actual")
                .to_string();
            failures.push(diff);
        }
    }
    assert!(
        failures.is_empty(),
        "messages differ from their snapshots (BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_snapshot_has_its_fixture() {
    let rules: BTreeSet<String> = rules().into_iter().collect();
    let orphans: Vec<PathBuf> = std::fs::read_dir(invalid_dir())
        .expect("tests/fixtures/invalid exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "stderr")
                && path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .is_none_or(|stem| !rules.contains(stem))
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}

/// Every message follows one shape: `PATH:LINE:COL: error: message`, lowercase, no trailing
/// period, then a count.
#[test]
fn every_message_is_located_and_styled() {
    for rule in rules() {
        let rendered = rendered(&rule);
        let prefix = format!("{rule}.yaml:");
        let headers: Vec<&str> = rendered
            .lines()
            .filter(|line| line.starts_with(&prefix))
            .collect();
        assert!(
            !headers.is_empty(),
            "{rule}: no located message in\n{rendered}"
        );
        for header in headers {
            let rest = &header[prefix.len()..];
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().unwrap_or_default();
            let column = parts.next().unwrap_or_default();
            assert!(
                line.parse::<usize>().is_ok_and(|n| n >= 1)
                    && column.parse::<usize>().is_ok_and(|n| n >= 1),
                "{rule}: `{header}` has no LINE:COL"
            );
            let message = parts
                .next()
                .and_then(|rest| rest.strip_prefix(" error: "))
                .unwrap_or_else(|| panic!("{rule}: `{header}` is not an error line"));
            // Lowercase first, unless the first word is an acronym such as `YAML`.
            let first_word = message.split(' ').next().unwrap_or_default();
            let capitalised = first_word.starts_with(|c: char| c.is_uppercase())
                && first_word.chars().any(|c| c.is_lowercase());
            assert!(
                !capitalised && !message.ends_with('.'),
                "{rule}: `{message}` is not in dtolnay's style"
            );
        }
        let last = rendered.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("error: ") && last.ends_with(&format!("in {rule}.yaml")),
            "{rule}: no closing count, `{last}`"
        );
    }
}

/// A few rules, spelled out, so that a careless bless cannot drop what matters most.
#[test]
fn key_messages_say_what_the_issue_asks() {
    let expect = |rule: &str, needles: &[&str]| {
        let rendered = rendered(rule);
        for needle in needles {
            assert!(
                rendered.contains(needle),
                "{rule}: `{needle}` missing from\n{rendered}"
            );
        }
    };
    expect(
        "unknown_field",
        &["unknown field `remdy`", "did you mean `remedy`?"],
    );
    expect(
        "duplicate_code",
        &["duplicate code `unauthorized`", "first defined here"],
    );
    expect(
        "duplicate_key",
        &["duplicate key `status`", "first defined here"],
    );
    expect(
        "pascal_case_collision",
        &["both become the Rust variant `Ab1c`", "first defined here"],
    );
    expect("code_self", &["the Rust keyword `Self`"]);
    expect("unknown_pattern_code", &["did you mean `unauthorized`?"]);
    expect("alias_bomb", &["anchors and aliases are not supported"]);
    expect(
        "alias_in_string",
        &["anchors and aliases are not supported"],
    );
    expect("deep_nesting", &["nests deeper than 32 levels"]);
    expect(
        "invalid_utf8",
        &["invalid_utf8.yaml:3:12: error: the catalog is not valid UTF-8"],
    );
    expect("empty", &["the catalog is empty"]);
    expect("comments_only", &["the catalog is empty"]);
    expect(
        "several_problems",
        &["error: 4 problems in several_problems.yaml"],
    );
}

/// Each problem of `several_problems.yaml` is also reported on its own: one run finds them all.
#[test]
fn several_problems_are_the_sum_of_single_ones() {
    let rendered = rendered("several_problems");
    for message in [
        "`one` is not a semver version",
        "unknown field `remdy`",
        "code `RateLimited` is not snake_case",
        "status 200 is not an error status",
    ] {
        assert!(
            rendered.contains(message),
            "`{message}` missing:\n{rendered}"
        );
    }
}

/// The JSON Schema that editors use knows every field `catalog.yaml` uses, finds every field it
/// requires in `catalog.yaml`, and flags unknown fields: checked by walking the catalog through
/// the schema's `properties`, `required` and `additionalProperties`. (Whether the `required`
/// lists are what the reader requires: `schema_required.rs`.)
#[test]
fn the_json_schema_describes_the_catalog() {
    let schema: serde_json::Value = serde_json::from_str(
        &error_catalog::emit::schema::json_schema().expect("schema serializes"),
    )
    .expect("schema is JSON");
    assert!(
        schema["$comment"]
            .as_str()
            .is_some_and(|comment| comment.contains("cargo xtask codegen")),
        "the schema's header names the command"
    );
    let text = support::read_repo_file("catalog.yaml");
    assert!(
        text.starts_with("# yaml-language-server: $schema=generated/catalog.schema.json\n"),
        "catalog.yaml's first line points editors at the schema"
    );
    let catalog: serde_json::Value = serde_saphyr::from_str(&text).expect("catalog.yaml is YAML");

    fn resolve<'a>(
        schema: &'a serde_json::Value,
        node: &'a serde_json::Value,
    ) -> &'a serde_json::Value {
        // Draft-07 puts a description beside a reference by wrapping it in `allOf`.
        let node = match node["allOf"].as_array() {
            Some(all) if all.len() == 1 => &all[0],
            _ => node,
        };
        match node["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                &schema["definitions"][name]
            }
            None => node,
        }
    }
    fn walk(
        schema: &serde_json::Value,
        node: &serde_json::Value,
        value: &serde_json::Value,
        at: &str,
    ) {
        let node = resolve(schema, node);
        let kind = match value {
            serde_json::Value::Object(_) => "object",
            serde_json::Value::Array(_) => "array",
            serde_json::Value::String(_) => "string",
            serde_json::Value::Number(_) => "integer",
            serde_json::Value::Bool(_) => "boolean",
            serde_json::Value::Null => "null",
        };
        // A value of several types (an example, a text or a number) is one of its branches.
        if let Some(branches) = node["anyOf"].as_array() {
            let branch = branches.iter().find(|branch| branch["type"] == kind);
            let branch = branch.unwrap_or_else(|| panic!("{at}: no {kind} branch in the schema"));
            return walk(schema, branch, value, at);
        }
        match value {
            // A mapping keyed by names (a code's `params`) gives each value's schema as
            // `additionalProperties`, and the names' pattern as `propertyNames`.
            serde_json::Value::Object(fields) if node["additionalProperties"].is_object() => {
                assert_eq!(node["type"], "object", "{at} is an object in the schema");
                assert!(
                    node["propertyNames"]["pattern"].is_string(),
                    "{at}: names' pattern"
                );
                for (key, child) in fields {
                    walk(
                        schema,
                        &node["additionalProperties"],
                        child,
                        &format!("{at}.{key}"),
                    );
                }
            }
            serde_json::Value::Object(fields) => {
                assert_eq!(node["type"], "object", "{at} is an object in the schema");
                assert_eq!(
                    node["additionalProperties"], false,
                    "{at} rejects unknown fields"
                );
                for required in node["required"].as_array().into_iter().flatten() {
                    let required = required.as_str().unwrap_or_default();
                    assert!(fields.contains_key(required), "{at}.{required} is required");
                }
                for (key, child) in fields {
                    let property = &node["properties"][key];
                    assert!(!property.is_null(), "{at}.{key} is not in the schema");
                    assert!(
                        property["description"].is_string(),
                        "{at}.{key} has no description for hovers"
                    );
                    walk(schema, property, child, &format!("{at}.{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                assert_eq!(node["type"], "array", "{at} is an array in the schema");
                for (index, item) in items.iter().enumerate() {
                    walk(schema, &node["items"], item, &format!("{at}[{index}]"));
                }
            }
            serde_json::Value::String(_) => assert_eq!(node["type"], "string", "{at}"),
            serde_json::Value::Number(_) => assert_eq!(node["type"], "integer", "{at}"),
            serde_json::Value::Bool(_) => assert_eq!(node["type"], "boolean", "{at}"),
            serde_json::Value::Null => panic!("{at} is null"),
        }
    }
    walk(&schema, &schema, &catalog, "catalog");
}

/// The limit on a text's length holds for the text once its placeholders are filled in, and a
/// text exactly at the limit is within it.
#[test]
fn a_text_filled_in_to_the_limit_is_accepted_and_one_character_more_is_not() {
    let fixture = support::read_repo_file("codegen/tests/fixtures/valid/rate-limits.yaml");
    let scope = "s".repeat(100);
    let catalog = |extra: &str| {
        // Ten placeholders of 15 characters each, 100 once filled in.
        let paragraph = format!("{}{extra}", "{per_key.scope}".repeat(10));
        // The scope is in a cause too, so messages may be long.
        let text = fixture
            .replace("  message_max_length: 120\n", "  message_max_length: 500\n")
            .replace("    scope: API key\n", &format!("    scope: {scope}\n"))
            .replace(
                "        - \"Keys: {per_key.requests} requests per {per_key.window} seconds per \
                 {per_key.scope}.\"\n",
                &format!("        - \"{paragraph}\"\n"),
            );
        assert!(
            text.contains(&paragraph),
            "the fixture's paragraph is replaced"
        );
        error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", text))
    };
    let limit = error_catalog::limits::MAX_TEXT_CHARS;
    assert_eq!(
        limit, 1000,
        "ten placeholders of 100 characters fill a text"
    );
    if let Err(diagnostics) = catalog("") {
        panic!("a text of {limit} characters once filled in is within the limit:\n{diagnostics}");
    }
    let diagnostics = catalog("x").expect_err("one character more is over the limit");
    assert!(
        diagnostics.to_string().contains(
            "is 1001 characters long once its placeholders are filled in, more than 1000"
        ),
        "{diagnostics}"
    );
}

fn rate_limits_fixture() -> String {
    support::read_repo_file("codegen/tests/fixtures/valid/rate-limits.yaml")
}

fn load_text(text: String) -> Result<error_catalog::Catalog, error_catalog::Diagnostics> {
    error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", text))
}

/// A policy's name is at most as long as a code: 64 bytes pass, 65 do not.
#[test]
fn a_policy_name_of_the_longest_length_is_accepted_and_one_byte_more_is_not() {
    let fixture = rate_limits_fixture();
    let limit = error_catalog::limits::MAX_CODE_LEN;
    let with_name = |len: usize| load_text(fixture.replace("per_ip", &"p".repeat(len)));
    if let Err(diagnostics) = with_name(limit) {
        panic!("a policy name of {limit} bytes is within the limit:\n{diagnostics}");
    }
    let diagnostics = with_name(limit + 1).expect_err("one byte more is over the limit");
    let text = diagnostics.to_string();
    assert!(
        text.contains("error: policy name `pppp") && text.contains("` is not snake_case"),
        "{text}"
    );
    assert!(text.contains("error: 1 problem in catalog.yaml"), "{text}");
}

/// A code that sends `Retry-After` needs the page to show a rate-limited response.
#[test]
fn a_code_sending_retry_after_needs_an_exchange_on_the_page() {
    let exchange = "      exchange: \"A rate-limited response says how long to wait:\"\n";
    let fixture = rate_limits_fixture();
    assert!(fixture.contains(exchange), "the fixture's exchange");
    let diagnostics = load_text(fixture.replace(exchange, "")).expect_err("no exchange");
    let text = diagnostics.to_string();
    assert!(
        text.contains("sends `Retry-After`, but the page shows no rate-limited response"),
        "{text}"
    );
    assert!(text.contains("error: 1 problem in catalog.yaml"), "{text}");
}

/// The names the generated crate would take are checked only where the crate takes them: a
/// code named like a constructor the crate has (`new`) is fine while it has no constructor of
/// its own (a message without parameters gives it none), and text parameters whose PascalCase names agree (`ab1c`, `ab_1c`) are fine, as
/// only a `one_of` parameter becomes an enum named after it.
#[test]
fn crate_names_are_checked_only_where_the_crate_uses_them() {
    let fixture = support::read_repo_file("codegen/tests/fixtures/valid/defaults.yaml");
    let catalog = fixture.replace(
        "\ncodes:\n",
        r#"
codes:
  - code: new
    status: 400
    cause: A code named like a constructor, with no constructor of its own
    remedy: Nothing
    message: A fixed message, without parameters
  - code: two_texts
    status: 400
    cause: Text parameters whose PascalCase names agree
    remedy: Nothing
    message: "{ab1c} and {ab_1c}"
    params:
      ab1c: { type: text, description: One, example: x }
      ab_1c: { type: text, description: Other, example: y }
"#,
    );
    if let Err(diagnostics) = error_catalog::load(&error_catalog::SourceFile::new(
        "catalog.yaml",
        catalog.clone(),
    )) {
        panic!("the catalog is valid:\n{diagnostics}");
    }
    // The same code with parameters gets a constructor, whose name is taken.
    let taken = catalog.replace("  - code: two_texts", "  - code: status");
    let diagnostics = error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", taken))
        .expect_err("`status` is taken once it has a constructor");
    assert_eq!(diagnostics.problems().len(), 1, "{diagnostics}");
    assert!(
        diagnostics.to_string().contains("`ErrorBody::status`"),
        "{diagnostics}"
    );
}

/// Limits of messages hold up to and including their bound: a parameter name and a `one_of`
/// value of 64 bytes, and a message that fills `body.message_max_length` exactly once its
/// example is in, are accepted; one byte or character more is not.
#[test]
fn message_limits_accept_their_bound_and_refuse_one_more() {
    let fixture = support::read_repo_file("codegen/tests/fixtures/valid/defaults.yaml");
    let catalog = |name: &str, value: &str, example: &str| {
        fixture.replace(
            "\ncodes:\n",
            &format!(
                r#"
body:
  message_max_length: 40

codes:
  - code: limits
    status: 400
    cause: At the limits
    remedy: Nothing
    message: "Value {{{name}}} is {{kind}}"
    params:
      {name}: {{ type: text, description: A long name, example: "{example}" }}
      kind: {{ type: one_of, values: [{value}], description: A long value, example: {value} }}
"#
            ),
        )
    };
    let problems = |text: String| {
        error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", text))
            .err()
            .map_or(0, |diagnostics| diagnostics.problems().len())
    };
    let (name, value) = ("n".repeat(64), "v".repeat(64));
    // "Value " + example + " is " + value: 6 + 4 + 64 = 74 with no example; the maximum is
    // raised to fit, then the example fills it exactly.
    let fits = |example: &str| catalog(&name, &value, example).replace("length: 40", "length: 80");
    assert_eq!(problems(fits("123456")), 0, "at every bound");
    assert_eq!(
        problems(fits("1234567")),
        1,
        "one character over the maximum"
    );
    let long =
        |name: &str, value: &str| catalog(name, value, "x").replace("length: 40", "length: 200");
    assert_eq!(problems(long(&"n".repeat(65), &value)), 1, "a 65-byte name");
    assert_eq!(problems(long(&name, &"v".repeat(65))), 1, "a 65-byte value");
}
