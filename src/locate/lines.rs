//! From columns with roles to lines and measurements, in each layout: which
//! line (district, community, sub-total, total, station) each row or column
//! group is, which lines a (sub)total sums, and what each measurement is
//! called.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::columns::Column;
use super::indicators::Texts;
use super::naming::{apply_names, name_metrics, NameKey};
use crate::model::{Entity, Line, Measurement};
use crate::normalize::memo::{memoized, Memo};
use crate::normalize::names;
use crate::normalize::values::{self, Parsed};
use crate::normalize::vocab::{self, Measure};
use crate::workbook::{CellRef, Sheet};

/// One metric: the target, done, rate and period columns of one group and unit.
#[derive(Debug, Clone, Default)]
pub(super) struct Metric {
    /// The header cell the metric hangs from: its identity, with the unit.
    pub group_cell: Option<CellRef>,
    /// The group header text (indicator, or district in transposed tables).
    pub group: String,
    pub unit: Option<&'static str>,
    pub target: Option<u32>,
    pub done: Option<u32>,
    pub rate: Option<u32>,
    pub count: Option<u32>,
    pub periods: Vec<u32>,
}

/// Groups measure columns into metrics: a target opens a metric, and the
/// period, done and rate columns after it under the same group cell belong
/// to it until the next target.
pub(super) fn metrics(columns: &[Column], label_cols: &[u32]) -> Vec<Metric> {
    let mut metrics: Vec<Metric> = Vec::new();
    for column in columns
        .iter()
        .filter(|c| !label_cols.contains(&c.col) && !c.text)
    {
        let group = column
            .group
            .as_ref()
            .map(|(_, g)| g.clone())
            .unwrap_or_default();
        let group_cell = column.group_cell();
        let current = metrics
            .last_mut()
            .filter(|m| m.group_cell == group_cell && m.count.is_none());
        if column.period {
            match current {
                Some(m) if m.done.is_none() && m.rate.is_none() => m.periods.push(column.col),
                _ => metrics.push(Metric {
                    group_cell,
                    group,
                    periods: vec![column.col],
                    ..Default::default()
                }),
            }
            continue;
        }
        let Some(measure) = &column.measure else {
            // A header written once above a blank in the measure row
            // (投入社工人数 not merged down) is the column's own when it
            // stands over this column alone.
            let alone = column.group.as_ref().filter(|(cell, _)| {
                columns
                    .iter()
                    .filter(|c| c.group_cell() == Some(*cell))
                    .count()
                    == 1
            });
            if let Some((cell, own)) = column.own.as_ref().or(alone) {
                if !vocab::is_label_header(own) {
                    metrics.push(Metric {
                        group_cell: Some(*cell),
                        group: own.clone(),
                        count: Some(column.col),
                        ..Default::default()
                    });
                }
            }
            continue;
        };
        let header = &measure.item;
        let opened = |target, done, rate| Metric {
            group_cell,
            group: group.clone(),
            unit: header.unit,
            target,
            done,
            rate,
            ..Default::default()
        };
        match (header.measure, current) {
            // Period columns before the target's own column: the target is the metric's.
            (Measure::Target, Some(m))
                if m.target.is_none() && m.done.is_none() && m.rate.is_none() =>
            {
                m.target = Some(column.col);
            }
            (Measure::Target, _) => metrics.push(opened(Some(column.col), None, None)),
            (Measure::Done, Some(m)) if m.done.is_none() && m.rate.is_none() => {
                m.done = Some(column.col);
                m.unit = m.unit.or(header.unit);
            }
            (Measure::Rate, Some(m)) if m.rate.is_none() => m.rate = Some(column.col),
            (Measure::Done, _) => metrics.push(opened(None, Some(column.col), None)),
            (Measure::Rate, _) => metrics.push(opened(None, None, Some(column.col))),
        }
    }
    name_ungrouped(&mut metrics, columns);
    metrics
}

