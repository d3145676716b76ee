//! Finding quotes in a page: stream lines, prefilter bytes, parse candidates,
//! attach position and page date.
//!
//! The pipeline for each line is [`LineReader`] or [`SliceLines`] (bounded
//! buffer or memory, borrowed lines) → [`symbol_starts`] (the byte
//! prefilter: places where a capital word meets a number followed by a
//! possible move) → [`DecodedLine`] (lossy UTF-8, zero-copy when valid) →
//! [`QuoteFinder`] (the nom grammar at each of those places) → [`Quote`].
//! A line with no such place is never decoded or parsed.

mod candidates;
mod find;
mod lines;
mod prefilter;
mod window;

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, Read};
use std::sync::Arc;

use chrono::NaiveDate;
use memchr::memchr_iter;
use smallvec::SmallVec;

pub use candidates::symbol_starts;
use candidates::{Candidates, layout_starts, price_candidates, sort_starts, starts_before_price};
pub use find::{QuoteFinder, is_weak, may_be_strong, starts_word};
pub use lines::{
    BUF_SIZE, DecodedLine, Line, LineReader, LineSource, MAX_LINE, SliceLines, count_chars,
    cut_long_line,
};
pub use prefilter::{has_layout_mark, may_hold_quote};
use window::{Recent, Windows, above_in};

use crate::date::dateline;
use crate::grammar::QuoteSyntax;
use crate::quote::Quote;

/// How far into a page (in bytes) its dateline is looked for. Quotes found
/// before the dateline wait for it, so this also bounds what is held back.
pub const DEFAULT_DATE_WINDOW: u64 = 1024 * 1024;

/// Finds quotes in pages. One input (file or stream) is one page.
///
/// ```
/// use tickerline::Scanner;
///
/// let page = "Published 28 Mar, 2024 11:04am\n\
///             The KSE-100 index closed higher by 771.4 points or 1.07% at 72,743.\n\
///             KSE100 72,743 Increased By 771.4 (1.07%)\n";
/// let quotes = Scanner::new().scan_str("page.txt", page);
/// assert_eq!(quotes.len(), 1);
/// assert_eq!(quotes[0].symbol, "KSE100");
/// assert_eq!(quotes[0].line, 3);
/// assert_eq!(quotes[0].as_of.unwrap().to_string(), "2024-03-28");
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    as_of: Option<NaiveDate>,
    date_window: u64,
    inspect_digit_lines: bool,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            as_of: None,
            date_window: DEFAULT_DATE_WINDOW,
            inspect_digit_lines: false,
        }
    }
}

/// Builds a [`Scanner`].
///
/// ```
/// use chrono::NaiveDate;
/// use tickerline::Scanner;
///
/// let date = NaiveDate::from_ymd_opt(2024, 3, 28).unwrap();
/// let scanner = Scanner::builder().as_of(date).build();
/// let q = &scanner.scan_str("-", "HBL 117.85 ▼ -0.08")[0];
/// assert_eq!(q.as_of, Some(date));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ScannerBuilder {
    scanner: Scanner,
}

impl ScannerBuilder {
    /// Every quote gets this date, whatever the page's dateline says.
    pub fn as_of(mut self, date: NaiveDate) -> Self {
        self.scanner.as_of = Some(date);
        self
    }

    /// Look for the dateline in the first `bytes` of a page
    /// (default [`DEFAULT_DATE_WINDOW`]).
    pub fn date_window(mut self, bytes: u64) -> Self {
        self.scanner.date_window = bytes;
        self
    }

    /// Also show the `inspect` hook of
    /// [`scan_reader_with`](Scanner::scan_reader_with) lines where no quote
    /// can start but that hold a capital and two digits ([`may_hold_quote`]):
    /// what a near-miss check needs, at some cost in speed.
    pub fn inspect_digit_lines(mut self, yes: bool) -> Self {
        self.scanner.inspect_digit_lines = yes;
        self
    }

