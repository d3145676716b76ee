//! Property tests for the grammar and the scanner: no input panics, printed
//! quotes parse back to the same values, generated quote lines are found
//! with exactly the values they were generated from.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tickerline::scan::{QuoteFinder, cut_long_line};
use tickerline::validate::validate_str;
use tickerline::{Direction, Quote, Scanner, grammar};

/// The values a quote round-trip must keep.
fn values(
    q: &Quote,
) -> (
    String,
    Option<Decimal>,
    Option<String>,
    Direction,
    Option<Decimal>,
    Option<Decimal>,
) {
    (
        q.symbol.clone(),
        q.price,
        q.currency.clone(),
        q.direction,
        q.change,
        q.change_pct,
    )
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (0u64..10_000_000_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m as i64, s))
}

fn signed_decimal() -> impl Strategy<Value = Decimal> {
    (decimal(), any::<bool>()).prop_map(|(mut d, neg)| {
        if neg && !d.is_zero() {
            d.set_sign_negative(true);
        }
        d
    })
}

fn symbol() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][A-Z0-9]{0,9}",
        "[A-Z]{1,4}[.&/-][A-Z]{1,4}",
        "(Dow Jones|S&P 500|FTSE 100|Nifty 50|Brent Crude|Gold|Hang Seng)",
    ]
    .prop_filter("currency codes and direction words are not symbols", |s| {
        !grammar::is_currency_word(s)
            && Quote::parse(&format!("{s} 1 +1")).is_ok_and(|q| q.symbol == *s)
    })
}

/// Thousands groups as a page would print them.
fn grouped(d: Decimal) -> String {
    let s = d.abs().to_string();
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A line of quote pieces, whole quotes and noise, glued or spaced.
fn quoteish_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "(HBL|KSE100|Dow Jones|S&P 500|Gold|BRK.B|M&M|Nifty 50|10Y|3M) (\\$|Rs|PKR |)[0-9]{1,3}(,[0-9]{3})?(\\.[0-9]{2})? (Increased By |Decreased By |No Change |up |)(▲ |▼ |)[-+]?[0-9]\\.[0-9]{2}( \\(-?[0-9]\\.[0-9]%\\)|%|)",
        1 => "(The|In|Rs|PKR|USD|Up|Views|2Q|5G|[A-Z][a-z]{0,5}|[a-z]{1,6}|[0-9][0-9,.]{0,6}|\\$|▲|▼|[-+−][0-9.]{1,4}|\\(-?[0-9.]{1,4}%\\)|[0-9.]{1,4}%|Increased By|down|\\||•|,)",
    ];
    let sep = prop_oneof![
        Just(" "),
        Just(""),
        Just(" | "),
        Just("\u{a0}"),
        Just("\t"),
        Just(", ")
    ];
    proptest::collection::vec((piece, sep), 0..8)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

