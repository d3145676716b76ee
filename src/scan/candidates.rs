//! Where a symbol can start on a line, found from the numbers on it.
//!
//! Every quote has a price: a number with a space (and maybe a currency)
//! before it and the symbol's words before that. So instead of trying the
//! grammar at every capital, the scanner walks back from each number over at
//! most five words (four of a name and a currency code) and tries the grammar
//! only at the capitals it meets. Prose has few "Capital word, number"
//! pairs, so most capitals of a line are never tried.
//!
//! The walk is a superset of what the grammar accepts: a place it yields may
//! still fail, but a place where the grammar would succeed is never missed.

use super::find::starts_word;
use crate::grammar::starts_symbol;

/// Pushes onto `out` the byte offsets in `line` where a symbol might start,
/// sorted and without repeats (`out` is cleared first).
///
/// ```
/// use tickerline::scan::symbol_starts;
/// let mut starts = Vec::new();
/// symbol_starts(b"PSX: HBL PKR 117.85 Down 0.08 in 2023", &mut starts);
/// assert_eq!(starts, vec![5, 9, 20]); // "HBL", "PKR" and "Down": the grammar decides
/// ```
pub fn symbol_starts(line: &[u8], out: &mut Vec<usize>) {
    out.clear();
    for_each_number(
        line,
        |_, _| {},
        |d, end| {
            // The price must be followed by a space and something a move starts with.
            if move_follows(line, end) {
                starts_before_price(line, d, out);
            }
        },
    );
    sort_starts(out);
}

/// Pushes onto `out` the symbol starts the walk back from the price
/// candidate at `d` meets (see [`price_candidates`]).
pub(crate) fn starts_before_price(line: &[u8], d: usize, out: &mut Vec<usize>) {
    let spaced = space_back(line, d);
    if spaced < d {
        words_back(line, spaced, out);
    }
    // A currency before the number: "$189.84", "€ 176.10", "Rs.117", "PKR 137.20".
    if let Some(len) = currency_back(line, spaced) {
        let before = space_back(line, spaced - len);
        if before < spaced - len {
            words_back(line, before, out);
        }
    }
}

/// Sorts the starts pushed by [`starts_before_price`] and drops repeats.
pub(crate) fn sort_starts(out: &mut Vec<usize>) {
    if out.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
}

/// Marks in `out` the numbers of `data` (many lines) that may be a quote's
/// price: a number start followed by a space and something a move starts
/// with; returns the number of newlines in `data`. A line where
/// [`symbol_starts`] finds a place holds such a number, so a scanner of
/// many lines looks only at the lines these fall on, and numbers them from
/// the newline bits kept along (no counting).
pub(crate) fn price_candidates(data: &[u8], out: &mut Candidates) -> u64 {
    let Candidates {
        prices,
        breaks,
        newlines_before,
        marks,
    } = out;
    let blocks = data.len().div_ceil(64);
    prices.clear();
    prices.resize(blocks, 0);
    breaks.resize(blocks, 0);
    marks.resize(blocks, 0);
    newlines_before.resize(blocks, 0);
    let (mut newlines, mut i) = (0u32, 0);
    // A newline is neither a digit, a space nor a move's first byte, so
    // every test gives on `data` what it gives on the line.
    for_each_number(
        data,
        |block, mark| {
            breaks[i] = block;
            marks[i] = mark;
            newlines_before[i] = newlines;
            newlines += block.count_ones();
            i += 1;
        },
        |d, end| {
            if move_follows(data, end) {
                prices[d / 64] |= 1 << (d % 64);
            }
        },
    );
    // A mark stands after its `%`: one that ends the part is marked on
    // its own last byte (a bit past the part's end is the padding's).
    if let Some(last) = data.len().checked_sub(1) {
        let past = data.len();
        let in_padding = !past.is_multiple_of(64);
        if (in_padding && marks[past / 64] & (1 << (past % 64)) != 0) || data[last] == b'%' {
            marks[last / 64] |= 1 << (last % 64);
        }
        if in_padding {
            marks[past / 64] &= (1 << (past % 64)) - 1;
        }
    }
    u64::from(newlines)
}

/// The price candidates of a part (see [`price_candidates`]) as bits, one
/// per byte, with the part's newline bits: memory bounded by the part's
/// size (a few percent of it) whatever the part holds, digit soup too.
#[derive(Debug, Default)]
pub(crate) struct Candidates {
    /// Bit `k` of word `i`: byte `64 i + k` starts a price candidate.
    prices: Vec<u64>,
    /// The newline bits of each 64-byte block...
    breaks: Vec<u64>,
    /// ...and the newlines before it (a part is far below 4 GiB).
    newlines_before: Vec<u32>,
    /// Bit `k` of word `i`: byte `64 i + k` is a layout mark (see
    /// [`has_layout_mark`](super::has_layout_mark)).
    marks: Vec<u64>,
}

impl Candidates {
    /// Where the line holding byte `at` starts: just after the last
    /// newline before it, found in the newline bits (no pass over the
    /// bytes), or 0.
    pub(crate) fn line_start(&self, at: usize) -> usize {
        let mut i = at / 64;
        let mut below = self.breaks[i] & ((1u64 << (at % 64)) - 1);
        while below == 0 {
            if i == 0 {
                return 0;
            }
            i -= 1;
            below = self.breaks[i];
        }
        64 * i + 64 - below.leading_zeros() as usize
    }

    /// Where the line holding byte `at` ends: at the first newline from
    /// `at` on, found in the newline bits, or at `len` (the part's length).
    pub(crate) fn line_end(&self, at: usize, len: usize) -> usize {
        let mut i = at / 64;
        let mut from = self.breaks[i] & (!0u64 << (at % 64));
        while from == 0 {
            i += 1;
            match self.breaks.get(i) {
                Some(&word) => from = word,
                None => return len,
            }
        }
        64 * i + from.trailing_zeros() as usize
    }

    /// The newlines before byte `at` of the part.
    pub(crate) fn newlines_before(&self, at: usize) -> u64 {
        let (i, k) = (at / 64, at % 64);
        match self.breaks.get(i) {
            Some(&block) => {
                u64::from(self.newlines_before[i] + (block & ((1u64 << k) - 1)).count_ones())
            }
            // At the very end of the part.
            None => self.breaks.last().map_or(0, |&b| {
                u64::from(self.newlines_before[i - 1] + b.count_ones())
            }),
        }
    }

