//! `hedui PATH...` (workbooks or folders dropped onto hedui.exe: Windows runs it
//! with their paths as the only arguments): `fix` with every output beside its input.
//!
//! A file gets exactly `hedui fix PATH -o 名称.核对.xlsx`. A folder, or several
//! items dropped together, get the batch: each workbook's corrected copy
//! beside it under the same naming, and the summary 汇总.核对.xlsx in the
//! folder (or the one the items came from); files named `*.核对.xlsx` (what
//! an earlier drop wrote) are not read again. The report is in Chinese, and when
//! a person is at the keyboard the window waits for Enter before it closes.
//! hedui.exe double-clicked (no argument, Windows only) says how to use it and
//! waits the same way.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};
use hedui::batch::{self, Mode, Outcome, Settings};
use hedui::report::terminal;
use hedui::Lang;

use super::check::exit_code;
use super::{print_stdout, Cli, EXIT_FAILURE};

/// The paths, when the command line is nothing but existing paths (one item
/// dropped, or several selected and dropped together) and the first is not a
/// subcommand's name (`hedui check` stays `check` even beside a file named
/// check). Anything else goes to the ordinary parser.
fn dropped_paths(args: &[OsString]) -> Option<Vec<PathBuf>> {
    let (_, rest) = args.split_first()?;
    let first = rest.first()?.to_string_lossy();
    let is_subcommand = first == "help"
        || Cli::command()
            .get_subcommands()
            .any(|sub| sub.get_name() == first || sub.get_all_aliases().any(|a| a == first));
    let all_paths = rest
        .iter()
        .all(|arg| !arg.to_string_lossy().starts_with('-') && Path::new(arg).exists());
    (!is_subcommand && all_paths).then(|| rest.iter().map(PathBuf::from).collect())
}

/// Handles a command line that is a drop (paths alone) or, on Windows, hedui.exe
/// opened with nothing (a double click): Some(exit code) when it did.
pub fn intercept(args: &[OsString]) -> Option<u8> {
    if let Some(paths) = dropped_paths(args) {
        return Some(run(&paths));
    }
    // Elsewhere a bare `hedui` stays the usual usage error; a double-clicked
    // hedui.exe would show it in a window that closes at once.
    if cfg!(windows) && args.len() == 1 && std::io::stdin().is_terminal() {
        return Some(run_bare());
    }
    None
}

/// How to use hedui.exe, and the window stays until Enter.
fn run_bare() -> u8 {
    let _ = Cli::command().print_help();
    eprintln!();
    eprintln!(
        "把工作簿（.xlsx、.xls、.ods、.csv 等）或存放工作簿的文件夹拖到 hedui.exe 上，\
         即核对，并在原文件旁写出更正后的“名称.核对.xlsx”。"
    );
    wait_for_enter();
    EXIT_FAILURE
}

/// Runs the drop and returns `fix`'s exit code.
fn run(paths: &[PathBuf]) -> u8 {
    let code = match paths {
        [file] if !file.is_dir() => run_file(file),
        _ => run_batch(paths),
    };
    wait_for_enter();
    code
}

/// One workbook: the very `fix` a person would type, output beside the input.
fn run_file(path: &Path) -> u8 {
    let args = [
        OsString::from("hedui"),
        OsString::from("fix"),
        OsString::from("-o"),
        batch::beside(path).into_os_string(),
        OsString::from("--"),
        path.as_os_str().to_os_string(),
    ];
    match Cli::try_parse_from(args) {
        Ok(cli) => super::run(cli),
        // Cannot happen for an existing path; should it, say why rather than nothing.
        Err(error) => {
            eprintln!("{error}");
            EXIT_FAILURE
        }
    }
}

