//! Where `fix` writes: a/b.xls → OUTDIR/a/b.xlsx, b.xls beside b.xlsx, several
//! folders each under its own name, and `-o` naming a workbook or a folder.

mod common;

use std::path::Path;

use common::{fixture, hedui};

fn files_below(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .into_owned();
            (!relative.starts_with("汇总")).then_some(relative)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn an_xls_gets_its_name_with_xlsx_and_a_twin_keeps_its_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("a")).expect("folders");
    let xls = fixture("indicators/libreoffice/chigang_2024.xls");
    std::fs::copy(&xls, input.join("a/b.xls")).expect("copy");
    std::fs::copy(&xls, input.join("a/c.xls")).expect("copy");
    std::fs::copy(
        fixture("indicators/chigang_2024.xlsx"),
        input.join("a/c.xlsx"),
    )
    .expect("copy");
    let out = dir.path().join("out");
    let run = hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert_eq!(
        files_below(&out),
        ["a/b.xlsx", "a/c.xls.xlsx", "a/c.xlsx"],
        "{stderr}"
    );
    // The twin is named on stderr with the input it gave way to, and in the summary.
    assert!(
        stderr.contains("c.xls") && stderr.contains("c.xlsx") && stderr.contains("c.xls.xlsx"),
        "{stderr}"
    );
    let summary = std::fs::read_to_string(out.join("汇总.json")).expect("summary");
    assert!(summary.contains("c.xls.xlsx"), "{summary}");
}

#[test]
fn the_output_is_a_workbook_named_xlsx_or_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = fixture("indicators/chigang_2024.xlsx");
    // One file, -o naming no workbook: refused before anything is written.
    let wrong = dir.path().join("corrected.xls");
    hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&wrong)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "corrected.xls：更正后的工作簿名须以 .xlsx 结尾",
        ));
    assert!(!wrong.exists());
    hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("plain"))
        .args(["--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("must end in .xlsx"));
    // A name ending in / is a folder.
    let folder = format!("{}/", dir.path().join("folder").display());
    hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&folder)
        .assert()
        .code(1);
    assert_eq!(
        files_below(&dir.path().join("folder")),
        ["chigang_2024.xlsx"]
    );
    // A folder of inputs into one .xlsx name: refused.
    let one = dir.path().join("all.xlsx");
    hedui()
        .arg("fix")
        .arg(fixture("periods/chigang"))
        .arg("-o")
        .arg(&one)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "多个输入或文件夹须写到一个文件夹中",
        ));
    assert!(!one.exists());
}

#[test]
fn the_json_report_names_its_tool_version_and_schema() {
    let (report, _) = common::check_json(&[&fixture("indicators/chigang_2024.xlsx")], &[]);
    assert_eq!(report["tool"], "hedui");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        report["schema_version"],
        hedui::report::json::SCHEMA_VERSION
    );
    assert!(report["schema_version"].as_u64().is_some_and(|v| v >= 2));
    assert!(report["files"][0]["findings"]
        .as_array()
        .is_some_and(|f| !f.is_empty()));
}

