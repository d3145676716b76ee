//! Where a page's text came from: the map from a byte of the text the
//! scanner reads back to the byte, line and column of the original file.
//!
//! A page's text is made from its *source*, the decoded characters of the
//! document it was read from (an HTML file, a WARC record's payload, a JSON
//! line): flattening HTML drops markup and collapses spaces, a JSON string
//! drops its escapes. Each step keeps [`Segments`], the offsets where the
//! text starts a run copied from somewhere else in its input; a
//! [`PositionMap`] chains them back to the source, then counts lines and
//! characters there (from [`Checkpoint`]s a few KiB apart, so a long,
//! minified line costs at most that much per lookup) and turns characters
//! back into raw bytes of the original encoding.

use std::sync::Arc;

use encoding_rs::Encoding;

/// Offsets at which one text runs on from another one: text byte `text`
/// came from input byte `from`, and the bytes after it from the bytes after
/// that, up to the next segment.
///
/// ```
/// use tickerline::container::Segments;
/// let mut s = Segments::default();
/// s.push(0, 10); // "abc" from byte 10
/// s.push(3, 20); // then from byte 20
/// assert_eq!(s.back(1), 11);
/// assert_eq!(s.back(4), 21);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    starts: Vec<(u32, u32)>,
}

impl Segments {
    /// Text byte `text` (and those after it) came from input byte `from`.
    /// Pushes nothing when that follows from the last segment already.
    /// Offsets must come in increasing text order.
    pub fn push(&mut self, text: usize, from: usize) {
        let (text, from) = (clamp32(text), clamp32(from));
        if let Some(&(t, f)) = self.starts.last() {
            if text.checked_sub(t) == from.checked_sub(f) {
                return;
            }
            if t == text {
                self.starts.pop();
            }
        }
        self.starts.push((text, from));
    }

    /// The input offset text byte `text` came from (the identity before the
    /// first segment).
    pub fn back(&self, text: usize) -> usize {
        let text = clamp32(text);
        let i = self.starts.partition_point(|&(t, _)| t <= text);
        match i.checked_sub(1).map(|i| self.starts[i]) {
            Some((t, f)) => (f + (text - t)) as usize,
            None => text as usize,
        }
    }

    /// The number of segments.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// `true` if no segment was pushed (the identity).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

fn clamp32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A place in the original file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Byte offset in the (decompressed) file.
    pub offset: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

/// How the source's characters were written in the file, to count bytes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawWidth {
    /// UTF-8: a source byte is a file byte.
    Utf8,
    /// UTF-16: two bytes per code unit.
    Utf16,
    /// UTF-32: four bytes per character.
    Utf32,
    /// Another encoding: re-encoded to count.
    Encoded(&'static Encoding),
}

impl RawWidth {
    /// How many file bytes `text` took.
    ///
    /// ```
    /// use tickerline::container::RawWidth;
    /// assert_eq!(RawWidth::Utf8.bytes("▲1"), 4);
    /// assert_eq!(RawWidth::Utf16.bytes("▲1"), 4);
    /// assert_eq!(RawWidth::Encoded(encoding_rs::WINDOWS_1252).bytes("é1"), 2);
    /// ```
    pub fn bytes(self, text: &str) -> u64 {
        match self {
            RawWidth::Utf8 => text.len() as u64,
            RawWidth::Utf16 => 2 * text.encode_utf16().count() as u64,
            RawWidth::Utf32 => 4 * text.chars().count() as u64,
            RawWidth::Encoded(encoding) => {
                let mut encoder = encoding.new_encoder();
                let mut out = [0u8; 1024];
                let mut rest = text;
                let mut total = 0u64;
                loop {
                    let (result, read, written, _) = encoder.encode_from_utf8(rest, &mut out, true);
                    total += written as u64;
                    rest = &rest[read..];
                    if result == encoding_rs::CoderResult::InputEmpty {
                        return total;
                    }
                }
            }
        }
    }
}

/// A source offset whose line, column and raw offset are known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// Byte of the decoded source.
    pub source: u32,
    /// Byte of the raw document, from the document's start.
    pub raw: u64,
    /// Newlines before it in the source.
    pub newlines: u64,
    /// Characters since the last newline (or the source's start).
    pub chars: u64,
}

