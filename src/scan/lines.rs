//! Streaming lines out of any reader with one bounded, reused buffer.
//!
//! Lines are handed out as byte slices borrowed from the buffer (no copy, no
//! allocation per line), with their 1-based number and the byte offset of
//! their first byte. A line longer than [`MAX_LINE`] is handed out in pieces
//! cut where the cut changes nothing the scanner finds ([`clean_cut`]: no
//! quote spans it, none is lost or made up), so memory stays bounded
//! whatever the input.

use std::borrow::Cow;
use std::io::{self, Read};

use memchr::memchr;

use super::find::QuoteFinder;

/// Initial buffer size.
pub const BUF_SIZE: usize = 256 * 1024;
/// The longest piece of a line handed out at once.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

/// One line (or a piece of a very long line), without its `\n` / `\r\n`.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u64,
    /// Byte offset of `bytes[0]` in the input.
    pub offset: u64,
    /// Characters on this line before `bytes` (non-zero only for the later
    /// pieces of a line longer than [`MAX_LINE`]).
    pub column_base: u64,
    /// The line's bytes.
    pub bytes: &'a [u8],
}

/// Reads lines from `R`.
///
/// ```
/// use tickerline::scan::LineReader;
/// let mut lines = LineReader::new("a\r\nbb\nccc".as_bytes());
/// let mut seen = Vec::new();
/// while let Some(line) = lines.next_line().unwrap() {
///     seen.push((line.number, line.offset, line.bytes.to_vec()));
/// }
/// assert_eq!(seen, vec![(1, 0, b"a".to_vec()), (2, 3, b"bb".to_vec()), (3, 6, b"ccc".to_vec())]);
/// ```
pub struct LineReader<R> {
    reader: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Number of the next line to hand out.
    number: u64,
    /// Input offset of `buf[start]`.
    offset: u64,
    /// Characters already handed out of the current (long) line.
    column_base: u64,
}

impl<R: Read> LineReader<R> {
    /// A reader with the default buffer size.
    pub fn new(reader: R) -> Self {
        LineReader {
            reader,
            buf: vec![0; BUF_SIZE],
            start: 0,
            end: 0,
            eof: false,
            number: 1,
            offset: 0,
            column_base: 0,
        }
    }

