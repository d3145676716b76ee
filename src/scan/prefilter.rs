//! The byte prefilter: decides, without decoding or parsing, which lines
//! cannot hold a quote.
//!
//! A quote has a symbol starting with an ASCII capital and at least two
//! numbers (a price and a change or percent), so a line with fewer than two
//! ASCII digits or no capital is skipped before any UTF-8 decoding or nom
//! work. The check is a branch-free count the compiler vectorises.

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
