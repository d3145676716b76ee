//! Runs the data-driven cases of `grammar-tests/` (format in
//! `grammar-tests/README.md`): each case is one named test, and a failure
//! names its file and line and shows what was expected and what came out.

use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};
use tickerline::validate::validate_str;
use tickerline::{Quote, Scanner};

/// What a case expects (at least one of these).
#[derive(Debug, Default)]
struct Expect {
    /// These quotes, in order (an empty list: none at all).
    quotes: Option<Vec<String>>,
    /// `Quote::parse` of the input fails at this column, expecting this.
    error: Option<(usize, String)>,
    /// `validate` reports these diagnostics (`LINE:COLUMN severity[code]`), in order.
    diagnostics: Option<Vec<String>>,
}

#[derive(Debug)]
struct Case {
    file: String,
    line: usize,
    name: String,
    input: Vec<u8>,
    expect: Expect,
}

/// Decodes `\t`, `\\`, `\u{XXXX}` and `\xHH` (a raw byte) in an input line.
fn unescape(text: &str, at: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('t') => out.push(b'\t'),
            Some('r') => out.push(b'\r'),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).map_err(|e| format!("{at}: \\x{hex}: {e}"))?);
            }
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                let c = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("{at}: bad \\u{{{hex}}}"))?;
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            other => return Err(format!("{at}: unknown escape \\{other:?}")),
        }
    }
    Ok(out)
}

fn parse_file(root: &Path, path: &Path) -> Result<Vec<Case>, String> {
    let file = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let mut cases = Vec::new();
    let mut current: Option<(usize, String, Vec<u8>, Option<Expect>)> = None;
    let finish = |c: Option<(usize, String, Vec<u8>, Option<Expect>)>, cases: &mut Vec<Case>| {
        if let Some((line, name, input, expect)) = c {
            let expect =
                expect.ok_or_else(|| format!("{file}:{line}: case {name:?} has no expectation"))?;
            cases.push(Case {
                file: file.clone(),
                line,
                name,
                input,
                expect,
            });
        }
        Ok::<(), String>(())
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let at = format!("{file}:{n}");
        if let Some(name) = raw.strip_prefix("== ") {
            finish(current.take(), &mut cases)?;
            current = Some((n, name.trim().to_owned(), Vec::new(), None));
            continue;
        }
        if raw.starts_with('#')
            || (raw.trim().is_empty() && current.as_ref().is_none_or(|c| c.3.is_some()))
        {
            continue;
        }
        let Some((_, _, input, expect)) = current.as_mut() else {
            return Err(format!(
                "{at}: text outside a case (start one with '== name')"
            ));
        };
        if let Some(quote) = raw.strip_prefix("-> ") {
            let quotes = expect
                .get_or_insert_with(Expect::default)
                .quotes
                .get_or_insert_with(Vec::new);
            if quote.trim() != "none" {
                quotes.push(quote.trim().to_owned());
            }
        } else if let Some(diag) = raw.strip_prefix("~> ") {
            let diags = expect
                .get_or_insert_with(Expect::default)
                .diagnostics
                .get_or_insert_with(Vec::new);
            if diag.trim() != "none" {
                diags.push(diag.trim().to_owned());
            }
        } else if let Some(err) = raw.strip_prefix("!! ") {
            let (column, expected) = err
                .split_once(": ")
                .and_then(|(c, e)| Some((c.trim().parse().ok()?, e.trim().to_owned())))
                .ok_or_else(|| format!("{at}: write '!! COLUMN: expected text'"))?;
            expect.get_or_insert_with(Expect::default).error = Some((column, expected));
        } else {
            if expect.is_some() {
                return Err(format!("{at}: input after the expectation"));
            }
            if !input.is_empty() {
                input.push(b'\n');
            }
            input.extend(unescape(raw, &at)?);
        }
    }
    finish(current.take(), &mut cases)?;
    Ok(cases)
}

/// `SYMBOL | PRICE | CURRENCY | DIRECTION | CHANGE | PCT | LAYOUT @LINE:COLUMN`
fn render(q: &Quote) -> String {
    let opt = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "{} | {} | {} | {} | {} | {} | {} @{}:{}",
        q.symbol,
        opt(q.price),
        q.currency.as_deref().unwrap_or(""),
        q.direction,
        opt(q.change),
        opt(q.change_pct),
        q.layout,
        q.line,
        q.column
    )
}

/// Expected lines may leave out the layout and the position; compare the
/// same way.
fn matches(expected: &str, got: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (want, want_at) = expected
        .rsplit_once(" @")
        .map_or((expected, None), |(v, at)| (v, Some(at)));
    let (have, have_at) = got
        .rsplit_once(" @")
        .map_or((got, None), |(v, at)| (v, Some(at)));
    let fields = |s: &str| s.split('|').map(norm).collect::<Vec<_>>();
    let (want, mut have) = (fields(want), fields(have));
    if want.len() == 6 {
        have.truncate(6);
    }
    want == have && (want_at.is_none() || want_at.map(str::trim) == have_at.map(str::trim))
}

/// Formats an expected-vs-got failure.
fn mismatch(here: &str, input: &str, mark: &str, expected: &[String], got: &[String]) -> Failed {
    let list = |items: &[String]| {
        if items.is_empty() {
            format!("  {mark} none\n")
        } else {
            items.iter().map(|i| format!("  {mark} {i}\n")).collect()
        }
    };
    format!(
        "{here}\ninput: {input}\nexpected:\n{}got:\n{}",
        list(expected),
        list(got)
    )
    .into()
}

fn run(case: &Case) -> Result<(), Failed> {
    let here = format!("{}:{} ({})", case.file, case.line, case.name);
    let text = String::from_utf8_lossy(&case.input);
    if let Some(expected) = &case.expect.quotes {
        let got: Vec<String> = Scanner::new()
            .scan_bytes(&case.file, &case.input)
            .iter()
            .map(render)
            .collect();
        let ok =
            got.len() == expected.len() && expected.iter().zip(&got).all(|(e, g)| matches(e, g));
        if !ok {
            return Err(mismatch(&here, &text, "->", expected, &got));
        }
    }
    if let Some(expected) = &case.expect.diagnostics {
        let got: Vec<String> = validate_str(&case.file, &text)
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}[{}]",
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    d.code
                )
            })
            .collect();
        if &got != expected {
            return Err(mismatch(&here, &text, "~>", expected, &got));
        }
    }
    if let Some((column, expected)) = &case.expect.error {
        match Quote::parse(&text) {
            Ok(q) => return Err(format!("{here}\nexpected an error, got {}", render(&q)).into()),
            Err(e) => {
                let got_column = text[..e.offset].chars().count() + 1;
                if got_column != *column || e.expected != expected {
                    return Err(format!(
                        "{here}\ninput: {text}\nexpected: !! {column}: {expected}\ngot:      !! {got_column}: {}",
                        e.expected
                    )
                    .into());
                }
            }
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar-tests");
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("grammar-tests/ is readable") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut trials = Vec::new();
    for path in files {
        match parse_file(&dir, &path) {
            Ok(cases) => trials.extend(cases.into_iter().map(|case| {
                let name = format!("{}:{} {}", case.file, case.line, case.name);
                Trial::test(name, move || run(&case))
            })),
            Err(e) => trials.push(Trial::test(path.display().to_string(), move || {
                Err(e.into())
            })),
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
