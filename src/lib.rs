//! hedui (核对): check and correct the workbooks social-work stations submit.
//!
//! The pipeline, one stage a folder: [`read`] (any format → one [`workbook`]
//! model) → [`locate`] (tables and rosters, as [`model`]) with [`normalize`]
//! (words, numbers, names) → [`rules`] (check, and say what to correct; codes
//! in [`codes`]) → [`report`] (terminal, JSON, corrected workbook with audit sheet).

pub mod batch;
pub mod codes;
pub mod config;
pub mod document;
pub mod error;
pub mod findings;
pub mod interrupt;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod output;
pub mod page;
pub mod read;
pub mod records;
pub mod report;
pub mod rules;
pub mod station;
pub mod workbook;

use std::path::Path;

use crate::error::Error;
use crate::normalize::names::Gazetteers;
use crate::report::{FileReport, TableKind, TableSummary};
use crate::workbook::Workbook;

/// The language of messages and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// What a run needs besides the files.
#[derive(Debug, Clone)]
pub struct Options {
    /// Gazetteers by street; each file gets only its own station's (see [`Gazetteers::for_station`]).
    pub gazetteers: Gazetteers,
    /// The station of every input (`--station`), instead of what each file says.
    pub station: Option<String>,
    pub limits: read::Limits,
    /// Contracted posts, when given on the command line.
    pub posts: Option<u32>,
    /// Contracted posts by station (hedui.toml), for a roster whose station is known.
    pub station_posts: Vec<(String, u32)>,
    /// Which rules report (hedui.toml `select` / `ignore`).
    pub rules: config::RuleSelection,
    /// Findings accepted with a reason (hedui.toml `[[waivers]]`).
    pub waivers: Vec<config::Waiver>,
    /// Keep every table's figures in long form ([`Checked::figures`]), for
    /// the summary's city-wide sheet and charts.
    pub figures: bool,
}

impl Options {
    /// Contracted posts for a roster of `station`: `--posts`, else the station's in hedui.toml.
    pub fn posts_for(&self, station: Option<&str>) -> Option<u32> {
        self.posts.or_else(|| {
            let station = station?;
            self.station_posts
                .iter()
                .find(|(name, _)| normalize::names::same_street(name, station))
                .map(|(_, n)| *n)
        })
    }

    /// Leaves out the findings of rules not selected and marks the waived ones
    /// (and leaves out what only followed from a correction so not written):
    /// over all the files of a run at once, as a knock-on may sit in another
    /// file (a report repeating a table's figure).
    pub fn settle(&self, files: &mut [&mut Vec<findings::Finding>]) {
        if self.rules.is_all() && self.waivers.is_empty() {
            return;
        }
        let mut unapplied = Vec::new();
        for findings in files.iter_mut() {
            unapplied.extend(config::settle(findings, &self.rules, &self.waivers));
        }
        config::drop_knock_ons(files, &mut unapplied);
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gazetteers: Gazetteers::built_in(),
            station: None,
            limits: read::Limits::default(),
            posts: None,
            station_posts: Vec::new(),
            rules: config::RuleSelection::default(),
            waivers: Vec::new(),
            figures: false,
        }
    }
}

/// A file read and checked: the workbook (needed to write the corrected copy),
/// its report, and what was read from it for the rules that compare files.
pub struct Checked {
    pub workbook: Workbook,
    pub report: FileReport,
    pub indicators: Vec<TableFigures>,
    /// Every attendance roster found, normalized: staff, district, contract,
    /// departure and per-month ticks with their cells (see [`model::roster::Roster`]).
    pub rosters: Vec<model::roster::Roster>,
    /// The file's station and period, as read from its titles, sheet names and path.
    pub identity: station::Identity,
    /// Every indicator table's figures in long form, when [`Options::figures`] asks.
    pub figures: Vec<records::Figure>,
}

