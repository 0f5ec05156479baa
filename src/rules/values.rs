//! Value rules: every figure of a table parsed once, with findings for what
//! cannot be read, what was written oddly, and counts that cannot be counts.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::codes::Rule;
use crate::findings::{Finding, Message};
use crate::model::Role;
use crate::normalize::values::{self, format_figure, Parsed};
use crate::rules::context::TableContext;
use crate::workbook::{CellRef, Value};

/// What a figure measures, as far as its header and indicator say: whether it must be whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Persons, sessions, times, households…: whole numbers.
    Count,
    /// Hours, money, distances: may be fractional.
    Measure,
}

/// Units that count things: a fraction of one is a typo.
const COUNT_UNITS: &[&str] = &[
    "人", "人次", "人数", "名", "位", "个", "个数", "节", "节数", "次", "次数", "场", "场次", "户",
    "户数", "宗", "份", "期", "篇", "件", "项", "支", "队", "家", "条", "本", "间", "所", "例",
    "批", "组", "单", "接案", "结案",
];

/// Unit words written into a label that make it a count (小组人次, 活动场次).
const COUNT_WORDS: &[&str] = &[
    "人次", "人数", "个数", "节数", "次数", "场次", "户数", "宗数", "份数", "期数", "件数", "项数",
];

/// Words of hours and money: what they measure may be fractional.
const MEASURE_WORDS: &[&str] = &[
    "元", "金额", "经费", "资金", "资源", "费用", "小时", "时长", "工时", "时数", "分钟", "公里",
    "平方",
];

/// The units a text names in brackets (（场） (人次) [元] 【小时】).
fn named_units(text: &str) -> Vec<&str> {
    let mut units = Vec::new();
    let mut rest = text;
    while let Some((open, start)) = rest
        .char_indices()
        .find_map(|(i, c)| closing_bracket(c).map(|close| (close, i + c.len_utf8())))
    {
        let Some(len) = rest[start..].find(open) else {
            break;
        };
        units.push(rest[start..start + len].trim());
        rest = &rest[start + len + open.len_utf8()..];
    }
    units
}

/// The unit after the "·" of an indicator name with its unit (专业小组·人次).
fn dot_unit(text: &str) -> Option<&str> {
    text.rsplit_once('·').map(|(_, unit)| unit.trim())
}

fn closing_bracket(open: char) -> Option<char> {
    Some(match open {
        '(' => ')',
        '（' => '）',
        '[' => ']',
        '【' => '】',
        '〔' => '〕',
        _ => return None,
    })
}

/// Whether the figures under these texts (the indicator's name, the headers
/// above the column) must be whole. A unit named in brackets decides first
/// (（场） counts, （小时） and （元） measure); then words of hours and money
/// anywhere; then the unit after "·" (大型社区活动·人次), which may be only the
/// measure word's (协议人次 over every row); then count words in the label
/// (服务人次); then a known indicator,
/// all of which count except money. None where nothing says: then no V004,
/// since a fraction proves nothing about a figure of unknown kind.
pub fn quantity_of(texts: &[&str]) -> Option<Quantity> {
    let units: Vec<&str> = texts.iter().flat_map(|t| named_units(t)).collect();
    let measured = |u: &str| MEASURE_WORDS.iter().any(|w| u.contains(w)) || u == "时";
    if units.iter().any(|u| measured(u)) {
        return Some(Quantity::Measure);
    }
    if units.iter().any(|u| COUNT_UNITS.contains(u)) {
        return Some(Quantity::Count);
    }
    let dot_units: Vec<&str> = texts.iter().filter_map(|t| dot_unit(t)).collect();
    if dot_units.iter().any(|u| measured(u)) {
        return Some(Quantity::Measure);
    }
    if texts
        .iter()
        .any(|t| MEASURE_WORDS.iter().any(|w| t.contains(w)))
    {
        return Some(Quantity::Measure);
    }
    // The unit after "·" may be the measure word's (协议人次 written over every
    // row of the table): an indicator whose own name measures (社会资源链接,
    // 服务时长) is not made a count by it.
    if dot_units.iter().any(|u| COUNT_UNITS.contains(u)) {
        return Some(Quantity::Count);
    }
    if texts
        .iter()
        .any(|t| COUNT_WORDS.iter().any(|w| t.contains(w)))
    {
        return Some(Quantity::Count);
    }
    let known = texts.iter().any(|t| {
        let base = t.split('·').next().unwrap_or_default();
        crate::normalize::vocab::match_indicator(
            &crate::normalize::vocab::strip_numbering_and_units(base),
        )
        .is_some()
    });
    known.then_some(Quantity::Count)
}

