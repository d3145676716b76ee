//! Extraction over many pages, and over big pages split into parts, on
//! several threads, with output in page order and identical, byte for byte,
//! whatever the number of threads.
//!
//! Pages are read into parts of whole lines ([`PART_SIZE`]; a line longer
//! than that is cut between two quotes) and handed out in numbered batches
//! (one part, or many small pages) by a `Feed`: each of the `jobs`
//! threads takes the next batch, reads it itself (so its bytes are in its
//! own core's cache), then scans it: checks, numbers and dates its quotes
//! and encodes their records. What a part needs from earlier ones it waits
//! for, briefly: the page's date (from its first part, where the dateline
//! is) and the number of its first line (from the previous part, whose
//! thread counts its newlines first thing). The calling thread is one of
//! the `jobs`; between its batches it puts the results back in order,
//! applies the one rule that needs the whole page in order (duplicates) and
//! writes. Part boundaries depend only on the input, never on the number of
//! threads.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::ops::Range;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Condvar, Mutex};

use chrono::NaiveDate;
use memchr::memrchr;
use smallvec::SmallVec;

use crate::container::{self, Opened, Page};
use crate::export::{Exporter, RecordEncoder};
use crate::input::{InputError, PageSource};
use crate::quote::{Quote, Record, Values};
use crate::scan::{PartStart, Scanner, count_chars, cut_long_line};
use crate::validate::{Code, Duplicates, check_resolved};

/// The size of the parts a page is read and scanned in.
pub const PART_SIZE: usize = 512 * 1024;

/// The most a page's first part holds (its date window and a part more,
/// unless the window is larger than this): memory stays bounded whatever
/// window a scanner is given.
const MAX_FIRST_PART: usize = 64 * 1024 * 1024;

/// How many batches may be out per scanning thread (read, not yet merged).
const IN_FLIGHT_PER_THREAD: u64 = 4;

/// Below this, a part (a whole small page) is kept in a buffer of its own
/// size rather than a pooled part-sized one.
const SMALL_PART: usize = 64 * 1024;

/// Extracts quotes from pages with a scanner, on `jobs` threads.
///
/// ```
/// use tickerline::Scanner;
/// use tickerline::export::{exporter, Format};
/// use tickerline::extract::Extractor;
/// use tickerline::input::PageSource;
///
/// let dir = tempfile::tempdir().unwrap();
/// let page = dir.path().join("page.txt");
/// std::fs::write(&page, "Mar 28, 2024\nHBL 117.85 Decreased By ▼ -0.08 (-0.07%)\n").unwrap();
/// let mut out = Vec::new();
/// {
///     let mut csv = exporter(Format::Csv, &mut out);
///     let stats = Extractor::new(Scanner::new(), 2)
///         .run([Ok(PageSource::File(page.clone()))], &mut *csv, |e| panic!("{e}"))
///         .unwrap();
///     assert_eq!(stats.quotes, 1);
///     csv.finish().unwrap();
/// }
/// assert!(String::from_utf8(out).unwrap().contains("HBL,117.85,,down,-0.08,-0.07,ticker,2024-03-28,"));
/// ```
pub struct Extractor {
    scanner: Scanner,
    jobs: usize,
    containers: container::Options,
}

/// Part buffers handed back after the scan for the next read: no page faults
/// for a fresh part-sized buffer per part.
#[derive(Default)]
struct Buffers {
    bytes: Pool<u8>,
    sightings: Pool<Sighting>,
}

/// Emptied vectors, kept for reuse.
struct Pool<T>(Mutex<Vec<Vec<T>>>);

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool(Mutex::new(Vec::new()))
    }
}

impl<T> Pool<T> {
    /// An empty vector. Its old elements are dropped here, in the taking
    /// thread (one that scans), not by the writing one: cheaper for the
    /// allocator.
    fn take(&self, capacity: usize) -> Vec<T> {
        let recycled = self.0.lock().ok().and_then(|mut pool| pool.pop());
        let mut buf = recycled.unwrap_or_else(|| Vec::with_capacity(capacity));
        buf.clear();
        buf
    }

