//! Stage 4, evolution (beside the emitters): how a catalog's codes changed since a base version,
//! and what that means for clients. It compares two [`model`](crate::model)s.
//!
//! [`compare`] classifies every difference between the codes of two valid catalogs as breaking
//! (clients pinned to the old version break), additive (new things appear) or cosmetic (only
//! wording), and derives the semver bump the change needs. [`Report`] renders as text, JSON or a
//! markdown changelog entry.

use std::collections::HashMap;
use std::fmt::Write as _;

use semver::Version;
use serde::Serialize;

use crate::diagnostic::code_list;
use crate::model::{Catalog, Code, Lifecycle, Param, ParamKind};

/// How much a change affects clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Only wording changed.
    Cosmetic,
    /// Something new appeared; existing clients are unaffected.
    Additive,
    /// Existing clients may break.
    Breaking,
}

/// The semver bump a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Cosmetic changes only.
    Patch,
    /// Additive changes.
    Minor,
    /// Breaking changes.
    Major,
}

/// One difference between the base catalog and the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How much it affects clients.
    pub class: Class,
    /// The code it is about.
    pub code: String,
    /// What changed, in one line.
    pub summary: String,
}

/// Every change, the bump it needs, and whether the new version makes that bump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The base catalog's version.
    pub base_version: String,
    /// The new catalog's version.
    pub version: String,
    /// The changes, breaking first, then in catalog order.
    pub changes: Vec<Change>,
    /// The bump the changes need.
    pub required: Bump,
    /// The bump from `base_version` to `version`.
    pub actual: Bump,
    /// Changes no version bump makes right: a retired code deleted, or brought back (its string
    /// is never reused).
    pub forbidden: Vec<Change>,
}

impl Report {
    /// Whether the new version is bumped enough for its changes.
    pub fn bump_ok(&self) -> bool {
        self.actual >= self.required
    }

    /// Whether the change may ship: nothing forbidden, and a breaking change only with a major
    /// bump.
    pub fn passes(&self) -> bool {
        self.forbidden.is_empty()
            && (self.bump_ok() || !self.changes.iter().any(|c| c.class == Class::Breaking))
    }

    /// A readable report for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() && self.forbidden.is_empty() {
            out.push_str("no changes to codes\n");
        }
        for change in &self.changes {
            let class = match change.class {
                Class::Breaking => "breaking",
                Class::Additive => "additive",
                Class::Cosmetic => "cosmetic",
            };
            let _ = writeln!(out, "{class:<9} {}: {}", change.code, change.summary);
        }
        for change in &self.forbidden {
            let _ = writeln!(out, "forbidden {}: {}", change.code, change.summary);
        }
        let verdict = match (self.required, self.bump_ok(), self.actual) {
            // A forbidden change fails the check whatever the bump.
            _ if !self.forbidden.is_empty() => format!(
                "error: {} forbidden (above)",
                if self.forbidden.len() == 1 {
                    "a change is".to_owned()
                } else {
                    format!("{} changes are", self.forbidden.len())
                }
            ),
            (Bump::None, _, _) => "no bump needed".to_owned(),
            (required, true, _) => format!("needs a {} bump: ok", bump_name(required)),
            (required, false, actual) => {
                let short = if actual == Bump::None {
                    "the version did not go up".to_owned()
                } else {
                    format!("it is only a {} bump", bump_name(actual))
                };
                // Only a breaking change without its bump fails the check.
                let severity = if required == Bump::Major {
                    "error"
                } else {
                    "warning"
                };
                format!(
                    "{severity}: needs a {} bump, but {short}",
                    bump_name(required)
                )
            }
        };
        let _ = writeln!(
            out,
            "version {} -> {}: {verdict}",
            self.base_version, self.version
        );
        out
    }

    /// A changelog entry in markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}\n", self.version);
        if self.changes.is_empty() {
            out.push_str("\nNo changes to error codes.\n");
        }
        for (class, heading) in [
            (Class::Breaking, "Breaking changes"),
            (Class::Additive, "Added"),
            (Class::Cosmetic, "Wording"),
        ] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {heading}\n\n");
            for change in changes {
                let _ = writeln!(out, "- `{}`: {}", change.code, change.summary);
            }
        }
        out
    }
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "no",
        Bump::Patch => "patch",
        Bump::Minor => "minor (additive; a patch bump below 1.0.0)",
        Bump::Major => "major (breaking; a minor bump below 1.0.0)",
    }
}

