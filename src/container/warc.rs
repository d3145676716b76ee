//! Web archives: a small reader of WARC (1.0, 1.1, 0.18; WET is WARC) and
//! ARC records over the decompressed stream, and the HTTP messages inside.
//!
//! Each `response`, `resource` and `conversion` (WET's extracted text)
//! record is a page; `request`, `metadata`, `revisit` and `warcinfo`
//! records are skipped. A record's `WARC-Target-URI` is its page's url and
//! its `WARC-Date` the page's capture date. An HTTP response's headers are
//! read for the charset (`Content-Type`), and its body is de-chunked
//! (`Transfer-Encoding: chunked`) and decompressed (`Content-Encoding: gzip`,
//! `deflate`, `zstd`) where the archive kept it raw, as wget, warcprox and
//! pywb do; Common Crawl stores bodies decoded and renames those headers
//! `X-Crawler-*`, which are therefore not applied again.
//!
//! A record is read whole up to [`MAX_BLOCK`] bytes; the rest of a bigger
//! one is skipped (and said so). A record cut short by the end of the file
//! ends the reading with an error naming its offset; the records before it
//! are all read.

use std::io::{self, BufRead, Read};

use chrono::NaiveDate;

/// The most of a record's block kept; past that it is skipped.
pub const MAX_BLOCK: usize = 32 * 1024 * 1024;

/// The longest header line read; a longer one is an error.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// The most header lines a record may have.
const MAX_HEADERS: usize = 1024;

/// Which archive format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// WARC (and WET).
    Warc,
    /// ARC, version 1 or 2.
    Arc,
}

/// One archive record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
    /// Its 1-based line there.
    pub line: u64,
    /// `WARC-Type` (`response`, `resource`, `conversion`, ...); ARC records
    /// are `response` (an HTTP message) or `resource`.
    pub kind: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`'s day.
    pub date: Option<NaiveDate>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// `Content-Type` of the block (`application/http; msgtype=response`).
    pub content_type: Option<String>,
    /// Offset and line of the block's first byte.
    pub block_offset: u64,
    /// See `block_offset`.
    pub block_line: u64,
    /// The block (at most [`MAX_BLOCK`] bytes of it).
    pub block: Vec<u8>,
    /// The block's length as the record said it.
    pub block_len: u64,
}

impl Record {
    /// `true` for the records that are pages.
    pub fn is_page(&self) -> bool {
        matches!(self.kind.as_str(), "response" | "resource" | "conversion")
    }

    /// `true` if the block was longer than [`MAX_BLOCK`] and cut.
    pub fn is_cut(&self) -> bool {
        self.block_len > self.block.len() as u64
    }
}

/// Why reading an archive stopped or skipped something.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The stream ended inside a record.
    #[error("truncated record at byte {offset}: {what}")]
    Truncated {
        /// Where the record starts.
        offset: u64,
        /// What was missing.
        what: &'static str,
    },
    /// Bytes that are not a record where one should start.
    #[error("no {format} record at byte {offset}: {what}")]
    Malformed {
        /// `WARC` or `ARC`.
        format: &'static str,
        /// Where.
        offset: u64,
        /// What was wrong.
        what: String,
    },
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads records one by one.
///
/// ```
/// use tickerline::container::{ArchiveFormat, RecordReader};
///
/// let warc = "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.com/\r\n\
///             WARC-Date: 2024-03-28T11:04:00Z\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
/// let records: Vec<_> = RecordReader::new(warc.as_bytes(), ArchiveFormat::Warc).collect();
/// let r = records[0].as_ref().unwrap();
/// assert_eq!(r.target_uri.as_deref(), Some("https://example.com/"));
/// assert_eq!(r.date.unwrap().to_string(), "2024-03-28");
/// assert_eq!(r.block, b"hello");
/// assert_eq!(records.len(), 1);
/// ```
pub struct RecordReader<R: BufRead> {
    reader: R,
    format: ArchiveFormat,
    offset: u64,
    line: u64,
    done: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> RecordReader<R> {
    /// A reader of `reader`'s records.
    pub fn new(reader: R, format: ArchiveFormat) -> Self {
        RecordReader {
            reader,
            format,
            offset: 0,
            line: 1,
            done: false,
            buf: Vec::new(),
        }
    }

    /// Reads one line into `self.buf` (with its end); `false` at the end.
    fn line(&mut self) -> io::Result<bool> {
        self.buf.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut self.buf)?;
        self.offset += n as u64;
        if self.buf.last() == Some(&b'\n') {
            self.line += 1;
        }
        Ok(n > 0)
    }

