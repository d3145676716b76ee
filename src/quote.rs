//! The typed record: one quote, its values and where it was found.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::grammar::{self, Direction, Layout, Number, QuoteSyntax, Sign};
use crate::validate::Code;

/// One quote found in a page.
///
/// Numbers are [`Decimal`]s with the scale the page wrote (`80.60` stays
/// `80.60`). `change` and `change_pct` are signed: a number written without a
/// sign takes the sign of the stated direction, so `▼ 120.5 (0.35%)` gives
/// `-120.5` and `-0.35`.
///
/// In JSON the decimals are exact JSON numbers (`"price":80.60`).
///
/// ```
/// use tickerline::{Direction, Quote};
///
/// let q = Quote::parse("Dow Jones 34,000 ▼ 120.5 (0.35%)").unwrap();
/// assert_eq!(q.symbol, "Dow Jones");
/// assert_eq!(q.price.unwrap().to_string(), "34000");
/// assert_eq!(q.direction, Direction::Down);
/// assert_eq!(q.change.unwrap().to_string(), "-120.5");
/// assert_eq!(q.change_pct.unwrap().to_string(), "-0.35");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Ticker or instrument name: `HBL`, `KSE100`, `S&P 500`.
    pub symbol: String,
    /// Last price (the level, the close); `None` for a partial quote,
    /// whose page states the move only.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub price: Option<Decimal>,
    /// Currency written before the price (or else the change): `$`, `Rs`, `PKR`.
    pub currency: Option<String>,
    /// Direction as stated: by the words, else the arrow, else the sign.
    pub direction: Direction,
    /// Absolute change, signed.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub change: Option<Decimal>,
    /// Percent change, signed (`-1.31` for `-1.31%`).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub change_pct: Option<Decimal>,
    /// The layout the quote was written in.
    #[serde(default)]
    pub layout: Layout,
    /// Codes of the consistency rules this quote breaks (see
    /// [`validate`](crate::validate)); empty when it is clean.
    #[serde(default)]
    pub issues: Vec<Code>,
    /// The page's date, from its dateline or `--as-of`.
    pub as_of: Option<NaiveDate>,
    /// The file the quote was found in (`<stdin>` for standard input).
    pub source: Arc<str>,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset of the quote's first byte in the source.
    pub offset: u64,
    /// The matched text.
    pub text: String,
}

impl Quote {
    /// Builds the typed record from a parsed quote; the position fields are
    /// left empty (`line`, `column` 0) for the caller to fill in.
    pub fn from_syntax(syntax: &QuoteSyntax<'_>) -> Quote {
        let values = Values::of(syntax);
        let currency = syntax.currency();
        Quote {
            symbol: syntax.symbol.to_owned(),
            price: values.price,
            currency: currency.map(str::to_owned),
            direction: values.direction,
            change: values.change,
            change_pct: values.change_pct,
            layout: syntax.layout,
            issues: Vec::new(),
            as_of: None,
            source: Arc::from(""),
            line: 0,
            column: 0,
            offset: 0,
            text: syntax.text.to_owned(),
        }
    }

    /// Parses one quote standing alone in `text` (surrounding spaces allowed).
    ///
    /// ```
    /// use tickerline::Quote;
    /// assert!(Quote::parse("KSE100 72,743 Increased By 771.4 (1.07%)").is_ok());
    /// assert!(Quote::parse("KSE100 72,743 Increased By 771.4 (1.07%) and more").is_err());
    /// // Spaces around it: the position is the symbol's.
    /// let q = Quote::parse("  BO 5.26 ▼0         ").unwrap();
    /// assert_eq!((q.column, q.offset), (3, 2));
    /// ```
    pub fn parse(text: &str) -> Result<Quote, ParseQuoteError> {
        let trimmed = text.trim_matches(grammar::is_space);
        // Every slice the grammar hands back is a part of `text`: its
        // place is where it starts (not what is left after it, which
        // trailing spaces would move).
        let at = |rest: &str| (rest.as_ptr() as usize - text.as_ptr() as usize).min(text.len());
        match grammar::quote(trimmed) {
            Ok((rest, syntax)) if rest.trim_matches(grammar::is_space).is_empty() => {
                let mut q = Quote::from_syntax(&syntax);
                q.line = 1;
                q.column = 1 + text[..at(trimmed)].chars().count() as u64;
                q.offset = at(trimmed) as u64;
                Ok(q)
            }
            Ok((rest, _)) => Err(ParseQuoteError {
                offset: at(rest),
                expected: "the end of the quote",
            }),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(ParseQuoteError {
                offset: at(e.input),
                expected: e.expected.unwrap_or("a quote"),
            }),
            Err(nom::Err::Incomplete(_)) => Err(ParseQuoteError {
                offset: text.len(),
                expected: "more input",
            }),
        }
    }
}