/// An indicator table with the value of each of its figure cells (corrected
/// derived values included), for rules that compare files or periods.
pub struct TableFigures {
    pub table: model::IndicatorTable,
    /// Values by cell, stored densely over the table's range (see [`rules::cellmap`]).
    pub values: rules::cellmap::CellMap<rust_decimal::Decimal>,
}

impl TableFigures {
    /// The value of one figure of one line, e.g. the done count of 电访 for 片区3.
    pub fn value(
        &self,
        entity: &model::Entity,
        indicator: &str,
        role: model::Role,
    ) -> Option<rust_decimal::Decimal> {
        self.table
            .measurements
            .iter()
            .filter(|m| {
                (&*m.indicator == indicator || m.canonical.as_deref() == Some(indicator))
                    && &self.table.line(m).entity == entity
            })
            .find_map(|m| {
                let cell = match role {
                    model::Role::Target => m.target,
                    model::Role::Done => m.done,
                    model::Role::Rate => m.rate,
                    model::Role::Count => m.count,
                }?;
                self.values.get(&cell).copied()
            })
    }
}

/// Reads one file, finds its tables and rosters and runs every rule on them
/// (the rules that compare files run in [`batch`]).
pub fn check_file(path: &Path, options: &Options) -> Result<Checked, Error> {
    check_file_with(path, options, read::ReadMode::Full)
}

/// [`check_file`], reading only what `mode` asks (`ReadMode::Check` when no corrected workbook is written).
pub fn check_file_with(
    path: &Path,
    options: &Options,
    mode: read::ReadMode,
) -> Result<Checked, Error> {
    check_file_in(path, None, options, mode)
}

/// [`check_file_with`] for a file found under the folder `root`: a folder
/// below `root` may name the station, `root` itself never does.
pub fn check_file_in(
    path: &Path,
    root: Option<&Path>,
    options: &Options,
    mode: read::ReadMode,
) -> Result<Checked, Error> {
    check_workbook_in(
        read::read_with(path, options.limits, mode)?,
        root,
        options,
        mode,
    )
}

/// [`check_file_in`] for a file already in memory (the page's, dropped in a
/// browser): `path` only names it, in findings, errors and the station's reading.
pub fn check_bytes_in(
    path: &Path,
    bytes: Vec<u8>,
    root: Option<&Path>,
    options: &Options,
    mode: read::ReadMode,
) -> Result<Checked, Error> {
    check_workbook_in(
        read::read_bytes_with(path, bytes, options.limits, mode)?,
        root,
        options,
        mode,
    )
}

/// Finds the tables of a workbook already read and runs every rule on them
/// (the fuzz target for whole-workbook import starts here from bytes).
pub fn check_workbook(
    workbook: Workbook,
    options: &Options,
    mode: read::ReadMode,
) -> Result<Checked, Error> {
    check_workbook_in(workbook, None, options, mode)
}