    /// Skips blank lines; `false` at the end of the stream.
    fn skip_blank(&mut self) -> io::Result<bool> {
        loop {
            if !self.line()? {
                return Ok(false);
            }
            if !self.buf.trim_ascii().is_empty() {
                return Ok(true);
            }
        }
    }

    fn next_record(&mut self) -> Result<Option<Record>, ArchiveError> {
        if !self.skip_blank()? {
            return Ok(None);
        }
        let start = self.offset - self.buf.len() as u64;
        let start_line = self.line - u64::from(self.buf.last() == Some(&b'\n'));
        let mut record = Record {
            offset: start,
            line: start_line,
            ..Record::default()
        };
        match self.format {
            ArchiveFormat::Warc => self.warc_headers(&mut record)?,
            ArchiveFormat::Arc => self.arc_header(&mut record)?,
        }
        record.block_offset = self.offset;
        record.block_line = self.line;
        let keep = record.block_len.min(MAX_BLOCK as u64);
        let mut block = Vec::with_capacity(keep as usize);
        (&mut self.reader).take(keep).read_to_end(&mut block)?;
        self.count(&block);
        if (block.len() as u64) < keep {
            return Err(ArchiveError::Truncated {
                offset: start,
                what: "the block ends early",
            });
        }
        let mut skip = record.block_len - keep;
        while skip > 0 {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Err(ArchiveError::Truncated {
                    offset: start,
                    what: "the block ends early",
                });
            }
            let n = chunk.len().min(usize::try_from(skip).unwrap_or(usize::MAX));
            let newlines = memchr::memchr_iter(b'\n', &chunk[..n]).count() as u64;
            self.reader.consume(n);
            self.offset += n as u64;
            self.line += newlines;
            skip -= n as u64;
        }
        record.block = block;
        Ok(Some(record))
    }

    fn count(&mut self, bytes: &[u8]) {
        self.offset += bytes.len() as u64;
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
    }

    fn warc_headers(&mut self, record: &mut Record) -> Result<(), ArchiveError> {
        if self.buf.last() != Some(&b'\n') {
            return Err(ArchiveError::Truncated {
                offset: record.offset,
                what: "the version line ends early",
            });
        }
        let version = self.buf.trim_ascii();
        if !version.starts_with(b"WARC/") {
            return Err(ArchiveError::Malformed {
                format: "WARC",
                offset: record.offset,
                what: format!(
                    "expected `WARC/1.x`, found `{}`",
                    String::from_utf8_lossy(&version[..version.len().min(40)])
                ),
            });
        }
        let mut length = None;
        for _ in 0..MAX_HEADERS {
            if !self.line()? {
                return Err(ArchiveError::Truncated {
                    offset: record.offset,
                    what: "the headers end early",
                });
            }
            let header = self.buf.trim_ascii_end();
            if header.is_empty() {
                let Some(length) = length else {
                    return Err(ArchiveError::Malformed {
                        format: "WARC",
                        offset: record.offset,
                        what: "no Content-Length".to_owned(),
                    });
                };
                record.block_len = length;
                return Ok(());
            }
            let Some((name, value)) = split_header(header) else {
                continue;
            };
            match name.to_ascii_lowercase().as_str() {
                "warc-type" => record.kind = value.to_ascii_lowercase(),
                "warc-target-uri" => {
                    record.target_uri = Some(value.trim_matches(['<', '>']).to_owned())
                }
                "warc-date" => record.date = iso_day(&value),
                "warc-record-id" => record.record_id = Some(value),
                "content-type" => record.content_type = Some(value),
                "content-length" => length = value.trim().parse().ok(),
                _ => {}
            }
        }
        Err(ArchiveError::Malformed {
            format: "WARC",
            offset: record.offset,
            what: "too many headers".to_owned(),
        })
    }

    /// `URL IP-address archive-date content-type [...] length`.
    fn arc_header(&mut self, record: &mut Record) -> Result<(), ArchiveError> {
        if self.buf.last() != Some(&b'\n') {
            return Err(ArchiveError::Truncated {
                offset: record.offset,
                what: "the header line ends early",
            });
        }
        let line = String::from_utf8_lossy(self.buf.trim_ascii()).into_owned();
        let fields: Vec<&str> = line.split(' ').collect();
        let length = fields.last().and_then(|l| l.parse::<u64>().ok());
        let (Some(length), true) = (length, fields.len() >= 5) else {
            return Err(ArchiveError::Malformed {
                format: "ARC",
                offset: record.offset,
                what: format!("expected `URL IP DATE TYPE ... LENGTH`, found `{line}`"),
            });
        };
        record.block_len = length;
        record.target_uri = Some(fields[0].to_owned());
        record.date = fields[2]
            .get(..8)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
        record.content_type = Some(fields[3].to_owned());
        record.kind = if fields[0].starts_with("filedesc:") {
            "warcinfo".to_owned()
        } else {
            "response".to_owned()
        };
        Ok(())
    }
}