    /// Keeps `buf` (and what it holds, until the next `take`), unless it
    /// is small: a pool of part-sized buffers.
    fn give(&self, buf: Vec<T>) {
        if buf.capacity() * size_of::<T>() >= SMALL_PART
            && let Ok(mut pool) = self.0.lock()
            && pool.len() < 8
        {
            pool.push(buf);
        }
    }
}

/// What a run read and found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages read (to the end or to an error).
    pub pages: u64,
    /// Quotes written.
    pub quotes: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// One part of a page: whole lines (but for a cut long line).
struct Part {
    source: Arc<str>,
    /// Where `data[0]` is in the page.
    start: PartStart,
    data: Vec<u8>,
    /// The page's first part (where its dateline is looked for).
    first: bool,
    /// The container page this part is of (its text taken out): its
    /// dates and the map of its positions. `None` for plain text.
    page: Option<Arc<Page>>,
    /// The page's date, set by its first part's worker.
    date: Arc<Later<Option<NaiveDate>>>,
    /// The number of the part's first line, set by the previous part's
    /// worker (none for a first part: line 1)...
    first_line: Option<Arc<Later<u64>>>,
    /// ...and the number of the next part's, which this part's worker sets
    /// once its prefilter has counted the part's newlines (early in its
    /// scan, so the next part's worker waits little).
    next_line: Arc<Later<u64>>,
}

/// A value one worker learns and later ones wait for: a page's date, where
/// a part's lines start.
struct Later<T> {
    value: Mutex<Option<T>>,
    known: Condvar,
}

impl<T> Default for Later<T> {
    fn default() -> Self {
        Later {
            value: Mutex::new(None),
            known: Condvar::new(),
        }
    }
}

impl<T: Copy + Default> Later<T> {
    fn set(&self, value: T) {
        if let Ok(mut v) = self.value.lock() {
            *v = Some(value);
        }
        self.known.notify_all();
    }

    /// Waits for [`set`](Later::set). Parts are handed out in order and a
    /// worker sets what it knows before it waits for anything else, so the
    /// waits run one way along the page and end.
    fn wait(&self) -> T {
        let Ok(mut v) = self.value.lock() else {
            return T::default();
        };
        loop {
            if let Some(value) = *v {
                return value;
            }
            match self.known.wait(v) {
                Ok(next) => v = next,
                Err(_) => return T::default(),
            }
        }
    }
}

/// The parts of the input, handed out in numbered batches to the threads
/// that scan them (a part of a big page alone, small pages together up to
/// half a part: a handoff per small page costs more than scanning it). A
/// thread reads its batch itself, so its bytes are in its own core's cache
/// when it scans them; at most `in_flight` batches are out before the
/// merge, so memory stays bounded by about that many parts.
struct Feed<P: Iterator<Item = Item>> {
    state: Mutex<FeedState<P>>,
    /// How many batches may be out (taken, not merged) at once.
    in_flight: AtomicU64,
    /// Signalled when the merge moves on (or stops).
    room: Condvar,
}

/// What [`Feed::next`] gives.
enum Next {
    /// A batch and its number.
    Batch(u64, Vec<Item>),
    /// As many batches as may be are out: merge first.
    Full,
    /// The input is all taken (or the run stopped).
    End,
}

/// What the threads share of the feed, under its lock.
struct FeedState<P: Iterator<Item = Item>> {
    parts: std::iter::Peekable<P>,
    /// Batches handed out, and batches merged.
    taken: u64,
    merged: u64,
    stopped: bool,
}

impl<P: Iterator<Item = Item>> Feed<P> {
    fn new(parts: P, in_flight: u64) -> Self {
        Feed {
            in_flight: AtomicU64::new(in_flight),
            state: Mutex::new(FeedState {
                parts: parts.peekable(),
                taken: 0,
                merged: 0,
                stopped: false,
            }),
            room: Condvar::new(),
        }
    }

    /// The next batch and its number, once fewer than
    /// [`in_flight`](Feed::in_flight) are out; `None` at the end of the
    /// input or once stopped.
    fn take(&self) -> Option<(u64, Vec<Item>)> {
        match self.next(true) {
            Next::Batch(seq, batch) => Some((seq, batch)),
            Next::Full | Next::End => None,
        }
    }

