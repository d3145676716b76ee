//! The floor below scanning: the bytes of a file turned into pages of text,
//! each with a map back to the original bytes and its own dates.
//!
//! A file is [sniffed](sniff) by its content: decompressed if it is gzip
//! (any number of members) or zstd, then read as a web archive
//! ([`warc`]: WARC, WET, ARC; a page per response), JSON Lines ([`jsonl`]:
//! a page per line), HTML ([`html`]: flattened to lines), or plain text
//! (pages split at form feeds). Bytes are decoded by [`charset`]. Plain
//! UTF-8 text with no form feed in its first [`SNIFF_WINDOW`] bytes is
//! handed back as a stream ([`Opened::Text`]): the scanner reads it as it
//! always has, at full speed.
//!
//! Memory: a page is read whole, up to [`MAX_PAGE`] bytes (a WARC record
//! up to [`MAX_BLOCK`]); a bigger page is read in parts of that size, cut
//! at a line end (or a tag's end), each a [`Page`] marked
//! [`continues`](Page::continues) and dated like the first. A page in
//! memory costs about three times its size (source, text, map).
//!
//! ```
//! use std::io::Cursor;
//! use tickerline::container::{open, Opened, Options};
//!
//! let html = "<html><body><table><tr><td>HBL</td><td>117.85</td><td>▼ -0.08</td></tr></table>";
//! let Opened::Pages(mut pages) = open("page.html", Box::new(Cursor::new(html)), &Options::default()).unwrap()
//! else { panic!("HTML is a container") };
//! let page = pages.next().unwrap().unwrap();
//! assert_eq!(page.text, "HBL\t117.85\t▼ -0.08\n");
//! let p = page.map.locate(page.text.find("117.85").unwrap());
//! assert_eq!(p.offset as usize, html.find("117.85").unwrap());
//! ```

mod charset;
mod html;
mod jsonl;
mod position;
mod sniff;
mod warc;

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;

use chrono::NaiveDate;

pub use charset::{Charset, Decoded, META_WINDOW, bom, decode, detect, http_charset, meta_charset};
pub use html::{Flattened, RECORD_MAX, flatten};
pub use jsonl::{
    DATE_FIELDS, DEFAULT_TEXT_FIELDS, JsonlError, JsonlFields, JsonlRecord, jsonl_record,
};
pub use position::{Base, Checkpoint, Position, PositionMap, RawWidth, Segments};
pub use sniff::{
    Compression, Container, InputKind, SNIFF_WINDOW, compression, container, decompress, peek,
};
pub use warc::{
    ArchiveError, ArchiveFormat, HttpResponse, MAX_BLOCK, Record, RecordReader, dechunk,
    decode_content, http_response, iso_day,
};

/// The most of a page (HTML file, text page, JSON line) read at once.
pub const MAX_PAGE: usize = 32 * 1024 * 1024;

/// One page of a file, as text the scanner reads.
#[derive(Debug, Clone)]
pub struct Page {
    /// The name its quotes carry as `source`: the file's path, and for an
    /// archive record `#` and the record's offset in the decompressed
    /// stream (`crawl.warc.gz#1234`); for a JSON line `#L` and its line
    /// number; for a form-feed page `#p` and its number (from 1).
    pub name: String,
    /// The page's address (`WARC-Target-URI`, a JSON line's url field).
    pub url: Option<String>,
    /// When it was captured (`WARC-Date`, a JSON line's date field).
    pub capture_date: Option<NaiveDate>,
    /// The date its own metadata gives (`article:published_time`, JSON-LD
    /// `datePublished`, `<time datetime>`).
    pub meta_date: Option<NaiveDate>,
    /// The text: lines of plain text or flattened HTML.
    pub text: String,
    /// Where the text's bytes are in the file.
    pub map: PositionMap,
    /// `true` if this is a later part of a page bigger than [`MAX_PAGE`]:
    /// it takes the date of the page's first part.
    pub continues: bool,
    /// `true` if the text came from HTML.
    pub html: bool,
}

/// Where a quote's `as_of` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AsOfSource {
    /// `--as-of`.
    Cli,
    /// The capture time (`WARC-Date`).
    Capture,
    /// The page's metadata.
    Meta,
    /// The page's dateline.
    Dateline,
}

