//! The base of every stage, the limits: how much of anything a catalog may hold, and how many of
//! its problems are reported. Every stage reads these; they keep a hostile catalog from costing
//! unbounded time or memory, and a catalog that goes past one gets a located problem saying so.

/// Largest catalog accepted, in bytes. Ten thousand codes with realistic text take about 3 MB.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting of YAML collections accepted. The catalog itself needs five levels.
pub const MAX_NESTING: usize = 32;

/// Longest accepted code, in bytes.
pub const MAX_CODE_LEN: usize = 64;

/// Longest accepted text field, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Most codes in one catalog. Generating takes time and memory in proportion to the codes (about
/// 1 s and 400 MB at this limit in a release build); a file of the largest accepted size could
/// otherwise hold 160,000 codes and need 3 GB.
pub const MAX_CODES: usize = 20_000;

/// Most YAML values (mappings, lists, scalars and keys) in one catalog: room for [`MAX_CODES`]
/// entries with every field set (about 21 values each) and a page of ten thousand paragraphs,
/// so that a file of small values cannot build a tree of millions of nodes.
pub const MAX_YAML_VALUES: usize = MAX_CODES * 24 + 20_000;

/// The longest wait a `Retry-After` header may ask for, in seconds: 366 days. The generated
/// crate sends no longer one and reads none, the OpenAPI schema says so, and no rate-limit
/// window may be longer, since a window is the wait a rate-limited response asks for.
pub const MAX_RETRY_AFTER_SECONDS: u32 = 366 * 24 * 60 * 60;

/// Most problems shown in one run; the rest are counted.
pub const MAX_SHOWN_PROBLEMS: usize = 50;

/// Most problems reported from one part of a catalog (`crate`, `page`, one code entry), so that a
/// part made of thousands of broken items cannot flood the report.
pub const MAX_PROBLEMS_PER_PART: usize = MAX_SHOWN_PROBLEMS - 1;
