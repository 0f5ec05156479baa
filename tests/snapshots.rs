//! The terminal report as a person reads it, for each kind of submission and
//! both languages. A reviewer reads the snapshot diff (tests/snapshots/), not this code.

mod common;

use common::hedui;

fn terminal(args: &[&str]) -> String {
    let output = hedui()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("hedui runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn chigang_indicators_in_chinese() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/indicators/chigang_2024.xlsx"
    ]));
}

#[test]
fn chigang_indicators_in_english() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/indicators/chigang_2024.xlsx",
        "--lang",
        "en"
    ]));
}

#[test]
fn chigang_roster() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/roster/chigang_roster_2024.xlsx"
    ]));
}

#[test]
fn roster_against_disagreeing_indicators() {
    insta::assert_snapshot!(terminal(&[
        "check",
        "fixtures/roster/clean_chigang_roster_2024.xlsx",
        "fixtures/roster/indicators_disagreeing.xlsx",
    ]));
}

#[test]
fn consecutive_months() {
    insta::assert_snapshot!(terminal(&["check", "--quiet", "fixtures/periods/chigang"]));
}

#[test]
fn the_rule_list() {
    insta::assert_snapshot!(terminal(&["rules", "--lang", "en"]));
}
