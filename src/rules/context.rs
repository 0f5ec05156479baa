//! What a rule sees of one table: where it is, its cells parsed once, and the
//! corrections earlier rules made (a corrected total feeds the total's rate).

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::rules::cellmap::CellMap;
use crate::rules::rates::RateAgreement;
use crate::rules::totals::Slots;

use rust_decimal::Decimal;

use crate::findings::{Finding, Location};
use crate::model::IndicatorTable;
use crate::normalize::names::Gazetteer;
use crate::normalize::values::{Figure, Rate};
use crate::workbook::{CellRef, Sheet};

pub struct TableContext<'a> {
    pub file: &'a Path,
    pub sheet: &'a Sheet,
    pub table: &'a IndicatorTable,
    /// The station's own gazetteer, if one applies.
    pub gazetteer: Option<&'a Gazetteer>,
    /// Figures of every target, done and count cell that parsed.
    pub figures: CellMap<Figure>,
    /// Rates of every rate cell that parsed.
    pub rates: CellMap<Rate>,
    /// Values corrected by an earlier rule (totals), used instead of what is written.
    pub corrected: FxHashMap<CellRef, Decimal>,
    /// Cells a rule has already explained, so later rules do not pile on.
    pub explained: std::collections::HashSet<CellRef>,
    /// The lines each line is the (sub)total of under the reading the rules
    /// trust: the located [`crate::model::Line::parts`], or the alternative
    /// [`crate::rules::structure`] adopted because the table's figures confirm it.
    pub parts: Vec<Vec<usize>>,
    /// Every line's additive cells by slot, for the total relations.
    pub slots: Slots<'a>,
    /// How each measurement's stated rate compares with its figures as
    /// written, by measurement index (None: no rate, or nothing to compare);
    /// computed once by [`crate::rules::structure`], empty before.
    pub rate_agreement: Vec<Option<RateAgreement>>,
    /// False when no reading of the table is confirmed by its own figures
    /// (H004): the rules then correct nothing in it.
    pub trusted: bool,
    pub findings: Vec<Finding>,
}

impl<'a> TableContext<'a> {
    pub fn new(
        file: &'a Path,
        sheet: &'a Sheet,
        table: &'a IndicatorTable,
        gazetteer: impl Into<Option<&'a Gazetteer>>,
    ) -> Self {
        TableContext {
            file,
            sheet,
            table,
            gazetteer: gazetteer.into(),
            figures: CellMap::new(table.range),
            rates: CellMap::new(table.range),
            corrected: FxHashMap::default(),
            explained: Default::default(),
            parts: table.lines.iter().map(|l| l.parts.clone()).collect(),
            slots: Slots::new(table),
            rate_agreement: Vec::new(),
            trusted: true,
            findings: Vec::new(),
        }
    }

    pub fn location(&self, cell: CellRef) -> Location {
        Location::new(self.file, &self.sheet.name, cell)
    }

    /// The value a cell stands for: its correction if a rule made one, else what is written.
    pub fn value(&self, cell: CellRef) -> Option<Decimal> {
        self.corrected
            .get(&cell)
            .copied()
            .or_else(|| self.figures.get(&cell).map(|f| f.value))
    }

    /// Every figure and rate cell's value, corrections applied (rates as fractions).
    pub fn values(&self) -> CellMap<Decimal> {
        let mut values = CellMap::new(self.table.range);
        for (cell, figure) in self.figures.iter() {
            values.insert(cell, figure.value);
        }
        for (cell, rate) in self.rates.iter() {
            values.insert(cell, rate.fraction);
        }
        for (cell, value) in &self.corrected {
            values.insert(*cell, *value);
        }
        values
    }

    /// Whether a cell is blank or a dash meaning "nothing" (—— - /), as opposed to unreadable.
    pub fn is_missing(&self, cell: CellRef) -> bool {
        matches!(
            crate::normalize::values::parse_figure(self.sheet.get(cell), None),
            crate::normalize::values::Parsed::Missing
        )
    }

    /// The text of a cell as a person reads it in the sheet.
    pub fn written(&self, cell: CellRef) -> String {
        self.sheet.get(cell).to_string()
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}
