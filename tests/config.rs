//! hedui.toml, found upward from the checked files: language, select /
//! ignore, posts by station, waivers (reported as waived, never hidden), and
//! --exit-zero / --fail-on.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};
use common::{check_json, fixture, hedui};
use serde_json::Value;

/// A project folder: hedui.toml at the top, the 赤岗 roster one folder below.
fn project(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("hedui.toml"), toml).expect("hedui.toml");
    let below = dir.path().join("赤岗街");
    std::fs::create_dir(&below).expect("folder");
    let roster = below.join("chigang_roster_2024.xlsx");
    std::fs::copy(fixture("roster/chigang_roster_2024.xlsx"), &roster).expect("copy");
    (dir, roster)
}

fn by_cell<'a>(report: &'a Value, rule: &str, cell: &str) -> Option<&'a Value> {
    report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == rule && f["cell"] == cell)
}

fn rules_of(report: &Value) -> Vec<String> {
    report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

const WAIVER: &str = r#"
[[waivers]]
rule = "A011"
cell = "G32"
file = "chigang_roster_2024.xlsx"
reason = "实到人次按考勤系统导出，街道已认可"
"#;

#[test]
fn the_project_file_above_sets_language_rules_posts_and_waivers() {
    let toml = format!(
        "lang = \"en\"\nignore = [\"A004\"]\n\n[stations.\"赤岗街\"]\nposts = 18\n{WAIVER}"
    );
    let (_dir, roster) = project(&toml);
    let (plain, _) = check_json(&[&fixture("roster/chigang_roster_2024.xlsx")], &[]);
    assert!(rules_of(&plain).contains(&"A004".to_string()));
    assert!(by_cell(&plain, "A007", "AE27").is_some());
    let (report, code) = check_json(&[&roster], &[]);
    assert_eq!(code, 1);
    let rules = rules_of(&report);
    assert!(!rules.contains(&"A004".to_string()), "{rules:?}");
    // 18 posts (the station's, from hedui.toml) instead of the workbook's 19: 18 on duty is enough.
    assert!(by_cell(&report, "A007", "AE27").is_none(), "{rules:?}");
    let waived = by_cell(&report, "A011", "G32").expect("the waived finding is still reported");
    assert_eq!(waived["action"], "waived");
    assert_eq!(waived["waived"], "实到人次按考勤系统导出，街道已认可");
    assert_eq!(waived["found"], "254");
    // English, as the file says; the flag wins.
    let other = by_cell(&report, "A011", "G33").expect("G33");
    assert!(
        other["message"].as_str().unwrap_or_default().is_ascii(),
        "{other}"
    );
    assert_eq!(other["action"], "corrected");
    let (zh, _) = check_json(&[&roster], &["--lang", "zh"]);
    assert!(!by_cell(&zh, "A011", "G33").expect("G33")["message"]
        .as_str()
        .unwrap_or_default()
        .is_ascii());
    // The terminal marks it waived and counts it apart.
    let out = hedui()
        .arg("check")
        .arg(&roster)
        .args(["--lang", "zh"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[已豁免：实到人次按考勤系统导出，街道已认可]"),
        "{text}"
    );
    assert!(text.contains("1 个已豁免（hedui.toml）"), "{text}");
    // --no-config reads none of it.
    let (ignored, _) = check_json(&[&roster], &["--no-config"]);
    assert!(rules_of(&ignored).contains(&"A004".to_string()));
    assert!(by_cell(&ignored, "A011", "G32").expect("G32")["waived"].is_null());
}

#[test]
fn a_waived_correction_is_not_written_and_the_audit_sheet_says_why() {
    let (dir, roster) = project(WAIVER);
    let out = dir.path().join("out.xlsx");
    hedui()
        .arg("fix")
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let mut workbook = open_workbook_auto(&out).expect("corrected workbook");
    let audit = workbook.worksheet_range("核对结果").expect("audit sheet");
    let row = audit
        .rows()
        .find(|r| r[0] == "A011" && r[4] == "G32")
        .expect("G32's row");
    assert_eq!(
        row[7].to_string(),
        "已豁免：实到人次按考勤系统导出，街道已认可"
    );
    let sheet = workbook.worksheet_range("附件2").expect("input sheet");
    // G32 keeps the value as written; G33 is corrected as before.
    assert_eq!(
        sheet.get_value((31, 6)).map(ToString::to_string).as_deref(),
        Some("254")
    );
}

fn exit_code(files: &[&Path], extra: &[&str]) -> Option<i32> {
    hedui()
        .arg("check")
        .args(files)
        .args(extra)
        .output()
        .expect("runs")
        .status
        .code()
}

#[test]
fn exit_codes_follow_fail_on_exit_zero_and_waivers() {
    let (_dir, roster) = project("select = [\"A004\"]\n");
    // Only warnings left: clean by default, a failure with --fail-on warning.
    assert_eq!(exit_code(&[&roster], &[]), Some(0));
    assert_eq!(exit_code(&[&roster], &["--fail-on", "warning"]), Some(1));
    assert_eq!(
        exit_code(&[&roster], &["--fail-on", "warning", "--exit-zero"]),
        Some(0)
    );
    let (_dir, roster) = project("select = [\"A004\"]\nfail-on = \"warning\"\n");
    assert_eq!(exit_code(&[&roster], &[]), Some(1));
    assert_eq!(exit_code(&[&roster], &["--fail-on", "error"]), Some(0));
    // Every error waived: nothing fails the run.
    let waivers: String = ["G32", "G33", "G34"]
        .iter()
        .map(|cell| {
            format!("[[waivers]]\nrule = \"A011\"\ncell = \"{cell}\"\nreason = \"已核实\"\n")
        })
        .collect();
    let (_dir, roster) = project(&format!("select = [\"A011\"]\n{waivers}"));
    assert_eq!(exit_code(&[&roster], &[]), Some(0));
    // An unreadable input is still 2 with --exit-zero.
    let missing = roster.with_file_name("missing.xlsx");
    assert_eq!(exit_code(&[&missing], &["--exit-zero"]), Some(2));
}

#[test]
fn a_wrong_project_file_is_a_clear_error() {
    for (toml, says) in [
        ("langue = \"en\"\n", "langue"),
        ("select = [\"Z9\"]\n", "Z9"),
        (
            "[[waivers]]\nrule = \"A011\"\ncell = \"第32行\"\nreason = \"x\"\n",
            "第32行",
        ),
        (
            "[[waivers]]\nrule = \"A011\"\ncell = \"G32\"\nreason = \"\"\n",
            "理由",
        ),
        (
            "[stations.\"华洲街\"]\ngazetteer = \"chigang.toml\"\n",
            "华洲街",
        ),
    ] {
        let (dir, roster) = project(toml);
        std::fs::copy(
            fixture("gazetteers/chigang.toml"),
            dir.path().join("chigang.toml"),
        )
        .expect("copy");
        let out = hedui().arg("check").arg(&roster).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{toml}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("hedui.toml：项目配置有误"), "{err}");
        assert!(err.contains(says), "{err}");
        // --config names another file; --no-config reads none.
        assert_eq!(exit_code(&[&roster], &["--no-config"]), Some(1));
    }
}

#[test]
fn an_explicit_project_file_is_used_wherever_the_inputs_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("settings.toml");
    std::fs::write(&config, "select = [\"A004\"]\n").expect("write");
    let roster = fixture("roster/chigang_roster_2024.xlsx");
    let config = config.to_string_lossy().to_string();
    let (report, code) = check_json(&[&roster], &["--config", &config]);
    assert_eq!(code, 0);
    assert!(rules_of(&report).iter().all(|r| r == "A004"));
}

