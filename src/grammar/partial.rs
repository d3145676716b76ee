//! The `partial` layout: a move with no price on the page
//! (`Britannia (up 0.66%)`, `Dr Lal PathLabs: -2.19 per cent`,
//! `Pak Suzuki Motor Company (PSMC -2.58pc)`, `(KFH.KW) gained 1.1%`).

use nom::Err;

use super::direction::{Direction, direction_words};
use super::error::{GrammarError, PResult};
use super::layout::Layout;
use super::number::{Number, Percent, Sign, keyword_len, number, percent_sign, sign, unsigned};
use super::quote::{Move, QuoteSyntax, Token, ends_cleanly, span};
use super::space::{is_space, space0, space1};

fn fail<'a, T>(input: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(Err::Error(GrammarError::expected(input, what)))
}

// code = [ "." | "^" ] ( upper | digit ) { upper | digit | "." | "-" | "=" | "&" }
//                                 (* at most 12 bytes, a capital in it, no lower case *)
/// The length of a ticker code at the start of `text` (`KFH.KW`, `.KWSE`,
/// `1234.SE`, `PSMC`), if one is there and ends its word.
///
/// ```
/// use tickerline::grammar::code_len;
/// assert_eq!(code_len("KFH.KW) rose"), Some(6));
/// assert_eq!(code_len(".KWSE)"), Some(5));
/// assert_eq!(code_len("Kuwait"), None);
/// assert_eq!(code_len("2020)"), None);
/// assert_eq!(code_len("1120.SE)"), Some(7));
/// assert_eq!(code_len("0.07A1 "), None);
/// ```
pub fn code_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let lead = usize::from(matches!(b.first(), Some(b'.' | b'^')));
    let mut end = lead;
    while end < b.len()
        && (b[end].is_ascii_uppercase()
            || b[end].is_ascii_digit()
            || (end > lead
                && matches!(b[end], b'.' | b'-' | b'=' | b'&')
                && b.get(end + 1)
                    .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())))
    {
        end += 1;
    }
    let code = &b[lead..end];
    // Led by digits, only an exchange suffix makes a code (`1120.SE`,
    // `7203.T`): `0.07A1` is a garbled number.
    let digits = code.iter().take_while(|c| c.is_ascii_digit()).count();
    let suffixed = digits == 0
        || (code.get(digits) == Some(&b'.')
            && code[digits + 1..].iter().all(u8::is_ascii_uppercase)
            && digits + 1 < code.len());
    let ok = !code.is_empty()
        && suffixed
        && end <= 12
        && code.iter().any(u8::is_ascii_uppercase)
        && !text[end..].starts_with(|c: char| c.is_alphanumeric());
    ok.then_some(end)
}

/// `(CODE)`, spaces allowed inside: the code and the rest after `)`.
pub(crate) fn paren_code(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('(')?;
    let at = inner.trim_start_matches(is_space);
    let n = code_len(at)?;
    let after = at[n..].trim_start_matches(is_space).strip_prefix(')')?;
    Some((&at[..n], after))
}

/// `true` for a character of a name word in a script without case
/// (Devanagari, Bengali...; their vowel signs and viramas included) or a
/// letter beyond ASCII.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
        || ('\u{0900}'..='\u{0DFF}').contains(&c)
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Words that join list items, never a name's.
fn is_joiner(word: &str) -> bool {
    matches!(word, "and" | "or" | "और" | "तथा" | "एवं" | "व")
}

// name      = name-word { space1 name-word }          (* at most 5 words; or a symbol *)
// name-word = word | other-script-word                (* no joiner: "and", "और" *)
/// The length of a name at the start of `input` that starts with a letter
/// of a script beyond ASCII (`हैवेल्स इंडिया`, `LIC हाउसिंग` after its
/// first word).
fn name_len(input: &str) -> Option<usize> {
    let mut end = 0;
    let mut words = 0;
    let mut rest = input;
    while words < 5 {
        let wlen = if rest.starts_with(|c: char| !c.is_ascii()) {
            rest.char_indices()
                .find(|&(_, c)| !is_name_char(c))
                .map_or(rest.len(), |(i, _)| i)
        } else {
            super::symbol::word_len(rest).unwrap_or(0)
        };
        if wlen == 0 || is_joiner(&rest[..wlen]) {
            break;
        }
        words += 1;
        end = input.len() - rest.len() + wlen;
        let after = &rest[wlen..];
        let spaced = after.trim_start_matches(is_space);
        if spaced.len() == after.len() {
            break;
        }
        rest = spaced;
    }
    (words > 0).then_some(end)
}

