//! Find attendance rosters on a sheet by their tick sub-headers (人员 / 社保 / 工资),
//! wherever they sit and whoever wrote them: months merged or repeated, staff in blocks, sums below.
//!
//! A roster is recognised by its structure: a row of short sub-headers under
//! month headers (one or two rows above), the same few words repeated under
//! each month, the columns below holding tick marks. Role words (open families:
//! …岗/出勤/人员 duty, …保/…险 insurance, 工资/薪…/发放 pay) name each tick column;
//! a word nobody listed takes the role its position has under the other months
//! when its column holds ticks. At least three tick columns of two kinds make a
//! roster. Marks beyond the built-in ones are read from the sheet's legend, or
//! from the stated totals when only one reading makes them all hold. Its staff rows
//! follow (blank spacer rows and repeated header bands skipped) until the
//! first summary row (…总计, …小计); stated figures (应到, 实到, 持证率, 稳岗率,
//! 协议岗位数) are read from labelled cells anywhere outside the staff rows.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::roster::{
    Category, Departure, MarkReading, MarkSource, MonthColumns, MonthTotal, Roster, Staff,
    StaffMonth, Stated, StatedKind, TickCell, TickKind, TotalBasis, UndecidedColumn,
};
use crate::normalize::names;
use crate::normalize::values::{self, Parsed, Tick, TickLegend, YearMonth, Ymd};
use crate::normalize::vocab::{self, compact};
use crate::workbook::{CellRange, CellRef, Sheet, Value};

/// A tick header row needs this many tick words (one month's worth).
const MIN_TICK_HEADERS: usize = 3;
/// Blank rows after which the staff area is taken to have ended.
const MAX_BLANK_RUN: u32 = 3;

/// Normalized text of every text cell (spaces removed), computed once per sheet.
struct Texts<'a> {
    sheet: &'a Sheet,
    cache: rustc_hash::FxHashMap<CellRef, String>,
    /// Cells labelled as a sum or a stated figure, by row; computed once, when first asked.
    summary_labels: std::cell::OnceCell<Vec<CellRef>>,
}

impl<'a> Texts<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        let cache = sheet
            .cells()
            .filter_map(|(cell, value)| match value {
                Value::Text(s) => Some((cell, compact(s))),
                _ => None,
            })
            .filter(|(_, text)| !text.is_empty())
            .collect();
        Texts {
            sheet,
            cache,
            summary_labels: std::cell::OnceCell::new(),
        }
    }

    /// Every cell whose text labels a sum (…总计) or a stated figure (实到人次), by row.
    fn summary_labels(&self) -> &[CellRef] {
        self.summary_labels.get_or_init(|| {
            let mut cells: Vec<CellRef> = self
                .cache
                .iter()
                .filter(|(_, t)| vocab::is_total_label(t) || stated_kind(t).is_some())
                .map(|(c, _)| *c)
                .collect();
            cells.sort_by_key(|c| (c.row, c.col));
            cells
        })
    }

    /// The cell's own text (not that of a merge it sits inside).
    fn own(&self, cell: CellRef) -> Option<&str> {
        self.cache.get(&cell).map(String::as_str)
    }

    /// The text shown at a cell, following merged regions.
    fn shown(&self, cell: CellRef) -> Option<&str> {
        self.own(self.anchor(cell))
    }

    fn anchor(&self, cell: CellRef) -> CellRef {
        self.sheet.merge_at(cell).map_or(cell, |m| m.first)
    }
}

/// Longest sub-header read as a tick word (longer texts are labels and notes).
const MAX_SUB_HEADER_CHARS: usize = 8;
/// Rows below the sub-headers looked at to tell whether a column holds ticks.
const TICK_SAMPLE_ROWS: u32 = 80;

/// The role a tick sub-header's word names, by open families of words rather
/// than a list: anything about 保/险 is insurance (社保, 社会保险, 五险一金, 参保),
/// about pay is salary (工资, 薪酬, 薪资, 发放, 收入), about being at work is duty
/// (人员, 到岗, 在岗, 出勤, 考勤, 在职).
fn role_of(text: &str) -> Option<TickKind> {
    thread_local! {
        static MEMO: crate::normalize::memo::Memo<Option<TickKind>> = std::cell::RefCell::default();
    }
    crate::normalize::memo::memoized(&MEMO, text, role_of_uncached)
}

fn role_of_uncached(text: &str) -> Option<TickKind> {
    let word = text.trim_end_matches([':', '：']);
    let chars = word.chars().count();
    if chars == 0 || chars > MAX_SUB_HEADER_CHARS {
        return None;
    }
    // One pass over the characters for the one-character parts of each family.
    let has = |chars: &[char], words: &[&str]| {
        word.contains(chars) || words.iter().any(|w| word.contains(w))
    };
    let kind = if has(&['保', '险'], &[]) {
        TickKind::Insurance
    } else if has(&['薪', '酬'], &["工资", "发放", "收入"]) {
        TickKind::Salary
    } else if has(&['岗', '勤'], &["人员", "在职", "到位"]) {
        TickKind::Duty
    } else {
        return None;
    };
    // Asked last: most texts name no role, and this one normalizes.
    (!vocab::is_total_label(word)).then_some(kind)
}

/// Whether a cell holds something a person ticks with: a mark of one to three
/// characters or a checkbox, not a figure or a sentence. Blank cells are "no" ticks.
fn tick_like(value: &Value) -> bool {
    match value {
        Value::Empty | Value::Bool(_) => true,
        Value::Number(n) => *n == 0.0 || *n == 1.0,
        Value::Text(t) => {
            let t = t.trim();
            let chars = t.chars().count();
            // One character of any kind ("V", "○", "有"), or two or three symbols or
            // letters ("——", "OK"); a word of ideographs (a name, 病假) is not a mark,
            // nor is a number of several digits.
            let mark = chars == 1
                || ((2..=3).contains(&chars)
                    && !t.chars().all(|c| c.is_ascii_digit())
                    && !t.chars().any(is_ideograph));
            mark || values::parse_tick(value) != Tick::Unknown(value.to_string())
        }
        Value::Date(_) | Value::Error(_) => false,
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether the column below a sub-header holds ticks: most of its written cells
/// above `end` (the first summary row) are tick-like (a total row or two below
/// them does not change that). With `written` it must also hold at least one written mark.
fn holds_ticks(sheet: &Sheet, header: CellRef, written: bool, end: u32) -> bool {
    let last = end.min(sheet.height.min(header.row + 1 + TICK_SAMPLE_ROWS));
    let (mut marks, mut others) = (0u32, 0u32);
    for row in header.row + 1..last {
        let value = sheet.shown(CellRef::new(row, header.col));
        // Blank cells, and a header band repeated inside the roster (WPS page breaks), say nothing.
        let repeated_header = matches!(value, Value::Text(t)
            if role_of(t.trim()).is_some() || looks_like_month(value));
        if value.is_empty() || repeated_header {
            continue;
        }
        if tick_like(value) {
            marks += 1;
        } else {
            others += 1;
        }
    }
    (!written || marks > 0) && marks * 2 >= others * 3
}

/// What a column left of the months holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Category,
    Seq,
    Name,
    Position,
    Qualification,
    Contract,
    Notes,
}

fn field_of(header: &str) -> Option<Field> {
    let has = |words: &[&str]| words.iter().any(|w| header.contains(w));
    if header.contains("姓名") || header == "名字" {
        Some(Field::Name)
    } else if has(&["序号", "编号"]) {
        Some(Field::Seq)
    } else if has(&["资格", "证书", "持证情况"]) {
        Some(Field::Qualification)
    } else if has(&["类型", "类别", "人员类型"]) {
        Some(Field::Category)
    } else if has(&["合同"]) {
        Some(Field::Contract)
    } else if has(&["职位", "岗位", "职务", "片区"]) {
        Some(Field::Position)
    } else if has(&["备注", "说明", "情况备注"]) {
        Some(Field::Notes)
    } else {
        None
    }
}

fn category_of(text: &str) -> Option<Category> {
    if ["非持", "未持", "无证", "不持", "非持证"]
        .iter()
        .any(|w| text.contains(w))
    {
        Some(Category::Uncertified)
    } else if text.contains("持证") || (text.contains('持') && text.contains('证')) {
        Some(Category::Certified)
    } else {
        None
    }
}

fn stated_kind(text: &str) -> Option<StatedKind> {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["稳岗率"]) {
        Some(StatedKind::Retention)
    } else if has(&["持证率", "持证比例", "持证社工占比", "持证占比"]) {
        Some(StatedKind::CertifiedShare)
    } else if has(&["到岗率"]) {
        Some(StatedKind::DutyRate)
    } else if has(&["应到"]) {
        Some(StatedKind::Required)
    } else if has(&["实到"]) {
        Some(StatedKind::Actual)
    } else if has(&["岗位数", "协议岗位"]) {
        Some(StatedKind::Posts)
    } else {
        None
    }
}

