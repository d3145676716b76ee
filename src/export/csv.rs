//! CSV a spreadsheet opens correctly: a header, plain decimals (no thousands
//! separators, the page's scale), ISO dates, empty cells for absent values,
//! and the codes of the rules a quote breaks, `;`-separated.

use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::Decimal;

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

/// Appends `d` as `Decimal`'s `Display` would: sign, digits, point at the
/// scale. No `fmt` machinery: this runs three times per CSV row.
///
/// ```
/// # use rust_decimal::Decimal;
/// # use tickerline::export::push_decimal;
/// for s in ["0", "-0.07", "80.60", "7626", "0.005", "-1234567.000", "79228162514264337593543950335"] {
///     let mut out = Vec::new();
///     push_decimal(&mut out, s.parse::<Decimal>().unwrap());
///     assert_eq!(out, s.as_bytes());
/// }
/// ```
pub fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    let mut digits = [0u8; 40];
    let mut n = d.mantissa().unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let scale = d.scale() as usize;
    while digits.len() - at <= scale {
        at -= 1;
        digits[at] = b'0';
    }
    if d.is_sign_negative() && !d.is_zero() {
        out.push(b'-');
    }
    let point = digits.len() - scale;
    out.extend_from_slice(&digits[at..point]);
    if scale > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[point..]);
    }
}

/// Writes quotes as CSV rows (header first).
pub struct CsvExporter<W: Write> {
    writer: csv::Writer<W>,
    header_written: bool,
    /// Reused for formatting numbers, dates and issue lists: no allocation per row.
    scratch: String,
    /// Reused for numbers.
    digits: Vec<u8>,
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
            digits: Vec::with_capacity(48),
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

    /// A decimal as plain digits with its scale (`-0.07`, `7626`), written
    /// without going through `fmt`.
    fn decimal(&mut self, d: Decimal) -> io::Result<()> {
        self.digits.clear();
        push_decimal(&mut self.digits, d);
        self.writer
            .write_field(&self.digits)
            .map_err(io::Error::from)
    }

    fn optional_decimal(&mut self, d: Option<Decimal>) -> io::Result<()> {
        match d {
            Some(d) => self.decimal(d),
            None => self.writer.write_field("").map_err(io::Error::from),
        }
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
        self.decimal(q.price)?;
        self.optional(q.currency.as_deref())?;
        self.writer
            .write_field(q.direction.as_str())
            .map_err(io::Error::from)?;
        self.optional_decimal(q.change)?;
        self.optional_decimal(q.change_pct)?;
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