/// The header texts above a column of the table (every header row, following merges).
fn column_headers(ctx: &TableContext, col: u32) -> Vec<String> {
    ctx.table
        .headers
        .iter()
        .filter(|h| {
            h.cell.col == col
                || ctx
                    .sheet
                    .merge_at(CellRef::new(h.cell.row, col))
                    .is_some_and(|m| m.first == h.cell)
        })
        .map(|h| h.normalized.clone())
        .collect()
}

/// Whether the headers over a rate cell name percent as its unit ("完成率(%)",
/// "达成率%", a bare "(%)"): its bare numbers are then percent points.
pub(crate) fn rate_header_in_points(ctx: &TableContext, cell: CellRef) -> bool {
    column_headers(ctx, cell.col)
        .iter()
        .any(|h| h.contains('%') || h.contains('％'))
}

/// Whether a rate cell holds percent points as a bare figure (103.7 under
/// "完成率(%)"), so that a correction is written in points too.
pub(crate) fn rate_written_in_points(ctx: &TableContext, cell: CellRef) -> bool {
    if !rate_header_in_points(ctx, cell) {
        return false;
    }
    match ctx.sheet.get(cell) {
        Value::Number(_) => !ctx
            .sheet
            .number_format(cell)
            .is_some_and(|f| f.contains('%')),
        Value::Text(t) => {
            let t = t.trim();
            !(t.ends_with('%') || t.ends_with('％'))
        }
        _ => false,
    }
}

/// V001 number stored as text, V002 full-width digits or separators, V007
/// unreadable, V008 formula error; V003 negative and V004 fractional counts.
pub fn parse_figures(ctx: &mut TableContext) {
    let table = ctx.table;
    // Per indicator and role: how many figures, and the fractional ones.
    let mut fractions: Vec<Fractions> = Vec::new();
    let mut fractions_at: FxHashMap<(&str, Role), usize> = FxHashMap::default();
    // Whether a column's headers say percent: asked once per column, not per cell.
    let mut points_columns: FxHashMap<u32, bool> = FxHashMap::default();
    for m in &table.measurements {
        let mut count_fraction = |role: Role, cell: CellRef, value: Decimal| {
            let at = *fractions_at
                .entry((&*m.indicator, role))
                .or_insert_with(|| {
                    fractions.push(Fractions {
                        indicator: &m.indicator,
                        figures: 0,
                        fractional: Vec::new(),
                    });
                    fractions.len() - 1
                });
            fractions[at].figures += 1;
            if !value.fract().is_zero() {
                fractions[at].fractional.push((cell, value));
            }
        };
        for (role, cell) in m.additive_cells() {
            let names = (role_zh(role), role_en(role));
            if let Some(figure) = read_figure(ctx, cell, &m.indicator, names) {
                count_fraction(role, cell, figure.value);
                ctx.figures.insert(cell, figure);
            }
        }
        // Period cells (一季度…, 1月…) are source figures like the done they add up to.
        for &cell in &m.periods {
            let names = ("一期数值", "period figure");
            if let Some(figure) = read_figure(ctx, cell, &m.indicator, names) {
                count_fraction(Role::Done, cell, figure.value);
            }
        }
        if let Some(cell) = m.rate {
            if let Some(error) = formula_error(ctx, cell) {
                ctx.push(error);
                continue;
            }
            let in_points = *points_columns
                .entry(cell.col)
                .or_insert_with(|| rate_header_in_points(ctx, cell));
            let parsed = if in_points {
                values::parse_rate_points(ctx.sheet.get(cell), ctx.sheet.number_format(cell))
            } else {
                values::parse_rate(ctx.sheet.get(cell), ctx.sheet.number_format(cell))
            };
            match parsed {
                Parsed::Missing => {}
                Parsed::Unreadable(text) => {
                    let message = Message::new(
                        format!("{}的完成率无法识别：“{text}”", m.indicator),
                        format!("The rate of {} cannot be read: \"{text}\"", m.indicator),
                    );
                    ctx.push(Finding::new(
                        Rule::Unreadable,
                        ctx.location(cell),
                        text,
                        message,
                    ));
                }
                Parsed::Ok(rate) => {
                    if rate.written.full_width {
                        let found = ctx.written(cell);
                        let expected = values::format_percent(rate.fraction, rate.percent_decimals);
                        let message = Message::new(
                            format!("完成率“{found}”含全角字符，按 {expected} 读取"),
                            format!("The rate \"{found}\" has full-width characters; read as {expected}"),
                        );
                        ctx.push(
                            Finding::new(Rule::FullWidthDigits, ctx.location(cell), found, message)
                                .expected(expected),
                        );
                    }
                    ctx.rates.insert(cell, rate);
                }
            }
        }
    }
    // A count with a fraction is a slip among whole figures; an indicator
    // whose figures of one role mostly have fractions, several of them,
    // measures something (money named only in the title, 元 written in the
    // cells), whatever its header says.
    for f in fractions {
        let n = f.fractional.len();
        if n >= MANY_FRACTIONS && n * 2 > f.figures {
            continue;
        }
        for (cell, value) in f.fractional {
            check_fraction(ctx, cell, f.indicator, value);
        }
    }
}

