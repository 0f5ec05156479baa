//! Helpers shared by the integration tests: run the real binary on a fixture
//! and read its JSON report or the workbook it wrote.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

pub fn hedui() -> Command {
    Command::cargo_bin("hedui").expect("the hedui binary is built for integration tests")
}

/// Runs `hedui check --format json` on the files and returns the parsed report and the exit code.
pub fn check_json(files: &[&Path], extra: &[&str]) -> (Value, i32) {
    let output = hedui()
        .arg("check")
        .args(files)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("hedui runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report: {e}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code().unwrap_or(-1))
}

/// A finding reduced to what a test asserts: rule, sheet, cell, found, expected.
pub type Row = (String, String, String, String, Option<String>);

pub fn row(rule: &str, sheet: &str, cell: &str, found: &str, expected: Option<&str>) -> Row {
    (
        rule.to_string(),
        sheet.to_string(),
        cell.to_string(),
        found.to_string(),
        expected.map(str::to_string),
    )
}

/// The findings of the report's `file_index`th file whose severity is one of `severities`.
pub fn findings(report: &Value, file_index: usize, severities: &[&str]) -> BTreeSet<Row> {
    report["files"][file_index]["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| severities.contains(&f["severity"].as_str().unwrap_or_default()))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["sheet"].as_str().unwrap_or_default().to_string(),
                f["cell"].as_str().unwrap_or_default().to_string(),
                f["found"].as_str().unwrap_or_default().to_string(),
                f["expected"].as_str().map(str::to_string),
            )
        })
        .collect()
}

pub const ABOVE_INFO: &[&str] = &["error", "warning"];
pub const ALL: &[&str] = &["error", "warning", "info"];

/// Every non-empty cell of every sheet, as (sheet, row, col) → value shown as text.
pub fn cells(path: &Path) -> Vec<(String, u32, u32, String)> {
    let mut book = open_workbook_auto(path).expect("workbook opens");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet reads");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            if *v != Data::Empty {
                out.push((name.clone(), r0 + r as u32, c0 + c as u32, v.to_string()));
            }
        }
    }
    out
}
