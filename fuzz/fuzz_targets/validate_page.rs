//! `validate_page` over any bytes: no panic; every diagnostic is placed
//! (line and column from 1, span inside its line text, offset inside the
//! page), renders, and shows no raw control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::Scanner;
use tickerline::validate::{Levels, validate_page};

fuzz_target!(|page: &[u8]| {
    let mut diagnostics = Vec::new();
    let summary = validate_page(&Scanner::new(), &Levels::default(), "p", page, |d| {
        diagnostics.push(d)
    })
    .expect("reading a slice cannot fail");
    assert_eq!(summary.bytes, page.len() as u64);
    for d in &diagnostics {
        assert!(d.line >= 1 && d.column >= 1);
        assert!(d.span.start <= d.span.end && d.span.end <= d.line_text.len());
        assert!(d.line_text.is_char_boundary(d.span.start));
        assert!(d.line_text.is_char_boundary(d.span.end));
        assert!(d.offset <= page.len() as u64);
        let shown = d.render(false);
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{shown:?}"
        );
    }
});