/// Fractional figures of one role of one indicator above which they are its kind, not slips.
const MANY_FRACTIONS: usize = 3;

/// The figures of one role of one indicator, for V004.
struct Fractions<'t> {
    indicator: &'t str,
    figures: usize,
    fractional: Vec<(CellRef, Decimal)>,
}

/// One additive cell: V008 for a formula error, V007 for what is not a
/// figure, V001/V002 for how it is written, V003 for a negative. `what` names
/// the cell's role in Chinese and English. The figure, when there is one.
fn read_figure(
    ctx: &mut TableContext,
    cell: CellRef,
    indicator: &str,
    what: (&str, &str),
) -> Option<values::Figure> {
    if let Some(error) = formula_error(ctx, cell) {
        ctx.push(error);
        return None;
    }
    match values::parse_figure(ctx.sheet.get(cell), ctx.sheet.number_format(cell)) {
        Parsed::Missing => None,
        Parsed::Unreadable(text) => {
            let message = Message::new(
                format!("{indicator}的{}应为数值，但写的是“{text}”", what.0),
                format!(
                    "The {} of {indicator} should be a figure, found \"{text}\"",
                    what.1
                ),
            );
            ctx.push(Finding::new(
                Rule::Unreadable,
                ctx.location(cell),
                text,
                message,
            ));
            None
        }
        Parsed::Ok(figure) => {
            note_writing(ctx, cell, &figure);
            check_negative(ctx, cell, indicator, what, figure.value);
            Some(figure)
        }
    }
}

/// A formula cell whose cached result is an error value, or that has none.
fn formula_error(ctx: &TableContext, cell: CellRef) -> Option<Finding> {
    let formula = ctx.sheet.formula(cell);
    let value = ctx.sheet.get(cell);
    let found = match (value, formula) {
        (Value::Error(e), _) => e.clone(),
        (Value::Empty, Some(f)) => format!("={f}"),
        _ => return None,
    };
    let message = match value {
        Value::Error(e) => Message::new(
            format!("单元格显示错误值 {e}，请检查公式或数据"),
            format!("The cell shows the error value {e}: check its formula or data"),
        ),
        _ => Message::new(
            "公式没有缓存结果（文件未经电子表格软件重新计算保存）",
            "The formula has no cached result (the file was not recalculated and saved by a spreadsheet program)",
        ),
    };
    Some(Finding::new(
        Rule::FormulaError,
        ctx.location(cell),
        found,
        message,
    ))
}

