//! The header band read column by column. Each column's header path is
//! parsed into its group (the header cell it hangs from), its own word, and
//! its role (target, done, rate, period value, text). Words name the role
//! where they settle it; where they do not, the figures do: a column whose
//! values are the ratio of two others in most rows is a rate, and those two
//! are its done and target.

use rust_decimal::Decimal;

use super::indicators::Texts;
use super::lines;
use crate::normalize::values::{self, round_half_up, Parsed};
use crate::normalize::vocab::{self, Matched, Measure, MeasureHeader};
use crate::workbook::{CellRef, Sheet, Value};

/// What one column of the header band says.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub col: u32,
    /// The role and unit, named by a word or shown by the figures.
    pub measure: Option<Matched<MeasureHeader>>,
    /// The role was read from the figures, not from a known word (H005).
    pub by_numbers: bool,
    /// A period value (一季度, Q2, 6月) summed into the 累计 column.
    pub period: bool,
    /// Words, never figures (单位, 备注, 说明, or mostly non-numeric text).
    pub text: bool,
    /// The nearest group header above (indicator, district or total), with its cell.
    pub group: Option<(CellRef, String)>,
    /// The column's own header text when it names no role (投入社工人数 merged down).
    pub own: Option<(CellRef, String)>,
    /// The cell holding the column's own header word, where it has one.
    pub head: Option<CellRef>,
    /// The text of that header word.
    pub word: Option<String>,
}

impl Column {
    pub fn role(&self) -> Option<Measure> {
        self.measure.as_ref().map(|m| m.item.measure)
    }

    /// The header cell this column's measurement hangs from, where a group header is above it.
    pub fn group_cell(&self) -> Option<CellRef> {
        self.group.as_ref().map(|(c, _)| *c)
    }

    fn is_figure(&self) -> bool {
        !self.text
    }
}

pub(super) fn read_columns(
    texts: &Texts,
    sheet: &Sheet,
    band_top: u32,
    measure_row: u32,
    period_row: bool,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for col in 0..sheet.width {
        let cell = CellRef::new(measure_row, col);
        let merged_down = sheet
            .merge_at(cell)
            .filter(|m| m.first.row < measure_row && m.first.col == col)
            .map(|m| m.first)
            .or_else(|| {
                period_row
                    .then(|| written_above(texts, sheet, band_top, cell))
                    .flatten()
            });
        // A header merged down from the band (服务片区 over two rows) shows here too.
        let measure_text = texts
            .own(cell)
            .or_else(|| merged_down.and_then(|above| texts.own(above)));
        let mut group: Option<(CellRef, String)> = None;
        for row in (band_top..measure_row).rev() {
            let above = CellRef::new(row, col);
            let Some(text) = texts.shown(above) else {
                continue;
            };
            let anchor = texts.anchor(above);
            match &mut group {
                // A cell merged down into the measure row is the column's own header, not a group.
                None if merged_down == Some(anchor) => break,
                None => group = Some((repeated_from(texts, sheet, anchor), text.to_string())),
                // Three header rows: a unit under its indicator (专业小组 / 人次)
                // is that indicator in that unit; the nearer cell stays the identity.
                Some((near, unit)) if *near != anchor => {
                    if is_unit_like(unit)
                        && !lines::is_line_text(text)
                        && !vocab::is_label_header(text)
                    {
                        *unit = qualified(text, unit);
                    }
                    break;
                }
                Some(_) => {}
            }
        }
        let mut measure = measure_text.and_then(vocab::match_measure);
        // A label word under a group header (指标 under 电访) heads a figure
        // column of that group: the label column never hangs from a group.
        if measure.is_none()
            && group
                .as_ref()
                .is_some_and(|(_, g)| !vocab::is_label_header(g))
        {
            measure = texts
                .own(cell)
                .filter(|t| vocab::is_label_header(t))
                .and_then(vocab::family_of)
                .map(|item| Matched {
                    item,
                    confidence: 1.0,
                    typo_of: None,
                });
        }
        let period = measure.is_none() && texts.own(cell).is_some_and(vocab::is_period_word);
        let text = measure_text.is_some_and(vocab::is_text_header)
            || group
                .as_ref()
                .is_some_and(|(_, g)| vocab::is_text_header(g));
        let own = match (&measure, measure_text) {
            (None, Some(t)) if !period => {
                Some((merged_down.unwrap_or(texts.anchor(cell)), t.to_string()))
            }
            _ => None,
        };
        // Producers that do not merge write a group once and leave the cells to
        // its right blank: a word written in the measure row itself (not merged
        // down from the band) under a blank belongs to the group on its left.
        if group.is_none() && merged_down.is_none() && texts.own(cell).is_some() && !text {
            if let Some(prev) = columns.last() {
                let joins = measure.is_some()
                    || period
                    || own
                        .as_ref()
                        .is_some_and(|(_, t)| !vocab::is_label_header(t));
                if prev.col + 1 == col && !prev.text && joins && prev.group.is_some() {
                    group = prev.group.clone();
                }
            }
        }
        if measure.is_none() && own.is_none() && group.is_none() && !period {
            continue;
        }
        columns.push(Column {
            col,
            measure,
            by_numbers: false,
            period,
            text,
            group,
            head: measure_text.map(|_| texts.anchor(cell)),
            word: measure_text.map(str::to_string),
            own,
        });
    }
    columns
}

