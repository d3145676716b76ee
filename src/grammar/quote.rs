//! The quote production: `SYMBOL PRICE MOVE`, every token kept with its span.

use std::ops::Range;

use nom::Err;
use nom::Parser;
use nom::character::complete::char;
use nom::combinator::opt;
use nom::error::context;

use super::direction::{Direction, arrow, direction_words};
use super::error::{GrammarError, PResult, labelled};
use super::number::{Number, Percent, Sign, currency, number, percent, unsigned};
use super::space::{is_space, space0, space1};
use super::symbol::symbol_readings;

/// A token of a quote with its byte span, relative to the start of the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<T> {
    /// What the token means.
    pub value: T,
    /// Where it stands, in bytes from the start of the quote text.
    pub span: Range<usize>,
}

/// A number with the currency written before it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount<'a> {
    /// `$`, `Rs`, `PKR`... as written.
    pub currency: Option<&'a str>,
    /// The number.
    pub number: Number,
}

/// The move of a quote: direction words, arrow, change and percent as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Move<'a> {
    /// `Increased By`, `Down`, `No Change`...
    pub words: Option<Token<Direction>>,
    /// `▲`, `▼`...
    pub arrow: Option<Token<Direction>>,
    /// The absolute change.
    pub change: Option<Token<Amount<'a>>>,
    /// An arrow between the change and the percent (`▲ 1,235.40 ▲ 1.92%`).
    pub percent_arrow: Option<Token<Direction>>,
    /// The percent change.
    pub percent: Option<Token<Percent>>,
}

impl Move<'_> {
    /// `true` if the move carries a marker: words, an arrow, a written sign
    /// on the change, or a percent. Two bare numbers are never a move.
    pub fn has_marker(&self) -> bool {
        self.words.is_some()
            || self.arrow.is_some()
            || self.percent.is_some()
            || self
                .change
                .as_ref()
                .is_some_and(|c| c.value.number.sign.is_some())
    }
}

/// A quote as written, borrowed from the text it was found in.
///
/// This is the parse tree; [`Quote`](crate::Quote) is the typed record built
/// from it (signs resolved, direction decided, position attached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSyntax<'a> {
    /// The whole matched text, from the symbol to the end of the move.
    pub text: &'a str,
    /// The symbol, e.g. `HBL` or `Dow Jones`.
    pub symbol: &'a str,
    /// The price, with its currency if one was written.
    pub price: Token<Amount<'a>>,
    /// Direction words, arrow, change and percent.
    pub movement: Move<'a>,
}

fn span(base: &str, from: &str, to: &str) -> Range<usize> {
    base.len() - from.len()..base.len() - to.len()
}

// amount = [ currency space0 ] number
/// A number with an optional currency before it.
///
/// ```
/// use tickerline::grammar::amount;
/// let (_, a) = amount("Rs 117.85").unwrap();
/// assert_eq!(a.currency, Some("Rs"));
/// assert_eq!(a.number.value.to_string(), "117.85");
/// ```
pub fn amount(input: &str) -> PResult<'_, Amount<'_>> {
    currency_then(input, number)
}

/// `[ currency space0 ]` and then `number`.
fn currency_then<'a>(
    input: &'a str,
    number: impl Fn(&'a str) -> PResult<'a, Number>,
) -> PResult<'a, Amount<'a>> {
    let (rest, currency) = opt((currency, space0)).parse(input)?;
    let (rest, number) = number(rest)?;
    Ok((
        rest,
        Amount {
            currency: currency.map(|(c, _)| c),
            number,
        },
    ))
}

// price = [ currency space0 ] unsigned
/// The price: an unsigned number with an optional currency before it. (A
/// signed number after a symbol is a move, never a price.)
///
/// ```
/// use tickerline::grammar::price;
/// assert_eq!(price("$189.84 ▲").unwrap().1.number.value.to_string(), "189.84");
/// assert!(price("-0.14").is_err());
/// ```
pub fn price(input: &str) -> PResult<'_, Amount<'_>> {
    currency_then(input, |rest| {
        let (rest, value) = unsigned(rest)?;
        Ok((rest, Number { value, sign: None }))
    })
}

// move = [ direction-words space0 ] [ arrow space0 ]
//        ( percent | amount [ space0 [ points ] [ arrow space0 ] percent ] )
/// The move after the price. It must carry a marker (see [`Move::has_marker`]).
///
/// ```
/// use tickerline::grammar::quote_move;
/// let (rest, m) = quote_move("Decreased By ▼ -0.08 (-0.07%) tail").unwrap();
/// assert_eq!(rest, " tail");
/// assert_eq!(m.change.unwrap().value.number.value.to_string(), "-0.08");
/// assert!(quote_move("12.5").is_err()); // a bare number is no move
/// ```
pub fn quote_move(input: &str) -> PResult<'_, Move<'_>> {
    let mut m = Move::default();
    let (rest, ()) = move_into(input, input, &mut m)?;
    Ok((rest, m))
}

