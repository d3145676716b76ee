//! The percent check in interval arithmetic.
//!
//! A number shown with `s` decimal places stands for every value that rounds
//! to it: `80.60` is `[80.595, 80.605]`. The percent change on the previous
//! close, `f(p, c) = 100 c / (p - c)`, is monotonic in `p` and in `c` while
//! `p - c > 0`, so over the box of possible `(p, c)` its range is spanned by
//! the four corners. The shown percent passes when its own interval meets
//! that range: no more and no less slack than the shown digits allow.

use std::ops::RangeInclusive;

use rust_decimal::Decimal;

/// Half a unit in the last shown place: `0.005` for `80.60`, `0.5` for `7626`.
///
/// ```
/// use tickerline::validate::half_ulp;
/// assert_eq!(half_ulp("80.60".parse().unwrap()).to_string(), "0.005");
/// assert_eq!(half_ulp("7626".parse().unwrap()).to_string(), "0.5");
/// ```
pub fn half_ulp(shown: Decimal) -> Decimal {
    // At the largest scale (28) the next place cannot be written: take one
    // unit of the last place, a hair more slack than rounding allows.
    Decimal::try_new(5, shown.scale() + 1).unwrap_or(Decimal::new(1, Decimal::MAX_SCALE))
}

/// The interval of values that round to `shown`, or `None` at the edge of
/// the representable range.
pub fn interval(shown: Decimal) -> Option<RangeInclusive<Decimal>> {
    let h = half_ulp(shown);
    Some(shown.checked_sub(h)?..=shown.checked_add(h)?)
}

/// The range of `100 c / (p - c)` over all `p`, `c` that round to the shown
/// price and change, or `None` if some of them give a previous close at or
/// below zero (or the numbers are too large to compute with).
///
/// ```
/// use tickerline::validate::percent_range;
/// let d = |s: &str| s.parse().unwrap();
/// // AIRLINK 80.60 ▲ 1.19: 1.4986...% on the shown digits, 1.4922% to 1.5050% over their rounding
/// let r = percent_range(d("80.60"), d("1.19")).unwrap();
/// assert!(r.contains(&d("1.4986")) && r.contains(&d("1.5")));
/// assert!(!r.contains(&d("1.49")) && !r.contains(&d("1.51")));
/// ```
pub fn percent_range(price: Decimal, change: Decimal) -> Option<RangeInclusive<Decimal>> {
    let (p, c) = (interval(price)?, interval(change)?);
    let mut lo: Option<Decimal> = None;
    let mut hi: Option<Decimal> = None;
    for p in [*p.start(), *p.end()] {
        for c in [*c.start(), *c.end()] {
            let close = p.checked_sub(c)?;
            if close <= Decimal::ZERO {
                return None;
            }
            let f = c.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(close)?;
            lo = Some(lo.map_or(f, |l| l.min(f)));
            hi = Some(hi.map_or(f, |h| h.max(f)));
        }
    }
    Some(lo?..=hi?)
}

/// `true` if the shown percent is what the shown price and change give,
/// within rounding; `None` if it cannot be judged (see [`percent_range`]).
///
/// ```
/// use tickerline::validate::percent_agrees;
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(percent_agrees(d("80.60"), d("1.19"), d("1.5")), Some(true));
/// assert_eq!(percent_agrees(d("80.60"), d("1.19"), d("15")), Some(false));
/// assert_eq!(percent_agrees(d("117.85"), d("-0.08"), d("-0.07")), Some(true));
/// assert_eq!(percent_agrees(d("1.00"), d("2.00"), d("5")), None); // previous close below zero
/// ```
pub fn percent_agrees(price: Decimal, change: Decimal, percent: Decimal) -> Option<bool> {
    // The percent of the shown digits lies in the range: if it meets the
    // shown interval, so does the range. Tested without dividing:
    // lo <= 100 c / close <= hi  <=>  lo * close <= 100 c <= hi * close.
    if nominal_agrees(price, change, percent) == Some(true) {
        return Some(true);
    }
    let shown = interval(percent)?;
    let close = price.checked_sub(change)?;
    if close > Decimal::ZERO
        && let Some(scaled) = change.checked_mul(Decimal::ONE_HUNDRED)
        && let Some(lo) = shown.start().checked_mul(close)
        && let Some(hi) = shown.end().checked_mul(close)
        && lo <= scaled
        && scaled <= hi
    {
        return Some(true);
    }
    // The range meets [lo, hi] unless every corner lies below lo or every
    // corner above hi; each corner compared without dividing, as above.
    let (p, c) = (interval(price)?, interval(change)?);
    let (mut reaches_lo, mut reaches_hi) = (false, false);
    for p in [*p.start(), *p.end()] {
        for c in [*c.start(), *c.end()] {
            let close = p.checked_sub(c)?;
            if close <= Decimal::ZERO {
                return None;
            }
            let scaled = c.checked_mul(Decimal::ONE_HUNDRED)?;
            reaches_lo |= scaled >= shown.start().checked_mul(close)?;
            reaches_hi |= scaled <= shown.end().checked_mul(close)?;
        }
    }
    Some(reaches_lo && reaches_hi)
}