/// Under a row of period words, a column whose cell there is blank is headed
/// by the word written above it in its own column (目标 | 季度完成 … | 累计
/// over 空 | 一季度 … | 空), as if merged down: the cell holding it.
fn written_above(texts: &Texts, sheet: &Sheet, band_top: u32, cell: CellRef) -> Option<CellRef> {
    if texts.own(cell).is_some() || sheet.merge_at(cell).is_some() {
        return None;
    }
    (band_top..cell.row)
        .rev()
        .map(|row| CellRef::new(row, cell.col))
        .find(|&above| texts.own(above).is_some() || sheet.merge_at(above).is_some())
        .filter(|&above| texts.own(above).is_some() && sheet.merge_at(above).is_none())
}

/// A group header repeated over each of its columns instead of merged
/// (电访 | 电访 | 电访) is one group: its cell is the first of the run.
fn repeated_from(texts: &Texts, sheet: &Sheet, anchor: CellRef) -> CellRef {
    let mut first = anchor;
    if sheet.merge_at(anchor).is_some() {
        return first;
    }
    let text = texts.own(anchor);
    while let Some(col) = first.col.checked_sub(1) {
        let left = CellRef::new(anchor.row, col);
        if sheet.merge_at(left).is_some() || texts.own(left) != text {
            break;
        }
        first = left;
    }
    first
}

/// A unit written as a header of its own: 人次, 个数, 场, 户次.
fn is_unit_like(text: &str) -> bool {
    vocab::match_unit(text).is_some_and(|u| u == text)
        || text.chars().count() <= 2
            && vocab::match_indicator(text).is_none()
            && !lines::is_line_text(text)
}

/// An indicator and the unit written under it: "专业小组" + "人次" →
/// "专业小组人次" (a unit the dictionary knows), "大型社区活动" + "场" →
/// "大型社区活动(场)".
fn qualified(indicator: &str, unit: &str) -> String {
    if vocab::match_unit(unit).is_some_and(|u| u == unit) {
        format!("{indicator}{unit}")
    } else {
        format!("{indicator}({unit})")
    }
}

/// Marks the columns whose cells are mostly words as text: they are never
/// figures. Under a role word (完成情况 over "已完成") a column is text only
/// when it holds words in several rows and no figure at all: a stray word
/// among figures is an unreadable figure (V007), not a note.
pub(super) fn mark_text_columns(sheet: &Sheet, columns: &mut [Column], rows: &[u32]) {
    for column in columns.iter_mut().filter(|c| !c.text && !c.period) {
        let (mut words, mut figures) = (0, 0);
        for &row in rows {
            let value = sheet.get(CellRef::new(row, column.col));
            // A number cell is a figure here whatever its size: no exact
            // value is needed to tell figures from words.
            if let Value::Number(_) = value {
                figures += 1;
                continue;
            }
            match values::parse_figure(value, None) {
                Parsed::Ok(_) => figures += 1,
                Parsed::Missing => {}
                Parsed::Unreadable(_) if is_rate(sheet, CellRef::new(row, column.col)) => {
                    figures += 1
                }
                Parsed::Unreadable(_) => words += 1,
            }
        }
        let named = column.measure.is_some();
        if !named && words > figures || named && figures == 0 && words >= 2 {
            column.text = true;
            column.measure = None;
        }
    }
}