/// A metric with no group header is named by what its column words share
/// (电访协议量 | 电访完成量 | 电访完成率 → 电访).
fn name_ungrouped(metrics: &mut [Metric], columns: &[Column]) {
    for metric in metrics.iter_mut().filter(|m| m.group_cell.is_none()) {
        let cols: Vec<u32> = [metric.target, metric.done, metric.rate]
            .into_iter()
            .flatten()
            .collect();
        let words: Vec<Vec<char>> = columns
            .iter()
            .filter(|c| cols.contains(&c.col))
            .filter_map(|c| c.word.as_ref().map(|w| w.chars().collect()))
            .collect();
        let Some(first) = words.first() else { continue };
        if words.len() < 2 {
            continue;
        }
        let shared = (0..first.len())
            .take_while(|&i| words.iter().all(|w| w.get(i) == first.get(i)))
            .count();
        let prefix: String = first[..shared].iter().collect();
        if !prefix.is_empty() && vocab::family_of(&prefix).is_none() {
            metric.group = prefix;
        }
    }
}

/// A district, total or sub-total label: what a transposed table's column
/// groups and a district table's rows are.
pub(super) fn is_line_text(text: &str) -> bool {
    thread_local! {
        static MEMO: Memo<bool> = std::cell::RefCell::default();
    }
    memoized(&MEMO, text, |text| {
        vocab::is_total_label(text) || names::district_number(text).is_some() || district_like(text)
    })
}

/// District forms beyond 片区N: 东片, 西片区, 一区, 第二区, A区.
fn district_like(text: &str) -> bool {
    let (stem, _) = vocab::split_qualifier(text);
    let stem = stem.strip_prefix('第').unwrap_or(&stem);
    let Some(head) = stem
        .strip_suffix("片区")
        .or_else(|| stem.strip_suffix('片'))
        .or_else(|| stem.strip_suffix('区'))
    else {
        return false;
    };
    let n = head.chars().count();
    (1..=2).contains(&n)
        && head
            .chars()
            .all(|c| "一二三四五六七八九十东南西北中".contains(c) || c.is_ascii_alphanumeric())
}

pub(super) fn entity_of(text: &str) -> Entity {
    if vocab::is_subtotal_label(text) {
        Entity::Subtotal(text.to_string())
    } else if vocab::is_total_label(text) {
        Entity::Total
    } else if let Some(n) = names::district_number(text) {
        Entity::District(n)
    } else {
        Entity::Unrecognized(text.to_string())
    }
}

/// A measurement of `metric` on `row`, its name `unnamed` until it is named
/// (shared: a table's thousands of measurements need no allocation each).
fn measurement(line: usize, metric: &Metric, row: u32, unnamed: &Arc<str>) -> Measurement {
    let at = |col: Option<u32>| col.map(|c| CellRef::new(row, c));
    Measurement {
        line,
        indicator: Arc::clone(unnamed),
        canonical: None,
        unit: None,
        target: at(metric.target),
        done: at(metric.done),
        rate: at(metric.rate),
        count: at(metric.count),
        periods: metric
            .periods
            .iter()
            .map(|&c| CellRef::new(row, c))
            .collect(),
    }
}

/// Districts (or communities) down the rows, indicators across. With an
/// inner label column (社区 beside a 片区 merged down), each row is a
/// community and the merged 片区 cell says which sub-total it belongs to.
pub(super) fn district_rows(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    label_col: u32,
    inner_col: Option<u32>,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    let label_cols: Vec<u32> = [Some(label_col), inner_col].into_iter().flatten().collect();
    let metrics = metrics(columns, &label_cols);
    let names = name_metrics(
        metrics
            .iter()
            .map(|m| NameKey::new(m.group_cell, m.group.clone(), m))
            .collect(),
    );
    let mut lines = Vec::new();
    let mut outer = Vec::new();
    let mut measurements = Vec::new();
    let unnamed = Arc::from("");
    for &row in rows {
        let label_cell = CellRef::new(row, label_col);
        let outer_text = texts.shown(label_cell).unwrap_or_default();
        let inner = inner_col
            .map(|c| CellRef::new(row, c))
            .and_then(|c| Some((c, texts.shown(c)?)))
            .filter(|_| !vocab::is_total_label(outer_text));
        let (entity, cell) = match inner {
            Some((cell, text)) if vocab::is_subtotal_label(text) => {
                (Entity::Subtotal(format!("{outer_text}{text}")), cell)
            }
            Some((cell, text)) if texts.anchor(cell) != texts.anchor(label_cell) => {
                (entity_of(text), cell)
            }
            _ => (entity_of(outer_text), label_cell),
        };
        let merged_down = sheet
            .merge_at(label_cell)
            .filter(|m| m.last.row > m.first.row)
            .map(|m| m.first);
        outer.push(merged_down);
        lines.push(Line {
            entity,
            label: texts.raw(cell),
            label_cell: Some(texts.anchor(cell)),
            parts: Vec::new(),
        });
        for (metric, naming) in metrics.iter().zip(&names) {
            let mut m = measurement(lines.len() - 1, metric, row, &unnamed);
            naming.apply(&mut m);
            measurements.push(m);
        }
    }
    fill_parts(&mut lines, &outer);
    if lines.iter().filter(|l| l.entity == Entity::Total).count() > 1 {
        totals_in_sections(sheet, &mut lines, &outer, &metrics, rows);
    }
    if outer.iter().all(Option::is_none) {
        sub_totals_above_their_rows(sheet, &mut lines, &metrics, rows);
    }
    (lines, measurements)
}

