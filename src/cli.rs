//! The command line: clap definitions and one `run` per subcommand.
//! All the work is done by the library; this module only wires it up and
//! reports errors.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use tickerline::Scanner;
use tickerline::container::{self, InputKind, JsonlFields, Opened};
use tickerline::export::descriptor_is_open;
use tickerline::export::{self, Format, Output};
use tickerline::extract::Extractor;
use tickerline::input::{pages, paths_from};
use tickerline::validate::{Code, Diagnostic, Levels, Severity, escape_controls, validate_page};

/// Exit code: everything worked (and `validate` found no error).
pub const EXIT_OK: u8 = 0;
/// Exit code: `validate` found at least one error.
pub const EXIT_FOUND_ERRORS: u8 = 1;
/// Exit code: a usage error or an input/output error.
pub const EXIT_ERROR: u8 = 2;

/// Find stock-ticker quote lines in scraped pages, parse them into typed
/// records, validate and export them.
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
    /// Check scraper output: report every quote whose arrow, words, signs and
    /// percent disagree, and every line that looks like a quote but does not parse.
    Validate(ValidateArgs),
    /// Explain a rule code (or list them all).
    Explain {
        /// The code, e.g. `percent-mismatch`.
        code: Option<Code>,
    },
}

#[derive(Debug, clap::Args)]
struct Inputs {
    /// Files or folders to read (folders recursively, sorted; hidden entries
    /// skipped). `-` or no path reads standard input. A plain text file is
    /// one page (or a page between form feeds); HTML, WARC/WET/ARC and JSON
    /// Lines files, gzip- or zstd-compressed or not, are read page by page.
    paths: Vec<PathBuf>,

    /// Also read the paths listed in FILE, one per line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,

    /// What the files are: decided by their content (`auto`), or forced.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,

    /// The field of a JSON line holding the page (default: the first of
    /// `text`, `html`, `body`, `content`, `raw_html`).
    #[arg(long, value_name = "FIELD")]
    jsonl_text: Option<String>,

    /// The field of a JSON line holding the page's url.
    #[arg(long, value_name = "FIELD", default_value = "url")]
    jsonl_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputArg {
    /// By content: compression by magic bytes, then WARC, ARC, JSON Lines, HTML or text.
    Auto,
    /// Plain text.
    Text,
    /// HTML.
    Html,
    /// WARC, WET (or ARC).
    Warc,
    /// JSON Lines.
    Jsonl,
}

impl Inputs {
    /// How the files are to be read.
    fn options(&self) -> container::Options {
        container::Options {
            input: match self.input {
                InputArg::Auto => InputKind::Auto,
                InputArg::Text => InputKind::Text,
                InputArg::Html => InputKind::Html,
                InputArg::Warc => InputKind::Warc,
                InputArg::Jsonl => InputKind::Jsonl,
            },
            jsonl: JsonlFields {
                text: self.jsonl_text.clone(),
                url: self.jsonl_url.clone(),
            },
        }
    }

    /// The paths given, then those listed in `--files-from`. With a list
    /// and no path, only the list's (never standard input).
    fn paths(&self) -> io::Result<Vec<PathBuf>> {
        let Some(list) = &self.files_from else {
            return Ok(self.paths.clone());
        };
        let listed = if list == std::path::Path::new("-") {
            paths_from(io::stdin().lock())
        } else {
            std::fs::File::open(list).and_then(|f| paths_from(io::BufReader::new(f)))
        }
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read '{}': {e}", list.display())))?;
        let mut paths = self.paths.clone();
        paths.extend(listed);
        Ok(paths)
    }

    /// The pages to read: `None` when a list was given and is empty.
    fn sources(&self) -> io::Result<Option<Vec<PathBuf>>> {
        let paths = self.paths()?;
        Ok((!(paths.is_empty() && self.files_from.is_some())).then_some(paths))
    }
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    #[command(flatten)]
    inputs: Inputs,

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

