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

/// The same run with colour asked for in different ways: (stdout, exit code).
fn coloured(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = hedui();
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(["check", "fixtures/indicators/chigang_2024.xlsx"])
        .args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("hedui runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const RED: &str = "\u{1b}[1m\u{1b}[31m";
const YELLOW: &str = "\u{1b}[33m";
const DIM: &str = "\u{1b}[2m";

#[test]
fn colour_by_severity_only_when_asked_for() {
    let plain = coloured(&[], &[]);
    assert!(!plain.contains('\u{1b}'), "a pipe gets no colour:\n{plain}");
    for (args, env) in [
        (&["--color", "always"][..], &[][..]),
        (&[], &[("CLICOLOR_FORCE", "1")]),
        // A flag overrides the environment.
        (&["--color", "always"], &[("NO_COLOR", "1")]),
    ] {
        let painted = coloured(args, env);
        for (code, what) in [
            (RED, "R001 错误"),
            (YELLOW, "N002 警告"),
            (DIM, "R003 提示"),
        ] {
            assert!(
                painted.contains(&format!("{code}{what}")),
                "{args:?} {env:?}: {what} in its colour:\n{painted}"
            );
        }
        // Colour changes nothing but the colour.
        assert_eq!(strip_ansi(&painted), plain, "{args:?} {env:?}");
    }
    for (args, env) in [
        (&[][..], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")][..]),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
    ] {
        let output = coloured(args, env);
        assert!(!output.contains('\u{1b}'), "{args:?} {env:?}:\n{output}");
        assert_eq!(output, plain);
    }
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_line_fits_100_columns_and_messages_share_a_column() {
    for fixture in [
        "fixtures/indicators/chigang_2024.xlsx",
        "fixtures/roster/chigang_roster_2024.xlsx",
        "fixtures/periods/chigang",
    ] {
        for lang in ["zh", "en"] {
            let text = terminal(&["check", "--quiet", "--verbose", fixture, "--lang", lang]);
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= 100,
                    "{fixture} {lang}: wider than 100: {line}"
                );
            }
            // Every continuation line of a file starts at its message column.
            for file in text.split("\n\n") {
                let indents: std::collections::BTreeSet<usize> = file
                    .lines()
                    .filter(|l| l.starts_with("      "))
                    .map(|l| l.len() - l.trim_start().len())
                    .collect();
                assert!(indents.len() <= 1, "{fixture} {lang}: {indents:?}\n{file}");
            }
        }
    }
}

#[test]
fn info_is_folded_unless_verbose() {
    let folded = terminal(&["check", "fixtures/indicators/chigang_2024.xlsx"]);
    assert_eq!(folded.matches("H003").count(), 2, "{folded}");
    assert!(folded.contains("×4"), "{folded}");
    let verbose = terminal(&[
        "check",
        "--verbose",
        "fixtures/indicators/chigang_2024.xlsx",
    ]);
    assert_eq!(verbose.matches("H003").count(), 5, "{verbose}");
    let problems = terminal(&[
        "check",
        "--min-severity",
        "warning",
        "fixtures/indicators/chigang_2024.xlsx",
    ]);
    assert!(!problems.contains("提示  "), "{problems}");
    assert!(
        problems.contains("R001") && problems.contains("N002"),
        "{problems}"
    );
}
