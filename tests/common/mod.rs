//! What the tests that drive the real binary share: where the repository
//! is, the command, and golden-file comparison.
// Each test crate uses what it needs of these.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `tickerline` binary, run from the repository's root.
pub fn tickerline() -> Command {
    let mut cmd = Command::cargo_bin("tickerline").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Compares `got` with the golden file, or rewrites it under TICKERLINE_BLESS.
pub fn golden(expected: &Path, got: &[u8]) {
    if std::env::var_os("TICKERLINE_BLESS").is_some() {
        fs::write(expected, got).unwrap();
        return;
    }
    let want = fs::read(expected).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (TICKERLINE_BLESS=1 creates it)",
            expected.display()
        )
    });
    if want != got {
        let (want, got) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(got));
        let diff: Vec<String> = want
            .lines()
            .chain(std::iter::repeat("<missing>"))
            .zip(got.lines().chain(std::iter::repeat("<missing>")))
            .take(want.lines().count().max(got.lines().count()))
            .enumerate()
            .filter(|(_, (w, g))| w != g)
            .take(5)
            .map(|(i, (w, g))| format!("line {}:\n  want: {w}\n  got:  {g}", i + 1))
            .collect();
        panic!(
            "{} differs ({} vs {} lines)\n{}",
            expected.display(),
            want.lines().count(),
            got.lines().count(),
            diff.join("\n")
        );
    }
}
