//! The committed outputs, proven by the tools that docs sites and API pipelines use: the OpenAPI
//! document by `openapi-spec-validator`, `redocly` (lint, and bundle into a spec that
//! references it) and Spectral's OWASP ruleset, the page by `markdownlint-cli2` and an mdBook build, and the code anchors and
//! pattern links in both HTML renderings (mdBook's and the pulldown-cmark fragment).
//!
//! The tools are not skipped when missing: each test fails, naming `cargo xtask test`, which
//! installs them into `target/tools` and puts them on `PATH`.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use error_catalog::emit::paths;
use error_catalog::{Catalog, SourceFile};
use pulldown_cmark::{Event, Parser};
use scraper::{Html, Selector};
use serde_json::Value;

/// The redocly config and the markdownlint config, relative to the repository root.
const REDOCLY_CONFIG: &str = "redocly.yaml";
const MARKDOWNLINT_CONFIG: &str = ".markdownlint-cli2.yaml";
/// Spectral's ruleset: the OWASP API Security rules.
const SPECTRAL_CONFIG: &str = ".spectral.yaml";
/// The main spec that references the generated responses.
const MAIN_SPEC: &str = "codegen/tests/fixtures/main-spec.yaml";

use support::{read_repo_file as read, repo_root as root};

fn catalog() -> Catalog {
    let path = root().join("catalog.yaml");
    let bytes = fs::read(&path).expect("catalog.yaml is readable");
    let file = SourceFile::from_bytes("catalog.yaml".to_owned(), bytes).expect("catalog is UTF-8");
    error_catalog::load(&file)
        .unwrap_or_else(|diagnostics| panic!("catalog.yaml is invalid:\n{diagnostics}"))
}

fn codes(catalog: &Catalog) -> Vec<String> {
    catalog
        .codes
        .iter()
        .map(|entry| entry.code.to_string())
        .collect()
}

/// The tool's path on `PATH`, or a failure that says how to get it.
fn tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not on PATH: run the tests with `cargo xtask test`, which installs \
                 the pinned tools into target/tools and puts them on PATH"
            )
        })
}

/// A command for the tool, run from the repository root, with redocly's telemetry and update
/// check off (CI reaches package registries only).
fn command(name: &str) -> Command {
    let mut command = Command::new(tool(name));
    command
        .current_dir(root())
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    command
}

/// Runs the command and returns its stdout; fails with everything it printed unless it succeeds.
fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed with {}\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs `redocly lint` with JSON output and fails unless it reports no problem at all. It prints
/// one JSON report per file.
fn redocly_lint(config: &Path, files: &[&OsStr], current_dir: &Path) {
    let stdout = run(command("redocly")
        .current_dir(current_dir)
        .arg("lint")
        .arg("--config")
        .arg(config)
        .arg("--format=json")
        .args(files));
    let reports: Vec<Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| {
            panic!("redocly lint printed no JSON reports ({error}):\n{stdout}")
        });
    assert_eq!(reports.len(), files.len(), "one report per file:\n{stdout}");
    for report in &reports {
        assert_eq!(
            report["totals"],
            serde_json::json!({"errors": 0, "warnings": 0, "ignored": 0}),
            "redocly lint found problems in {files:?}:\n{stdout}"
        );
    }
}

fn yaml_value(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("the document is YAML")
}

/// Every `$ref` in the value, in document order.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => references(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

