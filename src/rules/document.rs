//! Document rules (D): the figures a station's written report states, against
//! its indicator tables and attendance rosters and against each other.
//!
//! Each claim ([`crate::document::claims::Claim`]) is matched to the table
//! figure of the same indicator, measure and scope (the station's total line
//! or a named district). A claim that agrees is counted; one that disagrees is
//! D001, unless the report states the table's figure elsewhere (D003: the
//! report contradicts itself) or repeats a figure the table's own check
//! corrected (D005, related to that finding's cell). A claimed rate is
//! recomputed from the claim's count and the table's target (D002). Staff
//! figures go to the roster (D004). A claim no table figure matches is D006
//! (info), and D007 says how many figures were checked.

use std::path::Path;

use rust_decimal::Decimal;

use crate::codes::Rule;
use crate::document::claims::{Claim, Quantity, Scope, StatedRate};
use crate::findings::{Finding, Location, Message, ReportPlace};
use crate::model::roster::Roster;
use crate::model::{Entity, IndicatorTable, Measurement, Role};
use crate::normalize::names::district_number;
use crate::normalize::values::{format_figure, format_percent, round_half_up};
use crate::normalize::vocab::{match_indicator, INDICATORS};
use crate::workbook::CellRef;
use crate::TableFigures;

/// One workbook checked with the report: its tables, rosters and the findings its own check made.
pub struct Workbook<'a> {
    pub path: &'a Path,
    pub tables: &'a [TableFigures],
    pub rosters: &'a [Roster],
    pub findings: &'a [Finding],
}

/// The indicator whose figure counts the social workers.
const STAFF: &str = crate::rules::cross_file::STAFF_INDICATOR;

/// Verbs and adjectives before an indicator that do not change what is counted
/// ("新登记志愿者", "培育志愿者骨干", "新增志愿者" all count new volunteers).
const COUNTING_VERBS: &[&str] = &[
    "新登记",
    "新培育",
    "新增",
    "新发展",
    "培育",
    "发展",
    "登记",
    "招募",
    "新",
];

/// An indicator with the counting verbs in front of it removed.
fn core(name: &str) -> &str {
    let mut s = name;
    while let Some(v) = COUNTING_VERBS
        .iter()
        .find(|v| s.starts_with(*v) && s.len() > v.len())
    {
        s = &s[v.len()..];
    }
    s
}

/// The canonical indicator a claim's words name, when the vocabulary knows it:
/// an exact synonym, the same words without counting verbs, or a staff count.
pub fn canonical(indicator: &str) -> Option<&'static str> {
    if let Some(m) = match_indicator(indicator) {
        if m.typo_of.is_none() {
            return Some(m.item);
        }
    }
    let c = core(indicator);
    let mut found = INDICATORS.iter().filter(|i| core(i) == c);
    if let (Some(one), None) = (found.next(), found.next()) {
        return Some(one);
    }
    if is_staff_count(indicator) {
        return Some(STAFF);
    }
    None
}

/// "社工", "社工人数", "总人数", "社工总人数", "配备社工": the number of social workers.
fn is_staff_count(indicator: &str) -> bool {
    let s = indicator
        .trim_start_matches("平均")
        .trim_start_matches("配备")
        .trim_start_matches("投入")
        .trim_start_matches("在岗");
    matches!(s, "社工" | "社工人数" | "总人数" | "社工总人数" | "总")
}

/// What a count's unit counts, to tell a table's measures apart: events, sessions,
/// person-times, persons, households, money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitClass {
    Events,
    Sessions,
    PersonTimes,
    Persons,
    Households,
    Money,
    Cases(bool),
}

fn unit_class(word: &str) -> Option<UnitClass> {
    Some(match word {
        "个" | "次" | "场" | "支" | "项" | "宗" | "场次" | "个数" | "次数" | "队" | "组" | "期"
        | "条" | "篇" | "份" => UnitClass::Events,
        "节" | "节数" | "节次" => UnitClass::Sessions,
        "人次" | "户次" => UnitClass::PersonTimes,
        "人" | "名" | "位" | "人数" => UnitClass::Persons,
        "户" | "户数" => UnitClass::Households,
        "元" | "万元" => UnitClass::Money,
        "接案" => UnitClass::Cases(true),
        "结案" => UnitClass::Cases(false),
        _ => return None,
    })
}

/// The names a table measurement is read under: (canonical, as written, its measure word).
/// Split here so that, once the table model keeps the label as written beside
/// the canonical name, only this function changes.
pub fn measurement_names(m: &Measurement) -> (Option<&str>, &str, Option<&str>) {
    // The locator's canonical name where the label is a known indicator, else the label as written.
    let name = m.canonical.as_deref().unwrap_or(&m.indicator);
    let (base, qualifier) = match name.split_once('·') {
        Some((b, q)) => (b, Some(q)),
        None => (name, None),
    };
    let canonical = INDICATORS.iter().find(|i| **i == base).copied();
    (canonical, base, qualifier)
}

