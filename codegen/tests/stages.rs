//! The library's stages import only earlier stages, in the spirit of rust-analyzer's tidy tests:
//! the pipeline runs one way, and a module that reaches for a later stage fails here with its
//! file, line and import.
//!
//! The stages, in order (`emit`, `evolution` and `spec` are siblings: none imports another):
//!
//! ```text
//! limits, diagnostic, naming, placeholder | template | suggest, read, check, model, emit | evolution | spec, write
//! ```
//!
//! Every file under `codegen/src/` belongs to the stage of its first path component
//! (`read/yaml.rs` is stage `read`, `emit/rust/tables.rs` is `emit`); `lib.rs` is exempt, as the
//! root that wires the stages together. Each file is parsed with `syn`, and every path into the
//! crate is resolved: `use crate::…` and `use super::…` trees, and `crate::…`/`super::…` paths in
//! types, expressions, patterns and attributes, and in the arguments of the standard library's
//! formatting and assertion macros. (Other macros' bodies are not Rust paths of this crate:
//! `quote!` writes code of the generated crate, where `crate::` means that crate.) A path
//! through one of the root's re-exports (`crate::Catalog`) counts as an import of the stage it
//! re-exports; a path to an item the root defines (`crate::load`) or a glob of the root imports
//! the root, which wires every stage, so no stage may use it. Visibility paths
//! (`pub(in crate::read)`) and doc links are not imports.

mod support;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::visit::Visit;

/// The stages and their ranks: a stage may import itself and any stage of a lower rank.
const STAGES: &[(&str, usize)] = &[
    ("limits", 0),
    ("diagnostic", 1),
    ("naming", 2),
    ("placeholder", 3),
    ("template", 3),
    ("suggest", 3),
    ("read", 4),
    ("check", 5),
    ("model", 6),
    ("emit", 7),
    ("evolution", 7),
    ("spec", 7),
    ("write", 8),
];

/// The file that wires the stages, exempt from the rule.
const ROOT_FILE: &str = "lib.rs";

/// Macros whose arguments are Rust expressions that may name the crate's items.
const EXPRESSION_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

fn rank(stage: &str) -> Option<usize> {
    STAGES
        .iter()
        .find(|(name, _)| *name == stage)
        .map(|&(_, rank)| rank)
}

/// What a path into the crate reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A stage's module, or an item the root re-exports from it.
    Stage(String),
    /// An item the root defines, or every item of the root (a glob).
    Root,
    /// A module of the root that is no stage.
    Unknown(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Stage(stage) => write!(f, "stage `{stage}`"),
            Target::Root => f.write_str("the crate root, which wires every stage"),
            Target::Unknown(name) => write!(f, "`{name}`, which is no stage"),
        }
    }
}

/// What the check found in a source tree.
#[derive(Debug, Default)]
struct Report {
    /// Every problem, as `FILE:LINE: message`, in file order.
    problems: Vec<String>,
    /// How many paths into the crate were resolved, allowed or not.
    references: usize,
    /// How many files were checked, the root excluded.
    files: usize,
}

/// Checks the library source folder `src` (such as `codegen/src`).
fn check_stages(src: &Path) -> Report {
    let mut report = Report::default();
    let files: BTreeMap<String, String> = support::tree(src)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
            (path, text)
        })
        .collect();
    let Some(root) = files.get(ROOT_FILE) else {
        report
            .problems
            .push(format!("{ROOT_FILE}: missing from {}", src.display()));
        return report;
    };
    let root = match syn::parse_file(root) {
        Ok(root) => root,
        Err(error) => {
            report
                .problems
                .push(format!("{ROOT_FILE}: does not parse: {error}"));
            return report;
        }
    };
    let (declared, reexports) = root_items(&root);

    // Every stage exists, as a module the root declares and a file, so that renaming a stage
    // cannot quietly leave nothing to check.
    for &(stage, _) in STAGES {
        if !declared.contains_key(stage) {
            report.problems.push(format!(
                "{ROOT_FILE}: declares no module `{stage}`, a stage"
            ));
        }
        if !files.contains_key(&format!("{stage}.rs"))
            && !files.contains_key(&format!("{stage}/mod.rs"))
        {
            report
                .problems
                .push(format!("{stage}.rs: missing, and so is {stage}/mod.rs"));
        }
    }
    for (module, line) in &declared {
        if rank(module).is_none() {
            report.problems.push(format!(
                "{ROOT_FILE}:{line}: module `{module}` is no stage; give it a place in the stages \
                 of {}",
                file!()
            ));
        }
    }

    for (path, text) in &files {
        if path == ROOT_FILE {
            continue;
        }
        report.files += 1;
        let module = module_path(path);
        let stage = module[0].clone();
        let Some(own_rank) = rank(&stage) else {
            report.problems.push(format!(
                "{path}: belongs to no stage (its first component is `{stage}`)"
            ));
            continue;
        };
        let file = match syn::parse_file(text) {
            Ok(file) => file,
            Err(error) => {
                let line = error.span().start().line;
                report
                    .problems
                    .push(format!("{path}:{line}: does not parse: {error}"));
                continue;
            }
        };
        let mut collector = Collector {
            module,
            references: Vec::new(),
        };
        collector.visit_file(&file);
        for reference in collector.references {
            report.references += 1;
            let target = match reference.resolved {
                Err(message) => {
                    report.problems.push(format!(
                        "{path}:{}: `{}` {message}",
                        reference.line, reference.written
                    ));
                    continue;
                }
                Ok(absolute) => target(&absolute, &reexports),
            };
            let allowed = match &target {
                Target::Stage(other) => {
                    *other == stage || rank(other).is_some_and(|other| other < own_rank)
                }
                Target::Root | Target::Unknown(_) => false,
            };
            if !allowed {
                report.problems.push(format!(
                    "{path}:{}: `{}` imports {target}; stage `{stage}` may import only itself and \
                     earlier stages",
                    reference.line, reference.written
                ));
            }
        }
    }
    report
}

