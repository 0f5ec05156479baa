use super::*;
use calamine::Reader;

fn fixture(relative: &str) -> (String, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read(&path).unwrap())
}

fn page_of(files: &[&str]) -> Page {
    let mut page = Page::default();
    for f in files {
        let (name, bytes) = fixture(f);
        page.add(&name, bytes);
    }
    page.compare();
    page
}

#[test]
fn a1_round_trips() {
    for a1 in ["A1", "C5", "Z9", "AA10", "XFD1048576"] {
        assert_eq!(parse_a1(a1).map(|c| c.a1()).as_deref(), Some(a1));
    }
    assert_eq!(parse_a1("$B$3"), Some(CellRef::new(2, 1)));
    for bad in ["", "1A", "A0", "A", "ABCD1", "A1B"] {
        assert_eq!(parse_a1(bad), None, "{bad}");
    }
}

#[test]
fn json_is_the_cli_report_for_the_same_bytes() {
    let page = page_of(&["indicators/chigang_2024.xlsx"]);
    let report: serde_json::Value = serde_json::from_str(&page.json(Lang::Zh)).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    // The same findings as reading the file from its path.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators/chigang_2024.xlsx");
    let checked = crate::check_file(&path, &Options::default()).unwrap();
    let codes = |v: &[serde_json::Value]| -> Vec<(String, String)> {
        v.iter()
            .map(|f| (f["rule"].to_string(), f["cell"].to_string()))
            .collect()
    };
    let from_path: serde_json::Value =
        serde_json::from_str(&json::render(&[Ok(checked.report)], Lang::Zh)).unwrap();
    assert_eq!(
        codes(findings),
        codes(from_path["files"][0]["findings"].as_array().unwrap())
    );
}

#[test]
fn a_broken_file_keeps_its_error_and_the_others_are_checked() {
    let page = page_of(&["broken/truncated.xlsx", "roster/chigang_roster_2024.xlsx"]);
    let report: serde_json::Value = serde_json::from_str(&page.json(Lang::En)).unwrap();
    let error = report["files"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("truncated.xlsx: incomplete or damaged file"),
        "{error}"
    );
    assert!(report["files"][1]["error"].is_null());
    assert!(!report["files"][1]["findings"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(page.corrected(0, Lang::En).is_err());
    assert!(page.corrected(1, Lang::En).is_ok());
}

#[test]
fn grid_shows_the_cell_and_its_neighbours() {
    let page = page_of(&["indicators/chigang_2024.xlsx"]);
    let report: serde_json::Value = serde_json::from_str(&page.json(Lang::Zh)).unwrap();
    let finding = &report["files"][0]["findings"][0];
    let (sheet, cell) = (
        finding["sheet"].as_str().unwrap(),
        finding["cell"].as_str().unwrap(),
    );
    let grid = page.grid(0, sheet, cell, &[]).unwrap();
    let at = parse_a1(cell).unwrap();
    assert!(grid.first_row <= at.row && at.row <= grid.last_row);
    assert!(grid.first_col <= at.col && at.col <= grid.last_col);
    let shown = &grid.rows[(at.row - grid.first_row) as usize][(at.col - grid.first_col) as usize];
    assert_eq!(
        shown,
        &finding["found"].as_str().unwrap().replace('⏎', "\n")
    );
    assert_eq!(
        grid.col_names[(at.col - grid.first_col) as usize],
        CellRef::col_letters(at.col)
    );
    assert!(page.grid(0, "no such sheet", cell, &[]).is_none());
}

#[test]
fn corrected_bytes_are_the_workbook_fix_writes() {
    let page = page_of(&["indicators/chigang_2024.xlsx"]);
    let bytes = page.corrected(0, Lang::Zh).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators/chigang_2024.xlsx");
    let checked = crate::check_file(&path, &Options::default()).unwrap();
    let out = dir.path().join("out.xlsx");
    corrected::write(&checked.workbook, &checked.report, &out, Lang::Zh).unwrap();
    let mut from_page: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut from_cli: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(from_page.sheet_names(), from_cli.sheet_names());
    for name in from_cli.sheet_names() {
        let a = from_page.worksheet_range(&name).unwrap();
        let b = from_cli.worksheet_range(&name).unwrap();
        assert_eq!(a, b, "{name}");
        let fa = from_page.worksheet_formula(&name).unwrap();
        let fb = from_cli.worksheet_formula(&name).unwrap();
        assert_eq!(fa, fb, "{name}");
    }
    assert_eq!(page.corrected_name(0), "chigang_2024.xlsx");
}

#[test]
fn zip_holds_every_corrected_workbook_and_the_summary() {
    let page = page_of(&[
        "indicators/chigang_2024.xlsx",
        "formats/chigang_2024.et",
        "broken/not_a_workbook.xlsx",
    ]);
    let bytes = page.zip(Lang::Zh).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "chigang_2024.et.xlsx",
            "chigang_2024.xlsx",
            "hedui.json",
            "汇总.json",
            "汇总.xlsx"
        ]
    );
    let mut summary = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("汇总.json").unwrap(), &mut summary).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["files"].as_array().unwrap().len(), 3);
    assert_eq!(summary["files"][0]["corrected"], "chigang_2024.xlsx");
    assert!(summary["files"][2]["error"].is_string());
}

#[test]
fn printable_groups_by_station_and_period_with_rates() {
    let page = page_of(&["indicators/chigang_2024.xlsx"]);
    let groups = page.printable(Lang::Zh);
    assert_eq!(groups.len(), 1);
    let group = &groups[0];
    assert_eq!(group.files, ["chigang_2024.xlsx"]);
    assert!(
        group.station.as_deref().is_some_and(|s| s.contains("赤岗")),
        "{group:?}"
    );
    let errors: usize = group
        .rules
        .iter()
        .filter(|r| r.severity == "error")
        .map(|r| r.count)
        .sum();
    assert_eq!(errors, group.errors);
    assert!(!group.indicators.is_empty());
    // Every recomputed rate is done ÷ target as the table's own figures say;
    // where one differs from the stated rate, an R rule says so too.
    assert!(group.indicators.iter().all(|r| r.recomputed.is_some()));
    if group.indicators.iter().any(|r| r.differs) {
        assert!(
            group.rules.iter().any(|r| r.rule.starts_with('R')),
            "{group:?}"
        );
    }
}

#[test]
fn labels_name_every_rule() {
    let labels: serde_json::Value = serde_json::from_str(&labels(Lang::En)).unwrap();
    assert_eq!(labels["severity"]["error"], "error");
    for rule in Rule::ALL {
        assert!(labels["rules"][rule.code()].is_string());
    }
}
