//! The `table` layout: rows under a header line that names the columns.
//!
//! ```text
//! # TRADING CODE LTP* HIGH LOW YCP* % CHANGE
//! 1 RUPALILIFE2 41.3 42.8 40.9 45.2 -8.6283
//! ```
//!
//! The header decides what each cell of a row means, so a row is read by
//! its column names, in any order, the columns it does not know ignored.
//! Cells are split by tabs (what an HTML table becomes), by pipes
//! (Markdown tables) or, where the header has neither, by spaces: then a
//! row's symbol runs up to its first number. Rows may also run on after
//! the header on the same line (`SYMBOL PRICE CHANGE FATIMA 41.20 1.68
//! GHNI 210.65 -2.3`).

use smallvec::SmallVec;

use super::direction::arrow;
use super::error::PResult;
use super::layout::Layout;
use super::number::{Percent, number, percent};
use super::partial::paren_code;
use super::quote::{Move, QuoteSyntax, Token, amount, price, span_of};
use super::space::is_space;
use super::symbol::symbol_readings;

/// The most columns a header may name.
pub const MAX_COLUMNS: usize = 16;

/// The longest line read as a header or a row, in bytes.
pub const MAX_ROW_LINE: usize = 1024;

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A row number (`#`, `No.`).
    Rank,
    /// The symbol or name (`Symbol`, `Trading Code`, `Company`).
    Symbol,
    /// The price (`Last`, `LTP`, `Close`).
    Price,
    /// The change (`Chg`, `Change`, `+/-`).
    Change,
    /// The percent change (`%Chg`, `% Change`).
    Percent,
    /// Any other named column (`Volume`, `High`, `YCP`): not a field.
    Other,
}

/// How a table's cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// By tabs.
    Tabs,
    /// By pipes, as in Markdown: `| HBL | 117.85 |`.
    Pipes,
    /// By spaces.
    Spaces,
}

/// A table's header: its columns in order and how its cells are separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The columns, in order.
    pub columns: SmallVec<[Column; MAX_COLUMNS]>,
    /// The cell separator of the header (and its rows).
    pub cells: Cells,
}

// header        = [ lead-words ] column { separator column }
//                 (* a symbol, a price and a change or percent column *)
// column        = rank | symbol-column | price-column | change-column | percent-column | other-column
// rank          = "#" | "No" | "Rank" | "Sr" | "S.No" | "SL"
// symbol-column = "Symbol" | "Scrip" | "Code" | "Trading Code" | "Ticker" | "Name" | "Company" | "Instrument" | ...
// price-column  = "Last" | "LTP" | "Price" | "Close" | "ClosEP" | "Current" | "Last Price" | ...
// change-column = "Chg" | "Change" | "Net Chg" | "Net Change" | "+/-"
// percent-column= "%Chg" | "% Chg" | "% Change" | "Change %" | "Chg %" | "%" | "Pct Chg" | ...
// other-column  = "Volume" | "High" | "Low" | "Open" | "YCP" | "Prev. Close" | "Bid" | "Ask" | ...
//                 (* any case; a trailing "*" or "." dropped *)
/// The header at the start of `line` (or after a few lead words, `Top
/// Volumes SYMBOL PRICE...`), and where it ends: the rest of the line holds
/// rows that run on, or nothing.
///
/// ```
/// use tickerline::grammar::{Column, header};
/// let (h, end) = header("# TRADING CODE LTP* HIGH LOW YCP* % CHANGE").unwrap();
/// assert_eq!(h.columns.len(), 7);
/// assert_eq!((h.columns[1], h.columns[6]), (Column::Symbol, Column::Percent));
/// assert_eq!(end, 42);
/// assert!(header("Date Close Open").is_none()); // no symbol, no change
/// ```
pub fn header(line: &str) -> Option<(Header, usize)> {
    if line.len() > MAX_ROW_LINE {
        return None;
    }
    let cells = if line.contains('\t') {
        Cells::Tabs
    } else if line.trim_matches(is_space).starts_with('|') {
        Cells::Pipes
    } else {
        Cells::Spaces
    };
    let (columns, end) = match cells {
        Cells::Tabs | Cells::Pipes => {
            let mut columns = SmallVec::new();
            for cell in split_cells(line, cells)? {
                columns.push(column_named(&clean(cell.1))?);
                if columns.len() > MAX_COLUMNS {
                    return None;
                }
            }
            (columns, line.len())
        }
        Cells::Spaces => spaced_columns(line)?,
    };
    let count = |c: Column| columns.iter().filter(|&&x| x == c).count();
    let sound = count(Column::Symbol) == 1
        && count(Column::Price) == 1
        && count(Column::Change) <= 1
        && count(Column::Percent) <= 1
        && count(Column::Change) + count(Column::Percent) >= 1
        && count(Column::Rank) <= 1
        && columns.len() >= 3;
    sound.then_some((Header { columns, cells }, end))
}

