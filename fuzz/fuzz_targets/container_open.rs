//! The whole container layer (sniffing, decompression, WARC, JSON Lines,
//! charsets, HTML) on any bytes: never a panic.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use tickerline::container::{Opened, Options, open};

fuzz_target!(|data: &[u8]| {
    let Ok(opened) = open("fuzz", Box::new(Cursor::new(data.to_vec())), &Options::default()) else {
        return;
    };
    if let Opened::Pages(pages) = opened {
        for page in pages.take(1000).flatten() {
            for at in (0..page.text.len()).step_by(13) {
                let _ = page.map.locate(at);
            }
        }
    }
});
