//! The grammar's entry points: `grammar::quote` and `Quote::parse` never
//! panic; what they match is a prefix (a slice) of the input; the printed
//! form of a parsed quote parses back to the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::{Quote, grammar};

fuzz_target!(|text: &str| {
    if let Ok((rest, q)) = grammar::quote(text) {
        // The match and the rest are the input, in order.
        assert!(text.starts_with(q.text), "{text:?}");
        assert_eq!(q.text.len() + rest.len(), text.len(), "{text:?}");
        assert!(text.is_char_boundary(q.text.len()));
        assert!(text[q.text.len()..].starts_with(rest));
    }
    if let Ok(q) = Quote::parse(text) {
        assert!(text.contains(q.text.as_str()), "{text:?}");
        let printed = q.to_string();
        let back = Quote::parse(&printed)
            .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?} does not parse: {e}"));
        let values = |q: &Quote| {
            (
                q.symbol.clone(),
                q.price,
                q.currency.clone(),
                q.direction,
                q.change,
                q.change_pct,
            )
        };
        assert_eq!(values(&back), values(&q), "{text:?} printed as {printed:?}");
    }
});