impl<R: BufRead> Iterator for RecordReader<R> {
    type Item = Result<Record, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_record();
        if !matches!(next, Ok(Some(_))) {
            self.done = true;
        }
        next.transpose()
    }
}

fn split_header(line: &[u8]) -> Option<(String, String)> {
    let colon = memchr::memchr(b':', line)?;
    let name = String::from_utf8_lossy(line[..colon].trim_ascii()).into_owned();
    let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
    Some((name, value))
}

/// The day of an ISO 8601 date-time (`2024-03-28T11:04:00Z`), or of a
/// 14-digit timestamp (`20240328110400`).
///
/// ```
/// use tickerline::container::iso_day;
/// assert_eq!(iso_day("2024-03-28T11:04:00Z").unwrap().to_string(), "2024-03-28");
/// assert_eq!(iso_day("20240328110400").unwrap().to_string(), "2024-03-28");
/// assert_eq!(iso_day("yesterday"), None);
/// ```
pub fn iso_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.get(..8).unwrap_or(""), "%Y%m%d"))
        .ok()
}

/// An HTTP response inside a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// Where the body starts in the block.
    pub body_start: usize,
    /// `Transfer-Encoding: chunked`.
    pub chunked: bool,
    /// `Content-Encoding` (`gzip`, `deflate`, `br`, `zstd`), lowercased.
    pub content_encoding: Option<String>,
}

/// Reads the status line and headers of an HTTP response at the start of
/// `block`; `None` if it is not one.
///
/// ```
/// use tickerline::container::http_response;
/// let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
///               X-Crawler-Transfer-Encoding: chunked\r\n\r\n<p>hi";
/// let r = http_response(block).unwrap();
/// assert_eq!((r.status, r.chunked), (200, false));
/// assert_eq!(&block[r.body_start..], b"<p>hi");
/// ```
pub fn http_response(block: &[u8]) -> Option<HttpResponse> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    let mut at = 0;
    let mut status = 0;
    let mut response = HttpResponse {
        status: 0,
        content_type: None,
        body_start: block.len(),
        chunked: false,
        content_encoding: None,
    };
    let mut first = true;
    while at < block.len() {
        let end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |e| at + e + 1);
        let line = block[at..end].trim_ascii_end();
        at = end;
        if first {
            first = false;
            status = String::from_utf8_lossy(line)
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            continue;
        }
        if line.is_empty() {
            response.body_start = at;
            break;
        }
        let Some((name, value)) = split_header(line) else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "content-type" => response.content_type = Some(value),
            "transfer-encoding" => {
                response.chunked = value.to_ascii_lowercase().contains("chunked")
            }
            "content-encoding" => {
                let v = value.trim().to_ascii_lowercase();
                if !v.is_empty() && v != "identity" {
                    response.content_encoding = Some(v);
                }
            }
            _ => {}
        }
    }
    response.status = status;
    Some(response)
}

