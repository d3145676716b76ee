//! Direction words and arrows: how a quote states which way it moved.

use serde::{Deserialize, Serialize};

use super::error::{GrammarError, PResult};
use super::space::space1;

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
    use Direction::{Down, Unchanged, Up};
    // Phrases by their first word; a phrase of two words before a word
    // of its own. Looked up by the first letter: this runs after every
    // price and before every move.
    const PHRASES: &[(&str, Option<&str>, Direction)] = &[
        ("increased", Some("by"), Up),
        ("decreased", Some("by"), Down),
        ("no", Some("change"), Unchanged),
        ("edged", Some("up"), Up),
        ("edged", Some("higher"), Up),
        ("edged", Some("down"), Down),
        ("edged", Some("lower"), Down),
        ("unchanged", None, Unchanged),
        ("unch", None, Unchanged),
        ("flat", None, Unchanged),
        ("steady", None, Unchanged),
        ("gained", None, Up),
        ("rose", None, Up),
        ("jumped", None, Up),
        ("added", None, Up),
        ("climbed", None, Up),
        ("advanced", None, Up),
        ("rallied", None, Up),
        ("surged", None, Up),
        ("plus", None, Up),
        ("higher", None, Up),
        ("up", None, Up),
        ("lost", None, Down),
        ("fell", None, Down),
        ("eased", None, Down),
        ("slipped", None, Down),
        ("declined", None, Down),
        ("dropped", None, Down),
        ("slid", None, Down),
        ("shed", None, Down),
        ("tumbled", None, Down),
        ("minus", None, Down),
        ("lower", None, Down),
        ("down", None, Down),
    ];
    let fail = || nom::Err::Error(GrammarError::expected(input, "direction words"));
    let first = input
        .as_bytes()
        .first()
        .map(u8::to_ascii_lowercase)
        .ok_or_else(fail)?;
    for &(word, second, dir) in PHRASES {
        if word.as_bytes()[0] != first {
            continue;
        }
        let Some(n) = super::number::keyword_len(input, word) else {
            continue;
        };
        let rest = &input[n..];
        let Some(second) = second else {
            return Ok((rest, dir));
        };
        if let Ok((after, _)) = space1(rest)
            && let Some(m) = super::number::keyword_len(after, second)
        {
            return Ok((&after[m..], dir));
        }
    }
    Err(fail())
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
