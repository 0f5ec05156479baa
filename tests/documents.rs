//! Written reports (D rules): a station's report checked with its workbooks,
//! as an evaluator runs it: `hedui check report.docx 附件1.xlsx 附件2.xlsx`.

mod common;

use std::collections::BTreeSet;

use common::{check_json, fixture, hedui};
use serde_json::Value;

/// A report finding reduced to (rule, paragraph, found, expected).
type Claimed = (String, u64, String, Option<String>);

fn report_findings(report: &Value, file: usize, severities: &[&str]) -> BTreeSet<Claimed> {
    report["files"][file]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| severities.contains(&f["severity"].as_str().unwrap_or_default()))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["paragraph"].as_u64().unwrap_or(0),
                f["found"].as_str().unwrap_or_default().to_string(),
                f["expected"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn claimed(rule: &str, paragraph: u64, found: &str, expected: Option<&str>) -> Claimed {
    (
        rule.into(),
        paragraph,
        found.into(),
        expected.map(str::to_string),
    )
}

fn finding<'a>(report: &'a Value, file: usize, rule: &str, paragraph: u64) -> &'a Value {
    report["files"][file]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == rule && f["paragraph"].as_u64().unwrap_or(0) == paragraph)
        .unwrap_or_else(|| panic!("no {rule} at ¶{paragraph}: {report:#}"))
}

#[test]
fn chigang_report_against_its_table_and_roster() {
    let (report, code) = check_json(
        &[
            &fixture("documents/chigang_2024_report.docx"),
            &fixture("indicators/chigang_2024.xlsx"),
            &fixture("roster/chigang_roster_2024.xlsx"),
        ],
        &[],
    );
    assert_eq!(code, 1);
    let got = report_findings(&report, 0, common::ABOVE_INFO);
    let expected: BTreeSet<Claimed> = [
        // Staffing: the report says 21 social workers twice, the table's districts sum to 18.
        claimed("D001", 38, "社工 21 名", Some("18")),
        claimed("D001", 45, "总人数 21 人", Some("18")),
        // 电访 103.70% is 3111 / 3000, the table's wrong 合计 (T001: 3020).
        claimed("D005", 41, "电话访问 3111 个 103.70%", Some("103.01%")),
        // Volunteers: 150 new volunteers in ¶41 (as the table), 230 in ¶88; backbone 30 and 31.
        claimed("D003", 88, "新培育志愿者 230 人", Some("150")),
        claimed("D003", 88, "志愿者骨干 31 人", Some("30")),
        // Staff figures against the roster: 实到 254, 持证 85% and 稳岗率 80% repeat
        // what the roster states and its own check corrects (A011); 持续在岗 16 is
        // not the 17 of the 19 on duty in June still on duty in May.
        claimed("D005", 45, "254 人次", Some("228")),
        claimed("D005", 45, "85%", Some("81%")),
        claimed("D005", 45, "80%", Some("89%")),
        claimed("D004", 45, "16 人", Some("17")),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, expected);

    // Each points at the report's sentence and, in `related`, at the table's cell.
    let staff = finding(&report, 0, "D001", 38);
    assert_eq!(staff["cell"], Value::Null);
    assert!(staff["sentence"]
        .as_str()
        .is_some_and(|s| s.contains("社工站平均配备社工 21 名") && s.chars().count() <= 60));
    assert_eq!(staff["related"][0]["cell"], "B8");
    assert_eq!(staff["related"][0]["sheet"], "附件1");

    // The 电访 rate repeats the table's error: related to the T001 cell, which the table's own check flags.
    let repeated = finding(&report, 0, "D005", 41);
    assert_eq!(repeated["related"][0]["cell"], "F8");
    assert!(repeated["message"]
        .as_str()
        .is_some_and(|m| m.contains("T001")));
    let table = &report["files"][1]["findings"];
    assert!(table
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "T001" && f["cell"] == "F8"));

    // The roster figures point at the roster's A011 cells.
    let cells: BTreeSet<&str> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "D005" && f["paragraph"] == 45)
        .filter_map(|f| f["related"][0]["cell"].as_str())
        .collect();
    assert_eq!(cells, ["G32", "G33", "G34"].into_iter().collect());
    // 入户探访 1300 个, 100%: as the table; nothing said about it.
    let all = report_findings(&report, 0, common::ALL);
    assert!(!all
        .iter()
        .any(|(_, _, found, _)| found.starts_with("入户探访 1300")));
    // Workbook findings keep their cell and have no report fields.
    assert!(table
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["cell"].is_string()
            && f.get("paragraph").is_none()
            && f.get("sentence").is_none()));
}

