//! The normalized tables that checks run on: which cell holds which figure
//! of which indicator for which district, whatever the layout on the sheet.

use std::sync::Arc;

use serde::Serialize;

use crate::normalize::vocab::{Matched, MeasureHeader};
use crate::workbook::{CellRange, CellRef};

/// Who a line of figures belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// A service district, by number (片区1 → 1).
    District(u32),
    /// A label that names no known district form; still summed into the total.
    Unrecognized(String),
    /// The grand total row (合计 / 总计 / 总体). X001 and the period rules
    /// look for it; its parts are the sub-totals where the table has any.
    Total,
    /// A sub-total row (一片区小计, 小计), with its label as written. Its parts
    /// are the ordinary lines of its 片区: the rows beside the merged 片区
    /// cell, or the ordinary lines since the previous sub-total.
    Subtotal(String),
    /// Station-wide figures with no district (indicators listed down the rows).
    Station,
}

/// A district, total or station line, with the cell that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub entity: Entity,
    /// The label as written (for a transposed table, the column header).
    pub label: String,
    pub label_cell: Option<CellRef>,
    /// The lines this line is the (sub)total of, in order; empty for an
    /// ordinary line. A 小计 sums its districts or communities, a 总计 its
    /// 小计s (or every ordinary line where there are none).
    pub parts: Vec<usize>,
}

/// The cells holding one indicator's figures for one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Index into `IndicatorTable::lines`.
    pub line: usize,
    /// The measurement's identity within its table, unique per group header
    /// cell and unit: the canonical name with its unit where that is unique
    /// ("专业小组·人次"), else the label as written with its bracketed
    /// qualifier ("大型社区活动(场)"). Totals and rates group by it.
    pub indicator: Arc<str>,
    /// The dictionary name with its unit ("大型社区活动·人次") when the label is a
    /// known indicator: what files and periods are compared by. None for a
    /// label the dictionary does not know; every rule still runs on it.
    pub canonical: Option<Arc<str>>,
    /// The unit the headers name (协议人次 → 人次, 大型社区活动（场） → 场) or a
    /// 单位 column gives for the row (小时, 元), as written; None where none
    /// is named. What may be fractional (hours, money) is decided from it.
    pub unit: Option<Arc<str>>,
    pub target: Option<CellRef>,
    pub done: Option<CellRef>,
    pub rate: Option<CellRef>,
    /// A single figure with no target (投入社工人数).
    pub count: Option<CellRef>,
    /// Period figures (一季度…四季度, 1月…12月) whose sum is `done` (the 累计 cell).
    pub periods: Vec<CellRef>,
}

impl Measurement {
    /// The cells holding additive figures (everything but the rate).
    pub fn additive_cells(&self) -> impl Iterator<Item = (Role, CellRef)> + '_ {
        [
            (Role::Target, self.target),
            (Role::Done, self.done),
            (Role::Count, self.count),
        ]
        .into_iter()
        .filter_map(|(role, cell)| cell.map(|c| (role, c)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Target,
    Done,
    Rate,
    Count,
}

/// How a header cell was recognised, kept for the header rules.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderKind {
    Measure(Matched<MeasureHeader>),
    Indicator(Matched<&'static str>),
    /// The label column's header (服务片区, 协议内容).
    Label,
    /// A district or total used as a column group (transposed tables).
    Line,
    /// A title-like band row spanning the table (ignored, not an error).
    Banner,
    /// A word the dictionary does not know, whose role the table's structure
    /// settles (a group over figure columns, a column whose figures are a
    /// ratio of its neighbours): kept as written, noted as info (H005).
    Structural,
    /// A period column (一季度, Q2, 6月) summed into the 累计 column.
    Period,
    /// A column of words (单位, 备注, 说明): never figures.
    Text,
    /// A header nothing explains (H001). Locate no longer produces it for a
    /// word over figures: the structure settles those (`Structural`).
    Unmatched,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCell {
    pub cell: CellRef,
    pub raw: String,
    pub normalized: String,
    pub kind: HeaderKind,
}

/// How the table is laid out on its sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Districts down the rows, indicators across (the usual 附件1).
    DistrictRows,
    /// Indicators down the rows, districts across.
    Transposed,
    /// Indicators down the rows for the whole station (no districts).
    StationRows,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTable {
    pub sheet: String,
    pub range: CellRange,
    pub layout: Layout,
    pub headers: Vec<HeaderCell>,
    pub lines: Vec<Line>,
    pub measurements: Vec<Measurement>,
}

impl IndicatorTable {
    pub fn line(&self, m: &Measurement) -> &Line {
        &self.lines[m.line]
    }
}

/// A total line sums every district and unrecognized line: the reading of a
/// table with one total and no sub-totals. A table with sub-totals fills
/// `parts` itself (see [`Entity::Subtotal`]).
pub fn sum_all_lines_into_totals(lines: &mut [Line]) {
    let ordinary: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.entity, Entity::District(_) | Entity::Unrecognized(_)))
        .map(|(i, _)| i)
        .collect();
    for line in lines.iter_mut() {
        if line.entity == Entity::Total {
            line.parts = ordinary.clone();
        }
    }
}
