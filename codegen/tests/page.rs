//! The reference page says what the catalog says: its table has exactly one row per code, in
//! catalog order, with the catalog's text; and it says everything the published page
//! (`tests/fixtures/published-page.txt`, a copy of the live page's text) says, in the same order.
//!
//! Both are checked on markdown parsed with pulldown-cmark and compared as rendered plain
//! text, so markup the catalog adds (code spans, bold) does not count as a difference, and
//! markup that breaks (a `|` ending a cell early, an unclosed code span) does.

mod support;

use error_catalog::emit::paths;
use error_catalog::model::Code as CodeEntry;
use error_catalog::Catalog;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// GitHub-flavoured markdown, as doc sites render the page.
fn gfm() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Collapses every run of whitespace into one space and trims the ends.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One cell of the page's table: its rendered text and its inline HTML.
#[derive(Debug, Default)]
struct Cell {
    text: String,
    html: String,
}

/// The page's tables, as rows of cells; the first row of each is its header.
fn tables(markdown: &str) -> Vec<Vec<Vec<Cell>>> {
    let mut tables = Vec::new();
    let mut table: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => {
                let mut done = cell.take().expect("a cell ends after it starts");
                done.text = normalize(&done.text);
                row.push(done);
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.text.push(' ');
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(cell) = cell.as_mut() {
                    cell.html.push_str(&html);
                }
            }
            _ => {}
        }
    }
    tables
}

/// The plain text a reader sees: text and code, blocks separated by a space, HTML dropped.
fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    normalize(&text)
}

