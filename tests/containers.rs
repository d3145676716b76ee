//! Drives the real `tickerline` binary on page containers: HTML (UTF-8,
//! windows-1252, UTF-16, malformed), web archives (gzipped WARC, WET, a
//! truncated WARC), JSON Lines, gzipped and form-feed paged text. Each
//! fixture of `fixtures/containers/` is compared, byte for byte, with its
//! CSV in `fixtures/containers/expected/`; every quote's line and column
//! are checked to point at its symbol in the original file.
//!
//! The binary fixtures are made by `fixtures/containers/generate.py`. To
//! regenerate the golden files after a deliberate change:
//! `TICKERLINE_BLESS=1 cargo test --test containers`, then review
//! `git diff fixtures/`.

use std::fs;

use predicates::prelude::*;

mod common;
use common::{golden, root, tickerline};

/// The container fixtures (not the generator, not the expected outputs).
fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("fixtures/containers"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "fixtures/containers/ holds the pages");
    names
}

/// Fixtures whose reading ends in a reported error (and exit code 2).
const FAILING: [&str; 1] = ["truncated.warc"];

#[test]
fn every_container_matches_its_expected_csv() {
    for name in fixtures() {
        let out = tickerline()
            .args(["extract", &format!("fixtures/containers/{name}")])
            .output()
            .unwrap();
        if FAILING.contains(&name.as_str()) {
            assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        } else {
            assert!(out.status.success(), "{name}: {out:?}");
        }
        golden(
            &root().join(format!("fixtures/containers/expected/{name}.csv")),
            &out.stdout,
        );
    }
}

