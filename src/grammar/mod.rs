//! The quote grammar, written with `nom`: one small parser per production.
//!
//! Reading this module top-down is reading the grammar (the same EBNF is in
//! the README):
//!
//! ```text
//! quote           = symbol space1 price space1 move
//! symbol          = first-word { space1 word }            (* 1 to 4 words *)
//! first-word      = word                 (* an upper first, or a digit word with a letter: 3M *)
//! word            = upper { alnum | inner alnum } | digit { alnum }
//!                                       (* <= 12 chars; after "-" an upper or digit *)
//! price           = [ currency space0 ] unsigned
//! amount          = [ currency space0 ] number
//! move            = [ direction-words space0 ] [ arrow space0 ]
//!                   ( percent | amount [ space0 [ points ] [ arrow space0 ] percent ] )
//!                                                           (* with a marker *)
//! number          = [ sign ] unsigned
//! unsigned        = digits [ "." digit { digit } ]
//! percent         = "(" space0 number space0 "%" space0 ")" | number space0 "%"
//! ```
//!
//! Every production is a plain function `fn(&str) -> PResult<T>`; labels from
//! [`nom::error::context`] say what was expected when one fails
//! ([`GrammarError::expected`]).

mod cells;
mod direction;
mod error;
mod glued;
mod labelled;
mod layout;
mod level;
mod move_level;
mod number;
mod partial;
mod quote;
mod space;
mod symbol;
mod table;

pub use cells::{MAX_CELL_LINE, MAX_CELL_LINES, cells};
pub(crate) use direction::is_direction_word;
pub use direction::{Direction, arrow, direction_words};
pub use error::{GrammarError, PResult};
pub use glued::glued_lower;
pub use layout::Layout;
pub use level::level;
pub(crate) use number::is_currency_code;
pub use number::{
    CURRENCY_CODES, Number, Percent, Sign, currency, decimal_commas, is_currency_word, multiplied,
    number, number_word, percent, percent_sign, sign, unsigned,
};
pub use partial::code_len;
pub(crate) use quote::next_quote_starts;
pub use quote::{
    Amount, Move, QuoteSyntax, Token, amount, closest_layout, price, quote, quote_move,
};
pub use space::{is_space, space0, space1};
pub(crate) use symbol::symbol_readings;
pub use symbol::{MAX_WORD_LEN, MAX_WORDS, starts_symbol, symbol, word};
pub(crate) use table::is_value_cell;
pub use table::{Cells, Column, Header, MAX_COLUMNS, MAX_ROW_LINE, Row, header, row, row_at};
