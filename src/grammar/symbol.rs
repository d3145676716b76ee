//! Symbols: tickers (`HBL`, `KSE100`, `BRK.B`, `M&M`) and instrument names
//! (`Dow Jones`, `S&P 500`, `Brent Crude`).

use nom::Err;

use super::direction::is_direction_word;
use super::error::{GrammarError, PResult};
use super::number::is_currency_word;
use super::space::is_space;

/// The longest a single symbol word may be (a ticker: `at most 12 characters`).
pub const MAX_WORD_LEN: usize = 12;
/// The most words an instrument name may have.
pub const MAX_WORDS: usize = 4;

fn is_inner(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'&' | b'/' | b'\'' | b'=')
}

/// Inner punctuation must be followed by a letter or digit; after `-` it must
/// be a capital or digit (`KSE-100`, `Coca-Cola`), since a lowercase compound
/// (`Open-market`) is prose, not a name.
fn inner_ok(punct: u8, next: Option<&u8>) -> bool {
    match next {
        Some(n) if punct == b'-' => n.is_ascii_uppercase() || n.is_ascii_digit(),
        Some(&n) => n.is_ascii_alphanumeric(),
        None => false,
    }
}

/// The length of a lead (`^` of `^IBEX`, `.` of `.MSX30`) at the start of
/// `b` when a capital follows it.
fn lead_len(b: &[u8]) -> usize {
    match b {
        [b'^' | b'.', c, ..] if c.is_ascii_uppercase() => 1,
        _ => 0,
    }
}

// word  = [ "^" | "." ] upper { alnum | letter | inner alnum } | digit { alnum }
//                     (* at most 12 characters; after "-" an upper or a digit *)
// inner = "." | "-" | "&" | "/" | "'" | "="
/// One word of a symbol: starts with an uppercase ASCII letter or a digit
/// (or `^`/`.` and a capital: `^IBEX`, `.MSX30`); `.`, `-`, `&`, `/`, `'`
/// and `=` may stand only between letters or digits; letters beyond ASCII
/// may follow the first (`Société`, `L'Oréal`).
///
/// ```
/// use tickerline::grammar::word;
/// assert_eq!(word("BRK.B 350"), Ok((" 350", "BRK.B")));
/// assert_eq!(word("S&P 500"), Ok((" 500", "S&P")));
/// assert_eq!(word("KSE-100 index"), Ok((" index", "KSE-100")));
/// assert_eq!(word("^IBEX 8,904"), Ok((" 8,904", "^IBEX")));
/// assert_eq!(word("L'Oréal 370"), Ok((" 370", "L'Oréal")));
/// assert_eq!(word("ES=F 5,300"), Ok((" 5,300", "ES=F")));
/// assert!(word("hbl").is_err());
/// assert!(word("ABCDEFGHIJKLM 1").is_err()); // 13 characters
/// assert!(word("34,500.73").is_err()); // a number, not a word
/// assert!(word("10.11 -0.14").is_err());
/// assert_eq!(word("500 4,500"), Ok((" 4,500", "500")));
/// ```
pub fn word(input: &str) -> PResult<'_, &str> {
    match word_len(input) {
        Some(end) => Ok((&input[end..], &input[..end])),
        None => Err(Err::Error(GrammarError::expected(input, "a symbol"))),
    }
}

/// The length of the [`word`] at the start of `input`, if one is there
/// (no error built: the symbol's readings try a word after every one).
pub(crate) fn word_len(input: &str) -> Option<usize> {
    let b = input.as_bytes();
    let lead = lead_len(b);
    if !b
        .get(lead)
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    // A word led by a digit (`500` in `S&P 500`, `10Y`) has no inner
    // punctuation: `10.11` or `1,000` is a number, not a word.
    let digit_led = b[lead].is_ascii_digit();
    let mut end = lead + 1;
    let mut wide = false;
    while end < b.len() {
        if b[end].is_ascii_alphanumeric() {
            end += 1;
        } else if !digit_led
            && is_inner(b[end])
            && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
            && inner_ok(b[end], b.get(end + 1))
        {
            end += 2;
        } else if !digit_led && b[end] == b'\'' && input[end + 1..].starts_with(char::is_alphabetic)
        {
            // `L'Éco`: a letter beyond ASCII after an apostrophe.
            end += 1;
        } else if digit_led
            && matches!(b[end], b'.' | b'-')
            && b.get(end + 1).is_some_and(u8::is_ascii_uppercase)
        {
            // `7203.T`, `10-Yr`: an exchange suffix or a unit after digits.
            end += 2;
        } else if b[end] >= 0x80
            && let Some(c) = input[end..].chars().next()
            && c.is_alphabetic()
        {
            // `Société`, `L'Oréal`: letters beyond ASCII inside a word.
            end += c.len_utf8();
            wide = true;
        } else {
            break;
        }
    }
    let runs_into_number =
        matches!(b.get(end), Some(b',' | b'.')) && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    let chars = if wide {
        input[..end].chars().count()
    } else {
        end
    };
    (chars <= MAX_WORD_LEN && !runs_into_number).then_some(end)
}

