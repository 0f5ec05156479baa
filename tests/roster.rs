//! The attendance-roster fixtures through the real binary: every planted
//! finding with its cell, nothing above info on the clean roster, the
//! staffing cross-check between a roster and an indicator table, and the
//! corrected workbook read back.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{check_json, hedui};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/roster")
        .join(name)
}

/// (file name, rule, sheet, cell, found, expected) of one finding.
type Row = (String, String, String, String, String, String);

fn check(files: &[PathBuf], extra: &[&str]) -> (Value, i32) {
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    check_json(&files, extra)
}

fn rows(json: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<Row> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut set = BTreeSet::new();
    for file in json["files"].as_array().expect("files") {
        assert!(file.get("error").is_none(), "file failed: {file}");
        let path = text(&file["path"]);
        let name = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for f in file["findings"].as_array().expect("findings") {
            if keep(f) {
                set.insert((
                    name.clone(),
                    text(&f["rule"]),
                    text(&f["sheet"]),
                    text(&f["cell"]),
                    text(&f["found"]),
                    text(&f["expected"]),
                ));
            }
        }
    }
    set
}

fn all(_: &Value) -> bool {
    true
}

fn expect(file: &str, items: &[(&str, &str, &str, &str, &str)]) -> BTreeSet<Row> {
    items
        .iter()
        .map(|(rule, sheet, cell, found, expected)| {
            (
                file.to_string(),
                rule.to_string(),
                sheet.to_string(),
                cell.to_string(),
                found.to_string(),
                expected.to_string(),
            )
        })
        .collect()
}

const MAIN_FINDINGS: &[(&str, &str, &str, &str, &str)] = &[
    ("A004", "附件2", "Q9", "", "√"),
    ("A004", "附件2", "T9", "", "√"),
    ("A004", "附件2", "W9", "", "√"),
    ("A002", "附件2", "J18", "√", ""),
    ("A002", "附件2", "K18", "√", ""),
    ("A002", "附件2", "L18", "√", ""),
    ("A001", "附件2", "M27", "20", "19"),
    ("A001", "附件2", "AD27", "18", "19"),
    ("A007", "附件2", "AE27", "18", "≥ 19"),
    ("A001", "附件2", "S28", "20", "19"),
    ("A011", "附件2", "G32", "254", "228"),
    ("A011", "附件2", "G33", "85%", "81%"),
    ("A011", "附件2", "G34", "80%", "89%"),
];

#[test]
fn the_roster_reports_every_planted_finding() {
    let (json, code) = check(&[fixture("chigang_roster_2024.xlsx")], &[]);
    assert_eq!(
        rows(&json, all),
        expect("chigang_roster_2024.xlsx", MAIN_FINDINGS)
    );
    assert_eq!(code, 1, "error-level findings exit 1");
    let tables = &json["files"][0]["tables"];
    assert_eq!(tables[0]["kind"], "roster");
    assert_eq!(tables[0]["range"], "A4:AQ28");
}

#[test]
fn libreoffice_conversions_give_the_same_findings() {
    for name in ["chigang_roster_2024.xls", "chigang_roster_2024.ods"] {
        let (json, _) = check(&[fixture(&format!("libreoffice/{name}"))], &[]);
        assert_eq!(rows(&json, all), expect(name, MAIN_FINDINGS), "{name}");
    }
}

#[test]
fn the_clean_roster_has_nothing_above_info() {
    let (json, code) = check(&[fixture("clean_chigang_roster_2024.xlsx")], &[]);
    let above_info = rows(&json, |f| f["severity"] != "info");
    assert!(above_info.is_empty(), "{above_info:?}");
    assert_eq!(code, 0);
}

#[test]
fn posts_on_the_command_line_win_over_the_workbook() {
    // With 20 posts every month of the clean roster (19 on duty) is understaffed,
    // and the stated 应到 228 is 20 × 12 = 240.
    let (json, _) = check(
        &[fixture("clean_chigang_roster_2024.xlsx")],
        &["--posts", "20"],
    );
    let found = rows(&json, all);
    let understaffed = found.iter().filter(|r| r.1 == "A007").count();
    assert_eq!(understaffed, 12, "{found:?}");
    assert!(found.contains(&(
        "clean_chigang_roster_2024.xlsx".to_string(),
        "A011".to_string(),
        "附件2".to_string(),
        "G31".to_string(),
        "228".to_string(),
        "240".to_string(),
    )));
}

#[test]
fn months_as_date_cells_and_ticks_as_check_marks_and_ones() {
    let (json, _) = check(&[fixture("variant_date_months.xlsx")], &[]);
    assert_eq!(
        rows(&json, all),
        expect(
            "variant_date_months.xlsx",
            &[
                ("A010", "到岗情况", "T6", "△", "√ / ——"),
                ("A005", "到岗情况", "AA7", "", "√"),
                ("A001", "到岗情况", "S26", "18", "19"),
            ]
        )
    );
}

