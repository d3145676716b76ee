//! The HTML flattener on any bytes (decoded lossily): never a panic, and
//! every text byte maps back inside the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::container::{Base, PositionMap, RawWidth, flatten};

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let flat = flatten(&page);
    let map = PositionMap::new(
        page.as_ref().into(),
        vec![flat.segments],
        RawWidth::Utf8,
        Base::default(),
        &[],
    );
    for at in (0..flat.text.len()).step_by(7) {
        let p = map.locate(at);
        assert!(p.offset as usize <= page.len());
    }
});