/// The bump from one version to another, in Cargo's semver reading: a change of the leftmost
/// non-zero number is breaking (so `0.1.0` → `0.2.0` is a major bump), and below 1.0.0 a patch
/// bump is the additive one.
fn bump_between(from: &Version, to: &Version) -> Bump {
    // Semver precedence: build metadata does not order versions.
    if to.cmp_precedence(from).is_le() {
        return Bump::None;
    }
    let numbers = |version: &Version| (version.major, version.minor, version.patch);
    let (from_numbers, to_numbers) = (numbers(from), numbers(to));
    if from_numbers == to_numbers {
        // The same numbers with a different pre-release: `1.0.0-rc.1` → `1.0.0`.
        return Bump::Patch;
    }
    let compatibility = |(major, minor, patch): (u64, u64, u64)| match (major, minor) {
        (0, 0) => (0, 0, patch),
        (0, minor) => (0, minor, 0),
        (major, _) => (major, 0, 0),
    };
    if compatibility(to_numbers) != compatibility(from_numbers) {
        Bump::Major
    } else if from.major == 0 || to.minor != from.minor {
        Bump::Minor
    } else {
        Bump::Patch
    }
}

/// Compares a new catalog with its base.
pub fn compare(base: &Catalog, new: &Catalog) -> Report {
    let mut changes = Vec::new();
    let mut forbidden = Vec::new();
    let index = |catalog: &'_ Catalog| -> HashMap<String, usize> {
        catalog
            .codes
            .iter()
            .enumerate()
            .map(|(at, entry)| (entry.code.clone(), at))
            .collect()
    };
    let (in_base, in_new) = (index(base), index(new));
    // New codes, in catalog order; a code claimed as a rename is taken out.
    let mut added: Vec<Option<&Code>> = new
        .codes
        .iter()
        .filter(|entry| !in_base.contains_key(&entry.code))
        .map(Some)
        .collect();
    for old in &base.codes {
        let code = old.code.clone();
        let Some(&at) = in_new.get(&code) else {
            if old.is_retired() {
                forbidden.push(Change {
                    class: Class::Breaking,
                    code,
                    summary: "a retired code stays in the catalog for good; restore it".to_owned(),
                });
                continue;
            }
            let same_meaning = |entry: &&Code| {
                entry.status == old.status && entry.cause == old.cause && entry.remedy == old.remedy
            };
            let rename = added
                .iter_mut()
                .find(|slot| slot.as_ref().is_some_and(same_meaning))
                .and_then(Option::take);
            changes.push(Change {
                class: Class::Breaking,
                code,
                summary: match rename {
                    Some(entry) => format!("renamed to `{}`", entry.code),
                    None => "deleted; clients matching on it stop compiling \
                             (retire a code instead: `retired: true`)"
                        .to_owned(),
                },
            });
            continue;
        };
        let entry = &new.codes[at];
        let mut change = |class, summary: String| {
            changes.push(Change {
                class,
                code: code.clone(),
                summary,
            });
        };
        if entry.status != old.status {
            let summary = format!("status changed from {} to {}", old.status, entry.status);
            change(Class::Breaking, summary);
        }
        if entry.retryable != old.retryable {
            let summary = format!(
                "retryable changed from {} to {}",
                old.retryable, entry.retryable
            );
            change(Class::Breaking, summary);
        }
        let replacement = |lifecycle: &Lifecycle| match lifecycle {
            Lifecycle::Deprecated(deprecation) => deprecation
                .replaced_by
                .as_ref()
                .map_or(String::new(), |by| format!(", replaced by `{}`", by.code)),
            Lifecycle::Current | Lifecycle::Retired => String::new(),
        };
        match (&old.lifecycle, &entry.lifecycle) {
            (Lifecycle::Retired, Lifecycle::Retired) => {}
            (Lifecycle::Retired, _) => forbidden.push(Change {
                class: Class::Breaking,
                code: code.clone(),
                summary: "a retired code cannot come back, its string is never reused; \
                          add a new code instead"
                    .to_owned(),
            }),
            (_, Lifecycle::Retired) => change(
                Class::Additive,
                "retired: the server no longer sends it".to_owned(),
            ),
            (Lifecycle::Current, now @ Lifecycle::Deprecated(_)) => {
                change(Class::Additive, format!("deprecated{}", replacement(now)));
            }
            (Lifecycle::Deprecated(_), Lifecycle::Current) => {
                change(Class::Additive, "no longer deprecated".to_owned());
            }
            (before @ Lifecycle::Deprecated(was), now @ Lifecycle::Deprecated(is)) => {
                if was.message != is.message {
                    let summary = format!("deprecation reworded to \"{}\"", is.message);
                    change(Class::Cosmetic, summary);
                }
                if replacement(before) != replacement(now) {
                    let summary = format!("deprecation now{}", replacement(now));
                    change(Class::Cosmetic, summary);
                }
            }
            (Lifecycle::Current, Lifecycle::Current) => {}
        }
        // The constructor takes the parameters, then the delay: with parameters on both sides,
        // the delay coming or going changes a constructor that servers already call.
        match (old.retry_after, entry.retry_after) {
            (true, false) if !entry.params().is_empty() => change(
                Class::Breaking,
                format!(
                    "no longer sends `Retry-After`; its constructor `{}`, which servers call, \
                     no longer takes the delay",
                    constructor(entry)
                ),
            ),
            (true, false) => change(
                Class::Breaking,
                "no longer sends `Retry-After`; its `ErrorBody` constructor, which servers \
                 call, is gone"
                    .to_owned(),
            ),
            (false, true) if !old.params().is_empty() => change(
                Class::Breaking,
                format!(
                    "sends `Retry-After`; its constructor `{}`, which servers call, takes the \
                     delay after its parameters now",
                    constructor(entry)
                ),
            ),
            (false, true) => change(
                Class::Additive,
                "sends `Retry-After`, with an `ErrorBody` constructor that takes the delay"
                    .to_owned(),
            ),
            _ => {}
        }
        let details = base.body.details || new.body.details;
        compare_message(old, entry, details, &mut change);
        if old.rate_limit != entry.rate_limit {
            let (class, summary) = match (&old.rate_limit, &entry.rate_limit) {
                (None, Some(policy)) => (
                    Class::Additive,
                    format!("enforces rate-limit policy `{policy}`"),
                ),
                (Some(policy), None) => (
                    Class::Breaking,
                    format!("no longer enforces rate-limit policy `{policy}`"),
                ),
                (_, policy) => (
                    Class::Breaking,
                    format!(
                        "enforces rate-limit policy `{}` instead",
                        policy.as_deref().unwrap_or_default()
                    ),
                ),
            };
            change(class, summary);
        }
        if old.since != entry.since {
            let summary = match &entry.since {
                Some(since) => format!("`since` set to {since}"),
                None => "`since` removed".to_owned(),
            };
            change(Class::Cosmetic, summary);
        }
        for (field, before, after) in [
            ("cause", &old.cause, &entry.cause),
            ("remedy", &old.remedy, &entry.remedy),
        ] {
            if before != after {
                change(Class::Cosmetic, format!("{field} reworded to \"{after}\""));
            }
        }
    }
    for entry in added.into_iter().flatten() {
        changes.push(Change {
            class: Class::Additive,
            code: entry.code.clone(),
            summary: format!("new code, HTTP {}", entry.status),
        });
    }
    compare_rate_limits(base, new, &mut changes);
    compare_details(base, new, &mut changes);
    compare_operations(base, new, &mut changes);
    changes.sort_by_key(|change| std::cmp::Reverse(change.class));

    let (base_version, version) = (&base.package.version, &new.package.version);
    if version.cmp_precedence(base_version).is_lt() {
        forbidden.push(Change {
            class: Class::Breaking,
            code: "crate.version".to_owned(),
            summary: format!("the version went down, from {base_version} to {version}"),
        });
    }
    let required = match changes.iter().map(|change| change.class).max() {
        None => Bump::None,
        Some(Class::Cosmetic) => Bump::Patch,
        Some(Class::Additive) => Bump::Minor,
        Some(Class::Breaking) => Bump::Major,
    };
    Report {
        base_version: base_version.to_string(),
        version: version.to_string(),
        actual: bump_between(base_version, version),
        changes,
        required,
        forbidden,
    }
}

