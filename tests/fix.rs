//! `hedui fix` end to end: the corrected workbook read back with calamine holds
//! every input value, the corrections as formulas, and an audit sheet that says what the JSON says.

mod common;

use std::collections::{BTreeSet, HashMap};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

struct Fixed {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
    json: serde_json::Value,
}

fn fix(relative: &str) -> Fixed {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corrected.xlsx");
    let input = fixture(relative);
    hedui()
        .args(["fix"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(predicates::ord::le(1));
    let (json, _) = check_json(&[&input], &[]);
    Fixed {
        _dir: dir,
        out,
        json,
    }
}

fn corrected_cells(json: &serde_json::Value) -> BTreeSet<(String, String)> {
    json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["action"] == "corrected")
        .map(|f| {
            (
                f["sheet"].as_str().unwrap_or_default().to_string(),
                f["cell"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn a1(row: u32, col: u32) -> String {
    let mut n = col + 1;
    let mut letters = String::new();
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[test]
fn every_input_value_survives_or_is_a_listed_correction() {
    for relative in [
        "indicators/chigang_2024.xlsx",
        "indicators/variant_text_numbers.xlsx",
        "indicators/libreoffice/chigang_2024.ods",
    ] {
        let fixed = fix(relative);
        let corrected = corrected_cells(&fixed.json);
        let output: HashMap<(String, u32, u32), String> = cells(&fixed.out)
            .into_iter()
            .map(|(s, r, c, v)| ((s, r, c), v))
            .collect();
        for (sheet, row, col, value) in cells(&fixture(relative)) {
            let key = (sheet.clone(), row, col);
            if corrected.contains(&(sheet.clone(), a1(row, col))) {
                continue;
            }
            assert_eq!(
                output.get(&key),
                Some(&value),
                "{relative}: {sheet}!{}",
                a1(row, col)
            );
        }
    }
}

#[test]
fn corrections_are_formulas_with_cached_values() {
    let fixed = fix("indicators/chigang_2024.xlsx");
    let mut book: Xlsx<_> = open_workbook(&fixed.out).expect("corrected workbook opens");
    let values = book.worksheet_range("附件1").expect("sheet");
    let formulas = book.worksheet_formula("附件1").expect("formulas");
    let formula_at = |row: u32, col: u32| {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        formulas
            .get(((row - r0) as usize, (col - c0) as usize))
            .cloned()
            .unwrap_or_default()
    };
    // H7: 700/650, F8: the districts' sum, H8: 3111 over the corrected total (R003, a knock-on of F8).
    assert_eq!(formula_at(6, 7), "G7/F7");
    assert!(
        matches!(values.get_value((6, 7)), Some(Data::Float(v)) if (v - 700.0 / 650.0).abs() < 1e-9)
    );
    assert_eq!(formula_at(7, 5), "SUM(F5:F7)");
    assert!(matches!(values.get_value((7, 5)), Some(Data::Float(v)) if *v == 3020.0));
    assert_eq!(formula_at(7, 7), "G8/F8");
    assert!(
        matches!(values.get_value((7, 7)), Some(Data::Float(v)) if (v - 3111.0 / 3020.0).abs() < 1e-9)
    );
    // The look-alike community is corrected in the label; the lost decimal point is not touched.
    assert_eq!(
        values.get_value((5, 0)),
        Some(&Data::String("片区2 (毛纺、竹园等 社区)".into()))
    );
    assert!(matches!(values.get_value((19, 7)), Some(Data::Float(v)) if *v == 19458011.0));
}

#[test]
fn the_audit_sheet_says_what_the_json_says() {
    for relative in [
        "indicators/chigang_2024.xlsx",
        "indicators/variant_text_numbers.xlsx",
    ] {
        let fixed = fix(relative);
        let mut book: Xlsx<_> = open_workbook(&fixed.out).expect("opens");
        assert!(book.sheet_names().contains(&"规范化数据".to_string()));
        let audit = book.worksheet_range("核对结果").expect("audit sheet");
        let text = |d: &Data| match d {
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        let rows: Vec<Vec<String>> = audit
            .rows()
            .skip(1)
            .map(|r| r.iter().map(text).collect())
            .collect();
        let findings = fixed.json["files"][0]["findings"]
            .as_array()
            .expect("findings");
        assert_eq!(rows.len(), findings.len(), "{relative}");
        for (sheet_row, finding) in rows.iter().zip(findings) {
            let s = |key: &str| finding[key].as_str().unwrap_or_default().to_string();
            assert_eq!(sheet_row[0], s("rule"));
            assert_eq!(sheet_row[3], s("sheet"));
            assert_eq!(sheet_row[4], s("cell"));
            // The sheet shows a line break where the terminal and JSON show ⏎.
            assert_eq!(sheet_row[5], s("found").replace('⏎', "\n"));
            assert_eq!(sheet_row[6], s("expected").replace('⏎', "\n"));
            assert_eq!(sheet_row[8], s("message"));
            let action = match s("action").as_str() {
                "corrected" => "已更正",
                "flagged" => "已标注",
                _ => "无",
            };
            assert_eq!(sheet_row[7], action);
        }
    }
}

#[test]
fn the_input_is_never_written_and_cannot_be_the_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xlsx");
    std::fs::copy(fixture("indicators/chigang_2024.xlsx"), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .code(2);
    hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out.xlsx"))
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&input).expect("read"), before);
}