/// The figures of a table's additive columns, by line, for choosing between
/// readings of its (sub)totals.
struct Evidence<'a> {
    sheet: &'a Sheet,
    cols: Vec<u32>,
    rows: &'a [u32],
}

impl<'a> Evidence<'a> {
    fn new(sheet: &'a Sheet, metrics: &[Metric], rows: &'a [u32]) -> Self {
        let cols = metrics
            .iter()
            .flat_map(|m| [m.target, m.done, m.count])
            .flatten()
            .collect();
        Evidence { sheet, cols, rows }
    }

    fn value(&self, line: usize, col: u32) -> Option<Decimal> {
        let cell = CellRef::new(self.rows[line], col);
        match values::parse_figure(self.sheet.get(cell), self.sheet.number_format(cell)) {
            Parsed::Ok(f) => Some(f.value),
            _ => None,
        }
    }

    /// How many columns the line's figures are the sum of the parts' in.
    fn holds(&self, line: usize, parts: &[usize]) -> usize {
        self.cols
            .iter()
            .filter(|&&col| {
                let sum: Option<Decimal> = parts.iter().map(|&p| self.value(p, col)).sum();
                sum.is_some() && sum == self.value(line, col)
            })
            .count()
    }
}

/// A 小计 written above its rows (一片区小计, then its communities) rather
/// than below them: chosen only where the figures hold better that way.
fn sub_totals_above_their_rows(
    sheet: &Sheet,
    lines: &mut [Line],
    metrics: &[Metric],
    rows: &[u32],
) {
    let subtotals: Vec<usize> = (0..lines.len())
        .filter(|&i| matches!(lines[i].entity, Entity::Subtotal(_)))
        .collect();
    if subtotals.is_empty() {
        return;
    }
    let ordinary = |l: &Line| matches!(l.entity, Entity::District(_) | Entity::Unrecognized(_));
    let below = |s: usize| -> Vec<usize> {
        (s + 1..lines.len())
            .take_while(|&i| ordinary(&lines[i]))
            .collect()
    };
    let evidence = Evidence::new(sheet, metrics, rows);
    let below: Vec<Vec<usize>> = subtotals.iter().map(|&s| below(s)).collect();
    let (mut above, mut after) = (0, 0);
    for (&s, parts) in subtotals.iter().zip(&below) {
        above += evidence.holds(s, &lines[s].parts);
        after += evidence.holds(s, parts);
    }
    if after > above {
        for (&s, parts) in subtotals.iter().zip(below) {
            lines[s].parts = parts;
        }
        grand_total_parts(lines);
    }
}