/// `ErrorBody::<code>`, the constructor of a code with parameters or `Retry-After`.
fn constructor(code: &Code) -> String {
    format!("ErrorBody::{}", crate::naming::constructor_name(&code.code))
}

/// A parameter's kind as the report names it: `text`, `integer`, or `one of `a`, `b``.
fn kind_text(kind: &ParamKind) -> String {
    match kind {
        ParamKind::OneOf(values) => format!("one of {}", code_list(values)),
        other => other.name().to_owned(),
    }
}

/// Changes to a code's message and its parameters. The constructor `ErrorBody::<code>` takes
/// the parameters by position, in declaration order (then the delay, for a code that sends
/// `Retry-After`), so a parameter added, removed, renamed, retyped or moved changes calls that
/// servers already make: breaking. When `details` is on (in either catalog), clients read each
/// value back by name, typed, so a parameter removed, renamed or retyped breaks them too; a
/// reorder does not (they read by name). A `one_of` parameter is a `#[non_exhaustive]` enum: a
/// value added is additive, a value removed breaking. Everything else (the fixed text around
/// the placeholders, descriptions, examples, a message without parameters) is wording.
///
/// A code that had no constructor (no parameters, no `Retry-After`) and gains parameters gains
/// a constructor: additive, since no call that exists changes, and a body built from the code
/// alone still works (it carries the cause).
fn compare_message(old: &Code, new: &Code, details: bool, change: &mut impl FnMut(Class, String)) {
    let (before, after) = (old.params(), new.params());
    let constructor = constructor(new);
    let clients = |what: &str| {
        if details {
            format!(", and so do clients reading {what} from `details`")
        } else {
            String::new()
        }
    };
    if before.is_empty() && !old.retry_after && !after.is_empty() {
        let params: Vec<String> = after
            .iter()
            .map(|param| format!("`{}` ({})", param.name, kind_text(&param.kind)))
            .collect();
        change(
            Class::Additive,
            format!(
                "takes {} {}, with a new constructor `{constructor}` for servers; no \
                 existing call changes",
                if params.len() == 1 {
                    "parameter"
                } else {
                    "parameters"
                },
                params.join(", ")
            ),
        );
    } else {
        // Each parameter of the base paired with its successor in the new catalog: the one of
        // the same name, else one that appears in its place with the same kind (a rename).
        let added = |param: &Param| !before.iter().any(|was| was.name == param.name);
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (at, was) in before.iter().enumerate() {
            if let Some(now) = after.iter().position(|now| now.name == was.name) {
                pairs.push((at, now));
                continue;
            }
            let renamed = after
                .get(at)
                .filter(|now| added(now) && now.kind.name() == was.kind.name());
            match renamed {
                Some(now) => {
                    change(
                        Class::Breaking,
                        format!(
                            "parameter `{}` renamed to `{}`, in the same place: servers' calls \
                             to `{constructor}` pass their value as `{}` now{}",
                            was.name,
                            now.name,
                            now.name,
                            if details {
                                format!(
                                    ", and clients reading `{}` from `details` stop compiling",
                                    was.name
                                )
                            } else {
                                String::new()
                            }
                        ),
                    );
                    pairs.push((at, at));
                }
                None => change(
                    Class::Breaking,
                    format!(
                        "parameter `{}` removed: servers' calls to `{constructor}` stop \
                         compiling{}",
                        was.name,
                        clients("it")
                    ),
                ),
            }
        }
        for (at, now) in after.iter().enumerate() {
            if pairs.iter().any(|&(_, paired)| paired == at) {
                continue;
            }
            change(
                Class::Breaking,
                format!(
                    "new parameter `{}` ({}): servers' calls to `{constructor}` stop compiling",
                    now.name,
                    kind_text(&now.kind)
                ),
            );
        }
        for &(was, now) in &pairs {
            compare_param(&before[was], &after[now], &constructor, details, change);
        }
        // The parameters both sides have, in the base's order and in the new one.
        let old_order: Vec<&str> = pairs
            .iter()
            .map(|&(_, now)| after[now].name.as_str())
            .collect();
        let mut new_order = pairs.clone();
        new_order.sort_by_key(|&(_, now)| now);
        let new_order: Vec<&str> = new_order
            .iter()
            .map(|&(_, now)| after[now].name.as_str())
            .collect();
        if old_order != new_order {
            change(
                Class::Breaking,
                format!(
                    "parameters reordered, from {} to {}: servers' calls to `{constructor}` \
                     pass them in the old order (they stop compiling, or silently swap values \
                     of the same type)",
                    code_list(&old_order),
                    code_list(&new_order)
                ),
            );
        }
    }
    match (&old.message, &new.message) {
        (None, Some(message)) => change(
            Class::Cosmetic,
            format!("message set to \"{}\"", message.template()),
        ),
        (Some(_), None) => change(
            Class::Cosmetic,
            "message removed: bodies carry the cause".to_owned(),
        ),
        (Some(was), Some(now)) if was.template() != now.template() => change(
            Class::Cosmetic,
            format!("message reworded to \"{}\"", now.template()),
        ),
        _ => {}
    }
}