impl AsOfSource {
    /// The lowercase name written in records: `cli`, `capture`, `meta`, `dateline`.
    pub fn as_str(self) -> &'static str {
        match self {
            AsOfSource::Cli => "cli",
            AsOfSource::Capture => "capture",
            AsOfSource::Meta => "meta",
            AsOfSource::Dateline => "dateline",
        }
    }
}

impl Page {
    /// The page's date and where it came from: `cli` (`--as-of`), else
    /// the capture date, else the metadata's, else `dateline()`. A ticker
    /// widget shows the market at capture time, while an article's date can
    /// be years older: capture time comes first.
    ///
    /// ```
    /// # use tickerline::container::*;
    /// # let mut page = Page { name: "p".into(), url: None, capture_date: None, meta_date: None,
    /// #     text: String::new(), map: PositionMap::identity("", Base::default()), continues: false, html: false };
    /// let d = |day| chrono::NaiveDate::from_ymd_opt(2024, 3, day);
    /// page.meta_date = d(1);
    /// assert_eq!(page.as_of(None, || d(2)), (d(1), Some(AsOfSource::Meta)));
    /// page.capture_date = d(3);
    /// assert_eq!(page.as_of(None, || d(2)), (d(3), Some(AsOfSource::Capture)));
    /// assert_eq!(page.as_of(d(4), || d(2)), (d(4), Some(AsOfSource::Cli)));
    /// ```
    pub fn as_of(
        &self,
        cli: Option<NaiveDate>,
        dateline: impl FnOnce() -> Option<NaiveDate>,
    ) -> (Option<NaiveDate>, Option<AsOfSource>) {
        let found = cli
            .map(|d| (d, AsOfSource::Cli))
            .or(self.capture_date.map(|d| (d, AsOfSource::Capture)))
            .or(self.meta_date.map(|d| (d, AsOfSource::Meta)))
            .or_else(|| dateline().map(|d| (d, AsOfSource::Dateline)));
        (found.map(|f| f.0), found.map(|f| f.1))
    }
}

/// How files are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// What files are (`--input`); [`InputKind::Auto`] sniffs.
    pub input: InputKind,
    /// The fields of JSON Lines pages.
    pub jsonl: JsonlFields,
}

/// A file opened: a plain text stream or pages.
pub enum Opened {
    /// Plain UTF-8 text, one page, decompressed if it was: the scanner's
    /// own fast path reads it.
    Text(Box<dyn Read + Send>),
    /// The pages of a container.
    Pages(Pages),
}

/// The pages of a file, in order. An error is about one page (or, for a
/// truncated archive, the end of it): those before it are all given.
pub type Pages = Box<dyn Iterator<Item = Result<Page, ContainerError>> + Send>;

/// Something in a file that could not be made a page.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", name, offset.map(|o| format!(" at byte {o}")).unwrap_or_default())]
pub struct ContainerError {
    /// The file (or record).
    pub name: String,
    /// Where, in the decompressed stream.
    pub offset: Option<u64>,
    /// What went wrong.
    pub message: String,
}

impl ContainerError {
    fn new(name: &str, offset: Option<u64>, message: impl std::fmt::Display) -> Self {
        ContainerError {
            name: name.to_owned(),
            offset,
            message: message.to_string(),
        }
    }
}

