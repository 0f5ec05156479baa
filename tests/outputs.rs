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
