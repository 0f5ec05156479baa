//! Total rules: a total row (or column) must equal the sum of its parts, for
//! every additive figure; a sub-total sums its own lines and a grand total its
//! sub-totals. A part off by a power of ten that explains the difference is
//! flagged instead (S001), since sources are never changed. A total that agrees
//! with its parts as written but not once one of them was corrected is a
//! knock-on (T002), not a second error.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Message};
use crate::model::{Entity, IndicatorTable, Role};
use crate::normalize::values::{format_figure, parse_figure, Parsed};
use crate::rules::context::TableContext;
use crate::rules::rates::powers_of_ten;
use crate::rules::values::{role_after_name_zh, role_en, role_zh};
use crate::workbook::CellRef;

/// Which additive figure of a line a cell holds: the indicator, which of the
/// line's measurements of that indicator it is, and its role. The occurrence
/// keeps two groups apart that are read under one name (活动（场） and
/// 活动（人次） when a locator drops the unit): each total is compared with
/// the same group's cells in its parts, never with a look-alike's.
pub type Slot<'t> = (&'t str, usize, Role);

/// Every line's additive cells by slot, as a dense grid (lines × slots), and
/// each measurement's group (indicator and occurrence), built once per table.
#[derive(Debug, Clone, Default)]
pub struct Slots<'t> {
    pub keys: Vec<Slot<'t>>,
    cells: Vec<Option<CellRef>>,
    /// For each measurement, the index of its (indicator, occurrence) group.
    pub group_of: Vec<usize>,
    pub groups: usize,
}

impl<'t> Slots<'t> {
    pub fn new(table: &'t IndicatorTable) -> Self {
        // Each measurement's indicator as a small number, so that counting
        // occurrences per line is a dense grid (lines × indicators), not a
        // hash map as large as the table.
        let mut names: FxHashMap<&str, usize> = FxHashMap::default();
        let name_of: Vec<usize> = table
            .measurements
            .iter()
            .map(|m| {
                let next = names.len();
                *names.entry(&*m.indicator).or_insert(next)
            })
            .collect();
        let mut occurrence = vec![0usize; table.lines.len() * names.len()];
        let mut group_ids: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let mut slot_ids: FxHashMap<(usize, usize, Role), usize> = FxHashMap::default();
        let mut keys = Vec::new();
        let mut group_of = Vec::with_capacity(table.measurements.len());
        let mut placed: Vec<(usize, usize, CellRef)> = Vec::new();
        for (m, name) in table.measurements.iter().zip(name_of) {
            let nth = match occurrence.get_mut(m.line * names.len() + name) {
                Some(counter) => {
                    *counter += 1;
                    *counter - 1
                }
                None => 0,
            };
            let next = group_ids.len();
            group_of.push(*group_ids.entry((name, nth)).or_insert(next));
            for (role, cell) in m.additive_cells() {
                let id = *slot_ids.entry((name, nth, role)).or_insert_with(|| {
                    keys.push((&*m.indicator, nth, role));
                    keys.len() - 1
                });
                placed.push((m.line, id, cell));
            }
        }
        let width = keys.len();
        let mut cells = vec![None; table.lines.len() * width];
        for (line, id, cell) in placed {
            if let Some(slot) = cells.get_mut(line * width + id) {
                // The first measurement of a slot on a line keeps it.
                slot.get_or_insert(cell);
            }
        }
        Slots {
            keys,
            cells,
            group_of,
            groups: group_ids.len(),
        }
    }

    /// The cell of slot `id` on `line`.
    pub fn get(&self, line: usize, id: usize) -> Option<CellRef> {
        self.cells
            .get(line * self.keys.len() + id)
            .copied()
            .flatten()
    }

    /// The slots a line has a cell for, with the cell.
    pub fn of_line(&self, line: usize) -> impl Iterator<Item = (usize, CellRef)> + '_ {
        let width = self.keys.len();
        self.cells
            .get(line * width..(line + 1) * width)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(id, c)| c.map(|c| (id, c)))
    }
}

/// One figure of a (sub)total line and the cells of the same figure in its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRelation<'t> {
    pub line: usize,
    pub slot: Slot<'t>,
    pub total: CellRef,
    pub parts: Vec<CellRef>,
}

