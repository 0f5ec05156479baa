//! Roster rules (A001–A013): stated totals and rates against the ticks, ticks
//! against departures and contracts, pay against duty, staffing against posts;
//! marks read from the sheet's legend (A012), marks nothing explains (A010) and
//! tick columns whose role nothing settles (A013). A total is corrected only
//! from columns whose every mark is read.
//!
//! Ticks and names are source values and are never changed; stated totals and
//! rates are derived and corrected with a formula over the tick columns.
//! Messages name a person's row, never the person (only A008 shows the name,
//! as the duplicated name is its evidence).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rust_decimal::Decimal;

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Location, Message};
use crate::model::roster::{Category, MarkSource, Roster, Staff, StatedKind, TickKind, TotalBasis};
use crate::normalize::values::{
    self, format_figure, format_percent, round_half_up, DepartureKind, Parsed, Tick, YearMonth,
};
use crate::rules::rates::percent_format;
use crate::workbook::{CellRef, Sheet, Value};

/// Where the contracted number of posts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostsSource {
    /// `--posts N`.
    Option,
    /// A labelled cell (协议岗位数) or a text ("19个岗位").
    Cell(CellRef),
    /// The stated 应到 divided by the months of the service year.
    Required(CellRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posts {
    pub count: u32,
    pub source: PostsSource,
}

impl Posts {
    fn why(&self) -> (String, String) {
        match self.source {
            PostsSource::Option => ("--posts".to_string(), "--posts".to_string()),
            PostsSource::Cell(c) => (format!("见 {c}"), format!("from {c}")),
            PostsSource::Required(c) => (
                format!("由 {c} 应到人次推算"),
                format!("from the required person-months in {c}"),
            ),
        }
    }
}

struct Ctx<'a> {
    file: &'a Path,
    sheet: &'a Sheet,
    roster: &'a Roster,
    findings: Vec<Finding>,
    /// (staff row, month) pairs already explained by a departure or the contract.
    explained: HashSet<(u32, YearMonth)>,
}

impl Ctx<'_> {
    fn location(&self, cell: CellRef) -> Location {
        Location::new(self.file, &self.sheet.name, cell)
    }

    fn written(&self, cell: CellRef) -> String {
        self.sheet.get(cell).to_string().trim().to_string()
    }

    fn figure(&self, cell: CellRef) -> Option<Decimal> {
        figure_at(self.sheet, cell)
    }

    fn count_yes(&self, month: YearMonth, kind: TickKind) -> u32 {
        let n = self
            .roster
            .staff
            .iter()
            .filter_map(|s| s.month(month))
            .filter(|m| m.is_yes(kind))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Marks in a month's tick column that are neither yes nor no.
    fn count_unknown(&self, month: YearMonth, kind: TickKind) -> u32 {
        let n = self
            .roster
            .staff
            .iter()
            .filter_map(|s| s.month(month).and_then(|m| m.tick(kind)))
            .filter(|t| matches!(t.tick, Tick::Unknown(_)))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// Runs every roster rule; `posts` is `--posts`, which wins over the workbook.
pub fn check_roster(
    file: &Path,
    sheet: &Sheet,
    roster: &Roster,
    posts: Option<u32>,
) -> Vec<Finding> {
    let mut ctx = Ctx {
        file,
        sheet,
        roster,
        findings: Vec::new(),
        explained: HashSet::new(),
    };
    undecided_columns(&mut ctx);
    read_marks(&mut ctx);
    unknown_ticks(&mut ctx);
    duplicates(&mut ctx);
    missing_months(&mut ctx);
    for staff in &roster.staff {
        after_departure(&mut ctx, staff);
        outside_contract(&mut ctx, staff);
        pay_and_duty(&mut ctx, staff);
    }
    month_totals(&mut ctx);
    let posts = contracted_posts(sheet, roster, posts);
    if let Some(posts) = posts {
        understaffed(&mut ctx, posts);
    }
    stated_figures(&mut ctx, posts);
    ctx.findings
}

/// The contracted posts: `--posts`, else the workbook's 协议岗位数 or "N个岗位",
/// else the stated 应到 divided by the months of the service year when it divides evenly.
pub fn contracted_posts(sheet: &Sheet, roster: &Roster, option: Option<u32>) -> Option<Posts> {
    if let Some(count) = option {
        return Some(Posts {
            count,
            source: PostsSource::Option,
        });
    }
    let whole = |d: Decimal| -> Option<u32> {
        if d <= Decimal::ZERO || !d.fract().is_zero() {
            return None;
        }
        u32::try_from(d.normalize().mantissa()).ok()
    };
    if let Some(stated) = roster.stated(StatedKind::Posts) {
        if let Some(count) = figure_at(sheet, stated.cell).and_then(whole) {
            return Some(Posts {
                count,
                source: PostsSource::Cell(stated.cell),
            });
        }
    }
    if let Some((count, cell)) = roster.posts_in_text {
        return Some(Posts {
            count,
            source: PostsSource::Cell(cell),
        });
    }
    let required = roster.stated(StatedKind::Required)?;
    let value = figure_at(sheet, required.cell)?;
    let count = whole(value / Decimal::from(service_months(roster)))?;
    Some(Posts {
        count,
        source: PostsSource::Required(required.cell),
    })
}

fn figure_at(sheet: &Sheet, cell: CellRef) -> Option<Decimal> {
    match values::parse_figure(sheet.get(cell), sheet.number_format(cell)) {
        Parsed::Ok(f) => Some(f.value),
        _ => None,
    }
}

/// Months of the service year: the stated service period, else twelve.
fn service_months(roster: &Roster) -> u32 {
    roster
        .period
        .and_then(|(first, last)| u32::try_from(first.months_until(last) + 1).ok())
        .unwrap_or(12)
}

fn row_of(cell: CellRef) -> u32 {
    cell.row + 1
}

/// A month in English messages: 2023-07 (the Chinese ones say 2023年7月).
pub fn en(month: YearMonth) -> String {
    format!("{}-{:02}", month.year, month.month)
}

// ---------------------------------------------------------------------------
// A010, A008, A009

/// Related cells listed with a finding about a mark; the message gives the full count.
const MAX_RELATED_CELLS: usize = 50;

/// A010: one finding per distinct mark that is neither yes nor no, at its first cell.
fn unknown_ticks(ctx: &mut Ctx) {
    let mut marks: Vec<(String, String, Vec<CellRef>)> = Vec::new();
    for staff in &ctx.roster.staff {
        for m in &staff.months {
            for kind in TickKind::ALL {
                let Some(tick) = m.tick(kind) else { continue };
                let Tick::Unknown(text) = &tick.tick else {
                    continue;
                };
                let key = values::tick_key(text);
                match marks.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, cells)) => cells.push(tick.cell),
                    None => marks.push((key, text.trim().to_string(), vec![tick.cell])),
                }
            }
        }
    }
    for (_, text, cells) in marks {
        let Some(&first) = cells.first() else {
            continue;
        };
        let n = cells.len();
        let message = Message::new(
            format!(
                "标记「{text}」既不是勾（√ ✓ 是 1）也不是空（—— 否 空白），表内亦无图例说明，共 {n} 处（首见 {first}），未计入合计，含此标记的月度合计未作更正"
            ),
            format!(
                "The mark \"{text}\" is neither a tick (√ ✓ 是 1) nor a blank (—— 否 empty) and no legend on the sheet explains it: {n} cell(s), first {first}; not counted, and no total counting its column was corrected"
            ),
        );
        let mut finding =
            Finding::new(Rule::UnknownTick, ctx.location(first), text, message).expected("√ / ——");
        for cell in cells.iter().skip(1).take(MAX_RELATED_CELLS) {
            finding = finding.related(ctx.location(*cell));
        }
        ctx.findings.push(finding);
    }
}

