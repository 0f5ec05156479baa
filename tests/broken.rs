//! Broken and hostile inputs (fixtures/broken/, made by the fixture
//! generator): each gets its exact one-line error, in Chinese by default and
//! in English with --lang en, exit code 2, no output file, and the input is
//! left byte for byte as it was.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const EXIT_FAILURE: i32 = 2;

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken")
}

fn indicators_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators")
}

fn hedui(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hedui").expect("the hedui binary is built for tests");
    cmd.current_dir(dir);
    cmd
}

/// What running hedui gave: exit code, stdout, stderr.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = hedui(dir).args(args).output().expect("hedui runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A broken file and the message it must give, after "FILE：" (zh) or "FILE: " (en).
struct Case {
    file: &'static str,
    zh: &'static str,
    en: &'static str,
}

const DAMAGED_ZH: &str =
    "文件不完整或已损坏（压缩包结构无法读取，可能未完整保存或传输中断），请重新获取原文件";
const DAMAGED_EN: &str = "incomplete or damaged file: its zip structure cannot be read (saved or sent only in part?); ask for the original again";
const ENCRYPTED_ZH: &str = "工作簿已加密（设有打开密码），请去除密码后再提交";
const ENCRYPTED_EN: &str = "password-protected (encrypted) workbook";

const CASES: &[Case] = &[
    Case {
        file: "does_not_exist.xlsx",
        zh: "文件不存在",
        en: "file not found",
    },
    Case {
        file: "not_a_workbook.xlsx",
        zh: "不是工作簿文件（支持 xlsx、xlsm、xlsb、xls、et、ods、csv，及另存为 .xls 的网页表格和 XML 表格）",
        en: "not a workbook (xlsx, xlsm, xlsb, xls, et, ods, csv, or an HTML or XML table saved as .xls)",
    },
    Case {
        file: "truncated.xlsx",
        zh: DAMAGED_ZH,
        en: DAMAGED_EN,
    },
    Case {
        file: "corrupt_zip.xlsx",
        zh: DAMAGED_ZH,
        en: DAMAGED_EN,
    },
    Case {
        file: "encrypted.xlsx",
        zh: ENCRYPTED_ZH,
        en: ENCRYPTED_EN,
    },
    // Encrypted by msoffcrypto-tool with real agile encryption, as Excel does.
    Case {
        file: "encrypted_office.xlsx",
        zh: ENCRYPTED_ZH,
        en: ENCRYPTED_EN,
    },
    Case {
        file: "no_sheets.xlsx",
        zh: "工作簿中没有工作表",
        en: "the workbook has no sheets",
    },
    Case {
        file: "empty_sheets.xlsx",
        zh: "所有工作表均为空",
        en: "every sheet is empty",
    },
    Case {
        file: "no_table.xlsx",
        zh: "未在任何工作表中找到指标完成情况表或社工到岗情况表",
        en: "no indicator table or attendance roster found on any sheet",
    },
    Case {
        file: "corrupt_sheet_xml.xlsx",
        zh: "工作表“附件1”已损坏，无法读取",
        en: "sheet \"附件1\" is damaged and cannot be read",
    },
    Case {
        file: "zip_bomb.xlsx",
        zh: "解压后共 3758112190 字节，超过上限 1073741824 字节（疑似压缩炸弹；确为正常文件时可用 --max-bytes 提高上限）",
        en: "decompresses to 3758112190 bytes, over the limit of 1073741824 (a zip bomb?); if the file is genuine, raise the limit with --max-bytes",
    },
    // Inflates to 16 MiB more than its sheet declares: the zip reader stops
    // at the declared size, so the lie shows as damage.
    Case {
        file: "zip_bomb_understated.xlsx",
        zh: DAMAGED_ZH,
        en: DAMAGED_EN,
    },
    Case {
        file: "ods_repeat_bomb.ods",
        zh: "工作表“Sheet1”的使用范围有 98304000 个单元格，超过上限 10000000 个（可用 --max-cells 提高上限）",
        en: "sheet \"Sheet1\" spans 98304000 cells, over the limit of 10000000; raise it with --max-cells",
    },
    // Found by fuzzing (fuzz/README.md): a damaged .xls on which calamine
    // panics; the panic is caught and the person sees this one line.
    Case {
        file: "calamine_panic.xls",
        zh: "工作簿已损坏，文件结构无法读取",
        en: "damaged workbook: its structure cannot be read",
    },
    Case {
        file: "huge_dimension.xlsx",
        zh: "工作表“附件1”的使用范围有 17179869184 个单元格，超过上限 10000000 个（可用 --max-cells 提高上限）",
        en: "sheet \"附件1\" spans 17179869184 cells, over the limit of 10000000; raise it with --max-cells",
    },
];