#[test]
fn a_station_gazetteer_in_the_project_file_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 赤岗街 described otherwise, as in tests/cli.rs: district 2 has no 毛纺.
    std::fs::write(
        dir.path().join("chigang.toml"),
        "street = \"赤岗街道\"\nlookalikes = [[\"赤岗\", \"赤塘\"]]\n\
         [[districts]]\nnumber = 1\ncommunities = [\"下渡\", \"江景\"]\n\
         [[districts]]\nnumber = 2\ncommunities = [\"甲\", \"乙\"]\n\
         [[districts]]\nnumber = 3\ncommunities = [\"鸿运\", \"赤塘\"]\n",
    )
    .expect("gazetteer");
    std::fs::write(
        dir.path().join("hedui.toml"),
        "[stations.\"赤岗街\"]\ngazetteer = \"chigang.toml\"\n",
    )
    .expect("hedui.toml");
    let table = dir.path().join("chigang_2024.xlsx");
    std::fs::copy(fixture("indicators/chigang_2024.xlsx"), &table).expect("copy");
    let (report, _) = check_json(&[&table], &[]);
    assert!(by_cell(&report, "N001", "A6").is_some(), "{report}");
    assert!(by_cell(&report, "N002", "A6").is_none(), "{report}");
    assert!(by_cell(&report, "N002", "A7").is_some(), "{report}");
    // Without the project file, the built-in gazetteer.
    let (plain, _) = check_json(&[&table], &["--no-config"]);
    assert!(by_cell(&plain, "N002", "A6").is_some(), "{plain}");
}