    /// The next batch, or, when `wait` is false and `in_flight` are out,
    /// [`Next::Full`] at once (for the writing thread: it makes the room).
    fn next(&self, wait: bool) -> Next {
        let Ok(mut state) = self.state.lock() else {
            return Next::End;
        };
        while !state.stopped && state.taken - state.merged >= self.in_flight.load(Relaxed) {
            if !wait {
                return Next::Full;
            }
            match self.room.wait(state) {
                Ok(next) => state = next,
                Err(_) => return Next::End,
            }
        }
        if state.stopped {
            return Next::End;
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        while let Some(item) = state.parts.next_if(|_| bytes < PART_SIZE / 2) {
            bytes += match &item {
                Item::Part(part) => part.data.len().max(1),
                Item::Failed(_) => 1,
            };
            batch.push(item);
        }
        if batch.is_empty() {
            return Next::End;
        }
        state.taken += 1;
        Next::Batch(state.taken - 1, batch)
    }

    /// `more` batches may be out at once (another thread runs).
    fn grow(&self, more: u64) {
        // Under the lock, so no waiter is between its check and its wait.
        let state = self.state.lock();
        self.in_flight.fetch_add(more, Relaxed);
        drop(state);
        self.room.notify_all();
    }

    /// The merge has put the first `merged` batches.
    fn merged(&self, merged: u64) {
        if let Ok(mut state) = self.state.lock() {
            state.merged = merged;
        }
        self.room.notify_all();
    }

    /// No more batches: the run ends (an output error).
    fn stop(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.stopped = true;
        }
        self.room.notify_all();
    }
}

/// What the feed hands out, in order.
enum Item {
    Part(Part),
    Failed(InputError),
}

/// What the merge needs of each quote found: the duplicate rule's key and
/// values, and where its record ends.
struct Sighting {
    /// The symbol, in [`Found::symbols`].
    symbol: Range<usize>,
    line: u64,
    values: Values,
    /// `true` if the quote broke a per-quote rule.
    had_issues: bool,
    /// The end of its record in [`Found::records`] (formats with an encoder).
    end: usize,
}

/// The quotes of one part, numbered, dated and checked.
struct Found {
    first: bool,
    sightings: Vec<Sighting>,
    /// The symbols of the sightings, one after the other.
    symbols: String,
    /// The records, if the format has an encoder...
    records: Vec<u8>,
    /// ...else the quotes.
    quotes: Vec<Quote>,
    bytes: u64,
}

/// What the workers hand back, in order.
enum Done {
    Part(Found),
    Failed(InputError),
}

/// Page-order state of the calling thread.
#[derive(Default)]
struct Merge {
    duplicates: Duplicates,
    stats: Stats,
}

impl Extractor {
    /// An extractor on `jobs` threads (0 is taken as 1). Threads that cannot
    /// be started (a process limit) are done without: the run goes on with
    /// those that could, the calling thread at least. The command line caps
    /// `jobs` at the cores.
    pub fn new(scanner: Scanner, jobs: usize) -> Self {
        Extractor {
            scanner,
            jobs: jobs.max(1),
            containers: container::Options::default(),
        }
    }

    /// Reads files as `options` says (what they are, JSON Lines fields):
    /// see [`container`].
    pub fn containers(mut self, options: container::Options) -> Self {
        self.containers = options;
        self
    }

