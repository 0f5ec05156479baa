//! hedui (核对): check and correct the workbooks social-work stations submit.
//!
//! The pipeline, one stage a module: [`read`] → [`locate`] → [`headers`] /
//! [`values`] / [`names`] (normalize) → [`rules`] (check, and say what to
//! correct) → [`report`] (terminal, JSON, corrected workbook with audit sheet).

pub mod error;
pub mod findings;
pub mod headers;
pub mod locate;
pub mod model;
pub mod names;
pub mod read;
pub mod records;
pub mod report;
pub mod rules;
pub mod values;
pub mod workbook;

use std::path::Path;

use crate::error::Error;
use crate::names::Gazetteer;
use crate::report::{FileReport, TableKind, TableSummary};
use crate::workbook::Workbook;

/// The language of messages and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// What a run needs besides the files.
#[derive(Debug, Clone)]
pub struct Options {
    pub gazetteer: Gazetteer,
    pub limits: read::Limits,
    /// Contracted posts, when given on the command line.
    pub posts: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gazetteer: Gazetteer::chigang(),
            limits: read::Limits::default(),
            posts: None,
        }
    }
}

/// A file read and checked: the workbook (needed to write the corrected copy) and its report.
pub struct Checked {
    pub workbook: Workbook,
    pub report: FileReport,
}

/// Reads one file, finds its tables and runs every rule on them.
pub fn check_file(path: &Path, options: &Options) -> Result<Checked, Error> {
    let workbook = read::read(path, options.limits)?;
    if workbook.sheets.iter().all(|s| s.is_blank()) {
        return Err(Error::EmptySheets(path.to_path_buf()));
    }
    let mut report = FileReport {
        path: path.to_path_buf(),
        tables: Vec::new(),
        findings: Vec::new(),
        data_sheets: Vec::new(),
    };
    let mut indicator_records = records::IndicatorRecords::default();
    for sheet in &workbook.sheets {
        for table in locate::indicator_tables(sheet) {
            let ctx = rules::check_indicator_table(path, sheet, &table, &options.gazetteer);
            indicator_records.add(&ctx);
            report.findings.extend(ctx.findings);
            report.tables.push(TableSummary {
                sheet: sheet.name.clone(),
                range: table.range,
                kind: TableKind::Indicators,
            });
        }
    }
    // Reading order: sheet by sheet as in the workbook, then row, then column.
    let sheet_index = |name: &str| workbook.sheets.iter().position(|s| s.name == name);
    report.findings.sort_by_key(|f| {
        let cell = f.location.cell;
        (sheet_index(&f.location.sheet), cell.row, cell.col)
    });
    if report.tables.is_empty() {
        return Err(Error::NoTable(path.to_path_buf()));
    }
    report.data_sheets.push(indicator_records.into_sheet());
    Ok(Checked { workbook, report })
}