    /// The offset of each layout mark of the part, in order.
    pub(crate) fn marks(&self) -> impl Iterator<Item = usize> + '_ {
        self.marks
            .iter()
            .enumerate()
            .filter(|&(_, &word)| word != 0)
            .flat_map(|(i, &word)| bits(word).map(move |k| 64 * i + k))
    }

    /// Each candidate's offset and the newlines before it, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.prices
            .iter()
            .enumerate()
            .filter(|&(_, &word)| word != 0)
            .flat_map(move |(i, &word)| {
                let (breaks, before) = (self.breaks[i], self.newlines_before[i]);
                bits(word).map(move |k| {
                    let below = breaks & ((1u64 << k) - 1);
                    (64 * i + k, u64::from(before + below.count_ones()))
                })
            })
    }
}

/// Calls `f` with the offset of each digit that starts a number (not after
/// a digit, a `,` (a thousands group is not a price) or a digit and `.`
/// (nor is a fraction)) and the end of the run of digits, commas and dots
/// it starts, in order, for every number a move may follow (at least those
/// [`move_follows`] accepts: the callers still ask it); and `on_block` with
/// the newline bits of each 64-byte block, before its numbers.
///
/// Works on 64 bytes at a time: bit masks of digits, commas and dots (SIMD,
/// see [`masks_avx2`]), shifted against each other, so only the starts
/// themselves are visited, and their runs are read off the masks too; a
/// mask of the places a move may follow ([`Masks::follows`]) drops most
/// numbers of prose before any test on the bytes. The loop is compiled for
/// AVX2 too, and that copy runs where the CPU has it.
fn for_each_number(line: &[u8], on_block: impl FnMut(u64, u64), f: impl FnMut(usize, usize)) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
        {
            // SAFETY: the CPU has AVX2 and POPCNT, checked just above.
            return unsafe { numbers_avx2(line, on_block, f) };
        }
        numbers_with(line, masks_sse2, on_block, f)
    }
    #[cfg(not(target_arch = "x86_64"))]
    numbers_with(line, masks_plain, on_block, f)
}

/// [`numbers_with`] with AVX2 masks, compiled for AVX2 (and POPCNT, which
/// every AVX2 CPU has, for counting newlines).
///
/// # Safety
/// The CPU must support AVX2 and POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn numbers_avx2(line: &[u8], on_block: impl FnMut(u64, u64), f: impl FnMut(usize, usize)) {
    // SAFETY: the caller checked that the CPU has AVX2.
    numbers_with(line, |block| unsafe { masks_avx2(block) }, on_block, f)
}

/// The loop of [`for_each_number`] over 64-byte blocks (a short tail padded
/// with zero bytes, which are none of the three).
#[inline(always)]
fn numbers_with(
    line: &[u8],
    masks: impl Fn(&[u8; 64]) -> Masks,
    mut on_block: impl FnMut(u64, u64),
    mut f: impl FnMut(usize, usize),
) {
    let (mut prev_digits, mut prev_commas, mut prev_dots) = (0u64, 0u64, 0u64);
    let mut prev_marks = Marks::default();
    let mut base = 0;
    while base < line.len() {
        let mut padded = [0u8; 64];
        let block: &[u8; 64] = match line[base..].first_chunk::<64>() {
            Some(block) => block,
            None => {
                padded[..line.len() - base].copy_from_slice(&line[base..]);
                &padded
            }
        };
        let Masks {
            digits,
            commas,
            dots,
            newlines: breaks,
            follows,
            marks,
        } = masks(block);
        let digit_before = (digits << 1) | (prev_digits >> 63);
        let digit_two_before = (digits << 2) | (prev_digits >> 62);
        on_block(
            breaks,
            layout_marks_of(&marks, &prev_marks, digits, digit_before, digit_two_before),
        );
        prev_marks = marks;
        let comma_before = (commas << 1) | (prev_commas >> 63);
        let dot_before = (dots << 1) | (prev_dots >> 63);
        let starts = digits & !digit_before & !comma_before & !(dot_before & digit_two_before);
        let numeric = digits | commas | dots;
        (prev_digits, prev_commas, prev_dots) = (digits, commas, dots);
        if starts == 0 {
            base += 64;
            continue;
        }
        // The runs that end in the block, visited by their ends (a byte
        // after a run of digits, commas and dots), only where a move may
        // follow: no test per number of prose, and no branch that guesses
        // wrong at every other number. (A run ending at byte 0 began in
        // the previous block, which saw its starts.)
        let ends = !numeric & (numeric << 1);
        // ...and whose last byte is a digit: a run ending in `,` or `.`
        // ("In 2016, 9,827" or "at 45,170.52. The") is a number followed
        // by that byte, never by the space a price needs.
        for e in bits(ends & follows & (digits << 1)) {
            // The run's first byte: after the last other byte before `e`
            // (a run from the previous block has its starts there).
            let below = !numeric & ((1u64 << e) - 1);
            let first = 64 - below.leading_zeros();
            for k in bits(starts & ((1u64 << e) - 1) & !((1u64 << first) - 1)) {
                f(base + k, (base + e).min(line.len()));
            }
        }
        // The run that reaches the block's end goes on into the next
        // block: its end is read off the bytes.
        if numeric >> 63 == 1 {
            // After the last other byte (bit 63 is the run's, so `first`
            // is at most 63).
            let first = 64 - (!numeric).leading_zeros();
            let open = starts & !((1u64 << first) - 1);
            if open != 0 {
                let mut end = base + 64;
                end += line[end.min(line.len())..]
                    .iter()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b',' | b'.'))
                    .count();
                for k in bits(open) {
                    f(base + k, end.min(line.len()));
                }
            }
        }
        base += 64;
    }
}