    /// The scanner.
    pub fn build(self) -> Scanner {
        self.scanner
    }
}

/// What scanning one page saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageSummary {
    /// Lines read.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Quotes found.
    pub quotes: u64,
    /// The page's date (dateline or override).
    pub as_of: Option<NaiveDate>,
}

impl Scanner {
    /// A scanner with default settings.
    pub fn new() -> Self {
        Scanner::default()
    }

    /// A builder for a scanner with other settings.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::default()
    }

    /// How far into a page its dateline is looked for, in bytes.
    pub fn date_window(&self) -> u64 {
        self.date_window
    }

    /// A builder starting from this scanner's settings.
    pub fn to_builder(&self) -> ScannerBuilder {
        ScannerBuilder {
            scanner: self.clone(),
        }
    }

    /// All quotes of an in-memory page, in order.
    pub fn scan_str(&self, source: &str, page: &str) -> Vec<Quote> {
        self.scan_bytes(source, page.as_bytes())
    }

    /// All quotes of an in-memory page of bytes (invalid UTF-8 is decoded lossily).
    pub fn scan_bytes(&self, source: &str, page: &[u8]) -> Vec<Quote> {
        let mut quotes = Vec::new();
        // Reading from a slice cannot fail.
        let _ = self.scan_reader(source, page, |q| quotes.push(q));
        quotes
    }

    /// Streams one page from `reader`, calling `sink` with each quote in order.
    ///
    /// Memory stays bounded: lines are read through one buffer, and quotes are
    /// held back only until the page's date is known (at most the first
    /// [`date window`](ScannerBuilder::date_window) of the page).
    pub fn scan_reader<R: Read>(
        &self,
        source: &str,
        reader: R,
        sink: impl FnMut(Quote),
    ) -> io::Result<PageSummary> {
        self.scan_reader_with(source, reader, |_, _| {}, sink)
    }

    /// Like [`scan_reader`](Scanner::scan_reader), and shows `inspect` every
    /// line that passed the prefilter, with the quotes found on it (which it
    /// may annotate) before they go to `sink`.
    pub fn scan_reader_with<R: Read>(
        &self,
        source: &str,
        reader: R,
        inspect: impl FnMut(&LineScan<'_>, &mut [Quote]),
        sink: impl FnMut(Quote),
    ) -> io::Result<PageSummary> {
        self.scan_lines(source, LineReader::new(reader), inspect, sink)
    }

    /// The date of the page whose first part is `data` (holding at least
    /// the date window, or the whole page): `--as-of` if set, else the first
    /// dateline inside the window. Every quote of a page gets this date.
    pub fn page_date(&self, data: &[u8]) -> Option<NaiveDate> {
        if self.as_of.is_some() {
            return self.as_of;
        }
        let mut lines = SliceLines::new(data, 0);
        while let Ok(Some(line)) = lines.next_line() {
            if line.offset >= self.date_window {
                return None;
            }
            if let Some(date) = line_dateline(line.bytes) {
                return Some(date);
            }
        }
        None
    }

    /// Scans one part of a page held in memory (`data` holds whole lines,
    /// but for a line longer than a part) and builds no [`Quote`]: `each`
    /// sees the quotes found with their parse trees and positions, in
    /// order, and makes of them what it needs (the extractor encodes rows
    /// straight from them). A line's quotes come in one call or, on the
    /// usual path, one call each. Lines are numbered from the number
    /// `first_line` gives, told how many newlines the part holds (before
    /// any quote is handed out: the extractor learns there where the next
    /// part starts). Returns the bytes scanned.
    ///
    /// `start` says where `data` begins in its page: at which byte, and,
    /// for a part cut inside a long line, after how many characters of it
    /// (so columns run on).
    ///
    /// ```
    /// use tickerline::Scanner;
    /// let page = b"KSE100 72,743 Increased By 771.4 (1.07%)\nno quote\nHBL 117.85 \xE2\x96\xBC -0.08\n";
    /// let mut found = Vec::new();
    /// Scanner::new().scan_part_found(page, Default::default(), |_| 1, |line| {
    ///     for (at, q) in line.found {
    ///         found.push((line.number, line.column_of(*at), q.symbol.to_owned()));
    ///     }
    /// });
    /// assert_eq!(found, [(1, 1, "KSE100".to_owned()), (3, 1, "HBL".to_owned())]);
    /// ```
    pub fn scan_part_found(
        &self,
        data: &[u8],
        start: PartStart,
        first_line: impl FnOnce(u64) -> u64,
        mut each: impl FnMut(&LineScan<'_>),
    ) -> u64 {
        let PartStart {
            offset,
            column_base,
        } = start;
        let mut starts = Vec::new();
        if self.inspect_digit_lines || data.len() >= MAX_LINE {
            let first = first_line(memchr_iter(b'\n', data).count() as u64);
            let mut lines = SliceLines::continuing(data, offset, column_base);
            let mut win = LineWindows::new(self.inspect_digit_lines);
            while let Ok(Some(mut line)) = lines.next_line() {
                line.number += first - 1;
                find_in_line(&line, &mut starts, &mut win, &mut |scan| {
                    if !scan.found.is_empty() {
                        each(scan);
                    }
                });
            }
            return lines.position() - offset;
        }
        // Only the lines a price candidate falls on, numbered from the
        // newlines the prefilter counted on its way: most lines of a page
        // are never split off, and the walk back to the symbols starts from
        // the candidates found over the whole part.
        // The candidate bits of a part take a few hundred KiB: kept per
        // thread from part to part, not allocated (and faulted in) anew.
        // Taken out while in use, so a nested scan just gets its own.
        thread_local! {
            static CANDIDATES: Cell<Candidates> = Cell::default();
        }
        let mut candidates = CANDIDATES.take();
        let first = first_line(price_candidates(data, &mut candidates));
        let mut prices = candidates.iter().peekable();
        // The lines that hold a mark of the other layouts (a percent,
        // points...) are looked at too, from every place a quote of those
        // can start.
        let mut marks = candidates.marks().peekable();
        // One SIMD check of the whole part (usually valid) instead of one
        // per line.
        let text = simdutf8::basic::from_utf8(data).ok();
        let mut windows = Windows::default();
        loop {
            let at = match (prices.peek(), marks.peek()) {
                (None, None) => break,
                (Some(&(p, _)), Some(&m)) => p.min(m),
                (Some(&(p, _)), None) => p,
                (None, Some(&m)) => m,
            };
            let (start, end) = (
                candidates.line_start(at),
                candidates.line_end(at, data.len()),
            );
            let bytes = &data[start..end];
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            starts.clear();
            while let Some((at, _)) = prices.next_if(|&(at, _)| at < end) {
                starts_before_price(bytes, at - start, &mut starts);
            }
            let mut line_marks = SmallVec::<[usize; 8]>::new();
            // A mark may stand on the line's newline (after a `%` that
            // ends the line): it is this line's.
            while let Some(m) = marks.next_if(|&m| m <= end) {
                line_marks.push(m - start);
            }
            if starts.is_empty() && line_marks.is_empty() {
                continue;
            }
            let line = Line {
                number: first + candidates.newlines_before(start),
                offset: offset + start as u64,
                // Only the part's first line can go on from the last.
                column_base: if start == 0 { column_base } else { 0 },
                bytes,
            };
            let decoded = with_decimal_points(match text {
                // Lines end at newlines, which are char boundaries.
                Some(text) => DecodedLine::valid(&text[start..start + bytes.len()]),
                None => DecodedLine::new(bytes),
            });
            sort_starts(&mut starts);
            let number_of = |at: usize| first + candidates.newlines_before(at);
            let marked = !line_marks.is_empty();
            let table = windows.find_table(
                &line,
                &decoded.text,
                above_in(data, start, offset, number_of),
                &mut each,
            );
            if !table {
                // How many quotes the line finder hands on.
                let mut handed = 0;
                let mut counted = |scan: &LineScan<'_>| {
                    handed += scan.found.len();
                    each(scan);
                };
                // A ticker line whose marks (its percents) all stand inside
                // its ticker quotes needs no other layout: the usual line of
                // a ticker page is read from its price candidates alone.
                if marked
                    && (starts.is_empty()
                        || !each_if_covered(
                            &line,
                            &decoded,
                            &mut starts,
                            &line_marks,
                            &mut counted,
                        ))
                {
                    // The ticker starts are still in `starts` (the finder
                    // gives its buffer back): the layout starts join them.
                    layout_starts(bytes, &mut starts);
                    sort_starts(&mut starts);
                    if !starts.is_empty() {
                        each_at_starts(&line, &decoded, &mut starts, &mut counted);
                    }
                } else if !marked {
                    each_at_starts(&line, &decoded, &mut starts, &mut counted);
                }
                if handed == 0 {
                    let above = above_in(data, start, offset, number_of);
                    windows.after_nothing(&line, &decoded.text, marked, above, &mut each);
                }
            }
            // The rows of a table, every line of them (a row need not hold
            // a price candidate), until a line is none.
            let mut next = end + 1;
            while windows.in_table() && next < data.len() {
                let line_end =
                    memchr::memchr(b'\n', &data[next..]).map_or(data.len(), |i| next + i);
                let bytes = &data[next..line_end];
                let row = Line {
                    number: first + candidates.newlines_before(next),
                    offset: offset + next as u64,
                    column_base: 0,
                    bytes: bytes.strip_suffix(b"\r").unwrap_or(bytes),
                };
                if !windows.table_line(&row, &mut each) {
                    break;
                }
                while prices.next_if(|&(at, _)| at < line_end).is_some() {}
                while marks.next_if(|&m| m <= line_end).is_some() {}
                next = line_end + 1;
            }
        }
        drop((prices, marks));
        CANDIDATES.set(candidates);
        data.len() as u64
    }

    fn scan_lines(
        &self,
        source: &str,
        mut lines: impl LineSource,
        mut inspect: impl FnMut(&LineScan<'_>, &mut [Quote]),
        mut sink: impl FnMut(Quote),
    ) -> io::Result<PageSummary> {
        let source: Arc<str> = Arc::from(source);
        let start = lines.position();
        let mut starts = Vec::new();
        let mut line_quotes = Vec::new();
        let mut summary = PageSummary::default();
        // `Some(date)` once the page's date is decided.
        let mut decided: Option<Option<NaiveDate>> = self.as_of.map(Some);
        let mut held: Vec<Quote> = Vec::new();
        let mut win = LineWindows::new(self.inspect_digit_lines);

        while let Some(line) = lines.next_line()? {
            summary.lines = line.number;
            if decided.is_none() {
                if line.offset >= self.date_window {
                    decided = Some(None);
                } else if let Some(date) = line_dateline(line.bytes) {
                    decided = Some(Some(date));
                }
                if let Some(date) = decided {
                    held.drain(..)
                        .for_each(|q| sink(Quote { as_of: date, ..q }));
                }
            }
            scan_line(
                &source,
                &line,
                &mut starts,
                &mut line_quotes,
                &mut win,
                &mut inspect,
                |mut q| {
                    summary.quotes += 1;
                    match decided {
                        Some(date) => {
                            q.as_of = date;
                            sink(q);
                        }
                        None => held.push(q),
                    }
                },
            );
        }
        held.into_iter().for_each(&mut sink);
        summary.bytes = lines.position() - start;
        summary.as_of = decided.flatten();
        Ok(summary)
    }
}

/// Where a part of a page begins: its first byte's offset in the page, and
/// the characters of its first line that came before it (0 unless the part
/// was cut inside a long line).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartStart {
    /// Byte offset of the part's first byte in the page.
    pub offset: u64,
    /// Characters of the part's first line before its first byte.
    pub column_base: u64,
}

