//! The normalized data sheets (规范化数据): one record a row, a bold frozen
//! header with an autofilter, rates as percentages.

use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Format, XlsxError};

use super::input_sheet::{col_num, decimal_to_f64, write_f64};
use super::widths::{column_width, number_width, text_width, truncate_utf16};
use super::{MAX_COLS, MAX_ROWS, MAX_STRING, PERCENT_FORMAT};
use crate::report::{DataSheet, Datum};

pub(super) fn write_data_sheet(
    ws: &mut xw::Worksheet,
    data: &DataSheet,
    name: &str,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let header = Format::new().set_bold();
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let plain = Format::new();
    let ncols = data
        .rows
        .iter()
        .map(Vec::len)
        .chain([data.headers.len()])
        .max()
        .unwrap_or(0);
    if data.rows.len() as u64 + 1 > u64::from(MAX_ROWS) || ncols as u64 > u64::from(MAX_COLS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut widths = vec![0usize; ncols];
    for (c, h) in data.headers.iter().enumerate() {
        ws.write_string_with_format(
            0,
            col_num(c as u32)?,
            truncate_utf16(h, MAX_STRING),
            &header,
        )?;
        widths[c] = widths[c].max(text_width(h));
    }
    for (r, row) in data.rows.iter().enumerate() {
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
        ws.autofilter(0, 0, data.rows.len() as u32, col_num(ncols as u32 - 1)?)?;
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
    use crate::Lang;
    use calamine::{Data, Reader};

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
