//! A loose byte check for lines that might hold a quote or a near-miss.
//!
//! A quote has a symbol starting with an ASCII capital and at least two
//! numbers (a price and a change or percent), so a line with fewer than two
//! ASCII digits or no capital holds none. The scanner's own prefilter is
//! the sharper [`symbol_starts`](super::symbol_starts); this one decides
//! which other lines the validator still looks at for near-misses. The
//! check is a branch-free count the compiler vectorises.

/// `false` if `line` certainly holds no quote.
///
/// ```
/// use tickerline::scan::may_hold_quote;
/// assert!(may_hold_quote(b"HBL 117.85 Decreased By -0.08"));
/// assert!(!may_hold_quote(b"He met with South Korean President Yoon Suk Yeol in Seoul."));
/// assert!(!may_hold_quote(b"closed 12 higher")); // no capital
/// ```
pub fn may_hold_quote(line: &[u8]) -> bool {
    // Shortest quote: "A 1 +1".
    if line.len() < 6 {
        return false;
    }
    let digits: usize = line
        .iter()
        .map(|&b| usize::from(b.wrapping_sub(b'0') < 10))
        .sum();
    digits >= 2 && line.iter().any(u8::is_ascii_uppercase)
}

/// `true` if `line` holds a mark of the layouts that do not start with a
/// price: a `%` that ends the line or is followed by a closing character
/// (`)`, `,`, `.`, a letter glued on) or by a space and a word that may go
/// on a quote (`to`, `at`, `and`, `lower`, `higher`: not `in`, `on`, `by`,
/// as prose goes on); a `p` after a digit, or after a digit and a space,
/// that starts `pc`, `pct`, `points`, `pts`, `percent`, `per cent` or
/// stands alone (`-2.58pc`, `10 percent`, `3,912 points`, `86p`); or a
/// level after `flat at`, `steady at`, `points to` (a digit, `$` or `N`),
/// or after `closed at`, `unchanged at` (`$` or `N`: `Closed at N12.10`). A line with none can
/// hold no `move-level`, `labelled`, `partial` or `glued` quote, so only
/// lines with one are looked at for those (every line still gets the
/// ticker layout's prefilter). The part scanner finds the same marks in
/// its SIMD pass over the bytes.
///
/// ```
/// use tickerline::scan::has_layout_mark;
/// assert!(has_layout_mark(b"- Euro Stoxx 50 up 0.4% to 3,512"));
/// assert!(has_layout_mark(b"OKOMUPALM: Closed at N12.10 kobo, up 10 percent"));
/// assert!(has_layout_mark(b"- Platinum flat at $917.35/oz"));
/// assert!(has_layout_mark(b"Whitbread up 86p at 3,412p"));
/// assert!(has_layout_mark(b"Nifty 50 up 0.5%"));
/// assert!(!has_layout_mark(b"Inflation eased to 2.89% in March from 20.9% in May."));
/// assert!(!has_layout_mark(b"He met with the President in Seoul on 12 May."));
/// ```
pub fn has_layout_mark(line: &[u8]) -> bool {
    (0..=line.len()).any(|k| is_layout_mark(line, k))
}

/// `true` if byte `k` of `line` (`k` may be the line's length: its end)
/// is a layout mark (see [`has_layout_mark`]).
pub(crate) fn is_layout_mark(line: &[u8], k: usize) -> bool {
    let at = |i: usize| k.checked_sub(i).and_then(|i| line.get(i).copied());
    let byte = line.get(k).copied().unwrap_or(b'\n');
    let digit = |i: usize| at(i).is_some_and(|b| b.is_ascii_digit());
    let blank = |i: usize| matches!(at(i), Some(b' ' | b'\t'));
    let blank_here = matches!(byte, b' ' | b'\t');
    if at(1) == Some(b'%') && !blank_here {
        return true;
    }
    let prose = byte.is_ascii_lowercase() && !matches!(byte, b'a' | b't' | b'l' | b'h');
    if at(2) == Some(b'%') && blank(1) && !prose {
        return true;
    }
    let link = blank(1)
        && blank(4)
        && matches!(
            (at(3), at(2)),
            (Some(b'a'), Some(b't')) | (Some(b't'), Some(b'o'))
        );
    let p_after_number =
        |i: usize| at(i) == Some(b'p') && (digit(i + 1) || (blank(i + 1) && digit(i + 2)));
    if p_after_number(1) && (matches!(byte, b'c' | b'o' | b't') || !byte.is_ascii_alphabetic()) {
        return true;
    }
    if p_after_number(4)
        && at(3) == Some(b'e')
        && at(2) == Some(b'r')
        && ((blank(1) && byte == b'c') || (at(1) == Some(b'c') && byte == b'e'))
    {
        return true;
    }
    match byte {
        b'0'..=b'9' => link && matches!(at(5), Some(b't' | b'y' | b's')),
        b'$' | b'N' => link && matches!(at(5), Some(b't' | b'y' | b's' | b'd')),
        _ => false,
    }
}
