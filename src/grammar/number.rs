//! Numbers, signs, percents and currencies.
//!
//! Every number is a [`Decimal`] from the first digit: the written scale is
//! kept (`80.60` stays `80.60`), thousands groups are dropped (`72,743` is
//! `72743`), and a number `rust_decimal` cannot hold is a grammar failure,
//! never a panic or a rounded float.

use nom::combinator::opt;
use nom::error::{ErrorKind, ParseError};
use nom::{Err, Parser};
use rust_decimal::Decimal;

use super::error::{GrammarError, PResult, labelled};
use super::space::space0;

/// A sign written in front of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Sign {
    /// `+`
    Plus,
    /// `-`, `−` (U+2212) or `–` (U+2013)
    Minus,
}

/// A number as written: its value (sign applied) and the sign, if one was written.
///
/// ```
/// use tickerline::grammar::{number, Sign};
/// let (_, n) = number("−1,235.20").unwrap();
/// assert_eq!(n.value.to_string(), "-1235.20");
/// assert_eq!(n.sign, Some(Sign::Minus));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The value, with the written sign applied and the written scale kept.
    pub value: Decimal,
    /// The sign as written, `None` for a bare number.
    pub sign: Option<Sign>,
}

/// A percent as written: the number and whether it stood in parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    /// The percentage (`1.07` for `1.07%`).
    pub number: Number,
    /// `true` for `(1.07%)`, `false` for `1.07%`.
    pub parenthesized: bool,
}

// sign = "+" | "-" | "−" | "–"
/// A written sign.
///
/// ```
/// use tickerline::grammar::{sign, Sign};
/// assert_eq!(sign("−0.08"), Ok(("0.08", Sign::Minus)));
/// assert_eq!(sign("+0.65%"), Ok(("0.65%", Sign::Plus)));
/// ```
pub fn sign(input: &str) -> PResult<'_, Sign> {
    // On the bytes: this runs before every number of every quote tried.
    match input.as_bytes() {
        [b'+', ..] => Ok((&input[1..], Sign::Plus)),
        [b'-', ..] => Ok((&input[1..], Sign::Minus)),
        // U+2212 MINUS SIGN and U+2013 EN DASH (a minus on many pages).
        [0xE2, 0x88, 0x92, ..] | [0xE2, 0x80, 0x93, ..] => Ok((&input[3..], Sign::Minus)),
        _ => Err(Err::Error(GrammarError::from_error_kind(
            input,
            ErrorKind::Char,
        ))),
    }
}

// unsigned = digits [ "." digit { digit } ]
// digits   = digit [ digit [ digit ] ] { "," digit digit digit } | digit { digit }
/// A number without a sign: digits with optional `,` thousands groups and
/// an optional fraction, as a [`Decimal`] with the written scale.
///
/// A `,` belongs to the number only when exactly three digits follow it, so
/// `72,743` is one number and `1,2` is the number `1` followed by `,2`.
///
/// ```
/// use tickerline::grammar::unsigned;
/// assert_eq!(unsigned("72,743 Increased").unwrap().1.to_string(), "72743");
/// assert_eq!(unsigned("80.60)").unwrap().1.to_string(), "80.60");
/// assert_eq!(unsigned("1,2").unwrap(), (",2", "1".parse().unwrap()));
/// assert!(unsigned("99999999999999999999999999999999").is_err()); // out of range
/// ```
pub fn unsigned(input: &str) -> PResult<'_, Decimal> {
    let b = input.as_bytes();
    let digit_at = |at: usize| b.get(at).filter(|c| c.is_ascii_digit());
    // One pass over the extent (leading digits, `,` groups, a fraction),
    // folding the digits into a u64 on the way: it holds any 19 digits,
    // and wraps harmlessly on more (those are redone below).
    let (mut end, mut m, mut digits) = (0, 0u64, 0usize);
    let mut fold = |c: u8, m: &mut u64| {
        *m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        digits += 1;
    };
    while let Some(&c) = digit_at(end) {
        fold(c, &mut m);
        end += 1;
    }
    if end == 0 {
        return Err(Err::Error(GrammarError::from_error_kind(
            input,
            ErrorKind::Digit,
        )));
    }
    if end <= 3 {
        // A group is `,` and exactly three digits.
        while let Some([b',', d1, d2, d3]) = b.get(end..end + 4)
            && [d1, d2, d3].iter().all(|c| c.is_ascii_digit())
            && digit_at(end + 4).is_none()
        {
            [*d1, *d2, *d3].into_iter().for_each(|c| fold(c, &mut m));
            end += 4;
        }
    }
    let mut scale = 0u32;
    if b.get(end) == Some(&b'.') && digit_at(end + 1).is_some() {
        end += 1;
        while let Some(&c) = digit_at(end) {
            fold(c, &mut m);
            end += 1;
            scale = scale.saturating_add(1);
        }
    }
    // More than 19 digits: again, in a u128 (29 digits always fit; more
    // are out of range anyway, like a mantissa beyond 96 bits or a scale
    // beyond 28).
    let mantissa = if digits <= 19 {
        Some(i128::from(m))
    } else if digits <= 29 {
        let written = b[..end].iter().filter(|c| c.is_ascii_digit());
        i128::try_from(written.fold(0u128, |m, c| m * 10 + u128::from(c - b'0'))).ok()
    } else {
        None
    };
    match mantissa.and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok()) {
        Some(v) => Ok((&input[end..], v)),
        None => Err(Err::Failure(GrammarError::expected(
            input,
            "a number within range (at most 28 digits)",
        ))),
    }
}