    /// Reads `pages` in order and writes their quotes to `exporter`. A page
    /// that cannot be opened or read is handed to `failed` (in order, with
    /// the quotes read before the failure written) and the run goes on; an
    /// error writing the output ends it.
    pub fn run(
        &self,
        pages: impl IntoIterator<Item = Result<PageSource, InputError>, IntoIter: Send>,
        exporter: &mut dyn Exporter,
        mut failed: impl FnMut(InputError),
    ) -> io::Result<Stats> {
        let mut merge = Merge::default();
        let buffers = Buffers::default();
        let encoder = exporter.record_encoder();
        if self.jobs == 1 {
            for item in self.parts(pages, &buffers) {
                let done = self.scan(item, encoder, &buffers);
                merge.take(done, &buffers, exporter, &mut failed)?;
            }
            return Ok(merge.stats);
        }
        // Batches read but not yet merged: the calling thread merges only
        // between its own batches, so the others may run a few ahead (four
        // per thread running: grown as threads start).
        let feed = Feed::new(self.parts(pages, &buffers), IN_FLIGHT_PER_THREAD);
        let (done_tx, done_rx) = channel::<(u64, Vec<Done>)>();
        std::thread::scope(|s| {
            let (feed, buffers) = (&feed, &buffers);
            for _ in 1..self.jobs {
                let done_tx = done_tx.clone();
                let worker = move || {
                    while let Some((seq, batch)) = feed.take() {
                        let done = self.scan_batch(batch, encoder, buffers);
                        if done_tx.send((seq, done)).is_err() {
                            return;
                        }
                    }
                };
                // No thread to be had (a process limit): go on with those
                // running, the calling one at least.
                if std::thread::Builder::new().spawn_scoped(s, worker).is_err() {
                    break;
                }
                feed.grow(IN_FLIGHT_PER_THREAD);
            }
            drop(done_tx);
            let scan = |batch| self.scan_batch(batch, encoder, buffers);
            let merged = merge.in_order(feed, &done_rx, scan, buffers, exporter, &mut failed);
            if merged.is_err() {
                feed.stop();
            }
            merged
        })?;
        Ok(merge.stats)
    }

    /// Every part of every page, in order.
    fn parts<'b>(
        &self,
        pages: impl IntoIterator<Item = Result<PageSource, InputError>, IntoIter: Send> + 'b,
        buffers: &'b Buffers,
    ) -> impl Iterator<Item = Item> + Send + 'b {
        let window = usize::try_from(self.scanner.date_window()).unwrap_or(usize::MAX);
        let containers = self.containers.clone();
        pages
            .into_iter()
            .flat_map(move |page| -> Box<dyn Iterator<Item = Item> + Send + 'b> {
                let opened = page.and_then(|p| Ok((p.name(), p.open()?, p)));
                let opened = opened.and_then(|(name, reader, page)| {
                    match container::open(&name, reader, &containers) {
                        Ok(opened) => Ok((name, opened, page)),
                        Err(e) => Err(InputError::new(&source_path(&page), e)),
                    }
                });
                match opened {
                    Err(e) => Box::new(std::iter::once(Item::Failed(e))),
                    Ok((name, Opened::Text(reader), page)) => Box::new(PartReader::new(
                        Arc::from(name),
                        page,
                        reader,
                        buffers,
                        window,
                    )),
                    Ok((_, Opened::Pages(pages), source)) => {
                        Box::new(container_parts(pages, source, buffers, window))
                    }
                }
            })
    }

    /// [`Extractor::scan`] of each item of a batch, in order.
    fn scan_batch(
        &self,
        batch: Vec<Item>,
        encoder: Option<RecordEncoder>,
        buffers: &Buffers,
    ) -> Vec<Done> {
        batch
            .into_iter()
            .map(|item| self.scan(item, encoder, buffers))
            .collect()
    }

    /// A scanning thread's job: date a part, scan it, check and number its quotes,
    /// and encode their records (or build them, for formats without an
    /// encoder). The page's date is decided before the scan, from the
    /// first part, so records are complete as they are found.
    fn scan(&self, item: Item, encoder: Option<RecordEncoder>, buffers: &Buffers) -> Done {
        let part = match item {
            Item::Failed(e) => return Done::Failed(e),
            Item::Part(part) => part,
        };
        let as_of = if part.first {
            let date = match &part.page {
                // `page_date` of nothing is `--as-of`, if given.
                Some(page) => {
                    page.as_of(self.scanner.page_date(&[]), || {
                        self.scanner.page_date(&part.data)
                    })
                    .0
                }
                None => self.scanner.page_date(&part.data),
            };
            part.date.set(date);
            date
        } else {
            part.date.wait()
        };
        let mut found = Found {
            first: part.first,
            sightings: buffers.sightings.take(0),
            symbols: String::new(),
            // A small page's records fit a small buffer; a part's, a pooled one.
            records: if part.data.len() >= SMALL_PART {
                buffers.bytes.take(0)
            } else {
                Vec::new()
            },
            quotes: Vec::new(),
            bytes: 0,
        };
        let numbered = |newlines: u64| {
            let first = part.first_line.as_ref().map_or(1, |line| line.wait());
            part.next_line.set(first + newlines);
            first
        };
        found.bytes = self
            .scanner
            .scan_part_found(&part.data, part.start, numbered, |line| {
                for (at, syntax) in line.found {
                    let values = Values::of(syntax);
                    let mut issues = SmallVec::<[Code; 4]>::new();
                    check_resolved(syntax, &values, &mut issues);
                    let (number, column, offset) = match &part.page {
                        None => (line.number, line.column_of(*at), line.offset_of(*at)),
                        Some(page) => {
                            let p = page.map.locate(line.offset_of(*at) as usize);
                            (p.line, p.column, p.offset)
                        }
                    };
                    match encoder {
                        Some(encode) => encode(
                            &Record {
                                symbol: syntax.symbol,
                                currency: syntax.currency(),
                                values,
                                layout: syntax.layout,
                                issues: &issues,
                                as_of,
                                source: &part.source,
                                line: number,
                                column,
                            },
                            &mut found.records,
                        ),
                        None => found.quotes.push(Quote {
                            issues: issues.to_vec(),
                            as_of,
                            source: Arc::clone(&part.source),
                            line: number,
                            column,
                            offset,
                            ..Quote::from_syntax(syntax)
                        }),
                    }
                    let start = found.symbols.len();
                    found.symbols.push_str(syntax.symbol);
                    found.sightings.push(Sighting {
                        symbol: start..found.symbols.len(),
                        line: number,
                        values,
                        had_issues: !issues.is_empty(),
                        end: found.records.len(),
                    });
                }
            });
        buffers.bytes.give(part.data);
        Done::Part(found)
    }
}