/// The layout marks of a block ([`has_layout_mark`](super::has_layout_mark)
/// on bytes), bit `k` for byte `k`; `prev` holds the previous block's
/// masks. Marks only look back, so a mark may stand just after what makes
/// it (after the `%`, on the line's newline).
fn layout_marks_of(
    m: &Marks,
    prev: &Marks,
    digits: u64,
    digit_before: u64,
    digit_two_before: u64,
) -> u64 {
    let before = |now: u64, was: u64, by: u32| (now << by) | (was >> (64 - by));
    let blank_before = before(m.blanks, prev.blanks, 1);
    let percent_before = before(m.percents, prev.percents, 1);
    let percent_two_before = before(m.percents, prev.percents, 2);
    // After a space, not a word of prose in lower case (`% in March`);
    // `to`, `at`, `and`, `lower`, `higher` and the next item may follow.
    let prose = m.lower & !(m.a | m.t | m.l | m.h);
    let percents = (percent_before & !m.blanks) | (percent_two_before & blank_before & !prose);
    // `-2.58pc`, `86p`, `3,912 points`, `10 pts`: a lower-case `p` after
    // a digit, or a digit and a space, marked on the byte after it: `c`,
    // `o`, `t` or no letter (not `pm`); `10 percent`, `per cent`: marked
    // on the `c` or `e` three bytes on.
    let p_after_number = m.pees & (digit_before | (blank_before & digit_two_before));
    let was_p = prev.pees & (prev.digits << 1 | ((prev.blanks << 1) & (prev.digits << 2)));
    let p1 = before(p_after_number, was_p, 1);
    let p4 = before(p_after_number, was_p, 4);
    let pees = (p1 & (m.c | m.o | m.t | !m.alpha))
        | (p4
            & before(m.e, prev.e, 3)
            & before(m.r, prev.r, 2)
            & ((blank_before & m.c) | (before(m.c, prev.c, 1) & m.e)));
    // A level after the words that lead to it: `flat at $917.35`, `steady
    // at`, `points to 3,509`, `closed at N21.35`.
    let link = ((before(m.a, prev.a, 3) & before(m.t, prev.t, 2))
        | (before(m.t, prev.t, 3) & before(m.o, prev.o, 2)))
        & blank_before
        & before(m.blanks, prev.blanks, 4);
    let word_end = before(m.t | m.y | m.s, prev.t | prev.y | prev.s, 5) & (digits | m.level_signs);
    let closed = before(m.d, prev.d, 5) & m.level_signs;
    percents | pees | (link & (word_end | closed))
}

/// The places of the set bits of `word`, lowest first.
fn bits(mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let k = word.trailing_zeros() as usize;
        word &= word.wrapping_sub(1);
        (k < 64).then_some(k)
    })
}

/// Bit masks (bit `k` for byte `k`) of the digits, commas, dots and
/// newlines of a 64-byte block, and of the places a move may follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    digits: u64,
    commas: u64,
    dots: u64,
    newlines: u64,
    /// Bit `k`: a number whose run ends before byte `k` may be followed by
    /// a move ([`move_follows`]): byte `k` leads a space of several bytes,
    /// or is a space or tab followed by a move's first byte or another
    /// space; or `k` is 63 (what follows is in the next block). A superset
    /// of what [`move_follows`] accepts, so it only saves asking it.
    follows: u64,
    /// The bytes the layout marks are made of ([`Marks`]): `%`, `p` or
    /// `P`, `a`, `t`, `o`, a space or tab, and `$` or `N` (a level's
    /// currency).
    marks: Marks,
}

/// Bit masks of the bytes that layout marks are made of, in one block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    percents: u64,
    pees: u64,
    a: u64,
    t: u64,
    o: u64,
    l: u64,
    h: u64,
    d: u64,
    y: u64,
    s: u64,
    e: u64,
    r: u64,
    c: u64,
    /// ASCII letters...
    alpha: u64,
    /// ...and the lower-case ones.
    lower: u64,
    /// Digits (kept for the next block's look back).
    digits: u64,
    blanks: u64,
    level_signs: u64,
}

impl Masks {
    /// [`Masks::follows`] from the masks of spaces and tabs, of the lead
    /// bytes of longer spaces, and of the bytes a move can start with.
    fn follows(spaces: u64, leads: u64, move_starts: u64) -> u64 {
        (spaces & ((move_starts | spaces | leads) >> 1)) | leads | (1 << 63)
    }
}

/// Bit masks (bit `k` for byte `k`) of the digits, commas and dots of a
/// 64-byte block, a byte at a time (a loop the compiler vectorises where it
/// can; the SIMD versions below are checked against it).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_plain(block: &[u8; 64]) -> Masks {
    let bits = |yes: fn(u8) -> bool| {
        block
            .iter()
            .enumerate()
            .fold(0, |m, (k, &b)| m | (u64::from(yes(b)) << k))
    };
    Masks {
        digits: bits(|b| b.is_ascii_digit()),
        commas: bits(|b| b == b','),
        dots: bits(|b| b == b'.'),
        newlines: bits(|b| b == b'\n'),
        follows: Masks::follows(
            bits(|b| matches!(b, b' ' | b'\t')),
            bits(|b| matches!(b, 0xC2 | 0xE2 | 0xE3)),
            bits(|b| MOVE_STARTS[usize::from(b)]),
        ),
        marks: Marks {
            percents: bits(|b| b == b'%'),
            pees: bits(|b| b == b'p'),
            a: bits(|b| b == b'a'),
            t: bits(|b| b == b't'),
            o: bits(|b| b == b'o'),
            l: bits(|b| b == b'l'),
            h: bits(|b| b == b'h'),
            d: bits(|b| b == b'd'),
            y: bits(|b| b == b'y'),
            s: bits(|b| b == b's'),
            e: bits(|b| b == b'e'),
            r: bits(|b| b == b'r'),
            c: bits(|b| b == b'c'),
            alpha: bits(|b| b.is_ascii_alphabetic()),
            lower: bits(|b| b.is_ascii_lowercase()),
            digits: bits(|b| b.is_ascii_digit()),
            blanks: bits(|b| matches!(b, b' ' | b'\t')),
            level_signs: bits(|b| matches!(b, b'$' | b'N')),
        },
    }
}