// The patterns are constants exercised by the tests below.
static POSTS_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+)个(?:社工)?岗位|岗位(?:数)?[:：为]?(\d+)个").expect("constant posts pattern")
});

/// Finds every roster on the sheet.
pub fn rosters(sheet: &Sheet) -> Vec<Roster> {
    let texts = Texts::new(sheet);
    let mut by_row: rustc_hash::FxHashMap<u32, Vec<(u32, &str)>> = Default::default();
    for (cell, text) in &texts.cache {
        if text.chars().count() <= MAX_SUB_HEADER_CHARS {
            by_row
                .entry(cell.row)
                .or_default()
                .push((cell.col, text.as_str()));
        }
    }
    let mut rows: Vec<u32> = by_row
        .iter()
        .filter(|(_, cells)| {
            cells.len() >= MIN_TICK_HEADERS && cells.iter().any(|(_, t)| role_of(t).is_some())
        })
        .map(|(row, _)| *row)
        .collect();
    rows.sort_unstable();
    let mut found: Vec<Roster> = Vec::new();
    for row in rows {
        if found
            .iter()
            .any(|r| r.range.first.row <= row && row <= r.range.last.row)
        {
            continue;
        }
        let mut cells = by_row.get(&row).cloned().unwrap_or_default();
        cells.sort_unstable_by_key(|(col, _)| *col);
        let Some(header) = tick_header(&texts, row, &cells) else {
            continue;
        };
        if let Some(roster) = roster_at(&texts, sheet, row, header) {
            found.push(roster);
        }
    }
    found
}

/// The tick sub-header row as its structure reads.
struct TickHeader {
    month_row: u32,
    /// Tick columns in column order, each with its sub-header cell and role.
    ticks: Vec<(CellRef, TickKind)>,
    /// Sub-headers whose column holds ticks but whose role nothing settles, with their word.
    undecided: Vec<(CellRef, String)>,
}

/// A run of sub-headers under one month header.
struct Group<'a> {
    anchor: CellRef,
    month: Option<YearMonth>,
    cells: Vec<(u32, &'a str)>,
}

/// Groups a row's short texts by the month header above them (merged over
/// them, repeated over each, or written once and left blank to the right).
fn month_groups<'a>(sheet: &Sheet, month_row: u32, cells: &[(u32, &'a str)]) -> Vec<Group<'a>> {
    let any_start = Some(YearMonth {
        year: 2000,
        month: 1,
    });
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut last_col: Option<u32> = None;
    for &(col, word) in cells {
        let above = CellRef::new(month_row, col);
        let merge = sheet.merge_at(above);
        let anchor = merge.map_or(above, |m| m.first);
        let value = sheet.get(anchor);
        let contiguous = last_col.is_some_and(|c| c + 1 == col);
        let month = values::parse_month(value, any_start);
        let joins = match (groups.last(), month) {
            (Some(g), Some(m)) => {
                g.anchor == anchor || (merge.is_none() && contiguous && g.month == Some(m))
            }
            (Some(_), None) => contiguous && value.is_empty(),
            (None, _) => false,
        };
        if joins {
            if let Some(g) = groups.last_mut() {
                g.cells.push((col, word));
            }
            last_col = Some(col);
        } else if month.is_some() {
            groups.push(Group {
                anchor,
                month,
                cells: vec![(col, word)],
            });
            last_col = Some(col);
        } else {
            last_col = None;
        }
    }
    groups
}

