//! Streaming lines out of any reader with one bounded, reused buffer.
//!
//! Lines are handed out as byte slices borrowed from the buffer (no copy, no
//! allocation per line), with their 1-based number and the byte offset of
//! their first byte. A line longer than [`MAX_LINE`] is handed out in pieces
//! cut at a space, so memory stays bounded whatever the input.

use std::borrow::Cow;
use std::io::{self, Read};

use memchr::memchr;

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

/// How far back from its end a cut looks for a place between two quotes.
const CUT_SEARCH: usize = 64 * 1024;

/// Where to cut `bytes`, the start of a line too long to take whole, so
/// that no quote is split: before the last capital word that follows a
/// space and the end of a move (`)`, `%`, a digit, `|` or a non-ASCII
/// separator such as `•`) and is no direction word, as between two quotes
/// of a marquee; else after the last space; never inside a character.
///
/// ```
/// use tickerline::scan::cut_long_line;
/// let marquee = b"HBL 117.85 Up 0.08 (0.07%) KEL 4.59 Down 0.08 (1.71%) KSE100 72,7";
/// assert_eq!(&marquee[cut_long_line(marquee)..], b"KSE100 72,7");
/// ```
pub fn cut_long_line(bytes: &[u8]) -> usize {
    let floor = bytes.len().saturating_sub(CUT_SEARCH).max(2);
    let between_quotes = (floor..bytes.len()).rev().find(|&p| {
        bytes[p].is_ascii_uppercase()
            && bytes[p - 1] == b' '
            && matches!(bytes[p - 2], b')' | b'%' | b'|' | b'0'..=b'9' | 0x80..)
            && !is_direction_word_at(&bytes[p..])
    });
    let cut = between_quotes
        .or_else(|| bytes.iter().rposition(|&b| b == b' ').map(|p| p + 1))
        .unwrap_or(bytes.len());
    utf8_boundary(bytes, cut)
}

/// `true` if a direction word (`Up`, `Increased`...) starts `bytes`, or
/// might: a word cut by the end of `bytes` (`Decrea`) counts as one.
fn is_direction_word_at(bytes: &[u8]) -> bool {
    let word = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    word == bytes.len()
        || std::str::from_utf8(&bytes[..word]).is_ok_and(crate::grammar::is_direction_word)
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
