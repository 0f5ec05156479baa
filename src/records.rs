//! The normalized long form of what was read (规范化数据): one row per
//! district and indicator, with stated and recomputed rates and the source cells.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::model::{Entity, Line};
use crate::normalize::values::round_half_up;
use crate::report::{DataSheet, Datum};
use crate::rules::context::TableContext;
use crate::workbook::CellRef;

#[derive(Default)]
pub struct IndicatorRecords {
    rows: Vec<Vec<Datum>>,
}

impl IndicatorRecords {
    pub fn add(&mut self, ctx: &TableContext) {
        // Each name once, shared by its rows.
        let sheet: Arc<str> = Arc::from(ctx.sheet.name.as_str());
        let mut shared: HashMap<String, Arc<str>> = HashMap::new();
        let mut share = |text: String| -> Datum {
            Datum::Text(
                shared
                    .entry(text)
                    .or_insert_with_key(|t| Arc::from(t.as_str()))
                    .clone(),
            )
        };
        for m in &ctx.table.measurements {
            let line = ctx.table.line(m);
            let figure = |cell: Option<CellRef>| -> Datum {
                cell.and_then(|c| ctx.value(c))
                    .map_or(Datum::Empty, Datum::Number)
            };
            let stated = m
                .rate
                .and_then(|c| ctx.rates.get(&c))
                .map_or(Datum::Empty, |r| Datum::Percent(r.fraction));
            let recomputed = match (
                m.target.and_then(|c| ctx.value(c)),
                m.done.and_then(|c| ctx.value(c)),
            ) {
                (Some(t), Some(d)) if !t.is_zero() => Datum::Percent(round_half_up(d / t, 6)),
                _ => Datum::Empty,
            };
            let sources: Vec<String> = [m.target, m.done, m.rate, m.count]
                .iter()
                .flatten()
                .map(CellRef::a1)
                .collect();
            self.rows.push(vec![
                Datum::Text(sheet.clone()),
                share(district_name(line)),
                share(m.indicator.to_string()),
                figure(m.target),
                figure(m.done),
                stated,
                recomputed,
                figure(m.count),
                Datum::Text(sources.join(",").into()),
            ]);
        }
    }

    pub fn into_sheet(self) -> DataSheet {
        DataSheet {
            name: "规范化数据".to_string(),
            headers: [
                "工作表",
                "片区",
                "指标",
                "协议量",
                "完成量",
                "完成率(填报)",
                "完成率(核算)",
                "数量",
                "来源单元格",
            ]
            .map(String::from)
            .to_vec(),
            rows: self.rows,
        }
    }
}

fn district_name(line: &Line) -> String {
    match &line.entity {
        Entity::District(n) => format!("片区{n}"),
        Entity::Unrecognized(label) | Entity::Subtotal(label) => label.clone(),
        Entity::Total => "合计".to_string(),
        Entity::Station => "全站".to_string(),
    }
}

/// The normalized staff-months of rosters (规范化人员月度): one row per person
/// and month, with the three ticks read as 是 / 否 (or the unreadable mark as written).
#[derive(Default)]
pub struct RosterRecords {
    rows: Vec<Vec<Datum>>,
}

impl RosterRecords {
    pub fn add(&mut self, roster: &crate::model::roster::Roster) {
        use crate::model::roster::TickKind;
        use crate::normalize::values::Tick;
        for staff in &roster.staff {
            for m in &staff.months {
                let tick = |kind: TickKind| match m.tick(kind).map(|t| &t.tick) {
                    Some(Tick::Yes) => Datum::Text("是".into()),
                    Some(Tick::No) => Datum::Text("否".into()),
                    Some(Tick::Unknown(text)) => Datum::Text(format!("?{}", text.trim()).into()),
                    None => Datum::Empty,
                };
                let sources: Vec<String> = TickKind::ALL
                    .iter()
                    .filter_map(|k| m.tick(*k).map(|t| t.cell.a1()))
                    .collect();
                self.rows.push(vec![
                    Datum::Text(roster.sheet.as_str().into()),
                    Datum::Number(Decimal::from(staff.row + 1)),
                    Datum::Text(staff.name.as_str().into()),
                    staff
                        .category
                        .map_or(Datum::Empty, |c| Datum::Text(c.zh().into())),
                    staff
                        .district
                        .map_or(Datum::Empty, |n| Datum::Text(format!("片区{n}").into())),
                    Datum::Text(m.month.to_string().into()),
                    tick(TickKind::Duty),
                    tick(TickKind::Insurance),
                    tick(TickKind::Salary),
                    Datum::Text(sources.join(",").into()),
                ]);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn into_sheet(self) -> DataSheet {
        DataSheet {
            name: "规范化人员月度".to_string(),
            headers: [
                "工作表",
                "行",
                "姓名",
                "类型",
                "片区",
                "月份",
                "人员到岗",
                "社保",
                "工资",
                "来源单元格",
            ]
            .map(String::from)
            .to_vec(),
            rows: self.rows,
        }
    }
}

/// One figure of an indicator table for the city-wide long form of the
/// summary (汇总.xlsx): a line's target, done and rates for one indicator,
/// with the cells they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub sheet: String,
    pub district: String,
    /// The line is the table's total (合计) or the whole station's.
    pub total: bool,
    pub indicator: String,
    pub unit: Option<String>,
    pub target: Option<Decimal>,
    pub done: Option<Decimal>,
    /// The rate as written (a fraction).
    pub stated: Option<Decimal>,
    /// done / target, corrections applied (a fraction, 6 decimals).
    pub recomputed: Option<Decimal>,
    pub cells: Vec<CellRef>,
}

/// The figures of one checked table that have a completed value (a single
/// count with no target, such as 投入社工人数, is no completion figure).
pub fn figures(ctx: &TableContext) -> Vec<Figure> {
    ctx.table
        .measurements
        .iter()
        .filter(|m| m.done.is_some())
        .map(|m| {
            let line = ctx.table.line(m);
            let target = m.target.and_then(|c| ctx.value(c));
            let done = m.done.and_then(|c| ctx.value(c));
            let recomputed = match (target, done) {
                (Some(t), Some(d)) if !t.is_zero() => Some(round_half_up(d / t, 6)),
                _ => None,
            };
            Figure {
                sheet: ctx.sheet.name.clone(),
                district: district_name(line),
                total: matches!(line.entity, Entity::Total | Entity::Station),
                indicator: m.canonical.as_deref().unwrap_or(&m.indicator).to_string(),
                unit: m.unit.as_deref().map(str::to_string),
                target,
                done,
                stated: m.rate.and_then(|c| ctx.rates.get(&c)).map(|r| r.fraction),
                recomputed,
                cells: [m.target, m.done, m.rate].into_iter().flatten().collect(),
            }
        })
        .collect()
}