/// The dateline date of a raw line, if it is one (cheap checks first).
fn line_dateline(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() > 4 * crate::date::MAX_DATELINE_CHARS || !crate::date::may_hold_year(bytes) {
        return None;
    }
    dateline(&String::from_utf8_lossy(bytes))
}

/// One line that passed the prefilter, as the scanner saw it: for checks
/// built on the scanner (the validator's near-miss and consistency rules).
pub struct LineScan<'a> {
    /// 1-based line number.
    pub number: u64,
    /// Byte offset of the line in the page.
    pub offset: u64,
    /// The decoded text of the line (or of this piece of a very long line).
    pub text: &'a str,
    /// The quotes found on it, with their byte offsets in `text`, in order.
    pub found: &'a [(usize, QuoteSyntax<'a>)],
    /// For a row of a table whose cells do not fit its header: how many
    /// cells it has and how many columns the header names.
    pub table_misfit: Option<(usize, usize)>,
    column_base: u64,
    decoded: &'a DecodedLine<'a>,
    /// Characters before byte `.0` of `text`: where `column_of` got to.
    counted: Cell<(usize, u64)>,
}

impl LineScan<'_> {
    /// 1-based column (in characters) of byte `at` of `text`. Counting goes
    /// on from the previous call when `at` is further along the line, so
    /// asking in column order costs one pass over the line.
    pub fn column_of(&self, at: usize) -> u64 {
        let (from, chars) = match self.counted.get() {
            (from, chars) if from <= at => (from, chars),
            _ => (0, 0),
        };
        let chars = chars + self.text[from..at].chars().count() as u64;
        self.counted.set((at, chars));
        self.column_base + chars + 1
    }

    /// Byte offset in the page of byte `at` of `text`.
    pub fn offset_of(&self, at: usize) -> u64 {
        self.offset + self.decoded.original_offset(at) as u64
    }
}

