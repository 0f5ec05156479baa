//! `hedui rules [CODE]`: the registry as a table, or one rule in full, so any
//! code in a report can be looked up.

use clap::Args;
use hedui::codes::{Fix, Rule};
use hedui::report::terminal::pad;
use hedui::Lang;

use super::{EXIT_CLEAN, EXIT_FAILURE};

#[derive(Args)]
pub struct RulesArgs {
    /// Show only this rule (e.g. R001).
    code: Option<String>,
    /// Language of the summaries.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
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
    let rules: Vec<Rule> = match &args.code {
        Some(code) => match Rule::from_code(code) {
            Some(rule) => vec![rule],
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
    super::print_stdout(&table);
    EXIT_CLEAN
}