// number = [ sign ] unsigned
/// A number with an optional written sign.
///
/// ```
/// use tickerline::grammar::number;
/// assert_eq!(number("-0.08 (").unwrap().1.value.to_string(), "-0.08");
/// assert_eq!(number("7,626").unwrap().1.sign, None);
/// ```
pub fn number(input: &str) -> PResult<'_, Number> {
    let (rest, sign) = opt(sign).parse(input)?;
    let (rest, mut value) = unsigned(rest)?;
    if sign == Some(Sign::Minus) {
        value.set_sign_negative(true);
    }
    Ok((rest, Number { value, sign }))
}

// percent      = "(" space0 number percent-sign space0 ")" | number percent-sign
// percent-sign = space0 "%" | space1 ( "percent" | "per" space1 "cent" ) | [ space1 ] ( "pct" | "pc" )
//                                                   (* words in any case, whole words *)
/// A percentage, in parentheses or bare.
///
/// ```
/// use tickerline::grammar::percent;
/// let (_, p) = percent("(-1.31%)").unwrap();
/// assert_eq!(p.number.value.to_string(), "-1.31");
/// assert!(p.parenthesized);
/// assert_eq!(percent("-0.2 %").unwrap().1.number.value.to_string(), "-0.2");
/// assert!(percent("1.5").is_err());
/// ```
pub fn percent(input: &str) -> PResult<'_, Percent> {
    // Straight-line rather than combinators: this runs once or twice per
    // quote tried. Labels as `context` would give them.
    let inner = input.strip_prefix('(');
    let at = match inner {
        Some(inner) => space0(inner)?.0,
        None => input,
    };
    let (rest, number) = labelled("a percent", at, number(at))?;
    let expected = |at, what| {
        Err(Err::Error(GrammarError {
            input: at,
            kind: ErrorKind::Char,
            expected: Some(what),
        }))
    };
    let Some(rest) = percent_sign(rest) else {
        return expected(at, "a percent");
    };
    if inner.is_none() {
        return Ok((
            rest,
            Percent {
                number,
                parenthesized: false,
            },
        ));
    }
    let Some(after) = after_spaced(rest, b')') else {
        return expected(space0(rest)?.0, "')'");
    };
    Ok((
        after,
        Percent {
            number,
            parenthesized: true,
        },
    ))
}