/// The text of every fenced code block tagged `lang`.
fn code_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == lang => {
                current = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// Checks the table of operations: a row of the common codes, then one per operation in catalog
/// order with its route, its id and the codes it returns besides the common ones.
fn operations_table_problems(catalog: &Catalog, table: &[Vec<Cell>]) -> Vec<String> {
    let names = |indexes: &mut dyn Iterator<Item = &usize>| {
        indexes
            .map(|&index| catalog.codes[index].code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let common = &catalog.common_operation_codes;
    let mut expected = vec![vec![
        catalog.page.operations.operation.clone(),
        catalog.page.operations.codes.clone(),
    ]];
    if !common.is_empty() {
        expected.push(vec![
            catalog.page.operations.common.clone(),
            names(&mut common.iter()),
        ]);
    }
    for operation in &catalog.operations {
        let own = names(
            &mut operation
                .codes
                .iter()
                .filter(|index| !common.contains(index)),
        );
        expected.push(vec![
            format!("{} ({})", operation.route(), operation.id),
            if own.is_empty() {
                "—".to_owned()
            } else {
                own
            },
        ]);
    }
    let found: Vec<Vec<String>> = table
        .iter()
        .map(|row| row.iter().map(|cell| cell.text.clone()).collect())
        .collect();
    if found == expected {
        Vec::new()
    } else {
        vec![format!(
            "the table of operations differs:\n  found    {found:?}\n  expected {expected:?}"
        )]
    }
}

/// Checks that the page has one table, with the catalog's columns and one row per code in
/// catalog order; returns every mismatch.
fn table_problems(catalog: &Catalog, page: &str) -> Vec<String> {
    // Current codes in the reference table; retired codes, if any, in a second table of their own.
    let current: Vec<&CodeEntry> = catalog.codes.iter().filter(|e| !e.is_retired()).collect();
    let retired: Vec<&CodeEntry> = catalog.codes.iter().filter(|e| e.is_retired()).collect();
    let groups: Vec<&[&CodeEntry]> = if retired.is_empty() {
        vec![&current]
    } else {
        vec![&current, &retired]
    };
    // Then the table of operations, when the catalog has operations.
    let with_operations = !catalog.operations.is_empty();
    let tables = tables(page);
    if tables.len() != groups.len() + usize::from(with_operations) {
        return vec![format!(
            "expected {} table(s), found {}",
            groups.len() + usize::from(with_operations),
            tables.len()
        )];
    }
    let mut problems = Vec::new();
    if let (true, Some(table)) = (with_operations, tables.last()) {
        problems.extend(operations_table_problems(catalog, table));
    }
    for (table, entries) in tables.iter().zip(groups) {
        problems.extend(one_table_problems(catalog, table, entries));
    }
    problems
}

fn one_table_problems(
    catalog: &Catalog,
    table: &[Vec<Cell>],
    entries: &[&CodeEntry],
) -> Vec<String> {
    let mut problems = Vec::new();
    let columns = &catalog.page.reference;
    let header: Vec<&str> = table[0].iter().map(|cell| cell.text.as_str()).collect();
    let expected_header: Vec<String> = [
        &columns.code,
        &columns.status,
        &columns.cause,
        &columns.remedy,
    ]
    .into_iter()
    .map(|column| plain_text(column))
    .collect();
    if header != expected_header {
        problems.push(format!(
            "header is {header:?}, the catalog says {expected_header:?}"
        ));
    }
    let rows = &table[1..];
    if rows.len() != entries.len() {
        problems.push(format!("{} rows for {} codes", rows.len(), entries.len()));
    }
    for (index, (row, entry)) in rows.iter().zip(entries).enumerate() {
        let code = entry.code.as_str();
        let line = index + 1;
        let cells: Vec<&str> = row.iter().map(|cell| cell.text.as_str()).collect();
        let status = entry.status.to_string();
        let cause = plain_text(&entry.cause);
        let remedy = plain_text(&entry.remedy);
        // A deprecated code's remedy cell starts with its deprecation, then says the remedy.
        let remedy_matches = match entry.deprecation() {
            None => cells.get(3) == Some(&remedy.as_str()),
            Some(deprecated) => cells.get(3).is_some_and(|cell| {
                cell.contains(plain_text(&deprecated.message).as_str()) && cell.ends_with(&remedy)
            }),
        };
        if cells.len() != 4
            || cells[..3] != [code, status.as_str(), cause.as_str()]
            || !remedy_matches
        {
            problems.push(format!(
                "row {line}: page has {cells:?}\n       catalog has {:?}",
                [code, status.as_str(), cause.as_str(), remedy.as_str()]
            ));
        }
        let anchor = format!("<a id=\"{code}\"></a>");
        if row.first().is_none_or(|cell| cell.html != anchor) {
            problems.push(format!(
                "row {line}: the code cell lacks the anchor {anchor}"
            ));
        }
    }
    problems
}

#[test]
fn committed_page_has_one_row_per_code_with_the_catalogs_text() {
    let catalog = support::load(&support::repo_catalog_path());
    let path = support::repo_root().join(paths::PAGE);
    let page = std::fs::read_to_string(&path).expect("read docs/errors.md");
    let problems = table_problems(&catalog, &page);
    assert!(
        problems.is_empty(),
        "{} does not match catalog.yaml:\n{}",
        paths::PAGE,
        problems.join("\n")
    );
}

#[test]
fn generated_page_of_every_fixture_has_one_row_per_code_with_the_catalogs_text() {
    let mut failures = Vec::new();
    for (name, path) in support::valid_fixtures() {
        let catalog = support::load(&path);
        let page = error_catalog::emit::markdown::page(&catalog).expect("render the page");
        for problem in table_problems(&catalog, &page) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The published page's text, as scraped from the live site.
fn published_page() -> String {
    let path = support::fixtures_dir().join("published-page.txt");
    std::fs::read_to_string(&path).expect("read tests/fixtures/published-page.txt")
}

/// The published page's table rows (header first), cells trimmed; the delimiter row `|---|…`
/// has no ` | ` and is left out.
fn published_table(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .filter(|line| line.contains(" | "))
        .map(|line| {
            line.trim()
                .trim_start_matches('|')
                .trim_end_matches('|')
                .split('|')
                .map(normalize)
                .collect()
        })
        .collect()
}

#[test]
fn committed_page_says_everything_the_published_page_says() {
    let page_path = support::repo_root().join(paths::PAGE);
    let page = std::fs::read_to_string(&page_path).expect("read docs/errors.md");
    let published = published_page();
    // Site chrome, not page content: the table of contents and the code block's language tag.
    let lines: Vec<&str> = published
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "On this page" && *line != "json")
        .collect();

    // The envelope example: from the line `{` to the line starting with `}`; the scrape glues
    // the sentence after the block onto its closing brace.
    let open = lines
        .iter()
        .position(|line| *line == "{")
        .expect("the published page shows the envelope");
    let close = open
        + lines[open..]
            .iter()
            .position(|line| line.starts_with('}'))
            .expect("the envelope closes");
    let published_json = format!("{} }}", lines[open..close].join(" "));
    let after_json = &lines[close][1..];
    let blocks = code_blocks(&page, "json");
    assert_eq!(blocks.len(), 1, "the page has one `json` block");
    assert_eq!(
        normalize(&blocks[0]),
        normalize(&published_json),
        "the envelope example differs from the published one"
    );
    serde_json::from_str::<serde_json::Value>(&blocks[0]).expect("the envelope example is JSON");

    // The table, row by row and cell by cell.
    let published_rows = published_table(&lines);
    let tables = tables(&page);
    assert!(!tables.is_empty(), "the page has its table");
    let page_rows: Vec<Vec<String>> = tables[0]
        .iter()
        .map(|row| row.iter().map(|cell| cell.text.clone()).collect())
        .collect();
    let mut differences: Vec<String> = page_rows
        .iter()
        .zip(&published_rows)
        .enumerate()
        .filter(|(_, (page, published))| page != published)
        .map(|(row, (page, published))| {
            format!("row {row}: page has      {page:?}\n       published has {published:?}")
        })
        .collect();
    if page_rows.len() != published_rows.len() {
        differences.push(format!(
            "the page's table has {} rows, the published one {}",
            page_rows.len(),
            published_rows.len()
        ));
    }
    assert!(
        differences.is_empty(),
        "the page's table differs from the published table (row 0 is the header):\n{}",
        differences.join("\n")
    );

    // Every other line, in the published order: each is looked for after the one before it.
    let text = plain_text(&page);
    let prose: Vec<String> = lines[..open]
        .iter()
        .copied()
        .chain([after_json])
        .chain(lines[close + 1..].iter().copied())
        .filter(|line| !line.contains(" | ") && !line.starts_with("|-"))
        .map(|line| normalize(line.strip_prefix("- ").unwrap_or(line)))
        .collect();
    let problems = prose_problems(&text, &prose);
    assert!(
        problems.is_empty(),
        "{} does not say the published page's lines in its order:\n{}\n\nThe page's text:\n{text}",
        paths::PAGE,
        problems.join("\n")
    );
}

/// Each of `lines` that `text` does not hold after the lines before it: missing altogether, or
/// found only earlier (out of order).
fn prose_problems(text: &str, lines: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut from = 0;
    for line in lines {
        match text[from..].find(line.as_str()) {
            Some(at) => from += at + line.len(),
            None if text.contains(line.as_str()) => {
                problems.push(format!("out of order: {line}"));
            }
            None => problems.push(format!("missing: {line}")),
        }
    }
    problems
}

#[test]
fn prose_is_checked_in_order() {
    let lines = |words: &[&str]| -> Vec<String> { words.iter().map(|w| w.to_string()).collect() };
    let text = "Errors Lead. Common patterns Related";
    assert!(prose_problems(text, &lines(&["Errors", "Common patterns", "Related"])).is_empty());
    assert_eq!(
        prose_problems(text, &lines(&["Errors", "Related", "Common patterns"])),
        ["out of order: Common patterns"]
    );
    assert_eq!(
        prose_problems(text, &lines(&["Errors", "Footer"])),
        ["missing: Footer"]
    );
    // A line found twice counts once: the second must come after the first.
    assert_eq!(
        prose_problems(text, &lines(&["Related", "Related"])),
        ["out of order: Related"]
    );
}

/// A list item of the page: its plain text, the code spans in it, and its nested items.
#[derive(Debug, Default)]
struct Item {
    text: String,
    code_spans: Vec<String>,
    nested: Vec<String>,
}

/// The items of the first list after the level-2 heading `heading`.
fn list_after_heading(markdown: &str, heading: &str) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let (mut in_heading, mut heading_text, mut found) = (false, String::new(), false);
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                if found && depth == 0 && !items.is_empty() {
                    break;
                }
                found = normalize(&heading_text) == heading;
            }
            Event::Start(Tag::Item) if found => {
                depth += 1;
                match depth {
                    1 => items.push(Item::default()),
                    _ => items
                        .last_mut()
                        .expect("an outer item")
                        .nested
                        .push(String::new()),
                }
            }
            Event::End(TagEnd::Item) if found => depth -= 1,
            Event::End(TagEnd::List(_)) if found && depth == 0 => break,
            Event::Text(text) | Event::Code(text) if in_heading => heading_text.push_str(&text),
            Event::Text(ref text) | Event::Code(ref text) if found && depth > 0 => {
                let item = items.last_mut().expect("text inside an item");
                if depth == 1 {
                    item.text.push_str(text);
                    if let Event::Code(code) = &event {
                        item.code_spans.push(code.to_string());
                    }
                } else if let Some(nested) = item.nested.last_mut() {
                    nested.push_str(text);
                }
            }
            _ => {}
        }
    }
    items
}