/// The fields of a quote's row as an exporter writes them, borrowed: from a
/// [`Quote`] ([`Quote::record`]) or straight from a page being scanned,
/// with no allocation per quote.
///
/// ```
/// use tickerline::Quote;
/// let q = Quote::parse("KEL 4.59 Down 0.08").unwrap();
/// let r = q.record();
/// assert_eq!((r.symbol, r.values.change), ("KEL", q.change));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// See [`Quote::symbol`].
    pub symbol: &'a str,
    /// See [`Quote::currency`].
    pub currency: Option<&'a str>,
    /// Price, direction, change and percent.
    pub values: Values,
    /// See [`Quote::layout`].
    pub layout: Layout,
    /// See [`Quote::issues`].
    pub issues: &'a [Code],
    /// See [`Quote::as_of`].
    pub as_of: Option<NaiveDate>,
    /// See [`Quote::source`].
    pub source: &'a str,
    /// See [`Quote::line`].
    pub line: u64,
    /// See [`Quote::column`].
    pub column: u64,
}

impl Quote {
    /// The quote's row fields, borrowed.
    pub fn record(&self) -> Record<'_> {
        Record {
            symbol: &self.symbol,
            currency: self.currency.as_deref(),
            values: Values::from(self),
            layout: self.layout,
            issues: &self.issues,
            as_of: self.as_of,
            source: &self.source,
            line: self.line,
            column: self.column,
        }
    }
}

/// The values a quote states, signs resolved: what a [`Quote`] records.
///
/// ```
/// use tickerline::quote::Values;
/// use tickerline::{grammar, Direction};
/// let (_, syntax) = grammar::quote("KOSM 4.56 Down 0.18 (3.8%)").unwrap();
/// let v = Values::of(&syntax);
/// assert_eq!(v.direction, Direction::Down);
/// assert_eq!(v.change.unwrap().to_string(), "-0.18");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Values {
    /// The direction as stated: words, else arrow, else sign.
    pub direction: Direction,
    /// The price, if the page gives one.
    pub price: Option<Decimal>,
    /// The change, signed.
    pub change: Option<Decimal>,
    /// The percent change, signed.
    pub change_pct: Option<Decimal>,
}

impl Values {
    /// Resolves the direction and the signs of a parsed quote.
    pub fn of(syntax: &QuoteSyntax<'_>) -> Values {
        let m = &syntax.movement;
        let change = m.change.as_ref().map(|t| t.value.number);
        let pct = m.percent.as_ref().map(|t| t.value.number);
        let direction = m
            .words
            .as_ref()
            .or(m.arrow.as_ref())
            .map(|t| t.value)
            .unwrap_or_else(|| direction_of_sign(change.or(pct)));
        Values {
            direction,
            price: syntax
                .price
                .as_ref()
                .map(|p| normalized(p.value.number.value)),
            change: change.map(|n| signed(n, direction)),
            change_pct: pct.map(|n| signed(n, direction)),
        }
    }
}

impl From<&Quote> for Values {
    /// The values a record holds.
    fn from(q: &Quote) -> Values {
        Values {
            direction: q.direction,
            price: q.price,
            change: q.change,
            change_pct: q.change_pct,
        }
    }
}

/// Why [`Quote::parse`] rejected a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected} at byte {offset}")]
pub struct ParseQuoteError {
    /// Byte offset in the text where the grammar stopped.
    pub offset: usize,
    /// What the grammar expected there.
    pub expected: &'static str,
}