/// Opens the file `name` read from `reader`: sniffs (or takes from
/// `options`) what it is and gives its pages.
pub fn open(name: &str, mut reader: Box<dyn Read + Send>, options: &Options) -> io::Result<Opened> {
    let magic = peek(&mut reader, 4)?;
    let compression = compression(&magic);
    let reader = decompress(prepend(magic, reader), compression)?;
    let mut reader = reader;
    let head = peek(&mut reader, SNIFF_WINDOW)?;
    let sniffed = container(&head);
    let kind = match options.input {
        InputKind::Auto => sniffed,
        InputKind::Text => match sniffed {
            Container::PagedText | Container::WideText => sniffed,
            _ => Container::Text,
        },
        InputKind::Html => Container::Html,
        InputKind::Warc if sniffed == Container::Arc => Container::Arc,
        InputKind::Warc => Container::Warc,
        InputKind::Jsonl => Container::Jsonl,
    };
    // Plain text goes on unbuffered: the scanner reads big parts itself.
    if kind == Container::Text {
        return Ok(Opened::Text(prepend(head, reader)));
    }
    let reader = BufReader::with_capacity(256 * 1024, prepend(head, reader));
    let name = name.to_owned();
    Ok(match kind {
        Container::Text => Opened::Text(Box::new(reader)),
        Container::PagedText => {
            Opened::Pages(Box::new(Splitter::new(name, reader, Some(b'\x0c'), false)))
        }
        Container::WideText => Opened::Pages(Box::new(Splitter::new(name, reader, None, false))),
        Container::Html => Opened::Pages(Box::new(Splitter::new(name, reader, None, true))),
        Container::Warc => Opened::Pages(Box::new(archive(name, reader, ArchiveFormat::Warc))),
        Container::Arc => Opened::Pages(Box::new(archive(name, reader, ArchiveFormat::Arc))),
        Container::Jsonl => Opened::Pages(Box::new(JsonLines::new(
            name,
            reader,
            options.jsonl.clone(),
        ))),
    })
}

fn prepend(head: Vec<u8>, rest: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
    Box::new(Cursor::new(head).chain(rest))
}

/// Builds a page from its raw bytes: decodes them (BOM, then `http`, then
/// `<meta>` for HTML, then UTF-8) and flattens HTML; `base` is where the
/// bytes start in the file.
///
/// ```
/// use tickerline::container::{page_from_bytes, Base};
/// let page = page_from_bytes("p.html".into(), b"<meta charset=windows-1252><p>caf\xe9</p>".to_vec(),
///     true, None, Base::default());
/// assert_eq!(page.text, "café\n");
/// ```
pub fn page_from_bytes(
    name: String,
    bytes: Vec<u8>,
    html: bool,
    http: Option<&'static encoding_rs::Encoding>,
    base: Base,
) -> Page {
    let (charset, bom_len) = detect(&bytes, http, html);
    page_in_charset(name, bytes, html, charset, bom_len, base)
}

fn page_in_charset(
    name: String,
    bytes: Vec<u8>,
    html: bool,
    charset: Charset,
    bom_len: usize,
    base: Base,
) -> Page {
    let decoded = decode(bytes, charset, bom_len);
    let (text, layers, meta_date) = if html {
        let flat = flatten(&decoded.text);
        (flat.text, vec![flat.segments], flat.meta_date)
    } else {
        (decoded.text.clone(), Vec::new(), None)
    };
    let map = PositionMap::new(
        Arc::from(decoded.text),
        layers,
        decoded.width,
        base,
        &decoded.marks,
    );
    Page {
        name,
        url: None,
        capture_date: None,
        meta_date,
        text,
        map,
        continues: false,
        html,
    }
}

/// Where the text after `bytes` starts, given where `bytes` started.
fn base_after(base: Base, offset: u64, text: &str) -> Base {
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
    let column = match memchr::memrchr(b'\n', text.as_bytes()) {
        Some(nl) => 1 + text[nl + 1..].chars().count() as u64,
        None => base.column + text.chars().count() as u64,
    };
    Base {
        offset,
        line: base.line + newlines,
        column,
    }
}

/// The pages of a single page file (HTML, wide text) or of form-feed
/// separated text: each up to [`MAX_PAGE`] bytes, a bigger one in parts.
struct Splitter {
    name: String,
    reader: BufReader<Box<dyn Read + Send>>,
    delimiter: Option<u8>,
    html: bool,
    /// Bytes read past the last part's cut.
    carry: Vec<u8>,
    offset: u64,
    base: Base,
    /// The charset of the page being split in parts, once decided.
    charset: Option<Charset>,
    number: u64,
    continues: bool,
    dates: (Option<NaiveDate>, Option<NaiveDate>),
    done: bool,
}

impl Splitter {
    fn new(
        name: String,
        reader: BufReader<Box<dyn Read + Send>>,
        delimiter: Option<u8>,
        html: bool,
    ) -> Self {
        Splitter {
            name,
            reader,
            delimiter,
            html,
            carry: Vec::new(),
            offset: 0,
            base: Base::default(),
            charset: None,
            number: 0,
            continues: false,
            dates: (None, None),
            done: false,
        }
    }

