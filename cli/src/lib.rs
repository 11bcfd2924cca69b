//! `afterglow`: the terminal shell of the Afterglow core.
//!
//! It drives the same Crux core and the same SQLite storage handler as the mobile apps, so what
//! it prints is what a phone would show. Exit codes: 0 success, 1 error, 2 usage error.
//!
//! The binary (`main.rs`) only calls [`main`]; the library exists so that the system tests
//! (`testing/system`) build the same CLI and reuse its [`shell`].

mod args;
mod commands;
mod render;
pub mod shell;

use std::process::ExitCode;

use clap::Parser;

/// Parses the process's arguments, runs the command, and reports an error on stderr.
pub fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("afterglow: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
