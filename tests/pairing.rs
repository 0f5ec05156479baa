//! X001 in a batch: each indicator table meets the roster of its own station
//! and period, once; several rosters that could be its own and disagree give
//! one X002 warning, not a finding per pair.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{cells, check_json, fixture};
use serde_json::Value;

/// (file name, rule, cell) → how many times it is reported, for the X rules;
/// with the related files of each.
fn cross_file(report: &Value) -> BTreeMap<(String, String, String), Vec<Vec<String>>> {
    let mut out: BTreeMap<_, Vec<Vec<String>>> = BTreeMap::new();
    for file in report["files"].as_array().expect("files") {
        let path = file["path"].as_str().unwrap_or_default();
        let name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for f in file["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or_default();
            if !rule.starts_with('X') {
                continue;
            }
            let related = f["related"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let file = r["file"].as_str().unwrap_or_default();
                    Path::new(file)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            out.entry((
                name.clone(),
                rule.to_string(),
                f["cell"].as_str().unwrap_or_default().to_string(),
            ))
            .or_default()
            .push(related);
        }
    }
    out
}

/// The first sheet of a workbook as CSV text, with `edit(row, col, text)` applied to every cell.
fn as_csv(path: &Path, edit: impl Fn(u32, u32, String) -> String) -> String {
    let cells = cells(path);
    let Some(first) = cells.first().map(|c| c.0.clone()) else {
        return String::new();
    };
    let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    for (sheet, r, c, text) in cells {
        if sheet == first {
            rows.entry(r).or_default().insert(c, text);
        }
    }
    let width = rows
        .values()
        .filter_map(|r| r.keys().max())
        .max()
        .map_or(0, |m| m + 1);
    let last = rows.keys().max().copied().unwrap_or(0);
    let mut out = String::new();
    for r in 0..=last {
        let line: Vec<String> = (0..width)
            .map(|c| {
                let text = rows
                    .get(&r)
                    .and_then(|row| row.get(&c))
                    .cloned()
                    .unwrap_or_default();
                let text = edit(r, c, text);
                format!("\"{}\"", text.replace('"', "\"\""))
            })
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn each_table_meets_the_roster_of_its_own_period_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = dir.path().join("站").join("赤岗街");
    fs::create_dir_all(&station).expect("folder");
    let copy = |from: &str, to: &str| {
        fs::copy(fixture(from), station.join(to)).expect("copy fixture");
    };
    // A May table and the May roster; January and February rosters of the
    // same station; an April table with no roster of its own.
    copy("indicators/chigang_2024.xlsx", "指标-2024-05.xlsx");
    copy("roster/clean_chigang_roster_2024.xlsx", "到岗-2024-05.xlsx");
    copy("periods_roster/赤岗街/2024-01.xlsx", "到岗-2024-01.xlsx");
    copy("periods_roster/赤岗街/2024-02.xlsx", "到岗-2024-02.xlsx");
    copy("indicators/two_sheets.xlsx", "指标-2024-04.xlsx");
    let (report, _) = check_json(&[&dir.path().join("站")], &[]);
    let found = cross_file(&report);
    let may = |cell: &str| {
        (
            "指标-2024-05.xlsx".to_string(),
            "X001".to_string(),
            cell.to_string(),
        )
    };
    let only_may_roster = vec![vec!["到岗-2024-05.xlsx".to_string()]];
    let expected: BTreeMap<_, _> = ["B6", "B8", "B13", "B15"]
        .into_iter()
        .map(|cell| (may(cell), only_may_roster.clone()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn rosters_of_unknown_period_that_disagree_give_one_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = dir.path().join("站").join("赤岗街");
    fs::create_dir_all(&station).expect("folder");
    // Neither the table nor the rosters say their period: the title keeps the
    // station, the line with the service period goes.
    let table = fs::read_to_string(fixture("formats/chigang_2024_title_utf8.csv")).expect("csv");
    let table: Vec<&str> = table.lines().collect();
    let mut undated = vec![
        table[0],
        "广州市赤岗街“双百工程”社工站购买服务项目指标完成情况统计表",
    ];
    undated.extend(&table[2..]);
    fs::write(station.join("指标.csv"), undated.join("\n")).expect("table");
    let roster = fixture("roster/clean_chigang_roster_2024.xlsx");
    let undated_roster = |r: u32, _c: u32, text: String| {
        if r == 2 && text.contains("周期") {
            String::new()
        } else {
            text
        }
    };
    let copy_a = as_csv(&roster, undated_roster);
    assert!(copy_a.contains("2024年5月") && !copy_a.contains("周期"));
    fs::write(station.join("到岗甲.csv"), &copy_a).expect("roster");
    // The same roster twice agrees with itself: each mismatch is reported once.
    fs::write(station.join("到岗乙.csv"), &copy_a).expect("roster");
    let (report, _) = check_json(&[&dir.path().join("站")], &[]);
    let found = cross_file(&report);
    let cells: Vec<&str> = found
        .keys()
        .filter(|k| k.0 == "指标.csv" && k.1 == "X001")
        .map(|k| k.2.as_str())
        .collect();
    assert_eq!(cells, ["B13", "B15", "B6", "B8"], "{found:?}");
    assert!(found.values().all(|v| v.len() == 1), "{found:?}");

    // A third copy where one person of 片区1 is not on duty in the last month:
    // which roster is the table's cannot be told, so nothing is compared.
    let last_duty_col = copy_a
        .lines()
        .nth(4)
        .map(|l| l.split(',').filter(|c| c.contains("人员")).count())
        .expect("tick row");
    assert_eq!(last_duty_col, 12, "twelve months of 人员");
    let header = copy_a.lines().nth(3).expect("month row");
    let may_col = header
        .split(',')
        .position(|c| c.contains("2024年5月"))
        .expect("2024年5月") as u32;
    let copy_c = as_csv(&roster, |r, c, text| {
        let text = undated_roster(r, c, text);
        if r == 5 && c == may_col {
            "——".to_string()
        } else {
            text
        }
    });
    assert_ne!(copy_a, copy_c);
    fs::write(station.join("到岗丙.csv"), &copy_c).expect("roster");
    let (report, _) = check_json(&[&dir.path().join("站")], &[]);
    let found = cross_file(&report);
    let on_table: Vec<_> = found.iter().filter(|(k, _)| k.0 == "指标.csv").collect();
    assert_eq!(on_table.len(), 1, "{found:?}");
    let ((_, rule, cell), related) = on_table[0];
    assert_eq!((rule.as_str(), cell.as_str()), ("X002", "B5"));
    assert_eq!(related.len(), 1);
    let mut named = related[0].clone();
    named.sort();
    assert_eq!(named, ["到岗丙.csv", "到岗乙.csv", "到岗甲.csv"]);
}

#[test]
fn the_batch_of_all_fixtures_reports_each_x001_once() {
    let (report, _) = check_json(&[&fixture("")], &[]);
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for file in report["files"].as_array().expect("files") {
        for f in file["findings"].as_array().into_iter().flatten() {
            if f["rule"] == "X001" {
                *seen
                    .entry((
                        file["path"].as_str().unwrap_or_default().to_string(),
                        f["sheet"].as_str().unwrap_or_default().to_string(),
                        f["cell"].as_str().unwrap_or_default().to_string(),
                    ))
                    .or_default() += 1;
            }
        }
    }
    assert!(!seen.is_empty(), "the 赤岗 tables and rosters meet");
    let repeated: Vec<_> = seen.iter().filter(|(_, &n)| n > 1).collect();
    assert!(repeated.is_empty(), "{repeated:?}");
}
