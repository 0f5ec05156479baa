//! The corrected workbook prints like its input: its first sheet (the input
//! sheet) on as many A4 pages as the input, through LibreOffice.
//!
//! Needs `soffice` (Debian: libreoffice-calc, which `.ci/run` installs). Where
//! LibreOffice is not installed it is skipped with a message, except under CI
//! (env `CI` set), where it fails.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("soffice"))
}

/// Pages of a PDF LibreOffice wrote (it writes no object streams): its `/Type /Page` objects.
fn pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).expect("pdf");
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(5).position(|w| w == b"/Type") {
        let mut i = at + found + 5;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes[i..].starts_with(b"/Page") && bytes.get(i + 5) != Some(&b's') {
            count += 1;
        }
        at = i;
    }
    count
}

fn to_pdf(soffice: &Path, profile: &Path, input: &Path, dir: &Path) -> PathBuf {
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let stem = input
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    dir.join(format!("{stem}.pdf"))
}

/// A copy of an xlsx with its first sheet only (the sheets after it dropped from the workbook part).
fn first_sheet_only(from: &Path, to: &Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).expect("xlsx")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(bytes).expect("utf-8");
            let mut kept = String::new();
            let mut first = true;
            let mut rest = text.as_str();
            while let Some(at) = rest.find("<sheet ") {
                kept.push_str(&rest[..at]);
                let end = rest[at..].find("/>").expect("sheet tag") + at + 2;
                if first {
                    kept.push_str(&rest[at..end]);
                    first = false;
                }
                rest = &rest[end..];
            }
            kept.push_str(rest);
            if let (Some(a), Some(b)) = (kept.find("<definedNames>"), kept.find("</definedNames>"))
            {
                kept.replace_range(a..b + "</definedNames>".len(), "");
            }
            bytes = kept.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&bytes).expect("write");
    }
    out.finish().expect("finish");
}

#[test]
fn corrected_input_sheets_print_on_as_many_pages_as_their_inputs() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed under CI"
        );
        eprintln!("soffice not installed: skipped");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = dir.path().join("profile");
    for name in [
        "indicators/chigang_2024.xlsx",
        "indicators/libreoffice/chigang_2024.ods",
        "indicators/libreoffice/chigang_2024.xls",
        "roster/chigang_roster_2024.xlsx",
        "roster/libreoffice/chigang_roster_2024.ods",
        "roster/libreoffice/chigang_roster_2024.xls",
    ] {
        let input = root.join(name);
        let ext = input
            .extension()
            .expect("ext")
            .to_string_lossy()
            .into_owned();
        let stem = input
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let copy = dir.path().join(format!("in_{stem}_{ext}.{ext}"));
        std::fs::copy(&input, &copy).expect("copy");
        let out = dir.path().join(format!("out_{stem}_{ext}.xlsx"));
        let run = Command::new(env!("CARGO_BIN_EXE_hedui"))
            .args(["fix", "--quiet"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("hedui runs");
        assert!(out.exists(), "{name}: {run:?}");
        let first = dir.path().join(format!("first_{stem}_{ext}.xlsx"));
        first_sheet_only(&out, &first);
        let want = pages(&to_pdf(&soffice, &profile, &copy, dir.path()));
        let got = pages(&to_pdf(&soffice, &profile, &first, dir.path()));
        assert!(want > 0, "{name}: the input prints");
        assert_eq!(got, want, "{name}: pages of the input sheet");
    }
}