fn contents(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
}

#[test]
fn every_broken_file_gives_its_error_in_chinese() {
    let dir = broken_dir();
    for case in CASES {
        let before = contents(&dir.join(case.file));
        let run = run(&dir, &["check", case.file]);
        assert_eq!(
            run.code,
            Some(EXIT_FAILURE),
            "{}: {}",
            case.file,
            run.stderr
        );
        assert_eq!(
            run.stderr,
            format!("hedui: {}：{}\n", case.file, case.zh),
            "{}",
            case.file
        );
        // The error is said once, on stderr; stdout has no report to show.
        assert_eq!(run.stdout, "", "{}", case.file);
        assert_eq!(
            contents(&dir.join(case.file)),
            before,
            "{} changed",
            case.file
        );
    }
}

#[test]
fn every_broken_file_gives_its_error_in_english() {
    let dir = broken_dir();
    for case in CASES {
        let run = run(&dir, &["check", "--lang", "en", case.file]);
        assert_eq!(
            run.code,
            Some(EXIT_FAILURE),
            "{}: {}",
            case.file,
            run.stderr
        );
        assert_eq!(
            run.stderr,
            format!("hedui: {}: {}\n", case.file, case.en),
            "{}",
            case.file
        );
    }
}

#[test]
fn the_json_report_carries_the_error_of_a_broken_file() {
    let dir = broken_dir();
    let run = run(&dir, &["check", "--format", "json", "truncated.xlsx"]);
    assert_eq!(run.code, Some(EXIT_FAILURE));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        report["files"][0]["error"],
        format!("truncated.xlsx：{DAMAGED_ZH}")
    );
}

#[test]
fn fix_on_a_broken_file_writes_nothing() {
    let dir = broken_dir();
    for case in CASES {
        let out_dir = tempfile::tempdir().expect("a temporary folder");
        let out = out_dir.path().join("out.xlsx");
        let before = contents(&dir.join(case.file));
        let run = run(
            &dir,
            &[
                "fix",
                case.file,
                "-o",
                out.to_str().expect("UTF-8 temp path"),
            ],
        );
        assert_eq!(
            run.code,
            Some(EXIT_FAILURE),
            "{}: {}",
            case.file,
            run.stderr
        );
        assert_eq!(
            run.stderr,
            format!("hedui: {}：{}\n", case.file, case.zh),
            "{}",
            case.file
        );
        // Not the output, nor any temporary file beside it.
        let left: Vec<_> = fs::read_dir(out_dir.path())
            .expect("the temporary folder")
            .collect();
        assert!(left.is_empty(), "{}: left {left:?}", case.file);
        assert_eq!(
            contents(&dir.join(case.file)),
            before,
            "{} changed",
            case.file
        );
    }
}

#[test]
fn max_bytes_lets_a_genuine_large_file_through() {
    // The "bomb" declares 3.5 GiB but holds the clean table: with the limit
    // raised it reads like the clean workbook.
    let clean = run(&indicators_dir(), &["check", "clean_chigang_2024.xlsx"]);
    let lifted = run(
        &broken_dir(),
        &["check", "--max-bytes", "4000000000", "zip_bomb.xlsx"],
    );
    assert_eq!(lifted.code, Some(0), "{}", lifted.stderr);
    assert_eq!(findings(&lifted.stdout), findings(&clean.stdout));
    assert!(!findings(&clean.stdout).is_empty());
}

#[test]
fn max_cells_is_a_limit_that_a_flag_sets() {
    let dir = indicators_dir();
    let default = run(&dir, &["check", "clean_chigang_2024.xlsx"]);
    assert_eq!(default.code, Some(0), "{}", default.stderr);
    let low = run(
        &dir,
        &["check", "--max-cells", "100", "clean_chigang_2024.xlsx"],
    );
    assert_eq!(low.code, Some(EXIT_FAILURE));
    assert_eq!(
        low.stderr,
        "hedui: clean_chigang_2024.xlsx：工作表“附件1”的使用范围有 506 个单元格，超过上限 100 个（可用 --max-cells 提高上限）\n"
    );
}

