//! The audit sheet 核对结果: one row a finding, in report order, each cell
//! linked to the cell it names when that cell is in this workbook.

use std::collections::HashMap;
use std::path::Path;

use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Color, Format, FormatAlign, Url, XlsxError};

use super::sheet_names::internal_link;
use super::widths::{display_width, text_width, truncate_utf16};
use super::{ERROR_FILL, MAX_HYPERLINKS, MAX_ROWS, MAX_STRING, MIN_WIDTH, WARNING_FILL};
use crate::codes::Severity;
use crate::report::FileReport;
use crate::Lang;

const AUDIT_HEADERS_ZH: [&str; 10] = [
    "规则",
    "级别",
    "文件",
    "工作表",
    "单元格",
    "原值",
    "应为",
    "处理",
    "说明",
    "相关单元格",
];
const AUDIT_HEADERS_EN: [&str; 10] = [
    "Rule",
    "Severity",
    "File",
    "Sheet",
    "Cell",
    "Found",
    "Expected",
    "Action",
    "Message",
    "Related cells",
];
const MESSAGE_COL: usize = 8;
const MESSAGE_WIDTH: f64 = 60.0;

fn file_label(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

pub(super) fn write_audit_sheet(
    ws: &mut xw::Worksheet,
    report: &FileReport,
    written: &HashMap<&str, String>,
    name: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let headers = match lang {
        Lang::Zh => AUDIT_HEADERS_ZH,
        Lang::En => AUDIT_HEADERS_EN,
    };
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let error = Format::new().set_background_color(Color::RGB(ERROR_FILL));
    let warning = Format::new().set_background_color(Color::RGB(WARNING_FILL));
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }

    if report.findings.len() as u64 + 1 > u64::from(MAX_ROWS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut links = 0usize;
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        // A report's finding: its paragraph in the sheet column, the sentence in the cell column.
        let (sheet, cell) = match &f.location.report {
            Some(place) => (place.label(lang), place.quote.clone()),
            None => (f.location.sheet.clone(), f.location.cell.a1()),
        };
        let related: Vec<String> = f
            .related
            .iter()
            .map(|l| match &l.report {
                Some(place) => format!("{} {}", file_label(&l.file), place.label(lang)),
                None => format!("{}!{}!{}", file_label(&l.file), l.sheet, l.cell.a1()),
            })
            .collect();
        let texts: [String; 10] = [
            f.rule.code().to_string(),
            f.severity().label(lang).to_string(),
            file_label(&f.location.file),
            sheet,
            cell.clone(),
            f.found.clone(),
            f.expected.clone().unwrap_or_default(),
            f.action().label(lang).to_string(),
            f.message.get(lang).to_string(),
            related.join("; "),
        ];
        for (c, text) in texts.iter().enumerate() {
            let format = match c {
                1 => match f.severity() {
                    Severity::Error => &error,
                    Severity::Warning => &warning,
                    Severity::Info => &plain,
                },
                MESSAGE_COL => &wrap,
                _ => &plain,
            };
            if c != MESSAGE_COL {
                widths[c] = widths[c].max(text_width(text));
            }
            let col = c as u16;
            let target = (c == 4 && f.location.file == report.path && f.location.report.is_none())
                .then(|| written.get(f.location.sheet.as_str()))
                .flatten();
            if let (Some(sheet), true) = (target, links < MAX_HYPERLINKS) {
                let url = Url::new(internal_link(sheet, f.location.cell)).set_text(text);
                if ws.write_url(row, col, url).is_ok() {
                    links += 1;
                    continue;
                }
            }
            if !text.is_empty() {
                ws.write_string_with_format(row, col, truncate_utf16(text, MAX_STRING), format)?;
            }
        }
    }

    let last_row = if report.findings.is_empty() {
        let text = match lang {
            Lang::Zh => "未发现问题",
            Lang::En => "No findings",
        };
        ws.write_string_with_format(1, 0, text, &plain)?;
        widths[0] = widths[0].max(display_width(text));
        1
    } else {
        report.findings.len() as u32
    };
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, headers.len() as u16 - 1)?;
    for (c, w) in widths.into_iter().enumerate() {
        let width = if c == MESSAGE_COL {
            MESSAGE_WIDTH
        } else {
            (w as f64 + 4.0).clamp(MIN_WIDTH, 40.0)
        };
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::write;
    use crate::findings::Action;
    use crate::report::FileReport;
    use crate::Lang;
    use calamine::{Data, Reader};

    #[test]
    fn audit_rows_match_the_findings() {
        let (_dir, _, rep, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let audit = book.worksheet_range("核对结果(2)").unwrap();
        let header: Vec<String> = (0..10).map(|col| text(cell(&audit, c(1, col)))).collect();
        assert_eq!(
            header,
            [
                "规则",
                "级别",
                "文件",
                "工作表",
                "单元格",
                "原值",
                "应为",
                "处理",
                "说明",
                "相关单元格"
            ]
        );
        assert_eq!(audit.height(), rep.findings.len() + 1);
        for (i, f) in rep.findings.iter().enumerate() {
            let row = i as u32 + 2;
            let got = |col: u32| text(cell(&audit, c(row, col)));
            assert_eq!(got(0), f.rule.code());
            assert_eq!(got(3), f.location.sheet);
            assert_eq!(got(4), f.location.cell.a1());
            assert_eq!(got(5), f.found);
            assert_eq!(got(6), f.expected.clone().unwrap_or_default());
            let action = match f.action() {
                Action::Corrected => "已更正",
                Action::Flagged => "已标注",
                Action::None => "无",
            };
            assert_eq!(got(7), action);
            assert_eq!(got(8), f.message.zh);
        }
        assert_eq!(text(cell(&audit, c(2, 1))), "错误");
        assert_eq!(text(cell(&audit, c(5, 1))), "警告");
        assert_eq!(text(cell(&audit, c(6, 1))), "提示");
        assert_eq!(text(cell(&audit, c(2, 2))), "station.xlsx");
        assert_eq!(text(cell(&audit, c(7, 2))), "roster.xlsx");
        assert_eq!(
            text(cell(&audit, c(2, 9))),
            "station.xlsx!指标!B4; station.xlsx!指标!C4"
        );

        // Links to the cell, to the sanitized name, quotes doubled; none to another file.
        let links = book.hyperlinks_by_sheet_name("核对结果(2)").unwrap();
        let at = |row: u32| {
            links
                .iter()
                .find(|l| l.range.start == (row, 4))
                .and_then(|l| l.location.clone())
        };
        assert_eq!(at(1).as_deref(), Some("'指标'!D4"));
        assert_eq!(at(6), None);
        assert_eq!(at(7).as_deref(), Some("'Data_1_'!A1"));
        assert_eq!(at(8).as_deref(), Some("'O''Brien'!A1"));

        // The input's own 核对结果 sheet is untouched.
        let old = book.worksheet_range("核对结果").unwrap();
        assert_eq!(cell(&old, c(1, 0)), &Data::String("旧的核对结果".into()));
    }

    #[test]
    fn no_findings_still_gives_an_audit_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.xlsx");
        let wb = input(&path);
        let rep = FileReport {
            path: path.clone(),
            tables: Vec::new(),
            findings: Vec::new(),
            data_sheets: Vec::new(),
            generated_sheets: Vec::new(),
        };
        for (lang, line) in [(Lang::Zh, "未发现问题"), (Lang::En, "No findings")] {
            let out = dir.path().join("out.xlsx");
            write(&wb, &rep, &out, lang).unwrap();
            let mut book = open(&out);
            assert_eq!(
                book.sheet_names().last().map(String::as_str),
                Some("核对结果(2)")
            );
            let audit = book.worksheet_range("核对结果(2)").unwrap();
            assert_eq!(audit.height(), 2);
            assert_eq!(cell(&audit, c(2, 0)), &Data::String(line.into()));
            assert!(zip_text(&out, "xl/comments").is_empty());
        }
    }
}
