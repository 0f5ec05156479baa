//! `hedui fix FILE -o OUT.xlsx`: write the corrected workbook with its audit
//! sheet, and print the same report as `check`.
//! `hedui fix PATH... -o OUTDIR`: the same for every workbook under the
//! folders, mirroring their tree under OUTDIR, with 汇总.xlsx beside them.

use std::path::PathBuf;

use clap::Args;
use hedui::output::Guard;
use hedui::report::{corrected, terminal};

use super::check::exit_code;
use super::{print_error, print_stdout, CommonArgs, EXIT_FAILURE};

#[derive(Args)]
pub struct FixArgs {
    /// The workbook to correct, or several, or folders of them; inputs are never modified.
    /// A written report among them gets a workbook holding only its audit sheet.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Where to write: for one file, the corrected workbook (.xlsx), never the
    /// input itself; for folders or several files, a folder that receives the
    /// same tree of corrected workbooks and the summary 汇总.xlsx / 汇总.json.
    /// Nothing is written outside it, over an input, a device, a pipe or a
    /// link, or (without --force) over a file hedui did not write.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    #[command(flatten)]
    batch: super::batch::BatchArgs,
    #[command(flatten)]
    report: super::output::OutputArgs,
    #[command(flatten)]
    common: CommonArgs,
}

/// The summary's name inside the output folder (汇总.xlsx).
const SUMMARY_STEM: &str = "汇总";

pub fn run(args: FixArgs) -> u8 {
    let fail = |error: hedui::error::Error, lang| {
        print_error(&error, lang);
        EXIT_FAILURE
    };
    // Refused before anything is read, and whatever the spelling: the same
    // file reached by another path, a symbolic link or a hard link.
    let named = Guard::new(
        args.files.iter().map(PathBuf::as_path),
        None,
        args.batch.force,
    );
    if named.is_input(&args.output)
        || args
            .files
            .iter()
            .any(|f| corrected::is_same_file(f, &args.output))
    {
        return fail(
            hedui::error::Error::OutputIsInput(args.output.clone()),
            args.common.flag_lang(),
        );
    }
    let mut run = match args.common.resolve(&args.files) {
        Ok(run) => run,
        Err(error) => return fail(error, args.common.flag_lang()),
    };
    let (options, lang) = (&run.options, run.lang);
    // One file and an output named like a workbook: write that workbook (and
    // fail clearly if a folder stands in the way); otherwise fill a folder.
    let names_workbook = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    // `-o out/` (or an existing folder) is a folder whatever the inputs.
    let names_folder = args.output.is_dir()
        || args
            .output
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', std::path::MAIN_SEPARATOR]);
    let single =
        args.files.len() == 1 && !args.files[0].is_dir() && (names_workbook || !names_folder);
    if !single {
        // The summary's city-wide sheet needs every table's figures.
        run.options.figures = true;
        if names_workbook && !args.output.is_dir() {
            return fail(
                hedui::error::Error::OutputNeedsFolder(args.output.clone()),
                lang,
            );
        }
        return run_batch(&args, &run);
    }
    let file = &args.files[0];
    // Never a device, a pipe, a link, or (without --force) a file hedui did not write.
    if let Err(error) = named.check(&args.output) {
        return fail(error, lang);
    }
    // A corrected workbook is .xlsx, and its name says so.
    if !names_workbook {
        return fail(
            hedui::error::Error::OutputNotXlsx(args.output.clone()),
            lang,
        );
    }
    let checked = match hedui::check_file(file, options) {
        Ok(checked) => checked,
        Err(error) => return fail(error, lang),
    };
    if let Err(error) = corrected::write(&checked.workbook, &checked.report, &args.output, lang) {
        return fail(error, lang);
    }
    let results = [Ok::<_, hedui::error::Error>(checked.report)];
    print_stdout(&terminal::render_with(&results, &args.report.style(lang)));
    super::batch::print_generated(&results, lang);
    super::say(&match lang {
        hedui::Lang::Zh => format!("已写出更正后的工作簿：{}", args.output.display()),
        hedui::Lang::En => format!("corrected workbook written: {}", args.output.display()),
    });
    exit_code(&results, run.fail_on)
}

fn run_batch(args: &FixArgs, run: &super::Run) -> u8 {
    let (options, lang) = (&run.options, run.lang);
    let out_dir = &args.output;
    // "File exists" would not say what is wrong: the folder named is a file.
    if out_dir.exists() && !out_dir.is_dir() {
        print_error(&hedui::error::Error::OutdirIsFile(out_dir.clone()), lang);
        return EXIT_FAILURE;
    }
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        print_error(
            &hedui::error::Error::WriteIo(out_dir.clone(), e.kind()),
            lang,
        );
        return EXIT_FAILURE;
    }
    let outcomes = super::batch::run(
        &args.files,
        options,
        &args.batch,
        lang,
        hedui::batch::Mode::Fix {
            out_dir: out_dir.clone(),
        },
    );
    let written = outcomes.iter().filter(|o| o.output.is_some()).count();
    super::batch::print_renamed(&outcomes, lang);
    // 汇总.xlsx, or 汇总2.xlsx… when an input or a corrected workbook has the name.
    let summary = super::batch::free_summary_path(out_dir, SUMMARY_STEM, "xlsx", &outcomes);
    let summary_failed = !super::batch::write_summary(&outcomes, &summary, lang, args.batch.force);
    let stale = super::batch::stale_lines(&outcomes, lang);
    let results = super::batch::results(outcomes);
    // An unreadable or skipped file gets its one line on stderr, not a second copy on stdout.
    let read: Vec<Result<hedui::report::FileReport, hedui::error::Error>> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned().map(Ok))
        .collect();
    if !read.is_empty() {
        print_stdout(&terminal::render_with(&read, &args.report.style(lang)));
    }
    super::batch::print_errors(&results, lang);
    for line in &stale {
        super::say(line);
    }
    super::batch::print_generated(&results, lang);
    super::batch::print_slowest();
    let nothing_read = super::batch::report_nothing_read(&results, lang);
    super::say(&match lang {
        hedui::Lang::Zh => format!("已写出 {written} 个更正后的工作簿到：{}", out_dir.display()),
        hedui::Lang::En => format!(
            "{written} corrected workbooks written to {}",
            out_dir.display()
        ),
    });
    if summary_failed || nothing_read {
        return EXIT_FAILURE;
    }
    exit_code(&results, run.fail_on)
}