/// The tick columns of a row, read from its structure: the month groups above
/// it, the words repeated under each, and the marks below.
fn tick_header(texts: &Texts, row: u32, cells: &[(u32, &str)]) -> Option<TickHeader> {
    let sheet = texts.sheet;
    let (month_row, groups) = (row.saturating_sub(2)..row)
        .rev()
        .map(|month_row| (month_row, month_groups(sheet, month_row, cells)))
        .filter(|(_, groups)| !groups.is_empty())
        .max_by_key(|(month_row, groups)| {
            (
                groups.iter().map(|g| g.cells.len()).sum::<usize>(),
                *month_row,
            )
        })?;
    // The pattern: the word sequence most groups share, if at least two do.
    let mut counts: HashMap<Vec<&str>, usize> = HashMap::new();
    for g in &groups {
        *counts
            .entry(g.cells.iter().map(|(_, w)| *w).collect())
            .or_default() += 1;
    }
    let pattern: Option<Vec<&str>> = counts
        .into_iter()
        .filter(|(words, n)| *n >= 2 && (2..=6).contains(&words.len()))
        .max_by_key(|(words, n)| (*n, std::cmp::Reverse(words.clone())))
        .map(|(words, _)| words);
    // The role each position of the pattern has: its word's, or the one role
    // missing when exactly one position has no word anyone listed.
    let mut pattern_roles: Vec<Option<TickKind>> = pattern
        .as_ref()
        .map(|p| p.iter().map(|w| role_of(w)).collect())
        .unwrap_or_default();
    let unknown: Vec<usize> = (0..pattern_roles.len())
        .filter(|i| pattern_roles[*i].is_none())
        .collect();
    let missing: Vec<TickKind> = TickKind::ALL
        .into_iter()
        .filter(|k| !pattern_roles.contains(&Some(*k)))
        .collect();
    if let ([i], [kind]) = (unknown.as_slice(), missing.as_slice()) {
        pattern_roles[*i] = Some(*kind);
    }

    // The staff rows end at the first row labelled, left of the months, as a
    // sum or a stated figure (…总计, 实到人次, 稳岗率): the figures there and
    // below are no marks, however few the staff above them.
    let first_col = groups
        .iter()
        .filter_map(|g| g.cells.first().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let end = texts
        .summary_labels()
        .iter()
        .find(|c| c.row > row && c.col < first_col)
        .map_or(sheet.height, |c| c.row);
    let holds_ticks = |cell: CellRef, written: bool| holds_ticks(sheet, cell, written, end);
    let mut ticks: Vec<(CellRef, TickKind)> = Vec::new();
    let mut undecided: Vec<(CellRef, String)> = Vec::new();
    for g in &groups {
        let same_shape = pattern_roles.len() == g.cells.len();
        let mut taken: Vec<TickKind> = Vec::new();
        let mut unsure: Vec<(CellRef, String)> = Vec::new();
        for (i, &(col, word)) in g.cells.iter().enumerate() {
            // A month's own 备注 or 说明 column is notes, not ticks.
            if field_of(word).is_some() && role_of(word).is_none() {
                continue;
            }
            let cell = CellRef::new(row, col);
            // Words name a column; the marks below must agree that it is a tick column.
            let role = role_of(word)
                .or_else(|| same_shape.then(|| pattern_roles[i]).flatten())
                .filter(|_| holds_ticks(cell, false));
            match role {
                Some(kind) if !taken.contains(&kind) => {
                    taken.push(kind);
                    ticks.push((cell, kind));
                }
                Some(_) => {
                    if holds_ticks(cell, true) {
                        unsure.push((cell, word.to_string()));
                    }
                }
                // A column of figures or text under a month is not a tick column at all.
                None if role_of(word).is_some() => {}
                None => {
                    if holds_ticks(cell, true) {
                        unsure.push((cell, word.to_string()));
                    }
                }
            }
        }
        // With all three roles read, a further tick column (公积金, 绩效) is extra, not in doubt.
        if taken.len() < TickKind::ALL.len() {
            undecided.extend(unsure);
        }
    }
    let kinds = TickKind::ALL
        .iter()
        .filter(|k| ticks.iter().any(|(_, t)| t == *k))
        .count();
    (ticks.len() >= MIN_TICK_HEADERS && kinds >= 2).then_some(TickHeader {
        month_row,
        ticks,
        undecided,
    })
}

/// A value that reads as a month when some service year is assumed (so "6月" counts).
fn looks_like_month(value: &Value) -> bool {
    let any_start = YearMonth {
        year: 2000,
        month: 1,
    };
    values::parse_month(value, Some(any_start)).is_some()
}

fn roster_at(texts: &Texts, sheet: &Sheet, tick_row: u32, header: TickHeader) -> Option<Roster> {
    let TickHeader {
        month_row,
        ticks,
        undecided,
    } = header;
    let first_tick_col = ticks.first()?.0.col;
    let last_tick_col = ticks.last()?.0.col;

    let fields = left_fields(
        texts,
        sheet,
        month_row,
        tick_row,
        first_tick_col,
        last_tick_col,
    );
    let name_col = fields
        .iter()
        .find(|(_, f)| *f == Field::Name)
        .map(|(c, _)| *c)?;
    let field_col = |field: Field| fields.iter().find(|(_, f)| *f == field).map(|(c, _)| *c);

    let body = read_body(
        texts,
        sheet,
        tick_row,
        name_col,
        field_col(Field::Category),
        &ticks,
    );
    if body.staff_rows.is_empty() {
        return None;
    }
    let last_row = body
        .summary_rows
        .last()
        .copied()
        .unwrap_or(0)
        .max(body.staff_rows.last().map_or(0, |(r, _)| *r));

    let outside = |row: u32| row < month_row || row > last_row;
    let period = service_period(texts, outside, month_row);
    let contract_col = field_col(Field::Contract);
    let contracts: Vec<Option<(Ymd, Ymd)>> = body
        .staff_rows
        .iter()
        .map(|(row, _)| contract_at(sheet, contract_col.map(|c| CellRef::new(*row, c))))
        .collect();
    let year_hint = year_hint(texts, outside, month_row);
    let start = service_year_start(sheet, month_row, &ticks, period, year_hint, &contracts);
    let months = month_columns(sheet, month_row, &ticks, start);
    if months.is_empty() {
        return None;
    }

    let legend = sheet_legend(texts);
    let mut staff: Vec<Staff> = body
        .staff_rows
        .iter()
        .zip(contracts)
        .map(|((row, category), contract)| {
            read_staff(
                texts, sheet, *row, *category, contract, &fields, &months, &legend.0,
            )
        })
        .collect();
    let totals: Vec<MonthTotal> = body
        .summary_rows
        .iter()
        .flat_map(|row| month_totals(texts, sheet, *row, first_tick_col, &months))
        .collect();
    let mut marks = legend_readings(sheet, &staff, &legend);
    marks.extend(decide_by_totals(sheet, &mut staff, &totals));
    let undecided = undecided
        .into_iter()
        .map(|(header, word)| UndecidedColumn {
            month: month_over(sheet, &months, header),
            header,
            word,
        })
        .collect();
    let body_rows =
        |row: u32| (month_row..=last_row).contains(&row) && !body.summary_rows.contains(&row);
    let stated = stated_figures(texts, sheet, body_rows);
    let posts_in_text = texts
        .cache
        .iter()
        .filter(|(cell, _)| !body_rows(cell.row))
        .filter_map(|(cell, text)| {
            let caps = POSTS_IN_TEXT.captures(text)?;
            let n = caps.get(1).or(caps.get(2))?.as_str().parse().ok()?;
            Some((*cell, n))
        })
        .min_by_key(|(cell, _)| (cell.row, cell.col))
        .map(|(cell, n)| (n, cell));

    let notes_col = field_col(Field::Notes);
    let first_col = fields
        .iter()
        .map(|(c, _)| *c)
        .min()
        .unwrap_or(first_tick_col);
    let last_col = notes_col.unwrap_or(last_tick_col).max(last_tick_col);
    Some(Roster {
        sheet: sheet.name.clone(),
        range: CellRange::new(
            CellRef::new(month_row, first_col),
            CellRef::new(last_row, last_col),
        ),
        tick_row,
        name_col,
        notes_col,
        months,
        period,
        staff,
        totals,
        stated,
        posts_in_text,
        staff_runs: runs(body.staff_rows.iter().map(|(r, _)| *r)),
        marks,
        undecided,
    })
}

/// The month a sub-header sits under: the month whose header cell is above it,
/// else the nearest month to its left.
fn month_over(sheet: &Sheet, months: &[MonthColumns], header: CellRef) -> Option<YearMonth> {
    months
        .iter()
        .find(|m| {
            sheet
                .merge_at(m.header)
                .is_some_and(|r| r.first.col <= header.col && header.col <= r.last.col)
                || m.header.col == header.col
        })
        .or_else(|| months.iter().rev().find(|m| m.header.col <= header.col))
        .map(|m| m.month)
}

/// Words a legend links a mark to its meaning with; a text with none of them is no legend.
const LEGEND_LINKS: [&str; 8] = ["表示", "代表", "为", "=", "＝", "即", "指", ":"];

/// The sheet's legend (every note defining tick marks, wherever it sits), and the cell defining each mark.
fn sheet_legend(texts: &Texts) -> (TickLegend, Vec<(String, CellRef)>) {
    let mut cells: Vec<(&CellRef, &String)> = texts
        .cache
        .iter()
        .filter(|(_, t)| t.chars().count() <= 200 && LEGEND_LINKS.iter().any(|w| t.contains(w)))
        .collect();
    cells.sort_by_key(|(c, _)| (c.row, c.col));
    let mut legend = TickLegend::default();
    let mut defined: Vec<(String, CellRef)> = Vec::new();
    for (cell, _) in cells {
        // The text as written (the cache has spaces removed, which a legend like "1=是 0=否" needs).
        let Value::Text(text) = texts.sheet.get(*cell) else {
            continue;
        };
        let found = TickLegend::read(text);
        for (key, _) in found.marks() {
            if !defined.iter().any(|(k, _)| k == key) {
                defined.push((key.to_string(), *cell));
            }
        }
        legend.extend(found);
    }
    (legend, defined)
}

/// The marks the legend reads differently from the built-in ones, where tick cells use them.
fn legend_readings(
    sheet: &Sheet,
    staff: &[Staff],
    (legend, defined): &(TickLegend, Vec<(String, CellRef)>),
) -> Vec<MarkReading> {
    let mut readings: Vec<MarkReading> = Vec::new();
    for (key, tick) in legend.marks() {
        let Some(cell) = defined.iter().find(|(k, _)| k == key).map(|(_, c)| *c) else {
            continue;
        };
        let used: Vec<CellRef> = tick_cells(staff)
            .filter(|t| {
                let value = sheet.shown(t.cell);
                !value.is_empty()
                    && values::tick_key(&value.to_string()) == key
                    && values::parse_tick(value) != *tick
            })
            .map(|t| t.cell)
            .collect();
        if let Some(first) = used.first() {
            readings.push(MarkReading {
                mark: sheet.shown(*first).to_string().trim().to_string(),
                tick: tick.clone(),
                source: MarkSource::Legend(cell),
                cells: used,
            });
        }
    }
    readings
}

fn tick_cells(staff: &[Staff]) -> impl Iterator<Item = &TickCell> {
    staff.iter().flat_map(|s| {
        s.months
            .iter()
            .flat_map(|m| TickKind::ALL.into_iter().filter_map(move |k| m.tick(k)))
    })
}

/// Distinct unknown marks tried at once against the totals (2^n readings).
const MAX_DECIDED_MARKS: usize = 4;
/// Stated totals a mark must appear under before the totals decide its reading.
const MIN_DECIDING_TOTALS: usize = 2;

/// Marks neither built in nor in a legend, read by the numbers: a mark used in
/// several counted columns is yes (or no) when that reading, and no other,
/// makes every stated total counting it hold. Nothing is decided otherwise.
fn decide_by_totals(sheet: &Sheet, staff: &mut [Staff], totals: &[MonthTotal]) -> Vec<MarkReading> {
    // Unknown marks by key, most used first.
    let mut uses: Vec<(String, usize)> = Vec::new();
    for t in tick_cells(staff) {
        if let Tick::Unknown(text) = &t.tick {
            let key = values::tick_key(text);
            match uses.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => uses.push((key, 1)),
            }
        }
    }
    uses.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut candidates: Vec<String> = uses
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .take(MAX_DECIDED_MARKS)
        .map(|(k, _)| k)
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    // Each total as (stated, known yes count, uses of each candidate), where all its unknown marks are candidates.
    let column = |month: YearMonth, kind: TickKind| {
        staff
            .iter()
            .filter_map(move |s| s.month(month).and_then(|m| m.tick(kind)))
    };
    let mut equations: Vec<(Decimal, usize, Vec<usize>)> = Vec::new();
    for total in totals {
        let Parsed::Ok(stated) =
            values::parse_figure(sheet.get(total.cell), sheet.number_format(total.cell))
        else {
            continue;
        };
        let mut per_mark = vec![0usize; candidates.len()];
        let mut yes = 0usize;
        let mut other_unknown = false;
        for t in column(total.month, total.kind) {
            match &t.tick {
                Tick::Yes => yes += 1,
                Tick::No => {}
                Tick::Unknown(text) => {
                    let key = values::tick_key(text);
                    match candidates.iter().position(|k| *k == key) {
                        Some(i) => per_mark[i] += 1,
                        None => other_unknown = true,
                    }
                }
            }
        }
        if !other_unknown && per_mark.iter().any(|n| *n > 0) {
            equations.push((stated.value, yes, per_mark));
        }
    }
    // Only marks enough totals speak about are decided; the others stay unknown.
    let speaks = |i: usize, equations: &[(Decimal, usize, Vec<usize>)]| {
        equations.iter().filter(|(_, _, m)| m[i] > 0).count()
    };
    let keep: Vec<bool> = (0..candidates.len())
        .map(|i| speaks(i, &equations) >= MIN_DECIDING_TOTALS)
        .collect();
    if !keep.iter().all(|k| *k) {
        // A total counting an undecidable mark decides nothing.
        equations.retain(|(_, _, m)| m.iter().zip(&keep).all(|(n, k)| *k || *n == 0));
        let mut i = 0;
        candidates.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        for (_, _, m) in &mut equations {
            let mut j = 0;
            m.retain(|_| {
                j += 1;
                keep[j - 1]
            });
        }
    }
    if candidates.is_empty() || equations.is_empty() {
        return Vec::new();
    }
    let holding: Vec<u32> = (0..1u32 << candidates.len())
        .filter(|bits| {
            equations.iter().all(|(stated, yes, m)| {
                let counted = yes
                    + m.iter()
                        .enumerate()
                        .filter(|(i, _)| bits & (1 << i) != 0)
                        .map(|(_, n)| n)
                        .sum::<usize>();
                *stated == Decimal::from(counted)
            })
        })
        .collect();
    let [bits] = holding.as_slice() else {
        return Vec::new();
    };
    let mut readings: Vec<MarkReading> = Vec::new();
    for (i, key) in candidates.iter().enumerate() {
        let tick = if bits & (1 << i) != 0 {
            Tick::Yes
        } else {
            Tick::No
        };
        let mut cells = Vec::new();
        let mut mark = String::new();
        for s in staff.iter_mut() {
            for m in &mut s.months {
                for t in [&mut m.duty, &mut m.insurance, &mut m.salary]
                    .into_iter()
                    .flatten()
                {
                    if let Tick::Unknown(text) = &t.tick {
                        if values::tick_key(text) == *key {
                            if mark.is_empty() {
                                mark = text.trim().to_string();
                            }
                            cells.push(t.cell);
                            t.tick = tick.clone();
                        }
                    }
                }
            }
        }
        readings.push(MarkReading {
            mark,
            tick,
            source: MarkSource::Totals,
            cells,
        });
    }
    readings
}

