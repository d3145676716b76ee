//! Drives the real `tickerline` binary: fixtures against their golden
//! outputs (byte for byte), inputs, outputs and errors.
//!
//! To regenerate the golden files after a deliberate change:
//! `TICKERLINE_BLESS=1 cargo test --test cli`, then review `git diff fixtures/`.

use std::fs;

use predicates::prelude::*;

mod common;
use common::{golden, root, tickerline};

fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "fixtures/ holds the page dumps");
    names
}

#[test]
fn every_fixture_matches_its_expected_csv() {
    for name in fixtures() {
        let out = tickerline()
            .args(["extract", &format!("fixtures/{name}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {:?}", out);
        let stem = name.trim_end_matches(".txt");
        golden(
            &root().join(format!("fixtures/expected/{stem}.csv")),
            &out.stdout,
        );
    }
}

#[test]
fn every_fixture_matches_its_expected_diagnostics() {
    for name in fixtures() {
        let out = tickerline()
            .args(["validate", &format!("fixtures/{name}")])
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let stem = name.trim_end_matches(".txt");
        golden(
            &root().join(format!("fixtures/expected/{stem}.validate.txt")),
            &out.stdout,
        );
        let errors = String::from_utf8_lossy(&out.stdout).contains(": error[");
        assert_eq!(
            out.status.code(),
            Some(if errors { 1 } else { 0 }),
            "{name}"
        );
    }
}

#[test]
fn the_seed_ticker_block_validates_clean() {
    tickerline()
        .args(["validate", "fixtures/brecorder-markets.txt"])
        .assert()
        .code(0)
        .stdout("checked 1 page, 34 quotes: 0 errors, 0 warnings\n");
}

#[test]
fn validate_severities_follow_deny_and_allow() {
    let page = "SSGC 10.54 No Change ▼ 0.00 (0%)\n";
    tickerline()
        .args(["validate", "-"])
        .write_stdin(page)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[arrow-on-zero-change]"));
    tickerline()
        .args(["validate", "--deny", "arrow-on-zero-change", "-"])
        .write_stdin(page)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "<stdin>:1:22: error[arrow-on-zero-change]",
        ));
    tickerline()
        .args(["validate", "--allow", "arrow-on-zero-change", "-"])
        .write_stdin(page)
        .assert()
        .code(0)
        .stdout("checked 1 page, 1 quote: 0 errors, 0 warnings\n");
    tickerline()
        .args(["validate", "--deny", "no-such-rule", "-"])
        .write_stdin(page)
        .assert()
        .code(2);
}

#[test]
fn validate_json_is_one_document() {
    let out = tickerline()
        .args([
            "validate",
            "--format",
            "json",
            "fixtures/broken-scraper-output.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(
        doc["summary"]["errors"].as_u64().unwrap() as usize
            + doc["summary"]["warnings"].as_u64().unwrap() as usize,
        diags.len()
    );
    assert_eq!(diags[0]["code"], "arrow-mismatch");
    assert_eq!(diags[0]["line"], 4);
    assert_eq!(diags[0]["column"], 28);
    let empty = tickerline()
        .args([
            "validate",
            "--format",
            "json",
            "fixtures/brecorder-markets.txt",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&empty.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["quotes"], 34);
}

#[test]
fn validate_missing_path_is_exit_2() {
    tickerline()
        .args(["validate", "fixtures/no-such-page.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fixtures/no-such-page.txt"));
}

#[test]
fn no_colour_off_a_terminal() {
    let out = tickerline()
        .args(["validate", "fixtures/broken-scraper-output.txt"])
        .output()
        .unwrap();
    assert!(
        !out.stdout.contains(&0x1b),
        "no ANSI escapes when stdout is not a terminal"
    );
}

#[test]
fn explain_prints_a_rule_and_lists_them_all() {
    tickerline()
        .args(["explain", "percent-mismatch"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("percent-mismatch (error by default)")
                .and(predicate::str::contains("previous close")),
        );
    let list = tickerline().arg("explain").output().unwrap();
    let text = String::from_utf8(list.stdout).unwrap();
    for code in tickerline::validate::Code::ALL {
        assert!(text.contains(code.as_str()), "{code} listed");
    }
    tickerline().args(["explain", "nope"]).assert().code(2);
}

#[test]
fn extract_lists_the_issues_of_each_quote() {
    tickerline()
        .args(["extract", "-"])
        .write_stdin("SSGC 11.00 No Change 0.09 (0.81%)\nSSGC 10.54 No Change ▼ 0.00 (0%)\n")
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            ",<stdin>,1,1,unchanged-with-move\nSSGC,10.54,,unchanged,0.00,0,ticker,,<stdin>,2,1,arrow-on-zero-change;conflicting-duplicate\n",
        ));
}

#[test]
fn json_and_ndjson_match_their_expected_files() {
    for (format, ext) in [("json", "json"), ("ndjson", "ndjson")] {
        let out = tickerline()
            .args(["extract", "--format", format, "fixtures/messy-encoding.txt"])
            .output()
            .unwrap();
        assert!(out.status.success());
        golden(
            &root().join(format!("fixtures/expected/messy-encoding.{ext}")),
            &out.stdout,
        );
    }
}

#[test]
fn json_round_trips_to_the_same_records() {
    let json = tickerline()
        .args([
            "extract",
            "--format",
            "json",
            "fixtures/brecorder-markets.txt",
        ])
        .output()
        .unwrap()
        .stdout;
    let quotes: Vec<tickerline::Quote> = serde_json::from_slice(&json).unwrap();
    assert_eq!(quotes.len(), 34);
    assert_eq!(quotes[0].price.unwrap().to_string(), "80.60");
    assert_eq!(quotes[0].price.unwrap().scale(), 2);
    assert_eq!(serde_json::to_vec(&quotes[0]).unwrap(), {
        let line = String::from_utf8(json).unwrap();
        line.lines()
            .nth(1)
            .unwrap()
            .trim_end_matches(',')
            .as_bytes()
            .to_vec()
    });
}

#[test]
fn the_article_without_a_ticker_yields_only_the_header() {
    tickerline()
        .args(["extract", "fixtures/article-no-ticker.txt"])
        .assert()
        .success()
        .stdout(
            "symbol,price,currency,direction,change,change_pct,layout,as_of,source,line,column,issues\n",
        );
}

#[test]
fn a_folder_is_read_recursively_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("b")).unwrap();
    fs::write(dir.path().join("b/2.txt"), "KEL 4.59 ▼ -0.08\n").unwrap();
    fs::write(dir.path().join("a.txt"), "HBL 117.85 ▼ -0.08\n").unwrap();
    fs::write(dir.path().join("c.txt"), "TRG 70.23 ▼ -1.87\n").unwrap();
    let out = tickerline()
        .arg("extract")
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let symbols: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(symbols, ["HBL", "KEL", "TRG"]);
}

