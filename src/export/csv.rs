//! CSV a spreadsheet opens correctly: a header, plain decimals (no thousands
//! separators, the page's scale), ISO dates, empty cells for absent values,
//! and the codes of the rules a quote breaks, `;`-separated.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Exporter;
use crate::quote::Quote;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "symbol",
    "price",
    "currency",
    "direction",
    "change",
    "change_pct",
    "as_of",
    "source",
    "line",
    "column",
    "issues",
];

/// Writes quotes as CSV rows (header first).
pub struct CsvExporter<W: Write> {
    writer: csv::Writer<W>,
    header_written: bool,
    /// Reused for formatting numbers and dates: no allocation per row.
    scratch: String,
}

impl<W: Write> CsvExporter<W> {
    /// A CSV exporter writing to `out`, `\n` line ends.
    pub fn new(out: W) -> Self {
        CsvExporter {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out),
            header_written: false,
            scratch: String::with_capacity(64),
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            self.writer
                .write_record(CSV_COLUMNS)
                .map_err(io::Error::from)?;
        }
        Ok(())
    }

    fn field(&mut self, value: impl std::fmt::Display) -> io::Result<()> {
        self.scratch.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.scratch, "{value}");
        self.writer
            .write_field(&self.scratch)
            .map_err(io::Error::from)
    }

    fn optional(&mut self, value: Option<impl std::fmt::Display>) -> io::Result<()> {
        match value {
            Some(v) => self.field(v),
            None => self.writer.write_field("").map_err(io::Error::from),
        }
    }
}

impl<W: Write> Exporter for CsvExporter<W> {
    fn write_quote(&mut self, q: &Quote) -> io::Result<()> {
        self.header()?;
        self.writer
            .write_field(&q.symbol)
            .map_err(io::Error::from)?;
        self.field(q.price)?;
        self.optional(q.currency.as_deref())?;
        self.writer
            .write_field(q.direction.as_str())
            .map_err(io::Error::from)?;
        self.optional(q.change)?;
        self.optional(q.change_pct)?;
        self.optional(q.as_of)?;
        self.writer
            .write_field(&*q.source)
            .map_err(io::Error::from)?;
        self.field(q.line)?;
        self.field(q.column)?;
        self.scratch.clear();
        for (i, code) in q.issues.iter().enumerate() {
            if i > 0 {
                self.scratch.push(';');
            }
            self.scratch.push_str(code.as_str());
        }
        self.writer
            .write_field(&self.scratch)
            .map_err(io::Error::from)?;
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(io::Error::from)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.header()?;
        self.writer.flush()
    }
}
