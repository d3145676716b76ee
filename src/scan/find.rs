//! Finding the quotes of one decoded line.
//!
//! The grammar is tried at each place a symbol can start: an ASCII capital
//! at a word boundary that the walk back from a number reaches
//! ([`symbol_starts`]), or right where the previous quote ended (marquees run
//! quotes together). Prose is kept out by the grammar itself (a move needs a
//! marker, numbers must end cleanly) and by one scanner rule for weak quotes
//! (see [`is_weak`]).

use super::candidates::{all_layout_starts, layout_starts, sort_starts, symbol_starts};
use super::prefilter::has_layout_mark;
use crate::grammar::{self, Layout, QuoteSyntax};

/// Iterator over the quotes of a line, with their byte offsets in it.
///
/// ```
/// use tickerline::scan::QuoteFinder;
/// let line = "HBL 117.85 ▼ -0.08 (-0.07%) | KSE100 72,743 Increased By 771.4 (1.07%)";
/// let found: Vec<_> = QuoteFinder::new(line).map(|(at, q)| (at, q.symbol)).collect();
/// assert_eq!(found, vec![(0, "HBL"), (32, "KSE100")]);
/// ```
pub struct QuoteFinder<'a> {
    line: &'a str,
    /// Where a symbol may start, ascending.
    starts: Vec<usize>,
    next_start: usize,
    /// The end of the previous quote, when a capital stands right there.
    glued: Option<usize>,
    prev_end: usize,
    /// The first letter at or after `prev_end` (or the line's end): words
    /// stand before a place after it.
    first_letter: usize,
    /// The last place a strong quote's marker begins ([`last_strong_mark`]),
    /// once asked for.
    strong_mark: Option<Option<usize>>,
    /// The layout of the previous quote on the line.
    prev_layout: Option<Layout>,
}

impl<'a> QuoteFinder<'a> {
    /// Finds the quotes of `line` (one line, without its newline).
    pub fn new(line: &'a str) -> Self {
        Self::reusing(line, Vec::new())
    }

    /// Like [`new`](QuoteFinder::new), reusing `buffer`'s memory (get it back
    /// with [`into_buffer`](QuoteFinder::into_buffer)): no allocation per line.
    pub fn reusing(line: &'a str, mut buffer: Vec<usize>) -> Self {
        symbol_starts(line.as_bytes(), &mut buffer);
        if has_layout_mark(line.as_bytes()) {
            layout_starts(line.as_bytes(), &mut buffer);
            sort_starts(&mut buffer);
        }
        Self::with_starts(line, buffer)
    }

    /// A finder over `line` with its symbol starts already computed (by
    /// [`symbol_starts`] on the same bytes).
    pub(crate) fn with_starts(line: &'a str, starts: Vec<usize>) -> Self {
        QuoteFinder {
            line,
            starts,
            next_start: 0,
            glued: None,
            prev_end: 0,
            first_letter: first_letter(line, 0),
            strong_mark: None,
            prev_layout: None,
        }
    }

    /// The reference finder: tries the grammar wherever a symbol may start
    /// ([`starts_symbol`](grammar::starts_symbol)),
    /// with no walk back from numbers. Slow; it exists so tests can check
    /// that [`new`](QuoteFinder::new) finds exactly the same quotes.
    pub fn trying_everywhere(line: &'a str) -> Self {
        let mut starts: Vec<usize> = line
            .bytes()
            .enumerate()
            .filter(|&(i, _)| grammar::starts_symbol(&line.as_bytes()[i..]))
            .map(|(i, _)| i)
            .collect();
        all_layout_starts(line.as_bytes(), &mut starts);
        sort_starts(&mut starts);
        Self::with_starts(line, starts)
    }

    /// The buffer, for the next line.
    pub fn into_buffer(self) -> Vec<usize> {
        self.starts
    }

    fn at_boundary(&self, i: usize) -> bool {
        i == self.prev_end || starts_word(self.line.as_bytes(), i)
    }

