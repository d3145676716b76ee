//! The `tickerline` binary: parse the command line, run, exit.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::Cli::parse_or_exit() {
        Ok(cli) => cli.run(),
        Err(code) => code,
    }
}