/// Every total relation of a reading (`parts[line]` lists what `line` sums),
/// sub-totals before the totals that sum them, so a correction of a sub-total
/// is known when its grand total is checked.
pub fn total_relations<'t>(slots: &Slots<'t>, parts: &[Vec<usize>]) -> Vec<TotalRelation<'t>> {
    let mut depth: Vec<Option<usize>> = vec![None; parts.len()];
    let mut totals: Vec<usize> = (0..parts.len()).filter(|&l| !parts[l].is_empty()).collect();
    for &line in &totals {
        depth_of(line, parts, &mut depth, 0);
    }
    totals.sort_by_key(|&l| (depth[l], l));
    let mut relations = Vec::new();
    for line in totals {
        for (id, total) in slots.of_line(line) {
            let part_cells: Vec<CellRef> = parts[line]
                .iter()
                .filter_map(|&p| slots.get(p, id))
                .collect();
            if part_cells.is_empty() {
                continue;
            }
            relations.push(TotalRelation {
                line,
                slot: slots.keys[id],
                total,
                parts: part_cells,
            });
        }
    }
    relations
}

/// How deep a line sits in the hierarchy: 0 for an ordinary line, one more
/// than its deepest part for a total. A cycle (no reading builds one) stops at the bound.
fn depth_of(line: usize, parts: &[Vec<usize>], memo: &mut [Option<usize>], level: usize) -> usize {
    if let Some(d) = memo.get(line).copied().flatten() {
        return d;
    }
    let d = if level > parts.len() {
        0
    } else {
        parts.get(line).map_or(0, |ps| {
            ps.iter()
                .map(|&p| depth_of(p, parts, memo, level + 1) + 1)
                .max()
                .unwrap_or(0)
        })
    };
    if let Some(slot) = memo.get_mut(line) {
        *slot = Some(d);
    }
    d
}

/// What a total relation says about its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Sum {
    /// The total equals the sum of its parts.
    Holds,
    /// One part moved by a power of ten would make them add up.
    Scaled {
        cell: CellRef,
        value: Decimal,
        scaled: Decimal,
    },
    /// Any of several parts moved by a power of ten would make them add up
    /// (two districts both wrote 80): a slip, but not which one. Nothing is
    /// corrected, since correcting the total would write a wrong figure.
    SomeScaled {
        sum: Decimal,
        candidates: Vec<CellRef>,
    },
    /// The total equals its parts as written, but a part has since been corrected.
    KnockOn { sum: Decimal },
    /// The total differs from the sum of its parts.
    Differs { sum: Decimal },
    /// The total or a part cannot be read: nothing can be said.
    Unknown,
}

/// Compares one total with its parts. `value` gives a cell's value under the
/// corrections made so far, `written` its value as written, and `unreadable`
/// whether it holds something that is not a figure (a blank or a dash counts as 0).
pub fn compare_total(
    relation: &TotalRelation,
    value: impl Fn(CellRef) -> Option<Decimal>,
    written: impl Fn(CellRef) -> Option<Decimal>,
    unreadable: impl Fn(CellRef) -> bool,
) -> Sum {
    let Some(total) = value(relation.total) else {
        return Sum::Unknown;
    };
    // A part that could not be read makes the sum unknown, not wrong.
    if relation
        .parts
        .iter()
        .any(|&c| value(c).is_none() && unreadable(c))
    {
        return Sum::Unknown;
    }
    let values: Vec<(CellRef, Decimal)> = relation
        .parts
        .iter()
        .filter_map(|&c| value(c).map(|v| (c, v)))
        .collect();
    let Some(sum) = checked_sum(values.iter().map(|(_, v)| *v)) else {
        return Sum::Unknown;
    };
    if sum == total {
        return Sum::Holds;
    }
    match scaled_part(&values, sum, total) {
        Slips::One(cell, value, scaled) => {
            return Sum::Scaled {
                cell,
                value,
                scaled,
            }
        }
        Slips::Several(candidates) => return Sum::SomeScaled { sum, candidates },
        Slips::None => {}
    }
    let as_written = checked_sum(relation.parts.iter().filter_map(|&c| written(c)));
    if as_written == Some(total) {
        return Sum::KnockOn { sum };
    }
    Sum::Differs { sum }
}

fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// T001, T002 and the additive half of S001: every line that is a (sub)total
/// of other lines under the trusted reading ([`TableContext::parts`]) against
/// the sum of its parts. Nothing is checked in a table whose reading is not confirmed.
pub fn check_totals(ctx: &mut TableContext) {
    if !ctx.trusted {
        return;
    }
    let table = ctx.table;
    let relations = total_relations(&ctx.slots, &ctx.parts);
    for relation in relations {
        let mut outcome = compare_total(
            &relation,
            |c| ctx.value(c),
            |c| ctx.figures.get(&c).map(|f| f.value),
            |c| !ctx.is_missing(c),
        );
        // Several parts could each be the slip: their own rates may say which.
        if let (Sum::SomeScaled { sum, .. }, Some(total)) = (&outcome, ctx.value(relation.total)) {
            outcome = slip_settled_by_rate(ctx, &relation.parts, *sum, total).map_or(
                outcome,
                |(cell, value, scaled)| Sum::Scaled {
                    cell,
                    value,
                    scaled,
                },
            );
        }
        let (indicator, _, role) = relation.slot;
        let total_cell = relation.total;
        let Some(total) = ctx.value(total_cell) else {
            continue;
        };
        let line = &table.lines[relation.line];
        let label = total_label(&line.label);
        let parts_are = parts_word(table, &ctx.parts[relation.line]);
        match outcome {
            Sum::Holds | Sum::Unknown => {}
            Sum::SomeScaled { sum, candidates } => {
                // Something is wrong, but not which figure: flag, correct nothing.
                let found = format_figure(total);
                let expected = format_figure(sum);
                let names: Vec<String> = candidates.iter().map(|c| c.a1()).collect();
                let message = Message::new(
                    format!(
                        "{label}{indicator}{}写为 {found}，但{}之和为 {expected}；{} 中任一项小数点错位都能解释这一差额，无法确定是哪一项，未作更正，请核对",
                        role_zh(role),
                        parts_are.0,
                        names.join("、")
                    ),
                    format!(
                        "The total {} of {indicator} is {found}, but the {} add up to {expected}; a lost decimal point in any one of {} would explain it, so nothing was corrected: please check",
                        role_en(role),
                        parts_are.1,
                        names.join(", ")
                    ),
                );
                let mut finding = Finding::new(
                    Rule::TotalMismatch,
                    ctx.location(total_cell),
                    found,
                    message,
                )
                .expected(expected);
                for cell in candidates {
                    finding = finding.related(ctx.location(cell));
                }
                ctx.push(finding);
            }
            Sum::Scaled {
                cell,
                value,
                scaled,
            } => {
                let found = format_figure(value);
                let expected = format_figure(scaled);
                let message = Message::new(
                    format!(
                        "{indicator}的{}为 {found}，疑似小数点错位：若为 {expected}，{}之和正好等于{label} {}",
                        role_zh(role),
                        parts_are.0,
                        format_figure(total)
                    ),
                    format!(
                        "The {} of {indicator} is {found}, probably a lost decimal point: {expected} would make the {} add up to the total {}",
                        role_en(role),
                        parts_are.1,
                        format_figure(total)
                    ),
                );
                ctx.explained.insert(cell);
                ctx.push(
                    Finding::new(Rule::ScaleError, ctx.location(cell), found, message)
                        .expected(expected)
                        .related(ctx.location(total_cell)),
                );
            }
            Sum::KnockOn { sum } => {
                let corrected: Vec<CellRef> = relation
                    .parts
                    .iter()
                    .copied()
                    .filter(|c| ctx.corrected.contains_key(c))
                    .collect();
                let found = format_figure(total);
                let expected = format_figure(sum);
                let names: Vec<String> = corrected.iter().map(|c| c.a1()).collect();
                let message = Message::new(
                    format!(
                        "{label}{indicator}{} {found} 与所写的各项一致；因 {} 已更正，随之重算为 {expected}",
                        role_after_name_zh(role),
                        names.join("、")
                    ),
                    format!(
                        "The total {} of {indicator}, {found}, agrees with its parts as written; recomputed as {expected} because {} was corrected",
                        role_en(role),
                        names.join(", ")
                    ),
                );
                ctx.corrected.insert(total_cell, sum);
                let mut finding =
                    Finding::new(Rule::TotalKnockOn, ctx.location(total_cell), found, message)
                        .expected(expected)
                        .corrected(sum_correction(sum, &relation.parts));
                for cell in corrected {
                    finding = finding.related(ctx.location(cell));
                }
                ctx.push(finding);
            }
            Sum::Differs { sum } => {
                let found = format_figure(total);
                let expected = format_figure(sum);
                let cells: Vec<String> = relation.parts.iter().map(|c| c.a1()).collect();
                let message = Message::new(
                    format!(
                        "{label}{indicator}{}写为 {found}，但{}之和（{}）为 {expected}",
                        role_after_name_zh(role),
                        parts_are.0,
                        cells.join("+")
                    ),
                    format!(
                        "The total {} of {indicator} is {found}, but the {} ({}) add up to {expected}",
                        role_en(role),
                        parts_are.1,
                        cells.join("+")
                    ),
                );
                ctx.corrected.insert(total_cell, sum);
                ctx.push(
                    Finding::new(
                        Rule::TotalMismatch,
                        ctx.location(total_cell),
                        found,
                        message,
                    )
                    .expected(expected)
                    .corrected(sum_correction(sum, &relation.parts)),
                );
            }
        }
    }
}

