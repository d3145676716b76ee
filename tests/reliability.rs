//! The reproducers of issue 14, each through the real binary where it is a
//! command-line behaviour: records kept on long lines, bounded threads,
//! safe outputs, no hangs on special files, no raw page bytes on the
//! terminal.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use tickerline::Scanner;
use tickerline::export::{Format, exporter};
use tickerline::extract::Extractor;
use tickerline::input::PageSource;
use tickerline::scan::{MAX_LINE, QuoteFinder, cut_long_line};

const QUOTE: &str = "AIRLINK 80.60 Increased By ▲ 1.19 (1.5%)";

fn tickerline() -> Command {
    Command::cargo_bin("tickerline").unwrap()
}

/// Runs `script` in `sh` in `dir`, with `$TL` the binary.
fn sh(dir: &Path, script: &str) -> std::process::Output {
    Process::new("sh")
        .arg("-c")
        .arg(script)
        .env("TL", cargo_bin("tickerline"))
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `count` quotes separated by `sep` on one line (more than `MAX_LINE`).
fn long_line(sep: &str, count: usize) -> String {
    let mut line = format!("{QUOTE}{sep}").repeat(count);
    line.push('\n');
    assert!(line.len() > MAX_LINE);
    line
}

fn rows(csv: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(csv)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_long_line_of_quotes_keeps_every_record_whatever_the_separator() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sep) in [
        ("comma", ", "),
        ("glued", ""),
        ("dash", " - "),
        ("question", " ? "),
        ("tab", "\t"),
        ("bar", " | "),
    ] {
        let path = dir.path().join(format!("{name}.txt"));
        fs::write(&path, long_line(sep, 100_000)).unwrap();
        let one = tickerline()
            .args(["extract", "-j", "1"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(one.status.success(), "{name}");
        let got = rows(&one.stdout);
        assert_eq!(got.len(), 100_000, "{name}: rows");
        // Every record whole, at its column.
        let step = format!("{QUOTE}{sep}").chars().count();
        for (k, row) in got.iter().enumerate() {
            let want = format!(
                "AIRLINK,80.60,,up,1.19,1.5,ticker,,{},1,{},",
                path.display(),
                1 + k * step
            );
            assert_eq!(*row, want, "{name}: row {k}");
        }
        let two = tickerline()
            .args(["extract", "-j", "2"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(one.stdout == two.stdout, "{name}: --jobs 2 differs");
        tickerline()
            .arg("validate")
            .arg(&path)
            .assert()
            .success()
            .stdout("checked 1 page, 100000 quotes: 0 errors, 0 warnings\n");
    }
}

#[test]
fn long_line_pieces_find_what_the_whole_line_holds() {
    // Varied quotes and separators, weak quotes and prose among them: the
    // scanner (which cuts the line) finds what the finder over the whole
    // line finds, at the same offsets.
    let parts = [
        "KSE100 72,743 Increased By 771.4 (1.07%)",
        ", ",
        "HBL 117.85 ▼ -0.08 (-0.07%)",
        "KEL 4.59 Decreased By ▼ -0.08 (-1.71%)",
        " - the Nifty 50 up 0.5% on Monday ",
        "Gold 2,000 up 5 ",
        "S&P 500 5,123.4 ▲ 12.5 (0.24%)",
        "\t",
        "LUCK 1,012.50 No Change 0.00 (0%)",
        " ? ",
        "BRK.B 412.10 -1.2 (-0.29%) ",
        "é ",
    ];
    let mut line = String::new();
    let mut k = 0usize;
    while line.len() <= MAX_LINE + 600_000 {
        line.push_str(parts[k % parts.len()]);
        line.push_str(parts[(k * 7 + 3) % parts.len()]);
        k += 1;
    }
    let whole: Vec<(u64, String)> = QuoteFinder::new(&line)
        .map(|(at, q)| (at as u64, q.symbol.to_owned()))
        .collect();
    let pieces: Vec<(u64, String)> = Scanner::new()
        .scan_str("p", &line)
        .into_iter()
        .map(|q| (q.offset, q.symbol))
        .collect();
    assert_eq!(whole.len(), pieces.len());
    assert!(whole == pieces);

    // The extractor cuts it into parts: the same records, at any --jobs.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.txt");
    fs::write(&path, &line).unwrap();
    let run = |jobs| {
        let mut out = Vec::new();
        let mut csv = exporter(Format::Ndjson, &mut out);
        let stats = Extractor::new(Scanner::new(), jobs)
            .run([Ok(PageSource::File(path.clone()))], &mut *csv, |e| {
                panic!("{e}")
            })
            .unwrap();
        csv.finish().unwrap();
        drop(csv);
        (stats.quotes, out)
    };
    let (quotes, one) = run(1);
    assert_eq!(quotes as usize, whole.len());
    assert!(run(2).1 == one);
}

#[test]
fn a_cut_falls_between_quotes() {
    for sep in [", ", "", " - ", " ? ", "\t"] {
        let text = format!("{QUOTE}{sep}").repeat(300);
        for len in (text.len() - 200..text.len()).filter(|&l| text.is_char_boundary(l)) {
            let bytes = &text.as_bytes()[..len];
            let cut = cut_long_line(bytes);
            assert!(text[cut..].starts_with("AIRLINK"), "{sep:?} {len}: {cut}");
        }
    }
}

#[test]
fn more_jobs_than_cores_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("one.txt");
    fs::write(&page, format!("{QUOTE}\n")).unwrap();
    let out = tickerline()
        .args(["extract", "-j", "100000"])
        .arg(&page)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(rows(&out.stdout).len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: --jobs 100000 is more than"),
        "{stderr}"
    );
}

#[test]
fn threads_that_cannot_start_are_done_without() {
    // A process limit of one for an unprivileged user: no thread can start.
    // Only where this test runs as root with runuser (to become nobody).
    let root = Process::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let runuser = Path::new("/usr/sbin/runuser").exists() || Path::new("/sbin/runuser").exists();
    if !root || !runuser || Process::new("bash").arg("-c").arg("true").status().is_err() {
        eprintln!("skipped: needs root, runuser and bash");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("one.txt");
    fs::write(&page, format!("{QUOTE}\n")).unwrap();
    let mut perms = fs::metadata(dir.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(dir.path(), perms).unwrap();
    let script = format!(
        "ulimit -u 1; exec \"$TL\" extract -j 2 '{}'",
        page.display()
    );
    let out = Process::new("runuser")
        .args(["-u", "nobody", "--", "bash", "-c", &script])
        .env("TL", cargo_bin("tickerline"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert_eq!(rows(&out.stdout).len(), 1);
}

#[test]
fn dev_stdout_is_written_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("one.txt"), format!("{QUOTE}\n")).unwrap();
    let out = sh(
        dir.path(),
        "{ echo '# header'; \"$TL\" extract one.txt -o /dev/stdout; echo '# footer'; } > out.csv",
    );
    assert!(out.status.success());
    let csv = "symbol,price,currency,direction,change,change_pct,layout,as_of,source,line,column,issues\n\
               AIRLINK,80.60,,up,1.19,1.5,ticker,,one.txt,1,1,\n";
    let got = fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(got, format!("# header\n{csv}# footer\n"));
    // `>>` appends.
    fs::write(dir.path().join("app.csv"), "# old\n").unwrap();
    let out = sh(
        dir.path(),
        "\"$TL\" extract one.txt -o /dev/stdout >> app.csv",
    );
    assert!(out.status.success());
    let got = fs::read_to_string(dir.path().join("app.csv")).unwrap();
    assert_eq!(got, format!("# old\n{csv}"));
}

#[test]
fn a_closed_or_full_stdout_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("one.txt"), format!("{QUOTE}\n")).unwrap();
    for script in [
        "\"$TL\" extract one.txt >&-",
        "\"$TL\" extract one.txt -o /dev/stdout >&-",
        "\"$TL\" validate one.txt >&-",
        "\"$TL\" explain >&-",
        "\"$TL\" --help >&-",
        "\"$TL\" extract one.txt > /dev/full",
        "\"$TL\" validate one.txt > /dev/full",
        "\"$TL\" explain > /dev/full",
        "\"$TL\" --help > /dev/full",
        "\"$TL\" --version > /dev/full",
    ] {
        let out = sh(dir.path(), script);
        assert_eq!(out.status.code(), Some(2), "{script}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error: cannot write '<stdout>'"),
            "{script}: {stderr}"
        );
    }
    // Writing elsewhere with stdout closed is fine.
    let out = sh(dir.path(), "\"$TL\" extract one.txt -o out.csv >&-");
    assert!(out.status.success());
}

#[test]
fn a_stopped_run_leaves_no_temporary_file() {
    for signal in ["TERM", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        // Standard input stays open: the run waits for it, its output in a
        // temporary file beside the target.
        let mut child = Process::new(cargo_bin("tickerline"))
            .args(["extract", "-", "-o", "out.csv"])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(format!("{QUOTE}\n").repeat(1000).as_bytes())
            .unwrap();
        let temps = || {
            fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    let name = e.as_ref().unwrap().file_name();
                    name.to_string_lossy().starts_with(".tickerline-")
                })
                .count()
        };
        let start = Instant::now();
        while temps() == 0 {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // Let the signal thread start.
        std::thread::sleep(Duration::from_millis(200));
        let killed = Process::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert!(!status.success(), "{signal}");
        assert_eq!(temps(), 0, "{signal}: temporary file left");
        assert!(!dir.path().join("out.csv").exists());
    }
}

#[cfg(unix)]
#[test]
fn output_files_respect_umask_links_and_owners() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("one.txt"), format!("{QUOTE}\n")).unwrap();
    let mode = |name: &str| fs::metadata(dir.path().join(name)).unwrap().mode() & 0o777;

    let out = sh(
        dir.path(),
        "umask 077; \"$TL\" extract one.txt -o private.csv",
    );
    assert!(out.status.success());
    assert_eq!(mode("private.csv"), 0o600);
    let out = sh(
        dir.path(),
        "umask 022; \"$TL\" extract one.txt -o shared.csv",
    );
    assert!(out.status.success());
    assert_eq!(mode("shared.csv"), 0o644);

    // An existing file keeps its permissions.
    fs::write(dir.path().join("kept.csv"), "old\n").unwrap();
    fs::set_permissions(
        dir.path().join("kept.csv"),
        fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let out = sh(dir.path(), "umask 000; \"$TL\" extract one.txt -o kept.csv");
    assert!(out.status.success());
    assert_eq!(mode("kept.csv"), 0o640);

    // Hard links: refused, the file left as it was.
    fs::write(dir.path().join("linked.csv"), "old\n").unwrap();
    fs::hard_link(dir.path().join("linked.csv"), dir.path().join("other.csv")).unwrap();
    tickerline()
        .current_dir(dir.path())
        .args(["extract", "one.txt", "-o", "linked.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has 2 hard links"));
    assert_eq!(
        fs::read_to_string(dir.path().join("other.csv")).unwrap(),
        "old\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("linked.csv")).unwrap(),
        "old\n"
    );

    // A dangling symlink: the file it names is written, the link stays.
    std::os::unix::fs::symlink("target.csv", dir.path().join("link.csv")).unwrap();
    tickerline()
        .current_dir(dir.path())
        .args(["extract", "one.txt", "-o", "link.csv"])
        .assert()
        .success();
    let link = fs::symlink_metadata(dir.path().join("link.csv")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(
        fs::read_to_string(dir.path().join("target.csv"))
            .unwrap()
            .contains("AIRLINK")
    );

    // Another owner: kept when it can be (as root), else refused.
    let root = fs::metadata(dir.path()).unwrap().uid() == 0;
    if root {
        let theirs = dir.path().join("theirs.csv");
        fs::write(&theirs, "old\n").unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        tickerline()
            .current_dir(dir.path())
            .args(["extract", "one.txt", "-o", "theirs.csv"])
            .assert()
            .success();
        let m = fs::metadata(&theirs).unwrap();
        assert_eq!((m.uid(), m.gid()), (65534, 65534));
        assert!(fs::read_to_string(&theirs).unwrap().contains("AIRLINK"));
    }
}

#[cfg(unix)]
#[test]
fn special_files_in_a_folder_are_skipped_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), format!("{QUOTE}\n")).unwrap();
    let fifo = dir.path().join("b.fifo");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("c.sock")).unwrap();
    for command in ["extract", "validate"] {
        let out = tickerline()
            .arg(command)
            .arg(dir.path())
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: skipped") && stderr.contains("a FIFO"),
            "{stderr}"
        );
        assert!(stderr.contains("a socket"), "{stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("AIRLINK") || command == "validate");
    }
    // Named explicitly, a FIFO is read.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, format!("{QUOTE}\n")).unwrap())
    };
    let out = tickerline()
        .arg("extract")
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    assert_eq!(rows(&out.stdout).len(), 1);
}

#[test]
fn page_bytes_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("esc.txt");
    fs::write(
        &page,
        "KEL 4.59\x1b]0;pwned\x07\x1b[2J Decreased By ▼ -0.08 (-1.71%)\nHBL 117.85 \u{1b}[31m ▼ -0.08\n",
    )
    .unwrap();
    let out = tickerline().arg("validate").arg(&page).output().unwrap();
    let raw = |bytes: &[u8]| bytes.iter().any(|&b| b < 0x20 && b != b'\n' && b != b'\t');
    assert!(!out.stdout.is_empty());
    assert!(
        !raw(&out.stdout),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\x1b]0;pwned\\x07"));
    // File names in errors.
    let out = tickerline()
        .arg("extract")
        .arg(dir.path().join("no\x1b[2Jsuch\x07"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !raw(&out.stderr),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no\\x1b[2Jsuch\\x07"));
}