/// The identity columns left of the months and the notes column right of them, by header.
fn left_fields(
    texts: &Texts,
    sheet: &Sheet,
    month_row: u32,
    tick_row: u32,
    first_tick_col: u32,
    last_tick_col: u32,
) -> Vec<(u32, Field)> {
    let header = |col: u32| -> String {
        let mut parts: Vec<&str> = Vec::new();
        for row in month_row..=tick_row {
            if let Some(t) = texts.shown(CellRef::new(row, col)) {
                if parts.last() != Some(&t) {
                    parts.push(t);
                }
            }
        }
        parts.concat()
    };
    let mut fields: Vec<(u32, Field)> = Vec::new();
    for col in 0..first_tick_col {
        if let Some(field) = field_of(&header(col)) {
            if !fields.iter().any(|(_, f)| *f == field) {
                fields.push((col, field));
            }
        }
    }
    // The notes column: the first column right of the months whose header says so.
    if let Some(col) =
        (last_tick_col + 1..sheet.width).find(|&col| field_of(&header(col)) == Some(Field::Notes))
    {
        fields.push((col, Field::Notes));
    }
    fields
}

struct Body {
    /// Staff rows with the category in force there.
    staff_rows: Vec<(u32, Option<Category>)>,
    summary_rows: Vec<u32>,
}

