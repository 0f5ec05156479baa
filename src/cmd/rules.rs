//! `hedui rules [CODE]`: the registry as a table, or one rule in full, so any
//! code in a report can be looked up.

use clap::Args;
use hedui::codes::{Fix, Rule};
use hedui::report::terminal::{pad, wrap};
use hedui::Lang;

use super::{EXIT_CLEAN, EXIT_FAILURE};

#[derive(Args)]
pub struct RulesArgs {
    /// Show only this rule (e.g. R001).
    code: Option<String>,
    /// Language of the summaries.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
    /// Every rule as a Markdown table (README's rule table is this output).
    #[arg(long, conflicts_with = "code")]
    markdown: bool,
}

fn fix_label(fix: Fix, lang: Lang) -> &'static str {
    match (fix, lang) {
        (Fix::Corrects, Lang::Zh) => "更正",
        (Fix::Suggests, Lang::Zh) => "建议",
        (Fix::Reports, Lang::Zh) => "报告",
        (Fix::Corrects, Lang::En) => "corrects",
        (Fix::Suggests, Lang::En) => "suggests",
        (Fix::Reports, Lang::En) => "reports",
    }
}

pub fn run(args: RulesArgs) -> u8 {
    let lang = args.lang;
    if args.markdown {
        super::print_stdout(&hedui::codes::markdown_table());
        return EXIT_CLEAN;
    }
    let rules: Vec<Rule> = match &args.code {
        Some(code) => match Rule::from_code(code.trim()) {
            Some(rule) => {
                super::print_stdout(&explain(rule, lang, super::output::terminal_width()));
                return EXIT_CLEAN;
            }
            None => {
                match lang {
                    Lang::Zh => super::say(&format!(
                        "hedui: 没有规则 {code}（hedui rules 列出全部规则）"
                    )),
                    Lang::En => super::say(&format!(
                        "hedui: no rule {code} (hedui rules lists them all)"
                    )),
                }
                return EXIT_FAILURE;
            }
        },
        None => Rule::ALL.to_vec(),
    };
    let mut table = String::new();
    for rule in rules {
        table.push_str(&format!(
            "{}  {} {} {}\n",
            rule.code(),
            pad(rule.severity().label(lang), 8),
            pad(fix_label(rule.fix(), lang), 9),
            rule.summary(lang)
        ));
    }
    table.push_str(match lang {
        Lang::Zh => "\nhedui rules 代码（如 hedui rules R001）详细说明一条规则。\n",
        Lang::En => "\nhedui rules CODE (e.g. hedui rules R001) explains one rule in full.\n",
    });
    super::print_stdout(&table);
    EXIT_CLEAN
}

/// One rule in full, as `ruff rule` explains one: what it checks, why, the
/// tolerance, an example finding and what `fix` does, wrapped to `width`.
pub fn explain(rule: Rule, lang: Lang, width: usize) -> String {
    let zh = lang == Lang::Zh;
    let mut out = format!("{}  {}\n", rule.code(), rule.summary(lang));
    out.push_str(&if zh {
        format!(
            "严重程度：{}    处理：{}\n",
            rule.severity().label(lang),
            fix_label(rule.fix(), lang)
        )
    } else {
        format!(
            "severity: {}    action: {}\n",
            rule.severity().label(lang),
            fix_label(rule.fix(), lang)
        )
    });
    let Some(e) = rule.explanation() else {
        return out;
    };
    let mut section = |heading: &str, text: &str| {
        out.push('\n');
        out.push_str(heading);
        out.push('\n');
        for line in wrap(text, width.saturating_sub(2).max(20)) {
            out.push_str(&format!("  {line}\n"));
        }
    };
    let na = if zh { "不适用" } else { "not applicable" };
    section(
        if zh { "检查什么" } else { "What it checks" },
        e.checks.get(lang),
    );
    section(if zh { "为什么" } else { "Why" }, e.why.get(lang));
    section(
        if zh { "容差" } else { "Tolerance" },
        e.tolerance.as_ref().map_or(na, |t| t.get(lang)),
    );
    section(if zh { "示例" } else { "Example" }, e.example.get(lang));
    section(
        if zh { "fix 做什么" } else { "What fix does" },
        rule.fix_text(lang),
    );
    out
}