/// [`masks_plain`] with SSE2 (part of every x86_64 CPU): sixteen bytes per
/// instruction; but for [`Masks::follows`], which is all ones here (every
/// number is asked about: SSE2 has no byte shuffle for the table lookup).
#[cfg(target_arch = "x86_64")]
fn masks_sse2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8, _mm_xor_si128,
    };
    let mut m = Masks {
        follows: !0,
        ..Masks::default()
    };
    for (i, lane) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is in the x86_64 baseline; the unaligned load reads
        // the 16 bytes of `lane`.
        unsafe {
            let v = _mm_loadu_si128(lane.as_ptr().cast::<__m128i>());
            let mask = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << (16 * i);
            // b - '0' < 10 unsigned, as a signed compare with the top bit flipped.
            let shifted = _mm_xor_si128(
                _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8)),
                _mm_set1_epi8(i8::MIN),
            );
            m.digits |= mask(_mm_cmplt_epi8(shifted, _mm_set1_epi8((10u8 ^ 0x80) as i8)));
            m.commas |= mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(b',' as i8)));
            m.dots |= mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'.' as i8)));
            m.newlines |= mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)));
            m.marks.digits = m.digits;
            let eq = |b: u8| mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
            m.marks.percents |= eq(b'%');
            m.marks.pees |= eq(b'p');
            m.marks.a |= eq(b'a');
            m.marks.t |= eq(b't');
            m.marks.o |= eq(b'o');
            m.marks.l |= eq(b'l');
            m.marks.h |= eq(b'h');
            m.marks.d |= eq(b'd');
            m.marks.y |= eq(b'y');
            m.marks.s |= eq(b's');
            m.marks.e |= eq(b'e');
            m.marks.r |= eq(b'r');
            m.marks.c |= eq(b'c');
            // (b | 0x20) - 'a' < 26 unsigned, with the top bit flipped.
            let folded = _mm_xor_si128(
                _mm_sub_epi8(
                    _mm_or_si128(v, _mm_set1_epi8(0x20)),
                    _mm_set1_epi8(b'a' as i8),
                ),
                _mm_set1_epi8(i8::MIN),
            );
            m.marks.alpha |= mask(_mm_cmplt_epi8(folded, _mm_set1_epi8((26u8 ^ 0x80) as i8)));
            let lowered = _mm_xor_si128(
                _mm_sub_epi8(v, _mm_set1_epi8(b'a' as i8)),
                _mm_set1_epi8(i8::MIN),
            );
            m.marks.lower |= mask(_mm_cmplt_epi8(lowered, _mm_set1_epi8((26u8 ^ 0x80) as i8)));
            m.marks.blanks |= eq(b' ') | eq(b'\t');
            m.marks.level_signs |= eq(b'$') | eq(b'N');
        }
    }
    m
}

/// [`masks_plain`] with AVX2: thirty-two bytes per instruction.
///
/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn masks_avx2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, __m256i, _mm_loadu_si128, _mm256_and_si256, _mm256_broadcastsi128_si256,
        _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8,
        _mm256_srli_epi16, _mm256_sub_epi8, _mm256_xor_si256,
    };
    let mut m = Masks::default();
    let (mut spaces, mut leads, mut move_starts) = (0, 0, 0);
    // MOVE_STARTS by nibbles: the high nibble picks a class bit, the low
    // nibble the classes it belongs to (see MOVE_START_CLASSES).
    // SAFETY: each unaligned load reads the 16 bytes of a table.
    let table = |t: &[u8; 16]| unsafe { _mm_loadu_si128(t.as_ptr().cast::<__m128i>()) };
    let (lo_table, hi_table) = (
        _mm256_broadcastsi128_si256(table(&MOVE_START_CLASSES.0)),
        _mm256_broadcastsi128_si256(table(&MOVE_START_CLASSES.1)),
    );
    for (i, lane) in block.chunks_exact(32).enumerate() {
        // SAFETY: the unaligned load reads the 32 bytes of `lane`.
        let v = unsafe { _mm256_loadu_si256(lane.as_ptr().cast::<__m256i>()) };
        let mask = |m: __m256i| u64::from(_mm256_movemask_epi8(m) as u32) << (32 * i);
        let eq = |b: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8));
        spaces |= mask(_mm256_or_si256(eq(b' '), eq(b'\t')));
        leads |= mask(_mm256_or_si256(
            _mm256_or_si256(eq(0xC2), eq(0xE2)),
            eq(0xE3),
        ));
        let nibble = _mm256_set1_epi8(0x0F);
        let classes = _mm256_and_si256(
            _mm256_shuffle_epi8(lo_table, _mm256_and_si256(v, nibble)),
            _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble)),
        );
        move_starts |= !mask(_mm256_cmpeq_epi8(classes, _mm256_setzero_si256()))
            & (u64::from(u32::MAX) << (32 * i));
        // b - '0' < 10 unsigned: 10 > (b - '0') as a signed compare, top bit flipped.
        let shifted = _mm256_xor_si256(
            _mm256_sub_epi8(v, _mm256_set1_epi8(b'0' as i8)),
            _mm256_set1_epi8(i8::MIN),
        );
        m.digits |= mask(_mm256_cmpgt_epi8(
            _mm256_set1_epi8((10u8 ^ 0x80) as i8),
            shifted,
        ));
        m.commas |= mask(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b',' as i8)));
        m.dots |= mask(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'.' as i8)));
        m.newlines |= mask(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\n' as i8)));
        m.marks.percents |= mask(eq(b'%'));
        m.marks.pees |= mask(eq(b'p'));
        m.marks.a |= mask(eq(b'a'));
        m.marks.t |= mask(eq(b't'));
        m.marks.o |= mask(eq(b'o'));
        m.marks.l |= mask(eq(b'l'));
        m.marks.h |= mask(eq(b'h'));
        m.marks.d |= mask(eq(b'd'));
        m.marks.y |= mask(eq(b'y'));
        m.marks.s |= mask(eq(b's'));
        m.marks.e |= mask(eq(b'e'));
        m.marks.r |= mask(eq(b'r'));
        m.marks.c |= mask(eq(b'c'));
        let folded = _mm256_xor_si256(
            _mm256_sub_epi8(
                _mm256_or_si256(v, _mm256_set1_epi8(0x20)),
                _mm256_set1_epi8(b'a' as i8),
            ),
            _mm256_set1_epi8(i8::MIN),
        );
        m.marks.alpha |= mask(_mm256_cmpgt_epi8(
            _mm256_set1_epi8((26u8 ^ 0x80) as i8),
            folded,
        ));
        let lowered = _mm256_xor_si256(
            _mm256_sub_epi8(v, _mm256_set1_epi8(b'a' as i8)),
            _mm256_set1_epi8(i8::MIN),
        );
        m.marks.lower |= mask(_mm256_cmpgt_epi8(
            _mm256_set1_epi8((26u8 ^ 0x80) as i8),
            lowered,
        ));
        m.marks.level_signs |= mask(_mm256_or_si256(eq(b'$'), eq(b'N')));
    }
    m.marks.blanks = spaces;
    m.marks.digits = m.digits;
    m.follows = Masks::follows(spaces, leads, move_starts);
    m
}