    /// The next page's (or part's) bytes, whether the page is complete,
    /// and how many bytes of the file it took (with its delimiter).
    fn read(&mut self) -> io::Result<Option<(Vec<u8>, bool, u64)>> {
        let mut bytes = std::mem::take(&mut self.carry);
        let want = MAX_PAGE.saturating_sub(bytes.len()) as u64;
        let mut limited = (&mut self.reader).take(want);
        match self.delimiter {
            Some(d) => {
                limited.read_until(d, &mut bytes)?;
            }
            None => {
                limited.read_to_end(&mut bytes)?;
            }
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        if let Some(d) = self.delimiter
            && bytes.last() == Some(&d)
        {
            let taken = bytes.len() as u64;
            bytes.pop();
            return Ok(Some((bytes, true, taken)));
        }
        if bytes.len() < MAX_PAGE || self.reader.fill_buf()?.is_empty() {
            let taken = bytes.len() as u64;
            return Ok(Some((bytes, true, taken)));
        }
        // A part of a bigger page: cut at its last line end (or tag end).
        let wide = matches!(self.charset, Some(Charset::Utf32Be | Charset::Utf32Le))
            || matches!(self.charset, Some(Charset::Known(e)) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
        let cut = if wide {
            bytes.len() / 4 * 4
        } else {
            let nl = memchr::memrchr(b'\n', &bytes);
            let gt = if self.html {
                memchr::memrchr(b'>', &bytes)
            } else {
                None
            };
            nl.max(gt).map_or(bytes.len(), |c| c + 1)
        };
        self.carry = bytes.split_off(cut);
        let taken = bytes.len() as u64;
        Ok(Some((bytes, false, taken)))
    }
}

impl Iterator for Splitter {
    type Item = Result<Page, ContainerError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (bytes, complete, taken) = match self.read() {
            Ok(Some(read)) => read,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(ContainerError::new(&self.name, Some(self.offset), e)));
            }
        };
        let (charset, bom_len) = match self.charset {
            Some(c) => (c, 0),
            None => detect(&bytes, None, self.html),
        };
        let base = self.base;
        let start = self.offset;
        let name = match self.delimiter {
            Some(_) => format!("{}#p{}", self.name, self.number + 1),
            None => self.name.clone(),
        };
        let mut page = page_in_charset(
            name,
            bytes,
            self.html,
            charset,
            bom_len,
            Base {
                offset: start,
                ..base
            },
        );
        page.continues = self.continues;
        if self.continues {
            (page.capture_date, page.meta_date) = self.dates;
        }
        self.offset += taken;
        let mut after = base_after(base, self.offset, page.map.source());
        if complete {
            self.number += 1;
            self.charset = None;
            self.continues = false;
            // The form feed is a character of the line it is on.
            if self.delimiter.is_some() {
                after.column += 1;
            }
        } else {
            self.charset = Some(charset);
            self.continues = true;
            self.dates = (page.capture_date, page.meta_date);
        }
        self.base = after;
        Some(Ok(page))
    }
}

/// The pages of a web archive.
fn archive(
    name: String,
    reader: BufReader<Box<dyn Read + Send>>,
    format: ArchiveFormat,
) -> impl Iterator<Item = Result<Page, ContainerError>> + Send {
    RecordReader::new(reader, format).flat_map(move |record| match record {
        Err(e) => vec![Err(ContainerError::new(&name, None, e))],
        Ok(record) if !record.is_page() => Vec::new(),
        Ok(record) => {
            let cut = record.is_cut().then(|| {
                ContainerError::new(
                    &format!("{name}#{}", record.offset),
                    Some(record.offset),
                    format!("record longer than {MAX_BLOCK} bytes: only its start was read"),
                )
            });
            archive_page(&name, record)
                .into_iter()
                .chain(cut.map(Err))
                .collect()
        }
    })
}

