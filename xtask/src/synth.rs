//! `cargo xtask synth-catalog`: synthetic valid catalogs of any size, for the benchmarks.
//!
//! The catalog is deterministic for a given size: codes are built from an area, a subject and a
//! condition word list (`billing_invoice_not_found`), with a numeric suffix as a word of its own
//! once the combinations run out (`billing_invoice_not_found_2`), so codes stay unique snake_case
//! and their PascalCase variants never collide. Causes and remedies are sentences of the same
//! length as the real catalog's (about 30 to 110 characters, some with inline code), and statuses
//! are spread over the 4xx and 5xx statuses an API actually returns.
//!
//! This file uses only the standard library: the benchmarks under `codegen/benches/` include it
//! with `#[path]`, so they measure the same catalogs as `cargo xtask synth-catalog` writes.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// The name of the crate a synthetic catalog describes. It differs from the real catalog's, so a
/// benchmark can depend on both generated crates at once.
pub const CRATE_NAME: &str = "api-errors-synth";

const AREAS: &[&str] = &[
    "auth", "billing", "project", "session", "webhook", "export", "import", "storage", "search",
    "admin", "proxy", "report",
];

const SUBJECTS: &[&str] = &[
    "key",
    "token",
    "invoice",
    "quota",
    "region",
    "endpoint",
    "environment",
    "scenario",
    "payload",
    "header",
    "cursor",
    "member",
    "role",
    "plan",
    "upload",
    "log",
    "body",
    "mode",
    "side",
    "override",
    "schedule",
    "signature",
    "attachment",
    "filter",
    "query",
    "snapshot",
    "secret",
    "domain",
    "certificate",
    "tag",
];

/// A condition: its code words, HTTP status, whether a retry can help, and how to say it.
struct Condition {
    words: &'static str,
    status: u16,
    retryable: bool,
    /// What happened, after the subject: "{Subject} {happened}".
    happened: &'static str,
    /// What to do, with `{}` for the subject.
    remedy: &'static str,
}

const CONDITIONS: &[Condition] = &[
    Condition {
        words: "not_found",
        status: 404,
        retryable: false,
        happened: "doesn't exist or was deleted",
        remedy: "Check the {} id and query params",
    },
    Condition {
        words: "expired",
        status: 401,
        retryable: false,
        happened: "expired before the request arrived",
        remedy: "Create a fresh {} and send it again",
    },
    Condition {
        words: "invalid",
        status: 422,
        retryable: false,
        happened: "is malformed or names something that isn't there",
        remedy: "Fix the {} as the reference describes, then resend",
    },
    Condition {
        words: "required",
        status: 422,
        retryable: false,
        happened: "is missing from a request that needs one",
        remedy: "Add `?{}=your-value` to the request",
    },
    Condition {
        words: "conflict",
        status: 409,
        retryable: false,
        happened: "was changed by another request in the meantime",
        remedy: "Fetch the latest {} and apply your change to it",
    },
    Condition {
        words: "locked",
        status: 423,
        retryable: true,
        happened: "is locked while an operation on it runs",
        remedy: "Wait for the running operation on the {} to finish, then retry",
    },
    Condition {
        words: "too_large",
        status: 413,
        retryable: false,
        happened: "is larger than the limit of 10 MB",
        remedy: "Split the {} into smaller parts",
    },
    Condition {
        words: "unsupported",
        status: 415,
        retryable: false,
        happened: "uses a format this endpoint doesn't accept",
        remedy: "Send the {} as `application/json`",
    },
    Condition {
        words: "rate_limited",
        status: 429,
        retryable: true,
        happened: "was used more than 120 times in 60 seconds",
        remedy: "Back off and retry; see the rate limiting details",
    },
    Condition {
        words: "forbidden",
        status: 403,
        retryable: false,
        happened: "isn't available to this key's role",
        remedy: "Ask an org admin for access to the {}",
    },
    Condition {
        words: "scope_mismatch",
        status: 403,
        retryable: false,
        happened: "belongs to a project this key can't access",
        remedy: "Pass the right project slug, or use an org-wide key",
    },
    Condition {
        words: "revoked",
        status: 401,
        retryable: false,
        happened: "was revoked by an admin",
        remedy: "Create a new {} in **Settings → API keys**",
    },
    Condition {
        words: "pending",
        status: 409,
        retryable: true,
        happened: "is still being processed",
        remedy: "Poll the {} until its `state` is `ready`",
    },
    Condition {
        words: "disabled",
        status: 403,
        retryable: false,
        happened: "is disabled on this plan",
        remedy: "Upgrade plan or use dashboard instead",
    },
    Condition {
        words: "exhausted",
        status: 429,
        retryable: true,
        happened: "used up this month's allowance",
        remedy: "Wait for the next billing period or raise the {} limit",
    },
    Condition {
        words: "unavailable",
        status: 503,
        retryable: true,
        happened: "is briefly unavailable during maintenance",
        remedy: "Retry with exponential backoff",
    },
    Condition {
        words: "timeout",
        status: 504,
        retryable: true,
        happened: "took longer than 30 seconds to answer",
        remedy: "Retry, or narrow the {} so it does less work",
    },
    Condition {
        words: "malformed",
        status: 400,
        retryable: false,
        happened: "isn't valid JSON",
        remedy: "Validate the {} against the OpenAPI schema before sending",
    },
    Condition {
        words: "duplicate",
        status: 409,
        retryable: false,
        happened: "already exists with the same name",
        remedy: "Use a different name or update the existing {}",
    },
    Condition {
        words: "stale",
        status: 412,
        retryable: false,
        happened: "changed since the `If-Match` version you sent",
        remedy: "Fetch the {} again and resend with its new `ETag`",
    },
    Condition {
        words: "gone",
        status: 410,
        retryable: false,
        happened: "was permanently removed",
        remedy: "Stop referring to this {}; it will not come back",
    },
    Condition {
        words: "upstream_failed",
        status: 502,
        retryable: true,
        happened: "depends on an upstream service that failed",
        remedy: "Retry later; check the status page if it persists",
    },
    Condition {
        words: "internal",
        status: 500,
        retryable: true,
        happened: "hit an unexpected error on our side",
        remedy: "Retry once, then contact support with the request id",
    },
    Condition {
        words: "mode_invalid",
        status: 422,
        retryable: false,
        happened: "mode isn't `reset` or `delete`",
        remedy: "Use `?mode=reset` or `?mode=delete`",
    },
    Condition {
        words: "side_invalid",
        status: 422,
        retryable: false,
        happened: "side isn't `request` or `response`",
        remedy: "Use `?side=request` or `?side=response`",
    },
];

