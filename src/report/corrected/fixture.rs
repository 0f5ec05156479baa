//! The workbook and report the corrected workbook's tests share, and helpers
//! to read the output back.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{open_workbook, Data, Xlsx};
use rust_decimal::Decimal;

use super::{write, AUDIT_SHEET};
use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Location, Message};
use crate::report::{DataSheet, Datum, FileReport};
use crate::workbook::Format as InputFormat;
use crate::workbook::{CellRange, CellRef, Sheet, Value, Workbook};
use crate::Lang;

pub fn c(a1_row: u32, col: u32) -> CellRef {
    CellRef::new(a1_row - 1, col)
}

pub fn range(a: CellRef, b: CellRef) -> CellRange {
    CellRange::new(a, b)
}

/// An indicator sheet with merges, formulas, formats and awkward values,
/// a sheet already called 核对结果, one whose name Excel rejects and one
/// with a quote in its name.
pub fn input(path: &Path) -> Workbook {
    let mut s = Sheet::new("指标", 6, 6);
    s.set(c(1, 0), Value::Text("指标完成情况统计表".into()));
    s.merges.push(range(c(1, 0), c(1, 5)));
    s.set(c(2, 0), Value::Text("片区".into()));
    s.set(c(2, 1), Value::Text("电访".into()));
    s.merges.push(range(c(2, 1), c(2, 3)));
    // Overlaps both merges above, and a single cell: both skipped.
    s.merges.push(range(c(1, 0), c(2, 1)));
    s.merges.push(range(c(6, 4), c(6, 4)));
    s.set(c(3, 1), Value::Text("协议量".into()));
    s.set(c(3, 2), Value::Text("完成量".into()));
    s.set(c(3, 3), Value::Text("百分比".into()));
    s.set(c(4, 0), Value::Text("片区3 (毛坦)".into()));
    s.set(c(4, 1), Value::Number(650.0));
    s.set(c(4, 2), Value::Number(700.0));
    s.set(c(4, 3), Value::Text("111.11%".into()));
    s.set(c(4, 4), Value::Text("=1+1".into()));
    s.set(c(4, 5), Value::Bool(true));
    s.set(c(5, 0), Value::Text("合计".into()));
    s.set(c(5, 1), Value::Number(500000.0));
    s.set(c(5, 2), Value::Number(19458011.0));
    s.set(c(5, 4), Value::Date(45000.0));
    s.set(c(5, 5), Value::Error("#DIV/0!".into()));
    s.set(c(6, 1), Value::Number(500650.0));
    s.formulas.insert(c(6, 1), "SUM(B4:B5)".into());
    s.set(c(6, 4), Value::Number(3.25));
    s.set_number_format(c(6, 4), "0.0");
    s.set(c(6, 5), Value::Text("-note".into()));
    s.set(c(6, 0), Value::Text("+86 20".into()));

    let mut clash = Sheet::new(AUDIT_SHEET, 1, 1);
    clash.set(c(1, 0), Value::Text("旧的核对结果".into()));
    let mut bad = Sheet::new("Data[1]", 1, 1);
    bad.set(c(1, 0), Value::Number(7.0));
    let mut quoted = Sheet::new("O'Brien", 1, 1);
    quoted.set(c(1, 0), Value::Text("@home".into()));

    Workbook {
        path: path.to_path_buf(),
        format: InputFormat::Xlsx,
        sheets: vec![s, clash, bad, quoted],
        generated: Vec::new(),
    }
}

pub fn loc(file: &Path, sheet: &str, cell: CellRef) -> Location {
    Location::new(file, sheet, cell)
}

pub fn report(path: &Path) -> FileReport {
    let other = path.with_file_name("roster.xlsx");
    let findings = vec![
        Finding::new(
            Rule::RateMismatch,
            loc(path, "指标", c(4, 3)),
            "111.11%",
            Message::new("完成率应为 107.69%", "The rate should be 107.69%"),
        )
        .expected("107.69%")
        .related(loc(path, "指标", c(4, 1)))
        .related(loc(path, "指标", c(4, 2)))
        .corrected(Correction {
            value: Corrected::Number(Decimal::from_str("1.0769").unwrap()),
            formula: Some("C4/B4".into()),
            number_format: Some("0.00%".into()),
        }),
        Finding::new(
            Rule::ScaleError,
            loc(path, "指标", c(5, 2)),
            "19458011",
            Message::new("疑似小数点错位", "Looks like a lost decimal point"),
        )
        .expected("194580.11"),
        Finding::new(
            Rule::FractionalCount,
            loc(path, "指标", c(5, 2)),
            "19458011",
            Message::new("第二条", "Second finding"),
        ),
        Finding::new(
            Rule::DistrictUnknown,
            loc(path, "指标", c(4, 0)),
            "片区3 (毛坦)",
            Message::new("片区名称无法匹配", "Unknown district"),
        ),
        Finding::new(
            Rule::HeaderNormalized,
            loc(path, "指标", c(3, 1)),
            "协议量",
            Message::new("表头已规范化", "Header normalized"),
        ),
        Finding::new(
            Rule::StaffCountMismatch,
            loc(&other, "指标", c(2, 2)),
            "20",
            Message::new("到岗人数不符", "Staff count differs"),
        )
        .expected("18")
        .related(loc(path, "指标", c(4, 1))),
        Finding::new(
            Rule::NegativeCount,
            loc(path, "Data[1]", c(1, 0)),
            "7",
            Message::new("负数", "Negative"),
        ),
        Finding::new(
            Rule::NegativeCount,
            loc(path, "O'Brien", c(1, 0)),
            "@home",
            Message::new("负数", "Negative"),
        ),
    ];
    FileReport {
        path: path.to_path_buf(),
        tables: Vec::new(),
        findings,
        generated_sheets: Vec::new(),
        data_sheets: vec![DataSheet {
            name: "规范化数据".into(),
            headers: vec!["片区".into(), "完成量".into(), "完成率".into()],
            rows: vec![
                vec![
                    Datum::Text("片区3".into()),
                    Datum::Number(Decimal::from(700)),
                    Datum::Percent(Decimal::from_str("1.0769").unwrap()),
                ],
                vec![Datum::Text("=A1".into()), Datum::Empty, Datum::Empty],
            ],
        }],
    }
}

pub fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("the output opens")
}

pub fn cell(r: &calamine::Range<Data>, at: CellRef) -> &Data {
    r.get_value((at.row, at.col)).unwrap_or(&Data::Empty)
}

/// A number stored as a number (not text that parses as one).
pub fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every file of the zip whose name starts with `prefix`, concatenated.
pub fn zip_text(path: &Path, prefix: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().is_ok_and(|n| n.starts_with(prefix)) {
            entry.read_to_string(&mut all).unwrap();
        }
    }
    all
}

pub fn setup(lang: Lang) -> (tempfile::TempDir, Workbook, FileReport, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.xlsx");
    let wb = input(&path);
    let rep = report(&path);
    let out = dir.path().join("station.corrected.xlsx");
    write(&wb, &rep, &out, lang).expect("written");
    (dir, wb, rep, out)
}