fn response_names(document: &Value) -> BTreeSet<String> {
    document["components"]["responses"]
        .as_object()
        .expect("the document has components.responses")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn openapi_spec_validator_accepts_the_yaml_and_the_json() {
    run(command("openapi-spec-validator")
        .arg(paths::OPENAPI_YAML)
        .arg(paths::OPENAPI_JSON));
}

#[test]
fn redocly_lint_passes_on_the_yaml_and_the_json() {
    redocly_lint(
        &root().join(REDOCLY_CONFIG),
        &[paths::OPENAPI_YAML.as_ref(), paths::OPENAPI_JSON.as_ref()],
        &root(),
    );
}

#[test]
fn the_json_is_the_same_document_as_the_yaml() {
    let yaml = yaml_value(&read(paths::OPENAPI_YAML));
    let json: Value =
        serde_json::from_str(&read(paths::OPENAPI_JSON)).expect("errors.json is JSON");
    assert_eq!(yaml, json);
    assert_eq!(
        json["x-generated-by"]
            .as_str()
            .map(|header| header.contains("cargo xtask codegen")),
        Some(true),
        "errors.json names the command that makes it in `x-generated-by`"
    );
}

/// A temporary folder with the main spec beside the generated `errors.yaml`, and the two bundled
/// by `redocly bundle` into `bundled.yaml`.
fn bundled_main_spec() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(dir.path().join("main-spec.yaml"), read(MAIN_SPEC)).expect("main spec copied");
    fs::write(dir.path().join("errors.yaml"), read(paths::OPENAPI_YAML))
        .expect("errors.yaml copied");
    run(command("redocly")
        .current_dir(dir.path())
        .args([
            "bundle",
            "main-spec.yaml",
            "--output",
            "bundled.yaml",
            "--config",
        ])
        .arg(root().join(REDOCLY_CONFIG)));
    dir
}

