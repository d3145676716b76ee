//! The WARC/ARC record reader and the HTTP message reading on any bytes:
//! never a panic, records in increasing offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickerline::container::{ArchiveFormat, RecordReader, dechunk, http_response};

fuzz_target!(|data: &[u8]| {
    for format in [ArchiveFormat::Warc, ArchiveFormat::Arc] {
        let mut last = None;
        for record in RecordReader::new(data, format).take(1000) {
            let Ok(record) = record else { break };
            assert!(last.is_none_or(|l| record.offset > l));
            last = Some(record.offset);
            if let Some(r) = http_response(&record.block) {
                assert!(r.body_start <= record.block.len());
                let _ = dechunk(&record.block[r.body_start..]);
            }
        }
    }
    let _ = dechunk(data);
});
