//! `hedui check PATH...`: print the findings of every file, as text or JSON;
//! folders are walked, files checked in parallel, and each station's months compared.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use hedui::codes::Severity;
use hedui::report::{json, terminal, FileReport};

use super::{print_error, print_stdout, CommonArgs, EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS};

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Workbooks (.xlsx .xlsm .xlsb .xls .ods .csv) or folders holding them, walked recursively.
    /// A written report (.docx .pdf, or .txt .md named here) is checked against the
    /// workbooks named with it, or in a folder against the workbooks beside it.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Also write a summary workbook here (a row per file, and the rules ranked), with the same as JSON beside it (.json).
    #[arg(long, value_name = "汇总.xlsx")]
    summary: Option<PathBuf>,
    #[command(flatten)]
    batch: super::batch::BatchArgs,
    #[command(flatten)]
    report: super::output::OutputArgs,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: CheckArgs) -> u8 {
    let mut run = match args.common.resolve(&args.files) {
        Ok(run) => run,
        Err(error) => {
            print_error(&error, args.common.flag_lang());
            return EXIT_FAILURE;
        }
    };
    // The summary's city-wide sheet needs every table's figures.
    run.options.figures = args.summary.is_some();
    let (options, lang) = (&run.options, run.lang);
    let outcomes = super::batch::run(
        &args.files,
        options,
        &args.batch,
        lang,
        hedui::batch::Mode::Check,
    );
    let summary_failed = args
        .summary
        .as_ref()
        .is_some_and(|path| !super::batch::write_summary(&outcomes, path, lang, args.batch.force));
    let results: Vec<Result<FileReport, _>> = super::batch::results(outcomes);
    match args.format {
        OutputFormat::Text => {
            // An unreadable file gets its one line on stderr below, not a
            // second copy (and a count of zero findings) on stdout.
            let read: Vec<Result<FileReport, hedui::error::Error>> = results
                .iter()
                .filter_map(|r| r.as_ref().ok().cloned().map(Ok))
                .collect();
            if !read.is_empty() {
                print_stdout(&terminal::render_with(&read, &args.report.style(lang)));
            }
        }
        OutputFormat::Json => print_stdout(&format!("{}\n", json::render(&results, lang))),
    }
    super::batch::print_errors(&results, lang);
    super::batch::print_generated(&results, lang);
    super::batch::print_slowest();
    let nothing_read = super::batch::report_nothing_read(&results, lang);
    if summary_failed || nothing_read {
        return EXIT_FAILURE;
    }
    exit_code(&results, run.fail_on)
}

/// 2 when a file could not be read (a file set aside on purpose is no
/// failure) or none was read at all, else 1 when a finding not waived is of
/// `fail_on` or above (never with None: --exit-zero), else 0.
pub fn exit_code(
    results: &[Result<FileReport, hedui::error::Error>],
    fail_on: Option<Severity>,
) -> u8 {
    let failed =
        |r: &Result<FileReport, hedui::error::Error>| r.as_ref().is_err_and(|e| !e.is_skip());
    if results.iter().any(failed) || !results.iter().any(Result::is_ok) {
        EXIT_FAILURE
    } else if results
        .iter()
        .flatten()
        .flat_map(|r| &r.findings)
        .any(|f| fail_on.is_some_and(|level| f.severity() >= level) && f.waived.is_none())
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
