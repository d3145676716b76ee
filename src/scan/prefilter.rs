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

/// The marks of the layouts that do not start with a price: a percent
/// (`%`, `percent`, `per cent`, `pc`), points, pence before `at`, the
/// unchanged words before a level, and `closed at`. A line with none of them can hold no
/// `move-level`, `labelled`, `partial` or `glued` quote, so only lines
/// holding one are looked at for those (every line still gets the ticker
/// layout's prefilter).
///
/// ```
/// use tickerline::scan::layout_marks;
/// let marks = layout_marks();
/// assert!(marks.is_match("- Euro Stoxx 50 up 0.4% to 3,512"));
/// assert!(marks.is_match("OKOMUPALM: Closed at N12.10 kobo, up 10 percent"));
/// assert!(marks.is_match("- Platinum flat at $917.35/oz"));
/// assert!(marks.is_match("Whitbread up 86p at 3,412p"));
/// assert!(!marks.is_match("He met with the President in Seoul on 12 May."));
/// ```
pub fn layout_marks() -> &'static aho_corasick::AhoCorasick {
    static MARKS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build([
                "%",
                "percent",
                "per cent",
                "pc",
                " point",
                " pts",
                "p at ",
                "flat at",
                "flat to",
                "unchanged at",
                "steady at",
                "closed at",
                "close at",
            ])
            .expect("the marks are valid patterns")
    })
}