/// Words of a field label, never a partial quote's name
/// (`Percentage Day Change: 0.014%`).
fn is_label_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "change",
        "percentage",
        "volume",
        "value",
        "cap",
        "deals",
        "turnover",
        "ratio",
        "yield",
        "rate",
        "growth",
        "inflation",
        "unemployment",
        "return",
        "returns",
        "margin",
        "profit",
        "revenue",
        "sales",
        "earnings",
        "share",
        "weight",
        "stake",
        "range",
    ];
    // A period is no instrument either: `Q3 (up 5%)`, `H1`, `FY24`.
    let period = |w: &str| {
        let b = w.as_bytes();
        matches!(b, [b'Q', b'1'..=b'4'] | [b'H', b'1' | b'2'])
            || (b.starts_with(b"FY") && b.len() <= 6 && b[2..].iter().all(u8::is_ascii_digit))
    };
    name.split(is_space)
        .any(|w| period(w) || WORDS.iter().any(|l| l.eq_ignore_ascii_case(w)))
}

// partial = partial-colon | partial-paren | partial-verb | paren-code partial-verb-tail
/// A partial quote at the start of `input` whose name is in another
/// script, or that starts with a code in parentheses.
pub(crate) fn partial(input: &str) -> PResult<'_, QuoteSyntax<'_>> {
    if let Some(inner) = input.strip_prefix('(') {
        let (code, after) =
            paren_code(input).ok_or_else(|| Err::Error(GrammarError::expected(input, "a code")))?;
        let start = input.len() - inner.trim_start_matches(is_space).len();
        return verb_tail(
            input,
            input.len() - after.len(),
            &input[start..start + code.len()],
        );
    }
    let len = name_len(input).ok_or_else(|| Err::Error(GrammarError::expected(input, "a name")))?;
    let rest = input[len..].trim_start_matches(is_space);
    match rest.as_bytes().first() {
        Some(b':') => partial_colon(input, len),
        Some(b'(') => partial_paren(input, len),
        _ => partial_verb(input, len),
    }
}

// partial-colon = name ":" space0 [ direction-words space1 ] percent
/// `Dr Lal PathLabs: -2.19 per cent`.
pub(crate) fn partial_colon(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let name = &input[..len];
    let Some(after) = input[len..].strip_prefix(':') else {
        return fail(&input[len..], "':'");
    };
    let (at, _) = space0(after)?;
    let mut m = Move::default();
    let (rest, ()) = partial_move(input, at, &mut m, false)?;
    finish(input, name, m, rest)
}

// partial-paren = name space0 "(" space0 [ code space1 ] [ direction-words space1 ] number
//                 percent-sign [ space1 direction-words ] space0 ")"
//               | name space0 paren-code partial-verb-tail
// paren-code    = "(" space0 code space0 ")"
/// `Britannia (up 0.66%)`, `ब्रिटानिया (2.46%)`, `Pak Suzuki Motor Company
/// (PSMC -2.58pc)`, `Kuwait Finance House (KFH.KW) gained 1.1%`.
pub(crate) fn partial_paren(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let name = &input[..len];
    let at = input[len..].trim_start_matches(is_space);
    if let Some((code, after)) = paren_code(at) {
        let code_at = input.len() - at[1..].trim_start_matches(is_space).len();
        return verb_tail(
            input,
            input.len() - after.len(),
            &input[code_at..code_at + code.len()],
        );
    }
    let Some(inner) = at.strip_prefix('(') else {
        return fail(at, "'('");
    };
    let (mut inner, _) = space0(inner)?;
    let mut symbol = name;
    if let Some(n) = code_len(inner)
        && let Ok((after, _)) = space1(&inner[n..])
    {
        let start = input.len() - inner.len();
        symbol = &input[start..start + n];
        inner = after;
    }
    let mut m = Move::default();
    let (rest, ()) = partial_move(input, inner, &mut m, true)?;
    let Some(rest) = space0(rest)?.0.strip_prefix(')') else {
        return fail(rest, "')'");
    };
    finish(input, symbol, m, rest)
}

// partial-verb      = name partial-verb-tail
// partial-verb-tail = space1 ( ( direction-words space1 | arrow space0 ) percent
//                             | neutral-verb space1 percent space1 ( "lower" | "higher" ) )
// neutral-verb      = "traded" | "was" | "closed" | "ended" | "finished" | "stood" | "is"
/// `Nifty 50 up 0.5%`; `(.KWSE) rose 0.4%`; `(XYZ.KW) traded 0.5% lower`.
pub(crate) fn partial_verb(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    verb_tail(input, len, &input[..len])
}

