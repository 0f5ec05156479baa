//! Flags and plumbing shared by `check` and `fix` when they take folders or
//! several files: progress, worker threads, the summary (汇总) and its messages.

use std::path::{Path, PathBuf};

use clap::Args;
use hedui::batch::{self, Input, Mode, Outcome, Settings};
use hedui::report::{summary, FileReport};
use hedui::{Lang, Options};

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
        Mode::Check => None,
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

/// Writes 汇总.xlsx (and .json) at `path`; says where on stderr.
pub fn write_summary(
    outcomes: &[Outcome],
    path: &Path,
    lang: Lang,
) -> Result<(), hedui::error::Error> {
    let base = path.parent();
    let built = summary::build(outcomes, base, lang);
    summary::write(&built, path, lang)?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("已写出汇总：{}", path.display()),
            Lang::En => format!("summary written: {}", path.display()),
        }
    );
    Ok(())
}
