//! The audit sheet 核对结果: one row a finding, in report order. The finding's
//! cell and each related cell is a link: inside this workbook to the cell,
//! to another file by a path relative to the corrected workbook. Found,
//! expected and the message wrap, line breaks shown as line breaks; the
//! sheet prints landscape, one page wide, its header on every page.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Color, Format, FormatAlign, Url, XlsxError};

use super::sheet_names::internal_link;
use super::widths::{display_width, text_width, truncate_utf16};
use super::{ERROR_FILL, MAX_HYPERLINKS, MAX_ROWS, MAX_STRING, MIN_WIDTH, WARNING_FILL};
use crate::codes::Severity;
use crate::findings::Location;
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
const CELL_COL: usize = 4;
const MESSAGE_COL: usize = 8;
const RELATED_COL: usize = 9;
/// Related cells past this many share the last related column, as text.
const MAX_RELATED_COLS: usize = 32;
const MESSAGE_WIDTH: f64 = 60.0;
const VALUE_WIDTH: f64 = 24.0;
/// A4 in Excel's paper codes.
pub(super) const PAPER_A4: u8 = 9;

fn file_label(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// A value as the cell should show it: the terminal's ⏎ for a line break back to a line break.
pub(super) fn shown(text: &str) -> String {
    text.replace('⏎', "\n")
}

/// A found or expected value as every report shows it: an empty one as
/// （空） / (empty), the word the terminal uses too.
pub(super) fn shown_value(text: &str, lang: Lang) -> String {
    if text.trim().is_empty() {
        crate::report::terminal::empty_value(lang).to_string()
    } else {
        shown(text)
    }
}

/// Prints an added sheet landscape on A4, one page wide, its first row on every page.
pub(super) fn print_wide(ws: &mut xw::Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// `to` relative to directory `from`, with `/` between parts; None when
/// they share no root (another drive), or a part is not valid text.
pub(super) fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let absolute = |p: &Path| -> Option<PathBuf> {
        let p = std::path::absolute(p).ok()?;
        // Resolve symbolic links where the path exists, so both sides agree.
        Some(p.canonicalize().unwrap_or(p))
    };
    let (from, to) = (absolute(from)?, absolute(to)?);
    fn normal(p: &Path) -> Vec<Component<'_>> {
        let mut out: Vec<Component> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    }
    let (a, b) = (normal(&from), normal(&to));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Nothing in common, or only the root on Windows (another drive).
    if common == 0 || matches!(a.first(), Some(Component::Prefix(_))) && common < 2 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    for c in &b[common..] {
        parts.push(c.as_os_str().to_str()?.to_string());
    }
    Some(parts.join("/"))
}

/// Where a link to `l` goes: a cell of this workbook, or a file (and its cell) elsewhere.
fn link_target(
    l: &Location,
    report: &FileReport,
    written: &HashMap<&str, String>,
    out_dir: Option<&Path>,
) -> Option<String> {
    if l.file == report.path {
        if l.report.is_some() {
            return None;
        }
        return written
            .get(l.sheet.as_str())
            .map(|sheet| internal_link(sheet, l.cell));
    }
    let relative = relative_path(out_dir?, &l.file)?;
    // A file URL: `#` and `%` in a name would be read as its syntax.
    if relative.contains(['#', '%']) {
        return None;
    }
    Some(match &l.report {
        Some(_) => format!("file:///{relative}"),
        None => format!(
            "file:///{relative}#'{}'!{}",
            l.sheet.replace('\'', "''"),
            l.cell.a1()
        ),
    })
}

fn location_text(l: &Location, lang: Lang) -> String {
    match &l.report {
        Some(place) => format!("{} {}", file_label(&l.file), place.label(lang)),
        None => format!("{}!{}!{}", file_label(&l.file), l.sheet, l.cell.a1()),
    }
}