    /// Threads to use (default and most: all cores; more is taken as all,
    /// with a warning). Files and parts of large files are scanned in
    /// parallel; the output is the same, byte for byte, as with --jobs 1.
    #[arg(short, long, value_name = "N", default_value_t = default_jobs())]
    jobs: usize,
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    #[command(flatten)]
    inputs: Inputs,

    /// Output format: rustc-style text, or one JSON document.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,

    /// Treat CODE as an error (repeatable).
    #[arg(long, value_name = "CODE")]
    deny: Vec<Code>,

    /// Do not report CODE (repeatable).
    #[arg(long, value_name = "CODE")]
    allow: Vec<Code>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// `path:line:column: error[code]: message`, the line, a caret.
    Text,
    /// `{"diagnostics": [...], "summary": {...}}`.
    Json,
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
    /// Parses the command line; shows `--help`, `--version` or a usage
    /// error and returns the exit code if there is nothing to run. Help
    /// that cannot be written (a full or closed standard output) is an
    /// error, exit 2.
    pub fn parse_or_exit() -> Result<Cli, ExitCode> {
        let e = match Cli::try_parse() {
            Ok(cli) => return Ok(cli),
            Err(e) => e,
        };
        let to_stdout = !e.use_stderr();
        if to_stdout && stdout_closed() {
            report(STDOUT_IS_CLOSED);
            return Err(ExitCode::from(EXIT_ERROR));
        }
        let printed = e.print().and_then(|()| io::stdout().flush());
        match printed {
            Err(err) if to_stdout && err.kind() != io::ErrorKind::BrokenPipe => {
                report(format_args!("cannot write '<stdout>': {err}"));
                Err(ExitCode::from(EXIT_ERROR))
            }
            _ => Err(ExitCode::from(
                u8::try_from(e.exit_code()).unwrap_or(EXIT_ERROR),
            )),
        }
    }

    /// Runs the chosen subcommand.
    pub fn run(self) -> ExitCode {
        ExitCode::from(match self.command {
            Command::Extract(args) => extract(args),
            Command::Validate(args) => validate(args),
            Command::Explain { code } => explain(code),
        })
    }
}

/// `true` if standard output was closed when the process started (`>&-`).
/// The Rust runtime puts `/dev/null` on a closed descriptor 0-2 before
/// `main`, where writes would silently succeed: so this is recorded by a
/// constructor that runs before it.
fn stdout_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed) || !descriptor_is_open(1)
}

static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_STDOUT_CLOSED: extern "C" fn() = record_stdout_closed;

#[cfg(target_os = "linux")]
extern "C" fn record_stdout_closed() {
    let closed = !descriptor_is_open(1);
    STDOUT_CLOSED_AT_START.store(closed, std::sync::atomic::Ordering::Relaxed);
}

/// The error for output to a closed standard output.
const STDOUT_IS_CLOSED: &str = "cannot write '<stdout>': standard output is closed";

/// `true` if `-o` names standard output itself.
fn is_stdout(path: Option<&std::path::Path>) -> bool {
    path.is_none_or(|p| {
        ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
            .iter()
            .any(|name| p == std::path::Path::new(name))
    })
}

/// Prints an error on stderr, the page's bytes in it (file names, text)
/// escaped.
fn report(message: impl std::fmt::Display) {
    let message = message.to_string();
    let _ = writeln!(
        io::stderr(),
        "tickerline: error: {}",
        escape_controls(&message)
    );
}

/// Prints a warning on stderr.
fn warn(message: impl std::fmt::Display) {
    let message = message.to_string();
    let _ = writeln!(
        io::stderr(),
        "tickerline: warning: {}",
        escape_controls(&message)
    );
}

/// `--jobs`, at most the cores (more is a warning).
fn capped_jobs(jobs: usize) -> usize {
    let cores = default_jobs();
    if jobs > cores {
        warn(format_args!(
            "--jobs {jobs} is more than the {cores} cores: using {cores}"
        ));
        return cores;
    }
    jobs
}