/// Several 合计 rows in one table (一片区合计, 二片区合计, 全街合计): each but
/// the last is the sub-total of the rows since the one before. The last sums
/// those sub-totals, unless the figures say it sums only its own section
/// (two tables stacked under one header).
fn totals_in_sections(
    sheet: &Sheet,
    lines: &mut [Line],
    outer: &[Option<CellRef>],
    metrics: &[Metric],
    rows: &[u32],
) {
    let totals: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].entity == Entity::Total)
        .collect();
    let Some((&last, earlier)) = totals.split_last() else {
        return;
    };
    for &i in earlier {
        lines[i].entity = Entity::Subtotal(lines[i].label.trim().to_string());
    }
    fill_parts(lines, outer);
    let previous = earlier.last().copied().unwrap_or(0);
    let section: Vec<usize> = (previous + 1..last)
        .filter(|&i| {
            matches!(
                lines[i].entity,
                Entity::District(_) | Entity::Unrecognized(_)
            )
        })
        .collect();
    let evidence = Evidence::new(sheet, metrics, rows);
    let holds = |parts: &[usize]| evidence.holds(last, parts);
    if !section.is_empty() && holds(&section) > holds(&lines[last].parts) {
        lines[last].parts = section;
    }
}

/// Indicators down the rows for the whole station; side-by-side blocks each
/// start at their own label column (协议内容 … 协议内容 …).
pub(super) fn station_rows(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    let unnamed = Arc::from("");
    let mut blocks: Vec<(u32, Vec<Column>)> = vec![(label_col, Vec::new())];
    for column in columns.iter().filter(|c| c.col != label_col) {
        let is_label = column
            .own
            .as_ref()
            .is_some_and(|(_, t)| vocab::is_label_header(t))
            || column.measure.is_none()
                && column
                    .group
                    .as_ref()
                    .is_some_and(|(_, t)| vocab::is_label_header(t));
        if is_label {
            blocks.push((column.col, Vec::new()));
        } else if let Some(block) = blocks.last_mut() {
            let mut column = column.clone();
            // In station tables the group row is a banner, not an indicator.
            column.group = None;
            block.1.push(column);
        }
    }
    let lines = vec![Line {
        entity: Entity::Station,
        label: String::new(),
        label_cell: None,
        parts: Vec::new(),
    }];
    let mut measurements = Vec::new();
    let mut keys = Vec::new();
    let mut row_units = Vec::new();
    for (block_label, block_columns) in &blocks {
        let metrics = metrics(block_columns, &[*block_label]);
        let next_is_text = block_columns
            .iter()
            .any(|c| c.col == block_label + 1 && c.text);
        // A 单位 column names each row's unit (人次, 元, 小时).
        let unit_col = block_columns
            .iter()
            .find(|c| {
                c.text
                    && c.word.as_deref().is_some_and(|w| {
                        matches!(vocab::split_qualifier(w).0.as_str(), "单位" | "计量单位")
                    })
            })
            .map(|c| c.col);
        for &row in rows {
            let label_cell = CellRef::new(row, *block_label);
            let Some(label) = texts.shown(label_cell) else {
                continue;
            };
            for metric in &metrics {
                // The row names its indicator and so its unit: a unit in a
                // column word (协议节数) heads rows of different indicators
                // (人次, 元) and names none of them in particular.
                let unit = vocab::match_unit(label);
                let mut m = measurement(0, metric, row, &unnamed);
                if m.target.is_none() && m.done.is_none() && m.rate.is_none() && !next_is_text {
                    m.count = m.count.or(Some(CellRef::new(row, *block_label + 1)));
                }
                let mut key =
                    NameKey::new(Some(texts.anchor(label_cell)), label.to_string(), metric);
                key.unit = unit;
                keys.push(key);
                measurements.push(m);
                row_units.push(
                    unit_col
                        .and_then(|c| texts.shown(CellRef::new(row, c)))
                        .map(Arc::from),
                );
            }
        }
    }
    apply_names(&mut measurements, keys);
    for (m, unit) in measurements.iter_mut().zip(row_units) {
        m.unit = unit.or(m.unit.take());
    }
    (lines, measurements)
}

