//! Differential: the `Extractor` writes the same bytes with one thread and
//! with two, and the same quotes as the line scanner (with the duplicate
//! rule and per-quote issues on top).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use tickerline::Scanner;
use tickerline::export::{Format, exporter};
use tickerline::extract::Extractor;
use tickerline::input::PageSource;

fuzz_target!(|data: &[u8]| {
    // Up to three pages, split at 0xFE 0xFE.
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    // Compressed files are decompressed (the container target covers
    // them); the line scanner reads bytes as they are.
    // So are files with a UTF-16 or UTF-32 byte order mark.
    if data.starts_with(&[0x1f, 0x8b])
        || data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        || data.starts_with(&[0xff, 0xfe])
    {
        return;
    }
    // No form feeds: they split a text file into pages, which the line
    // scanner does not.
    let data: Vec<u8> = data.iter().map(|&b| if b == 0x0C { b' ' } else { b }).collect();
    for (k, page) in data.split(|&b| b == 0xFE).take(3).enumerate() {
        let path = dir.path().join(format!("{k}.txt"));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(page)
            .unwrap();
        pages.push((path, page));
    }
    let run = |jobs: usize, format: Format| {
        let mut out = Vec::new();
        let quotes = {
            let mut e = exporter(format, &mut out);
            let sources = pages.iter().map(|(p, _)| Ok(PageSource::File(p.clone())));
            // Plain text, as the line scanner reads it (containers have
            // their own targets).
            let text = tickerline::container::Options {
                input: tickerline::container::InputKind::Text,
                ..Default::default()
            };
            let stats = Extractor::new(Scanner::new(), jobs)
                .containers(text)
                // A page may be reported (a truncated archive): the same
                // report whatever the jobs, and the rest still read.
                .run(sources, &mut *e, |_| {})
                .unwrap();
            e.finish().unwrap();
            stats.quotes
        };
        (quotes, out)
    };
    for format in [Format::Csv, Format::Ndjson] {
        let one = run(1, format);
        let two = run(2, format);
        assert!(one == two, "--jobs 1 and --jobs 2 differ");
    }
    let (_, ndjson) = run(1, Format::Ndjson);
    let extracted: Vec<tickerline::Quote> = ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let scanner = Scanner::new();
    let scanned: Vec<_> = pages
        .iter()
        .flat_map(|(path, page)| scanner.scan_bytes(&path.display().to_string(), page))
        .collect();
    assert_eq!(extracted.len(), scanned.len());
    for (e, s) in extracted.iter().zip(&scanned) {
        assert_eq!(
            (
                &e.symbol,
                e.price,
                e.change,
                e.change_pct,
                e.line,
                e.column,
                &e.source
            ),
            (
                &s.symbol,
                s.price,
                s.change,
                s.change_pct,
                s.line,
                s.column,
                &s.source
            )
        );
    }
});