/// The page of one archive record, if it is a text page.
fn archive_page(name: &str, record: Record) -> Option<Result<Page, ContainerError>> {
    let record_name = format!("{name}#{}", record.offset);
    let mut base = Base {
        offset: record.block_offset,
        line: record.block_line,
        column: 1,
    };
    let block_type = record
        .content_type
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (body, content_type) =
        if block_type.starts_with("application/http") || record.block.starts_with(b"HTTP/") {
            let response = http_response(&record.block)?;
            if !(200..300).contains(&response.status) && response.status != 0 {
                return None;
            }
            let head = &record.block[..response.body_start];
            base = base_after(
                base,
                base.offset + response.body_start as u64,
                &String::from_utf8_lossy(head),
            );
            let mut body = record.block[response.body_start..].to_vec();
            if response.chunked {
                body = dechunk(&body);
            }
            if let Some(encoding) = &response.content_encoding {
                body = match decode_content(&body, encoding) {
                    Ok(decoded) => decoded,
                    Err(e) => {
                        return Some(Err(ContainerError::new(
                            &record_name,
                            Some(record.offset),
                            e,
                        )));
                    }
                };
            }
            (body, response.content_type.unwrap_or_default())
        } else {
            (record.block, block_type)
        };
    let lower = content_type.to_ascii_lowercase();
    let mime = lower.split(';').next().unwrap_or("").trim().to_owned();
    let html = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => true,
        "text/plain" => false,
        "" | "text/xml" | "application/xml" | "application/octet-stream" | "unk" | "unknown" => {
            container(&body[..body.len().min(SNIFF_WINDOW)]) == Container::Html
        }
        m if m.starts_with("text/") => false,
        // Images, scripts, PDFs...: not pages of text.
        _ => return None,
    };
    let http = http_charset(&content_type);
    let mut page = page_from_bytes(record_name.clone(), body, html, http, base);
    page.url = record.target_uri;
    page.capture_date = record.date;
    Some(Ok(page))
}

