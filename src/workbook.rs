//! The one in-memory model every stage after `read` sees: sheets of cells with
//! their values, formulas, number formats and merged regions, whatever the file format.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A cell's value as the file stores it.
///
/// Numbers stay `f64` here only because that is what the file holds; every
/// figure is converted to `rust_decimal` (see `values`) before any arithmetic.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel date serial number (days since 1899-12-30).
    Date(f64),
    /// An error value such as `#DIV/0!`, as written.
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// The value as a person would read it in the cell (numbers in their shortest exact form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => Ok(()),
            Value::Number(n) | Value::Date(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
            Value::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Value::Error(e) => f.write_str(e),
        }
    }
}

/// A zero-based cell position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl std::hash::Hash for CellRef {
    /// One write instead of two: cells are the keys of every per-cell map, and
    /// on a big sheet hashing them is a visible part of the run.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.row) << 32 | u64::from(self.col));
    }
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
    pub fn col_letters(col: u32) -> String {
        let mut n = col + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            letters.push(b'A' + rem);
            n = (n - 1) / 26;
        }
        letters.reverse();
        String::from_utf8(letters).unwrap_or_default()
    }

    pub fn a1(&self) -> String {
        format!("{}{}", Self::col_letters(self.col), self.row + 1)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.a1())
    }
}

/// An inclusive rectangle of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRange {
    pub first: CellRef,
    pub last: CellRef,
}

impl CellRange {
    pub fn new(first: CellRef, last: CellRef) -> Self {
        CellRange { first, last }
    }

    pub fn contains(&self, cell: CellRef) -> bool {
        (self.first.row..=self.last.row).contains(&cell.row)
            && (self.first.col..=self.last.col).contains(&cell.col)
    }

    pub fn is_single_cell(&self) -> bool {
        self.first == self.last
    }
}

impl fmt::Display for CellRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.first, self.last)
    }
}

/// The format a workbook was read from, decided by content, not by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    /// An HTML page's tables (what web systems export as .xls).
    Html,
    /// "XML Spreadsheet 2003", saved as .xls by WPS and older systems.
    #[serde(rename = "spreadsheetml")]
    SpreadsheetMl,
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// Rows and columns of the dense grid, counted from A1.
    pub height: u32,
    pub width: u32,
    values: Vec<Value>,
    /// Formulas by cell, without the leading `=`.
    pub formulas: HashMap<CellRef, String>,
    /// Number format codes, where the format exposes them (xlsx, ods,
    /// SpreadsheetML): the sheet's few distinct codes, and per cell of the
    /// grid an index into them plus one (0: none). Dense like `values`: every
    /// figure parsed looks its cell's format up, and a hash map of a million
    /// cells cost more than the parse.
    format_codes: Vec<Arc<str>>,
    /// Empty until the first format is set.
    format_ids: Vec<u32>,
    pub merges: Vec<CellRange>,
    /// The workbook's cell-style palette, which `style_ids` index: read from
    /// xlsx in `ReadMode::Full` only (for the corrected workbook), else empty.
    pub styles: Arc<Vec<calamine::Style>>,
    /// Palette ids of the cells whose style is not the default (id 0).
    pub style_ids: HashMap<CellRef, u32>,
    /// How the sheet is laid out and printed, where the file says (xlsx, ods).
    pub layout: Layout,
}

/// A sheet's layout and page setup as the input file gives them; what the
/// file does not say is None (or empty), and the writer then decides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Column widths in Excel's stored character units (as in `<col width>`),
    /// by inclusive zero-based column span.
    pub col_widths: Vec<(u32, u32, f64)>,
    pub hidden_cols: Vec<(u32, u32)>,
    /// Row heights in points, by zero-based row.
    pub row_heights: HashMap<u32, f64>,
    pub hidden_rows: Vec<u32>,
    pub default_row_height: Option<f64>,
    /// The default column width in stored character units.
    pub default_col_width: Option<f64>,
    pub print_area: Option<CellRange>,
    /// Rows printed on every page (inclusive, zero-based).
    pub repeat_rows: Option<(u32, u32)>,
    pub repeat_cols: Option<(u32, u32)>,
    pub page: PageSetup,
}

