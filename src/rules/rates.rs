//! Rate rules: a stated rate must equal completed / target rounded half-up to
//! the decimals it shows (R001, corrected); one unit off in the last digit is a
//! note (R002). A rate that a power-of-ten slip in its figures explains is S001.

use rust_decimal::Decimal;
use rustc_hash::FxHashSet;

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Message};
use crate::model::Measurement;
use crate::normalize::values::{format_figure, format_percent, round_half_up, Rate};
use crate::rules::context::TableContext;
use crate::workbook::CellRef;

/// Factors tried when looking for a lost or extra decimal point.
pub fn powers_of_ten() -> impl Iterator<Item = Decimal> {
    [
        Decimal::new(1, 4),
        Decimal::new(1, 3),
        Decimal::new(1, 2),
        Decimal::new(1, 1),
        Decimal::from(10),
        Decimal::from(100),
        Decimal::from(1000),
        Decimal::from(10000),
    ]
    .into_iter()
}

/// How a stated rate compares with completed / target at the decimals it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateAgreement {
    /// Equal once rounded half-up as the cell shows it.
    Equal,
    /// One unit off in the last digit shown (truncated, not rounded): a note.
    LastDigit,
    /// Further off.
    Differs,
}

/// Compares a stated rate with `done / target`; None when the target is 0 or
/// the figures are too large to divide.
pub fn compare_rate(rate: &Rate, done: Decimal, target: Decimal) -> Option<RateAgreement> {
    if target.is_zero() {
        return None;
    }
    let places = rate.percent_decimals + 2;
    let stated = round_half_up(rate.fraction, places);
    // done / target rounds half-up to `stated` exactly when it lies in
    // [stated − h, stated + h), h being half a unit of the last digit shown,
    // and to a neighbour one unit off when it lies in [stated − 3h, stated + 3h).
    // Multiplied through by a positive target this needs no division, which
    // is most of the cost of checking a million rates.
    if target.is_sign_positive() && done.is_sign_positive() && stated.is_sign_positive() {
        let half = Decimal::new(5, places + 1);
        let within = |halves: Decimal| -> Option<bool> {
            let lo = (stated - half * halves).checked_mul(target)?;
            let hi = (stated + half * halves).checked_mul(target)?;
            Some(lo <= done && done < hi)
        };
        if let (Some(equal), Some(near)) = (within(Decimal::ONE), within(Decimal::from(3))) {
            return Some(if equal {
                RateAgreement::Equal
            } else if near {
                RateAgreement::LastDigit
            } else {
                RateAgreement::Differs
            });
        }
    }
    let expected = round_half_up(done.checked_div(target)?, places);
    let unit = Decimal::new(1, places);
    Some(if stated == expected {
        RateAgreement::Equal
    } else if (stated - expected).abs() == unit {
        RateAgreement::LastDigit
    } else {
        RateAgreement::Differs
    })
}

/// Whether the stated rate is exactly right for the done or the target moved
/// by a power of ten (a lost decimal point explains it).
pub fn scale_explains(rate: &Rate, done: Decimal, target: Decimal) -> bool {
    powers_of_ten().any(|factor| {
        [(done * factor, target), (done, target * factor)]
            .into_iter()
            .any(|(d, t)| {
                !(d.is_zero() || t.is_zero())
                    && compare_rate(rate, d, t) == Some(RateAgreement::Equal)
            })
    })
}

