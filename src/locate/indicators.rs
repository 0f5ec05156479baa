//! Find indicator tables on a sheet wherever they sit: the header band (one to
//! three rows, merged or written once and left blank to the right), the label
//! column, the district / indicator lines and the total, in any of three layouts.

use std::collections::HashMap;

use crate::model::{Entity, HeaderCell, HeaderKind, IndicatorTable, Layout, Line, Measurement};
use crate::normalize::names;
use crate::normalize::vocab::{self, Matched, Measure, MeasureHeader};
use crate::workbook::{CellRange, CellRef, Sheet, Value};

/// Header rows above the measure row that may hold group headers.
const MAX_BAND_ABOVE: u32 = 2;

/// A row is a measure row when it holds at least this many measure words.
const MIN_MEASURES: usize = 2;

/// Normalized text of every text cell, computed once per sheet.
struct Texts<'a> {
    sheet: &'a Sheet,
    cache: HashMap<CellRef, String>,
    /// Cells whose own text is a measure word (协议量, 完成量, 百分比…).
    measures: std::collections::HashSet<CellRef>,
}

impl<'a> Texts<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        let cache: HashMap<CellRef, String> = sheet
            .cells()
            .filter_map(|(cell, value)| match value {
                Value::Text(s) => Some((cell, vocab::normalize(s).text)),
                _ => None,
            })
            .filter(|(_, text)| !text.is_empty())
            .collect();
        // The same few texts recur on every row (rates, labels): match each distinct one once.
        let mut seen: HashMap<&str, bool> = HashMap::new();
        let measures = cache
            .iter()
            .filter(|(_, text)| {
                *seen
                    .entry(text.as_str())
                    .or_insert_with(|| vocab::match_measure(text).is_some())
            })
            .map(|(cell, _)| *cell)
            .collect();
        Texts {
            sheet,
            cache,
            measures,
        }
    }

    /// The normalized text shown at a cell, following merged regions.
    fn shown(&self, cell: CellRef) -> Option<&str> {
        let anchor = self.sheet.merge_at(cell).map_or(cell, |m| m.first);
        self.cache.get(&anchor).map(String::as_str)
    }

    /// The normalized text of the cell itself (not of a merge it sits in).
    fn own(&self, cell: CellRef) -> Option<&str> {
        self.cache.get(&cell).map(String::as_str)
    }

    fn raw(&self, cell: CellRef) -> String {
        let anchor = self.sheet.merge_at(cell).map_or(cell, |m| m.first);
        self.sheet.get(anchor).to_string()
    }

    fn anchor(&self, cell: CellRef) -> CellRef {
        self.sheet.merge_at(cell).map_or(cell, |m| m.first)
    }
}

/// What one column of the header band says.
#[derive(Debug, Clone)]
struct Column {
    col: u32,
    /// The measure named in the measure row, if any.
    measure: Option<Matched<MeasureHeader>>,
    /// The nearest group header above (indicator, district or total), with its cell.
    group: Option<(CellRef, String)>,
    /// The measure row's own text when it names no measure (投入社工人数 merged down).
    own: Option<(CellRef, String)>,
}

/// Finds every indicator table on the sheet.
pub fn indicator_tables(sheet: &Sheet) -> Vec<IndicatorTable> {
    let texts = Texts::new(sheet);
    let measure_rows: Vec<u32> = (0..sheet.height)
        .filter(|&row| count_measures(&texts, sheet, row) >= MIN_MEASURES)
        .collect();
    let mut tables = Vec::new();
    for (i, &row) in measure_rows.iter().enumerate() {
        let limit = measure_rows
            .get(i + 1)
            .map_or(sheet.height, |&next| band_top(&texts, sheet, next));
        if let Some(table) = table_at(&texts, sheet, row, limit) {
            tables.push(table);
        }
    }
    tables
}

fn count_measures(texts: &Texts, sheet: &Sheet, row: u32) -> usize {
    (0..sheet.width)
        .filter(|&col| texts.measures.contains(&CellRef::new(row, col)))
        .count()
}