/// What Spectral with the OWASP ruleset (config: `.spectral.yaml`) reports on `file`: every
/// finding as `rule severity path: message`, and the rules of the findings that are errors.
fn spectral(file: &Path) -> (Vec<String>, BTreeSet<String>) {
    let spectral = tool("spectral");
    // `extends` finds the ruleset package through `NODE_PATH`: the `node_modules` that holds
    // `.bin/spectral`.
    let node_modules = spectral
        .parent()
        .and_then(Path::parent)
        .expect("spectral is in node_modules/.bin");
    let output = Command::new(&spectral)
        .current_dir(root())
        .env("NODE_PATH", node_modules)
        .args([
            "lint",
            "--ruleset",
            SPECTRAL_CONFIG,
            "--format",
            "json",
            "--quiet",
        ])
        .arg(file)
        .output()
        .expect("spectral runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let findings: Vec<Value> = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "spectral printed no JSON report ({error}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let severities = ["error", "warning", "info", "hint"];
    let lines = findings
        .iter()
        .map(|finding| {
            format!(
                "{} {} {}: {}",
                finding["code"].as_str().unwrap_or_default(),
                severities
                    .get(finding["severity"].as_u64().unwrap_or(0) as usize)
                    .unwrap_or(&"?"),
                finding["path"],
                finding["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    let errors = findings
        .iter()
        .filter(|finding| finding["severity"] == 0)
        .map(|finding| finding["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    (lines, errors)
}

/// The OWASP rules about rate limits and string sizes hold for the components alone and for a
/// spec that uses them; no other rule finds an error either (`.spectral.yaml` says why the one
/// it turns off does not apply), and every example is valid against its schema. The
/// components of the fixture with message parameters and `details` are linted too.
#[test]
fn spectral_owasp_finds_no_error_in_the_components_or_a_spec_using_them() {
    let dir = bundled_main_spec();
    let (_, messages) = support::valid_fixtures()
        .into_iter()
        .find(|(name, _)| name == "messages")
        .expect("the messages fixture");
    let document = support::generate(&messages)
        .into_iter()
        .find(|output| output.path == paths::OPENAPI_YAML)
        .expect("the pipeline emits the OpenAPI document");
    let with_details = dir.path().join("messages.yaml");
    std::fs::write(&with_details, document.contents).expect("write the document");
    for file in [
        root().join(paths::OPENAPI_YAML),
        dir.path().join("bundled.yaml"),
        with_details,
    ] {
        let (findings, errors) = spectral(&file);
        assert!(
            errors.is_empty(),
            "spectral finds errors ({errors:?}) in {}:\n{}",
            file.display(),
            findings.join("\n")
        );
        for rule in [
            "owasp:api4:2023-rate-limit",
            "owasp:api4:2023-rate-limit-retry-after",
            "owasp:api4:2023-string-limit",
        ] {
            assert!(
                !findings
                    .iter()
                    .any(|finding| finding.starts_with(&format!("{rule} "))),
                "{rule} in {}:\n{}",
                file.display(),
                findings.join("\n")
            );
        }
    }
}

#[test]
fn a_main_spec_referencing_the_responses_bundles_into_one_valid_document() {
    let generated = yaml_value(&read(paths::OPENAPI_YAML));
    let spec_text = read(MAIN_SPEC);

    // The fixture refers to every operation's own responses, as a spec beside the file does,
    // and the spec check agrees that it matches the catalog.
    let catalog = catalog();
    let mut spec_refs = Vec::new();
    references(&yaml_value(&spec_text), &mut spec_refs);
    let referenced: BTreeSet<String> = spec_refs
        .iter()
        .filter_map(|target| target.strip_prefix("errors.yaml#/components/responses/"))
        .map(str::to_owned)
        .collect();
    let per_operation: BTreeSet<String> = catalog
        .operations
        .iter()
        .flat_map(|operation| {
            catalog
                .operation_statuses(operation)
                .into_iter()
                .map(|status| operation.response_name(status))
        })
        .collect();
    assert_eq!(
        referenced, per_operation,
        "{MAIN_SPEC} should `$ref` every operation's own responses"
    );
    assert!(per_operation.is_subset(&response_names(&generated)));
    if let Err(error) = error_catalog::check_spec_file(&catalog, &root().join(MAIN_SPEC)) {
        panic!("{MAIN_SPEC} disagrees with the catalog:\n{error}");
    }

    let dir = bundled_main_spec();
    let config = root().join(REDOCLY_CONFIG);
    let bundled_text = fs::read_to_string(dir.path().join("bundled.yaml")).expect("bundle written");
    let bundled = yaml_value(&bundled_text);
    let mut bundled_refs = Vec::new();
    references(&bundled, &mut bundled_refs);
    let external: Vec<&String> = bundled_refs
        .iter()
        .filter(|target| !target.starts_with("#/"))
        .collect();
    assert!(
        external.is_empty(),
        "the bundle still points outside itself: {external:?}"
    );
    assert_eq!(response_names(&bundled), referenced);
    for (name, response) in generated["components"]["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| referenced.contains(*name))
    {
        assert_eq!(
            bundled["components"]["responses"][name]["content"]["application/json"]["examples"],
            response["content"]["application/json"]["examples"],
            "the bundled {name} response keeps one example per code"
        );
    }

    run(command("openapi-spec-validator").arg(dir.path().join("bundled.yaml")));
    // In the bundle every component is used, so the rule the components' config turns off is on.
    let strict = dir.path().join("strict-redocly.yaml");
    fs::write(
        &strict,
        format!(
            "extends:\n  - {}\nrules:\n  no-unused-components: error\n",
            config.display()
        ),
    )
    .expect("strict config written");
    redocly_lint(&strict, &["bundled.yaml".as_ref()], dir.path());
}

#[test]
fn markdownlint_passes_on_the_page() {
    run(command("markdownlint-cli2")
        .args(["--config", MARKDOWNLINT_CONFIG])
        .arg(format!(":{}", paths::PAGE))
        .arg(":docs/SUMMARY.md"));
}

/// Inline HTML is only the header comment and the code anchors, whatever the linter allows.
#[test]
fn the_page_holds_no_html_but_its_header_and_the_code_anchors() {
    let catalog = catalog();
    let page = read(paths::PAGE);
    let mut anchors = Vec::new();
    for event in Parser::new_ext(&page, error_catalog::emit::html::options()) {
        match event {
            Event::Html(html) => assert_eq!(
                html.trim_end(),
                error_catalog::emit::markdown::header_comment(),
                "the only HTML block is the header"
            ),
            Event::InlineHtml(html) if &*html == "</a>" => {}
            Event::InlineHtml(html) => {
                let id = html
                    .strip_prefix("<a id=\"")
                    .and_then(|rest| rest.strip_suffix("\">"))
                    .unwrap_or_else(|| panic!("inline HTML other than a code anchor: {html}"));
                anchors.push(id.to_owned());
            }
            _ => {}
        }
    }
    assert_eq!(anchors, codes(&catalog));
}

/// Checks a rendering of the page: one table row and one anchor per code, in catalog order, every
/// id unique, every pattern linking to its codes, and every in-page link landing on an id.
fn check_anchors(html: &str, catalog: &Catalog, rendering: &str) {
    let document = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).expect("a valid selector");
    let content = document
        .select(&select("main"))
        .next()
        .unwrap_or_else(|| document.root_element());

    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for element in document.select(&select("[id]")) {
        *ids.entry(element.value().id().unwrap_or_default())
            .or_default() += 1;
    }
    let codes = codes(catalog);
    for code in &codes {
        assert_eq!(
            ids.get(code.as_str()),
            Some(&1),
            "{rendering}: one element with id `{code}`"
        );
    }

    // The error table, then the table of operations when the catalog has operations.
    let tables: Vec<_> = content.select(&select("table")).collect();
    let with_operations = !catalog.operations.is_empty();
    assert_eq!(
        tables.len(),
        1 + usize::from(with_operations),
        "{rendering}: the error table, and one of operations"
    );
    let rows: Vec<Vec<String>> = tables[0]
        .select(&select("tbody tr"))
        .map(|row| {
            row.select(&select("a[id]"))
                .filter_map(|anchor| anchor.value().id().map(str::to_owned))
                .collect()
        })
        .collect();
    let expected: Vec<Vec<String>> = codes.iter().map(|code| vec![code.clone()]).collect();
    assert_eq!(
        rows, expected,
        "{rendering}: one row per code, holding its anchor"
    );

    let links: BTreeSet<String> = content
        .select(&select("a[href^='#']"))
        .filter_map(|link| link.value().attr("href"))
        .map(|href| href.trim_start_matches('#').to_owned())
        .filter(|target| !target.is_empty())
        .collect();
    for target in &links {
        assert!(
            ids.contains_key(target.as_str()),
            "{rendering}: link to `#{target}` lands nowhere"
        );
    }
    if with_operations {
        let operation_links: BTreeSet<String> = tables[1]
            .select(&select("a[href^='#']"))
            .filter_map(|link| link.value().attr("href"))
            .map(|href| href.trim_start_matches('#').to_owned())
            .collect();
        for operation in &catalog.operations {
            for code in catalog.operation_codes(operation) {
                assert!(
                    operation_links.contains(code.code.as_str()),
                    "{rendering}: the operations table links to `#{}` for `{}`",
                    code.code,
                    operation.id
                );
            }
        }
    }
    for pattern in &catalog.page.patterns.items {
        for code in &pattern.codes {
            assert!(
                links.contains(code.as_str()),
                "{rendering}: pattern `{}` links to `#{}`",
                pattern.title.as_str(),
                code.as_str()
            );
        }
    }
}

#[test]
fn the_html_fragment_keeps_every_anchor_and_link() {
    let html = read(paths::PAGE_HTML);
    assert_eq!(
        html.lines().next(),
        Some(error_catalog::emit::markdown::header_comment().as_str()),
        "the fragment opens with the header"
    );
    check_anchors(&html, &catalog(), paths::PAGE_HTML);
}

#[test]
fn an_mdbook_build_of_docs_keeps_every_anchor_and_link() {
    let out = tempfile::tempdir().expect("a temporary folder");
    run(command("mdbook")
        .arg("build")
        .arg("docs")
        .arg("--dest-dir")
        .arg(out.path()));
    let html =
        fs::read_to_string(out.path().join("errors.html")).expect("mdBook wrote errors.html");
    check_anchors(&html, &catalog(), "mdBook's errors.html");
}