    /// Bytes consumed so far (the offset of the next line).
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            let pending = &self.buf[self.start..self.end];
            if let Some(nl) = memchr(b'\n', pending) {
                let (line_start, line_len) = (self.start, nl);
                return Ok(Some(self.take(line_start, line_len, nl + 1, true)));
            }
            if self.eof {
                if pending.is_empty() {
                    return Ok(None);
                }
                let (line_start, line_len) = (self.start, pending.len());
                return Ok(Some(self.take(line_start, line_len, line_len, true)));
            }
            if pending.len() >= MAX_LINE {
                let cut = long_line_cut(pending);
                let line_start = self.start;
                return Ok(Some(self.take(line_start, cut, cut, false)));
            }
            self.fill()?;
        }
    }

    /// Hands out `buf[start..start + len]` and consumes `consumed` bytes.
    fn take(&mut self, start: usize, len: usize, consumed: usize, line_ends: bool) -> Line<'_> {
        let mut bytes = &self.buf[start..start + len];
        if line_ends && bytes.last() == Some(&b'\r') {
            bytes = &bytes[..bytes.len() - 1];
        }
        let line = Line {
            number: self.number,
            offset: self.offset,
            column_base: self.column_base,
            bytes,
        };
        self.start += consumed;
        self.offset += consumed as u64;
        if line_ends {
            self.number += 1;
            self.column_base = 0;
        } else {
            self.column_base += count_chars(bytes);
        }
        line
    }

    /// Moves the unconsumed bytes to the front and reads more behind them.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            let grown = (self.buf.len() * 2).min(MAX_LINE + BUF_SIZE);
            self.buf.resize(grown, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Where a line longer than [`MAX_LINE`] is cut: see [`cut_long_line`].
fn long_line_cut(pending: &[u8]) -> usize {
    cut_long_line(&pending[..MAX_LINE])
}

/// How far back from its end a cut looks for a clean place: the window
/// that is scanned (once, then once more in two halves per place tried).
const CUT_WINDOW: usize = 8 * 1024;

/// A place tried this close to the window's start (when the window is not
/// the whole of `bytes`) is not taken: the scan there saw too little of
/// what comes before it.
const CUT_MARGIN: usize = CUT_WINDOW / 4;

/// How many places of each kind (quote starts, word starts, plain
/// character boundaries) a cut tries before it gives up on a clean one.
const CUT_TRIES: usize = 16;

/// Where to cut `bytes`, the start of a line too long to take whole: the
/// [`clean_cut`] near its end, else (only when the last [`CUT_WINDOW`]
/// bytes hold no clean place, as inside one quote spread over more than
/// that by a run of spaces) after the last space, never inside a
/// character.
///
/// ```
/// use tickerline::scan::cut_long_line;
/// let marquee = b"HBL 117.85 Up 0.08 (0.07%) KEL 4.59 Down 0.08 (1.71%) KSE100 72,7";
/// assert_eq!(&marquee[cut_long_line(marquee)..], b"KEL 4.59 Down 0.08 (1.71%) KSE100 72,7");
/// // Quotes glued together, or separated by ", ", " - ", " ? " or tabs:
/// // the cut falls where the next quote starts.
/// for sep in ["", ", ", " - ", " ? ", "\t"] {
///     let line = format!("KEL 4.59 Decreased By ▼ -0.08 (-1.71%){sep}HBL 117.85 ▼ -0.08 (-0.07%){sep}");
///     let cut = cut_long_line(line.as_bytes());
///     assert!(line[cut..].starts_with("HBL"), "{sep:?}");
/// }
/// ```
pub fn cut_long_line(bytes: &[u8]) -> usize {
    clean_cut(bytes).unwrap_or_else(|| {
        let cut = bytes
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(bytes.len(), |p| p + 1);
        utf8_boundary(bytes, cut)
    })
}

/// A place in the last [`CUT_WINDOW`] bytes of `bytes` (the start of a
/// line, or of a piece of one that was cut cleanly) where cutting the line
/// in two changes nothing the scanner finds: the window's quotes are the
/// quotes of the text before the place followed by those of the text after
/// it, at the same offsets. So no quote spans the place, none is lost or
/// made up (a weak quote that words before it keep out stays out), and the
/// quote that follows is found exactly once, in the next piece.
///
/// Places are tried from the end back: the starts of the quotes the
/// window's scan found, then word starts after a space or tab, then plain
/// character boundaries; each is checked by scanning the two halves of the
/// window. `None` if no place tried passes (or none lies past the start).
/// The check is against the window rather than the whole line: the scanner
/// keeps no state across a quote but where the previous one ended, so what
/// a quote is depends on a few hundred bytes around it, not on what lies
/// kilobytes back.
///
fn clean_cut(bytes: &[u8]) -> Option<usize> {
    let from = bytes.len().saturating_sub(CUT_WINDOW);
    let from = (from..bytes.len())
        .find(|&i| !is_continuation(bytes[i]))
        .unwrap_or(bytes.len());
    let window = &bytes[from..];
    let lowest = if from == 0 { 1 } else { CUT_MARGIN };
    let mut found = Vec::new();
    quote_spans(window, &mut found);
    let quote_starts = found.iter().rev().map(|&(start, _)| start).take(CUT_TRIES);
    let word_starts = (1..window.len())
        .rev()
        .filter(|&i| matches!(window[i - 1], b' ' | b'\t') && !matches!(window[i], b' ' | b'\t'))
        .take(CUT_TRIES);
    let step = (window.len() / CUT_TRIES).max(1);
    let boundaries = (1..=CUT_TRIES).filter_map(|k| window.len().checked_sub(k * step));
    let mut scratch = Vec::new();
    quote_starts
        .chain(word_starts)
        .chain(boundaries)
        .filter(|&at| at >= lowest && at < window.len() && !is_continuation(window[at]))
        .find(|&at| cuts_cleanly(window, &found, at, &mut scratch))
        .map(|at| from + at)
}

/// `true` if `b` continues a UTF-8 sequence (a cut there splits a character).
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The byte spans of the quotes the scanner finds on `line` (a line or a
/// piece of one), in order, into `out`.
fn quote_spans(line: &[u8], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let decoded = DecodedLine::new(line);
    out.extend(QuoteFinder::new(&decoded.text).map(|(at, q)| {
        (
            decoded.original_offset(at),
            decoded.original_offset(at + q.text.len()),
        )
    }));
}

/// `true` if the quotes of `window` (`found`) are those of
/// `window[..at]` followed by those of `window[at..]`.
fn cuts_cleanly(
    window: &[u8],
    found: &[(usize, usize)],
    at: usize,
    scratch: &mut Vec<(usize, usize)>,
) -> bool {
    let split = found.partition_point(|&(start, _)| start < at);
    if found[..split].last().is_some_and(|&(_, end)| end > at) {
        return false;
    }
    quote_spans(&window[..at], scratch);
    if scratch[..] != found[..split] {
        return false;
    }
    quote_spans(&window[at..], scratch);
    scratch.len() == found.len() - split
        && scratch
            .iter()
            .zip(&found[split..])
            .all(|(&(start, end), &want)| (start + at, end + at) == want)
}

/// Where lines come from: a reader through a buffer ([`LineReader`]) or
/// bytes already in memory ([`SliceLines`]).
pub trait LineSource {
    /// The next line, or `None` at the end of the input.
    fn next_line(&mut self) -> io::Result<Option<Line<'_>>>;
    /// Offset of the next line in the input.
    fn position(&self) -> u64;
}

impl<R: Read> LineSource for LineReader<R> {
    fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        LineReader::next_line(self)
    }

    fn position(&self) -> u64 {
        LineReader::position(self)
    }
}

/// Lines of bytes already in memory, borrowed in place (no copy), numbered
/// from 1, with offsets from `base`: one part of a page split for threads.
///
/// ```
/// use tickerline::scan::{LineSource, SliceLines};
/// let mut lines = SliceLines::new(b"a\r\nbb", 100);
/// let first = lines.next_line().unwrap().unwrap();
/// assert_eq!((first.number, first.offset, first.bytes), (1, 100, &b"a"[..]));
/// let second = lines.next_line().unwrap().unwrap();
/// assert_eq!((second.number, second.offset, second.bytes), (2, 103, &b"bb"[..]));
/// assert!(lines.next_line().unwrap().is_none());
/// ```
pub struct SliceLines<'a> {
    data: &'a [u8],
    pos: usize,
    base: u64,
    number: u64,
    column_base: u64,
}