proptest! {

    #[test]
    fn a_long_line_cut_changes_nothing_the_scanner_finds(
        parts in proptest::collection::vec(quoteish_line(), 1..6)
    ) {
        // What the fuzz target long_line_cut checks, on quote-like lines.
        let line = parts.concat();
        let cut = cut_long_line(line.as_bytes());
        prop_assert!(line.is_char_boundary(cut));
        let spans = |text: &str, base: usize| -> Vec<(usize, usize)> {
            QuoteFinder::new(text).map(|(at, q)| (base + at, q.text.len())).collect()
        };
        let whole = spans(&line, 0);
        let mut pieces = spans(&line[..cut], 0);
        pieces.extend(spans(&line[cut..], cut));
        let fallback = line.rfind(' ').map_or(line.len(), |p| p + 1);
        prop_assert!(whole == pieces || cut == fallback, "cut at {} of {:?}", cut, line);
    }

    #[test]
    fn no_string_makes_the_grammar_or_scanner_panic(s in "\\PC{0,200}") {
        let _ = grammar::quote(&s);
        let _ = Quote::parse(&s);
        let _ = Scanner::new().scan_str("p", &s);
        for d in validate_str("p", &s).diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
            let _ = d.render(true);
        }
    }

    #[test]
    fn no_garbled_quote_makes_the_validator_panic(s in "[A-Z]{1,5} [0-9.,O]{1,8} (Increased By|Decreased By|No Change)? ?[▲▼]? ?[-+−]?[0-9.,O]{0,6} ?\\(?[-+]?[0-9.]{0,5}%?\\)?") {
        let report = validate_str("p", &s);
        for d in &report.diagnostics {
            prop_assert!(d.span.end <= d.line_text.len());
            let _ = d.render(false);
        }
    }

    #[test]
    fn the_fast_finder_finds_what_trying_everywhere_finds(s in quoteish_line()) {
        let fast: Vec<_> = QuoteFinder::new(&s).map(|(at, q)| (at, q.text)).collect();
        let reference: Vec<_> = QuoteFinder::trying_everywhere(&s).map(|(at, q)| (at, q.text)).collect();
        prop_assert_eq!(fast, reference, "{:?}", s);
    }

    #[test]
    fn the_part_scanner_finds_what_the_line_scanner_finds(
        lines in proptest::collection::vec(
            (quoteish_line(), any::<bool>(), prop_oneof![Just("\n"), Just("\r\n"), Just("")]),
            0..8,
        )
    ) {
        let mut page = Vec::new();
        for (line, invalid, end) in &lines {
            page.extend_from_slice(line.as_bytes());
            if *invalid {
                page.push(0xFF);
            }
            page.extend_from_slice(end.as_bytes());
        }
        let scanner = Scanner::new();
        let by_line: Vec<_> = scanner
            .scan_bytes("p", &page)
            .into_iter()
            .map(|q| (q.line, q.column, q.offset, q.text))
            .collect();
        let mut by_part = Vec::new();
        let mut newlines = None;
        scanner.scan_part_found(&page, Default::default(), |n| { newlines = Some(n); 1 }, |line| {
            for (at, q) in line.found {
                by_part.push((line.number, line.column_of(*at), line.offset_of(*at), q.text.to_owned()));
            }
        });
        prop_assert_eq!(by_part, by_line, "{:?}", String::from_utf8_lossy(&page));
        prop_assert_eq!(newlines, Some(page.iter().filter(|&&b| b == b'\n').count() as u64));
    }

    #[test]
    fn csv_decimals_print_as_display_does(
        mantissa in prop_oneof![any::<i64>().prop_map(i128::from), -(1i128 << 96) + 1..(1i128 << 96)],
        scale in 0u32..=28,
    ) {
        let d = Decimal::from_i128_with_scale(mantissa, scale);
        let mut out = Vec::new();
        tickerline::export::push_decimal(&mut out, d);
        prop_assert_eq!(String::from_utf8(out).unwrap(), d.to_string());
    }

    #[test]
    fn no_quote_like_noise_makes_it_panic(s in "[A-Z0-9 .,+%()▲▼−$-]{0,80}") {
        let _ = Quote::parse(&s);
        for q in Scanner::new().scan_str("p", &s) {
            prop_assert_eq!(Quote::parse(&q.to_string()).map(|p| values(&p)), Ok(values(&q)));
        }
    }

    #[test]
    fn no_bytes_make_the_scanner_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let quotes = Scanner::new().scan_bytes("p", &bytes);
        for q in &quotes {
            prop_assert!(q.line >= 1 && q.column >= 1);
            prop_assert!((q.offset as usize) < bytes.len());
            // The printed form of every quote found parses back equal.
            prop_assert_eq!(Quote::parse(&q.to_string()).map(|p| values(&p)), Ok(values(q)));
        }
    }

    #[test]
    fn printed_quotes_parse_back_equal(
        symbol in symbol(),
        price in decimal(),
        currency in proptest::option::of(prop_oneof![Just("$"), Just("Rs"), Just("PKR"), Just("€")]),
        direction in prop_oneof![Just(Direction::Up), Just(Direction::Down), Just(Direction::Unchanged)],
        change in proptest::option::of(signed_decimal()),
        pct in signed_decimal(),
        with_pct in any::<bool>(),
    ) {
        let change_pct = (with_pct || change.is_none()).then_some(pct);
        let q = Quote {
            symbol, price: Some(price), currency: currency.map(str::to_owned), direction, change, change_pct,
            layout: tickerline::grammar::Layout::Ticker, issues: Vec::new(), as_of: None, source: "p".into(), line: 1, column: 1, offset: 0, text: String::new(),
        };
        let back = Quote::parse(&q.to_string());
        prop_assert_eq!(back.map(|p| values(&p)), Ok(values(&q)), "{}", q);
    }

    #[test]
    fn generated_lines_are_found_with_their_values(
        prefix in "(|Markets: |• |  |\\| )",
        symbol in symbol(),
        price in decimal(),
        up in any::<bool>(),
        change in decimal(),
        pct in decimal(),
        words in any::<bool>(),
        arrow in any::<bool>(),
        signed in any::<bool>(),
        space in prop_oneof![Just(" "), Just("  "), Just("\t"), Just("\u{a0}"), Just("\u{2009}")],
        suffix in "(| \\|| as of 3pm|\\.)",
    ) {
        let s = space;
        let mut line = format!("{prefix}{symbol}{s}{}{s}", grouped(price));
        if words {
            line += if up { "Increased By" } else { "Decreased By" };
            line += s;
        }
        if arrow {
            line += if up { "▲" } else { "▼" };
            line += s;
        }
        let sign = if signed { if up { "+" } else { "-" } } else { "" };
        line += &format!("{sign}{}{s}({sign}{}%){suffix}", grouped(change), grouped(pct));
        let quotes = Scanner::new().scan_str("p", &line);
        prop_assert_eq!(quotes.len(), 1, "{}", line);
        let q = &quotes[0];
        // Without words, an arrow or a sign nothing says "down".
        let stated_up = up || !(words || arrow || signed);
        let neg = |d: Decimal| if stated_up || d.is_zero() { d } else { -d };
        prop_assert_eq!(&q.symbol, &symbol);
        prop_assert_eq!(q.price, Some(price));
        prop_assert_eq!(q.change, Some(neg(change)));
        prop_assert_eq!(q.change_pct, Some(neg(pct)));
        prop_assert_eq!(q.column as usize, prefix.chars().count() + 1);
    }
}