/// Whether a claim and a table measurement count the same thing.
pub fn same_indicator(claim: &Claim, m: &Measurement) -> bool {
    let (table_canonical, written, table_qualifier) = measurement_names(m);
    let claim_canonical = canonical(&claim.indicator);
    let named = match (claim_canonical, table_canonical) {
        (Some(c), Some(t)) => c == t,
        _ => compact(&claim.indicator) == compact(written),
    };
    if !named {
        return false;
    }
    let claim_qualifier = claim.qualifier.as_deref().and_then(unit_class);
    let claim_unit = claim
        .quantity
        .as_ref()
        .and_then(|q| q.unit.as_deref())
        .and_then(unit_class);
    match table_qualifier.and_then(unit_class) {
        // The table names its measure: the claim's measure word or unit must agree.
        Some(t) => match claim_qualifier {
            Some(q) => q == t,
            None => claim_unit.is_none_or(|u| u == t),
        },
        // The table does not: a claim that names persons or households of the
        // indicator (入户探访总户数), or counts households (437 户), counts
        // something else; a case kind (结案) does not.
        None => {
            !matches!(
                claim_qualifier,
                Some(UnitClass::Persons | UnitClass::Households)
            ) && claim_unit != Some(UnitClass::Households)
        }
    }
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、')
        .to_string()
}

/// Whether a table line is the one a claim's scope speaks of.
fn same_scope(scope: &Scope, table: &IndicatorTable, line: usize) -> bool {
    let entity = &table.lines[line].entity;
    match scope {
        Scope::Station => match entity {
            Entity::Station => true,
            // The station's total, not a sub-total of some districts.
            Entity::Total => !table.lines.iter().enumerate().any(|(i, other)| {
                i != line && other.entity == Entity::Total && other.parts.contains(&line)
            }),
            _ => false,
        },
        Scope::District(name) => match (entity, district_number(name)) {
            (Entity::District(n), Some(k)) => *n == k,
            _ => false,
        },
        Scope::Place(_) => false,
    }
}

/// A table figure a claim was matched to.
#[derive(Clone, Copy)]
struct Match<'a> {
    workbook: &'a Workbook<'a>,
    figures: &'a TableFigures,
    m: &'a Measurement,
}

impl<'a> Match<'a> {
    fn cell(&self, role: Role) -> Option<CellRef> {
        match role {
            Role::Target => self.m.target,
            Role::Done => self.m.done.or(self.m.count),
            Role::Rate => self.m.rate,
            Role::Count => self.m.count,
        }
    }

    /// The figure as the table's rules read it (corrected derived values included).
    fn value(&self, role: Role) -> Option<Decimal> {
        self.figures.values.get(&self.cell(role)?).copied()
    }

    /// The finding of the workbook's own check that corrected or flagged this cell, if any.
    fn finding(&self, role: Role) -> Option<&'a Finding> {
        let cell = self.cell(role)?;
        self.workbook.findings.iter().find(|f| {
            f.location.cell == cell
                && f.location.sheet == self.figures.table.sheet
                && f.location.report.is_none()
                && f.expected.is_some()
                && f.severity() != crate::codes::Severity::Info
        })
    }

    /// The figure as written, when the workbook's check found it wrong.
    fn written(&self, role: Role) -> Option<Decimal> {
        let f = self.finding(role)?;
        parse_written(&f.found)
    }

    fn location(&self, role: Role) -> Option<Location> {
        Some(Location::new(
            self.workbook.path,
            &self.figures.table.sheet,
            self.cell(role)?,
        ))
    }

    fn cell_name(&self, role: Role) -> String {
        let file = self
            .workbook
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        format!(
            "{file}「{}」{}",
            self.figures.table.sheet,
            self.cell(role).map(|c| c.a1()).unwrap_or_default()
        )
    }
}

/// A figure as a finding shows it ("3000", "103.70%", "1,234"): its value (a per cent as a fraction).
fn parse_written(text: &str) -> Option<Decimal> {
    let t: String = text
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    match t.strip_suffix('%') {
        Some(p) => p.parse::<Decimal>().ok().map(|v| v / Decimal::ONE_HUNDRED),
        None => t.parse().ok(),
    }
}

