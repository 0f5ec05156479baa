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
    // 汇总.xlsx holds the city-wide long form of every figure, as fix's does.
    let mut book = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("汇总.xlsx").unwrap(), &mut book).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book)).unwrap();
    let long = book.worksheet_range("全市长表").unwrap();
    assert!(long.height() > 20, "{}", long.height());
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
    assert!(group.indicators.iter().all(|r| r.recomputed.is_some()));
    // A rate differs exactly where a finding on it says what it should be:
    // 电访's total, recomputed once R001 corrected a district's rate.
    let differing: Vec<(&str, Option<&str>, Option<&str>)> = group
        .indicators
        .iter()
        .filter(|r| r.differs)
        .map(|r| {
            (
                &*r.indicator,
                r.stated_text.as_deref(),
                r.recomputed_text.as_deref(),
            )
        })
        .collect();
    assert_eq!(differing, [("电访", Some("103.70%"), Some("103.01%"))]);
    // Money in 元 against a target in 万元: the check's reading, not a bare division.
    let links = group
        .indicators
        .iter()
        .find(|r| r.indicator == "社会资源链接")
        .unwrap();
    assert_eq!(links.recomputed_text, links.stated_text);
}

#[test]
fn labels_name_every_rule() {
    let labels: serde_json::Value = serde_json::from_str(&labels(Lang::En)).unwrap();
    assert_eq!(labels["severity"]["error"], "error");
    for rule in Rule::ALL {
        assert!(labels["rules"][rule.code()].is_string());
    }
}

/// (rule, sheet, cell, found, expected) of every finding of a JSON report's first file, or its error.
fn shown(report: &str) -> Result<Vec<[String; 5]>, String> {
    let report: serde_json::Value = serde_json::from_str(report).unwrap();
    let file = &report["files"][0];
    if let Some(error) = file["error"].as_str().or(file["skipped"].as_str()) {
        return Err(error.to_string());
    }
    Ok(file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| ["rule", "sheet", "cell", "found", "expected"].map(|k| f[k].to_string()))
        .collect())
}

#[test]
fn every_fixture_reads_from_bytes_as_from_its_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for folder in [
        "indicators",
        "indicators/libreoffice",
        "roster",
        "roster/libreoffice",
        "formats",
        "broken",
        "periods/chigang",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let mut page = Page::default();
            page.add(&name, std::fs::read(&path).unwrap());
            page.compare();
            // The CLI's reading of the same file from its path, named by its bare name.
            let from_path = crate::read::read_file(&path, Options::default().limits.max_bytes)
                .and_then(|bytes| {
                    crate::check_bytes_in(
                        Path::new(&name),
                        bytes,
                        None,
                        &Options::default(),
                        crate::read::ReadMode::Check,
                    )
                })
                .map(|c| c.report);
            let cli = json::render(&[from_path], Lang::Zh);
            assert_eq!(shown(&page.json(Lang::Zh)), shown(&cli), "{folder}/{name}");
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}
