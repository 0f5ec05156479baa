//! "XML 电子表格 2003" (SpreadsheetML), what WPS and older systems save as
//! .xls: `Workbook/Worksheet/Table/Row/Cell/Data`, with `ss:Index` to skip
//! rows and cells, `ss:MergeAcross`/`ss:MergeDown` for merged regions, the
//! value's type in `ss:Type` (Number, String, DateTime, Boolean, Error) and
//! number formats in the styles a cell's `ss:StyleID` names. Formulas
//! (`ss:Formula`, in R1C1 form) are not read: their cached values are.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Limit};
use crate::read::Limits;
use crate::workbook::{CellRange, CellRef, Sheet, Value};

/// Whether decoded text is a SpreadsheetML workbook.
pub(crate) fn looks_like_spreadsheetml(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("urn:schemas-microsoft-com:office:spreadsheet") && head.contains("Workbook")
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn number_attr(e: &BytesStart, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// A named number format spelled out as its format code; None for General.
fn format_code(format: &str) -> Option<String> {
    let code = match format {
        "" | "General" | "General Number" => return None,
        "Percent" => "0.00%",
        "Fixed" => "0.00",
        "Standard" => "#,##0.00",
        "Short Date" => "yyyy/m/d",
        "Medium Date" => "d-mmm-yy",
        "Long Date" | "General Date" => "yyyy/m/d h:mm",
        other => other,
    };
    Some(code.to_string())
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An ISO date-time ("2023-06-01T00:00:00.000") as an Excel serial (1900 system).
fn serial(iso: &str) -> Option<f64> {
    let (date, time) = iso.trim().split_once('T').unwrap_or((iso.trim(), ""));
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day) - days_from_civil(1899, 12, 30);
    let mut seconds = 0.0;
    for (part, unit) in time.split(':').zip([3600.0, 60.0, 1.0]) {
        seconds += part.parse::<f64>().ok()? * unit;
    }
    Some(days as f64 + seconds / 86_400.0)
}

#[derive(Default)]
struct CellState {
    at: Option<CellRef>,
    kind: String,
    style: Option<String>,
    text: String,
    /// Inside the cell's own `Data` (not a comment's), counting nested elements.
    data_depth: u32,
}

pub(crate) fn read(path: &Path, text: &str, limits: Limits) -> Result<Vec<Sheet>, Error> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt(path.to_path_buf(), e.to_string());
    let mut reader = quick_xml::Reader::from_str(text);
    let mut formats: HashMap<String, String> = HashMap::new();
    let mut style_id: Option<String> = None;
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let (mut row, mut col): (u32, u32) = (0, 0);
    let mut row_started = false;
    // For each column, the first row no longer covered by a MergeDown from above.
    let mut covered_until: Vec<u32> = Vec::new();
    let mut cell = CellState::default();
    let mut values: Vec<(CellRef, Value)> = Vec::new();
    // Number formats of the cells read, set once the grid is sized (see `finish`).
    let mut cell_formats: Vec<(CellRef, std::sync::Arc<str>)> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| corrupt(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name().into_inner().to_string();
                let parent = stack.last().map(String::as_str);
                if cell.data_depth > 0 {
                    if !empty {
                        cell.data_depth += 1;
                    }
                } else {
                    match name.as_str() {
                        "Style" => style_id = attr(e, "ID"),
                        "NumberFormat" => {
                            if let (Some(id), Some(code)) = (
                                style_id.clone(),
                                attr(e, "Format").as_deref().and_then(format_code),
                            ) {
                                formats.insert(id, code);
                            }
                        }
                        "Worksheet" => {
                            let name = attr(e, "Name")
                                .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                            if let Some(done) = sheet.replace(Sheet::new(name, 0, 0)) {
                                sheets.push(finish(done, &mut values, &mut cell_formats));
                            }
                            (row, row_started) = (0, false);
                            covered_until.clear();
                        }
                        "Table" => (row, row_started) = (0, false),
                        "Row" if sheet.is_some() => {
                            row = match number_attr(e, "Index") {
                                Some(index) if index >= 1 => index - 1,
                                _ if row_started => row.saturating_add(1),
                                _ => row,
                            };
                            row_started = true;
                            col = 0;
                        }
                        "Cell" if sheet.is_some() => {
                            col = match number_attr(e, "Index") {
                                Some(index) if index >= 1 => index - 1,
                                _ => {
                                    let mut c = col;
                                    while covered_until.get(c as usize).is_some_and(|&u| u > row) {
                                        c += 1;
                                    }
                                    c
                                }
                            };
                            let across = number_attr(e, "MergeAcross").unwrap_or(0).min(16_383);
                            let down = number_attr(e, "MergeDown").unwrap_or(0).min(1_048_575);
                            let at = CellRef::new(row, col);
                            let last =
                                CellRef::new(row.saturating_add(down), col.saturating_add(across));
                            let cells = u64::from(last.row + 1) * u64::from(last.col + 1);
                            if cells > limits.max_cells {
                                return Err(Error::TooLarge(
                                    path.to_path_buf(),
                                    Limit::Cells {
                                        sheet: sheet
                                            .as_ref()
                                            .map(|s| s.name.clone())
                                            .unwrap_or_default(),
                                        found: Some(cells),
                                        limit: limits.max_cells,
                                    },
                                ));
                            }
                            if let Some(s) = sheet.as_mut() {
                                if across > 0 || down > 0 {
                                    s.merges.push(CellRange::new(at, last));
                                }
                            }
                            let end = (col + across + 1) as usize;
                            if down > 0 {
                                if covered_until.len() < end {
                                    covered_until.resize(end, 0);
                                }
                                covered_until[col as usize..end].fill(row + down + 1);
                            }
                            cell = CellState {
                                at: Some(at),
                                style: attr(e, "StyleID"),
                                ..Default::default()
                            };
                            col = col.saturating_add(across + 1);
                            if empty {
                                cell.at = None;
                            }
                        }
                        "Data" if parent == Some("Cell") && cell.at.is_some() => {
                            cell.kind = attr(e, "Type").unwrap_or_default();
                            if !empty {
                                cell.data_depth = 1;
                            }
                        }
                        _ => {}
                    }
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::Text(ref t) if cell.data_depth > 0 => cell.text.push_str(&t.xml10_content()),
            Event::CData(ref t) if cell.data_depth > 0 => cell.text.push_str(t.as_ref()),
            Event::GeneralRef(ref r) if cell.data_depth > 0 => match r.resolve_char_ref() {
                Ok(Some(c)) => cell.text.push(c),
                _ => cell.text.push_str(match r.xml10_content().as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Event::End(ref e) => {
                stack.pop();
                if cell.data_depth > 0 {
                    cell.data_depth -= 1;
                }
                match e.local_name().into_inner() {
                    "Cell" => {
                        if let (Some(at), Some(_)) = (cell.at.take(), sheet.as_ref()) {
                            let value = typed(&cell.kind, &cell.text);
                            if !value.is_empty() {
                                if matches!(value, Value::Number(_) | Value::Date(_)) {
                                    if let Some(code) =
                                        cell.style.as_ref().and_then(|id| formats.get(id))
                                    {
                                        cell_formats.push((at, code.as_str().into()));
                                    }
                                }
                                values.push((at, value));
                            }
                        }
                        cell = CellState::default();
                    }
                    "Worksheet" => {
                        if let Some(done) = sheet.take() {
                            sheets.push(finish(done, &mut values, &mut cell_formats));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(done) = sheet.take() {
        sheets.push(finish(done, &mut values, &mut cell_formats));
    }
    Ok(sheets)
}

/// A sheet with the cells read for it, placed in one go.
fn finish(
    mut sheet: Sheet,
    values: &mut Vec<(CellRef, Value)>,
    formats: &mut Vec<(CellRef, std::sync::Arc<str>)>,
) -> Sheet {
    crate::read::fill(&mut sheet, std::mem::take(values));
    for (cell, code) in formats.drain(..) {
        sheet.set_number_format(cell, code);
    }
    sheet
}

fn typed(kind: &str, text: &str) -> Value {
    match kind {
        "Number" => match text.trim().parse::<f64>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::Text(text.to_string()),
        },
        "DateTime" => serial(text).map_or_else(|| Value::Text(text.to_string()), Value::Date),
        "Boolean" => Value::Bool(matches!(text.trim(), "1" | "true" | "TRUE")),
        "Error" => Value::Error(text.trim().to_string()),
        _ if text.is_empty() => Value::Empty,
        _ => Value::Text(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="Default"/><Style ss:ID="p"><NumberFormat ss:Format="0.00%"/></Style><Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style></Styles>
 <Worksheet ss:Name="附件1">
  <Table>
   <Row><Cell ss:MergeDown="1"><Data ss:Type="String">片区</Data></Cell><Cell ss:MergeAcross="2"><Data ss:Type="String">电访</Data><Comment><Data>not a value</Data></Comment></Cell></Row>
   <Row><Cell ss:Index="2"><Data ss:Type="String">协议&amp;量</Data></Cell><Cell><Data ss:Type="String">完成<html:B>量</html:B></Data></Cell><Cell><ss:Data ss:Type="String">困难群众&#10;和特殊群体建档</ss:Data></Cell></Row>
   <Row ss:Index="4"><Cell><Data ss:Type="String">片区1</Data></Cell><Cell><Data ss:Type="Number">1350</Data></Cell><Cell ss:StyleID="p"><Data ss:Type="Number">1.037</Data></Cell><Cell ss:StyleID="d"><Data ss:Type="DateTime">2023-06-01T12:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="空"/>
</Workbook>"#;

    #[test]
    fn cells_merges_types_and_formats() {
        assert!(looks_like_spreadsheetml(BOOK));
        let sheets = read(Path::new("a.xls"), BOOK, Limits::default()).expect("read");
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(s.name, "附件1");
        assert_eq!(s.at(0, 1).as_text(), Some("电访"));
        assert_eq!(s.at(1, 1).as_text(), Some("协议&量"));
        assert_eq!(s.at(1, 2).as_text(), Some("完成量"));
        assert_eq!(s.at(1, 3).as_text(), Some("困难群众\n和特殊群体建档"));
        assert!(s.at(2, 0).is_empty());
        assert_eq!(s.at(3, 1), &Value::Number(1350.0));
        assert_eq!(s.at(3, 2), &Value::Number(1.037));
        assert_eq!(s.number_format(CellRef::new(3, 2)), Some("0.00%"));
        // 2023-06-01 is serial 45078.
        assert_eq!(s.at(3, 3), &Value::Date(45078.5));
        assert_eq!(s.at(3, 4), &Value::Bool(true));
        assert_eq!(
            s.merges,
            [
                CellRange::new(CellRef::new(0, 0), CellRef::new(1, 0)),
                CellRange::new(CellRef::new(0, 1), CellRef::new(0, 3)),
            ]
        );
        assert_eq!(sheets[1].name, "空");
    }

    #[test]
    fn a_cell_after_a_merge_down_skips_the_covered_column() {
        let book = r#"<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="s"><Table>
<Row><Cell ss:MergeDown="1"><Data ss:Type="String">a</Data></Cell><Cell><Data ss:Type="String">b</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">c</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let sheets = read(Path::new("a.xls"), book, Limits::default()).expect("read");
        assert_eq!(sheets[0].at(1, 1).as_text(), Some("c"));
    }

    #[test]
    fn dates() {
        assert_eq!(serial("1900-03-01T00:00:00"), Some(61.0));
        assert_eq!(serial("2024-05-31T00:00:00.000"), Some(45443.0));
        assert_eq!(serial("nonsense"), None);
    }
}