/// A label word over a column of figures (项目 | 单位 | 指标 | 完成) heads a
/// figure column, in the role its family names (指标 → target).
pub(super) fn label_words_over_figures(columns: &mut [Column], label_col: u32) {
    for column in columns
        .iter_mut()
        .filter(|c| c.col != label_col && c.measure.is_none() && !c.text && !c.period)
    {
        let Some((_, own)) = &column.own else {
            continue;
        };
        if !vocab::is_label_header(own) {
            continue;
        }
        if let Some(item) = vocab::family_of(own) {
            column.measure = Some(Matched {
                item,
                confidence: 1.0,
                typo_of: None,
            });
            column.own = None;
        }
    }
}

fn is_rate(sheet: &Sheet, cell: CellRef) -> bool {
    matches!(
        values::parse_rate(sheet.get(cell), sheet.number_format(cell)),
        Parsed::Ok(_)
    )
}

/// Roles from the figures: within each run of columns under one group
/// header, a column equal to the ratio of two others (at the precision shown,
/// in most rows) is a rate and the two are its done and target. A lone
/// unnamed column beside the two roles its group names takes the third.
pub(super) fn roles_from_numbers(sheet: &Sheet, columns: &mut [Column], rows: &[u32]) {
    for run in runs(columns) {
        let unknown = |columns: &[Column]| {
            run.iter()
                .filter(|&&i| columns[i].measure.is_none() && !columns[i].period)
                .count()
        };
        if unknown(columns) == 0 {
            continue;
        }
        cumulative_from_periods(sheet, columns, &run, rows);
        while let Some((t, d, r)) = find_ratio(sheet, columns, &run, rows) {
            for (i, role) in [(t, Measure::Target), (d, Measure::Done), (r, Measure::Rate)] {
                if columns[i].measure.is_none() {
                    columns[i].measure = Some(Matched {
                        item: MeasureHeader {
                            measure: role,
                            unit: None,
                        },
                        confidence: 1.0,
                        typo_of: None,
                    });
                    columns[i].by_numbers = true;
                    columns[i].own = None;
                }
            }
            if unknown(columns) == 0 {
                break;
            }
        }
        fill_the_missing_role(columns, &run);
    }
}

/// An unnamed column right after a run of period columns whose figures are
/// their sum, in at least half of the rows and one at least, is their
/// cumulative figure (累计, 合计, 全年累计…): the done of the group.
fn cumulative_from_periods(sheet: &Sheet, columns: &mut [Column], run: &[usize], rows: &[u32]) {
    for &i in run {
        let col = columns[i].col;
        if columns[i].measure.is_some() {
            continue;
        }
        let periods: Vec<u32> = columns
            .iter()
            .rev()
            .skip_while(|c| c.col >= col)
            .take_while(|c| c.period)
            .map(|c| c.col)
            .collect();
        if periods.len() < 2 || periods.first() != Some(&(col - 1)) {
            continue;
        }
        let (mut checked, mut held) = (0, 0);
        for &row in rows {
            let figure = |col| {
                let cell = CellRef::new(row, col);
                match values::parse_figure(sheet.get(cell), sheet.number_format(cell)) {
                    Parsed::Ok(f) => Some(f.value),
                    Parsed::Missing => Some(Decimal::ZERO),
                    Parsed::Unreadable(_) => None,
                }
            };
            let Some(stated) = figure(col) else { continue };
            let Some(sum) = periods
                .iter()
                .try_fold(Decimal::ZERO, |acc, &p| acc.checked_add(figure(p)?))
            else {
                continue;
            };
            if stated.is_zero() && sum.is_zero() {
                continue;
            }
            checked += 1;
            if stated == sum {
                held += 1;
            }
        }
        if held > 0 && held * 2 >= checked {
            columns[i].measure = Some(Matched {
                item: MeasureHeader {
                    measure: Measure::Done,
                    unit: None,
                },
                confidence: 1.0,
                typo_of: None,
            });
            columns[i].by_numbers = true;
            columns[i].own = None;
        }
    }
}

