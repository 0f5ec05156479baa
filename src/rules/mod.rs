//! The registry: every rule hedui knows, with its stable code, severity,
//! one-line summary and whether it corrects. Codes never change meaning; a
//! retired code is never reused.
//!
//! Rule groups: H headers, N names, V values, R rates, T totals, S scale,
//! A attendance rosters, X cross-file, P cross-period.

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
    // Names
    DistrictUnknown = "N001", Warning, Reports, "片区名称无法与地名表匹配", "A district name matches nothing in the gazetteer";
    NameConfusable = "N002", Warning, Corrects, "社区名称为形近误写，已按地名表更正", "A community name is a look-alike misspelling, corrected from the gazetteer";
    CommunityWrongDistrict = "N003", Warning, Reports, "片区标签所列社区不属于该片区", "A district label lists a community that belongs to another district";
    NameAmbiguous = "N004", Warning, Reports, "名称可能对应多个地名，未更改", "A name could be several places and was left as written";
    // Values
    NumberAsText = "V001", Info, Reports, "数字以文本形式存储", "A number is stored as text";
    FullWidthDigits = "V002", Info, Reports, "数字含全角字符或千位分隔符", "A number has full-width characters or thousands separators";
    NegativeCount = "V003", Error, Reports, "计数为负数", "A count is negative";
    FractionalCount = "V004", Warning, Reports, "计数带小数", "A count has a fractional part";
    DoneWithoutTarget = "V005", Warning, Reports, "有完成量而无协议量", "A completed figure has no target";
    RateWithZeroTarget = "V006", Error, Reports, "协议量为零却写有完成率", "A rate is stated against a zero target";
    Unreadable = "V007", Warning, Reports, "单元格内容无法解析为数值", "A cell that should hold a figure cannot be read as one";
    FormulaError = "V008", Error, Reports, "公式结果为错误值或无缓存值", "A formula shows an error value or has no cached result";
    // Rates
    RateMismatch = "R001", Error, Corrects, "完成率与完成量/协议量不符", "A rate does not equal completed / target";
    RateLastDigit = "R002", Info, Reports, "完成率末位差一（截断而非四舍五入）", "A rate is one unit off in its last digit (truncated, not rounded)";
    // Totals
    TotalMismatch = "T001", Error, Corrects, "合计行不等于各片区之和", "A total does not equal the sum of the districts";
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
    // Cross-file
    StaffCountMismatch = "X001", Error, Reports, "到岗社工数与指标表投入社工人数不符", "Staff on duty disagree with the indicator table's social workers";
    // Cross-period
    CumulativeDecreased = "P001", Error, Reports, "累计完成量比上期减少", "A cumulative completed figure decreased from the previous period";
    TargetChanged = "P002", Warning, Reports, "协议量与上期不同且无说明", "A target changed from the previous period without a note";
    LeaverReappears = "P003", Error, Reports, "已离职人员再次出现勾选", "A person who left reappears with ticks";
    DistrictVanished = "P004", Warning, Reports, "片区在本期消失", "A district present in the previous period is missing";
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
}

pub mod cellmap;
pub mod context;
pub mod cross_file;
pub mod headers;
pub mod names;
pub mod periods;
pub mod rates;
pub mod roster;
pub mod totals;
pub mod values;

use std::path::Path;

use crate::model::IndicatorTable;
use crate::names::Gazetteer;
use crate::workbook::Sheet;

/// Runs every indicator-table rule, in the order their evidence builds up:
/// figures are parsed, totals corrected, then rates checked against the corrected totals.
pub fn check_indicator_table<'a>(
    file: &'a Path,
    sheet: &'a Sheet,
    table: &'a IndicatorTable,
    gazetteer: &'a Gazetteer,
) -> context::TableContext<'a> {
    let mut ctx = context::TableContext::new(file, sheet, table, gazetteer);
    headers::check_headers(&mut ctx);
    names::check_names(&mut ctx);
    values::parse_figures(&mut ctx);
    totals::check_totals(&mut ctx);
    rates::check_rates(&mut ctx);
    ctx
}

#[cfg(test)]
mod rule_tests {
    //! Each rule on a small table built in code: what it finds, where, and what it expects.

    use std::path::Path;

    use crate::locate;
    use crate::names::Gazetteer;
    use crate::workbook::{CellRef, Sheet, Value};

    use super::*;

