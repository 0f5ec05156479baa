//! Batches run through the real binary: folders walked, cross-period findings
//! on consecutive months (fixtures/periods), the summary read back, and one
//! unreadable file among good ones.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::hedui;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// (file name below fixtures/periods, rule, cell, related file name below fixtures/periods, related cell).
fn period_findings(report: &Value) -> Vec<(String, String, String, String, String)> {
    let base = fixtures().join("periods");
    let short = |p: &str| {
        Path::new(p)
            .strip_prefix(&base)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| p.to_string())
    };
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for f in file["findings"].as_array().expect("findings") {
            let related = &f["related"][0];
            out.push((
                short(file["path"].as_str().expect("path")),
                f["rule"].as_str().expect("rule").to_string(),
                f["cell"].as_str().expect("cell").to_string(),
                short(related["file"].as_str().unwrap_or_default()),
                related["cell"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

fn strings(t: &[&str; 5]) -> (String, String, String, String, String) {
    (
        t[0].to_string(),
        t[1].to_string(),
        t[2].to_string(),
        t[3].to_string(),
        t[4].to_string(),
    )
}

#[test]
fn consecutive_months_give_exactly_the_planted_period_findings() {
    let output = hedui()
        .args(["check", "--format", "json", "--quiet"])
        .arg(fixtures().join("periods"))
        .output()
        .expect("runs");
    // P001 is an error-level finding: exit 1, not 2 (every file was read).
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["files"].as_array().map(Vec::len), Some(8));
    let expected = [
        [
            "chigang/2024-04.xlsx",
            "P001",
            "C6",
            "chigang/2024-03.xlsx",
            "C6",
        ],
        [
            "chigang/2024-05.xlsx",
            "P002",
            "E5",
            "chigang/2024-04.xlsx",
            "E5",
        ],
        [
            "chigang/2024-05.xlsx",
            "P006",
            "E8",
            "chigang/2024-04.xlsx",
            "E8",
        ],
        [
            "vanish/2024-04.xlsx",
            "P004",
            "A7",
            "vanish/2024-03.xlsx",
            "A7",
        ],
        [
            "vanish/2024-04.xlsx",
            "P006",
            "B7",
            "vanish/2024-03.xlsx",
            "B8",
        ],
        [
            "vanish/2024-04.xlsx",
            "P006",
            "E7",
            "vanish/2024-03.xlsx",
            "E8",
        ],
    ];
    assert_eq!(
        period_findings(&report),
        expected.iter().map(strings).collect::<Vec<_>>()
    );
    // Not a terminal: no progress bar on stderr.
    assert!(!String::from_utf8_lossy(&output.stderr).contains('['));
}

#[test]
fn the_summary_workbook_has_a_row_per_file_and_ranks_the_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("汇总.xlsx");
    hedui()
        .args(["check", "--quiet", "--summary"])
        .arg(&summary)
        .arg(fixtures().join("periods"))
        .assert()
        .code(1);
    let mut book: Xlsx<_> = open_workbook(&summary).expect("summary workbook");
    let rows = book.worksheet_range("汇总").expect("汇总 sheet");
    let header: Vec<String> = rows
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..9],
        [
            "文件",
            "站点",
            "站点来源",
            "期间",
            "期间来源",
            "表格数",
            "错误",
            "警告",
            "提示"
        ]
    );
    // The rules that fired get a column each, in registry order.
    assert_eq!(&header[9..13], ["P001", "P002", "P004", "P006"]);
    let lines: Vec<Vec<Data>> = rows.rows().skip(1).map(<[Data]>::to_vec).collect();
    assert_eq!(lines.len(), 8);
    let row = |file: &str| {
        lines
            .iter()
            .find(|r| r[0].to_string().ends_with(file))
            .unwrap_or_else(|| panic!("no row for {file}"))
    };
    let may = row("chigang/2024-05.xlsx");
    assert_eq!(may[1].to_string(), "赤岗街");
    assert_eq!(may[2].to_string(), "内容 附件1!A1");
    assert_eq!(may[3].to_string(), "2024-05");
    assert_eq!(may[4].to_string(), "内容 附件1!A2");
    // Its district's changed target is a warning; the total that follows it, a note (P006).
    assert_eq!(
        (
            may[5].get_float(),
            may[7].get_float(),
            may[10].get_float(),
            may[12].get_float()
        ),
        (Some(1.0), Some(1.0), Some(1.0), Some(1.0))
    );
    // The clean April file has no 统计时间 line: its month comes from its name.
    let april = row("clean/2024-04.xlsx");
    assert_eq!(
        (april[3].to_string().as_str(), april[4].to_string().as_str()),
        ("2024-04", "路径")
    );

    let ranking = book.worksheet_range("规则排行").expect("规则排行 sheet");
    let ranked: Vec<(String, f64, f64)> = ranking
        .rows()
        .skip(1)
        .map(|r| {
            (
                r[1].to_string(),
                r[4].get_float().unwrap_or(-1.0),
                r[5].get_float().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        // Errors, warnings, then notes, each by how often it fires.
        [
            ("P001".to_string(), 1.0, 1.0),
            ("P002".to_string(), 1.0, 1.0),
            ("P004".to_string(), 1.0, 1.0),
            ("P006".to_string(), 3.0, 2.0)
        ]
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(summary.with_extension("json")).expect("summary JSON"),
    )
    .expect("valid JSON");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(8));
    assert_eq!(json["ranking"][0]["rule"], "P001");
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = dir.path().join("鹭江街");
    std::fs::create_dir(&station).expect("folder");
    for month in ["2024-03.xlsx", "2024-04.xlsx", "2024-05.xlsx"] {
        std::fs::copy(
            fixtures().join("periods/clean").join(month),
            station.join(month),
        )
        .expect("copy fixture");
    }
    std::fs::write(station.join("2024-06.xlsx"), b"PK\x03\x04 not really a zip").expect("write");
    // Lock files and other files are not inputs, but named as set aside. (A
    // .docx or .pdf is: a station's written report, checked against the
    // workbooks beside it, issue 9; a Word lock file is not.)
    std::fs::write(station.join("~$2024-05.xlsx"), b"lock").expect("write");
    std::fs::write(station.join("~$报告.docx"), b"lock").expect("write");
    std::fs::write(station.join("照片.jpg"), b"jpg").expect("write");
    let output = hedui()
        .args(["check", "--format", "json", "--quiet"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let files = report["files"].as_array().expect("files");
    let names: Vec<(&str, bool, bool)> = files
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or_default();
            (
                path.rsplit('/').next().unwrap_or(path),
                f["error"].is_string(),
                f["skipped"].is_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("2024-03.xlsx", false, false),
            ("2024-04.xlsx", false, false),
            ("2024-05.xlsx", false, false),
            ("2024-06.xlsx", true, false),
            ("~$2024-05.xlsx", false, true),
            ("~$报告.docx", false, true),
            ("照片.jpg", false, true),
        ]
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("2024-06.xlsx"));
}

#[test]

fn fix_mirrors_the_tree_and_writes_nothing_outside_the_output_folder() {
    let input = tempfile::tempdir().expect("temp dir");
    for (folder, month) in [("chigang", "2024-04.xlsx"), ("vanish", "2024-03.xlsx")] {
        let dir = input.path().join(folder);
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::copy(
            fixtures().join("periods").join(folder).join(month),
            dir.join(month),
        )
        .expect("copy fixture");
    }
    let before = listing(input.path());
    let out = tempfile::tempdir().expect("temp dir");
    let out_dir = out.path().join("corrected");
    hedui()
        .args(["fix", "--quiet"])
        .arg(input.path())
        .arg("-o")
        .arg(&out_dir)
        .assert()
        .code(0);
    assert_eq!(
        listing(input.path()),
        before,
        "the input folder is untouched"
    );
    assert_eq!(
        listing(out.path()),
        [
            "corrected",
            "corrected/chigang",
            "corrected/chigang/2024-04.xlsx",
            "corrected/vanish",
            "corrected/vanish/2024-03.xlsx",
            "corrected/汇总.json",
            "corrected/汇总.xlsx",
        ]
    );
    // The summary is an ordinary file like the corrected workbooks, not a private temp file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| {
            std::fs::metadata(out_dir.join(p))
                .expect("written")
                .permissions()
                .mode()
        };
        let workbook = mode("chigang/2024-04.xlsx");
        assert_eq!(mode("汇总.xlsx"), workbook);
        assert_eq!(mode("汇总.json"), workbook);
    }
}

/// Every path below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_leaver_back_in_a_later_roster_is_p003_in_both_files() {
    let output = hedui()
        .args(["check", "--format", "json", "--quiet"])
        .arg(fixtures().join("periods_roster"))
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["findings"].as_array().map(Vec::len), Some(0));
    let later: Vec<(&str, &str, &str, &str)> = files[1]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default(),
                f["cell"].as_str().unwrap_or_default(),
                f["related"][0]["file"].as_str().unwrap_or_default(),
                f["related"][0]["cell"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let earlier = fixtures().join("periods_roster/赤岗街/2024-01.xlsx");
    let earlier = earlier.to_str().expect("utf-8 path");
    // Her extra month also raises the stated 实到 (A011), which has no related cell.
    assert_eq!(
        later,
        [("P003", "AE25", earlier, "AQ25"), ("A011", "G32", "", "")]
    );
    assert_eq!(output.status.code(), Some(1));
}
