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
