//! Whitespace between tokens: spaces, tabs, no-break and thin spaces.
//!
//! Scraped pages keep whatever spacing the site's HTML had: `&nbsp;`
//! (U+00A0), thin spaces (U+2009), narrow no-break spaces (U+202F) and tabs
//! all stand between the tokens of a quote.

use nom::Parser;
use nom::bytes::complete::{take_while, take_while1};

use super::error::PResult;

/// `true` for the characters that separate tokens of a quote.
///
/// ```
/// use tickerline::grammar::is_space;
/// assert!(is_space(' ') && is_space('\t') && is_space('\u{a0}') && is_space('\u{2009}'));
/// assert!(!is_space('\n') && !is_space('x'));
/// ```
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

// space1 = { " " | TAB | NBSP | U+2000..U+200A | U+202F | U+205F | U+3000 }+
/// One or more separator characters.
///
/// ```
/// use tickerline::grammar::space1;
/// assert_eq!(space1(" \u{a0}\t80.60"), Ok(("80.60", " \u{a0}\t")));
/// assert!(space1("80.60").is_err());
/// ```
pub fn space1(input: &str) -> PResult<'_, &str> {
    take_while1(is_space).parse(input)
}

// space0 = { " " | TAB | NBSP | U+2000..U+200A | U+202F | U+205F | U+3000 }
/// Zero or more separator characters.
///
/// ```
/// use tickerline::grammar::space0;
/// assert_eq!(space0("80.60"), Ok(("80.60", "")));
/// ```
pub fn space0(input: &str) -> PResult<'_, &str> {
    take_while(is_space).parse(input)
}
