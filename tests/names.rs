//! District and community names end to end: a gazetteer applies only to the
//! station it names (title, sheet name, path or --station), and without one
//! names are checked for consistency only (N005 in a file, P005 between periods).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use rust_xlsxwriter::Workbook;

/// One sheet: an optional title in A1, then a table of one indicator with a
/// row per district label (target 10, done 5, 50.00%) and a consistent 合计.
struct SheetSpec<'a> {
    name: &'a str,
    title: Option<&'a str>,
    labels: &'a [&'a str],
}

fn write(path: &Path, sheets: &[SheetSpec]) {
    let mut wb = Workbook::new();
    for spec in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(spec.name).expect("sheet name");
        if let Some(title) = spec.title {
            ws.write_string(0, 0, title).expect("title");
        }
        for (c, h) in ["服务片区", "协议量", "完成量", "百分比"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, c as u16, *h).expect("header");
        }
        let mut row = 3;
        for label in spec.labels {
            ws.write_string(row, 0, *label).expect("label");
            ws.write_number(row, 1, 10.0).expect("target");
            ws.write_number(row, 2, 5.0).expect("done");
            ws.write_string(row, 3, "50.00%").expect("rate");
            row += 1;
        }
        let n = spec.labels.len() as f64;
        ws.write_string(row, 0, "合计").expect("total");
        ws.write_number(row, 1, 10.0 * n).expect("total target");
        ws.write_number(row, 2, 5.0 * n).expect("total done");
        ws.write_string(row, 3, "50.00%").expect("total rate");
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    wb.save(path).expect("save");
}

fn one_sheet(path: &Path, title: Option<&str>, labels: &[&str]) {
    write(
        path,
        &[SheetSpec {
            name: "Sheet1",
            title,
            labels,
        }],
    );
}

fn gazetteer_toml(street: &str, communities: &[&[&str]], lookalikes: &[(&str, &str)]) -> String {
    let mut text = format!("street = \"{street}\"\n");
    if !lookalikes.is_empty() {
        let pairs: Vec<String> = lookalikes
            .iter()
            .map(|(a, b)| format!("[\"{a}\", \"{b}\"]"))
            .collect();
        text.push_str(&format!("lookalikes = [{}]\n", pairs.join(", ")));
    }
    for (i, names) in communities.iter().enumerate() {
        let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        text.push_str(&format!(
            "[[districts]]\nnumber = {}\ncommunities = [{}]\n",
            i + 1,
            names.join(", ")
        ));
    }
    text
}

/// Findings above info of each file: (rule, file name, cell, found, expected).
fn above_info(files: &[&Path], extra: &[&str]) -> BTreeSet<(String, String, String)> {
    let (report, _) = check_json(files, extra);
    let mut out = BTreeSet::new();
    for (i, file) in files.iter().enumerate() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for r in findings(&report, i, ABOVE_INFO) {
            out.insert((r.0, name.clone(), r.2));
        }
    }
    out
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

const CHIGANG_LABELS: &[&str] = &[
    "片区1 (下渡、江景等社区)",
    "片区2 (毛坦、竹园等社区)",
    "片区3 (鸿运、赤塘等社区)",
];

#[test]
fn another_stations_workbook_gets_no_name_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.xlsx");
    one_sheet(
        &path,
        Some("2024年度海珠区华洲街社工服务站指标完成情况统计表"),
        &[
            "第1片区 (土华、小洲等社区)",
            "第2片区 (仑头、龙潭等社区)",
            "第3片区 (北山、赤沙等社区)",
            "第4片区 (官洲、新村等社区)",
        ],
    );
    // Clean: no warning and no error of any rule, with the built-in gazetteer present.
    assert_eq!(above_info(&[&path], &[]), set(&[]));
    // Nor when a single gazetteer of another street is given: the title names 华洲街.
    let gazetteer = dir.path().join("chigang.toml");
    std::fs::copy(fixture("gazetteers/chigang.toml"), &gazetteer).expect("copy");
    let flag = gazetteer.to_str().expect("utf-8 path");
    assert_eq!(above_info(&[&path], &["--gazetteer", flag]), set(&[]));
}

#[test]
fn the_chigang_seed_is_known_by_its_title_not_its_file_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("附件.xlsx");
    std::fs::copy(fixture("indicators/chigang_2024.xlsx"), &copy).expect("copy");
    let names: BTreeSet<_> = above_info(&[&copy], &[])
        .into_iter()
        .filter(|f| f.0.starts_with('N'))
        .collect();
    assert_eq!(
        names,
        set(&[
            ("N002", "附件.xlsx", "A6"),
            ("N002", "附件.xlsx", "A13"),
            ("N003", "附件.xlsx", "A7"),
            ("N003", "附件.xlsx", "A14"),
        ])
    );
}

#[test]
fn the_station_flag_picks_the_gazetteer_of_an_untitled_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.xlsx");
    one_sheet(&path, None, CHIGANG_LABELS);
    // No title, no station in the path: no gazetteer, and the labels agree with each other.
    assert_eq!(above_info(&[&path], &[]), set(&[]));
    assert_eq!(
        above_info(&[&path], &["--station", "赤岗街"]),
        set(&[("N002", "x.xlsx", "A5")])
    );
    // A sheet named for the station tells it too.
    let named = dir.path().join("y.xlsx");
    write(
        &named,
        &[SheetSpec {
            name: "赤岗街2024年5月",
            title: None,
            labels: CHIGANG_LABELS,
        }],
    );
    assert_eq!(above_info(&[&named], &[]), set(&[("N002", "y.xlsx", "A5")]));
    // So does a folder named for it, below the folder given.
    let city = dir.path().join("city");
    let in_folder = city.join("赤岗街").join("2024-05.xlsx");
    one_sheet(&in_folder, None, CHIGANG_LABELS);
    let (report, _) = check_json(&[&city], &[]);
    let found: Vec<_> = findings(&report, 0, ABOVE_INFO)
        .into_iter()
        .map(|r| (r.0, r.2))
        .collect();
    assert_eq!(found, [("N002".to_string(), "A5".to_string())]);
}

