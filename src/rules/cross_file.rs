//! Cross-file rules (X001): a station's roster against its indicator table, for
//! workbooks checked together or two sheets of one workbook.
//!
//! The indicator table states 投入社工人数 once for the year; the roster has a
//! count per month. They are compared at the roster's last reported month (the
//! latest month with any 人员 tick): the indicator table is filled in at the end
//! of the period it covers, so it describes the team as it stands then, and an
//! average of months would be a fraction no one writes. The finding sits on the
//! indicator's cell (a single stated figure) with the roster's cell as related:
//! the roster's per-person ticks are the evidence, the stated count the claim.

use std::collections::HashSet;
use std::path::Path;

use crate::codes::Rule;
use crate::findings::{Finding, Location, Message};
use crate::model::roster::{Roster, TickKind, TotalBasis};
use crate::model::Entity;
use crate::normalize::values::format_figure;
use crate::rules::roster::en;
use crate::TableFigures;

/// The indicator whose figure counts the social workers.
pub const STAFF_INDICATOR: &str = "投入社工人数";

/// Whether a measurement counts the social workers: its dictionary name is
/// 投入社工人数, with or without a unit (投入社工人数(人)).
fn is_staff_count(m: &crate::model::Measurement) -> bool {
    m.canonical
        .as_deref()
        .and_then(|c| c.split('·').next())
        .is_some_and(|base| base == STAFF_INDICATOR)
}

/// X001: 投入社工人数 per district and in total against the roster's staff on duty.
pub fn staff_counts(
    roster_file: &Path,
    roster: &Roster,
    indicator_file: &Path,
    figures: &TableFigures,
) -> Vec<Finding> {
    let Some(month) = roster.last_reported_month() else {
        return Vec::new();
    };
    let Some(columns) = roster.month(month) else {
        return Vec::new();
    };
    let duty_header = columns.duty.unwrap_or(columns.header);
    let stated_total = roster
        .totals
        .iter()
        .find(|t| t.month == month && t.kind == TickKind::Duty && t.basis == TotalBasis::Column)
        .map(|t| t.cell);
    let table = &figures.table;
    let roster_name = roster_file.file_name().map_or_else(
        || roster_file.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let mut findings = Vec::new();
    for m in table.measurements.iter().filter(|m| is_staff_count(m)) {
        let Some(cell) = m.count else { continue };
        let Some(&stated) = figures.values.get(&cell) else {
            continue;
        };
        let entity = &table.line(m).entity;
        // People, not rows: someone listed twice (A008) is counted once.
        let people = |district: Option<u32>| {
            roster
                .on_duty(month)
                .filter(|s| district.is_none() || s.district == district)
                .map(|s| s.name.as_str())
                .collect::<HashSet<_>>()
                .len()
        };
        let (on_duty, where_zh, where_en, roster_cell) = match entity {
            Entity::District(n) => (
                people(Some(*n)),
                format!("片区{n}"),
                format!("district {n}"),
                duty_header,
            ),
            Entity::Total | Entity::Station => (
                people(None),
                "全站".to_string(),
                "the whole station".to_string(),
                stated_total.unwrap_or(duty_header),
            ),
            Entity::Unrecognized(_) | Entity::Subtotal(_) => continue,
        };
        let expected = rust_decimal::Decimal::from(on_duty);
        if stated == expected {
            continue;
        }
        let found = format_figure(stated);
        let message = Message::new(
            format!(
                "投入社工人数写为 {found}，但到岗情况表（{roster_name}「{}」）{month}{where_zh}到岗 {on_duty} 人（按到岗表最后填报月份比较）",
                roster.sheet
            ),
            format!(
                "投入社工人数 is {found}, but the roster ({roster_name}, sheet {}) has {on_duty} on duty in {where_en} in {} (compared at the roster's last reported month)",
                roster.sheet,
                en(month)
            ),
        );
        findings.push(
            Finding::new(
                Rule::StaffCountMismatch,
                Location::new(indicator_file, &table.sheet, cell),
                found,
                message,
            )
            .expected(on_duty.to_string())
            .related(Location::new(roster_file, &roster.sheet, roster_cell)),
        );
    }
    findings
}