/// [`MOVE_STARTS`] as two 16-byte tables for a nibble lookup: byte `b` is
/// a move's first byte when `lo[b & 15] & hi[b >> 4]` is not zero. Each
/// high nibble that holds such bytes has a class bit (`C` and `E` share
/// one: both hold only `2`), and each low nibble lists the classes it is
/// in. Checked against the table in the tests.
const MOVE_START_CLASSES: ([u8; 16], [u8; 16]) = {
    let mut hi = [0u8; 16];
    let rows: [(usize, u8); 9] = [
        (0x2, 1),
        (0x3, 2),
        (0x4, 4),
        (0x5, 8),
        (0x6, 16),
        (0x7, 32),
        (0xC, 64),
        (0xE, 64),
        (0xF, 128),
    ];
    let mut lo = [0u8; 16];
    let mut r = 0;
    while r < rows.len() {
        let (row, class) = rows[r];
        hi[row] = class;
        let mut l = 0;
        while l < 16 {
            if MOVE_STARTS[row * 16 + l] {
                lo[l] |= class;
            }
            l += 1;
        }
        r += 1;
    }
    (lo, hi)
};

/// `true` if a number whose run of digits, commas and dots ends at `end`
/// ends with a digit and is followed by a space after which a move can
/// start: direction words (`i d n u g l r f`, any case), an arrow, a sign,
/// `(`, a digit or a currency. A price followed by anything else (`2019,`,
/// `835 |`, `12 of`) cannot be a quote's, nor can a run ending in `,` or
/// `.` (`2016, 9`): the number stops before that byte, and a price needs a
/// space after it, or an arrow glued on.
fn move_follows(line: &[u8], end: usize) -> bool {
    if !end
        .checked_sub(1)
        .is_some_and(|last| line[last].is_ascii_digit())
    {
        return false;
    }
    let next = space_fwd(line, end);
    if next == end {
        // `207.15▲14.03`: an arrow may follow the price at once (its first
        // byte is enough: the grammar decides; the emoji arrows 🔺🔻 need
        // a space).
        return line.get(end) == Some(&0xE2);
    }
    line.get(next).is_some_and(|&b| MOVE_STARTS[usize::from(b)])
}

/// The bytes a move can start with, as a table (this runs at every number
/// of every line): digits, `(`, signs, `$`, the lead bytes of `−`, arrows,
/// currency signs and no-break spaces, capitals (direction words and
/// currency codes), and the lower-case first letters of direction words
/// (`i d n u g l r f`).
const MOVE_STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = matches!(
            c,
            b'0'..=b'9' | b'(' | b'+' | b'-' | b'$' | 0xC2 | 0xE2 | 0xF0
        ) || c.is_ascii_uppercase()
            || matches!(c, b'i' | b'd' | b'n' | b'u' | b'g' | b'l' | b'r' | b'f');
        b += 1;
    }
    table
};

/// Moves forward from `at` over the characters [`space_back`] moves back over.
fn space_fwd(line: &[u8], mut at: usize) -> usize {
    loop {
        let len = match line.get(at..).unwrap_or_default() {
            [b' ' | b'\t', ..] => 1,
            [0xC2, 0xA0, ..] => 2,
            [0xE2, 0x80, 0x80..=0x8A | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..] => 3,
            _ => return at,
        };
        at += len;
    }
}

/// Pushes the symbol starts among the (at most five) runs of word bytes
/// that end at `end`, each separated from the next by spaces: every capital
/// in a run where a word starts ([`starts_word`]). Only a run that itself
/// starts with a capital or a digit can be a later word of a name, so the
/// walk goes back past it only then.
fn words_back(line: &[u8], mut end: usize, out: &mut Vec<usize>) {
    for _ in 0..5 {
        let mut start = end;
        while start > 0 && is_word_byte(line[start - 1]) {
            start -= 1;
        }
        if start == end {
            return;
        }
        out.extend((start..end).filter(|&p| starts_word(line, p) && starts_symbol(&line[p..end])));
        let before = space_back(line, start);
        if before == start || !(line[start].is_ascii_uppercase() || line[start].is_ascii_digit()) {
            return;
        }
        end = before;
    }
}

/// Bytes of a symbol word: ASCII letters, digits, inner punctuation and
/// the bytes of letters beyond ASCII (`Société`); a walk over a space or
/// an arrow beyond ASCII only yields more places for the grammar to reject.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b'.' | b'-' | b'&' | b'/' | b'\'' | b'^' | b'=')
        || b >= 0x80
}

