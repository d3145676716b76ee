//! tickerline finds stock-ticker quote lines in scraped pages, parses them
//! with a `nom` grammar into typed records and exports them.
//!
//! The crate reads as its pipeline:
//!
//! - [`grammar`]: the nom grammar, one production per function;
//! - [`scan`]: finding quotes in a page (streaming lines, byte prefilter);
//! - [`quote`]: the typed record [`Quote`];
//! - [`date`]: the page's dateline;
//! - [`export`]: CSV, JSON and NDJSON writers, atomic output files;
//! - [`input`]: turning command-line paths into pages;
//! - [`container`]: files into pages of text (HTML, web archives,
//!   compressed and multi-page dumps, encodings), with positions and dates.
//!
//! ```
//! use tickerline::{Direction, Scanner};
//!
//! let page = "Markets\nHBL 117.85 Decreased By ▼ -0.08 (-0.07%)\nKSE100 72,743 Increased By 771.4 (1.07%)\n";
//! let quotes = Scanner::new().scan_str("page.txt", page);
//! assert_eq!(quotes.len(), 2);
//! assert_eq!(quotes[0].direction, Direction::Down);
//! assert_eq!(quotes[1].price.unwrap().to_string(), "72743");
//! ```

#![warn(missing_docs)]

pub mod container;
pub mod date;
pub mod export;
pub mod extract;
pub mod grammar;
pub mod input;
pub mod quote;
pub mod scan;
pub mod validate;

pub use grammar::Direction;
pub use quote::{ParseQuoteError, Quote, Record};
pub use scan::{PageSummary, Scanner, ScannerBuilder};
