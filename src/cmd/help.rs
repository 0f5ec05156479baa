//! The help and clap's own usage errors in the reader's language: `--lang`
//! when the command line has it, else the locale (LC_ALL, LC_MESSAGES, LANG:
//! English for `en…`, Chinese otherwise). The flags' doc comments are the
//! English help; the Chinese lives here, keyed by the flag's id, and a test
//! keeps the two tables in step. Help text is wrapped to the terminal (CJK
//! counting two columns) and ends with examples and the exit codes.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};
use hedui::report::terminal::{pad, wrap, DEFAULT_WIDTH};
use hedui::Lang;
use unicode_width::UnicodeWidthStr;

use super::{Cli, EXIT_CLEAN, EXIT_FAILURE};

/// Columns a flag's help is indented by when it sits on the line below the flag.
const HELP_INDENT: usize = 10;

/// The language of the help: `--lang X` / `--lang=X` on the command line, else the locale.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            _ => None,
        };
        match value.as_deref() {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
    }
    locale_lang()
}

/// English when the locale says `en…`, Chinese for every other (or none): the
/// people hedui is for read Chinese.
fn locale_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The terminal's width when stdout is one, else [`DEFAULT_WIDTH`].
fn terminal_width() -> usize {
    let term = console::Term::stdout();
    match term.size_checked() {
        Some((_, cols)) if term.is_term() && cols >= 40 => usize::from(cols),
        _ => DEFAULT_WIDTH,
    }
}

/// Parses the command line, printing help, the version or a usage error in
/// `lang_of(args)`'s language; Err is the exit code when there is nothing to run.
pub fn parse(args: Vec<OsString>) -> Result<Cli, u8> {
    let lang = lang_of(&args);
    let mut command = command(lang, terminal_width());
    // The subcommand named, for "hedui check --help" in an error that carries no usage.
    let sub = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .find(|a| command.get_subcommands().any(|s| s.get_name() == a))
        .map(|a| a.into_owned());
    let matches = command
        .try_get_matches_from_mut(args)
        .map_err(|e| report(e, lang, sub.as_deref()))?;
    Cli::from_arg_matches(&matches).map_err(|e| report(e, lang, sub.as_deref()))
}

/// Prints what clap stopped at and returns the exit code: 0 for `--help` and
/// `--version`, 2 for a usage error (its text in `lang`).
fn report(error: clap::Error, lang: Lang, sub: Option<&str>) -> u8 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            EXIT_CLEAN
        }
        _ if lang == Lang::En => {
            let _ = error.print();
            EXIT_FAILURE
        }
        // The help itself (in Chinese already), as clap prints it on stderr.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            EXIT_FAILURE
        }
        _ => {
            eprint!("{}", zh_error(&error, sub));
            EXIT_FAILURE
        }
    }
}

