//! The corrected workbook: every input sheet reproduced, corrections written
//! as formulas with cached results, flagged cells highlighted with a note,
//! the normalized data sheets, and the audit sheet 核对结果.
//!
//! Colours: corrected cells are light green (#C6EFCE), cells flagged by a
//! warning light yellow (#FFEB9C), by an error light red (#FFC7CE). A cell
//! with several findings gets one note listing them all and the strongest
//! colour (error flag > warning flag > correction). Info findings with no
//! correction are listed in the audit sheet only.
//!
//! An xlsx or ods input's cell styles (font, borders, fill, alignment, wrap,
//! protection) are carried over; a highlight's fill and a correction's number
//! format win over the input's. So are its layout and page setup where the
//! file gives them (`Sheet::layout`, read in src/read/xlsx.rs and ods.rs):
//! column widths, row heights, hidden rows and columns, print area and
//! titles, orientation, paper, scale or fit, margins. Widths are computed from
//! what is shown only for a file that gives none (.xls, csv). A corrected
//! `A/B` caches the double division, as Excel would. The added sheets print
//! landscape on A4, one page wide, their header row on every page.
//!
//! By concern: save.rs (the atomic save and the output-is-input guard),
//! sheet_names.rs, style.rs (formats and the input's styles), input_sheet.rs,
//! widths.rs, data_sheet.rs, audit.rs (the audit sheet).

mod audit;
mod data_sheet;
#[cfg(test)]
mod fixture;
mod input_sheet;
mod save;
mod sheet_names;
mod style;
mod widths;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_xlsxwriter as xw;
use rust_xlsxwriter::Note;

use crate::codes::Severity;
use crate::error::Error;
use crate::findings::{Action, Finding};
use crate::report::FileReport;
use crate::workbook::{CellRef, Workbook};
use crate::Lang;

use audit::write_audit_sheet;
use input_sheet::write_input_sheet;
use save::save_atomic;
pub use save::{is_same_file, write_atomic, Failure};
use sheet_names::SheetNames;
use style::Formats;
use widths::{display_width, truncate_utf16};

/// The audit sheet's name, in both languages, so tools can find it.
pub const AUDIT_SHEET: &str = "核对结果";

/// Fill of a cell holding a correction.
pub const CORRECTED_FILL: u32 = 0xC6EFCE;
/// Fill of a cell flagged by a warning.
pub const WARNING_FILL: u32 = 0xFFEB9C;
/// Fill of a cell flagged by an error.
pub const ERROR_FILL: u32 = 0xFFC7CE;

const DATE_FORMAT: &str = "yyyy-mm-dd";
const PERCENT_FORMAT: &str = "0.00%";
/// Excel's limits.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;
const MAX_STRING: usize = 32_767;
const MAX_NOTE: usize = MAX_STRING - 54;
const MAX_HYPERLINKS: usize = 65_530;
const MAX_SHEET_NAME: usize = 31;
/// Records on one long-form sheet: Excel's rows less the header.
const DATA_ROWS: usize = MAX_ROWS as usize - 1;
/// Above this many records a long-form sheet is written in constant memory.
const CONSTANT_MEMORY_ROWS: usize = 20_000;
const MAX_WIDTH: f64 = 50.0;
const MIN_WIDTH: f64 = 8.43;

/// Writes the corrected workbook to `out`, atomically.
pub fn write(input: &Workbook, report: &FileReport, out: &Path, lang: Lang) -> Result<(), Error> {
    if is_same_file(&input.path, out) {
        return Err(Error::OutputIsInput(out.to_path_buf()));
    }
    let mut book =
        build(input, report, out.parent(), lang).map_err(|e| Error::Write(out.to_path_buf(), e))?;
    save_atomic(&mut book, out)
}

/// The corrected workbook as the bytes of an .xlsx file, the same workbook
/// [`write`] saves (the page offers it as a download). `out_dir` is the folder
/// it will be saved in, for links to other files' cells; None leaves those out.
pub fn to_bytes(
    input: &Workbook,
    report: &FileReport,
    out_dir: Option<&Path>,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    let write_error = |e: String| Error::Write(input.path.clone(), e);
    let mut book = build(input, report, out_dir, lang).map_err(write_error)?;
    book.save_to_buffer()
        .map_err(|e| write_error(e.to_string()))
}

