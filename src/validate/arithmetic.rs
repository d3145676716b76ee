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
    agrees_in_integers::<i64>(price, change, percent)
        .or_else(|| agrees_in_integers::<i128>(price, change, percent))
        .unwrap_or_else(|| agrees_in_decimals(price, change, percent))
}

/// [`percent_agrees`] on `Decimal`s: the reference, and the way for values
/// too large for [`agrees_in_integers`].
fn agrees_in_decimals(price: Decimal, change: Decimal, percent: Decimal) -> Option<bool> {
    let shown = interval(percent)?;
    // The percent of the shown digits lies in the range: if it meets the
    // shown interval, so does the range. Tested without dividing:
    // lo <= 100 c / close <= hi  <=>  lo * close <= 100 c <= hi * close.
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

/// Every power of ten an `i128` holds, `10^0` to `10^38`.
const POW10: [i128; 39] = {
    let mut table = [1i128; 39];
    let mut e = 1;
    while e < 39 {
        table[e] = table[e - 1] * 10;
        e += 1;
    }
    table
};

/// [`agrees_in_decimals`] in exact `i128` arithmetic: price and change as
/// mantissas at one scale with a digit to spare for the half units, the
/// percent's interval in tenths of its last place. No `Decimal` rescaling
/// runs for the usual quote. `None` if a value does not fit.
fn agrees_in_integers<T: Exact>(
    price: Decimal,
    change: Decimal,
    percent: Decimal,
) -> Option<Option<bool>> {
    let int = |v: i128| T::try_from(v).ok();
    let scale = price.scale().max(change.scale()) + 1;
    let pow = |e: u32| int(*POW10.get(e as usize)?);
    let at_scale = |d: Decimal| int(d.mantissa())?.mul(pow(scale - d.scale())?);
    let half = |d: Decimal| pow(scale - d.scale() - 1)?.mul(int(5)?);
    let (p, c) = (at_scale(price)?, at_scale(change)?);
    let q = int(percent.mantissa())?.mul(int(10)?)?;
    let (lo, hi) = (q.sub(int(5)?)?, q.add(int(5)?)?);
    let hundred_tenths = pow(percent.scale() + 3)?;
    // lo <= 100 c / close <= hi, with everything multiplied out.
    let test = |c: T, close: T| -> Option<(bool, bool)> {
        let scaled = c.mul(hundred_tenths)?;
        Some((scaled >= lo.mul(close)?, scaled <= hi.mul(close)?))
    };
    let zero = int(0)?;
    let close = p.sub(c)?;
    if close > zero && test(c, close)? == (true, true) {
        return Some(Some(true));
    }
    // The shown values do not settle it (rarely): the corners of their
    // half-unit ranges.
    let (hp, hc) = (half(price)?, half(change)?);
    let (mut reaches_lo, mut reaches_hi) = (false, false);
    for p in [p.sub(hp)?, p.add(hp)?] {
        for c in [c.sub(hc)?, c.add(hc)?] {
            let close = p.sub(c)?;
            if close <= zero {
                return Some(None);
            }
            let (above_lo, below_hi) = test(c, close)?;
            reaches_lo |= above_lo;
            reaches_hi |= below_hi;
        }
    }
    Some(Some(reaches_lo && reaches_hi))
}

/// The integer types the exact check runs in: `i64` first (a machine
/// multiply per step), `i128` when a value does not fit in it.
trait Exact: Copy + Ord + TryFrom<i128> {
    fn mul(self, other: Self) -> Option<Self>;
    fn add(self, other: Self) -> Option<Self>;
    fn sub(self, other: Self) -> Option<Self>;
}

macro_rules! exact {
    ($($t:ty),*) => {$(
        impl Exact for $t {
            fn mul(self, other: Self) -> Option<Self> {
                self.checked_mul(other)
            }
            fn add(self, other: Self) -> Option<Self> {
                self.checked_add(other)
            }
            fn sub(self, other: Self) -> Option<Self> {
                self.checked_sub(other)
            }
        }
    )*};
}

exact!(i64, i128);

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
    fn integers_agree_with_decimals() {
        // A small deterministic generator: prices, changes and percents of
        // every scale from 0 to 4, near and far from agreeing.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..20_000 {
            let p = Decimal::new(next(10_000_000) as i64 + 1, next(5) as u32);
            let c = Decimal::new(next(200_000) as i64 - 100_000, next(5) as u32);
            let close = p - c;
            let q = if close > Decimal::ZERO && next(2) == 0 {
                (c * Decimal::ONE_HUNDRED / close).round_dp(next(5) as u32)
            } else {
                Decimal::new(next(20_000) as i64 - 10_000, next(4) as u32)
            };
            let want = Some(agrees_in_decimals(p, c, q));
            assert_eq!(agrees_in_integers::<i64>(p, c, q), want, "{p} {c} {q}");
            assert_eq!(agrees_in_integers::<i128>(p, c, q), want, "{p} {c} {q}");
        }
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let big = Decimal::MAX;
        // 100 * 1 / (MAX - 1) is far below 1%: judged exactly in integers.
        assert_eq!(percent_agrees(big, d("1"), d("1")), Some(false));
        assert_eq!(percent_agrees(d("1"), big, d("1")), None);
    }
}
