//! Flags and plumbing shared by `check` and `fix` when they take folders or
//! several files: progress, worker threads, the summary (汇总) and its messages.

use std::path::{Path, PathBuf};

use clap::Args;
use hedui::batch::{self, Input, Mode, Outcome, Settings};
use hedui::report::{summary, FileReport};
use hedui::{Lang, Options};

use super::print_error;

/// Batch flags.
#[derive(Args, Clone)]
pub struct BatchArgs {
    /// No progress bar (it is only ever drawn when stderr is a terminal).
    #[arg(short, long)]
    quiet: bool,
    /// Files checked at once; defaults to one per core.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
}

/// Runs a batch over `paths` (files and folders, walked recursively).
pub fn run(
    paths: &[PathBuf],
    options: &Options,
    args: &BatchArgs,
    lang: Lang,
    mode: Mode,
) -> Vec<Outcome> {
    let skip = match &mode {
        Mode::Fix { out_dir } => Some(out_dir.clone()),
        Mode::Check | Mode::FixBeside => None,
    };
    let inputs: Vec<Input> = batch::collect(paths, skip.as_deref());
    let settings = Settings {
        mode,
        lang,
        progress: !args.quiet,
        jobs: args.jobs,
    };
    batch::run(inputs, options, &settings)
}

/// The reports in input order, for the terminal and JSON renderers.
pub fn results(outcomes: Vec<Outcome>) -> Vec<Result<FileReport, hedui::error::Error>> {
    outcomes.into_iter().map(|o| o.result).collect()
}

/// Writes 汇总.xlsx (and .json) at `path`; says where, or why not, on
/// stderr. False when it could not be written.
pub fn write_summary(outcomes: &[Outcome], path: &Path, lang: Lang) -> bool {
    let base = path.parent();
    let built = summary::build(outcomes, base, lang);
    if let Err(error) = summary::write(&built, path, lang) {
        print_error(&error, lang);
        return false;
    }
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("已写出汇总：{}", path.display()),
            Lang::En => format!("summary written: {}", path.display()),
        }
    );
    true
}

/// Prints the error of each file that could not be checked, one line each.
pub fn print_errors(results: &[Result<FileReport, hedui::error::Error>], lang: Lang) {
    for error in results.iter().filter_map(|r| r.as_ref().err()) {
        print_error(error, lang);
    }
}