fn context_str(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error in Chinese: what is wrong, a suggestion when clap has one,
/// the usage line and where to read more.
pub fn zh_error(error: &clap::Error, sub: Option<&str>) -> String {
    let get = |kind| context_str(error, kind).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut message = match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 缺少取值"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            format!("“{value}”不是 {arg} 的有效取值；可选：{valid}")
        }
        ErrorKind::UnknownArgument => format!("未知的选项或多余的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => format!(
            "未知的命令“{}”；可用的命令：check、fix、rules",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::NoEquals => format!("{arg} 的取值须用等号连接（{arg}=…）"),
        ErrorKind::ValueValidation => {
            let hint = value_hint(&arg);
            format!("“{value}”不是 {arg} 的有效取值{hint}")
        }
        ErrorKind::TooManyValues => format!("{arg} 的取值过多（“{value}”）"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的取值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令（check、fix 或 rules）".to_string(),
        ErrorKind::InvalidUtf8 => "参数中含有无效的 UTF-8 字符".to_string(),
        _ => format!("命令行有误：{}", error.render().to_string().trim()),
    };
    message = format!("hedui: 错误：{message}\n");
    if let Some(suggested) = context_str(error, ContextKind::SuggestedArg)
        .or_else(|| context_str(error, ContextKind::SuggestedSubcommand))
        .or_else(|| context_str(error, ContextKind::SuggestedValue))
    {
        message.push_str(&format!("\n  提示：是否要用“{suggested}”？\n"));
    }
    let usage = get(ContextKind::Usage);
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("用法：")
        .trim();
    if !usage.is_empty() {
        message.push_str(&format!("\n用法：{usage}\n"));
    }
    // `hedui check [选项] <PATH>...` → `hedui check --help`.
    let command: Vec<&str> = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    let command = match (command.is_empty(), sub) {
        (false, _) => command.join(" "),
        (true, Some(sub)) => format!("hedui {sub}"),
        (true, None) => "hedui".to_string(),
    };
    message.push_str(&format!("\n更多信息请运行“{command} --help”。\n"));
    message
}

/// What a flag with a value of its own kind accepts, for a rejected value.
fn value_hint(arg: &str) -> &'static str {
    if arg.starts_with("--encoding") {
        "；可用的编码：utf-8、gbk、gb18030、utf-16le、utf-16be 等"
    } else if arg.starts_with("--delimiter") {
        "；分隔符须为一个字符，或 tab"
    } else if ["--posts", "--jobs", "-j", "--max-cells", "--max-bytes"]
        .iter()
        .any(|flag| arg.starts_with(flag))
    {
        "；须为非负整数"
    } else {
        ""
    }
}

/// The Chinese help of each flag and argument, by id (the field's name).
/// Values a flag takes are written into its help (clap's own list of them
/// would stay English).
pub const ZH_ARGS: &[(&str, &str)] = &[
    ("files@check", "要核对的工作簿（.xlsx .xlsm .xlsb .xls .ods .csv 等）或存放工作簿的文件夹（逐级查找）。书面报告（.docx .pdf，或在此点名的 .txt .md）与同时给出的工作簿核对；文件夹中的报告与其旁边的工作簿核对。"),
    ("files@fix", "要更正的工作簿，一个或多个，或存放工作簿的文件夹；输入文件从不修改。其中的书面报告得到只含核对结果工作表的工作簿。"),
    ("output", "写到哪里：一个文件时为更正后的工作簿（须以 .xlsx 结尾），绝不是输入本身；多个文件或文件夹时为一个文件夹，按输入的目录结构写出各更正后的工作簿（a/b.xls → 输出文件夹/a/b.xlsx；给出多个文件夹时各自保留顶层文件夹名）及汇总 汇总.xlsx / 汇总.json。不写到该文件夹之外，不覆盖输入、设备、管道或链接；不加 --force 时也不覆盖非 hedui 写出的文件。"),
    ("format", "输出格式：text（文字报告，默认）或 json（JSON 报告）。"),
    ("summary", "另写一份汇总工作簿（每个文件一行、全市长表、完成率图表、规则排行），旁边附同样内容的 JSON（.json）。"),
    ("quiet", "不显示进度条（进度条只在标准错误输出为终端时显示）。"),
    ("jobs", "同时核对的文件数，默认每个 CPU 核一个。"),
    ("force", "输出位置已有非 hedui 写出的文件时也予以替换。不加时只替换 hedui 自己此前写出的文件；输入、设备、管道或链接始终不替换。"),
    ("color", "按严重程度着色：auto（默认；标准输出为终端且未设置 NO_COLOR 时着色）、always（总是）、never（从不）。"),
    ("verbose", "每条提示单独一行（默认同一表中同一规则的提示合并为一行）。"),
    ("min_severity", "只显示该严重程度及以上的发现：info（全部，默认）、warning（警告和错误）、error（仅错误）。JSON 和核对结果工作表始终保留全部发现。"),
    ("lang", "消息语言：zh（中文，默认）或 en（英文）。"),
    ("gazetteer", "一个社工站的地名表（TOML，street = \"…\"），列出片区、社区及其形近误写。只用于该街道的文件（按标题、工作表名、文件名或文件夹名判断）及未写明社工站的文件，绝不用于其他社工站。内置赤岗街地名表，除非此文件替换它。"),
    ("gazetteers", "地名表文件夹，每个街道一个 .toml；各自只用于本街道的文件。"),
    ("station", "所有输入所属的社工站（街道），代替各文件自己写的；决定使用哪个地名表。"),
    ("posts", "协议社工岗位数，用于到岗情况表的人员配备核对。"),
    ("max_cells", "一个工作表最多读取的单元格数。"),
    ("max_bytes", "输入文件的最大字节数，以及压缩工作簿解压后的总字节数上限（所有格式，读取前检查）。"),
    ("encoding", "文本文件（CSV、制表符分隔文本、HTML 或 XML 表格）的编码：utf-8、gbk、gb18030、utf-16le、utf-16be 等；不给出时自动识别。"),
    ("delimiter", "CSV 文件的分隔符：一个字符，或 tab；不给出时按文件各行推断。"),
    ("code", "只详细说明这一条规则（如 R001）：检查什么、为什么、容差、示例、fix 做什么。"),
    ("markdown", "以 Markdown 表格输出全部规则（README 中的规则表即由此生成）。"),
    ("exit_zero", "有发现时也以 0 退出（输入无法读取或用法有误时仍为 2）。"),
    ("fail_on", "以 1 退出的最低严重程度：error（默认，有错误时）或 warning（有警告或错误时）。"),
    ("config", "使用这个项目配置文件，而不是从被核对的文件所在文件夹逐级向上查找 hedui.toml。"),
    ("no_config", "不读取任何 hedui.toml。"),
    ("help", "显示帮助"),
    ("version", "显示版本"),
];

