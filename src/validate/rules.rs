//! The consistency rules of one quote: direction words, arrow, signs,
//! "no change", and the percent arithmetic.

use std::ops::Range;

use rust_decimal::Decimal;

use super::Code;
use super::arithmetic::{expected_percent, percent_agrees};
use crate::grammar::{Direction, Number, QuoteSyntax, Sign};
use crate::quote::Values;

/// A rule broken at one place: the code, the span of the offending token and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub code: Code,
    /// Byte span of the offending token: in the quote's text for
    /// [`check_quote`], in the line for line-level rules.
    pub span: Range<usize>,
    /// The message, one sentence.
    pub message: String,
    /// A short label for the caret under the token.
    pub label: String,
}

impl Finding {
    fn new(code: Code, span: Range<usize>, message: String, label: impl Into<String>) -> Self {
        Finding {
            code,
            span,
            message,
            label: label.into(),
        }
    }

    /// The same finding with its span moved right by `by` bytes.
    pub fn shifted(mut self, by: usize) -> Self {
        self.span = self.span.start + by..self.span.end + by;
        self
    }
}

/// The direction a written sign states, if the number is not zero.
/// Where the rules put what they find: whole [`Finding`]s (the validator),
/// or only the codes (extraction, which never shows a message, so never
/// formats one).
pub(crate) trait Findings {
    /// Records that rule `code` fails at `span`; `describe` gives the
    /// message and the label, and is called only if they are kept.
    fn found(
        &mut self,
        code: Code,
        span: &Range<usize>,
        describe: impl FnOnce() -> (String, String),
    );
}

impl Findings for Vec<Finding> {
    fn found(
        &mut self,
        code: Code,
        span: &Range<usize>,
        describe: impl FnOnce() -> (String, String),
    ) {
        let (message, label) = describe();
        self.push(Finding::new(code, span.clone(), message, label));
    }
}

impl<A: smallvec::Array<Item = Code>> Findings for smallvec::SmallVec<A> {
    fn found(&mut self, code: Code, _: &Range<usize>, _: impl FnOnce() -> (String, String)) {
        self.push(code);
    }
}

fn sign_direction(n: &Number) -> Option<Direction> {
    match n.sign {
        _ if n.value.is_zero() => None,
        Some(Sign::Plus) => Some(Direction::Up),
        Some(Sign::Minus) => Some(Direction::Down),
        None => None,
    }
}

/// The sign rule `code`: fails if the written sign of `n` says other than
/// `stated`. Returns whether it failed.
fn sign_rule(
    out: &mut impl Findings,
    code: Code,
    span: &Range<usize>,
    n: &Number,
    unit: &str,
    stated: Direction,
) -> bool {
    let Some(written) = sign_direction(n).filter(|s| *s != stated) else {
        return false;
    };
    out.found(code, span, || {
        let (what, sign) = match code {
            Code::ChangeSignMismatch => ("the change", "says"),
            _ => ("the percent", "moved"),
        };
        let (word, mark) = if written == Direction::Up {
            ("positive", "plus")
        } else {
            ("negative", "minus")
        };
        (
            format!(
                "{what} {}{unit} is {word} but the quote {sign} {stated}",
                n.value
            ),
            format!("{mark} sign"),
        )
    });
    true
}

/// Checks one parsed quote against every per-quote rule.
///
/// ```
/// use tickerline::grammar::quote;
/// use tickerline::validate::{check_quote, Code};
///
/// let (_, q) = quote("AIRLINK 80.60 Increased By ▼ 1.19 (1.5%)").unwrap();
/// let findings = check_quote(&q);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].code, Code::ArrowMismatch);
/// assert_eq!(&q.text[findings[0].span.clone()], "▼");
///
/// let (_, q) = quote("AIRLINK 80.60 Increased By ▲ 1.19 (1.5%)").unwrap();
/// assert!(check_quote(&q).is_empty());
/// ```
pub fn check_quote(q: &QuoteSyntax<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    check_resolved(q, &Values::of(q), &mut out);
    out
}