/// Pushes onto `out` the places of `line` where a quote of a layout that
/// does not start with a price may start (for lines that hold a layout
/// mark, see [`has_layout_mark`](super::has_layout_mark)), found from the
/// few places such a quote can stand ([`QuoteFinder`](super::QuoteFinder)
/// takes them only there): the line's first word after its bullets; the
/// first word after a list separator (`,`, `;`, `|`, `and`); the words
/// before a `(` (a name before a code or a move in parentheses) and the
/// `(` itself; the words before an arrow; the words before a glued value (`VIX. 15.37-2.71%`,
/// `ltc$71.35-1.8%`). Not sorted against what is already in `out`.
///
/// [`all_layout_starts`] is the reference: every word start.
pub(crate) fn layout_starts(line: &[u8], out: &mut Vec<usize>) {
    push_start(line, after_bullets(line, 0), out);
    for (k, &b) in line.iter().enumerate() {
        match b {
            b',' | b';' | b'|' | b'&' => push_start(line, after_bullets(line, k + 1), out),
            b'a' | b'o' if starts_word(line, k) => {
                let word = line[k..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                if matches!(&line[k..k + word], b"and" | b"or") {
                    push_start(line, after_bullets(line, k + word), out);
                }
            }
            // `और` (and)
            0xE0 if line[k..].starts_with("और".as_bytes()) => {
                push_start(line, after_bullets(line, k + "और".len()), out);
            }
            b'(' => {
                push_start(line, k, out);
                push_words_back(line, space_back(line, k), 5, out);
            }
            // An arrow: a partial quote with one may stand anywhere
            // (`Sensex 30 Up ▲ 0.5%`): its name and words before it.
            0xE2 | 0xF0 if is_arrow_at(line, k) => {
                push_words_back(line, space_back(line, k), 7, out);
            }
            b'%' => {
                // A glued value: `+0.42%` after `41738.612`, maybe `$` and a
                // `k` before the sign.
                let sign = line[..k]
                    .iter()
                    .rposition(|c| !matches!(c, b'0'..=b'9' | b'.' | b','));
                if let Some(sign) = sign
                    && matches!(line[sign], b'+' | b'-')
                {
                    let mut v = sign;
                    if v > 0 && matches!(line[v - 1], b'k' | b'K') {
                        v -= 1;
                    }
                    let value = line[..v]
                        .iter()
                        .rposition(|c| !matches!(c, b'0'..=b'9' | b'.' | b','))
                        .map_or(0, |p| p + 1);
                    let mut at = value;
                    while at > 0 && matches!(line[at - 1], b'$') {
                        at -= 1;
                    }
                    // `mkr$1.6k`: a lower-case symbol glued to the currency.
                    let lower = line[..at]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_lowercase())
                        .count();
                    if at < value && lower > 0 {
                        out.push(at - lower);
                    }
                    let mut before = space_back(line, at);
                    if before < at && before > 0 && line[before - 1] == b'.' {
                        before -= 1;
                    }
                    push_words_back(line, before, 4, out);
                }
            }
            _ => {}
        }
    }
}

/// `true` if an arrow's bytes start at `k` (see
/// [`arrow`](crate::grammar::arrow)).
fn is_arrow_at(line: &[u8], k: usize) -> bool {
    matches!(
        &line[k..],
        [0xE2, 0x96, 0xB2..=0xB4 | 0xBC..=0xBE, ..]
            | [0xE2, 0x86, 0x91 | 0x93, ..]
            | [0xE2, 0xAC, 0x86 | 0x87, ..]
            | [0xF0, 0x9F, 0x94, 0xBA | 0xBB, ..]
    )
}

/// Where the text after `from` starts past spaces and bullets.
fn after_bullets(line: &[u8], mut from: usize) -> usize {
    loop {
        let rest = &line[from.min(line.len())..];
        let len = match rest {
            [b' ' | b'\t' | b'-' | b'*' | b'|' | b'>' | b'#', ..] => 1,
            [0xC2, 0xA0 | 0xB7, ..] => 2,
            [0xE2, 0x80, 0xA2 | 0x93 | 0x94, ..] | [0xE2, 0x96, 0xAA | 0xBA, ..] => 3,
            [0xE2, 0x97, 0x8F | 0xA6, ..] => 3,
            _ => return from.min(line.len()),
        };
        from += len;
    }
}

/// Pushes `at` if a quote of another layout may start there.
fn push_start(line: &[u8], at: usize, out: &mut Vec<usize>) {
    if at < line.len() && may_start_layout(line, at) {
        out.push(at);
    }
}

/// Pushes the starts of the (at most `words`) words that end at `end`,
/// each separated from the next by spaces.
fn push_words_back(line: &[u8], mut end: usize, words: usize, out: &mut Vec<usize>) {
    for _ in 0..words {
        let mut start = end;
        while start > 0 && is_word_byte(line[start - 1]) {
            start -= 1;
        }
        if start == end {
            return;
        }
        // Every word start in the run (`Limited(INFAB)` has two).
        for p in start..end {
            if may_start_layout(line, p) {
                out.push(p);
            }
        }
        let before = space_back(line, start);
        if before == start {
            return;
        }
        end = before;
    }
}

/// `true` if a quote of another layout may start at `i`: a word start at
/// a capital (or `^`/`.` and a capital), a letter of another script, `(`,
/// or a lower-case word glued to a currency (a glued strip's symbol).
fn may_start_layout(line: &[u8], i: usize) -> bool {
    let b = line[i];
    if b.is_ascii_digit() {
        // A word of digits and letters: `3M`, `10-Yr`.
        return starts_word(line, i) && starts_symbol(&line[i..]);
    }
    if !LAYOUT_STARTS[usize::from(b)] || !starts_word(line, i) {
        return false;
    }
    match b {
        b'a'..=b'z' => {
            let word = line[i..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase())
                .count();
            matches!(line.get(i + word), Some(b'$' | 0xC2 | 0xE2))
        }
        b'^' | b'.' => line.get(i + 1).is_some_and(u8::is_ascii_uppercase),
        // Not inside a word of another script.
        0x80.. => i == 0 || line[i - 1] < 0x80,
        _ => true,
    }
}

/// Every place of `line` where a quote of another layout may start: the
/// reference for [`layout_starts`] (what trying everywhere tries).
pub(crate) fn all_layout_starts(line: &[u8], out: &mut Vec<usize>) {
    out.extend((0..line.len()).filter(|&i| may_start_layout(line, i)));
}

/// The first bytes of a quote of the other layouts (see [`layout_starts`]):
/// capitals, lower-case letters, `(`, `^`, `.`, and the lead bytes of
/// letters beyond ASCII (not those of spaces, arrows or signs: 0xC2, 0xE2).
const LAYOUT_STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphabetic()
            || matches!(c, b'(' | b'^' | b'.' | 0xC3..=0xDF | 0xE0 | 0xE3..=0xEF);
        b += 1;
    }
    table
};

