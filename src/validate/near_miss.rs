//! Near-misses: places on a line that look like a quote but do not parse.
//!
//! A place looks like a quote when a symbol is followed by a number-like
//! token and then an arrow or capitalised direction words (`KEL 4.59
//! Decreased By ▼`, `PAEL 22.8O Decreased By ▼ ...`), or directly by an
//! arrow or such words and later a number (a missing price). Prose never
//! qualifies: its direction words are lowercase and it has no arrows. The
//! error reported is the grammar's own: what it expected, and where.

use std::ops::Range;

use super::Code;
use super::rules::Finding;
use crate::grammar::{self, QuoteSyntax};
use crate::scan::starts_word;

/// How far after the symbol an arrow still makes a place look like a quote.
const LOOKAHEAD: usize = 48;

/// The near-misses of a line, given the quotes found on it (byte offsets in
/// `text`). Spans are bytes of `text`.
///
/// ```
/// use tickerline::validate::{near_misses, Code};
/// let line = "KEL 4.59 Decreased By ▼";
/// let found = near_misses(line, &[]);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].code, Code::MalformedQuote);
/// assert_eq!(found[0].span.start, line.len()); // expected a change at the end
/// assert!(near_misses("The index closed higher by 572.72 points or 1.32%.", &[]).is_empty());
/// ```
pub fn near_misses(text: &str, found: &[(usize, QuoteSyntax<'_>)]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut gap_start = 0;
    let ends = found
        .iter()
        .map(|(at, q)| (*at, at + q.text.len()))
        .chain(std::iter::once((text.len(), text.len())));
    for (gap_end, next_start) in ends {
        if gap_start > 0 {
            unclosed_percent(text, gap_start..gap_end, &mut out);
        }
        misses_in(text, gap_start..gap_end, &mut out);
        gap_start = next_start;
    }
    if found.is_empty() && out.is_empty() {
        cut_layout_quote(text, &mut out);
    }
    out
}

/// A line that starts like a quote of a layout written in words and is
/// cut off or left open at its end (`- Euro Stoxx 50 up 0.4% to`,
/// `OKOMUPALM: Closed at N12.10 kobo, up`, `Britannia (up 0.66%`): the
/// layout that came closest names what is missing. Prose goes on after
/// the place its reading fails, so it is never such a line.
fn cut_layout_quote(text: &str, out: &mut Vec<Finding>) {
    let start = text.len()
        - text
            .trim_start_matches(|c: char| {
                grammar::is_space(c) || matches!(c, '-' | '–' | '•' | '*' | '|')
            })
            .len();
    let line = &text[start..];
    let Some((layout, at, expected)) = grammar::closest_layout(line) else {
        return;
    };
    let rest = line[at..].trim_matches(|c: char| grammar::is_space(c) || matches!(c, '.' | ','));
    // What was read must hold a move's words or a percent, and a number.
    let read = &line[..at];
    // (In lower case: `PSX Closes Down 300 Points` is a headline.)
    let words = || {
        read.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 1 && grammar::is_direction_word(w))
    };
    let title_case = words().any(|w| w.starts_with(|c: char| c.is_uppercase()));
    let moved = (read.contains('%') || words().next().is_some()) && !title_case;
    if rest.is_empty() && moved && read.contains(|c: char| c.is_ascii_digit()) {
        let mut finding = miss(text, start, start + at.min(line.len()), expected);
        finding.message = format!("{} (as {layout})", finding.message);
        out.push(finding);
    }
}

/// After a quote: `(1.71%` without its `)`, or another broken percent.
fn unclosed_percent(text: &str, gap: Range<usize>, out: &mut Vec<Finding>) {
    let seg = &text[gap.clone()];
    let rest = seg.trim_start_matches(grammar::is_space);
    let at = gap.start + seg.len() - rest.len();
    let starts_number = rest.strip_prefix('(').is_some_and(|r| {
        r.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '\u{2212}'))
    });
    if !starts_number {
        return;
    }
    if let Err(nom::Err::Error(e) | nom::Err::Failure(e)) = grammar::percent(rest) {
        out.push(miss(
            text,
            at,
            gap.end - e.input.len(),
            e.expected.unwrap_or("a percent"),
        ));
    }
}

