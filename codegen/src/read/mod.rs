//! Stage 1, read: catalog bytes → [`raw`] parts with the place of every value, and the problems
//! of shape (YAML syntax, unknown or missing fields, wrong types).
//!
//! The YAML is parsed once, into a tree ([`yaml`]); this module then walks the tree field by
//! field. Every field is read on its own, so one run reports every problem of every part, and
//! whatever did read is there for [`crate::check`] to run the rules on. It never calls the rules
//! itself.

pub mod raw;
pub mod yaml;

use std::collections::HashMap;

use crate::diagnostic::{code_list, quoted, Location, Problem, SourceFile};
use crate::limits::{MAX_PROBLEMS_PER_PART, MAX_SOURCE_BYTES};
use crate::suggest::closest;
use raw::{At, Text};
use yaml::{Key, Node, Scalar, ScalarKind, Value};

/// What a catalog holds, as read, and every problem of shape found on the way.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The parts that read; a field that did not is `None`.
    pub catalog: raw::Catalog,
    /// The problems of shape, in the order found.
    pub problems: Vec<Problem>,
}

/// Reads a catalog. A file that is not a YAML mapping yields no parts and its one problem.
pub fn read(file: &SourceFile) -> Read {
    let fail = |problem| Read {
        catalog: raw::Catalog::default(),
        problems: vec![problem],
    };
    let text = file.text();
    if text.len() > MAX_SOURCE_BYTES {
        return fail(crate::diagnostic::too_large());
    }
    let empty =
        || Problem::of_whole_file("the catalog is empty; it needs `crate`, `page` and `codes`");
    if text.trim().is_empty() {
        return fail(empty());
    }
    let node = match yaml::parse(file) {
        Ok(node) => node,
        Err(problems) => {
            return Read {
                catalog: raw::Catalog::default(),
                problems,
            }
        }
    };
    match &node.value {
        Value::Scalar(scalar) if scalar.kind == ScalarKind::Null => fail(empty()),
        Value::Map(_) => {
            let mut problems = Vec::new();
            let catalog = Walker {
                problems: &mut problems,
                budget: usize::MAX,
            }
            .catalog(&node);
            Read { catalog, problems }
        }
        _ => fail(Problem::new(
            node.at,
            "the catalog must be a mapping with `crate`, `page` and `codes`",
        )),
    }
}

/// A place in the catalog as messages name it: `page.envelope.intro`, `items[2].codes`.
#[derive(Clone)]
struct Path(String);

impl Path {
    fn field(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_owned())
        } else {
            Path(format!("{}.{name}", self.0))
        }
    }

    fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }
}

/// Walks the tree, reporting into `problems`.
struct Walker<'p> {
    problems: &'p mut Vec<Problem>,
    /// Problems left to report in the current part.
    budget: usize,
}

/// What a field of a mapping must hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}

/// The fields of one mapping, read one by one; [`Fields::finish`] reports the keys nobody read.
struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    path: Path,
    /// Required fields that are missing, reported by [`Fields::finish`] unless a misspelled
    /// key's "did you mean" names them already.
    missing: Vec<&'static str>,
    read: Vec<&'static str>,
}

