//! JSON Lines as scraping tools write them: one page per line, an object
//! whose text field (default the first of `text`, `html`, `body`,
//! `content`) is the page and whose `url` field is its address; a date
//! field (`date`, `timestamp`, `fetched_at`, `crawled_at`, `scraped_at`,
//! ...) is its capture date.
//!
//! The text field is unescaped here, with a map from each byte of the
//! string back to the line's bytes, so positions in the page are positions
//! in the file.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::value::RawValue;

use super::position::Segments;

/// Which fields of a JSON line are the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    /// The text field; `None`: the first of [`DEFAULT_TEXT_FIELDS`] present.
    pub text: Option<String>,
    /// The url field.
    pub url: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: None,
            url: "url".to_owned(),
        }
    }
}

/// The text fields looked for, in order, when none is named.
pub const DEFAULT_TEXT_FIELDS: [&str; 5] = ["text", "html", "body", "content", "raw_html"];

/// The date fields looked for, in order.
pub const DATE_FIELDS: [&str; 9] = [
    "date",
    "capture_date",
    "fetched_at",
    "crawled_at",
    "scraped_at",
    "captured_at",
    "fetch_time",
    "timestamp",
    "crawl_date",
];

/// One JSON line's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlRecord {
    /// The text field, unescaped.
    pub text: String,
    /// The field's name.
    pub field: String,
    /// Where bytes of `text` came from in the line.
    pub segments: Segments,
    /// The url field.
    pub url: Option<String>,
    /// The date field's day.
    pub date: Option<NaiveDate>,
}

/// Why a line is not a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonlError {
    /// Not a JSON object.
    #[error("not a JSON object: {0}")]
    NotAnObject(String),
    /// No text field.
    #[error("no text field (looked for {0})")]
    NoText(String),
}

/// Reads the page of one JSON line (without its newline). A blank line is
/// `Ok(None)`.
///
/// ```
/// use tickerline::container::{jsonl_record, JsonlFields};
///
/// let line = r#"{"url": "https://x/1", "date": "2024-03-28", "text": "Mar\n\"HBL\" 117.85"}"#;
/// let r = jsonl_record(line, &JsonlFields::default()).unwrap().unwrap();
/// assert_eq!(r.text, "Mar\n\"HBL\" 117.85");
/// assert_eq!(r.url.as_deref(), Some("https://x/1"));
/// assert_eq!(r.date.unwrap().to_string(), "2024-03-28");
/// // The `H` of "HBL" is at byte 61 of the line, after `\n\"`.
/// assert_eq!(r.segments.back(r.text.find("HBL").unwrap()), line.find("HBL").unwrap());
/// ```
pub fn jsonl_record(line: &str, fields: &JsonlFields) -> Result<Option<JsonlRecord>, JsonlError> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let object: HashMap<Cow<'_, str>, &RawValue> =
        serde_json::from_str(line).map_err(|e| JsonlError::NotAnObject(e.to_string()))?;
    let named = |name: &str| object.get(name).copied();
    let found = match &fields.text {
        Some(name) => named(name).map(|v| (name.as_str(), v)),
        None => DEFAULT_TEXT_FIELDS
            .iter()
            .find_map(|name| named(name).map(|v| (*name, v)))
            .filter(|(_, v)| v.get().starts_with('"')),
    };
    let Some((field, raw)) = found else {
        let looked = match &fields.text {
            Some(name) => format!("`{name}`"),
            None => DEFAULT_TEXT_FIELDS.map(|f| format!("`{f}`")).join(", "),
        };
        return Err(JsonlError::NoText(looked));
    };
    // The raw value is borrowed from `line`: its offset there.
    let at = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    let (text, segments) = unescape(raw.get(), at)
        .ok_or_else(|| JsonlError::NoText(format!("`{field}` (not a string)")))?;
    let url = named(&fields.url).and_then(|v| serde_json::from_str::<String>(v.get()).ok());
    let date = DATE_FIELDS
        .iter()
        .filter_map(|name| named(name))
        .find_map(date_of);
    Ok(Some(JsonlRecord {
        text,
        field: field.to_owned(),
        segments,
        url,
        date,
    }))
}