/// Where the page's source starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    /// Byte offset of the source's first byte in the (decompressed) file.
    pub offset: u64,
    /// Its 1-based line.
    pub line: u64,
    /// Its 1-based column (further lines start at column 1).
    pub column: u64,
}

impl Default for Base {
    fn default() -> Self {
        Base {
            offset: 0,
            line: 1,
            column: 1,
        }
    }
}

/// The map from a page's text back to its original file.
///
/// ```
/// use tickerline::container::{Base, PositionMap, RawWidth, Segments};
///
/// let source = "<p>\n  <b>HBL</b> 117.85</p>";
/// // Flattened text "HBL 117.85": "HBL" from byte 9, " 117.85" from byte 16.
/// let mut segments = Segments::default();
/// segments.push(0, 9);
/// segments.push(3, 16);
/// let map = PositionMap::new(source.into(), vec![segments], RawWidth::Utf8, Base::default(), &[]);
/// let p = map.locate(4); // the "1" of the price
/// assert_eq!((p.offset, p.line, p.column), (17, 2, 14));
/// ```
#[derive(Debug, Clone)]
pub struct PositionMap {
    source: Arc<str>,
    /// Applied last first: `layers[0]` maps the text to the input of the
    /// step before, ..., the last maps to the source.
    layers: Vec<Segments>,
    width: RawWidth,
    base: Base,
    checkpoints: Vec<Checkpoint>,
}

/// How far apart checkpoints are, in source bytes.
const CHECKPOINT_EVERY: usize = 4096;

impl PositionMap {
    /// A map through `layers` (first the text's own) to `source`, written
    /// in the file as `width` says, starting at `base`. `marks` are
    /// `(source offset, raw offset)` pairs known exactly (a decoder's chunk
    /// boundaries; empty when every source byte counts back with `width`).
    pub fn new(
        source: Arc<str>,
        layers: Vec<Segments>,
        width: RawWidth,
        base: Base,
        marks: &[(u32, u64)],
    ) -> Self {
        let checkpoints = checkpoints(&source, width, marks);
        PositionMap {
            source,
            layers,
            width,
            base,
            checkpoints,
        }
    }

    /// The identity map of a page whose text is its source (plain text,
    /// UTF-8), starting at `base`.
    pub fn identity(text: &str, base: Base) -> Self {
        PositionMap::new(Arc::from(text), Vec::new(), RawWidth::Utf8, base, &[])
    }

    /// The decoded source the page's text was made from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Where the source starts in the file.
    pub fn base(&self) -> Base {
        self.base
    }