#[test]
fn a_formatted_empty_cell_far_away_costs_nothing() {
    // An empty cell styled in XFD1048576 spans 17 billion cells of styles;
    // walking them would never end. It must read like the clean file, fast.
    let clean = run(&indicators_dir(), &["check", "clean_chigang_2024.xlsx"]);
    let output = hedui(&broken_dir())
        .args(["check", "styled_far_cell.xlsx"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("hedui runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(findings(&stdout), findings(&clean.stdout));
}

/// The finding lines of a terminal report (file and sheet headings left out,
/// as they name the file).
fn findings(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| line.starts_with("    "))
        .collect()
}

#[test]
fn an_xls_named_xlsx_is_read_by_its_content() {
    let renamed = run(&broken_dir(), &["check", "xls_named_xlsx.xlsx"]);
    let original = run(
        &indicators_dir().join("libreoffice"),
        &["check", "chigang_2024.xls"],
    );
    assert_eq!(renamed.code, Some(1), "{}", renamed.stderr);
    assert_eq!(renamed.code, original.code);
    assert_eq!(findings(&renamed.stdout), findings(&original.stdout));
    assert!(renamed.stdout.contains("R001"));
}

#[test]
fn csv_in_utf8_and_gbk_is_read_and_checked() {
    let xlsx = run(&indicators_dir(), &["check", "chigang_2024.xlsx"]);
    let seeded = findings(&xlsx.stdout);
    // The seed errors: 片区3 电访 rate, 合计 电访 target, the lost decimal point.
    for planted in ["H7 R001", "F8 T001", "H20 S001", "A6 N002"] {
        // Columns are as wide as the file's widest cell: compare words, not spaces.
        assert!(
            seeded.iter().any(|line| line
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .starts_with(planted)),
            "{planted} in the xlsx report"
        );
    }
    for csv in ["csv_utf8.csv", "csv_gbk.csv"] {
        let run = run(&broken_dir(), &["check", csv]);
        assert_eq!(run.code, Some(1), "{csv}: {}", run.stderr);
        assert_eq!(findings(&run.stdout), seeded, "{csv}");
    }
}

#[test]
fn formula_errors_and_uncached_formulas_are_findings() {
    let run = run(
        &broken_dir(),
        &["check", "--format", "json", "formula_errors.xlsx"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let v008: Vec<(String, String)> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "V008")
        .map(|f| {
            (
                f["cell"].as_str().unwrap_or_default().to_string(),
                f["found"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        v008,
        [
            ("E5".to_string(), "#DIV/0!".to_string()),
            ("H6".to_string(), "#REF!".to_string()),
            ("K7".to_string(), "=J7/I7".to_string()),
        ]
    );
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    // `hedui check … | head -1`: the reader goes away mid-report.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hedui"))
        .current_dir(indicators_dir())
        .args(["check", "chigang_2024.xlsx"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("hedui starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("hedui ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// The output: never over the input, never half-written.

/// A copy of the clean workbook in a fresh folder, and that folder.
fn clean_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("in.xlsx");
    fs::copy(indicators_dir().join("clean_chigang_2024.xlsx"), &input).expect("copy");
    (dir, input)
}

#[test]
fn output_naming_the_input_is_refused_however_it_is_spelled() {
    let (dir, input) = clean_copy();
    let before = contents(&input);
    let link = dir.path().join("link.xlsx");
    let hard = dir.path().join("hard.xlsx");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, &link).expect("symlink");
    fs::hard_link(&input, &hard).expect("hard link");
    for out in [
        "in.xlsx",
        "./in.xlsx",
        "../{dir}/in.xlsx",
        "link.xlsx",
        "hard.xlsx",
    ] {
        let dir_name = dir
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let out = out.replace("{dir}", dir_name);
        if out == "link.xlsx" && !link.exists() {
            continue;
        }
        let run = run(dir.path(), &["fix", "in.xlsx", "-o", &out]);
        assert_eq!(run.code, Some(EXIT_FAILURE), "{out}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("hedui: {out}：输出文件不能覆盖输入文件\n")
        );
        assert_eq!(contents(&input), before, "-o {out} changed the input");
    }
    let left: Vec<_> = fs::read_dir(dir.path())
        .expect("the folder")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(left.len(), 3, "only in, link and hard: {left:?}");
}

#[test]
fn fix_never_opens_the_input_for_writing() {
    let (dir, input) = clean_copy();
    let before = contents(&input);
    let modified = fs::metadata(&input).and_then(|m| m.modified()).ok();
    let run = run(dir.path(), &["fix", "in.xlsx", "-o", "out.xlsx"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(dir.path().join("out.xlsx").exists());
    assert_eq!(contents(&input), before);
    assert_eq!(
        fs::metadata(&input).and_then(|m| m.modified()).ok(),
        modified
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_a_clear_error() {
    let (dir, input) = clean_copy();
    let before = contents(&input);
    fs::write(dir.path().join("a_file"), b"not a folder").expect("write");
    // Tests may run as root, which any permission lets write: a folder that
    // does not exist, and one that is a file, cannot be written by anyone.
    for out in ["no_such_folder/out.xlsx", "a_file/out.xlsx"] {
        let run = run(dir.path(), &["fix", "in.xlsx", "-o", out]);
        assert_eq!(run.code, Some(EXIT_FAILURE), "{out}: {}", run.stderr);
        let prefix = format!("hedui: {out}：无法写入输出文件：");
        assert!(run.stderr.starts_with(&prefix), "{out}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    assert_eq!(contents(&input), before);
}

#[test]
fn a_failed_rename_leaves_no_partial_file() {
    // The output names an existing folder: the temporary file is written
    // beside it, the rename over a folder fails, and nothing must remain.
    let (dir, _input) = clean_copy();
    fs::create_dir(dir.path().join("out.xlsx")).expect("mkdir");
    let run = run(dir.path(), &["fix", "in.xlsx", "-o", "out.xlsx"]);
    assert_eq!(run.code, Some(EXIT_FAILURE), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("hedui: out.xlsx：无法写入输出文件："),
        "{}",
        run.stderr
    );
    let mut left: Vec<_> = fs::read_dir(dir.path())
        .expect("the folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    left.sort();
    assert_eq!(left, ["in.xlsx", "out.xlsx"]);
    assert!(dir.path().join("out.xlsx").is_dir());
}

/// injection.xlsx: the sheet name and texts A30:A35 (kept in step with fixtures/gen/broken.rs).
const INJECTION_SHEET: &str = "O'Brien & <社工>";
const INJECTION_TEXTS: [&str; 6] = [
    "=1+1",
    "=HYPERLINK(\"http://example.invalid\",\"点击\")",
    "+86 138 0000 0000",
    "-2.5%（估）",
    "@SUM(A1:A2)",
    "<b>备注</b> & \"引号\"",
];

#[test]
fn the_injection_fixture_holds_text_that_looks_like_formulas() {
    // Guards the fixture itself: these are text cells in the input.
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        calamine::open_workbook(broken_dir().join("injection.xlsx")).expect("opens");
    assert_eq!(book.sheet_names(), [INJECTION_SHEET]);
    let range = book.worksheet_range(INJECTION_SHEET).expect("sheet");
    for (i, text) in INJECTION_TEXTS.iter().enumerate() {
        let cell = range.get_value((29 + i as u32, 0));
        assert_eq!(cell, Some(&Data::String(text.to_string())), "A{}", 30 + i);
    }
}

#[test]
fn text_that_looks_like_a_formula_is_written_back_as_text() {
    use calamine::{Data, Reader, Xlsx};
    let out_dir = tempfile::tempdir().expect("a temporary folder");
    let out = out_dir.path().join("out.xlsx");
    let run = run(
        &broken_dir(),
        &[
            "fix",
            "injection.xlsx",
            "-o",
            out.to_str().expect("UTF-8 temp path"),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("the output opens");
    assert!(book.sheet_names().iter().any(|n| n == INJECTION_SHEET));
    let range = book.worksheet_range(INJECTION_SHEET).expect("sheet");
    let formulas = book.worksheet_formula(INJECTION_SHEET).expect("formulas");
    for (i, text) in INJECTION_TEXTS.iter().enumerate() {
        let at = (29 + i as u32, 0);
        assert_eq!(
            range.get_value(at),
            Some(&Data::String(text.to_string())),
            "A{}",
            30 + i
        );
        let formula = formulas.get_value(at).cloned().unwrap_or_default();
        assert!(
            formula.is_empty(),
            "A{} became the formula {formula}",
            30 + i
        );
    }
}
