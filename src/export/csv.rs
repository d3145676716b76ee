//! CSV a spreadsheet opens correctly: a header, plain decimals (no thousands
//! separators, the page's scale), ISO dates, empty cells for absent values,
//! and the codes of the rules a quote breaks, `;`-separated.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{Exporter, RecordEncoder};
use crate::quote::{Quote, Record};
use crate::validate::Code;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "symbol",
    "price",
    "currency",
    "direction",
    "change",
    "change_pct",
    "layout",
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
    let mantissa = d.mantissa().unsigned_abs();
    let scale = d.scale() as usize;
    let negative = d.is_sign_negative() && !d.is_zero();
    // The usual number: a u64 mantissa, written right to left into one
    // buffer (fraction, point, integer part, sign) and copied out once.
    if let (Ok(n), true) = (u64::try_from(mantissa), scale < 20) {
        let (int, frac) = split_at_scale(n, scale);
        let mut buf = [b'0'; 48];
        let mut at = buf.len();
        if scale > 0 {
            // The fraction's leading zeros are the buffer's.
            write_digits(&mut buf[..at], frac);
            at -= scale + 1;
            buf[at] = b'.';
        }
        at -= write_digits(&mut buf[..at], int);
        if negative {
            at -= 1;
            buf[at] = b'-';
        }
        out.extend_from_slice(&buf[at..]);
        return;
    }
    let mut digits = [b'0'; 40];
    // u64 arithmetic where it fits: u128 division is a slow library call.
    let written = match u64::try_from(mantissa) {
        Ok(n) => write_digits(&mut digits, n),
        Err(_) => {
            let (high, low) = (
                mantissa / 10_000_000_000_000_000_000,
                (mantissa % 10_000_000_000_000_000_000) as u64,
            );
            // The low part takes all its 19 places; the high part (at most
            // 10 digits: mantissas have 96 bits) comes before them.
            write_digits(&mut digits, low);
            let high_len = write_digits(&mut digits[..40 - 19], high as u64);
            19 + high_len
        }
    };
    // At least one digit before the point: `0.07`, not `.07`.
    let len = written.max(scale + 1);
    let at = digits.len() - len;
    if negative {
        out.push(b'-');
    }
    let point = digits.len() - scale;
    out.extend_from_slice(&digits[at..point]);
    if scale > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[point..]);
    }
}

/// `n` split at `scale` decimal places (below 20): integer part and
/// fraction digits. Each arm divides by a constant, which compiles to a
/// multiplication: a division by a variable power of ten costs tens of
/// cycles, three times a row.
fn split_at_scale(n: u64, scale: usize) -> (u64, u64) {
    macro_rules! arms {
        ($($s:literal)*) => {
            match scale {
                $($s => (n / 10u64.pow($s), n % 10u64.pow($s)),)*
                _ => (n, 0),
            }
        };
    }
    arms!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19)
}

/// Writes `n` in decimal at the end of `buf` (which holds enough `'0'`s);
/// returns how many digits it took. Two digits per division.
fn write_digits(buf: &mut [u8], mut n: u64) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut at = buf.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    buf.len() - at
}

/// Writes quotes as CSV rows (header first).
///
/// Each row is assembled in one reused buffer: numbers, dates and codes never
/// need quoting and are written as they are; a text field is quoted by the
/// `csv` crate only when it holds a delimiter, a quote or a line break.
pub struct CsvExporter<W: Write> {
    out: io::BufWriter<W>,
    header_written: bool,
    row: Vec<u8>,
}

