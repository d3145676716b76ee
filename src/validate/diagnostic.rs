//! Diagnostics: a finding placed in its file, ready to show like a compiler
//! does.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::{Code, Finding, Severity};

/// A finding with its place in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule.
    pub code: Code,
    /// Its severity (after `--deny` / `--allow`).
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Short label under the offending token.
    pub label: String,
    /// The file (`<stdin>` for standard input).
    pub source: Arc<str>,
    /// 1-based line.
    pub line: u64,
    /// 1-based column of the offending token, in characters.
    pub column: u64,
    /// Byte offset of the offending token in the file.
    pub offset: u64,
    /// The text of the line; for a line longer than three times [`EXCERPT`]
    /// bytes, [`EXCERPT`] bytes either side of the offending token, cut ends
    /// marked `…`.
    pub line_text: String,
    /// The offending token: bytes of `line_text`.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// How much of a long line a diagnostic keeps on each side of its token.
pub const EXCERPT: usize = 120;

/// `line`, or the part of it around `span` if it is long; with the span
/// moved to match.
fn excerpt(line: &str, span: Range<usize>) -> (String, Range<usize>) {
    if line.len() <= 3 * EXCERPT {
        return (line.to_owned(), span);
    }
    let floor = |mut at: usize| {
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(span.start.saturating_sub(EXCERPT));
    let end = floor((span.end + EXCERPT).min(line.len()));
    let end = end.max(span.end.min(line.len()));
    let mut text = String::with_capacity(end - start + 6);
    if start > 0 {
        text.push('…');
    }
    let shift = text.len();
    text.push_str(&line[start..end]);
    if end < line.len() {
        text.push('…');
    }
    (text, span.start - start + shift..span.end - start + shift)
}

/// `text` safe to show on a terminal: control characters (C0 but tab, DEL,
/// C1) and the bidirectional overrides are written as escapes (`\x1b`,
/// `\u{202e}`), so a page's bytes never move the cursor, set a title or
/// reorder what is shown. Borrowed when there is nothing to escape.
///
/// ```
/// use tickerline::validate::escape_controls;
/// assert_eq!(escape_controls("KEL 4.59\x1b]0;pwned\x07"), "KEL 4.59\\x1b]0;pwned\\x07");
/// assert_eq!(escape_controls("HBL\t117.85 ▼"), "HBL\t117.85 ▼");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !needs_escape(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// `true` for what [`escape_controls`] escapes.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl Diagnostic {
    /// Places `finding` (span in bytes of `line_text`) at line `line` of
    /// `source`; `column` and `offset` are those of the span's start.
    pub fn new(
        finding: Finding,
        severity: Severity,
        source: Arc<str>,
        line: u64,
        column: u64,
        offset: u64,
        line_text: &str,
    ) -> Self {
        let (line_text, span) = excerpt(line_text, finding.span);
        Diagnostic {
            code: finding.code,
            severity,
            message: finding.message,
            label: finding.label,
            source,
            line,
            column,
            offset,
            line_text,
            span,
        }
    }

    /// The diagnostic as rustc shows one: a `path:line:column: error[code]:
    /// message` header, the source line, and a caret under the offending
    /// token. `color` adds ANSI styles. What comes from the page (its name,
    /// the line, the message's quoted text) is shown with its control
    /// characters escaped ([`escape_controls`]).
    ///
    /// ```
    /// use tickerline::validate::validate_str;
    /// let report = validate_str("page.txt", "KEL 4.59 Decreased By ▼\n");
    /// let text = report.diagnostics[0].render(false);
    /// assert!(text.starts_with("page.txt:1:24: error[malformed-quote]: "));
    /// assert!(text.contains("1 | KEL 4.59 Decreased By ▼"));
    /// ```
    pub fn render(&self, color: bool) -> String {
        let (level, style) = match self.severity {
            Severity::Error => (Level::ERROR, anstyle::AnsiColor::BrightRed),
            _ => (Level::WARNING, anstyle::AnsiColor::BrightYellow),
        };
        let (s, b) = if color {
            let bold = anstyle::Style::new().bold();
            (bold.fg_color(Some(style.into())), bold)
        } else {
            (anstyle::Style::new(), anstyle::Style::new())
        };
        // A plain style renders as nothing, so one format serves both.
        let header = format!(
            "{b}{}:{}:{}:{b:#} {s}{}[{}]{s:#}{b}: {}{b:#}",
            escape_controls(&self.source),
            self.line,
            self.column,
            self.severity.as_str(),
            self.code,
            escape_controls(&self.message)
        );
        let line_no = usize::try_from(self.line).unwrap_or(usize::MAX);
        let text = &self.line_text;
        let span = self.span.start.min(text.len())..self.span.end.min(text.len());
        let (before, token) = (
            text.get(..span.start)
                .map_or(0, |t| escape_controls(t).len()),
            text.get(span.clone())
                .map_or(0, |t| escape_controls(t).len()),
        );
        let shown = escape_controls(text);
        let label = escape_controls(&self.label);
        let report = &[Group::with_level(level).element(
            Snippet::source(shown.as_ref())
                .line_start(line_no)
                .annotation(
                    AnnotationKind::Primary
                        .span(before..before + token)
                        .label(label.as_ref()),
                ),
        )];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        format!("{header}\n{}\n", renderer.render(report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_token() {
        let line = format!(
            "{}KEL 4.59 Decreased By ▼{}",
            "é".repeat(300),
            " x".repeat(300)
        );
        let at = line.find('▼').unwrap();
        let (text, span) = excerpt(&line, at..at + '▼'.len_utf8());
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert_eq!(&text[span], "▼");
        assert!(text.len() < 2 * EXCERPT + 20);
        let (short, same) = excerpt("HBL 1 ▼", 4..5);
        assert_eq!((short.as_str(), same), ("HBL 1 ▼", 4..5));
    }
}
