//! The page's date: the first dateline of a page.
//!
//! News pages carry a dateline near the title: `Mar 28, 2024`,
//! `Published 28 Mar, 2024 11:04am`, `Updated September 22, 2023 07:41pm`,
//! `2024-03-28`. A dateline is a short line (at most [`MAX_DATELINE_CHARS`])
//! holding a full date: prose that mentions a date in passing is not one.

use chrono::{Datelike, NaiveDate};

/// The longest line still taken for a dateline, in characters.
pub const MAX_DATELINE_CHARS: usize = 100;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The date a dateline states, if `line` is one.
///
/// ```
/// use chrono::NaiveDate;
/// use tickerline::date::dateline;
///
/// let d = NaiveDate::from_ymd_opt(2024, 3, 28);
/// assert_eq!(dateline("Mar 28, 2024"), d);
/// assert_eq!(dateline("Published 28 Mar, 2024 11:04am"), d);
/// assert_eq!(dateline("2024-03-28"), d);
/// assert_eq!(
///     dateline("Updated September 22, 2023 07:41pm"),
///     NaiveDate::from_ymd_opt(2023, 9, 22)
/// );
/// assert_eq!(dateline("KSE100 72,743 Increased By 771.4 (1.07%)"), None);
/// assert_eq!(dateline("Feb 30, 2024"), None); // no such day
/// ```
pub fn dateline(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    if line.is_empty() || line.chars().nth(MAX_DATELINE_CHARS).is_some() {
        return None;
    }
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '\u{a0}'))
        .filter(|t| !t.is_empty())
        .collect();
    // Month names may also be joined by dashes or slashes: 28-Mar-2024.
    let words: Vec<&str> = tokens
        .iter()
        .flat_map(|t| t.split(['-', '/']))
        .filter(|t| !t.is_empty())
        .collect();
    let tokens = words;
    iso_line(line).or_else(|| {
        (0..tokens.len()).find_map(|i| {
            let month = month(tokens[i])?;
            let day_before = i.checked_sub(1).and_then(|j| day(tokens[j]));
            let (day, year_at) = match tokens.get(i + 1).and_then(|t| day(t)) {
                Some(d) if day_before.is_none() => (d, i + 2),
                _ => (day_before?, i + 1),
            };
            let year = year(tokens.get(year_at)?)?;
            NaiveDate::from_ymd_opt(year, month, day)
        })
    })
}

/// The first `2024-03-28` or `2024/03/28` of a line standing as a word
/// of its own, possibly followed by a time (`2024-03-28T11:04`).
fn iso_line(line: &str) -> Option<NaiveDate> {
    line.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '\u{a0}'))
        .find_map(iso_date)
}

/// `2024-03-28` or `2024/03/28`, possibly followed by a time (`T11:04`).
fn iso_date(token: &str) -> Option<NaiveDate> {
    let date = token.get(..10)?;
    let b = date.as_bytes();
    let sep = *b.get(4)?;
    let shape = matches!(sep, b'-' | b'/')
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == sep,
            _ => c.is_ascii_digit(),
        });
    let rest_ok = token[10..].is_empty() || token[10..].starts_with('T');
    if !(shape && rest_ok) {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(
        date[..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..10].parse().ok()?,
    )?;
    plausible_year(d.year()).then_some(d)
}

/// `true` if `bytes` may hold a dateline's year: a run of exactly four
/// digits, from 1970 to 2100. Every date form [`dateline`] reads has one, so
/// a line without it is skipped before any decoding or splitting.
///
/// ```
/// use tickerline::date::may_hold_year;
/// assert!(may_hold_year(b"Published 28 Mar, 2024 11:04am"));
/// assert!(may_hold_year(b"2024-03-28"));
/// assert!(!may_hold_year(b"KSE100 72,743 Increased By 771.4 (1.07%)"));
/// assert!(!may_hold_year(b"up 1255.46 or 20245 shares"));
/// ```
pub fn may_hold_year(bytes: &[u8]) -> bool {
    let mut run = 0usize;
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            continue;
        }
        if run == 4 && is_year(&bytes[i - 4..i]) {
            return true;
        }
        run = 0;
    }
    run == 4 && is_year(&bytes[bytes.len() - 4..])
}

/// `true` if four ASCII digits read a plausible year.
fn is_year(digits: &[u8]) -> bool {
    let y = digits
        .iter()
        .fold(0i32, |y, d| y * 10 + i32::from(d - b'0'));
    plausible_year(y)
}

fn plausible_year(y: i32) -> bool {
    (1970..=2100).contains(&y)
}

/// `Mar`, `March`, `Sept.`, any case.
fn month(token: &str) -> Option<u32> {
    let t = token.trim_end_matches('.').to_ascii_lowercase();
    if t.len() < 3 {
        return None;
    }
    let at = MONTHS
        .iter()
        .position(|m| *m == t || (m.starts_with(&t) && (t.len() == 3 || t == "sept")))?;
    Some(at as u32 + 1)
}

/// `28`, `3`, `28th`, `1st`.
fn day(token: &str) -> Option<u32> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let suffix = &token[digits.len()..];
    let suffix_ok = matches!(suffix.trim_end_matches('.'), "" | "st" | "nd" | "rd" | "th");
    if !(1..=2).contains(&digits.len()) || !suffix_ok {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A four-digit year, `2024`.
fn year(token: &str) -> Option<i32> {
    let token = token.trim_end_matches('.');
    if token.len() != 4 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok().filter(|y| plausible_year(*y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn common_datelines() {
        assert_eq!(dateline("March 28, 2024"), ymd(2024, 3, 28));
        assert_eq!(dateline("28 March 2024"), ymd(2024, 3, 28));
        assert_eq!(dateline("Thursday, 28th March, 2024"), ymd(2024, 3, 28));
        assert_eq!(dateline("Sept. 5, 2023 | 10:41 AM"), ymd(2023, 9, 5));
        assert_eq!(
            dateline("By Reuters | Published 9 Nov, 2023"),
            ymd(2023, 11, 9)
        );
        assert_eq!(
            dateline("Last updated: 2023-11-09T16:05:00+05:00"),
            ymd(2023, 11, 9)
        );
        assert_eq!(dateline("Posted 28-Mar-2024 10:04"), ymd(2024, 3, 28));
        assert_eq!(
            dateline("Thu, 28 Mar 2024 10:04:00 +0500"),
            ymd(2024, 3, 28)
        );
        assert_eq!(dateline("2024/03/28"), ymd(2024, 3, 28));
        assert_eq!(dateline("2024/28/03"), None); // no 28th month
    }

    #[test]
    fn not_datelines() {
        assert_eq!(dateline("March 2024"), None); // no day
        assert_eq!(dateline("28/03/2024"), None); // ambiguous order
        assert_eq!(dateline("Mar 28"), None); // no year
        assert_eq!(dateline("Maybe 5 2024"), None);
        let long = format!("On March 28, 2024 {}", "the index rose sharply ".repeat(5));
        assert_eq!(dateline(&long), None); // prose, not a dateline
    }
}
