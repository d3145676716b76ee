//! The pieces of the layouts that state a move in words and then a level:
//! levels with their currency or unit (`N3.40`, `$917.35/oz`, `3,412p`,
//! `3,912 points`), changes in pence or in words (`86p`, `three points`),
//! and signs standing apart from their number (`down – 8.11%`).

use nom::Err;

use super::direction::direction_words;
use super::error::{GrammarError, PResult};
use super::number::{
    Number, Percent, Sign, currency, keyword_len, number_word, percent_sign, sign, unsigned,
};
use super::quote::{Amount, Move, Token, amount, points, span};
use super::space::{is_space, space0, space1};

fn fail<'a, T>(input: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(Err::Error(GrammarError::expected(input, what)))
}

// level = [ currency | "N" | "₦" ] space0 unsigned [ multiplier ] [ "p" ]
/// A level or a close: an unsigned number with an optional currency
/// before it (`N` and `₦` for naira) or `p` (pence) glued after it.
///
/// ```
/// use tickerline::grammar::level;
/// let (rest, a) = level("N3.40 kobo").unwrap();
/// assert_eq!((rest, a.currency, a.number.value.to_string().as_str()), (" kobo", Some("N"), "3.40"));
/// let (_, a) = level("3,412p,").unwrap();
/// assert_eq!((a.currency, a.number.value.to_string().as_str()), (Some("p"), "3412"));
/// assert!(level("-3.40").is_err());
/// ```
pub fn level(input: &str) -> PResult<'_, Amount<'_>> {
    let (rest, prefix) = match naira(input) {
        Some(rest) => (rest, Some(&input[..input.len() - rest.len()])),
        None => match currency(input) {
            Ok((rest, c)) => (space0(rest)?.0, Some(c)),
            Err(_) => (input, None),
        },
    };
    let (rest, value) = unsigned(rest)?;
    let (rest, value) = super::number::multiplied(rest, value).unwrap_or((rest, value));
    let (rest, suffix) = pence(rest);
    Ok((
        rest,
        Amount {
            currency: prefix.or(suffix),
            number: Number { value, sign: None },
        },
    ))
}

/// The rest after `N` or `₦` glued to a digit (`N12.10`).
fn naira(input: &str) -> Option<&str> {
    let rest = input
        .strip_prefix('N')
        .or_else(|| input.strip_prefix('₦'))?;
    rest.starts_with(|c: char| c.is_ascii_digit())
        .then_some(rest)
}

/// A `p` (pence) glued to a number and ending the word: `86p`.
fn pence(input: &str) -> (&str, Option<&str>) {
    match input.strip_prefix('p') {
        Some(rest) if !rest.starts_with(char::is_alphanumeric) => (rest, Some(&input[..1])),
        _ => (input, None),
    }
}

// level-unit = space1 ( "points" | "pts" | "kobo" ) | "/" letter { letter }
/// The rest after the unit a level may carry (`3,912 points`,
/// `$917.35/oz`, `N12.10 kobo`), or `input` itself.
pub(crate) fn level_unit(input: &str) -> &str {
    if let Some(per) = input.strip_prefix('/') {
        let letters = per.bytes().take_while(u8::is_ascii_alphabetic).count();
        if (1..=5).contains(&letters) && !per[letters..].starts_with(char::is_alphanumeric) {
            return &per[letters..];
        }
        return input;
    }
    let spaced = input.trim_start_matches(is_space);
    if spaced.len() == input.len() {
        return input;
    }
    if let Some(after) = points(spaced) {
        // `points` eats the spaces after it; give them back.
        let word = spaced.len() - after.len();
        let unit = spaced[..word].trim_end_matches(is_space);
        return &spaced[unit.len()..];
    }
    match keyword_len(spaced, "kobo") {
        Some(n) => &spaced[n..],
        None => input,
    }
}

