//! The base of every stage, diagnostics: problems found in a catalog, with their place, rendered
//! the way rustc renders errors. Every later stage reports through these.
//!
//! Every problem becomes `PATH:LINE:COL: error: message`, followed by the source line with a
//! caret under the offending value (drawn by `annotate-snippets`), then any help.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::limits::{MAX_SHOWN_PROBLEMS, MAX_SOURCE_BYTES};

/// Places at most this many lines apart share one snippet; farther ones get a snippet each, so
/// that a snippet never holds more than a few lines of the file.
const NEARBY_LINES: usize = 6;

/// Longest source text shown in one snippet, in bytes; longer lines are shown in a window of
/// `WINDOW_BEFORE` bytes before the place and `WINDOW_AFTER` from it.
const MAX_SNIPPET_BYTES: usize = 4096;
const WINDOW_BEFORE: usize = 120;
const WINDOW_AFTER: usize = 1000;

/// Longest piece of catalog text quoted inside a message, in characters.
const MAX_QUOTED_CHARS: usize = 40;

/// The problem of a file over [`MAX_SOURCE_BYTES`].
pub(crate) fn too_large() -> Problem {
    Problem::of_whole_file(format!(
        "the catalog is larger than the limit of {MAX_SOURCE_BYTES} bytes"
    ))
    .with_help("a catalog of ten thousand codes takes about 3 MB; is this the right file?")
}

/// Names as a message lists them: each as inline code, joined by `, ` (`` `a`, `b` ``).
pub(crate) fn code_list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    names
        .into_iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Catalog text as quoted in a message: cut short with `…` when long, line breaks shown as `\n`.
pub(crate) fn quoted(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(MAX_QUOTED_CHARS)
        .collect::<String>()
        .replace('\r', "\\r")
        .replace('\n', "\\n");
    if text.chars().nth(MAX_QUOTED_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// A catalog's source text and the path it is reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps catalog text; a leading UTF-8 byte-order mark is dropped.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.contains('\r') {
            text = lone_carriage_returns_as_newlines(&text);
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Decodes catalog bytes, rejecting a file over [`MAX_SOURCE_BYTES`] and invalid UTF-8 (with
    /// the place of the first bad byte).
    ///
    /// A caller reading a file needs no more than `MAX_SOURCE_BYTES + 1` bytes of it to get the
    /// size problem reported.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, Diagnostics> {
        let path = path.into();
        if bytes.len() > MAX_SOURCE_BYTES {
            return Err(Diagnostics::new(
                SourceFile::new(path, String::new()),
                vec![too_large()],
            ));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, text)),
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                // Safe to decode: `valid_up_to` ends at a character boundary.
                let valid = String::from_utf8_lossy(valid);
                let line = valid.matches('\n').count() + 1;
                let column = valid
                    .rsplit('\n')
                    .next()
                    .map_or(0, |last| last.chars().count())
                    + 1;
                let file = SourceFile::new(path, String::new());
                let problem =
                    Problem::new(Location { line, column }, "the catalog is not valid UTF-8")
                        .with_help("save the file as UTF-8");
                Err(Diagnostics::new(file, vec![problem]))
            }
        }
    }

    /// The path problems are reported under.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The catalog text, without a byte-order mark.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of a location, clamped to the text.
    fn offset(&self, location: Location) -> usize {
        let Some(&line_start) = self.line_starts.get(location.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = self.line_end(line_start);
        self.text[line_start..line_end]
            .char_indices()
            .nth(location.column.saturating_sub(1))
            .map_or(line_end, |(at, _)| line_start + at)
    }

    /// Where the line starting at `line_start` ends, before its `\n` or `\r\n`.
    fn line_end(&self, line_start: usize) -> usize {
        let end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |at| line_start + at);
        if self.text[line_start..end].ends_with('\r') {
            end - 1
        } else {
            end
        }
    }

    /// The byte range to underline for a location: the YAML token that starts there.
    fn token(&self, location: Location) -> std::ops::Range<usize> {
        let start = self.offset(location);
        let rest = &self.text[start..self.line_end(self.line_start_of(start)).max(start)];
        let len = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |end| end + 2),
            Some(open @ ('[' | '{')) => flow_len(rest, open),
            // A plain scalar inside a flow collection (a key's value too: `{ status: 200, … }`)
            // ends at the next `,`, `]` or `}`.
            _ if in_flow(&self.text[self.line_start_of(start)..start]) => {
                rest.find([',', ']', '}']).unwrap_or(rest.len())
            }
            _ => rest
                .find(" #")
                .unwrap_or(rest.len())
                .min(rest.find(": ").unwrap_or(rest.len()))
                .min(if rest.ends_with(':') {
                    rest.len() - 1
                } else {
                    rest.len()
                }),
        };
        // At least one whole character, so a span never ends inside one (a lone U+2009 is
        // whitespace to `trim_end` but three bytes long).
        let len = match rest[..len].trim_end().len() {
            0 => rest.chars().next().map_or(0, char::len_utf8),
            len => len,
        };
        start..start + len
    }

    /// The nearest character boundary at or before `offset`.
    fn char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn line_start_of(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        self.line_starts[line.saturating_sub(1)]
    }
}

/// YAML takes a lone `\r` (old Mac line ending) for a line break, as it does `\n` and `\r\n`;
/// turning it into `\n` reads the same, keeps every byte offset, and makes the lines counted here
/// the parser's lines.
fn lone_carriage_returns_as_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a line, up to some place, has opened a flow collection that is still open there
/// (brackets inside quotes are counted too: a close enough guess for drawing a caret).
fn in_flow(before: &str) -> bool {
    let opened = before.matches(['[', '{']).count();
    let closed = before.matches([']', '}']).count();
    opened > closed
}

