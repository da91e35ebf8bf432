//! Fixture pairs of catalogs, one per kind of change, each with its expected report.
//!
//! `codegen/tests/fixtures/evolution/<case>/{base,new}.yaml` hold the pair; `expected.txt` holds
//! the text report followed by the markdown changelog entry. `BLESS=1` rewrites them (`BLESS=1`
//! only; see `tests/support/mod.rs`).

mod support;

use std::fs;
use std::path::Path;

use error_catalog::evolution::{compare, Bump, Class};

/// Every fixture: one per kind of change to a code (its status, its retry, its wording, each
/// step of its lifecycle), to rate limits and to operations, and to the version alone.
const CASES: &[&str] = &[
    "added",
    "constructor-added",
    "deleted",
    "deprecated",
    "deprecated-then-retired",
    "deprecation-replacement-changed",
    "deprecation-reworded",
    "details-turned-off",
    "details-turned-on",
    "message-reworded",
    "message-without-params",
    "one-of-value-added",
    "one-of-value-added-with-details",
    "one-of-value-removed",
    "operations-changed",
    "param-added",
    "param-described",
    "param-removed",
    "param-removed-with-details",
    "param-renamed",
    "param-type-changed",
    "params-reordered",
    "rate-limits-changed",
    "renamed",
    "retired",
    "retired-renamed",
    "retired-revived",
    "retired-revived-deprecated",
    "retired-then-deleted",
    "retry-after-added-with-params",
    "retry-after-removed-with-params",
    "retryable-changed",
    "reworded",
    "since-changed",
    "since-removed",
    "status-changed",
    "unchanged",
    "undeprecated",
    "version-down",
];

