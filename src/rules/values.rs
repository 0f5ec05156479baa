//! Value rules: every figure of a table parsed once, with findings for what
//! cannot be read, what was written oddly, and counts that cannot be counts.

use rust_decimal::Decimal;

use crate::codes::Rule;
use crate::findings::{Finding, Message};
use crate::model::Role;
use crate::normalize::values::{self, format_figure, Parsed};
use crate::rules::context::TableContext;
use crate::workbook::{CellRef, Value};

/// Money is not a count: it may have cents.
pub fn is_money(indicator: &str) -> bool {
    ["资源", "元", "经费", "金额", "资金"]
        .iter()
        .any(|w| indicator.contains(w))
}

/// V001 number stored as text, V002 full-width digits or separators, V007
/// unreadable, V008 formula error; V003 negative and V004 fractional counts.
pub fn parse_figures(ctx: &mut TableContext) {
    let table = ctx.table;
    for m in &table.measurements {
        for (role, cell) in m.additive_cells() {
            let value = ctx.sheet.get(cell);
            if let Some(error) = formula_error(ctx, cell) {
                ctx.push(error);
                continue;
            }
            match values::parse_figure(value, ctx.sheet.number_format(cell)) {
                Parsed::Missing => {}
                Parsed::Unreadable(text) => {
                    let message = Message::new(
                        format!(
                            "{}的{}应为数值，但写的是“{text}”",
                            m.indicator,
                            role_zh(role)
                        ),
                        format!(
                            "The {} of {} should be a figure, found \"{text}\"",
                            role_en(role),
                            m.indicator
                        ),
                    );
                    ctx.push(Finding::new(
                        Rule::Unreadable,
                        ctx.location(cell),
                        text,
                        message,
                    ));
                }
                Parsed::Ok(figure) => {
                    note_writing(ctx, cell, &figure);
                    check_count(ctx, cell, &m.indicator, role, figure.value);
                    ctx.figures.insert(cell, figure);
                }
            }
        }
        if let Some(cell) = m.rate {
            if let Some(error) = formula_error(ctx, cell) {
                ctx.push(error);
                continue;
            }
            match values::parse_rate(ctx.sheet.get(cell), ctx.sheet.number_format(cell)) {
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

fn check_count(ctx: &mut TableContext, cell: CellRef, indicator: &str, role: Role, value: Decimal) {
    // Most figures are fine: format only for a finding.
    let found = || format_figure(value);
    if value.is_sign_negative() && !value.is_zero() {
        let found = found();
        let message = Message::new(
            format!("{indicator}的{}为负数 {found}", role_zh(role)),
            format!("The {} of {indicator} is negative: {found}", role_en(role)),
        );
        ctx.push(Finding::new(
            Rule::NegativeCount,
            ctx.location(cell),
            found,
            message,
        ));
    } else if !value.fract().is_zero() && !is_money(indicator) {
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

pub fn role_en(role: Role) -> &'static str {
    match role {
        Role::Target => "target",
        Role::Done => "completed figure",
        Role::Rate => "rate",
        Role::Count => "figure",
    }
}