impl Walker<'_> {
    fn report(&mut self, problem: Problem) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        self.problems.push(problem);
    }

    /// Reads one part (`crate`, `page`, a code entry) with its own problem budget, and says
    /// when the part has more problems than are reported.
    fn part<T>(&mut self, node: &Node, subject: &str, read: impl FnOnce(&mut Self) -> T) -> T {
        self.budget = MAX_PROBLEMS_PER_PART + 1;
        let value = read(self);
        if self.budget == 0 {
            // The last problem made room for the note.
            self.problems.pop();
            self.problems.push(Problem::new(
                node.place(),
                format!(
                    "{subject} has more than {MAX_PROBLEMS_PER_PART} problems; \
                     fix these and run again to see the rest"
                ),
            ));
        }
        self.budget = usize::MAX;
        value
    }

    fn catalog(&mut self, node: &Node) -> raw::Catalog {
        let Some(mut fields) = self.fields(node, Path(String::new())) else {
            return raw::Catalog::default();
        };
        let package = fields
            .take("crate", Need::Required)
            .map(|node| self.part(node, "`crate`", |walker| walker.package(node)));
        let page = fields
            .take("page", Need::Required)
            .map(|node| self.part(node, "`page`", |walker| walker.page(node)));
        let body = fields.take("body", Need::Optional).map(|node| {
            self.part(node, "`body`", |walker| {
                let mut f = walker.fields(node, Path("body".to_owned()))?;
                let body = raw::Body {
                    message_max_length: f.integer(
                        "message_max_length",
                        Need::Optional,
                        walker,
                        "a whole number of characters",
                    ),
                    details: f.flag("details", walker),
                };
                f.finish(walker);
                Some(body)
            })
        });
        let rate_limits = fields
            .take("rate_limits", Need::Optional)
            .and_then(|node| self.part(node, "`rate_limits`", |walker| walker.rate_limits(node)));
        let operations = fields
            .take("operations", Need::Optional)
            .map(|node| self.part(node, "`operations`", |walker| walker.operations(node)));
        let codes = fields
            .take("codes", Need::Required)
            .and_then(|node| self.codes(node));
        fields.finish(self);
        raw::Catalog {
            package: package.flatten(),
            page: page.flatten(),
            body: body.flatten(),
            rate_limits,
            operations: operations.flatten(),
            codes,
        }
    }

    fn operations(&mut self, node: &Node) -> Option<raw::Operations> {
        use Need::{Optional, Required};
        let mut f = self.fields(node, Path("operations".to_owned()))?;
        let operations = raw::Operations {
            common: f.list("common", Optional, self, |w, node, path| {
                w.text(node, &path)
            }),
            items: f.list("items", Required, self, |w, node, path| {
                let mut f = w.fields(node, path)?;
                let operation = raw::Operation {
                    operation_id: f.text("operation_id", Required, w),
                    method: f.text("method", Required, w),
                    path: f.text("path", Required, w),
                    codes: f.list("codes", Optional, w, |w, node, path| w.text(node, &path)),
                };
                f.finish(w);
                // One that did not read still counts, so the rules know an id did not read.
                Some(operation)
            }),
        };
        f.finish(self);
        Some(operations)
    }

    fn package(&mut self, node: &Node) -> Option<raw::Package> {
        let mut f = self.fields(node, Path("crate".to_owned()))?;
        let package = raw::Package {
            name: f.text("name", Need::Required, self),
            version: f.text("version", Need::Required, self),
            description: f.text("description", Need::Required, self),
            license: f.text("license", Need::Required, self),
            repository: f.text("repository", Need::Required, self),
        };
        f.finish(self);
        Some(package)
    }

    fn page(&mut self, node: &Node) -> Option<raw::Page> {
        use Need::{Optional, Required};
        let mut f = self.fields(node, Path("page".to_owned()))?;
        let page = raw::Page {
            title: f.text("title", Required, self),
            lead: f.text("lead", Required, self),
            url: f.text("url", Required, self),
            envelope: f.mapping("envelope", Required, self, |w, f| raw::Envelope {
                intro: f.text("intro", Required, w),
                example: f.mapping("example", Required, w, |w, f| raw::EnvelopeExample {
                    error: f.text("error", Required, w),
                    code: f.text("code", Required, w),
                }),
                outro: f.text("outro", Required, w),
            }),
            reference: f.mapping("reference", Optional, self, |w, f| raw::Reference {
                heading: f.text("heading", Optional, w),
                columns: f.mapping("columns", Optional, w, |w, f| raw::Columns {
                    code: f.text("code", Optional, w),
                    status: f.text("status", Optional, w),
                    cause: f.text("cause", Optional, w),
                    remedy: f.text("remedy", Optional, w),
                }),
            }),
            patterns: f.mapping("patterns", Optional, self, |w, f| raw::Patterns {
                heading: f.text("heading", Optional, w),
                codes_label: f.text("codes_label", Optional, w),
                items: f.list("items", Optional, w, |w, node, path| {
                    let mut f = w.fields(node, path)?;
                    let pattern = raw::Pattern {
                        title: f.text("title", Required, w),
                        codes: f.list("codes", Required, w, |w, node, path| w.text(node, &path)),
                        text: f.text("text", Required, w),
                    };
                    f.finish(w);
                    Some(pattern)
                }),
            }),
            sections: f.list("sections", Optional, self, |w, node, path| {
                let mut f = w.fields(node, path)?;
                let section = raw::Section {
                    heading: f.text("heading", Required, w),
                    paragraphs: f.list("paragraphs", Required, w, |w, node, path| {
                        w.text(node, &path)
                    }),
                    exchange: f.text("exchange", Optional, w),
                };
                f.finish(w);
                Some(section)
            }),
            related: f.mapping("related", Optional, self, |w, f| raw::Related {
                heading: f.text("heading", Optional, w),
                links: f.list("links", Optional, w, |w, node, path| {
                    let mut f = w.fields(node, path)?;
                    let link = raw::Link {
                        title: f.text("title", Required, w),
                        href: f.text("href", Required, w),
                        text: f.text("text", Required, w),
                    };
                    f.finish(w);
                    Some(link)
                }),
            }),
            operations: f.mapping("operations", Optional, self, |w, f| raw::OperationsTable {
                heading: f.text("heading", Optional, w),
                operation_column: f.text("operation_column", Optional, w),
                codes_column: f.text("codes_column", Optional, w),
                common_label: f.text("common_label", Optional, w),
            }),
            lifecycle: f
                .mapping("lifecycle", Optional, self, |w, f| raw::Lifecycle {
                    deprecated_label: f.text("deprecated_label", Required, w),
                    replaced_by_label: f.text("replaced_by_label", Required, w),
                    retired_heading: f.text("retired_heading", Required, w),
                    retired_intro: f.text("retired_intro", Required, w),
                })
                // Present but unreadable (reported) is not absent: the rules must not say that
                // the page has none.
                .or_else(|| f.has("lifecycle").then(raw::Lifecycle::default)),
            messages: f.mapping("messages", Optional, self, |w, f| raw::MessagesSection {
                heading: f.text("heading", Optional, w),
                intro: f.text("intro", Optional, w),
                example_label: f.text("example_label", Optional, w),
                values_label: f.text("values_label", Optional, w),
            }),
        };
        f.finish(self);
        Some(page)
    }

    fn rate_limits(&mut self, node: &Node) -> Option<Vec<raw::RateLimit>> {
        use Need::Required;
        let Value::List(items) = &node.value else {
            self.report(wrong_type(node, &Path("rate_limits".to_owned()), "a list"));
            return None;
        };
        let policy = |w: &mut Self, node: &Node, path: Path| {
            let mut f = w.fields(node, path)?;
            let policy = raw::RateLimit {
                name: f.text("name", Required, w),
                requests: f.integer("requests", Required, w, "a whole number of requests"),
                window: f.integer("window", Required, w, "a whole number of seconds"),
                scope: f.text("scope", Required, w),
            };
            f.finish(w);
            Some(policy)
        };
        // A policy that does not read still counts, so the rules know that some name did not
        // read.
        Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    policy(self, item, Path("rate_limits".to_owned()).index(index))
                        .unwrap_or_default()
                })
                .collect(),
        )
    }

    fn codes(&mut self, node: &Node) -> Option<Vec<raw::CodeEntry>> {
        let Value::List(entries) = &node.value else {
            self.report(Problem::new(
                node.place(),
                "`codes` must be a list of code entries",
            ));
            return None;
        };
        if entries.is_empty() {
            self.report(
                Problem::new(node.at, "`codes` is empty")
                    .with_label("no codes")
                    .with_help("a catalog needs at least one code"),
            );
            return None;
        }
        // An entry that is not a mapping still counts, so the rules know that some code did not
        // read.
        let codes = entries
            .iter()
            .map(|entry| {
                self.part(entry, "a code entry", |walker| walker.code_entry(entry))
                    .unwrap_or_default()
            })
            .collect();
        Some(codes)
    }

    fn code_entry(&mut self, node: &Node) -> Option<raw::CodeEntry> {
        use Need::{Optional, Required};
        let mut f = self.fields(node, Path(String::new()))?;
        let entry = raw::CodeEntry {
            code: f.text("code", Required, self),
            status: f.integer("status", Required, self, "a whole number (an HTTP status)"),
            cause: f.text("cause", Required, self),
            remedy: f.text("remedy", Required, self),
            retryable: f.flag("retryable", self),
            rate_limit: f.text("rate_limit", Optional, self),
            retry_after: f.flag("retry_after", self),
            message: f.text("message", Optional, self),
            params: f.params(self),
            since: f.text("since", Optional, self),
            deprecated: f.mapping("deprecated", Optional, self, |w, f| raw::Deprecation {
                message: f.text("message", Required, w),
                replaced_by: f.text("replaced_by", Optional, w),
            }),
            retired: f.flag("retired", self),
        };
        f.finish(self);
        Some(entry)
    }

    /// The fields of a mapping, or `None` (reported) when `node` is something else.
    fn fields<'n>(&mut self, node: &'n Node, path: Path) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => {
                let mut first_at: HashMap<&str, Location> = HashMap::new();
                for (key, _) in entries {
                    let Some(name) = &key.name else {
                        continue;
                    };
                    if let Some(first) = first_at.get(name.as_str()) {
                        self.report(
                            Problem::new(key.at, format!("duplicate key `{}`", quoted(name)))
                                .with_label("duplicate key")
                                .with_related(*first, "first defined here"),
                        );
                    } else {
                        first_at.insert(name, key.at);
                    }
                }
                Some(Fields {
                    node,
                    entries,
                    path,
                    missing: Vec::new(),
                    read: Vec::new(),
                })
            }
            _ => {
                self.report(wrong_type(node, &path, "a mapping"));
                None
            }
        }
    }

    /// A text value: any scalar but null, as written.
    fn text(&mut self, node: &Node, path: &Path) -> Option<Text> {
        match &node.value {
            Value::Scalar(scalar) if scalar.kind != ScalarKind::Null => Some(At {
                value: scalar.text.clone(),
                at: node.at,
            }),
            _ => {
                self.report(wrong_type(node, path, "a string"));
                None
            }
        }
    }
}