/// `true` if a symbol may start at `text`: with a capital (or `^`/`.` and
/// a capital), or with a word of digits and letters that holds a letter
/// (`3M`, `10Y`); a bare number (`2024`) never starts one.
///
/// ```
/// use tickerline::grammar::starts_symbol;
/// assert!(starts_symbol(b"HBL 117.85") && starts_symbol(b"10Y 4.20") && starts_symbol(b"3M 101"));
/// assert!(starts_symbol(b"^IBEX 1") && starts_symbol(b".MSX30 1"));
/// assert!(starts_symbol(b"7203.T 3,354") && starts_symbol(b"10-Yr 4.40"));
/// assert!(!starts_symbol(b"2024 5") && !starts_symbol(b"hbl") && !starts_symbol(b"10.5Y"));
/// ```
pub fn starts_symbol(text: &[u8]) -> bool {
    match text.first() {
        Some(c) if c.is_ascii_uppercase() => true,
        Some(b'^' | b'.') => lead_len(text) == 1,
        Some(c) if c.is_ascii_digit() => {
            let digits = text.iter().take_while(|b| b.is_ascii_alphanumeric());
            digits.clone().any(u8::is_ascii_alphabetic)
                || matches!(
                    text.get(digits.count()..),
                    Some([b'.' | b'-', c, ..]) if c.is_ascii_uppercase()
                )
        }
        _ => false,
    }
}

/// Words that never start a symbol: the layout's own words (`Closed at`,
/// `Previous close`), headings' and prose's function words.
pub(crate) fn is_never_symbol(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "its",
        "in",
        "on",
        "at",
        "as",
        "by",
        "for",
        "from",
        "of",
        "to",
        "and",
        "or",
        "but",
        "so",
        "if",
        "while",
        "when",
        "after",
        "before",
        "meanwhile",
        "elsewhere",
        "also",
        "shares",
        "stocks",
        "closed",
        "opened",
        "close",
        "open",
        "previous",
        "prev",
        "change",
        "last",
        "price",
        "volume",
        "high",
        "low",
        "percentage",
        "top",
        "today",
        "yesterday",
    ];
    // In capitals a word is a ticker (`A`, `ON`, `LOW`), not prose.
    let caps = !word.bytes().any(|b| b.is_ascii_lowercase());
    (is_direction_word(word) && !(caps && word.len() > 2 && !word.eq_ignore_ascii_case("down")))
        || (!caps && WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)))
}

/// The ways a symbol can be read at the start of a text: after 1, 2, ... up
/// to [`MAX_WORDS`] words. The quote grammar tries the longest first.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SymbolReadings {
    ends: [usize; MAX_WORDS],
    count: usize,
}

impl SymbolReadings {
    /// Byte lengths of the possible symbols, longest first.
    pub(crate) fn longest_first(&self) -> impl Iterator<Item = usize> + '_ {
        self.ends[..self.count].iter().rev().copied()
    }
}

// symbol     = first-word { space1 word }  (* 1 to 4 words; no later word is a
//                                          currency or a direction word *)
// first-word = word                      (* starting with an upper, or a digit word holding a
//                                          letter; never a direction word, a layout word
//                                          (Closed, Previous) or a function word (The, In) *)
pub(crate) fn symbol_readings(input: &str) -> Result<SymbolReadings, Err<GrammarError<'_>>> {
    if !starts_symbol(input.as_bytes()) {
        return Err(Err::Error(GrammarError::expected(input, "a symbol")));
    }
    let (mut rest, first) = word(input)?;
    if is_never_symbol(first) {
        return Err(Err::Error(GrammarError::expected(input, "a symbol")));
    }
    let mut readings = SymbolReadings::default();
    readings.ends[0] = input.len() - rest.len();
    readings.count = 1;
    while readings.count < MAX_WORDS {
        let after_space = rest.trim_start_matches(is_space);
        if after_space.len() == rest.len() {
            break;
        }
        match word_len(after_space).map(|len| after_space.split_at(len)) {
            Some((w, next)) if !is_currency_word(w) && !is_direction_word(w) => {
                rest = next;
                readings.ends[readings.count] = input.len() - rest.len();
                readings.count += 1;
            }
            _ => break,
        }
    }
    Ok(readings)
}

/// The longest symbol at the start of `input`, whatever follows it.
///
/// The quote grammar ([`quote`](super::quote)) instead takes the longest
/// reading that still leaves a price and a move.
///
/// ```
/// use tickerline::grammar::symbol;
/// assert_eq!(symbol("Dow Jones 34,500.73"), Ok((" 34,500.73", "Dow Jones")));
/// assert_eq!(symbol("HBL PKR 117.85"), Ok((" PKR 117.85", "HBL")));
/// ```
pub fn symbol(input: &str) -> PResult<'_, &str> {
    let readings = symbol_readings(input)?;
    let len = readings.longest_first().next().unwrap_or(0);
    Ok((&input[len..], &input[..len]))
}