impl Merge {
    /// The calling thread's loop with `--jobs` above 1: it takes batches
    /// from `feed` and scans them like the other threads, and between two
    /// batches puts every result that is ready in sequence order, applies
    /// the duplicate rule and writes; at the end of the input it waits for
    /// the other threads' last results. (Only this thread writes: the
    /// exporter and `failed` stay on it.)
    fn in_order<P: Iterator<Item = Item>>(
        &mut self,
        feed: &Feed<P>,
        done: &Receiver<(u64, Vec<Done>)>,
        scan: impl Fn(Vec<Item>) -> Vec<Done>,
        buffers: &Buffers,
        exporter: &mut dyn Exporter,
        failed: &mut impl FnMut(InputError),
    ) -> io::Result<()> {
        let mut waiting = BTreeMap::new();
        let mut next = 0u64;
        let mut put = |waiting: &mut BTreeMap<u64, Vec<Done>>, this: &mut Merge| {
            while let Some(batch) = waiting.remove(&next) {
                for result in batch {
                    this.take(result, buffers, exporter, failed)?;
                }
                next += 1;
            }
            feed.merged(next);
            io::Result::Ok(())
        };
        loop {
            match feed.next(false) {
                Next::Batch(seq, batch) => {
                    waiting.insert(seq, scan(batch));
                }
                // The oldest batch out is another thread's: wait for it
                // (never for room, which only this thread makes).
                Next::Full => match done.recv() {
                    Ok((seq, found)) => {
                        waiting.insert(seq, found);
                    }
                    Err(_) => break,
                },
                Next::End => break,
            }
            waiting.extend(done.try_iter());
            put(&mut waiting, self)?;
        }
        // The input is all taken: the rest comes from the other threads.
        for (seq, found) in done {
            waiting.insert(seq, found);
            put(&mut waiting, self)?;
        }
        Ok(())
    }

