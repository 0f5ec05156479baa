//! What a rule sees of one table: where it is, its cells parsed once, and the
//! corrections earlier rules made (a corrected total feeds the total's rate).

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::findings::{Finding, Location};
use crate::model::IndicatorTable;
use crate::names::Gazetteer;
use crate::values::{Figure, Rate};
use crate::workbook::{CellRef, Sheet};

pub struct TableContext<'a> {
    pub file: &'a Path,
    pub sheet: &'a Sheet,
    pub table: &'a IndicatorTable,
    pub gazetteer: &'a Gazetteer,
    /// Figures of every target, done and count cell that parsed.
    pub figures: HashMap<CellRef, Figure>,
    /// Rates of every rate cell that parsed.
    pub rates: HashMap<CellRef, Rate>,
    /// Values corrected by an earlier rule (totals), used instead of what is written.
    pub corrected: HashMap<CellRef, Decimal>,
    /// Cells a rule has already explained, so later rules do not pile on.
    pub explained: std::collections::HashSet<CellRef>,
    pub findings: Vec<Finding>,
}

impl<'a> TableContext<'a> {
    pub fn new(
        file: &'a Path,
        sheet: &'a Sheet,
        table: &'a IndicatorTable,
        gazetteer: &'a Gazetteer,
    ) -> Self {
        TableContext {
            file,
            sheet,
            table,
            gazetteer,
            figures: HashMap::new(),
            rates: HashMap::new(),
            corrected: HashMap::new(),
            explained: Default::default(),
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
    pub fn values(&self) -> HashMap<CellRef, Decimal> {
        let mut values: HashMap<CellRef, Decimal> =
            self.figures.iter().map(|(c, f)| (*c, f.value)).collect();
        values.extend(self.rates.iter().map(|(c, r)| (*c, r.fraction)));
        values.extend(self.corrected.iter().map(|(c, v)| (*c, *v)));
        values
    }

    /// The text of a cell as a person reads it in the sheet.
    pub fn written(&self, cell: CellRef) -> String {
        self.sheet.get(cell).to_string()
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}
