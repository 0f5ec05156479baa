//! The help and clap's own usage errors: Chinese by default (or by --lang /
//! the locale), wrapped to 100 columns when not on a terminal, with examples
//! and the exit codes.

mod common;

use assert_cmd::Command;
use common::hedui;
use unicode_width::UnicodeWidthStr;

/// hedui with a locale that says nothing about the language (as most machines' C.UTF-8).
fn bare() -> Command {
    let mut cmd = hedui();
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn stderr_of_failure(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).expect("UTF-8")
}

fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(line.width() <= width, "{} columns: {line}", line.width());
    }
}

#[test]
fn help_is_chinese_by_default_with_examples_and_exit_codes() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["fix", "--help"],
        &["rules", "--help"],
    ] {
        let help = stdout(bare().args(args));
        assert!(help.contains("用法：hedui"), "{help}");
        assert!(help.contains("示例："), "{help}");
        assert_fits(&help, 100);
        assert!(
            !help.contains("Usage:") && !help.contains("Print help"),
            "{help}"
        );
        assert!(!help.contains("[default:"), "{help}");
    }
    let check = stdout(bare().args(["check", "--help"]));
    assert!(
        check.contains("消息语言：zh（中文，默认）或 en（英文）"),
        "{check}"
    );
    assert!(check.contains("hedui check 附件1.xlsx"), "{check}");
    assert!(check.contains("退出码："), "{check}");
    assert!(check.contains("1  有发现"), "{check}");
    assert!(check.contains("不是程序出错"), "{check}");
    // A default clap would print in English is said in the help itself.
    assert!(check.contains("（默认：10000000）"), "{check}");
    let top = stdout(bare().arg("--help"));
    assert!(top.contains("列出工作簿中的每一处不一致"), "{top}");
    assert!(top.contains("命令"), "{top}");
}

#[test]
fn help_follows_the_flag_then_the_locale() {
    let en = stdout(bare().args(["check", "--help", "--lang", "en"]));
    assert!(en.contains("Usage: hedui check"), "{en}");
    assert!(en.contains("Exit codes:"), "{en}");
    assert!(en.contains("not a crash"), "{en}");
    assert_fits(&en, 100);
    let locale = stdout(bare().env("LANG", "en_US.UTF-8").args(["fix", "--help"]));
    assert!(locale.contains("Usage: hedui fix"), "{locale}");
    // The flag wins over the locale.
    let zh = stdout(
        bare()
            .env("LANG", "en_US.UTF-8")
            .args(["fix", "--help", "--lang=zh"]),
    );
    assert!(zh.contains("用法：hedui fix"), "{zh}");
}

#[test]
fn usage_errors_are_chinese_too() {
    let unknown = stderr_of_failure(bare().args(["check", "--forc", "a.xlsx"]));
    assert!(
        unknown.contains("hedui: 错误：未知的选项或多余的参数“--forc”"),
        "{unknown}"
    );
    assert!(unknown.contains("是否要用“--force”"), "{unknown}");
    assert!(
        unknown.contains("用法：hedui check [选项] <PATH>..."),
        "{unknown}"
    );
    assert!(unknown.contains("hedui check --help"), "{unknown}");
    let missing = stderr_of_failure(bare().args(["fix", "a.xlsx"]));
    assert!(
        missing.contains("缺少必需的参数：--output <OUT>"),
        "{missing}"
    );
    let value = stderr_of_failure(bare().args(["check", "--lang", "fr", "a.xlsx"]));
    assert!(
        value.contains("“fr”不是 --lang <LANG> 的有效取值；可选：zh、en"),
        "{value}"
    );
    let number = stderr_of_failure(bare().args(["check", "--posts", "十九", "a.xlsx"]));
    assert!(number.contains("须为非负整数"), "{number}");
    let command = stderr_of_failure(bare().args(["chek", "--lang", "zh"]));
    assert!(command.contains("未知的命令“chek”"), "{command}");
    assert!(command.contains("是否要用“check”"), "{command}");
    let english = stderr_of_failure(bare().args(["check", "--forc", "--lang", "en", "a.xlsx"]));
    assert!(
        english.contains("unexpected argument '--forc'"),
        "{english}"
    );
    // The version is no error.
    assert!(stdout(bare().arg("--version")).starts_with("hedui "));
}

#[test]
fn rules_code_explains_a_rule_in_full() {
    let zh = stdout(bare().args(["rules", "r001"]));
    for part in [
        "R001  完成率与完成量/协议量不符",
        "严重程度：错误    处理：更正",
        "检查什么",
        "为什么",
        "容差",
        "末位只差一",
        "示例",
        "H7  111.11% → 107.69%",
        "fix 做什么",
        "=G7/F7",
    ] {
        assert!(zh.contains(part), "{part} missing from:\n{zh}");
    }
    let en = stdout(bare().args(["rules", "A004", "--lang", "en"]));
    for part in [
        "What it checks",
        "Why",
        "Tolerance",
        "not applicable",
        "Example",
        "What fix does",
        "audit sheet",
    ] {
        assert!(en.contains(part), "{part} missing from:\n{en}");
    }
    // Every rule has its explanation, and it fits the width of a pipe.
    let list = stdout(bare().arg("rules"));
    let codes = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.len() == 4 && w.is_ascii());
    for code in codes {
        for lang in ["zh", "en"] {
            let text = stdout(bare().args(["rules", code, "--lang", lang]));
            assert!(text.lines().count() >= 15, "{code} {lang}:\n{text}");
            assert_fits(&text, 100);
        }
    }
}

#[test]
fn rules_markdown_is_readme_table() {
    let table = stdout(bare().args(["rules", "--markdown"]));
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(table.starts_with("| code | severity | action | checks | 说明 |"));
    assert!(
        readme.contains(&table),
        "README's rule table is not `hedui rules --markdown`"
    );
}

/// What a reviewer reads: the Chinese help and one rule explained, as printed into a pipe.
#[test]
fn help_and_a_rule_as_printed() {
    insta::assert_snapshot!(
        "check_help_in_chinese",
        stdout(bare().args(["check", "--help"]))
    );
    insta::assert_snapshot!(
        "rule_r001_explained",
        stdout(bare().args(["rules", "R001"]))
    );
}