    /// A weak quote is accepted only with no words around it (see [`is_weak`]).
    fn stands_alone(&self, at: usize, q: &QuoteSyntax<'_>) -> bool {
        let after = self.line[at + q.text.len()..].trim_start_matches(grammar::is_space);
        !self.words_before(at)
            && (!after.starts_with(char::is_alphabetic) || grammar::next_quote_starts(after))
    }

    /// `true` if a word stands before `at` on the line, since the previous
    /// quote.
    fn words_before(&self, at: usize) -> bool {
        self.first_letter < at
    }

    /// `true` if a quote at `at` may be strong (see [`may_be_strong`]); the
    /// line is looked at once, however many places are asked about.
    fn may_be_strong_at(&mut self, at: usize) -> bool {
        let line = self.line;
        let mark = *self
            .strong_mark
            .get_or_insert_with(|| last_strong_mark(line));
        mark.is_some_and(|mark| mark >= at)
    }
}

impl<'a> Iterator for QuoteFinder<'a> {
    type Item = (usize, QuoteSyntax<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.line.as_bytes();
        loop {
            let i = match self.glued.take() {
                Some(i) => i,
                None => {
                    let i = *self.starts.get(self.next_start)?;
                    self.next_start += 1;
                    i
                }
            };
            if i < self.prev_end || !may_start(b, i) || !self.at_boundary(i) {
                continue;
            }
            // After words, only a strong quote is taken: where the rest of
            // the line holds nothing that makes one strong (prose: "the
            // Nifty 50 rose 0.27% on..."), the grammar need not run.
            if self.words_before(i) && !self.may_be_strong_at(i) {
                continue;
            }
            let parsed = if b[i].is_ascii_lowercase() {
                grammar::glued_lower(&self.line[i..])
            } else {
                grammar::quote(&self.line[i..])
            };
            let Ok((_, q)) = parsed else {
                continue;
            };
            if !self.fits_its_place(i, &q) {
                continue;
            }
            let end = i + q.text.len();
            self.prev_end = end;
            self.prev_layout = Some(q.layout);
            self.first_letter = first_letter(self.line, end);
            if b.get(end).is_some_and(|c| c.is_ascii_alphabetic()) && !starts_word(b, end) {
                self.glued = Some(end);
            }
            return Some((i, q));
        }
    }
}

