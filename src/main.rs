//! The hedui command line: parse flags, dispatch to a subcommand, exit with its code.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    ExitCode::from(cmd::run(cli))
}
