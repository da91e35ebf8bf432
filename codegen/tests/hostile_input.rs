//! Hostile input: each case gets a clear, located error, with bounded output, and never a crash,
//! a hang or a stack overflow. How fast and in how much memory is measured in release builds, in
//! `docs/fuzzing.md` and `docs/benchmarks.md`, never asserted here. The large inputs are made here rather than checked in;
//! the small ones are also fixtures in `tests/fixtures/invalid/` with their exact messages.

mod support;

use error_catalog::{Diagnostics, SourceFile};

fn catalog_yaml() -> String {
    support::read_repo_file("catalog.yaml")
}

/// Reads, checks and renders `bytes` as the CLI does; returns the rendered diagnostics.
fn rejected(name: &str, bytes: Vec<u8>) -> String {
    let result: Result<_, Diagnostics> =
        SourceFile::from_bytes(name, bytes).and_then(|file| error_catalog::load(&file));
    let rendered = match result {
        Ok(_) => panic!("{name}: accepted"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    assert!(
        rendered.lines().count() < 2_000,
        "{name}: {} lines of messages",
        rendered.lines().count()
    );
    rendered
}

fn assert_first_line(rendered: &str, expected: &str) {
    let first = rendered.lines().next().unwrap_or_default();
    assert_eq!(first, expected, "in\n{rendered}");
}

#[test]
fn a_byte_order_mark_is_accepted_and_changes_nothing() {
    let plain = catalog_yaml();
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(plain.as_bytes());
    let load = |bytes: Vec<u8>| {
        let file = SourceFile::from_bytes("catalog.yaml", bytes).expect("UTF-8");
        let catalog = error_catalog::load(&file).unwrap_or_else(|d| panic!("{d}"));
        error_catalog::emit::outputs(&catalog).expect("emits")
    };
    assert_eq!(load(with_bom), load(plain.into_bytes()));
    // Problems in a file with a mark are located as the editor shows them.
    let mut broken = "\u{feff}".as_bytes().to_vec();
    broken.extend_from_slice(b"crate: {}\npage: {}\ncodes: []\nextra: 1\n");
    let rendered = rejected("bom.yaml", broken);
    assert!(
        rendered.contains("bom.yaml:4:1: error: unknown field `extra`"),
        "{rendered}"
    );
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let rendered = rejected("latin1.yaml", b"crate:\n  name: caf\xe9\n".to_vec());
    assert_first_line(
        &rendered,
        "latin1.yaml:2:12: error: the catalog is not valid UTF-8",
    );
}

#[test]
fn empty_and_blank_files_say_what_a_catalog_needs() {
    for (name, text) in [
        ("empty.yaml", ""),
        ("blank.yaml", " \n\t\n"),
        ("comments.yaml", "# nothing here\n"),
        ("document.yaml", "---\n"),
        ("bom-only.yaml", "\u{feff}"),
    ] {
        let rendered = rejected(name, text.as_bytes().to_vec());
        assert_first_line(
            &rendered,
            &format!(
                "{name}:1:1: error: the catalog is empty; it needs `crate`, `page` and `codes`"
            ),
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_recursing() {
    let cases = [
        ("brackets.yaml", "[".repeat(200_000)),
        ("braces.yaml", "{".repeat(200_000)),
        (
            "closed.yaml",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "flow-maps.yaml",
            format!("codes: {}", "{a: ".repeat(100_000)),
        ),
        ("block-seqs.yaml", format!("{}x\n", "- ".repeat(100_000))),
        (
            "block-maps.yaml",
            (0..2_000)
                .map(|i| format!("{}a:\n", "  ".repeat(i)))
                .collect(),
        ),
        ("keys.yaml", format!("{}x\n", "? ".repeat(100_000))),
    ];
    for (name, text) in cases {
        let rendered = rejected(name, text.into_bytes());
        assert!(
            rendered.contains("error: the catalog nests deeper than 32 levels"),
            "{name}: {rendered}"
        );
    }
}

#[test]
fn alias_bombs_are_refused_before_anything_expands() {
    // Billion laughs: nine levels of nine aliases each, 387 million strings once expanded.
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(",");
        laughs.push_str(&format!("{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    // The same bomb, landing in a string field of an otherwise valid catalog.
    let in_field = format!(
        "{laughs}{}",
        catalog_yaml().replacen("  title: Errors\n", "  title: *j\n", 1)
    );
    // An alias before its anchor, and an alias as a mapping key.
    let cases = [
        ("laughs.yaml", laughs),
        ("in-field.yaml", in_field),
        ("forward.yaml", "a: *x\nb: &x 1\n".to_owned()),
        ("key.yaml", "&k a: 1\n*k : 2\n".to_owned()),
        ("merge.yaml", "a: &m {b: 1}\nc: {<<: *m}\n".to_owned()),
    ];
    for (name, text) in cases {
        let rendered = rejected(name, text.into_bytes());
        assert!(
            rendered.contains("error: YAML anchors and aliases are not supported in a catalog"),
            "{name}: {rendered}"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let limit = error_catalog::limits::MAX_SOURCE_BYTES;
    let mut big = catalog_yaml().into_bytes();
    big.resize(limit + 1, b'#');
    let rendered = rejected("big.yaml", big);
    assert_first_line(
        &rendered,
        &format!("big.yaml:1:1: error: the catalog is larger than the limit of {limit} bytes"),
    );
}

#[test]
fn huge_values_keys_and_codes_are_quoted_short() {
    let long = "x".repeat(8 * 1024 * 1024);
    let cases = [
        (
            "value.yaml",
            catalog_yaml().replacen("remedy: Back off and retry", &format!("remedy: {long}"), 1),
            "is 8388608 characters long, more than 1000",
        ),
        (
            "key.yaml",
            format!("{long}: 1\n{}", catalog_yaml()),
            "key.yaml:1:8388609: error: invalid YAML: mapping values are not allowed",
        ),
        (
            "explicit-key.yaml",
            format!("? {long}\n: 1\n{}", catalog_yaml()),
            "error: unknown field `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`",
        ),
        (
            "code.yaml",
            catalog_yaml().replacen("code: rate_limited", &format!("code: {long}"), 1),
            "error: code is longer than 64 bytes",
        ),
        (
            "status.yaml",
            catalog_yaml().replacen("status: 429", &format!("status: \"{long}\""), 1),
            "expected a whole number (an HTTP status), found the string",
        ),
    ];
    for (name, text, expected) in cases {
        let rendered = rejected(name, text.into_bytes());
        let shown: String = rendered.chars().take(2000).collect();
        assert!(rendered.contains(expected), "{name}: {shown}");
        assert!(
            rendered.len() < 100_000,
            "{name}: {} bytes of messages",
            rendered.len()
        );
    }
}

#[test]
fn thousands_of_problems_are_counted_and_the_first_shown() {
    let mut text = catalog_yaml();
    for index in 0..15_000 {
        text.push_str(&format!(
            "  - code: Bad-{index}\n    status: 99\n    cause: \"\"\n    remedy: ok\n"
        ));
    }
    let rendered = rejected("many.yaml", text.into_bytes());
    let last = rendered.lines().last().unwrap_or_default();
    assert_eq!(last, "error: 45000 problems in many.yaml");
    assert!(
        rendered.contains("… and 44950 more problems not shown"),
        "{rendered}"
    );
}

/// Every broken item of a part costs another read of the part, so one part's report stops at a
/// limit: a page of 100,000 broken paragraphs costs 50 reads of the page, not 100,000.
#[test]
fn a_part_full_of_problems_reports_the_first_ones_and_stops() {
    let paragraph = "        - If you're polling logs";
    let text = catalog_yaml().replacen(
        paragraph,
        &format!("{}{paragraph}", "        - [broken]\n".repeat(100_000)),
        1,
    );
    let rendered = rejected("broken-page.yaml", text.into_bytes());
    assert!(
        rendered
            .contains("error: `page.sections[0].paragraphs[1]`: expected a string, found a list"),
        "{rendered}"
    );
    assert!(
        rendered
            .contains("error: `page.sections[0].paragraphs[49]`: expected a string, found a list"),
        "{rendered}"
    );
    assert!(!rendered.contains("paragraphs[50]`"), "{rendered}");
    assert!(
        rendered.contains(
            "error: `page` has more than 49 problems; fix these and run again to see the rest"
        ),
        "{rendered}"
    );
    // The part's 49 problems and the note on the rest, all shown.
    assert!(
        rendered.ends_with("wrong type\nerror: 50 problems in broken-page.yaml"),
        "{rendered}"
    );
}

#[test]
fn more_than_one_document_is_refused() {
    let text = format!("{}---\ncodes: []\n", catalog_yaml());
    let rendered = rejected("two.yaml", text.into_bytes());
    assert!(
        rendered.contains("error: the catalog holds more than one YAML document"),
        "{rendered}"
    );
}

#[test]
fn more_codes_than_the_limit_are_refused() {
    let limit = error_catalog::limits::MAX_CODES;
    let mut text = catalog_yaml();
    for index in 0..limit {
        text.push_str(&format!(
            "  - code: extra_{index}\n    status: 400\n    cause: Cause\n    remedy: Remedy\n"
        ));
    }
    let rendered = rejected("many-codes.yaml", text.into_bytes());
    let total = limit + 10;
    assert!(
        rendered.contains(&format!(
            "error: the catalog has {total} codes, more than the limit of {limit}"
        )),
        "{rendered}"
    );
}

/// Found by `cargo fuzz`: a file holding only U+2009 (a thin space) panicked while rendering,
/// as the caret's span ended inside the three-byte character. (An empty file is now reported
/// without a source line; a blank value still gets its caret.)
#[test]
fn unicode_whitespace_is_underlined_by_whole_characters() {
    for text in [
        "\u{2009}",
        "\u{3000}\n",
        "a: \u{2009}\n",
        "\u{a0}\u{2009}x: 1\n",
    ] {
        rejected("space.yaml", text.as_bytes().to_vec());
    }
    // The same character as a whole value: an empty cause, underlined.
    let catalog = catalog_yaml().replacen(
        "cause: Missing, invalid, revoked, or expired API key",
        "cause: \u{2009}",
        1,
    );
    let rendered = rejected("cause.yaml", catalog.into_bytes());
    assert!(rendered.contains("error: `cause` is empty"), "{rendered}");
    assert!(rendered.contains("^ empty"), "{rendered}");
}

/// A catalog saved with Windows (`\r\n`) or old Mac (`\r`) line endings reads, generates and
/// reports exactly as with `\n`.
#[test]
fn crlf_line_endings_change_nothing() {
    let lf = catalog_yaml();
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let emit = |text: &str| {
        let file = SourceFile::new("catalog.yaml", text);
        let catalog = error_catalog::load(&file).unwrap_or_else(|d| panic!("{d}"));
        error_catalog::emit::outputs(&catalog).expect("emits")
    };
    assert_eq!(emit(&crlf), emit(&lf));
    assert_eq!(emit(&cr), emit(&lf));
    let broken = lf
        .replacen("code: rate_limited", "code: unauthorized", 1)
        .replacen("status: 404", "status: 200", 1)
        .replacen("remedy: Check ids", "remdy: Check ids", 1);
    let rendered_lf = rejected("catalog.yaml", broken.clone().into_bytes());
    let rendered_crlf = rejected("catalog.yaml", broken.replace('\n', "\r\n").into_bytes());
    assert_eq!(rendered_crlf, rendered_lf);
    let rendered_cr = rejected("catalog.yaml", broken.replace('\n', "\r").into_bytes());
    assert_eq!(rendered_cr, rendered_lf);
    assert!(!rendered_crlf.contains('\r') && !rendered_crlf.contains('\u{240d}'));
}

/// Found by `cargo fuzz`: `%s` and a lone `\r`. YAML counts the `\r` as a line break, so the
/// error is on line 2, a line that counting `\n` alone did not know; the caret's range then ran
/// backwards and slicing panicked.
#[test]
fn a_lone_carriage_return_is_a_line_break() {
    let rendered = rejected("cr.yaml", b"%s\r".to_vec());
    assert_first_line(
        &rendered,
        "cr.yaml:2:1: error: invalid YAML: did not find expected <document start>",
    );
    for text in ["\r", "a\r\r\r", "\r\n\r", "a: [\r", "a: \"\r"] {
        rejected("cr.yaml", text.as_bytes().to_vec());
    }
}