impl QuoteFinder<'_> {
    /// `true` if the quote `q` at `i` fits where it stands on its line, by
    /// the rule of its layout: a weak ticker quote and every quote written
    /// the way prose writes (move-level, labelled, a partial quote of a
    /// name) only with nothing but bullets before it and nothing but
    /// punctuation or the next quote after it; a partial quote in
    /// parentheses also in a list of such; a ticker code in parentheses
    /// and a glued strip anywhere.
    fn fits_its_place(&self, i: usize, q: &QuoteSyntax<'_>) -> bool {
        let end = i + q.text.len();
        match q.layout {
            Layout::Ticker => (!is_weak(q) || self.stands_alone(i, q)) && !is_headline(q),
            // Read from windows and tables, never by the line finder.
            Layout::Glued | Layout::Cells | Layout::Table => true,
            Layout::Labelled | Layout::MoveLevel => self.clean_before(i) && self.clean_after(end),
            Layout::Partial => {
                let symbol_at = q.symbol.as_ptr() as usize - q.text.as_ptr() as usize;
                let name = &q.text[..q.text.len().min(symbol_at.max(q.symbol.len()))];
                if symbol_at > 0 && q.text[..symbol_at].contains('(') {
                    // A ticker code in parentheses: `(KFH.KW) gained 1.1%`.
                    return true;
                }
                let after_name = q.text[q.symbol.len()..].trim_start_matches(grammar::is_space);
                if after_name.starts_with(':') {
                    return self.clean_before(i) && ends_line(&self.line[end..]);
                }
                if after_name.starts_with('(') {
                    let listed =
                        self.prev_layout == Some(Layout::Partial) || self.next_item_follows(end);
                    return listed || (self.clean_before(i) && self.clean_after(end));
                }
                if q.movement.arrow.is_some() {
                    return true;
                }
                // `Nifty 50 up 0.5%`: a name with a number or a ticker,
                // a verb in lower case, alone.
                let verb_lower = q.movement.words.as_ref().is_some_and(|w| {
                    q.text[w.span.clone()].starts_with(|c: char| c.is_lowercase())
                });
                verb_lower
                    && names_instrument(name)
                    && self.clean_before(i)
                    && self.clean_after(end)
            }
        }
    }

    /// `true` if only bullets and spaces (and, after an earlier quote,
    /// list separators) stand before `i` on the line.
    fn clean_before(&self, i: usize) -> bool {
        let from = if self.prev_layout.is_some() {
            self.prev_end
        } else {
            0
        };
        let gap = &self.line[from..i];
        let listed = self.prev_layout.is_some();
        gap.split(|c: char| grammar::is_space(c) || is_bullet(c) || (listed && is_separator(c)))
            .all(|w| w.is_empty() || (listed && is_joiner(w)))
    }

    /// `true` if nothing but punctuation follows `end`, or a list separator
    /// and the next quote.
    fn clean_after(&self, end: usize) -> bool {
        ends_line(&self.line[end..]) || self.next_item_follows(end)
    }

    /// `true` if a list separator (`,`, `;`, `|`, `and`...) and then
    /// another quote follow `end`.
    fn next_item_follows(&self, end: usize) -> bool {
        let rest = &self.line[end..];
        let mut at = rest
            .trim_start_matches(|c: char| grammar::is_space(c) || is_separator(c) || is_bullet(c));
        let word = at.split(grammar::is_space).next().unwrap_or("");
        if is_joiner(word) {
            at = at[word.len()..].trim_start_matches(grammar::is_space);
        }
        if at.len() == rest.len() && !rest.is_empty() && !rest.starts_with(grammar::is_space) {
            return false;
        }
        if at.starts_with(|c: char| c.is_ascii_lowercase()) {
            return grammar::glued_lower(at).is_ok();
        }
        !at.is_empty() && grammar::quote(at).is_ok()
    }
}

/// `true` if a quote may start at byte `i`: a symbol's first byte, a
/// lower-case letter (a glued strip), a letter of another script, or `(`.
fn may_start(b: &[u8], i: usize) -> bool {
    grammar::starts_symbol(&b[i..]) || b[i].is_ascii_lowercase() || b[i] == b'(' || b[i] >= 0xC3
}

/// Bullets and marks that may lead a quote's line.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '•' | '*' | '·' | '▪' | '►' | '>' | '|' | '#' | '●' | '◦'
    )
}

/// Punctuation that separates the items of a list of quotes.
fn is_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '|' | '.' | '/' | '&')
}

/// Words that join the items of a list.
fn is_joiner(word: &str) -> bool {
    matches!(word, "and" | "or" | "&" | "और" | "तथा" | "एवं")
}

/// `true` if `rest` holds only spaces and closing punctuation.
fn ends_line(rest: &str) -> bool {
    rest.chars()
        .all(|c| grammar::is_space(c) || matches!(c, '.' | ',' | ';' | ':' | '|' | '!' | ')'))
}

/// `true` if a name is clearly an instrument's, not a word of prose: it
/// holds a number word (`Nifty 50`) or is a ticker of capitals (`HBL`).
fn names_instrument(name: &str) -> bool {
    let words = || name.split(grammar::is_space).filter(|w| !w.is_empty());
    let caps = |w: &str| {
        w.len() >= 2
            && w.bytes().any(|b| b.is_ascii_uppercase())
            && !w.bytes().any(|b| b.is_ascii_lowercase())
    };
    (words().count() > 1
        && words()
            .skip(1)
            .any(|w| w.bytes().any(|b| b.is_ascii_digit())))
        || words().all(caps)
}