/// Length of a flow collection that opens and closes on its line, or of its opening bracket.
fn flow_len(rest: &str, open: char) -> usize {
    let close = if open == '[' { ']' } else { '}' };
    let mut depth = 0usize;
    for (at, c) in rest.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return at + 1;
            }
        }
    }
    1
}

/// A place in the catalog: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// The first character of the file.
    pub fn start() -> Self {
        Location { line: 1, column: 1 }
    }
}

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in dtolnay's style: lowercase, no trailing period.
    pub message: String,
    /// A short label drawn under the offending value.
    pub label: Option<String>,
    /// Other places that explain the problem (such as a first definition).
    pub related: Vec<(Location, String)>,
    /// How to fix it, when that is obvious.
    pub help: Option<String>,
    /// Whether the source line is shown under the message; not for problems of the whole file.
    pub show_source: bool,
}

impl Problem {
    /// A problem at a place.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Problem {
            location,
            message: message.into(),
            label: None,
            related: Vec::new(),
            help: None,
            show_source: true,
        }
    }

    /// A problem of the whole file (empty, too large), shown without a source line.
    pub fn of_whole_file(message: impl Into<String>) -> Self {
        Problem {
            show_source: false,
            ..Problem::new(Location::start(), message)
        }
    }

    /// Adds the label drawn under the offending value.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds another place that explains the problem.
    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push((location, label.into()));
        self
    }

    /// Adds a suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Every problem found in one catalog, rendered together.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    file: SourceFile,
    problems: Vec<Problem>,
}

impl Diagnostics {
    /// Problems in `file`, reported in source order.
    pub fn new(file: SourceFile, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|problem| problem.location);
        Diagnostics { file, problems }
    }

    /// The problems, in source order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// One problem rendered: header line, source snippet, help.
    ///
    /// Each snippet holds only the lines it annotates (nearby annotations share one), so the
    /// cost of a problem does not grow with the size of the file.
    fn render(&self, problem: &Problem) -> String {
        let file = &self.file;
        let Location { line, column } = problem.location;
        let header = format!("{}:{line}:{column}: error: {}", file.path, problem.message);
        if file.text.is_empty() || !problem.show_source {
            return match &problem.help {
                Some(help) => format!("{header}\n  = help: {help}"),
                None => header,
            };
        }
        let mut marks: Vec<(usize, std::ops::Range<usize>, AnnotationKind, Option<&str>)> = vec![(
            line,
            file.token(problem.location),
            AnnotationKind::Primary,
            problem.label.as_deref(),
        )];
        for (location, label) in &problem.related {
            marks.push((
                location.line,
                file.token(*location),
                AnnotationKind::Context,
                Some(label.as_str()),
            ));
        }
        marks.sort_by_key(|(line, ..)| *line);
        let mut clusters = Vec::new();
        let mut rest = marks.as_slice();
        while let Some(first) = rest.first() {
            let together = rest
                .iter()
                .take_while(|(line, ..)| *line <= first.0.saturating_add(NEARBY_LINES))
                .count();
            let (cluster, later) = rest.split_at(together);
            clusters.push(cluster);
            rest = later;
        }
        let several = clusters.len() > 1;
        let snippets = clusters.into_iter().map(|cluster| {
            let mut start = file.line_start_of(cluster[0].1.start);
            let mut end = cluster
                .iter()
                .map(|(_, span, ..)| file.line_end(file.line_start_of(span.start)))
                .max()
                .unwrap_or(start);
            if end - start > MAX_SNIPPET_BYTES {
                // A huge line: show a window around the first place only, so rendering costs
                // the same for a megabyte-long line as for a short one.
                let anchor = cluster[0].1.start;
                start = file.char_boundary(anchor.saturating_sub(WINDOW_BEFORE).max(start));
                end = file.char_boundary((anchor + WINDOW_AFTER).min(end));
            }
            let first_line = file.line_starts.partition_point(|&line| line <= start);
            let mut snippet = Snippet::source(&file.text[start..end]).line_start(first_line);
            if several {
                // Far-apart places get one snippet each, each named like rustc's `::: path`.
                snippet = snippet.path(file.path.as_str());
            }
            for (_, span, kind, label) in cluster {
                let (from, to) = (span.start.max(start), span.end.min(end));
                if from < to || (from == to && from <= end && span.start == span.end) {
                    snippet =
                        snippet.annotation((*kind).span(from - start..to - start).label(*label));
                }
            }
            snippet
        });
        let mut group = Group::with_level(Level::ERROR).elements(snippets);
        if let Some(help) = &problem.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let snippet = Renderer::plain().render(&[group]);
        format!("{header}\n{}", snippet.trim_end())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.problems.iter().take(MAX_SHOWN_PROBLEMS) {
            writeln!(f, "{}", self.render(problem))?;
        }
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        let count = self.problems.len();
        if let Some(hidden) = count.checked_sub(MAX_SHOWN_PROBLEMS).filter(|&n| n > 0) {
            writeln!(f, "… and {hidden} more problem{} not shown", plural(hidden))?;
        }
        write!(
            f,
            "error: {count} problem{} in {}",
            plural(count),
            self.file.path
        )
    }
}

impl std::error::Error for Diagnostics {}
