//! The bounded window of lines for the layouts that span lines: `cells`
//! (a name, its price and its move on consecutive lines) and `table` (rows
//! under a header line).
//!
//! Both look back from a line the scanner visits anyway: a move cell with
//! a percent (`+22.60 (+0.31%)`) looks for its price and name in the
//! [`MAX_CELL_LINES`] lines above it; a line that looks like a table row
//! looks for its header above the rows before it (at most
//! [`MAX_TABLE_BACK`] lines). Once a header is found, every following line
//! is read as a row until one is not. The lines above come from the page in
//! memory (the part scanner) or from the last [`MAX_TABLE_BACK`] lines kept
//! ([`Recent`], the line scanner), so memory stays bounded: at most
//! `MAX_TABLE_BACK` lines of at most [`MAX_ROW_LINE`] bytes.

use std::cell::Cell;
use std::collections::VecDeque;

use smallvec::SmallVec;

use super::lines::{DecodedLine, Line};
use super::{LineScan, with_decimal_points};
use crate::grammar::{
    self, Header, MAX_CELL_LINE, MAX_CELL_LINES, MAX_ROW_LINE, QuoteSyntax, Row, is_space,
};

/// The most lines above a row that are walked back over to find its
/// table's header (rows, blank lines and rules).
pub const MAX_TABLE_BACK: usize = 64;

/// A line above the current one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Above<'a> {
    pub bytes: &'a [u8],
    pub number: u64,
    pub offset: u64,
}

/// The last [`MAX_TABLE_BACK`] lines of a page, kept for the line scanner
/// (a line longer than [`MAX_ROW_LINE`] is kept as a stop: no window
/// crosses it).
#[derive(Debug, Default)]
pub(crate) struct Recent {
    lines: VecDeque<(Vec<u8>, u64, u64, bool)>,
}

impl Recent {
    /// Keeps `line` as the newest.
    pub fn push(&mut self, line: &Line<'_>) {
        let mut slot = if self.lines.len() >= MAX_TABLE_BACK {
            self.lines.pop_front().map(|s| s.0).unwrap_or_default()
        } else {
            Vec::new()
        };
        slot.clear();
        let long = line.bytes.len() > MAX_ROW_LINE || line.column_base > 0;
        if !long {
            slot.extend_from_slice(line.bytes);
        }
        self.lines.push_back((slot, line.number, line.offset, long));
    }

    /// The kept lines, newest first, up to the first long one.
    pub fn above(&self) -> impl Iterator<Item = Above<'_>> {
        self.lines
            .iter()
            .rev()
            .take_while(|l| !l.3)
            .map(|(bytes, number, offset, _)| Above {
                bytes,
                number: *number,
                offset: *offset,
            })
    }
}

/// The lines of `data` above the line starting at `start`, newest first,
/// up to the first longer than [`MAX_ROW_LINE`]: `number_of(at)` numbers
/// the line starting at byte `at`, `base` is `data`'s offset in the page.
pub(crate) fn above_in<'a>(
    data: &'a [u8],
    start: usize,
    base: u64,
    number_of: impl Fn(usize) -> u64 + 'a,
) -> impl Iterator<Item = Above<'a>> + 'a {
    let mut end = start;
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let line_end = end - 1;
        let line_start = memchr::memrchr(b'\n', &data[..line_end]).map_or(0, |i| i + 1);
        end = line_start;
        let bytes = &data[line_start..line_end];
        Some(Above {
            bytes: bytes.strip_suffix(b"\r").unwrap_or(bytes),
            number: number_of(line_start),
            offset: base + line_start as u64,
        })
    })
    .take_while(|l| l.bytes.len() <= MAX_ROW_LINE)
}

/// What the windows of a page know: the table being read, if any, and how
/// far back a header has been looked for in vain.
#[derive(Debug, Default)]
pub(crate) struct Windows {
    table: Option<Header>,
    /// No header stands in a walk back that reaches this offset: every
    /// line before it was looked at already.
    searched_to: u64,
}

impl Windows {
    /// `true` while the lines are rows of a table.
    pub fn in_table(&self) -> bool {
        self.table.is_some()
    }

