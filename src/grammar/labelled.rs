//! The `labelled` layout: a symbol, a colon, and the close in words
//! (`OKOMUPALM: Closed at N12.10 kobo, up 10 percent`).

use nom::Err;

use super::error::{GrammarError, PResult};
use super::layout::Layout;
use super::level::{level, level_move, level_unit, with_level};
use super::number::keyword_len;
use super::quote::{Move, QuoteSyntax};
use super::space::{space0, space1};

/// The rest after `words` (whole words, any case, spaces between and after).
fn phrase<'a>(input: &'a str, words: &[&str]) -> Option<&'a str> {
    let mut rest = input;
    for w in words {
        let n = keyword_len(rest, w)?;
        rest = space1(&rest[n..]).ok()?.0;
    }
    Some(rest)
}

// labelled = symbol ":" space0 [ "opened at" space1 level [ level-unit ] space1 "to" space1 ]
//            ( "closed at" | "close at" ) space1 level [ level-unit ] [ "," ] space1 level-move
/// A `labelled` quote whose symbol is `input[..len]`, a colon after it.
/// The close is the price; an opening value is no field.
///
/// ```
/// use tickerline::grammar::quote;
/// let (_, q) = quote("LAGOSCEM: Opened at N0.62 kobo to close at N0.6 kobo, down 3.23 percent.").unwrap();
/// assert_eq!(q.price.unwrap().value.number.value.to_string(), "0.6");
/// assert_eq!(q.movement.percent.unwrap().value.number.value.to_string(), "3.23");
/// ```
pub(crate) fn labelled(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let rest = &input[len..];
    let colon = rest
        .strip_prefix(':')
        .ok_or_else(|| Err::Error(GrammarError::expected(rest, "':'")))?;
    let (mut at, _) = space0(colon)?;
    if let Some(open_at) = phrase(at, &["opened", "at"]) {
        let (after, _) = level(open_at)?;
        let after = level_unit(after);
        at = phrase(space1(after)?.0, &["to"])
            .ok_or_else(|| Err::Error(GrammarError::expected(after, "'to close at'")))?;
    }
    let close_at = phrase(at, &["closed", "at"])
        .or_else(|| phrase(at, &["close", "at"]))
        .ok_or_else(|| Err::Error(GrammarError::expected(at, "'closed at'")))?;
    let (after, price) = level(close_at)?;
    let after_unit = level_unit(after);
    let after_comma = after_unit.strip_prefix(',').unwrap_or(after_unit);
    let (move_at, _) = space1(after_comma)?;
    let mut movement = Move::default();
    let (rest, ()) = level_move(input, move_at, &mut movement)?;
    if movement.words.is_none() {
        return Err(Err::Error(GrammarError::expected(
            move_at,
            "direction words",
        )));
    }
    with_level(
        input,
        Layout::Labelled,
        &input[..len],
        (close_at, after, price),
        movement,
        rest,
    )
}
