//! The `cells` layout: one quote's fields on consecutive lines, as widgets,
//! market strips and quote headers become when a page is flattened to text:
//!
//! ```text
//!   • S&P/ASX 200
//!
//!     7,243.10
//!     +22.60 (+0.31%)
//! ```
//!
//! A cells quote is read from a window of at most [`MAX_CELL_LINES`] lines,
//! from its head (the name) to its last cell (the move, which carries a
//! percent). The scanner tries the heads above a line that is a move cell,
//! nearest first ([`cells`] reads one window).

use nom::Err;

use super::direction::direction_words;
use super::error::{GrammarError, PResult};
use super::layout::Layout;
use super::number::{Percent, keyword_len, percent, percent_sign};
use super::partial::paren_code;
use super::quote::{Amount, Move, QuoteSyntax, Token, amount, move_into, price, span, span_of};
use super::space::{is_space, space0, space1};
use super::symbol::symbol_readings;

/// The most lines a cells quote spans, head to move.
pub const MAX_CELL_LINES: usize = 8;

/// The longest line that can be one of a cells quote's lines, in bytes.
pub const MAX_CELL_LINE: usize = 256;

fn fail<'a, T>(input: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(Err::Error(GrammarError::expected(input, what)))
}

// fill = { space | bullet | "|" | CR }
/// `true` for what stands around a cell's value: spaces, bullets, table
/// pipes (and the CR of a CRLF line end).
fn is_fill(c: char) -> bool {
    is_space(c) || matches!(c, '|' | '•' | '·' | '◦' | '▪' | '‣' | '\r')
}

/// A line of `input` and what follows its newline (`None` on the last).
fn split_line(input: &str) -> (&str, Option<&str>) {
    match input.split_once('\n') {
        Some((line, rest)) => (line, Some(rest)),
        None => (input, None),
    }
}

/// The cell of a line: the line without its fill.
fn cell(line: &str) -> &str {
    line.trim_matches(is_fill)
}

// cells      = head { NL skip } NL price-cell { NL blank } NL move-cells
//            | head { NL skip } NL values-cell
//            | head-price { NL blank } NL move-cells
// skip       = blank | label-line       (* a timestamp, a status, an exchange note *)
// blank      = fill
// price-cell = fill price fill
// move-cells = fill move fill                    (* the move holds a percent *)
//            | fill amount fill { NL blank } NL fill percent fill
/// A cells quote filling `input` (a window of whole lines, the head first,
/// the move last; nothing may follow it).
///
/// ```
/// use tickerline::grammar::cells;
/// let (_, q) = cells("  • S&P/ASX 200\n\n    7,243.10\n    +22.60 (+0.31%)").unwrap();
/// assert_eq!((q.symbol, q.text), ("S&P/ASX 200", "S&P/ASX 200\n\n    7,243.10\n    +22.60 (+0.31%)"));
/// assert!(cells("Palm Oil MYR/Tonne\n4,312").is_err()); // a value with no move
/// ```
pub fn cells(input: &str) -> PResult<'_, QuoteSyntax<'_>> {
    // The last cell ends the quote: tokens on it are spanned from its end.
    let input = input.trim_end_matches(is_fill);
    if input.lines().count() > MAX_CELL_LINES {
        return fail(input, "a quote of at most eight lines");
    }
    let (head_line, Some(mut rest)) = split_line(input) else {
        return fail(input, "the cells after the name");
    };
    let head = cell(head_line);
    let base = &input[head_line.len() - head_line.trim_start_matches(is_fill).len()..];
    if let Some((symbol, (at, value), after)) = head_price(head) {
        let price_tok = Token {
            value,
            span: span_of(base, &at[..at.len() - after.len()]),
        };
        // `S&P 500 5,234.18` and the move on a later line.
        let (cells_at, _) = skip_lines(rest, is_blank);
        if let Ok(done) = finish(base, symbol, Some(price_tok), cells_at) {
            return Ok(done);
        }
    }
    let symbol =
        head_cell(head).ok_or_else(|| Err::Error(GrammarError::expected(head, "a name")))?;
    let (at, _) = skip_lines(rest, |l| is_blank(l) || is_label_line(cell(l)));
    rest = at;
    let (line, next) = split_line(rest);
    if next.is_none() {
        // The last line holds the price and the move, labelled.
        return values_cell(base, symbol, line);
    }
    let value = cell(line);
    let (after, price_value) = price(value).or_else(|_| fail(value, "a price"))?;
    if !after.is_empty() {
        return fail(after, "the end of the price cell");
    }
    let price_tok = Token {
        value: price_value,
        span: span_of(base, value),
    };
    let (cells_at, _) = skip_lines(next.unwrap_or_default(), is_blank);
    finish(base, symbol, Some(price_tok), cells_at)
}