fn sum_correction(sum: Decimal, parts: &[CellRef]) -> Correction {
    Correction {
        value: Corrected::Number(sum),
        formula: Some(sum_formula(parts)),
        number_format: None,
    }
}

/// How a message names a total line: its label without spaces, 合计 when it has none.
fn total_label(label: &str) -> String {
    let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        "合计".to_string()
    } else {
        compact
    }
}

/// What a total's parts are, for its message: districts, or sub-totals.
fn parts_word(table: &IndicatorTable, parts: &[usize]) -> (&'static str, &'static str) {
    let all_ordinary = parts.iter().all(|&p| {
        table
            .lines
            .get(p)
            .is_some_and(|l| matches!(l.entity, Entity::District(_) | Entity::Unrecognized(_)))
    });
    if all_ordinary {
        ("各片区", "districts")
    } else {
        ("各分项", "parts")
    }
}

/// Each measurement's 累计 (its done) against the sum of its period cells
/// (一季度…四季度, 1月…12月), as a total relation and what it says, with
/// whether the table's reading "累计 = the periods shown" holds at all: a
/// 累计 may also count periods the table does not show (months before the
/// first column), so the relations count only when they hold (or one slip
/// explains them) in at least half the rows, one at least.
pub fn period_relations<'t>(ctx: &TableContext<'t>) -> (Vec<(TotalRelation<'t>, Sum)>, bool) {
    // Period cells are source figures no other rule parses; a period that
    // could not be read makes the sum unknown, not wrong.
    let period = |c: CellRef| match parse_figure(ctx.sheet.get(c), ctx.sheet.number_format(c)) {
        Parsed::Ok(f) => Some(f.value),
        _ => None,
    };
    let unreadable = |c: CellRef| {
        matches!(
            parse_figure(ctx.sheet.get(c), ctx.sheet.number_format(c)),
            Parsed::Unreadable(_)
        )
    };
    let mut out = Vec::new();
    for m in &ctx.table.measurements {
        let Some(done) = m.done else { continue };
        if m.periods.is_empty() {
            continue;
        }
        let relation = TotalRelation {
            line: m.line,
            slot: (&*m.indicator, 0, Role::Done),
            total: done,
            parts: m.periods.clone(),
        };
        let sum = compare_total(
            &relation,
            |c| if c == done { ctx.value(c) } else { period(c) },
            |c| {
                if c == done {
                    ctx.figures.get(&c).map(|f| f.value)
                } else {
                    period(c)
                }
            },
            |c| {
                if c == done {
                    !ctx.is_missing(c)
                } else {
                    unreadable(c)
                }
            },
        );
        if sum != Sum::Unknown {
            out.push((relation, sum));
        }
    }
    let holding = out
        .iter()
        .filter(|(_, sum)| !matches!(sum, Sum::Differs { .. }))
        .count();
    let confirmed = holding > 0 && holding * 2 >= out.len();
    (out, confirmed)
}

/// T001 for period columns: a 累计 cell (the measurement's done) must be the
/// sum of its period cells; corrected as a SUM. A period off by a power of
/// ten that explains the difference is flagged instead (S001).
pub fn check_period_sums(ctx: &mut TableContext) {
    if !ctx.trusted {
        return;
    }
    let (relations, confirmed) = period_relations(ctx);
    if !confirmed {
        return;
    }
    for (relation, outcome) in relations {
        let done_cell = relation.total;
        if ctx.explained.contains(&done_cell) {
            continue;
        }
        let Some(stated) = ctx.value(done_cell) else {
            continue;
        };
        let indicator = relation.slot.0;
        let cells: Vec<String> = relation.parts.iter().map(|c| c.a1()).collect();
        match outcome {
            Sum::Holds | Sum::Unknown | Sum::KnockOn { .. } => {}
            Sum::SomeScaled { sum, candidates } => {
                // A slip in one of several periods, not which: flag, correct nothing.
                let (found, expected) = (format_figure(stated), format_figure(sum));
                let names: Vec<String> = candidates.iter().map(|c| c.a1()).collect();
                let message = Message::new(
                    format!(
                        "{indicator}累计写为 {found}，但各期之和为 {expected}；{} 中任一期小数点错位都能解释这一差额，无法确定是哪一期，未作更正，请核对",
                        names.join("、")
                    ),
                    format!(
                        "The cumulative figure of {indicator} is {found}, but its periods add up to {expected}; a lost decimal point in any one of {} would explain it, so nothing was corrected: please check",
                        names.join(", ")
                    ),
                );
                let mut finding =
                    Finding::new(Rule::TotalMismatch, ctx.location(done_cell), found, message)
                        .expected(expected);
                for cell in candidates {
                    finding = finding.related(ctx.location(cell));
                }
                ctx.push(finding);
            }
            Sum::Scaled {
                cell,
                value,
                scaled,
            } => {
                let (found, expected) = (format_figure(value), format_figure(scaled));
                let message = Message::new(
                    format!(
                        "{indicator}的一期数值为 {found}，疑似小数点错位：若为 {expected}，各期之和正好等于累计 {}",
                        format_figure(stated)
                    ),
                    format!(
                        "A period figure of {indicator} is {found}, probably a lost decimal point: {expected} would make the periods add up to the cumulative {}",
                        format_figure(stated)
                    ),
                );
                ctx.explained.insert(cell);
                ctx.push(
                    Finding::new(Rule::ScaleError, ctx.location(cell), found, message)
                        .expected(expected)
                        .related(ctx.location(done_cell)),
                );
            }
            Sum::Differs { sum } => {
                let (found, expected) = (format_figure(stated), format_figure(sum));
                let message = Message::new(
                    format!(
                        "{indicator}累计写为 {found}，但各期之和（{}）为 {expected}",
                        cells.join("+")
                    ),
                    format!(
                        "The cumulative figure of {indicator} is {found}, but its periods ({}) add up to {expected}",
                        cells.join("+")
                    ),
                );
                ctx.corrected.insert(done_cell, sum);
                ctx.push(
                    Finding::new(Rule::TotalMismatch, ctx.location(done_cell), found, message)
                        .expected(expected)
                        .corrected(sum_correction(sum, &relation.parts)),
                );
            }
        }
    }
}

/// Where a slip of more than one part would explain a total (90 + 90
/// written for 9 + 90, total 99), the part whose own row's stated rate is
/// exactly right for it moved by that power of ten, if exactly one is.
fn slip_settled_by_rate(
    ctx: &TableContext,
    parts: &[CellRef],
    sum: Decimal,
    total: Decimal,
) -> Option<(CellRef, Decimal, Decimal)> {
    let mut settled = None;
    for &cell in parts {
        let Some(value) = ctx.value(cell) else {
            continue;
        };
        for factor in powers_of_ten() {
            let scaled = value * factor;
            if sum - value + scaled != total || !rate_confirms(ctx, cell, scaled) {
                continue;
            }
            if settled.is_some() {
                return None;
            }
            settled = Some((cell, value, scaled.normalize()));
        }
    }
    settled
}

/// Whether the stated rate of the measurement `cell` belongs to is exactly
/// right with `cell` holding `value`.
fn rate_confirms(ctx: &TableContext, cell: CellRef, value: Decimal) -> bool {
    ctx.table.measurements.iter().any(|m| {
        let (Some(target_cell), Some(done_cell), Some(rate_cell)) = (m.target, m.done, m.rate)
        else {
            return false;
        };
        let (target, done) = if cell == done_cell {
            (ctx.value(target_cell), Some(value))
        } else if cell == target_cell {
            (Some(value), ctx.value(done_cell))
        } else {
            return false;
        };
        let (Some(target), Some(done), Some(rate)) = (target, done, ctx.rates.get(&rate_cell))
        else {
            return false;
        };
        !target.is_zero()
            && crate::rules::rates::compare_rate(rate, done, target)
                == Some(crate::rules::rates::RateAgreement::Equal)
    })
}

/// Which parts, moved by a power of ten, make the parts add up to the total.
#[derive(Debug, PartialEq)]
enum Slips {
    None,
    /// This part (cell, as written, as it would be).
    One(CellRef, Decimal, Decimal),
    /// More than one would: these parts.
    Several(Vec<CellRef>),
}

fn scaled_part(values: &[(CellRef, Decimal)], sum: Decimal, total: Decimal) -> Slips {
    let mut found: Vec<(CellRef, Decimal, Decimal)> = Vec::new();
    for &(cell, value) in values {
        for factor in powers_of_ten() {
            let scaled = value * factor;
            if sum - value + scaled == total {
                found.push((cell, value, scaled.normalize()));
            }
        }
    }
    match found.as_slice() {
        [] => Slips::None,
        [(cell, value, scaled)] => Slips::One(*cell, *value, *scaled),
        // Ambiguous: which one is the slip is not for hedui to guess.
        _ => Slips::Several(found.iter().map(|(cell, ..)| *cell).collect()),
    }
}

/// `SUM(F5:F7)` when the parts are one contiguous run, else `F5+F6+F7`.
pub fn sum_formula(parts: &[CellRef]) -> String {
    let same_col = parts
        .windows(2)
        .all(|w| w[0].col == w[1].col && w[1].row == w[0].row + 1);
    let same_row = parts
        .windows(2)
        .all(|w| w[0].row == w[1].row && w[1].col == w[0].col + 1);
    match (parts.first(), parts.last()) {
        (Some(first), Some(last)) if parts.len() > 1 && (same_col || same_row) => {
            format!("SUM({}:{})", first.a1(), last.a1())
        }
        _ => parts.iter().map(|c| c.a1()).collect::<Vec<_>>().join("+"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_formula_uses_ranges_when_contiguous() {
        let col = [CellRef::new(4, 5), CellRef::new(5, 5), CellRef::new(6, 5)];
        assert_eq!(sum_formula(&col), "SUM(F5:F7)");
        let gaps = [CellRef::new(4, 5), CellRef::new(6, 5)];
        assert_eq!(sum_formula(&gaps), "F5+F7");
        let row = [CellRef::new(2, 1), CellRef::new(2, 2)];
        assert_eq!(sum_formula(&row), "SUM(B3:C3)");
    }

    #[test]
    fn a_single_scaled_part_explains_the_total() {
        let values = [
            (CellRef::new(0, 0), Decimal::from(1350)),
            (CellRef::new(1, 0), Decimal::from(10200)),
            (CellRef::new(2, 0), Decimal::from(650)),
        ];
        let sum = Decimal::from(12200);
        let got = scaled_part(&values, sum, Decimal::from(3020));
        assert_eq!(
            got,
            Slips::One(
                CellRef::new(1, 0),
                Decimal::from(10200),
                Decimal::from(1020)
            )
        );
        assert_eq!(scaled_part(&values, sum, Decimal::from(3021)), Slips::None);
    }

    #[test]
    fn a_slip_in_one_of_two_equal_parts_corrects_nothing() {
        // 45 + 8 + 80 = 133 with the 8 written 80: either 80 could be the slip.
        let cells = [CellRef::new(4, 3), CellRef::new(4, 6), CellRef::new(4, 9)];
        let figures: FxHashMap<CellRef, Decimal> = cells
            .iter()
            .zip([45, 80, 80])
            .map(|(&c, v)| (c, Decimal::from(v)))
            .chain([(CellRef::new(4, 12), Decimal::from(133))])
            .collect();
        let relation = TotalRelation {
            line: 3,
            slot: ("社区微创投", 0, Role::Done),
            total: CellRef::new(4, 12),
            parts: cells.to_vec(),
        };
        let value = |c: CellRef| figures.get(&c).copied();
        assert_eq!(
            compare_total(&relation, value, value, |_| false),
            Sum::SomeScaled {
                sum: Decimal::from(205),
                candidates: vec![cells[1], cells[2]],
            }
        );
    }
}