impl<W: Write> CsvExporter<W> {
    /// A CSV exporter writing to `out`, `\n` line ends.
    pub fn new(out: W) -> Self {
        CsvExporter {
            out: io::BufWriter::with_capacity(64 * 1024, out),
            header_written: false,
            row: Vec::with_capacity(256),
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            self.out.write_all(CSV_COLUMNS.join(",").as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Appends `field` to `row`, quoted (by the `csv` crate) if it needs to be.
fn push_field(row: &mut Vec<u8>, field: &[u8]) {
    if field
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        let mut quoted = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail. The field is closed only by the
        // record's end, so write a record and leave its terminator out.
        let _ = quoted.write_record([field]);
        let _ = quoted.flush();
        let record = quoted.get_ref();
        row.extend_from_slice(record.strip_suffix(b"\n").unwrap_or(record));
    } else {
        row.extend_from_slice(field);
    }
}

/// Appends `n` in decimal digits.
fn push_u64(row: &mut Vec<u8>, n: u64) {
    let mut digits = [b'0'; 20];
    let len = write_digits(&mut digits, n);
    row.extend_from_slice(&digits[digits.len() - len..]);
}
/// Appends `date` as `YYYY-MM-DD`.
fn push_date(row: &mut Vec<u8>, date: NaiveDate) {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if (1000..=9999).contains(&y) {
        // Ten bytes built in place and copied at once (a copy of fixed
        // size: no library call).
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (y, m, d) = (y as u32, m, d);
        row.extend_from_slice(&[
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ]);
    } else {
        row.extend_from_slice(date.to_string().as_bytes());
    }
}

/// One CSV row, all but its line end: the [`RecordEncoder`] of CSV.
///
/// ```
/// use tickerline::Quote;
/// use tickerline::export::encode_row;
/// let mut row = Vec::new();
/// encode_row(&Quote::parse("BOP 5.26 Decreased By ▼ -0.07 (-1.31%)").unwrap().record(), &mut row);
/// assert_eq!(row, b"BOP,5.26,,down,-0.07,-1.31,ticker,,,1,1,");
/// ```
pub fn encode_row(r: &Record<'_>, row: &mut Vec<u8>) {
    push_field(row, r.symbol.as_bytes());
    row.push(b',');
    if let Some(p) = r.values.price {
        push_decimal(row, p);
    }
    row.push(b',');
    if let Some(c) = r.currency {
        push_field(row, c.as_bytes());
    }
    row.push(b',');
    row.extend_from_slice(r.values.direction.as_str().as_bytes());
    row.push(b',');
    if let Some(c) = r.values.change {
        push_decimal(row, c);
    }
    row.push(b',');
    if let Some(p) = r.values.change_pct {
        push_decimal(row, p);
    }
    row.push(b',');
    row.extend_from_slice(r.layout.as_str().as_bytes());
    row.push(b',');
    if let Some(date) = r.as_of {
        push_date(row, date);
    }
    row.push(b',');
    push_field(row, r.source.as_bytes());
    row.push(b',');
    push_u64(row, r.line);
    row.push(b',');
    push_u64(row, r.column);
    row.push(b',');
    for (i, code) in r.issues.iter().enumerate() {
        if i > 0 {
            row.push(b';');
        }
        row.extend_from_slice(code.as_str().as_bytes());
    }
}

impl<W: Write> Exporter for CsvExporter<W> {
    fn write_quote(&mut self, q: &Quote) -> io::Result<()> {
        self.header()?;
        self.row.clear();
        encode_row(&q.record(), &mut self.row);
        self.row.push(b'\n');
        self.out.write_all(&self.row)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }

    fn record_encoder(&self) -> Option<RecordEncoder> {
        Some(encode_row)
    }

    fn write_encoded(
        &mut self,
        record: &[u8],
        had_issues: bool,
        extra: Option<Code>,
    ) -> io::Result<()> {
        self.header()?;
        self.out.write_all(record)?;
        match extra {
            None => self.out.write_all(b"\n"),
            Some(code) => {
                let code = code.as_str().as_bytes();
                // `;` (after other codes), the code and the line end, in
                // one write. Codes are short constants.
                let mut tail = [b';'; 64];
                let sep = usize::from(had_issues);
                tail[sep..sep + code.len()].copy_from_slice(code);
                tail[sep + code.len()] = b'\n';
                self.out.write_all(&tail[..sep + code.len() + 1])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(q: &Quote) -> String {
        let mut out = Vec::new();
        let mut csv = CsvExporter::new(&mut out);
        csv.write_quote(q).unwrap();
        csv.finish().unwrap();
        drop(csv);
        String::from_utf8(out)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .to_owned()
    }

    #[test]
    fn dates_are_written_as_chrono_displays_them() {
        for (y, m, d) in [
            (1000, 1, 1),
            (1999, 12, 31),
            (2024, 3, 8),
            (9999, 10, 20),
            (999, 5, 5),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut row = Vec::new();
            push_date(&mut row, date);
            assert_eq!(String::from_utf8(row).unwrap(), date.to_string());
        }
    }

    #[test]
    fn text_fields_are_quoted_only_when_needed() {
        let mut q = Quote::parse("S&P 500 4,500.21 ▲ 0.5%").unwrap();
        use std::sync::Arc;
        q.source = Arc::from("dir, with \"quotes\"/page.txt");
        q.as_of = NaiveDate::from_ymd_opt(2024, 3, 8);
        assert_eq!(
            row(&q),
            "S&P 500,4500.21,,up,,0.5,ticker,2024-03-08,\"dir, with \"\"quotes\"\"/page.txt\",1,1,"
        );
    }

    #[test]
    fn rows_parse_back_with_the_csv_reader() {
        let mut q = Quote::parse("HBL Rs 117.85 Decreased By ▼ -0.08 (-0.07%)").unwrap();
        use std::sync::Arc;
        q.source = Arc::from("a\nb");
        q.issues = vec![
            crate::validate::Code::PercentMismatch,
            crate::validate::Code::ConflictingDuplicate,
        ];
        let mut out = Vec::new();
        let mut csv = CsvExporter::new(&mut out);
        csv.write_quote(&q).unwrap();
        csv.finish().unwrap();
        drop(csv);
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        let fields: Vec<&str> = record.iter().collect();
        assert_eq!(
            fields,
            [
                "HBL",
                "117.85",
                "Rs",
                "down",
                "-0.08",
                "-0.07",
                "ticker",
                "",
                "a\nb",
                "1",
                "1",
                "percent-mismatch;conflicting-duplicate"
            ]
        );
    }
}
