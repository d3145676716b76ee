//! Direction words and arrows: how a quote states which way it moved.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::value;
use nom::error::context;
use serde::{Deserialize, Serialize};

use super::error::{GrammarError, PResult};
use super::space::space1;
use nom::error::ParseError;

/// Which way a quote moved.
///
/// ```
/// use tickerline::Direction;
/// assert_eq!(Direction::Down.to_string(), "down");
/// assert_eq!("unchanged".parse::<Direction>(), Ok(Direction::Unchanged));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Increased, gained, rose; `▲`.
    Up,
    /// Decreased, lost, fell; `▼`.
    Down,
    /// No change.
    Unchanged,
}

impl Direction {
    /// The lowercase name used in CSV and JSON: `up`, `down` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Unchanged => "unchanged",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Direction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "up" => Ok(Direction::Up),
            "down" => Ok(Direction::Down),
            "unchanged" => Ok(Direction::Unchanged),
            other => Err(format!("not a direction: {other:?}")),
        }
    }
}

// direction-words = ticker-phrase | verb | "up" | "down" | "minus" | "plus" | "flat"
//                   | "unchanged" | "unch" | "steady"            (* any case, whole words *)
// ticker-phrase   = "increased" space1 "by" | "decreased" space1 "by" | "no" space1 "change"
// verb            = [ "edged" space1 ] ( "up" | "down" | "higher" | "lower" )
//                 | "gained" | "rose" | "jumped" | "added" | "climbed" | "advanced" | "rallied"
//                 | "surged" | "lost" | "fell" | "eased" | "slipped" | "declined" | "dropped"
//                 | "slid" | "shed" | "tumbled"
/// Direction words, in any case, as whole words.
///
/// ```
/// use tickerline::grammar::direction_words;
/// use tickerline::Direction;
/// assert_eq!(direction_words("Increased By ▲").unwrap().1, Direction::Up);
/// assert_eq!(direction_words("NO CHANGE").unwrap().1, Direction::Unchanged);
/// assert_eq!(direction_words("unch").unwrap().1, Direction::Unchanged);
/// assert_eq!(direction_words("edged down 0.2%").unwrap(), (" 0.2%", Direction::Down));
/// assert_eq!(direction_words("minus 33.18").unwrap().1, Direction::Down);
/// assert!(direction_words("Update").is_err()); // not a whole word
/// ```
pub fn direction_words(input: &str) -> PResult<'_, Direction> {
    // Every phrase starts with one of these letters: anything else fails at
    // once, without trying the alternatives (this runs after every price).
    let first = input.as_bytes().first().map(u8::to_ascii_lowercase);
    if !matches!(
        first,
        Some(
            b'a' | b'c'
                | b'd'
                | b'e'
                | b'f'
                | b'g'
                | b'i'
                | b'j'
                | b'l'
                | b'm'
                | b'n'
                | b'p'
                | b'r'
                | b's'
                | b't'
                | b'u'
        )
    ) {
        return Err(nom::Err::Error(GrammarError::expected(
            input,
            "direction words",
        )));
    }
    let two = |first: &'static str, second: &'static str| (keyword(first), space1, keyword(second));
    let (rest, dir) = context(
        "direction words",
        alt((
            alt((
                value(Direction::Up, two("increased", "by")),
                value(Direction::Down, two("decreased", "by")),
                value(Direction::Unchanged, two("no", "change")),
                value(Direction::Up, two("edged", "up")),
                value(Direction::Up, two("edged", "higher")),
                value(Direction::Down, two("edged", "down")),
                value(Direction::Down, two("edged", "lower")),
                value(Direction::Unchanged, keyword("unchanged")),
                value(Direction::Unchanged, keyword("unch")),
                value(Direction::Unchanged, keyword("flat")),
                value(Direction::Unchanged, keyword("steady")),
            )),
            alt((
                value(Direction::Up, keyword("gained")),
                value(Direction::Up, keyword("rose")),
                value(Direction::Up, keyword("jumped")),
                value(Direction::Up, keyword("added")),
                value(Direction::Up, keyword("climbed")),
                value(Direction::Up, keyword("advanced")),
                value(Direction::Up, keyword("rallied")),
                value(Direction::Up, keyword("surged")),
                value(Direction::Up, keyword("plus")),
                value(Direction::Up, keyword("higher")),
                value(Direction::Up, keyword("up")),
            )),
            alt((
                value(Direction::Down, keyword("lost")),
                value(Direction::Down, keyword("fell")),
                value(Direction::Down, keyword("eased")),
                value(Direction::Down, keyword("slipped")),
                value(Direction::Down, keyword("declined")),
                value(Direction::Down, keyword("dropped")),
                value(Direction::Down, keyword("slid")),
                value(Direction::Down, keyword("shed")),
                value(Direction::Down, keyword("tumbled")),
                value(Direction::Down, keyword("minus")),
                value(Direction::Down, keyword("lower")),
                value(Direction::Down, keyword("down")),
            )),
        )),
    )
    .parse(input)?;
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return Err(nom::Err::Error(GrammarError::expected(
            input,
            "direction words",
        )));
    }
    Ok((rest, dir))
}

/// `word` in any ASCII case (a `tag_no_case` that compares bytes, not
/// Unicode lowercase forms: the direction words are ASCII).
fn keyword(word: &'static str) -> impl Fn(&str) -> PResult<'_, &str> {
    move |input: &str| match input.as_bytes().get(..word.len()) {
        Some(head) if head.eq_ignore_ascii_case(word.as_bytes()) => {
            Ok((&input[word.len()..], &input[..word.len()]))
        }
        _ => Err(nom::Err::Error(GrammarError::from_error_kind(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

// arrow      = up-arrow | down-arrow [ U+FE0F ]
// up-arrow   = "▲" | "△" | "▴" | "↑" | "⬆" | "🔺"
// down-arrow = "▼" | "▽" | "▾" | "↓" | "⬇" | "🔻"
/// An arrow, with an optional emoji variation selector after it.
///
/// ```
/// use tickerline::grammar::arrow;
/// use tickerline::Direction;
/// assert_eq!(arrow("▼ -0.08"), Ok((" -0.08", Direction::Down)));
/// assert_eq!(arrow("⬆\u{fe0f}1.2"), Ok(("1.2", Direction::Up)));
/// ```
pub fn arrow(input: &str) -> PResult<'_, Direction> {
    let mut chars = input.chars();
    let dir = match chars.next() {
        Some('▲' | '△' | '▴' | '↑' | '⬆' | '🔺') => Direction::Up,
        Some('▼' | '▽' | '▾' | '↓' | '⬇' | '🔻') => Direction::Down,
        _ => return Err(nom::Err::Error(GrammarError::expected(input, "an arrow"))),
    };
    let rest = chars.as_str();
    Ok((rest.strip_prefix('\u{fe0f}').unwrap_or(rest), dir))
}

/// `true` if `word` (one whitespace-free word) starts a direction phrase:
/// such a word never belongs to an instrument name.
pub(crate) fn is_direction_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "increased",
        "decreased",
        "no",
        "unchanged",
        "unch",
        "flat",
        "steady",
        "edged",
        "gained",
        "rose",
        "jumped",
        "added",
        "climbed",
        "advanced",
        "rallied",
        "surged",
        "plus",
        "higher",
        "up",
        "lost",
        "fell",
        "eased",
        "slipped",
        "declined",
        "dropped",
        "slid",
        "shed",
        "tumbled",
        "minus",
        "lower",
        "down",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}
