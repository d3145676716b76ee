//! The line scanner (`Scanner::scan_bytes`) over any bytes: positions are
//! in the page and in order, each quote's text is at its offset (where the
//! page is valid UTF-8 there), and its printed form parses back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::{Quote, Scanner};

fuzz_target!(|page: &[u8]| {
    let quotes = Scanner::new().scan_bytes("p", page);
    let mut last = None;
    for q in &quotes {
        assert!(q.line >= 1 && q.column >= 1);
        let at = q.offset as usize;
        assert!(at < page.len(), "offset {at} past the page");
        assert!(last < Some((q.line, q.offset)), "out of order");
        last = Some((q.line, q.offset));
        if let Some(there) = page.get(at..at + q.text.len())
            && let Ok(there) = std::str::from_utf8(there)
            && !q.text.contains('\u{fffd}')
        {
            // A line of decimal commas is read with points: the same
            // text but for the marks between digits.
            let marks = |s: &str| s.replace([',', '.'], ".");
            assert_eq!(marks(there), marks(&q.text));
        }
        let printed = q.to_string();
        let back = Quote::parse(&printed).unwrap_or_else(|e| panic!("{printed:?}: {e}"));
        assert_eq!(
            (
                &back.symbol,
                back.price,
                back.direction,
                back.change,
                back.change_pct
            ),
            (&q.symbol, q.price, q.direction, q.change, q.change_pct),
            "{printed:?}"
        );
    }
});