/// [`check_quote`] with the quote's values already resolved (the scanner
/// resolved them for the record: no need to do it twice).
pub(crate) fn check_resolved(q: &QuoteSyntax<'_>, values: &Values, out: &mut impl Findings) {
    let m = &q.movement;
    let words = m.words.as_ref().map(|t| t.value);
    let unchanged_words = words == Some(Direction::Unchanged);
    let change = m.change.as_ref();
    let pct = m.percent.as_ref();
    let is_zero = |n: &Number| n.value.is_zero();
    let zero_move = change
        .map(|c| is_zero(&c.value.number))
        .or(pct.map(|p| is_zero(&p.value.number)))
        .unwrap_or(false);

    if let Some(arrow) = &m.arrow {
        if zero_move {
            out.found(Code::ArrowOnZeroChange, &arrow.span, || {
                (
                    format!(
                        "an arrow ({}) on a change of zero",
                        &q.text[arrow.span.clone()]
                    ),
                    "arrow on no move".into(),
                )
            });
        } else if let Some(w) = words.filter(|w| *w != Direction::Unchanged && *w != arrow.value) {
            out.found(Code::ArrowMismatch, &arrow.span, || {
                (
                    format!("the arrow points {} but the words say {w}", arrow.value),
                    format!("points {}", arrow.value),
                )
            });
        }
    }

    // A repeated arrow before the percent must point the same way.
    let first_direction = m
        .arrow
        .as_ref()
        .map(|t| t.value)
        .or(words.filter(|w| *w != Direction::Unchanged));
    if let (Some(second), Some(first)) = (&m.percent_arrow, first_direction)
        && second.value != first
        && !zero_move
    {
        out.found(Code::ArrowMismatch, &second.span, || {
            (
                format!(
                    "the arrow before the percent points {} but the quote says {first}",
                    second.value
                ),
                format!("points {}", second.value),
            )
        });
    }

    if unchanged_words {
        let moved = change
            .filter(|c| !is_zero(&c.value.number))
            .map(|c| (&c.span, c.value.number.value, ""))
            .or_else(|| {
                pct.filter(|p| !is_zero(&p.value.number))
                    .map(|p| (&p.span, p.value.number.value, "%"))
            });
        if let Some((span, shown, unit)) = moved {
            out.found(Code::UnchangedWithMove, span, || {
                (
                    format!("the words say no change but the quote moved {shown}{unit}"),
                    "not zero".into(),
                )
            });
        }
    }

    // The direction the words (else the arrow) state, for the sign rules.
    let stated = if unchanged_words {
        None
    } else {
        words.or(m.arrow.as_ref().map(|t| t.value))
    };
    let mut sign_conflict = false;
    if let (Some(d), Some(c)) = (stated, change) {
        sign_conflict |= sign_rule(
            out,
            Code::ChangeSignMismatch,
            &c.span,
            &c.value.number,
            "",
            d,
        );
    }
    let reference = stated.or_else(|| change.and_then(|c| sign_direction(&c.value.number)));
    if let (Some(d), Some(p)) = (reference, pct) {
        sign_conflict |= sign_rule(
            out,
            Code::PercentSignMismatch,
            &p.span,
            &p.value.number,
            "%",
            d,
        );
    }

    if let (Some(price), Some(c), Some(tok)) = (values.price, values.change, change) {
        let close = price.checked_sub(c);
        if close.is_some_and(|close| close <= Decimal::ZERO) {
            out.found(Code::NonpositivePreviousClose, &tok.span, || {
                (
                    format!(
                        "price {price} minus change {c} leaves a previous close of {}",
                        close.unwrap_or_default()
                    ),
                    "change too large for the price".into(),
                )
            });
        } else if let (Some(p), Some(ptok)) = (values.change_pct, pct)
            && !sign_conflict
            && !unchanged_words
            && percent_agrees(price, c, p) == Some(false)
        {
            out.found(Code::PercentMismatch, &ptok.span, || {
                let want = expected_percent(price, c, p.scale())
                    .map_or_else(String::new, |e| format!("{e}%"));
                (
                    format!(
                        "the percent {p}% does not follow from change {c} on price {price} (previous close {}): expected {want}",
                        close.unwrap_or_default()
                    ),
                    format!("expected {want}"),
                )
            });
        }
    }
}