/// The columns of a header separated by spaces: column names (of up to
/// three words each) after at most three lead words, up to the first word
/// that names no column.
fn spaced_columns(line: &str) -> Option<(SmallVec<[Column; MAX_COLUMNS]>, usize)> {
    let words: SmallVec<[(usize, &str); 24]> = words_of(line).take(24).collect();
    for lead in 0..=3.min(words.len()) {
        let mut columns = SmallVec::new();
        let mut i = lead;
        let mut end = 0;
        while i < words.len() && columns.len() < MAX_COLUMNS {
            let named = (1..=3).rev().find_map(|n| {
                let last = words.get(i + n - 1)?;
                let phrase = &line[words[i].0..last.0 + last.1.len()];
                column_named(&clean(phrase)).map(|c| (n, c, last.0 + last.1.len()))
            });
            let Some((n, column, at)) = named else {
                break;
            };
            columns.push(column);
            end = at;
            i += n;
        }
        if columns.len() >= 3 && columns.contains(&Column::Symbol) {
            return Some((columns, end));
        }
    }
    None
}

/// The words of `line` separated by spaces, with their offsets.
fn words_of(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let base = line.as_ptr() as usize;
    line.split(is_space)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - base, w))
}

/// A header cell's text as the vocabulary spells it: lower case, single
/// spaces, no trailing `*` or `.` (`LTP*`, `Chg.`).
fn clean(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for w in cell.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_ascii_lowercase());
    }
    while out.ends_with(['*', '.', ':']) && out.len() > 1 {
        out.pop();
    }
    out
}

