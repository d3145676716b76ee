//! Output files: a regular file is replaced atomically (written to a
//! temporary file beside it, then renamed over it), so a reader never sees
//! half an output and a failed run leaves the old file intact. Standard
//! output, pipes, devices and other special files are written straight
//! through.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Where an export goes.
pub enum Output {
    /// Standard output.
    Stdout(io::Stdout),
    /// A special file (`/dev/stdout`, a FIFO, a device), written in place.
    Direct(File),
    /// A regular file, written to a temporary file until [`Output::commit`].
    Atomic {
        /// The temporary file, in the target's directory.
        temp: NamedTempFile,
        /// The file it replaces on commit.
        target: PathBuf,
    },
}

impl Output {
    /// Opens `path` for writing, or standard output for `None` or `-`.
    ///
    /// ```
    /// use std::io::Write;
    /// use tickerline::export::Output;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("quotes.csv");
    /// let mut out = Output::create(Some(&path)).unwrap();
    /// out.write_all(b"symbol\n").unwrap();
    /// assert!(!path.exists()); // nothing visible before commit
    /// out.commit().unwrap();
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), "symbol\n");
    /// ```
    pub fn create(path: Option<&Path>) -> io::Result<Output> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Output::Stdout(io::stdout()));
        };
        if is_special(path) {
            return fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map(Output::Direct);
        }
        // Replace what a symlink points to, not the link.
        let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".tickerline-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Output::Atomic { temp, target })
    }

    /// Makes the output visible: renames the temporary file over the target
    /// (keeping the target's permissions, or 0644 for a new file).
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut s) => s.flush(),
            Output::Direct(mut f) => f.flush(),
            Output::Atomic { temp, target } => {
                temp.as_file().sync_all()?;
                set_permissions(temp.path(), &target)?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

/// `true` for paths that must be written in place: anything under `/dev` or
/// `/proc`, and any existing file that is not a regular file.
fn is_special(path: &Path) -> bool {
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return true;
    }
    fs::metadata(path).is_ok_and(|m| !m.is_file())
}

#[cfg(unix)]
fn set_permissions(temp: &Path, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let perms = fs::metadata(target)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| fs::Permissions::from_mode(0o644));
    fs::set_permissions(temp, perms)
}

#[cfg(not(unix))]
fn set_permissions(_temp: &Path, _target: &Path) -> io::Result<()> {
    Ok(())
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::Direct(f) => f.write(buf),
            Output::Atomic { temp, .. } => temp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.write_all(buf),
            Output::Direct(f) => f.write_all(buf),
            Output::Atomic { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.flush(),
            Output::Direct(f) => f.flush(),
            Output::Atomic { temp, .. } => temp.flush(),
        }
    }
}
