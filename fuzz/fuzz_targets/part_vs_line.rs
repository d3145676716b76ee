//! Differential: the part scanner (`Scanner::scan_part_found`, what the
//! extractor runs) finds exactly what the line scanner finds, at the same
//! lines, columns and offsets; it counts the part's newlines right.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::Scanner;

fuzz_target!(|page: &[u8]| {
    let scanner = Scanner::new();
    let by_line: Vec<_> = scanner
        .scan_bytes("p", page)
        .into_iter()
        .map(|q| (q.line, q.column, q.offset, q.text))
        .collect();
    let mut by_part = Vec::new();
    let mut newlines = None;
    scanner.scan_part_found(
        page,
        Default::default(),
        |n| {
            newlines = Some(n);
            1
        },
        |line| {
            for (at, q) in line.found {
                by_part.push((
                    line.number,
                    line.column_of(*at),
                    line.offset_of(*at),
                    q.text.to_owned(),
                ));
            }
        },
    );
    assert_eq!(by_part, by_line, "{:?}", String::from_utf8_lossy(page));
    assert_eq!(newlines, Some(memchr_count(page)));
});

fn memchr_count(page: &[u8]) -> u64 {
    page.iter().filter(|&&b| b == b'\n').count() as u64
}
