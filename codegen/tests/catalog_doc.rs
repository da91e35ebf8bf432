//! The examples of `docs/catalog.md` are catalogs that load: the message section's YAML block,
//! put after the smallest catalog's `crate` and `page`, is valid, and its messages filled in
//! with the examples read as the section says they do.

mod support;

/// The first fenced `yaml` block after the heading that starts with `heading`.
fn yaml_block_after(markdown: &str, heading: &str) -> String {
    let section = markdown
        .split("\n## ")
        .find(|section| section.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/catalog.md has no section `{heading}`"));
    let block = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap_or_else(|| panic!("no yaml block in `{heading}`"));
    block.to_owned()
}

#[test]
fn the_message_section_example_loads_and_fills_in_as_documented() {
    let doc = support::read_repo_file("docs/catalog.md");
    let block = yaml_block_after(&doc, "`message` and `params`");
    let smallest = support::read_repo_file("codegen/tests/fixtures/valid/defaults.yaml");
    let head = smallest
        .split("\ncodes:")
        .next()
        .expect("the smallest catalog has codes");
    let text = format!("{head}\n{block}\n");
    let catalog = error_catalog::load(&error_catalog::SourceFile::new("catalog.yaml", text))
        .unwrap_or_else(|error| panic!("the documented example does not load:\n{error}"));
    assert!(catalog.body.details);
    let example = |code: &str| {
        catalog
            .codes
            .iter()
            .find(|entry| entry.code == code)
            .unwrap_or_else(|| panic!("no `{code}`"))
            .example_message()
    };
    let filled = example("invalid_mode");
    assert_eq!(filled, r#"DELETE mode "purge" isn't reset or delete"#);
    assert!(
        doc.contains(&filled.replace('"', "\\\"")),
        "the section shows the filled-in message"
    );
    assert_eq!(
        example("unsupported_format"),
        "Format xml is not supported for exports over 500 pages"
    );
}
