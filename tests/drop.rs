//! Workbooks or folders dropped onto hedui.exe: their paths are the only arguments.
//! It runs `fix` with each corrected copy beside its input (名称.核对.xlsx),
//! exits as `fix` would, and never reads its own outputs back as inputs.

mod common;

use std::path::{Path, PathBuf};

use common::{cells, fixture, hedui};

/// Runs `hedui PATH` with stdin not a terminal (so it never waits for Enter).
fn drop_on(path: &Path) -> (i32, String, String) {
    let output = hedui()
        .arg(path)
        .write_stdin("")
        .output()
        .expect("hedui runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file below `dir`, relative to it, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter_map(|p| p.strip_prefix(dir).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder lists") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_dropped_workbook_is_fixed_beside_itself_as_fix_would() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("赤岗街 2024.xlsx");
    std::fs::copy(fixture("indicators/chigang_2024.xlsx"), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");

    let (code, stdout, stderr) = drop_on(&input);
    let beside = dir.path().join("赤岗街 2024.核对.xlsx");
    assert!(
        beside.is_file(),
        "no {}; stderr: {stderr}",
        beside.display()
    );
    assert_eq!(
        std::fs::read(&input).expect("read"),
        before,
        "input changed"
    );
    // The report is the Chinese one, and no prompt when no one can answer.
    assert!(stdout.contains("错误"), "stdout: {stdout}");
    assert!(!stderr.contains("按回车键"), "stderr: {stderr}");

    // The same exit code and the same workbook as `hedui fix FILE -o OUT`.
    let out = dir.path().join("by_fix.xlsx");
    let fix = hedui()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hedui runs");
    assert_eq!(code, fix.status.code().unwrap_or(-1));
    assert_eq!(code, 1, "the fixture has planted errors");
    assert_eq!(cells(&beside), cells(&out));
}

#[test]
fn a_dropped_folder_is_fixed_beside_each_workbook_and_rerun_skips_the_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = dir.path().join("赤岗街");
    let months = ["2024-03.xlsx", "2024-04.xlsx", "2024-05.xlsx"];
    std::fs::create_dir_all(station.join("二季度")).expect("mkdir");
    for (i, month) in months.iter().enumerate() {
        // One month a level down: beside means beside, not at the top.
        let to = if i == 2 {
            station.join("二季度").join(month)
        } else {
            station.join(month)
        };
        std::fs::copy(fixture(&format!("periods/chigang/{month}")), to).expect("copy");
    }
    let inputs = files_below(&station);

    // The batch `fix` into a folder, run first (its own outputs are elsewhere).
    let out = dir.path().join("out");
    let fix = hedui()
        .arg("fix")
        .arg(&station)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hedui runs");

    let (code, stdout, stderr) = drop_on(&station);
    let mut expected: Vec<PathBuf> = inputs
        .iter()
        .flat_map(|p| [p.clone(), p.with_extension("核对.xlsx")])
        .chain([
            PathBuf::from("汇总.核对.xlsx"),
            PathBuf::from("汇总.核对.json"),
        ])
        .collect();
    expected.sort();
    assert_eq!(files_below(&station), expected, "stderr: {stderr}");
    assert!(!stderr.contains("跳过"), "stderr: {stderr}");
    assert!(stdout.contains("2024-04.xlsx"), "stdout: {stdout}");

    // The same exit code and the same corrected workbooks as the batch `fix`.
    assert_eq!(code, fix.status.code().unwrap_or(-1));
    for input in &inputs {
        assert_eq!(
            cells(&station.join(input.with_extension("核对.xlsx"))),
            cells(&out.join(input)),
            "{}",
            input.display()
        );
    }

    // Dropped again: the earlier outputs are named once as skipped, never read
    // as inputs, and nothing new appears beside them.
    let (again, _, stderr) = drop_on(&station);
    assert_eq!(again, code);
    assert_eq!(files_below(&station), expected);
    let skipped: Vec<&str> = stderr.lines().filter(|l| l.contains("跳过")).collect();
    assert_eq!(skipped.len(), 1, "stderr: {stderr}");
    // The three corrected copies, the summary and its JSON.
    assert!(skipped[0].contains(&format!("{} 个", inputs.len() + 2)));
}

#[test]
fn workbooks_dropped_together_are_fixed_beside_themselves_with_one_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("2024-03.xlsx");
    let b = dir.path().join("2024-04.xlsx");
    std::fs::copy(fixture("periods/chigang/2024-03.xlsx"), &a).expect("copy");
    std::fs::copy(fixture("periods/chigang/2024-04.xlsx"), &b).expect("copy");
    let out = tempfile::tempdir().expect("temp dir");
    let fix = hedui()
        .arg("fix")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(out.path())
        .output()
        .expect("hedui runs");

    let output = hedui()
        .arg(&a)
        .arg(&b)
        .write_stdin("")
        .output()
        .expect("hedui runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), fix.status.code(), "stderr: {stderr}");
    let expected: Vec<PathBuf> = [
        "2024-03.xlsx",
        "2024-03.核对.xlsx",
        "2024-04.xlsx",
        "2024-04.核对.xlsx",
        "汇总.核对.json",
        "汇总.核对.xlsx",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(files_below(dir.path()), expected, "stderr: {stderr}");
    assert_eq!(
        cells(&dir.path().join("2024-04.核对.xlsx")),
        cells(&out.path().join("2024-04.xlsx"))
    );
}

#[test]
fn a_lone_word_that_is_no_path_or_an_empty_folder_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    hedui()
        .current_dir(dir.path())
        .arg("chekc")
        .write_stdin("")
        .assert()
        .code(2);
    let folder = dir.path().join("空");
    std::fs::create_dir(&folder).expect("mkdir");
    let (code, _, stderr) = drop_on(&folder);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有可核对的工作簿"), "stderr: {stderr}");
}
