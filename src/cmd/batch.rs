//! Flags and plumbing shared by `check` and `fix` when they take folders or
//! several files: progress, worker threads, the summary (汇总) and its messages.

use std::path::{Path, PathBuf};

use clap::Args;
use hedui::batch::{self, Input, Mode, Outcome, Settings};
use hedui::output::Guard;
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
    /// Replace an existing file in the way of an output even when hedui did
    /// not write it. Without it only hedui's own earlier outputs are replaced;
    /// an input, a device, a pipe or a link is never replaced.
    #[arg(long)]
    pub force: bool,
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
        force: args.force,
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
        super::say(&            match lang {
                Lang::Zh => format!(
                    "hedui: {}：跳过 hedui 生成的工作表 {names}，只核对原表",
                    report.path.display()
                ),
                Lang::En => format!(
                    "hedui: {}: sheets written by hedui ({names}) skipped; the original sheets are checked",
                    report.path.display()
                ),
            });
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
    super::say(&        match (lang, results.is_empty()) {
            (Lang::Zh, true) => "hedui: 未找到任何工作簿，没有核对任何文件".to_string(),
            (Lang::Zh, false) => format!(
                "hedui: 没有可核对的工作簿：{} 个文件或文件夹均被跳过或无法读取（见上）",
                results.len()
            ),
            (Lang::En, true) => "hedui: no workbook found; nothing was checked".to_string(),
            (Lang::En, false) => format!(
                "hedui: nothing was checked: all {} files or folders were skipped or could not be read (see above)",
                results.len()
            ),
        });
    true
}

/// The reports in input order, for the terminal and JSON renderers.
pub fn results(outcomes: Vec<Outcome>) -> Vec<Result<FileReport, hedui::error::Error>> {
    outcomes.into_iter().map(|o| o.result).collect()
}

/// Writes 汇总.xlsx (and .json) at `path` (`x.json` names the JSON: the
/// workbook is then `x.xlsx`); says where, or why not, on stderr. Neither
/// goes over an input, a non-regular file, or (without `force`) a file hedui
/// did not write. False when it could not be written.
pub fn write_summary(outcomes: &[Outcome], path: &Path, lang: Lang, force: bool) -> bool {
    let (path, json) = hedui::output::summary_paths(path);
    let path = path.as_path();
    let guard = Guard::new(outcomes.iter().map(|o| o.input.path.as_path()), None, force);
    if let Err(error) = guard.check(path).and_then(|()| guard.check(&json)) {
        print_error(&error, lang);
        return false;
    }
    let base = path.parent();
    let built = summary::build(outcomes, base, lang);
    if let Err(error) = summary::write(&built, path, lang) {
        print_error(&error, lang);
        return false;
    }
    super::say(&match lang {
        Lang::Zh => format!("已写出汇总：{}", path.display()),
        Lang::En => format!("summary written: {}", path.display()),
    });
    true
}

/// The summary's path in `dir`: `{stem}.{ending}`, or `{stem}2.{ending}`… when an
/// input is that file, or an output of the run has that name or its JSON's.
pub fn free_summary_path(dir: &Path, stem: &str, ending: &str, outcomes: &[Outcome]) -> PathBuf {
    use hedui::output::collision_key as key;
    let guard = Guard::new(outcomes.iter().map(|o| o.input.path.as_path()), None, true);
    let outputs: std::collections::HashSet<String> = outcomes
        .iter()
        .filter_map(|o| o.output.as_deref())
        .map(key)
        .collect();
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.{ending}")),
            n => dir.join(format!("{stem}{n}.{ending}")),
        })
        .find(|candidate| {
            let (xlsx, json) = hedui::output::summary_paths(candidate);
            [&xlsx, &json]
                .iter()
                .all(|p| !outputs.contains(&key(p)) && !guard.is_input(p))
        })
        .unwrap_or_else(|| dir.join(format!("{stem}.{ending}")))
}

/// One line for each input whose corrected workbook got a suffixed name
/// because an earlier input's took its name.
pub fn print_renamed(outcomes: &[Outcome], lang: Lang) {
    for outcome in outcomes {
        let (Some(other), Some(output)) = (&outcome.collided_with, &outcome.output) else {
            continue;
        };
        let (input, other, output) = (
            outcome.input.path.display(),
            other.display(),
            output.display(),
        );
        super::say(&            match lang {
                Lang::Zh => format!(
                    "hedui: {input}：更正后的工作簿与 {other} 的同名，改写为 {output}（汇总中已记录）"
                ),
                Lang::En => format!(
                    "hedui: {input}: its corrected workbook has the same name as {other}'s; written as {output} (recorded in the summary)"
                ),
            });
    }
}

/// One line for each corrected workbook an earlier run wrote whose input
/// could not be read this time: it is out of date, and left in place.
/// Printed after the errors they follow from.
pub fn stale_lines(outcomes: &[Outcome], lang: Lang) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|outcome| {
            let stale = outcome.stale.as_ref()?;
            let (input, stale) = (outcome.input.path.display(), stale.display());
            Some(match lang {
                Lang::Zh => format!(
                    "hedui: {stale}：此前写出的更正后工作簿，因 {input} 本次无法读取而未更新，内容已过时（未删除，汇总中已注明）"
                ),
                Lang::En => format!(
                    "hedui: {stale}: a corrected workbook an earlier run wrote; {input} could not be read this time, so it is out of date (not removed; noted in the summary)"
                ),
            })
        })
        .collect()
}

/// Prints the error of each file that could not be checked, one line each.
pub fn print_errors(results: &[Result<FileReport, hedui::error::Error>], lang: Lang) {
    for error in results.iter().filter_map(|r| r.as_ref().err()) {
        print_error(error, lang);
    }
}
