//! The rules' stable codes, default severities and explanations.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported (`--allow CODE`).
    Allow,
    /// Reported; does not fail `validate`.
    Warning,
    /// Reported; `validate` exits 1.
    Error,
}

impl Severity {
    /// `allow`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Allow => "allow",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $explain:literal; )*) => {
        /// A rule's stable code. Codes never change meaning; new rules get new codes.
        ///
        /// ```
        /// use tickerline::validate::{Code, Severity};
        /// let code: Code = "percent-mismatch".parse().unwrap();
        /// assert_eq!(code.as_str(), "percent-mismatch");
        /// assert_eq!(code.default_severity(), Severity::Error);
        /// assert!(code.explanation().contains("previous close"));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order the README lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The kebab-case code, e.g. `arrow-mismatch`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity the rule has unless `--deny` or `--allow` change it.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One paragraph: what the rule checks and why (`tickerline explain CODE`).
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explain,)* }
            }
        }

        impl std::str::FromStr for Code {
            type Err = String;

            fn from_str(s: &str) -> Result<Code, String> {
                match s {
                    $($name => Ok(Code::$variant),)*
                    other => Err(format!(
                        "unknown code '{other}' (known: {})",
                        [$($name),*].join(", ")
                    )),
                }
            }
        }
    };
}

codes! {
    /// Direction words and arrow point different ways.
    ArrowMismatch = "arrow-mismatch", Error,
        "The direction words and the arrow of a quote point different ways, as in `Increased By ▼`. \
         One of them was garbled or flipped by the scraper or the site; the record cannot say which way \
         the quote moved. The direction words win for the record's `direction`, and this error marks the arrow.";
    /// The written sign of the change contradicts the stated direction.
    ChangeSignMismatch = "change-sign-mismatch", Error,
        "The change carries a written sign that contradicts the direction stated by the words or the \
         arrow, as in `Increased By ▲ -1.19`. A lost or flipped sign is one of the most common scraping \
         defects, and it silently inverts the data. A zero change never conflicts.";
    /// The written sign of the percent contradicts the direction or the change.
    PercentSignMismatch = "percent-sign-mismatch", Error,
        "The percent carries a written sign that contradicts the direction stated by the words or the \
         arrow (or, without either, the sign of the change), as in `▲ 1.19 (-1.5%)`. The absolute and \
         the relative change must move the same way. A zero percent never conflicts.";
    /// `No Change` / `Unchanged` with a non-zero change or percent.
    UnchangedWithMove = "unchanged-with-move", Error,
        "The words say the quote did not move (`No Change`, `Unchanged`, `Unch`) but the change or the \
         percent is not zero, as in `No Change 0.35 (1.2%)`. Either the words or the numbers are wrong.";
    /// An arrow on a zero change.
    ArrowOnZeroChange = "arrow-on-zero-change", Warning,
        "An arrow stands on a change (or, without a change, a percent) of zero, as in \
         `No Change ▼ 0.00 (0%)`, which one real site prints for unchanged quotes. The numbers are \
         consistent, so this is only a warning: the arrow carries no information and must not be read \
         as a move.";
    /// The percent does not follow from the change and the price.
    PercentMismatch = "percent-mismatch", Error,
        "The percent must equal change / (price - change) x 100: the change relative to the previous \
         close. The check allows exactly what rounding of the shown digits allows: each shown number \
         stands for an interval (80.60 for [80.595, 80.605]) and the percent computed over those \
         intervals must meet the shown percent's interval. So a site that prints 1.5 for 1.4986 passes, \
         while 15 (a dropped decimal point), a swapped change and percent, or a wrong price fail.";
    /// Price minus change is zero or negative.
    NonpositivePreviousClose = "nonpositive-previous-close", Error,
        "The previous close implied by the quote, price minus change, is zero or negative, as in \
         `ABC 1.20 ▲ 1.50`. Prices of listed instruments are positive, so the price or the change is \
         wrong (often a dropped decimal point or swapped fields).";
    /// A line that looks like a quote but does not parse.
    MalformedQuote = "malformed-quote", Error,
        "A line looks like a quote (a symbol followed by a number and direction words or an arrow) but \
         does not parse, for example cut short (`KEL 4.59 Decreased By ▼`) or garbled \
         (`PAEL 22.8O Decreased By ▼ -0.35 (-1.51%)`). It is reported with what the grammar expected at \
         which column instead of being dropped silently.";
    /// A table row whose cells do not fit its header.
    TableRowMisfit = "table-row-misfit", Error,
        "A line under a table's header looks like a row (a name and values) but has more or fewer \
         cells than the header names columns, as in `| LUCK | 700.10 | 5.25 |` under \
         `| Symbol | Last | Chg | %Chg |`. Which value belongs to which column cannot be told, so the \
         row gives no record; a cell lost or split by the scraper is the usual cause.";
    /// The same symbol twice on a page with different values.
    ConflictingDuplicate = "conflicting-duplicate", Warning,
        "The same symbol appears twice on one page with a different price, change or percent. A page \
         is one snapshot, so one of the two is stale or garbled (or the page mixes two markets under \
         one symbol). Repeats with the same values, such as a ticker block shown twice, are fine. Memory \
         stays bounded: the rule remembers the last 65,536 distinct symbols of a page (at least the \
         last 32,768), so a repeat whose first sighting lies further back than that is not caught.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Severities per code: the defaults, changed by `--deny` and `--allow`.
///
/// ```
/// use tickerline::validate::{Code, Levels, Severity};
/// let mut levels = Levels::default();
/// assert_eq!(levels.of(Code::ArrowOnZeroChange), Severity::Warning);
/// levels.set(Code::ArrowOnZeroChange, Severity::Error);
/// assert_eq!(levels.of(Code::ArrowOnZeroChange), Severity::Error);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Levels {
    overrides: Vec<(Code, Severity)>,
}

impl Levels {
    /// Gives `code` the severity `severity` (the last setting wins).
    pub fn set(&mut self, code: Code, severity: Severity) {
        self.overrides.retain(|(c, _)| *c != code);
        self.overrides.push((code, severity));
    }

    /// The severity of `code`.
    pub fn of(&self, code: Code) -> Severity {
        self.overrides
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.default_severity(), |(_, s)| *s)
    }
}