/// A012: marks read from the sheet's legend or its totals, one note per mark.
fn read_marks(ctx: &mut Ctx) {
    for reading in &ctx.roster.marks {
        let Some(&first) = reading.cells.first() else {
            continue;
        };
        let n = reading.cells.len();
        let (yes_zh, yes_en) = match reading.tick {
            Tick::Yes => ("是（已勾选）", "yes"),
            _ => ("否（未勾选）", "no"),
        };
        let mark = &reading.mark;
        let (at, message) = match reading.source {
            MarkSource::Legend(cell) => (
                cell,
                Message::new(
                    format!("按表内图例（{cell}）将标记「{mark}」读作{yes_zh}，共 {n} 处（首见 {first}）"),
                    format!("The mark \"{mark}\" is read as {yes_en} by the sheet's legend ({cell}): {n} cell(s), first {first}"),
                ),
            ),
            MarkSource::Totals => (
                first,
                Message::new(
                    format!("表内无图例；只有将标记「{mark}」读作{yes_zh}，各月合计才全部相符，故如此读取，共 {n} 处"),
                    format!("No legend on the sheet; only reading the mark \"{mark}\" as {yes_en} makes every stated total hold, so it is read so: {n} cell(s)"),
                ),
            ),
        };
        let mut finding = Finding::new(
            Rule::TickLegendMark,
            ctx.location(at),
            mark.clone(),
            message,
        );
        if at != first {
            finding = finding.related(ctx.location(first));
        }
        ctx.findings.push(finding);
    }
}

/// A013: tick columns whose role neither word nor position decides.
fn undecided_columns(ctx: &mut Ctx) {
    for column in &ctx.roster.undecided {
        let word = &column.word;
        let (month_zh, month_en) = column.month.map_or((String::new(), String::new()), |m| {
            (format!("{m} "), format!("{} ", en(m)))
        });
        let message = Message::new(
            format!(
                "{month_zh}栏目「{word}」下为勾选标记，但无法判断其为人员、社保还是工资栏（词不在词族中，位置也不能确定），该栏未读取，相关检查未执行"
            ),
            format!(
                "{month_en}column \"{word}\" holds ticks, but neither its word nor its position tells whether it is duty, insurance or salary: not read, its checks not run"
            ),
        );
        ctx.findings.push(Finding::new(
            Rule::TickRoleUndecided,
            ctx.location(column.header),
            word.clone(),
            message,
        ));
    }
}

fn duplicates(ctx: &mut Ctx) {
    let mut first: HashMap<String, CellRef> = HashMap::new();
    for staff in &ctx.roster.staff {
        let key: String = crate::normalize::vocab::normalize(&staff.name)
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            None => {
                first.insert(key, staff.name_cell);
            }
            Some(&earlier) => {
                let message = Message::new(
                    format!(
                        "第 {} 行与第 {} 行姓名相同，同一人员重复列出，其勾选可能被重复计数",
                        row_of(staff.name_cell),
                        row_of(earlier)
                    ),
                    format!(
                        "Row {} has the same name as row {}: one person listed twice, whose ticks may be counted twice",
                        row_of(staff.name_cell),
                        row_of(earlier)
                    ),
                );
                let finding = Finding::new(
                    Rule::DuplicateStaff,
                    ctx.location(staff.name_cell),
                    staff.name.clone(),
                    message,
                )
                .related(ctx.location(earlier));
                ctx.findings.push(finding);
            }
        }
    }
}

/// A009: a month between the first and the last of the header, or of the stated service period, with no columns.
fn missing_months(ctx: &mut Ctx) {
    let months = &ctx.roster.months;
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return;
    };
    let (mut from, mut to) = (first.month.min(last.month), first.month.max(last.month));
    if let Some((start, end)) = ctx.roster.period {
        from = from.min(start);
        to = to.max(end);
    }
    // A header spanning years is a typo in a month, not a hundred missing months.
    if from.months_until(to) >= 24 {
        return;
    }
    let present: HashSet<YearMonth> = months.iter().map(|m| m.month).collect();
    let mut month = from;
    while month <= to {
        if !present.contains(&month) {
            // Point at the header the missing month should precede, or the last one.
            let next = months
                .iter()
                .filter(|m| m.month > month)
                .min_by_key(|m| m.month)
                .or(months.iter().max_by_key(|m| m.month));
            if let Some(next) = next {
                let message = Message::new(
                    format!("服务年度 {from}至{to} 缺少 {month} 的人员、社保、工资栏"),
                    format!(
                        "The service year {} to {} has no columns for {}",
                        en(from),
                        en(to),
                        en(month)
                    ),
                );
                let finding = Finding::new(
                    Rule::MonthMissing,
                    ctx.location(next.header),
                    ctx.written(next.header),
                    message,
                )
                .expected(month.to_string());
                ctx.findings.push(finding);
            }
        }
        month = month.next();
    }
}