/// The column a header cell names, if it is one of the usual names.
fn column_named(name: &str) -> Option<Column> {
    const NAMES: &[(&str, Column)] = &[
        ("#", Column::Rank),
        ("no", Column::Rank),
        ("rank", Column::Rank),
        ("sr", Column::Rank),
        ("s.no", Column::Rank),
        ("sl", Column::Rank),
        ("symbol", Column::Symbol),
        ("scrip", Column::Symbol),
        ("code", Column::Symbol),
        ("trading code", Column::Symbol),
        ("ticker", Column::Symbol),
        ("name", Column::Symbol),
        ("company", Column::Symbol),
        ("company name", Column::Symbol),
        ("instrument", Column::Symbol),
        ("security", Column::Symbol),
        ("stock", Column::Symbol),
        ("index", Column::Symbol),
        ("last", Column::Price),
        ("ltp", Column::Price),
        ("price", Column::Price),
        ("close", Column::Price),
        ("closep", Column::Price),
        ("current", Column::Price),
        ("last price", Column::Price),
        ("last trade", Column::Price),
        ("close price", Column::Price),
        ("closing price", Column::Price),
        ("current price", Column::Price),
        ("chg", Column::Change),
        ("change", Column::Change),
        ("net chg", Column::Change),
        ("net change", Column::Change),
        ("+/-", Column::Change),
        ("%chg", Column::Percent),
        ("% chg", Column::Percent),
        ("%change", Column::Percent),
        ("% change", Column::Percent),
        ("change %", Column::Percent),
        ("change%", Column::Percent),
        ("chg %", Column::Percent),
        ("chg%", Column::Percent),
        ("change (%)", Column::Percent),
        ("%", Column::Percent),
        ("pct chg", Column::Percent),
        ("pct change", Column::Percent),
        ("percent change", Column::Percent),
        ("volume", Column::Other),
        ("vol", Column::Other),
        ("high", Column::Other),
        ("low", Column::Other),
        ("open", Column::Other),
        ("ycp", Column::Other),
        ("prev close", Column::Other),
        ("prev. close", Column::Other),
        ("previous close", Column::Other),
        ("bid", Column::Other),
        ("ask", Column::Other),
        ("turnover", Column::Other),
        ("value", Column::Other),
        ("trades", Column::Other),
        ("deals", Column::Other),
        ("day high", Column::Other),
        ("day low", Column::Other),
        ("52w high", Column::Other),
        ("52w low", Column::Other),
        ("market cap", Column::Other),
        ("mkt cap", Column::Other),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// The cells of a tab or pipe separated line, with their offsets: `None`
/// for a line that is neither.
fn split_cells(line: &str, cells: Cells) -> Option<SmallVec<[(usize, &str); MAX_COLUMNS]>> {
    let sep = match cells {
        Cells::Tabs => '\t',
        Cells::Pipes => '|',
        Cells::Spaces => return None,
    };
    let mut out: SmallVec<[(usize, &str); MAX_COLUMNS]> = SmallVec::new();
    let mut at = 0;
    for part in line.split(sep) {
        let trimmed = part.trim_matches(|c| is_space(c) || c == '\r');
        let start = at + (part.len() - part.trim_start_matches(|c| is_space(c) || c == '\r').len());
        at += part.len() + 1;
        out.push((start, trimmed));
        if out.len() > MAX_COLUMNS + 2 {
            return None;
        }
    }
    // Pipes open and close a Markdown row: the cells outside them are none.
    if cells == Cells::Pipes {
        if out.first().is_some_and(|c| c.1.is_empty()) {
            out.remove(0);
        }
        if out.last().is_some_and(|c| c.1.is_empty()) {
            out.pop();
        }
    }
    // A tab row may start or end with an empty cell (indentation).
    if cells == Cells::Tabs {
        while out.first().is_some_and(|c| c.1.is_empty()) {
            out.remove(0);
        }
        while out.last().is_some_and(|c| c.1.is_empty()) {
            out.pop();
        }
    }
    Some(out)
}

/// What a line under a header is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // one row at a time, never stored
pub enum Row<'a> {
    /// A row with a quote.
    Quote(QuoteSyntax<'a>),
    /// A row of the table that holds no quote (a separator `|---|`, a row
    /// with no move written, a blank line).
    Empty,
    /// A row whose cells do not fit the header: how many it has.
    Misfit {
        /// The cells the row has.
        cells: usize,
        /// The columns the header names.
        columns: usize,
    },
    /// Not a row: the table has ended.
    End,
}

// row        = [ rank separator ] symbol-cell { separator value-cell }   (* a cell per column *)
// symbol-cell= symbol | name space0 paren-code
// value-cell = price | [ arrow space0 ] amount | percent | number | "-" | "n/a"
/// Reads `line` as a row of the table `header` names.
///
/// ```
/// use tickerline::grammar::{Row, header, row};
/// let (h, _) = header("Symbol\tLast\tChg\t%Chg\tVolume").unwrap();
/// let Row::Quote(q) = row(&h, "HBL\t117.85\t-0.08\t-0.07%\t1,204") else { panic!() };
/// assert_eq!((q.symbol, q.text), ("HBL", "HBL\t117.85\t-0.08\t-0.07%\t1,204"));
/// assert_eq!(row(&h, "HBL\t117.85\t-0.08"), Row::Misfit { cells: 3, columns: 5 });
/// assert_eq!(row(&h, "The market closed higher."), Row::End);
/// ```
pub fn row<'a>(header: &Header, line: &'a str) -> Row<'a> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.len() > MAX_ROW_LINE {
        return Row::End;
    }
    if line.trim_matches(is_space).is_empty() || is_rule(line) {
        return Row::Empty;
    }
    let cells = match header.cells {
        Cells::Spaces => {
            let (row, rest) = spaced_row(header, line);
            return match row {
                Row::Quote(_) | Row::Empty if !rest.trim_matches(is_space).is_empty() => {
                    let extra = words_of(rest).count();
                    Row::Misfit {
                        cells: header.columns.len() + extra,
                        columns: header.columns.len(),
                    }
                }
                row => row,
            };
        }
        cells => match split_cells(line, cells) {
            Some(found) => found,
            None => return Row::End,
        },
    };
    if !cells.iter().any(|(_, c)| is_value_cell(c)) || cells.len() < 2 {
        return Row::End;
    }
    if cells.len() != header.columns.len() {
        return Row::Misfit {
            cells: cells.len(),
            columns: header.columns.len(),
        };
    }
    quote_of(header, line, &cells)
}

