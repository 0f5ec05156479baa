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

/// The N-findings (rule, cell) of the 赤岗 seed workbook with these flags.
fn chigang_names(extra: &[&str]) -> BTreeSet<(String, String)> {
    let (report, _) = check_json(&[&fixture("indicators/chigang_2024.xlsx")], extra);
    findings(&report, 0, ABOVE_INFO)
        .into_iter()
        .filter(|r| r.0.starts_with('N'))
        .map(|r| (r.0, r.2))
        .collect()
}

#[test]
fn a_gazetteer_file_of_the_same_street_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gazetteer = dir.path().join("other.toml");
    // 赤岗街 described otherwise: district 2 has no 毛纺 nor 竹园, and 赤岗 is a
    // listed look-alike of district 3's 赤塘.
    std::fs::write(
        &gazetteer,
        "street = \"赤岗街道\"\nlookalikes = [[\"赤岗\", \"赤塘\"]]\n\
         [[districts]]\nnumber = 1\ncommunities = [\"下渡\", \"江景\"]\n\
         [[districts]]\nnumber = 2\ncommunities = [\"甲\", \"乙\"]\n\
         [[districts]]\nnumber = 3\ncommunities = [\"鸿运\", \"赤塘\"]\n",
    )
    .expect("write gazetteer");
    let names = chigang_names(&["--gazetteer", gazetteer.to_str().expect("utf-8 path")]);
    assert!(names.contains(&("N001".into(), "A6".into())), "{names:?}");
    assert!(!names.contains(&("N002".into(), "A6".into())), "{names:?}");
    // Here 赤岗 is no community at all, and a listed look-alike of this district's 赤塘: corrected.
    assert!(names.contains(&("N002".into(), "A7".into())), "{names:?}");
    // The built-in gazetteer as a file gives the built-in result.
    let file = fixture("gazetteers/chigang.toml");
    let names = chigang_names(&["--gazetteer", file.to_str().expect("utf-8 path")]);
    assert_eq!(names, chigang_names(&[]));
    assert!(names.contains(&("N002".into(), "A6".into())), "{names:?}");
}

#[test]
fn a_gazetteer_of_another_street_is_not_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gazetteer = dir.path().join("huazhou.toml");
    std::fs::write(
        &gazetteer,
        "street = \"华洲街\"\n[[districts]]\nnumber = 1\ncommunities = [\"甲乙\"]\n",
    )
    .expect("write gazetteer");
    // The seed workbook's title says 赤岗街: its own (built-in) gazetteer applies, not 华洲街's.
    let names = chigang_names(&["--gazetteer", gazetteer.to_str().expect("utf-8 path")]);
    assert_eq!(names, chigang_names(&[]));
    assert!(names.contains(&("N002".into(), "A6".into())), "{names:?}");
    // Told it is 华洲街's, the workbook gets 华洲街's gazetteer: 片区2 and 片区3 are not in it.
    let names = chigang_names(&[
        "--gazetteer",
        gazetteer.to_str().expect("utf-8 path"),
        "--station",
        "华洲街",
    ]);
    assert!(names.contains(&("N001".into(), "A6".into())), "{names:?}");
    assert!(!names.iter().any(|n| n.0 == "N002"), "{names:?}");
    // Told it is a station with no gazetteer: names are only checked for consistency,
    // even when the station is written without 街 and a gazetteer of another street is given.
    assert!(chigang_names(&["--station", "新港街"]).is_empty());
    assert!(chigang_names(&[
        "--gazetteer",
        gazetteer.to_str().expect("utf-8 path"),
        "--station",
        "新港"
    ])
    .is_empty());
}

#[test]
fn a_broken_gazetteer_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    hedui()
        .arg("check")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("--gazetteers")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("toml"));
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

/// Needs LibreOffice (Debian: libreoffice-calc): skipped with a message where
/// it is missing, except under CI.
#[test]
fn libreoffice_converts_the_corrected_workbook_to_pdf() {
    let installed = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed under CI"
        );
        eprintln!("soffice not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // A private profile: another LibreOffice (another test) must not take the conversion.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let out = dir.path().join("corrected.xlsx");
    hedui()
        .arg("fix")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let status = std::process::Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let pdf = std::fs::metadata(dir.path().join("corrected.pdf")).expect("PDF written");
    assert!(pdf.len() > 1000);
}