    /// One result, in order: the duplicate rule, then writing.
    fn take(
        &mut self,
        done: Done,
        buffers: &Buffers,
        exporter: &mut dyn Exporter,
        failed: &mut impl FnMut(InputError),
    ) -> io::Result<()> {
        let found = match done {
            Done::Failed(e) => {
                failed(e);
                return Ok(());
            }
            Done::Part(found) => found,
        };
        if found.first {
            self.duplicates = Duplicates::default();
            self.stats.pages += 1;
        }
        let mut quotes = found.quotes.into_iter();
        let mut start = 0;
        for s in &found.sightings {
            let symbol = &found.symbols[s.symbol.clone()];
            let duplicate = self
                .duplicates
                .first_other_sighting(symbol, s.line, &s.values)
                .is_some();
            let extra = duplicate.then_some(Code::ConflictingDuplicate);
            match quotes.next() {
                Some(mut q) => {
                    q.issues.extend(extra);
                    exporter.write_quote(&q)?;
                }
                None => {
                    exporter.write_encoded(&found.records[start..s.end], s.had_issues, extra)?;
                    start = s.end;
                }
            }
            self.stats.quotes += 1;
        }
        buffers.sightings.give(found.sightings);
        buffers.bytes.give(found.records);
        self.stats.bytes += found.bytes;
        Ok(())
    }
}

/// The parts of a container's pages: each page's text read into parts
/// like a plain page, with the page (its dates, its position map) beside.
fn container_parts<'b>(
    pages: container::Pages,
    source: PageSource,
    buffers: &'b Buffers,
    window: usize,
) -> impl Iterator<Item = Item> + Send + 'b {
    // The date of the page whose later parts come as pages of their own.
    let mut date: Arc<Later<Option<NaiveDate>>> = Arc::default();
    pages.flat_map(move |page| -> Box<dyn Iterator<Item = Item> + Send + 'b> {
        match page {
            Err(e) => {
                let path = source_path(&source);
                Box::new(std::iter::once(Item::Failed(InputError::new(
                    &path,
                    io::Error::other(e.to_string()),
                ))))
            }
            Ok(mut page) => {
                let text = std::mem::take(&mut page.text).into_bytes();
                let mut parts = PartReader::new(
                    Arc::from(page.name.as_str()),
                    source.clone(),
                    Box::new(io::Cursor::new(text)),
                    buffers,
                    window,
                );
                if page.continues {
                    parts.date = Arc::clone(&date);
                    parts.continues = true;
                } else {
                    date = Arc::clone(&parts.date);
                }
                parts.page_of_container = Some(Arc::new(page));
                Box::new(parts)
            }
        }
    })
}

fn source_path(page: &PageSource) -> std::path::PathBuf {
    match page {
        PageSource::File(p) => p.clone(),
        PageSource::Stdin => "<stdin>".into(),
    }
}

/// Reads one page into parts of whole lines.
struct PartReader<'b> {
    source: Arc<str>,
    page: PageSource,
    reader: Box<dyn Read + Send>,
    buffers: &'b Buffers,
    /// The start of a line read past the previous part's end.
    carry: Vec<u8>,
    offset: u64,
    /// Where the next part's first line number will be told.
    line: Option<Arc<Later<u64>>>,
    /// Characters of the line the next part goes on with (0 if it starts
    /// a line).
    column: u64,
    date: Arc<Later<Option<NaiveDate>>>,
    window: usize,
    done: bool,
    /// See [`Part::page`].
    page_of_container: Option<Arc<Page>>,
    /// A later part of a container page: its first part is not the page's.
    continues: bool,
}

impl<'b> PartReader<'b> {
    fn new(
        source: Arc<str>,
        page: PageSource,
        reader: Box<dyn Read + Send>,
        buffers: &'b Buffers,
        window: usize,
    ) -> Self {
        PartReader {
            source,
            page,
            reader,
            buffers,
            carry: Vec::new(),
            offset: 0,
            line: None,
            column: 0,
            date: Arc::default(),
            window,
            done: false,
            page_of_container: None,
            continues: false,
        }
    }