#[test]
fn a_wps_layout_with_spacer_rows_and_repeated_headers() {
    let (json, _) = check(&[fixture("variant_wps.xlsx")], &[]);
    assert_eq!(
        rows(&json, all),
        expect(
            "variant_wps.xlsx",
            &[
                ("A009", "Sheet1", "AH3", "4月", "2024年3月"),
                ("A006", "Sheet1", "P9", "", "√"),
                ("A003", "Sheet1", "AK23", "√", ""),
                ("A003", "Sheet1", "AL23", "√", ""),
                ("A003", "Sheet1", "AM23", "√", ""),
                ("A008", "Sheet1", "C31", "何雅婷", ""),
            ]
        )
    );
}

fn x001(json: &Value) -> BTreeSet<Row> {
    rows(json, |f| f["rule"] == "X001")
}

#[test]
fn agreeing_staff_numbers_give_no_cross_file_finding() {
    let (json, _) = check(
        &[
            fixture("clean_chigang_roster_2024.xlsx"),
            fixture("indicators_agreeing.xlsx"),
        ],
        &[],
    );
    assert!(x001(&json).is_empty(), "{:?}", x001(&json));
    let above_info = rows(&json, |f| f["severity"] != "info");
    assert!(above_info.is_empty(), "{above_info:?}");
}

