//! Find indicator tables on a sheet wherever they sit: the header band (one to
//! three rows, merged or written once and left blank to the right), the label
//! column, the district / indicator lines and the (sub)totals, in any layout.
//!
//! Structure first, vocabulary second: a header row is found by its role
//! words, or, where every word is unfamiliar, by the figures below it (a
//! column that is the ratio of two others). Columns and their roles are read
//! in [`super::columns`]; lines, sub-totals and names in [`super::lines`].

use rustc_hash::{FxHashMap, FxHashSet};

use super::columns::{self, Column};
use super::lines::{self, is_line_text};
use super::naming;
use crate::model::{HeaderCell, HeaderKind, IndicatorTable, Layout, Measurement};
use crate::normalize::values::{self, Parsed};
use crate::normalize::vocab;
use crate::workbook::{CellRange, CellRef, Sheet, Value};

/// Header rows above the measure row that may hold group headers.
const MAX_BAND_ABOVE: u32 = 2;

/// A row is a measure row when it holds at least this many measure words.
const MIN_MEASURES: usize = 2;

/// A row of figures has at least this many cells that read as numbers.
const MIN_FIGURES: usize = 3;

/// Normalized text of every text cell, computed once per sheet.
pub(super) struct Texts<'a> {
    sheet: &'a Sheet,
    cache: FxHashMap<CellRef, String>,
    /// Cells whose own text is a measure word (协议量, 完成量, 百分比…).
    measures: FxHashSet<CellRef>,
}

impl<'a> Texts<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        let cache: FxHashMap<CellRef, String> = sheet
            .cells()
            .filter_map(|(cell, value)| match value {
                Value::Text(s) => Some((cell, vocab::normalize(s).text)),
                _ => None,
            })
            .filter(|(_, text)| !text.is_empty())
            .collect();
        // The same few texts recur on every row (rates, labels): match each distinct one once.
        let mut seen: FxHashMap<&str, bool> = FxHashMap::default();
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
    pub(super) fn shown(&self, cell: CellRef) -> Option<&str> {
        let anchor = self.sheet.merge_at(cell).map_or(cell, |m| m.first);
        self.cache.get(&anchor).map(String::as_str)
    }

    /// The normalized text of the cell itself (not of a merge it sits in).
    pub(super) fn own(&self, cell: CellRef) -> Option<&str> {
        self.cache.get(&cell).map(String::as_str)
    }

    pub(super) fn raw(&self, cell: CellRef) -> String {
        let anchor = self.sheet.merge_at(cell).map_or(cell, |m| m.first);
        self.sheet.get(anchor).to_string()
    }

    pub(super) fn anchor(&self, cell: CellRef) -> CellRef {
        self.sheet.merge_at(cell).map_or(cell, |m| m.first)
    }
}

/// Finds every indicator table on the sheet. Tables side by side, with
/// blank columns between them, are read one pane at a time: a row of one
/// is no row of the other.
pub fn indicator_tables(sheet: &Sheet) -> Vec<IndicatorTable> {
    let panes = panes(sheet);
    if panes.len() < 2 {
        return tables_of(sheet);
    }
    let mut tables: Vec<IndicatorTable> = panes
        .into_iter()
        .flat_map(|(first, last)| tables_of(&sheet.columns(first, last)))
        .collect();
    tables.sort_by_key(|t| (t.range.first.row, t.range.first.col));
    tables
}