/// The move cells at `input` (to its end), and the quote from `base`.
fn finish<'a>(
    base: &'a str,
    symbol: &'a str,
    price: Option<Token<Amount<'a>>>,
    input: &'a str,
) -> PResult<'a, QuoteSyntax<'a>> {
    let mut movement = Move::default();
    let (line, next) = split_line(input);
    let value = cell(line);
    let end = match next {
        None => {
            let (rest, ()) = move_into(base, value, &mut movement)?;
            if !rest.is_empty() {
                return fail(rest, "the end of the move cell");
            }
            if movement.percent.is_none() {
                return fail(rest, "a percent");
            }
            value
        }
        // `211.04` / `(0.68%)`: the change and the percent in cells of their own.
        Some(next) => {
            let (after, change) = amount(value)?;
            if !after.is_empty() {
                return fail(after, "the end of the change cell");
            }
            movement.change = Some(Token {
                value: change,
                span: span_of(base, value),
            });
            let (at, _) = skip_lines(next, is_blank);
            let (line, last) = split_line(at);
            if last.is_some() {
                return fail(at, "the percent cell last");
            }
            let pct_cell = cell(line);
            let (after, pct) = percent(pct_cell)?;
            if !after.is_empty() {
                return fail(after, "the end of the percent cell");
            }
            movement.percent = Some(Token {
                value: pct,
                span: span_of(base, pct_cell),
            });
            pct_cell
        }
    };
    let len = end_of(base, end);
    Ok((
        &base[len..],
        QuoteSyntax {
            text: &base[..len],
            layout: Layout::Cells,
            symbol,
            price,
            movement,
        },
    ))
}

/// Skips the lines of `input` that `skip` accepts (never the last line):
/// the rest, at the first other line, and how many were skipped.
fn skip_lines(mut input: &str, skip: impl Fn(&str) -> bool) -> (&str, usize) {
    let mut skipped = 0;
    while let (line, Some(rest)) = split_line(input) {
        if !skip(line) {
            break;
        }
        input = rest;
        skipped += 1;
    }
    (input, skipped)
}

/// `true` for a line of nothing but fill.
fn is_blank(line: &str) -> bool {
    cell(line).is_empty()
}

// head      = fill name-cell fill
// name-cell = symbol [ status ]                           (* BankexLiveMarket Open *)
//           | symbol space0 paren-code                    (* Indus Fabrics Limited(INFAB) *)
//           | symbol space1 "-" space1 description        (* ^IBEX - IBEX 35 *)
/// The symbol a head cell names, if the cell is a name: a whole symbol, or
/// one with its code in parentheses (the code is the symbol), a
/// description after a dash, or a status word glued on.
fn head_cell(head: &str) -> Option<&str> {
    if head.is_empty() || is_label_line(head) {
        return None;
    }
    let name = strip_status(head);
    let readings = symbol_readings(name).ok()?;
    for len in readings.longest_first() {
        let symbol = &name[..len];
        if is_field_label(symbol) {
            return None;
        }
        let rest = &name[len..];
        if rest.is_empty() {
            return Some(symbol);
        }
        if let Some((code, after)) = paren_code(rest.trim_start_matches(is_space))
            && after.trim_matches(is_space).is_empty()
        {
            return Some(code);
        }
        if let Some(description) = rest
            .strip_prefix(is_space)
            .map(|r| r.trim_start_matches(is_space))
            .and_then(|r| r.strip_prefix(['-', '–']))
            .and_then(|r| r.strip_prefix(is_space))
            && is_description(description)
        {
            return Some(symbol);
        }
    }
    None
}

