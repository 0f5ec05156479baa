//! Total rules: a total row (or column) must equal the sum of its districts,
//! for every additive figure. A district value off by a power of ten that
//! explains the difference is flagged instead (S001), since sources are never changed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Message};
use crate::model::Role;
use crate::normalize::values::{format_figure, parse_figure, Parsed};
use crate::rules::context::TableContext;
use crate::rules::rates::powers_of_ten;
use crate::rules::values::{role_en, role_zh};
use crate::workbook::CellRef;

/// The total cell of one figure and the part cells it should sum, in line order.
type TotalGroup = (Option<CellRef>, Vec<CellRef>);

/// T001 and the additive half of S001: every line that is a (sub)total of
/// other lines ([`crate::model::Line::parts`]) against the sum of its parts.
pub fn check_totals(ctx: &mut TableContext) {
    let table = ctx.table;
    let mut cells: FxHashMap<(usize, &str, Role), CellRef> = FxHashMap::default();
    for m in &table.measurements {
        for (role, cell) in m.additive_cells() {
            cells
                .entry((m.line, m.indicator.as_str(), role))
                .or_insert(cell);
        }
    }
    let mut groups: BTreeMap<(usize, &str, Role), TotalGroup> = BTreeMap::new();
    for (&(line, indicator, role), &cell) in &cells {
        let parts = &table.lines[line].parts;
        if parts.is_empty() {
            continue;
        }
        let part_cells = parts
            .iter()
            .filter_map(|&part| cells.get(&(part, indicator, role)).copied())
            .collect();
        groups.insert((line, indicator, role), (Some(cell), part_cells));
    }
    for ((_, indicator, role), (total_cell, parts)) in groups {
        let Some(total_cell) = total_cell else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        let Some(total) = ctx.value(total_cell) else {
            continue;
        };
        // A part that could not be read makes the sum unknown, not wrong.
        let unreadable = parts
            .iter()
            .any(|&c| ctx.value(c).is_none() && !ctx.is_missing(c));
        if unreadable {
            continue;
        }
        let values: Vec<(CellRef, Decimal)> = parts
            .iter()
            .filter_map(|&c| ctx.value(c).map(|v| (c, v)))
            .collect();
        let sum: Decimal = values.iter().map(|(_, v)| *v).sum();
        if sum == total {
            continue;
        }
        if let Some((cell, value, scaled)) = scaled_part(&values, sum, total) {
            let found = format_figure(value);
            let expected = format_figure(scaled);
            let message = Message::new(
                format!(
                    "{indicator}的{}为 {found}，疑似小数点错位：若为 {expected}，各片区之和正好等于合计 {}",
                    role_zh(role),
                    format_figure(total)
                ),
                format!(
                    "The {} of {indicator} is {found}, probably a lost decimal point: {expected} would make the districts add up to the total {}",
                    role_en(role),
                    format_figure(total)
                ),
            );
            ctx.explained.insert(cell);
            ctx.push(
                Finding::new(Rule::ScaleError, ctx.location(cell), found, message)
                    .expected(expected)
                    .related(ctx.location(total_cell)),
            );
            continue;
        }
        let found = format_figure(total);
        let expected = format_figure(sum);
        let cells: Vec<String> = parts.iter().map(|c| c.a1()).collect();
        let message = Message::new(
            format!(
                "合计{indicator}{}写为 {found}，但各片区之和（{}）为 {expected}",
                role_zh(role),
                cells.join("+")
            ),
            format!(
                "The total {} of {indicator} is {found}, but the districts ({}) add up to {expected}",
                role_en(role),
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
            .corrected(Correction {
                value: Corrected::Number(sum),
                formula: Some(sum_formula(&parts)),
                number_format: None,
            }),
        );
    }
}

/// T001 for period columns: a 累计 cell (the measurement's done) must be the
/// sum of its period cells (一季度…四季度, 1月…12月); corrected as a SUM.
pub fn check_period_sums(ctx: &mut TableContext) {
    let table = ctx.table;
    let mut sums = Vec::new();
    for m in &table.measurements {
        let Some(done_cell) = m.done else { continue };
        if m.periods.is_empty() || ctx.explained.contains(&done_cell) {
            continue;
        }
        let Some(stated) = ctx.value(done_cell) else {
            continue;
        };
        // Period cells are source figures no other rule parses; a period that
        // could not be read makes the sum unknown, not wrong.
        let mut sum = Decimal::ZERO;
        let mut readable = true;
        for &c in &m.periods {
            match parse_figure(ctx.sheet.get(c), ctx.sheet.number_format(c)) {
                Parsed::Ok(f) => sum += f.value,
                Parsed::Missing => {}
                Parsed::Unreadable(_) => readable = false,
            }
        }
        if readable {
            sums.push((m, done_cell, stated, sum));
        }
    }
    // A 累计 may also count periods the table does not show (months before
    // the first column): the reading "累计 = the periods shown" must hold in
    // at least half the rows before any mismatch is called an error.
    let holding = sums
        .iter()
        .filter(|(_, _, stated, sum)| stated == sum)
        .count();
    if holding == 0 || holding * 2 < sums.len() {
        return;
    }
    for (m, done_cell, stated, sum) in sums {
        if sum == stated {
            continue;
        }
        let (found, expected) = (format_figure(stated), format_figure(sum));
        let cells: Vec<String> = m.periods.iter().map(|c| c.a1()).collect();
        let message = Message::new(
            format!(
                "{}累计写为 {found}，但各期之和（{}）为 {expected}",
                m.indicator,
                cells.join("+")
            ),
            format!(
                "The cumulative figure of {} is {found}, but its periods ({}) add up to {expected}",
                m.indicator,
                cells.join("+")
            ),
        );
        ctx.corrected.insert(done_cell, sum);
        ctx.push(
            Finding::new(Rule::TotalMismatch, ctx.location(done_cell), found, message)
                .expected(expected)
                .corrected(Correction {
                    value: Corrected::Number(sum),
                    formula: Some(sum_formula(&m.periods)),
                    number_format: None,
                }),
        );
    }
}

/// The one part that, moved by a power of ten, makes the parts add up to the total.
fn scaled_part(
    values: &[(CellRef, Decimal)],
    sum: Decimal,
    total: Decimal,
) -> Option<(CellRef, Decimal, Decimal)> {
    let mut found = None;
    for &(cell, value) in values {
        for factor in powers_of_ten() {
            let scaled = value * factor;
            if sum - value + scaled == total {
                if found.is_some() {
                    return None; // ambiguous: say nothing rather than guess
                }
                found = Some((cell, value, scaled.normalize()));
            }
        }
    }
    found
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
            Some((
                CellRef::new(1, 0),
                Decimal::from(10200),
                Decimal::from(1020)
            ))
        );
        assert_eq!(scaled_part(&values, sum, Decimal::from(3021)), None);
    }
}
