//! Turning paths into pages: files, folders (recursive, sorted) and stdin.
//!
//! In a folder only regular files are pages: a FIFO, socket or device
//! there is skipped with a word ([`InputError::is_skipped`]), as reading
//! one could block for ever or never end. Named on the command line, any
//! file is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Where one page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSource {
    /// Standard input (`-`, or no path at all).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl PageSource {
    /// The name quotes carry as their `source`: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            PageSource::Stdin => "<stdin>".to_owned(),
            PageSource::File(p) => p.display().to_string(),
        }
    }

    /// Opens the page for reading.
    pub fn open(&self) -> Result<Box<dyn Read + Send>, InputError> {
        match self {
            PageSource::Stdin => Ok(Box::new(io::stdin())),
            PageSource::File(p) => File::open(p)
                .map(|f| Box::new(f) as Box<dyn Read + Send>)
                .map_err(|e| InputError::new(p, e)),
        }
    }
}

/// A path that could not be read, or was skipped.
#[derive(Debug, thiserror::Error)]
pub struct InputError {
    /// The path.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: io::Error,
}

impl InputError {
    /// An error about `path`.
    pub fn new(path: &Path, source: io::Error) -> Self {
        InputError {
            path: path.to_path_buf(),
            source,
        }
    }

    /// `path`, found in a folder, is no regular file (`what` it is) and was
    /// skipped.
    fn skipped(path: PathBuf, what: &str) -> Self {
        let why = format!("{what}, not a regular file");
        InputError {
            path,
            source: io::Error::new(io::ErrorKind::Unsupported, why),
        }
    }

    /// `true` if the path was skipped on purpose (a FIFO, socket or device
    /// in a folder): a warning, not a failure to read.
    ///
    /// ```
    /// use tickerline::input::InputError;
    /// let e = InputError::new("x".as_ref(), std::io::ErrorKind::NotFound.into());
    /// assert!(!e.is_skipped());
    /// ```
    pub fn is_skipped(&self) -> bool {
        self.source.kind() == io::ErrorKind::Unsupported
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match self.is_skipped() {
            true => write!(f, "skipped '{path}': {}", self.source),
            false => write!(f, "cannot read '{path}': {}", self.source),
        }
    }
}

/// What a file that is neither a folder nor a regular file is.
fn kind_of_special(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// The pages named by `paths`, in order: `-` is standard input, a folder is
/// every file below it (recursively, sorted by name, hidden entries
/// skipped), and no path at all means standard input.
///
/// ```
/// use tickerline::input::{pages, PageSource};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("b.txt"), "").unwrap();
/// std::fs::create_dir(dir.path().join("a")).unwrap();
/// std::fs::write(dir.path().join("a/z.txt"), "").unwrap();
/// std::fs::write(dir.path().join(".hidden"), "").unwrap();
/// let found: Vec<_> = pages(&[dir.path().to_path_buf()])
///     .map(|p| p.unwrap().name().replace(&dir.path().display().to_string(), ""))
///     .collect();
/// assert_eq!(found, vec!["/a/z.txt", "/b.txt"]);
/// assert_eq!(pages(&[]).next().unwrap().unwrap(), PageSource::Stdin);
/// ```
pub fn pages(
    paths: &[PathBuf],
) -> impl Iterator<Item = Result<PageSource, InputError>> + Send + '_ {
    let stdin_only = paths.is_empty().then_some(Ok(PageSource::Stdin));
    stdin_only.into_iter().chain(paths.iter().flat_map(
        |path| -> Box<dyn Iterator<Item = _> + Send> {
            if path == Path::new("-") {
                return Box::new(std::iter::once(Ok(PageSource::Stdin)));
            }
            match path.metadata() {
                Err(e) => Box::new(std::iter::once(Err(InputError::new(path, e)))),
                Ok(m) if m.is_dir() => Box::new(folder(path)),
                Ok(_) => Box::new(std::iter::once(Ok(PageSource::File(path.clone())))),
            }
        },
    ))
}

fn folder(root: &Path) -> impl Iterator<Item = Result<PageSource, InputError>> + Send + use<> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_dir() => None,
            Ok(e) if !e.file_type().is_file() => {
                let what = kind_of_special(e.file_type());
                Some(Err(InputError::skipped(e.into_path(), what)))
            }
            Ok(e) => Some(Ok(PageSource::File(e.into_path()))),
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("filesystem loop"));
                Some(Err(InputError { path, source: io }))
            }
        })
}

/// The paths listed in `list`, one per line (`--files-from`): blank lines
/// skipped, a line's `\r` end dropped, the rest taken as it is.
///
/// ```
/// use std::path::PathBuf;
/// use tickerline::input::paths_from;
/// let list = "a.html\r\n\n dir/b.warc.gz\n";
/// assert_eq!(
///     paths_from(list.as_bytes()).unwrap(),
///     [PathBuf::from("a.html"), PathBuf::from(" dir/b.warc.gz")]
/// );
/// ```
pub fn paths_from(list: impl io::BufRead) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for line in list.split(b'\n') {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        paths.push(path_of(line));
    }
    Ok(paths)
}

#[cfg(unix)]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}