/// Removes `temp` (an output not yet committed) if the process gets
/// SIGINT, SIGTERM or SIGHUP, then dies of that signal as it would have.
#[cfg(unix)]
fn remove_on_signal(temp: &std::path::Path) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let temp = temp.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = std::fs::remove_file(&temp);
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    // No thread to be had: the temporary file may be left on a signal.
    drop(spawned);
}

#[cfg(not(unix))]
fn remove_on_signal(_temp: &std::path::Path) {}

/// Opens each page named by `inputs` and hands it to `each`; reports what
/// cannot be read and goes on. `each` returning `Err(Stop)` ends the walk.
/// Returns `EXIT_ERROR` if any page could not be read, else `EXIT_OK`.
fn for_each_page(
    inputs: &Inputs,
    mut each: impl FnMut(&str, Box<dyn Read + Send>) -> Result<io::Result<()>, Stop>,
) -> u8 {
    let mut status = EXIT_OK;
    let paths = match inputs.sources() {
        Ok(Some(paths)) => paths,
        Ok(None) => return EXIT_OK,
        Err(e) => {
            report(e);
            return EXIT_ERROR;
        }
    };
    for page in pages(&paths) {
        let opened = page.and_then(|p| Ok((p.name(), p.open()?)));
        let (name, reader) = match opened {
            Ok(ok) => ok,
            Err(e) if e.is_skipped() => {
                warn(e);
                continue;
            }
            Err(e) => {
                report(e);
                status = EXIT_ERROR;
                continue;
            }
        };
        match each(&name, reader) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                report(format_args!("cannot read '{name}': {e}"));
                status = EXIT_ERROR;
            }
            Err(Stop) => break,
        }
    }
    status
}

/// The output failed: stop reading pages.
struct Stop;

fn extract(args: ExtractArgs) -> u8 {
    let mut scanner = Scanner::builder();
    if let Some(date) = args.as_of {
        scanner = scanner.as_of(date);
    }
    let scanner = scanner.build();
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string());
    if is_stdout(args.output.as_deref()) && stdout_closed() {
        report(STDOUT_IS_CLOSED);
        return EXIT_ERROR;
    }
    let mut output = match Output::create(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            report(format_args!("cannot write '{out_name}': {e}"));
            return EXIT_ERROR;
        }
    };
    if let Some(temp) = output.temp_path() {
        remove_on_signal(temp);
    }
    let jobs = capped_jobs(args.jobs);
    let mut status = EXIT_OK;
    let paths = match args.inputs.sources() {
        Ok(paths) => paths,
        Err(e) => {
            report(e);
            return EXIT_ERROR;
        }
    };
    // No pages at all when `--files-from` listed none.
    let sources = paths.as_deref().map(pages).into_iter().flatten();
    let written = {
        let mut exporter = export::exporter(args.format.into(), &mut output);
        let run = Extractor::new(scanner, jobs)
            .containers(args.inputs.options())
            .run(sources, &mut *exporter, |e| match e.is_skipped() {
                true => warn(e),
                false => {
                    report(e);
                    status = EXIT_ERROR;
                }
            });
        run.and_then(|_| exporter.finish())
    };
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            report(format_args!("cannot write '{out_name}': {e}"));
            EXIT_ERROR
        }
        Ok(()) => match output.commit() {
            Ok(()) => status,
            Err(e) => {
                report(format_args!("cannot write '{out_name}': {e}"));
                EXIT_ERROR
            }
        },
    }
}