impl<'n> Fields<'n> {
    /// The value of `name`, noting it missing when it is required. An optional field set to
    /// `null` counts as absent; a required one is reported as the wrong type where it is.
    fn take(&mut self, name: &'static str, need: Need) -> Option<&'n Node> {
        self.read.push(name);
        let found = self
            .entries
            .iter()
            .find(|(key, _)| key.name.as_deref() == Some(name))
            .map(|(_, value)| value)
            .filter(|value| {
                need == Need::Required
                    || !matches!(&value.value, Value::Scalar(scalar) if scalar.kind == ScalarKind::Null)
            });
        if found.is_none() && need == Need::Required {
            self.missing.push(name);
        }
        found
    }

    /// Whether the mapping has `name`, whatever its value.
    fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|(key, _)| key.name.as_deref() == Some(name))
    }

    fn missing(&self, name: &str) -> Problem {
        let at = self.node.place();
        // At the top of a code entry, the place says which entry it is.
        if self.path.0.is_empty() {
            return Problem::new(at, format!("missing field `{name}`"));
        }
        let mapping = format!("`{}`", self.path.0);
        Problem::new(at, format!("missing field `{name}` in {mapping}"))
            .with_label(format!("{mapping} starts here"))
    }

    fn text(&mut self, name: &'static str, need: Need, walker: &mut Walker) -> Option<Text> {
        let node = self.take(name, need)?;
        walker.text(node, &self.path.field(name))
    }

    /// A mapping field, read by `read` with the mapping's own fields.
    fn mapping<T>(
        &mut self,
        name: &'static str,
        need: Need,
        walker: &mut Walker,
        read: impl FnOnce(&mut Walker, &mut Fields) -> T,
    ) -> Option<T> {
        let node = self.take(name, need)?;
        let path = self.path.field(name);
        let mut fields = walker.fields(node, path)?;
        let value = read(walker, &mut fields);
        fields.finish(walker);
        Some(value)
    }

    /// A list field; items that do not read are left out (and reported).
    fn list<T>(
        &mut self,
        name: &'static str,
        need: Need,
        walker: &mut Walker,
        mut item: impl FnMut(&mut Walker, &Node, Path) -> Option<T>,
    ) -> Option<Vec<T>> {
        let node = self.take(name, need)?;
        let path = self.path.field(name);
        let Value::List(items) = &node.value else {
            walker.report(wrong_type(node, &path, "a list"));
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(index, node)| item(walker, node, path.index(index)))
                .collect(),
        )
    }

    /// A whole number written as one (an HTTP status, a count); its range is
    /// [`crate::check`]'s rule. `expected` says what it counts, for the message.
    fn integer(
        &mut self,
        name: &'static str,
        need: Need,
        walker: &mut Walker,
        expected: &str,
    ) -> Option<At<i128>> {
        let node = self.take(name, need)?;
        let Value::Scalar(Scalar {
            kind: ScalarKind::Integer(value),
            ..
        }) = node.value
        else {
            let path = self.path.field(name);
            walker.report(wrong_type(node, &path, expected));
            return None;
        };
        Some(At { value, at: node.at })
    }

    /// A code's `params`: a mapping from each parameter's name to its declaration, in the
    /// order written.
    fn params(&mut self, walker: &mut Walker) -> Option<Vec<raw::Param>> {
        use Need::{Optional, Required};
        let node = self.take("params", Optional)?;
        let path = self.path.field("params");
        // Duplicate names are reported here, as for any mapping. Parameters that do not read
        // still count, as one without a name, so the rules know that some name did not read.
        if walker.fields(node, path.clone()).is_none() {
            return Some(vec![raw::Param::default()]);
        }
        let Value::Map(entries) = &node.value else {
            return None;
        };
        let params = entries
            .iter()
            .map(|(key, value)| {
                if key.name.is_none() {
                    walker.report(Problem::new(key.at, "mapping keys must be plain strings"));
                }
                let name = key.name.as_ref().map(|name| At {
                    value: name.clone(),
                    at: key.at,
                });
                let Some(mut f) =
                    walker.fields(value, path.field(key.name.as_deref().unwrap_or("?")))
                else {
                    return raw::Param {
                        name,
                        ..raw::Param::default()
                    };
                };
                let param = raw::Param {
                    name,
                    kind: f.text("type", Required, walker),
                    values: f.list("values", Optional, walker, |w, node, path| {
                        w.text(node, &path)
                    }),
                    description: f.text("description", Required, walker),
                    example: f.text("example", Required, walker),
                };
                f.finish(walker);
                param
            })
            .collect();
        Some(params)
    }

    /// An optional `true` or `false`.
    fn flag(&mut self, name: &'static str, walker: &mut Walker) -> Option<At<bool>> {
        let node = self.take(name, Need::Optional)?;
        let Value::Scalar(Scalar {
            kind: ScalarKind::Bool(value),
            ..
        }) = node.value
        else {
            walker.report(
                Problem::new(node.place(), "expected `true` or `false`")
                    .with_label("not a boolean"),
            );
            return None;
        };
        Some(At { value, at: node.at })
    }

    /// Reports every key that no field read (unknown, empty, or not text at all), and every
    /// required field that is missing, unless a misspelling's "did you mean" names it.
    fn finish(self, walker: &mut Walker) {
        let mut suggested = Vec::new();
        for (key, _) in self.entries {
            let Some(name) = &key.name else {
                walker.report(Problem::new(key.at, "mapping keys must be plain strings"));
                continue;
            };
            if self.read.contains(&name.as_str()) {
                continue;
            }
            let suggestion = closest(name, &self.read);
            suggested.extend(suggestion);
            walker.report(unknown_field(key.at, name, suggestion, &self.read));
        }
        for name in &self.missing {
            if !suggested.contains(name) {
                walker.report(self.missing(name));
            }
        }
    }
}

fn wrong_type(node: &Node, path: &Path, expected: &str) -> Problem {
    // Only a code entry itself has no path: the top of the catalog is checked before.
    let subject = if path.0.is_empty() {
        "a code entry".to_owned()
    } else {
        format!("`{}`", path.0)
    };
    Problem::new(
        node.place(),
        format!("{subject}: expected {expected}, found {}", node.describe()),
    )
    .with_label("wrong type")
}

fn unknown_field(
    location: Location,
    field: &str,
    suggestion: Option<&str>,
    expected: &[&str],
) -> Problem {
    let problem = if field.is_empty() {
        Problem::new(location, "empty key").with_label("not a field")
    } else {
        Problem::new(location, format!("unknown field `{}`", quoted(field)))
            .with_label("unknown field")
    };
    match suggestion {
        Some(suggestion) => problem.with_help(format!("did you mean `{suggestion}`?")),
        None => problem.with_help(format!("expected one of {}", code_list(expected))),
    }
}