/// Changes to one parameter that keeps its place or its name: its kind, its values, its
/// description and its example.
fn compare_param(
    was: &Param,
    now: &Param,
    constructor: &str,
    details: bool,
    change: &mut impl FnMut(Class, String),
) {
    let name = &now.name;
    match (&was.kind, &now.kind) {
        (ParamKind::OneOf(before), ParamKind::OneOf(after)) => {
            let gone: Vec<&String> = before.iter().filter(|v| !after.contains(v)).collect();
            let new: Vec<&String> = after.iter().filter(|v| !before.contains(v)).collect();
            if !gone.is_empty() {
                let them = if gone.len() == 1 { "it" } else { "them" };
                let clients = if details {
                    format!(", and so do clients matching on {them} in `details`")
                } else {
                    String::new()
                };
                change(
                    Class::Breaking,
                    format!(
                        "parameter `{name}` no longer takes {}: servers passing {them} to \
                         `{constructor}` stop compiling{clients}",
                        code_list(&gone)
                    ),
                );
            }
            // Servers are unaffected (the enum is `#[non_exhaustive]`), but a client that reads
            // `details` cannot read the new value: its `Details` and its schema's `enum` refuse
            // the whole body's details.
            if !new.is_empty() && details {
                change(
                    Class::Breaking,
                    format!(
                        "parameter `{name}` takes {} too: clients reading `details` refuse the \
                         new value (their `Details` is `None`, and their schema's `enum` lacks it)",
                        code_list(&new)
                    ),
                );
            } else if !new.is_empty() {
                change(
                    Class::Additive,
                    format!(
                        "parameter `{name}` takes {} too (its enum is `#[non_exhaustive]`)",
                        code_list(&new)
                    ),
                );
            }
            let kept = |values: &[String], other: &[String]| -> Vec<String> {
                values
                    .iter()
                    .filter(|v| other.contains(v))
                    .cloned()
                    .collect()
            };
            if kept(before, after) != kept(after, before) {
                change(
                    Class::Cosmetic,
                    format!(
                        "parameter `{name}`'s values reordered: {}",
                        code_list(after)
                    ),
                );
            }
        }
        (before, after) if before != after => {
            let clients = if details {
                format!(", and so do clients reading `{}` from `details`", was.name)
            } else {
                String::new()
            };
            change(
                Class::Breaking,
                format!(
                    "parameter `{name}` changed from {} to {}: servers' calls to \
                     `{constructor}` stop compiling{clients}",
                    kind_text(before),
                    kind_text(after)
                ),
            );
        }
        _ => {}
    }
    if was.description != now.description {
        change(
            Class::Cosmetic,
            format!(
                "parameter `{name}`'s description reworded to \"{}\"",
                now.description
            ),
        );
    }
    // Compared as the message shows them: a kind changed from integer to text changes the
    // example's type, not the example.
    if was.example.to_string() != now.example.to_string() {
        change(
            Class::Cosmetic,
            format!("parameter `{name}`'s example changed to `{}`", now.example),
        );
    }
}