/// How a cell is annotated: the findings applied to it, in report order.
struct Annotation<'a> {
    findings: Vec<&'a Finding>,
}

impl Annotation<'_> {
    fn correction(&self) -> Option<&crate::findings::Correction> {
        self.findings.iter().find_map(|f| f.correction.as_ref())
    }

    /// The strongest fill: error flag > warning flag > correction.
    fn fill(&self) -> Option<u32> {
        let rank = |f: &&Finding| match (f.action(), f.severity()) {
            (Action::Flagged, Severity::Error) => 3,
            (Action::Flagged, _) => 2,
            (Action::Corrected, _) => 1,
            (Action::None | Action::Waived, _) => 0,
        };
        match self.findings.iter().map(rank).max() {
            Some(3) => Some(ERROR_FILL),
            Some(2) => Some(WARNING_FILL),
            Some(1) => Some(CORRECTED_FILL),
            _ => None,
        }
    }

    fn note(&self, lang: Lang) -> Note {
        let blocks: Vec<String> = self.findings.iter().map(|f| note_block(f, lang)).collect();
        let joined = blocks.join("\n\n");
        let text = truncate_utf16(&joined, MAX_NOTE);
        // Roughly 40 columns of Latin text per line at 320 px.
        let lines: usize = text
            .lines()
            .map(|l| 1 + display_width(l) / 40)
            .sum::<usize>()
            .max(1);
        let height = (lines as u32 * 16 + 12).clamp(60, 600);
        Note::new(text)
            .set_author("hedui")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(height)
    }
}

fn note_block(f: &Finding, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "【{} {}｜{}】{}\n原值：{}",
            f.rule.code(),
            f.severity().label(lang),
            f.action_text(lang),
            f.message.get(lang),
            audit::shown_value(&f.found, lang)
        ),
        Lang::En => format!(
            "[{} {}, {}] {}\nFound: {}",
            f.rule.code(),
            f.severity().label(lang),
            f.action_text(lang),
            f.message.get(lang),
            audit::shown_value(&f.found, lang)
        ),
    };
    if let Some(expected) = &f.expected {
        s.push_str(match lang {
            Lang::Zh => "\n应为：",
            Lang::En => "\nExpected: ",
        });
        s.push_str(&audit::shown_value(expected, lang));
    }
    s
}

