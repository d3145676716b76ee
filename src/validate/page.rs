//! Page-level validation: every rule over every line of a page, as the
//! scanner streams it, plus the rules that need the whole page (duplicates).
//!
//! Memory stays bounded on any page: the duplicate rule remembers at most
//! [`DUPLICATE_WINDOW`] symbols (the most recently seen ones; see
//! [`Duplicates`]), so a page of millions of distinct symbols costs a few
//! MiB, not one entry per symbol. What that can miss: a conflicting repeat
//! of a symbol whose first sighting lies more than half a window of other
//! distinct symbols back on the page. Real pages hold a few hundred.

use std::io::{self, Read};
use std::sync::Arc;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::rules::check_resolved;
use super::{Code, Diagnostic, Finding, Levels, Severity, near_misses};
use crate::quote::Quote;
use crate::quote::Values;
use crate::scan::{LineScan, PageSummary, Scanner};

/// Where a symbol was first seen, and its price, change and percent there.
type Sighting = (u64, Option<Decimal>, Option<Decimal>, Option<Decimal>);

/// The symbols seen on one page, for `conflicting-duplicate`: quotes must
/// be shown to it in page order.
///
/// A bounded window: two generations of at most [`DUPLICATE_WINDOW`] / 2
/// symbols each. New symbols go into the current one; when it is full it
/// becomes the previous one and the old previous one is dropped. A symbol
/// seen again is looked up in both (and carried into the current one), so
/// a symbol is remembered as long as fewer than half a window of other
/// distinct symbols have come since it was last seen.
///
/// ```
/// use tickerline::Quote;
/// use tickerline::validate::Duplicates;
/// let mut seen = Duplicates::default();
/// let a = Quote::parse("HBL 117.85 ▼ -0.08").unwrap();
/// let b = Quote::parse("HBL 118.85 ▲ 0.92").unwrap();
/// let mut see = |q: &Quote| seen.first_other_sighting(&q.symbol, q.line, &q.into());
/// assert_eq!(see(&a), None);
/// assert_eq!(see(&a), None); // same values: fine
/// assert_eq!(see(&b), Some((1, a.price)));
/// ```
#[derive(Debug, Default)]
pub struct Duplicates {
    /// First sighting of each symbol lately seen: line and values...
    current: FxHashMap<String, Sighting>,
    /// ...and of those seen before the current generation began.
    previous: FxHashMap<String, Sighting>,
}

/// How many distinct symbols the duplicate rule remembers at most on one
/// page (about 100 bytes each): the bound on its memory.
pub const DUPLICATE_WINDOW: usize = 64 * 1024;

impl Duplicates {
    /// If `symbol` was seen on this page with other values than `values`:
    /// that line and price. Remembers the first sighting of each symbol
    /// (here on `line`).
    pub fn first_other_sighting(
        &mut self,
        symbol: &str,
        line: u64,
        values: &Values,
    ) -> Option<(u64, Option<Decimal>)> {
        let seen = match self.current.get(symbol) {
            Some(&seen) => Some(seen),
            None => {
                let seen = self.previous.get(symbol).copied();
                let first = (line, values.price, values.change, values.change_pct);
                if self.current.len() >= DUPLICATE_WINDOW / 2 {
                    self.previous = std::mem::take(&mut self.current);
                }
                self.current
                    .insert(symbol.to_owned(), seen.unwrap_or(first));
                seen
            }
        };
        match seen {
            None => None,
            Some((line, price, change, pct)) => {
                let same = same_option(price, values.price)
                    && same_option(change, values.change)
                    && same_option(pct, values.change_pct);
                (!same).then_some((line, price))
            }
        }
    }

    /// `first_other_sighting` as a finding on the symbol (`symbol_len` bytes).
    fn finding(&mut self, q: &Quote, symbol_len: usize) -> Option<Finding> {
        let (line, price) = self.first_other_sighting(&q.symbol, q.line, &q.into())?;
        Some(Finding {
            code: Code::ConflictingDuplicate,
            span: 0..symbol_len,
            message: format!(
                "{} appears again with other values: price {} here, {} on line {line}",
                q.symbol,
                shown(q.price),
                shown(price)
            ),
            label: format!("also on line {line}"),
        })
    }
}