// ---------------------------------------------------------------------------
// A002, A003, A004–A006

fn after_departure(ctx: &mut Ctx, staff: &Staff) {
    let Some(departure) = staff.departure else {
        return;
    };
    let left = departure.date.year_month();
    let (what_zh, what_en) = match departure.kind {
        DepartureKind::Left => ("离职", "left"),
        DepartureKind::Transferred => ("调离", "was transferred"),
    };
    for m in staff.months.iter().filter(|m| m.month > left) {
        for kind in TickKind::ALL {
            let Some(tick) = m.tick(kind).filter(|t| t.is_yes()) else {
                continue;
            };
            let message = Message::new(
                format!(
                    "第 {} 行人员已于 {} {what_zh}（备注 {}），{}「{}」仍有勾选",
                    row_of(tick.cell),
                    departure.date,
                    departure.cell,
                    m.month,
                    kind.zh()
                ),
                format!(
                    "Row {}: the person {what_en} on {} (note {}), yet {} {} is ticked",
                    row_of(tick.cell),
                    departure.date,
                    departure.cell,
                    en(m.month),
                    kind.en()
                ),
            );
            let finding = Finding::new(
                Rule::TickAfterDeparture,
                ctx.location(tick.cell),
                ctx.written(tick.cell),
                message,
            )
            .related(ctx.location(departure.cell));
            ctx.findings.push(finding);
            ctx.explained.insert((staff.row, m.month));
        }
    }
}

fn outside_contract(ctx: &mut Ctx, staff: &Staff) {
    let (Some((start, end)), Some(contract_cell)) = (staff.contract, staff.contract_cell) else {
        return;
    };
    let (first, last) = (start.year_month(), end.year_month());
    for m in &staff.months {
        if (first..=last).contains(&m.month) || ctx.explained.contains(&(staff.row, m.month)) {
            continue;
        }
        for kind in TickKind::ALL {
            let Some(tick) = m.tick(kind).filter(|t| t.is_yes()) else {
                continue;
            };
            let message = Message::new(
                format!(
                    "第 {} 行合同期限 {start}至{end}（{contract_cell}）之外的 {}「{}」有勾选",
                    row_of(tick.cell), m.month, kind.zh()
                ),
                format!(
                    "Row {}: {} {} is ticked outside the contract period {start} to {end} ({contract_cell})",
                    row_of(tick.cell), en(m.month), kind.en()
                ),
            );
            let finding = Finding::new(
                Rule::TickOutsideContract,
                ctx.location(tick.cell),
                ctx.written(tick.cell),
                message,
            )
            .related(ctx.location(contract_cell));
            ctx.findings.push(finding);
            ctx.explained.insert((staff.row, m.month));
        }
    }
}

/// A004 salary without insurance, A005 insurance without salary, A006 salary without duty.
fn pay_and_duty(ctx: &mut Ctx, staff: &Staff) {
    for m in &staff.months {
        if ctx.explained.contains(&(staff.row, m.month)) {
            continue;
        }
        let checks = [
            (
                Rule::SalaryWithoutInsurance,
                TickKind::Salary,
                TickKind::Insurance,
            ),
            (
                Rule::InsuranceWithoutSalary,
                TickKind::Insurance,
                TickKind::Salary,
            ),
            (Rule::SalaryWithoutDuty, TickKind::Salary, TickKind::Duty),
        ];
        for (rule, present, absent) in checks {
            let (Some(yes), Some(empty)) = (m.tick(present), m.tick(absent)) else {
                continue;
            };
            if !yes.is_yes() || empty.tick != Tick::No {
                continue;
            }
            let message = Message::new(
                format!(
                    "第 {} 行 {}「{}」已勾选（{}），但「{}」未勾选",
                    row_of(empty.cell),
                    m.month,
                    present.zh(),
                    yes.cell,
                    absent.zh()
                ),
                format!(
                    "Row {}, {}: {} is ticked ({}) but {} is not",
                    row_of(empty.cell),
                    en(m.month),
                    present.en(),
                    yes.cell,
                    absent.en()
                ),
            );
            // The empty cell is the one that is wrong (or the tick beside it is).
            let finding = Finding::new(
                rule,
                ctx.location(empty.cell),
                ctx.written(empty.cell),
                message,
            )
            .expected("√")
            .related(ctx.location(yes.cell));
            ctx.findings.push(finding);
        }
    }
}

// ---------------------------------------------------------------------------
// A001, A007

/// `COUNTIF` over the staff rows of one column, once per tick form used there.
fn countif(roster: &Roster, sheet: &Sheet, col: u32) -> String {
    let forms = yes_forms(roster, sheet, col);
    let letters = CellRef::col_letters(col);
    let mut parts = Vec::new();
    for (first, last) in &roster.staff_runs {
        for form in &forms {
            parts.push(format!(
                "COUNTIF({letters}{}:{letters}{},{form})",
                first + 1,
                last + 1
            ));
        }
    }
    parts.join("+")
}

/// The forms a yes tick takes in a column, as formula criteria, one per case-insensitive spelling.
fn yes_forms(roster: &Roster, sheet: &Sheet, col: u32) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    let yes_cells = roster.staff.iter().flat_map(|s| {
        s.months
            .iter()
            .flat_map(|m| TickKind::ALL.into_iter().filter_map(move |k| m.tick(k)))
            .filter(|t| t.cell.col == col && t.is_yes())
    });
    for tick in yes_cells {
        let form = match sheet.get(tick.cell) {
            Value::Text(t) => format!("\"{}\"", t.replace('"', "\"\"")),
            _ => "1".to_string(),
        };
        // COUNTIF ignores case: "V" and "v" are one criterion, counted once.
        if !forms
            .iter()
            .any(|f| f.to_lowercase() == form.to_lowercase())
        {
            forms.push(form);
        }
    }
    if forms.is_empty() {
        forms.push("\"√\"".to_string());
    }
    forms
}