    /// The source offset text byte `text` came from.
    pub fn source_offset(&self, text: usize) -> usize {
        let at = self.layers.iter().fold(text, |at, layer| layer.back(at));
        let mut at = at.min(self.source.len());
        while !self.source.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The place in the file of text byte `text`.
    pub fn locate(&self, text: usize) -> Position {
        let at = self.source_offset(text);
        let i = self
            .checkpoints
            .partition_point(|c| c.source as usize <= at)
            .saturating_sub(1);
        let cp = self.checkpoints.get(i).copied().unwrap_or_default();
        let between = &self.source[cp.source as usize..at];
        let newlines = memchr::memchr_iter(b'\n', between.as_bytes()).count() as u64;
        let (newlines, chars) = match memchr::memrchr(b'\n', between.as_bytes()) {
            Some(nl) => (
                cp.newlines + newlines,
                between[nl + 1..].chars().count() as u64,
            ),
            None => (cp.newlines, cp.chars + between.chars().count() as u64),
        };
        let column = match newlines {
            0 => self.base.column + chars,
            _ => 1 + chars,
        };
        Position {
            offset: self.base.offset + cp.raw + self.width.bytes(between),
            line: self.base.line + newlines,
            column,
        }
    }
}

/// A checkpoint at each mark and every [`CHECKPOINT_EVERY`] bytes.
fn checkpoints(source: &str, width: RawWidth, marks: &[(u32, u64)]) -> Vec<Checkpoint> {
    let mut out = vec![Checkpoint::default()];
    let mut marks = marks.iter().copied().peekable();
    let mut cp = Checkpoint::default();
    let mut at = 0usize;
    while at < source.len() {
        let mut next = (at + CHECKPOINT_EVERY).min(source.len());
        while !source.is_char_boundary(next) {
            next += 1;
        }
        // An exact mark inside this stretch is the next checkpoint.
        while marks.next_if(|&(s, _)| (s as usize) <= at).is_some() {}
        let mark =
            marks.next_if(|&(s, _)| (s as usize) <= next && source.is_char_boundary(s as usize));
        if let Some((s, _)) = mark {
            next = s as usize;
        }
        let piece = &source[at..next];
        cp.raw = match mark {
            Some((_, raw)) => raw,
            None => cp.raw + width.bytes(piece),
        };
        match memchr::memrchr(b'\n', piece.as_bytes()) {
            Some(nl) => {
                cp.newlines += memchr::memchr_iter(b'\n', piece.as_bytes()).count() as u64;
                cp.chars = piece[nl + 1..].chars().count() as u64;
            }
            None => cp.chars += piece.chars().count() as u64,
        }
        cp.source = next as u32;
        out.push(cp);
        if next == at {
            break;
        }
        at = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_through_checkpoints_on_a_long_line() {
        let source = format!("{}\nabc {}HBL", "x".repeat(10), "y".repeat(20_000));
        let map = PositionMap::identity(&source, Base::default());
        let at = source.find("HBL").unwrap();
        let p = map.locate(at);
        assert_eq!((p.offset as usize, p.line, p.column), (at, 2, 20_005));
    }

    #[test]
    fn base_moves_the_first_line_only() {
        let map = PositionMap::identity(
            "ab\ncd",
            Base {
                offset: 100,
                line: 7,
                column: 5,
            },
        );
        assert_eq!(
            map.locate(1),
            Position {
                offset: 101,
                line: 7,
                column: 6
            }
        );
        assert_eq!(
            map.locate(4),
            Position {
                offset: 104,
                line: 8,
                column: 2
            }
        );
    }

    #[test]
    fn raw_offsets_count_encoded_bytes() {
        // "é" is one byte in windows-1252, two in the decoded source.
        let source = "ééé\nHBL";
        let map = PositionMap::new(
            source.into(),
            Vec::new(),
            RawWidth::Encoded(encoding_rs::WINDOWS_1252),
            Base::default(),
            &[],
        );
        let p = map.locate(source.find("HBL").unwrap());
        assert_eq!((p.offset, p.line, p.column), (4, 2, 1));
    }

    #[test]
    fn marks_are_exact() {
        let source = "a".repeat(10_000);
        let map = PositionMap::new(
            source.as_str().into(),
            Vec::new(),
            RawWidth::Utf8,
            Base::default(),
            &[(5000, 7000)],
        );
        assert_eq!(map.locate(5001).offset, 7001);
        assert_eq!(map.locate(10).offset, 10);
    }

    #[test]
    fn layers_chain() {
        let mut a = Segments::default();
        a.push(0, 5);
        let mut b = Segments::default();
        b.push(0, 2);
        b.push(5, 100);
        let map = PositionMap::new(
            "x".repeat(200).into(),
            vec![a, b],
            RawWidth::Utf8,
            Base::default(),
            &[],
        );
        assert_eq!(map.source_offset(1), 101);
    }
}
