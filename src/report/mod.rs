//! What a run produces for each file, and the ways it is shown: the terminal,
//! the JSON report, and the corrected workbook with its audit sheet.

pub mod corrected;
pub mod json;
pub mod summary;
pub mod terminal;

/// The corrected workbook's former module name, kept so callers of
/// `report::workbook::write` still build.
pub use corrected as workbook;

use std::path::PathBuf;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::findings::Finding;
use crate::workbook::CellRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Indicators,
    Roster,
}

/// A table found in a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSummary {
    pub sheet: String,
    #[serde(serialize_with = "serialize_range")]
    pub range: CellRange,
    pub kind: TableKind,
}

fn serialize_range<S: serde::Serializer>(range: &CellRange, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&range.to_string())
}

/// A cell of a normalized data sheet. Text is shared (`Arc<str>`): a long
/// form repeats its sheet, district and indicator names on every row, and a
/// 2-million-cell sheet gives some 700,000 rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    Empty,
    Text(std::sync::Arc<str>),
    Number(Decimal),
    /// A rate, shown as a percentage.
    Percent(Decimal),
}

/// A sheet of normalized data in long form (规范化数据), one record a row.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Datum>>,
}

/// Everything one file's check produced.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub tables: Vec<TableSummary>,
    pub findings: Vec<Finding>,
    pub data_sheets: Vec<DataSheet>,
    /// Sheets hedui itself wrote into the file (a corrected workbook's
    /// 规范化数据 and 核对结果), left out of the check.
    pub generated_sheets: Vec<String>,
}