/// V005, V006, V009, R001, R002, R003 and the rate half of S001. In a table
/// whose reading is not confirmed only the findings on values (V005, V006,
/// V009) are made: a rate compared under a doubtful reading proves nothing.
pub fn check_rates(ctx: &mut TableContext) {
    let table = ctx.table;
    let with_target = indicators_with_target(ctx);
    for (i, m) in table.measurements.iter().enumerate() {
        check_missing_target(ctx, m, &with_target);
        let (Some(rate_cell), Some(target_cell), Some(done_cell)) = (m.rate, m.target, m.done)
        else {
            continue;
        };
        let Some(rate) = ctx.rates.get(&rate_cell).copied() else {
            continue;
        };
        let (Some(target), Some(done)) = (ctx.value(target_cell), ctx.value(done_cell)) else {
            continue;
        };
        if ctx.explained.contains(&target_cell) || ctx.explained.contains(&done_cell) {
            continue;
        }
        if target.is_zero() {
            let found = written_rate(ctx, rate_cell, &rate);
            let message = Message::new(
                format!("{}的协议量为 0，完成率 {found} 无从计算", m.indicator),
                format!(
                    "The target of {} is 0, so the rate {found} cannot be computed",
                    m.indicator
                ),
            );
            ctx.push(Finding::new(
                Rule::RateWithZeroTarget,
                ctx.location(rate_cell),
                found,
                message,
            ));
            continue;
        }
        if !ctx.trusted {
            continue;
        }
        // Figures as written were compared once already; a corrected one is compared here.
        let as_written =
            !(ctx.corrected.contains_key(&target_cell) || ctx.corrected.contains_key(&done_cell));
        let agreement = match ctx.rate_agreement.get(i) {
            Some(&known) if as_written => known,
            _ => compare_rate(&rate, done, target),
        };
        let Some(agreement) = agreement else {
            continue;
        };
        if agreement == RateAgreement::Equal {
            continue;
        }
        let shown = |done: Decimal, target: Decimal| {
            round_half_up(done / target, rate.percent_decimals + 2)
        };
        let stated = round_half_up(rate.fraction, rate.percent_decimals + 2);
        let found = written_rate(ctx, rate_cell, &rate);
        let expected_text = format_percent(done / target, rate.percent_decimals);
        let figures = format!("{}/{}", format_figure(done), format_figure(target));
        if agreement == RateAgreement::LastDigit {
            let message = Message::new(
                format!(
                    "{}的完成率 {found} 与 {figures}={expected_text} 末位差一（截断而非四舍五入），仅作记录",
                    m.indicator
                ),
                format!(
                    "The rate {found} of {} is one unit off {figures} = {expected_text} in its last digit (truncated, not rounded): noted only",
                    m.indicator
                ),
            );
            ctx.push(
                Finding::new(Rule::RateLastDigit, ctx.location(rate_cell), found, message)
                    .expected(expected_text),
            );
            continue;
        }
        // Under a "(%)" header a rate written 103.7 stays in points. The value
        // is kept at full precision, as Excel caches its formula's result; the
        // number format shows the decimals the cell showed.
        let correction = if super::values::rate_written_in_points(ctx, rate_cell) {
            Correction {
                value: Corrected::Number(done / target * Decimal::ONE_HUNDRED),
                formula: Some(format!("{}/{}*100", done_cell.a1(), target_cell.a1())),
                number_format: Some(points_format(rate.percent_decimals)),
            }
        } else {
            Correction {
                value: Corrected::Number(done / target),
                formula: Some(format!("{}/{}", done_cell.a1(), target_cell.a1())),
                number_format: Some(percent_format(rate.percent_decimals)),
            }
        };
        // The rate of a corrected total that agrees with the total as written
        // follows that correction: one mistake, one error.
        let corrected: Vec<CellRef> = [target_cell, done_cell]
            .into_iter()
            .filter(|c| ctx.corrected.contains_key(c))
            .collect();
        if !corrected.is_empty() {
            let as_written = match (
                ctx.figures.get(&done_cell).map(|f| f.value),
                ctx.figures.get(&target_cell).map(|f| f.value),
            ) {
                (Some(d), Some(t)) => compare_rate(&rate, d, t),
                _ => None,
            };
            if matches!(
                as_written,
                Some(RateAgreement::Equal | RateAgreement::LastDigit)
            ) {
                let names: Vec<String> = corrected.iter().map(|c| c.a1()).collect();
                let message = Message::new(
                    format!(
                        "{}的完成率 {found} 与更正前的合计一致；因 {} 已更正，随之重算为 {figures} = {expected_text}",
                        m.indicator,
                        names.join("、")
                    ),
                    format!(
                        "The rate {found} of {} agrees with the total as written; recomputed as {figures} = {expected_text} because {} was corrected",
                        m.indicator,
                        names.join(", ")
                    ),
                );
                let mut finding =
                    Finding::new(Rule::RateKnockOn, ctx.location(rate_cell), found, message)
                        .expected(expected_text)
                        .corrected(correction);
                for cell in corrected {
                    finding = finding.related(ctx.location(cell));
                }
                ctx.push(finding);
                continue;
            }
        }
        if let Some(finding) = scale_slip(ctx, m, rate_cell, &rate, target, done, stated, &shown) {
            ctx.push(finding);
            continue;
        }
        let total_note = if corrected.is_empty() {
            (String::new(), String::new())
        } else {
            (
                "（按更正后的合计计算）".to_string(),
                " (from the corrected total)".to_string(),
            )
        };
        let message = Message::new(
            format!(
                "{}的完成率写为 {found}，但完成量/协议量 = {figures} = {expected_text}{}",
                m.indicator, total_note.0
            ),
            format!(
                "The rate of {} is {found}, but completed / target = {figures} = {expected_text}{}",
                m.indicator, total_note.1
            ),
        );
        ctx.push(
            Finding::new(Rule::RateMismatch, ctx.location(rate_cell), found, message)
                .expected(expected_text)
                .related(ctx.location(done_cell))
                .related(ctx.location(target_cell))
                .corrected(correction),
        );
    }
}