/// Finds the quotes of one line, shows them to `inspect`, then hands them
/// to `sink` with their position. `starts` and `quotes` are reused buffers.
fn scan_line(
    source: &Arc<str>,
    line: &Line<'_>,
    starts: &mut Vec<usize>,
    quotes: &mut Vec<Quote>,
    win: &mut LineWindows,
    inspect: &mut impl FnMut(&LineScan<'_>, &mut [Quote]),
    mut sink: impl FnMut(Quote),
) {
    find_in_line(line, starts, win, &mut |scan| {
        quotes.clear();
        quotes.extend(scan.found.iter().map(|(at, syntax)| {
            let mut q = Quote::from_syntax(syntax);
            q.source = Arc::clone(source);
            q.line = scan.number;
            q.column = scan.column_of(*at);
            q.offset = scan.offset_of(*at);
            q
        }));
        inspect(scan, quotes);
        quotes.drain(..).for_each(&mut sink);
    });
}

/// The windows of a page read line by line: what they know, and the
/// lines they look back over.
#[derive(Default)]
struct LineWindows {
    windows: Windows,
    recent: Recent,
    /// Lines of digits are handed on too (the validator's near-misses).
    digit_lines: bool,
}

impl LineWindows {
    fn new(digit_lines: bool) -> Self {
        LineWindows {
            digit_lines,
            ..LineWindows::default()
        }
    }
}

/// Runs the prefilter on one line and, if it passes, the finder; hands
/// `found` the line with what it holds (possibly nothing: the validator
/// looks for near-misses there), and what the windows of the lines above
/// it make of it (a table's rows, a cells quote).
fn find_in_line(
    line: &Line<'_>,
    starts: &mut Vec<usize>,
    win: &mut LineWindows,
    found: &mut impl FnMut(&LineScan<'_>),
) {
    find_in_window(line, starts, win, found);
    win.recent.push(line);
}

fn find_in_window(
    line: &Line<'_>,
    starts: &mut Vec<usize>,
    win: &mut LineWindows,
    found: &mut impl FnMut(&LineScan<'_>),
) {
    let LineWindows {
        windows,
        recent,
        digit_lines,
    } = win;
    if windows.in_table() && windows.table_line(line, found) {
        return;
    }
    // The prefilter: no place where a symbol meets a number and no mark
    // of another layout, no quote.
    symbol_starts(line.bytes, starts);
    let marked = has_layout_mark(line.bytes);
    if marked {
        layout_starts(line.bytes, starts);
        sort_starts(starts);
    }
    let digits = *digit_lines && may_hold_quote(line.bytes);
    if starts.is_empty() && !marked && !digits {
        return;
    }
    let decoded = with_decimal_points(DecodedLine::new(line.bytes));
    if windows.find_table(line, &decoded.text, recent.above(), found) {
        return;
    }
    if starts.is_empty() && !digits {
        windows.after_nothing(line, &decoded.text, marked, recent.above(), found);
        return;
    }
    let text = decoded.text.clone();
    find_at_starts(line, decoded, starts, |scan| {
        if !scan.found.is_empty()
            || !windows.after_nothing(line, &text, marked, recent.above(), found)
        {
            found(scan);
        }
    });
}

/// The line as the grammar reads it: where it writes decimal commas
/// throughout (`DAX 18.369,00 ▼ -125,00 (-0,68%)`), with points instead
/// (see [`decimal_commas`](crate::grammar::decimal_commas)). Every byte
/// keeps its place, so positions hold; a quote's `text` shows the points.
fn with_decimal_points(mut decoded: DecodedLine<'_>) -> DecodedLine<'_> {
    if let Some(swapped) = crate::grammar::decimal_commas(&decoded.text) {
        decoded.text = Cow::Owned(swapped);
    }
    decoded
}

/// Runs the finder on one line at its symbol `starts` (from
/// [`symbol_starts`]) and hands `found` the line with what it holds.
fn find_at_starts(
    line: &Line<'_>,
    decoded: DecodedLine<'_>,
    starts: &mut Vec<usize>,
    found: impl FnOnce(&LineScan<'_>),
) {
    let mut finder = finder(&decoded, starts);
    // Most lines hold one or two quotes: no allocation for them.
    let quotes: SmallVec<[(usize, QuoteSyntax<'_>); 2]> = finder.by_ref().collect();
    *starts = finder.into_buffer();
    found(&LineScan {
        number: line.number,
        offset: line.offset,
        text: &decoded.text,
        found: &quotes,
        table_misfit: None,
        column_base: line.column_base,
        decoded: &decoded,
        counted: Cell::new((0, 0)),
    });
}

/// The finder over a decoded line, at the symbol `starts` found on its
/// bytes (taken: give them back with [`QuoteFinder::into_buffer`]).
fn finder<'t>(decoded: &'t DecodedLine<'_>, starts: &mut Vec<usize>) -> QuoteFinder<'t> {
    match &decoded.text {
        Cow::Borrowed(text) => QuoteFinder::with_starts(text, std::mem::take(starts)),
        // Replacement characters moved the bytes: find the starts again.
        Cow::Owned(text) => QuoteFinder::reusing(text, std::mem::take(starts)),
    }
}

/// Finds the quotes of a line at its ticker `starts` and hands them to
/// `each` if every one of the line's layout `marks` (offsets in it) stands
/// inside one of them; else hands nothing and returns `false` (the line
/// must be read with the other layouts too).
fn each_if_covered(
    line: &Line<'_>,
    decoded: &DecodedLine<'_>,
    starts: &mut Vec<usize>,
    marks: &[usize],
    each: &mut impl FnMut(&LineScan<'_>),
) -> bool {
    let mut finder = finder(decoded, starts);
    let found: SmallVec<[(usize, QuoteSyntax<'_>); 4]> = finder.by_ref().collect();
    *starts = finder.into_buffer();
    // A mark stands up to four bytes after what makes it (`%\tHBL` marks
    // the `H`): it is the quote's if it stands past the quote's first
    // bytes (a symbol, a space and a digit at least) and up to its end.
    let covered = marks.iter().all(|&m| {
        found
            .iter()
            .any(|(at, q)| at + 4 < m && m <= at + q.text.len())
    });
    if !covered || matches!(decoded.text, Cow::Owned(_)) {
        return false;
    }
    let mut counted = (0, 0);
    for quote in &found {
        counted = hand_one(line, decoded, quote, counted, each);
    }
    true
}

/// Hands `each` one quote of a line; `counted` is where the column count
/// got to (carried from one quote to the next), returned moved on.
fn hand_one(
    line: &Line<'_>,
    decoded: &DecodedLine<'_>,
    quote: &(usize, QuoteSyntax<'_>),
    counted: (usize, u64),
    each: &mut impl FnMut(&LineScan<'_>),
) -> (usize, u64) {
    let scan = LineScan {
        number: line.number,
        offset: line.offset,
        text: &decoded.text,
        found: std::slice::from_ref(quote),
        table_misfit: None,
        column_base: line.column_base,
        decoded,
        counted: Cell::new(counted),
    };
    each(&scan);
    scan.counted.get()
}

/// Like [`find_at_starts`], but hands `each` one quote at a time, as the
/// finder yields it: no collecting of parse trees (the extractor's path).
fn each_at_starts(
    line: &Line<'_>,
    decoded: &DecodedLine<'_>,
    starts: &mut Vec<usize>,
    each: &mut impl FnMut(&LineScan<'_>),
) {
    let mut finder = finder(decoded, starts);
    // The column count carries over from one quote to the next.
    let mut counted = (0, 0);
    // The quote is looked at where `next` put it, not moved out of its
    // `Option` (a parse tree is a few hundred bytes: a copy per quote).
    loop {
        let next = finder.next();
        let Some(quote) = &next else { break };
        counted = hand_one(line, decoded, quote, counted, each);
    }
    *starts = finder.into_buffer();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_before_the_dateline_get_its_date() {
        let page = "HBL 117.85 ▼ -0.08\nMar 28, 2024\nKEL 4.59 ▼ -0.08\nApr 1, 2024\n";
        let quotes = Scanner::new().scan_str("p", page);
        let dates: Vec<_> = quotes
            .iter()
            .map(|q| q.as_of.unwrap().to_string())
            .collect();
        assert_eq!(dates, ["2024-03-28", "2024-03-28"]);
    }

    #[test]
    fn no_dateline_within_the_window_means_no_date() {
        let page = format!(
            "HBL 117.85 ▼ -0.08\n{}\nMar 28, 2024\nKEL 4.59 ▼ -0.08\n",
            "x".repeat(100)
        );
        let quotes = Scanner::builder()
            .date_window(50)
            .build()
            .scan_str("p", &page);
        assert!(quotes.iter().all(|q| q.as_of.is_none()));
        assert_eq!(quotes.len(), 2);
    }

    #[test]
    fn summary_counts_the_page() {
        let page = "Mar 28, 2024\nHBL 117.85 ▼ -0.08\nno quote\n";
        let summary = Scanner::new()
            .scan_reader("p", page.as_bytes(), |_| {})
            .unwrap();
        assert_eq!(summary.lines, 3);
        assert_eq!(summary.quotes, 1);
        assert_eq!(summary.bytes, page.len() as u64);
        assert_eq!(summary.as_of.unwrap().to_string(), "2024-03-28");
    }

    #[test]
    fn long_lines_are_cut_without_losing_positions() {
        let filler = "word ".repeat(lines::MAX_LINE / 5 + 10);
        let page = format!("{filler}HBL 117.85 ▼ -0.08\n");
        let quotes = Scanner::new().scan_str("p", &page);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].column as usize, filler.len() + 1);
        assert_eq!(quotes[0].offset as usize, filler.len());
    }
}
