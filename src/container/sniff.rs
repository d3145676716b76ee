//! What a file is, by its content, not its name: compressed (gzip, zstd,
//! bzip2) by its magic bytes, then, on the decompressed bytes, a web
//! archive (WARC, ARC), JSON Lines, HTML or plain text — the last with
//! form-feed page breaks or not — from its first bytes.

use std::io::{self, Read};

/// How many bytes of a file are looked at to tell what it holds. Plain text
/// is split into pages at form feeds if one is found within them (and no
/// NUL byte, which binary noise has and text does not).
pub const SNIFF_WINDOW: usize = 64 * 1024;

/// What `--input` says a file is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputKind {
    /// Decide by content.
    #[default]
    Auto,
    /// Plain text (form feeds still split pages).
    Text,
    /// One HTML page.
    Html,
    /// A WARC (or WET) file.
    Warc,
    /// JSON Lines, a page per line.
    Jsonl,
}

/// A compression found by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// None.
    None,
    /// gzip (`1f 8b`), possibly many members one after the other.
    Gzip,
    /// Zstandard (`28 b5 2f fd`), possibly many frames.
    Zstd,
    /// bzip2 (`BZh1`..`BZh9`): recognised, not read (no decoder built in).
    Bzip2,
}

/// The compression `head`, a file's first bytes, shows.
///
/// ```
/// use tickerline::container::{compression, Compression};
/// assert_eq!(compression(b"\x1f\x8b\x08\0"), Compression::Gzip);
/// assert_eq!(compression(b"\x28\xb5\x2f\xfd"), Compression::Zstd);
/// assert_eq!(compression(b"BZh9"), Compression::Bzip2);
/// assert_eq!(compression(b"<html>"), Compression::None);
/// ```
pub fn compression(head: &[u8]) -> Compression {
    match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => Compression::Bzip2,
        _ => Compression::None,
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Plain text: one page.
    Text,
    /// Plain text with form feeds: a page between two.
    PagedText,
    /// Plain text in UTF-16 or UTF-32 (a byte order mark): one page, decoded.
    WideText,
    /// One HTML page.
    Html,
    /// WARC 1.0/1.1/0.18, or WET.
    Warc,
    /// ARC (the Internet Archive's format before WARC).
    Arc,
    /// JSON Lines.
    Jsonl,
}

/// What `head`, a file's first (decompressed) bytes, shows it holds.
///
/// ```
/// use tickerline::container::{container, Container};
/// assert_eq!(container(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Container::Warc);
/// assert_eq!(container(b"filedesc://crawl.arc 0.0.0.0 20240328 text/plain 76\n"), Container::Arc);
/// assert_eq!(container(b"{\"url\": \"https://x\", \"text\": \"HBL\"}\n"), Container::Jsonl);
/// assert_eq!(container(b"\n  <!DOCTYPE html><html>"), Container::Html);
/// assert_eq!(container(b"<table><tr>"), Container::Html);
/// assert_eq!(container(b"page one\x0cpage two"), Container::PagedText);
/// assert_eq!(container(b"HBL 117.85 \xe2\x96\xbc -0.08\n"), Container::Text);
/// assert_eq!(container(b"<HBL> 117.85\n"), Container::Text);
/// ```
pub fn container(head: &[u8]) -> Container {
    if let Some((super::Charset::Known(e), _)) = super::bom(head)
        && e == encoding_rs::UTF_8
    {
        return container(&head[3..]);
    }
    if super::bom(head).is_some() || matches!(head, [b'<', 0, ..] | [0, b'<', ..]) {
        return match looks_like_html(&widen(head)) {
            true => Container::Html,
            false => Container::WideText,
        };
    }
    let start = head.trim_ascii_start();
    if start.starts_with(b"WARC/") {
        return Container::Warc;
    }
    if start.starts_with(b"filedesc://") {
        return Container::Arc;
    }
    if start.starts_with(b"{") && first_line_is_object(start) {
        return Container::Jsonl;
    }
    if looks_like_html(start) {
        return Container::Html;
    }
    // Form feeds in text, not in binary noise (which has NUL bytes).
    if memchr::memchr(b'\x0c', head).is_some() && memchr::memchr(0, head).is_none() {
        return Container::PagedText;
    }
    Container::Text
}

/// The ASCII of a UTF-16/32 head (every non-zero byte), to sniff markup in.
fn widen(head: &[u8]) -> Vec<u8> {
    head.iter()
        .copied()
        .filter(|&b| b != 0 && b.is_ascii())
        .collect()
}

fn first_line_is_object(start: &[u8]) -> bool {
    match memchr::memchr(b'\n', start) {
        Some(end) => serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(
            start[..end].trim_ascii(),
        )
        .is_ok(),
        // A first line longer than the window: an object starting with a key.
        None => start[1..].trim_ascii_start().starts_with(b"\""),
    }
}

/// The WHATWG MIME sniffing patterns for HTML: the first non-space bytes
/// are one of these tags (case-insensitive) followed by a space or `>`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.trim_ascii_start();
    if start.len() >= 4 && start[..4].eq_ignore_ascii_case(b"<!--") {
        return true;
    }
    if start.len() >= 5 && start[..5].eq_ignore_ascii_case(b"<?xml") {
        let head = &start[..start.len().min(1024)];
        return head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"));
    }
    const TAGS: [&[u8]; 18] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<script",
        b"<iframe",
        b"<h1",
        b"<div",
        b"<font",
        b"<table",
        b"<a",
        b"<style",
        b"<title",
        b"<b",
        b"<body",
        b"<br",
        b"<p",
        b"<meta",
        b"<span",
    ];
    TAGS.iter().any(|tag| {
        start.len() > tag.len()
            && start[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(start[tag.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/')
    })
}

/// Reads up to `n` bytes of `reader` (fewer only at its end).
pub fn peek(reader: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(SNIFF_WINDOW));
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// `reader` decompressed as `compression` says.
pub fn decompress(
    reader: Box<dyn Read + Send>,
    compression: Compression,
) -> io::Result<Box<dyn Read + Send>> {
    Ok(match compression {
        Compression::None => reader,
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(reader)?),
        Compression::Bzip2 => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "bzip2-compressed input is not supported yet: decompress it first (bzcat)",
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_html_is_html() {
        let page: Vec<u8> = "\u{feff}<html><p>HBL</p>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(container(&page), Container::Html);
        let text: Vec<u8> = "\u{feff}HBL 117.85"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(container(&text), Container::WideText);
    }

    #[test]
    fn multi_member_gzip_reads_to_the_end() {
        use flate2::{Compression as Level, write::GzEncoder};
        use std::io::Write;
        let mut bytes = Vec::new();
        for part in ["one ", "two"] {
            let mut gz = GzEncoder::new(Vec::new(), Level::fast());
            gz.write_all(part.as_bytes()).unwrap();
            bytes.extend(gz.finish().unwrap());
        }
        let mut out = String::new();
        decompress(Box::new(io::Cursor::new(bytes)), Compression::Gzip)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "one two");
    }

    #[test]
    fn text_starting_with_a_bracket_is_text() {
        assert_eq!(container(b"<<< Markets >>>\nHBL 117.85"), Container::Text);
        assert_eq!(container(b"{not json\nHBL 117.85"), Container::Text);
    }
}
