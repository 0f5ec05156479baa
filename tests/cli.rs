//! The command line itself: rules listing, gazetteer files, usage errors, and
//! the corrected workbook opening in a real office suite.

mod common;

use std::collections::BTreeSet;

use common::*;
use predicates::str::contains;

#[test]
fn rules_lists_every_code_and_explains_one() {
    let out = hedui().arg("rules").output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for code in [
        "H001", "N002", "V001", "R001", "R002", "T001", "S001", "A001", "X001", "P001",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(code)),
            "{code} missing from:\n{text}"
        );
    }
    hedui()
        .args(["rules", "T001", "--lang", "en"])
        .assert()
        .success()
        .stdout(contains("A total does not equal the sum of the districts"))
        .stdout(contains("corrects"));
    hedui().args(["rules", "Z999"]).assert().code(2);
}

#[test]
fn a_gazetteer_file_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gazetteer = dir.path().join("other.toml");
    // A station whose district 2 has no 毛纺 nor 竹园: the label is now unknown, not a look-alike.
    std::fs::write(
        &gazetteer,
        "street = \"某街\"\n[[districts]]\nnumber = 1\ncommunities = [\"下渡\", \"江景\"]\n\
         [[districts]]\nnumber = 2\ncommunities = [\"甲\", \"乙\"]\n\
         [[districts]]\nnumber = 3\ncommunities = [\"鸿运\", \"赤塘\"]\n",
    )
    .expect("write gazetteer");
    let (report, _) = check_json(
        &[&fixture("indicators/chigang_2024.xlsx")],
        &["--gazetteer", gazetteer.to_str().expect("utf-8 path")],
    );
    let names: BTreeSet<(String, String)> = findings(&report, 0, ABOVE_INFO)
        .into_iter()
        .filter(|r| r.0.starts_with('N'))
        .map(|r| (r.0, r.2))
        .collect();
    assert!(names.contains(&("N001".into(), "A6".into())), "{names:?}");
    assert!(!names.contains(&("N002".into(), "A6".into())), "{names:?}");
    // Here 赤岗 is no community at all, and a known look-alike of this district's 赤塘: corrected.
    assert!(names.contains(&("N002".into(), "A7".into())), "{names:?}");
    // The built-in gazetteer as a file gives the built-in result.
    let (report, _) = check_json(
        &[&fixture("indicators/chigang_2024.xlsx")],
        &[
            "--gazetteer",
            fixture("gazetteers/chigang.toml")
                .to_str()
                .expect("utf-8 path"),
        ],
    );
    assert!(findings(&report, 0, ABOVE_INFO)
        .iter()
        .any(|r| r.0 == "N002" && r.2 == "A6"));
}

#[test]
fn a_broken_gazetteer_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gazetteer = dir.path().join("bad.toml");
    std::fs::write(&gazetteer, "street = ").expect("write");
    hedui()
        .arg("check")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("--gazetteer")
        .arg(&gazetteer)
        .assert()
        .code(2)
        .stderr(contains("bad.toml"))
        .stderr(contains("地名表有误"));
}

#[test]
fn usage_errors_exit_2() {
    hedui().arg("check").assert().code(2);
    hedui().args(["fix", "x.xlsx"]).assert().code(2);
}

/// Run with `cargo test -- --ignored` on a machine with LibreOffice (Debian: libreoffice-calc).
#[test]
#[ignore = "needs LibreOffice (soffice) installed"]
fn libreoffice_converts_the_corrected_workbook_to_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corrected.xlsx");
    hedui()
        .arg("fix")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let pdf = std::fs::metadata(dir.path().join("corrected.pdf")).expect("PDF written");
    assert!(pdf.len() > 1000);
}