/// The body of a chunked message, de-chunked: as much as is well formed.
///
/// ```
/// use tickerline::container::dechunk;
/// assert_eq!(dechunk(b"4\r\nHBL \r\n6;ext=1\r\n117.85\r\n0\r\n\r\n"), b"HBL 117.85");
/// assert_eq!(dechunk(b"4\r\nHB"), b"HB");
/// ```
pub fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    while at < body.len() {
        let Some(nl) = memchr::memchr(b'\n', &body[at..]) else {
            break;
        };
        let size_line = String::from_utf8_lossy(&body[at..at + nl]);
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        at += nl + 1;
        if size == 0 {
            break;
        }
        let end = at.saturating_add(size).min(body.len());
        out.extend_from_slice(&body[at..end]);
        at = end;
        // The chunk's CRLF.
        if body[at..].starts_with(b"\r\n") {
            at += 2;
        } else if body[at..].starts_with(b"\n") {
            at += 1;
        }
    }
    out
}

/// The body decoded from its `Content-Encoding` (at most [`MAX_BLOCK`]
/// bytes of it).
pub fn decode_content(body: &[u8], encoding: &str) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let limit = MAX_BLOCK as u64;
    match encoding {
        "gzip" | "x-gzip" => {
            flate2::read::MultiGzDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out)?;
        }
        "deflate" => {
            // Servers send zlib or raw deflate under this name.
            if flate2::read::ZlibDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out)
                .is_err()
            {
                out.clear();
                flate2::read::DeflateDecoder::new(body)
                    .take(limit)
                    .read_to_end(&mut out)?;
            }
        }
        "zstd" => {
            zstd::stream::read::Decoder::new(body)?
                .take(limit)
                .read_to_end(&mut out)?;
        }
        other => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("content encoding `{other}` is not supported"),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, body: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-03-28T00:00:00Z\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
    }

    #[test]
    fn records_in_order_with_offsets_and_lines() {
        let a = record("warcinfo", "software: x\r\n");
        let b = record("response", "HTTP/1.1 200 OK\r\n\r\nHBL");
        let warc = format!("{a}{b}");
        let records: Vec<Record> = RecordReader::new(warc.as_bytes(), ArchiveFormat::Warc)
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 2);
        assert!(!records[0].is_page() && records[1].is_page());
        assert_eq!(records[1].offset as usize, a.len());
        assert_eq!(records[1].line as usize, 1 + a.matches('\n').count());
        let block_at = records[1].block_offset as usize;
        assert_eq!(&warc[block_at..block_at + 3], "HTT");
    }

    #[test]
    fn a_truncated_record_keeps_the_ones_before() {
        let a = record("response", "HTTP/1.1 200 OK\r\n\r\nHBL");
        let b = record("response", "HTTP/1.1 200 OK\r\n\r\nKEL 4.59");
        let warc = format!("{a}{b}");
        for cut in a.len() + 1..warc.len() - 4 {
            let results: Vec<_> =
                RecordReader::new(&warc.as_bytes()[..cut], ArchiveFormat::Warc).collect();
            assert!(results[0].is_ok(), "cut at {cut}");
            assert!(
                matches!(results.last(), Some(Err(ArchiveError::Truncated { offset, .. })) if *offset as usize == a.len()),
                "cut at {cut}: {:?}",
                results.last()
            );
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let results: Vec<_> = RecordReader::new(
            &b"WARC/1.0\r\nContent-Length: zz\r\n\r\n"[..],
            ArchiveFormat::Warc,
        )
        .collect();
        assert!(matches!(results[..], [Err(ArchiveError::Malformed { .. })]));
        let results: Vec<_> =
            RecordReader::new(&b"not an archive"[..], ArchiveFormat::Warc).collect();
        assert_eq!(results.len(), 1);
    }

    #[test]
    fn arc_records() {
        let body = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>HBL</p>";
        let arc = format!(
            "filedesc://x.arc 0.0.0.0 20240328000000 text/plain 9\n1 0 x\nURL\n\n\
             http://example.com/ 1.2.3.4 20240329120000 text/html {}\n{body}\n",
            body.len()
        );
        let records: Vec<Record> = RecordReader::new(arc.as_bytes(), ArchiveFormat::Arc)
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 2);
        assert!(!records[0].is_page());
        assert_eq!(records[1].date.unwrap().to_string(), "2024-03-29");
        assert_eq!(records[1].block, body.as_bytes());
    }

    #[test]
    fn gzip_bodies_decode() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(b"<p>HBL</p>").unwrap();
        let body = gz.finish().unwrap();
        assert_eq!(decode_content(&body, "gzip").unwrap(), b"<p>HBL</p>");
        assert!(decode_content(b"x", "br").is_err());
    }
}