fn check_workbook_in(
    workbook: Workbook,
    root: Option<&Path>,
    options: &Options,
    mode: read::ReadMode,
) -> Result<Checked, Error> {
    let path = workbook.path.clone();
    let path = path.as_path();
    if workbook.sheets.iter().all(|s| s.is_blank()) {
        return Err(Error::EmptySheets(path.to_path_buf()));
    }
    let mut report = FileReport {
        path: path.to_path_buf(),
        tables: Vec::new(),
        findings: Vec::new(),
        data_sheets: Vec::new(),
        generated_sheets: workbook.generated.clone(),
    };
    let mut indicator_records = records::IndicatorRecords::default();
    let mut roster_records = records::RosterRecords::default();
    let mut indicators = Vec::new();
    let mut rosters = Vec::new();
    let mut figures = Vec::new();
    // Every table is found first: the station is read from the text around
    // them, and decides which gazetteer (if any) the rules apply.
    let found: Vec<(
        usize,
        Vec<model::IndicatorTable>,
        Vec<model::roster::Roster>,
    )> = workbook
        .sheets
        .iter()
        .enumerate()
        .map(|(i, sheet)| (i, locate::indicator_tables(sheet), locate::rosters(sheet)))
        .collect();
    let ranges: Vec<(String, workbook::CellRange)> = found
        .iter()
        .flat_map(|(i, tables, rosters)| {
            let name = &workbook.sheets[*i].name;
            tables
                .iter()
                .map(|t| (name.clone(), t.range))
                .chain(rosters.iter().map(|r| (name.clone(), r.range)))
        })
        .collect();
    let mut identity = station::identify(&workbook, &ranges, path, root);
    let gazetteer = match &options.station {
        // Told the station: its own gazetteer or none, whatever the file says.
        Some(station) => {
            identity.set_station(station);
            options.gazetteers.street(station)
        }
        None => options.gazetteers.for_station(identity.station_name()),
    };
    for (i, tables, found_rosters) in found {
        let sheet = &workbook.sheets[i];
        for table in tables {
            let ctx = rules::check_indicator_table(path, sheet, &table, gazetteer);
            // The normalized data sheet is written only into a corrected workbook.
            if mode == read::ReadMode::Full {
                indicator_records.add(&ctx);
            }
            if options.figures {
                figures.extend(records::figures(&ctx));
            }
            let values = ctx.values();
            report.findings.extend(ctx.findings);
            report.tables.push(TableSummary {
                sheet: sheet.name.clone(),
                range: table.range,
                kind: TableKind::Indicators,
            });
            // Moved, not cloned: a big table's measurements are tens of megabytes.
            indicators.push(TableFigures { table, values });
        }
        for found in found_rosters {
            report.findings.extend(rules::roster::check_roster(
                path,
                sheet,
                &found,
                options.posts_for(identity.station_name()),
            ));
            if mode == read::ReadMode::Full {
                roster_records.add(&found);
            }
            report.tables.push(TableSummary {
                sheet: sheet.name.clone(),
                range: found.range,
                kind: TableKind::Roster,
            });
            rosters.push(found);
        }
    }
    // With no gazetteer, names are checked against each other: one district spelled two ways.
    if gazetteer.is_none() {
        report
            .findings
            .extend(rules::names::check_consistency(path, &indicators));
    }
    if report.tables.is_empty() {
        return Err(Error::NoTable(path.to_path_buf()));
    }
    // A roster and an indicator table on two sheets of one workbook are one station's.
    report
        .findings
        .extend(compare_staffing(path, &rosters, path, &indicators));
    options.settle(&mut [&mut report.findings]);
    sort_findings(&workbook, &mut report);
    // The normalized data sheets are written only into a corrected workbook.
    if mode == read::ReadMode::Full {
        if !indicators.is_empty() {
            report.data_sheets.push(indicator_records.into_sheet());
        }
        if !roster_records.is_empty() {
            report.data_sheets.push(roster_records.into_sheet());
        }
    }
    Ok(Checked {
        workbook,
        report,
        indicators,
        rosters,
        identity,
        figures,
    })
}

/// Reading order: sheet by sheet as in the workbook, then row, then column, then rule.
fn sort_findings(workbook: &Workbook, report: &mut FileReport) {
    let sheet_index = |name: &str| workbook.sheets.iter().position(|s| s.name == name);
    report.findings.sort_by_key(|f| {
        let cell = f.location.cell;
        (sheet_index(&f.location.sheet), cell.row, cell.col, f.rule)
    });
}

/// X001 for one file's rosters against one file's indicator tables (the same file for two sheets of one workbook).
pub fn compare_staffing(
    roster_path: &Path,
    rosters: &[model::roster::Roster],
    table_path: &Path,
    tables: &[TableFigures],
) -> Vec<findings::Finding> {
    let mut found = Vec::new();
    for roster in rosters {
        for table in tables {
            found.extend(rules::cross_file::staff_counts(
                roster_path,
                roster,
                table_path,
                table,
                None,
            ));
        }
    }
    found
}