/// Walks the rows below the tick header: staff rows until the first summary row, then summary rows.
fn read_body(
    texts: &Texts,
    sheet: &Sheet,
    tick_row: u32,
    name_col: u32,
    category_col: Option<u32>,
    ticks: &[(CellRef, TickKind)],
) -> Body {
    let first_tick_col = ticks.first().map_or(0, |(c, _)| c.col);
    let mut body = Body {
        staff_rows: Vec::new(),
        summary_rows: Vec::new(),
    };
    let mut category = None;
    let mut blank_run = 0;
    let mut ended = false;
    for row in tick_row + 1..sheet.height {
        let cells = || (0..sheet.width).map(move |col| CellRef::new(row, col));
        if cells().all(|c| sheet.get(c).is_empty()) {
            blank_run += 1;
            if blank_run > MAX_BLANK_RUN && !body.staff_rows.is_empty() {
                break;
            }
            continue;
        }
        blank_run = 0;
        if is_repeated_header(texts, sheet, row, name_col, ticks) {
            continue;
        }
        // A summary label anywhere left of the months ends the staff rows (a
        // 类型 cell never reads as one, so the label may sit in that column).
        let summary = (0..first_tick_col)
            .filter_map(|col| texts.own(CellRef::new(row, col)))
            .any(vocab::is_total_label);
        if summary {
            body.summary_rows.push(row);
            ended = true;
            continue;
        }
        // A stated figure (实到人次, 稳岗率) also ends them, though it is not a count row.
        let stated = (0..first_tick_col)
            .filter_map(|col| texts.own(CellRef::new(row, col)))
            .any(|t| stated_kind(t).is_some());
        if ended || stated {
            // Past the staff: sums, notes and stated figures, read elsewhere.
            ended = true;
            continue;
        }
        if let Some(c) = category_col.and_then(|col| texts.shown(CellRef::new(row, col))) {
            if let Some(c) = category_of(c) {
                category = Some(c);
            }
        }
        let name = texts.own(CellRef::new(row, name_col));
        if name.is_some_and(|n| category_of(n).is_none() && field_of(n).is_none()) {
            body.staff_rows.push((row, category));
        }
    }
    body
}

/// A header band repeated inside the roster (WPS page breaks): tick words, months, or 姓名 again.
fn is_repeated_header(
    texts: &Texts,
    sheet: &Sheet,
    row: u32,
    name_col: u32,
    ticks: &[(CellRef, TickKind)],
) -> bool {
    let tick_words = ticks
        .iter()
        .filter(|(c, _)| {
            texts.own(CellRef::new(row, c.col)).is_some_and(|t| {
                role_of(t).is_some() || texts.own(*c).is_some_and(|header| header == t)
            })
        })
        .count();
    let months = ticks
        .iter()
        .filter(|(c, _)| {
            let value = sheet.get(CellRef::new(row, c.col));
            // A tick of 1 is a number too; only text or date cells can be month headers here.
            !matches!(value, Value::Number(_)) && looks_like_month(value)
        })
        .count();
    let name_header = texts
        .own(CellRef::new(row, name_col))
        .is_some_and(|t| field_of(t) == Some(Field::Name));
    tick_words >= MIN_TICK_HEADERS || months >= 2 || name_header
}

/// The service period a title or note states ("2023年5月31日至2024年5月30日"), as whole months.
///
/// A period starting late in a month (the 31st) starts with the next month,
/// one ending early in a month ends with the month before.
fn service_period(
    texts: &Texts,
    outside: impl Fn(u32) -> bool,
    header: u32,
) -> Option<(YearMonth, YearMonth)> {
    let cells = nearest_first(texts, outside, header);
    cells.iter().find_map(|(_, text)| {
        let dates = values::find_dates(text);
        let (start, end) = (dates.first()?.0, dates.get(1)?.0);
        if start >= end {
            return None;
        }
        let first = if start.day > 15 {
            start.year_month().next()
        } else {
            start.year_month()
        };
        let last = if end.day < 15 {
            previous(end.year_month())
        } else {
            end.year_month()
        };
        (first.months_until(last) >= 0 && first.months_until(last) < 24).then_some((first, last))
    })
}