    fn next_part(&mut self) -> io::Result<Option<Part>> {
        let first = self.offset == 0 && !self.continues;
        // A page's first part holds its date window and a part more (its
        // dateline is looked for there, in one part).
        let size = match first {
            true => self.window.saturating_add(PART_SIZE).min(MAX_FIRST_PART),
            false => PART_SIZE,
        };
        let mut data = self.buffers.bytes.take(PART_SIZE);
        data.extend_from_slice(&self.carry);
        self.carry.clear();
        let want = size.saturating_sub(data.len()) as u64;
        (&mut self.reader).take(want).read_to_end(&mut data)?;
        let eof = data.len() < size;
        if data.is_empty() {
            self.buffers.bytes.give(data);
            return Ok(None);
        }
        if !eof {
            let end = self.cut(&data, first);
            self.carry.extend_from_slice(&data[end..]);
            data.truncate(end);
        }
        if data.len() < SMALL_PART {
            // A small page gets a buffer of its size; the part-sized one
            // goes back for the next page.
            let small = data.to_vec();
            self.buffers.bytes.give(data);
            data = small;
        }
        let start = PartStart {
            offset: self.offset,
            column_base: self.column,
        };
        // A part cut inside a long line: the next goes on with that line,
        // from the characters it had so far (counted only then).
        self.column = match data.last() {
            Some(b'\n') | None => 0,
            Some(_) => match memrchr(b'\n', &data) {
                Some(nl) => count_chars(&data[nl + 1..]),
                None => self.column + count_chars(&data),
            },
        };
        let next_line = Arc::new(Later::default());
        let part = Part {
            source: Arc::clone(&self.source),
            start,
            first,
            page: self.page_of_container.clone(),
            date: Arc::clone(&self.date),
            first_line: self.line.replace(Arc::clone(&next_line)),
            next_line,
            data,
        };
        self.offset += part.data.len() as u64;
        Ok(Some(part))
    }

    /// Where a full part read from the page (not its last) ends: after its
    /// last newline; a first part keeps at least the date window, when it
    /// holds more (a page's dateline is looked for there, in one part). A
    /// part with no newline there ends inside a long line, which the next
    /// part goes on with (as the same line): it is cut between two quotes,
    /// not in one.
    fn cut(&self, data: &[u8], first: bool) -> usize {
        let keep = if first && self.window < data.len() {
            self.window
        } else {
            0
        };
        match memrchr(b'\n', data).map(|p| p + 1) {
            Some(end) if end >= keep => end,
            _ => keep + cut_long_line(&data[keep..]),
        }
    }
}

impl Iterator for PartReader<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match self.next_part() {
            Ok(Some(part)) => Some(Item::Part(part)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Item::Failed(InputError::new(&source_path(&self.page), e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Format, exporter};
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn the_writer_waits_for_results_not_for_room() {
        // Another thread has taken all the batches that may be out and
        // finished them before the writing thread asks for one: the writer
        // must take their results (it alone makes room; waiting for room
        // there once never ended). Then it scans the rest itself.
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for k in 0..5 {
            let path = dir.path().join(format!("{k}.txt"));
            // Pages of more than half a part: one batch each.
            let line = format!("SYM{k} 10.{k:02} Increased By \u{25b2} 0.08 (0.8%)\n");
            std::fs::write(&path, line.repeat(PART_SIZE / line.len())).unwrap();
            paths.push(path);
        }
        let pages = move || paths.clone().into_iter().map(|p| Ok(PageSource::File(p)));
        let expected = {
            let mut out = Vec::new();
            let mut csv = exporter(Format::Csv, &mut out);
            Extractor::new(Scanner::new(), 1)
                .run(pages(), &mut *csv, |e| panic!("{e}"))
                .unwrap();
            csv.finish().unwrap();
            drop(csv);
            out
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let extractor = Extractor::new(Scanner::new(), 2);
            let buffers = Buffers::default();
            let in_flight = 2;
            let feed = Feed::new(extractor.parts(pages(), &buffers), in_flight);
            let mut out = Vec::new();
            let mut csv = exporter(Format::Csv, &mut out);
            let encoder = csv.record_encoder();
            let (done_tx, done_rx) = mpsc::channel();
            for _ in 0..in_flight {
                let (seq, batch) = feed.take().unwrap();
                let found = extractor.scan_batch(batch, encoder, &buffers);
                done_tx.send((seq, found)).unwrap();
            }
            drop(done_tx);
            let mut merge = Merge::default();
            let mut failed = |e: InputError| panic!("{e}");
            merge
                .in_order(
                    &feed,
                    &done_rx,
                    |batch| extractor.scan_batch(batch, encoder, &buffers),
                    &buffers,
                    &mut *csv,
                    &mut failed,
                )
                .unwrap();
            csv.finish().unwrap();
            drop(csv);
            let _ = tx.send(out);
        });
        let out = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the merge ends");
        assert!(out == expected);
    }
}
