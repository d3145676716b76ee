//! HTML flattened to the lines of text the scanner reads, streaming over
//! html5ever's tokenizer (no tree), with a map from each byte of the text
//! back to the page.
//!
//! The rules, from saved pages of financial sites:
//!
//! - **Records end lines.** `<tr>` and `<li>` always end a line. A block
//!   (`<div>`, `<p>`, `<h5>`, ...) whose children are blocks holding only
//!   text — a widget's item: `<div><div>HBL</div><div>117.85</div></div>` —
//!   is one record when its text is short ([`RECORD_MAX`] bytes): its
//!   children are joined by a space. Any other block boundary ends a line.
//! - **Cells are tabs**: `<td>`/`<th>` after the first of a row start with
//!   a TAB, so a table's columns line up with its header.
//! - **Inline elements are words**: a space goes between adjacent inline
//!   elements where the HTML has none (`<span>57.34</span><span>+1.06</span>`),
//!   but not after an opening bracket or a lone sign, nor before a closing
//!   bracket, `%` or punctuation (`(<span>+</span>0.38%)` stays `(+0.38%)`).
//!   Comments split nothing: `<!-- react-text -->-9.71<!-- /react-text -->`
//!   is `-9.71`.
//! - **Not text**: `<script>`, `<style>`, `<noscript>`, `<template>`,
//!   `<title>`, `<textarea>`, `<iframe>` contents, comments, attributes, and
//!   any element with an inline `display:none` (`visibility:hidden` too).
//!   Elements hidden by a class are kept: no style sheet is read.
//! - **Entities** are decoded by the tokenizer (`&#9650;`, `&nbsp;`, ...).
//! - **Direction in markup** (`<img alt="Up">`, an arrow image's file name
//!   such as `arrow_down.gif`, a class word `up`/`down`/`positive`/
//!   `negative`/`green`/`red`/`pnum`/`nnum`/`gain`/`loss`, an `aria-label`
//!   "Down by 0.45%") becomes an explicit `▲`/`▼` before the next number,
//!   unless text (a word or an arrow) comes first.
//! - **Malformed markup** never loses the rest of the page: an unmatched
//!   end tag is ignored, unclosed elements close at the end.
//!
//! The page's own date is collected on the way ([`Flattened::meta_date`]):
//! `<meta property="article:published_time">` (and `datePublished`,
//! `pubdate`, `date`), JSON-LD `datePublished`, else the first
//! `<time datetime>`.
//!
//! Positions: the tokenizer tells no offsets, so the page is fed to it in
//! pieces that each start at a `<`; a text run it emits while a piece is
//! being read is found in that piece (runs are copied from the page as
//! they are, but for entities). A run that cannot be found (an entity) is
//! placed at the next `&`: its position is approximate, never its text.

use std::cell::RefCell;

use chrono::NaiveDate;
use html5ever::LocalName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::Tag;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::position::Segments;

/// The longest text (bytes) of a block still joined into one line as a record.
pub const RECORD_MAX: usize = 300;

/// How deep an unmatched end tag is looked for in the open elements: past
/// that it is ignored (malformed pages never cost quadratic time).
const MATCH_DEPTH: usize = 64;

/// The most JSON-LD kept to look for a date in.
const JSON_LD_MAX: usize = 256 * 1024;

/// A page flattened to text.
#[derive(Debug, Clone, Default)]
pub struct Flattened {
    /// The lines, `\n`-separated.
    pub text: String,
    /// Where runs of `text` came from in the page.
    pub segments: Segments,
    /// The page's own date: its metadata's, else its first `<time datetime>`.
    pub meta_date: Option<NaiveDate>,
}