/// A run of dashes, equals signs, colons, pipes and spaces: a rule under a
/// header (`|---|:---:|`).
fn is_rule(line: &str) -> bool {
    line.contains(['-', '='])
        && line
            .chars()
            .all(|c| matches!(c, '-' | '=' | ':' | '|' | '+' | '\r') || is_space(c))
}

/// The row at the start of `text` in a table separated by spaces, and
/// what follows it (the next row of a run-on line).
///
/// ```
/// use tickerline::grammar::{Row, header, row_at};
/// let (h, end) = header("SYMBOL PRICE HIGH LOW CHANGE VOLUME FATIMA 41.20 41.75 39.90 1.68 6,412,503").unwrap();
/// let (Row::Quote(q), rest) = row_at(&h, &"SYMBOL PRICE HIGH LOW CHANGE VOLUME FATIMA 41.20 41.75 39.90 1.68 6,412,503"[end..]) else { panic!() };
/// assert_eq!((q.symbol, rest), ("FATIMA", ""));
/// ```
pub fn row_at<'a>(header: &Header, text: &'a str) -> (Row<'a>, &'a str) {
    spaced_row(header, text)
}

/// A row of a table separated by spaces at the start of `text`: each
/// column takes one word, the symbol all the words up to the next value.
fn spaced_row<'a>(header: &Header, text: &'a str) -> (Row<'a>, &'a str) {
    let words: SmallVec<[(usize, &str); 24]> = words_of(text).take(MAX_COLUMNS + 8).collect();
    let mut cells: SmallVec<[(usize, &str); MAX_COLUMNS]> = SmallVec::new();
    let mut i = 0;
    for (n, column) in header.columns.iter().enumerate() {
        let Some(&(at, w)) = words.get(i) else {
            // The line ends before the row does.
            return if cells.iter().any(|(_, c)| is_value_cell(c)) {
                (
                    Row::Misfit {
                        cells: n,
                        columns: header.columns.len(),
                    },
                    "",
                )
            } else {
                (Row::End, "")
            };
        };
        match column {
            Column::Symbol => {
                // Words up to the next value; at most five.
                let mut j = i;
                while j < words.len() && j - i < 6 && !is_value_cell(words[j].1) {
                    j += 1;
                }
                if j == i || j - i > 5 {
                    return (Row::End, text);
                }
                let last = words[j - 1];
                cells.push((at, &text[at..last.0 + last.1.len()]));
                i = j;
            }
            Column::Rank if !w.bytes().all(|b| b.is_ascii_digit()) => {
                return (Row::End, text);
            }
            _ => {
                if !is_value_cell(w) {
                    return (
                        if cells.iter().any(|(_, c)| is_value_cell(c)) {
                            Row::Misfit {
                                cells: n,
                                columns: header.columns.len(),
                            }
                        } else {
                            Row::End
                        },
                        text,
                    );
                }
                cells.push((at, w));
                i += 1;
            }
        }
    }
    let end = cells.last().map_or(0, |(at, c)| at + c.len());
    (quote_of(header, text, &cells), &text[end..])
}

