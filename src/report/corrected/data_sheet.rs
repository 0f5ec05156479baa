//! The normalized data sheets (规范化数据): one record a row, a bold frozen
//! header with an autofilter, rates as percentages.

use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Format, XlsxError};

use super::input_sheet::{col_num, decimal_to_f64, write_f64};
use super::widths::{column_width, number_width, text_width, truncate_utf16};
use super::{MAX_COLS, MAX_ROWS, MAX_STRING, PERCENT_FORMAT};
use crate::report::{DataSheet, Datum};

/// Writes a long form on as many sheets as `names` (one per `per_sheet`
/// records, see [`parts`]); a sheet of more than `constant_memory_above`
/// records is written row by row through a temporary file instead of held
/// whole in memory (rust_xlsxwriter's constant memory mode, which takes rows
/// in order: how it is written).
pub(super) fn write_long_form(
    book: &mut xw::Workbook,
    data: &DataSheet,
    names: &[String],
    per_sheet: usize,
    constant_memory_above: usize,
) -> Result<(), String> {
    let parts = data
        .rows
        .chunks(per_sheet.max(1))
        // An empty long form still gets its sheet, headers only.
        .chain(data.rows.is_empty().then_some(&data.rows[..]));
    for (part, name) in parts.zip(names) {
        // Not in the browser (the office page): it has no temporary files.
        let ws = if part.len() > constant_memory_above && cfg!(not(target_arch = "wasm32")) {
            book.add_worksheet_with_constant_memory()
                .map_err(|e| format!("{name}: {e}"))?
        } else {
            book.add_worksheet()
        };
        write_data_sheet(ws, &data.headers, part, name).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// How many sheets a long form of `rows` records takes at `per_sheet` a sheet (at least one).
pub(super) fn parts(rows: usize, per_sheet: usize) -> usize {
    rows.div_ceil(per_sheet.max(1)).max(1)
}

/// Writes one sheet of a long form: its headers, then `rows` (all of it, or
/// one part of a long form that continues on the next sheet), in row order.
fn write_data_sheet(
    ws: &mut xw::Worksheet,
    headers: &[String],
    rows: &[Vec<Datum>],
    name: &str,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let header = Format::new().set_bold();
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let plain = Format::new();
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    if rows.len() as u64 + 1 > u64::from(MAX_ROWS) || ncols as u64 > u64::from(MAX_COLS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut widths = vec![0usize; ncols];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(
            0,
            col_num(c as u32)?,
            truncate_utf16(h, MAX_STRING),
            &header,
        )?;
        widths[c] = widths[c].max(text_width(h));
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, datum) in row.iter().enumerate() {
            let col = col_num(c as u32)?;
            let width = match datum {
                Datum::Empty => 0,
                Datum::Text(s) => {
                    ws.write_string_with_format(r, col, truncate_utf16(s, MAX_STRING), &plain)?;
                    text_width(s)
                }
                Datum::Number(d) => {
                    write_f64(ws, r, col, decimal_to_f64(*d), &plain)?;
                    d.normalize().to_string().len().min(15)
                }
                Datum::Percent(d) => {
                    write_f64(ws, r, col, decimal_to_f64(*d), &percent)?;
                    number_width(decimal_to_f64(*d), Some(PERCENT_FORMAT))
                }
            };
            widths[c] = widths[c].max(width);
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if ncols > 0 {
        ws.autofilter(0, 0, rows.len() as u32, col_num(ncols as u32 - 1)?)?;
    }
    for (c, w) in widths.into_iter().enumerate() {
        // Room for the autofilter button on the header.
        ws.set_column_width(col_num(c as u32)?, column_width(w + 2))?;
    }
    super::audit::print_wide(ws)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::report::{DataSheet, Datum};
    use crate::Lang;
    use calamine::{Data, Reader};

    #[test]
    fn a_long_form_over_the_row_limit_continues_on_numbered_sheets() {
        let data = DataSheet {
            name: "规范化数据".to_string(),
            headers: vec!["片区".to_string(), "完成量".to_string()],
            rows: (1..=7)
                .map(|i| {
                    vec![
                        Datum::Text(format!("片区{i}").into()),
                        Datum::Number(rust_decimal::Decimal::from(i)),
                    ]
                })
                .collect(),
        };
        // Three records a sheet stand in for Excel's 1,048,575; each way of writing.
        for constant_memory_above in [0, usize::MAX] {
            let mut names = super::super::sheet_names::SheetNames::default();
            let parts = super::parts(data.rows.len(), 3);
            assert_eq!(parts, 3);
            let sheet_names: Vec<String> = (0..parts)
                .map(|_| names.claim_generated(&data.name))
                .collect();
            assert_eq!(
                sheet_names,
                ["规范化数据", "规范化数据(2)", "规范化数据(3)"]
            );
            let mut book = rust_xlsxwriter::Workbook::new();
            super::write_long_form(&mut book, &data, &sheet_names, 3, constant_memory_above)
                .expect("written");
            let dir = tempfile::tempdir().expect("temp dir");
            let out = dir.path().join("long.xlsx");
            book.save(&out).expect("saved");
            let mut back = open(&out);
            let mut seen = Vec::new();
            for name in &sheet_names {
                let range = back.worksheet_range(name).expect("sheet");
                assert_eq!(cell(&range, c(1, 0)), &Data::String("片区".into()));
                for r in 2..=range.height() {
                    if let Data::String(s) = cell(&range, c(r as u32, 0)) {
                        seen.push(s.clone());
                    }
                }
            }
            let expected: Vec<String> = (1..=7).map(|i| format!("片区{i}")).collect();
            assert_eq!(seen, expected, "every record once, in order");
        }
        assert_eq!(super::parts(0, 3), 1, "an empty long form keeps its sheet");
        assert_eq!(super::parts(1_048_575, 1_048_575), 1);
        assert_eq!(super::parts(1_048_576, 1_048_575), 2);
    }

    #[test]
    fn data_sheet_numbers_percents_and_text() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let data = book.worksheet_range("规范化数据").unwrap();
        assert_eq!(cell(&data, c(1, 2)), &Data::String("完成率".into()));
        assert_eq!(cell(&data, c(2, 0)), &Data::String("片区3".into()));
        assert_eq!(num(cell(&data, c(2, 1))), Some(700.0));
        assert_eq!(num(cell(&data, c(2, 2))), Some(1.0769));
        let styles = book.worksheet_style("规范化数据").unwrap();
        let pct = styles.get((1, 2)).and_then(|s| s.number_format.clone());
        assert_eq!(pct.map(|n| n.format_code).as_deref(), Some("0.00%"));
        let bold = styles
            .get((0, 0))
            .and_then(|s| s.font.clone())
            .map(|f| f.is_bold());
        assert_eq!(bold, Some(true));
        let xml = zip_text(&out, "xl/worksheets/sheet5.xml");
        assert!(xml.contains(r#"<autoFilter ref="A1:C3"/>"#), "{xml}");
        assert!(xml.contains(r#"state="frozen""#));
    }
}