fn note_writing(ctx: &mut TableContext, cell: CellRef, figure: &values::Figure) {
    let written = figure.written;
    // A figure written plainly (nearly all of them) needs no text built.
    if !(written.full_width || written.thousands || written.as_text) {
        return;
    }
    let found = ctx.written(cell);
    let plain = format_figure(figure.value);
    if figure.written.full_width || figure.written.thousands {
        let message = Message::new(
            format!("数字“{found}”含全角字符或千位分隔符，按 {plain} 读取"),
            format!("The number \"{found}\" has full-width characters or thousands separators; read as {plain}"),
        );
        ctx.push(
            Finding::new(Rule::FullWidthDigits, ctx.location(cell), found, message).expected(plain),
        );
    } else if figure.written.as_text {
        let message = Message::new(
            format!("数字 {found} 以文本形式存储，按数值读取"),
            format!("The number {found} is stored as text; read as a number"),
        );
        ctx.push(
            Finding::new(Rule::NumberAsText, ctx.location(cell), found, message).expected(plain),
        );
    }
}

/// Whether the figure in `cell` must be whole, from its indicator and its column's headers.
pub(crate) fn is_count(ctx: &TableContext, cell: CellRef, indicator: &str) -> bool {
    let mut headers = column_headers(ctx, cell.col);
    // A 单位 column beside the figures names the row's unit.
    for h in &ctx.table.headers {
        if matches!(h.normalized.as_str(), "单位" | "计量单位") && h.cell.col != cell.col {
            let unit = ctx.written(CellRef::new(cell.row, h.cell.col));
            if !unit.trim().is_empty() {
                headers.push(format!("（{}）", unit.trim()));
            }
        }
    }
    let mut texts: Vec<&str> = vec![indicator];
    texts.extend(headers.iter().map(String::as_str));
    quantity_of(&texts) == Some(Quantity::Count)
}

fn check_negative(
    ctx: &mut TableContext,
    cell: CellRef,
    indicator: &str,
    what: (&str, &str),
    value: Decimal,
) {
    // Most figures are fine: format only for a finding.
    let found = || format_figure(value);
    if value.is_sign_negative() && !value.is_zero() {
        let found = found();
        let message = Message::new(
            format!("{indicator}的{}为负数 {found}", what.0),
            format!("The {} of {indicator} is negative: {found}", what.1),
        );
        ctx.push(Finding::new(
            Rule::NegativeCount,
            ctx.location(cell),
            found,
            message,
        ));
    }
}

fn check_fraction(ctx: &mut TableContext, cell: CellRef, indicator: &str, value: Decimal) {
    let found = || format_figure(value);
    if !value.is_sign_negative() && is_count(ctx, cell, indicator) {
        let found = found();
        let message = Message::new(
            format!("{indicator}是计数，不应有小数：{found}"),
            format!("{indicator} is a count and should be whole: {found}"),
        );
        ctx.push(Finding::new(
            Rule::FractionalCount,
            ctx.location(cell),
            found,
            message,
        ));
    }
}

pub fn role_zh(role: Role) -> &'static str {
    match role {
        Role::Target => "协议量",
        Role::Done => "完成量",
        Role::Rate => "完成率",
        Role::Count => "数量",
    }
}

/// The role written right after the indicator's name (合计电访协议量): nothing
/// for a single count, whose name already says what it counts (投入社工人数,
/// not 投入社工人数数量).
pub fn role_after_name_zh(role: Role) -> &'static str {
    match role {
        Role::Count => "",
        role => role_zh(role),
    }
}

pub fn role_en(role: Role) -> &'static str {
    match role {
        Role::Target => "target",
        Role::Done => "completed figure",
        Role::Rate => "rate",
        Role::Count => "figure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indicator_that_measures_is_not_made_a_count_by_its_measure_word() {
        // 协议人次 heads the target column of every row: 社会资源链接 stays money.
        assert_eq!(
            quantity_of(&["社会资源链接·人次", "协议人次"]),
            Some(Quantity::Measure)
        );
        assert_eq!(
            quantity_of(&["服务时长·个数", "协议个数"]),
            Some(Quantity::Measure)
        );
        // A unit after "·" still makes an indicator with no measure word a count.
        assert_eq!(
            quantity_of(&["大型社区活动·人次", "目标"]),
            Some(Quantity::Count)
        );
        // A bracketed unit decides before anything else.
        assert_eq!(
            quantity_of(&["社会资源链接（个）", "目标"]),
            Some(Quantity::Count)
        );
    }
}