/// `true` if a weak ticker quote reads as a headline: every word of a name
/// of several capitalised (`COVID-19 Cases 1,234 Up 12%`), the direction a
/// capitalised word, no change; or a change alone with a name of prose
/// (`Unemployment 4.1 -0.2`).
fn is_headline(q: &QuoteSyntax<'_>) -> bool {
    if !is_weak(q) {
        return false;
    }
    let m = &q.movement;
    let title = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase()) && w.bytes().any(|b| b.is_ascii_lowercase())
    };
    let words_title = m
        .words
        .as_ref()
        .is_some_and(|w| q.text[w.span.clone()].starts_with(|c: char| c.is_ascii_uppercase()));
    let name_title = q.symbol.split(grammar::is_space).any(title);
    if words_title && m.change.is_none() && name_title {
        return true;
    }
    // A bare signed change and nothing else: only a ticker of capitals.
    m.words.is_none() && m.percent.is_none() && !names_instrument(q.symbol)
}

/// `true` if byte `i` of `line` starts a word: the line starts there, or the
/// byte before is neither a letter or digit nor inner punctuation between
/// letters (`.`, `-`, `&`, `/`, `'` keep `BRK.B` one word).
pub fn starts_word(line: &[u8], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let p = line[i - 1];
    if p.is_ascii_alphanumeric() {
        return false;
    }
    !(matches!(p, b'.' | b'-' | b'&' | b'/' | b'\'')
        && i >= 2
        && line[i - 2].is_ascii_alphanumeric())
}

/// `false` if no quote at the start of `text` can be strong (see
/// [`is_weak`]): `text` holds no arrow nor minus sign (their UTF-8 leads),
/// no `(`, `+` or `-`, and no ticker phrase (`Increased By`...). Looking at
/// the whole rest of the line, it may say `true` for a weak quote, never
/// `false` for a strong one.
///
/// ```
/// use tickerline::scan::may_be_strong;
/// assert!(!may_be_strong("Nifty 50 rose 0.27% on July 10, with banks leading"));
/// assert!(may_be_strong("KSE100 72,743 Increased By 771.4 1.07%"));
/// assert!(may_be_strong("HBL 117.85 \u{25bc} 0.08"));
/// assert!(may_be_strong("Gold 2,000 up 5 (0.2%)"));
/// ```
pub fn may_be_strong(text: &str) -> bool {
    last_strong_mark(text).is_some()
}

/// The last place in `text` where something that makes a quote strong
/// begins: an arrow or minus sign (their UTF-8 leads), `(`, `+`, `-`, or a
/// ticker phrase at a word start.
fn last_strong_mark(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let byte = memchr::memrchr3(b'(', b'+', b'-', b).max(memchr::memrchr2(0xE2, 0xF0, b));
    // A phrase counts only after the last such byte.
    let phrase = memchr::memrchr3_iter(b'I', b'D', b'N', b)
        .take_while(|&p| byte.is_none_or(|m| p > m))
        .find(|&p| {
            starts_word(b, p)
                && grammar::direction_words(&text[p..])
                    .is_ok_and(|(rest, _)| is_ticker_phrase(&text[p..text.len() - rest.len()]))
        });
    byte.max(phrase)
}

/// `true` if direction words read as a ticker's phrase: capitalised and of
/// two words (`Increased By`, `No Change`), not prose's `rose` or `up`.
fn is_ticker_phrase(words: &str) -> bool {
    words.starts_with(|c: char| c.is_ascii_uppercase()) && words.contains(grammar::is_space)
}

/// The first letter of `line` at or after `from`, or the line's length;
/// the words that join list items (`and`, `और`) are passed over.
fn first_letter(line: &str, from: usize) -> usize {
    let mut at = from;
    loop {
        let Some(found) = line[at..]
            .char_indices()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, _)| at + i)
        else {
            return line.len();
        };
        let word_end = line[found..]
            .find(|c: char| !c.is_alphabetic() && !('\u{0900}'..='\u{0DFF}').contains(&c))
            .map_or(line.len(), |e| found + e);
        if !is_joiner(&line[found..word_end]) {
            return found;
        }
        at = word_end;
    }
}