/// Builds the table whose measure row is `measure_row`; data rows end before `limit`.
fn table_at(texts: &Texts, sheet: &Sheet, measure_row: u32, limit: u32) -> Option<IndicatorTable> {
    let band_top = band_top(texts, sheet, measure_row);
    let columns = read_columns(texts, sheet, band_top, measure_row);
    let label_col = label_column(texts, sheet, &columns, band_top, measure_row)?;
    // Section labels left of the label column (总体服务 merged down the block) are not part of the table.
    let columns: Vec<Column> = columns.into_iter().filter(|c| c.col >= label_col).collect();
    let data_rows = data_rows(texts, sheet, &columns, label_col, measure_row, limit);
    if data_rows.is_empty() {
        return None;
    }
    let layout = decide_layout(texts, &columns, label_col, &data_rows);
    let mut headers = header_cells(texts, &columns, label_col, layout, band_top, measure_row);
    let (lines, measurements) = match layout {
        Layout::DistrictRows => district_rows(texts, &columns, label_col, &data_rows),
        Layout::Transposed => transposed(texts, &columns, label_col, &data_rows),
        Layout::StationRows => station_rows(texts, &columns, label_col, &data_rows),
    };
    if measurements.is_empty() {
        return None;
    }
    let mut lines = lines;
    crate::model::sum_all_lines_into_totals(&mut lines);
    headers.sort_by_key(|h| (h.cell.row, h.cell.col));
    headers.dedup_by_key(|h| h.cell);
    let last_row = *data_rows.last()?;
    let first_col = columns.first().map_or(label_col, |c| c.col).min(label_col);
    let last_col = columns.last().map_or(label_col, |c| c.col).max(label_col);
    Some(IndicatorTable {
        sheet: sheet.name.clone(),
        range: CellRange::new(
            CellRef::new(band_top, first_col),
            CellRef::new(last_row, last_col),
        ),
        layout,
        headers,
        lines,
        measurements,
    })
}

/// The top of the header band: up to two non-blank rows above the measure row
/// that are not titles (a title is a lone text spanning the table, or the only cell of its row).
fn band_top(texts: &Texts, sheet: &Sheet, measure_row: u32) -> u32 {
    let mut top = measure_row;
    for _ in 0..MAX_BAND_ABOVE {
        let Some(row) = top.checked_sub(1) else { break };
        let filled: Vec<u32> = (0..sheet.width)
            .filter(|&col| texts.own(CellRef::new(row, col)).is_some())
            .collect();
        let merged_from_above = (0..sheet.width).any(|col| {
            sheet
                .merge_at(CellRef::new(measure_row, col))
                .is_some_and(|m| m.first.row <= row)
        });
        if filled.is_empty() && !merged_from_above {
            break;
        }
        if filled.len() == 1
            && !merged_from_above
            && looks_like_title(texts, CellRef::new(row, filled[0]))
        {
            break;
        }
        top = row;
    }
    top
}

fn looks_like_title(texts: &Texts, cell: CellRef) -> bool {
    texts.own(cell).is_some_and(|t| {
        t.chars().count() > 12
            || t.contains("统计表")
            || t.contains("情况表")
            || t.starts_with("附件")
    })
}