fn build(
    input: &Workbook,
    report: &FileReport,
    out_dir: Option<&Path>,
    lang: Lang,
) -> Result<xw::Workbook, String> {
    // A sheet Excel cannot hold (a CSV of more rows than a worksheet has) is
    // said at once, before anything is built; the long form splits instead.
    if let Some(sheet) = input
        .sheets
        .iter()
        .find(|s| s.height > MAX_ROWS || s.width > MAX_COLS)
    {
        return Err(match lang {
            Lang::Zh => format!(
                "工作表“{}”有 {} 行、{} 列，超过 Excel 工作表的上限（1048576 行、16384 列），无法写成 .xlsx；请拆分后再更正（check 仍可核对）",
                sheet.name, sheet.height, sheet.width
            ),
            Lang::En => format!(
                "sheet \"{}\" has {} rows and {} columns, more than an Excel worksheet holds (1048576 rows, 16384 columns); split it to correct it (check still checks it)",
                sheet.name, sheet.height, sheet.width
            ),
        });
    }
    let mut book = xw::Workbook::new();
    let mut names = SheetNames::default();

    // Input sheets keep their names unless Excel rejects them.
    let mut written: HashMap<&str, String> = HashMap::new();
    let input_names: Vec<String> = input
        .sheets
        .iter()
        .map(|s| {
            let name = names.claim_input(&s.name);
            written
                .entry(s.name.as_str())
                .or_insert_with(|| name.clone());
            name
        })
        .collect();
    // A long form that cannot fit one sheet (Excel's 1,048,576 rows, the
    // header among them) continues on 规范化数据(2), (3)…: decided here,
    // before anything is written.
    let data_names: Vec<Vec<String>> = report
        .data_sheets
        .iter()
        .map(|d| {
            (0..data_sheet::parts(d.rows.len(), DATA_ROWS))
                .map(|_| names.claim_generated(&d.name))
                .collect()
        })
        .collect();
    let audit_name = names.claim_generated(AUDIT_SHEET);
    // The sheets added here, named in the workbook, so that a check of the
    // corrected workbook reads the station's sheets only.
    let added: Vec<&str> = data_names
        .iter()
        .flatten()
        .chain(std::iter::once(&audit_name))
        .map(String::as_str)
        .collect();
    book.set_properties(&xw::DocProperties::new().set_custom_property(
        crate::read::GENERATED_SHEETS_PROPERTY,
        added.join("/").as_str(),
    ));

    // Findings applied to the input sheets, by sheet and cell.
    let mut by_sheet: HashMap<&str, BTreeMap<CellRef, Annotation>> = HashMap::new();
    for f in &report.findings {
        if f.location.file != report.path || f.action() == Action::None {
            continue;
        }
        let Some(sheet) = input.sheet(&f.location.sheet) else {
            continue;
        };
        by_sheet
            .entry(sheet.name.as_str())
            .or_default()
            .entry(f.location.cell)
            .or_insert_with(|| Annotation {
                findings: Vec::new(),
            })
            .findings
            .push(f);
    }

    let mut formats = Formats::default();
    for (sheet, name) in input.sheets.iter().zip(&input_names) {
        let ws = book.add_worksheet();
        let annotations = by_sheet.remove(sheet.name.as_str()).unwrap_or_default();
        write_input_sheet(ws, sheet, name, annotations, &mut formats, lang)
            .map_err(|e| format!("{}: {e}", sheet.name))?;
    }
    for (data, names) in report.data_sheets.iter().zip(&data_names) {
        data_sheet::write_long_form(&mut book, data, names, DATA_ROWS, CONSTANT_MEMORY_ROWS)?;
    }
    let ws = book.add_worksheet();
    write_audit_sheet(ws, report, &written, out_dir, &audit_name, lang)
        .map_err(|e| format!("{audit_name}: {e}"))?;
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use crate::Lang;
    use calamine::Reader;

    #[test]
    fn a_sheet_excel_cannot_hold_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("长表.csv");
        let mut wb = input(&path);
        wb.sheets
            .push(crate::workbook::Sheet::new("长表", super::MAX_ROWS + 1, 1));
        let out = dir.path().join("out.xlsx");
        match super::write(&wb, &report(&path), &out, Lang::Zh) {
            Err(error @ crate::error::Error::Write(..)) => {
                let message = error.message(Lang::Zh);
                assert!(
                    message.contains("工作表“长表”有 1048577 行") && message.contains("请拆分"),
                    "{message}"
                );
            }
            other => panic!("expected a write error, got {other:?}"),
        }
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn notes_list_every_finding_on_a_cell() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let notes = zip_text(&out, "xl/comments");
        assert!(notes.contains("R001"), "{notes}");
        assert!(notes.contains("原值：111.11%"));
        assert!(notes.contains("应为：107.69%"));
        assert!(notes.contains("完成率应为 107.69%"));
        assert!(notes.contains("已更正"));
        // Both findings on C5 in one note.
        let s001 = notes.find("S001").expect("S001 noted");
        let v004 = notes.find("V004").expect("V004 noted");
        let between = &notes[s001.min(v004)..s001.max(v004)];
        assert!(!between.contains("</comment>"), "one note for C5");
        // The info finding gets no note; the other file's finding neither.
        assert!(!notes.contains("H003"));
        assert!(!notes.contains("X001"));
    }

    #[test]
    fn english_notes_and_headers() {
        let (_dir, _, _, out) = setup(Lang::En);
        let notes = zip_text(&out, "xl/comments");
        assert!(notes.contains("Found: 111.11%"));
        assert!(notes.contains("Expected: 107.69%"));
        assert!(notes.contains("The rate should be 107.69%"));
        let mut book = open(&out);
        let audit = book.worksheet_range("核对结果(2)").unwrap();
        let header: Vec<String> = (0..10).map(|col| text(cell(&audit, c(1, col)))).collect();
        assert_eq!(
            header,
            [
                "Rule",
                "Severity",
                "File",
                "Sheet",
                "Cell",
                "Found",
                "Expected",
                "Action",
                "Message",
                "Related cells"
            ]
        );
        assert_eq!(text(cell(&audit, c(2, 1))), "error");
        assert_eq!(text(cell(&audit, c(2, 7))), "corrected");
        assert_eq!(text(cell(&audit, c(3, 7))), "flagged");
        assert_eq!(text(cell(&audit, c(6, 7))), "none");
    }
}