/// The indicators that have a target somewhere in the table.
fn indicators_with_target<'a>(ctx: &TableContext<'a>) -> FxHashSet<&'a str> {
    ctx.table
        .measurements
        .iter()
        .filter(|m| m.target.is_some_and(|c| ctx.figures.contains_key(&c)))
        .map(|m| &*m.indicator)
        .collect()
}

/// A completed figure with an empty target where the table has a target
/// column: V005 when the same indicator has a target in another row (this one
/// was left out), V009 when none has (外展 with "/": no target by design).
fn check_missing_target(ctx: &mut TableContext, m: &Measurement, with_target: &FxHashSet<&str>) {
    let (Some(target_cell), Some(done_cell)) = (m.target, m.done) else {
        return;
    };
    // Blank or a dash: missing. Anything else unreadable is V007's, not this rule's.
    if ctx.value(target_cell).is_some() || !ctx.is_missing(target_cell) {
        return;
    }
    let Some(done) = ctx.value(done_cell) else {
        return;
    };
    let found = ctx.written(target_cell);
    let done_text = format_figure(done);
    if !with_target.contains(&*m.indicator) {
        let message = Message::new(
            format!(
                "{}没有协议量（表中该指标各行均无协议量，按设计不设指标），完成量 {done_text}（{}）仅作记录",
                m.indicator,
                done_cell.a1()
            ),
            format!(
                "{} has no target (no row of it has one: none by design); its completed figure {done_text} ({}) is noted only",
                m.indicator,
                done_cell.a1()
            ),
        );
        ctx.push(
            Finding::new(
                Rule::NoTargetByDesign,
                ctx.location(target_cell),
                found,
                message,
            )
            .related(ctx.location(done_cell)),
        );
        return;
    }
    let message = Message::new(
        format!(
            "{}有完成量 {done_text}（{}），但协议量为空",
            m.indicator,
            done_cell.a1()
        ),
        format!(
            "{} has a completed figure {done_text} ({}) but no target",
            m.indicator,
            done_cell.a1()
        ),
    );
    // The empty target is the cell that is wrong; the completed figure is its evidence.
    ctx.push(
        Finding::new(
            Rule::DoneWithoutTarget,
            ctx.location(target_cell),
            found,
            message,
        )
        .related(ctx.location(done_cell)),
    );
}

