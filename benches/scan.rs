//! Criterion micro-benchmarks: the grammar on one quote, the prefilter on a
//! prose line and a quote line, and whole-page scanning with and without the
//! per-quote checks and CSV writing (the library's record path), and the
//! extractor's part scanner. Throughput is in bytes of input.
//!
//! `cargo bench --bench scan` (add `-- --quick` for a fast look).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tickerline::export::{CsvExporter, Exporter};
use tickerline::scan::{QuoteFinder, symbol_starts};
use tickerline::validate::{Levels, PageCheck};
use tickerline::{Quote, Scanner, grammar};

const QUOTE: &str = "HBL 117.85 Decreased By ▼ -0.08 (-0.07%)";
const PROSE: &str = "The benchmark KSE-100 index closed higher by 572.72 points or 1.32% at 43,853.49, while turnover rose to 450.5 million shares from 390.2 million shares a day earlier.";
const BLOCK: &str = include_str!("../fixtures/brecorder-markets.txt");

/// A dense page: the fixture's ticker block and prose, repeated.
fn page() -> String {
    BLOCK.repeat(40)
}

fn grammar_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("grammar");
    g.throughput(Throughput::Bytes(QUOTE.len() as u64));
    g.bench_function("quote", |b| {
        b.iter(|| grammar::quote(black_box(QUOTE)).is_ok())
    });
    g.bench_function("quote_record", |b| {
        b.iter(|| Quote::parse(black_box(QUOTE)).is_ok())
    });
    g.finish();
}

fn prefilter_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("prefilter");
    let mut starts = Vec::new();
    for (name, line) in [("prose_line", PROSE), ("quote_line", QUOTE)] {
        g.throughput(Throughput::Bytes(line.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                symbol_starts(black_box(line.as_bytes()), &mut starts);
                starts.len()
            })
        });
    }
    g.throughput(Throughput::Bytes(PROSE.len() as u64));
    g.bench_function("finder_prose_line", |b| {
        b.iter(|| QuoteFinder::new(black_box(PROSE)).count())
    });
    g.finish();
}

fn page_benches(c: &mut Criterion) {
    let page = page();
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(page.len() as u64));
    let scanner = Scanner::new();
    g.bench_function("scan", |b| {
        b.iter(|| {
            let mut n = 0;
            scanner
                .scan_reader("p", page.as_bytes(), |_| n += 1)
                .unwrap();
            n
        })
    });
    g.bench_function("scan_check", |b| {
        b.iter(|| {
            let mut n = 0;
            let mut check = PageCheck::new("p", Levels::default());
            scanner
                .scan_reader_with(
                    "p",
                    page.as_bytes(),
                    |l, q| check.annotate(l, q),
                    |_| n += 1,
                )
                .unwrap();
            n
        })
    });
    // The extractor's path: candidates over the whole part, no records.
    g.bench_function("scan_part_found", |b| {
        b.iter(|| {
            let mut n = 0;
            scanner.scan_part_found(
                page.as_bytes(),
                Default::default(),
                |_| 1,
                |l| n += l.found.len(),
            );
            n
        })
    });
    g.bench_function("scan_check_csv", |b| {
        let mut out = Vec::with_capacity(page.len());
        b.iter(|| {
            out.clear();
            let mut csv = CsvExporter::new(&mut out);
            let mut check = PageCheck::new("p", Levels::default());
            scanner
                .scan_reader_with(
                    "p",
                    page.as_bytes(),
                    |l, q| check.annotate(l, q),
                    |q| csv.write_quote(&q).unwrap(),
                )
                .unwrap();
            csv.finish().unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, grammar_benches, prefilter_benches, page_benches);
criterion_main!(benches);
