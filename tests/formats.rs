//! The formats offices send besides xlsx (fixtures/formats, generated from
//! the 赤岗 workbooks by fixtures/gen/formats.rs): each gives the findings
//! of the .xlsx of the same table. Also: files a batch cannot read are
//! named, a run that read nothing fails, hedui's own output is skipped when
//! checked again, and OS errors name the user's file in the user's language.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{check_json, fixture, hedui, ALL};
use hedui::read::Limits;
use serde_json::Value;

/// A finding without its sheet (the sheet of a CSV is named after the file):
/// rule, cell, found, expected, action.
type Seen = (String, String, String, Option<String>, String);

fn seen(report: &Value, file: usize, row_shift: u32) -> BTreeSet<Seen> {
    report["files"][file]["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("findings of file {file}: {report}"))
        .iter()
        .filter(|f| ALL.contains(&f["severity"].as_str().unwrap_or_default()))
        .map(|f| {
            let cell = f["cell"].as_str().unwrap_or_default();
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                shift(cell, row_shift),
                f["found"].as_str().unwrap_or_default().to_string(),
                f["expected"].as_str().map(str::to_string),
                f["action"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// "H7" moved down by `rows`.
fn shift(cell: &str, rows: u32) -> String {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = cell[letters.len()..].parse().unwrap_or(0);
    format!("{letters}{}", row + rows)
}

fn reference() -> BTreeSet<Seen> {
    let (report, _) = check_json(&[&fixture("indicators/chigang_2024.xlsx")], &[]);
    let found = seen(&report, 0, 0);
    assert!(found.iter().any(|f| f.0 == "R001" && f.1 == "H7"));
    found
}

fn assert_same(name: &str, extra: &[&str], row_shift: u32, expected: &BTreeSet<Seen>) {
    let path = fixture(&format!("formats/{name}"));
    let (report, code) = check_json(&[&path], extra);
    assert_eq!(code, 1, "{name}: the planted errors, no failure: {report}");
    assert_eq!(&seen(&report, 0, row_shift), expected, "{name}");
}

#[test]
fn html_and_xml_spreadsheets_give_the_findings_of_the_xlsx() {
    let expected = reference();
    for name in [
        "chigang_2024_html_utf8.xls",
        "chigang_2024_html_gbk.xls",
        "chigang_2024_html_gbk_nometa.xls",
        "chigang_2024_xml2003.xls",
    ] {
        assert_same(name, &[], 0, &expected);
    }
}

#[test]
fn wps_names_are_read_by_content() {
    let expected = reference();
    for name in ["chigang_2024.et", "chigang_2024.ett"] {
        assert_same(name, &[], 0, &expected);
    }
}

#[test]
fn csv_and_unicode_text_in_every_encoding_give_the_findings_of_the_xlsx() {
    let expected = reference();
    for encoding in ["utf8", "utf8bom", "gbk", "gb18030"] {
        assert_same(
            &format!("chigang_2024_title_{encoding}.csv"),
            &[],
            0,
            &expected,
        );
        // Without the two title lines every row is two higher, and nothing
        // names the station: its gazetteer applies only when told.
        assert_same(
            &format!("chigang_2024_notitle_{encoding}.csv"),
            &["--station", "赤岗街"],
            2,
            &expected,
        );
    }
    assert_same("chigang_2024_title_utf16.txt", &[], 0, &expected);
    assert_same(
        "chigang_2024_notitle_utf16.txt",
        &["--station", "赤岗街"],
        2,
        &expected,
    );
}

#[test]
fn delimiter_and_encoding_can_be_given() {
    let expected = reference();
    assert_same(
        "chigang_2024_title_gbk.csv",
        &["--encoding", "gbk", "--delimiter", ","],
        0,
        &expected,
    );
    assert_same(
        "chigang_2024_title_utf16.txt",
        &["--encoding", "utf-16le", "--delimiter", "tab"],
        0,
        &expected,
    );
    // The overrides are obeyed: the wrong delimiter leaves one column, and no table.
    let path = fixture("formats/chigang_2024_title_utf8.csv");
    let output = hedui()
        .args(["check", "--delimiter", ";"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    // A delimiter of several characters, or an unknown encoding, is refused.
    let output = hedui()
        .args(["check", "--delimiter", "semicolons"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "a bad flag is refused");
    let output = hedui()
        .args(["check", "--encoding", "klingon", "--lang", "en"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown encoding"));
    // In Chinese (the default) too, naming the value and what is accepted.
    let output = hedui()
        .args(["check", "--encoding", "klingon", "--lang", "zh"])
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("“klingon”不是 --encoding"), "{stderr}");
    assert!(stderr.contains("可用的编码：utf-8、gbk"), "{stderr}");
}

#[test]
fn a_1904_workbook_reads_the_dates_of_the_1900_one() {
    let a = hedui::read::read(
        &fixture("roster/variant_date_months.xlsx"),
        Limits::default(),
    )
    .expect("reads");
    let b = hedui::read::read(
        &fixture("formats/variant_date_months_1904.xlsx"),
        Limits::default(),
    )
    .expect("reads");
    let dates = |book: &hedui::workbook::Workbook| -> Vec<(String, f64)> {
        book.sheets[0]
            .cells()
            .filter_map(|(cell, v)| match v {
                hedui::workbook::Value::Date(d) => Some((cell.a1(), *d)),
                _ => None,
            })
            .collect()
    };
    let (da, db) = (dates(&a), dates(&b));
    assert_eq!(da.len(), 12, "a month header per month");
    // 2023年6月 is serial 45078 in both, not 2019年5月.
    assert_eq!(da[0].1, 45078.0);
    assert_eq!(da, db);

    let (report, _) = check_json(&[&fixture("roster/variant_date_months.xlsx")], &[]);
    let (report_1904, _) = check_json(&[&fixture("formats/variant_date_months_1904.xlsx")], &[]);
    assert_eq!(seen(&report, 0, 0), seen(&report_1904, 0, 0));
}

fn copy(from: &str, to: &Path) {
    std::fs::copy(fixture(from), to).expect("copy fixture");
}

#[test]
fn every_skipped_or_unreadable_file_is_named_and_nothing_read_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("收件");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("说明.pptx"), b"PK not really").expect("write");
    std::fs::write(folder.join("~$锁定.xlsx"), b"lock").expect("write");
    copy("broken/not_a_workbook.xlsx", &folder.join("坏.xlsx"));
    let output = hedui().arg("check").arg(&folder).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for name in ["说明.pptx", "~$锁定.xlsx", "坏.xlsx"] {
        assert_eq!(
            stderr.lines().filter(|l| l.contains(name)).count(),
            1,
            "{name} named once: {stderr}"
        );
    }
    assert!(stderr.contains("没有可核对的工作簿"), "{stderr}");

    // An empty folder: nothing found, said so, exit 2.
    let empty = dir.path().join("空");
    std::fs::create_dir(&empty).expect("folder");
    let output = hedui().arg("check").arg(&empty).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("未找到任何工作簿"));

    // With a readable workbook (an .et among them) the skipped file is named
    // but is no failure, and the summary lists it.
    copy("formats/chigang_2024.et", &folder.join("赤岗.et"));
    std::fs::remove_file(folder.join("坏.xlsx")).expect("remove");
    let summary = dir.path().join("汇总.xlsx");
    let output = hedui()
        .arg("check")
        .arg(&folder)
        .arg("--summary")
        .arg(&summary)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the planted errors: {stderr}"
    );
    assert!(stderr.contains("说明.pptx"), "{stderr}");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(summary.with_extension("json")).expect("summary json"),
    )
    .expect("json");
    let text = json.to_string();
    assert!(text.contains("赤岗.et"), "{text}");
    assert!(text.contains("说明.pptx"), "{text}");
}

/// Every workbook fixture of fixtures/indicators and fixtures/roster.
fn workbook_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "indicators",
        "indicators/libreoffice",
        "roster",
        "roster/libreoffice",
    ] {
        let Ok(entries) = std::fs::read_dir(fixture(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn checking_a_corrected_workbook_finds_only_what_was_not_corrected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = workbook_fixtures();
    assert!(fixtures.len() >= 10);
    for (i, input) in fixtures.iter().enumerate() {
        let out = dir.path().join(format!("{i}.xlsx"));
        let fixed = hedui()
            .arg("fix")
            .arg(input)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("runs");
        assert!(out.exists(), "{}: {:?}", input.display(), fixed);
        let (before, _) = check_json(&[input], &[]);
        let (after, code) = check_json(&[&out], &[]);
        assert_ne!(code, 2, "{}: {after}", input.display());
        let not_corrected: BTreeSet<(String, String)> = seen(&before, 0, 0)
            .into_iter()
            .filter(|f| f.4 != "corrected")
            .map(|f| (f.0, f.1))
            .collect();
        for f in seen(&after, 0, 0) {
            let severe = after["files"][0]["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|g| {
                    g["rule"] == f.0.as_str()
                        && g["cell"] == f.1.as_str()
                        && g["severity"] != "info"
                });
            if severe {
                assert!(
                    not_corrected.contains(&(f.0.clone(), f.1.clone())),
                    "{}: {f:?} after fixing, not an uncorrected finding of the input",
                    input.display()
                );
            }
        }
        // The sheets hedui added are not read as tables.
        let tables = after["files"][0]["tables"].as_array().expect("tables");
        assert!(tables.iter().all(|t| !t["sheet"]
            .as_str()
            .unwrap_or_default()
            .starts_with("规范化")
            && t["sheet"] != "核对结果"));
    }
}

#[test]
fn a_folder_of_corrected_workbooks_and_their_summary_is_checked_as_the_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("folder");
    copy(
        "indicators/clean_chigang_2024.xlsx",
        &input.join("clean.xlsx"),
    );
    let out = dir.path().join("out");
    let fixed = hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(fixed.status.code(), Some(0), "{fixed:?}");
    assert!(out.join("汇总.xlsx").exists());
    let output = hedui().arg("check").arg(&out).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("汇总.xlsx：hedui 生成的汇总表，已跳过"),
        "{stderr}"
    );
    assert!(
        stderr.contains("跳过 hedui 生成的工作表 规范化数据、核对结果"),
        "{stderr}"
    );
    assert!(stdout.contains("0 个错误，0 个警告"), "{stdout}");
}

#[test]
fn an_os_error_names_the_file_in_the_person_s_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("没有这个文件夹").join("out.xlsx");
    for (lang, phrase) in [
        ("zh", "无法写入输出文件：文件或文件夹不存在"),
        ("en", "cannot write the output: no such file or folder"),
    ] {
        let output = hedui()
            .arg("fix")
            .arg(fixture("indicators/clean_chigang_2024.xlsx"))
            .arg("-o")
            .arg(&out)
            .args(["--lang", lang])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr.contains(&format!("{}", out.display())), "{stderr}");
        assert!(stderr.contains(phrase), "{stderr}");
        assert!(
            !stderr.contains(".hedui-") && !stderr.contains("os error"),
            "{stderr}"
        );
    }
}