/// The table figures a claim can be compared with.
fn candidates<'a>(claim: &Claim, workbooks: &'a [Workbook<'a>]) -> Vec<Match<'a>> {
    let mut out = Vec::new();
    for workbook in workbooks {
        for figures in workbook.tables {
            for m in &figures.table.measurements {
                if same_scope(&claim.scope, &figures.table, m.line) && same_indicator(claim, m) {
                    out.push(Match {
                        workbook,
                        figures,
                        m,
                    });
                }
            }
        }
    }
    out
}

/// Whether a stated rate is `done / target` at the precision written (rounded or cut off).
fn rate_agrees(rate: &StatedRate, done: Decimal, target: Decimal) -> bool {
    if target.is_zero() {
        return false;
    }
    let Some(points) = done
        .checked_div(target)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
    else {
        return false;
    };
    let stated = rate.fraction * Decimal::ONE_HUNDRED;
    round_half_up(points, rate.decimals) == stated
        || points.trunc_with_scale(rate.decimals) == stated
}

fn place(claim: &Claim) -> ReportPlace {
    ReportPlace {
        paragraph: Some(claim.paragraph),
        page: claim.page,
        quote: claim.quote.clone(),
    }
}

fn where_zh(claim: &Claim) -> String {
    match claim.page {
        Some(p) => format!("第{p}页第{}段", claim.paragraph),
        None => format!("第{}段", claim.paragraph),
    }
}

fn where_en(claim: &Claim) -> String {
    match claim.page {
        Some(p) => format!("p. {p} ¶{}", claim.paragraph),
        None => format!("¶{}", claim.paragraph),
    }
}

fn scope_zh(scope: &Scope) -> String {
    match scope {
        Scope::Station => "全站".into(),
        Scope::District(d) | Scope::Place(d) => d.clone(),
    }
}

/// How a claim fared.
enum Outcome {
    Agrees,
    Finding(Box<Finding>),
    Unmatched,
}

/// Every D finding for one report's claims against the workbooks given with it.
pub fn check(report: &Path, claims: &[Claim], workbooks: &[Workbook]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let (mut agreed, mut disagreed, mut unmatched) = (0usize, 0usize, 0usize);
    for (i, claim) in claims.iter().enumerate() {
        let outcome = check_claim(report, claims, i, workbooks);
        match outcome {
            Outcome::Agrees => agreed += 1,
            Outcome::Finding(f) => {
                let f = *f;
                disagreed += 1;
                findings.push(f);
            }
            Outcome::Unmatched => {
                unmatched += 1;
                findings.push(unmatched_finding(report, claim));
            }
        }
    }
    let total = claims.len();
    let message = if total == 0 {
        Message::new(
            "报告中未找到可核对的数字（数量加单位或百分比），未作核对",
            "No figures (a number with its unit, or a per cent) found in the report: nothing checked",
        )
    } else {
        Message::new(
            format!("报告中共 {total} 个数字：{agreed} 个与表格一致，{disagreed} 个有问题，{unmatched} 个无法与表格对应"),
            format!("{total} figures in the report: {agreed} agree with the tables, {disagreed} do not, {unmatched} match no table figure"),
        )
    };
    let summary = Finding::new(
        Rule::ReportSummary,
        Location::in_report(
            report,
            ReportPlace {
                paragraph: None,
                page: None,
                quote: String::new(),
            },
        ),
        format!("{agreed}/{total}"),
        message,
    );
    findings.insert(0, summary);
    findings
}

fn unmatched_finding(report: &Path, claim: &Claim) -> Finding {
    let shown = claim_text(claim);
    Finding::new(
        Rule::ReportFigureUnmatched,
        Location::in_report(report, place(claim)),
        shown.clone(),
        Message::new(
            format!("“{shown}”在所给表格中找不到对应的数字，未核对"),
            format!("\"{shown}\" matches no figure of the tables given: not checked"),
        ),
    )
}

/// A claim as a finding shows it: 电话访问 3111 个, 稳岗率 80%.
fn claim_text(claim: &Claim) -> String {
    let mut out = claim.indicator.clone();
    if let Some(q) = &claim.qualifier {
        out.push_str(q);
    }
    if let Some(q) = &claim.quantity {
        out.push(' ');
        out.push_str(&q.written);
    }
    if let Some(r) = &claim.rate {
        out.push(' ');
        out.push_str(&r.written);
    }
    if let Some(s) = &claim.share {
        out.push_str(" 占");
        out.push_str(&s.written);
    }
    out
}

fn check_claim(report: &Path, claims: &[Claim], i: usize, workbooks: &[Workbook]) -> Outcome {
    let claim = &claims[i];
    let Some(q) = &claim.quantity else {
        return match staff::check_rate(report, claim, workbooks) {
            Some(outcome) => outcome,
            None => Outcome::Unmatched,
        };
    };
    if q.approximate {
        return Outcome::Unmatched;
    }
    let found = candidates(claim, workbooks);
    // Of several figures for one claim (two tables, two rows read alike), the one it states.
    let best = found
        .iter()
        .find(|c| c.value(Role::Done) == Some(q.value))
        .or_else(|| {
            found
                .iter()
                .find(|c| c.written(Role::Done) == Some(q.value))
        })
        .or_else(|| {
            // Several figures that differ, none the claim's: which one it means is unknown.
            let first = found.first()?.value(Role::Done);
            found
                .iter()
                .all(|c| c.value(Role::Done) == first)
                .then(|| found.first())
                .flatten()
        });
    let Some(best) = best.copied() else {
        if let Some(outcome) = staff::check_count(report, claim, workbooks) {
            return outcome;
        }
        return match self_contradiction(report, claims, i) {
            Some(f) => Outcome::Finding(Box::new(f)),
            None => Outcome::Unmatched,
        };
    };
    let Some(table) = best.value(Role::Done) else {
        return Outcome::Unmatched;
    };
    if table != q.value {
        if best.written(Role::Done) == Some(q.value) {
            return Outcome::Finding(Box::new(repeats_error(
                report,
                claim,
                &best,
                Role::Done,
                Some(format_figure(table)),
            )));
        }
        return Outcome::Finding(Box::new(disagrees(report, claims, i, &best, table)));
    }
    if let Some(rate) = &claim.rate {
        if let Some(f) = check_rate(report, claim, rate, q, &best) {
            return Outcome::Finding(Box::new(f));
        }
    }
    Outcome::Agrees
}

/// D002 or D005 for a claimed rate of a count that agrees with the table.
fn check_rate(
    report: &Path,
    claim: &Claim,
    rate: &StatedRate,
    q: &Quantity,
    best: &Match,
) -> Option<Finding> {
    let target = best.value(Role::Target)?;
    // No rate is stated against a zero target (V006 says so in the table); none to recompute.
    let ratio = q.value.checked_div(target)?;
    if rate_agrees(rate, q.value, target) {
        return None;
    }
    // The target as written, when the workbook's check corrected it (a wrong 合计).
    if let Some(written_target) = best.written(Role::Target) {
        if rate_agrees(rate, q.value, written_target) {
            let should_be = format_percent(ratio, rate.decimals);
            return Some(repeats_error(
                report,
                claim,
                best,
                Role::Target,
                Some(should_be),
            ));
        }
    }
    // The rate as the table writes it, when the table's own check found that wrong.
    if let Some(f) = best.finding(Role::Rate) {
        let stated = rate.fraction * Decimal::ONE_HUNDRED;
        let written = parse_written(&f.found).and_then(|v| v.checked_mul(Decimal::ONE_HUNDRED));
        if written.is_some_and(|w| round_half_up(w, rate.decimals) == stated) {
            let should_be = format_percent(ratio, rate.decimals);
            return Some(repeats_error(
                report,
                claim,
                best,
                Role::Rate,
                Some(should_be),
            ));
        }
    }
    let expected = format_percent(ratio, rate.decimals);
    let cell = best.cell_name(Role::Target);
    let shown = claim_text(claim);
    let mut finding = Finding::new(
        Rule::ReportRateMismatch,
        Location::in_report(report, place(claim)),
        rate.written.clone(),
        Message::new(
            format!(
                "报告写“{shown}”，但 {} / 协议量 {}（{cell}）= {expected}",
                q.written,
                format_figure(target)
            ),
            format!(
                "the report states \"{shown}\", but {} / target {} ({cell}) = {expected}",
                q.written,
                format_figure(target)
            ),
        ),
    )
    .expected(expected);
    if let Some(l) = best.location(Role::Target) {
        finding = finding.related(l);
    }
    Some(finding)
}

/// D005: the claim states the figure as the table wrote it, and the table's own check found that wrong.
fn repeats_error(
    report: &Path,
    claim: &Claim,
    best: &Match,
    role: Role,
    should_be: Option<String>,
) -> Finding {
    let shown = claim_text(claim);
    let own = best.finding(role);
    let (rule_code, found, expected, at) = match own {
        Some(f) => (
            f.rule.code(),
            f.found.clone(),
            f.expected.clone().unwrap_or_default(),
            f.location.clone(),
        ),
        None => (
            "",
            String::new(),
            String::new(),
            Location::new(
                best.workbook.path,
                &best.figures.table.sheet,
                CellRef { row: 0, col: 0 },
            ),
        ),
    };
    let cell = best.cell_name(role);
    let (what_zh, what_en) = match role {
        Role::Target => ("协议量", "target"),
        Role::Rate => ("完成率", "rate"),
        _ => ("数字", "figure"),
    };
    let finding = Finding::new(
        Rule::ReportRepeatsTableError,
        Location::in_report(report, place(claim)),
        shown.clone(),
        Message::new(
            format!(
                "报告写“{shown}”，与表格所写一致，但沿用了表格中有误的{what_zh}：{cell} 写为 {found}，应为 {expected}（见 {rule_code}），报告中的数字应随之更正"
            ),
            format!(
                "the report states \"{shown}\", as the table writes it, but repeats the table's wrong {what_en}: {cell} is {found}, should be {expected} (see {rule_code}); the report's figure should be corrected with it"
            ),
        ),
    )
    .related(at);
    match should_be {
        Some(value) => finding.expected(value),
        None => finding,
    }
}

/// D001 (or D003 when the report states the table's figure elsewhere).
fn disagrees(report: &Path, claims: &[Claim], i: usize, best: &Match, table: Decimal) -> Finding {
    let claim = &claims[i];
    let shown = claim_text(claim);
    let cell = best.cell_name(Role::Done);
    let table_text = format_figure(table);
    let scope = scope_zh(&claim.scope);
    let elsewhere = claims.iter().find(|other| {
        other.quantity.as_ref().map(|q| q.value) == Some(table) && same_quantity(other, claim)
    });
    let mut finding = match elsewhere {
        Some(other) => Finding::new(
            Rule::ReportInconsistent,
            Location::in_report(report, place(claim)),
            shown.clone(),
            Message::new(
                format!(
                    "报告此处写“{shown}”，但{}写“{}”，表格（{cell}）为 {table_text}",
                    where_zh(other),
                    claim_text(other)
                ),
                format!(
                    "the report states \"{shown}\" here but \"{}\" at {}; the table ({cell}) has {table_text}",
                    claim_text(other),
                    where_en(other)
                ),
            ),
        ),
        None => Finding::new(
            Rule::ReportFigureMismatch,
            Location::in_report(report, place(claim)),
            shown.clone(),
            Message::new(
                format!("报告写“{shown}”，但表格{scope}为 {table_text}（{cell}）"),
                format!("the report states \"{shown}\", but the table has {table_text} ({cell})"),
            ),
        ),
    }
    .expected(table_text);
    if let Some(l) = best.location(Role::Done) {
        finding = finding.related(l);
    }
    finding
}

/// Whether two claims state the same quantity: the same known indicator, measure and scope.
fn same_quantity(a: &Claim, b: &Claim) -> bool {
    let class = |c: &Claim| {
        c.qualifier
            .as_deref()
            .and_then(unit_class)
            .or_else(|| c.quantity.as_ref()?.unit.as_deref().and_then(unit_class))
    };
    let known = canonical(&a.indicator);
    known.is_some()
        && known == canonical(&b.indicator)
        && class(a) == class(b)
        && a.scope == b.scope
        // Figures stated at two different dates may both be right.
        && a.period.zip(b.period).is_none_or(|(x, y)| x == y)
        && a.quantity.as_ref().is_some_and(|q| !q.approximate)
        && b.quantity.as_ref().is_some_and(|q| !q.approximate)
}

/// D003 for a claim no table figure matches, when the report states the same quantity differently before it.
fn self_contradiction(report: &Path, claims: &[Claim], i: usize) -> Option<Finding> {
    let claim = &claims[i];
    let value = claim.quantity.as_ref()?.value;
    let other = claims[..i].iter().find(|o| {
        same_quantity(o, claim) && o.quantity.as_ref().is_some_and(|q| q.value != value)
    })?;
    let shown = claim_text(claim);
    Some(
        Finding::new(
            Rule::ReportInconsistent,
            Location::in_report(report, place(claim)),
            shown.clone(),
            Message::new(
                format!(
                    "报告此处写“{shown}”，但{}写“{}”",
                    where_zh(other),
                    claim_text(other)
                ),
                format!(
                    "the report states \"{shown}\" here but \"{}\" at {}",
                    claim_text(other),
                    where_en(other)
                ),
            ),
        )
        .related(Location::in_report(report, place(other))),
    )
}

/// Staff figures against the roster (D004): social workers, certified, person-months, retention.
mod staff {
    use std::collections::HashSet;

    use super::*;
    use crate::model::roster::{Category, StatedKind};

    /// What a staff claim counts, as the roster can recompute it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Listed,
        Certified,
        Uncertified,
        /// 实到 / 实际到岗 人次: the 人员 ticks of the year.
        Actual,
        /// 持续在岗: on duty in the first month and still in the last reported one.
        Kept,
        /// 稳岗率.
        Retention,
        /// 持证率, or a certified count's share of all.
        CertifiedShare,
    }

    fn kind(claim: &Claim) -> Option<Kind> {
        let text = &*claim.indicator;
        let person_times = claim
            .quantity
            .as_ref()
            .and_then(|q| q.unit.as_deref())
            .is_some_and(|u| u == "人次");
        Some(if claim.quantity.is_none() {
            if text.ends_with("稳岗率") {
                Kind::Retention
            } else if text.ends_with("持证率") {
                Kind::CertifiedShare
            } else {
                return None;
            }
        } else if person_times {
            if text.ends_with("到岗") || text.ends_with("实到") {
                Kind::Actual
            } else {
                return None;
            }
        } else if text.contains("非持证") {
            Kind::Uncertified
        } else if text.contains("持证") && text.ends_with("社工") {
            Kind::Certified
        } else if text.contains("持续在岗") || text.contains("稳定在岗") {
            Kind::Kept
        } else if canonical(text) == Some(STAFF) {
            Kind::Listed
        } else {
            return None;
        })
    }

    /// The roster's figure for a kind, recomputed from its rows, with the cell that states it.
    fn figure(roster: &Roster, kind: Kind) -> Option<(Decimal, Option<CellRef>)> {
        let mut seen = HashSet::new();
        let people: Vec<_> = roster
            .staff
            .iter()
            .filter(|s| seen.insert(s.name.clone()))
            .collect();
        let categorised = people.iter().all(|s| s.category.is_some());
        let count = |c: Category| people.iter().filter(|s| s.category == Some(c)).count();
        let stated = |k: StatedKind| roster.stated(k).map(|s| s.cell);
        let retention = || {
            let first = roster.months.first()?.month;
            let last = roster.last_reported_month()?;
            let base: Vec<_> = roster.on_duty(first).collect();
            let kept = base.iter().filter(|s| s.on_duty(last)).count();
            Some((kept, base.len()))
        };
        Some(match kind {
            Kind::Listed => (Decimal::from(people.len()), None),
            Kind::Certified if categorised => (Decimal::from(count(Category::Certified)), None),
            Kind::Uncertified if categorised => (Decimal::from(count(Category::Uncertified)), None),
            Kind::Certified | Kind::Uncertified => return None,
            Kind::Actual => {
                let ticks: usize = roster
                    .months
                    .iter()
                    .map(|m| roster.on_duty(m.month).count())
                    .sum();
                (Decimal::from(ticks), stated(StatedKind::Actual))
            }
            Kind::Kept => (Decimal::from(retention()?.0), None),
            Kind::Retention => {
                let (kept, base) = retention()?;
                if base == 0 {
                    return None;
                }
                (
                    Decimal::from(kept) / Decimal::from(base),
                    stated(StatedKind::Retention),
                )
            }
            Kind::CertifiedShare => {
                if !categorised || people.is_empty() {
                    return None;
                }
                (
                    Decimal::from(count(Category::Certified)) / Decimal::from(people.len()),
                    stated(StatedKind::CertifiedShare),
                )
            }
        })
    }

    /// Other counts a report may mean by a head count: those on duty in the
    /// first or the last reported month, the most in any month, the monthly
    /// average rounded ("平均配备社工 21 名"). A claim is only wrong when it is none of them.
    fn other_readings(roster: &Roster, kind: Kind) -> Vec<Decimal> {
        let wanted = |s: &&crate::model::roster::Staff| match kind {
            Kind::Listed => true,
            Kind::Certified => s.category == Some(Category::Certified),
            Kind::Uncertified => s.category == Some(Category::Uncertified),
            _ => false,
        };
        if !matches!(kind, Kind::Listed | Kind::Certified | Kind::Uncertified) {
            return Vec::new();
        }
        let monthly: Vec<usize> = roster
            .months
            .iter()
            .map(|m| roster.on_duty(m.month).filter(wanted).count())
            .filter(|&n| n > 0)
            .collect();
        let mut out: Vec<Decimal> = [monthly.first(), monthly.last(), monthly.iter().max()]
            .into_iter()
            .flatten()
            .map(|&n| Decimal::from(n))
            .collect();
        if !monthly.is_empty() {
            let sum: usize = monthly.iter().sum();
            out.push(round_half_up(
                Decimal::from(sum) / Decimal::from(monthly.len()),
                0,
            ));
        }
        out
    }

    /// The roster a report's staff claims are checked against: the first one given.
    fn roster<'a>(workbooks: &'a [Workbook]) -> Option<(&'a Workbook<'a>, &'a Roster)> {
        workbooks.iter().find_map(|w| {
            w.rosters
                .iter()
                .find(|r| !r.staff.is_empty())
                .map(|r| (w, r))
        })
    }

    /// The roster check's own finding at a stated cell, if it found the figure wrong.
    fn own_finding<'a>(
        workbook: &'a Workbook,
        roster: &Roster,
        cell: CellRef,
    ) -> Option<&'a Finding> {
        workbook.findings.iter().find(|f| {
            f.location.report.is_none()
                && f.location.sheet == roster.sheet
                && f.location.cell == cell
                && f.expected.is_some()
        })
    }

    fn roster_name(workbook: &Workbook, roster: &Roster) -> String {
        let file = workbook
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        format!("{file}「{}」", roster.sheet)
    }

    /// A claimed figure (a count, or a rate as a fraction at `decimals`) against the roster's.
    fn compare(
        report: &Path,
        claim: &Claim,
        workbooks: &[Workbook],
        kind: Kind,
        claimed: Decimal,
        shown_value: &str,
        rate_decimals: Option<u32>,
    ) -> Option<Outcome> {
        let (workbook, roster) = roster(workbooks)?;
        let (value, cell) = figure(roster, kind)?;
        let agrees = |v: Decimal| match rate_decimals {
            Some(d) => {
                let (Some(points), Some(stated)) = (
                    v.checked_mul(Decimal::ONE_HUNDRED),
                    claimed.checked_mul(Decimal::ONE_HUNDRED),
                ) else {
                    return false;
                };
                round_half_up(points, d) == stated || points.trunc_with_scale(d) == stated
            }
            None => v == claimed,
        };
        if agrees(value) || other_readings(roster, kind).into_iter().any(agrees) {
            return Some(Outcome::Agrees);
        }
        let shown = claim_text(claim);
        let name = roster_name(workbook, roster);
        // The report repeats what the roster states, and the roster's own check found that wrong.
        if let Some(f) = cell.and_then(|c| own_finding(workbook, roster, c)) {
            if parse_written(&f.found).is_some_and(agrees) {
                let expected = f.expected.clone().unwrap_or_default();
                let at = f.location.a1_or_place();
                return Some(Outcome::Finding(Box::new(
                    Finding::new(
                        Rule::ReportRepeatsTableError,
                        Location::in_report(report, place(claim)),
                        shown_value.to_string(),
                        Message::new(
                            format!(
                                "报告写“{shown}”，与到岗情况表（{name}{at}）所写一致，但该表此数有误，应为 {expected}（见 {}），报告中的数字应随之更正",
                                f.rule.code()
                            ),
                            format!(
                                "the report states \"{shown}\", as the roster ({name}{at}) writes it, but the roster's figure is wrong, should be {expected} (see {}); the report's figure should be corrected with it",
                                f.rule.code()
                            ),
                        ),
                    )
                    .related(f.location.clone())
                    .expected(expected),
                )));
            }
        }
        let expected = match rate_decimals {
            Some(d) => format_percent(value, d),
            None => format_figure(value),
        };
        let what = match kind {
            Kind::Listed => ("在册社工", "staff listed"),
            Kind::Certified => ("持证社工", "certified staff"),
            Kind::Uncertified => ("非持证社工", "uncertified staff"),
            Kind::Actual => (
                "实到人次（全年「人员」勾选数）",
                "person-months on duty (the year's duty ticks)",
            ),
            Kind::Kept => (
                "首月在岗且至最后填报月仍在岗的人数",
                "staff on duty in the first month and still in the last",
            ),
            Kind::Retention => ("稳岗率", "retention"),
            Kind::CertifiedShare => ("持证率", "certified share"),
        };
        let related = cell
            .or_else(|| roster.staff.first().map(|s| s.name_cell))
            .map(|c| Location::new(workbook.path, &roster.sheet, c));
        let mut finding = Finding::new(
            Rule::ReportStaffMismatch,
            Location::in_report(report, place(claim)),
            shown_value.to_string(),
            Message::new(
                format!(
                    "报告写“{shown}”，但到岗情况表（{name}）{}为 {expected}",
                    what.0
                ),
                format!(
                    "the report states \"{shown}\", but the roster ({name}) gives {} = {expected}",
                    what.1
                ),
            ),
        )
        .expected(expected);
        if let Some(l) = related {
            finding = finding.related(l);
        }
        Some(Outcome::Finding(Box::new(finding)))
    }

    /// A staff count no table figure matched: against the roster; its share, if stated, too.
    pub(super) fn check_count(
        report: &Path,
        claim: &Claim,
        workbooks: &[Workbook],
    ) -> Option<Outcome> {
        let kind = kind(claim)?;
        let q = claim.quantity.as_ref()?;
        let outcome = compare(report, claim, workbooks, kind, q.value, &q.written, None)?;
        if !matches!(outcome, Outcome::Agrees) {
            return Some(outcome);
        }
        match (&claim.share, kind) {
            (Some(share), Kind::Certified) => compare(
                report,
                claim,
                workbooks,
                Kind::CertifiedShare,
                share.fraction,
                &share.written,
                Some(share.decimals),
            )
            .or(Some(outcome)),
            _ => Some(outcome),
        }
    }

    /// A rate claimed on its own (稳岗率 80%): against the roster.
    pub(super) fn check_rate(
        report: &Path,
        claim: &Claim,
        workbooks: &[Workbook],
    ) -> Option<Outcome> {
        let kind = kind(claim)?;
        let rate = claim.rate.as_ref()?;
        compare(
            report,
            claim,
            workbooks,
            kind,
            rate.fraction,
            &rate.written,
            Some(rate.decimals),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::claims::paragraph_claims;
    use crate::document::Paragraph;

    fn claim(text: &str) -> Claim {
        let p = Paragraph {
            number: 1,
            page: None,
            text: text.into(),
        };
        paragraph_claims(&p, None).remove(0)
    }

    #[test]
    fn indicators_are_known_by_synonym_and_without_counting_verbs() {
        assert_eq!(canonical("电话访问"), Some("电访"));
        assert_eq!(canonical("探访"), Some("入户探访"));
        assert_eq!(canonical("新登记志愿者"), Some("新增志愿者"));
        assert_eq!(canonical("新培育志愿者"), Some("新增志愿者"));
        assert_eq!(canonical("培育志愿者骨干"), Some("新增志愿者骨干"));
        assert_eq!(canonical("社工"), Some(STAFF));
        assert_eq!(canonical("总人数"), Some(STAFF));
        assert_eq!(canonical("持证社工"), None);
        assert_eq!(canonical("维系志愿团队"), None);
        assert_eq!(canonical("志愿者建档"), None);
    }

    #[test]
    fn a_claim_meets_the_measure_its_unit_names() {
        let m = |name: &str| Measurement {
            line: 0,
            indicator: name.into(),
            target: None,
            done: None,
            rate: None,
            count: None,
            canonical: None,
            periods: Vec::new(),
            unit: None,
        };
        let sessions = claim("完成专业小组 20 个，120 节");
        assert!(same_indicator(&sessions, &m("专业小组·个数")));
        assert!(!same_indicator(&sessions, &m("专业小组·节数")));
        assert!(same_indicator(
            &claim("咨询个案结案 40 个，"),
            &m("咨询个案")
        ));
        assert!(same_indicator(
            &claim("专业个案接案 60 个，"),
            &m("专业个案·接案")
        ));
        assert!(!same_indicator(
            &claim("专业个案接案 60 个，"),
            &m("专业个案·结案")
        ));
        assert!(!same_indicator(
            &claim("入户探访总户数1360户，"),
            &m("入户探访")
        ));
        assert!(same_indicator(
            &claim("志愿者建档 177 份，"),
            &m("志愿者建档")
        ));
    }

    fn rules_of(text: &str) -> Vec<&'static str> {
        let document = crate::document::Document {
            path: "r.txt".into(),
            paragraphs: crate::document::join_blocks(crate::document::text_blocks(text)),
        };
        let claims = crate::document::claims::extract(&document);
        check(Path::new("r.txt"), &claims, &[])
            .iter()
            .map(|f| f.rule.code())
            .collect()
    }

    #[test]
    fn one_quantity_stated_twice_differently_unless_at_two_dates() {
        assert_eq!(
            rules_of("新登记志愿者 150 名。\n社工站新培育志愿者 230 人。\n"),
            ["D007", "D006", "D003"]
        );
        assert_eq!(
            rules_of("截至 2024 年 3 月 31 日，新登记志愿者 100 名。\n截至 2024 年 5 月 30 日，新登记志愿者 150 名。\n"),
            ["D007", "D006", "D006"]
        );
        // Different things with the same words are not compared: money received twice.
        assert_eq!(
            rules_of("2022 年 4 月收到政府购买服务资金 1320000 元，2023 年 4 月收到政府购买服务资金 120000 元。\n"),
            ["D007", "D006", "D006"]
        );
    }

    #[test]
    fn rates_agree_rounded_or_cut_off_at_the_precision_written() {
        let r = |p: &str, d: u32| StatedRate {
            fraction: p.parse::<Decimal>().expect("decimal") / Decimal::ONE_HUNDRED,
            decimals: d,
            written: format!("{p}%"),
        };
        let n = |v: i64| Decimal::from(v);
        assert!(rate_agrees(&r("126", 0), n(2403), n(1900)));
        assert!(rate_agrees(&r("103.70", 2), n(3111), n(3000)));
        assert!(!rate_agrees(&r("103.70", 2), n(3111), n(3020)));
        assert!(rate_agrees(&r("72.7", 1), n(618), n(850)));
    }
}