// head-price = fill symbol space1 price fill      (* S&P 500 5,234.18 *)
/// A head cell that holds the symbol and the price: the symbol, and the
/// price cell with its value and what follows it (nothing).
#[allow(clippy::type_complexity)]
fn head_price(head: &str) -> Option<(&str, (&str, Amount<'_>), &str)> {
    let readings = symbol_readings(head).ok()?;
    for len in readings.longest_first() {
        let symbol = &head[..len];
        let Ok((at, _)) = space1(&head[len..]) else {
            continue;
        };
        // A plain integer after a name is the name's (`Stoxx 600`).
        if let Ok((after, value)) = price(at)
            && after.is_empty()
            && at.contains(['.', ','])
            && !is_field_label(symbol)
            && !is_label_line(symbol)
        {
            return Some((symbol, (at, value), after));
        }
    }
    None
}

/// The name before a status glued to it or after it: `BankexLiveMarket
/// Open` names `Bankex`.
fn strip_status(head: &str) -> &str {
    const STATUS: &[&str] = &[
        "LiveMarket Open",
        "LiveMarket Closed",
        "Market Open",
        "Market Closed",
        "Live",
    ];
    for status in STATUS {
        if let Some(name) = head.strip_suffix(status) {
            let name = name.trim_end_matches(is_space);
            if !name.is_empty() {
                return name;
            }
        }
    }
    head
}

/// `true` for a name's description after a dash (`IBEX 35`, `Dow Jones
/// Industrial Average`): words, no sentence, no label.
fn is_description(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 80
        && !text.contains(". ")
        && !text.ends_with('.')
        && !text.contains(['%', ':'])
        && !is_label_line(text)
}

/// Field labels of a quote page, never a quote's name (`Open`, `Previous
/// close`, `Day's range`, `Volume`...).
pub(crate) fn is_field_label(name: &str) -> bool {
    const LABELS: &[&str] = &[
        "open",
        "close",
        "previous close",
        "prev close",
        "prev. close",
        "high",
        "low",
        "day high",
        "day low",
        "day's range",
        "52-week range",
        "52 week range",
        "volume",
        "avg volume",
        "market cap",
        "bid",
        "ask",
        "turnover",
        "value",
        "deals",
        "trades",
        "last",
        "change",
        "price",
        "ltp",
        "ycp",
        "eps",
        "beta",
        "yield",
    ];
    LABELS.iter().any(|l| l.eq_ignore_ascii_case(name))
}

/// `true` for a line that labels a quote page rather than naming or
/// valuing anything: a timestamp (`10:42 AM | 14 Sep 2021`), a date
/// (`Indus Fabrics / Nov 04`), a market status or an exchange note
/// (`Madrid - Madrid Delayed Price. Currency in EUR`).
pub(crate) fn is_label_line(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "delayed",
        "real-time",
        "realtime",
        "currency",
        "as of",
        "at close",
        "after hours",
        "pre-market",
        "market",
        "closed",
        "updated",
        "last updated",
        "eod",
    ];
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let b = line.as_bytes();
    // A time: `5:38PM`, `17:40`.
    let time = b.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    if time {
        return true;
    }
    let lower = line.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // A date: a month word next to a number (`Nov 04`, `14 June 2017`).
    let date = words.windows(2).any(|w| {
        let month = |s: &str| s.len() >= 3 && MONTHS.iter().any(|m| s.starts_with(m));
        let day = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit());
        (month(w[0]) && day(w[1])) || (day(w[0]) && month(w[1]))
    });
    date || WORDS.iter().any(|w| {
        lower
            .match_indices(w)
            .any(|(at, _)| word_bounded(&lower, at, w.len()))
    })
}

