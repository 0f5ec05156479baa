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
    let collected = batch::collect(paths, skip.as_deref());
    let inputs: Vec<Input> = collected.inputs;
    let settings = Settings {
        mode,
        lang,
        progress: !args.quiet,
        jobs: args.jobs,
    };
    let mut outcomes = batch::run(inputs, options, &settings);
    outcomes.extend(
        collected
            .skipped
            .into_iter()
            .map(|(path, why)| Outcome::skipped(path, why)),
    );
    outcomes
}

/// One info line on stderr for each file whose sheets written by hedui (a
/// corrected workbook's 规范化数据 and 核对结果) were left out of the check.
pub fn print_generated(results: &[Result<FileReport, hedui::error::Error>], lang: Lang) {
    for report in results.iter().flatten() {
        if report.generated_sheets.is_empty() {
            continue;
        }
        let names = report.generated_sheets.join(match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        });
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "hedui: {}：跳过 hedui 生成的工作表 {names}，只核对原表",
                    report.path.display()
                ),
                Lang::En => format!(
                    "hedui: {}: sheets written by hedui ({names}) skipped; the original sheets are checked",
                    report.path.display()
                ),
            }
        );
    }
}

/// When no file at all was read (none found, or every one skipped or
/// unreadable): one line saying so, unless the one file named already had
/// its line. True when nothing was read.
pub fn report_nothing_read(
    results: &[Result<FileReport, hedui::error::Error>],
    lang: Lang,
) -> bool {
    if results.iter().any(Result::is_ok) {
        return false;
    }
    if results.len() == 1 {
        return true;
    }
    eprintln!(
        "{}",
        match (lang, results.is_empty()) {
            (Lang::Zh, true) => "hedui: 未找到任何工作簿，没有核对任何文件".to_string(),
            (Lang::Zh, false) => format!(
                "hedui: 没有可核对的工作簿：{} 个文件均被跳过或无法读取（见上）",
                results.len()
            ),
            (Lang::En, true) => "hedui: no workbook found; nothing was checked".to_string(),
            (Lang::En, false) => format!(
                "hedui: nothing was checked: all {} files were skipped or could not be read (see above)",
                results.len()
            ),
        }
    );
    true
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