/// Indicators down the rows, districts (and the total) across as column groups.
pub(super) fn transposed(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    let unnamed = Arc::from("");
    let metrics = metrics(columns, &[label_col]);
    let mut lines: Vec<Line> = Vec::new();
    let mut line_of_group: HashMap<CellRef, usize> = HashMap::new();
    for column in columns.iter().filter(|c| c.measure.is_some() || c.period) {
        if let Some((cell, group)) = &column.group {
            line_of_group.entry(*cell).or_insert_with(|| {
                lines.push(Line {
                    entity: entity_of(group),
                    label: texts.raw(*cell),
                    label_cell: Some(*cell),
                    parts: Vec::new(),
                });
                lines.len() - 1
            });
        }
    }
    // One indicator across the district groups: what tells two metrics of
    // one row apart is their place in the group, not the column.
    let place: Vec<u32> = metrics
        .iter()
        .enumerate()
        .map(|(i, metric)| {
            metrics[..i]
                .iter()
                .filter(|m| m.group_cell == metric.group_cell)
                .count() as u32
        })
        .collect();
    // A unit the groups' measure words disagree on at one place (协议量 in
    // one 片区, 协议人次 in the next) is a way of writing, not the indicator's.
    let unit_at = |p: u32| -> Option<&'static str> {
        let mut units = metrics
            .iter()
            .zip(&place)
            .filter(|(m, &q)| {
                q == p && m.group_cell.is_some_and(|c| line_of_group.contains_key(&c))
            })
            .map(|(m, _)| m.unit);
        let first = units.next().flatten();
        units.all(|u| u == first).then_some(first).flatten()
    };
    let mut measurements = Vec::new();
    let mut places = Vec::new();
    let mut keys = Vec::new();
    for &row in rows {
        let label_cell = CellRef::new(row, label_col);
        let Some(label) = texts.shown(label_cell) else {
            continue;
        };
        for (metric, &at) in metrics.iter().zip(&place) {
            let Some(&line) = metric.group_cell.and_then(|c| line_of_group.get(&c)) else {
                continue;
            };
            let mut key = NameKey::new(Some(texts.anchor(label_cell)), label.to_string(), metric);
            key.col = at;
            key.unit = unit_at(at);
            keys.push(key);
            measurements.push(measurement(line, metric, row, &unnamed));
            places.push(at);
        }
    }
    apply_names(&mut measurements, keys);
    if !lines.iter().any(|l| l.entity == Entity::Total) {
        total_group_by_numbers(sheet, &mut lines, &measurements, &places);
    }
    let outer = vec![None; lines.len()];
    fill_parts(&mut lines, &outer);
    (lines, measurements)
}