/// The Chinese about of each subcommand.
const ZH_ABOUT: &[(&str, &str)] = &[
    ("check", "列出工作簿中的每一处不一致"),
    (
        "fix",
        "写出更正后的工作簿（附核对结果工作表 核对结果），并打印同样的报告",
    ),
    ("rules", "列出全部规则，或详细说明一条规则"),
    ("help", "显示本帮助或指定命令的帮助"),
];

const ZH_ABOUT_ROOT: &str =
    "hedui（核对）：核对并更正社工站报送的指标完成情况统计表和社工到岗情况统计表。";

/// Examples of one command: (command line, what it does) in each language.
fn examples(name: &str, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let zh = lang == Lang::Zh;
    match name {
        "check" => vec![
            (
                "hedui check 附件1.xlsx",
                if zh {
                    "核对一个工作簿"
                } else {
                    "check one workbook"
                },
            ),
            (
                "hedui check 报送/ --min-severity warning",
                if zh {
                    "核对整个文件夹，只显示问题"
                } else {
                    "a whole folder, problems only"
                },
            ),
            (
                "hedui check 报告.docx 附件1.xlsx 附件2.xlsx",
                if zh {
                    "把书面报告的数字与表格核对"
                } else {
                    "a written report against its tables"
                },
            ),
            (
                "hedui check 报送/ --format json > 报告.json",
                if zh { "JSON 报告" } else { "the JSON report" },
            ),
            (
                "hedui check 报送/ --summary 汇总.xlsx",
                if zh {
                    "另写汇总工作簿"
                } else {
                    "also a summary workbook"
                },
            ),
        ],
        "fix" => vec![
            (
                "hedui fix 附件1.xlsx -o 附件1.核对.xlsx",
                if zh {
                    "写出更正后的工作簿"
                } else {
                    "write the corrected workbook"
                },
            ),
            (
                "hedui fix 赤岗街/ 华洲街/ -o 核对结果/",
                if zh {
                    "按目录写出每个更正后的工作簿及汇总"
                } else {
                    "every workbook, mirrored, and the summary"
                },
            ),
        ],
        "rules" => vec![
            (
                "hedui rules",
                if zh {
                    "列出全部规则"
                } else {
                    "list every rule"
                },
            ),
            (
                "hedui rules R001",
                if zh {
                    "详细说明 R001"
                } else {
                    "explain R001 in full"
                },
            ),
        ],
        _ => vec![
            (
                "hedui check 附件1.xlsx",
                if zh {
                    "核对一个工作簿，列出问题"
                } else {
                    "check a workbook, list its problems"
                },
            ),
            (
                "hedui fix 附件1.xlsx -o 附件1.核对.xlsx",
                if zh {
                    "写出更正后的工作簿"
                } else {
                    "write the corrected workbook"
                },
            ),
            (
                "hedui fix 报送/ -o 核对结果/",
                if zh {
                    "整个文件夹：更正后的工作簿及汇总"
                } else {
                    "a whole folder: corrected workbooks and the summary"
                },
            ),
            (
                "hedui rules R001",
                if zh {
                    "详细说明一条规则"
                } else {
                    "explain one rule"
                },
            ),
            (
                "hedui 报送/",
                if zh {
                    "拖放：在每个工作簿旁写出 名称.核对.xlsx"
                } else {
                    "a drop: 名称.核对.xlsx beside each workbook"
                },
            ),
        ],
    }
}

