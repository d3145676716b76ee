//! The parse tree of a quote (every token kept with its span), the pieces
//! every layout shares (amounts, the move), the `ticker` layout
//! (`SYMBOL PRICE MOVE`) and [`quote`], which reads a quote in whichever
//! layout it is written.

use std::ops::Range;

use nom::Err;
use nom::Parser;
use nom::combinator::opt;
use nom::error::context;

use super::direction::{Direction, arrow, direction_words};
use super::error::{GrammarError, PResult, labelled};
use super::layout::Layout;
use super::number::{
    Number, Percent, Sign, currency, multiplied, number, percent, percent_sign, sign, unsigned,
};
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
    /// The whole matched text, from the symbol (or the name before it) to
    /// the end of the quote.
    pub text: &'a str,
    /// The layout it was written in.
    pub layout: Layout,
    /// The symbol, e.g. `HBL` or `Dow Jones`: a slice of `text`.
    pub symbol: &'a str,
    /// The price (the level, the close), with its currency if one was
    /// written; `None` for a partial quote.
    pub price: Option<Token<Amount<'a>>>,
    /// Direction words, arrow, change and percent.
    pub movement: Move<'a>,
}

pub(crate) fn span(base: &str, from: &str, to: &str) -> Range<usize> {
    base.len() - from.len()..base.len() - to.len()
}

/// The span of `part`, a slice of `base` anywhere in it (not only a tail
/// of it, as [`span`] takes).
pub(crate) fn span_of(base: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - base.as_ptr() as usize;
    start..start + part.len()
}

