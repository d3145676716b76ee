//! Long-line cutting: where `cut_long_line` cuts a line, the quotes of the
//! two pieces are the quotes of the whole line, at the same offsets (none
//! lost, split or made up), unless the line holds no clean place at all in
//! the window looked at, when the cut falls after the last space.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::scan::{DecodedLine, QuoteFinder, cut_long_line};

/// The spans of the quotes the scanner finds on `line`, offset by `base`.
fn spans(line: &[u8], base: usize) -> Vec<(usize, usize)> {
    let decoded = DecodedLine::new(line);
    QuoteFinder::new(&decoded.text)
        .map(|(at, q)| {
            (
                base + decoded.original_offset(at),
                base + decoded.original_offset(at + q.text.len()),
            )
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    // One line: no line ends in it.
    let line: Vec<u8> = data
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b })
        .collect();
    let cut = cut_long_line(&line);
    assert!(cut <= line.len());
    if !line.is_empty() && std::str::from_utf8(&line).is_ok() {
        assert!(
            std::str::from_utf8(&line[..cut]).is_ok(),
            "a cut inside a character"
        );
    }
    let whole = spans(&line, 0);
    let mut pieces = spans(&line[..cut], 0);
    pieces.extend(spans(&line[cut..], cut));
    if whole != pieces {
        let fallback = line
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(line.len(), |p| p + 1);
        assert!(
            cut.abs_diff(fallback) <= 3,
            "a cut at {cut} changes what is found: {whole:?} vs {pieces:?} in {:?}",
            String::from_utf8_lossy(&line)
        );
    }
});