/// The rest of `input` after a percent sign: `%` (spaces before it
/// allowed), or the words `percent`, `per cent`, `pct`, `pc` as whole
/// words (`-2.58pc`, `10 percent`).
///
/// ```
/// use tickerline::grammar::percent_sign;
/// assert_eq!(percent_sign(" %)"), Some(")"));
/// assert_eq!(percent_sign(" per cent."), Some("."));
/// assert_eq!(percent_sign("pc)"), Some(")"));
/// assert_eq!(percent_sign(" percentage"), None);
/// assert_eq!(percent_sign(" points"), None);
/// ```
pub fn percent_sign(input: &str) -> Option<&str> {
    if let Some(rest) = after_spaced(input, b'%') {
        return Some(rest);
    }
    let spaced = input.trim_start_matches(super::space::is_space);
    let b = spaced.as_bytes();
    if !matches!(b.first(), Some(b'p' | b'P')) {
        return None;
    }
    let had_space = spaced.len() < input.len();
    let word = |w: &str| keyword_len(spaced, w);
    let len = if had_space && let Some(n) = word("percent") {
        n
    } else if had_space && let Some(n) = word("per") {
        let after = &spaced[n..];
        let cent = after.trim_start_matches(super::space::is_space);
        if cent.len() == after.len() {
            return None;
        }
        n + (after.len() - cent.len()) + keyword_len(cent, "cent")?
    } else {
        word("pct").or_else(|| word("pc"))?
    };
    Some(&spaced[len..])
}

/// The length of `word` at the start of `text` (any ASCII case) if it is
/// a whole word there: no letter or digit follows.
pub(crate) fn keyword_len(text: &str, word: &str) -> Option<usize> {
    let head = text.as_bytes().get(..word.len())?;
    (head.eq_ignore_ascii_case(word.as_bytes())
        && !text[word.len()..].starts_with(char::is_alphanumeric))
    .then_some(word.len())
}

/// The rest of `input` after `space0` and the ASCII byte `c`, if `c` is
/// there.
fn after_spaced(input: &str, c: u8) -> Option<&str> {
    let (rest, _) = space0(input).ok()?;
    (rest.as_bytes().first() == Some(&c)).then(|| &rest[1..])
}

/// ISO 4217 codes accepted as a written currency before a price or change.
///
/// A fixed list rather than "any three capitals": `KSE 100` is an index name,
/// not the currency `KSE`.
pub const CURRENCY_CODES: &[&str] = &[
    "AED", "AUD", "BDT", "BHD", "BRL", "CAD", "CHF", "CNY", "DKK", "EGP", "EUR", "GBP", "HKD",
    "IDR", "INR", "JPY", "KES", "KRW", "KWD", "LKR", "MXN", "MYR", "NGN", "NOK", "NPR", "NZD",
    "OMR", "PHP", "PKR", "QAR", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "VND",
    "ZAR",
];

/// `true` if `word` is one of the [`CURRENCY_CODES`] or `Rs`.
///
/// ```
/// use tickerline::grammar::is_currency_word;
/// assert!(is_currency_word("PKR") && is_currency_word("Rs"));
/// assert!(!is_currency_word("KSE"));
/// ```
pub fn is_currency_word(word: &str) -> bool {
    is_currency_code(word.as_bytes())
}

/// [`is_currency_word`] on bytes (the prefilter asks it of the word before
/// every price candidate).
pub(crate) fn is_currency_code(word: &[u8]) -> bool {
    // Codes as integers: this runs at the word before every price
    // candidate, and a search over strings compares through `memcmp`.
    const KEYS: [u32; CURRENCY_CODES.len()] = {
        let mut keys = [0; CURRENCY_CODES.len()];
        let mut i = 0;
        while i < keys.len() {
            let [a, b, c] = *CURRENCY_CODES[i].as_bytes() else {
                panic!("currency codes have three letters")
            };
            keys[i] = u32::from_be_bytes([0, a, b, c]);
            i += 1;
        }
        keys
    };
    match *word {
        [b'R', b's'] => true,
        // Big-endian keys sort as the (sorted) codes do.
        [a, b, c] => KEYS
            .binary_search(&u32::from_be_bytes([0, a, b, c]))
            .is_ok(),
        _ => false,
    }
}

