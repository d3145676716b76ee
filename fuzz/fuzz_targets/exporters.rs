//! The exporters: the quotes found on any page, written as CSV, JSON and
//! NDJSON, read back equal, every decimal at its scale (`80.60` stays
//! `80.60`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::export::{Format, exporter};
use tickerline::{Quote, Scanner};

fn written(format: Format, quotes: &[Quote]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = exporter(format, &mut out);
        for q in quotes {
            e.write_quote(q).unwrap();
        }
        e.finish().unwrap();
    }
    out
}

/// The decimals as text: their scale shows.
fn shown(q: &Quote) -> [String; 3] {
    let opt = |d: Option<_>| {
        d.map(|d: rust_decimal::Decimal| d.to_string())
            .unwrap_or_default()
    };
    [opt(q.price), opt(q.change), opt(q.change_pct)]
}

fuzz_target!(|page: &[u8]| {
    let quotes = Scanner::new().scan_bytes("p", page);

    // JSON and NDJSON: serde reads the quotes back, at their scale.
    let json: Vec<Quote> = serde_json::from_slice(&written(Format::Json, &quotes)).unwrap();
    let ndjson = written(Format::Ndjson, &quotes);
    let ndjson: Vec<Quote> = ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    for back in [&json, &ndjson] {
        assert_eq!(back.len(), quotes.len());
        for (b, q) in back.iter().zip(&quotes) {
            assert_eq!(b, q);
            assert_eq!(shown(b), shown(q));
        }
    }

    // CSV: a header, then one record per quote with the same fields.
    let csv = written(Format::Csv, &quotes);
    let mut reader = csv::Reader::from_reader(&csv[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), quotes.len());
    for (row, q) in rows.iter().zip(&quotes) {
        let [price, change, pct] = shown(q);
        assert_eq!(&row[column("symbol")], q.symbol);
        assert_eq!(row[column("price")], price);
        assert_eq!(row[column("change")], change);
        assert_eq!(row[column("change_pct")], pct);
        assert_eq!(
            &row[column("currency")],
            q.currency.as_deref().unwrap_or("")
        );
        assert_eq!(row[column("direction")], q.direction.to_string());
        assert_eq!(row[column("line")], q.line.to_string());
        assert_eq!(row[column("column")], q.column.to_string());
    }
});