/// A price as a message shows it: `none` for a partial quote's.
fn shown(price: Option<Decimal>) -> String {
    price.map_or_else(|| "none".to_owned(), |p| p.to_string())
}

/// `a == b` in value, cheaply for the usual case: at one scale two non-zero
/// decimals are equal only if they are the same bits.
fn same_value(a: Decimal, b: Decimal) -> bool {
    if a.scale() == b.scale() && !a.is_zero() {
        a.mantissa() == b.mantissa()
    } else {
        a == b
    }
}

fn same_option(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_value(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// Records in each quote's `issues` the codes of the per-quote rules it
/// breaks (all of them, whatever their severity), without building
/// diagnostics: what `extract` needs. Page-level rules are the caller's
/// ([`Duplicates`]).
pub fn annotate_quotes(line: &LineScan<'_>, quotes: &mut [Quote]) {
    for ((_, syntax), quote) in line.found.iter().zip(quotes.iter_mut()) {
        let mut codes = SmallVec::<[Code; 4]>::new();
        check_resolved(syntax, &Values::from(&*quote), &mut codes);
        quote.issues.extend(codes);
    }
}

/// Runs the rules over one page; feed it each line through
/// [`Scanner::scan_reader_with`], or use [`validate_page`].
pub struct PageCheck {
    source: Arc<str>,
    levels: Levels,
    duplicates: Duplicates,
}

impl PageCheck {
    /// A check of the page `source` with the severities `levels`.
    pub fn new(source: &str, levels: Levels) -> Self {
        PageCheck {
            source: Arc::from(source),
            levels,
            duplicates: Duplicates::default(),
        }
    }

    /// Checks one scanned line: records the codes each quote breaks in its
    /// `issues`, and hands every diagnostic not allowed to `emit`, near-misses
    /// included.
    pub fn inspect(
        &mut self,
        line: &LineScan<'_>,
        quotes: &mut [Quote],
        emit: &mut impl FnMut(Diagnostic),
    ) {
        let mut findings = Vec::new();
        for ((at, syntax), quote) in line.found.iter().zip(quotes.iter_mut()) {
            let mut found = Vec::new();
            check_resolved(syntax, &Values::from(&*quote), &mut found);
            found.extend(self.duplicates.finding(quote, syntax.symbol.len()));
            quote.issues.extend(found.iter().map(|f| f.code));
            findings.extend(found.into_iter().map(|f| f.shifted(*at)));
        }
        // A window of lines (a cells quote) is read whole or not at all.
        let window = line
            .found
            .iter()
            .any(|(_, q)| q.layout == crate::grammar::Layout::Cells);
        if !window {
            findings.extend(near_misses(line.text, line.found));
        }
        if let Some((cells, columns)) = line.table_misfit {
            let text = line.text.trim_end();
            let start = text.len() - text.trim_start().len();
            findings.push(Finding {
                code: Code::TableRowMisfit,
                span: start..text.len(),
                message: format!(
                    "this row has {cells} cells where its table's header names {columns} columns"
                ),
                label: format!("{cells} cells, {columns} columns"),
            });
        }
        // In column order, as a reader goes along the line.
        findings.sort_by_key(|f| f.span.start);
        for finding in findings {
            self.emit(line, finding, emit);
        }
    }

    /// Like [`annotate_quotes`], plus the page-level duplicate rule: the
    /// `issues` column of `extract` for a page scanned in one go.
    pub fn annotate(&mut self, line: &LineScan<'_>, quotes: &mut [Quote]) {
        annotate_quotes(line, quotes);
        for quote in quotes.iter_mut() {
            if self
                .duplicates
                .first_other_sighting(&quote.symbol, quote.line, &(&*quote).into())
                .is_some()
            {
                quote.issues.push(Code::ConflictingDuplicate);
            }
        }
    }

    fn emit(&self, line: &LineScan<'_>, finding: Finding, emit: &mut impl FnMut(Diagnostic)) {
        let severity = self.levels.of(finding.code);
        if severity == Severity::Allow {
            return;
        }
        let at = finding.span.start;
        emit(Diagnostic::new(
            finding,
            severity,
            Arc::clone(&self.source),
            line.number,
            line.column_of(at),
            line.offset_of(at),
            line.text,
        ));
    }
}

/// What validating a page (or several) found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The diagnostics, in page order.
    pub diagnostics: Vec<Diagnostic>,
    /// What the scan saw.
    pub summary: PageSummary,
}

impl Report {
    /// Number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Validates one page from `reader`, handing each diagnostic to `emit` as
/// soon as its line is read. Lines where no quote can start are inspected
/// too, for near-misses.
pub fn validate_page<R: Read>(
    scanner: &Scanner,
    levels: &Levels,
    source: &str,
    reader: R,
    mut emit: impl FnMut(Diagnostic),
) -> io::Result<PageSummary> {
    let mut check = PageCheck::new(source, levels.clone());
    let scanner = scanner.to_builder().inspect_digit_lines(true).build();
    scanner.scan_reader_with(
        source,
        reader,
        |line, quotes| check.inspect(line, quotes, &mut emit),
        |_| {},
    )
}

/// Validates an in-memory page with the default severities.
///
/// ```
/// use tickerline::validate::{validate_str, Code, Severity};
/// let page = "HBL 117.85 Decreased By ▼ -0.08 (-0.07%)\nSSGC 10.54 No Change ▼ 0.00 (0%)\n";
/// let report = validate_str("page.txt", page);
/// assert_eq!(report.diagnostics.len(), 1);
/// assert_eq!(report.diagnostics[0].code, Code::ArrowOnZeroChange);
/// assert_eq!(report.diagnostics[0].severity, Severity::Warning);
/// assert_eq!((report.diagnostics[0].line, report.diagnostics[0].column), (2, 22));
/// ```
pub fn validate_str(source: &str, page: &str) -> Report {
    let mut report = Report::default();
    // Reading from a slice cannot fail.
    if let Ok(summary) = validate_page(
        &Scanner::new(),
        &Levels::default(),
        source,
        page.as_bytes(),
        |d| report.diagnostics.push(d),
    ) {
        report.summary = summary;
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_stay_bounded_and_remember_recent_symbols() {
        let values = |price: i64| Values {
            direction: crate::Direction::Up,
            price: Some(Decimal::new(price, 2)),
            change: None,
            change_pct: None,
        };
        let mut seen = Duplicates::default();
        assert_eq!(seen.first_other_sighting("HBL", 1, &values(100)), None);
        for k in 0..3 * DUPLICATE_WINDOW as u64 {
            // HBL is seen again now and then: it stays remembered.
            if k % 1000 == 0 {
                assert_eq!(
                    seen.first_other_sighting("HBL", k + 2, &values(101)),
                    Some((1, Some(Decimal::new(100, 2)))),
                    "{k}"
                );
            }
            assert_eq!(
                seen.first_other_sighting(&format!("S{k}"), k + 2, &values(1)),
                None
            );
            assert!(seen.current.len() + seen.previous.len() <= DUPLICATE_WINDOW);
        }
        // Long forgotten: no word (the documented miss).
        assert_eq!(seen.first_other_sighting("S0", 1, &values(2)), None);
    }

    #[test]
    fn values_compare_by_value_at_any_scale() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(same_value(d("1.50"), d("1.5")));
        assert!(same_value(d("1.50"), d("1.50")));
        assert!(!same_value(d("1.50"), d("1.51")));
        assert!(!same_value(d("-1.50"), d("1.50")));
        assert!(same_value(d("0.00"), -d("0.00")));
        assert!(same_value(d("0"), d("0.00")));
        assert!(same_option(None, None) && !same_option(Some(d("1")), None));
    }
}
