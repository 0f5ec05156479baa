//! Messages never leak internals (issue 13): a truncated or mutated workbook,
//! a full disk, an output folder that is a file each give one line in the
//! person's language naming the file they gave and what to do, never the
//! reader's English (`Cfb error: …`, `End of stream 'record length'`), the
//! zip writer's (`ZipWriter::drop …`) or a temporary file's name.

mod common;

use std::path::Path;

use common::{fixture, hedui};

/// Truncations and byte flips of real fixtures (deterministic: a fixed
/// linear congruential sequence), written into `dir`.
fn damaged_copies(dir: &Path) -> usize {
    let sources = [
        "indicators/libreoffice/chigang_2024.xls",
        "roster/libreoffice/chigang_roster_2024.xls",
        "indicators/chigang_2024.xlsx",
        "indicators/libreoffice/chigang_2024.ods",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % bound.max(1)
    };
    let mut n = 0;
    for source in sources {
        let bytes = std::fs::read(fixture(source)).expect("fixture");
        let ext = Path::new(source)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("xls");
        for tenth in 1..10 {
            let cut = &bytes[..bytes.len() * tenth / 10];
            std::fs::write(dir.join(format!("cut{n:03}.{ext}")), cut).expect("write");
            n += 1;
        }
        for flips in [1, 4, 16, 64, 64, 64, 256, 256] {
            let mut mutated = bytes.clone();
            for _ in 0..flips {
                let at = next(mutated.len());
                mutated[at] = u8::try_from(next(256)).unwrap_or(0);
            }
            std::fs::write(dir.join(format!("flip{n:03}.{ext}")), mutated).expect("write");
            n += 1;
        }
    }
    n
}

/// Latin words in a Chinese message that are not file formats, program
/// names or flags the person can type: a reader's or writer's own English.
fn foreign_words(message: &str) -> Vec<String> {
    const ALLOWED: &[&str] = &[
        "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "et", "html", "xml", "HTML", "XML", "Excel",
        "WPS", "hedui", "max", "bytes", "cells", "force", "Word", "PDF", "zip", "FIFO",
    ];
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !ALLOWED.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn damaged_workbooks_give_one_line_in_the_persons_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = damaged_copies(dir.path());
    for lang in ["zh", "en"] {
        let output = hedui()
            .args(["check", "--format", "json", "--lang", lang])
            .arg(dir.path())
            .output()
            .expect("hedui runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("JSON report");
        let files = report["files"].as_array().expect("files");
        assert_eq!(files.len(), made);
        let errors: Vec<(&str, &str)> = files
            .iter()
            .filter_map(|f| Some((f["path"].as_str()?, f["error"].as_str()?)))
            .collect();
        assert!(errors.len() >= made / 3, "most copies are unreadable");
        for (path, error) in &errors {
            assert!(error.starts_with(path), "{error}");
            assert!(!error.contains('\n'), "{error}");
            for leak in [
                "Cfb",
                "Sector",
                "End of stream",
                "record length",
                "Invalid",
                "ZipWriter",
                ".hedui-",
                "os error",
            ] {
                assert!(!error.contains(leak), "{error}");
            }
            if lang == "zh" {
                let after = &error[path.len()..];
                assert!(foreign_words(after).is_empty(), "{error}");
            }
            // The terminal says the same, once.
            assert_eq!(
                stderr.lines().filter(|l| l.contains(error)).count(),
                1,
                "{error} in:\n{stderr}"
            );
        }
        assert!(!stderr.contains("ZipWriter"), "{stderr}");
    }
}

#[test]
fn an_output_folder_that_is_a_file_says_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = dir.path().join("结果");
    std::fs::write(&taken, b"notes").expect("file");
    let output = hedui()
        .arg("fix")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg(fixture("roster/chigang_roster_2024.xlsx"))
        .arg("-o")
        .arg(&taken)
        .output()
        .expect("hedui runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "hedui: {}：输出文件夹是一个已有的文件，不是文件夹，未写入；请指定一个文件夹（新建或已有），核对单个工作簿时也可指定 .xlsx 文件名",
            taken.display()
        )
    );
    assert!(!stderr.contains("File exists"));
    assert_eq!(std::fs::read(&taken).expect("kept"), b"notes");
}