fn load(path: &Path) -> error_catalog::Catalog {
    let text = fs::read_to_string(path).expect("fixture is readable");
    error_catalog::load(&error_catalog::SourceFile::new(
        path.display().to_string(),
        text,
    ))
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

fn report(case: &str) -> error_catalog::evolution::Report {
    let dir = support::evolution_dir().join(case);
    compare(&load(&dir.join("base.yaml")), &load(&dir.join("new.yaml")))
}

#[test]
fn every_case_matches_its_expected_report() {
    let bless = support::blessing();
    let root = support::evolution_dir();
    let mut cases: Vec<_> = fs::read_dir(&root)
        .expect("fixtures exist")
        .map(|entry| {
            entry
                .expect("readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    assert_eq!(cases, CASES, "a fixture per kind of change, and no other");
    let mut mismatches = Vec::new();
    for case in &cases {
        let report = report(case);
        let actual = format!("{}---\n{}", report.text(), report.markdown());
        let expected_path = root.join(case).join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).expect("writable");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{case}:\n{}",
                similar::TextDiff::from_lines(&expected, &actual).unified_diff()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "reports differ (BLESS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

fn classes(case: &str) -> Vec<Class> {
    report(case)
        .changes
        .iter()
        .map(|change| change.class)
        .collect()
}

#[test]
fn breaking_changes_are_classified_breaking() {
    for case in ["deleted", "renamed", "status-changed", "retryable-changed"] {
        assert_eq!(classes(case), [Class::Breaking], "{case}");
        assert_eq!(report(case).required, Bump::Major, "{case}");
    }
    assert!(
        report("renamed").bump_ok(),
        "0.1.0 -> 0.2.0 is a major bump"
    );
    assert!(!report("deleted").bump_ok());
    assert!(report("renamed").changes[0]
        .summary
        .contains("invalid_delete_mode"));
}

#[test]
fn additive_and_cosmetic_changes_need_smaller_bumps() {
    assert_eq!(classes("added"), [Class::Additive]);
    assert_eq!(report("added").required, Bump::Minor);
    assert!(report("added").bump_ok());
    assert_eq!(classes("reworded"), [Class::Cosmetic]);
    assert_eq!(report("reworded").required, Bump::Patch);
    assert!(classes("unchanged").is_empty());
    assert_eq!(report("unchanged").required, Bump::None);
}

#[test]
fn deprecating_or_retiring_is_additive() {
    for case in ["deprecated", "retired"] {
        assert_eq!(classes(case), [Class::Additive], "{case}");
        assert!(report(case).passes(), "{case}");
    }
    assert!(report("deprecated").changes[0]
        .summary
        .contains("invalid_mode"));
}

#[test]
fn every_step_of_a_codes_lifecycle_is_classified() {
    // (case, the code, its one change's class, the bump it needs, words of its summary)
    for (case, code, class, bump, says) in [
        (
            "deprecated",
            "invalid_override",
            Class::Additive,
            Bump::Minor,
            "deprecated, replaced by `invalid_mode`",
        ),
        (
            "undeprecated",
            "invalid_override",
            Class::Additive,
            Bump::Minor,
            "no longer deprecated",
        ),
        (
            "deprecation-reworded",
            "invalid_override",
            Class::Cosmetic,
            Bump::Patch,
            "deprecation reworded to \"The mode validates override ids now.\"",
        ),
        (
            "deprecation-replacement-changed",
            "invalid_override",
            Class::Cosmetic,
            Bump::Patch,
            "deprecation now, replaced by `invalid_side`",
        ),
        (
            "retired",
            "invalid_side",
            Class::Additive,
            Bump::Minor,
            "retired: the server no longer sends it",
        ),
        (
            "deprecated-then-retired",
            "invalid_override",
            Class::Additive,
            Bump::Minor,
            "retired: the server no longer sends it",
        ),
        (
            "since-changed",
            "rate_limited",
            Class::Cosmetic,
            Bump::Patch,
            "`since` set to 0.2.0",
        ),
        (
            "since-removed",
            "rate_limited",
            Class::Cosmetic,
            Bump::Patch,
            "`since` removed",
        ),
    ] {
        let report = report(case);
        let changes: Vec<(&str, Class, &str)> = report
            .changes
            .iter()
            .map(|change| (change.code.as_str(), change.class, change.summary.as_str()))
            .collect();
        assert_eq!(changes, [(code, class, says)], "{case}");
        assert_eq!(report.required, bump, "{case}");
        assert!(
            report.forbidden.is_empty() && report.passes(),
            "{case}: {report:?}"
        );
    }
}

#[test]
fn a_retired_code_never_comes_back_whatever_the_bump() {
    for case in ["retired-revived", "retired-revived-deprecated"] {
        let report = report(case);
        assert_eq!(
            report.changes,
            [],
            "{case}: the revival is no change, it is refused"
        );
        let forbidden: Vec<(&str, &str)> = report
            .forbidden
            .iter()
            .map(|change| (change.code.as_str(), change.summary.as_str()))
            .collect();
        assert_eq!(
            forbidden,
            [(
                "invalid_side",
                "a retired code cannot come back, its string is never reused; add a new code \
                 instead"
            )],
            "{case}"
        );
        assert!(
            report.actual == Bump::Major && !report.passes(),
            "{case}: even a major bump does not make it right"
        );
    }
}

#[test]
fn a_retired_code_stays_for_good() {
    let report = report("retired-then-deleted");
    assert_eq!(report.forbidden.len(), 1);
    assert_eq!(report.forbidden[0].code, "invalid_side");
    assert!(
        report.actual == Bump::Major && !report.passes(),
        "no bump makes it right"
    );
}

#[test]
fn a_retired_code_cannot_be_renamed_away_nor_the_version_go_down() {
    let renamed = report("retired-renamed");
    assert_eq!(renamed.forbidden.len(), 1, "{renamed:?}");
    assert!(!renamed.passes());
    // The new code is reported as new, not as the retired one's rename.
    assert_eq!(classes("retired-renamed"), [Class::Additive]);
    let down = report("version-down");
    assert_eq!(down.forbidden[0].code, "crate.version");
    assert!(!down.passes());
}

#[test]
fn rate_limit_changes_are_classified_by_whom_they_break() {
    let report = report("rate-limits-changed");
    let class = |code: &str, words: &str| {
        report
            .changes
            .iter()
            .find(|change| change.code == code && change.summary.contains(words))
            .map(|change| change.class)
            .unwrap_or_else(|| panic!("no change to {code} saying {words:?}: {report:#?}"))
    };
    assert_eq!(class("rate_limits.per_key", "stricter"), Class::Breaking);
    assert_eq!(class("rate_limits.per_ip", "looser"), Class::Additive);
    assert_eq!(class("rate_limits.per_ip", "scope"), Class::Cosmetic);
    assert_eq!(class("rate_limits.per_day", "new"), Class::Additive);
    assert_eq!(class("maintenance", "Retry-After"), Class::Breaking);
    assert_eq!(class("overloaded", "Retry-After"), Class::Additive);
    assert_eq!(class("body.message_max_length", "raised"), Class::Breaking);
    assert_eq!(report.required, Bump::Major);
}

#[test]
fn operation_changes_break_servers_or_clients_and_new_operations_add() {
    let report = report("operations-changed");
    let class = |id: &str, words: &str| {
        report
            .changes
            .iter()
            .find(|change| {
                change.code == format!("operations.{id}") && change.summary.contains(words)
            })
            .map(|change| change.class)
            .unwrap_or_else(|| panic!("no change to {id} saying {words:?}: {report:#?}"))
    };
    assert_eq!(
        class("getOrder", "may return `payment_declined`"),
        Class::Breaking
    );
    assert_eq!(
        class("createOrder", "no longer returns `invalid_quantity`"),
        Class::Breaking
    );
    assert_eq!(class("listOrders", "deleted"), Class::Breaking);
    assert_eq!(class("cancelOrder", "moved"), Class::Breaking);
    assert_eq!(class("refundOrder", "new operation"), Class::Additive);
    assert!(report.passes(), "3.0.0 is a major bump: {}", report.text());
}

/// A policy's limit is compared as requests per second, without division, and by its quota (what
/// a client may spend in one burst): either going down is breaking, even when the other goes up.
#[test]
fn a_rate_limit_is_compared_per_second_and_by_its_quota() {
    let base_text = fs::read_to_string(
        support::evolution_dir()
            .join("rate-limits-changed")
            .join("base.yaml"),
    )
    .expect("fixture is readable");
    let old = "    requests: 1000\n    window: 3600\n";
    assert!(base_text.contains(old), "the fixture's `per_key` policy");
    let text = |text: &str| {
        error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", text))
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    };
    let base = text(&base_text);
    let per_key = |requests: u32, window: u32| -> Vec<(Class, String)> {
        let new = base_text.replace(
            old,
            &format!("    requests: {requests}\n    window: {window}\n"),
        );
        compare(&base, &text(&new))
            .changes
            .into_iter()
            .filter(|change| change.code == "rate_limits.per_key")
            .map(|change| (change.class, change.summary))
            .collect()
    };
    let looser = |requests, window| {
        (
            Class::Additive,
            format!(
                "limit changed from 1000 requests per 3600 seconds to {requests} requests per \
                 {window} seconds (looser)"
            ),
        )
    };
    let stricter = |requests, window| {
        (
            Class::Breaking,
            format!(
                "limit changed from 1000 requests per 3600 seconds to {requests} requests per \
                 {window} seconds (stricter: clients that pace themselves by the old limit get \
                 429s)"
            ),
        )
    };
    // The same rate with a bigger quota is looser; with a smaller one, stricter.
    assert_eq!(per_key(2000, 7200), [looser(2000, 7200)]);
    assert_eq!(per_key(500, 1800), [stricter(500, 1800)]);
    // A bigger quota at a lower rate is stricter; a bigger quota at a higher rate, looser.
    assert_eq!(per_key(1500, 7200), [stricter(1500, 7200)]);
    assert_eq!(per_key(3000, 7200), [looser(3000, 7200)]);
    // The same quota in a shorter window is looser; in a longer one, stricter.
    assert_eq!(per_key(1000, 1800), [looser(1000, 1800)]);
    assert_eq!(per_key(1000, 7200), [stricter(1000, 7200)]);
    // A higher rate with a smaller quota is stricter.
    assert_eq!(per_key(900, 60), [stricter(900, 60)]);
    assert_eq!(per_key(1000, 3600), []);
}

/// A breaking change without its major bump fails the check; an additive one without its bump
/// only warns.
#[test]
fn only_a_breaking_change_without_its_bump_fails() {
    for case in [
        "deleted",
        "rate-limits-changed",
        "retryable-changed",
        "status-changed",
    ] {
        let report = report(case);
        assert!(
            report.forbidden.is_empty() && !report.bump_ok(),
            "{case}: {report:?}"
        );
        assert!(!report.passes(), "{case}: {}", report.text());
    }
    let dir = support::evolution_dir().join("added");
    let new = fs::read_to_string(dir.join("new.yaml"))
        .expect("fixture is readable")
        .replace("version: 0.1.1", "version: 0.1.0");
    let new = error_catalog::load(&error_catalog::SourceFile::new("new.yaml", new))
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let report = compare(&load(&dir.join("base.yaml")), &new);
    assert!(!report.bump_ok(), "{report:?}");
    assert!(report.passes(), "{}", report.text());
    assert!(
        report.text().ends_with(
            "version 0.1.0 -> 0.1.0: warning: needs a minor (additive; a patch bump below \
             1.0.0) bump, but the version did not go up\n"
        ),
        "{}",
        report.text()
    );
}

/// A code that is gone counts as renamed only to a new code with its status, cause and remedy,
/// all three; otherwise it is deleted, and the new code added.
#[test]
fn a_rename_keeps_status_cause_and_remedy_all_three() {
    let dir = support::evolution_dir().join("renamed");
    let base = load(&dir.join("base.yaml"));
    let new_text = fs::read_to_string(dir.join("new.yaml")).expect("fixture is readable");
    for (was, now) in [
        (
            "    status: 422\n    cause: DELETE mode",
            "    status: 400\n    cause: DELETE mode",
        ),
        ("cause: DELETE mode isn't", "cause: The DELETE mode isn't"),
        (
            "remedy: Use `?mode=reset` or `?mode=delete`",
            "remedy: Use `?mode=reset`, or `?mode=delete`",
        ),
    ] {
        assert!(new_text.contains(was), "{was}");
        let new = error_catalog::load(&error_catalog::SourceFile::new(
            "new.yaml",
            new_text.replacen(was, now, 1),
        ))
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        let report = compare(&base, &new);
        let changes: Vec<(&str, Class)> = report
            .changes
            .iter()
            .map(|change| (change.code.as_str(), change.class))
            .collect();
        assert_eq!(
            changes,
            [
                ("invalid_mode", Class::Breaking),
                ("invalid_delete_mode", Class::Additive)
            ],
            "{now}"
        );
    }
}

/// Each change to a message or its parameters, by the class it has and the words that say why:
/// (case, the changes as (code, class, words of the summary), the bump it needs).
#[test]
fn message_and_parameter_changes_are_classified_by_whom_they_break() {
    use Class::{Additive, Breaking, Cosmetic};
    for (case, wanted, bump) in [
        (
            "param-added",
            &[
                ("invalid_mode", Breaking, "new parameter `method` (text)"),
                ("invalid_mode", Cosmetic, "message reworded"),
            ][..],
            Bump::Major,
        ),
        (
            "constructor-added",
            &[
                (
                    "unauthorized",
                    Additive,
                    "a new constructor `ErrorBody::unauthorized`",
                ),
                ("unauthorized", Cosmetic, "message set to"),
            ],
            Bump::Minor,
        ),
        (
            "param-removed",
            &[
                ("page_too_large", Breaking, "parameter `max` removed"),
                ("page_too_large", Cosmetic, "message reworded"),
            ],
            Bump::Major,
        ),
        (
            "param-removed-with-details",
            &[
                (
                    "page_too_large",
                    Breaking,
                    "stop compiling, and so do clients reading it from `details`",
                ),
                ("page_too_large", Cosmetic, "message reworded"),
            ],
            Bump::Major,
        ),
        (
            "param-renamed",
            &[
                (
                    "invalid_mode",
                    Breaking,
                    "parameter `mode` renamed to `requested_mode`",
                ),
                ("invalid_mode", Cosmetic, "message reworded"),
            ],
            Bump::Major,
        ),
        (
            "param-type-changed",
            &[(
                "page_too_large",
                Breaking,
                "parameter `size` changed from integer to text",
            )],
            Bump::Major,
        ),
        (
            "params-reordered",
            &[(
                "page_too_large",
                Breaking,
                "parameters reordered, from `size`, `max` to `max`, `size`",
            )],
            Bump::Major,
        ),
        (
            "one-of-value-added",
            &[(
                "unsupported_format",
                Additive,
                "parameter `format` takes `ods` too",
            )],
            Bump::Minor,
        ),
        (
            "one-of-value-added-with-details",
            &[(
                "unsupported_format",
                Breaking,
                "parameter `format` takes `ods` too: clients reading `details` refuse",
            )],
            Bump::Major,
        ),
        (
            "one-of-value-removed",
            &[(
                "unsupported_format",
                Breaking,
                "parameter `format` no longer takes `xlsx`",
            )],
            Bump::Major,
        ),
        (
            "message-reworded",
            &[
                ("invalid_mode", Cosmetic, "message reworded"),
                ("page_too_large", Cosmetic, "message reworded"),
            ],
            Bump::Patch,
        ),
        (
            "param-described",
            &[
                ("invalid_mode", Cosmetic, "description reworded"),
                ("invalid_mode", Cosmetic, "example changed to `wipe`"),
            ],
            Bump::Patch,
        ),
        (
            "message-without-params",
            &[
                ("unauthorized", Cosmetic, "message set to"),
                ("maintenance", Cosmetic, "message removed"),
            ],
            Bump::Patch,
        ),
        (
            "retry-after-added-with-params",
            &[
                ("export_busy", Breaking, "retryable changed"),
                (
                    "export_busy",
                    Breaking,
                    "takes the delay after its parameters now",
                ),
            ],
            Bump::Major,
        ),
        (
            "retry-after-removed-with-params",
            &[
                ("export_busy", Breaking, "retryable changed"),
                (
                    "export_busy",
                    Breaking,
                    "no longer sends `Retry-After`; its constructor `ErrorBody::export_busy`, \
                     which servers call, no longer takes the delay",
                ),
            ],
            Bump::Major,
        ),
        (
            "details-turned-on",
            &[("body.details", Additive, "turned on")],
            Bump::Minor,
        ),
        (
            "details-turned-off",
            &[("body.details", Breaking, "turned off")],
            Bump::Major,
        ),
    ] {
        let report = report(case);
        let changes: Vec<(&str, Class, &str)> = report
            .changes
            .iter()
            .map(|change| (change.code.as_str(), change.class, change.summary.as_str()))
            .collect();
        assert_eq!(changes.len(), wanted.len(), "{case}: {changes:#?}");
        for (change, (code, class, says)) in changes.iter().zip(wanted) {
            assert!(
                change.0 == *code && change.1 == *class && change.2.contains(says),
                "{case}: {change:?} is not ({code}, {class:?}, …{says}…)"
            );
        }
        assert_eq!(report.required, bump, "{case}");
    }
}

/// A fixture's pair with `body.details` set as given in the base and in the new catalog.
fn with_details(case: &str, (base, new): (bool, bool)) -> error_catalog::evolution::Report {
    let dir = support::evolution_dir().join(case);
    let catalog = |file: &str, details: bool| {
        let text = fs::read_to_string(dir.join(file)).expect("fixture is readable");
        let text = text
            .replace("  details: false\n", &format!("  details: {details}\n"))
            .replace("  details: true\n", &format!("  details: {details}\n"));
        error_catalog::load(&error_catalog::SourceFile::new(file, text))
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    };
    compare(&catalog("base.yaml", base), &catalog("new.yaml", new))
}

/// With `details` on, clients read each value back by name, typed: a parameter removed,
/// renamed or retyped, or a `one_of` value removed, breaks them too, and the summary says so,
/// whichever catalog has it on (turning it off is a breaking change of its own). A reorder does
/// not (they read by name), nor does a parameter added.
#[test]
fn the_summary_names_the_clients_a_change_breaks_when_details_is_on() {
    for (case, clients) in [
        ("param-removed", true),
        ("param-renamed", true),
        ("param-type-changed", true),
        ("one-of-value-removed", true),
        ("params-reordered", false),
        ("param-added", false),
    ] {
        for details in [(false, false), (true, true), (false, true), (true, false)] {
            let report = with_details(case, details);
            let breaking: Vec<&str> = report
                .changes
                .iter()
                .filter(|change| change.class == Class::Breaking && change.code != "body.details")
                .map(|change| change.summary.as_str())
                .collect();
            assert_eq!(breaking.len(), 1, "{case}: {breaking:?}");
            assert_eq!(
                breaking[0].contains("clients"),
                clients && (details.0 || details.1),
                "{case}, details {details:?}: {}",
                breaking[0]
            );
        }
    }
}

/// A parameter that goes counts as renamed only to a new one in its place with its kind;
/// otherwise it is removed, and the other added.
#[test]
fn a_parameter_rename_keeps_its_place_and_its_kind() {
    let dir = support::evolution_dir().join("param-renamed");
    let base = load(&dir.join("base.yaml"));
    let new_text = fs::read_to_string(dir.join("new.yaml")).expect("fixture is readable");
    let changes = |text: String| -> Vec<(Class, String)> {
        let new = error_catalog::load(&error_catalog::SourceFile::new("new.yaml", text))
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        compare(&base, &new)
            .changes
            .into_iter()
            .filter(|change| change.class != Class::Cosmetic)
            .map(|change| (change.class, change.summary))
            .collect()
    };
    assert_eq!(changes(new_text.clone()).len(), 1, "the fixture's rename");
    let retyped = new_text.replacen(
        "      requested_mode:\n        type: text\n",
        "      requested_mode:\n        type: integer\n",
        1,
    );
    let retyped = retyped.replacen("example: purge", "example: 3", 1);
    let summaries: Vec<String> = changes(retyped)
        .into_iter()
        .map(|(class, summary)| {
            assert_eq!(class, Class::Breaking, "{summary}");
            summary
        })
        .collect();
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(
        summaries[0].starts_with("parameter `mode` removed"),
        "{summaries:?}"
    );
    assert!(
        summaries[1].starts_with("new parameter `requested_mode` (integer)"),
        "{summaries:?}"
    );
}