/// `body.details` turned on (additive: bodies carry their message's values by name, and the
/// crate gains the types clients read them with) or off (breaking: clients reading them stop
/// compiling, and the bodies no longer carry them).
fn compare_details(base: &Catalog, new: &Catalog, changes: &mut Vec<Change>) {
    let (class, summary) = match (base.body.details, new.body.details) {
        (false, true) => (
            Class::Additive,
            "turned on: bodies carry their message's parameters by name in `details`, which \
             clients can read back",
        ),
        (true, false) => (
            Class::Breaking,
            "turned off: bodies no longer carry `details`, and clients reading it stop compiling",
        ),
        _ => return,
    };
    changes.push(Change {
        class,
        code: "body.details".to_owned(),
        summary: summary.to_owned(),
    });
}

/// Changes to the rate-limit policies and the message's maximum length, which clients pace
/// themselves by and validate against. Each is named after its place in the catalog
/// (`rate_limits.production`, `body.message_max_length`).
fn compare_rate_limits(base: &Catalog, new: &Catalog, changes: &mut Vec<Change>) {
    let mut change = |class, code: String, summary: String| {
        changes.push(Change {
            class,
            code,
            summary,
        });
    };
    for old in &base.rate_limits {
        let name = format!("rate_limits.{}", old.name);
        let Some(policy) = new.rate_limit(&old.name) else {
            let summary = format!(
                "policy deleted; its constant `RateLimitPolicy::{}` is gone",
                old.constant()
            );
            change(Class::Breaking, name, summary);
            continue;
        };
        if (policy.requests, policy.window) != (old.requests, old.window) {
            // Requests per second, compared without division; and the quota itself, which a
            // client may spend in one burst: either going down is stricter.
            let slower = u64::from(policy.requests) * u64::from(old.window)
                < u64::from(old.requests) * u64::from(policy.window);
            let (class, why) = if slower || policy.requests < old.requests {
                (
                    Class::Breaking,
                    "stricter: clients that pace themselves by the old limit get 429s",
                )
            } else {
                (Class::Additive, "looser")
            };
            let summary = format!(
                "limit changed from {} to {} ({why})",
                old.rate(),
                policy.rate()
            );
            change(class, name.clone(), summary);
        }
        if policy.scope != old.scope {
            let summary = format!("scope reworded to \"{}\"", policy.scope);
            change(Class::Cosmetic, name, summary);
        }
    }
    for policy in &new.rate_limits {
        if base.rate_limit(&policy.name).is_none() {
            let summary = format!("new rate-limit policy: {}", policy.describe());
            change(
                Class::Additive,
                format!("rate_limits.{}", policy.name),
                summary,
            );
        }
    }
    let (old, now) = (base.body.message_max_length, new.body.message_max_length);
    if now > old {
        let summary = format!(
            "raised from {old} to {now} characters: clients that validate bodies against the \
             older schema reject the longer messages"
        );
        change(
            Class::Breaking,
            "body.message_max_length".to_owned(),
            summary,
        );
    } else if now < old {
        let summary = format!("lowered from {old} to {now} characters; longer messages are cut");
        change(
            Class::Additive,
            "body.message_max_length".to_owned(),
            summary,
        );
    }
}

