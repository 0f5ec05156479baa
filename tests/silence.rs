//! Nothing is passed over in silence (issue 13, "Silence and leaks"): every
//! path a batch does not read is named once, on the terminal and in the
//! summary, with the reason; a run that read nothing exits 2.

mod common;

use std::path::Path;

use common::{fixture, hedui};

fn copy_to(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::copy(fixture("indicators/clean_chigang_2024.xlsx"), path).expect("copy fixture");
}

/// Runs hedui in `cwd`; (exit code, stderr).
fn run(cwd: &Path, args: &[&str]) -> (i32, String) {
    let output = hedui()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("hedui runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The stderr lines that name `path` (as `hedui: path：…`).
fn lines_naming<'a>(stderr: &'a str, path: &str) -> Vec<&'a str> {
    let zh = format!("hedui: {path}：");
    let en = format!("hedui: {path}: ");
    stderr
        .lines()
        .filter(|l| l.starts_with(&zh) || l.starts_with(&en))
        .collect()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn links_pipes_and_sockets_in_a_folder_are_each_named_once_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_to(&root.join("in/a.xlsx"));
    std::fs::create_dir_all(root.join("in/sub")).expect("folder");
    std::os::unix::fs::symlink("../a.xlsx", root.join("in/sub/link.xlsx")).expect("symlink");
    mkfifo(&root.join("in/pipe.xlsx"));
    let _socket =
        std::os::unix::net::UnixListener::bind(root.join("in/sock.xlsx")).expect("socket");
    let (code, stderr) = run(
        root,
        &["check", "in", "--summary", "汇总.xlsx", "--lang", "en"],
    );
    assert_eq!(code, 0, "{stderr}");
    for (path, reason) in [
        ("in/sub/link.xlsx", "symbolic link"),
        ("in/pipe.xlsx", "named pipe"),
        ("in/sock.xlsx", "socket"),
    ] {
        let named = lines_naming(&stderr, path);
        assert_eq!(named.len(), 1, "{path} once in:\n{stderr}");
        assert!(named[0].contains(reason), "{path}: {}", named[0]);
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("汇总.json")).expect("summary json"))
            .expect("summary parses");
    let listed: Vec<(&str, &str)> = summary["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["error"].as_str()?)))
        .collect();
    for (path, reason) in [
        ("in/sub/link.xlsx", "symbolic link"),
        ("in/pipe.xlsx", "named pipe"),
        ("in/sock.xlsx", "socket"),
    ] {
        let rows: Vec<_> = listed.iter().filter(|(p, _)| *p == path).collect();
        assert_eq!(rows.len(), 1, "{path} in the summary: {listed:?}");
        assert!(rows[0].1.contains(reason), "{rows:?}");
    }
}

#[test]
fn an_output_folder_inside_the_input_folder_is_named_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_to(&root.join("in/a.xlsx"));
    let (code, stderr) = run(root, &["fix", "in", "-o", "in/out"]);
    assert_eq!(code, 0, "{stderr}");
    // The second run finds the first one's outputs inside its input folder.
    let (code, stderr) = run(root, &["fix", "in", "-o", "in/out"]);
    assert_eq!(code, 0, "{stderr}");
    let named = lines_naming(&stderr, "in/out");
    assert_eq!(named.len(), 1, "{stderr}");
    assert!(named[0].contains("输出文件夹"), "{}", named[0]);
    assert!(
        !stderr.contains("in/out/a.xlsx"),
        "its files are not read:\n{stderr}"
    );
}

#[test]
fn an_empty_folder_is_named_and_the_run_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("empty")).expect("folder");
    std::fs::create_dir_all(root.join("also/empty")).expect("folder");
    let (code, stderr) = run(root, &["check", "empty", "--lang", "en"]);
    assert_eq!(code, 2, "{stderr}");
    let named = lines_naming(&stderr, "empty");
    assert_eq!(named.len(), 1, "{stderr}");
    assert!(named[0].contains("empty"), "{stderr}");
    // Two folders with nothing in them: each named, then one line saying nothing was read.
    let (code, stderr) = run(root, &["check", "empty", "also"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(lines_naming(&stderr, "empty").len(), 1, "{stderr}");
    assert_eq!(lines_naming(&stderr, "also").len(), 1, "{stderr}");
    assert!(stderr.contains("没有可核对的工作簿"), "{stderr}");
    // A folder whose only file is not a workbook: that file is named, not the folder.
    std::fs::write(root.join("empty/notes.txt"), "x").expect("file");
    let (code, stderr) = run(root, &["check", "empty"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        lines_naming(&stderr, "empty/notes.txt").len(),
        1,
        "{stderr}"
    );
    assert!(lines_naming(&stderr, "empty").is_empty(), "{stderr}");
}

/// Escape, bell, NUL and line breaks from file names and cell text never reach
/// the terminal raw; the JSON keeps the text as it is.
#[cfg(unix)]
#[test]
fn control_characters_are_escaped_on_the_terminal_and_kept_in_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let table =
        std::fs::read_to_string(fixture("formats/chigang_2024_title_utf8.csv")).expect("csv");
    let planted = "毛坦\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let table = table.replacen("毛坦", planted, 1);
    std::fs::create_dir_all(root.join("in")).expect("folder");
    std::fs::write(root.join("in/bad\u{1b}[31m\nname\u{7}.csv"), table).expect("table");
    std::fs::write(root.join("in/broken\u{1b}[2J.xlsx"), "not a workbook").expect("file");
    let output = hedui()
        .args(["check", "in", "--color", "never"])
        .current_dir(root)
        .output()
        .expect("hedui runs");
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let raw: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|&b| b < 0x20 && b != b'\n')
            .collect();
        assert!(
            raw.is_empty(),
            "{stream} carries control bytes {raw:?}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The file name stays on one line, its escapes visible.
    assert!(
        stdout
            .lines()
            .any(|l| l == "in/bad\\x1b[31m\\nname\\x07.csv"),
        "{stdout}"
    );
    assert!(stdout.contains("\\x1b]0;pwned\\x07"), "{stdout}");
    assert!(
        stderr.contains("in/broken\\x1b[2J.xlsx："),
        "the error line names the file escaped: {stderr}"
    );
    let (report, _) = common::check_json(&[&root.join("in")], &[]);
    let kept = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .any(|f| f["found"].as_str().is_some_and(|t| t.contains('\u{1b}')));
    assert!(kept, "the JSON keeps the cell's text");
}