/// Runs of columns that hold something (a value, or a merged region across
/// them), split at blank columns where the run right of the gap stands as a
/// table of its own: labels down its first column and figures beside them.
/// A blank spacer column inside one table has figures right of it, a notes
/// column no figures: neither splits the table.
fn panes(sheet: &Sheet) -> Vec<(u32, u32)> {
    let width = sheet.width as usize;
    let blank = |value: &Value| matches!(value, Value::Text(s) if s.trim().is_empty());
    let mut occupied = vec![false; width];
    for (cell, value) in sheet.cells() {
        occupied[cell.col as usize] |= !blank(value);
    }
    for m in &sheet.merges {
        for col in m.first.col..=m.last.col.min(sheet.width.saturating_sub(1)) {
            occupied[col as usize] = true;
        }
    }
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut start = None;
    for col in 0..=width {
        match (start, occupied.get(col).copied().unwrap_or(false)) {
            (None, true) => start = Some(col as u32),
            (Some(s), false) => {
                runs.push((s, col as u32 - 1));
                start = None;
            }
            _ => {}
        }
    }
    // Nearly every sheet is one run: only a gap needs the cells looked at.
    if runs.len() < 2 {
        return runs;
    }
    // Per column: text cells and figures, to tell a table's label column.
    let mut texts = vec![0usize; width];
    let mut figures = vec![0usize; width];
    for (cell, value) in sheet.cells() {
        let col = cell.col as usize;
        match value {
            Value::Number(_) => figures[col] += 1,
            Value::Text(s) if looks_numeric(s) => figures[col] += 1,
            value if !blank(value) => texts[col] += 1,
            _ => {}
        }
    }
    // A label column among the run's first few (an ordinal 序号 column may
    // come first), with figures right of it.
    let stands_alone = |(first, last): (u32, u32)| {
        let (f, l) = (first as usize, last as usize);
        (f..=l.min(f + LABEL_COLUMNS_IN)).any(|label| {
            let figures_beside: usize = figures[label + 1..=l.max(label)].iter().sum();
            texts[label] >= 2 && texts[label] > figures[label] && figures_beside >= 2
        })
    };
    let mut panes: Vec<(u32, u32)> = Vec::new();
    for run in runs {
        match panes.last_mut() {
            Some(previous) if !stands_alone(run) => previous.1 = run.1,
            _ => panes.push(run),
        }
    }
    panes
}

/// How far into a run of columns its label column may sit.
const LABEL_COLUMNS_IN: usize = 2;

/// The tables of one pane of a sheet (all of it, when there is one).
fn tables_of(sheet: &Sheet) -> Vec<IndicatorTable> {
    let texts = Texts::new(sheet);
    let measure_rows: Vec<u32> = (0..sheet.height)
        .filter(|&row| count_measures(&texts, sheet, row) >= MIN_MEASURES)
        .collect();
    let mut tables = tables_at(&texts, sheet, &measure_rows, &measure_rows, false);
    // Header rows whose roles no word we know names: found by the figures
    // below them, outside the tables the words found, and kept only where the
    // figures confirm a reading (a column that is the ratio of two others).
    let covered = |row: u32| {
        tables
            .iter()
            .any(|t| (t.range.first.row..=t.range.last.row).contains(&row))
    };
    let header_rows: Vec<u32> = header_rows_by_figures(&texts, sheet)
        .into_iter()
        .filter(|&row| !covered(row))
        .collect();
    // A table found by its figures ends where the next table of either kind begins.
    let mut stops: Vec<u32> = header_rows.clone();
    stops.extend(tables.iter().map(|t| t.range.first.row));
    stops.sort_unstable();
    tables.extend(tables_at(&texts, sheet, &header_rows, &stops, true));
    tables.sort_by_key(|t| (t.range.first.row, t.range.first.col));
    tables
}

