//! Stage 4, spec (beside the emitters): holds the API's own OpenAPI document to the catalog's
//! operations, the way rustc's tidy checks that its error codes are used: every operation of the
//! catalog is in the spec, answers exactly the error statuses its codes have, and refers to its
//! own narrowed responses, not broader ones. Every problem is located in the spec
//! (`openapi.yaml:LINE:COL`).
//!
//! The spec is read with the catalog's YAML reader and its limits (one document, no anchors or
//! aliases, a bounded number of values), so a hostile spec costs bounded time and memory; local
//! `$ref`s are followed with a bound and a loop is reported, not followed forever.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostic::{quoted, Location, Problem, SourceFile};
use crate::model::{Catalog, Operation};
use crate::naming::response_name;
use crate::read::yaml::{self, Key, Node, Value};

/// Most local `$ref`s followed from one place before the chain counts as a loop.
const MAX_REF_HOPS: usize = 32;

/// Every way `spec` disagrees with the catalog's operations; none when it agrees.
pub fn check(catalog: &Catalog, spec: &SourceFile) -> Vec<Problem> {
    let root = match yaml::parse_as(spec, yaml::Kind::Spec) {
        Ok(root) => root,
        Err(problems) => return problems,
    };
    let Value::Map(_) = &root.value else {
        return vec![Problem::new(
            root.place(),
            format!(
                "the spec must be a mapping with `paths`, found {}",
                root.describe()
            ),
        )];
    };
    let Some((paths_key, paths)) = entry(&root, "paths") else {
        return vec![Problem::of_whole_file("the spec has no `paths`")
            .with_help("an OpenAPI document lists its operations under `paths`")];
    };
    let Value::Map(_) = &paths.value else {
        return vec![Problem::new(
            paths.place(),
            format!("`paths` must be a mapping, found {}", paths.describe()),
        )];
    };
    let responses = Responses::of(catalog);
    let mut problems = Vec::new();
    for operation in &catalog.operations {
        check_operation(
            catalog,
            operation,
            &Spec {
                root: &root,
                paths,
                paths_at: paths_key.at,
                responses: &responses,
            },
            &mut problems,
        );
    }
    problems
}

/// The spec's parts that every operation's check reads.
struct Spec<'a> {
    root: &'a Node,
    paths: &'a Node,
    paths_at: Location,
    responses: &'a Responses,
}

/// The code set of every response the generator writes, by name.
struct Responses(HashMap<String, BTreeSet<String>>);

impl Responses {
    fn of(catalog: &Catalog) -> Responses {
        let mut names = HashMap::new();
        for status in catalog.statuses() {
            let codes = catalog
                .codes_of_status(status)
                .map(|code| code.code.clone())
                .collect();
            names.insert(response_name(status), codes);
        }
        for operation in &catalog.operations {
            for status in catalog.operation_statuses(operation) {
                names.insert(
                    operation.response_name(status),
                    operation_codes(catalog, operation, status),
                );
            }
        }
        Responses(names)
    }
}

/// The codes of `status` that `operation` may return.
fn operation_codes(catalog: &Catalog, operation: &Operation, status: u16) -> BTreeSet<String> {
    catalog
        .operation_codes_of_status(operation, status)
        .map(|code| code.code.clone())
        .collect()
}

