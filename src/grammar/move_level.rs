//! The `move-level` layout: the move in words, then the level it left the
//! instrument at (`- Euro Stoxx 50 up 0.4% to 3,512`).

use nom::Err;

use super::error::{GrammarError, PResult};
use super::layout::Layout;
use super::level::{level, level_link, level_move, level_unit, with_level};
use super::quote::{Move, QuoteSyntax};
use super::space::{is_space, space1};

/// The most lower-case words a name may end with (`KOSPI composite`,
/// `TSX index`).
const MAX_LOWER_WORDS: usize = 2;

// move-level = level-name space1 level-move space1 level-link space1 level [ level-unit ]
// level-name = symbol { space1 lower-word }            (* at most 2 lower-case words *)
/// A `move-level` quote whose symbol's first reading is `input[..len]`:
/// the name may go on with lower-case words (`KOSPI composite minus 33.18
/// points or -1.09% at 3011.47`), then the move, then `to`, `at` or
/// `to close at` and the level.
///
/// ```
/// use tickerline::grammar::quote;
/// let (_, q) = quote("Platinum down 0.82% to $917.35/oz").unwrap();
/// assert_eq!(q.symbol, "Platinum");
/// assert_eq!(q.price.unwrap().value.number.value.to_string(), "917.35");
/// let (_, q) = quote("CALVERTON down – 8.11% to close at N3.40").unwrap();
/// assert_eq!(q.movement.percent.unwrap().value.number.value.to_string(), "-8.11");
/// ```
pub(crate) fn move_level(input: &str, len: usize) -> PResult<'_, QuoteSyntax<'_>> {
    let mut name_end = len;
    let mut lower = 0;
    let mut at = &input[len..];
    loop {
        let (word_at, _) = space1(at)?;
        let lower_len = word_at
            .bytes()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        let is_lower_word = lower_len > 0
            && !word_at[lower_len..].starts_with(|c: char| c.is_alphanumeric())
            && !super::direction::is_direction_word(&word_at[..lower_len])
            && !matches!(
                &word_at[..lower_len],
                "to" | "at" | "or" | "and" | "was" | "is"
            );
        if lower < MAX_LOWER_WORDS && is_lower_word {
            lower += 1;
            at = &word_at[lower_len..];
            name_end = input.len() - at.len();
            continue;
        }
        at = word_at;
        break;
    }
    let mut movement = Move::default();
    let (rest, ()) = level_move(input, at, &mut movement)?;
    if !movement.has_marker() {
        return Err(Err::Error(GrammarError::expected(at, "direction words")));
    }
    let (link_at, _) = space1(rest)?;
    // `... up 0.4% to` cut at the end: the level is what is missing.
    let cut = matches!(
        link_at.trim_end_matches(is_space),
        "to" | "at" | "to close at"
    );
    let level_at = level_link(link_at)
        .or_else(|| cut.then(|| &link_at[link_at.len()..]))
        .ok_or_else(|| {
            Err::Error(GrammarError::expected(
                link_at,
                "'to' or 'at' and the level",
            ))
        })?;
    let (after, price) = super::error::labelled("a level", level_at, level(level_at))?;
    let rest = level_unit(after);
    with_level(
        input,
        Layout::MoveLevel,
        &input[..name_end],
        (level_at, after, price),
        movement,
        rest,
    )
}
