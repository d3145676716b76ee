//! Writing quotes out: CSV for spreadsheets, JSON and NDJSON for programs,
//! and output files replaced atomically.

mod csv;
mod json;
mod output;

use std::io::{self, Write};

pub use self::csv::{CSV_COLUMNS, CsvExporter, encode_row, push_decimal};
pub use self::json::{JsonExporter, NdjsonExporter};
pub use self::output::{Output, descriptor_is_open};

use crate::quote::{Quote, Record};
use crate::validate::Code;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One row per quote, with a header; see [`CSV_COLUMNS`].
    #[default]
    Csv,
    /// One JSON array of quote objects.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Encodes one quote's record on any thread, all but its end, so that a
/// page-level issue code can still be added (see [`Exporter::write_encoded`]).
pub type RecordEncoder = fn(&Record<'_>, &mut Vec<u8>);

/// Something quotes are written to, one at a time, then finished once.
pub trait Exporter {
    /// Writes one quote.
    fn write_quote(&mut self, quote: &Quote) -> io::Result<()>;
    /// Writes what closes the output (a JSON array's `]`) and flushes.
    fn finish(&mut self) -> io::Result<()>;
    /// The encoder of this format's records, for formats whose records can
    /// be encoded away from the writer (on worker threads); `None` if not.
    fn record_encoder(&self) -> Option<RecordEncoder> {
        None
    }
    /// Writes one record made by [`record_encoder`](Exporter::record_encoder),
    /// adding `extra` to its issues (`had_issues`: it lists some already).
    fn write_encoded(
        &mut self,
        record: &[u8],
        had_issues: bool,
        extra: Option<Code>,
    ) -> io::Result<()> {
        let _ = (record, had_issues, extra);
        Err(io::Error::other("this format has no record encoder"))
    }
}

/// An exporter for `format` writing to `out`.
///
/// ```
/// use tickerline::export::{exporter, Format};
/// use tickerline::Scanner;
///
/// let mut out = Vec::new();
/// {
///     let mut ex = exporter(Format::Csv, &mut out);
///     for q in Scanner::new().scan_str("page.txt", "BOP 5.26 Decreased By ▼ -0.07 (-1.31%)") {
///         ex.write_quote(&q).unwrap();
///     }
///     ex.finish().unwrap();
/// }
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "symbol,price,currency,direction,change,change_pct,layout,as_of,source,line,column,issues\n\
///      BOP,5.26,,down,-0.07,-1.31,ticker,,page.txt,1,1,\n"
/// );
/// ```
pub fn exporter<'w, W: Write + 'w>(format: Format, out: W) -> Box<dyn Exporter + 'w> {
    match format {
        Format::Csv => Box::new(CsvExporter::new(out)),
        Format::Json => Box::new(JsonExporter::new(out)),
        Format::Ndjson => Box::new(NdjsonExporter::new(out)),
    }
}