    /// A sheet from rows of text; plain numbers become number cells, "" stays empty.
    fn sheet(rows: &[&[&str]]) -> Sheet {
        let mut sheet = Sheet::new("表", 0, 0);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let value = match text.parse::<f64>() {
                    _ if text.is_empty() => continue,
                    Ok(n) if !text.starts_with('+') => Value::Number(n),
                    _ => Value::Text(text.to_string()),
                };
                sheet.set(CellRef::new(r as u32, c as u32), value);
            }
        }
        sheet
    }

    /// (code, cell, found, expected) of every finding on the sheet's tables.
    fn check(rows: &[&[&str]]) -> Vec<(&'static str, String, String, Option<String>)> {
        let sheet = sheet(rows);
        let gazetteer = Gazetteer::chigang();
        let mut out = Vec::new();
        for table in locate::indicator_tables(&sheet) {
            let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, &table, &gazetteer);
            for f in ctx.findings {
                out.push((f.rule.code(), f.location.cell.a1(), f.found, f.expected));
            }
        }
        out.sort();
        out
    }

    fn finding(
        code: &'static str,
        cell: &str,
        found: &str,
        expected: Option<&str>,
    ) -> (&'static str, String, String, Option<String>) {
        (code, cell.into(), found.into(), expected.map(Into::into))
    }

    const HEADER: &[&str] = &["服务片区", "协议量", "完成量", "百分比"];

    #[test]
    fn a_truncated_last_digit_is_a_note_not_an_error() {
        let found = check(&[HEADER, &["片区1", "3", "2", "66.66%"]]);
        assert_eq!(found, [finding("R002", "D2", "66.66%", Some("66.67%"))]);
    }

    #[test]
    fn a_rounded_rate_at_its_own_precision_is_consistent() {
        // 2/3 = 66.666…%: "67%" at 0 decimals and "66.7%" at 1 are both right.
        assert!(check(&[
            HEADER,
            &["片区1", "3", "2", "67%"],
            &["片区2", "3", "2", "66.7%"]
        ])
        .is_empty());
    }

    #[test]
    fn a_rate_two_units_off_is_corrected() {
        let found = check(&[HEADER, &["片区1", "3", "2", "66.65%"]]);
        assert_eq!(found, [finding("R001", "D2", "66.65%", Some("66.67%"))]);
    }

    #[test]
    fn a_target_off_by_ten_is_a_scale_error_on_the_target() {
        let found = check(&[HEADER, &["片区1", "5000", "520", "104.00%"]]);
        assert_eq!(found, [finding("S001", "B2", "5000", Some("500"))]);
    }

    #[test]
    fn a_district_off_by_ten_explains_the_total() {
        // 10200 for 1020: the total and the district's rate both say so; flagged once, never corrected.
        let found = check(&[
            HEADER,
            &["片区1", "1350", "1350", "100.00%"],
            &["片区2", "10200", "1061", "104.02%"],
            &["片区3", "650", "650", "100.00%"],
            &["合计", "3020", "3061", "101.36%"],
        ]);
        assert_eq!(found, [finding("S001", "B3", "10200", Some("1020"))]);
    }

    #[test]
    fn fractional_counts_are_suspicious_but_money_may_have_cents() {
        let found = check(&[
            &["服务指标", "协议量", "完成量", "完成率"],
            &["电访", "100", "100.5", "100.50%"],
            &["社会资源链接(元)", "1000", "1000.5", "100.05%"],
        ]);
        assert_eq!(found, [finding("V004", "C2", "100.5", None)]);
    }

    #[test]
    fn unknown_and_misplaced_communities() {
        let found = check(&[
            HEADER,
            &["片区4 (下渡等社区)", "1", "1", "100%"],
            &["片区2 (猎德、竹园等社区)", "1", "1", "100%"],
        ]);
        assert_eq!(
            found,
            [
                finding("N001", "A2", "片区4 (下渡等社区)", None),
                finding("N001", "A3", "片区2 (猎德、竹园等社区)", None),
                finding("N003", "A2", "片区4 (下渡等社区)", None),
            ]
        );
    }

    #[test]
    fn unreadable_figures_and_formula_errors() {
        let mut rows = sheet(&[HEADER, &["片区1", "十", "1", "10%"]]);
        rows.set(CellRef::new(1, 3), Value::Error("#DIV/0!".into()));
        let gazetteer = Gazetteer::chigang();
        let tables = locate::indicator_tables(&rows);
        let ctx = check_indicator_table(Path::new("t.xlsx"), &rows, &tables[0], &gazetteer);
        let codes: Vec<(&str, String)> = ctx
            .findings
            .iter()
            .map(|f| (f.rule.code(), f.location.cell.a1()))
            .collect();
        assert_eq!(
            codes,
            [("V007", "B2".to_string()), ("V008", "D2".to_string())]
        );
    }
}