/// Direction implied by a sign when no words or arrow state one.
fn direction_of_sign(n: Option<Number>) -> Direction {
    match n {
        Some(n) if n.value.is_zero() => Direction::Unchanged,
        Some(Number {
            sign: Some(Sign::Minus),
            ..
        }) => Direction::Down,
        _ => Direction::Up,
    }
}

/// The value of `n`, with the direction's sign if none was written.
fn signed(n: Number, direction: Direction) -> Decimal {
    let mut v = n.value;
    if n.sign.is_none() && direction == Direction::Down {
        v.set_sign_negative(true);
    }
    normalized(v)
}

/// Zero has no sign: `-0.00` is printed and compared as `0.00`.
fn normalized(mut v: Decimal) -> Decimal {
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v
}

/// `d` with `,` between its thousands (`34,000.5`): so a price of four or
/// more digits never reads back as a word of the name (`Dow Jones 34000`).
fn grouped(d: Decimal) -> String {
    let plain = d.to_string();
    let (int, frac) = plain
        .split_once('.')
        .map_or((&plain[..], None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The canonical one-line form; it parses back to the same values.
///
/// ```
/// use tickerline::Quote;
/// let q = Quote::parse("HBL 117.85 Decreased By ▼ -0.08 (-0.07%)").unwrap();
/// assert_eq!(q.to_string(), "HBL 117.85 Down -0.08 (-0.07%)");
/// assert_eq!(Quote::parse(&q.to_string()).unwrap().change, q.change);
/// ```
impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self.direction {
            Direction::Up => "Up",
            Direction::Down => "Down",
            Direction::Unchanged => "Unchanged",
        };
        let signed = |v: Decimal| {
            if v.is_sign_negative() {
                v.to_string()
            } else {
                format!("+{v}")
            }
        };
        let lower = match self.direction {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Unchanged => "flat",
        };
        let Some(price) = self.price else {
            // A partial quote: `NAME: down -2.19%` reads back as one.
            write!(f, "{}:", self.symbol)?;
            if self.direction != Direction::Unchanged {
                write!(f, " {lower}")?;
            }
            if let Some(p) = self.change_pct {
                write!(f, " {}%", signed(p))?;
            }
            return Ok(());
        };
        if self.layout == Layout::MoveLevel {
            // `NAME up +200 or +1.2% at 33`: the move, then the level (a
            // zero move by its sign alone: `flat` takes no number).
            write!(f, "{}", self.symbol)?;
            if self.direction != Direction::Unchanged
                || (self.change.is_none() && self.change_pct.is_none())
            {
                write!(f, " {lower}")?;
            }
            match (self.change, self.change_pct) {
                (Some(c), Some(p)) => write!(f, " {} or {}%", signed(c), signed(p))?,
                (Some(c), None) => write!(f, " {}", signed(c))?,
                (None, Some(p)) => write!(f, " {}%", signed(p))?,
                (None, None) => {}
            }
            write!(f, " at ")?;
            return match self.currency.as_deref() {
                // Pence after the number: `231.9p`.
                Some("p") => write!(f, "{}p", grouped(price)),
                Some(c) => write!(f, "{c}{}", grouped(price)),
                None => write!(f, "{}", grouped(price)),
            };
        }
        // `Nifty 4: 2 ...`, `Gold: 50 ...`: after a name ending in a
        // number, or before a price that reads as a word (a whole number
        // under a thousand), a colon keeps the price out of the name.
        let number_last = self
            .symbol
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
        let word_like = price.scale() == 0 && price < Decimal::ONE_THOUSAND;
        let colon = if number_last || word_like { ":" } else { "" };
        write!(f, "{}{colon} ", self.symbol)?;
        if let Some(c) = &self.currency {
            write!(f, "{c} ")?;
        }
        write!(f, "{} {words}", grouped(price))?;
        if let Some(c) = self.change {
            write!(f, " {}", signed(c))?;
        }
        if let Some(p) = self.change_pct {
            write!(f, " ({}%)", signed(p))?;
        }
        Ok(())
    }
}