/// The page setup of a sheet, each field where the file gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSetup {
    pub landscape: Option<bool>,
    /// Excel's paper code (9 = A4).
    pub paper_size: Option<u8>,
    /// Printed scale in percent.
    pub scale: Option<u16>,
    /// Fit to this many pages wide and tall (0 = as many as needed), when the sheet fits to pages.
    pub fit_to: Option<(u16, u16)>,
    /// Margins in inches: left, right, top, bottom, header, footer.
    pub margins: Option<[f64; 6]>,
    pub center_horizontally: bool,
    pub center_vertically: bool,
    pub gridlines: bool,
}

impl Layout {
    /// True when the file gave any column width: the writer then keeps the input's widths.
    pub fn has_widths(&self) -> bool {
        !self.col_widths.is_empty() || self.default_col_width.is_some()
    }
}

impl Sheet {
    pub fn new(name: impl Into<String>, height: u32, width: u32) -> Self {
        Sheet {
            name: name.into(),
            height,
            width,
            values: vec![Value::Empty; height as usize * width as usize],
            ..Default::default()
        }
    }

    pub fn get(&self, cell: CellRef) -> &Value {
        static EMPTY: Value = Value::Empty;
        if cell.row >= self.height || cell.col >= self.width {
            return &EMPTY;
        }
        &self.values[cell.row as usize * self.width as usize + cell.col as usize]
    }

    pub fn at(&self, row: u32, col: u32) -> &Value {
        self.get(CellRef::new(row, col))
    }

    /// Sets a value, growing the grid when the cell lies outside it.
    pub fn set(&mut self, cell: CellRef, value: Value) {
        if cell.row >= self.height || cell.col >= self.width {
            self.grow(cell.row + 1, cell.col + 1);
        }
        let width = self.width as usize;
        self.values[cell.row as usize * width + cell.col as usize] = value;
    }

    fn grow(&mut self, height: u32, width: u32) {
        let (height, width) = (height.max(self.height), width.max(self.width));
        let mut values = vec![Value::Empty; height as usize * width as usize];
        let mut format_ids = if self.format_ids.is_empty() {
            Vec::new()
        } else {
            vec![0; values.len()]
        };
        for row in 0..self.height as usize {
            for col in 0..self.width as usize {
                let (old, new) = (row * self.width as usize + col, row * width as usize + col);
                values[new] = std::mem::take(&mut self.values[old]);
                if let Some(id) = format_ids.get_mut(new) {
                    *id = self.format_ids[old];
                }
            }
        }
        self.values = values;
        self.format_ids = format_ids;
        self.height = height;
        self.width = width;
    }

    /// The same sheet with only columns `first..=last` kept (everything else
    /// blank), at the same coordinates: one of several tables side by side.
    pub fn columns(&self, first: u32, last: u32) -> Sheet {
        let inside = |cell: &CellRef| (first..=last).contains(&cell.col);
        let width = self.width.min(last + 1);
        let mut pane = Sheet {
            name: self.name.clone(),
            height: self.height,
            width,
            values: vec![Value::Empty; self.height as usize * width as usize],
            formulas: self
                .formulas
                .iter()
                .filter(|(c, _)| inside(c))
                .map(|(c, f)| (*c, f.clone()))
                .collect(),
            format_codes: self.format_codes.clone(),
            format_ids: Vec::new(),
            merges: self
                .merges
                .iter()
                .filter(|m| inside(&m.first) && inside(&m.last))
                .copied()
                .collect(),
            styles: Arc::clone(&self.styles),
            style_ids: self
                .style_ids
                .iter()
                .filter(|(c, _)| inside(c))
                .map(|(c, s)| (*c, *s))
                .collect(),
            layout: self.layout.clone(),
        };
        for row in 0..self.height {
            for col in first..width {
                let cell = CellRef::new(row, col);
                pane.values[row as usize * width as usize + col as usize] = self.get(cell).clone();
                if let Some(id) = self.format_id(cell) {
                    pane.set_format_id(cell, id);
                }
            }
        }
        pane
    }