/// Extra clauses that vary the length of causes, as real catalogs do.
const DETAILS: &[&str] = &[
    "",
    "",
    " in this project",
    " for the requested environment",
    " (see the `details` field of the body)",
    " after the last deploy of this endpoint",
];

/// One synthetic code.
struct Code {
    code: String,
    status: u16,
    cause: String,
    remedy: String,
    retryable: bool,
}

/// The codes of a synthetic catalog of `count` codes, in catalog order.
fn codes(count: usize) -> Vec<Code> {
    let combinations = AREAS.len() * SUBJECTS.len() * CONDITIONS.len();
    // A stride coprime with the number of combinations visits every one in a mixed order, so
    // neighbouring codes differ in area, subject and condition alike.
    let stride = (combinations / 2..)
        .find(|&stride| gcd(stride, combinations) == 1)
        .unwrap_or(1);
    let mut seen = HashSet::with_capacity(count);
    let mut codes = Vec::with_capacity(count);
    for index in 0..count {
        let round = index / combinations;
        let mixed = (index % combinations) * stride % combinations;
        let area = AREAS[mixed % AREAS.len()];
        let subject = SUBJECTS[mixed / AREAS.len() % SUBJECTS.len()];
        let condition = &CONDITIONS[mixed / (AREAS.len() * SUBJECTS.len())];
        let mut code = format!("{area}_{subject}_{}", condition.words);
        if round > 0 {
            write!(code, "_{}", round + 1).unwrap_or_default();
        }
        let variant: String = code.split('_').map(capitalized).collect();
        assert!(
            seen.insert(variant),
            "synthetic code `{code}` repeats a variant name"
        );
        let detail = DETAILS[(index / 7 + mixed) % DETAILS.len()];
        codes.push(Code {
            cause: format!(
                "{} {subject} {}{detail}",
                capitalized(area),
                condition.happened
            ),
            remedy: condition.remedy.replace("{}", subject),
            status: condition.status,
            retryable: condition.retryable,
            code,
        });
    }
    codes
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A YAML scalar: plain when YAML reads it back unchanged, double-quoted otherwise.
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "`'\"!&*?|>%@{}[],#-:".contains(c) || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([':', ' '])
        && text.parse::<f64>().is_err()
        && !matches!(text, "true" | "false" | "null" | "~" | "yes" | "no");
    if plain {
        text.to_owned()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The text of a valid catalog of `count` codes (at least one; `cargo xtask synth-catalog`
/// accepts 1 to `error_catalog::limits::MAX_CODES`), without operations.
// The in-process benchmark (`codegen/benches/pipeline.rs`, which includes this file) calls it.
#[allow(dead_code)]
pub fn catalog(count: usize) -> String {
    catalog_with_operations(count, 0)
}

/// Codes each synthetic operation may return besides the common one.
const CODES_PER_OPERATION: usize = 10;

/// [`catalog`] with `operations` operations: every one may return the first code, and each
/// [`CODES_PER_OPERATION`] more, spread over the catalog; methods and paths cycle so that no two
/// share a route.
pub fn catalog_with_operations(count: usize, operations: usize) -> String {
    let codes = codes(count.max(1));
    let first = |n: usize| codes[n.min(codes.len() - 1)].code.as_str();
    let mut text = format!(
        r#"# A synthetic catalog of {count} codes, written by `cargo xtask synth-catalog` for the
# benchmarks. Every value is made up; the shape and text lengths match catalog.yaml.

crate:
  name: {CRATE_NAME}
  version: 0.1.0
  description: Synthetic error codes for measuring the generator at scale.
  license: MIT OR Apache-2.0
  repository: https://github.com/example/api-errors

page:
  title: Errors
  lead: Error codes, HTTP statuses, and what to do about them.
  url: https://docs.example.com/errors
  envelope:
    intro: "When something goes wrong, the API returns a consistent JSON envelope:"
    example:
      error: Human-readable message
      code: snake_case
    outro: Here's every code you might hit.
  reference:
    heading: Error reference
    columns:
      code: Code
      status: HTTP
      cause: What happened
      remedy: What to do
  patterns:
    heading: Common patterns
    codes_label: "Codes:"
    items:
      - title: The first code
        codes: [{a}]
        text: Key typo, wrong prefix, or revoked key. Create a fresh one in **Settings → API keys**.
      - title: Two related codes
        codes: [{pair}]
        text: Public API is a Team+ feature. Dashboard session control still works on lower plans.
  sections:
    - heading: Rate limiting details
      paragraphs:
        - "**Production limit:** 120 requests per 60 seconds per API key."
        - If you're polling logs, use reasonable intervals. Batch assertions where you can.
  related:
    heading: Related
    links:
      - title: Authentication
        href: authentication.md
        text: avoid auth errors in the first place
      - title: API overview
        href: api-overview.md
        text: integration basics

{operations}codes:
"#,
        operations = operations_text(&codes, operations),
        a = first(0),
        // Two distinct codes when there are enough: a pattern may name a code only once.
        pair = if codes.len() > 2 {
            format!("{}, {}", first(1), first(2))
        } else {
            first(1).to_owned()
        },
    );
    for code in &codes {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "  - code: {}\n    status: {}\n    cause: {}\n    remedy: {}\n",
            code.code,
            code.status,
            scalar(&code.cause),
            scalar(&code.remedy)
        );
        if code.retryable {
            text.push_str("    retryable: true\n");
        }
        text.push('\n');
    }
    text.pop();
    text
}

/// The `operations` part of a synthetic catalog; nothing for none.
fn operations_text(codes: &[Code], operations: usize) -> String {
    if operations == 0 {
        return String::new();
    }
    const METHODS: [&str; 4] = ["get", "put", "post", "delete"];
    let mut text = format!("operations:\n  common: [{}]\n  items:\n", codes[0].code);
    for index in 0..operations {
        let mut own: Vec<usize> = (0..CODES_PER_OPERATION)
            .map(|n| 1 + (index * 7 + n * 13) % (codes.len() - 1).max(1))
            .filter(|&at| at < codes.len())
            .collect();
        own.sort_unstable();
        own.dedup();
        let method = METHODS[index % METHODS.len()];
        let _ = writeln!(
            text,
            "    - operation_id: {method}Resource{index}\n      method: {method}\n      path: /resources{}/{{id}}\n      codes: [{}]",
            index / METHODS.len(),
            own.iter()
                .map(|&at| codes[at].code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    text.push('\n');
    text
}

/// Writes a synthetic catalog of `count` codes and `operations` operations to `path`, creating
/// its folder.
pub fn write(count: usize, operations: usize, path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, catalog_with_operations(count, operations))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ten_thousand_codes_load() {
        let text = super::catalog(10_000);
        let file = error_catalog::SourceFile::new("synth.yaml", text);
        let catalog = match error_catalog::load(&file) {
            Ok(catalog) => catalog,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        assert_eq!(catalog.codes.len(), 10_000);
        let statuses: std::collections::HashSet<u16> =
            catalog.codes.iter().map(|c| c.status).collect();
        assert!(statuses.len() >= 10, "{statuses:?}");
    }

    #[test]
    fn operations_load() {
        let text = super::catalog_with_operations(10_000, 1_000);
        let file = error_catalog::SourceFile::new("synth.yaml", text);
        let catalog = match error_catalog::load(&file) {
            Ok(catalog) => catalog,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        assert_eq!(catalog.operations.len(), 1_000);
        for count in [1, 2, 3] {
            let file = error_catalog::SourceFile::new(
                "synth.yaml",
                super::catalog_with_operations(count, 3),
            );
            let outputs = error_catalog::generate(&file).map_err(|e| e.to_string());
            assert!(outputs.is_ok(), "{count} codes: {outputs:?}");
        }
    }

    #[test]
    fn small_catalogs_load_and_emit() {
        for count in [1, 3, 10] {
            let file = error_catalog::SourceFile::new("synth.yaml", super::catalog(count));
            let outputs = error_catalog::generate(&file).map_err(|e| e.to_string());
            assert!(outputs.is_ok(), "{count} codes: {outputs:?}");
        }
    }
}