#[test]
fn a_single_gazetteer_applies_to_a_file_with_no_station() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.xlsx");
    one_sheet(&path, None, &["片区1 (穗星、甲乙)", "片区2 (丙丁)"]);
    let toml = dir.path().join("g.toml");
    std::fs::write(
        &toml,
        gazetteer_toml("某街", &[&["勵星", "甲乙"], &["丙丁"]], &[("穗星", "勵星")]),
    )
    .expect("write");
    let flag = toml.to_str().expect("utf-8 path");
    assert_eq!(
        above_info(&[&path], &["--gazetteer", flag]),
        set(&[("N002", "x.xlsx", "A4")])
    );
    // Never when the file names another station.
    let titled = dir.path().join("t.xlsx");
    one_sheet(
        &titled,
        Some("新港街社工服务站指标完成情况"),
        &["片区1 (穗星、甲乙)", "片区2 (丙丁)"],
    );
    assert_eq!(above_info(&[&titled], &["--gazetteer", flag]), set(&[]));
}

#[test]
fn a_folder_of_gazetteers_applies_each_to_its_own_street() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gazetteers = dir.path().join("gazetteers");
    std::fs::create_dir_all(&gazetteers).expect("folder");
    std::fs::write(
        gazetteers.join("huazhou.toml"),
        gazetteer_toml("华洲街", &[&["土华", "小洲"], &["仑头", "龙潭"]], &[]),
    )
    .expect("write");
    std::fs::write(
        gazetteers.join("xingang.toml"),
        gazetteer_toml("新港街道", &[&["凤阳", "康乐"], &["晓港", "江南"]], &[]),
    )
    .expect("write");
    let huazhou = dir.path().join("h.xlsx");
    one_sheet(
        &huazhou,
        Some("华洲街社工服务站2024年5月指标完成情况"),
        // 小州 for 小洲 (one character, a three-character name is not needed:
        // this is a two-character name, so only flagged with a suggestion).
        &["片区1 (土华、小州)", "片区2 (仑头、龙潭)"],
    );
    let xingang = dir.path().join("x.xlsx");
    one_sheet(
        &xingang,
        Some("新港街社工服务站2024年5月指标完成情况"),
        // 凤阳 is 新港街's district 1, listed under 2 here; 土华 is 华洲街's, not 新港街's.
        &["片区1 (康乐)", "片区2 (凤阳、晓港)", "片区3 (土华)"],
    );
    let other = dir.path().join("o.xlsx");
    one_sheet(
        &other,
        Some("琶洲街社工服务站指标完成情况"),
        &["片区1 (土华、小州)", "片区2 (凤阳、晓港)"],
    );
    let flag = gazetteers.to_str().expect("utf-8 path");
    assert_eq!(
        above_info(&[&huazhou, &xingang, &other], &["--gazetteers", flag]),
        set(&[
            ("N001", "h.xlsx", "A4"),
            ("N003", "x.xlsx", "A5"),
            ("N001", "x.xlsx", "A6"),
        ])
    );
}

#[test]
fn one_district_spelled_two_ways_in_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.xlsx");
    write(
        &path,
        &[
            SheetSpec {
                name: "上半年",
                title: None,
                labels: &["片区1 (甲乙、丙丁)", "片区2 (毛纺、竹园)"],
            },
            SheetSpec {
                name: "下半年",
                title: None,
                // Other forms of the same districts are no warning; 毛坦 for 毛纺 is.
                labels: &["第一片区（甲乙、丙丁等社区）", "B片区 (毛坦、竹园)"],
            },
        ],
    );
    let (report, _) = check_json(&[&path], &[]);
    let found = findings(&report, 0, ABOVE_INFO);
    assert_eq!(
        found,
        BTreeSet::from([row(
            "N005",
            "下半年",
            "A5",
            "B片区 (毛坦、竹园)",
            Some("片区2 (毛纺、竹园)")
        )])
    );
    let related = &report["files"][0]["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "N005"))
        .expect("N005")["related"];
    assert!(related.to_string().contains("A5"), "{related}");
}

#[test]
fn a_district_renamed_between_periods() {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = dir.path().join("city").join("华洲街");
    let march: PathBuf = station.join("2024-03.xlsx");
    let april: PathBuf = station.join("2024-04.xlsx");
    // 第一片区 is 片区1 written another way: no warning. 龙塘 for 龙潭 is a rename.
    one_sheet(&march, None, &["片区1 (土华、小洲)", "片区2 (仑头、龙潭)"]);
    one_sheet(
        &april,
        None,
        &["第一片区（土华、小洲）", "片区2 (仑头、龙塘)"],
    );
    let (report, _) = check_json(&[&dir.path().join("city")], &[]);
    assert_eq!(findings(&report, 0, ABOVE_INFO), BTreeSet::new());
    assert_eq!(
        findings(&report, 1, ABOVE_INFO),
        BTreeSet::from([row(
            "P005",
            "Sheet1",
            "A5",
            "片区2 (仑头、龙塘)",
            Some("片区2 (仑头、龙潭)")
        )])
    );
}