fn read_columns(texts: &Texts, sheet: &Sheet, band_top: u32, measure_row: u32) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for col in 0..sheet.width {
        let cell = CellRef::new(measure_row, col);
        let measure_text = texts.own(cell).or_else(|| {
            // A header merged down from the band (服务片区 over two rows) shows here too.
            sheet
                .merge_at(cell)
                .filter(|m| m.first.row < measure_row && m.first.col == col)
                .and_then(|_| texts.shown(cell))
        });
        let measure = texts.own(cell).and_then(vocab::match_measure);
        let own = match (&measure, measure_text) {
            (None, Some(t)) => Some((texts.anchor(cell), t.to_string())),
            _ => None,
        };
        let mut group = None;
        for row in (band_top..measure_row).rev() {
            let above = CellRef::new(row, col);
            if let Some(text) = texts.shown(above) {
                let anchor = texts.anchor(above);
                // A cell merged down into the measure row is the column's own header, not a group.
                if sheet.merge_at(cell).is_some_and(|m| m.first == anchor) {
                    break;
                }
                group = Some((anchor, text.to_string()));
                break;
            }
        }
        // Producers that do not merge write a group once and leave the cells to its right blank.
        if group.is_none() && measure.is_some() {
            if let Some(prev) = columns.last() {
                if prev.col + 1 == col && prev.measure.is_some() {
                    group = prev.group.clone();
                }
            }
        }
        if measure.is_none() && own.is_none() && group.is_none() {
            continue;
        }
        columns.push(Column {
            col,
            measure,
            group,
            own,
        });
    }
    columns
}

/// The label column: the one whose header is a label word (服务片区, 协议内容),
/// else the leftmost column of the band that holds no measure.
fn label_column(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    band_top: u32,
    measure_row: u32,
) -> Option<u32> {
    let by_header = (0..sheet.width).find(|&col| {
        (band_top..=measure_row).any(|row| {
            texts
                .shown(CellRef::new(row, col))
                .is_some_and(vocab::is_label_header)
        })
    });
    by_header.or_else(|| {
        let first_measure = columns.iter().find(|c| c.measure.is_some())?.col;
        columns
            .iter()
            .find(|c| c.measure.is_none() && c.col < first_measure)
            .map(|c| c.col)
            .or(first_measure.checked_sub(1))
    })
}

/// Rows below the header holding figures, up to the next table, a prose note
/// or the end of the sheet; blank rows inside the table are skipped.
fn data_rows(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    label_col: u32,
    measure_row: u32,
    limit: u32,
) -> Vec<u32> {
    let figure_cols: Vec<u32> = columns
        .iter()
        .filter(|c| c.col != label_col)
        .map(|c| c.col)
        .collect();
    let mut rows = Vec::new();
    let mut blank_run = 0;
    for row in measure_row + 1..limit {
        let has_figure = figure_cols
            .iter()
            .any(|&col| !sheet.get(CellRef::new(row, col)).is_empty());
        let label = texts.shown(CellRef::new(row, label_col));
        if !has_figure {
            if label.is_none() && row_is_blank(sheet, row) {
                blank_run += 1;
                if blank_run > 2 {
                    break;
                }
                continue;
            }
            break;
        }
        // A prose note merged across the table ends it.
        if sheet
            .merge_at(CellRef::new(row, label_col))
            .is_some_and(|m| m.first.row == m.last.row && m.last.col > label_col + 2)
        {
            break;
        }
        blank_run = 0;
        rows.push(row);
    }
    rows
}

fn row_is_blank(sheet: &Sheet, row: u32) -> bool {
    (0..sheet.width).all(|col| sheet.get(CellRef::new(row, col)).is_empty())
}

fn is_line_text(text: &str) -> bool {
    vocab::is_total_label(text) || names::district_number(text).is_some()
}

fn decide_layout(texts: &Texts, columns: &[Column], label_col: u32, rows: &[u32]) -> Layout {
    let line_groups = columns
        .iter()
        .filter(|c| c.measure.is_some())
        .filter(|c| c.group.as_ref().is_some_and(|(_, g)| is_line_text(g)))
        .count();
    let measured = columns.iter().filter(|c| c.measure.is_some()).count();
    if measured > 0 && line_groups * 2 > measured {
        return Layout::Transposed;
    }
    let line_labels = rows
        .iter()
        .filter(|&&row| {
            texts
                .shown(CellRef::new(row, label_col))
                .is_some_and(is_line_text)
        })
        .count();
    if line_labels * 2 >= rows.len() {
        Layout::DistrictRows
    } else {
        Layout::StationRows
    }
}

