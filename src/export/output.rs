//! Output files: a regular file is replaced atomically (written to a
//! temporary file beside it, then renamed over it), so a reader never sees
//! half an output and a failed run leaves the old file intact. Standard
//! output, pipes, devices and other special files are written straight
//! through.
//!
//! What a replace keeps and what it refuses:
//! - a new file gets the permissions the umask leaves of `rw-rw-rw-`; an
//!   existing one keeps its permissions, and its owner and group (when
//!   they can be given to the new file: else the replace is refused);
//! - a file with other hard links is refused (a rename would leave the
//!   other names on the old contents);
//! - a symlink, dangling or not, is followed: the file it points to is
//!   written, the link stays;
//! - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are
//!   the descriptors themselves, written at their current position (a
//!   shell's `>>` appends, a header written before stays): never opened
//!   anew at offset 0.

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
        /// Bytes written so far...
        written: u64,
        /// ...and how many of them the kernel was asked to write back.
        flushed: u64,
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
            if !descriptor_is_open(1) {
                return Err(io::Error::other("standard output is closed"));
            }
            return Ok(Output::Stdout(io::stdout()));
        };
        if let Some(file) = open_descriptor(path)? {
            return Ok(Output::Direct(file));
        }
        if is_special(path) {
            return fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map(Output::Direct);
        }
        // Replace what a symlink points to (even if nothing yet), not the link.
        let target = follow_links(path)?;
        if is_special(&target) {
            return fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map(Output::Direct);
        }
        let existing = match fs::metadata(&target) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if let Some(m) = &existing {
            refuse_hard_links(m)?;
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tickerline-").suffix(".tmp");
        #[cfg(unix)]
        builder.permissions(new_file_permissions());
        let temp = builder.tempfile_in(dir)?;
        if let Some(m) = &existing {
            keep_owner(temp.as_file(), m)?;
            fs::set_permissions(temp.path(), m.permissions())?;
        }
        Ok(Output::Atomic {
            temp,
            target,
            written: 0,
            flushed: 0,
        })
    }

    /// The temporary file being written, for an atomic replace (to remove
    /// it if the process is stopped before [`commit`](Output::commit)).
    pub fn temp_path(&self) -> Option<&Path> {
        match self {
            Output::Atomic { temp, .. } => Some(temp.path()),
            _ => None,
        }
    }

    /// Makes the output visible: renames the temporary file over the target
    /// (which keeps the target's permissions and owner, or, for a new file,
    /// gets what the umask leaves).
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut s) => s.flush(),
            Output::Direct(mut f) => f.flush(),
            Output::Atomic { temp, target, .. } => {
                temp.as_file().sync_all()?;
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

/// How deep a chain of symlinks is followed.
const MAX_LINKS: usize = 40;

/// `path` with its symlinks followed, to a file that may not exist yet (a
/// dangling link names the file to create).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// The descriptor `path` names (`/dev/stdout`, `/dev/fd/3`...), duplicated,
/// so it is written where it stands; `None` for other paths. An error if
/// the descriptor is closed.
#[cfg(unix)]
fn open_descriptor(path: &Path) -> io::Result<Option<File>> {
    use std::os::fd::BorrowedFd;
    let Some(fd) = descriptor_named(path) else {
        return Ok(None);
    };
    if !descriptor_is_open(fd) {
        return Err(io::Error::other(format!("descriptor {fd} is closed")));
    }
    // SAFETY: `fd` was just checked to be open; it is only borrowed to be
    // duplicated, and the duplicate is ours.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    Ok(Some(File::from(borrowed.try_clone_to_owned()?)))
}

#[cfg(not(unix))]
fn open_descriptor(_path: &Path) -> io::Result<Option<File>> {
    Ok(None)
}

/// The descriptor number a path names, if it names one.
fn descriptor_named(path: &Path) -> Option<i32> {
    let name = path.to_str()?;
    match name {
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let number = name
        .strip_prefix("/dev/fd/")
        .or_else(|| name.strip_prefix("/proc/self/fd/"))?;
    number.parse().ok().filter(|&fd: &i32| fd >= 0)
}

/// `true` unless descriptor `fd` is known to be closed (`>&-`): writing to
/// a closed standard output would otherwise look like success.
pub fn descriptor_is_open(fd: i32) -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: F_GETFD only reads the descriptor's flags.
        unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = fd;
        true
    }
}