/// 稳岗率 as a formula over the tick columns: staff with a yes tick in both
/// the first and the last month's 人员 column, over those with one in the first.
fn retention_formula(roster: &Roster, sheet: &Sheet, first: u32, last: u32) -> String {
    let yes = |col: u32, (a, b): (u32, u32)| {
        let letters = CellRef::col_letters(col);
        let range = format!("{letters}{}:{letters}{}", a + 1, b + 1);
        let terms: Vec<String> = yes_forms(roster, sheet, col)
            .iter()
            .map(|form| format!("({range}={form})"))
            .collect();
        match terms.as_slice() {
            [one] => one.clone(),
            _ => format!("({})", terms.join("+")),
        }
    };
    let kept: Vec<String> = roster
        .staff_runs
        .iter()
        .map(|run| format!("SUMPRODUCT({}*{})", yes(first, *run), yes(last, *run)))
        .collect();
    format!("({})/({})", kept.join("+"), countif(roster, sheet, first))
}

fn month_totals(ctx: &mut Ctx) {
    for total in &ctx.roster.totals {
        let Some(stated) = ctx.figure(total.cell) else {
            continue;
        };
        let Some(col) = ctx
            .roster
            .month(total.month)
            .and_then(|m| m.column(total.kind))
        else {
            continue;
        };
        let count = ctx.count_yes(total.month, total.kind);
        // A count that includes unknown marks is no ground for a correction (A010 says why).
        if stated == Decimal::from(count) || ctx.count_unknown(total.month, total.kind) > 0 {
            continue;
        }
        let found = ctx.written(total.cell);
        let (what_zh, what_en) = match total.basis {
            TotalBasis::Column => (
                format!("「{}」合计", total.kind.zh()),
                format!("{} total", total.kind.en()),
            ),
            TotalBasis::Income => (
                "社工有收入人次".to_string(),
                "count of staff with income".to_string(),
            ),
        };
        let column = CellRef::col_letters(col);
        let message = Message::new(
            format!(
                "{}{what_zh}写为 {found}，但 {column} 列「{}」勾选数为 {count}",
                total.month,
                total.kind.zh()
            ),
            format!(
                "The {} {what_en} is {found}, but column {column} ({}) has {count} ticks",
                en(total.month),
                total.kind.en()
            ),
        );
        let correction = Correction {
            value: Corrected::Number(Decimal::from(count)),
            formula: Some(countif(ctx.roster, ctx.sheet, col)),
            number_format: ctx.sheet.number_format(total.cell).map(str::to_string),
        };
        let finding = Finding::new(
            Rule::RosterTotalMismatch,
            ctx.location(total.cell),
            found,
            message,
        )
        .expected(count.to_string())
        .corrected(correction);
        ctx.findings.push(finding);
    }
}

fn understaffed(ctx: &mut Ctx, posts: Posts) {
    let (why_zh, why_en) = posts.why();
    for m in &ctx.roster.months {
        // A month with no tick at all is not reported yet (a mid-year submission), not empty.
        if !ctx
            .roster
            .staff
            .iter()
            .filter_map(|s| s.month(m.month))
            .any(|sm| sm.any_yes())
        {
            continue;
        }
        let on_duty = ctx.count_yes(m.month, TickKind::Duty);
        // Unknown marks might be people on duty: only a shortfall they cannot fill is reported.
        if on_duty.saturating_add(ctx.count_unknown(m.month, TickKind::Duty)) >= posts.count {
            continue;
        }
        // The month's stated 人员 total if there is one, else its 人员 header.
        let cell = ctx
            .roster
            .totals
            .iter()
            .find(|t| {
                t.month == m.month && t.kind == TickKind::Duty && t.basis == TotalBasis::Column
            })
            .map(|t| t.cell)
            .or(m.duty)
            .unwrap_or(m.header);
        let message = Message::new(
            format!(
                "{}到岗 {on_duty} 人，少于协议岗位数 {}（{why_zh}）",
                m.month, posts.count
            ),
            format!(
                "{}: {on_duty} on duty, fewer than the {} contracted posts ({why_en})",
                en(m.month),
                posts.count
            ),
        );
        let finding = Finding::new(
            Rule::Understaffed,
            ctx.location(cell),
            on_duty.to_string(),
            message,
        )
        .expected(format!("≥ {}", posts.count));
        ctx.findings.push(finding);
    }
}

// ---------------------------------------------------------------------------
// A011

/// A column range per staff run: "C5:C21".
fn ranges(roster: &Roster, col: u32, rows: impl Fn(u32) -> bool) -> Vec<String> {
    let letters = CellRef::col_letters(col);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for staff in roster.staff.iter().filter(|s| rows(s.row)) {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == staff.row => *last = staff.row,
            _ => runs.push((staff.row, staff.row)),
        }
    }
    runs.iter()
        .map(|(a, b)| format!("{letters}{}:{letters}{}", a + 1, b + 1))
        .collect()
}