/// Flattens an HTML page to lines of text.
///
/// ```
/// use tickerline::container::flatten;
///
/// let page = r#"<table><tr><th>Symbol</th><th>Price</th><th>Change</th></tr>
///   <tr class="row"><td>HBL</td><td>117.85</td><td><span class="down">-0.08</span> (-0.07%)</td></tr>
/// </table><script>var x = "<tr>";</script><p>Tail</p>"#;
/// let flat = flatten(page);
/// assert_eq!(flat.text, "Symbol\tPrice\tChange\nHBL\t117.85\t▼ -0.08 (-0.07%)\nTail\n");
/// ```
pub fn flatten(page: &str) -> Flattened {
    let sink = Sink {
        state: RefCell::new(Flattener::new(page)),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let whole = StrTendril::from_slice(page);
    let bytes = page.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'<', &bytes[start + 1..]).map_or(bytes.len(), |e| start + 1 + e);
        tokenizer.sink.state.borrow_mut().piece(start, end);
        queue.push_back(whole.subtendril(start as u32, (end - start) as u32));
        while let html5ever::TokenizerResult::Script(()) = tokenizer.feed(&queue) {}
        start = end;
    }
    tokenizer.end();
    tokenizer.sink.state.into_inner().finish()
}

struct Sink<'p> {
    state: RefCell<Flattener<'p>>,
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Ok(mut f) = self.state.try_borrow_mut() else {
            return TokenSinkResult::Continue;
        };
        match token {
            Token::TagToken(tag) => return f.tag(&tag),
            Token::CharacterTokens(text) => f.characters(&text),
            // Comments join the text either side; the rest is not text.
            Token::CommentToken(_)
            | Token::NullCharacterToken
            | Token::DoctypeToken(_)
            | Token::ParseError(_)
            | Token::EOFToken => {}
        }
        TokenSinkResult::Continue
    }
}

/// What an element is to the flattening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A block: its boundaries break lines or separate a record's parts.
    Block,
    /// `<tr>`, `<li>`: always a record.
    Record,
    /// `<td>`, `<th>`.
    Cell,
    /// Everything else with content.
    Inline,
    /// Not text (script, style, hidden...).
    Hidden,
}

fn kind_of(name: &str) -> Kind {
    match name {
        "tr" | "li" => Kind::Record,
        "td" | "th" => Kind::Cell,
        "script" | "style" | "noscript" | "template" | "title" | "textarea" | "iframe" | "xmp"
        | "noembed" | "noframes" => Kind::Hidden,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center" | "dd"
        | "details" | "dialog" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header"
        | "hgroup" | "html" | "legend" | "main" | "menu" | "nav" | "ol" | "p" | "pre"
        | "section" | "summary" | "table" | "tbody" | "tfoot" | "thead" | "ul" | "option"
        | "optgroup" | "marquee" => Kind::Block,
        _ => Kind::Inline,
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "image"
            | "keygen"
    )
}

/// An open element.
struct Open {
    name: LocalName,
    kind: Kind,
}

/// An open block (or record): what its close decides.
struct Frame {
    record: bool,
    /// Where its text starts.
    start: usize,
    has_block_child: bool,
    has_nonleaf_child: bool,
    /// Breaks between its children, placeholders (`\n`) in the text, to
    /// turn into spaces if it is a record.
    softs: Vec<usize>,
}

/// What comes between the last text and the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    /// An inline element's edge: a space if the characters want one.
    Edge,
    /// Whitespace in the page.
    Space,
    /// A new cell.
    Tab,
    /// Between two blocks: a line break or, in a record, a space.
    Soft,
    /// A line break.
    Hard,
}

struct Flattener<'p> {
    page: &'p str,
    /// The piece being fed, and where its next text is looked for.
    piece_end: usize,
    cursor: usize,
    text: String,
    segments: Segments,
    open: Vec<Open>,
    frames: Vec<Frame>,
    /// Depth in `open` from which everything is hidden.
    hidden_from: Option<usize>,
    gap: Gap,
    /// The frame a soft gap belongs to.
    gap_owner: usize,
    /// Text on the current line (since the last break).
    line_has_text: bool,
    /// Where the line began at the last hard break (placeholders between
    /// a record's parts do not count).
    hard_line_start: usize,
    /// Cells in the current row.
    row_cells: usize,
    arrow: Option<char>,
    /// Dates found: metadata (best first), `<time>`.
    meta: [Option<NaiveDate>; 3],
    json_ld: Option<String>,
}