#[test]
fn yuangang_report_figures_are_matched_to_the_table() {
    let (report, code) = check_json(
        &[
            &fixture("documents/yuangang_2022_report.docx"),
            &fixture("indicators/yuangang_2022.xlsx"),
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(
        report_findings(&report, 0, common::ABOVE_INFO),
        BTreeSet::new()
    );
    // 项目实施情况 (¶33) states 20 figures; every one is matched to its table
    // cell (维系志愿团队 too: tables keep the label as written, issue 8).
    let unmatched: Vec<Claimed> = report_findings(&report, 0, &["info"])
        .into_iter()
        .filter(|(rule, paragraph, _, _)| rule == "D006" && *paragraph == 33)
        .collect();
    assert_eq!(unmatched, []);
    let summary = finding(&report, 0, "D007", 0);
    assert_eq!(summary["found"], "20/31");
}

#[test]
fn three_altered_figures_give_exactly_three_findings() {
    let (report, code) = check_json(
        &[
            &fixture("documents/yuangang_2022_report_altered.docx"),
            &fixture("indicators/yuangang_2022.xlsx"),
        ],
        &[],
    );
    assert_eq!(code, 1);
    let expected: BTreeSet<Claimed> = [
        claimed("D001", 33, "电访 2430 人次 126%", Some("2403")),
        claimed("D001", 33, "资源链接 295907.68 元 433%", Some("259907.68")),
        claimed("D002", 33, "118%", Some("108%")),
    ]
    .into_iter()
    .collect();
    assert_eq!(report_findings(&report, 0, common::ABOVE_INFO), expected);
    let amount = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["found"] == "资源链接 295907.68 元 433%")
        .expect("the amount");
    assert_eq!(amount["related"][0]["cell"], "C13");
}

#[test]
fn the_terminal_shows_the_sentence_and_the_cell() {
    let output = hedui()
        .arg("check")
        .arg(fixture("documents/chigang_2024_report.docx"))
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .output()
        .expect("hedui runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("第38段 D001"), "{text}");
    assert!(
        text.contains("「截至 2024 年 5 月 30 日，社工站平均配备社工 21 名"),
        "{text}"
    );
    assert!(text.contains("chigang_2024.xlsx「附件1」B8"), "{text}");
}

#[test]
fn a_batch_folder_pairs_a_report_with_the_workbooks_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let station = dir.path().join("元岗街");
    let other = dir.path().join("赤岗街");
    std::fs::create_dir_all(&station).expect("mkdir");
    std::fs::create_dir_all(&other).expect("mkdir");
    for (from, to) in [
        (
            "documents/yuangang_2022_report_altered.docx",
            station.join("自评报告.docx"),
        ),
        ("indicators/yuangang_2022.xlsx", station.join("附件1.xlsx")),
        // Another station's table in another folder is not compared with the report.
        ("indicators/chigang_2024.xlsx", other.join("附件1.xlsx")),
    ] {
        std::fs::copy(fixture(from), to).expect("copy");
    }
    let (report, _) = check_json(&[dir.path()], &[]);
    let files = report["files"].as_array().expect("files");
    let index = files
        .iter()
        .position(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("自评报告.docx"))
        })
        .expect("the report is read");
    let got = report_findings(&report, index, common::ABOVE_INFO);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got
        .iter()
        .all(|(_, _, _, expected)| expected.as_deref() != Some("18")));
}

#[test]
fn text_reports_in_gbk_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("报告.txt");
    let (bytes, _, _) = encoding_rs::GBK.encode("元岗社工站共完成探访 520 人次，达成率 104%。\n");
    std::fs::write(&path, &bytes).expect("write");
    let (report, _) = check_json(&[&path, &fixture("indicators/yuangang_2022.xlsx")], &[]);
    assert_eq!(
        report_findings(&report, 0, common::ABOVE_INFO),
        [claimed("D001", 1, "探访 520 人次 104%", Some("522"))]
            .into_iter()
            .collect()
    );
}

#[test]
fn a_report_without_figures_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("报告.md");
    std::fs::write(&path, "# 总结\n\n社工站服务开展情况良好，居民反映积极。\n").expect("write");
    let (report, code) = check_json(&[&path, &fixture("indicators/yuangang_2022.xlsx")], &[]);
    assert_eq!(code, 0);
    let summary = finding(&report, 0, "D007", 0);
    assert_eq!(summary["found"], "0/0");
    assert!(summary["message"]
        .as_str()
        .is_some_and(|m| m.contains("未找到")));
}