/// The verb and percent after `input[..at]`, for the quote of `symbol`.
fn verb_tail<'a>(input: &'a str, at: usize, symbol: &'a str) -> PResult<'a, QuoteSyntax<'a>> {
    let (verb_at, _) = space1(&input[at..])?;
    let mut m = Move::default();
    let rest = match direction_words(verb_at) {
        Ok((after, value)) if value != Direction::Unchanged => {
            m.words = Some(Token {
                value,
                span: span(input, verb_at, after),
            });
            let (pct_at, _) = space1(after)?;
            let (rest, ()) = partial_move(input, pct_at, &mut m, true)?;
            rest
        }
        _ if super::direction::arrow(verb_at).is_ok() => {
            // `Sensex 30 ▲ 0.5%`: an arrow instead of a verb.
            let (rest, ()) = partial_move(input, verb_at, &mut m, false)?;
            rest
        }
        _ => {
            // A verb that states no direction, and `lower`/`higher` after.
            let n = [
                "traded", "was", "closed", "ended", "finished", "stood", "is",
            ]
            .iter()
            .find_map(|w| keyword_len(verb_at, w))
            .ok_or_else(|| Err::Error(GrammarError::expected(verb_at, "direction words")))?;
            let (pct_at, _) = space1(&verb_at[n..])?;
            let (rest, ()) = partial_move(input, pct_at, &mut m, true)?;
            if m.words.is_none() {
                return fail(rest, "'lower' or 'higher'");
            }
            rest
        }
    };
    finish(input, symbol, m, rest)
}

/// `[ direction-words space1 ] [ sign space1 ] number percent-sign
/// [ space1 direction-words ]` into `m`, spans from `base`.
fn partial_move<'a>(
    base: &'a str,
    input: &'a str,
    m: &mut Move<'a>,
    trailing_words: bool,
) -> PResult<'a, ()> {
    let mut at = input;
    if m.words.is_none()
        && let Ok((after, value)) = direction_words(at)
        && value != Direction::Unchanged
    {
        m.words = Some(Token {
            value,
            span: span(base, at, after),
        });
        at = space1(after)?.0;
    }
    if let Ok((after, value)) = super::direction::arrow(at) {
        m.arrow = Some(Token {
            value,
            span: span(base, at, after),
        });
        at = space0(after)?.0;
    }
    let spaced = sign(at).ok().and_then(|(after, s)| {
        let (num, _) = space1(after).ok()?;
        (m.words.is_some() && num.starts_with(|c: char| c.is_ascii_digit())).then_some((num, s))
    });
    let (after, n) = match spaced {
        Some((num, s)) => {
            let (rest, mut value) = unsigned(num)?;
            if s == Sign::Minus {
                value.set_sign_negative(true);
            }
            (
                rest,
                Number {
                    value,
                    sign: Some(s),
                },
            )
        }
        None => number(at)?,
    };
    let Some(mut rest) = percent_sign(after) else {
        return fail(after, "a percent");
    };
    m.percent = Some(Token {
        value: Percent {
            number: n,
            parenthesized: false,
        },
        span: span(base, at, rest),
    });
    if trailing_words
        && m.words.is_none()
        && let Ok((word_at, _)) = space1(rest)
        && let Ok((after, value)) = direction_words(word_at)
        && value != Direction::Unchanged
    {
        m.words = Some(Token {
            value,
            span: span(base, word_at, after),
        });
        rest = after;
    }
    Ok((rest, ()))
}

/// The partial quote from the start of `input` to `rest`.
fn finish<'a>(
    input: &'a str,
    symbol: &'a str,
    movement: Move<'a>,
    rest: &'a str,
) -> PResult<'a, QuoteSyntax<'a>> {
    let symbol = symbol.trim_end_matches(is_space);
    if symbol.is_empty() || is_label_name(symbol) {
        return fail(input, "a name");
    }
    if !ends_cleanly(rest) && !rest.starts_with(|c: char| !c.is_ascii_alphanumeric()) {
        return fail(rest, "the end of the quote");
    }
    let end = input.len() - rest.len();
    Ok((
        rest,
        QuoteSyntax {
            text: &input[..end],
            layout: Layout::Partial,
            symbol,
            price: None,
            movement,
        },
    ))
}