// amount = sign currency space0 unsigned | [ currency space0 ] number
/// A number with an optional currency before it.
///
/// ```
/// use tickerline::grammar::amount;
/// let (_, a) = amount("Rs 117.85").unwrap();
/// assert_eq!(a.currency, Some("Rs"));
/// assert_eq!(a.number.value.to_string(), "117.85");
/// ```
pub fn amount(input: &str) -> PResult<'_, Amount<'_>> {
    // `-$2.93`: a sign written before the currency.
    if let Ok((after, s)) = sign(input)
        && let Ok((rest, c)) = currency(after)
    {
        let (rest, _) = space0(rest)?;
        let (rest, mut value) = unsigned(rest)?;
        if s == Sign::Minus {
            value.set_sign_negative(true);
        }
        let number = Number {
            value,
            sign: Some(s),
        };
        return Ok((
            rest,
            Amount {
                currency: Some(c),
                number,
            },
        ));
    }
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

// price = [ currency space0 ] unsigned [ multiplier ]
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
        let (rest, value) = multiplied(rest, value).unwrap_or((rest, value));
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
pub(crate) fn move_into<'a>(base: &'a str, input: &'a str, m: &mut Move<'a>) -> PResult<'a, ()> {
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
            && let Some(after_pct) = percent_sign(after)
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
pub(crate) fn points(input: &str) -> Option<&str> {
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
pub(crate) fn ends_cleanly(rest: &str) -> bool {
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

// quote = ticker | move-level | labelled | partial | glued
/// A whole quote at the start of `input`, in whichever layout it is
/// written; text may follow it.
///
/// The symbol is the longest reading (up to four words) that still leaves
/// a quote of some layout after it, so `S&P 500 4,500.21 ▲ 0.5%` is the
/// symbol `S&P 500` and `Euro Stoxx 50 up 0.4% to 3,512` the symbol
/// `Euro Stoxx 50` at the level 3512. What follows the reading decides
/// which layouts are tried: a price (`ticker`), direction words
/// (`move-level`, then `partial`), a colon (`ticker`, `labelled`,
/// `partial`), a parenthesis (`ticker` with the code, `partial`), a full
/// stop and a number (`glued`).
///
/// Digits at the end of a name stay in it unless they are the price of a
/// sound ticker quote: `Nifty 50 up 0.5%` is the partial quote of
/// `Nifty 50`, not `Nifty` at 50. In `ticker`, a shorter reading ending in
/// a number word wins where it gives a sound change
/// (`KSE100 72743 771.4 (1.07%)` is `KSE100` at 72743); a name that ends
/// in a ticker after other words is no symbol: the quote starts at the
/// ticker (`Markets Live AAPL ...` is `AAPL`, `PSX KSE100 ...` is `KSE100`).
///
/// ```
/// use tickerline::grammar::{quote, Layout};
/// use tickerline::Direction;
/// let (rest, q) = quote("HBL 117.85 Decreased By ▼ -0.08 (-0.07%)").unwrap();
/// assert_eq!(rest, "");
/// assert_eq!(q.symbol, "HBL");
/// assert_eq!(q.price.unwrap().value.number.value.to_string(), "117.85");
/// assert_eq!(q.movement.words.unwrap().value, Direction::Down);
///
/// let (_, q) = quote("S&P 500 4,500.21 ▲ 0.5%").unwrap();
/// assert_eq!(q.symbol, "S&P 500");
///
/// let (_, q) = quote("KSE100 72743 771.4 (1.07%)").unwrap();
/// assert_eq!(q.symbol, "KSE100");
///
/// let (_, q) = quote("Euro Stoxx 50 up 0.4% to 3,512").unwrap();
/// assert_eq!((q.symbol, q.layout), ("Euro Stoxx 50", Layout::MoveLevel));
///
/// let (_, q) = quote("Nifty 50 up 0.5%").unwrap();
/// assert_eq!((q.symbol, q.layout, q.price), ("Nifty 50", Layout::Partial, None));
///
/// assert!(quote("Blinken 2023 10").is_err()); // no marker: not a quote
/// assert!(quote("Markets Live AAPL 207.15 ▲ 14.03 (7.26%)").is_err()); // starts at AAPL
/// ```
pub fn quote(input: &str) -> PResult<'_, QuoteSyntax<'_>> {
    if !input.starts_with(|c: char| c.is_ascii()) || input.starts_with('(') {
        // Names in other scripts (`ब्रिटानिया (2.46%)`) and codes in
        // parentheses (`(KFH.KW) gained 1.1%`) start partial quotes.
        return super::partial::partial(input);
    }
    let readings = symbol_readings(input)?;
    let mut reported: Option<Err<GrammarError<'_>>> = None;
    let mut last = None;
    let mut doubtful = None;
    let mut lengths = readings.longest_first().peekable();
    let longest = readings.longest_first().next().unwrap_or(0);
    // First the layouts with a price, longest reading first.
    while let Some(len) = lengths.next() {
        match priced(input, len) {
            Ok(done) => {
                if done.1.layout != Layout::Ticker {
                    return Ok(done);
                }
                if names_a_ticker_later(done.1.symbol) {
                    return Err(Err::Error(GrammarError::expected(input, "a symbol")));
                }
                if len < longest {
                    // The price is a number word of a longer reading.
                    match price_sound(&done.1) {
                        Soundness::Sound => {}
                        Soundness::Doubtful => {
                            doubtful.get_or_insert(done);
                            continue;
                        }
                        Soundness::Unsound => continue,
                    }
                }
                // `KSE100 72743 771.4 (1.07%)`: the last word `72743` is the
                // price when that reading gives a sound change.
                let shorter = lengths
                    .peek()
                    .filter(|_| ends_in_number_word(done.1.symbol));
                if done.1.movement.change.is_none()
                    && let Some(Ok(alt)) = shorter.map(|&l| priced(input, l))
                    && alt.1.layout == Layout::Ticker
                    && alt.1.has_sound_change()
                    && matches!(price_sound(&alt.1), Soundness::Sound)
                    && !names_a_ticker_later(alt.1.symbol)
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
    // Then a move with no price, where the name does not end in two
    // numbers (`Nifty 50 22123 (0.2%)` is `Nifty 50` at 22123).
    for len in readings.longest_first() {
        if ends_in_two_number_words(&input[..len]) {
            continue;
        }
        if let Ok(done) = unpriced(input, len) {
            return Ok(done);
        }
    }
    if let Some(done) = doubtful {
        return Ok(done);
    }
    // `LIC हाउसिंग (1.46%)`: a name that goes on in another script.
    if input[longest..]
        .trim_start_matches(is_space)
        .starts_with(|c: char| !c.is_ascii())
        && let Ok(done) = super::partial::partial(input)
    {
        return Ok(done);
    }
    Err(reported
        .or(last)
        .unwrap_or_else(|| Err::Error(GrammarError::expected(input, "a symbol"))))
}

/// Where the layouts that read a quote in words came closest to reading
/// `input` when none does: the layout that got furthest, how far (bytes
/// of `input`) and what it expected there. `None` if a quote is read, or
/// none got past the symbol.
///
/// ```
/// use tickerline::grammar::{closest_layout, Layout};
/// let (layout, at, _) = closest_layout("Euro Stoxx 50 up 0.4% to").unwrap();
/// assert_eq!((layout, at), (Layout::MoveLevel, 24));
/// assert!(closest_layout("Euro Stoxx 50 up 0.4% to 3,512").is_none());
/// ```
pub fn closest_layout(input: &str) -> Option<(Layout, usize, &'static str)> {
    // A quote read to the end: nothing missing. (One read in part, such
    // as `Euro Stoxx 50 up 0.4%` of `... up 0.4% to`, may still have come
    // short of a longer layout.)
    if quote(input).is_ok_and(|(rest, _)| rest.trim_matches(is_space).is_empty()) {
        return None;
    }
    let readings = symbol_readings(input).ok()?;
    let mut best: Option<(Layout, usize, &'static str)> = None;
    for len in readings.longest_first() {
        let tries: [(Layout, PResult<'_, QuoteSyntax<'_>>); 5] = [
            (Layout::MoveLevel, super::move_level::move_level(input, len)),
            (Layout::Labelled, super::labelled::labelled(input, len)),
            (Layout::Partial, super::partial::partial_paren(input, len)),
            (Layout::Partial, super::partial::partial_colon(input, len)),
            (Layout::Partial, super::partial::partial_verb(input, len)),
        ];
        for (layout, attempt) in tries {
            if let Err(Err::Error(e) | Err::Failure(e)) = attempt {
                let at = input.len() - e.input.len();
                if at > len + 1 && best.is_none_or(|(_, b, _)| at > b) {
                    best = Some((layout, at, e.expected.unwrap_or("more of the quote")));
                }
            }
        }
    }
    best
}

/// A quote with a price after the symbol reading of `len` bytes, in the
/// layouts what follows it allows: a price (`ticker`), a colon (`ticker`,
/// `labelled`), a code in parentheses (`ticker`), direction words or a
/// sign (`move-level`), a full stop or a currency glued on (`glued`).
fn priced(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let rest = &input[len..];
    let spaced = rest.trim_start_matches(is_space);
    let first = spaced.as_bytes().first().copied();
    let gap = rest.len() - spaced.len();
    let ticker = match first {
        Some(b'0'..=b'9') if gap > 0 => return after_symbol(input, len, len),
        Some(b':' | b'(') => after_symbol_marked(input, len),
        Some(_) if gap > 0 && super::number::currency(spaced).is_ok() => {
            return after_symbol(input, len, len);
        }
        _ if gap > 0 => Err(Err::Error(GrammarError::expected(spaced, "a price"))),
        _ => Err(Err::Error(GrammarError::expected(
            rest,
            "a space after the symbol",
        ))),
    };
    let other = match first {
        Some(b':') => super::labelled::labelled(input, len),
        Some(b'.') => super::glued::glued(input, len),
        Some(b'$') if gap == 0 => super::glued::glued(input, len),
        Some(b'-' | b'+' | 0xE2) if gap > 0 => super::move_level::move_level(input, len),
        Some(c) if gap > 0 && c.is_ascii_alphabetic() => super::move_level::move_level(input, len),
        _ => return ticker,
    };
    // What went wrong is told as the ticker layout sees it.
    other.or(ticker)
}

/// A partial quote (no price) after the symbol reading of `len` bytes.
fn unpriced(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let rest = &input[len..];
    let spaced = rest.trim_start_matches(is_space);
    match spaced.as_bytes().first() {
        Some(b':') if spaced.len() == rest.len() => super::partial::partial_colon(input, len),
        Some(b'(') => super::partial::partial_paren(input, len),
        Some(_) if spaced.len() < rest.len() => super::partial::partial_verb(input, len),
        _ => Err(Err::Error(GrammarError::expected(rest, "a move"))),
    }
}

/// How much a ticker reading's price can be trusted where it is a number
/// word of a longer reading (`50` of `Nifty 50`).
enum Soundness {
    /// The move confirms it.
    Sound,
    /// Nothing to check it by: taken only where no reading without a
    /// price gives a quote.
    Doubtful,
    /// The change and the percent contradict it: never taken.
    Unsound,
}

/// Whether the quote's price may be a name's number read as a price
/// (`50` of `Nifty 50`). A ticker of capitals before the number (`FCCL
/// 2085`) keeps it as its price where the move is a ticker's (an arrow,
/// a ticker phrase, a percent in parentheses or signed) or has a change;
/// a name (`Stoxx 600`) only with a change that agrees with the percent.
fn price_sound(q: &QuoteSyntax<'_>) -> Soundness {
    let m = &q.movement;
    let caps = !q.symbol.bytes().any(|b| b.is_ascii_lowercase());
    let ticker_move = m.arrow.is_some()
        || m.percent
            .as_ref()
            .is_some_and(|p| p.value.parenthesized || p.value.number.sign.is_some())
        || m.words
            .as_ref()
            .is_some_and(|w| q.text[w.span.clone()].contains(is_space));
    let Some(price) = &q.price else {
        return Soundness::Sound;
    };
    let sound = match (&m.change, &m.percent) {
        (None, _) if caps && ticker_move => true,
        (None, _) => return Soundness::Doubtful,
        (Some(_), _) if caps => true,
        (Some(c), None) if c.value.number.value.is_zero() => true,
        (Some(_), None) => q.has_sound_change(),
        (Some(c), Some(p)) => {
            q.has_sound_change()
                && roughly_agrees(
                    price.value.number.value,
                    c.value.number.value.abs(),
                    p.value.number.value.abs(),
                )
        }
    };
    if sound {
        Soundness::Sound
    } else {
        Soundness::Unsound
    }
}

/// `true` if the last two words of `name` are numbers (`Nifty 50 22123`):
/// the last is a price, not a part of the name.
fn ends_in_two_number_words(name: &str) -> bool {
    let mut words = name.rsplit(is_space).filter(|w| !w.is_empty());
    let number = |w: Option<&str>| w.is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
    number(words.next()) && number(words.next())
}

/// `true` if `percent` is about what `change` on a close of `price` less
/// or more than it gives: a loose check that only tells a price from a
/// name's number.
fn roughly_agrees(
    price: rust_decimal::Decimal,
    change: rust_decimal::Decimal,
    percent: rust_decimal::Decimal,
) -> bool {
    use rust_decimal::Decimal;
    let hundred = Decimal::ONE_HUNDRED;
    let near = |close: Decimal| {
        close > Decimal::ZERO
            && change
                .checked_mul(hundred)
                .and_then(|c| c.checked_div(close))
                .is_some_and(|want| {
                    // Two units of the shown percent's last digit, and 1%
                    // of it: what rounding of the shown values allows.
                    let unit = Decimal::new(2, percent.scale());
                    (want - percent).abs() <= unit + percent / hundred
                })
    };
    near(price - change) || near(price + change)
}

/// `true` if a multi-word symbol ends in a ticker that the words before
/// it are no part of: a capitals ticker after words with lower case
/// (`Markets Live AAPL`), or a ticker of capitals and digits after words
/// of capitals only (`PSX KSE100`).
fn names_a_ticker_later(symbol: &str) -> bool {
    let Some((before, last)) = symbol.rsplit_once(is_space) else {
        return false;
    };
    let is_caps = |w: &str| {
        w.bytes().any(|b| b.is_ascii_uppercase()) && !w.bytes().any(|b| b.is_ascii_lowercase())
    };
    if last.len() < 2 || !is_caps(last) || last.bytes().any(|b| b >= 0x80) {
        return false;
    }
    let words = || before.split(is_space).filter(|w| !w.is_empty());
    let has_lower = words().any(|w| w.bytes().any(|b| b.is_ascii_lowercase()));
    let has_digit = last.bytes().any(|b| b.is_ascii_digit());
    has_lower
        || (has_digit
            && last.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && words().all(|w| w.bytes().all(|b| b.is_ascii_uppercase())))
}

/// `true` if the last word of `symbol` is all digits (`S&P 500`).
fn ends_in_number_word(symbol: &str) -> bool {
    symbol
        .rsplit(is_space)
        .next()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
}

impl<'a> QuoteSyntax<'a> {
    /// The currency the quote states: written with the price, else with
    /// the change.
    ///
    /// ```
    /// use tickerline::grammar::quote;
    /// assert_eq!(quote("AAPL 189.84 ▲ $1.20").unwrap().1.currency(), Some("$"));
    /// ```
    pub fn currency(&self) -> Option<&'a str> {
        self.price
            .as_ref()
            .and_then(|p| p.value.currency)
            .or_else(|| self.movement.change.as_ref().and_then(|t| t.value.currency))
    }

    /// `true` if the quote has a change that leaves a positive previous
    /// close (price minus the signed change).
    fn has_sound_change(&self) -> bool {
        let (Some(change), Some(price)) = (&self.movement.change, &self.price) else {
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
        down || price.value.number.value > n.value.abs()
    }
}

// ticker = symbol [ ":" | space0 paren-code ] space1 price [ space1 ] move
//                                          (* no space before an arrow: 207.15▲14.03 *)
/// A ticker quote whose symbol is followed by `:` (`TSLA: 170.66 (-1.69%)`)
/// or by a code in parentheses (`Boeing Co (BA) 178.03 ▼ -2.1%`: the
/// symbol is `BA`).
fn after_symbol_marked(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let rest = &input[len..];
    if let Some(after) = rest.strip_prefix(':') {
        return after_symbol(input, len, input.len() - after.len());
    }
    let spaced = rest.trim_start_matches(is_space);
    let (code, after) = super::partial::paren_code(spaced)
        .ok_or_else(|| Err::Error(GrammarError::expected(rest, "a price")))?;
    let start = input.len() - spaced.len() + 1;
    let mut done = after_symbol(input, start + code.len(), input.len() - after.len())?;
    done.1.symbol = &input[start..start + code.len()];
    Ok(done)
}

/// The ticker quote of the symbol `input[..symbol_len]`, its price after
/// `price_from` (where a space must follow).
fn after_symbol(input: &str, symbol_len: usize, price_from: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let at_space = &input[price_from..];
    let (price_at, _) = labelled("a space after the symbol", at_space, space1(at_space))?;
    let (after_price, price) = labelled("a price", price_at, price(price_at))?;
    // `207.15▲14.03(7.26%)`: an arrow may follow the price at once.
    let move_at = match space1(after_price) {
        Ok((move_at, _)) => move_at,
        Err(e) if arrow(after_price).is_err() => {
            return labelled("a space after the price", after_price, Err(e));
        }
        Err(_) => after_price,
    };
    let mut movement = Move::default();
    let (rest, ()) = move_into(input, move_at, &mut movement)?;
    // A quote that ends with `%` or `)` is closed, whatever is glued on
    // (`(1.07%)Read more`); one that ends with a digit must end cleanly.
    let closed =
        move_at[..move_at.len() - rest.len()].ends_with(['%', ')']) || movement.percent.is_some();
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
            layout: Layout::Ticker,
            symbol: &input[..symbol_len],
            price: Some(Token {
                value: price,
                span: span(input, price_at, after_price),
            }),
            movement,
        },
    ))
}