/// `true` if `text[at..at + len]` is a whole word (or words) of `text`.
fn word_bounded(text: &str, at: usize, len: usize) -> bool {
    let b = text.as_bytes();
    let before = at == 0 || !b[at - 1].is_ascii_alphanumeric();
    let after = b.get(at + len).is_none_or(|c| !c.is_ascii_alphanumeric());
    before && after
}

// values-cell = fill { label-word space1 } "value" space1 price space1
//               { label-word space1 } "change" [ ":" ] space1 amount space1
//               { label-word space1 } percent-label [ ":" ] space1 [ direction-words space1 ] percent fill
// percent-label = "change percentage" | "percent change" | "percentage change" | "change percent"
/// The price and move of a screen reader's labels on one line:
/// `index value 521.37 index change: 3.14 index change percentage: up 0.61%`.
fn values_cell<'a>(base: &'a str, symbol: &'a str, line: &'a str) -> PResult<'a, QuoteSyntax<'a>> {
    let value = cell(line);
    let at = after_label(value, &["value"]).ok_or_else(|| fail_err(value, "a value label"))?;
    let (after, price_value) = price(at)?;
    let price_tok = Token {
        value: price_value,
        span: span(base, at, after),
    };
    let mut movement = Move::default();
    let at = after_label(space1(after)?.0, &["change"])
        .ok_or_else(|| fail_err(after, "a change label"))?;
    let (after, change) = amount(at)?;
    movement.change = Some(Token {
        value: change,
        span: span(base, at, after),
    });
    let labels = [
        "change percentage",
        "percent change",
        "percentage change",
        "change percent",
    ];
    let mut at =
        after_label(space1(after)?.0, &labels).ok_or_else(|| fail_err(after, "a percent label"))?;
    if let Ok((after_words, words)) = direction_words(at) {
        movement.words = Some(Token {
            value: words,
            span: span(base, at, after_words),
        });
        at = space0(after_words)?.0;
    }
    let (after, number) = super::number::number(at)?;
    let after = percent_sign(after).ok_or_else(|| fail_err(after, "a percent sign"))?;
    movement.percent = Some(Token {
        value: Percent {
            number,
            parenthesized: false,
        },
        span: span(base, at, after),
    });
    if !after.is_empty() {
        return fail(after, "the end of the values");
    }
    let len = end_of(base, value);
    Ok((
        &base[len..],
        QuoteSyntax {
            text: &base[..len],
            layout: Layout::Cells,
            symbol,
            price: Some(price_tok),
            movement,
        },
    ))
}

/// Where `part` (a slice of `base`) ends, in bytes from the start of `base`.
fn end_of(base: &str, part: &str) -> usize {
    part.as_ptr() as usize + part.len() - base.as_ptr() as usize
}

fn fail_err<'a>(input: &'a str, what: &'static str) -> Err<GrammarError<'a>> {
    Err::Error(GrammarError::expected(input, what))
}

/// What follows one of `labels` (after lower-case label words before it,
/// and an optional colon): `index value 521.37` at `521.37`.
fn after_label<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let mut at = text;
    for _ in 0..4 {
        for label in labels {
            if let Some(len) = keyword_len(at, label) {
                let rest = &at[len..];
                let rest = rest.strip_prefix(':').unwrap_or(rest);
                return space1(rest).ok().map(|(r, _)| r);
            }
        }
        let word = at.split(is_space).next()?;
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        at = at[word.len()..].trim_start_matches(is_space);
    }
    None
}
