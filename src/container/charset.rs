//! The characters of a page: which encoding its bytes are in, and their
//! decoding to UTF-8.
//!
//! In order: a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE — UTF-32
//! decoded here, `encoding_rs` has none), the charset of the HTTP
//! `Content-Type` header (in web archives), a `<meta charset>` or
//! `<meta http-equiv="Content-Type" content="...; charset=...">` in the
//! first 1024 bytes, then UTF-8 (invalid bytes become U+FFFD). Any label
//! the WHATWG Encoding Standard knows works: windows-1252, ISO-8859-x,
//! Shift_JIS, EUC-JP, GB18030, ...

use encoding_rs::{CoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::position::RawWidth;

/// How far into a page `<meta charset>` is looked for.
pub const META_WINDOW: usize = 1024;

/// Bytes decoded per step; each step's end is an exact position mark.
const CHUNK: usize = 4096;

/// The encoding a page's bytes were found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// An encoding `encoding_rs` decodes.
    Known(&'static Encoding),
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl Charset {
    /// The encoding's name.
    ///
    /// ```
    /// use tickerline::container::Charset;
    /// assert_eq!(Charset::Known(encoding_rs::WINDOWS_1252).name(), "windows-1252");
    /// assert_eq!(Charset::Utf32Le.name(), "UTF-32LE");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Charset::Known(e) => e.name(),
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }

    fn width(self) -> RawWidth {
        match self {
            Charset::Known(e) if e == UTF_8 => RawWidth::Utf8,
            Charset::Known(e) if e == UTF_16LE || e == UTF_16BE => RawWidth::Utf16,
            Charset::Known(e) => RawWidth::Encoded(e),
            Charset::Utf32Le | Charset::Utf32Be => RawWidth::Utf32,
        }
    }
}

/// A byte order mark at the start of `bytes`: the charset and its length.
///
/// ```
/// use tickerline::container::{bom, Charset};
/// assert_eq!(bom(b"\xEF\xBB\xBFhi"), Some((Charset::Known(encoding_rs::UTF_8), 3)));
/// assert_eq!(bom(b"\xFF\xFEh\0"), Some((Charset::Known(encoding_rs::UTF_16LE), 2)));
/// assert_eq!(bom(b"\xFF\xFE\0\0h\0\0\0"), Some((Charset::Utf32Le, 4)));
/// assert_eq!(bom(b"hi"), None);
/// ```
pub fn bom(bytes: &[u8]) -> Option<(Charset, usize)> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some((Charset::Utf32Le, 4)),
        [0, 0, 0xFE, 0xFF, ..] => Some((Charset::Utf32Be, 4)),
        [0xEF, 0xBB, 0xBF, ..] => Some((Charset::Known(UTF_8), 3)),
        [0xFF, 0xFE, ..] => Some((Charset::Known(UTF_16LE), 2)),
        [0xFE, 0xFF, ..] => Some((Charset::Known(UTF_16BE), 2)),
        _ => None,
    }
}

/// UTF-16 without a mark, as an HTML page starting with `<` shows it.
fn utf16_without_bom(bytes: &[u8]) -> Option<Charset> {
    match bytes {
        [b'<', 0, x, 0, ..] if x.is_ascii() => Some(Charset::Known(UTF_16LE)),
        [0, b'<', 0, x, ..] if x.is_ascii() => Some(Charset::Known(UTF_16BE)),
        _ => None,
    }
}

/// The charset of an HTTP `Content-Type` header value, if it names a known one.
///
/// ```
/// use tickerline::container::http_charset;
/// assert_eq!(http_charset("text/html; charset=ISO-8859-1"), Some(encoding_rs::WINDOWS_1252));
/// assert_eq!(http_charset("text/html;charset=\"utf-8\""), Some(encoding_rs::UTF_8));
/// assert_eq!(http_charset("text/html"), None);
/// ```
pub fn http_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// The charset a `<meta>` tag in the first [`META_WINDOW`] bytes declares
/// (a prescan of `charset=` inside `<meta ...>` tags, as browsers do before
/// they parse).
///
/// ```
/// use tickerline::container::meta_charset;
/// assert_eq!(meta_charset(b"<html><head><meta charset=\"windows-1252\">"), Some(encoding_rs::WINDOWS_1252));
/// assert_eq!(
///     meta_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\">"),
///     Some(encoding_rs::SHIFT_JIS)
/// );
/// assert_eq!(meta_charset(b"<p>charset=utf-16</p>"), None);
/// ```
pub fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let head = &head[..head.len().min(META_WINDOW)];
    let mut at = 0;
    while let Some(found) = find_ignore_case(&head[at..], b"<meta") {
        let start = at + found + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = find_ignore_case(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or(rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(e) = Encoding::for_label(&rest[..label_end]) {
                    // A page cannot declare itself UTF-16 in ASCII bytes.
                    return Some(if e == UTF_16LE || e == UTF_16BE {
                        UTF_8
                    } else {
                        e
                    });
                }
            }
        }
        at = end;
    }
    None
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decides the charset of a page: BOM, then `http` (a `Content-Type`
/// charset), then `<meta>` if `html`, then UTF-8. Returns it with the
/// length of its BOM.
///
/// ```
/// use tickerline::container::{detect, Charset};
/// let (c, bom) = detect(b"<meta charset=windows-1252><p>caf\xe9", None, true);
/// assert_eq!((c, bom), (Charset::Known(encoding_rs::WINDOWS_1252), 0));
/// ```
pub fn detect(bytes: &[u8], http: Option<&'static Encoding>, html: bool) -> (Charset, usize) {
    if let Some(found) = bom(bytes) {
        return found;
    }
    if let Some(e) = http {
        return (Charset::Known(e), 0);
    }
    if let Some(c) = utf16_without_bom(bytes) {
        return (c, 0);
    }
    if html && let Some(e) = meta_charset(bytes) {
        return (Charset::Known(e), 0);
    }
    (Charset::Known(UTF_8), 0)
}

/// A page's bytes decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The characters.
    pub text: String,
    /// The encoding they were in.
    pub charset: Charset,
    /// `true` if some bytes did not decode (they became U+FFFD).
    pub had_errors: bool,
    /// `(text offset, raw offset)` pairs known exactly.
    pub marks: Vec<(u32, u64)>,
    /// How characters count back to raw bytes between marks.
    pub width: RawWidth,
}

