//! Validation of scraper output: consistency rules with stable codes.
//!
//! Each rule has a kebab-case [`Code`], a default [`Severity`] and an
//! explanation. Per quote ([`check_quote`], [`validate`]): direction words,
//! arrow and signs agree; "no change" means zero; the percent follows from
//! the change and the price within the rounding of the shown digits
//! ([`percent_agrees`]); the previous close is positive. Per line
//! ([`near_misses`]): a place that looks like a quote but does not parse is
//! reported with what the grammar expected. Per page ([`PageCheck`]): one
//! symbol with two different sets of values.

mod arithmetic;
mod code;
mod diagnostic;
mod near_miss;
mod page;
mod rules;

pub use arithmetic::{expected_percent, half_ulp, interval, percent_agrees, percent_range};
pub use code::{Code, Levels, Severity};
pub use diagnostic::{Diagnostic, EXCERPT, escape_controls};
pub use near_miss::near_misses;
pub use page::{
    DUPLICATE_WINDOW, Duplicates, PageCheck, Report, annotate_quotes, validate_page, validate_str,
};
pub(crate) use rules::check_resolved;
pub use rules::{Finding, check_quote};

use crate::grammar;
use crate::quote::Quote;

/// Checks one quote record against the per-quote rules (re-reading its
/// `text`); spans are bytes of `quote.text`.
///
/// ```
/// use tickerline::Quote;
/// use tickerline::validate::{validate, Code};
///
/// let q = Quote::parse("BOP 5.26 Decreased By ▼ -0.07 (-1.31%)").unwrap();
/// assert!(validate(&q).is_empty());
///
/// let q = Quote::parse("BOP 5.26 Decreased By ▼ -0.07 (-13.1%)").unwrap();
/// let codes: Vec<Code> = validate(&q).iter().map(|f| f.code).collect();
/// assert_eq!(codes, [Code::PercentMismatch]);
/// ```
pub fn validate(quote: &Quote) -> Vec<Finding> {
    match grammar::quote(&quote.text) {
        Ok((_, syntax)) => check_quote(&syntax),
        Err(_) => Vec::new(),
    }
}