/// The root's module declarations (name → line) and re-exports (name → stage).
fn root_items(root: &syn::File) -> (BTreeMap<String, usize>, BTreeMap<String, String>) {
    let mut declared = BTreeMap::new();
    let mut reexports = BTreeMap::new();
    for item in &root.items {
        match item {
            syn::Item::Mod(module) => {
                declared.insert(module.ident.to_string(), line(module.ident.span()));
            }
            syn::Item::Use(item) => {
                let mut leaves = Vec::new();
                flatten(&item.tree, Vec::new(), &mut leaves);
                for leaf in leaves {
                    let mut segments = leaf.segments;
                    if segments.first().is_some_and(|first| first == "crate") {
                        segments.remove(0);
                    }
                    if let (Some(first), Some(name)) = (segments.first(), leaf.name) {
                        if rank(first).is_some() {
                            reexports.insert(name, first.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (declared, reexports)
}

/// What an absolute path (its segments after `crate`) reaches.
fn target(absolute: &[String], reexports: &BTreeMap<String, String>) -> Target {
    match absolute.first() {
        None => Target::Root,
        Some(first) if rank(first).is_some() => Target::Stage(first.clone()),
        Some(first) => match reexports.get(first) {
            Some(stage) => Target::Stage(stage.clone()),
            // A module the root declares but that is no stage, or an item the root defines.
            None => {
                if first.chars().next().is_some_and(char::is_lowercase) && absolute.len() > 1 {
                    Target::Unknown(first.clone())
                } else {
                    Target::Root
                }
            }
        },
    }
}

/// The module path of a file under `src`: `read/yaml.rs` → `[read, yaml]`, `read/mod.rs` →
/// `[read]`.
fn module_path(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.len() > 1 && parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

fn line(span: Span) -> usize {
    span.start().line
}

/// One leaf of a `use` tree: its segments, and the name it brings in (`None` for a glob).
struct Leaf {
    segments: Vec<String>,
    name: Option<String>,
    line: usize,
}

fn flatten(tree: &syn::UseTree, prefix: Vec<String>, leaves: &mut Vec<Leaf>) {
    let with = |ident: &syn::Ident| {
        let mut segments = prefix.clone();
        segments.push(ident.to_string());
        segments
    };
    match tree {
        syn::UseTree::Path(path) => flatten(&path.tree, with(&path.ident), leaves),
        syn::UseTree::Name(name) => leaves.push(Leaf {
            segments: with(&name.ident),
            name: Some(name.ident.to_string()),
            line: line(name.ident.span()),
        }),
        syn::UseTree::Rename(rename) => leaves.push(Leaf {
            segments: with(&rename.ident),
            name: Some(rename.rename.to_string()),
            line: line(rename.ident.span()),
        }),
        syn::UseTree::Glob(glob) => leaves.push(Leaf {
            segments: prefix,
            name: None,
            line: line(glob.star_token.span()),
        }),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                flatten(tree, prefix.clone(), leaves);
            }
        }
    }
}

/// A path into the crate, as written, and where it leads.
struct Reference {
    written: String,
    line: usize,
    /// The segments after `crate`, or why the path leads nowhere.
    resolved: Result<Vec<String>, String>,
}

/// Collects every path into the crate in one file.
struct Collector {
    /// The module the visitor is in: the file's module path, then any inline modules.
    module: Vec<String>,
    references: Vec<Reference>,
}

impl Collector {
    /// Records `segments` if it starts at `crate`, `super` or `self::super`.
    fn record(&mut self, segments: &[String], glob: bool, line: usize) {
        let Some(first) = segments.first() else {
            return;
        };
        let leaves_module = first == "crate"
            || first == "super"
            || (first == "self" && segments.get(1).is_some_and(|second| second == "super"));
        if !leaves_module {
            return;
        }
        let mut written = segments.join("::");
        if glob {
            written.push_str("::*");
        }
        let resolved = self.resolve(segments);
        self.references.push(Reference {
            written,
            line,
            resolved,
        });
    }

    fn resolve(&self, segments: &[String]) -> Result<Vec<String>, String> {
        if segments[0] == "crate" {
            return Ok(segments[1..].to_vec());
        }
        let mut module = self.module.clone();
        let mut rest = segments;
        while let Some((first, after)) = rest.split_first() {
            match first.as_str() {
                "self" => {}
                "super" => {
                    if module.pop().is_none() {
                        return Err("climbs above the crate root".to_owned());
                    }
                }
                _ => break,
            }
            rest = after;
        }
        module.extend(rest.iter().cloned());
        Ok(module)
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if item.leading_colon.is_some() {
            return;
        }
        let mut leaves = Vec::new();
        flatten(&item.tree, Vec::new(), &mut leaves);
        for leaf in leaves {
            self.record(&leaf.segments, leaf.name.is_none(), leaf.line);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments: Vec<String> = path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            if let Some(first) = path.segments.first() {
                self.record(&segments, false, line(first.ident.span()));
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {
        // `pub(in crate::read)` says who may see an item; it imports nothing.
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.module.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.module.pop();
        } else {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_macro(self, mac);
        let is_expression_macro = mac
            .path
            .segments
            .last()
            .is_some_and(|last| EXPRESSION_MACROS.contains(&last.ident.to_string().as_str()));
        if !is_expression_macro {
            return;
        }
        // `format!("…", crate::x::y())`, `assert_eq!(a, b, "…")`, `vec![a, b]`; a body that is
        // not a list of expressions (`vec![x; n]`) is skipped.
        let parser = Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(arguments) = mac.parse_body_with(parser) {
            for argument in &arguments {
                self.visit_expr(argument);
            }
        } else if let Ok(expr) = mac.parse_body::<syn::Expr>() {
            self.visit_expr(&expr);
        }
    }
}

// ---- the tests ----------------------------------------------------------------------------

fn library_src() -> std::path::PathBuf {
    support::codegen_dir().join("src")
}

#[test]
fn every_stage_imports_only_itself_and_earlier_stages() {
    let report = check_stages(&library_src());
    eprintln!(
        "checked {} files, {} paths into the crate",
        report.files, report.references
    );
    assert!(
        report.problems.is_empty(),
        "{} problem(s) with the stages of codegen/src:\n{}",
        report.problems.len(),
        report.problems.join("\n")
    );
    // The check saw the library: every stage has at least one file, and the stages do import
    // each other (diagnostics, limits, the raw parts, the model).
    assert!(
        report.files >= STAGES.len(),
        "only {} files checked",
        report.files
    );
    assert!(
        report.references >= 20,
        "only {} paths into the crate found: is the parser blind?",
        report.references
    );
}

/// A copy of the library's source with `edit` applied to one file, checked.
fn check_edited(file: &str, edit: impl FnOnce(&str) -> String) -> Report {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let mut files = support::tree(&library_src());
    let original = String::from_utf8(files.remove(file).unwrap_or_else(|| panic!("no {file}")))
        .expect("UTF-8 source");
    let edited = edit(&original);
    support::write_tree(
        temp.path(),
        files
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
            .chain([(file, edited.as_bytes())]),
    );
    check_stages(temp.path())
}

/// Appends `line` to the file's text; returns the text and the 1-based number of that line.
fn appended(text: &str, line: &str) -> (String, usize) {
    let mut text = text.to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let number = text.lines().count() + 1;
    text.push_str(line);
    text.push('\n');
    (text, number)
}

fn assert_one_problem(report: &Report, expected: &[&str]) {
    assert_eq!(
        report.problems.len(),
        1,
        "expected one problem, found:\n{}",
        report.problems.join("\n")
    );
    for needle in expected {
        assert!(
            report.problems[0].contains(needle),
            "`{needle}` is not in `{}`",
            report.problems[0]
        );
    }
}

#[test]
fn a_back_import_is_caught_with_its_file_line_and_path() {
    let mut line = 0;
    let report = check_edited("check.rs", |text| {
        let (text, number) = appended(text, "use crate::emit;");
        line = number;
        text
    });
    assert_one_problem(
        &report,
        &[&format!(
            "check.rs:{line}: `crate::emit` imports stage `emit`; stage `check` may"
        )],
    );
}

#[test]
fn a_back_reference_in_an_expression_or_a_macro_is_caught() {
    let mut line = 0;
    let report = check_edited("read/yaml.rs", |text| {
        let (text, number) = appended(
            text,
            "fn planted() -> String { format!(\"{:?}\", crate::model::Lifecycle::Current) }",
        );
        line = number;
        text
    });
    assert_one_problem(
        &report,
        &[&format!(
            "read/yaml.rs:{line}: `crate::model::Lifecycle::Current` imports stage `model`; stage \
             `read` may"
        )],
    );
    let report = check_edited("emit/rust/tables.rs", |text| {
        appended(text, "type Planted = crate::write::Stale;").0
    });
    assert_one_problem(
        &report,
        &[
            "emit/rust/tables.rs:",
            "`crate::write::Stale` imports stage `write`; stage `emit` may",
        ],
    );
}

#[test]
fn super_climbing_out_of_a_stage_is_resolved() {
    // `read/yaml.rs` is `crate::read::yaml`: one `super` is `read`, two are the root.
    let report = check_edited("read/yaml.rs", |text| {
        appended(text, "use super::super::check::check as planted;").0
    });
    assert_one_problem(
        &report,
        &["`super::super::check::check` imports stage `check`; stage `read` may"],
    );
    let report = check_edited("read/yaml.rs", |text| {
        appended(text, "use super::raw::Catalog as Planted;").0
    });
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Inside an inline module, `super` is the file's module.
    let report = check_edited("model.rs", |text| {
        appended(text, "mod planted { use super::super::emit::Output; }").0
    });
    assert_one_problem(
        &report,
        &["`super::super::emit::Output` imports stage `emit`; stage `model` may"],
    );
}

#[test]
fn emit_and_evolution_are_siblings() {
    let report = check_edited("evolution.rs", |text| {
        appended(text, "use crate::emit::Output as Planted;").0
    });
    assert_one_problem(&report, &["imports stage `emit`; stage `evolution` may"]);
    let report = check_edited("emit/mod.rs", |text| {
        appended(text, "use crate::evolution::Report as Planted;").0
    });
    assert_one_problem(&report, &["imports stage `evolution`; stage `emit` may"]);
}

#[test]
fn the_roots_reexports_and_items_count_as_what_they_are() {
    // `crate::Catalog` is `model::Catalog`, re-exported.
    let report = check_edited("check.rs", |text| {
        appended(text, "use crate::Catalog as Planted;").0
    });
    assert_one_problem(
        &report,
        &["`crate::Catalog` imports stage `model`; stage `check` may"],
    );
    // `crate::load` runs every stage.
    let report = check_edited("model.rs", |text| {
        appended(text, "use crate::load as planted;").0
    });
    assert_one_problem(
        &report,
        &["`crate::load` imports the crate root, which wires every stage; stage `model`"],
    );
    // Earlier stages through the root are fine.
    let report = check_edited("check.rs", |text| {
        appended(text, "use crate::SourceFile as Planted;").0
    });
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_missing_or_unplaced_stage_fails() {
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let mut files = support::tree(&library_src());
    let evolution = files.remove("evolution.rs").expect("evolution.rs");
    // `evolution` renamed to `changes`, in lib.rs and on disk.
    let lib = String::from_utf8(files.remove(ROOT_FILE).expect("lib.rs"))
        .expect("UTF-8")
        .replace("pub mod evolution;", "pub mod changes;");
    support::write_tree(
        temp.path(),
        files
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
            .chain([
                (ROOT_FILE, lib.as_bytes()),
                ("changes.rs", evolution.as_slice()),
            ]),
    );
    let report = check_stages(temp.path());
    let all = report.problems.join("\n");
    for expected in [
        "lib.rs: declares no module `evolution`, a stage",
        "evolution.rs: missing, and so is evolution/mod.rs",
        "module `changes` is no stage",
        "changes.rs: belongs to no stage",
    ] {
        assert!(all.contains(expected), "`{expected}` is not in:\n{all}");
    }
}