/// Target, unnamed, rate (or any order of the three with one unnamed): the
/// unnamed column takes the role its group lacks.
fn fill_the_missing_role(columns: &mut [Column], run: &[usize]) {
    let figures: Vec<usize> = run
        .iter()
        .copied()
        .filter(|&i| !columns[i].period)
        .collect();
    if figures.len() != 3 {
        return;
    }
    let unknown: Vec<usize> = figures
        .iter()
        .copied()
        .filter(|&i| columns[i].measure.is_none())
        .collect();
    let [i] = unknown[..] else { return };
    let named: Vec<Measure> = figures.iter().filter_map(|&j| columns[j].role()).collect();
    let missing: Vec<Measure> = [Measure::Target, Measure::Done, Measure::Rate]
        .into_iter()
        .filter(|m| !named.contains(m))
        .collect();
    // Only when the other two are distinct and the order is target, done, rate.
    let [role] = missing[..] else { return };
    let mut order = named.clone();
    order.insert(figures.iter().position(|&j| j == i).unwrap_or(0), role);
    if order != [Measure::Target, Measure::Done, Measure::Rate] {
        return;
    }
    columns[i].measure = Some(Matched {
        item: MeasureHeader {
            measure: role,
            unit: None,
        },
        confidence: 1.0,
        typo_of: None,
    });
    columns[i].by_numbers = true;
    columns[i].own = None;
}

/// Runs of adjacent figure columns hanging from the same group cell (or from
/// none), as indices into `columns`.
fn runs(columns: &[Column]) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<(u32, Option<CellRef>)> = None;
    for (i, c) in columns.iter().enumerate() {
        if !c.is_figure() {
            prev = None;
            continue;
        }
        // Period columns under their own heading sit inside the run of the
        // target and 累计 beside them: they neither join nor break it.
        if c.period {
            if let Some((col, _)) = prev.as_mut().filter(|(col, _)| *col + 1 == c.col) {
                *col = c.col;
            }
            continue;
        }
        let key = c.group_cell();
        match (prev, runs.last_mut()) {
            (Some((col, g)), Some(run)) if col + 1 == c.col && g == key => run.push(i),
            _ => runs.push(vec![i]),
        }
        prev = Some((c.col, key));
    }
    runs
}

/// The first (target, done, rate) of a run whose figures hold as done /
/// target = rate, at least one of them unnamed, and roles compatible with
/// what words already named. Adjacent columns are tried first.
fn find_ratio(
    sheet: &Sheet,
    columns: &[Column],
    run: &[usize],
    rows: &[u32],
) -> Option<(usize, usize, usize)> {
    let fits =
        |i: usize, role: Measure| !columns[i].period && columns[i].role().is_none_or(|r| r == role);
    // Only a column written like a rate, or named one by its header (whole
    // percent points under "完成率(%)"), can be one: this spares the search
    // on grids of counts and ticks.
    let rates: Vec<usize> = run
        .iter()
        .copied()
        .filter(|&i| {
            fits(i, Measure::Rate)
                && (columns[i].role() == Some(Measure::Rate)
                    || looks_like_rates(sheet, columns[i].col, rows))
        })
        .collect();
    if rates.is_empty() {
        return None;
    }
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for w in run.windows(3) {
        candidates.push((w[0], w[1], w[2]));
    }
    // Any order within a small group; a wide run is tried as neighbours only.
    if run.len() <= MAX_FREE_RUN {
        for &r in &rates {
            for &t in run {
                for &d in run {
                    if t != d && t != r && d != r {
                        candidates.push((t, d, r));
                    }
                }
            }
        }
    }
    candidates.into_iter().find(|&(t, d, r)| {
        rates.contains(&r)
            && fits(t, Measure::Target)
            && fits(d, Measure::Done)
            && fits(r, Measure::Rate)
            && [t, d, r].iter().any(|&i| columns[i].measure.is_none())
            && ratio_holds(
                sheet,
                rows,
                (columns[t].col, columns[d].col, columns[r].col),
                columns[r].role() == Some(Measure::Rate),
            )
    })
}

/// Widest group whose columns are tried in any order for a ratio.
const MAX_FREE_RUN: usize = 8;