/// The original file's characters, decoded as the page declares.
fn original_text(name: &str) -> Option<String> {
    let bytes = fs::read(root().join("fixtures/containers").join(name)).unwrap();
    if name.ends_with(".gz") {
        return None;
    }
    if name.contains("1252") {
        return Some(encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned());
    }
    if bytes.starts_with(b"\xff\xfe") {
        return Some(encoding_rs::UTF_16LE.decode(&bytes).0.into_owned());
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Records whose body the archive keeps chunked: their positions are in
/// the de-chunked body, not yet mapped back through the chunk headers.
const CHUNKED_RECORDS: [&str; 1] = ["truncated.warc#1577"];

#[test]
fn every_quote_points_at_its_symbol_in_the_original_file() {
    let mut checked = 0;
    for name in fixtures() {
        let Some(text) = original_text(&name) else {
            continue;
        };
        let lines: Vec<&str> = text.split('\n').collect();
        let out = tickerline()
            .args(["extract", &format!("fixtures/containers/{name}")])
            .output()
            .unwrap();
        let csv = String::from_utf8(out.stdout).unwrap();
        for row in csv.lines().skip(1) {
            let cells: Vec<&str> = row.split(',').collect();
            if CHUNKED_RECORDS.iter().any(|r| cells[8].ends_with(r)) {
                continue;
            }
            let (symbol, line, column) = (cells[0], cells[9], cells[10]);
            let (line, column): (usize, usize) = (line.parse().unwrap(), column.parse().unwrap());
            let at: String = lines[line - 1]
                .trim_start_matches('\u{feff}')
                .chars()
                .skip(column - 1)
                .collect();
            assert!(
                at.starts_with(symbol),
                "{name}:{line}:{column}: `{symbol}` expected, found `{}`",
                at.chars().take(20).collect::<String>()
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "{checked} quotes checked");
}

#[test]
fn byte_offsets_point_at_the_symbol_in_json_lines() {
    let out = tickerline()
        .args([
            "extract",
            "--format",
            "ndjson",
            "fixtures/containers/dump.jsonl",
        ])
        .output()
        .unwrap();
    let file = fs::read(root().join("fixtures/containers/dump.jsonl")).unwrap();
    let mut seen = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let symbol = v["symbol"].as_str().unwrap();
        let offset = v["offset"].as_u64().unwrap() as usize;
        assert!(file[offset..].starts_with(symbol.as_bytes()), "{line}");
        seen += 1;
    }
    assert_eq!(seen, 4);
}

#[test]
fn many_jobs_give_the_same_bytes_as_one() {
    let all: Vec<String> = fixtures()
        .into_iter()
        .map(|n| format!("fixtures/containers/{n}"))
        .collect();
    let run = |jobs: &str| {
        tickerline()
            .args(["extract", "--jobs", jobs])
            .args(&all)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(one.len() > 1000);
    assert!(one == run("2"));
}

#[test]
fn each_warc_page_has_its_capture_date_and_as_of_overrides_it() {
    tickerline()
        .args(["extract", "fixtures/containers/crawl.warc.gz"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2024-03-28,fixtures/containers/crawl.warc.gz#",
        ))
        .stdout(predicate::str::contains(
            "2024-03-29,fixtures/containers/crawl.warc.gz#",
        ))
        .stdout(predicate::str::contains(
            "2024-04-01,fixtures/containers/crawl.warc.gz#",
        ))
        // The article's own date (2019) loses to the capture date.
        .stdout(predicate::str::contains("2019").not());
    tickerline()
        .args([
            "extract",
            "--as-of",
            "2020-01-01",
            "fixtures/containers/crawl.warc.gz",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("2024-0").not())
        .stdout(predicate::str::contains("2020-01-01").count(6));
}

#[test]
fn a_truncated_archive_keeps_its_earlier_pages_and_says_where() {
    tickerline()
        .args(["extract", "fixtures/containers/truncated.warc"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("KEL,4.61"))
        .stderr(predicate::str::contains("truncated record at byte 2467"));
}

#[test]
fn a_bad_json_line_is_reported_and_the_others_are_read() {
    let dump = "{\"text\": \"HBL 117.85 \\u25bc -0.08\"}\nnot json\n{\"text\": \"KEL 4.59 \\u25bc -0.08\"}\n";
    tickerline()
        .args(["extract", "-"])
        .write_stdin(dump)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("HBL,117.85"))
        .stdout(predicate::str::contains(
            "KEL,4.59,,down,-0.08,,ticker,,<stdin>#L3,3,11,",
        ))
        .stderr(predicate::str::contains("<stdin>#L2"));
}

#[test]
fn input_forces_what_a_file_is() {
    let page = "HBL <b>117.85</b> <span class=down>0.08</span>\n";
    tickerline()
        .args(["extract", "-"])
        .write_stdin(page)
        .assert()
        .success()
        .stdout(predicate::str::contains("HBL").not());
    tickerline()
        .args(["extract", "--input", "html", "-"])
        .write_stdin(page)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "HBL,117.85,,down,-0.08,,ticker,,<stdin>,1,1,",
        ));
    // Forced to text, an HTML file is read line by line as it is.
    tickerline()
        .args([
            "extract",
            "--input",
            "text",
            "fixtures/containers/malformed.html",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("SNGP,63.10"))
        .stdout(predicate::str::contains("KEL").not());
}

#[test]
fn files_from_reads_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    fs::write(
        &list,
        "fixtures/containers/utf16.html\n\nfixtures/containers/page.txt.gz\n",
    )
    .unwrap();
    let listed = tickerline()
        .args(["extract", "--files-from"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let direct = tickerline()
        .args([
            "extract",
            "fixtures/containers/utf16.html",
            "fixtures/containers/page.txt.gz",
        ])
        .output()
        .unwrap();
    assert_eq!(listed.stdout, direct.stdout);
    let stdin = tickerline()
        .args(["extract", "--files-from", "-"])
        .write_stdin(fs::read(&list).unwrap())
        .output()
        .unwrap();
    assert_eq!(stdin.stdout, direct.stdout);
    // An empty list reads nothing (not standard input).
    fs::write(&list, "").unwrap();
    tickerline()
        .args(["extract", "--files-from"])
        .arg(&list)
        .write_stdin("HBL 117.85 ▼ -0.08\n")
        .assert()
        .success()
        .stdout(
            "symbol,price,currency,direction,change,change_pct,layout,as_of,source,line,column,issues\n",
        );
}

#[test]
fn validate_places_diagnostics_in_the_original_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(
        &page,
        "<html><body>\n<table>\n  <tr><td>BOP</td><td>5.26</td><td>▼ -0.07 (-13.1%)</td></tr>\n</table>\n",
    )
    .unwrap();
    let out = tickerline().arg("validate").arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    // `(-13.1%)` is at line 3, column 44 of the file.
    assert!(
        text.contains(&format!("{}:3:44: error[percent-mismatch]", page.display())),
        "{text}"
    );
    assert!(text.contains("checked 1 page, 1 quote"), "{text}");
}