    /// Reads `line` as a row of the table being read and hands what it
    /// holds to `each`; `false` (and the table is over) if it is no row.
    pub fn table_line(&mut self, line: &Line<'_>, each: &mut impl FnMut(&LineScan<'_>)) -> bool {
        let Some(header) = &self.table else {
            return false;
        };
        if read_row(header, line, each) {
            return true;
        }
        self.table = None;
        self.searched_to = line.offset;
        false
    }

    /// For a line that looks like a table row while no table is being
    /// read: looks above it for the header; if one is there, reads the rows
    /// between and this line as rows of it and returns `true`.
    pub fn find_table<'b>(
        &mut self,
        line: &Line<'_>,
        text: &str,
        above: impl Iterator<Item = Above<'b>>,
        each: &mut impl FnMut(&LineScan<'_>),
    ) -> bool {
        if !looks_like_row(text) {
            return false;
        }
        let mut rows: SmallVec<[Above<'b>; 16]> = SmallVec::new();
        let mut found = None;
        for a in above.take(MAX_TABLE_BACK) {
            if a.offset < self.searched_to {
                break;
            }
            let decoded = DecodedLine::new(a.bytes);
            let t = decoded.text.trim_matches(is_space);
            if t.is_empty() || looks_like_row(t) || is_rule(t) {
                rows.push(a);
                continue;
            }
            if let Some((header, end)) = grammar::header(&decoded.text)
                && decoded.text[end..].trim_matches(is_space).is_empty()
            {
                found = Some(header);
            }
            break;
        }
        self.searched_to = line.offset;
        let Some(header) = found else {
            return false;
        };
        self.table = Some(header);
        for a in rows.iter().rev() {
            let above = Line {
                number: a.number,
                offset: a.offset,
                column_base: 0,
                bytes: a.bytes,
            };
            if !self.table_line(&above, each) {
                return false;
            }
        }
        self.table_line(line, each)
    }

    /// For a line where the line finder found nothing: a table's header
    /// (whose rows may run on after it on the line), or the last line of a
    /// cells quote (if `marked`: a percent or another layout mark on it).
    /// Returns `true` if it was either.
    pub fn after_nothing<'b>(
        &mut self,
        line: &Line<'_>,
        text: &str,
        marked: bool,
        above: impl Iterator<Item = Above<'b>>,
        each: &mut impl FnMut(&LineScan<'_>),
    ) -> bool {
        if line.bytes.len() <= MAX_ROW_LINE
            && line.column_base == 0
            && let Some((header, end)) = grammar::header(text)
        {
            run_on_rows(&header, line, text, end, each);
            self.table = Some(header);
            return true;
        }
        marked && starts_move_cell(text) && find_cells(line, above, each)
    }
}

/// Hands `each` the rows that run on after the header on its line (`end`
/// is where the header ends in `text`).
fn run_on_rows(
    header: &Header,
    line: &Line<'_>,
    text: &str,
    end: usize,
    each: &mut impl FnMut(&LineScan<'_>),
) {
    let decoded = with_decimal_points(DecodedLine::new(line.bytes));
    let _ = text;
    let mut rest = &decoded.text[end.min(decoded.text.len())..];
    let mut found: SmallVec<[(usize, QuoteSyntax<'_>); 4]> = SmallVec::new();
    while !rest.trim_matches(is_space).is_empty() {
        match grammar::row_at(header, rest) {
            (Row::Quote(q), next) => {
                found.push((q.text.as_ptr() as usize - decoded.text.as_ptr() as usize, q));
                rest = next;
            }
            (Row::Empty, next) if next.len() < rest.len() => rest = next,
            _ => break,
        }
    }
    if !found.is_empty() {
        each(&scan(line, &decoded, &found, None));
    }
}

/// Reads `line` as a row of `header` and hands `each` its quote, or the
/// misfit of its cells; `false` if it is no row.
fn read_row(header: &Header, line: &Line<'_>, each: &mut impl FnMut(&LineScan<'_>)) -> bool {
    if line.bytes.len() > MAX_ROW_LINE || line.column_base > 0 {
        return false;
    }
    let decoded = with_decimal_points(DecodedLine::new(line.bytes));
    match grammar::row(header, &decoded.text) {
        Row::Quote(q) => {
            let at = q.text.as_ptr() as usize - decoded.text.as_ptr() as usize;
            each(&scan(line, &decoded, &[(at, q)], None));
            true
        }
        Row::Empty => true,
        Row::Misfit { cells, columns } => {
            each(&scan(line, &decoded, &[], Some((cells, columns))));
            true
        }
        Row::End => false,
    }
}

/// The scan of one line (or window) for `each`.
fn scan<'a>(
    line: &Line<'_>,
    decoded: &'a DecodedLine<'a>,
    found: &'a [(usize, QuoteSyntax<'a>)],
    misfit: Option<(usize, usize)>,
) -> LineScan<'a> {
    LineScan {
        number: line.number,
        offset: line.offset,
        text: &decoded.text,
        found,
        table_misfit: misfit,
        column_base: 0,
        decoded,
        counted: Cell::new((0, 0)),
    }
}