/// The pages of a JSON Lines file.
struct JsonLines {
    name: String,
    reader: BufReader<Box<dyn Read + Send>>,
    fields: JsonlFields,
    offset: u64,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonLines {
    fn new(name: String, reader: BufReader<Box<dyn Read + Send>>, fields: JsonlFields) -> Self {
        JsonLines {
            name,
            reader,
            fields,
            offset: 0,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for JsonLines {
    type Item = Result<Page, ContainerError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let read = (&mut self.reader)
                .take(MAX_PAGE as u64)
                .read_until(b'\n', &mut self.buf);
            let start = self.offset;
            self.line += 1;
            let n = match read {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(ContainerError::new(&self.name, Some(start), e)));
                }
            };
            self.offset += n as u64;
            let record_name = format!("{}#L{}", self.name, self.line);
            if self.buf.last() != Some(&b'\n') && n == MAX_PAGE {
                // Too long: skip to the line's end.
                let mut rest = Vec::new();
                let skipped = loop {
                    rest.clear();
                    match (&mut self.reader)
                        .take(1 << 20)
                        .read_until(b'\n', &mut rest)
                    {
                        Ok(0) => break Ok(()),
                        Ok(k) => {
                            self.offset += k as u64;
                            if rest.last() == Some(&b'\n') {
                                break Ok(());
                            }
                        }
                        Err(e) => break Err(e),
                    }
                };
                if let Err(e) = skipped {
                    self.done = true;
                    return Some(Err(ContainerError::new(&self.name, Some(start), e)));
                }
                return Some(Err(ContainerError::new(
                    &record_name,
                    Some(start),
                    format!("line longer than {MAX_PAGE} bytes: skipped"),
                )));
            }
            let line = String::from_utf8_lossy(&self.buf);
            let line = line.trim_end_matches(['\n', '\r']);
            let record = match jsonl_record(line, &self.fields) {
                Ok(None) => continue,
                Ok(Some(record)) => record,
                Err(e) => return Some(Err(ContainerError::new(&record_name, Some(start), e))),
            };
            let html = record.field.contains("html")
                || container(record.text.as_bytes()) == Container::Html;
            let base = Base {
                offset: start,
                line: self.line,
                column: 1,
            };
            let (text, mut layers, meta_date) = if html {
                let flat = flatten(&record.text);
                (flat.text, vec![flat.segments], flat.meta_date)
            } else {
                (record.text, Vec::new(), None)
            };
            layers.push(record.segments);
            let map = PositionMap::new(Arc::from(line), layers, RawWidth::Utf8, base, &[]);
            return Some(Ok(Page {
                name: record_name,
                url: record.url,
                capture_date: record.date,
                meta_date,
                text,
                map,
                continues: false,
                html,
            }));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(bytes: &[u8]) -> Vec<Page> {
        match open(
            "f",
            Box::new(Cursor::new(bytes.to_vec())),
            &Options::default(),
        )
        .unwrap()
        {
            Opened::Pages(pages) => pages.map(Result::unwrap).collect(),
            Opened::Text(_) => panic!("plain text"),
        }
    }

    #[test]
    fn plain_text_is_the_fast_path() {
        let opened = open(
            "f",
            Box::new(Cursor::new("HBL 117.85 ▼ -0.08\n")),
            &Options::default(),
        )
        .unwrap();
        let Opened::Text(mut reader) = opened else {
            panic!("a container")
        };
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "HBL 117.85 ▼ -0.08\n");
    }

    #[test]
    fn form_feeds_split_pages_with_positions() {
        let file = "one\nHBL 117.85 ▼ -0.08\n\x0cKEL 4.59 ▼ -0.08\n";
        let pages = pages(file.as_bytes());
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].name, "f#p2");
        let p = pages[1].map.locate(0);
        assert_eq!(p.offset as usize, file.find("KEL").unwrap());
        assert_eq!((p.line, p.column), (3, 2));
    }

    #[test]
    fn jsonl_positions_are_in_the_file() {
        let file = "{\"url\":\"u1\",\"text\":\"HBL 117.85\"}\n\n{\"url\":\"u2\",\"html\":\"<p>x</p><p>KEL\\t4.59</p>\"}\n";
        let pages = pages(file.as_bytes());
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].text, "x\nKEL 4.59\n");
        assert_eq!(pages[1].name, "f#L3");
        let p = pages[1].map.locate(pages[1].text.find("KEL").unwrap());
        assert_eq!(p.offset as usize, file.find("KEL").unwrap());
        assert_eq!(p.line, 3);
    }

    #[test]
    fn a_page_bigger_than_the_cap_comes_in_parts() {
        let line = "<p>HBL 117.85 ▼ -0.08</p>\n";
        let file = line.repeat(MAX_PAGE / line.len() + 10);
        let pages = pages(file.as_bytes());
        assert_eq!(pages.len(), 2);
        assert!(!pages[0].continues && pages[1].continues);
        let p = pages[1].map.locate(0);
        assert_eq!(p.offset as usize % line.len(), 3);
        assert_eq!(p.line as usize, 1 + p.offset as usize / line.len());
    }

    #[test]
    fn wet_and_warc_pages() {
        let html = "<html><head><meta charset=\"windows-1252\"></head><body><p>HBL 117.85 \u{25bc} -0.08</p></body></html>";
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        let wet = "HBL 117.85 ▼ -0.08";
        let mut warc = String::new();
        for (kind, ct, body, date) in [
            (
                "warcinfo",
                "application/warc-fields",
                "x: y\r\n",
                "2024-03-01",
            ),
            (
                "request",
                "application/http; msgtype=request",
                "GET / HTTP/1.1\r\n\r\n",
                "2024-03-02",
            ),
            (
                "response",
                "application/http; msgtype=response",
                http.as_str(),
                "2024-03-03",
            ),
            ("conversion", "text/plain", wet, "2024-03-04"),
        ] {
            warc.push_str(&format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://x/{date}\r\nWARC-Date: {date}T00:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
                body.len()
            ));
        }
        let pages = pages(warc.as_bytes());
        assert_eq!(pages.len(), 2);
        // The HTTP header charset wins over none; here meta says windows-1252,
        // but the bytes are UTF-8 text: ▼ decodes as three characters.
        assert!(pages[0].text.starts_with("HBL 117.85 "));
        assert_eq!(pages[0].capture_date.unwrap().to_string(), "2024-03-03");
        assert_eq!(pages[1].text, wet);
        assert_eq!(pages[1].url.as_deref(), Some("https://x/2024-03-04"));
        let p = pages[1].map.locate(0);
        assert_eq!(p.offset as usize, warc.rfind(wet).unwrap());
        assert_eq!(
            p.line as usize,
            1 + warc[..p.offset as usize].matches('\n').count()
        );
        let p = pages[0].map.locate(0);
        assert_eq!(p.offset as usize, warc.find("HBL").unwrap());
    }
}