#[test]
fn staff_figures_against_a_correct_roster_and_without_a_table() {
    let (report, _) = check_json(
        &[
            &fixture("documents/chigang_2024_report.docx"),
            &fixture("roster/clean_chigang_roster_2024.xlsx"),
        ],
        &[],
    );
    // The roster states its figures right: the report's own figures are wrong against it.
    let expected: BTreeSet<Claimed> = [
        claimed("D004", 45, "254 人次", Some("228")),
        claimed("D004", 45, "85%", Some("81%")),
        claimed("D004", 45, "16 人", Some("17")),
        claimed("D004", 45, "80%", Some("89%")),
        // With no table, the report still contradicts itself.
        claimed("D003", 88, "新培育志愿者 230 人", None),
        claimed("D003", 88, "志愿者骨干 31 人", None),
    ]
    .into_iter()
    .collect();
    assert_eq!(report_findings(&report, 0, common::ABOVE_INFO), expected);
    let volunteers = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["found"] == "新培育志愿者 230 人")
        .expect("D003");
    // `related` names the other sentence: a report place, cell null, paragraph 41.
    assert_eq!(volunteers["related"][0]["cell"], Value::Null);
    assert_eq!(volunteers["related"][0]["paragraph"], 41);
}

#[test]
fn a_pdf_report_gives_the_same_findings_with_pages() {
    let files = |report: &str| {
        check_json(
            &[
                &fixture(report),
                &fixture("indicators/chigang_2024.xlsx"),
                &fixture("roster/chigang_roster_2024.xlsx"),
            ],
            &[],
        )
        .0
    };
    let from_pdf = files("documents/chigang_2024_report.pdf");
    let from_docx = files("documents/chigang_2024_report.docx");
    // Rule and figure as found; the paragraphs are counted differently (a PDF joins lines).
    let strip = |r: &Value| -> BTreeSet<(String, String)> {
        report_findings(r, 0, common::ABOVE_INFO)
            .into_iter()
            .map(|(rule, _, found, _)| (rule, found))
            .collect()
    };
    assert_eq!(strip(&from_pdf), strip(&from_docx));
    assert_eq!(strip(&from_pdf).len(), 9);
    let staff = report_findings(&from_pdf, 0, &["error"])
        .into_iter()
        .find(|(_, _, found, _)| found == "社工 21 名")
        .expect("staffing");
    let f = finding(&from_pdf, 0, "D001", staff.1);
    assert_eq!(f["page"], 2);
}

/// A one-page PDF with nothing on its page: what a scanner's image-only PDF reads as.
fn empty_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn a_scanned_pdf_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("扫描件.pdf");
    std::fs::write(&path, empty_pdf()).expect("write");
    let output = hedui()
        .arg("check")
        .arg(&path)
        .arg(fixture("indicators/yuangang_2022.xlsx"))
        .output()
        .expect("hedui runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("扫描件.pdf") && err.contains("没有文字层"),
        "{err}"
    );
}

#[test]
fn fix_writes_the_report_findings_to_an_audit_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let status = hedui()
        .arg("fix")
        .arg(fixture("documents/chigang_2024_report.docx"))
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hedui runs")
        .status;
    assert_eq!(status.code(), Some(1));
    let cells = common::cells(&out.join("chigang_2024_report.xlsx"));
    // The row of the staffing finding: rule, paragraph in the sheet column, sentence in the cell column.
    let row = cells
        .iter()
        .find(|(sheet, _, col, v)| sheet == "核对结果" && *col == 0 && v == "D001")
        .map(|(_, row, _, _)| *row)
        .expect("a D001 row");
    let at = |col: u32| {
        cells
            .iter()
            .find(|(s, r, c, _)| s == "核对结果" && *r == row && *c == col)
            .map(|(_, _, _, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(at(3), "第38段");
    assert!(at(4).contains("社工站平均配备社工 21 名"), "{}", at(4));
    assert_eq!(at(9), "chigang_2024.xlsx!附件1!B8");
}

#[test]
fn district_claims_meet_their_district_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("报告.txt");
    std::fs::write(
        &path,
        "其中片区2电访 1061 人次，达成率 104.02%；片区3电访 700 人次，达成率 111.11%；B 片区入户探访 441 个。\n",
    )
    .expect("write");
    let (report, _) = check_json(&[&path, &fixture("indicators/chigang_2024.xlsx")], &[]);
    let expected: BTreeSet<Claimed> = [
        // 片区3's 111.11% is the table's own wrong rate (R001 at H7: 700/650 = 107.69%).
        claimed("D005", 1, "电访 700 人次 111.11%", Some("107.69%")),
        // 片区2 入户探访 is 440 in J6.
        claimed("D001", 1, "入户探访 441 个", Some("440")),
    ]
    .into_iter()
    .collect();
    assert_eq!(report_findings(&report, 0, common::ABOVE_INFO), expected);
    let rate = finding(&report, 0, "D005", 1);
    assert_eq!(rate["related"][0]["cell"], "H7");
    let visits = finding(&report, 0, "D001", 1);
    assert_eq!(visits["related"][0]["cell"], "J6");
}

#[test]
fn a_head_count_is_wrong_only_when_no_reading_of_the_roster_gives_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("报告.txt");
    // 19 are on duty in the roster's last reported month (21 listed over the year); nobody ever 25.
    std::fs::write(&path, "社工站现有社工 19 名。\n社工站共有社工 25 名。\n").expect("write");
    let (report, _) = check_json(&[&path, &fixture("roster/chigang_roster_2024.xlsx")], &[]);
    let got = report_findings(&report, 0, common::ABOVE_INFO);
    assert_eq!(got.len(), 1, "{got:?}");
    let (rule, paragraph, found, expected) = got.into_iter().next().expect("one");
    assert_eq!(
        (rule.as_str(), paragraph, found.as_str()),
        ("D004", 2, "25 名")
    );
    assert_eq!(expected.as_deref(), Some("21"));
}