#[test]
fn stdin_is_read_for_dash_and_for_no_path() {
    for args in [vec!["extract", "-"], vec!["extract"]] {
        tickerline()
            .args(&args)
            .write_stdin("x\nHBL 117.85 Decreased By ▼ -0.08 (-0.07%)\n")
            .assert()
            .success()
            .stdout(predicate::str::ends_with(
                "HBL,117.85,,down,-0.08,-0.07,ticker,,<stdin>,2,1,\n",
            ));
    }
}

#[test]
fn as_of_overrides_the_dateline() {
    tickerline()
        .args([
            "extract",
            "--as-of",
            "2024-01-02",
            "fixtures/messy-encoding.txt",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(",2024-01-02,")
                .and(predicate::str::contains("2024-03-28").not()),
        );
}

#[test]
fn a_missing_path_is_exit_2_naming_it_and_other_files_still_count() {
    tickerline()
        .args([
            "extract",
            "fixtures/no-such-page.txt",
            "fixtures/messy-encoding.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fixtures/no-such-page.txt"))
        .stdout(predicate::str::contains("HBL,117.85"));
}

#[test]
fn usage_errors_are_exit_2() {
    tickerline()
        .args(["extract", "--format", "xml"])
        .assert()
        .code(2);
    tickerline()
        .args(["extract", "--as-of", "28/03/2024"])
        .assert()
        .code(2);
    tickerline().arg("frobnicate").assert().code(2);
}

#[test]
fn output_file_is_written_whole_and_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quotes.csv");
    fs::write(&out, "old contents\n").unwrap();
    tickerline()
        .args(["extract", "fixtures/messy-encoding.txt", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let expected = fs::read(root().join("fixtures/expected/messy-encoding.csv")).unwrap();
    assert_eq!(fs::read(&out).unwrap(), expected);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn output_into_a_missing_folder_is_exit_2() {
    tickerline()
        .args([
            "extract",
            "fixtures/messy-encoding.txt",
            "-o",
            "no/such/dir/out.csv",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir/out.csv"));
}

#[cfg(unix)]
#[test]
fn dev_stdout_is_written_straight_through() {
    tickerline()
        .args([
            "extract",
            "fixtures/messy-encoding.txt",
            "-o",
            "/dev/stdout",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("KEL,4.59"));
}

#[test]
fn invalid_utf8_and_binary_noise_do_not_stop_the_scan() {
    let mut page = vec![0u8, 0xff, 0xfe, b'\n'];
    page.extend((0..=255u8).cycle().take(4096));
    page.extend_from_slice("\nHBL 117.85 ▼ -0.08\n".as_bytes());
    tickerline()
        .arg("extract")
        .write_stdin(page)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "HBL,117.85,,down,-0.08,,ticker,,<stdin>,",
        ));
}

#[test]
fn validate_never_panics_on_binary_noise() {
    let mut page = Vec::new();
    for i in 0..20_000u32 {
        page.push((i.wrapping_mul(2_654_435_761) >> 13) as u8);
        if i % 97 == 0 {
            page.extend_from_slice("KEL 4.59 Decreased By ▼ (".as_bytes());
        }
    }
    tickerline()
        .arg("validate")
        .write_stdin(page)
        .assert()
        .code(predicate::in_iter([0, 1]));
}

#[test]
fn jobs_give_the_same_bytes_as_one_job_on_big_and_many_pages() {
    let dir = tempfile::tempdir().unwrap();
    let block = fs::read_to_string(root().join("fixtures/broken-scraper-output.txt")).unwrap();
    // Over two parts of 2 MiB each, with a dateline at the top only.
    let big = format!("Mar 28, 2024\n{}", block.repeat(3_200));
    fs::write(dir.path().join("a-big.txt"), &big).unwrap();
    // A line longer than a part, between quotes.
    let long = format!(
        "KEL 4.59 ▼ -0.08\n{}\nHBL 117.85 ▼ -0.08\n",
        "word ".repeat(900_000)
    );
    fs::write(dir.path().join("b-long.txt"), long).unwrap();
    for i in 0..30 {
        fs::write(dir.path().join(format!("c-{i:02}.txt")), &block).unwrap();
    }
    let run = |jobs: &str| {
        let out = tickerline()
            .args(["extract", "--jobs", jobs])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
    let text = String::from_utf8(one).unwrap();
    // Line numbers run on across parts: the last quote of the big page.
    let last_big = text.lines().rfind(|l| l.contains("a-big.txt")).unwrap();
    let last_quote_line = big
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("KEL 4.95"))
        .last()
        .unwrap()
        .0
        + 1;
    assert!(
        last_big.contains(&format!(",{last_quote_line},1,")),
        "{last_big}"
    );
    // Every quote of the big page has its date, also in later parts.
    assert!(
        text.lines()
            .filter(|l| l.contains("a-big.txt"))
            .all(|l| l.contains(",2024-03-28,"))
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("HBL,117.85,,down,-0.08,,ticker,,")
                && l.contains("b-long.txt,3,1"))
    );
}

#[test]
fn a_marquee_line_longer_than_a_part_loses_no_quote() {
    let dir = tempfile::tempdir().unwrap();
    let quote = "HBL 117.85 Decreased By ▼ -0.08 (-0.07%) | ";
    let count = 3 * 1024 * 1024 / quote.len();
    fs::write(
        dir.path().join("marquee.txt"),
        format!("{}\n", quote.repeat(count)),
    )
    .unwrap();
    for jobs in ["1", "2"] {
        let out = tickerline()
            .args(["extract", "--jobs", jobs])
            .arg(dir.path().join("marquee.txt"))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let rows = text.lines().count() - 1;
        assert_eq!(rows, count, "--jobs {jobs}");
        // Columns run on across parts, in characters (the arrow is one,
        // of three bytes): quote k starts at 1 + k × its length.
        let width = quote.chars().count() as u64;
        for (k, row) in text.lines().skip(1).enumerate() {
            let column: u64 = row.rsplit(',').nth(1).unwrap().parse().unwrap();
            assert_eq!(
                column,
                1 + k as u64 * width,
                "--jobs {jobs}, quote {k}: {row}"
            );
        }
    }
    let out = tickerline()
        .arg("validate")
        .arg(dir.path().join("marquee.txt"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(&format!("{count} quotes: 0 errors"))
    );
}

#[test]
fn no_quote_is_lost_where_parts_are_cut() {
    // 2.5 MB of quote lines of many lengths, the page's dateline 700 KB in
    // (past a part, within the date window): every line is a row, dated,
    // whatever the parts or threads, from a file or from stdin.
    let dir = tempfile::tempdir().unwrap();
    let mut page = String::new();
    let (mut lines, mut dated) = (0, false);
    while page.len() < 2_500_000 {
        if page.len() >= 700_000 && !dated {
            page.push_str("Published 28 Mar, 2024 11:04am\n");
            dated = true;
        }
        let symbol = &"ABCDEFGHIJKL"[..1 + lines % 12];
        let spaces = " ".repeat(1 + lines % 3);
        page.push_str(&format!(
            "{symbol}{spaces}4.{:02} Decreased By \u{25bc} -0.08 (-1.7%)\n",
            lines % 100
        ));
        lines += 1;
    }
    let path = dir.path().join("quotes.txt");
    fs::write(&path, &page).unwrap();
    for how in ["--jobs 1", "--jobs 2", "stdin"] {
        let out = match how {
            "stdin" => tickerline()
                .arg("extract")
                .write_stdin(page.clone())
                .output()
                .unwrap(),
            jobs => tickerline()
                .arg("extract")
                .args(jobs.split(' '))
                .arg(&path)
                .output()
                .unwrap(),
        };
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count() - 1, lines, "{how}");
        assert!(
            text.lines().skip(1).all(|row| row.contains(",2024-03-28,")),
            "{how}"
        );
    }
}