fn previous(month: YearMonth) -> YearMonth {
    if month.month == 1 {
        YearMonth {
            year: month.year - 1,
            month: 12,
        }
    } else {
        YearMonth {
            year: month.year,
            month: month.month - 1,
        }
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年").expect("constant year pattern"));

/// The first year a title or note names ("2023年度", "2023年6月至…").
/// The texts outside the roster, those above its header first, nearest first,
/// then those below: on a sheet holding an indicator table above the roster,
/// the roster's own title speaks for it, not the table's (截至2024年5月31日).
fn nearest_first<'t>(
    texts: &'t Texts,
    outside: impl Fn(u32) -> bool,
    header: u32,
) -> Vec<(&'t CellRef, &'t String)> {
    let mut cells: Vec<(&CellRef, &String)> =
        texts.cache.iter().filter(|(c, _)| outside(c.row)).collect();
    cells.sort_by_key(|(c, _)| (c.row > header, c.row.abs_diff(header), c.col));
    cells
}

fn year_hint(texts: &Texts, outside: impl Fn(u32) -> bool, header: u32) -> Option<i32> {
    let cells = nearest_first(texts, outside, header);
    cells.iter().find_map(|(_, text)| {
        let year: i32 = YEAR.captures(text)?.get(1)?.as_str().parse().ok()?;
        (1990..=2200).contains(&year).then_some(year)
    })
}

fn contract_at(sheet: &Sheet, cell: Option<CellRef>) -> Option<(Ymd, Ymd)> {
    match sheet.get(cell?) {
        Value::Text(text) => values::parse_period(text),
        _ => None,
    }
}

/// The first month of the service year, needed to place headers written "6月".
///
/// In order: the period a title or note states; a year named in a title with
/// the first header's month; the first header when it names its year; the
/// latest contract start (people join during the service year) with the first
/// header's month.
fn service_year_start(
    sheet: &Sheet,
    month_row: u32,
    ticks: &[(CellRef, TickKind)],
    period: Option<(YearMonth, YearMonth)>,
    year_hint: Option<i32>,
    contracts: &[Option<(Ymd, Ymd)>],
) -> Option<YearMonth> {
    if let Some((first, _)) = period {
        return Some(first);
    }
    let headers = || {
        ticks
            .iter()
            .map(|(c, _)| sheet.shown(CellRef::new(month_row, c.col)))
    };
    // The first header naming its year, and whether it is the first header.
    let first_full = headers()
        .enumerate()
        .find_map(|(i, v)| values::parse_month(v, None).map(|m| (i, m)));
    // The month number of the first header, whatever its year.
    let first_number = headers()
        .find_map(|v| {
            values::parse_month(
                v,
                Some(YearMonth {
                    year: 2000,
                    month: 1,
                }),
            )
        })
        .map(|m| m.month);
    if let (Some(year), Some(month)) = (year_hint, first_number) {
        if first_full.is_none() {
            return YearMonth::new(year, month);
        }
    }
    match (first_full, first_number) {
        (Some((0, full)), _) | (Some((_, full)), None) => return Some(full),
        // "6月 … 12月 2024年1月 2月 …": the year starts at the first header's month, before the full one.
        (Some((_, full)), Some(month)) => {
            let year = if month <= full.month {
                full.year
            } else {
                full.year - 1
            };
            return YearMonth::new(year, month);
        }
        (None, _) => {}
    }
    let latest_start = contracts.iter().flatten().map(|(start, _)| *start).max()?;
    let month = first_number?;
    let year = if latest_start.month >= month {
        latest_start.year
    } else {
        latest_start.year - 1
    };
    YearMonth::new(year, month)
}

/// Groups the tick columns by month: the month over a column is read from the
/// month row (merged or repeated), or carried from the left when the header
/// is written once and left blank to the right.
fn month_columns(
    sheet: &Sheet,
    month_row: u32,
    ticks: &[(CellRef, TickKind)],
    start: Option<YearMonth>,
) -> Vec<MonthColumns> {
    let mut months: Vec<MonthColumns> = Vec::new();
    for &(cell, kind) in ticks {
        let above = CellRef::new(month_row, cell.col);
        let anchor = sheet.merge_at(above).map_or(above, |m| m.first);
        let parsed = values::parse_month(sheet.get(anchor), start);
        let current = months.last_mut();
        let month = match (parsed, current) {
            (Some(m), _) => m,
            // Blank above: the month written to the left, unless this kind is already there.
            (None, Some(cur)) if sheet.get(anchor).is_empty() && cur.header_of(kind).is_none() => {
                cur.month
            }
            _ => continue,
        };
        let same_group = months
            .last()
            .is_some_and(|cur| cur.month == month && cur.header_of(kind).is_none());
        if !same_group {
            months.push(MonthColumns {
                month,
                header: anchor,
                duty: None,
                insurance: None,
                salary: None,
            });
        }
        if let Some(cur) = months.last_mut() {
            match kind {
                TickKind::Duty => cur.duty = Some(cell),
                TickKind::Insurance => cur.insurance = Some(cell),
                TickKind::Salary => cur.salary = Some(cell),
            }
        }
    }
    months
}

#[allow(clippy::too_many_arguments)]
fn read_staff(
    texts: &Texts,
    sheet: &Sheet,
    row: u32,
    category: Option<Category>,
    contract: Option<(Ymd, Ymd)>,
    fields: &[(u32, Field)],
    months: &[MonthColumns],
    legend: &TickLegend,
) -> Staff {
    let cell_of = |field: Field| {
        fields
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(col, _)| CellRef::new(row, *col))
    };
    let text_of = |field: Field| -> Option<String> {
        let value = sheet.get(cell_of(field)?);
        (!value.is_empty()).then(|| value.to_string().trim().to_string())
    };
    let name_cell = cell_of(Field::Name).unwrap_or(CellRef::new(row, 0));
    let position = text_of(Field::Position);
    let note = text_of(Field::Notes);
    let note_cell = cell_of(Field::Notes).filter(|_| note.is_some());
    let departure = note
        .as_deref()
        .and_then(values::departure)
        .zip(note_cell)
        .map(|((date, kind), cell)| Departure { date, kind, cell });
    let tick_at = |header: Option<CellRef>| {
        header.map(|h| {
            let cell = CellRef::new(row, h.col);
            TickCell {
                cell,
                tick: values::parse_tick_with(sheet.shown(cell), legend),
            }
        })
    };
    Staff {
        row,
        name: texts
            .own(name_cell)
            .map_or_else(|| sheet.get(name_cell).to_string(), str::to_string),
        name_cell,
        category,
        district: position.as_deref().and_then(names::district_number),
        position,
        qualification: text_of(Field::Qualification),
        contract,
        contract_cell: cell_of(Field::Contract),
        rehired: note.as_deref().is_some_and(|n| compact(n).contains("返聘")),
        note,
        note_cell,
        departure,
        months: months
            .iter()
            .map(|m| StaffMonth {
                month: m.month,
                duty: tick_at(m.duty),
                insurance: tick_at(m.insurance),
                salary: tick_at(m.salary),
            })
            .collect(),
    }
}

/// The counts a summary row states: one per tick column, or one per month for 有收入 rows.
fn month_totals(
    texts: &Texts,
    sheet: &Sheet,
    row: u32,
    first_tick_col: u32,
    months: &[MonthColumns],
) -> Vec<MonthTotal> {
    let Some(label_cell) = (0..first_tick_col)
        .map(|col| CellRef::new(row, col))
        .find(|c| texts.own(*c).is_some_and(vocab::is_total_label))
    else {
        return Vec::new();
    };
    let basis = if texts.own(label_cell).is_some_and(|t| t.contains("收入")) {
        TotalBasis::Income
    } else {
        TotalBasis::Column
    };
    // Only a cell's own value counts; the rest of a merged cell is not a second statement.
    let stated = |cell: CellRef| {
        sheet.merge_at(cell).is_none_or(|m| m.first == cell) && !sheet.get(cell).is_empty()
    };
    let mut totals = Vec::new();
    for m in months {
        let cells = TickKind::ALL
            .iter()
            .filter_map(|k| m.column(*k).map(|col| (*k, CellRef::new(row, col))));
        match basis {
            TotalBasis::Column => totals.extend(cells.filter(|(_, c)| stated(*c)).map(
                |(kind, cell)| MonthTotal {
                    month: m.month,
                    kind,
                    basis,
                    cell,
                    label_cell,
                },
            )),
            TotalBasis::Income => {
                let mut cells: Vec<CellRef> = cells.map(|(_, c)| c).collect();
                cells.sort_by_key(|c| c.col);
                if let Some(cell) = cells.into_iter().find(|c| stated(*c)) {
                    totals.push(MonthTotal {
                        month: m.month,
                        kind: TickKind::Salary,
                        basis,
                        cell,
                        label_cell,
                    });
                }
            }
        }
    }
    totals
}