fn header_cells(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    layout: Layout,
    band_top: u32,
    measure_row: u32,
) -> Vec<HeaderCell> {
    let mut cells = Vec::new();
    let mut push = |cell: CellRef, kind: HeaderKind| {
        if let Some(normalized) = texts.own(cell) {
            cells.push(HeaderCell {
                cell,
                raw: texts.raw(cell),
                normalized: normalized.to_string(),
                kind,
            });
        }
    };
    for row in band_top..=measure_row {
        if let Some(text) = texts.own(CellRef::new(row, label_col)) {
            let kind = if vocab::is_label_header(text) {
                HeaderKind::Label
            } else {
                HeaderKind::Banner
            };
            push(CellRef::new(row, label_col), kind);
        }
    }
    for column in columns.iter().filter(|c| c.col != label_col) {
        if let Some(m) = &column.measure {
            push(
                CellRef::new(measure_row, column.col),
                HeaderKind::Measure(m.clone()),
            );
        }
        if let Some((cell, text)) = column.own.as_ref().or(column.group.as_ref()) {
            let kind = if layout == Layout::Transposed && is_line_text(text) {
                HeaderKind::Line
            } else if vocab::is_label_header(text) {
                HeaderKind::Label
            } else {
                match indicator_of(text).or_else(|| split_unit(text).map(|(m, _)| m)) {
                    Some(m) => HeaderKind::Indicator(m),
                    None => HeaderKind::Unmatched,
                }
            };
            push(*cell, kind);
        }
    }
    cells
}

/// Recognises an indicator name, also when it ends in a unit ("小组个数").
fn indicator_of(text: &str) -> Option<Matched<&'static str>> {
    vocab::match_indicator(text)
}

/// An indicator written with its unit ("专业个案接案", "小组个数"): the
/// indicator and the unit, when the text without the unit is a known indicator.
fn split_unit(text: &str) -> Option<(Matched<&'static str>, &'static str)> {
    let unit = vocab::match_unit(text)?;
    let base = text.strip_suffix(unit)?;
    Some((indicator_of(base)?, unit))
}

/// The indicator a column measures, with its unit when the header names one.
fn indicator_name(base: &str, unit: Option<&str>) -> String {
    if indicator_of(base).is_none() {
        if let Some((m, own_unit)) = split_unit(base) {
            return format!("{}·{}", m.item, unit.unwrap_or(own_unit));
        }
    }
    let canonical = indicator_of(base).map_or(base.to_string(), |m| m.item.to_string());
    match unit {
        Some(unit) if !canonical.ends_with(unit) => format!("{canonical}·{unit}"),
        _ => canonical,
    }
}

/// One metric: the target, done and rate columns of one indicator and unit.
#[derive(Debug, Clone, Default)]
struct Metric {
    /// The group header text (indicator, or district in transposed tables).
    group: String,
    unit: Option<&'static str>,
    target: Option<u32>,
    done: Option<u32>,
    rate: Option<u32>,
    count: Option<u32>,
}

/// Groups measure columns into metrics: a target opens a metric, and the done
/// and rate columns after it belong to it until the next target.
fn metrics(columns: &[Column], label_col: u32) -> Vec<Metric> {
    let mut metrics: Vec<Metric> = Vec::new();
    for column in columns.iter().filter(|c| c.col != label_col) {
        let group = column
            .group
            .as_ref()
            .map(|(_, g)| g.clone())
            .unwrap_or_default();
        let Some(measure) = &column.measure else {
            if let Some((_, own)) = &column.own {
                if !vocab::is_label_header(own) {
                    metrics.push(Metric {
                        group: own.clone(),
                        count: Some(column.col),
                        ..Default::default()
                    });
                }
            }
            continue;
        };
        let header = &measure.item;
        let current = metrics
            .last_mut()
            .filter(|m| m.group == group && m.count.is_none());
        match (header.measure, current) {
            (Measure::Target, _) => metrics.push(Metric {
                group,
                unit: header.unit,
                target: Some(column.col),
                ..Default::default()
            }),
            (Measure::Done, Some(m)) if m.done.is_none() && m.rate.is_none() => {
                m.done = Some(column.col);
                m.unit = m.unit.or(header.unit);
            }
            (Measure::Rate, Some(m)) if m.rate.is_none() => m.rate = Some(column.col),
            (Measure::Done, _) => metrics.push(Metric {
                group,
                unit: header.unit,
                done: Some(column.col),
                ..Default::default()
            }),
            (Measure::Rate, _) => metrics.push(Metric {
                group,
                unit: header.unit,
                rate: Some(column.col),
                ..Default::default()
            }),
        }
    }
    metrics
}