// level-move   = [ direction-words space1 ] [ sign space1 ] ( number percent-sign | change
//                [ space1 points ] [ space1 "or" space1 [ sign space1 ] number percent-sign ] )
//              | ( "flat" | "unchanged" | "steady" )
// change       = amount [ "p" ] | number-word
/// The move of a `move-level` or `labelled` quote, into `m` with spans from
/// the start of `base`: words (or a written sign), then a percent or a
/// change (with `points`, then `or` and a percent). Unchanged words need
/// no number (`flat at $917.35/oz`).
pub(crate) fn level_move<'a>(base: &'a str, input: &'a str, m: &mut Move<'a>) -> PResult<'a, ()> {
    let mut rest = input;
    if let Ok((after, value)) = direction_words(rest) {
        m.words = Some(Token {
            value,
            span: span(base, rest, after),
        });
        if value == super::Direction::Unchanged {
            return Ok((after, ()));
        }
        rest = space1(after)?.0;
    }
    let (after, (amount, is_percent)) = signed_amount(rest, m.words.is_some())?;
    if is_percent {
        m.percent = Some(Token {
            value: Percent {
                number: amount.number,
                parenthesized: false,
            },
            span: span(base, rest, after),
        });
        return Ok((after, ()));
    }
    m.change = Some(Token {
        value: amount,
        span: span(base, rest, after),
    });
    rest = after;
    if let Some(spaced) = space1(rest).ok().map(|(s, _)| s)
        && let Some(after_unit) = points(spaced)
    {
        // `points` ate the spaces after it.
        let unit = &spaced[..spaced.len() - after_unit.len()];
        rest = &spaced[unit.trim_end_matches(is_space).len()..];
    }
    // `... points or -1.09%`
    if let Ok((spaced, _)) = space1(rest)
        && let Some(n) = keyword_len(spaced, "or")
        && let Ok((at, _)) = space1(&spaced[n..])
        && let Ok((after, (value, true))) = signed_amount(at, true)
    {
        m.percent = Some(Token {
            value: Percent {
                number: value.number,
                parenthesized: false,
            },
            span: span(base, at, after),
        });
        rest = after;
    }
    Ok((rest, ()))
}

/// A change or a percent after direction words: a number (its sign glued
/// or, after words, standing apart: `– 8.11%`, `+ 7.35%`), a pence amount
/// (`86p`), or a number word (`three`); `true` with it if it is a percent.
fn signed_amount(input: &str, after_words: bool) -> PResult<'_, (Amount<'_>, bool)> {
    if let Ok((rest, n)) = number_word(input) {
        return Ok((
            rest,
            (
                Amount {
                    currency: None,
                    number: n,
                },
                false,
            ),
        ));
    }
    // A sign standing apart from its number, only after words.
    let spaced_sign = sign(input).ok().and_then(|(after, s)| {
        let (num, _) = space1(after).ok()?;
        (after_words && num.starts_with(|c: char| c.is_ascii_digit())).then_some((num, s))
    });
    let (rest, mut a) = match spaced_sign {
        Some((num, s)) => {
            let (rest, mut value) = unsigned(num)?;
            if s == Sign::Minus {
                value.set_sign_negative(true);
            }
            (
                rest,
                Amount {
                    currency: None,
                    number: Number {
                        value,
                        sign: Some(s),
                    },
                },
            )
        }
        None => amount(input)?,
    };
    if !after_words && a.number.sign.is_none() {
        return fail(input, "direction words or a sign");
    }
    if a.currency.is_none()
        && let Some(after) = percent_sign(rest)
    {
        return Ok((after, (a, true)));
    }
    let (rest, pence) = pence(rest);
    if a.currency.is_none() {
        a.currency = pence;
    }
    Ok((rest, (a, false)))
}

/// The quote of a layout with a level, from the start of `input` to
/// `rest` (which must end it cleanly): the symbol, the level read from
/// `level_at` to `after`, and the move.
pub(crate) fn with_level<'a>(
    input: &'a str,
    layout: super::Layout,
    symbol: &'a str,
    (level_at, after, price): (&'a str, &'a str, Amount<'a>),
    movement: Move<'a>,
    rest: &'a str,
) -> PResult<'a, super::QuoteSyntax<'a>> {
    if !super::quote::ends_cleanly(rest) {
        return fail(rest, "the end of the quote");
    }
    let end = input.len() - rest.len();
    Ok((
        rest,
        super::QuoteSyntax {
            text: &input[..end],
            layout,
            symbol: symbol.trim_end_matches(is_space),
            price: Some(Token {
                value: price,
                span: span(input, level_at, after),
            }),
            movement,
        },
    ))
}

// level-link = "to" space1 "close" space1 "at" | "to" | "at"
/// The rest after the words that lead to the level, with the spaces after
/// them.
pub(crate) fn level_link(input: &str) -> Option<&str> {
    let word = |text: &'_ str, w: &str| -> Option<usize> {
        let n = keyword_len(text, w)?;
        let after = &text[n..];
        let spaced = after.trim_start_matches(is_space);
        (spaced.len() < after.len()).then_some(text.len() - spaced.len())
    };
    if let Some(n) = word(input, "to") {
        let rest = &input[n..];
        if let Some(c) = word(rest, "close")
            && let Some(a) = word(&rest[c..], "at")
        {
            return Some(&rest[c + a..]);
        }
        return Some(rest);
    }
    word(input, "at").map(|n| &input[n..])
}