impl<'p> Flattener<'p> {
    fn new(page: &'p str) -> Self {
        Flattener {
            page,
            piece_end: 0,
            cursor: 0,
            text: String::with_capacity(page.len() / 3),
            segments: Segments::default(),
            open: Vec::new(),
            frames: vec![Frame {
                record: false,
                start: 0,
                has_block_child: false,
                has_nonleaf_child: true,
                softs: Vec::new(),
            }],
            hidden_from: None,
            gap: Gap::None,
            gap_owner: 0,
            line_has_text: false,
            hard_line_start: 0,
            row_cells: 0,
            arrow: None,
            meta: [None; 3],
            json_ld: None,
        }
    }

    fn piece(&mut self, start: usize, end: usize) {
        self.cursor = start;
        self.piece_end = end;
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        // The text after a tag is after its `>`.
        if let Some(gt) = memchr::memchr(b'>', &self.page.as_bytes()[self.cursor..self.piece_end]) {
            self.cursor += gt + 1;
        }
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag => self.start_tag(name, tag),
            TagKind::EndTag => {
                self.end_tag(name);
                TokenSinkResult::Continue
            }
        }
    }

    fn start_tag(&mut self, name: &str, tag: &Tag) -> TokenSinkResult<()> {
        self.metadata(name, tag);
        let raw = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(RawKind::Rawtext)
            }
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        if name == "script" && attr(tag, "type").is_some_and(|t| t.contains("ld+json")) {
            self.json_ld = Some(String::new());
        }
        if name == "br" || name == "hr" {
            if self.hidden_from.is_none() {
                self.soft_gap();
            }
            return TokenSinkResult::Continue;
        }
        let mut kind = kind_of(name);
        // Implied ends: a new item, row or cell closes the open one.
        match kind {
            Kind::Record => {
                self.close_implied(name, &["ul", "ol", "table", "tbody", "thead", "tfoot"])
            }
            Kind::Cell => self.close_implied_cell(),
            Kind::Block if matches!(name, "dt" | "dd" | "option") => {
                self.close_implied(name, &["dl", "select", "div", "body"])
            }
            _ => {}
        }
        // A block closes an open paragraph.
        if matches!(kind, Kind::Block | Kind::Record) {
            self.close_implied(
                "p",
                &[
                    "div", "li", "td", "th", "table", "body", "section", "article",
                ],
            );
        }
        if self.hidden_from.is_none() {
            if let Some(arrow) = arrow_of(name, tag) {
                self.arrow = Some(arrow);
            }
            if hidden_by_style(tag) {
                kind = Kind::Hidden;
            }
        }
        let raw = raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData);
        if is_void(name)
            || (tag.self_closing && raw == TokenSinkResult::Continue && kind != Kind::Hidden)
        {
            if kind == Kind::Inline {
                self.edge();
            }
            return raw;
        }
        if kind == Kind::Hidden && self.hidden_from.is_none() {
            self.hidden_from = Some(self.open.len());
        }
        if self.hidden_from.is_none() {
            match kind {
                Kind::Block | Kind::Record => self.open_frame(kind == Kind::Record),
                Kind::Cell => {
                    if self.row_cells > 0 {
                        self.set_gap(Gap::Tab);
                    }
                    self.row_cells += 1;
                }
                Kind::Inline => self.edge(),
                Kind::Hidden => {}
            }
        }
        self.open.push(Open {
            name: tag.name.clone(),
            kind,
        });
        raw
    }

    fn end_tag(&mut self, name: &str) {
        if name == "br" {
            // `</br>` is read as `<br>` by browsers.
            if self.hidden_from.is_none() {
                self.soft_gap();
            }
            return;
        }
        let depth = self.open.len();
        // As browsers do, an end tag does not close what is open outside
        // the table cell (or list, for `</li>`) it is in.
        let barrier: &[&str] = match name {
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" => &["table"],
            "table" => &[],
            "li" => &["ul", "ol", "td", "th", "table"],
            _ => &["td", "th", "table", "caption", "template"],
        };
        let found = self
            .open
            .iter()
            .rev()
            .take(MATCH_DEPTH)
            .take_while(|o| &*o.name == name || !barrier.contains(&&*o.name))
            .position(|o| &*o.name == name);
        if let Some(up) = found {
            self.close_to(depth - 1 - up);
        } else if kind_of(name) == Kind::Inline && self.hidden_from.is_none() {
            self.edge();
        }
    }

    /// Closes the open elements from depth `to` up.
    fn close_to(&mut self, to: usize) {
        while self.open.len() > to {
            let Some(open) = self.open.pop() else { break };
            if self.hidden_from == Some(self.open.len()) {
                self.hidden_from = None;
                if &*open.name == "script" {
                    self.json_ld_done();
                }
                continue;
            }
            if self.hidden_from.is_some() {
                continue;
            }
            match open.kind {
                Kind::Block | Kind::Record => self.close_frame(),
                Kind::Inline => self.edge(),
                Kind::Cell | Kind::Hidden => {}
            }
        }
    }

    /// A new `<li>`/`<tr>` (or `<p>`...) closes an open one of its name, unless
    /// one of `scopes` is open closer.
    fn close_implied(&mut self, name: &str, scopes: &[&str]) {
        let found = self
            .open
            .iter()
            .enumerate()
            .rev()
            .take(MATCH_DEPTH)
            .take_while(|(_, o)| !scopes.contains(&&*o.name) || &*o.name == name)
            .find(|(_, o)| &*o.name == name)
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.close_to(i);
        }
    }

    fn close_implied_cell(&mut self) {
        let found = self
            .open
            .iter()
            .enumerate()
            .rev()
            .take(MATCH_DEPTH)
            .take_while(|(_, o)| !matches!(&*o.name, "tr" | "table"))
            .find(|(_, o)| o.kind == Kind::Cell)
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.close_to(i);
        }
    }

    fn open_frame(&mut self, record: bool) {
        if record {
            self.set_gap(Gap::Hard);
            self.row_cells = 0;
        } else {
            self.soft_gap();
        }
        self.frames.push(Frame {
            record,
            start: self.text.len(),
            has_block_child: false,
            has_nonleaf_child: false,
            softs: Vec::new(),
        });
    }

    fn close_frame(&mut self) {
        if self.frames.len() <= 1 {
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let leaf = !frame.has_block_child;
        let short = self.text.len() - frame.start <= RECORD_MAX;
        let record = frame.record || (!frame.has_nonleaf_child && short);
        let parent_index = self.frames.len() - 1;
        if leaf && !frame.record {
            // Its breaks (`<br>`) are decided by the first block above
            // that is not a leaf; its edges are breaks between its parent's
            // children.
            let parent = &mut self.frames[parent_index];
            parent.softs.extend(frame.softs);
            parent.has_block_child = true;
            self.soft_gap();
            return;
        }
        if record {
            self.join(frame.softs);
        }
        let parent = &mut self.frames[parent_index];
        parent.has_block_child = true;
        parent.has_nonleaf_child = true;
        self.set_gap(Gap::Hard);
    }

    /// A break between blocks, owned by the innermost open frame.
    fn soft_gap(&mut self) {
        if self.gap < Gap::Soft {
            self.gap_owner = self.frames.len() - 1;
        }
        self.set_gap(Gap::Soft);
        if self.gap == Gap::Soft {
            self.gap_owner = self.gap_owner.min(self.frames.len() - 1);
        }
    }

    fn set_gap(&mut self, gap: Gap) {
        if gap > self.gap {
            self.gap = gap;
        }
    }

    /// An inline element's edge.
    fn edge(&mut self) {
        self.set_gap(Gap::Edge);
    }

    fn characters(&mut self, run: &str) {
        if self.hidden_from.is_some() {
            if let Some(json) = &mut self.json_ld
                && json.len() + run.len() <= JSON_LD_MAX
            {
                json.push_str(run);
            }
            return;
        }
        let bytes = self.page.as_bytes();
        let window = &bytes[self.cursor..self.piece_end];
        // A run is copied from the page as it is...
        let (base, exact) = match memchr::memmem::find(window, run.as_bytes()) {
            Some(k) => {
                let at = self.cursor + k;
                self.cursor = at + run.len();
                (at, true)
            }
            None => {
                // ...but an entity, placed at the next `&`.
                let at = memchr::memchr(b'&', window).map_or(self.cursor, |k| self.cursor + k);
                let semi =
                    memchr::memchr(b';', &bytes[at..self.piece_end]).map_or(at, |k| at + k + 1);
                self.cursor = semi;
                (at, false)
            }
        };
        let run_bytes = run.as_bytes();
        let mut i = 0;
        while i < run_bytes.len() {
            if is_html_space(run_bytes[i]) {
                self.set_gap(Gap::Space);
                i += 1;
                continue;
            }
            let end = run_bytes[i..]
                .iter()
                .position(|&b| is_html_space(b))
                .map_or(run_bytes.len(), |e| i + e);
            self.word(&run[i..end], if exact { base + i } else { base });
            i = end;
        }
    }

    /// Puts one word (no HTML whitespace) from page byte `src`, after what
    /// the gap before it asks.
    fn word(&mut self, word: &str, src: usize) {
        let first = word.chars().next().unwrap_or(' ');
        let gap = std::mem::replace(&mut self.gap, Gap::None);
        if gap == Gap::Hard {
            self.arrow = None;
        }
        if self.line_has_text {
            match gap {
                Gap::Hard => {
                    self.put("\n", src);
                    self.hard_line_start = self.text.len();
                }
                Gap::Soft => {
                    let owner = self.gap_owner.min(self.frames.len() - 1);
                    let at = self.text.len();
                    self.frames[owner].softs.push(at);
                    self.put("\n", src);
                }
                Gap::Tab => self.put("\t", src),
                Gap::Space => self.put(" ", src),
                Gap::Edge if wants_space(self.text.chars().next_back(), first) => {
                    self.put(" ", src)
                }
                Gap::Edge | Gap::None => {}
            }
        }
        if let Some(arrow) = self.arrow.take() {
            if first.is_ascii_digit() || matches!(first, '+' | '-' | '−' | '(' | '.') {
                if self.after_a_price() {
                    if !self.text.ends_with([' ', '\t', '\n']) && !self.text.is_empty() {
                        self.put(" ", src);
                    }
                    self.put(if arrow == '▲' { "▲ " } else { "▼ " }, src);
                }
            } else if !first.is_alphabetic() && !is_arrow(first) {
                // Punctuation: the number may come yet.
                self.arrow = Some(arrow);
            }
        }
        self.segments.push(self.text.len(), src);
        self.text.push_str(word);
        self.line_has_text = true;
    }

    /// Whether the last word of the line is a number (a price, which a
    /// change follows) and no arrow stands since the line's last word: an
    /// arrow from markup goes before a change, not before a price (a
    /// colored price cell) nor after another arrow.
    fn after_a_price(&self) -> bool {
        let line = &self.text[self.hard_line_start.min(self.text.len())..];
        let mut words = line
            .rsplit([' ', '\t', '\u{a0}', '\n'])
            .filter(|w| !w.is_empty());
        let Some(last) = words.next() else {
            return false;
        };
        let numeric = |w: &str| {
            w.trim_start_matches(['+', '-', '−', '(', '$'])
                .starts_with(|c: char| c.is_ascii_digit())
        };
        if !numeric(last) {
            return false;
        }
        for w in words {
            if w.contains(is_arrow) {
                return false;
            }
            if w.starts_with(char::is_alphabetic) {
                break;
            }
        }
        true
    }

    /// Synthetic text (a separator or an arrow), placed at `src`.
    fn put(&mut self, s: &str, src: usize) {
        self.segments.push(self.text.len(), src);
        self.text.push_str(s);
        if s.ends_with('\n') {
            self.line_has_text = false;
        }
    }

    /// Turns the placeholder breaks at `softs` into spaces: a record's parts.
    fn join(&mut self, softs: Vec<usize>) {
        for at in softs {
            if self.text.as_bytes().get(at) == Some(&b'\n') {
                self.text.replace_range(at..at + 1, " ");
            }
        }
    }

    fn metadata(&mut self, name: &str, tag: &Tag) {
        match name {
            "meta" => {
                let key = attr(tag, "property")
                    .or_else(|| attr(tag, "name"))
                    .or_else(|| attr(tag, "itemprop"));
                let rank = match key.map(|k| k.to_ascii_lowercase()).as_deref() {
                    Some("article:published_time" | "og:published_time") => 0,
                    Some("datepublished" | "pubdate" | "publishdate" | "date" | "dc.date") => 1,
                    _ => return,
                };
                if self.meta[rank].is_none() {
                    self.meta[rank] = attr(tag, "content").and_then(iso_date);
                }
            }
            "time" if self.meta[2].is_none() => {
                self.meta[2] = attr(tag, "datetime").and_then(iso_date);
            }
            _ => {}
        }
    }

    fn json_ld_done(&mut self) {
        let Some(json) = self.json_ld.take() else {
            return;
        };
        if self.meta[1].is_some() {
            return;
        }
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) {
            self.meta[1] = find_date_published(&value, 0);
        }
    }

    fn finish(mut self) -> Flattened {
        self.close_to(0);
        while self.frames.len() > 1 {
            self.close_frame();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            let end = self.page.len();
            self.put("\n", end);
        }
        Flattened {
            text: self.text,
            segments: self.segments,
            meta_date: self.meta.iter().flatten().next().copied(),
        }
    }
}

