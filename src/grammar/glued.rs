//! The `glued` layout: values run together as text extraction leaves a
//! strip (`Wilshire 5000. 41738.612+0.42%.`, `ltc$71.35-1.8%`).

use nom::Err;

use super::error::{GrammarError, PResult};
use super::layout::Layout;
use super::number::{Number, Percent, currency, multiplied, percent_sign, sign, unsigned};
use super::quote::{Amount, Move, QuoteSyntax, Token, span};
use super::space::space1;

fn fail<'a, T>(input: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(Err::Error(GrammarError::expected(input, what)))
}

// glued       = symbol [ "." space1 ] glued-value
//             | lower-symbol currency glued-value
// glued-value = [ currency ] unsigned [ multiplier ] sign unsigned percent-sign
/// A `glued` quote whose symbol is `input[..len]`: a full stop and a space,
/// or a currency glued on, then the value glued to a signed percent.
///
/// ```
/// use tickerline::grammar::quote;
/// let (_, q) = quote("Wilshire 5000. 41738.612+0.42%. VIX.").unwrap();
/// assert_eq!(q.symbol, "Wilshire 5000");
/// assert_eq!(q.movement.percent.unwrap().value.number.value.to_string(), "0.42");
/// ```
pub(crate) fn glued(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let rest = &input[len..];
    let value_at = match rest.strip_prefix('.') {
        Some(after) => space1(after)?.0,
        None => rest,
    };
    glued_value(input, len, value_at)
}

// lower-symbol = lower lower { lower }                 (* at most 8 letters *)
/// A glued quote with a lower-case symbol and a currency glued on
/// (`mkr$1.6k+0.3%`): crypto strips.
///
/// ```
/// use tickerline::grammar::glued_lower;
/// let (rest, q) = glued_lower("mkr$1.6k+0.3%ltc$71.35-1.8%").unwrap();
/// assert_eq!((q.symbol, rest), ("mkr", "ltc$71.35-1.8%"));
/// assert_eq!(q.price.unwrap().value.number.value.to_string(), "1600");
/// assert!(glued_lower("price$5").is_err());
/// ```
pub fn glued_lower(input: &str) -> PResult<'_, QuoteSyntax<'_>> {
    let len = input.bytes().take_while(u8::is_ascii_lowercase).count();
    if !(2..=8).contains(&len) {
        return fail(input, "a symbol");
    }
    if currency(&input[len..]).is_err() {
        return fail(&input[len..], "a currency");
    }
    glued_value(input, len, &input[len..])
}

/// The glued value and percent at `at`, for the symbol `input[..len]`.
fn glued_value<'a>(input: &'a str, len: usize, at: &'a str) -> PResult<'a, QuoteSyntax<'a>> {
    let (num_at, cur) = match currency(at) {
        Ok((rest, c)) => (rest, Some(c)),
        Err(_) => (at, None),
    };
    let (after, value) = unsigned(num_at)?;
    let (after, value) = multiplied(after, value).unwrap_or((after, value));
    // The sign is the only separator: none, no glued percent.
    let (num, s) = sign(after).map_err(|_| Err::Error(GrammarError::expected(after, "a sign")))?;
    let (rest, mut pct) = unsigned(num)?;
    if s == super::Sign::Minus {
        pct.set_sign_negative(true);
    }
    let Some(rest) = percent_sign(rest) else {
        return fail(rest, "a percent");
    };
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return fail(rest, "the end of the quote");
    }
    let end = input.len() - rest.len();
    let movement = Move {
        percent: Some(Token {
            value: Percent {
                number: Number {
                    value: pct,
                    sign: Some(s),
                },
                parenthesized: false,
            },
            span: span(input, after, rest),
        }),
        ..Move::default()
    };
    Ok((
        rest,
        QuoteSyntax {
            text: &input[..end],
            layout: Layout::Glued,
            symbol: &input[..len],
            price: Some(Token {
                value: Amount {
                    currency: cur,
                    number: Number { value, sign: None },
                },
                span: span(input, at, after),
            }),
            movement,
        },
    ))
}