/// Moves back from `at` over the characters [`is_space`](crate::grammar::is_space)
/// accepts, in their UTF-8 bytes.
fn space_back(line: &[u8], mut at: usize) -> usize {
    loop {
        let tail = &line[..at];
        let len = match tail {
            [.., b' ' | b'\t'] => 1,
            [.., 0xC2, 0xA0] => 2,
            [.., 0xE2, 0x80, 0x80..=0x8A | 0xAF]
            | [.., 0xE2, 0x81, 0x9F]
            | [.., 0xE3, 0x80, 0x80] => 3,
            _ => return at,
        };
        at -= len;
    }
}

/// The length of a currency ending at `at`: a sign (`$`, `US$`, `€`, `£`,
/// `¥`, `₹`, `Rs.`) or a code (`Rs`, `PKR`) standing at a word start.
fn currency_back(line: &[u8], at: usize) -> Option<usize> {
    let tail = &line[..at];
    let ends = |s: &str| tail.ends_with(s.as_bytes());
    // Dispatch on the last byte: this runs at every number of every line.
    match *tail.last()? {
        b'$' => return Some(if ends("US$") { 3 } else { 1 }),
        b'.' => return ends("Rs.").then_some(3),
        0xAC | 0xB9 => return (ends("€") || ends("₹")).then_some(3),
        0xA3 | 0xA5 => return (ends("£") || ends("¥")).then_some(2),
        b's' | b'A'..=b'Z' => {}
        _ => return None,
    }
    let letters = tail
        .iter()
        .rev()
        .take(4)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let start = at - letters;
    let at_word_start = start == 0 || !is_word_byte(line[start - 1]);
    (at_word_start && crate::grammar::is_currency_code(&tail[start..])).then_some(letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(line: &str) -> Vec<usize> {
        let mut out = Vec::new();
        symbol_starts(line.as_bytes(), &mut out);
        out
    }

    #[test]
    fn names_of_up_to_four_words() {
        assert_eq!(
            starts("Dow Jones Industrial Average 39,512.84 ▲ 1"),
            vec![0, 4, 10, 21]
        );
        assert_eq!(starts("S&P 500 4,500.21 ▲ 0.5%"), vec![0]);
    }

    #[test]
    fn currencies_glued_or_spaced() {
        assert_eq!(starts("AAPL $189.84 ▲ 1"), vec![0]);
        assert_eq!(starts("SAP € 176.10 ▼ -0.90"), vec![0]);
        assert_eq!(starts("HBL Rs117.85 ▼ -0.08"), vec![0]);
        // "Rs." itself is a capital word before a number: tried, and rejected by the grammar.
        assert_eq!(starts("HBL Rs. 117.85 ▼ -0.08"), vec![0, 4]);
        assert_eq!(starts("USD 82.45 ▲ 0.63"), vec![0]);
    }

    #[test]
    fn odd_spaces() {
        assert_eq!(starts("HBL\u{a0}117.85 ▼ -0.08"), vec![0]);
        assert_eq!(starts("KSE100\u{2009}72,743 Up 1"), vec![0]);
        assert_eq!(starts("HBL\u{3000}117.85 ▼ -0.08"), vec![0]);
    }

    /// Whether the AVX2 masks (the ones that drop numbers) are in use.
    fn avx2() -> bool {
        #[cfg(target_arch = "x86_64")]
        return std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        false
    }

    #[test]
    fn masks_agree_with_the_plain_loop() {
        let bytes: Vec<u8> = (0..=255u8)
            .chain(b"0123456789,.x\n".iter().copied())
            .collect();
        for window in bytes.windows(64) {
            let block: &[u8; 64] = window.try_into().unwrap();
            let plain = masks_plain(block);
            #[cfg(target_arch = "x86_64")]
            {
                let all_follow = Masks {
                    follows: !0,
                    ..plain
                };
                assert_eq!(masks_sse2(block), all_follow, "{window:?}");
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: checked just above.
                    assert_eq!(unsafe { masks_avx2(block) }, plain, "{window:?}");
                }
            }
            let _ = plain;
        }
    }

    #[test]
    fn number_starts_across_chunks() {
        let mut line = "x".repeat(63).into_bytes();
        line.extend_from_slice(b"12,345.67 8 Rs.9 .5");
        line.extend_from_slice(b" ");
        line.extend_from_slice(&b"7".repeat(70));
        line.extend_from_slice(b"\n1\n");
        let (mut found, mut blocks) = (Vec::new(), Vec::new());
        for_each_number(&line, |b, _| blocks.push(b), |d, end| found.push((d, end)));
        assert_eq!(blocks.iter().map(|b| b.count_ones()).sum::<u32>(), 2);
        // The newlines before each start, from the block bits.
        let found: Vec<(usize, usize, u64)> = found
            .into_iter()
            .map(|(d, end)| {
                let full: u32 = blocks[..d / 64].iter().map(|b| b.count_ones()).sum();
                let part = (blocks[d / 64] & ((1u64 << (d % 64)) - 1)).count_ones();
                (d, end, u64::from(full + part))
            })
            .collect();
        let starts: Vec<usize> = found.iter().map(|&(d, _, _)| d).collect();
        // "12", "8", "9" after "Rs.", "5" after " .", and 70 sevens across a
        // block edge; but where a move cannot follow ("9 .5", "1\n") the
        // follows mask may drop the number (AVX2 does, SSE2 does not).
        let kept = |d: &usize| ![78, 154].contains(d) || !avx2();
        let all = [63, 73, 78, 81, 83, 154];
        let dropped: Vec<usize> = all.iter().copied().filter(|d| !kept(d)).collect();
        assert_eq!(starts, all.iter().copied().filter(kept).collect::<Vec<_>>());
        let numeric = |b: &u8| matches!(b, b'0'..=b'9' | b',' | b'.');
        let naive: Vec<(usize, usize, u64)> = (0..line.len())
            .filter(|&d| {
                line[d].is_ascii_digit()
                    && !(d > 0 && (line[d - 1].is_ascii_digit() || line[d - 1] == b','))
                    && !(d > 1 && line[d - 1] == b'.' && line[d - 2].is_ascii_digit())
            })
            .map(|d| {
                let end = d + line[d..].iter().take_while(|b| numeric(b)).count();
                (
                    d,
                    end,
                    line[..d].iter().filter(|&&b| b == b'\n').count() as u64,
                )
            })
            .filter(|(d, _, _)| !dropped.contains(d))
            .collect();
        assert_eq!(found, naive);
        // A short tail reads as padded with zero bytes.
        let mut tail = Vec::new();
        for_each_number(b"1,2.5 D", |_, _| {}, |d, end| tail.push((d, end)));
        assert_eq!(tail, [(0, 5)]);
    }

    /// `count` texts of bytes from `alphabet`, each shorter than `max`
    /// bytes, from a xorshift generator seeded with `seed` (the same
    /// texts on every run).
    fn random_texts(mut seed: u64, alphabet: &[u8], count: usize, max: u64) -> Vec<Vec<u8>> {
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..count)
            .map(|_| {
                let len = next() % max;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn numbers_of_random_lines_are_the_naive_ones() {
        // Lines of digits, commas, dots, spaces, a move's letters and
        // others, so runs start, end and cross blocks every way: every
        // number reported is a number with its run's end, and every number
        // move_follows accepts is reported, in order.
        for line in random_texts(0x2545_f491_4f6c_dd1d, b"0123456789,.. .D x\t(", 2000, 300) {
            let numeric = |b: &u8| matches!(b, b'0'..=b'9' | b',' | b'.');
            let naive: Vec<(usize, usize)> = (0..line.len())
                .filter(|&d| {
                    line[d].is_ascii_digit()
                        && !(d > 0 && (line[d - 1].is_ascii_digit() || line[d - 1] == b','))
                        && !(d > 1 && line[d - 1] == b'.' && line[d - 2].is_ascii_digit())
                })
                .map(|d| (d, d + line[d..].iter().take_while(|b| numeric(b)).count()))
                .collect();
            let mut found = Vec::new();
            for_each_number(&line, |_, _| {}, |d, end| found.push((d, end)));
            assert!(found.windows(2).all(|w| w[0].0 < w[1].0), "{line:?}");
            assert!(found.iter().all(|n| naive.contains(n)), "{line:?}");
            for &(d, end) in &naive {
                if move_follows(&line, end) {
                    assert!(found.contains(&(d, end)), "{line:?} at {d}");
                }
            }
        }
    }

    #[test]
    fn move_start_classes_are_the_table() {
        let (lo, hi) = MOVE_START_CLASSES;
        for b in 0..=255u8 {
            let classes = lo[usize::from(b & 15)] & hi[usize::from(b >> 4)];
            assert_eq!(classes != 0, MOVE_STARTS[usize::from(b)], "{b:#x}");
        }
    }

    #[test]
    fn numbers_a_move_follows_are_never_dropped() {
        // Every pair of bytes after a number at every place of a block:
        // what move_follows accepts must be reported.
        let after: Vec<u8> = (0..=255u8).collect();
        for at in [0, 1, 30, 31, 32, 62, 63, 64] {
            for &first in &after {
                for second in [b'D', b'x', b' ', b'\t', b'(', 0xC2, 0xE2, b'\n'] {
                    let mut line = vec![b'x'; at];
                    line.extend_from_slice(&[b'7', first, second, b'1', b' ']);
                    let end = at + 1;
                    let mut found = Vec::new();
                    for_each_number(&line, |_, _| {}, |d, end| found.push((d, end)));
                    if move_follows(&line, end) {
                        assert!(found.contains(&(at, end)), "{line:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn price_candidates_carry_their_line() {
        let mut found = Candidates::default();
        let page = format!(
            "Up 12 of them\nHBL 117.85 Down 0.08\n{}\nKEL 4.59 Down 0.08",
            "x\n".repeat(70)
        );
        let newlines = price_candidates(page.as_bytes(), &mut found);
        // On the second line and 72 lines later, across blocks; not "12 of".
        assert_eq!(found.iter().collect::<Vec<_>>(), vec![(18, 1), (180, 73)]);
        assert_eq!(newlines, 73);
    }

    #[test]
    fn layout_marks_of_a_part_are_the_scalar_ones() {
        // Random text of the bytes marks are made of, across blocks: the
        // SIMD marks of a part are where the scalar rule says, but a mark
        // past the part's end, which stands on its last byte.
        for data in random_texts(
            0x9e37_79b9_7f4a_7c15,
            b"0123456789 %pPcoteatlhdysrN$.x\n",
            500,
            400,
        ) {
            let mut found = Candidates::default();
            price_candidates(&data, &mut found);
            let simd: Vec<usize> = found.marks().collect();
            let mut scalar: Vec<usize> = (0..data.len())
                .filter(|&k| super::super::prefilter::is_layout_mark(&data, k))
                .collect();
            if super::super::prefilter::is_layout_mark(&data, data.len()) && !data.is_empty() {
                scalar.push(data.len() - 1);
                scalar.dedup();
            }
            assert_eq!(simd, scalar, "{:?}", String::from_utf8_lossy(&data));
        }
    }

    #[test]
    fn line_bounds_from_the_newline_bits() {
        // Lines of every length from 0 to 150, so newlines fall on every
        // place of a block and lines span several blocks.
        let page: String = (0..150).map(|n| "x".repeat(n) + "\n").collect::<String>() + "tail";
        let data = page.as_bytes();
        let mut found = Candidates::default();
        price_candidates(data, &mut found);
        for at in 0..data.len() {
            let start = memchr::memrchr(b'\n', &data[..at]).map_or(0, |nl| nl + 1);
            let end = memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |nl| at + nl);
            assert_eq!(found.line_start(at), start, "start of {at}");
            assert_eq!(found.line_end(at, data.len()), end, "end of {at}");
        }
    }

    #[test]
    fn prose_gives_few_places() {
        assert!(
            starts("The KSE-100 index closed higher by 572.72 points or 1.32% at 43,853.49.")
                .is_empty()
        );
        assert!(starts("no numbers at all").is_empty());
    }
}