/// Labelled figures outside the staff rows: the value right of the label, or below it.
fn stated_figures(texts: &Texts, sheet: &Sheet, body_rows: impl Fn(u32) -> bool) -> Vec<Stated> {
    let mut labels: Vec<(CellRef, StatedKind)> = texts
        .cache
        .iter()
        .filter(|(cell, _)| !body_rows(cell.row))
        .filter_map(|(cell, text)| stated_kind(text).map(|k| (*cell, k)))
        .collect();
    labels.sort_by_key(|(c, _)| (c.row, c.col));
    let mut stated: Vec<Stated> = Vec::new();
    for (label_cell, kind) in labels {
        if stated.iter().any(|s| s.kind == kind) {
            continue;
        }
        let span = sheet
            .merge_at(label_cell)
            .copied()
            .unwrap_or(CellRange::new(label_cell, label_cell));
        let right = (span.last.col + 1..sheet.width)
            .map(|col| CellRef::new(label_cell.row, col))
            .find(|c| !sheet.get(*c).is_empty());
        let below = CellRef::new(span.last.row + 1, label_cell.col);
        let readable = |cell: &CellRef| match kind {
            StatedKind::CertifiedShare | StatedKind::Retention | StatedKind::DutyRate => {
                matches!(
                    values::parse_rate(sheet.get(*cell), sheet.number_format(*cell)),
                    Parsed::Ok(_)
                )
            }
            _ => matches!(
                values::parse_figure(sheet.get(*cell), sheet.number_format(*cell)),
                Parsed::Ok(_)
            ),
        };
        // Right of the label, else below it: labels written across a row
        // (应到人次 | 实到人次 | 稳岗率) have the next label on their right.
        if let Some(cell) = right.filter(readable).or(Some(below).filter(readable)) {
            stated.push(Stated {
                kind,
                label_cell,
                cell,
            });
        }
    }
    stated
}