/// What a new file's permissions are asked to be: `rw-rw-rw-`, less the
/// umask (the kernel applies it when the file is created).
#[cfg(unix)]
fn new_file_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o666)
}

/// Refuses to replace a file with other names: the rename would leave
/// them on the old contents.
#[cfg(unix)]
fn refuse_hard_links(m: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if m.nlink() > 1 {
        return Err(io::Error::other(format!(
            "it has {} hard links, which replacing it would break: remove it first, or write \
             to another path",
            m.nlink()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_hard_links(_m: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Gives the temporary file the target's owner and group, so the replace
/// keeps them; refuses if that cannot be done.
#[cfg(unix)]
fn keep_owner(temp: &File, m: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let ours = temp.metadata()?;
    if (ours.uid(), ours.gid()) == (m.uid(), m.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(temp, Some(m.uid()), Some(m.gid())).map_err(|e| {
        io::Error::other(format!(
            "it belongs to user {} and group {}, which a replaced file could not keep ({e}): \
             remove it first, or write to another path",
            m.uid(),
            m.gid()
        ))
    })
}

#[cfg(not(unix))]
fn keep_owner(_temp: &File, _m: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::Direct(f) => f.write(buf),
            Output::Atomic {
                temp,
                written,
                flushed,
                ..
            } => {
                let n = temp.write(buf)?;
                *written += n as u64;
                start_writeback(temp.as_file(), flushed, *written);
                Ok(n)
            }
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

/// How much written output may wait before the kernel is asked to start
/// writing it to disk (see [`start_writeback`]).
const WRITEBACK_STEP: u64 = 4 << 20;

/// Asks the kernel to start writing the bytes from `flushed` to `written`
/// to disk once they are [`WRITEBACK_STEP`] or more, without waiting for
/// it: the disk works while the scan goes on, and the `fsync` of
/// [`Output::commit`] finds little left to wait for (it waited ~30 ms on a
/// 45 MB CSV, 5-10% of a run, before this). Linux only; elsewhere the
/// `fsync` does it all.
fn start_writeback(file: &File, flushed: &mut u64, written: u64) {
    if written - *flushed < WRITEBACK_STEP {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (from, len) = (
            *flushed as libc::off64_t,
            (written - *flushed) as libc::off64_t,
        );
        // SAFETY: a plain system call on a descriptor `file` keeps open; it
        // reads no memory of ours. A failure only leaves the work to the
        // final fsync, so its result is not looked at.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), from, len, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
    *flushed = written;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_past_several_writeback_steps_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let mut out = Output::create(Some(&path)).unwrap();
        let mut expected = Vec::new();
        // Writes of many sizes, some larger than a step, over 2.5 steps.
        let mut n = 0u32;
        while (expected.len() as u64) < 5 * WRITEBACK_STEP / 2 {
            n += 1;
            let len = (n as usize * 7919) % (WRITEBACK_STEP as usize + 1000);
            let chunk: Vec<u8> = (0..len).map(|k| (k as u32 + n) as u8).collect();
            if n.is_multiple_of(2) {
                out.write_all(&chunk).unwrap();
            } else {
                let mut rest = &chunk[..];
                while !rest.is_empty() {
                    let k = out.write(rest).unwrap();
                    rest = &rest[k..];
                }
            }
            expected.extend_from_slice(&chunk);
        }
        assert!(!path.exists());
        out.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), expected);
    }
}