/// [`quote_move`] at `input`, a tail of `base`, into `m` (which starts
/// empty), with spans from the start of `base`: so the quote needs no
/// second pass over its spans, and the move is not copied through the
/// results of the productions (a copy of a parse tree through a `Result`
/// stalls on its odd-sized pieces).
fn move_into<'a>(base: &'a str, input: &'a str, m: &mut Move<'a>) -> PResult<'a, ()> {
    let mut rest = input;
    if let Ok((after, value)) = direction_words(rest) {
        m.words = Some(Token {
            value,
            span: span(base, rest, after),
        });
        rest = space0(after)?.0;
    }
    if let Ok((after, value)) = arrow(rest) {
        m.arrow = Some(Token {
            value,
            span: span(base, rest, after),
        });
        rest = space0(after)?.0;
    }
    let what = if m.words.is_some() || m.arrow.is_some() {
        "a change or a percent"
    } else {
        "direction words, an arrow, a change or a percent"
    };
    // `percent | amount [ space0 percent ]`, reading the number once: a bare
    // percent is an amount without currency followed by `%`.
    let parenthesized = if rest.starts_with('(') {
        percent(rest).ok()
    } else {
        None
    };
    if let Some((after, value)) = parenthesized {
        m.percent = Some(Token {
            value,
            span: span(base, rest, after),
        });
        rest = after;
    } else {
        let (after, value) = context(what, amount).parse(rest)?;
        if value.currency.is_none()
            && let Ok((after_pct, _)) = (space0, char('%')).parse(after)
        {
            m.percent = Some(Token {
                value: Percent {
                    number: value.number,
                    parenthesized: false,
                },
                span: span(base, rest, after_pct),
            });
            return Ok((after_pct, ()));
        }
        m.change = Some(Token {
            value,
            span: span(base, rest, after),
        });
        rest = after;
        let (mut spaced, _) = space0(rest)?;
        // Index changes often carry their unit: `▲ 771.4 points (1.07%)`.
        if let Some(after_unit) = points(spaced)
            && percent_follows(after_unit)
        {
            spaced = after_unit;
        }
        // Some sites repeat the arrow before the percent.
        let second_arrow = arrow(spaced).ok().map(|(after, value)| {
            let token = Token {
                value,
                span: span(base, spaced, after),
            };
            (token, after)
        });
        if let Some((_, after)) = &second_arrow {
            spaced = space0(after)?.0;
        }
        match percent(spaced) {
            Ok((after, value)) => {
                m.percent = Some(Token {
                    value,
                    span: span(base, spaced, after),
                });
                m.percent_arrow = second_arrow.map(|(token, _)| token);
                rest = after;
            }
            Err(Err::Failure(e)) => return Err(Err::Failure(e)),
            Err(_) => {}
        }
    }
    if !m.has_marker() {
        return Err(Err::Error(GrammarError::expected(
            input,
            "direction words, an arrow, a sign or a percent",
        )));
    }
    Ok((rest, ()))
}

// points = ( "points" | "pts" | "pt" ) space0   (* any case, a whole word *)
/// The unit an index change may carry, with the spaces after it.
fn points(input: &str) -> Option<&str> {
    let word = input.bytes().take_while(u8::is_ascii_alphabetic).count();
    let unit = &input[..word];
    ["points", "pts", "pt"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(unit))
        .then(|| input[word..].trim_start_matches(is_space))
}

/// `true` if a percent (after an optional arrow) starts `text`.
fn percent_follows(text: &str) -> bool {
    let text = arrow(text).map_or(text, |(rest, _)| rest.trim_start_matches(is_space));
    percent(text).is_ok()
}

/// `true` if a quote whose last token is a number may end just before
/// `rest`: the number is not cut
/// in the middle (`1,23`, `12.5.1`, `10:30`, `0.O8`) and no word is glued on. A
/// capital may follow at once only where the next quote starts (a symbol, a
/// space and a price): marquees run quotes together (`▼ -0.08KSE100 72,743`),
/// while `-0.O8` is a garbled number.
fn ends_cleanly(rest: &str) -> bool {
    let b = rest.as_bytes();
    match b.first() {
        None => true,
        Some(c) if c.is_ascii_digit() || c.is_ascii_lowercase() => false,
        Some(c) if c.is_ascii_uppercase() => next_quote_starts(rest),
        Some(b',' | b'.') => !b.get(1).is_some_and(u8::is_ascii_alphanumeric),
        Some(b':') => !b.get(1).is_some_and(u8::is_ascii_digit),
        Some(_) => !rest.starts_with(char::is_alphanumeric),
    }
}

/// `true` if `text` starts with a symbol word, a space and a price.
pub(crate) fn next_quote_starts(text: &str) -> bool {
    symbol_readings(text).is_ok_and(|r| {
        r.longest_first()
            .any(|len| space1(&text[len..]).is_ok_and(|(at_price, _)| price(at_price).is_ok()))
    })
}

/// `true` if `text` starts like a price: a digit, a sign or a currency.
fn looks_like_price(text: &str) -> bool {
    let text = text.trim_start_matches(is_space);
    text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '\u{2212}'))
        || currency(text).is_ok()
}