impl<'a> SliceLines<'a> {
    /// The lines of `data`, whose first byte is at offset `base` of its page.
    pub fn new(data: &'a [u8], base: u64) -> Self {
        Self::continuing(data, base, 0)
    }

    /// Like [`new`](SliceLines::new), where `data` starts inside a line
    /// that already had `column_base` characters (a part of a page cut in
    /// a long line).
    pub fn continuing(data: &'a [u8], base: u64, column_base: u64) -> Self {
        SliceLines {
            data,
            pos: 0,
            base,
            number: 1,
            column_base,
        }
    }
}

impl LineSource for SliceLines<'_> {
    fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        let pending = &self.data[self.pos..];
        if pending.is_empty() {
            return Ok(None);
        }
        let (len, consumed, ends) = match memchr(b'\n', pending) {
            Some(nl) if nl < MAX_LINE => (nl, nl + 1, true),
            None if pending.len() < MAX_LINE => (pending.len(), pending.len(), true),
            _ => {
                let cut = long_line_cut(pending);
                (cut, cut, false)
            }
        };
        let mut bytes = &pending[..len];
        if ends && bytes.last() == Some(&b'\r') {
            bytes = &bytes[..bytes.len() - 1];
        }
        let line = Line {
            number: self.number,
            offset: self.base + self.pos as u64,
            column_base: self.column_base,
            bytes,
        };
        self.pos += consumed;
        if ends {
            self.number += 1;
            self.column_base = 0;
        } else {
            self.column_base += count_chars(bytes);
        }
        Ok(Some(line))
    }

    fn position(&self) -> u64 {
        self.base + self.pos as u64
    }
}

/// The largest `at <= cut` that does not split a UTF-8 sequence (or `cut`).
fn utf8_boundary(bytes: &[u8], cut: usize) -> usize {
    (cut.saturating_sub(3)..=cut)
        .rev()
        .find(|&i| i == bytes.len() || (bytes[i] & 0xC0) != 0x80)
        .filter(|&i| i > 0)
        .unwrap_or(cut)
}

/// Number of characters in `bytes` as decoded (each invalid byte sequence
/// counts as one replacement character).
pub fn count_chars(bytes: &[u8]) -> u64 {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.chars().count() as u64,
        Err(_) => String::from_utf8_lossy(bytes).chars().count() as u64,
    }
}

/// A line decoded as UTF-8, invalid sequences replaced by U+FFFD, with a way
/// back from positions in the text to bytes of the original line.
#[derive(Debug)]
pub struct DecodedLine<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// `(text offset, original offset)` at each replacement, in order;
    /// empty when the line was valid UTF-8.
    remap: Vec<(usize, usize)>,
}

impl<'a> DecodedLine<'a> {
    /// Decodes `bytes`, borrowing them when they are valid UTF-8.
    ///
    /// ```
    /// use tickerline::scan::DecodedLine;
    /// let line = DecodedLine::new(b"ab\xffHBL");
    /// assert_eq!(line.text, "ab\u{fffd}HBL");
    /// assert_eq!(line.original_offset(5), 3); // "H"
    /// ```
    pub fn new(bytes: &'a [u8]) -> Self {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return DecodedLine::valid(text);
        }
        let mut text = String::with_capacity(bytes.len() + 8);
        let mut remap = Vec::new();
        let mut original = 0;
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            original += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                text.push('\u{fffd}');
                original += chunk.invalid().len();
                remap.push((text.len(), original));
            }
        }
        DecodedLine {
            text: Cow::Owned(text),
            remap,
        }
    }

    /// A line already known to be valid UTF-8.
    pub fn valid(text: &'a str) -> Self {
        DecodedLine {
            text: Cow::Borrowed(text),
            remap: Vec::new(),
        }
    }

    /// The byte offset in the original line of byte `at` of the text.
    pub fn original_offset(&self, at: usize) -> usize {
        match self.remap.iter().rposition(|&(t, _)| t <= at) {
            None => at,
            Some(i) => {
                let (t, o) = self.remap[i];
                o + (at - t)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_between_quotes() {
        let quote = "HBL 117.85 Decreased By ▼ -0.08 (-0.07%) | ";
        for len in 200..400 {
            let text = quote.repeat(10);
            let bytes = &text.as_bytes()[..len];
            let cut = cut_long_line(bytes);
            assert!(text[cut..].starts_with("HBL"), "{len}: cut at {cut}");
        }
    }
}
