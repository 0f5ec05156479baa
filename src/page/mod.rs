//! The office page hedui.html: what it shows, built from a [`Session`] of
//! dropped files. wasm.rs (feature `page`) hands these to page.js unchanged;
//! `cargo xtask page` inlines page.html, page.css, page.js and the wasm into one file.
//!
//! Everything here is plain Rust returning JSON text or file bytes, so it is
//! tested natively like the rest of the library.

#[cfg(feature = "page")]
mod wasm;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::batch::Session;
use crate::codes::{Rule, Severity};
use crate::error::Error;
use crate::findings::Action;
use crate::model::Entity;
use crate::normalize::values::{format_percent, parse_rate, Parsed};
use crate::report::{corrected, json, summary};
use crate::workbook::{CellRef, Value, Workbook};
use crate::{Lang, Options};

/// The page's files, checked: a [`Session`] and what the page asks of it.
pub struct Page {
    session: Session,
}

impl Default for Page {
    /// The CLI's defaults, keeping every table's figures in long form for
    /// 汇总.xlsx's city sheets, as `hedui fix` on several files does.
    fn default() -> Self {
        Page::new(Options {
            figures: true,
            ..Options::default()
        })
    }
}

impl Page {
    pub fn new(options: Options) -> Page {
        Page {
            session: Session::new(options),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Reads and checks one dropped file (its name as the browser gives it,
    /// with the folder it was dropped in, if any).
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.session.add(Path::new(name), bytes);
    }

    /// A file the browser could not read: shown with `reason`.
    pub fn add_unreadable(&mut self, name: &str, reason: &str) {
        self.session
            .add_error(Error::Corrupt(PathBuf::from(name), reason.to_string()));
    }

    /// The rules that compare files; once every file is in.
    pub fn compare(&mut self) {
        self.session.compare();
    }

    /// The JSON report, as `hedui check --format json` writes it for the same files.
    pub fn json(&self, lang: Lang) -> String {
        json::render_from(self.session.entries().map(|e| e.result), lang)
    }

    /// The sheet around one cell of one file, as a grid of the values shown.
    pub fn grid(&self, file: usize, sheet: &str, cell: &str, related: &[&str]) -> Option<Grid> {
        let workbook = self.session.entry(file)?.workbook?;
        grid(workbook, sheet, cell, related)
    }

    /// The corrected workbook of one file, as `hedui fix` writes it.
    pub fn corrected(&self, file: usize, lang: Lang) -> Result<Vec<u8>, Error> {
        let entry = self.session.entry(file).ok_or_else(|| no_file(file))?;
        let report = entry.result.map_err(|e| copy_error(e, lang))?;
        let workbook = entry.workbook.ok_or_else(|| no_file(file))?;
        corrected::to_bytes(workbook, report, None, lang)
    }

    /// The file name of one file's corrected workbook (`2024-05.xls` → `2024-05.xlsx`).
    pub fn corrected_name(&self, file: usize) -> String {
        self.session
            .output_names()
            .get(file)
            .cloned()
            .flatten()
            .map(|p| slash_path(&p))
            .unwrap_or_else(|| "hedui.xlsx".to_string())
    }

    /// A zip of every corrected workbook, the summary 汇总.xlsx (and 汇总.json),
    /// and the JSON report hedui.json: what `hedui fix` writes to a folder.
    pub fn zip(&self, lang: Lang) -> Result<Vec<u8>, Error> {
        let names = self.session.output_names();
        let zip_error =
            |e: &dyn std::fmt::Display| Error::Write(PathBuf::from("hedui.zip"), e.to_string());
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, bytes: &[u8]| -> Result<(), Error> {
            zip.start_file(name, options).map_err(|e| zip_error(&e))?;
            zip.write_all(bytes).map_err(|e| zip_error(&e))
        };
        let mut written = vec![None; names.len()];
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            // A file that fails here keeps its place in the summary, unlinked.
            if let Ok(bytes) = self.corrected(i, lang) {
                add(&slash_path(name), &bytes)?;
                written[i] = Some(name.clone());
            }
        }
        let rows = self
            .session
            .entries()
            .zip(&written)
            .map(|(e, out)| summary::Row {
                path: &e.input.path,
                identity: e.identity,
                output: out.as_deref(),
                result: e.result,
                stale: None,
                figures: e.figures,
            });
        let summary = summary::build_from(rows, None, lang);
        let book = summary::to_bytes(&summary, lang).map_err(|e| zip_error(&e))?;
        add("汇总.xlsx", &book)?;
        add("汇总.json", summary::to_json(&summary).as_bytes())?;
        add("hedui.json", self.json(lang).as_bytes())?;
        let cursor = zip.finish().map_err(|e| zip_error(&e))?;
        Ok(cursor.into_inner())
    }

    /// The printable summary: one group per station and period.
    pub fn printable(&self, lang: Lang) -> Vec<Group> {
        printable(&self.session, lang)
    }
}

fn no_file(file: usize) -> Error {
    Error::NotFound(PathBuf::from(format!("#{file}")))
}

/// The same error again, for a second caller (errors are not Clone: they may hold an io::Error).
fn copy_error(error: &Error, lang: Lang) -> Error {
    Error::Corrupt(error.path().clone(), error.message(lang))
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// What the page writes beside the library's own texts: the labels of
/// severities and actions, and every rule's one-line summary, in `lang`.
pub fn labels(lang: Lang) -> String {
    let severity: BTreeMap<&str, &str> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| (s.as_str(), s.label(lang)))
        .collect();
    let action: BTreeMap<&str, &str> = [Action::Corrected, Action::Flagged, Action::None]
        .into_iter()
        .map(|a| (a.as_str(), a.label(lang)))
        .collect();
    let rules: BTreeMap<&str, &str> = Rule::ALL
        .iter()
        .map(|r| (r.code(), r.summary(lang)))
        .collect();
    serde_json::json!({ "severity": severity, "action": action, "rules": rules }).to_string()
}

/// A cell written as A1 (`C5`, `AA10`), back to its position.
pub fn parse_a1(text: &str) -> Option<CellRef> {
    let text = text.trim().trim_start_matches('$');
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.trim_end_matches('$').chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1 && col >= 1).then(|| CellRef::new(row - 1, col - 1))
}