#[test]
fn a_dropped_folder_reads_its_project_file() {
    let (dir, _roster) = project("ignore = [\"A004\"]\n");
    let out = hedui()
        .arg(dir.path().join("赤岗街"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let summary =
        std::fs::read_to_string(dir.path().join("赤岗街/汇总.核对.json")).expect("summary JSON");
    assert!(
        summary.contains("A011") && !summary.contains("A004"),
        "{summary}"
    );
}

#[test]
fn what_follows_from_a_correction_not_written_goes_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let table = dir.path().join("chigang_2024.xlsx");
    std::fs::copy(fixture("indicators/chigang_2024.xlsx"), &table).expect("copy");
    let (plain, _) = check_json(&[&table], &[]);
    assert!(by_cell(&plain, "R003", "H8").is_some());
    // The total F8 waived: it stays 3000, so H8's rate, right for 3000, is no knock-on.
    std::fs::write(
        dir.path().join("hedui.toml"),
        "[[waivers]]\nrule = \"T001\"\ncell = \"F8\"\nreason = \"合计含街道直接购买的 20 个电访，按合同计\"\n",
    )
    .expect("hedui.toml");
    let (waived, _) = check_json(&[&table], &[]);
    assert_eq!(
        by_cell(&waived, "T001", "F8").expect("F8")["action"],
        "waived"
    );
    assert!(by_cell(&waived, "R003", "H8").is_none(), "{waived}");
    assert!(by_cell(&waived, "R001", "H7").is_some());
    // T001 ignored: the same.
    std::fs::write(dir.path().join("hedui.toml"), "ignore = [\"T001\"]\n").expect("hedui.toml");
    let (ignored, _) = check_json(&[&table], &[]);
    assert!(by_cell(&ignored, "T001", "F8").is_none());
    assert!(by_cell(&ignored, "R003", "H8").is_none(), "{ignored}");
    // The corrected workbook leaves F8 and H8 as written.
    let out = dir.path().join("out.xlsx");
    hedui()
        .arg("fix")
        .arg(&table)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let mut book = open_workbook_auto(&out).expect("corrected workbook");
    let sheet = book.worksheet_range("附件1").expect("sheet");
    assert_eq!(
        sheet.get_value((7, 5)).map(ToString::to_string).as_deref(),
        Some("3000")
    );
    let formulas = book.worksheet_formula("附件1").expect("formulas");
    assert_eq!(
        formulas.get_value((7, 7)).map(String::as_str).unwrap_or(""),
        ""
    );
}