/// Changes to the operations and the codes each may return (`operations.getSession`). Each
/// operation's codes are an exhaustive enum in the generated crate, so adding a code to an
/// operation breaks clients that match on it exhaustively, and removing one breaks servers that
/// return it: both are breaking. (Smithy's smithy-diff warns on both, as its generated clients
/// are not exhaustive; this crate's are, on purpose.)
fn compare_operations(base: &Catalog, new: &Catalog, changes: &mut Vec<Change>) {
    let codes = |catalog: &Catalog, operation: &crate::model::Operation| -> Vec<String> {
        catalog
            .operation_codes(operation)
            .map(|code| code.code.clone())
            .collect()
    };
    let mut change = |class, id: &str, summary: String| {
        changes.push(Change {
            class,
            code: format!("operations.{id}"),
            summary,
        });
    };
    for old in &base.operations {
        let Some(now) = new.operations.iter().find(|now| now.id == old.id) else {
            let summary = format!(
                "operation deleted; `{}`, which its handlers return, is gone",
                old.enum_name()
            );
            change(Class::Breaking, &old.id, summary);
            continue;
        };
        if now.route() != old.route() {
            let summary = format!("moved from `{}` to `{}`", old.route(), now.route());
            change(Class::Breaking, &old.id, summary);
        }
        let (before, after) = (codes(base, old), codes(new, now));
        for added in after.iter().filter(|code| !before.contains(code)) {
            let summary = format!(
                "may return `{added}`: clients matching on `{}` exhaustively stop compiling",
                now.enum_name()
            );
            change(Class::Breaking, &old.id, summary);
        }
        for removed in before.iter().filter(|code| !after.contains(code)) {
            let summary = format!(
                "no longer returns `{removed}`: servers returning `{}::{}` stop compiling",
                old.enum_name(),
                crate::naming::variant_name(removed)
            );
            change(Class::Breaking, &old.id, summary);
        }
    }
    for now in &new.operations {
        if !base.operations.iter().any(|old| old.id == now.id) {
            let summary = format!(
                "new operation `{}`, with `{}`",
                now.route(),
                now.enum_name()
            );
            change(Class::Additive, &now.id, summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{bump_between as bump, Bump};

    fn bump_between(from: &str, to: &str) -> Bump {
        let version = |text: &str| semver::Version::parse(text).expect("a test version");
        bump(&version(from), &version(to))
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(bump_between("1.2.3", "2.0.0"), Bump::Major);
        assert_eq!(bump_between("1.2.3", "1.3.0"), Bump::Minor);
        assert_eq!(bump_between("1.2.3", "1.2.4"), Bump::Patch);
        assert_eq!(bump_between("1.2.3", "1.2.3"), Bump::None);
        assert_eq!(bump_between("0.1.0", "0.2.0"), Bump::Major);
        assert_eq!(bump_between("0.1.0", "0.1.1"), Bump::Minor);
        assert_eq!(bump_between("0.1.0", "1.0.0"), Bump::Major);
        assert_eq!(bump_between("1.0.0-rc.1", "1.0.0"), Bump::Patch);
        assert_eq!(bump_between("1.0.0", "0.9.0"), Bump::None);
        // Build metadata does not order versions.
        assert_eq!(bump_between("1.2.0+b", "1.2.0+a"), Bump::None);
        assert_eq!(bump_between("1.2.0+a", "1.2.0+b"), Bump::None);
    }
}