/// A window of a sheet: rows and columns from the first to the last, each
/// cell's value as the sheet shows it (a merged region's value in each of its cells).
#[derive(Debug, Serialize, PartialEq)]
pub struct Grid {
    pub sheet: String,
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u32,
    pub last_col: u32,
    pub col_names: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Rows and columns shown around the cell, and at most this many of each.
const AROUND_ROWS: u32 = 6;
const AROUND_COLS: u32 = 4;
const MAX_ROWS: u32 = 40;
const MAX_COLS: u32 = 16;

/// The sheet around `cell`, widened to take in the related cells where the window allows.
pub fn grid(workbook: &Workbook, sheet: &str, cell: &str, related: &[&str]) -> Option<Grid> {
    let sheet = workbook.sheet(sheet)?;
    let at = parse_a1(cell)?;
    let mut rows = (at.row.saturating_sub(AROUND_ROWS), at.row + AROUND_ROWS);
    let mut cols = (at.col.saturating_sub(AROUND_COLS), at.col + AROUND_COLS);
    for other in related.iter().filter_map(|r| parse_a1(r)) {
        let widened = (
            (rows.0.min(other.row), rows.1.max(other.row)),
            (cols.0.min(other.col), cols.1.max(other.col)),
        );
        if widened.0 .1 - widened.0 .0 < MAX_ROWS && widened.1 .1 - widened.1 .0 < MAX_COLS {
            (rows, cols) = widened;
        }
    }
    // Within the sheet's used area, but always the cell itself.
    let height = sheet.cells().map(|(c, _)| c.row + 1).max().unwrap_or(0);
    let width = sheet.cells().map(|(c, _)| c.col + 1).max().unwrap_or(0);
    rows.1 = rows.1.min(height.saturating_sub(1)).max(at.row);
    cols.1 = cols.1.min(width.saturating_sub(1)).max(at.col);
    let values = (rows.0..=rows.1)
        .map(|row| {
            (cols.0..=cols.1)
                .map(|col| shown(sheet, CellRef::new(row, col)))
                .collect()
        })
        .collect();
    Some(Grid {
        sheet: sheet.name.clone(),
        first_row: rows.0,
        last_row: rows.1,
        first_col: cols.0,
        last_col: cols.1,
        col_names: (cols.0..=cols.1).map(CellRef::col_letters).collect(),
        rows: values,
    })
}

/// A cell's value as a person reads it: a rate in its percent format as a percentage.
fn shown(sheet: &crate::workbook::Sheet, cell: CellRef) -> String {
    let value = sheet.shown(cell);
    let format = sheet.number_format(cell);
    if format.is_some_and(|f| f.contains('%')) {
        if let Parsed::Ok(rate) = parse_rate(value, format) {
            return format_percent(rate.fraction, rate.percent_decimals);
        }
    }
    value.to_string()
}

/// One station and period of the printable summary.
#[derive(Debug, Serialize, PartialEq)]
pub struct Group {
    pub station: Option<String>,
    pub period: Option<String>,
    pub files: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    /// Findings by rule, most first.
    pub rules: Vec<RuleCount>,
    /// Each indicator's completion rate on the table's total line (or its
    /// station line), as stated and as hedui's check recomputed it.
    pub indicators: Vec<Rate>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: &'static str,
    pub summary: &'static str,
    pub count: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Rate {
    pub sheet: String,
    pub indicator: String,
    /// As fractions (1 is 100%), for the chart's bars.
    pub stated: Option<f64>,
    pub recomputed: Option<f64>,
    pub stated_text: Option<String>,
    pub recomputed_text: Option<String>,
    /// Whether the two differ as shown (two decimals of a percentage).
    pub differs: bool,
}

fn printable(session: &Session, lang: Lang) -> Vec<Group> {
    let mut groups: BTreeMap<(Option<String>, Option<String>), Group> = BTreeMap::new();
    for entry in session.entries() {
        let station = entry.identity.station.as_ref().map(|s| s.value.clone());
        let period = entry
            .identity
            .period
            .as_ref()
            .map(|p| format!("{}-{:02}", p.value.year, p.value.month));
        let group = groups
            .entry((station.clone(), period.clone()))
            .or_insert_with(|| Group {
                station,
                period,
                files: Vec::new(),
                errors: 0,
                warnings: 0,
                rules: Vec::new(),
                indicators: Vec::new(),
            });
        group.files.push(slash_path(&entry.input.path));
        let Ok(report) = entry.result else { continue };
        for finding in &report.findings {
            match finding.severity() {
                Severity::Error => group.errors += 1,
                Severity::Warning => group.warnings += 1,
                Severity::Info => {}
            }
            match group
                .rules
                .iter_mut()
                .find(|r| r.rule == finding.rule.code())
            {
                Some(count) => count.count += 1,
                None => group.rules.push(RuleCount {
                    rule: finding.rule.code(),
                    severity: finding.severity().as_str(),
                    summary: finding.rule.summary(lang),
                    count: 1,
                }),
            }
        }
        if let Some(workbook) = entry.workbook {
            group
                .indicators
                .extend(rates(workbook, entry.tables, &report.findings));
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for group in &mut groups {
        group
            .rules
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    }
    groups
}

/// The completion rates of each table's total line (or, lacking one, its
/// station line): as the cell states it, and as hedui's check recomputed it
/// (the expected value of a finding on the cell, else the value the corrected
/// workbook holds, which the check confirmed). Never a plain done ÷ target
/// of its own: the check reads units and scales (元 against 万元) that a bare
/// division would not.
fn rates(
    workbook: &Workbook,
    tables: &[crate::TableFigures],
    findings: &[crate::findings::Finding],
) -> Vec<Rate> {
    let mut out = Vec::new();
    for figures in tables {
        let table = &figures.table;
        let Some(sheet) = workbook.sheet(&table.sheet) else {
            continue;
        };
        let has_total = table.lines.iter().any(|l| l.entity == Entity::Total);
        let wanted = if has_total {
            Entity::Total
        } else {
            Entity::Station
        };
        for m in &table.measurements {
            if table.line(m).entity != wanted {
                continue;
            }
            let Some(cell) = m.rate else { continue };
            let stated = match parse_rate(sheet.get(cell), sheet.number_format(cell)) {
                Parsed::Ok(rate) => Some((rate.fraction, rate.percent_decimals)),
                _ => None,
            };
            let expected = findings
                .iter()
                .filter(|f| f.location.sheet == table.sheet && f.location.cell == cell)
                .filter_map(|f| f.expected.as_deref())
                .find_map(
                    |text| match parse_rate(&Value::Text(text.to_string()), None) {
                        Parsed::Ok(rate) => Some(rate.fraction),
                        _ => None,
                    },
                );
            let recomputed = expected.or_else(|| figures.values.get(&cell).copied());
            let decimals = stated.map_or(2, |(_, d)| d);
            let text = |v: Decimal| format_percent(v, decimals);
            let stated_text = stated.map(|(v, _)| text(v));
            let recomputed_text = recomputed.map(text);
            out.push(Rate {
                sheet: table.sheet.clone(),
                indicator: m.indicator.to_string(),
                stated: stated.map(|(v, _)| to_f64(v)),
                recomputed: recomputed.map(to_f64),
                differs: stated_text.is_some()
                    && recomputed_text.is_some()
                    && stated_text != recomputed_text,
                stated_text,
                recomputed_text,
            });
        }
    }
    out
}

/// A rate as the chart draws it: only its bar's length, never arithmetic.
fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests;