// quote = symbol space1 price space1 move
/// A whole quote at the start of `input`; text may follow it.
///
/// The symbol is the longest reading (up to four words) that still leaves a
/// price and a move, so `S&P 500 4,500.21 ▲ 0.5%` is the symbol `S&P 500`.
/// One exception: when that reading ends in a number word and its move has
/// no change, while one word less reads that number as the price with a
/// change that leaves a positive previous close, the shorter reading wins
/// (`KSE100 72743 771.4 (1.07%)` is `KSE100` at 72743).
///
/// ```
/// use tickerline::grammar::quote;
/// use tickerline::Direction;
/// let (rest, q) = quote("HBL 117.85 Decreased By ▼ -0.08 (-0.07%)").unwrap();
/// assert_eq!(rest, "");
/// assert_eq!(q.symbol, "HBL");
/// assert_eq!(q.price.value.number.value.to_string(), "117.85");
/// assert_eq!(q.movement.words.unwrap().value, Direction::Down);
///
/// let (_, q) = quote("S&P 500 4,500.21 ▲ 0.5%").unwrap();
/// assert_eq!(q.symbol, "S&P 500");
///
/// let (_, q) = quote("KSE100 72743 771.4 (1.07%)").unwrap();
/// assert_eq!(q.symbol, "KSE100");
///
/// assert!(quote("Blinken 2023 10").is_err()); // no marker: not a quote
/// ```
pub fn quote(input: &str) -> PResult<'_, QuoteSyntax<'_>> {
    let readings = symbol_readings(input)?;
    let mut reported: Option<Err<GrammarError<'_>>> = None;
    let mut last = None;
    let mut lengths = readings.longest_first().peekable();
    while let Some(len) = lengths.next() {
        match after_symbol(input, len) {
            Ok(done) => {
                // `KSE100 72743 771.4 (1.07%)`: the last word `72743` is the
                // price when that reading gives a sound change.
                let shorter = lengths
                    .peek()
                    .filter(|_| ends_in_number_word(done.1.symbol));
                if done.1.movement.change.is_none()
                    && let Some(Ok(alt)) = shorter.map(|&l| after_symbol(input, l))
                    && alt.1.has_sound_change()
                {
                    return Ok(alt);
                }
                return Ok(done);
            }
            Err(e) => {
                if reported.is_none() && looks_like_price(&input[len..]) {
                    reported = Some(e);
                } else {
                    last = Some(e);
                }
            }
        }
    }
    Err(reported
        .or(last)
        .unwrap_or_else(|| Err::Error(GrammarError::expected(input, "a symbol"))))
}

/// `true` if the last word of `symbol` is all digits (`S&P 500`).
fn ends_in_number_word(symbol: &str) -> bool {
    symbol
        .rsplit(is_space)
        .next()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
}

impl<'a> QuoteSyntax<'a> {
    /// The currency the quote states: written before the price, else before
    /// the change.
    ///
    /// ```
    /// use tickerline::grammar::quote;
    /// assert_eq!(quote("AAPL 189.84 ▲ $1.20").unwrap().1.currency(), Some("$"));
    /// ```
    pub fn currency(&self) -> Option<&'a str> {
        self.price
            .value
            .currency
            .or_else(|| self.movement.change.as_ref().and_then(|t| t.value.currency))
    }

    /// `true` if the quote has a change that leaves a positive previous
    /// close (price minus the signed change).
    fn has_sound_change(&self) -> bool {
        let Some(change) = &self.movement.change else {
            return false;
        };
        let n = change.value.number;
        let stated_down = self
            .movement
            .words
            .as_ref()
            .or(self.movement.arrow.as_ref())
            .is_some_and(|t| t.value == Direction::Down);
        let down = n.sign == Some(Sign::Minus) || (n.sign.is_none() && stated_down);
        down || self.price.value.number.value > n.value.abs()
    }
}

fn after_symbol(input: &str, symbol_len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let at_space = &input[symbol_len..];
    let (price_at, _) = labelled("a space after the symbol", at_space, space1(at_space))?;
    let (after_price, price) = labelled("a price", price_at, price(price_at))?;
    let (move_at, _) = labelled("a space after the price", after_price, space1(after_price))?;
    let mut movement = Move::default();
    let (rest, ()) = move_into(input, move_at, &mut movement)?;
    // A quote that ends with `%` or `)` is closed, whatever is glued on
    // (`(1.07%)Read more`); one that ends with a digit must end cleanly.
    let closed = move_at[..move_at.len() - rest.len()].ends_with(['%', ')']);
    if !closed && !ends_cleanly(rest) {
        return Err(Err::Error(GrammarError::expected(
            rest,
            "the end of the quote",
        )));
    }
    let len = input.len() - rest.len();
    Ok((
        rest,
        QuoteSyntax {
            text: &input[..len],
            symbol: &input[..symbol_len],
            price: Token {
                value: price,
                span: span(input, price_at, after_price),
            },
            movement,
        },
    ))
}