#[test]
fn disagreeing_staff_numbers_point_at_both_files() {
    let roster = fixture("clean_chigang_roster_2024.xlsx");
    let (json, code) = check(
        &[roster.clone(), fixture("indicators_disagreeing.xlsx")],
        &[],
    );
    assert_eq!(
        x001(&json),
        expect(
            "indicators_disagreeing.xlsx",
            &[
                ("X001", "附件1", "B6", "5", "6"),
                ("X001", "附件1", "B8", "18", "19"),
                ("X001", "附件1", "B13", "5", "6"),
                ("X001", "附件1", "B15", "18", "19"),
            ]
        )
    );
    assert_eq!(code, 1);
    // Each points at the roster's cell too: the 2024年5月 人员 header for a
    // district, the month's stated 人员 total for the station.
    let findings = json["files"][1]["findings"].as_array().expect("findings");
    let related = |cell: &str| -> Vec<(String, String, String)> {
        findings
            .iter()
            .filter(|f| f["rule"] == "X001" && f["cell"] == cell)
            .flat_map(|f| f["related"].as_array().cloned().unwrap_or_default())
            .map(|r| {
                (
                    r["file"].as_str().unwrap_or_default().to_string(),
                    r["sheet"].as_str().unwrap_or_default().to_string(),
                    r["cell"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let roster = roster.display().to_string();
    assert_eq!(
        related("B6"),
        [(roster.clone(), "附件2".to_string(), "AN5".to_string())]
    );
    assert_eq!(
        related("B8"),
        [(roster, "附件2".to_string(), "AN27".to_string())]
    );
}

#[test]
fn a_roster_and_an_indicator_table_on_two_sheets_of_one_workbook() {
    let (json, _) = check(&[fixture("station_two_sheets.xlsx")], &[]);
    assert_eq!(
        x001(&json),
        expect(
            "station_two_sheets.xlsx",
            &[
                ("X001", "附件1", "B6", "5", "6"),
                ("X001", "附件1", "B8", "18", "19"),
                ("X001", "附件1", "B13", "5", "6"),
                ("X001", "附件1", "B15", "18", "19"),
            ]
        )
    );
    let above_info: BTreeSet<Row> = rows(&json, |f| f["severity"] != "info")
        .into_iter()
        .filter(|r| r.1 != "X001")
        .collect();
    assert!(above_info.is_empty(), "{above_info:?}");
}

#[test]

fn the_corrected_roster_reads_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corrected.xlsx");
    let output = hedui()
        .args(["fix"])
        .arg(fixture("chigang_roster_2024.xlsx"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hedui fix runs");
    assert_eq!(output.status.code(), Some(1), "error-level findings exit 1");
    let book = hedui::read::read(&out, hedui::read::Limits::default()).expect("read back");
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["附件2"]);
    // The sheets hedui added are marked as its own and left out of a reading.
    assert_eq!(book.generated, ["规范化人员月度", "核对结果"]);
    let sheet = book.sheet("附件2").expect("附件2");
    let at = |a1: &str| {
        let (letters, digits) = a1.split_at(a1.find(|c: char| c.is_ascii_digit()).unwrap_or(0));
        let col = letters
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
            - 1;
        let row: u32 = digits.parse().expect("row");
        hedui::workbook::CellRef::new(row - 1, col)
    };
    use hedui::workbook::Value;
    // Derived totals corrected, as formulas over the tick column with the count cached.
    assert_eq!(sheet.get(at("M27")), &Value::Number(19.0));
    assert!(sheet
        .formula(at("M27"))
        .is_some_and(|f| f.contains("COUNTIF(M6:M26")));
    assert_eq!(sheet.get(at("S28")), &Value::Number(19.0));
    assert_eq!(sheet.get(at("G32")), &Value::Number(228.0));
    // Ticks and names are never changed.
    assert_eq!(sheet.get(at("J18")), &Value::Text("√".to_string()));
    assert!(sheet.get(at("Q9")).is_empty());
    assert_eq!(sheet.get(at("C18")), &Value::Text("邓文静".to_string()));
    // One normalized row per person and month, under a header row.
    use calamine::Reader;
    let mut raw = calamine::open_workbook_auto(&out).expect("opens");
    let data = raw.worksheet_range("规范化人员月度").expect("data sheet");
    assert_eq!(data.height(), 1 + 21 * 12);
}

#[test]
fn a_person_listed_twice_is_counted_once_against_the_indicator_table() {
    // variant_wps lists 何雅婷 (片区1) twice: still 9 in 片区1 and 19 in all.
    let (json, _) = check(
        &[
            fixture("variant_wps.xlsx"),
            fixture("indicators_agreeing.xlsx"),
        ],
        &[],
    );
    assert!(x001(&json).is_empty(), "{:?}", x001(&json));
}

/// The structural variants fixtures/gen/roster.rs writes: insurance under
/// 五险一金 / 社会保险 / 参保, months as 23年6月 and as date cells on the 15th,
/// V/O marks explained by a legend below the table.
const STRUCTURE_VARIANTS: [&str; 5] = [
    "wuxian",
    "shehui_baoxian",
    "vo_legend",
    "short_year",
    "date_cells",
];

fn above_info(json: &Value) -> BTreeSet<(String, String)> {
    rows(json, |f| f["severity"] != "info")
        .into_iter()
        .map(|r| (r.1, r.3))
        .collect()
}

#[test]
fn rosters_read_by_structure_are_clean_when_clean() {
    for name in STRUCTURE_VARIANTS {
        let file = format!("structure_{name}.xlsx");
        let (json, code) = check(&[fixture(&file)], &[]);
        assert!(
            above_info(&json).is_empty(),
            "{file}: {:?}",
            above_info(&json)
        );
        assert_eq!(code, 0, "{file}");
        let tables = &json["files"][0]["tables"];
        assert_eq!(tables[0]["kind"], "roster", "{file}");
        assert_eq!(tables[0]["range"], "A2:AQ25", "{file}");
    }
}

#[test]
fn rosters_read_by_structure_give_exactly_the_planted_findings() {
    let planted: BTreeSet<(String, String)> = [("A002", "M16"), ("A004", "T7"), ("A001", "X25")]
        .iter()
        .map(|(r, c)| (r.to_string(), c.to_string()))
        .collect();
    for name in STRUCTURE_VARIANTS {
        let file = format!("structure_{name}_errors.xlsx");
        let (json, code) = check(&[fixture(&file)], &[]);
        assert_eq!(above_info(&json), planted, "{file}");
        assert_eq!(code, 1, "{file}");
        // The wrong total is corrected as a count of the sheet's own yes mark.
        let checked =
            hedui::check_file(&fixture(&file), &hedui::Options::default()).expect("checked");
        let formula = checked
            .report
            .findings
            .iter()
            .find(|f| f.rule.code() == "A001")
            .and_then(|f| f.correction.as_ref())
            .and_then(|c| c.formula.clone());
        let yes = if name == "vo_legend" {
            "V"
        } else if name == "date_cells" {
            "✓"
        } else {
            "√"
        };
        assert_eq!(
            formula.as_deref(),
            Some(format!("COUNTIF(X4:X24,\"{yes}\")").as_str()),
            "{file}"
        );
    }
}

#[test]
fn a_legend_reads_the_marks_and_says_so() {
    let (json, _) = check(&[fixture("structure_vo_legend.xlsx")], &[]);
    let notes: BTreeSet<(String, String, String)> = rows(&json, |f| f["rule"] == "A012")
        .into_iter()
        .map(|r| (r.3, r.4, r.1))
        .collect();
    assert_eq!(
        notes,
        [
            ("A27".to_string(), "O".to_string(), "A012".to_string()),
            ("A27".to_string(), "V".to_string(), "A012".to_string())
        ]
        .into_iter()
        .collect()
    );
}
