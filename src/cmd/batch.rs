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
    let started = std::time::Instant::now();
    let mut outcomes = batch::run(inputs, options, &settings);
    let timed: Vec<(&Path, std::time::Duration)> = outcomes
        .iter()
        .map(|o| (o.input.path.as_path(), o.elapsed))
        .collect();
    if let Some(line) = slowest_line(&timed, started.elapsed(), lang) {
        SLOWEST.with(|s| *s.borrow_mut() = Some(line));
    }
    outcomes.extend(
        collected
            .skipped
            .into_iter()
            .map(|(path, why)| Outcome::skipped(path, why)),
    );
    outcomes
}

/// A run longer than this names its slowest file.
const SLOW_RUN: std::time::Duration = std::time::Duration::from_secs(3);

thread_local! {
    /// The line naming the slowest file of the last run, printed after its report.
    static SLOWEST: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// How long a run of several files took and which file took longest, when
/// the run took over [`SLOW_RUN`]: where to look when a batch is slow.
fn slowest_line(
    timed: &[(&Path, std::time::Duration)],
    wall: std::time::Duration,
    lang: Lang,
) -> Option<String> {
    if timed.len() < 2 || wall < SLOW_RUN {
        return None;
    }
    let (path, took) = timed.iter().max_by_key(|(_, took)| *took)?;
    let (wall, took) = (wall.as_secs_f64(), took.as_secs_f64());
    let n = timed.len();
    Some(match lang {
        Lang::Zh => format!(
            "hedui: 共核对 {n} 个文件，用时 {wall:.1} 秒；最慢的是 {}（{took:.1} 秒）",
            path.display()
        ),
        Lang::En => format!(
            "hedui: {n} files checked in {wall:.1} s; the slowest was {} ({took:.1} s)",
            path.display()
        ),
    })
}

/// The line naming the slowest file of a run that took a while (on stderr, after the report).
pub fn print_slowest() {
    if let Some(line) = SLOWEST.with(|s| s.borrow_mut().take()) {
        super::say(&line);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_slow_run_names_its_slowest_file() {
        let timed = [
            (Path::new("a/2024-03.xlsx"), Duration::from_millis(300)),
            (Path::new("a/大表.xlsx"), Duration::from_millis(4200)),
            (Path::new("a/2024-05.xlsx"), Duration::from_millis(200)),
        ];
        assert_eq!(
            slowest_line(&timed, Duration::from_millis(4800), Lang::Zh).as_deref(),
            Some("hedui: 共核对 3 个文件，用时 4.8 秒；最慢的是 a/大表.xlsx（4.2 秒）")
        );
        assert_eq!(
            slowest_line(&timed, Duration::from_millis(4800), Lang::En).as_deref(),
            Some("hedui: 3 files checked in 4.8 s; the slowest was a/大表.xlsx (4.2 s)")
        );
        // A quick run, or a single file, says nothing.
        assert_eq!(
            slowest_line(&timed, Duration::from_millis(900), Lang::Zh),
            None
        );
        assert_eq!(
            slowest_line(&timed[..1], Duration::from_secs(9), Lang::Zh),
            None
        );
    }
}
