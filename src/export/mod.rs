//! Writing quotes out: CSV for spreadsheets, JSON and NDJSON for programs,
//! and output files replaced atomically.

mod csv;
mod json;
mod output;

use std::io::{self, Write};

pub use self::csv::{CSV_COLUMNS, CsvExporter, push_decimal};
pub use self::json::{JsonExporter, NdjsonExporter};
pub use self::output::Output;

use crate::quote::Quote;

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

/// Something quotes are written to, one at a time, then finished once.
pub trait Exporter {
    /// Writes one quote.
    fn write_quote(&mut self, quote: &Quote) -> io::Result<()>;
    /// Writes what closes the output (a JSON array's `]`) and flushes.
    fn finish(&mut self) -> io::Result<()>;
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
///     "symbol,price,currency,direction,change,change_pct,as_of,source,line,column,issues\n\
///      BOP,5.26,,down,-0.07,-1.31,,page.txt,1,1,\n"
/// );
/// ```
pub fn exporter<'w, W: Write + 'w>(format: Format, out: W) -> Box<dyn Exporter + 'w> {
    match format {
        Format::Csv => Box::new(CsvExporter::new(out)),
        Format::Json => Box::new(JsonExporter::new(out)),
        Format::Ndjson => Box::new(NdjsonExporter::new(out)),
    }
}