/// A weak quote states its move only the way prose and headlines do: in
/// single direction words and bare numbers (`Nifty 50 up 0.5%`, `FTSE 100
/// Up 0.3%`) or one signed number (`Section 144 -5`). A strong one has an
/// arrow, a ticker phrase (`Increased By`, `Decreased By`, `No Change`,
/// capitalised), a parenthesised or signed percent, or a signed change with
/// a percent. So the scanner takes a weak quote only where no word precedes
/// it on its line (since the previous quote) and no word follows it unless
/// another quote starts there.
///
/// ```
/// use tickerline::scan::QuoteFinder;
/// assert_eq!(QuoteFinder::new("Gold 2,000 up 5").count(), 1);
/// assert_eq!(QuoteFinder::new("Stocks: the Nifty 50 up 0.5% on Monday").count(), 0);
/// assert_eq!(QuoteFinder::new("FTSE 100 Up 0.3% In Early Trade").count(), 0);
/// assert_eq!(QuoteFinder::new("Gold 2,000 up 5 Silver 25 up 0.1").count(), 2);
/// assert_eq!(QuoteFinder::new("the Nifty 50 Up ▲ 0.5% on Monday").count(), 1);
/// ```
pub fn is_weak(q: &QuoteSyntax<'_>) -> bool {
    let m = &q.movement;
    // Cheapest tests first: most quotes have an arrow.
    let ticker_phrase = || {
        m.words
            .as_ref()
            .is_some_and(|w| is_ticker_phrase(&q.text[w.span.clone()]))
    };
    let strong_percent = m
        .percent
        .as_ref()
        .is_some_and(|p| p.value.parenthesized || p.value.number.sign.is_some());
    let signed_change = m
        .change
        .as_ref()
        .is_some_and(|c| c.value.number.sign.is_some());
    let strong = m.arrow.is_some()
        || m.percent_arrow.is_some()
        || strong_percent
        || (signed_change && m.percent.is_some())
        || ticker_phrase();
    !strong
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(line: &str) -> Vec<&str> {
        QuoteFinder::new(line).map(|(_, q)| q.symbol).collect()
    }

    #[test]
    fn after_words_only_strong_quotes_are_parsed_and_taken() {
        // Strong by its ticker phrase alone (no arrow, sign or parenthesis).
        assert_eq!(
            symbols("Stocks: KSE100 72,743 Increased By 771.4 1.07% today"),
            ["KSE100"]
        );
        // The same words in lower case are no ticker phrase: weak, after words.
        assert!(symbols("Stocks: KSE100 72,743 increased by 771.4 1.07% today").is_empty());
        // A strong marker later on the line, in another quote: the weak one
        // is still left, the strong one taken.
        assert_eq!(
            symbols("the Nifty 50 up 0.5% and HBL 117.85 \u{25bc} -0.08 (-0.07%)"),
            ["HBL"]
        );
        // The mark is looked for once per line, but against each place.
        assert_eq!(
            symbols("Gold 2,000 (up) then the Nifty 50 rose 0.27% on Monday"),
            Vec::<&str>::new()
        );
        assert_eq!(
            symbols("the Nifty 50 up \u{25b2} 0.5% while Gold 2,000 up 5"),
            ["Nifty 50"]
        );
    }

    #[test]
    fn strong_marks_are_found_at_their_last_place() {
        assert_eq!(last_strong_mark("a (b) c"), Some(2));
        assert_eq!(last_strong_mark("x No Change y"), Some(2));
        assert_eq!(last_strong_mark("x - No Change"), Some(4));
        assert_eq!(last_strong_mark("Nifty rose 5% In June"), None);
        assert_eq!(last_strong_mark("\u{25bc} a"), Some(0));
    }
}