/// The tables whose header rows are `header_rows`, each ending before the
/// header band of the next of `stops` below it.
fn tables_at(
    texts: &Texts,
    sheet: &Sheet,
    header_rows: &[u32],
    stops: &[u32],
    by_figures: bool,
) -> Vec<IndicatorTable> {
    let mut tables = Vec::new();
    for &row in header_rows {
        let limit = stops
            .iter()
            .find(|&&next| next > row)
            .map_or(sheet.height, |&next| {
                band_top(texts, sheet, next).max(row + 1)
            });
        if let Some(table) = table_at(texts, sheet, row, limit, by_figures) {
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

/// Rows of at least two words directly above a row of figures.
fn header_rows_by_figures(texts: &Texts, sheet: &Sheet) -> Vec<u32> {
    // One pass over the cells: figures and words per row.
    let mut figures = vec![0usize; sheet.height as usize];
    let mut words = vec![0usize; sheet.height as usize];
    for (cell, value) in sheet.cells() {
        let row = cell.row as usize;
        match value {
            Value::Number(_) => figures[row] += 1,
            // A cheap look, not a parse: this runs over every cell of every sheet.
            Value::Text(s) if looks_numeric(s) => figures[row] += 1,
            Value::Text(_) if texts.own(cell).is_some() => words[row] += 1,
            _ => {}
        }
    }
    (0..sheet.height.saturating_sub(1))
        .filter(|&row| {
            let (r, next) = (row as usize, row as usize + 1);
            // The first row may have few figures (外展 | / | 7 | / : no target
            // by design); the row after it then shows the table.
            let then = figures.get(next + 1).copied().unwrap_or(0);
            words[r] >= 2
                && figures[r] == 0
                && (figures[next] >= MIN_FIGURES || figures[next] >= 1 && then >= MIN_FIGURES)
        })
        .collect()
}

/// Digits with at most a sign, a decimal point, separators and a percent sign.
fn looks_numeric(s: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let s = s.trim();
    s.chars().any(digit)
        && s.chars().all(|c| {
            digit(c)
                || matches!(
                    c,
                    '.' | ',' | '%' | '％' | '-' | '+' | '．' | '，' | '￥' | '¥'
                )
        })
}

/// Builds the table whose measure row is `measure_row`; data rows end before
/// `limit`. A table found by its figures alone must have a column whose role
/// the figures show.
fn table_at(
    texts: &Texts,
    sheet: &Sheet,
    measure_row: u32,
    limit: u32,
    by_figures: bool,
) -> Option<IndicatorTable> {
    // Period columns (一季度…四季度) under a group header of the measure row:
    // the row of period words below it is the lowest header row.
    let measure_row = if is_period_row(texts, sheet, measure_row + 1) {
        measure_row + 1
    } else {
        measure_row
    };
    let band_top = band_top(texts, sheet, measure_row);
    let period_row = is_period_row(texts, sheet, measure_row);
    let columns = columns::read_columns(texts, sheet, band_top, measure_row, period_row);
    let label_col = label_column(texts, sheet, &columns, band_top, measure_row)?;
    // Section labels left of the label column (总体服务 merged down the block) are not part of the table.
    let mut columns: Vec<Column> = columns.into_iter().filter(|c| c.col >= label_col).collect();
    let data_rows = data_rows(texts, sheet, &columns, label_col, measure_row, limit);
    if data_rows.is_empty() {
        return None;
    }
    columns::mark_text_columns(sheet, &mut columns, &data_rows);
    columns::label_words_over_figures(&mut columns, label_col);
    let inner_col = inner_label_column(texts, sheet, &columns, label_col, &data_rows);
    let figure_columns: Vec<Column> = columns
        .iter()
        .filter(|c| c.col != label_col && Some(c.col) != inner_col)
        .cloned()
        .collect();
    let mut figure_columns = figure_columns;
    columns::roles_from_numbers(sheet, &mut figure_columns, &data_rows);
    if by_figures && !figure_columns.iter().any(|c| c.by_numbers) {
        return None;
    }
    for column in columns.iter_mut() {
        if let Some(read) = figure_columns.iter().find(|c| c.col == column.col) {
            *column = read.clone();
        }
    }
    let layout = decide_layout(texts, &columns, label_col, &data_rows);
    let mut headers = header_cells(
        texts,
        &columns,
        label_col,
        inner_col,
        layout,
        band_top,
        measure_row,
    );
    let (lines, measurements) = match layout {
        Layout::DistrictRows => {
            lines::district_rows(texts, sheet, &columns, label_col, inner_col, &data_rows)
        }
        Layout::Transposed => lines::transposed(texts, sheet, &columns, label_col, &data_rows),
        Layout::StationRows => lines::station_rows(texts, &columns, label_col, &data_rows),
    };
    if measurements.is_empty() {
        return None;
    }
    let mut measurements = measurements;
    name_unnamed_from_title(texts, sheet, band_top, &mut measurements);
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

/// A table whose figure columns hang from no group header (片区 | 协议量 |
/// 完成量 | 完成率) measures one thing, which its title names (长者探访（人次）
/// a row or two above, past blank rows); without a title, the sheet's name
/// stands in, so no message speaks of a nameless indicator.
fn name_unnamed_from_title(
    texts: &Texts,
    sheet: &Sheet,
    band_top: u32,
    measurements: &mut [Measurement],
) {
    let unnamed = |m: &Measurement| m.indicator.trim().is_empty();
    let columns = |m: &Measurement| [m.target, m.done, m.rate, m.count].map(|c| c.map(|c| c.col));
    let mut shapes = measurements.iter().filter(|m| unnamed(m)).map(columns);
    let Some(first) = shapes.next() else { return };
    // Several unnamed metrics side by side: one title cannot name them all.
    if shapes.any(|shape| shape != first) {
        return;
    }
    let title = title_above(texts, sheet, band_top).unwrap_or(sheet.name.trim());
    if title.is_empty() {
        return;
    }
    for m in measurements.iter_mut().filter(|m| unnamed(m)) {
        naming::name_from_title(m, title);
    }
}

/// The lone text nearest above a header band, within a few rows: blank
/// rows are passed, a row of several cells (another table) ends the search.
fn title_above<'a>(texts: &'a Texts, sheet: &Sheet, band_top: u32) -> Option<&'a str> {
    const TITLE_ROWS_ABOVE: u32 = 4;
    for row in (band_top.saturating_sub(TITLE_ROWS_ABOVE)..band_top).rev() {
        let mut filled = (0..sheet.width).filter_map(|col| texts.own(CellRef::new(row, col)));
        match (filled.next(), filled.next()) {
            (None, _) => continue,
            (Some(text), None) => return Some(text),
            (Some(_), Some(_)) => return None,
        }
    }
    None
}

/// A header row of period words (一季度 | 二季度 | …, Q1 | Q2, 6-8月 | …):
/// at least two of them and no figure.
fn is_period_row(texts: &Texts, sheet: &Sheet, row: u32) -> bool {
    if row >= sheet.height {
        return false;
    }
    let mut periods = 0;
    for col in 0..sheet.width {
        let cell = CellRef::new(row, col);
        match sheet.get(cell) {
            Value::Number(_) => return false,
            Value::Text(s) if looks_numeric(s) => return false,
            _ => {}
        }
        if texts.own(cell).is_some_and(vocab::is_period_word) {
            periods += 1;
        }
    }
    periods >= 2
}

/// A second label column right of the first (社区 beside 片区 merged down):
/// its header is a label word and its cells are words.
fn inner_label_column(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    label_col: u32,
    rows: &[u32],
) -> Option<u32> {
    let column = columns
        .iter()
        .find(|c| c.col == label_col + 1)
        .filter(|c| c.text && c.measure.is_none() && !c.period)?;
    let own = column.own.as_ref().map(|(_, t)| t.as_str());
    if own.is_some_and(vocab::is_label_header) {
        return Some(column.col);
    }
    if own.is_some_and(vocab::is_text_header) {
        return None;
    }
    label_column_groups_rows(texts, sheet, label_col, column.col, rows).then_some(column.col)
}

/// Whether the label column groups the rows the column beside it names, as
/// a 片区 column does beside its 社区 whatever the headers say: the inner
/// column has text on most rows, each different, while the label column is
/// merged down over several of them, left blank beside them, or repeats one
/// label on consecutive rows.
fn label_column_groups_rows(
    texts: &Texts,
    sheet: &Sheet,
    label_col: u32,
    inner_col: u32,
    rows: &[u32],
) -> bool {
    let inner: Vec<&str> = rows
        .iter()
        .filter_map(|&r| texts.own(CellRef::new(r, inner_col)))
        .collect();
    // Sub-total labels (小计 in every block) repeat by design.
    let mut distinct: Vec<&str> = inner
        .iter()
        .copied()
        .filter(|t| !vocab::is_total_label(t) && !vocab::is_subtotal_label(t))
        .collect();
    let named = distinct.len();
    distinct.sort_unstable();
    distinct.dedup();
    if named < 2 || inner.len() * 2 < rows.len() || distinct.len() * 4 < named * 3 {
        return false;
    }
    let mut grouped = 0;
    let mut previous: Option<(CellRef, &str)> = None;
    for &row in rows {
        let cell = CellRef::new(row, label_col);
        let beside = texts.own(CellRef::new(row, inner_col)).is_some();
        let merged_down = sheet
            .merge_at(cell)
            .is_some_and(|m| m.last.row > m.first.row && m.first.row < row);
        let label = texts.own(cell);
        let repeated = label.is_some_and(|t| {
            previous.is_some_and(|(p, text)| p.row + 1 == row && p.col == cell.col && text == t)
        });
        if beside && (merged_down || label.is_none() || repeated) {
            grouped += 1;
        }
        previous = label.map(|t| (cell, t));
    }
    grouped >= 2
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

/// The label column: the one whose header is a label word (服务片区, 协议内容),
/// else the leftmost column of the band that holds no measure.
fn label_column(
    texts: &Texts,
    sheet: &Sheet,
    columns: &[Column],
    band_top: u32,
    measure_row: u32,
) -> Option<u32> {
    // A label word over a figure column (指标 under 电访) heads a target, not the labels.
    let is_measure = |col: u32| columns.iter().any(|c| c.col == col && c.measure.is_some());
    // The first cell below the header is a figure: 指标 heads targets there.
    let figures_below = |col: u32| {
        (measure_row + 1..=measure_row + 3)
            .map(|row| CellRef::new(row, col))
            .find(|&cell| texts.shown(cell).is_some() || !sheet.get(cell).is_empty())
            .is_some_and(|cell| {
                matches!(
                    values::parse_figure(sheet.get(cell), sheet.number_format(cell)),
                    Parsed::Ok(_)
                )
            })
    };
    let by_header = (0..sheet.width).find(|&col| {
        !is_measure(col)
            && !figures_below(col)
            && (band_top..=measure_row).any(|row| {
                texts
                    .shown(CellRef::new(row, col))
                    .is_some_and(vocab::is_label_header)
            })
    });
    let by_measures = || {
        let first_measure = columns.iter().find(|c| c.measure.is_some())?.col;
        columns
            .iter()
            // A text column (序号, 备注) holds no labels.
            .find(|c| c.measure.is_none() && !c.text && c.col < first_measure)
            .map(|c| c.col)
            .or(first_measure.checked_sub(1))
    };
    // With no word known: the leftmost column holding words below its header.
    let by_words_below = || {
        columns
            .iter()
            .find(|c| {
                let below = CellRef::new(measure_row + 1, c.col);
                texts.own(below).is_some()
                    && !matches!(values::parse_figure(sheet.get(below), None), Parsed::Ok(_))
            })
            .map(|c| c.col)
    };
    by_header.or_else(by_measures).or_else(by_words_below)
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
    // Whether the last row taken is the table's total (合计, 总计; not a 小计).
    let mut after_total = false;
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
        // A total then blank rows: what follows is another table (a roster
        // below, its 序号 and dotted months reading as figures), not more lines.
        if blank_run > 0 && after_total {
            break;
        }
        // After a blank row, a row of words with no figure is the next table's header.
        if blank_run > 0
            && !figure_cols.iter().any(|&col| {
                let cell = CellRef::new(row, col);
                matches!(sheet.get(cell), Value::Number(_))
                    || matches!(
                        values::parse_rate(sheet.get(cell), sheet.number_format(cell)),
                        Parsed::Ok(_)
                    )
            })
        {
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
        after_total =
            label.is_some_and(|t| vocab::is_total_label(t) && !vocab::is_subtotal_label(t));
        rows.push(row);
    }
    rows
}

fn row_is_blank(sheet: &Sheet, row: u32) -> bool {
    (0..sheet.width).all(|col| sheet.get(CellRef::new(row, col)).is_empty())
}

fn decide_layout(texts: &Texts, columns: &[Column], label_col: u32, rows: &[u32]) -> Layout {
    let measured: Vec<&Column> = columns
        .iter()
        .filter(|c| c.measure.is_some() || c.period)
        .collect();
    let line_groups = measured
        .iter()
        .filter(|c| c.group.as_ref().is_some_and(|(_, g)| is_line_text(g)))
        .count();
    if !measured.is_empty() && line_groups * 2 > measured.len() {
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
    // A total row says the rows are parts of one whole (communities, districts),
    // never a list of different indicators.
    let has_total = rows.iter().any(|&row| {
        texts
            .shown(CellRef::new(row, label_col))
            .is_some_and(vocab::is_total_label)
    });
    if line_labels * 2 >= rows.len() || has_total {
        return Layout::DistrictRows;
    }
    // A 合计 column group beside groups named otherwise (by their communities:
    // 下渡社区 | 江景社区 | 合计) makes the groups the lines.
    let total_group = measured.iter().any(|c| {
        c.group
            .as_ref()
            .is_some_and(|(_, g)| vocab::is_total_label(g))
    });
    if total_group {
        Layout::Transposed
    } else {
        Layout::StationRows
    }
}

/// Every header cell of the table with how it was read, for the header rules.
fn header_cells(
    texts: &Texts,
    columns: &[Column],
    label_col: u32,
    inner_col: Option<u32>,
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
    for col in [Some(label_col), inner_col].into_iter().flatten() {
        for row in band_top..=measure_row {
            if let Some(text) = texts.own(CellRef::new(row, col)) {
                let kind = if vocab::is_label_header(text) {
                    HeaderKind::Label
                } else {
                    HeaderKind::Banner
                };
                push(CellRef::new(row, col), kind);
            }
        }
    }
    for column in columns
        .iter()
        .filter(|c| c.col != label_col && Some(c.col) != inner_col)
    {
        if let (Some(m), Some(head)) = (&column.measure, column.head) {
            let kind = if column.by_numbers {
                HeaderKind::Structural
            } else {
                HeaderKind::Measure(m.clone())
            };
            push(head, kind);
        }
        if column.period {
            if let Some(head) = column.head {
                push(head, HeaderKind::Period);
            }
        }
        let Some((cell, text)) = column.own.as_ref().or(column.group.as_ref()) else {
            continue;
        };
        // District and total groups are lines, never indicators, in any layout.
        let kind = if is_line_text(text) && layout != Layout::StationRows {
            HeaderKind::Line
        } else if column.text {
            HeaderKind::Text
        } else if vocab::is_label_header(text) {
            HeaderKind::Label
        } else if layout == Layout::StationRows && column.own.is_none() {
            // In station tables the group row is a banner over the block.
            HeaderKind::Banner
        } else {
            match naming::indicator_header(text) {
                Some(m) => HeaderKind::Indicator(m),
                // Over figure columns its role is plain from the structure.
                None => HeaderKind::Structural,
            }
        };
        push(*cell, kind);
    }
    cells
}
