//! The grammar's error type: where a parse stopped and what was expected there.
//!
//! nom threads this type through every production. It is deliberately small
//! (a slice, a kind and a label) because the scanner tries the grammar at many
//! places of a line and most attempts fail; the labels come from
//! [`nom::error::context`] on the productions, so a near-miss line can be
//! reported as "expected a change after the arrow".

use nom::error::{ContextError, ErrorKind, FromExternalError, ParseError};

/// Why the grammar rejected its input, and where.
///
/// `input` is the unparsed rest of the text at the point of failure, so the
/// failing byte offset is `whole.len() - error.input.len()`.
///
/// ```
/// use tickerline::grammar::quote;
///
/// let line = "KEL 4.59 Decreased By ▼";
/// let err = match quote(line) {
///     Err(nom::Err::Error(e) | nom::Err::Failure(e)) => e,
///     other => panic!("expected an error, got {other:?}"),
/// };
/// assert_eq!(err.expected, Some("a change or a percent"));
/// assert_eq!(line.len() - err.input.len(), line.len()); // at the end of the line
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrammarError<'a> {
    /// The rest of the input where the innermost labelled production failed.
    pub input: &'a str,
    /// The nom error kind of the primitive that failed.
    pub kind: ErrorKind,
    /// What the innermost labelled production expected, e.g. `"a price"`.
    pub expected: Option<&'static str>,
}

impl<'a> GrammarError<'a> {
    /// An error labelled with what was expected at `input`.
    pub fn expected(input: &'a str, what: &'static str) -> Self {
        GrammarError {
            input,
            kind: ErrorKind::Verify,
            expected: Some(what),
        }
    }
}

impl<'a> ParseError<&'a str> for GrammarError<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        GrammarError {
            input,
            kind,
            expected: None,
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, keep the one that got further.
    fn or(self, other: Self) -> Self {
        if other.input.len() < self.input.len() {
            other
        } else {
            self
        }
    }
}

impl<'a> ContextError<&'a str> for GrammarError<'a> {
    /// Keep the innermost label, positioned where that production started.
    fn add_context(input: &'a str, ctx: &'static str, other: Self) -> Self {
        if other.expected.is_some() {
            other
        } else {
            GrammarError {
                input,
                kind: other.kind,
                expected: Some(ctx),
            }
        }
    }
}

impl<'a, E> FromExternalError<&'a str, E> for GrammarError<'a> {
    fn from_external_error(input: &'a str, kind: ErrorKind, _e: E) -> Self {
        GrammarError::from_error_kind(input, kind)
    }
}

/// The result type of every production.
pub type PResult<'a, O> = nom::IResult<&'a str, O, GrammarError<'a>>;

/// What `context(what, parser)` makes of `parsed`, the result of `parser`
/// at `input`: its failure labelled. By hand, on the hot paths: through
/// `context`, the result (a piece of parse tree) is copied through several
/// temporaries, and `perf annotate` showed the copies stalling.
#[inline(always)]
pub(crate) fn labelled<'a, T>(
    what: &'static str,
    input: &'a str,
    parsed: PResult<'a, T>,
) -> PResult<'a, T> {
    match parsed {
        Ok(ok) => Ok(ok),
        Err(e) => Err(e.map(|e| GrammarError::add_context(input, what, e))),
    }
}