// currency = "US$" | "$" | "€" | "£" | "¥" | "₹" | "Rs." | "Rs" | iso-code
// iso-code = "USD" | "PKR" | "EUR" | "INR" | ...   (* CURRENCY_CODES, not followed by a letter *)
/// A currency written before a price or a change.
///
/// ```
/// use tickerline::grammar::currency;
/// assert_eq!(currency("Rs.117.85"), Ok(("117.85", "Rs.")));
/// assert_eq!(currency("PKR 117.85"), Ok((" 117.85", "PKR")));
/// assert!(currency("Rsx").is_err());
/// ```
pub fn currency(input: &str) -> PResult<'_, &str> {
    // Dispatch on the first byte: this runs before every number of every
    // quote tried, where a digit or a sign is the usual byte.
    let symbol = match input.as_bytes().first() {
        None | Some(b'0'..=b'9' | b'+' | b'-') => {
            return Err(Err::Error(GrammarError::from_error_kind(
                input,
                ErrorKind::Tag,
            )));
        }
        Some(b'$') => "$",
        Some(b'U') if input.starts_with("US$") => "US$",
        Some(b'R') if input.starts_with("Rs.") => "Rs.",
        Some(0xC2 | 0xE2) => ["€", "£", "¥", "₹"]
            .into_iter()
            .find(|s| input.starts_with(s))
            .unwrap_or(""),
        _ => "",
    };
    if !symbol.is_empty() {
        return Ok((&input[symbol.len()..], symbol));
    }
    let letters = input
        .bytes()
        .take(4)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let word = &input[..letters];
    if is_currency_word(word) {
        Ok((&input[letters..], word))
    } else {
        Err(Err::Error(GrammarError::from_error_kind(
            input,
            ErrorKind::Tag,
        )))
    }
}

// number-word = "one" | "two" | ... | "twelve" | "fifteen" | "twenty" | "thirty" | "forty" | "fifty"
//                                                   (* any case, a whole word *)
/// A small number written as a word (`down three points`), unsigned.
///
/// ```
/// use tickerline::grammar::number_word;
/// assert_eq!(number_word("three points").unwrap().1.value.to_string(), "3");
/// assert!(number_word("threes").is_err());
/// ```
pub fn number_word(input: &str) -> PResult<'_, Number> {
    const WORDS: [(&str, i64); 17] = [
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("fifteen", 15),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
    ];
    WORDS
        .iter()
        .find_map(|&(w, n)| {
            keyword_len(input, w).map(|len| {
                (
                    &input[len..],
                    Number {
                        value: Decimal::from(n),
                        sign: None,
                    },
                )
            })
        })
        .ok_or_else(|| Err::Error(GrammarError::expected(input, "a number")))
}

// multiplier = "k" | "K"                     (* glued to the number, a whole word *)
/// `value` times a thousand if `input` starts with a `k` multiplier glued
/// to the number (`$1.6k`), with the rest after it; the scale shrinks by
/// three places where it can (`1.6k` is `1600`, `1.6255k` is `1625.5`).
///
/// ```
/// use tickerline::grammar::multiplied;
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(multiplied("k+0.3%", d("1.6")), Some(("+0.3%", d("1600"))));
/// assert_eq!(multiplied("km", d("1.6")), None);
/// ```
pub fn multiplied(input: &str, value: Decimal) -> Option<(&str, Decimal)> {
    let rest = input.strip_prefix(['k', 'K'])?;
    if rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    let scaled = value.checked_mul(Decimal::from(1000))?;
    let mut v = scaled;
    v.rescale(value.scale().saturating_sub(3));
    Some((rest, if v == scaled { v } else { scaled }))
}