/// The exit codes, as every command's help ends.
fn exit_codes(lang: Lang) -> Vec<(&'static str, &'static str)> {
    match lang {
        Lang::Zh => vec![
            ("0", "没有达到 --fail-on 的发现（默认：没有错误）"),
            ("1", "有发现（默认：有错误级别的发现）。这是正常的核对结果，不是程序出错：所以不要用 cmd1 && cmd2 连续运行两条命令"),
            ("2", "输入无法读取、一个文件也没读到、无法写出，或命令用法有误"),
        ],
        Lang::En => vec![
            ("0", "no finding at or above --fail-on (by default: no error)"),
            ("1", "findings (by default: an error-level one). This is the check's result, not a crash: so `cmd1 && cmd2` does not run both"),
            ("2", "an input could not be read, nothing was read, an output could not be written, or the call is wrong"),
        ],
    }
}

/// Rows of two columns, the second aligned and wrapped under itself.
fn two_columns(rows: &[(&str, &str)], width: usize) -> String {
    let left = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for (l, r) in rows {
        let room = width.saturating_sub(left + 2).max(20);
        let (first_pad, lines) = if 2 + left + r.width() <= width || left + 2 < width / 2 {
            (pad(l, left), wrap(r, room))
        } else {
            // A long command line: its description on the lines below.
            (format!("{l}\n{}", " ".repeat(left)), wrap(r, room))
        };
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("  {first_pad}{line}\n"));
            } else {
                out.push_str(&format!("  {}{line}\n", " ".repeat(left)));
            }
        }
    }
    out
}

/// The text after a command's flags: its examples and the exit codes.
fn after_help(name: &str, lang: Lang, width: usize) -> String {
    let (examples_heading, codes_heading) = match lang {
        Lang::Zh => ("示例：", "退出码："),
        Lang::En => ("Examples:", "Exit codes:"),
    };
    let mut text = format!(
        "{examples_heading}\n{}",
        two_columns(&examples(name, lang), width)
    );
    if name != "rules" {
        text.push_str(&format!(
            "\n{codes_heading}\n{}",
            two_columns(&exit_codes(lang), width)
        ));
    }
    if name == "hedui" {
        let more = match lang {
            Lang::Zh => "各命令的选项：hedui check --help、hedui fix --help。项目配置：被核对文件所在文件夹或其上层的 hedui.toml（默认语言、规则选择、地名表、协议岗位数、豁免）。",
            Lang::En => "Each command's flags: hedui check --help, hedui fix --help. Project settings: hedui.toml in the checked files' folder or above (language, rule selection, gazetteers, posts, waivers).",
        };
        text.push('\n');
        text.push_str(&wrap(more, width).join("\n"));
        text.push('\n');
    }
    text.trim_end().to_string()
}

fn zh_help(id: &str, command: &str) -> Option<&'static str> {
    let scoped = format!("{id}@{command}");
    ZH_ARGS
        .iter()
        .find(|(k, _)| *k == scoped)
        .or_else(|| ZH_ARGS.iter().find(|(k, _)| *k == id))
        .map(|(_, v)| *v)
}

