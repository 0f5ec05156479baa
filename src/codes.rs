//! The registry: every rule hedui knows, with its stable code, severity,
//! one-line summary and whether it corrects. Codes never change meaning; a
//! retired code is never reused.
//!
//! Rule groups: H headers, N names, V values, R rates, T totals, S scale,
//! A attendance rosters, X cross-file, P cross-period, D written reports.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity as reports show it: 错误 / 警告 / 提示, or error / warning / info.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, crate::Lang::Zh) => "错误",
            (Severity::Warning, crate::Lang::Zh) => "警告",
            (Severity::Info, crate::Lang::Zh) => "提示",
            (s, crate::Lang::En) => s.as_str(),
        }
    }
}

/// What a rule does about what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fix {
    /// A derived value (rate, total, share): recomputed and written back.
    Corrects,
    /// A source value: never changed, flagged with a suggestion where one is likely.
    Suggests,
    /// Reported only.
    Reports,
}

macro_rules! rules {
    ($($variant:ident = $code:literal, $severity:ident, $fix:ident, $zh:literal, $en:literal;)*) => {
        /// Every rule, by stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }
            pub fn fix(self) -> Fix {
                match self { $(Rule::$variant => Fix::$fix,)* }
            }
            /// One-line summary of what the rule checks, in the given language.
            pub fn summary(self, lang: crate::Lang) -> &'static str {
                match (self, lang) {
                    $((Rule::$variant, crate::Lang::Zh) => $zh,
                      (Rule::$variant, crate::Lang::En) => $en,)*
                }
            }
        }
    };
}