/// Consecutive rows grouped into inclusive runs: 5,6,7,9 → (5,7),(9,9).
fn runs(rows: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for row in rows {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => runs.push((row, row)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::values::{DepartureKind, Tick};

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_texts("s", rows)
    }

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn merge(sheet: &mut Sheet, (r1, c1): (u32, u32), (r2, c2): (u32, u32)) {
        sheet
            .merges
            .push(CellRange::new(CellRef::new(r1, c1), CellRef::new(r2, c2)));
    }

    /// The 附件2 layout in miniature: months merged over their ticks, 类型 merged down.
    fn merged_roster() -> Sheet {
        let mut s = sheet(&[
            &["社工到岗情况统计表"],
            &[
                "类型",
                "姓名",
                "职位",
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
                "", "", "", "", "人员", "社保", "工资", "人员", "社保", "工资", "",
            ],
            &[
                "持证社工",
                "甲",
                "第一片区社工",
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
                "第二片区社工",
                "2021.3.1至2026.5.30",
                "√",
                "√",
                "√",
                "—",
                "—",
                "—",
                "2023.6.10离职",
            ],
            &[
                "非持证社工",
                "丙",
                "第三片区社工",
                "2023.6.1~2024.5.31",
                "√",
                "√",
                "√",
                "?",
                "√",
                "√",
                "退休返聘",
            ],
            &[
                "每月社保购买、工资发放、人员到岗等情况总计",
                "",
                "",
                "",
                "3",
                "3",
                "3",
                "2",
                "1",
                "2",
                "",
            ],
            &["", "", "", "", "", "", "", "", "", "", ""],
            &["持证率", "", "", "", "67%"],
        ]);
        merge(&mut s, (1, 4), (1, 6));
        merge(&mut s, (1, 7), (1, 9));
        merge(&mut s, (3, 0), (4, 0));
        merge(&mut s, (6, 0), (6, 3));
        s
    }

    #[test]
    fn reads_the_merged_layout() {
        let found = rosters(&merged_roster());
        assert_eq!(found.len(), 1);
        let r = &found[0];
        assert_eq!(r.tick_row, 2);
        assert_eq!(r.name_col, 1);
        assert_eq!(r.notes_col, Some(10));
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 6), ym(2023, 7)]
        );
        assert_eq!(r.months[1].header, CellRef::new(1, 7));
        assert_eq!(r.months[1].insurance, Some(CellRef::new(2, 8)));
        let names: Vec<&str> = r.staff.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["甲", "乙", "丙"]);
        let categories: Vec<_> = r.staff.iter().map(|s| s.category).collect();
        assert_eq!(
            categories,
            [
                Some(Category::Certified),
                Some(Category::Certified),
                Some(Category::Uncertified)
            ]
        );
        assert_eq!(
            r.staff.iter().map(|s| s.district).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
        let left = r.staff[1].departure.expect("departure");
        assert_eq!(
            (left.date, left.kind),
            (Ymd::new(2023, 6, 10).expect("date"), DepartureKind::Left)
        );
        assert_eq!(left.cell, CellRef::new(4, 10));
        assert!(r.staff[2].rehired && r.staff[2].departure.is_none());
        assert_eq!(r.staff[0].contract.map(|c| c.0), Ymd::new(2019, 10, 8));
        let july = &r.staff[2].months[1];
        assert_eq!(
            july.duty.as_ref().map(|t| &t.tick),
            Some(&Tick::Unknown("?".into()))
        );
        assert!(r.staff[0].months[1].is_no(TickKind::Insurance));
        // Six stated counts, all on row 7.
        assert_eq!(r.totals.len(), 6);
        assert!(r
            .totals
            .iter()
            .all(|t| t.cell.row == 6 && t.basis == TotalBasis::Column));
        assert_eq!(r.stated.len(), 1);
        assert_eq!(r.stated[0].kind, StatedKind::CertifiedShare);
        assert_eq!(r.stated[0].cell, CellRef::new(8, 4));
        assert_eq!(r.staff_runs, [(3, 5)]);
        assert_eq!(
            r.range,
            CellRange::new(CellRef::new(1, 0), CellRef::new(6, 10))
        );
    }

    #[test]
    fn the_year_of_bare_months_comes_from_the_nearest_title_above() {
        // A table's note above says 2024; the roster's own title, nearer, says 2023.
        let s = sheet(&[
            &["注：数据统计截至2024年5月31日。"],
            &[""],
            &["2023年度社工到岗情况统计表"],
            &["姓名", "6月", "6月", "6月", "7月", "7月", "7月"],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 6), ym(2023, 7)]
        );
    }

    #[test]
    fn months_written_once_or_repeated_with_the_year_from_the_title() {
        // "6月" with the year from the title; the third column of July left blank.
        let s = sheet(&[
            &["2023年度社工到岗情况"],
            &["姓名", "6月", "6月", "6月", "7月", "", ""],
            &["姓名", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "✓", "✓", "✓", "1", "1", "1"],
            &[""],
            &["", "6月", "6月", "6月", "7月"],
            &["姓名", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["乙", "是", "是", "是", "Y", "Y", "Y"],
        ]);
        let found = rosters(&s);
        assert_eq!(
            found.len(),
            1,
            "the repeated band belongs to the first roster"
        );
        let r = &found[0];
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 6), ym(2023, 7)]
        );
        assert_eq!(r.months[1].salary, Some(CellRef::new(2, 6)));
        assert_eq!(r.staff.len(), 2);
        assert!(r
            .staff
            .iter()
            .all(|s| s.months.iter().all(|m| m.is_yes(TickKind::Salary))));
        assert_eq!(r.staff_runs, [(3, 3), (7, 7)]);
    }

    #[test]
    fn month_forms_dotted_dashed_and_date_cells() {
        let mut s = sheet(&[
            &["姓名", "2023.12", "", "", "2024-01", "", "", "", "", ""],
            &[
                "", "人员", "社保", "工资", "人员", "社保", "工资", "人员", "社保", "工资",
            ],
            &["甲", "√", "√", "√", "√", "√", "√", "√", "√", "√"],
        ]);
        // 2024-02-01 as an Excel date serial.
        s.set(CellRef::new(0, 7), Value::Date(45323.0));
        let r = &rosters(&s)[0];
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 12), ym(2024, 1), ym(2024, 2)]
        );
    }

    #[test]
    fn service_year_from_the_stated_period_or_the_contracts() {
        let s = sheet(&[
            &["项目服务采购周期：2023年5月31日至2024年5月30日"],
            &["姓名", "合同期限", "6月", "", "", "1月", "", ""],
            &["", "", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "2019.10.8-2026.5.30", "√", "√", "√", "√", "√", "√"],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(r.period, Some((ym(2023, 6), ym(2024, 5))));
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 6), ym(2024, 1)]
        );
        // No title: the latest contract start (2023.12.1) falls in the year beginning 2023年6月.
        let s = sheet(&[
            &["姓名", "合同期限", "6月", "", "", "1月", "", ""],
            &["", "", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "2019.10.8-2026.5.30", "√", "√", "√", "√", "√", "√"],
            &["乙", "2023.12.1-2026.5.30", "", "", "", "√", "√", "√"],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 6), ym(2024, 1)]
        );
    }

    #[test]
    fn income_row_and_posts_in_text() {
        let mut s = sheet(&[
            &["协议要求社工岗位19个"],
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "√", "√", "√", "√", "√", "√"],
            &[
                "社工有收入人次数小计（即持证社工及非持证社工有收入次数总和）",
                "1",
                "",
                "",
                "1",
                "",
                "",
            ],
        ]);
        merge(&mut s, (4, 1), (4, 3));
        merge(&mut s, (4, 4), (4, 6));
        let r = &rosters(&s)[0];
        assert_eq!(r.posts_in_text, Some((19, CellRef::new(0, 0))));
        let cells: Vec<(CellRef, TickKind, TotalBasis)> =
            r.totals.iter().map(|t| (t.cell, t.kind, t.basis)).collect();
        assert_eq!(
            cells,
            [
                (CellRef::new(4, 1), TickKind::Salary, TotalBasis::Income),
                (CellRef::new(4, 4), TickKind::Salary, TotalBasis::Income)
            ]
        );
    }

    #[test]
    fn an_indicator_table_is_not_a_roster() {
        let s = sheet(&[
            &["服务片区", "投入社工人数", "电访", "", ""],
            &["", "", "协议量", "完成量", "百分比"],
            &["片区1", "9", "1350", "1350", "100.00%"],
        ]);
        assert!(rosters(&s).is_empty());
        // Tick words without a name column are not a roster either.
        let s = sheet(&[
            &["2023年6月", "", ""],
            &["人员", "社保", "工资"],
            &["√", "√", "√"],
        ]);
        assert!(rosters(&s).is_empty());
    }

    #[test]
    fn bare_months_before_the_first_full_one() {
        // The year is written only where it turns: 6月 … 12月, 2024年1月, 2月.
        let s = sheet(&[
            &[
                "姓名",
                "11月",
                "",
                "",
                "12月",
                "",
                "",
                "2024年1月",
                "",
                "",
                "二月",
                "",
                "",
            ],
            &[
                "", "人员", "社保", "工资", "人员", "社保", "工资", "人员", "社保", "工资", "人员",
                "社保", "工资",
            ],
            &[
                "甲", "√", "√", "√", "√", "√", "√", "√", "√", "√", "√", "√", "√",
            ],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(
            r.months.iter().map(|m| m.month).collect::<Vec<_>>(),
            [ym(2023, 11), ym(2023, 12), ym(2024, 1), ym(2024, 2)]
        );
    }

    #[test]
    fn extra_columns_under_a_month_are_not_in_doubt() {
        // 备注 under each month holds short notes; 公积金 holds ticks: all three roles are read.
        let s = sheet(&[
            &[
                "姓名",
                "2023年6月",
                "",
                "",
                "",
                "",
                "2023年7月",
                "",
                "",
                "",
                "",
            ],
            &[
                "",
                "人员",
                "社保",
                "公积金",
                "工资",
                "备注",
                "人员",
                "社保",
                "公积金",
                "工资",
                "备注",
            ],
            &["甲", "√", "√", "√", "√", "病假", "√", "√", "√", "√", ""],
            &["乙", "√", "√", "", "√", "", "√", "√", "", "√", "事假"],
        ]);
        let r = &rosters(&s)[0];
        assert!(r.undecided.is_empty(), "{:?}", r.undecided);
        assert_eq!(r.months[1].salary, Some(CellRef::new(1, 9)));
    }

    #[test]
    fn a_column_of_names_is_not_a_tick_column() {
        // 签字 holds signatures: by position it would be insurance, but names are not marks.
        let s = sheet(&[
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "到岗", "签字", "工资", "到岗", "签字", "工资"],
            &["甲", "√", "张三", "√", "√", "张三", "√"],
            &["乙", "√", "李四", "√", "√", "李四", "√"],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(r.months[0].insurance, None);
        assert!(r.undecided.is_empty());
    }

    #[test]
    fn columns_of_figures_are_not_tick_columns() {
        // A pay ledger: the words of a roster, but amounts below them.
        let mut s = sheet(&[
            &["姓名", "2023年6月", "", "", "2023年7月", "", ""],
            &["", "人员", "社保", "工资", "人员", "社保", "工资"],
            &["甲", "在职", "1234.5", "6200", "在职", "1234.5", "6200"],
            &["乙", "在职", "1180", "5900", "在职", "1180", "5900"],
        ]);
        merge(&mut s, (0, 1), (0, 3));
        merge(&mut s, (0, 4), (0, 6));
        assert!(rosters(&s).is_empty());
    }

    #[test]
    fn a_legend_beside_the_table_reads_its_marks() {
        let s = sheet(&[
            &["姓名", "24年6月", "24年6月", "24年6月", "", "注：V=是"],
            &["", "出勤", "五险一金", "薪资", "", "O=否"],
            &["甲", "V", "V", "V"],
            &["乙", "V", "O", "V"],
        ]);
        let r = &rosters(&s)[0];
        assert_eq!(r.months[0].month, ym(2024, 6));
        let june = &r.staff[1].months[0];
        assert!(june.is_yes(TickKind::Duty) && june.is_yes(TickKind::Salary));
        assert!(june.is_no(TickKind::Insurance));
        let sources: Vec<(String, MarkSource, usize)> = r
            .marks
            .iter()
            .map(|m| (m.mark.clone(), m.source, m.cells.len()))
            .collect();
        assert_eq!(
            sources,
            [
                ("V".to_string(), MarkSource::Legend(CellRef::new(0, 5)), 5),
                ("O".to_string(), MarkSource::Legend(CellRef::new(1, 5)), 1)
            ]
        );
    }

    #[test]
    fn posts_pattern() {
        let n = |t: &str| {
            POSTS_IN_TEXT
                .captures(t)
                .and_then(|c| c.get(1).or(c.get(2)))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(n("协议要求20个岗位"), Some("20".into()));
        assert_eq!(n("共19个社工岗位"), Some("19".into()));
        assert_eq!(n("岗位数：18个"), Some("18".into()));
        assert_eq!(n("应到人次（岗位数×12个月）"), None);
    }
}
