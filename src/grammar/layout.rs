//! The layouts a quote can be written in: which production read it.

use serde::{Deserialize, Serialize};

/// The layout a quote was written in: the name of the grammar production
/// that read it. Stable lowercase names, written in the `layout` column.
///
/// ```
/// use tickerline::grammar::Layout;
/// assert_eq!(Layout::MoveLevel.to_string(), "move-level");
/// assert_eq!("partial".parse::<Layout>(), Ok(Layout::Partial));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `SYMBOL PRICE MOVE`: `HBL 117.85 Decreased By ▼ -0.08 (-0.07%)`.
    #[default]
    Ticker,
    /// The move, then the level: `Euro Stoxx 50 up 0.4% to 3,512`.
    MoveLevel,
    /// Symbol, colon, words: `OKOMUPALM: Closed at N12.10 kobo, up 10 percent`.
    Labelled,
    /// A move with no price: `Britannia (up 0.66%)`, `Dr Lal PathLabs: -2.19 per cent`.
    Partial,
    /// Values glued to each other: `VIX. 15.37-2.71%.`, `ltc$71.35-1.8%`.
    Glued,
    /// One quote's fields on consecutive lines: a name, its price, its move.
    Cells,
    /// A row of a table whose header line names the columns.
    Table,
}

impl Layout {
    /// Every layout, in the order the README lists them.
    pub const ALL: [Layout; 7] = [
        Layout::Ticker,
        Layout::MoveLevel,
        Layout::Labelled,
        Layout::Partial,
        Layout::Glued,
        Layout::Cells,
        Layout::Table,
    ];

    /// The lowercase name used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Ticker => "ticker",
            Layout::MoveLevel => "move-level",
            Layout::Labelled => "labelled",
            Layout::Partial => "partial",
            Layout::Glued => "glued",
            Layout::Cells => "cells",
            Layout::Table => "table",
        }
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layout::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("not a layout: {s:?}"))
    }
}
