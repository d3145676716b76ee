//! The command line: clap definitions and one `run` per subcommand.
//! All the work is done by the library; this module only wires it up and
//! reports errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use tickerline::Scanner;
use tickerline::export::{self, Format, Output};
use tickerline::input::pages;

/// Exit code: everything worked.
pub const EXIT_OK: u8 = 0;
/// Exit code: a usage error or an input/output error.
pub const EXIT_ERROR: u8 = 2;

/// Find stock-ticker quote lines in scraped pages and export them as typed records.
#[derive(Debug, Parser)]
#[command(name = "tickerline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract quotes from page dumps as CSV, JSON or NDJSON.
    Extract(ExtractArgs),
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders recursively, sorted; hidden entries
    /// skipped). `-` or no path reads standard input. One file is one page.
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Csv)]
    format: FormatArg,

    /// Write to FILE instead of standard output. A regular file is replaced
    /// atomically (temporary file, then rename); special files such as
    /// /dev/stdout or a pipe are written directly.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Give every quote this date (YYYY-MM-DD) instead of its page's dateline.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
        }
    }
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Extract(args) => ExitCode::from(extract(args)),
        }
    }
}

fn report(message: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "tickerline: error: {message}");
}

fn extract(args: ExtractArgs) -> u8 {
    let mut scanner = Scanner::builder();
    if let Some(date) = args.as_of {
        scanner = scanner.as_of(date);
    }
    let scanner = scanner.build();

    let mut output = match Output::create(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            let shown = args.output.as_deref().unwrap_or("-".as_ref()).display();
            report(format_args!("cannot write '{shown}': {e}"));
            return EXIT_ERROR;
        }
    };
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string());
    let mut status = EXIT_OK;
    let mut write_error = None;
    {
        let mut exporter = export::exporter(args.format.into(), &mut output);
        for page in pages(&args.paths) {
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    report(e);
                    status = EXIT_ERROR;
                    continue;
                }
            };
            let reader = match page.open() {
                Ok(r) => r,
                Err(e) => {
                    report(e);
                    status = EXIT_ERROR;
                    continue;
                }
            };
            let name = page.name();
            let scanned = scanner.scan_reader(&name, reader, |q| {
                if write_error.is_none() {
                    write_error = exporter.write_quote(&q).err();
                }
            });
            if let Err(e) = scanned {
                report(format_args!("cannot read '{name}': {e}"));
                status = EXIT_ERROR;
            }
            if write_error.is_some() {
                break;
            }
        }
        if write_error.is_none() {
            write_error = exporter.finish().err();
        }
    }
    if let Some(e) = write_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return status;
        }
        report(format_args!("cannot write '{out_name}': {e}"));
        return EXIT_ERROR;
    }
    if let Err(e) = output.commit() {
        report(format_args!("cannot write '{out_name}': {e}"));
        return EXIT_ERROR;
    }
    status
}