/// The summary of a batch: beside its per-file rows and the ranking, the
/// city-wide long form and native charts of completion rates, all printed
/// landscape one page wide.
#[test]
fn the_summary_has_the_city_long_form_and_charts() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("汇总.xlsx");
    hedui()
        .arg("check")
        .arg(fixture("periods/chigang"))
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("--summary")
        .arg(&summary)
        .assert()
        .code(1);
    let mut book = open_workbook_auto(&summary).expect("summary");
    assert_eq!(
        book.sheet_names(),
        ["汇总", "规则排行", "全市长表", "完成率图表"]
    );
    let long = book.worksheet_range("全市长表").expect("long form");
    let header: Vec<String> = long
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header[..10],
        [
            "站点",
            "期间",
            "片区",
            "指标",
            "单位",
            "协议量",
            "完成量",
            "完成率(填报)",
            "完成率(核算)",
            "发现"
        ]
    );
    // 片区3's 电访 in the seed table: 700 of 650 stated as 111.11%, R001.
    let row = long
        .rows()
        .find(|r| {
            r[10].to_string().ends_with("chigang_2024.xlsx")
                && r[2].to_string().starts_with("片区3")
                && r[6] == Data::Float(700.0)
                && r[5] == Data::Float(650.0)
        })
        .expect("片区3 电访");
    assert_eq!(row[0].to_string(), "赤岗街");
    let stated = calamine::DataType::get_float(&row[7]).expect("stated rate");
    let recomputed = calamine::DataType::get_float(&row[8]).expect("recomputed rate");
    assert!((stated - 1.1111).abs() < 1e-9, "{stated}");
    assert!((recomputed - 700.0 / 650.0).abs() < 1e-6, "{recomputed}");
    assert_eq!(row[9].to_string(), "R001");
    // Every period of the station is in the long form.
    let periods: std::collections::BTreeSet<String> =
        long.rows().skip(1).map(|r| r[1].to_string()).collect();
    for period in ["2024-03", "2024-04", "2024-05"] {
        assert!(periods.contains(period), "{periods:?}");
    }
    // The charts are Excel's own, over the rate table on their sheet.
    let rates = book.worksheet_range("完成率图表").expect("chart sheet");
    assert_eq!(
        rates.get_value((0, 0)).map(ToString::to_string).as_deref(),
        Some("站点")
    );
    let file = std::fs::File::open(&summary).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.to_string()).collect();
    let charts = names
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .count();
    assert!(charts >= 3, "{names:?}");
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/charts/chart1.xml").expect("chart1"),
        &mut chart,
    )
    .expect("read");
    assert!(
        chart.contains("<c:barChart>") && chart.contains("完成率图表!$C$2"),
        "{chart}"
    );
    for sheet in 1..=4 {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip
                .by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
                .expect("sheet"),
            &mut xml,
        )
        .expect("read");
        assert!(
            xml.contains("orientation=\"landscape\"") && xml.contains("fitToPage=\"1\""),
            "sheet {sheet}"
        );
    }
}

/// Wording: a count's name is not doubled (投入社工人数, not 投入社工人数数量);
/// a date and the word after it are spaced; an empty value is （空） in the
/// terminal, the audit sheet and the cell notes alike; ≥ is spaced as → is.
#[test]
fn wording_is_one_way_everywhere() {
    use calamine::{open_workbook_auto, Reader};
    let (report, _) = common::check_json(&[&fixture("indicators/variant_formulas.xlsx")], &[]);
    let text = report.to_string();
    assert!(text.contains("合计投入社工人数写为"), "{text}");
    assert!(!text.contains("人数数量"), "{text}");

    let roster = fixture("roster/chigang_roster_2024.xlsx");
    let out = hedui().arg("check").arg(&roster).output().expect("runs");
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(terminal.contains("2023-06-10 离职"), "{terminal}");
    assert!(terminal.contains("（空） → √"), "{terminal}");
    assert!(terminal.contains("18 → ≥ 19"), "{terminal}");
    assert!(
        !terminal.contains("≥1") && !terminal.contains("—"),
        "{terminal}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let corrected = dir.path().join("roster.xlsx");
    hedui()
        .arg("fix")
        .arg(&roster)
        .arg("-o")
        .arg(&corrected)
        .assert()
        .code(1);
    let mut book = open_workbook_auto(&corrected).expect("corrected workbook");
    let audit = book.worksheet_range("核对结果").expect("audit sheet");
    let q9 = audit
        .rows()
        .find(|r| r[0] == "A004" && r[4] == "Q9")
        .expect("Q9's row");
    assert_eq!(q9[5].to_string(), "（空）");
    assert_eq!(q9[6].to_string(), "√");
    // A finding with no expected value leaves the column blank, not （空）.
    let j18 = audit
        .rows()
        .find(|r| r[0] == "A002" && r[4] == "J18")
        .expect("J18's row");
    assert_eq!(j18[6].to_string(), "");
}