/// A column group no word calls a total (全街, 全站, 本年度) is the total when
/// its figures are the sums of the other groups' in most cells where they
/// are not all zero: at least two, and more than those that are not (a wrong
/// total or a slip in one district breaks one cell, not most).
fn total_group_by_numbers(
    sheet: &Sheet,
    lines: &mut [Line],
    measurements: &[Measurement],
    places: &[u32],
) {
    if lines.len() < 3 {
        return;
    }
    let value =
        |cell: CellRef| match values::parse_figure(sheet.get(cell), sheet.number_format(cell)) {
            Parsed::Ok(f) => Some(f.value),
            _ => None,
        };
    // Each indicator row's figure at one place and role, by line.
    type Figures = Vec<(usize, Option<Decimal>)>;
    let mut cells: HashMap<(u32, u32, crate::model::Role), Figures> = HashMap::new();
    for (m, &at) in measurements.iter().zip(places) {
        for (role, cell) in m.additive_cells() {
            cells
                .entry((cell.row, at, role))
                .or_default()
                .push((m.line, value(cell)));
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for (candidate, line) in lines.iter().enumerate() {
        if !matches!(line.entity, Entity::Unrecognized(_)) {
            continue;
        }
        let (mut equal, mut unequal) = (0usize, 0usize);
        for figures in cells.values() {
            let Some(&(_, Some(total))) = figures.iter().find(|(l, _)| *l == candidate) else {
                continue;
            };
            let others: Option<Vec<Decimal>> = figures
                .iter()
                .filter(|(l, _)| *l != candidate)
                .map(|(_, v)| *v)
                .collect();
            let Some(others) = others.filter(|o| o.len() >= 2) else {
                continue;
            };
            let sum: Decimal = others.iter().sum();
            if total.is_zero() && sum.is_zero() {
                continue;
            }
            if sum == total || one_slip_explains(total, sum, &others) {
                equal += 1;
            } else {
                unequal += 1;
            }
        }
        if equal >= 2 && equal > unequal && best.is_none_or(|(_, e)| equal > e) {
            best = Some((candidate, equal));
        }
    }
    if let Some((total, _)) = best {
        lines[total].entity = Entity::Total;
    }
}

/// Whether one figure written a power of ten off (a part, or the total
/// itself) makes `total` the sum: a slip S001 reports, not a misreading.
fn one_slip_explains(total: Decimal, sum: Decimal, parts: &[Decimal]) -> bool {
    let factors = [
        Decimal::TEN,
        Decimal::ONE_HUNDRED,
        Decimal::new(1, 1),
        Decimal::new(1, 2),
    ];
    factors.iter().any(|&f| {
        total.checked_mul(f) == Some(sum)
            || parts.iter().any(|&p| {
                p.checked_mul(f)
                    .and_then(|scaled| sum.checked_sub(p)?.checked_add(scaled))
                    == Some(total)
            })
    })
}

/// Which lines each (sub)total sums. A 小计 sums the ordinary lines of its
/// 片区 (those beside the same merged cell, else those since the previous
/// 小计); a total sums the 小计s and any ordinary line no 小计 covers. A lone
/// 小计 that covers every ordinary line, with no 合计, is the grand total.
pub(super) fn fill_parts(lines: &mut [Line], outer: &[Option<CellRef>]) {
    let ordinary = |l: &Line| matches!(l.entity, Entity::District(_) | Entity::Unrecognized(_));
    let subtotals: Vec<usize> = (0..lines.len())
        .filter(|&i| matches!(lines[i].entity, Entity::Subtotal(_)))
        .collect();
    if subtotals.is_empty() {
        crate::model::sum_all_lines_into_totals(lines);
        return;
    }
    let mut start = 0;
    for &s in &subtotals {
        let same_cell: Vec<usize> = match outer.get(s).copied().flatten() {
            Some(anchor) => (0..lines.len())
                .filter(|&i| i != s && ordinary(&lines[i]) && outer.get(i) == Some(&Some(anchor)))
                .collect(),
            None => Vec::new(),
        };
        let parts = if same_cell.is_empty() {
            (start..s).filter(|&i| ordinary(&lines[i])).collect()
        } else {
            same_cell
        };
        lines[s].parts = parts;
        start = s + 1;
    }
    let all_ordinary = (0..lines.len()).filter(|&i| ordinary(&lines[i])).count();
    let has_total = lines.iter().any(|l| l.entity == Entity::Total);
    if !has_total && subtotals.len() == 1 && lines[subtotals[0]].parts.len() == all_ordinary {
        lines[subtotals[0]].entity = Entity::Total;
        return;
    }
    grand_total_parts(lines);
}

/// The grand total sums the sub-totals and every ordinary line none covers.
fn grand_total_parts(lines: &mut [Line]) {
    let mut covered = vec![false; lines.len()];
    for line in lines.iter() {
        if matches!(line.entity, Entity::Subtotal(_)) {
            for &p in &line.parts {
                covered[p] = true;
            }
        }
    }
    let total_parts: Vec<usize> = (0..lines.len())
        .filter(|&i| match lines[i].entity {
            Entity::Subtotal(_) => true,
            Entity::District(_) | Entity::Unrecognized(_) => !covered[i],
            _ => false,
        })
        .collect();
    for line in lines.iter_mut().filter(|l| l.entity == Entity::Total) {
        line.parts = total_parts.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_power_of_ten_in_one_figure_explains_a_sum() {
        let d = |n: i64| Decimal::from(n);
        // 124 written for 1240: 1240 + 469 = 1709.
        assert!(one_slip_explains(d(1709), d(593), &[d(124), d(469)]));
        // The total itself written ×10.
        assert!(one_slip_explains(d(17090), d(1709), &[d(1240), d(469)]));
        // 1700 is no slip of 1709.
        assert!(!one_slip_explains(d(1700), d(1709), &[d(1240), d(469)]));
    }

    #[test]
    fn district_forms_beyond_pianqu() {
        for t in [
            "东片",
            "西片区",
            "一区",
            "第二区",
            "A区",
            "一片区",
            "全街合计",
        ] {
            assert!(is_line_text(t), "{t}");
        }
        for t in ["电访", "社区", "服务区", "大型社区活动"] {
            assert!(!is_line_text(t), "{t}");
        }
    }
}