fn validate(args: ValidateArgs) -> u8 {
    let mut levels = Levels::default();
    args.deny
        .iter()
        .for_each(|c| levels.set(*c, Severity::Error));
    args.allow
        .iter()
        .for_each(|c| levels.set(*c, Severity::Allow));
    let color =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if stdout_closed() {
        report(STDOUT_IS_CLOSED);
        return EXIT_ERROR;
    }
    let scanner = Scanner::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let json = args.format == ReportFormat::Json;
    let (mut pages, mut quotes, mut errors, mut warnings) = (0u64, 0u64, 0u64, 0u64);
    let mut write_error: Option<io::Error> = None;
    if json {
        write_error = out.write_all(b"{\"diagnostics\":[").err();
    }
    let options = args.inputs.options();
    // Set once the output failed: reading stops.
    let broken = std::cell::Cell::new(false);
    let status = for_each_page(&args.inputs, |name, reader| {
        let mut emit = |d: Diagnostic| {
            match d.severity {
                Severity::Error => errors += 1,
                _ => warnings += 1,
            }
            if write_error.is_some() {
                return;
            }
            let written = if json {
                let sep: &[u8] = if errors + warnings > 1 { b",\n" } else { b"\n" };
                out.write_all(sep)
                    .and_then(|()| serde_json::to_writer(&mut out, &d).map_err(io::Error::from))
            } else {
                out.write_all(d.render(color).as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
            };
            write_error = written.err();
            broken.set(write_error.is_some());
        };
        let container_pages = match container::open(name, reader, &options) {
            Err(e) => return Ok(Err(e)),
            Ok(Opened::Text(reader)) => {
                let scanned = validate_page(&scanner, &levels, name, reader, &mut emit);
                if broken.get() {
                    return Err(Stop);
                }
                return Ok(scanned.map(|summary| {
                    pages += 1;
                    quotes += summary.quotes;
                }));
            }
            Ok(Opened::Pages(container_pages)) => container_pages,
        };
        // A container: each page is validated on its own, its diagnostics
        // placed in the original file.
        let mut failed = None;
        for page in container_pages {
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    failed = Some(io::Error::other(e.to_string()));
                    continue;
                }
            };
            let scanned = validate_page(
                &scanner,
                &levels,
                &page.name,
                page.text.as_bytes(),
                |mut d| {
                    let at = page.map.locate(d.offset as usize);
                    (d.line, d.column, d.offset) = (at.line, at.column, at.offset);
                    emit(d);
                },
            );
            if broken.get() {
                return Err(Stop);
            }
            if let Ok(summary) = scanned {
                pages += 1;
                quotes += summary.quotes;
            }
        }
        Ok(failed.map_or(Ok(()), Err))
    });
    let plural = |n: u64, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let summary = if json {
        format!(
            "\n],\"summary\":{{\"pages\":{pages},\"quotes\":{quotes},\"errors\":{errors},\"warnings\":{warnings}}}}}\n"
        )
    } else {
        format!(
            "checked {}, {}: {}, {}\n",
            plural(pages, "page"),
            plural(quotes, "quote"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    if write_error.is_none() {
        write_error = out
            .write_all(summary.as_bytes())
            .and_then(|()| out.flush())
            .err();
    }
    match write_error {
        Some(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            report(format_args!("cannot write '<stdout>': {e}"));
            EXIT_ERROR
        }
        _ if status != EXIT_OK => status,
        _ if errors > 0 => EXIT_FOUND_ERRORS,
        _ => EXIT_OK,
    }
}

fn explain(code: Option<Code>) -> u8 {
    if stdout_closed() {
        report(STDOUT_IS_CLOSED);
        return EXIT_ERROR;
    }
    let mut out = io::stdout().lock();
    let text = match code {
        Some(code) => format!(
            "{code} ({} by default)\n\n{}\n",
            code.default_severity().as_str(),
            code.explanation()
        ),
        None => Code::ALL
            .iter()
            .map(|c| format!("{:<28} {}\n", c.as_str(), c.default_severity().as_str()))
            .collect(),
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            report(format_args!("cannot write '<stdout>': {e}"));
            EXIT_ERROR
        }
    }
}