/// `true` for a cell that holds a value: a number (signed, with a
/// currency, an arrow or a percent), or the `-`/`n/a` of none.
pub(crate) fn is_value_cell(cell: &str) -> bool {
    let c = cell.trim_start_matches(['(', '+', '-', '−', '$', '€', '£', '₹']);
    let c = arrow(c).map_or(c, |(rest, _)| rest.trim_start_matches(is_space));
    let c = c.trim_start_matches(['+', '-', '−']);
    c.starts_with(|c: char| c.is_ascii_digit()) || matches!(cell, "-" | "–" | "n/a" | "N/A" | "--")
}

/// The quote of a row whose cells fit the header's columns.
fn quote_of<'a>(header: &Header, line: &'a str, cells: &[(usize, &'a str)]) -> Row<'a> {
    let mut symbol = None;
    let mut price_cell = None;
    let mut change = None;
    let mut pct = None;
    for (&(at, cell), column) in cells.iter().zip(&header.columns) {
        match column {
            Column::Symbol => symbol = Some((at, cell)),
            Column::Price => price_cell = Some(cell),
            Column::Change => change = Some(cell),
            Column::Percent => pct = Some(cell),
            Column::Rank | Column::Other => {}
        }
    }
    let (Some((at, symbol_cell)), Some(price_cell)) = (symbol, price_cell) else {
        return Row::End;
    };
    let Some(symbol) = symbol_of(symbol_cell) else {
        return Row::End;
    };
    let end = cells.last().map_or(at, |(a, c)| a + c.len());
    let base = &line[at..end];
    let Some(price) = whole(price_cell, price) else {
        return Row::Empty;
    };
    let mut movement = Move::default();
    if let Some(cell) = change.filter(|c| is_value_cell(c) && !is_none(c)) {
        let (at_number, arrow_tok) = match arrow(cell) {
            Ok((rest, dir)) => {
                let rest = rest.trim_start_matches(is_space);
                (
                    rest,
                    Some(Token {
                        value: dir,
                        span: span_of(base, &cell[..cell.len() - rest.len()]),
                    }),
                )
            }
            Err(_) => (cell, None),
        };
        let Some(value) = whole(at_number, amount) else {
            return Row::Empty;
        };
        movement.arrow = arrow_tok;
        movement.change = Some(Token {
            value,
            span: span_of(base, at_number),
        });
    }
    if let Some(cell) = pct.filter(|c| is_value_cell(c) && !is_none(c)) {
        let value = match whole(cell, percent) {
            Some(p) => p,
            // A percent column often drops the `%`.
            None => match whole(cell, number) {
                Some(number) => Percent {
                    number,
                    parenthesized: false,
                },
                None => return Row::Empty,
            },
        };
        movement.percent = Some(Token {
            value,
            span: span_of(base, cell),
        });
    }
    if movement.change.is_none() && movement.percent.is_none() {
        return Row::Empty;
    }
    Row::Quote(QuoteSyntax {
        text: base,
        layout: Layout::Table,
        symbol,
        price: Some(Token {
            value: price,
            span: span_of(base, price_cell),
        }),
        movement,
    })
}

/// `true` for the cell of a value not given.
fn is_none(cell: &str) -> bool {
    matches!(cell, "-" | "–" | "n/a" | "N/A" | "--")
}

/// What `parse` reads from all of `cell`.
fn whole<'a, T>(cell: &'a str, parse: impl Fn(&'a str) -> PResult<'a, T>) -> Option<T> {
    match parse(cell) {
        Ok(("", v)) => Some(v),
        _ => None,
    }
}

/// The symbol of a symbol cell: the whole cell as a symbol, or the code in
/// parentheses after a name (`Kohinoor Mills (KML)`).
fn symbol_of(cell: &str) -> Option<&str> {
    if let Some(open) = cell.rfind('(')
        && let Some((code, after)) = paren_code(&cell[open..])
        && after.trim_matches(is_space).is_empty()
    {
        return Some(code);
    }
    let readings = symbol_readings(cell).ok()?;
    readings
        .longest_first()
        .find(|&len| len == cell.len())
        .map(|len| &cell[..len])
        .filter(|s| !super::cells::is_field_label(s))
}