    /// The merged region a cell belongs to, if any.
    pub fn merge_at(&self, cell: CellRef) -> Option<&CellRange> {
        self.merges.iter().find(|m| m.contains(cell))
    }

    /// The value shown at a cell: for a cell inside a merged region, the
    /// value of the region's top-left cell.
    pub fn shown(&self, cell: CellRef) -> &Value {
        match self.merge_at(cell) {
            Some(m) => self.get(m.first),
            None => self.get(cell),
        }
    }

    pub fn formula(&self, cell: CellRef) -> Option<&str> {
        self.formulas.get(&cell).map(String::as_str)
    }

    /// The input style of a cell, when it has one other than the default.
    pub fn style(&self, cell: CellRef) -> Option<&calamine::Style> {
        let id = *self.style_ids.get(&cell)?;
        self.styles.get(id as usize)
    }

    pub fn number_format(&self, cell: CellRef) -> Option<&str> {
        let id = self.format_id(cell)?;
        self.format_codes.get(id as usize - 1).map(|code| &**code)
    }

    /// The index (from 1) of a cell's number format among the sheet's codes.
    fn format_id(&self, cell: CellRef) -> Option<u32> {
        if cell.row >= self.height || cell.col >= self.width {
            return None;
        }
        let at = cell.row as usize * self.width as usize + cell.col as usize;
        self.format_ids.get(at).copied().filter(|&id| id != 0)
    }

    /// The id that [`Sheet::set_format_id`] takes for a number format code,
    /// adding the code to the sheet's codes the first time it is seen.
    pub fn format_code_id(&mut self, code: Arc<str>) -> u32 {
        let known = self
            .format_codes
            .iter()
            .position(|c| Arc::ptr_eq(c, &code) || *c == code);
        let index = known.unwrap_or_else(|| {
            self.format_codes.push(code);
            self.format_codes.len() - 1
        });
        index as u32 + 1
    }

    /// Gives a cell the number format of an id from [`Sheet::format_code_id`],
    /// growing the grid when the cell lies outside it.
    pub fn set_format_id(&mut self, cell: CellRef, id: u32) {
        if cell.row >= self.height || cell.col >= self.width {
            self.grow(cell.row + 1, cell.col + 1);
        }
        if self.format_ids.is_empty() {
            self.format_ids = vec![0; self.values.len()];
        }
        self.format_ids[cell.row as usize * self.width as usize + cell.col as usize] = id;
    }

    /// The number format codes some cell of the sheet has, each once.
    pub fn number_format_codes(&self) -> impl Iterator<Item = &str> {
        let mut used = vec![false; self.format_codes.len()];
        for &id in &self.format_ids {
            if id != 0 {
                used[id as usize - 1] = true;
            }
        }
        self.format_codes
            .iter()
            .zip(used)
            .filter(|(_, used)| *used)
            .map(|(code, _)| &**code)
    }

    /// Gives a cell a number format code.
    pub fn set_number_format(&mut self, cell: CellRef, code: impl Into<Arc<str>>) {
        let id = self.format_code_id(code.into());
        self.set_format_id(cell, id);
    }

    /// Every non-empty cell with its position, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (CellRef, &Value)> {
        let width = self.width.max(1) as usize;
        self.values
            .iter()
            .enumerate()
            .filter(|(_, v)| !matches!(v, Value::Empty))
            .map(move |(i, v)| (CellRef::new((i / width) as u32, (i % width) as u32), v))
    }

    /// A sheet from rows of text, for tests: "" is an empty cell, and a
    /// number-looking "1" stays text (as a roster's typed ticks do).
    #[cfg(test)]
    pub(crate) fn of_texts(name: &str, rows: &[&[&str]]) -> Sheet {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32;
        let mut sheet = Sheet::new(name, rows.len() as u32, width);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.set(
                        CellRef::new(r as u32, c as u32),
                        Value::Text(text.to_string()),
                    );
                }
            }
        }
        sheet
    }

    /// A sheet from rows of text, for tests of tables: "" is an empty cell,
    /// a number-looking text a number cell (unless it starts with "+").
    #[cfg(test)]
    pub(crate) fn of_rows(name: &str, rows: &[&[&str]]) -> Sheet {
        let mut sheet = Sheet::of_texts(name, rows);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if let (false, Ok(n)) = (text.starts_with('+'), text.parse::<f64>()) {
                    sheet.set(CellRef::new(r as u32, c as u32), Value::Number(n));
                }
            }
        }
        sheet
    }

    pub fn is_blank(&self) -> bool {
        self.values.iter().all(Value::is_empty)
    }
}