/// One argument in `lang`, its help wrapped to `width`.
fn localize_arg(arg: Arg, command: &str, lang: Lang, width: usize) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // clap lists the values of an enum flag with their help unwrapped: the
    // help names them instead, wrapped with the rest.
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(help) => format!("{}: {help}", v.get_name()),
            None => v.get_name().to_string(),
        })
        .collect();
    let enumerated = values.iter().any(|v| v.contains(':'));
    let help = match lang {
        Lang::Zh => zh_help(&id, command).map(|help| {
            // clap's own "[default: …]" would stay English.
            if defaults.is_empty() || help.contains("默认") {
                help.to_string()
            } else {
                format!("{help}（默认：{}）", defaults.join("、"))
            }
        }),
        Lang::En if enumerated => arg
            .get_help()
            .map(|help| format!("{help}.\n{}", values.join("\n"))),
        Lang::En => arg.get_help().map(ToString::to_string),
    };
    let mut arg = arg;
    if enumerated {
        arg = arg.hide_possible_values(true);
    }
    if lang == Lang::Zh {
        let heading = if arg.is_positional() {
            "参数"
        } else {
            "选项"
        };
        arg = arg
            .hide_possible_values(true)
            .hide_default_value(true)
            .help_heading(heading);
    }
    match help {
        Some(help) => {
            let wrapped = wrap(&help, width.saturating_sub(HELP_INDENT).max(20)).join("\n");
            arg.help(wrapped).long_help(None::<&'static str>)
        }
        None => arg,
    }
}

/// One (sub)command and its arguments in `lang`, wrapped to `width`.
fn localize(mut command: Command, name: &str, lang: Lang, width: usize) -> Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id, |arg| localize_arg(arg, name, lang, width));
    }
    command = command
        .next_line_help(true)
        .after_help(after_help(name, lang, width));
    if lang == Lang::Zh {
        let usage = command
            .render_usage()
            .to_string()
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", "[选项]")
            .replace("<COMMAND>", "<命令>")
            .replace("[COMMAND]", "[命令]");
        command = command
            .help_template(
                "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}",
            )
            .override_usage(usage)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
        if let Some((_, about)) = ZH_ABOUT.iter().find(|(n, _)| *n == name) {
            command = command.about(*about).long_about(None::<&'static str>);
        }
    }
    command
}

/// The whole command line in `lang`, every help text wrapped to `width` columns.
pub fn command(lang: Lang, width: usize) -> Command {
    let mut root = Cli::command();
    // Built first, so the generated -h/--help, -V/--version and `help` exist to be translated.
    root.build();
    let names: Vec<String> = root
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let n = name.clone();
        root = root.mut_subcommand(name, |sub| localize(sub, &n, lang, width));
    }
    root = localize(root, "hedui", lang, width);
    if lang == Lang::Zh {
        root = root.about(ZH_ABOUT_ROOT).long_about(None::<&'static str>);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every flag of every command has its Chinese help (and no entry is left over).
    #[test]
    fn every_flag_has_chinese_help() {
        let mut root = Cli::command();
        root.build();
        let mut used = std::collections::HashSet::new();
        let mut commands: Vec<&Command> = vec![&root];
        commands.extend(root.get_subcommands());
        for command in commands {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                let scoped = format!("{id}@{}", command.get_name());
                let key = if ZH_ARGS.iter().any(|(k, _)| *k == scoped) {
                    scoped
                } else {
                    id.to_string()
                };
                assert!(
                    ZH_ARGS.iter().any(|(k, _)| *k == key),
                    "no Chinese help for {key} of {}",
                    command.get_name()
                );
                used.insert(key);
            }
        }
        for (key, _) in ZH_ARGS {
            assert!(
                used.contains(*key),
                "Chinese help for {key}, which no command has"
            );
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_first() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["hedui", "check", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["hedui", "--lang=en", "check"])), Lang::En);
        assert_eq!(lang_of(&args(&["hedui", "--lang=zh"])), Lang::Zh);
    }
}