fn stated_figures(ctx: &mut Ctx, posts: Option<Posts>) {
    let roster = ctx.roster;
    // The year's duty count, when no unknown mark makes it uncertain.
    let duty_certain = roster
        .months
        .iter()
        .all(|m| ctx.count_unknown(m.month, TickKind::Duty) == 0);
    let actual: u32 = roster
        .months
        .iter()
        .map(|m| ctx.count_yes(m.month, TickKind::Duty))
        .sum();
    let months = service_months(roster);
    let actual_formula = roster
        .months
        .iter()
        .filter_map(|m| m.duty)
        .map(|h| countif(roster, ctx.sheet, h.col))
        .collect::<Vec<_>>()
        .join("+");

    // 应到 is only checked against posts that do not come from itself.
    let independent_posts = posts.filter(|p| !matches!(p.source, PostsSource::Required(_)));
    if let (Some(stated), Some(posts)) = (roster.stated(StatedKind::Required), independent_posts) {
        let expected = Decimal::from(posts.count) * Decimal::from(months);
        let formula = match posts.source {
            PostsSource::Cell(c)
                if roster
                    .stated(StatedKind::Posts)
                    .is_some_and(|s| s.cell == c) =>
            {
                format!("{c}*{months}")
            }
            _ => format!("{}*{months}", posts.count),
        };
        let (why_zh, why_en) = posts.why();
        figure_check(
            ctx,
            stated.cell,
            expected,
            formula,
            (
                format!(
                    "应到人次应为协议岗位数 {} × {months} 个月（{why_zh}）",
                    posts.count
                ),
                format!(
                    "required person-months should be {} posts × {months} months ({why_en})",
                    posts.count
                ),
            ),
        );
    }
    if let Some(stated) = roster.stated(StatedKind::Actual).filter(|_| duty_certain) {
        figure_check(
            ctx,
            stated.cell,
            Decimal::from(actual),
            actual_formula.clone(),
            (
                "实到人次应为全年「人员」勾选数之和".to_string(),
                "actual person-months should be the year's on-duty ticks".to_string(),
            ),
        );
    }
    if let Some(stated) = roster.stated(StatedKind::DutyRate).filter(|_| duty_certain) {
        let from_posts = |p: Posts| Decimal::from(p.count) * Decimal::from(months);
        // A stated 应到 checked against posts stated apart from it counts at
        // its recomputation: a wrong one is its own A011, not the rate's.
        let required = match (roster.stated(StatedKind::Required), independent_posts) {
            (Some(s), Some(p)) => Some((from_posts(p), Some(s.cell))),
            (Some(s), None) => ctx.figure(s.cell).map(|v| (v, Some(s.cell))),
            (None, _) => posts.map(|p| (from_posts(p), None)),
        };
        if let Some((required, required_cell)) = required.filter(|(r, _)| !r.is_zero()) {
            let formula = match (roster.stated(StatedKind::Actual), required_cell) {
                (Some(a), Some(r)) => Some(format!("{}/{}", a.cell, r)),
                _ => None,
            };
            rate_check(
                ctx,
                stated.cell,
                Decimal::from(actual) / required,
                formula,
                (
                    format!("到岗率 = 实到 {actual} / 应到 {}", format_figure(required)),
                    format!(
                        "duty rate = actual {actual} / required {}",
                        format_figure(required)
                    ),
                ),
            );
        }
    }
    if let Some(stated) = roster.stated(StatedKind::CertifiedShare) {
        certified_share(ctx, stated.cell);
    }
    if let Some(stated) = roster.stated(StatedKind::Retention) {
        retention(ctx, stated.cell);
    }
}

fn certified_share(ctx: &mut Ctx, cell: CellRef) {
    let roster = ctx.roster;
    if roster.staff.iter().any(|s| s.category.is_none()) {
        return;
    }
    let mut seen = HashSet::new();
    let people: Vec<&Staff> = roster
        .staff
        .iter()
        .filter(|s| seen.insert(s.name.clone()))
        .collect();
    let certified = people
        .iter()
        .filter(|s| s.category == Some(Category::Certified))
        .count();
    if people.is_empty() {
        return;
    }
    // Counting names in the sheet agrees with the count only when nobody is listed twice.
    let formula = (people.len() == roster.staff.len()).then(|| {
        let certified_rows: HashSet<u32> = roster
            .staff
            .iter()
            .filter(|s| s.category == Some(Category::Certified))
            .map(|s| s.row)
            .collect();
        let count = |rows: Vec<String>| format!("COUNTA({})", rows.join(","));
        format!(
            "{}/{}",
            count(ranges(roster, roster.name_col, |r| certified_rows.contains(&r))),
            count(ranges(roster, roster.name_col, |_| true))
        )
    });
    let (c, n) = (certified, people.len());
    rate_check(
        ctx,
        cell,
        Decimal::from(c) / Decimal::from(n),
        formula,
        (
            format!("持证率 = 持证社工 {c} 人 / 在册社工 {n} 人"),
            format!("certified share = {c} certified / {n} staff listed"),
        ),
    );
}

/// 稳岗率: of those on duty in the first month, the share still on duty in the last reported month.
fn retention(ctx: &mut Ctx, cell: CellRef) {
    let roster = ctx.roster;
    let (Some(first), Some(last)) = (roster.months.first(), roster.last_reported_month()) else {
        return;
    };
    if ctx.count_unknown(first.month, TickKind::Duty) > 0
        || ctx.count_unknown(last, TickKind::Duty) > 0
    {
        return;
    }
    let base: Vec<&Staff> = roster.on_duty(first.month).collect();
    if base.is_empty() {
        return;
    }
    let kept = base.iter().filter(|s| s.on_duty(last)).count();
    let (k, b) = (kept, base.len());
    let column = |month: YearMonth| {
        roster
            .months
            .iter()
            .find(|m| m.month == month)
            .and_then(|m| m.column(TickKind::Duty))
    };
    let formula = match (column(first.month), column(last)) {
        (Some(f), Some(l)) => Some(retention_formula(roster, ctx.sheet, f, l)),
        _ => None,
    };
    rate_check(
        ctx,
        cell,
        Decimal::from(k) / Decimal::from(b),
        formula,
        (
            format!(
                "稳岗率 = {} 在岗的 {b} 人中 {last} 仍在岗的 {k} 人",
                first.month
            ),
            format!(
                "retention = {k} of the {b} on duty in {} still on duty in {}",
                en(first.month),
                en(last)
            ),
        ),
    );
}

fn figure_check(
    ctx: &mut Ctx,
    cell: CellRef,
    expected: Decimal,
    formula: String,
    (why_zh, why_en): (String, String),
) {
    let Some(stated) = ctx.figure(cell) else {
        return;
    };
    if stated == expected {
        return;
    }
    let found = ctx.written(cell);
    let expected_text = format_figure(expected);
    let message = Message::new(
        format!("写为 {found}，但{why_zh} = {expected_text}"),
        format!("Stated {found}, but {why_en} = {expected_text}"),
    );
    let correction = Correction {
        value: Corrected::Number(expected),
        formula: (!formula.is_empty()).then_some(formula),
        number_format: ctx.sheet.number_format(cell).map(str::to_string),
    };
    let finding = Finding::new(Rule::RosterRateMismatch, ctx.location(cell), found, message)
        .expected(expected_text)
        .corrected(correction);
    ctx.findings.push(finding);
}

