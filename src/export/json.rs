//! JSON (one array) and NDJSON (one object per line). Decimals are exact
//! JSON numbers with the page's scale (`"price":80.60`).

use std::io::{self, Write};

use super::Exporter;
use crate::quote::Quote;

/// Writes a JSON array of quote objects, one per line.
pub struct JsonExporter<W: Write> {
    out: io::BufWriter<W>,
    count: u64,
}

impl<W: Write> JsonExporter<W> {
    /// A JSON exporter writing to `out`.
    pub fn new(out: W) -> Self {
        JsonExporter {
            out: io::BufWriter::with_capacity(64 * 1024, out),
            count: 0,
        }
    }
}

impl<W: Write> Exporter for JsonExporter<W> {
    fn write_quote(&mut self, q: &Quote) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        self.count += 1;
        serde_json::to_writer(&mut self.out, q).map_err(io::Error::from)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

/// Writes one JSON object per line.
pub struct NdjsonExporter<W: Write> {
    out: io::BufWriter<W>,
}

impl<W: Write> NdjsonExporter<W> {
    /// An NDJSON exporter writing to `out`.
    pub fn new(out: W) -> Self {
        NdjsonExporter {
            out: io::BufWriter::with_capacity(64 * 1024, out),
        }
    }
}

impl<W: Write> Exporter for NdjsonExporter<W> {
    fn write_quote(&mut self, q: &Quote) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, q).map_err(io::Error::from)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
