//! Hostile and careless output paths (issue 13, "Harm to files"): no path
//! given to hedui is overwritten unless it is hedui's own output (or --force
//! is given), and never an input, a device, a pipe or a link; nothing lands
//! outside OUTDIR; no two inputs share one corrected workbook.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, hedui};

fn workbook() -> PathBuf {
    fixture("indicators/chigang_2024.xlsx")
}

fn copy_to(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::copy(workbook(), path).expect("copy fixture");
}

fn run(args: &[&std::ffi::OsStr], cwd: Option<&Path>) -> (i32, String) {
    let mut cmd = hedui();
    cmd.args(args).write_stdin("");
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let output = cmd.output().expect("hedui runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

/// Whether `path` is a workbook hedui wrote (its custom property names its sheets or marks a summary).
fn written_by_hedui(path: &Path) -> bool {
    custom_properties(path).is_some_and(|xml| xml.contains("\"hedui."))
}

fn custom_properties(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut xml = String::new();
    zip.by_name("docProps/custom.xml")
        .ok()?
        .read_to_string(&mut xml)
        .ok()?;
    Some(xml)
}

/// A summary hedui wrote: its JSON, or a workbook marked `hedui.summary`.
fn is_summary(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        || custom_properties(path).is_some_and(|xml| xml.contains("hedui.summary"))
}

/// The corrected workbooks (not summaries) below `dir`, relative, sorted.
fn corrected_below(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !is_summary(e.path()))
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_summary_is_never_written_over_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xlsx");
    copy_to(&input);
    let before = std::fs::read(&input).expect("read");
    let link = dir.path().join("hard.xlsx");
    std::fs::hard_link(&input, &link).expect("hard link");
    let spelled = dir.path().join(".").join("in.xlsx");
    for summary in [&input, &spelled, &link] {
        let (code, stderr) = run(
            &[
                os("check"),
                input.as_os_str(),
                os("--summary"),
                summary.as_os_str(),
            ],
            None,
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("输出文件不能覆盖输入文件"), "{stderr}");
        assert!(
            stderr.contains(&summary.display().to_string()),
            "names the file given: {stderr}"
        );
        assert_eq!(std::fs::read(&input).expect("read"), before);
    }
    // In English too, when asked.
    let (_, stderr) = run(
        &[
            os("check"),
            input.as_os_str(),
            os("--summary"),
            input.as_os_str(),
            os("--lang"),
            os("en"),
        ],
        None,
    );
    assert!(
        stderr.contains("refusing to write the output over the input"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

#[test]
fn a_summary_named_json_keeps_its_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xlsx");
    copy_to(&input);
    let json = dir.path().join("x.json");
    let (code, stderr) = run(
        &[
            os("check"),
            input.as_os_str(),
            os("--summary"),
            json.as_os_str(),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    let text = std::fs::read_to_string(&json).expect("the JSON");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON, not a workbook");
    assert!(value["files"].is_array());
    let xlsx = dir.path().join("x.xlsx");
    assert!(written_by_hedui(&xlsx), "the summary workbook is x.xlsx");
}

#[test]
fn an_input_named_like_the_summary_is_neither_overwritten_nor_loses_its_workbook() {
    // `hedui fix *.xlsx -o .`: the input 汇总.xlsx is kept, the summary goes elsewhere.
    let dir = tempfile::tempdir().expect("temp dir");
    let named = dir.path().join("汇总.xlsx");
    copy_to(&named);
    copy_to(&dir.path().join("a.xlsx"));
    let before = std::fs::read(&named).expect("read");
    let (code, stderr) = run(
        &[os("fix"), os("a.xlsx"), os("汇总.xlsx"), os("-o"), os(".")],
        Some(dir.path()),
    );
    assert_eq!(code, 2, "each output is its input: refused; {stderr}");
    assert_eq!(std::fs::read(&named).expect("read"), before, "{stderr}");
    assert!(written_by_hedui(&dir.path().join("汇总2.xlsx")), "{stderr}");

    // A separate OUTDIR: 汇总.xlsx gets its corrected workbook, the summary another name.
    let out = dir.path().join("out");
    let (code, stderr) = run(
        &[
            os("fix"),
            named.as_os_str(),
            dir.path().join("a.xlsx").as_os_str(),
            os("-o"),
            out.as_os_str(),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(
        corrected_below(&out),
        ["a.xlsx", "汇总.xlsx"],
        "both corrected workbooks; {stderr}"
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("汇总2.json")).expect("summary JSON"),
    )
    .expect("JSON");
    let corrected: Vec<&str> = summary["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["corrected"].as_str())
        .collect();
    assert_eq!(corrected, ["汇总.xlsx", "a.xlsx"]);
    let reread = hedui()
        .args(["check", "--format", "json"])
        .arg(out.join("汇总.xlsx"))
        .output()
        .expect("hedui runs");
    assert!(
        String::from_utf8_lossy(&reread.stdout).contains("\"findings\""),
        "the corrected 汇总.xlsx is a corrected workbook, not the summary"
    );
}

#[test]
fn inputs_mapping_to_one_output_name_each_get_their_own_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Two folders, each with 2024-05.xlsx: each keeps its own top folder under OUTDIR.
    let chigang = dir.path().join("赤岗街");
    let huazhou = dir.path().join("华洲街");
    copy_to(&chigang.join("2024-05.xlsx"));
    copy_to(&huazhou.join("2024-05.xlsx"));
    let out = dir.path().join("out0");
    let (code, stderr) = run(
        &[
            os("fix"),
            chigang.as_os_str(),
            huazhou.as_os_str(),
            os("-o"),
            out.as_os_str(),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(
        corrected_below(&out),
        ["华洲街/2024-05.xlsx", "赤岗街/2024-05.xlsx"],
        "{stderr}"
    );
    // Two folders of one name (a/赤岗街, b/赤岗街) still meet on one name.
    let chigang = dir.path().join("a").join("赤岗街");
    let huazhou = dir.path().join("b").join("赤岗街");
    copy_to(&chigang.join("2024-05.xlsx"));
    copy_to(&huazhou.join("2024-05.xlsx"));
    let out = dir.path().join("out1");
    let (code, stderr) = run(
        &[
            os("fix"),
            chigang.as_os_str(),
            huazhou.as_os_str(),
            os("-o"),
            out.as_os_str(),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(
        corrected_below(&out),
        ["赤岗街/2024-05 (2).xlsx", "赤岗街/2024-05.xlsx"],
        "{stderr}"
    );
    // The terminal names both inputs; the summary records the name.
    assert!(
        stderr.contains(&huazhou.join("2024-05.xlsx").display().to_string())
            && stderr.contains(&chigang.join("2024-05.xlsx").display().to_string())
            && stderr.contains("2024-05 (2).xlsx"),
        "{stderr}"
    );
    let summary = std::fs::read_to_string(out.join("汇总.json")).expect("summary");
    assert!(summary.contains("2024-05 (2).xlsx"), "{summary}");

    // a.xlsx and a.XLSX (one file on Windows or macOS), named directly.
    let cased = dir.path().join("cased");
    copy_to(&cased.join("a.xlsx"));
    copy_to(&cased.join("a.XLSX"));
    let out = dir.path().join("out2");
    let (code, stderr) = run(
        &[
            os("fix"),
            cased.join("a.xlsx").as_os_str(),
            cased.join("a.XLSX").as_os_str(),
            os("-o"),
            out.as_os_str(),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(corrected_below(&out), ["a (2).xlsx", "a.xlsx"], "{stderr}");

    // b.csv, b.csv.xlsx and b.xlsx: b.csv keeps its extension (b.csv.xlsx), which b.csv.xlsx has.
    let third = dir.path().join("third");
    std::fs::create_dir_all(&third).expect("folder");
    std::fs::copy(
        fixture("formats/chigang_2024_title_utf8.csv"),
        third.join("b.csv"),
    )
    .expect("copy");
    copy_to(&third.join("b.csv.xlsx"));
    copy_to(&third.join("b.xlsx"));
    let out = dir.path().join("out3");
    let (code, stderr) = run(
        &[os("fix"), third.as_os_str(), os("-o"), out.as_os_str()],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(
        corrected_below(&out),
        ["b.csv (2).xlsx", "b.csv.xlsx", "b.xlsx"],
        "{stderr}"
    );
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
fn devices_pipes_and_links_are_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xlsx");
    copy_to(&input);
    let fifo = dir.path().join("pipe.xlsx");
    mkfifo(&fifo);
    let to_null = dir.path().join("null.xlsx");
    std::os::unix::fs::symlink("/dev/null", &to_null).expect("symlink");
    let to_stdout = dir.path().join("stdout.xlsx");
    std::os::unix::fs::symlink("/proc/self/fd/1", &to_stdout).expect("symlink");
    for out in [&fifo, &to_null, &to_stdout] {
        let (code, stderr) = run(
            &[os("fix"), input.as_os_str(), os("-o"), out.as_os_str()],
            None,
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(&format!("{}：不是普通文件", out.display())),
            "{stderr}"
        );
        let (_, stderr) = run(
            &[
                os("check"),
                input.as_os_str(),
                os("--summary"),
                out.as_os_str(),
                os("--force"),
            ],
            None,
        );
        assert!(stderr.contains("不是普通文件"), "{stderr}");
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type()
        .is_fifo());
    for link in [&to_null, &to_stdout] {
        assert!(std::fs::symlink_metadata(link)
            .expect("still there")
            .file_type()
            .is_symlink());
    }
    // The device itself: refused before anything is written (as root, replacing it is possible).
    let (code, stderr) = run(
        &[
            os("fix"),
            input.as_os_str(),
            os("-o"),
            os("/dev/null"),
            os("--lang"),
            os("en"),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("/dev/null: not a regular file"), "{stderr}");
    assert!(std::fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type()
        .is_char_device());
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_inside_outdir_is_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    copy_to(&input.join("赤岗街").join("2024-05.xlsx"));
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).expect("out");
    std::fs::create_dir_all(&elsewhere).expect("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, out.join("赤岗街")).expect("symlink");
    let (code, stderr) = run(
        &[os("fix"), input.as_os_str(), os("-o"), out.as_os_str()],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("符号链接"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&elsewhere).expect("list").count(),
        0,
        "nothing written outside OUTDIR"
    );
}

#[test]
fn a_file_hedui_did_not_write_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    copy_to(&input.join("2024-05.xlsx"));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let theirs = out.join("2024-05.xlsx");
    std::fs::write(&theirs, b"someone's own file").expect("write");
    let (code, stderr) = run(
        &[os("fix"), input.as_os_str(), os("-o"), out.as_os_str()],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("不是 hedui 写出的"), "{stderr}");
    assert_eq!(std::fs::read(&theirs).expect("read"), b"someone's own file");
    // A re-run into the same OUTDIR replaces hedui's own outputs without --force.
    let (code, stderr) = run(
        &[
            os("fix"),
            input.as_os_str(),
            os("-o"),
            out.as_os_str(),
            os("--force"),
        ],
        None,
    );
    assert!(code < 2, "{stderr}");
    assert!(written_by_hedui(&theirs));
    let (code, stderr) = run(
        &[os("fix"), input.as_os_str(), os("-o"), out.as_os_str()],
        None,
    );
    assert!(code < 2, "a re-run needs no --force: {stderr}");

    // One file and -o: the same rule.
    let single = dir.path().join("single.xlsx");
    std::fs::write(&single, b"notes").expect("write");
    let file = input.join("2024-05.xlsx");
    let (code, stderr) = run(
        &[os("fix"), file.as_os_str(), os("-o"), single.as_os_str()],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read(&single).expect("read"), b"notes");
    let (code, stderr) = run(
        &[
            os("fix"),
            file.as_os_str(),
            os("-o"),
            single.as_os_str(),
            os("--lang"),
            os("en"),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("was not written by hedui"), "{stderr}");

    // The summary of `check` too.
    let notes = dir.path().join("notes.xlsx");
    std::fs::write(&notes, b"notes").expect("write");
    let (code, stderr) = run(
        &[
            os("check"),
            file.as_os_str(),
            os("--summary"),
            notes.as_os_str(),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read(&notes).expect("read"), b"notes");

    // A drop never replaces a 名称.核对.xlsx it did not write.
    let beside = input.join("2024-05.核对.xlsx");
    std::fs::write(&beside, b"a person's file").expect("write");
    let (code, stderr) = run(&[file.as_os_str()], None);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read(&beside).expect("read"), b"a person's file");
}

/// Runs hedui with a deadline: a run that blocks is killed and fails the test.
fn run_with_deadline(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let output = hedui()
        .args(args)
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("hedui runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_named_as_input_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.xlsx");
    mkfifo(&fifo);
    let report = dir.path().join("pipe.txt");
    mkfifo(&report);
    let zero = Path::new("/dev/zero");
    for input in [fifo.as_path(), report.as_path(), zero] {
        let (code, stderr) = run_with_deadline(&[os("check"), input.as_os_str()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(&format!("{}：不是普通文件", input.display())),
            "{stderr}"
        );
    }
    // A gazetteer named on the command line is a file hedui reads too.
    let (code, stderr) = run_with_deadline(&[
        os("check"),
        workbook().as_os_str(),
        os("--gazetteer"),
        fifo.as_os_str(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("不是普通文件"), "{stderr}");
    let out = dir.path().join("out.xlsx");
    let (code, stderr) = run_with_deadline(&[
        os("fix"),
        fifo.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--lang"),
        os("en"),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{}: not a regular file", fifo.display())),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn the_byte_limit_applies_to_every_format_before_reading() {
    for (name, source) in [
        ("a.csv", "formats/chigang_2024_title_utf8.csv"),
        ("a.xls", "formats/chigang_2024_xml2003.xls"),
        ("a.et", "formats/chigang_2024.et"),
        ("a.xlsx", "indicators/chigang_2024.xlsx"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join(name);
        std::fs::copy(fixture(source), &input).expect("copy");
        let size = std::fs::metadata(&input).expect("size").len();
        let (code, stderr) =
            run_with_deadline(&[os("check"), input.as_os_str(), os("--max-bytes"), os("100")]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("文件有 {size} 字节，超过上限 100 字节")),
            "{name}: {stderr}"
        );
        // Within the limit it reads as before.
        let (code, stderr) = run_with_deadline(&[os("check"), input.as_os_str()]);
        assert!(code < 2, "{name}: {stderr}");
    }
}