pub(super) fn write_audit_sheet(
    ws: &mut xw::Worksheet,
    report: &FileReport,
    written: &HashMap<&str, String>,
    out_dir: Option<&Path>,
    name: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let headers = match lang {
        Lang::Zh => AUDIT_HEADERS_ZH,
        Lang::En => AUDIT_HEADERS_EN,
    };
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let plain = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let error = plain.clone().set_background_color(Color::RGB(ERROR_FILL));
    let warning = plain.clone().set_background_color(Color::RGB(WARNING_FILL));
    let related_cols = report
        .findings
        .iter()
        .map(|f| f.related.len())
        .max()
        .unwrap_or(0)
        .clamp(1, MAX_RELATED_COLS);
    let ncols = RELATED_COL + related_cols;
    let mut widths: Vec<usize> = vec![0; ncols];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        widths[c] = display_width(h);
    }
    for c in headers.len()..ncols {
        ws.write_blank(0, c as u16, &bold)?;
    }

    if report.findings.len() as u64 + 1 > u64::from(MAX_ROWS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut links = 0usize;
    let mut write_link =
        |ws: &mut xw::Worksheet, row: u32, col: u16, target: Option<String>, text: &str| {
            let Some(target) = target.filter(|_| links < MAX_HYPERLINKS) else {
                return false;
            };
            let url = Url::new(target).set_text(text);
            if ws.write_url(row, col, url).is_ok() {
                links += 1;
                true
            } else {
                false
            }
        };
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        // A report's finding: its paragraph in the sheet column, the sentence in the cell column.
        let (sheet, cell) = match &f.location.report {
            Some(place) => (place.label(lang), place.quote.clone()),
            None => (f.location.sheet.clone(), f.location.cell.a1()),
        };
        let texts: [String; 9] = [
            f.rule.code().to_string(),
            f.severity().label(lang).to_string(),
            file_label(&f.location.file),
            sheet,
            cell,
            shown_value(&f.found, lang),
            f.expected
                .as_deref()
                .map_or_else(String::new, |e| shown_value(e, lang)),
            f.action_text(lang),
            f.message.get(lang).to_string(),
        ];
        for (c, text) in texts.iter().enumerate() {
            let format = match c {
                1 => match f.severity() {
                    Severity::Error => &error,
                    Severity::Warning => &warning,
                    Severity::Info => &plain,
                },
                5 | 6 | MESSAGE_COL => &wrap,
                _ => &plain,
            };
            if c != MESSAGE_COL {
                widths[c] = widths[c].max(text_width(text));
            }
            let col = c as u16;
            if c == CELL_COL {
                let target = link_target(&f.location, report, written, out_dir);
                if write_link(ws, row, col, target, text) {
                    continue;
                }
            }
            if !text.is_empty() {
                ws.write_string_with_format(row, col, truncate_utf16(text, MAX_STRING), format)?;
            }
        }
        // One related cell a column, each its own link; the last column takes any rest as text.
        for (k, l) in f.related.iter().enumerate().take(related_cols) {
            let col = (RELATED_COL + k) as u16;
            let rest = k + 1 == related_cols && f.related.len() > related_cols;
            let text = if rest {
                f.related[k..]
                    .iter()
                    .map(|l| location_text(l, lang))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                location_text(l, lang)
            };
            widths[RELATED_COL + k] = widths[RELATED_COL + k].max(text_width(&text));
            if !rest
                && write_link(
                    ws,
                    row,
                    col,
                    link_target(l, report, written, out_dir),
                    &text,
                )
            {
                continue;
            }
            ws.write_string_with_format(row, col, truncate_utf16(&text, MAX_STRING), &plain)?;
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
    ws.autofilter(0, 0, last_row, ncols as u16 - 1)?;
    for (c, w) in widths.into_iter().enumerate() {
        let width = match c {
            MESSAGE_COL => MESSAGE_WIDTH,
            5 | 6 => (w as f64 + 4.0).clamp(MIN_WIDTH, VALUE_WIDTH),
            _ => (w as f64 + 4.0).clamp(MIN_WIDTH, 40.0),
        };
        ws.set_column_width(c as u16, width)?;
    }
    print_wide(ws)?;
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
                Action::Waived => "已豁免",
            };
            assert_eq!(got(7), action);
            assert_eq!(got(8), f.message.zh);
        }
        assert_eq!(text(cell(&audit, c(2, 1))), "错误");
        assert_eq!(text(cell(&audit, c(5, 1))), "警告");
        assert_eq!(text(cell(&audit, c(6, 1))), "提示");
        assert_eq!(text(cell(&audit, c(2, 2))), "station.xlsx");
        assert_eq!(text(cell(&audit, c(7, 2))), "roster.xlsx");
        // One related cell a column, each a link.
        assert_eq!(text(cell(&audit, c(2, 9))), "station.xlsx!指标!B4");
        assert_eq!(text(cell(&audit, c(2, 10))), "station.xlsx!指标!C4");

        // Links to the cell, to the sanitized name, quotes doubled; none to another file.
        let links = book.hyperlinks_by_sheet_name("核对结果(2)").unwrap();
        let at = |row: u32| {
            links
                .iter()
                .find(|l| l.range.start == (row, 4))
                .and_then(|l| l.location.clone())
        };
        assert_eq!(at(1).as_deref(), Some("'指标'!D4"));
        let related = |row: u32, col: u32| {
            links
                .iter()
                .find(|l| l.range.start == (row, col))
                .and_then(|l| l.location.clone())
        };
        assert_eq!(related(1, 9).as_deref(), Some("'指标'!B4"));
        assert_eq!(related(1, 10).as_deref(), Some("'指标'!C4"));
        assert_eq!(related(6, 9).as_deref(), Some("'指标'!B4"));
        // The other file's cell: a file link relative to the corrected workbook.
        let other = links
            .iter()
            .find(|l| l.range.start == (6, 4))
            .expect("a link to the other file");
        assert_eq!(other.target.as_deref(), Some("roster.xlsx"), "{other:?}");
        assert_eq!(other.location.as_deref(), Some("'指标'!C2"), "{other:?}");
        let xml = zip_text(&out, "xl/worksheets/_rels/sheet6.xml.rels");
        assert!(xml.contains(r#"TargetMode="External""#), "{xml}");
        assert_eq!(at(7).as_deref(), Some("'Data_1_'!A1"));
        assert_eq!(at(8).as_deref(), Some("'O''Brien'!A1"));

        // The input's own 核对结果 sheet is untouched.
        let old = book.worksheet_range("核对结果").unwrap();
        assert_eq!(cell(&old, c(1, 0)), &Data::String("旧的核对结果".into()));
    }

    #[test]
    fn audit_sheet_wraps_shows_line_breaks_and_prints_wide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let wb = input(&path);
        let mut rep = report(&path);
        rep.findings[4].found = "协议量⏎（户）".into();
        let out = dir.path().join("out").join("station.xlsx");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        write(&wb, &rep, &out, Lang::Zh).unwrap();
        let mut book = open(&out);
        let audit = book.worksheet_range("核对结果(2)").unwrap();
        assert_eq!(text(cell(&audit, c(6, 5))), "协议量\n（户）");
        let styles = book.worksheet_style("核对结果(2)").unwrap();
        for col in [5, 6, 8] {
            let wrap = styles
                .get((1, col))
                .and_then(|s| s.alignment.clone())
                .is_some_and(|a| a.wrap_text);
            assert!(wrap, "column {col} wraps");
        }
        let xml = zip_text(&out, "xl/worksheets/sheet6.xml");
        assert!(xml.contains(r#"orientation="landscape""#), "{xml}");
        assert!(xml.contains(r#"fitToHeight="0""#), "{xml}");
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{xml}");
        let data = zip_text(&out, "xl/worksheets/sheet5.xml");
        assert!(data.contains(r#"orientation="landscape""#), "{data}");
        let names = zip_text(&out, "xl/workbook.xml");
        assert!(
            names.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="5">'核对结果(2)'!$1:$1</definedName>"#),
            "{names}"
        );
        // The other file, one folder up from the corrected workbook.
        let rels = zip_text(&out, "xl/worksheets/_rels/sheet6.xml.rels");
        assert!(rels.contains(r#"Target="../roster.xlsx""#), "{rels}");
    }

    #[test]
    fn relative_paths() {
        use super::relative_path;
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(
            relative_path(&base.join("out/a"), &base.join("in/b.xlsx")).as_deref(),
            Some("../../in/b.xlsx")
        );
        assert_eq!(
            relative_path(&base, &base.join("b.xlsx")).as_deref(),
            Some("b.xlsx")
        );
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
