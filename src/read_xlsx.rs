//! One pass over an xlsx sheet's XML for its values and number formats,
//! straight into the dense grid, without calamine's intermediate `Range`.
//!
//! Reading values, formulas and styles separately parses the sheet three
//! times and holds two copies of its cells; on a city batch or a sheet of a
//! million cells that is most of the run. Formulas take a second pass only
//! when they are wanted: always in `ReadMode::Full` (the corrected workbook
//! keeps them), and in `ReadMode::Check` only for a sheet with a cell that
//! has no cached value, which is the one case a check needs them for (V008).

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};

use crate::error::Error;
use crate::read::{Limits, ReadMode};
use crate::workbook::{CellRef, Sheet, Value};

/// Reads sheet `name` of `book`: values, number formats and, as `mode` asks, formulas.
pub(crate) fn load_sheet<RS: Read + Seek>(
    path: &Path,
    book: &mut Xlsx<RS>,
    name: &str,
    limits: Limits,
    mode: ReadMode,
) -> Result<Sheet, Error> {
    let corrupt =
        |e: &dyn std::fmt::Display| Error::Corrupt(path.to_path_buf(), format!("{name}: {e}"));
    let too_large = |cells: u64| {
        Error::TooLarge(
            path.to_path_buf(),
            format!("{name}: {cells} cells > {}", limits.max_cells),
        )
    };
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| corrupt(&e))?;
    // Number format per style id, computed once: most cells share a handful of styles.
    let formats: Vec<Option<String>> = reader
        .styles()
        .iter()
        .map(|style| {
            style
                .number_format
                .as_ref()
                .map(|f| f.format_code.clone())
                .filter(|code| code != "General")
        })
        .collect();
    // The declared size sizes the grid up front; a file that declares none (or
    // a wrong one) still reads, its other cells placed in one go at the end.
    let declared = reader.dimensions();
    let (height, width) = (declared.end.0 + 1, declared.end.1 + 1);
    let declared_cells = u64::from(height) * u64::from(width);
    let mut sheet = if declared_cells > 1 && declared_cells <= limits.max_cells {
        Sheet::new(name, height, width)
    } else {
        Sheet::new(name, 0, 0)
    };
    let (grid_height, grid_width) = (sheet.height, sheet.width);
    let mut outside: Vec<(CellRef, Value)> = Vec::new();
    let mut bounds: Option<(CellRef, CellRef)> = None;
    let mut uncached = false;
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| corrupt(&e))? {
        let (row, col) = cell.get_position();
        let value = match cell.get_value() {
            // A cell element with no value: a formula never calculated (or an empty string).
            DataRef::Empty => {
                uncached = true;
                continue;
            }
            DataRef::Int(i) => Value::Number(*i as f64),
            DataRef::Float(f) => Value::Number(*f),
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) => Value::Text((*s).to_string()),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::Date(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
            DataRef::Error(e) => Value::Error(e.to_string()),
        };
        let at = CellRef::new(row, col);
        bounds = Some(match bounds {
            None => (at, at),
            Some((lo, hi)) => (
                CellRef::new(lo.row.min(row), lo.col.min(col)),
                CellRef::new(hi.row.max(row), hi.col.max(col)),
            ),
        });
        if let Some(Some(code)) = formats.get(style) {
            if !value.is_empty() {
                sheet.number_formats.insert(at, code.clone());
            }
        }
        if row < grid_height && col < grid_width {
            sheet.set(at, value);
        } else {
            outside.push((at, value));
        }
    }
    drop(reader);
    if let Some((lo, hi)) = bounds {
        let used = u64::from(hi.row - lo.row + 1) * u64::from(hi.col - lo.col + 1);
        let grid = u64::from(hi.row + 1) * u64::from(hi.col + 1);
        if used > limits.max_cells || grid > limits.max_cells {
            return Err(too_large(used.max(grid)));
        }
    }
    if !outside.is_empty() {
        // Grow once, to the last cell, before placing the rest.
        if let Some((_, hi)) = bounds {
            sheet.set(hi, sheet.get(hi).clone());
        }
        for (cell, value) in outside {
            sheet.set(cell, value);
        }
    }
    if mode == ReadMode::Full || uncached {
        // Formulas are optional knowledge: a sheet whose formulas cannot be read still has its values.
        if let Ok(formulas) = book.worksheet_formula(name) {
            let start = formulas.start().unwrap_or((0, 0));
            for (row, col, formula) in formulas.used_cells() {
                if !formula.is_empty() {
                    let cell = CellRef::new(start.0 + row as u32, start.1 + col as u32);
                    sheet.formulas.insert(cell, formula.clone());
                }
            }
        }
    }
    Ok(sheet)
}