/// The nominal test of [`percent_agrees`] in exact integers: the numbers
/// as mantissas at one scale, so no `Decimal` rescaling runs for the usual
/// quote. `None` when a value does not fit or the previous close is not
/// positive (then the `Decimal` path decides).
fn nominal_agrees(price: Decimal, change: Decimal, percent: Decimal) -> Option<bool> {
    let at_scale = |d: Decimal, scale: u32| -> Option<i128> {
        d.mantissa()
            .checked_mul(10i128.checked_pow(scale.checked_sub(d.scale())?)?)
    };
    let scale = price.scale().max(change.scale());
    let (p, c) = (at_scale(price, scale)?, at_scale(change, scale)?);
    let close = p.checked_sub(c)?;
    if close <= 0 {
        return None;
    }
    // The shown percent's interval, in units of a tenth of its last place.
    let q = percent.mantissa().checked_mul(10)?;
    let (lo, hi) = (q.checked_sub(5)?, q.checked_add(5)?);
    let ten_pow = 10i128.checked_pow(percent.scale() + 1)?;
    let scaled = c.checked_mul(100)?.checked_mul(ten_pow)?;
    Some(lo.checked_mul(close)? <= scaled && scaled <= hi.checked_mul(close)?)
}

/// The percent the price and change give, rounded to the shown percent's scale.
pub fn expected_percent(price: Decimal, change: Decimal, scale: u32) -> Option<Decimal> {
    let close = price.checked_sub(change)?;
    if close <= Decimal::ZERO {
        return None;
    }
    let f = change
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(close)?;
    Some(f.round_dp(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn seed_rows_agree() {
        for (p, c, pct) in [
            ("5.26", "-0.07", "-1.31"),
            ("26.57", "0.02", "0.08"),
            ("1.33", "-0.07", "-5"),
            ("7626", "100.3", "1.33"),
            ("72743", "771.4", "1.07"),
            ("24034", "284.8", "1.2"),
            ("10.54", "0.00", "0"),
        ] {
            assert_eq!(
                percent_agrees(d(p), d(c), d(pct)),
                Some(true),
                "{p} {c} {pct}"
            );
        }
    }

    #[test]
    fn defects_disagree() {
        // dropped decimal point in the price, swapped change and percent, wrong sign
        assert_eq!(
            percent_agrees(d("11785"), d("-0.08"), d("-0.07")),
            Some(false)
        );
        assert_eq!(
            percent_agrees(d("117.85"), d("-0.07"), d("-0.08")),
            Some(false)
        );
        assert_eq!(
            percent_agrees(d("117.85"), d("-0.08"), d("0.07")),
            Some(false)
        );
    }

    #[test]
    fn the_integer_test_agrees_with_decimals() {
        let cases = [
            ("80.60", "1.19", "1.5"),
            ("80.60", "1.19", "1.49"),
            ("117.85", "-0.08", "-0.07"),
            ("72743", "771.4", "1.07"),
            ("1.33", "-0.07", "-5"),
            ("0.0001", "0.00005", "100.0"),
            ("12345678901234.5678", "-1.2345", "-0.00000001"),
        ];
        for (p, c, q) in cases {
            let (p, c, q) = (d(p), d(c), d(q));
            let shown = interval(q).unwrap();
            let close = p - c;
            let by_decimal = shown.start() * close <= c * Decimal::ONE_HUNDRED
                && c * Decimal::ONE_HUNDRED <= shown.end() * close;
            assert_eq!(nominal_agrees(p, c, q), Some(by_decimal), "{p} {c} {q}");
        }
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let big = Decimal::MAX;
        assert_eq!(percent_agrees(big, d("1"), d("1")), None);
        assert_eq!(percent_agrees(d("1"), big, d("1")), None);
    }
}