/// Whether any cell of the column is written as a percentage or is a
/// fraction: what a rate column holds, and a column of counts never does.
fn looks_like_rates(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    rows.iter().any(|&row| {
        let cell = CellRef::new(row, col);
        match sheet.get(cell) {
            Value::Text(s) => s.contains('%') || s.contains('％'),
            Value::Number(n) => {
                n.fract() != 0.0 || sheet.number_format(cell).is_some_and(|f| f.contains('%'))
            }
            _ => false,
        }
    })
}

/// Whether the column `r` reads as done / target at the precision it shows,
/// in most rows that have all three (one unit off in the last digit counts:
/// a truncated rate is still a rate). A column of ratios is a rate only if
/// it looks like one: written as a percentage, or not all whole numbers, or
/// headed as a rate (`named`: 完成率(%) over 100 in every row, a group done
/// exactly, is its rate; ticks of 1 beside counts of 1 are not).
fn ratio_holds(sheet: &Sheet, rows: &[u32], (t, d, r): (u32, u32, u32), named: bool) -> bool {
    // Rates written as percent numbers under a (%) header (103.7) are read too.
    let (mut checked, mut held, mut held_percent, mut rate_like) = (0, 0, 0, false);
    for &row in rows {
        let figure = |col| {
            let cell = CellRef::new(row, col);
            match values::parse_figure(sheet.get(cell), sheet.number_format(cell)) {
                Parsed::Ok(f) => Some(f.value),
                _ => None,
            }
        };
        let rate_cell = CellRef::new(row, r);
        let Parsed::Ok(rate) =
            values::parse_rate(sheet.get(rate_cell), sheet.number_format(rate_cell))
        else {
            continue;
        };
        let (Some(target), Some(done)) = (figure(t), figure(d)) else {
            continue;
        };
        if target.is_zero() {
            continue;
        }
        checked += 1;
        let percent_written = match sheet.get(rate_cell) {
            Value::Text(s) => s.contains('%') || s.contains('％'),
            _ => sheet
                .number_format(rate_cell)
                .is_some_and(|f| f.contains('%')),
        };
        rate_like |= percent_written || !rate.fraction.fract().is_zero();
        let places = rate.percent_decimals + 2;
        let expected = round_half_up(done / target, places);
        let stated = round_half_up(rate.fraction, places);
        if (expected - stated).abs() <= Decimal::new(1, places) {
            held += 1;
        }
        let as_percent = round_half_up(rate.fraction / Decimal::ONE_HUNDRED, places + 2);
        let expected_percent = round_half_up(done / target, places + 2);
        if !percent_written && (expected_percent - as_percent).abs() <= Decimal::new(1, places + 2)
        {
            held_percent += 1;
        }
    }
    (rate_like || named) && checked > 0 && held.max(held_percent) * 3 >= checked * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_rows("表", rows)
    }

    #[test]
    fn a_ratio_column_is_a_rate_in_most_rows() {
        let s = sheet(&[
            &["100", "50", "50%"],
            &["30", "20", "66.67%"],
            &["8", "10", "125.0%"],
            &["8", "10", "99%"],
        ]);
        assert!(ratio_holds(&s, &[0, 1, 2, 3], (0, 1, 2), false));
        assert!(!ratio_holds(&s, &[0, 1, 2, 3], (1, 0, 2), false));
        assert!(!ratio_holds(&s, &[3], (0, 1, 2), false));
        let percent_numbers = sheet(&[&["30", "20", "66.67"], &["8", "10", "125"]]);
        assert!(ratio_holds(&percent_numbers, &[0, 1], (0, 1, 2), false));
    }

    #[test]
    fn whole_ratios_unformatted_are_no_rate() {
        // Ticks written 1 beside counts of 1: a ratio of 1, but no rate.
        let s = sheet(&[&["1", "1", "1"], &["2", "2", "1"]]);
        assert!(!ratio_holds(&s, &[0, 1], (0, 1, 2), false));
        // Under a rate's header, 100 beside equal figures is 100%.
        let exact = sheet(&[&["80", "80", "100"], &["23", "23", "100"]]);
        assert!(!ratio_holds(&exact, &[0, 1], (0, 1, 2), false));
        assert!(ratio_holds(&exact, &[0, 1], (0, 1, 2), true));
    }
}