rules! {
    // Headers
    HeaderUnmatched = "H001", Warning, Reports, "表头无法识别为任何指标或度量", "A header matches no known indicator or measure";
    HeaderTypo = "H002", Warning, Reports, "表头疑似笔误，已按最接近的词识别", "A header looks misspelled and was read as its closest known word";
    HeaderNormalized = "H003", Info, Reports, "表头含多余空格、换行或全角字符，已规范化", "A header had stray spaces, line breaks or full-width characters";
    StructureUncertain = "H004", Warning, Reports, "表格结构无法确定，未作更正", "The table's figures confirm no reading of its structure: nothing corrected";
    HeaderByStructure = "H005", Info, Reports, "表头未在词表中，按表格结构识别", "A header word is not in the dictionary; its role was read from the table's structure";
    // Names
    DistrictUnknown = "N001", Warning, Reports, "片区名称无法与地名表匹配", "A district name matches nothing in the gazetteer";
    NameConfusable = "N002", Warning, Corrects, "社区名称为形近误写，已按地名表更正", "A community name is a look-alike misspelling, corrected from the gazetteer";
    CommunityWrongDistrict = "N003", Warning, Reports, "片区标签所列社区不属于该片区", "A district label lists a community that belongs to another district";
    NameAmbiguous = "N004", Warning, Reports, "名称可能对应多个地名，未更改", "A name could be several places and was left as written";
    DistrictSpelledTwoWays = "N005", Warning, Reports, "同一片区在文件中写法不一", "One district is spelled two ways in one file";
    // Values
    NumberAsText = "V001", Info, Reports, "数字以文本形式存储", "A number is stored as text";
    FullWidthDigits = "V002", Info, Reports, "数字含全角字符或千位分隔符", "A number has full-width characters or thousands separators";
    NegativeCount = "V003", Error, Reports, "计数为负数", "A count is negative";
    FractionalCount = "V004", Warning, Reports, "计数带小数", "A count has a fractional part";
    DoneWithoutTarget = "V005", Warning, Reports, "有完成量而无协议量", "A completed figure has no target";
    RateWithZeroTarget = "V006", Error, Reports, "协议量为零却写有完成率", "A rate is stated against a zero target";
    Unreadable = "V007", Warning, Reports, "单元格内容无法解析为数值", "A cell that should hold a figure cannot be read as one";
    FormulaError = "V008", Error, Reports, "公式结果为错误值或无缓存值", "A formula shows an error value or has no cached result";
    NoTargetByDesign = "V009", Info, Reports, "该指标按设计无协议量", "The indicator has no target by design (no row of it has one)";
    // Rates
    RateMismatch = "R001", Error, Corrects, "完成率与完成量/协议量不符", "A rate does not equal completed / target";
    RateLastDigit = "R002", Info, Reports, "完成率末位差一（截断而非四舍五入）", "A rate is one unit off in its last digit (truncated, not rounded)";
    RateKnockOn = "R003", Info, Corrects, "因所依据的合计已更正而重算的完成率", "A rate recomputed because a total it depends on was corrected";
    // Totals
    TotalMismatch = "T001", Error, Corrects, "合计行不等于各片区之和", "A total does not equal the sum of the districts";
    TotalKnockOn = "T002", Info, Corrects, "因所依据的数值已更正而重算的合计", "A total recomputed because a figure it sums was corrected";
    // Scale
    ScaleError = "S001", Error, Suggests, "疑似小数点错位（数量级错误）", "A value looks off by a power of ten (a lost decimal point)";
    // Attendance rosters
    RosterTotalMismatch = "A001", Error, Corrects, "月度合计与勾选数不符", "A month's stated total does not match its ticks";
    TickAfterDeparture = "A002", Error, Reports, "离职或调离后仍有勾选", "A tick after the person left or was transferred";
    TickOutsideContract = "A003", Warning, Reports, "合同期外仍有勾选", "A tick outside the contract period";
    SalaryWithoutInsurance = "A004", Warning, Reports, "发放工资但未购买社保", "Salary paid with no social insurance that month";
    InsuranceWithoutSalary = "A005", Warning, Reports, "购买社保但未发放工资", "Social insurance paid with no salary that month";
    SalaryWithoutDuty = "A006", Warning, Reports, "未到岗却发放工资", "Salary paid with no one on duty";
    Understaffed = "A007", Warning, Reports, "到岗人数少于协议岗位数", "Fewer staff on duty than the contracted posts";
    DuplicateStaff = "A008", Warning, Reports, "同一人员重复出现", "The same person appears twice";
    MonthMissing = "A009", Warning, Reports, "服务年度缺少月份", "A month of the service year is missing";
    UnknownTick = "A010", Warning, Reports, "无法识别的勾选标记", "A tick mark that is neither yes nor no";
    RosterRateMismatch = "A011", Error, Corrects, "人次、持证率或稳岗率与重新计算不符", "A stated person-month total or rate does not match its recomputation";
    TickLegendMark = "A012", Info, Reports, "按表内图例识别的勾选标记", "Tick marks read from the sheet's own legend (or its stated totals)";
    TickRoleUndecided = "A013", Warning, Reports, "勾选栏含义无法确定，未读取", "A tick column whose role (duty, insurance, salary) cannot be decided: not read";
    // Cross-file
    StaffCountMismatch = "X001", Error, Reports, "到岗社工数与指标表投入社工人数不符", "Staff on duty disagree with the indicator table's social workers";
    RosterPairingAmbiguous = "X002", Warning, Reports, "多份到岗情况表可对应本表且人数不一，未比较", "Several rosters could be the table's and their staff differ: not compared";
    // Cross-period
    CumulativeDecreased = "P001", Error, Reports, "累计完成量比上期减少", "A cumulative completed figure decreased from the previous period";
    TargetChanged = "P002", Warning, Reports, "协议量与上期不同且无说明", "A target changed from the previous period without a note";
    LeaverReappears = "P003", Error, Reports, "已离职人员再次出现勾选", "A person who left reappears with ticks";
    DistrictVanished = "P004", Warning, Reports, "片区在本期消失", "A district present in the previous period is missing";
    DistrictRenamed = "P005", Warning, Reports, "片区名称与上期不同", "A district is named differently from the previous period";
    TotalFollowsDistricts = "P006", Info, Reports, "合计随片区变化，变化已在片区报告", "A total changed with its districts, whose changes are reported there";
    // Document: a station's written report against its workbooks
    ReportFigureMismatch = "D001", Error, Reports, "报告所述数字与指标表不符", "A figure the report states disagrees with the indicator table";
    ReportRateMismatch = "D002", Error, Reports, "报告所述完成率与完成量/协议量不符", "A rate the report states is not its completed figure over the table's target";
    ReportInconsistent = "D003", Warning, Reports, "报告中同一数量前后不一", "The report states the same quantity twice with different values";
    ReportStaffMismatch = "D004", Error, Reports, "报告所述人员数字与到岗情况表不符", "A staff figure the report states disagrees with the attendance roster";
    ReportRepeatsTableError = "D005", Warning, Reports, "报告沿用了表格中有误（已更正）的数字", "The report repeats a figure the workbook's own check found wrong";
    ReportFigureUnmatched = "D006", Info, Reports, "报告中的数字无法与表格对应，未核对", "A figure in the report matches no table figure and was not checked";
    ReportSummary = "D007", Info, Reports, "报告数字核对汇总（含未找到数字的情形）", "How many of the report's figures were checked and agreed (or that it states none)";
}

/// A text in both languages.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.zh,
            crate::Lang::En => &self.en,
        }
    }
}