/// S001: the stated rate is right for the done (or target) moved by a power of ten.
#[allow(clippy::too_many_arguments)]
fn scale_slip(
    ctx: &mut TableContext,
    m: &Measurement,
    rate_cell: CellRef,
    rate: &Rate,
    target: Decimal,
    done: Decimal,
    stated: Decimal,
    shown: &dyn Fn(Decimal, Decimal) -> Decimal,
) -> Option<Finding> {
    let (target_cell, done_cell) = (m.target?, m.done?);
    let rate_text = written_rate(ctx, rate_cell, rate);
    // Every slip that gives exactly the stated rate; the first one that leaves
    // its figure whole where the figure is a count is kept: 167 of 2209 stated
    // 75.60% is a completed 1670, not a target of 220.9 sessions.
    let mut found_slips = Vec::new();
    for factor in powers_of_ten() {
        let candidates = [
            (
                done_cell,
                done,
                done * factor,
                "完成量",
                "completed figure",
                shown(done * factor, target),
            ),
            (
                target_cell,
                target,
                target * factor,
                "协议量",
                "target",
                shown(done, target * factor),
            ),
        ];
        for (cell, value, scaled, zh, en, rate_then) in candidates {
            if rate_then == stated && !scaled.is_zero() {
                found_slips.push((cell, value, scaled, zh, en));
            }
        }
    }
    let plausible = |(cell, value, scaled, _, _): &&(CellRef, Decimal, Decimal, &str, &str)| {
        !(value.fract().is_zero()
            && !scaled.fract().is_zero()
            && super::values::is_count(ctx, *cell, &m.indicator))
    };
    let &(cell, value, scaled, zh, en) = found_slips
        .iter()
        .find(plausible)
        .or_else(|| found_slips.first())?;
    let (found, expected) = (format_figure(value), format_figure(scaled.normalize()));
    let message = Message::new(
        format!(
            "{}的{zh} {found} 疑似小数点错位：若为 {expected}，完成率正好是所写的 {rate_text}（原值未更改，请核实）",
            m.indicator
        ),
        format!(
            "The {en} of {} is {found}, probably a lost decimal point: {expected} gives exactly the stated rate {rate_text} (left unchanged: please verify)",
            m.indicator
        ),
    );
    ctx.explained.insert(cell);
    Some(
        Finding::new(
            crate::codes::Rule::ScaleError,
            ctx.location(cell),
            found,
            message,
        )
        .expected(expected)
        .related(ctx.location(rate_cell)),
    )
}

/// The rate as the cell shows it: the text as typed, or the number at its shown decimals.
pub fn written_rate(ctx: &TableContext, cell: CellRef, rate: &Rate) -> String {
    match ctx.sheet.get(cell) {
        crate::workbook::Value::Text(s) => s.trim().to_string(),
        _ => format_percent(rate.fraction, rate.percent_decimals),
    }
}

/// The number format of a rate written in percent points: 103.7 at one decimal → "0.0".
fn points_format(decimals: u32) -> String {
    match decimals {
        0 => "0".to_string(),
        d => format!("0.{}", "0".repeat(d as usize)),
    }
}

pub fn percent_format(decimals: u32) -> String {
    match decimals {
        0 => "0%".to_string(),
        n => format!("0.{}%", "0".repeat(n as usize)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::values::Written;

    /// The comparison by division, as the rule states it.
    fn by_division(rate: &Rate, done: Decimal, target: Decimal) -> RateAgreement {
        let places = rate.percent_decimals + 2;
        let expected = round_half_up(done / target, places);
        let stated = round_half_up(rate.fraction, places);
        match (stated - expected).abs() {
            d if d.is_zero() => RateAgreement::Equal,
            d if d == Decimal::new(1, places) => RateAgreement::LastDigit,
            _ => RateAgreement::Differs,
        }
    }

    #[test]
    fn comparing_without_division_agrees_with_division() {
        for decimals in 0..=2u32 {
            for target in 1..=40i64 {
                for done in 0..=90i64 {
                    let (done, target) = (Decimal::from(done), Decimal::from(target));
                    let exact = round_half_up(done / target, decimals + 2);
                    let unit = Decimal::new(1, decimals + 2);
                    // The right rate, its neighbours, and further off.
                    for stated in [
                        exact,
                        exact + unit,
                        exact - unit,
                        exact + unit * Decimal::TWO,
                    ] {
                        if stated.is_sign_negative() {
                            continue;
                        }
                        let rate = Rate {
                            fraction: stated,
                            percent_decimals: decimals,
                            written: Written::default(),
                        };
                        assert_eq!(
                            compare_rate(&rate, done, target),
                            Some(by_division(&rate, done, target)),
                            "{done}/{target} stated {stated}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_rate_against_a_zero_target_is_not_compared() {
        let rate = Rate {
            fraction: Decimal::ONE,
            percent_decimals: 0,
            written: Written::default(),
        };
        assert_eq!(compare_rate(&rate, Decimal::ONE, Decimal::ZERO), None);
    }
}