/// The terminal report as an evaluator reads it (tests/snapshots/documents__*.snap).
fn terminal(args: &[&str]) -> String {
    let output = hedui()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("hedui runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn chigang_report_as_printed() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/documents/chigang_2024_report.docx",
        "fixtures/indicators/chigang_2024.xlsx",
        "fixtures/roster/chigang_roster_2024.xlsx",
    ]));
}

#[test]
fn chigang_report_in_english() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/documents/chigang_2024_report.pdf",
        "fixtures/indicators/chigang_2024.xlsx",
        "--lang",
        "en",
    ]));
}

#[test]
fn yuangang_report_as_printed() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/documents/yuangang_2022_report.docx",
        "fixtures/indicators/yuangang_2022.xlsx",
    ]));
}

#[test]
fn altered_yuangang_report_as_printed() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/documents/yuangang_2022_report_altered.docx",
        "fixtures/indicators/yuangang_2022.xlsx",
    ]));
}

#[test]
fn a_report_that_agrees_with_clean_workbooks_gets_no_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("末期报告.txt");
    std::fs::write(
        &path,
        "截至 2024 年 5 月 30 日，社工站平均配备社工 18 名。\n\
         社工站共完成电话访问 3111 个，入户探访 1300 个，分别完成协议指标量的 103.01%、100%；\
         咨询个案结案 40 个，完成协议指标量的 100%；专业个案接案 60 个，服务 332 节，结案 60 个，\
         分别完成协议指标量的 100%、110.67% 和 100%；完成专业小组 20 个，120 节，服务 708 人次，\
         分别完成协议指标量的 100%、100% 和 103.51%；完成大型社区活动 30 次，服务 3713 人次，\
         分别完成协议指标量的 100% 和 123.77%；完成中小型社区活动 38 次，服务 1561 人次，\
         分别完成协议指标量的 100% 和 120.08%；新登记志愿者 150 名，培育志愿者骨干 30 名，\
         发展志愿者队伍 2 支，分别完成协议指标量的 100%、100% 和 100%。\n\
         （1）人员配备方面，实际到岗 228 人次，其中，持证社工人数 17 人，占社工总人数 81%，\
         持续在岗 17 人，稳岗率 89%。\n\
         通过核查系统后台数据，社工站新培育志愿者 150 人和志愿者骨干 30 人。\n",
    )
    .expect("write");
    let (report, _) = check_json(
        &[
            &path,
            &fixture("indicators/clean_chigang_2024.xlsx"),
            &fixture("roster/clean_chigang_roster_2024.xlsx"),
        ],
        &[],
    );
    assert_eq!(
        report_findings(&report, 0, common::ABOVE_INFO),
        BTreeSet::new()
    );
    let summary = finding(&report, 0, "D007", 0);
    // Every figure is matched and agrees: 17 against the table, 4 against the roster, 2 again.
    assert_eq!(summary["found"], "23/23");
}

#[test]
fn a_damaged_word_file_is_a_clear_error_and_the_workbooks_are_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("报告.docx");
    std::fs::write(&path, b"PK\x03\x04 cut short").expect("write");
    let (report, code) = check_json(&[&path, &fixture("indicators/yuangang_2022.xlsx")], &[]);
    assert_eq!(code, 2);
    assert!(report["files"][0]["error"]
        .as_str()
        .is_some_and(|e| e.contains("报告.docx")));
    assert!(report["files"][1]["error"].is_null());
}