/// Checks the section of message templates: one item per code the API sends that has a
/// message, in catalog order, reading `code: template`, each placeholder marked as a code span
/// `{name}` (literal braces are plain text), with one nested item per parameter giving its
/// description, its values and its example.
fn message_problems(catalog: &Catalog, page: &str) -> Vec<String> {
    let expected: Vec<&CodeEntry> = catalog
        .codes
        .iter()
        .filter(|code| code.message.is_some() && !code.is_retired())
        .collect();
    let items = list_after_heading(page, &catalog.page.messages.heading);
    if items.len() != expected.len() {
        return vec![format!(
            "{} message items, expected {}: {items:?}",
            items.len(),
            expected.len()
        )];
    }
    let mut problems = Vec::new();
    for (item, code) in items.iter().zip(expected) {
        let message = code.message.as_ref().expect("filtered on messages");
        // Literal braces show as single ones.
        let shown = message.fill(|param| format!("{{{}}}", param.name));
        let text = format!("{}: {shown}", code.code);
        if normalize(&item.text) != normalize(&text) {
            problems.push(format!("item reads {:?}, expected {text:?}", item.text));
        }
        let mut marked = vec![code.code.clone()];
        for piece in &message.pieces {
            if let error_catalog::model::MessagePiece::Param(index) = piece {
                marked.push(format!("{{{}}}", message.params[*index].name));
            }
        }
        if item.code_spans != marked {
            problems.push(format!(
                "{}: code spans {:?}, expected {marked:?}",
                code.code, item.code_spans
            ));
        }
        if item.nested.len() != message.params.len() {
            problems.push(format!(
                "{}: {} parameter items",
                code.code,
                item.nested.len()
            ));
        }
        for (line, param) in item.nested.iter().zip(&message.params) {
            // The description is markdown: it reads as it renders.
            let mut wanted = vec![
                format!("{{{}}}: ", param.name),
                plain_text(&param.description),
                param.example.to_string(),
            ];
            let labels = &catalog.page.messages;
            wanted.push(plain_text(&labels.example_label));
            if let error_catalog::model::ParamKind::OneOf(values) = &param.kind {
                wanted.push(plain_text(&labels.values_label));
                wanted.extend(values.iter().cloned());
            }
            for part in wanted {
                if !line.contains(&part) {
                    problems.push(format!("{}: {line:?} does not say {part:?}", code.code));
                }
            }
        }
    }
    problems
}

#[test]
fn every_message_template_is_shown_with_its_placeholders_marked() {
    let mut pages = vec![(
        "catalog.yaml".to_owned(),
        support::load(&support::repo_catalog_path()),
        std::fs::read_to_string(support::repo_root().join(paths::PAGE))
            .expect("read docs/errors.md"),
    )];
    let hostile = (
        "hostile".to_owned(),
        support::fixtures_dir().join("hostile/text.yaml"),
    );
    for (name, path) in support::valid_fixtures().into_iter().chain([hostile]) {
        let catalog = support::load(&path);
        let page = error_catalog::emit::markdown::page(&catalog).expect("render the page");
        pages.push((name, catalog, page));
    }
    let shown = pages
        .iter()
        .filter(|(_, catalog, _)| catalog.codes.iter().any(|code| code.message.is_some()))
        .count();
    assert!(
        shown >= 2,
        "the repository's catalog and a fixture show messages"
    );
    let failures: Vec<String> = pages
        .iter()
        .flat_map(|(name, catalog, page)| {
            message_problems(catalog, page)
                .into_iter()
                .map(move |problem| format!("{name}: {problem}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