fn is_arrow(c: char) -> bool {
    matches!(c, '▲' | '▼' | '▴' | '▾' | '↑' | '↓')
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Whether two inline elements' texts, `prev` ending one and `next`
/// starting the other, are two words.
///
/// ```text
/// 57.34|+1.06 → space     (|+ → no space     +|0.38 → no space     0.38|% → no space
/// ```
fn wants_space(prev: Option<char>, next: char) -> bool {
    let Some(prev) = prev else { return false };
    if prev.is_whitespace() || next.is_whitespace() {
        return false;
    }
    if matches!(prev, '(' | '[' | '+' | '-' | '−' | '$' | '€' | '£' | '/') {
        return false;
    }
    !matches!(
        next,
        ')' | ']' | '%' | ',' | '.' | ':' | ';' | '!' | '?' | '/'
    )
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// `display:none` or `visibility:hidden` in the element's own style.
fn hidden_by_style(tag: &Tag) -> bool {
    if tag.attrs.iter().any(|a| &*a.name.local == "hidden") {
        return true;
    }
    attr(tag, "style").is_some_and(|style| {
        let squeezed: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        squeezed.contains("display:none") || squeezed.contains("visibility:hidden")
    })
}

/// The direction an element states only in its markup.
fn arrow_of(name: &str, tag: &Tag) -> Option<char> {
    if name == "img" {
        if let Some(d) = attr(tag, "alt").and_then(direction_words) {
            return Some(d);
        }
        if let Some(src) = attr(tag, "src") {
            let file = src.rsplit('/').next().unwrap_or(src);
            let file = file.split(['?', '#']).next().unwrap_or(file);
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            if let Some(d) = direction_parts(stem) {
                return Some(d);
            }
        }
    }
    if let Some(d) = attr(tag, "aria-label").and_then(direction_words) {
        return Some(d);
    }
    attr(tag, "class").and_then(|class| class.split_ascii_whitespace().find_map(direction_parts))
}

/// The direction of a class or file name: one of its `-`/`_` parts is a
/// direction word (`arrow-down`, `up_green`, `pnum`).
fn direction_parts(name: &str) -> Option<char> {
    name.split(['-', '_', '.'])
        .find_map(|part| direction_word(&part.to_ascii_lowercase()))
}

/// The direction of an `alt` or `aria-label` text: its first word.
fn direction_words(text: &str) -> Option<char> {
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty());
    match text.trim().chars().next() {
        Some('▲' | '▴' | '↑') => return Some('▲'),
        Some('▼' | '▾' | '↓') => return Some('▼'),
        _ => {}
    }
    first.and_then(|w| direction_word(&w.to_ascii_lowercase()))
}

fn direction_word(word: &str) -> Option<char> {
    match word {
        "up" | "uparrow" | "arrowup" | "positive" | "green" | "pnum" | "gain" | "gainer"
        | "increase" | "increased" | "rise" | "plus" | "higher" => Some('▲'),
        "down" | "downarrow" | "arrowdown" | "negative" | "red" | "nnum" | "loss" | "loser"
        | "decrease" | "decreased" | "fall" | "minus" | "lower" => Some('▼'),
        _ => None,
    }
}

/// The date of an ISO 8601 date or date-time (`2024-03-28T11:04:00Z`).
fn iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn find_date_published(value: &serde_json::Value, depth: usize) -> Option<NaiveDate> {
    if depth > 8 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get("datePublished")
            .and_then(|v| v.as_str())
            .and_then(iso_date)
            .or_else(|| map.values().find_map(|v| find_date_published(v, depth + 1))),
        serde_json::Value::Array(items) => {
            items.iter().find_map(|v| find_date_published(v, depth + 1))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(page: &str) -> String {
        flatten(page).text
    }

    #[test]
    fn adjacent_spans_are_words_and_signs_join() {
        assert_eq!(
            text("<p><span>57.34</span><span>+1.06</span></p>"),
            "57.34 +1.06\n"
        );
        assert_eq!(text("<p>(<span class=pm>+</span>0.38%)</p>"), "(+0.38%)\n");
        assert_eq!(
            text("<p><!-- react-text -->-9.71<!-- /react-text --></p>"),
            "-9.71\n"
        );
    }

    #[test]
    fn widget_items_are_records() {
        let page = "<div class=strip>\
            <div class=item><div class=s>HBL</div><div class=p>117.85</div><div class=c>-0.08</div></div>\
            <div class=item><div class=s>KEL</div><div class=p>4.59</div><div class=c>-0.08</div></div>\
            </div>";
        assert_eq!(text(page), "HBL 117.85 -0.08\nKEL 4.59 -0.08\n");
    }

    #[test]
    fn long_blocks_of_paragraphs_are_lines() {
        let long = "word ".repeat(80);
        let page = format!("<article><h1>Title</h1><p>Mar 28, 2024</p><p>{long}</p></article>");
        let lines: Vec<String> = text(&page).lines().map(str::to_owned).collect();
        assert_eq!(lines[0], "Title");
        assert_eq!(lines[1], "Mar 28, 2024");
    }

    #[test]
    fn list_items_are_lines_and_blocks_inside_are_separators() {
        let page = "<ul><li><h5>HBL</h5><p>117.85</p><div>▼ -0.08</div></li><li>KEL 4.59 ▼ -0.08</li></ul>";
        assert_eq!(text(page), "HBL 117.85 ▼ -0.08\nKEL 4.59 ▼ -0.08\n");
    }

    #[test]
    fn hidden_things_are_not_text() {
        let page = "<p>a<script>if (a<b) document.write('<p>x</p>')</script>b\
            <style>p{}</style><noscript>n</noscript><template>t</template>\
            <span style=\"display: none\">hidden <b>more</b></span>c</p>";
        assert_eq!(text(page), "abc\n");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text("<p>HBL&nbsp;117.85 &#9650; 1.20 &amp; 5&#37;</p>"),
            "HBL\u{a0}117.85 ▲ 1.20 & 5%\n"
        );
    }

    #[test]
    fn markup_direction_becomes_an_arrow() {
        assert_eq!(
            text("<p>HBL 117.85 <img src=\"/img/arrow_down.gif\"> 0.08</p>"),
            "HBL 117.85 ▼ 0.08\n"
        );
        assert_eq!(
            text("<p>HBL 117.85 <img alt=\"Up\">0.08</p>"),
            "HBL 117.85 ▲ 0.08\n"
        );
        assert_eq!(
            text("<p>HBL 117.85 <span aria-label=\"Down by 0.45%\">0.53 (0.45%)</span></p>"),
            "HBL 117.85 ▼ 0.53 (0.45%)\n"
        );
        // The text states it already: no second arrow.
        assert_eq!(
            text("<p>HBL 117.85 <span class=\"down\">▼ -0.08</span></p>"),
            "HBL 117.85 ▼ -0.08\n"
        );
        assert_eq!(
            text("<p><span class=\"green\">Increased By</span> 0.08</p>"),
            "Increased By 0.08\n"
        );
    }

    #[test]
    fn malformed_markup_keeps_the_rest() {
        let page = "<table><tr><td>HBL<td>117.85<td><span>▼ -0.08\
            <tr><td>KEL</td><td>4.59</div></span><td>▼ -0.08</table><p>After <b>bold <i>x</p>\
            </zz></td></tr><p>End";
        assert_eq!(
            text(page),
            "HBL\t117.85\t▼ -0.08\nKEL\t4.59\t▼ -0.08\nAfter bold x\nEnd\n"
        );
    }

    #[test]
    fn an_end_tag_does_not_close_outside_its_cell() {
        let page = "<div><table><tr><td>KEL</td><td>4.59</div></span><td>▼ -0.08</table></div>";
        assert_eq!(text(page), "KEL\t4.59\t▼ -0.08\n");
    }

    #[test]
    fn an_arrow_in_a_record_of_blocks() {
        let page = "<ul><li><h5>LUCK</h5><p>742.00</p><div><span aria-label=\"Down by 0.45%\">3.35 (0.45%)</span></div></li></ul>";
        assert_eq!(text(page), "LUCK 742.00 ▼ 3.35 (0.45%)\n");
    }

    #[test]
    fn a_colored_price_gets_no_arrow() {
        let page =
            "<table><tr><td>HBL</td><td class=red>117.85</td><td class=red>-0.08</td></tr></table>";
        assert_eq!(text(page), "HBL\t117.85\t▼ -0.08\n");
    }

    #[test]
    fn meta_dates_in_order() {
        let page = r#"<head><meta property="article:published_time" content="2021-05-01T10:00:00Z">
            <script type="application/ld+json">{"@graph":[{"datePublished":"2020-01-02"}]}</script></head>
            <time datetime="2019-01-01">x</time>"#;
        assert_eq!(flatten(page).meta_date, NaiveDate::from_ymd_opt(2021, 5, 1));
        let page = r#"<script type="application/ld+json">{"@graph":[{"datePublished":"2020-01-02"}]}</script>
            <time datetime="2019-01-01">x</time>"#;
        assert_eq!(flatten(page).meta_date, NaiveDate::from_ymd_opt(2020, 1, 2));
        let page = r#"<p><time datetime="2019-01-01T00:00">Jan 1</time></p>"#;
        assert_eq!(flatten(page).meta_date, NaiveDate::from_ymd_opt(2019, 1, 1));
    }

    #[test]
    fn positions_map_back_to_the_page() {
        let page = "<tr>\n <td class=x>HBL</td><td>&nbsp;117.85</td></tr>";
        let flat = flatten(page);
        let hbl = flat.text.find("HBL").unwrap();
        assert_eq!(flat.segments.back(hbl), page.find("HBL").unwrap());
        let price = flat.text.find("117.85").unwrap();
        assert_eq!(flat.segments.back(price), page.find("117.85").unwrap());
    }

    #[test]
    fn text_after_a_tag_is_not_found_in_its_attributes() {
        let page = "<td title=\"HBL\">HBL</td>";
        let flat = flatten(page);
        assert_eq!(flat.segments.back(0), page.rfind("HBL").unwrap());
    }
}