/// Decodes `bytes` (which `detect` has looked at) to UTF-8; the BOM is
/// dropped (its bytes count in the marks' raw offsets).
///
/// ```
/// use tickerline::container::{decode, detect};
/// let bytes = b"\xFF\xFEH\0B\0L\0";
/// let (charset, bom) = detect(bytes, None, false);
/// let d = decode(bytes.to_vec(), charset, bom);
/// assert_eq!(d.text, "HBL");
/// assert_eq!(d.marks[0], (0, 2));
/// ```
pub fn decode(bytes: Vec<u8>, charset: Charset, bom: usize) -> Decoded {
    let bom = bom.min(bytes.len());
    let width = charset.width();
    let start_mark = vec![(0u32, bom as u64)];
    match charset {
        Charset::Known(e) if e == UTF_8 => {
            let mut bytes = bytes;
            bytes.drain(..bom);
            match String::from_utf8(bytes) {
                Ok(text) => Decoded {
                    text,
                    charset,
                    had_errors: false,
                    marks: start_mark,
                    width,
                },
                Err(e) => decode_chunks(e.as_bytes(), UTF_8, charset, bom, width),
            }
        }
        Charset::Known(e) => decode_chunks(&bytes[bom..], e, charset, bom, width),
        Charset::Utf32Le | Charset::Utf32Be => {
            let big = charset == Charset::Utf32Be;
            let body = &bytes[bom..];
            let mut text = String::with_capacity(body.len() / 4);
            let mut had_errors = false;
            let mut marks = start_mark;
            for (i, unit) in body.chunks(4).enumerate() {
                let c = match <[u8; 4]>::try_from(unit) {
                    Ok(b) if big => char::from_u32(u32::from_be_bytes(b)),
                    Ok(b) => char::from_u32(u32::from_le_bytes(b)),
                    Err(_) => None,
                };
                had_errors |= c.is_none();
                text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                if i % CHUNK == CHUNK - 1 {
                    marks.push((text.len() as u32, (bom + 4 * (i + 1)) as u64));
                }
            }
            Decoded {
                text,
                charset,
                had_errors,
                marks,
                width,
            }
        }
    }
}

fn decode_chunks(
    body: &[u8],
    encoding: &'static Encoding,
    charset: Charset,
    bom: usize,
    width: RawWidth,
) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length(body.len())
            .unwrap_or(body.len()),
    );
    let mut marks = vec![(0u32, bom as u64)];
    let mut had_errors = false;
    let mut at = 0;
    loop {
        let end = (at + CHUNK).min(body.len());
        let last = end == body.len();
        let (result, read, errors) = decoder.decode_to_string(&body[at..end], &mut text, last);
        had_errors |= errors;
        at += read;
        if result == CoderResult::OutputFull {
            let more = decoder
                .max_utf8_buffer_length(body.len() - at)
                .unwrap_or(CHUNK);
            text.reserve(more.max(16));
            continue;
        }
        marks.push((text.len() as u32, (bom + at) as u64));
        if last {
            break;
        }
    }
    Decoded {
        text,
        charset,
        had_errors,
        marks,
        width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_keeps_its_characters() {
        let bytes = b"Caf\xe9 \x80 HBL".to_vec();
        let d = decode(bytes, Charset::Known(encoding_rs::WINDOWS_1252), 0);
        assert_eq!(d.text, "Café € HBL");
        assert!(!d.had_errors);
    }

    #[test]
    fn invalid_utf8_is_replaced_with_exact_marks() {
        let d = decode(b"ab\xffcd".to_vec(), Charset::Known(UTF_8), 0);
        assert_eq!(d.text, "ab\u{fffd}cd");
        assert!(d.had_errors);
        assert_eq!(*d.marks.last().unwrap(), (d.text.len() as u32, 5));
    }

    #[test]
    fn utf32_by_hand() {
        let mut bytes = vec![0xFF, 0xFE, 0, 0];
        for c in "▲1".chars() {
            bytes.extend((c as u32).to_le_bytes());
        }
        bytes.extend([1, 2]); // a cut unit
        let (charset, bom) = detect(&bytes, None, false);
        let d = decode(bytes, charset, bom);
        assert_eq!(d.text, "▲1\u{fffd}");
        assert!(d.had_errors);
    }

    #[test]
    fn http_charset_wins_over_meta_and_bom_over_both() {
        let page = b"<meta charset=utf-8>caf\xe9";
        assert_eq!(
            detect(page, Some(encoding_rs::WINDOWS_1252), true).0,
            Charset::Known(encoding_rs::WINDOWS_1252)
        );
        let mut bommed = b"\xEF\xBB\xBF".to_vec();
        bommed.extend_from_slice(page);
        assert_eq!(
            detect(&bommed, Some(encoding_rs::WINDOWS_1252), true),
            (Charset::Known(UTF_8), 3)
        );
    }

    #[test]
    fn meta_after_the_window_is_not_read() {
        let mut page = vec![b' '; META_WINDOW];
        page.extend_from_slice(b"<meta charset=windows-1252>");
        assert_eq!(meta_charset(&page), None);
    }
}