fn entity_of(text: &str) -> Entity {
    if vocab::is_total_label(text) {
        Entity::Total
    } else if let Some(n) = names::district_number(text) {
        Entity::District(n)
    } else {
        Entity::Unrecognized(text.to_string())
    }
}

fn measurement(line: usize, indicator: String, metric: &Metric, row: u32) -> Measurement {
    let at = |col: Option<u32>| col.map(|c| CellRef::new(row, c));
    Measurement {
        line,
        indicator,
        target: at(metric.target),
        done: at(metric.done),
        rate: at(metric.rate),
        count: at(metric.count),
    }
}

fn district_rows(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    let metrics = metrics(columns, label_col);
    // A metric's name is the same on every row: match it once, not once per district.
    let names: Vec<String> = metrics
        .iter()
        .map(|m| indicator_name(&m.group, m.unit))
        .collect();
    let mut lines = Vec::new();
    let mut measurements = Vec::new();
    for &row in rows {
        let label_cell = CellRef::new(row, label_col);
        let label = texts.shown(label_cell).unwrap_or_default().to_string();
        lines.push(Line {
            entity: entity_of(&label),
            label: texts.raw(label_cell),
            label_cell: Some(texts.anchor(label_cell)),
            parts: Vec::new(),
        });
        for (metric, name) in metrics.iter().zip(&names) {
            measurements.push(measurement(lines.len() - 1, name.clone(), metric, row));
        }
    }
    (lines, measurements)
}

fn station_rows(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    // Side-by-side blocks each start at their own label column (协议内容 … 协议内容 …).
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
    for (block_label, block_columns) in &blocks {
        let metrics = metrics(block_columns, *block_label);
        for &row in rows {
            let Some(label) = texts.shown(CellRef::new(row, *block_label)) else {
                continue;
            };
            for metric in &metrics {
                let unit = metric.unit.or_else(|| vocab::match_unit(label));
                let base = match vocab::match_unit(label) {
                    Some(u) if indicator_of(label).is_none() => {
                        label.trim_end_matches(u).to_string()
                    }
                    _ => label.to_string(),
                };
                let mut m = measurement(0, indicator_name(&base, unit), metric, row);
                if m.target.is_none() && m.done.is_none() && m.rate.is_none() {
                    m.count = m.count.or(Some(CellRef::new(row, *block_label + 1)));
                }
                measurements.push(m);
            }
        }
    }
    (lines, measurements)
}

fn transposed(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> (Vec<Line>, Vec<Measurement>) {
    let metrics = metrics(columns, label_col);
    let mut lines: Vec<Line> = Vec::new();
    let mut line_of_group: HashMap<String, usize> = HashMap::new();
    for column in columns.iter().filter(|c| c.measure.is_some()) {
        if let Some((cell, group)) = &column.group {
            line_of_group.entry(group.clone()).or_insert_with(|| {
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
    let mut measurements = Vec::new();
    for &row in rows {
        let Some(label) = texts.shown(CellRef::new(row, label_col)) else {
            continue;
        };
        for metric in &metrics {
            if let Some(&line) = line_of_group.get(&metric.group) {
                let indicator = indicator_name(label, metric.unit);
                measurements.push(measurement(line, indicator, metric, row));
            }
        }
    }
    (lines, measurements)
}
