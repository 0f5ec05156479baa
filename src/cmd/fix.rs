//! `hedui fix FILE -o OUT.xlsx`: write the corrected workbook with its audit
//! sheet, and print the same report as `check`.

use std::path::PathBuf;

use clap::Args;
use hedui::report::{terminal, workbook};

use super::check::exit_code;
use super::{CommonArgs, EXIT_FAILURE};

#[derive(Args)]
pub struct FixArgs {
    /// The workbook to correct; it is never modified.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write the corrected workbook (.xlsx); never the input itself.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: PathBuf,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: FixArgs) -> u8 {
    let lang = args.common.lang;
    let fail = |error: hedui::error::Error| {
        eprintln!("hedui: {}", error.message(lang));
        EXIT_FAILURE
    };
    let options = match args.common.options() {
        Ok(options) => options,
        Err(error) => return fail(error),
    };
    // check_files, so a roster and an indicator table on two sheets are compared (X001).
    let checked = match hedui::check_files(std::slice::from_ref(&args.file), &options).pop() {
        Some(Ok(checked)) => checked,
        Some(Err(error)) => return fail(error),
        None => return fail(hedui::error::Error::NotFound(args.file.clone())),
    };
    if let Err(error) = workbook::write(&checked.workbook, &checked.report, &args.output, lang) {
        return fail(error);
    }
    let results = [Ok::<_, hedui::error::Error>(checked.report)];
    print!("{}", terminal::render(&results, lang));
    eprintln!(
        "{}",
        match lang {
            hedui::Lang::Zh => format!("已写出更正后的工作簿：{}", args.output.display()),
            hedui::Lang::En => format!("corrected workbook written: {}", args.output.display()),
        }
    );
    exit_code(&results)
}
