//! An input sheet reproduced: values, the input's formulas with their cached
//! results, merges, styles, corrections as formulas, notes on annotated
//! cells, and the input's widths, heights and page setup (or, where the
//! file gives no widths, widths from what is shown).

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Format, Formula, XlsxError};

use super::style::{Align, FormatKey, Formats};
use super::widths::{column_width, display_width, number_width, truncate_utf16, value_width};
use super::{Annotation, DATE_FORMAT, MAX_COLS, MAX_ROWS, MAX_STRING};
use crate::findings::Corrected;
use crate::workbook::{CellRange, CellRef, Sheet, Value};
use crate::Lang;

/// What goes into one cell of a reproduced sheet.
enum Content<'a> {
    Value(&'a Value),
    Formula(&'a str, &'a Value),
    Corrected(f64, Option<&'a str>),
    /// A name corrected from the gazetteer: written as text, like every input text.
    CorrectedText(&'a str),
}

pub(super) fn write_input_sheet(
    ws: &mut xw::Worksheet,
    sheet: &Sheet,
    name: &str,
    mut annotations: BTreeMap<CellRef, Annotation>,
    formats: &mut Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    // A formula with no cached value reads back as empty, not as 0.
    ws.set_formula_result_default("");

    // Merged regions Excel accepts: in range, not a single cell, not overlapping.
    let mut merges: Vec<CellRange> = Vec::new();
    for m in &sheet.merges {
        let ok = m.first.row <= m.last.row
            && m.first.col <= m.last.col
            && m.last.row < MAX_ROWS
            && m.last.col < MAX_COLS
            && !m.is_single_cell()
            && !merges.iter().any(|k| overlaps(k, m));
        if ok {
            merges.push(*m);
        }
    }
    let merge_align: HashMap<CellRef, Align> = merges
        .iter()
        .map(|m| {
            let long = display_width(&sheet.get(m.first).to_string()) > 24;
            (m.first, if long { Align::TopLeft } else { Align::Center })
        })
        .collect();

    // A finding on a hidden cell of a merged region shows on its anchor.
    let hidden: Vec<CellRef> = annotations
        .keys()
        .copied()
        .filter(|c| merges.iter().any(|m| m.contains(*c) && m.first != *c))
        .collect();
    for cell in hidden {
        if let (Some(mut moved), Some(m)) = (
            annotations.remove(&cell),
            merges.iter().find(|m| m.contains(cell)),
        ) {
            annotations
                .entry(m.first)
                .or_insert_with(|| Annotation {
                    findings: Vec::new(),
                })
                .findings
                .append(&mut moved.findings);
        }
    }

    for m in &merges {
        let key = FormatKey {
            num: sheet.number_format(m.first).map(str::to_string),
            fill: annotations.get(&m.first).and_then(Annotation::fill),
            align: merge_align.get(&m.first).copied().unwrap_or_default(),
            wrap: true,
            bold: false,
            style: FormatKey::input_style(sheet, m.first),
        };
        ws.merge_range(
            m.first.row,
            col_num(m.first.col)?,
            m.last.row,
            col_num(m.last.col)?,
            "",
            formats.get(&key, sheet.style(m.first)),
        )?;
    }

    // Every cell to write: values, formulas, annotated cells.
    let mut cells: Vec<CellRef> = sheet.cells().map(|(c, _)| c).collect();
    cells.extend(sheet.formulas.keys().copied());
    cells.extend(annotations.keys().copied());
    // Empty cells the input styled (a bordered table's blanks) keep their style.
    cells.extend(sheet.style_ids.keys().copied());
    cells.sort_unstable();
    cells.dedup();

    let wide_anchors: HashSet<CellRef> = merges
        .iter()
        .filter(|m| m.last.col > m.first.col)
        .map(|m| m.first)
        .collect();
    // Corrected numbers by cell, for the cached result of a formula over them.
    let corrected: HashMap<CellRef, f64> = annotations
        .iter()
        .filter_map(|(c, a)| match a.correction()?.value {
            Corrected::Number(n) => Some((*c, decimal_to_f64(n))),
            Corrected::Text(_) => None,
        })
        .collect();
    let mut widths: HashMap<u32, usize> = HashMap::new();
    for cell in cells {
        if cell.row >= MAX_ROWS || cell.col >= MAX_COLS {
            return Err(XlsxError::RowColumnLimitError);
        }
        let value = sheet.get(cell);
        let annotation = annotations.get(&cell);
        let correction = annotation.and_then(Annotation::correction);
        let content = match (correction, sheet.formula(cell)) {
            (Some(c), _) => match &c.value {
                Corrected::Number(n) => {
                    Content::Corrected(decimal_to_f64(*n), c.formula.as_deref())
                }
                Corrected::Text(t) => Content::CorrectedText(t),
            },
            (None, Some(f)) if !f.trim().trim_start_matches('=').is_empty() => {
                Content::Formula(f, value)
            }
            _ => Content::Value(value),
        };
        let own_format = sheet.number_format(cell).filter(|f| !f.is_empty());
        let num = match &content {
            Content::Corrected(..) | Content::CorrectedText(_) => correction
                .and_then(|c| c.number_format.as_deref())
                .or(own_format)
                .map(str::to_string),
            Content::Value(Value::Date(_)) | Content::Formula(_, Value::Date(_)) => {
                Some(own_format.unwrap_or(DATE_FORMAT).to_string())
            }
            _ => own_format.map(str::to_string),
        };
        let shown = match &content {
            Content::Value(v) | Content::Formula(_, v) => v,
            Content::Corrected(..) | Content::CorrectedText(_) => &Value::Empty,
        };
        let align = merge_align.get(&cell).copied().unwrap_or_default();
        let key = FormatKey {
            wrap: align != Align::None || matches!(shown, Value::Text(s) if s.contains('\n')),
            num,
            fill: annotation.and_then(Annotation::fill),
            align,
            bold: false,
            style: FormatKey::input_style(sheet, cell),
        };
        let format = formats.get(&key, sheet.style(cell));
        let (row, col) = (cell.row, col_num(cell.col)?);
        match content {
            Content::Value(v) => match v {
                Value::Empty => {
                    ws.write_blank(row, col, format)?;
                }
                Value::Number(n) | Value::Date(n) => {
                    write_f64(ws, row, col, *n, format)?;
                }
                Value::Text(s) | Value::Error(s) => {
                    ws.write_string_with_format(row, col, truncate_utf16(s, MAX_STRING), format)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean_with_format(row, col, *b, format)?;
                }
            },
            Content::Formula(f, cached) => {
                let formula = Formula::new(f).set_result(formula_result(cached));
                ws.write_formula_with_format(row, col, formula, format)?;
            }
            Content::Corrected(n, formula) => match formula {
                Some(f) if !f.trim().trim_start_matches('=').is_empty() => {
                    let cached = ratio(f, sheet, &corrected).unwrap_or(n);
                    let formula = Formula::new(f).set_result(f64_text(cached));
                    ws.write_formula_with_format(row, col, formula, format)?;
                }
                _ => {
                    write_f64(ws, row, col, n, format)?;
                }
            },
            Content::CorrectedText(text) => {
                ws.write_string_with_format(row, col, truncate_utf16(text, MAX_STRING), format)?;
            }
        }
        if let Some(a) = annotation {
            ws.insert_note(row, col, &a.note(lang))?;
        }

        // Widths: multi-column merged anchors do not widen their first column,
        // and a blank cell there only for its style does not set one.
        let style_only = matches!(content, Content::Value(Value::Empty)) && annotation.is_none();
        if !wide_anchors.contains(&cell) && !style_only {
            let width = match &content {
                Content::Corrected(n, _) => number_width(*n, key.num.as_deref()),
                Content::CorrectedText(text) => value_width(&Value::Text(text.to_string()), None),
                _ => value_width(shown, key.num.as_deref()),
            };
            let w = widths.entry(cell.col).or_default();
            *w = (*w).max(width);
        }
    }
    if sheet.layout.has_widths() {
        // The input's own widths: the sheet prints as it did.
        let default = sheet.layout.default_col_width;
        let mut given: HashSet<u32> = HashSet::new();
        for &(first, last, width) in &sheet.layout.col_widths {
            for col in first..=last.min(MAX_COLS - 1) {
                // A span to the last column (a whole-sheet format) is written up to the used width.
                if col > sheet.width.max(1) + 256 {
                    break;
                }
                given.insert(col);
                ws.set_column_width_pixels(col_num(col)?, stored_width_pixels(width))?;
            }
        }
        if let Some(width) = default {
            for col in (0..sheet.width).filter(|c| !given.contains(c)) {
                ws.set_column_width_pixels(col_num(col)?, stored_width_pixels(width))?;
            }
        }
    } else {
        for (col, width) in widths {
            ws.set_column_width(col_num(col)?, column_width(width))?;
        }
    }
    write_layout(ws, &sheet.layout)?;
    Ok(())
}

/// Pixels of a column whose stored width (`<col width>`) is `width`, at
/// Excel's default 7-pixel digit: rust_xlsxwriter then stores the same width.
fn stored_width_pixels(width: f64) -> u32 {
    (width * 7.0).round().clamp(0.0, 255.0 * 7.0) as u32
}

/// The input's row heights, hidden rows and columns, print area and page setup.
fn write_layout(ws: &mut xw::Worksheet, layout: &crate::workbook::Layout) -> Result<(), XlsxError> {
    if let Some(h) = layout
        .default_row_height
        .filter(|h| *h > 0.0 && *h <= 409.0)
    {
        ws.set_default_row_height(h);
    }
    let mut rows: Vec<(&u32, &f64)> = layout.row_heights.iter().collect();
    rows.sort_unstable_by_key(|(r, _)| **r);
    for (&row, &height) in rows {
        if row < MAX_ROWS && (0.0..=409.0).contains(&height) {
            ws.set_row_height(row, height)?;
        }
    }
    for &row in &layout.hidden_rows {
        if row < MAX_ROWS {
            ws.set_row_hidden(row)?;
        }
    }
    for &(first, last) in &layout.hidden_cols {
        // A hidden span to the sheet's end hides nothing anyone reads; keep spans of sense.
        for col in first..=last.min(first + 1024).min(MAX_COLS - 1) {
            ws.set_column_hidden(col_num(col)?)?;
        }
    }
    if let Some(a) = layout.print_area {
        if a.last.row < MAX_ROWS
            && a.last.col < MAX_COLS
            && a.first.row <= a.last.row
            && a.first.col <= a.last.col
        {
            ws.set_print_area(
                a.first.row,
                col_num(a.first.col)?,
                a.last.row,
                col_num(a.last.col)?,
            )?;
        }
    }
    if let Some((first, last)) = layout.repeat_rows.filter(|(_, l)| *l < MAX_ROWS) {
        ws.set_repeat_rows(first, last)?;
    }
    if let Some((first, last)) = layout.repeat_cols.filter(|(_, l)| *l < MAX_COLS) {
        ws.set_repeat_columns(col_num(first)?, col_num(last)?)?;
    }
    let page = &layout.page;
    // Portrait is the default: saying so would add a page setup, whose
    // absent paper size means Letter rather than the reader's own paper.
    if page.landscape == Some(true) {
        ws.set_landscape();
    }
    if let Some(paper) = page.paper_size {
        ws.set_paper_size(paper);
    }
    if let Some((w, h)) = page.fit_to {
        ws.set_print_fit_to_pages(w, h);
    } else if let Some(scale) = page.scale.filter(|s| *s != 100) {
        ws.set_print_scale(scale);
    }
    // Excel's default margins are written anyway; setting them would add a page setup.
    let defaults = [0.7, 0.7, 0.75, 0.75, 0.3, 0.3];
    if let Some([l, r, t, b, h, f]) = page.margins.filter(|m| *m != defaults) {
        ws.set_margins(l, r, t, b, h, f);
    }
    // Only what the input set: a page setup element the input lacks changes the paper.
    if page.center_horizontally {
        ws.set_print_center_horizontally(true);
    }
    if page.center_vertically {
        ws.set_print_center_vertically(true);
    }
    if page.gridlines {
        ws.set_print_gridlines(true);
    }
    Ok(())
}

/// The result Excel caches for a formula `A1/B1` over two numbers of the
/// sheet (corrected where they are): the double division, at full precision.
fn ratio(formula: &str, sheet: &Sheet, corrected: &HashMap<CellRef, f64>) -> Option<f64> {
    let (a, b) = formula.trim().trim_start_matches('=').split_once('/')?;
    // A rate in points: `C4/B4*100`, computed as Excel does, left to right.
    let (b, factor) = match b.split_once('*') {
        Some((b, factor)) => (b, factor.trim().parse::<f64>().ok()?),
        None => (b, 1.0),
    };
    let value = |r: &str| -> Option<f64> {
        let r = r.trim().replace('$', "");
        let at = r.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = r.split_at(at);
        if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        let col = letters
            .bytes()
            .try_fold(0u32, |acc, b| {
                acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
            })?
            .checked_sub(1)?;
        let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
        let cell = CellRef::new(row, col);
        match corrected.get(&cell) {
            Some(n) => Some(*n),
            None => match sheet.get(cell) {
                Value::Number(n) => Some(*n),
                _ => None,
            },
        }
    };
    let (a, b) = (value(a)?, value(b)?);
    let q = a / b * factor;
    (b != 0.0 && q.is_finite()).then_some(q)
}

fn overlaps(a: &CellRange, b: &CellRange) -> bool {
    a.first.row <= b.last.row
        && b.first.row <= a.last.row
        && a.first.col <= b.last.col
        && b.first.col <= a.last.col
}

pub(super) fn col_num(col: u32) -> Result<u16, XlsxError> {
    u16::try_from(col)
        .ok()
        .filter(|c| u32::from(*c) < MAX_COLS)
        .ok_or(XlsxError::RowColumnLimitError)
}

/// A number; NaN and infinities, which xlsx cannot hold, as text.
pub(super) fn write_f64(
    ws: &mut xw::Worksheet,
    row: u32,
    col: u16,
    n: f64,
    format: &Format,
) -> Result<(), XlsxError> {
    if n.is_finite() {
        ws.write_number_with_format(row, col, n, format)?;
    } else {
        ws.write_string_with_format(row, col, n.to_string(), format)?;
    }
    Ok(())
}

/// The cached result of a formula, as rust_xlsxwriter wants it.
fn formula_result(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Number(n) | Value::Date(n) => f64_text(*n),
        Value::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Value::Text(s) | Value::Error(s) => truncate_utf16(s, MAX_STRING).to_string(),
    }
}

fn f64_text(n: f64) -> String {
    if n.is_finite() {
        format!("{n}")
    } else {
        String::new()
    }
}

pub(super) fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_f64()
        .or_else(|| d.to_string().parse().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::{write, CORRECTED_FILL, ERROR_FILL, WARNING_FILL};
    use crate::workbook::{CellRef, Value};
    use crate::Lang;
    use calamine::{Data, Reader};
    use std::path::{Path, PathBuf};

    #[test]
    fn every_input_value_is_at_its_cell() {
        let (_dir, wb, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        for sheet in &wb.sheets {
            let name = if sheet.name == "Data[1]" {
                "Data_1_"
            } else {
                &sheet.name
            };
            let got = book.worksheet_range(name).unwrap();
            for (at, v) in sheet.cells() {
                if sheet.name == "指标" && at == c(4, 3) {
                    continue; // corrected, checked below
                }
                let d = cell(&got, at);
                match v {
                    Value::Number(n) => assert_eq!(num(d), Some(*n), "{name}!{at}"),
                    Value::Date(n) => match d {
                        Data::DateTime(dt) => assert_eq!(dt.as_f64(), *n, "{name}!{at}"),
                        other => panic!("{name}!{at}: {other:?} is not a date"),
                    },
                    Value::Text(s) | Value::Error(s) => {
                        assert_eq!(d, &Data::String(s.clone()), "{name}!{at}")
                    }
                    Value::Bool(b) => assert_eq!(d, &Data::Bool(*b), "{name}!{at}"),
                    Value::Empty => {}
                }
            }
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let values = book.worksheet_range("指标").unwrap();
        let formulas = book.worksheet_formula("指标").unwrap();
        for (at, s) in [(c(4, 4), "=1+1"), (c(6, 5), "-note"), (c(6, 0), "+86 20")] {
            assert_eq!(cell(&values, at), &Data::String(s.into()));
            assert_eq!(
                formulas
                    .get_value((at.row, at.col))
                    .map(String::as_str)
                    .unwrap_or(""),
                ""
            );
        }
        let quoted = book.worksheet_range("O'Brien").unwrap();
        assert_eq!(cell(&quoted, c(1, 0)), &Data::String("@home".into()));
        let data = book.worksheet_range("规范化数据").unwrap();
        assert_eq!(cell(&data, c(3, 0)), &Data::String("=A1".into()));
    }

    #[test]
    fn formulas_corrections_and_formats() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let values = book.worksheet_range("指标").unwrap();
        let formulas = book.worksheet_formula("指标").unwrap();
        let f = |at: CellRef| {
            formulas
                .get_value((at.row, at.col))
                .cloned()
                .unwrap_or_default()
        };

        // The input's formula with its cached value.
        assert_eq!(f(c(6, 1)), "SUM(B4:B5)");
        assert_eq!(num(cell(&values, c(6, 1))), Some(500650.0));
        // The correction: formula, cached value, percent format, green.
        assert_eq!(f(c(4, 3)), "C4/B4");
        // Cached as Excel computes C4/B4, not the correction's rounded value.
        assert_eq!(num(cell(&values, c(4, 3))), Some(700.0 / 650.0));

        let styles = book.worksheet_style("指标").unwrap();
        let style = |at: CellRef| styles.get((at.row, at.col)).cloned().unwrap_or_default();
        let fill = |at: CellRef| {
            style(at)
                .fill
                .and_then(|f| f.foreground_color.or(f.background_color))
                .map(|c| (u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue))
        };
        let num_fmt = |at: CellRef| style(at).number_format.map(|n| n.format_code);
        assert_eq!(fill(c(4, 3)), Some(CORRECTED_FILL));
        assert_eq!(num_fmt(c(4, 3)).as_deref(), Some("0.00%"));
        // Flagged by an error and a warning: red, value unchanged.
        assert_eq!(fill(c(5, 2)), Some(ERROR_FILL));
        assert_eq!(num(cell(&values, c(5, 2))), Some(19458011.0));
        // Flagged by a warning only.
        assert_eq!(fill(c(4, 0)), Some(WARNING_FILL));
        // Info finding: no fill.
        assert_eq!(fill(c(3, 1)), None);
        // The cell's own format kept, a date given yyyy-mm-dd.
        assert_eq!(num_fmt(c(6, 4)).as_deref(), Some("0.0"));
        assert_eq!(num_fmt(c(5, 4)).as_deref(), Some("yyyy-mm-dd"));
        // A flagged cell keeps its own number format under the fill.
        let mut wb = input(Path::new("x.xlsx"));
        wb.sheets[0].set_number_format(c(5, 2), "#,##0");
        let dir = tempfile::tempdir().unwrap();
        let out2 = dir.path().join("o.xlsx");
        let mut rep = report(Path::new("x.xlsx"));
        rep.path = PathBuf::from("x.xlsx");
        write(&wb, &rep, &out2, Lang::Zh).unwrap();
        let mut book2 = open(&out2);
        let styles2 = book2.worksheet_style("指标").unwrap();
        let st = styles2.get((4, 2)).cloned().unwrap_or_default();
        assert_eq!(
            st.number_format.map(|n| n.format_code).as_deref(),
            Some("#,##0")
        );
        assert!(st.fill.is_some());
    }

    #[test]
    fn merges_reproduced_bad_ones_skipped_anchor_kept() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let mut merges: Vec<_> = book
            .merge_cells_by_sheet_name("指标")
            .unwrap()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        merges.sort();
        assert_eq!(merges, vec![((0, 0), (0, 5)), ((1, 1), (1, 3))]);
        let values = book.worksheet_range("指标").unwrap();
        assert_eq!(
            cell(&values, c(1, 0)),
            &Data::String("指标完成情况统计表".into())
        );
        assert_eq!(cell(&values, c(2, 1)), &Data::String("电访".into()));
        // The single-cell "merge" cell keeps its value.
        assert_eq!(num(cell(&values, c(6, 4))), Some(3.25));
    }

    /// Every `<col>` of a sheet's XML as (min, max, width), and every row's `ht`.
    type Cols = Vec<(u32, u32, String)>;

    fn cols_and_heights(xml: &str) -> (Cols, Vec<(u32, String)>) {
        let attr = |tag: &str, name: &str| {
            let key = format!(" {name}=\"");
            let at = tag.find(&key)? + key.len();
            Some(tag[at..].split('"').next()?.to_string())
        };
        let tags = |name: &str| -> Vec<String> {
            xml.split(&format!("<{name} "))
                .skip(1)
                .map(|t| format!(" {}", t.split('>').next().unwrap_or_default()))
                .collect()
        };
        let cols = tags("col")
            .iter()
            .filter_map(|t| {
                Some((
                    attr(t, "min")?.parse().ok()?,
                    attr(t, "max")?.parse().ok()?,
                    attr(t, "width")?,
                ))
            })
            .collect();
        let rows = tags("row")
            .iter()
            .filter_map(|t| Some((attr(t, "r")?.parse().ok()?, attr(t, "ht")?)))
            .collect();
        (cols, rows)
    }

    fn width_of(cols: &[(u32, u32, String)], col: u32) -> Option<String> {
        cols.iter()
            .find(|(a, b, _)| (*a..=*b).contains(&col))
            .map(|(_, _, w)| w.clone())
    }

    #[test]
    fn the_inputs_widths_and_heights_are_kept() {
        for fixture in [
            "fixtures/indicators/chigang_2024.xlsx",
            "fixtures/roster/chigang_roster_2024.xlsx",
        ] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
            let input = crate::read::read(&path, crate::read::Limits::default()).unwrap();
            let checked = crate::check_workbook(
                input,
                &crate::Options::default(),
                crate::read::ReadMode::Full,
            )
            .unwrap();
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out.xlsx");
            write(&checked.workbook, &checked.report, &out, Lang::Zh).unwrap();

            let given = std::fs::read(&path).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(given)).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
                &mut xml,
            )
            .unwrap();
            let (in_cols, in_rows) = cols_and_heights(&xml);
            let (out_cols, out_rows) =
                cols_and_heights(&zip_text(&out, "xl/worksheets/sheet1.xml"));
            assert!(!in_cols.is_empty() && !out_cols.is_empty(), "{fixture}");
            let last = in_cols.iter().map(|(_, b, _)| *b).max().unwrap();
            for col in 1..=last {
                assert_eq!(
                    width_of(&out_cols, col),
                    width_of(&in_cols, col),
                    "{fixture} column {col}"
                );
            }
            for (row, ht) in &in_rows {
                let got = out_rows
                    .iter()
                    .find(|(r, _)| r == row)
                    .map(|(_, h)| h.parse::<f64>().unwrap());
                assert_eq!(got, Some(ht.parse::<f64>().unwrap()), "{fixture} row {row}");
            }
        }
    }

    #[test]
    fn page_setup_and_print_area_are_kept() {
        use crate::workbook::{CellRange, Layout, PageSetup};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let mut wb = input(&path);
        wb.sheets[0].layout = Layout {
            col_widths: vec![(0, 0, 22.7109375), (1, 3, 8.28515625)],
            hidden_cols: vec![(5, 5)],
            row_heights: [(1, 36.0)].into_iter().collect(),
            hidden_rows: vec![4],
            default_row_height: Some(14.25),
            default_col_width: None,
            print_area: Some(CellRange::new(c(1, 0), c(6, 4))),
            repeat_rows: Some((1, 2)),
            repeat_cols: None,
            page: PageSetup {
                landscape: Some(true),
                paper_size: Some(9),
                scale: None,
                fit_to: Some((1, 0)),
                margins: Some([0.5, 0.5, 0.6, 0.6, 0.3, 0.3]),
                center_horizontally: true,
                center_vertically: false,
                gridlines: false,
            },
        };
        let rep = report(&path);
        let out = dir.path().join("out.xlsx");
        write(&wb, &rep, &out, Lang::Zh).unwrap();
        let xml = zip_text(&out, "xl/worksheets/sheet1.xml");
        let (cols, rows) = cols_and_heights(&xml);
        assert_eq!(width_of(&cols, 1).as_deref(), Some("22.7109375"), "{xml}");
        assert_eq!(width_of(&cols, 3).as_deref(), Some("8.28515625"), "{xml}");
        assert!(rows.contains(&(2, "36".to_string())), "{xml}");
        assert!(
            xml.contains(r#"<row r="5""#) && xml.contains(r#"hidden="1""#),
            "{xml}"
        );
        assert!(xml.contains(r#"defaultRowHeight="14.25""#), "{xml}");
        assert!(xml.contains(r#"orientation="landscape""#), "{xml}");
        assert!(xml.contains(r#"paperSize="9""#), "{xml}");
        assert!(xml.contains(r#"fitToHeight="0""#), "{xml}");
        assert!(
            xml.contains(r#"<printOptions horizontalCentered="1"/>"#),
            "{xml}"
        );
        assert!(xml.contains(r#"<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>"#), "{xml}");
        let book = zip_text(&out, "xl/workbook.xml");
        assert!(
            book.contains(r#"localSheetId="0">指标!$A$1:$E$6</definedName>"#),
            "{book}"
        );
        assert!(
            book.contains(r#"localSheetId="0">指标!$2:$3</definedName>"#),
            "{book}"
        );
    }

    #[test]
    fn a_rates_cached_result_is_the_full_precision_division() {
        // The fixture's D4 = C4/B4 is corrected with a value rounded to 4 places.
        let (_dir, _, _, out) = setup(Lang::Zh);
        let xml = zip_text(&out, "xl/worksheets/sheet1.xml");
        let expected = format!("<f>C4/B4</f><v>{}</v>", 700.0_f64 / 650.0);
        assert!(xml.contains(&expected), "{xml}");
        assert_eq!(700.0_f64 / 650.0, 1.0769230769230769);
    }

    #[test]
    fn a_rate_in_points_is_cached_as_excel_computes_it() {
        use super::ratio;
        use crate::workbook::Sheet;
        use std::collections::HashMap;
        let sheet = Sheet::of_rows("表", &[&["650", "700", "111.11"]]);
        let none = HashMap::new();
        assert_eq!(
            ratio("B1/A1*100", &sheet, &none),
            Some(700.0 / 650.0 * 100.0)
        );
        assert_eq!(ratio("=B1/A1", &sheet, &none), Some(700.0 / 650.0));
        // A corrected target is used for the cached result.
        let corrected = HashMap::from([(CellRef::new(0, 0), 700.0)]);
        assert_eq!(ratio("B1/A1*100", &sheet, &corrected), Some(100.0));
        assert_eq!(ratio("B1/A1*x", &sheet, &none), None);
    }
}