/// `true` for a rule under a header: dashes, equals signs, colons, pipes.
fn is_rule(text: &str) -> bool {
    text.contains(['-', '='])
        && text
            .chars()
            .all(|c| matches!(c, '-' | '=' | ':' | '|' | '+') || is_space(c))
}

/// `true` for a line that may be a table row: a few words (a rank, a
/// symbol) and then at least two values, nothing but values after the
/// first (cells split by spaces, tabs or pipes).
pub(crate) fn looks_like_row(text: &str) -> bool {
    let mut words = 0;
    let mut values = 0;
    for token in text
        .split(|c: char| is_space(c) || c == '|')
        .filter(|t| !t.is_empty())
    {
        if grammar::is_value_cell(token) {
            values += 1;
        } else if values > 0 {
            return false;
        } else {
            words += 1;
            if words > 6 {
                return false;
            }
        }
    }
    values >= 2 && words >= 1
}

/// `true` if the cell of the line starts as a move does: a sign, an arrow,
/// a digit, `(`, or a lower-case label (`index value 521.37 ...`).
fn starts_move_cell(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| is_space(c) || matches!(c, '|' | '•' | '·' | '▪'));
    t.len() <= MAX_CELL_LINE
        && (t.starts_with(|c: char| {
            c.is_ascii_digit() || c.is_ascii_lowercase() || matches!(c, '+' | '-' | '−' | '(')
        }) || grammar::arrow(t).is_ok())
}

/// Looks above the last line of a cells quote for its price and name,
/// nearest name first; hands `each` the quote, positioned at its name's
/// line. `true` if one was found.
fn find_cells<'b>(
    line: &Line<'_>,
    above: impl Iterator<Item = Above<'b>>,
    each: &mut impl FnMut(&LineScan<'_>),
) -> bool {
    let lines: SmallVec<[Above<'b>; MAX_CELL_LINES]> = above
        .take(MAX_CELL_LINES - 1)
        .take_while(|a| a.bytes.len() <= MAX_CELL_LINE)
        .collect();
    // The window, oldest line first, joined by newlines.
    let mut joined = Vec::with_capacity(MAX_CELL_LINES * 64);
    let mut starts: SmallVec<[usize; MAX_CELL_LINES]> = SmallVec::new();
    for a in lines.iter().rev() {
        starts.push(joined.len());
        joined.extend_from_slice(a.bytes);
        joined.push(b'\n');
    }
    joined.extend_from_slice(line.bytes);
    // Nearest first: the line just above is the last start.
    for (k, a) in lines.iter().enumerate() {
        let from = starts[lines.len() - 1 - k];
        let window = &joined[from..];
        let decoded = with_decimal_points(DecodedLine::new(window));
        let Ok((rest, q)) = grammar::cells(&decoded.text) else {
            continue;
        };
        if !rest
            .trim_matches(|c: char| is_space(c) || c == '\r')
            .is_empty()
        {
            continue;
        }
        let at = q.text.as_ptr() as usize - decoded.text.as_ptr() as usize;
        let head = Line {
            number: a.number,
            offset: a.offset,
            column_base: 0,
            bytes: a.bytes,
        };
        let found = [(at, q)];
        each(&scan(&head, &decoded, &found, None));
        return true;
    }
    false
}