/// A date field: an ISO date or date-time, or Unix time (seconds or milliseconds).
fn date_of(raw: &RawValue) -> Option<NaiveDate> {
    if let Ok(text) = serde_json::from_str::<String>(raw.get()) {
        return super::warc::iso_day(&text);
    }
    let n: f64 = raw.get().parse().ok()?;
    let seconds = if n > 1e11 { n / 1000.0 } else { n };
    chrono::DateTime::from_timestamp(seconds as i64, 0).map(|t| t.date_naive())
}

/// A JSON string (with its quotes) at byte `at` of its line, unescaped,
/// with the map of its bytes back to the line's.
fn unescape(raw: &str, at: usize) -> Option<(String, Segments)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = at + 1;
    let mut text = String::with_capacity(inner.len());
    let mut segments = Segments::default();
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(k) = memchr::memchr(b'\\', &bytes[i..]) else {
            segments.push(text.len(), base + i);
            text.push_str(&inner[i..]);
            break;
        };
        if k > 0 {
            segments.push(text.len(), base + i);
            text.push_str(&inner[i..i + k]);
        }
        let esc = i + k;
        segments.push(text.len(), base + esc);
        let (c, len) = match bytes.get(esc + 1)? {
            b'n' => ('\n', 2),
            b't' => ('\t', 2),
            b'r' => ('\r', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'/' => ('/', 2),
            b'\\' => ('\\', 2),
            b'"' => ('"', 2),
            b'u' => {
                let unit = |at: usize| u16::from_str_radix(inner.get(at..at + 4)?, 16).ok();
                let high = unit(esc + 2)?;
                match high {
                    0xD800..=0xDBFF if inner.get(esc + 6..esc + 8) == Some("\\u") => {
                        let low = unit(esc + 8)?;
                        let c = char::decode_utf16([high, low])
                            .next()
                            .and_then(Result::ok)
                            .unwrap_or(char::REPLACEMENT_CHARACTER);
                        (c, 12)
                    }
                    _ => (
                        char::from_u32(u32::from(high)).unwrap_or(char::REPLACEMENT_CHARACTER),
                        6,
                    ),
                }
            }
            _ => return None,
        };
        text.push(c);
        i = esc + len;
    }
    Some((text, segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_back() {
        let line = r#"{"text": "\u00e9\u25b2 \ud83d\ude00 HBL"}"#;
        let r = jsonl_record(line, &JsonlFields::default())
            .unwrap()
            .unwrap();
        assert_eq!(r.text, "é▲ 😀 HBL");
        let hbl = r.text.find("HBL").unwrap();
        assert_eq!(r.segments.back(hbl), line.find("HBL").unwrap());
    }

    #[test]
    fn named_and_default_fields() {
        let line = r#"{"link": "u", "html": "<p>x</p>", "n": 1}"#;
        let fields = JsonlFields {
            text: None,
            url: "link".into(),
        };
        let r = jsonl_record(line, &fields).unwrap().unwrap();
        assert_eq!((r.field.as_str(), r.url.as_deref()), ("html", Some("u")));
        let named = JsonlFields {
            text: Some("n".into()),
            url: "url".into(),
        };
        assert!(jsonl_record(line, &named).is_err());
        assert!(jsonl_record("[1]", &fields).is_err());
        assert_eq!(jsonl_record("  ", &fields), Ok(None));
    }

    #[test]
    fn unix_time_dates() {
        let line = r#"{"text": "x", "timestamp": 1711584000}"#;
        let r = jsonl_record(line, &JsonlFields::default())
            .unwrap()
            .unwrap();
        assert_eq!(r.date.unwrap().to_string(), "2024-03-28");
    }
}
