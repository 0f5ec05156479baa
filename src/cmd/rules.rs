//! `hedui rules`: the registry as a table, so any code can be looked up.

use clap::Args;
use hedui::report::terminal::severity_label;
use hedui::rules::{Fix, Rule};
use hedui::Lang;

#[derive(Args)]
pub struct RulesArgs {
    /// Language of the summaries.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
}

pub fn run(args: RulesArgs) -> u8 {
    let lang = args.lang;
    let mut table = String::new();
    for rule in Rule::ALL {
        let fix = match (rule.fix(), lang) {
            (Fix::Corrects, Lang::Zh) => "更正",
            (Fix::Suggests, Lang::Zh) => "建议",
            (Fix::Reports, Lang::Zh) => "报告",
            (Fix::Corrects, Lang::En) => "corrects",
            (Fix::Suggests, Lang::En) => "suggests",
            (Fix::Reports, Lang::En) => "reports",
        };
        table.push_str(&format!(
            "{}  {:<7} {:<8} {}\n",
            rule.code(),
            severity_label(rule.severity(), lang),
            fix,
            rule.summary(lang)
        ));
    }
    super::print_stdout(&table);
    super::EXIT_CLEAN
}