/// A folder, or several items: the batch `fix`, each corrected copy beside
/// its workbook, the summary in the folder dropped (or the one the items were
/// dropped from).
fn run_batch(paths: &[PathBuf]) -> u8 {
    let lang = Lang::Zh;
    let collected = batch::collect(paths, None);
    let (earlier, inputs): (Vec<_>, Vec<_>) = collected
        .inputs
        .into_iter()
        .partition(|input| batch::is_beside_output(&input.path));
    let (earlier_other, skipped): (Vec<_>, Vec<_>) = collected
        .skipped
        .into_iter()
        .partition(|(path, _)| batch::is_beside_output(path));
    let earlier = earlier.len() + earlier_other.len();
    if earlier > 0 {
        eprintln!(
            "已跳过 {earlier} 个此前写出的核对结果（*.核对.xlsx 及其汇总），不作为输入重复核对"
        );
    }
    let skipped = skipped
        .into_iter()
        .map(|(path, why)| Outcome::skipped(path, why));
    if inputs.is_empty() {
        let results: Vec<_> = skipped.map(|outcome| outcome.result).collect();
        super::batch::print_errors(&results, lang);
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        super::say(&format!(
            "hedui: 没有可核对的工作簿（.xlsx、.xls、.ods、.csv 等）：{}",
            named.join("、")
        ));
        return EXIT_FAILURE;
    }
    let dir = match paths {
        [dir] if dir.is_dir() => dir.clone(),
        _ => paths
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    let summary = summary_path(&dir, &inputs);
    let settings = Settings {
        mode: Mode::FixBeside,
        lang,
        progress: true,
        jobs: None,
        force: false,
    };
    // The project file (hedui.toml) above the items applies as to `fix`.
    let mut run = match super::CommonArgs::defaults().resolve(paths) {
        Ok(run) => run,
        Err(error) => {
            super::print_error(&error, lang);
            return EXIT_FAILURE;
        }
    };
    run.options.figures = true;
    let options = run.options;
    let mut outcomes = batch::run(inputs, &options, &settings);
    outcomes.extend(skipped);
    let written = outcomes.iter().filter(|o| o.output.is_some()).count();
    super::batch::print_renamed(&outcomes, lang);
    let summary_failed = !super::batch::write_summary(&outcomes, &summary, lang, false);
    let stale = super::batch::stale_lines(&outcomes, lang);
    let results = super::batch::results(outcomes);
    // As `fix`: an unreadable or skipped file has its one line on stderr only.
    let read: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned().map(Ok))
        .collect();
    if !read.is_empty() {
        print_stdout(&terminal::render_with(
            &read,
            &super::output::auto_style(lang),
        ));
    }
    super::batch::print_errors(&results, lang);
    for line in &stale {
        super::say(line);
    }
    super::batch::print_generated(&results, lang);
    let nothing_read = super::batch::report_nothing_read(&results, lang);
    eprintln!("已写出 {written} 个更正后的工作簿，各在原文件旁，名为“名称.核对.xlsx”");
    if summary_failed || nothing_read {
        return EXIT_FAILURE;
    }
    exit_code(&results, run.fail_on)
}

/// 汇总.核对.xlsx in the folder (so a later drop skips it like the other
/// outputs), or 汇总2.核对.xlsx… when a workbook of the folder would be
/// corrected under that name or is that name.
fn summary_path(dir: &Path, inputs: &[batch::Input]) -> PathBuf {
    let taken = |candidate: &Path| {
        inputs
            .iter()
            .any(|input| input.path == candidate || batch::beside(&input.path) == candidate)
    };
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("汇总.{}", batch::BESIDE_ENDING)
        } else {
            format!("汇总{n}.{}", batch::BESIDE_ENDING)
        };
        let candidate = dir.join(name);
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Keeps the window of a dropped file open until the person has read it;
/// never waits when no one can answer (tests, pipes, scheduled runs).
fn wait_for_enter() {
    if !std::io::stdin().is_terminal() {
        return;
    }
    eprintln!();
    eprintln!("按回车键关闭窗口");
    let mut line = String::new();
    // Nothing to do if the console is gone: the window closes either way.
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn only_existing_paths_alone_are_a_drop() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("报表.xlsx");
        std::fs::write(&file, b"x").expect("a file in it");
        let file_arg = file.to_string_lossy().into_owned();
        let dir_arg = dir.path().to_string_lossy().into_owned();
        assert_eq!(
            dropped_paths(&args(&["hedui", &file_arg])),
            Some(vec![file.clone()])
        );
        assert_eq!(
            dropped_paths(&args(&["hedui", &dir_arg, &file_arg])),
            Some(vec![dir.path().to_path_buf(), file.clone()])
        );
        assert_eq!(dropped_paths(&args(&["hedui", "check"])), None);
        assert_eq!(dropped_paths(&args(&["hedui", "rules"])), None);
        assert_eq!(dropped_paths(&args(&["hedui", "help"])), None);
        assert_eq!(dropped_paths(&args(&["hedui", "--help"])), None);
        assert_eq!(dropped_paths(&args(&["hedui"])), None);
        assert_eq!(dropped_paths(&args(&["hedui", "check", &file_arg])), None);
        assert_eq!(dropped_paths(&args(&["hedui", &file_arg, "-o"])), None);
        let missing = dir.path().join("无此文件.xlsx");
        let missing_arg = missing.to_string_lossy().into_owned();
        assert_eq!(dropped_paths(&args(&["hedui", &missing_arg])), None);
        assert_eq!(
            dropped_paths(&args(&["hedui", &file_arg, &missing_arg])),
            None
        );
    }

    #[test]
    fn the_summary_never_takes_a_corrected_workbook_name() {
        let dir = Path::new("站");
        let input = |name: &str| batch::Input {
            path: dir.join(name),
            root: Some(dir.to_path_buf()),
        };
        assert_eq!(
            summary_path(dir, &[input("2024-05.xlsx")]),
            dir.join("汇总.核对.xlsx")
        );
        assert_eq!(
            summary_path(dir, &[input("汇总.xls"), input("汇总2.xlsx")]),
            dir.join("汇总3.核对.xlsx")
        );
    }
}