#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// Sheets hedui itself added to a corrected workbook (规范化数据, 核对结果…),
    /// left out of `sheets` so that a corrected workbook is checked as its input was.
    pub generated: Vec<String>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(CellRef::new(0, 0).a1(), "A1");
        assert_eq!(CellRef::new(6, 25).a1(), "Z7");
        assert_eq!(CellRef::new(9, 26).a1(), "AA10");
        assert_eq!(CellRef::new(0, 701).a1(), "ZZ1");
        assert_eq!(CellRef::new(0, 702).a1(), "AAA1");
    }

    #[test]
    fn merged_cells_show_their_anchor() {
        let mut sheet = Sheet::new("s", 3, 3);
        sheet.set(CellRef::new(0, 0), Value::Text("电访".into()));
        sheet
            .merges
            .push(CellRange::new(CellRef::new(0, 0), CellRef::new(0, 2)));
        assert_eq!(sheet.shown(CellRef::new(0, 2)).as_text(), Some("电访"));
        assert!(sheet.get(CellRef::new(0, 2)).is_empty());
    }

    #[test]
    fn set_grows_the_grid_and_keeps_values() {
        let mut sheet = Sheet::new("s", 1, 1);
        sheet.set(CellRef::new(0, 0), Value::Number(1.0));
        sheet.set(CellRef::new(2, 3), Value::Number(2.0));
        assert_eq!(sheet.at(0, 0), &Value::Number(1.0));
        assert_eq!(sheet.at(2, 3), &Value::Number(2.0));
        assert_eq!((sheet.height, sheet.width), (3, 4));
    }

    #[test]
    fn number_formats_follow_their_cells_through_growth_and_panes() {
        let mut sheet = Sheet::new("s", 2, 2);
        let percent: Arc<str> = Arc::from("0.00%");
        sheet.set_number_format(CellRef::new(1, 1), Arc::clone(&percent));
        sheet.set_number_format(CellRef::new(0, 0), "#,##0");
        // A code seen again is the same id; a cell outside the grid grows it.
        sheet.set_number_format(CellRef::new(3, 4), Arc::from("0.00%"));
        assert_eq!(sheet.number_format(CellRef::new(1, 1)), Some("0.00%"));
        assert_eq!(sheet.number_format(CellRef::new(0, 0)), Some("#,##0"));
        assert_eq!(sheet.number_format(CellRef::new(3, 4)), Some("0.00%"));
        assert_eq!(sheet.number_format(CellRef::new(0, 1)), None);
        assert_eq!(sheet.number_format(CellRef::new(9, 9)), None);
        sheet.set(CellRef::new(5, 6), Value::Number(1.0));
        assert_eq!(sheet.number_format(CellRef::new(1, 1)), Some("0.00%"));
        let codes: Vec<&str> = sheet.number_format_codes().collect();
        assert_eq!(codes, ["0.00%", "#,##0"]);
        // A pane keeps the formats of its own columns only.
        let pane = sheet.columns(1, 4);
        assert_eq!(pane.number_format(CellRef::new(1, 1)), Some("0.00%"));
        assert_eq!(pane.number_format(CellRef::new(3, 4)), Some("0.00%"));
        assert_eq!(pane.number_format(CellRef::new(0, 0)), None);
        assert_eq!(pane.number_format_codes().collect::<Vec<_>>(), ["0.00%"]);
    }
}