fn misses_in(text: &str, gap: Range<usize>, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    // After a report, the rest of that garbled quote is not looked at, and
    // only a symbol followed by a number starts another near-miss: the
    // words and arrow left over (`By ▼ -0.35`) are the same garble.
    let mut skip_to = gap.start;
    let mut reported = false;
    for i in gap.clone() {
        if i < skip_to || !grammar::starts_symbol(&bytes[i..]) || !starts_word(bytes, i) {
            continue;
        }
        let seg = &text[i..gap.end];
        if !looks_like_quote(seg, !reported) {
            continue;
        }
        if let Err(nom::Err::Error(e) | nom::Err::Failure(e)) = grammar::quote(seg) {
            let at = gap.end - e.input.len();
            out.push(miss(text, i, at, e.expected.unwrap_or("a quote")));
            skip_to = at.max(i + 1);
            reported = true;
        }
    }
}

fn miss(text: &str, start: usize, at: usize, expected: &str) -> Finding {
    let token_end = text[at..]
        .find(|c: char| grammar::is_space(c))
        .map_or(text.len(), |n| at + n);
    let shown: String = text[start..].chars().take(60).collect();
    Finding {
        code: Code::MalformedQuote,
        span: at..token_end,
        message: format!(
            "`{}` looks like a quote but does not parse: expected {expected}",
            shown.trim_end()
        ),
        label: format!("expected {expected}"),
    }
}

/// `true` if `seg` starts like a quote (see the module docs); a symbol
/// followed at once by direction words or an arrow (a missing price) counts
/// only with `missing_price_too`.
fn looks_like_quote(seg: &str, missing_price_too: bool) -> bool {
    let first_word = seg
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if grammar::is_direction_word(first_word) {
        return false;
    }
    let Ok(readings) = grammar::symbol_readings(seg) else {
        return false;
    };
    readings.longest_first().any(|len| {
        let after = &seg[len..];
        let rest = after.trim_start_matches(grammar::is_space);
        if rest.len() == after.len() {
            return false;
        }
        if missing_price_too && states_ticker_direction(rest) {
            // A missing price: a number must still follow.
            return rest.chars().take(LOOKAHEAD).any(|c| c.is_ascii_digit());
        }
        let number_like =
            rest.starts_with(|c: char| c.is_ascii_digit()) || grammar::currency(rest).is_ok();
        if !number_like {
            return false;
        }
        let token_end = rest.find(grammar::is_space).unwrap_or(rest.len());
        let next = rest[token_end..].trim_start_matches(grammar::is_space);
        states_direction(next) || next.chars().take(LOOKAHEAD).any(is_arrow)
    })
}

/// An arrow, or direction words written with a capital. A single word
/// (`Up`, `Down`, `Rose`...) counts only where a quote would go on after it:
/// an arrow, a number, a sign, `(` or the end of the text. Title-case
/// headlines (`PSX Closes Down To 40,000`) are not quotes.
fn states_direction(text: &str) -> bool {
    if grammar::arrow(text).is_ok() {
        return true;
    }
    if !text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let Ok((after, _)) = grammar::direction_words(text) else {
        return false;
    };
    let phrase = &text[..text.len() - after.len()];
    let next = after.trim_start_matches(grammar::is_space);
    phrase.contains(grammar::is_space)
        || next.is_empty()
        || grammar::arrow(next).is_ok()
        || next
            .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '\u{2212}' | '('))
}

/// What a line states right after a symbol when its price is missing: an
/// arrow, or one of the ticker phrases `Increased By`, `Decreased By`,
/// `No Change`. Single words after a capitalised word are headline prose
/// (`Stocks Up 2% As Banks Rally`).
fn states_ticker_direction(text: &str) -> bool {
    grammar::arrow(text).is_ok()
        || (text.starts_with(|c: char| c.is_ascii_uppercase())
            && grammar::direction_words(text).is_ok_and(|(after, _)| {
                text[..text.len() - after.len()].contains(grammar::is_space)
            }))
}

fn is_arrow(c: char) -> bool {
    let mut buf = [0; 4];
    grammar::arrow(c.encode_utf8(&mut buf)).is_ok()
}