/// A stated rate against its recomputation at the decimals it shows; one unit off is R002.
fn rate_check(
    ctx: &mut Ctx,
    cell: CellRef,
    recomputed: Decimal,
    formula: Option<String>,
    (why_zh, why_en): (String, String),
) {
    let Parsed::Ok(rate) = values::parse_rate(ctx.sheet.get(cell), ctx.sheet.number_format(cell))
    else {
        return;
    };
    let decimals = rate.percent_decimals + 2;
    let expected = round_half_up(recomputed, decimals);
    let stated = round_half_up(rate.fraction, decimals);
    if stated == expected {
        return;
    }
    let found = match ctx.sheet.get(cell) {
        Value::Text(t) => t.trim().to_string(),
        _ => format_percent(rate.fraction, rate.percent_decimals),
    };
    let expected_text = format_percent(recomputed, rate.percent_decimals);
    if (stated - expected).abs() == Decimal::new(1, decimals) {
        let message = Message::new(
            format!("{found} 与 {why_zh} = {expected_text} 末位差一（截断而非四舍五入），仅作记录"),
            format!("{found} is one unit off {why_en} = {expected_text} in its last digit (truncated, not rounded): noted only"),
        );
        ctx.findings.push(
            Finding::new(Rule::RateLastDigit, ctx.location(cell), found, message)
                .expected(expected_text),
        );
        return;
    }
    let message = Message::new(
        format!("写为 {found}，但{why_zh} = {expected_text}"),
        format!("Stated {found}, but {why_en} = {expected_text}"),
    );
    let correction = Correction {
        // Full precision, as Excel caches the formula's result.
        value: Corrected::Number(recomputed),
        formula,
        number_format: Some(percent_format(rate.percent_decimals)),
    };
    ctx.findings.push(
        Finding::new(Rule::RosterRateMismatch, ctx.location(cell), found, message)
            .expected(expected_text)
            .corrected(correction),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::CellRange;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_texts("s", rows)
    }

    fn run(sheet: &Sheet, posts: Option<u32>) -> Vec<Finding> {
        let found = crate::locate::rosters(sheet);
        assert_eq!(found.len(), 1);
        check_roster(Path::new("r.xlsx"), sheet, &found[0], posts)
    }

    fn codes(findings: &[Finding]) -> Vec<(&'static str, String)> {
        findings
            .iter()
            .map(|f| (f.rule.code(), f.location.cell.a1()))
            .collect()
    }

    #[test]
    fn ticks_totals_and_their_corrections() {
        let mut s = sheet(&[
            &[
                "类型",
                "姓名",
                "合同期限",
                "2023年6月",
                "",
                "",
                "2023年7月",
                "",
                "",
                "备注",
            ],
            &[
                "", "", "", "人员", "社保", "工资", "人员", "社保", "工资", "",
            ],
            &[
                "持证社工",
                "甲",
                "2019.10.8-2026.5.30",
                "√",
                "√",
                "√",
                "√",
                "",
                "√",
                "",
            ],
            &[
                "",
                "乙",
                "2021.3.1-2026.5.30",
                "√",
                "√",
                "√",
                "√",
                "—",
                "",
                "2023.6.10离职",
            ],
            &[
                "非持证社工",
                "丙",
                "2023.7.1-2024.5.31",
                "√",
                "√",
                "√",
                "",
                "√",
                "",
                "",
            ],
            &["总计", "", "", "3", "3", "3", "3", "1", "1"],
            &["实到人次", "", "", "6"],
            &["持证率", "", "", "70%"],
        ]);
        s.merges
            .push(CellRange::new(CellRef::new(0, 3), CellRef::new(0, 5)));
        s.merges
            .push(CellRange::new(CellRef::new(0, 6), CellRef::new(0, 8)));
        let findings = run(&s, Some(3));
        assert_eq!(
            codes(&findings),
            [
                // 甲: July salary without insurance (H3 empty).
                ("A004", "H3".to_string()),
                // 乙 left on 2023.6.10, ticked 人员 in July.
                ("A002", "G4".to_string()),
                // 丙: contract from 2023.7.1, ticked in June (all three).
                ("A003", "D5".to_string()),
                ("A003", "E5".to_string()),
                ("A003", "F5".to_string()),
                // 丙: July insurance with no salary.
                ("A005", "I5".to_string()),
                // July 人员: 3 stated, 2 ticked (甲 and 乙).
                ("A001", "G6".to_string()),
                // July: 2 on duty for 3 posts.
                ("A007", "G6".to_string()),
                // 实到: 3 + 2 = 5; 持证率: 2 of 3 = 67%.
                ("A011", "D7".to_string()),
                ("A011", "D8".to_string()),
            ]
        );
        let total = &findings[6];
        assert_eq!(
            (total.found.as_str(), total.expected.as_deref()),
            ("3", Some("2"))
        );
        let correction = total.correction.as_ref().expect("corrected");
        assert_eq!(correction.value, Corrected::Number(Decimal::from(2)));
        assert_eq!(correction.formula.as_deref(), Some("COUNTIF(G3:G5,\"√\")"));
        let actual = findings[8].correction.as_ref().expect("corrected");
        assert_eq!(
            actual.formula.as_deref(),
            Some("COUNTIF(D3:D5,\"√\")+COUNTIF(G3:G5,\"√\")")
        );
        let share = &findings[9];
        assert_eq!(share.expected.as_deref(), Some("67%"));
        let share = share.correction.as_ref().expect("corrected");
        assert_eq!(
            share.formula.as_deref(),
            Some("COUNTA(B3:B4)/COUNTA(B3:B5)")
        );
        assert_eq!(share.number_format.as_deref(), Some("0%"));
    }

    /// Two months of three staff under the given sub-headers, marks and stated totals (row 6).
    fn small(subs: [&str; 3], ticks: [[&str; 6]; 3], totals: [&str; 6], note: &str) -> Sheet {
        let row = |name: &'static str, t: [&str; 6]| -> Vec<String> {
            std::iter::once(name.to_string())
                .chain(t.iter().map(|s| s.to_string()))
                .collect()
        };
        let rows: Vec<Vec<String>> = vec![
            ["姓名", "24年6月", "", "", "24年7月", "", ""]
                .map(str::to_string)
                .to_vec(),
            std::iter::once(String::new())
                .chain(subs.iter().chain(subs.iter()).map(|s| s.to_string()))
                .collect(),
            row("甲", ticks[0]),
            row("乙", ticks[1]),
            row("丙", ticks[2]),
            std::iter::once("合计".to_string())
                .chain(totals.iter().map(|s| s.to_string()))
                .collect(),
            vec![note.to_string()],
        ];
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let mut s = sheet(&refs);
        s.merges
            .push(CellRange::new(CellRef::new(0, 1), CellRef::new(0, 3)));
        s.merges
            .push(CellRange::new(CellRef::new(0, 4), CellRef::new(0, 6)));
        s
    }

    const VO: [[&str; 6]; 3] = [
        ["V", "V", "V", "V", "V", "V"],
        ["V", "V", "V", "O", "O", "O"],
        ["V", "O", "O", "V", "V", "V"],
    ];

    fn severe(findings: &[Finding]) -> Vec<(&'static str, String)> {
        findings
            .iter()
            .filter(|f| f.rule.severity() != crate::codes::Severity::Info)
            .map(|f| (f.rule.code(), f.location.cell.a1()))
            .collect()
    }

    #[test]
    fn marks_from_the_sheets_legend() {
        let s = small(
            ["人员", "社保", "工资"],
            VO,
            ["3", "2", "2", "2", "2", "2"],
            "说明：√或V表示是，O表示否",
        );
        let findings = run(&s, None);
        // 丙's June salary without insurance is O/O: no finding; all totals hold.
        assert_eq!(severe(&findings), []);
        let legend: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == Rule::TickLegendMark)
            .map(|f| (f.location.cell.a1(), f.found.clone()))
            .collect();
        assert_eq!(
            legend,
            [
                ("A7".to_string(), "V".to_string()),
                ("A7".to_string(), "O".to_string())
            ]
        );
        // A planted total is found and corrected with a COUNTIF over the legend's mark.
        let s = small(
            ["人员", "社保", "工资"],
            VO,
            ["3", "2", "2", "2", "3", "2"],
            "打V为有，打O为无",
        );
        let findings = run(&s, None);
        assert_eq!(severe(&findings), [("A001", "F6".to_string())]);
        let total = findings
            .iter()
            .find(|f| f.rule == Rule::RosterTotalMismatch)
            .and_then(|f| f.correction.as_ref())
            .and_then(|c| c.formula.clone());
        assert_eq!(total.as_deref(), Some("COUNTIF(F3:F5,\"V\")"));
    }

    #[test]
    fn marks_decided_by_the_totals() {
        // No legend: only V as yes and O as no make all six totals hold.
        let s = small(
            ["人员", "社保", "工资"],
            VO,
            ["3", "2", "2", "2", "2", "2"],
            "",
        );
        let findings = run(&s, None);
        assert_eq!(severe(&findings), []);
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.rule == Rule::TickLegendMark)
                .count(),
            2
        );
        // A total that no reading satisfies decides nothing: the marks stay unknown,
        // one A010 per mark, and no total is corrected from counts that include them.
        let s = small(
            ["人员", "社保", "工资"],
            VO,
            ["3", "2", "2", "2", "3", "2"],
            "",
        );
        let findings = run(&s, None);
        assert_eq!(
            severe(&findings),
            [("A010", "B3".to_string()), ("A010", "E4".to_string())]
        );
        let v = &findings[0];
        assert_eq!(v.found, "V");
        assert_eq!(v.related.len(), 12);
        assert!(v.message.zh.contains("共 13 处"), "{}", v.message.zh);
    }

    #[test]
    fn an_unknown_mark_stops_the_correction_of_its_column() {
        let ticks = [
            ["√", "√", "√", "√", "√", "√"],
            ["√", "√", "√", "?", "√", "√"],
            ["√", "√", "√", "√", "√", "√"],
        ];
        // July 人员 states 2: with "?" it is 2 or 3, so it is neither confirmed nor corrected.
        let s = small(
            ["人员", "社保", "工资"],
            ticks,
            ["3", "3", "3", "2", "3", "3"],
            "",
        );
        assert_eq!(codes(&run(&s, None)), [("A010", "E4".to_string())]);
        // Without the "?" the same total is corrected.
        let mut clean = ticks;
        clean[1][3] = "√";
        let s = small(
            ["人员", "社保", "工资"],
            clean,
            ["3", "3", "3", "2", "3", "3"],
            "",
        );
        assert_eq!(codes(&run(&s, None)), [("A001", "E6".to_string())]);
    }

    #[test]
    fn tick_columns_by_structure() {
        let ticks = [
            ["√", "√", "√", "√", "√", "√"],
            ["√", "", "√", "√", "√", "√"],
            ["√", "√", "√", "√", "√", "√"],
        ];
        let totals = ["3", "2", "3", "3", "3", "3"];
        // Insurance under other common names, and under a word no list has:
        // its position under every month and the ticks below make it insurance.
        for insurance in ["五险一金", "社会保险", "参保", "代缴"] {
            let s = small(["出勤", insurance, "薪酬"], ticks, totals, "");
            let found = crate::locate::rosters(&s);
            assert_eq!(
                found[0].months[0].insurance,
                Some(CellRef::new(1, 2)),
                "{insurance}"
            );
            assert_eq!(
                codes(&run(&s, None)),
                [("A004", "C4".to_string())],
                "{insurance}"
            );
        }
        // One word nobody listed, the one role missing: that role, by position.
        let s = small(["甲项", "社保", "工资"], ticks, totals, "");
        assert_eq!(codes(&run(&s, None)), [("A004", "C4".to_string())]);
        // Two words nobody listed and one listed: one kind is not a roster.
        let s = small(["甲项", "乙项", "工资"], ticks, totals, "");
        assert!(crate::locate::rosters(&s).is_empty());
        // Four columns a month, two of them unknown words holding ticks: the
        // certain columns are read, the other two reported, not guessed.
        let s = sheet(&[
            &["姓名", "2023年6月", "", "", "", "2023年7月", "", "", ""],
            &[
                "", "人员", "甲项", "乙项", "工资", "人员", "甲项", "乙项", "工资",
            ],
            &["甲", "√", "√", "√", "√", "√", "√", "√", "√"],
            &["乙", "√", "√", "", "√", "√", "√", "", "√"],
        ]);
        let findings = run(&s, None);
        assert_eq!(
            codes(&findings),
            [
                ("A013", "C2".to_string()),
                ("A013", "D2".to_string()),
                ("A013", "G2".to_string()),
                ("A013", "H2".to_string())
            ]
        );
        let found = crate::locate::rosters(&s);
        assert_eq!(found[0].months[1].salary, Some(CellRef::new(1, 8)));
        assert_eq!(found[0].months[1].insurance, None);
        // A month whose third word differs from every other month's, with no
        // repeated pattern to place it: reported.
        let s = sheet(&[
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "甲项", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
        ]);
        assert_eq!(codes(&run(&s, None)), [("A013", "F2".to_string())]);
    }

    #[test]
    fn a_rate_one_unit_off_is_a_note() {
        let s = sheet(&[
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
            &["乙", "√", "√", "√", "√", "√", "√"],
            &["丙", "√", "√", "√", "", "", ""],
            &["稳岗率", "66.66%"],
        ]);
        let findings = run(&s, None);
        assert_eq!(codes(&findings), [("R002", "B6".to_string())]);
        assert_eq!(findings[0].expected.as_deref(), Some("66.67%"));
    }

    #[test]
    fn posts_from_the_workbook() {
        let s = sheet(&[
            &["协议岗位数", "2"],
            &["应到人次", "24"],
            &["姓名", "2023年6月", "", ""],
            &["", "人员", "社保", "工资"],
            &["甲", "√", "√", "√"],
        ]);
        let found = crate::locate::rosters(&s);
        let posts = contracted_posts(&s, &found[0], None).expect("posts");
        assert_eq!(posts.count, 2);
        assert_eq!(posts.source, PostsSource::Cell(CellRef::new(0, 1)));
        // 1 on duty for 2 posts; 应到 2 × 12 = 24 agrees.
        assert_eq!(codes(&run(&s, None)), [("A007", "B4".to_string())]);
        // Without the posts cell, 应到 24 over 12 months gives 2.
        let s = sheet(&[
            &["应到人次", "24"],
            &["姓名", "2023年6月", "", ""],
            &["", "人员", "社保", "工资"],
            &["甲", "√", "√", "√"],
        ]);
        let found = crate::locate::rosters(&s);
        let posts = contracted_posts(&s, &found[0], None).expect("posts");
        assert_eq!(
            (posts.count, posts.source),
            (2, PostsSource::Required(CellRef::new(0, 1)))
        );
    }

    #[test]
    fn a_wrong_retention_is_corrected_as_a_formula_at_full_precision() {
        let s = sheet(&[
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
            &["乙", "√", "√", "√", "√", "√", "√"],
            &["丙", "√", "√", "√", "", "", ""],
            &["稳岗率", "50%"],
        ]);
        let findings = run(&s, None);
        assert_eq!(codes(&findings), [("A011", "B6".to_string())]);
        let correction = findings[0].correction.as_ref().expect("corrected");
        assert_eq!(
            correction.formula.as_deref(),
            Some("(SUMPRODUCT((B3:B5=\"√\")*(E3:E5=\"√\")))/(COUNTIF(B3:B5,\"√\"))")
        );
        // 2/3 unrounded, as Excel caches it.
        let Corrected::Number(n) = correction.value else {
            panic!("a number");
        };
        assert_eq!(n, Decimal::from(2) / Decimal::from(3));
    }

    /// Three staff over two months, their totals, then `below`.
    fn with_figures_below(below: &[&[&str]]) -> Sheet {
        let mut rows: Vec<&[&str]> = vec![
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
            &["乙", "√", "√", "√", "√", "√", "√"],
            &["丙", "√", "√", "√", "", "", ""],
            &["合计", "3", "3", "3", "2", "2", "2"],
        ];
        rows.extend_from_slice(below);
        let mut s = sheet(&rows);
        // Figures as a spreadsheet holds them: numbers, not text.
        for row in 5..s.height {
            for col in 0..s.width {
                let cell = CellRef::new(row, col);
                if let Value::Text(t) = s.get(cell) {
                    if let Ok(n) = t.parse::<f64>() {
                        s.set(cell, Value::Number(n));
                    }
                }
            }
        }
        s.merges
            .push(CellRange::new(CellRef::new(0, 1), CellRef::new(0, 3)));
        s.merges
            .push(CellRange::new(CellRef::new(0, 4), CellRef::new(0, 6)));
        s
    }

    #[test]
    fn figures_stated_under_a_small_roster_and_a_wrong_required() {
        // More figures below the first month's 人员 column than staff above
        // them: the column still holds the ticks. 应到 26 is wrong (2 posts ×
        // 12 = 24); the 到岗率 beside it is right for 24 and is not a second error.
        let s = with_figures_below(&[
            &["协议岗位数", "2"],
            &["应到人次", "26"],
            &["实到人次", "5"],
            &["到岗率", "20.83%"],
        ]);
        assert_eq!(severe(&run(&s, None)), [("A011", "B8".to_string())]);
        // The 到岗率 computed from the wrong 应到 (5 / 26) is the one in error.
        let s = with_figures_below(&[
            &["协议岗位数", "2"],
            &["应到人次", "26"],
            &["实到人次", "5"],
            &["到岗率", "19.23%"],
        ]);
        assert_eq!(
            severe(&run(&s, None)),
            [("A011", "B8".to_string()), ("A011", "B10".to_string())]
        );
    }

    #[test]
    fn figures_stated_across_a_row_with_their_values_below() {
        // 稳岗率 2 of 3 = 66.67%, written 60%; 实到 5 agrees.
        let s = with_figures_below(&[
            &[],
            &["", "实到人次", "", "稳岗率", "", "持证率"],
            &["", "5", "", "60%", "", "—"],
        ]);
        let found = crate::locate::rosters(&s);
        let cells: Vec<(StatedKind, String)> = found[0]
            .stated
            .iter()
            .map(|st| (st.kind, st.cell.a1()))
            .collect();
        assert_eq!(
            cells,
            [
                (StatedKind::Actual, "B9".to_string()),
                (StatedKind::Retention, "D9".to_string())
            ]
        );
        assert_eq!(severe(&run(&s, None)), [("A011", "D9".to_string())]);
    }
}