/// A rule explained in full (`hedui rules CODE`), from codes.toml beside this file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// What it checks.
    pub checks: Text,
    /// Why it matters.
    pub why: Text,
    /// How far off a value may be before the rule fires, where that means something.
    pub tolerance: Option<Text>,
    /// A finding as the report shows it: cell, found → expected, message.
    pub example: Text,
    /// What `fix` does, where the sentence of the rule's [`Fix`] is not enough.
    pub fix: Option<Text>,
}

static EXPLANATIONS: std::sync::LazyLock<std::collections::HashMap<String, Explanation>> =
    std::sync::LazyLock::new(|| {
        // Checked by the test `every_rule_is_explained`: an error here is a
        // broken build of the registry, never of input.
        toml::from_str(include_str!("codes.toml")).unwrap_or_default()
    });

impl Rule {
    /// The rule explained in full; None only if codes.toml lacks it (a test forbids that).
    pub fn explanation(self) -> Option<&'static Explanation> {
        EXPLANATIONS.get(self.code())
    }

    /// What `fix` does with this rule's findings, in a sentence.
    pub fn fix_text(self, lang: crate::Lang) -> &'static str {
        if let Some(text) = self.explanation().and_then(|e| e.fix.as_ref()) {
            return text.get(lang);
        }
        match (self.fix(), self.severity(), lang) {
            (Fix::Corrects, _, crate::Lang::Zh) => "在更正后的工作簿中写入重新计算的值（公式，缓存其结果），单元格标为绿色，批注中有原值、应为值和理由。",
            (Fix::Corrects, _, crate::Lang::En) => "Writes the recomputed value into the corrected workbook (a formula, its result cached), green, with the original, the expected value and the reason in a note.",
            (Fix::Suggests, _, crate::Lang::Zh) => "原值是源数据，从不更改：单元格标为红色，批注中给出建议值，请人工核实。",
            (Fix::Suggests, _, crate::Lang::En) => "The value is source data and never changed: the cell is marked red with the suggested value in a note, for a person to verify.",
            (Fix::Reports, Severity::Info, crate::Lang::Zh) => "不更改任何单元格，只列入核对结果工作表。",
            (Fix::Reports, Severity::Info, crate::Lang::En) => "Changes no cell; listed in the audit sheet only.",
            (Fix::Reports, _, crate::Lang::Zh) => "不更改该单元格：标为黄色（警告）或红色（错误），加批注说明，并列入核对结果工作表。",
            (Fix::Reports, _, crate::Lang::En) => "Leaves the cell as it is: marked yellow (warning) or red (error) with a note, and listed in the audit sheet.",
        }
    }
}

/// Every rule as the Markdown table README.md shows (`hedui rules --markdown`):
/// code, severity, action, and the summary in English and Chinese.
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| code | severity | action | checks | 说明 |\n| --- | --- | --- | --- | --- |\n",
    );
    for rule in Rule::ALL {
        let action = match rule.fix() {
            Fix::Corrects => "corrects",
            Fix::Suggests => "suggests",
            Fix::Reports => "reports",
        };
        table.push_str(&format!(
            "| {} | {} | {action} | {} | {} |\n",
            rule.code(),
            rule.severity().as_str(),
            rule.summary(crate::Lang::En),
            rule.summary(crate::Lang::Zh),
        ));
    }
    table
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in Rule::ALL {
            let code = rule.code();
            assert!(seen.insert(code), "duplicate code {code}");
            assert_eq!(code.len(), 4, "{code}");
            assert!(code[1..].chars().all(|c| c.is_ascii_digit()), "{code}");
            assert_eq!(Rule::from_code(code), Some(*rule));
        }
    }

    /// README's rule table is `hedui rules --markdown`: regenerate it with
    /// that command when a rule is added or its summary changes.
    #[test]
    fn readme_rule_table_is_the_registry() {
        let readme = include_str!("../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's rule table differs from the registry; replace it with `hedui rules --markdown`:\n{table}"
        );
    }

    #[test]
    fn every_rule_is_explained() {
        let parsed: std::collections::HashMap<String, Explanation> =
            toml::from_str(include_str!("codes.toml")).expect("codes.toml parses");
        for rule in Rule::ALL {
            let e = rule
                .explanation()
                .unwrap_or_else(|| panic!("{} not in codes.toml", rule.code()));
            for text in [&e.checks, &e.why, &e.example]
                .into_iter()
                .chain(e.tolerance.as_ref())
                .chain(e.fix.as_ref())
            {
                assert!(
                    !text.zh.trim().is_empty() && !text.en.trim().is_empty(),
                    "{}",
                    rule.code()
                );
                assert!(
                    !text.zh.is_ascii(),
                    "{}: zh is not Chinese: {}",
                    rule.code(),
                    text.zh
                );
            }
        }
        for code in parsed.keys() {
            assert!(
                Rule::from_code(code).is_some(),
                "codes.toml explains no rule {code}"
            );
        }
    }
}