fn check_operation(
    catalog: &Catalog,
    operation: &Operation,
    spec: &Spec,
    problems: &mut Vec<Problem>,
) {
    let route = operation.route();
    let id = &operation.id;
    let Some((path_key, path_item)) = entry(spec.paths, &operation.path) else {
        problems.push(
            Problem::new(
                spec.paths_at,
                format!("the spec lacks `{id}`: `paths` has no `{}`", operation.path),
            )
            .with_label("no such path")
            .with_help(format!("add `{route}`, or take `{id}` out of the catalog")),
        );
        return;
    };
    let path_item = match resolve(spec.root, path_item) {
        Resolved::Node(node) => node,
        Resolved::External((target, at)) => {
            problems.push(
                Problem::new(
                    at,
                    format!(
                        "`{}` is in another file, `{}`",
                        operation.path,
                        quoted(&target)
                    ),
                )
                .with_label("not followed")
                .with_help("the check reads one file: bundle the spec first (`redocly bundle`)"),
            );
            return;
        }
        Resolved::Problem(problem) => return problems.push(problem),
    };
    let Some((method_key, method)) = entry(path_item, &operation.method) else {
        problems.push(
            Problem::new(
                path_key.at,
                format!(
                    "the spec lacks `{id}`: `{}` has no `{}` operation",
                    operation.path, operation.method
                ),
            )
            .with_label(format!("no `{}`", operation.method))
            .with_help(format!("add `{route}`, or take `{id}` out of the catalog")),
        );
        return;
    };
    if let Some((_, spec_id)) = entry(method, "operationId") {
        if let Value::Scalar(scalar) = &spec_id.value {
            if scalar.text != *id {
                problems.push(
                    Problem::new(
                        spec_id.at,
                        format!(
                            "`{route}` has operationId `{}`, but the catalog calls it `{id}`",
                            quoted(&scalar.text)
                        ),
                    )
                    .with_label("another operationId"),
                );
            }
        }
    }
    let statuses = catalog.operation_statuses(operation);
    let Some((responses_key, responses)) = entry(method, "responses") else {
        problems.push(
            Problem::new(
                method_key.at,
                format!("`{id}` (`{route}`) has no `responses`"),
            )
            .with_label("no responses")
            .with_help(format!(
                "it answers {}",
                statuses
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return;
    };
    let Value::Map(entries) = &responses.value else {
        problems.push(Problem::new(
            responses.place(),
            format!(
                "`responses` must be a mapping, found {}",
                responses.describe()
            ),
        ));
        return;
    };
    let mut answered = BTreeSet::new();
    for (key, response) in entries {
        let Some(status) = key.name.as_deref().and_then(error_status) else {
            continue;
        };
        answered.insert(status);
        if !statuses.contains(&status) {
            problems.push(
                Problem::new(
                    key.at,
                    format!(
                        "`{id}` answers {status} in the spec, but the catalog lists no {status} \
                         code for it"
                    ),
                )
                .with_label("not in the catalog")
                .with_help(format!(
                    "add the codes it sends to `{id}` in the catalog, or remove the response"
                )),
            );
            continue;
        }
        check_reference(catalog, operation, status, response, spec, problems);
    }
    for status in statuses.iter().filter(|status| !answered.contains(status)) {
        let codes = operation_codes(catalog, operation, *status);
        problems.push(
            Problem::new(
                responses_key.at,
                format!(
                    "`{id}` does not answer {status} in the spec, but the catalog lists {} for it",
                    codes
                        .iter()
                        .map(|code| format!("`{code}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_label(format!("no {status}"))
            .with_help(format!(
                "add `'{status}': {{$ref: 'errors.yaml#/components/responses/{}'}}`",
                operation.response_name(*status)
            )),
        );
    }
}

/// Checks that the response of `status` refers to a generated response with exactly the
/// operation's codes of that status.
fn check_reference(
    catalog: &Catalog,
    operation: &Operation,
    status: u16,
    response: &Node,
    spec: &Spec,
    problems: &mut Vec<Problem>,
) {
    let (target, at) = match resolve(spec.root, response) {
        Resolved::External(target) => target,
        // Written in place, or a local response: what it allows is the spec's own business.
        Resolved::Node(_) => return,
        Resolved::Problem(problem) => return problems.push(problem),
    };
    let Some(name) = target
        .rsplit_once("#/components/responses/")
        .map(|(_, name)| name)
    else {
        return;
    };
    let own_name = operation.response_name(status);
    if name == own_name {
        return;
    }
    let id = &operation.id;
    let own = operation_codes(catalog, operation, status);
    let Some(allowed) = spec.responses.0.get(name) else {
        problems.push(
            Problem::new(
                at,
                format!("`{id}`'s {status} refers to `{name}`, which the generated components do not have"),
            )
            .with_label("no such response")
            .with_help(format!("refer to `{own_name}`")),
        );
        return;
    };
    if *allowed == own {
        // Another name for exactly the operation's codes (a per-status response whose codes
        // all belong to the operation): not broader.
        return;
    }
    let list = |codes: &mut dyn Iterator<Item = &String>| {
        codes
            .map(|code| format!("`{code}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (message, label) = if allowed.is_superset(&own) {
        (
            format!(
                "`{id}`'s {status} refers to `{name}`, broader than its own: it also allows {}",
                list(&mut allowed.difference(&own))
            ),
            "broader response",
        )
    } else {
        (
            format!(
                "`{id}`'s {status} refers to `{name}`, which lacks {}",
                list(&mut own.difference(allowed))
            ),
            "other codes",
        )
    };
    problems.push(
        Problem::new(at, message)
            .with_label(label)
            .with_help(format!(
                "refer to `{own_name}`, which allows exactly {}",
                list(&mut own.iter())
            )),
    );
}

/// An HTTP error status written as a response key: `'404'`.
fn error_status(key: &str) -> Option<u16> {
    let status: u16 = key.parse().ok().filter(|_| key.len() == 3)?;
    (400..=599).contains(&status).then_some(status)
}

/// The value of `name` in a mapping, with its key.
fn entry<'n>(node: &'n Node, name: &str) -> Option<(&'n Key, &'n Node)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .find(|(key, _)| key.name.as_deref() == Some(name))
        .map(|(key, value)| (key, value))
}

/// Where a node's `$ref`s lead.
enum Resolved<'n> {
    /// A node of this document that is no reference.
    Node(&'n Node),
    /// A reference to another document, and where it is written.
    External((String, Location)),
    /// A reference that leads nowhere or in a circle.
    Problem(Problem),
}

/// Follows `node`'s local `$ref`s (`#/components/responses/X`) to a node that is no reference,
/// or to a reference to another document.
fn resolve<'n>(root: &'n Node, mut node: &'n Node) -> Resolved<'n> {
    let mut seen: Vec<String> = Vec::new();
    while let Some((_, reference)) = entry(node, "$ref") {
        let Value::Scalar(scalar) = &reference.value else {
            return Resolved::Problem(Problem::new(
                reference.at,
                format!("`$ref` must be a string, found {}", reference.describe()),
            ));
        };
        let target = scalar.text.as_str();
        let Some(pointer) = target.strip_prefix('#') else {
            return Resolved::External((target.to_owned(), reference.at));
        };
        if seen.iter().any(|earlier| earlier == target) {
            return Resolved::Problem(
                Problem::new(
                    reference.at,
                    format!("`$ref` loop: `{}` leads back to itself", quoted(target)),
                )
                .with_label("loop")
                .with_help(format!("the chain: {}", seen.join(" → "))),
            );
        }
        if seen.len() >= MAX_REF_HOPS {
            return Resolved::Problem(
                Problem::new(
                    reference.at,
                    format!("more than {MAX_REF_HOPS} `$ref`s in a row"),
                )
                .with_label("one reference too many")
                .with_help("refer to the target directly"),
            );
        }
        seen.push(target.to_owned());
        let Some(found) = pointed(root, pointer) else {
            return Resolved::Problem(
                Problem::new(
                    reference.at,
                    format!("`$ref` `{}` points at nothing", quoted(target)),
                )
                .with_label("no such place in the spec"),
            );
        };
        node = found;
    }
    Resolved::Node(node)
}

/// The node at a JSON pointer (`/components/responses/X`; `~1` is `/`, `~0` is `~`).
fn pointed<'n>(root: &'n Node, pointer: &str) -> Option<&'n Node> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for part in pointer.strip_prefix('/')?.split('/') {
        let part = part.replace("~1", "/").replace("~0", "~");
        node = match &node.value {
            Value::Map(_) => entry(node, &part)?.1,
            Value::List(items) => items.get(part.parse::<usize>().ok()?)?,
            Value::Scalar(_) => return None,
        };
    }
    Some(node)
}