/// The line with its decimal commas turned into points (and its `.`
/// thousands groups into `,`), if it writes numbers that way throughout:
/// `DAX 18.369,00 ▼ -125,00 (-0,68%)` reads as `DAX 18,369.00 ▼ -125.00
/// (-0.68%)`. A line needs two numbers that only a decimal comma explains
/// (`125,00`, `18.369,00`) and none that only a decimal point explains
/// (`4,500.21`, `0.5`); otherwise `None`. Only separators between digits
/// change, so every byte keeps its place.
///
/// ```
/// use tickerline::grammar::decimal_commas;
/// assert_eq!(decimal_commas("DAX 18.369,00 ▼ -125,00 (-0,68%)").as_deref(),
///            Some("DAX 18,369.00 ▼ -125.00 (-0.68%)"));
/// assert_eq!(decimal_commas("HBL 1,117.85 ▼ -0.08 (-0.07%)"), None);
/// assert_eq!(decimal_commas("In 2016, 9,827 people came"), None);
/// ```
pub fn decimal_commas(line: &str) -> Option<String> {
    let b = line.as_bytes();
    // Cheap first: a decimal comma has one or two digits after it and no
    // third one (`125,00`), on both sides of it digits.
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    memchr::memchr_iter(b',', b)
        .find(|&k| k > 0 && digit(k - 1) && digit(k + 1) && !(digit(k + 2) && digit(k + 3)))?;
    let (mut comma, mut point) = (0, false);
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && matches!(b[i], b'0'..=b'9' | b'.' | b',') {
            i += 1;
        }
        let token = line[start..i].trim_end_matches(['.', ',']);
        match separators(token) {
            Some(DecimalMark::Comma) => comma += 1,
            Some(DecimalMark::Point) => point = true,
            None => {}
        }
    }
    // Two numbers at least: one `1,23` alone is a number cut short.
    if comma < 2 || point {
        return None;
    }
    let mut out = line.as_bytes().to_vec();
    for k in 1..out.len().saturating_sub(1) {
        if b[k - 1].is_ascii_digit() && b[k + 1].is_ascii_digit() {
            out[k] = match b[k] {
                b',' => b'.',
                b'.' => b',',
                other => other,
            };
        }
    }
    // Only ASCII bytes between ASCII digits changed.
    String::from_utf8(out).ok()
}

/// Which decimal mark a number token (digits, `.` and `,`) can only have
/// been written with, if its shape tells.
enum DecimalMark {
    Comma,
    Point,
}

fn separators(token: &str) -> Option<DecimalMark> {
    let groups: Vec<&str> = token.split(['.', ',']).collect();
    let marks: Vec<u8> = token.bytes().filter(|b| matches!(b, b'.' | b',')).collect();
    let last = *marks.last()?;
    let tail = groups.last()?.len();
    let first = groups.first()?.len();
    let inner_three = groups[1..groups.len() - 1].iter().all(|g| g.len() == 3);
    let mixed = marks.iter().any(|&m| m != last);
    if mixed {
        // `18.369,00` or `4,500.21`: the last mark is the decimal one.
        let grouped =
            first <= 3 && inner_three && marks[..marks.len() - 1].iter().all(|&m| m != last);
        return grouped.then_some(if last == b',' {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        });
    }
    if marks.len() == 1 && tail != 3 {
        // `125,00` or `0.5`: one mark and not a group of three.
        return Some(if last == b',' {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn keeps_written_scale() {
        assert_eq!(unsigned("80.60").unwrap().1.to_string(), "80.60");
        assert_eq!(unsigned("0.00").unwrap().1.to_string(), "0.00");
    }

    #[test]
    fn thousands_groups_need_three_digits() {
        assert_eq!(unsigned("1,235.20").unwrap(), ("", dec("1235.20")));
        assert_eq!(unsigned("1234,567").unwrap(), (",567", dec("1234")));
        assert_eq!(unsigned("1,23").unwrap(), (",23", dec("1")));
        assert_eq!(unsigned("1,2345").unwrap(), (",2345", dec("1")));
        assert_eq!(unsigned("1,266,826").unwrap(), ("", dec("1266826")));
    }

    #[test]
    fn fraction_needs_a_digit() {
        assert_eq!(unsigned("72.").unwrap(), (".", dec("72")));
    }

    #[test]
    fn out_of_range_is_a_failure_not_a_panic() {
        assert!(matches!(unsigned(&"9".repeat(40)), Err(Err::Failure(_))));
        assert!(matches!(
            unsigned(&format!("0.{}", "1".repeat(29))),
            Err(Err::Failure(_))
        ));
        assert!(unsigned(&"9".repeat(28)).is_ok());
    }

    #[test]
    fn currency_codes_are_sorted_for_binary_search() {
        assert!(CURRENCY_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(CURRENCY_CODES.iter().all(|c| is_currency_word(c)));
    }

    #[test]
    fn unicode_minus() {
        assert_eq!(number("\u{2212}0.35").unwrap().1.value, dec("-0.35"));
    }
}
