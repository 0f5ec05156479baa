//! Check: the rules that run on each table and roster, in the order their
//! evidence builds up. The registry of codes lives in [`crate::codes`].

pub mod cellmap;
pub mod context;
pub mod cross_file;
pub mod headers;
pub mod names;
pub mod periods;
pub mod rates;
pub mod roster;
pub mod totals;
pub mod values;

use std::path::Path;

use crate::model::IndicatorTable;
use crate::normalize::names::Gazetteer;
use crate::workbook::Sheet;

/// Runs every indicator-table rule, in the order their evidence builds up:
/// figures are parsed, totals corrected, then rates checked against the corrected totals.
/// `gazetteer` is the station's own, or None when none applies (then names are
/// only checked for consistency, across the file: [`names::check_consistency`]).
pub fn check_indicator_table<'a>(
    file: &'a Path,
    sheet: &'a Sheet,
    table: &'a IndicatorTable,
    gazetteer: impl Into<Option<&'a Gazetteer>>,
) -> context::TableContext<'a> {
    let mut ctx = context::TableContext::new(file, sheet, table, gazetteer);
    headers::check_headers(&mut ctx);
    names::check_names(&mut ctx);
    values::parse_figures(&mut ctx);
    totals::check_totals(&mut ctx);
    totals::check_period_sums(&mut ctx);
    rates::check_rates(&mut ctx);
    ctx
}

#[cfg(test)]
mod rule_tests {
    //! Each rule on a small table built in code: what it finds, where, and what it expects.

    use std::path::Path;

    use crate::locate;
    use crate::normalize::names::Gazetteer;
    use crate::workbook::{CellRef, Sheet, Value};

    use super::*;

    /// A sheet from rows of text; plain numbers become number cells, "" stays empty.
    fn sheet(rows: &[&[&str]]) -> Sheet {
        let mut sheet = Sheet::new("表", 0, 0);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let value = match text.parse::<f64>() {
                    _ if text.is_empty() => continue,
                    Ok(n) if !text.starts_with('+') => Value::Number(n),
                    _ => Value::Text(text.to_string()),
                };
                sheet.set(CellRef::new(r as u32, c as u32), value);
            }
        }
        sheet
    }

    /// (code, cell, found, expected) of every finding on the sheet's tables.
    fn check(rows: &[&[&str]]) -> Vec<(&'static str, String, String, Option<String>)> {
        let sheet = sheet(rows);
        let gazetteer = Gazetteer::chigang();
        let mut out = Vec::new();
        for table in locate::indicator_tables(&sheet) {
            let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, &table, &gazetteer);
            for f in ctx.findings {
                out.push((f.rule.code(), f.location.cell.a1(), f.found, f.expected));
            }
        }
        out.sort();
        out
    }

    fn finding(
        code: &'static str,
        cell: &str,
        found: &str,
        expected: Option<&str>,
    ) -> (&'static str, String, String, Option<String>) {
        (code, cell.into(), found.into(), expected.map(Into::into))
    }

    const HEADER: &[&str] = &["服务片区", "协议量", "完成量", "百分比"];

    #[test]
    fn a_truncated_last_digit_is_a_note_not_an_error() {
        let found = check(&[HEADER, &["片区1", "3", "2", "66.66%"]]);
        assert_eq!(found, [finding("R002", "D2", "66.66%", Some("66.67%"))]);
    }

    #[test]
    fn a_rounded_rate_at_its_own_precision_is_consistent() {
        // 2/3 = 66.666…%: "67%" at 0 decimals and "66.7%" at 1 are both right.
        assert!(check(&[
            HEADER,
            &["片区1", "3", "2", "67%"],
            &["片区2", "3", "2", "66.7%"]
        ])
        .is_empty());
    }

    #[test]
    fn a_rate_two_units_off_is_corrected() {
        let found = check(&[HEADER, &["片区1", "3", "2", "66.65%"]]);
        assert_eq!(found, [finding("R001", "D2", "66.65%", Some("66.67%"))]);
    }

    #[test]
    fn a_target_off_by_ten_is_a_scale_error_on_the_target() {
        let found = check(&[HEADER, &["片区1", "5000", "520", "104.00%"]]);
        assert_eq!(found, [finding("S001", "B2", "5000", Some("500"))]);
    }

    #[test]
    fn a_district_off_by_ten_explains_the_total() {
        // 10200 for 1020: the total and the district's rate both say so; flagged once, never corrected.
        let found = check(&[
            HEADER,
            &["片区1", "1350", "1350", "100.00%"],
            &["片区2", "10200", "1061", "104.02%"],
            &["片区3", "650", "650", "100.00%"],
            &["合计", "3020", "3061", "101.36%"],
        ]);
        assert_eq!(found, [finding("S001", "B3", "10200", Some("1020"))]);
    }

    #[test]
    fn fractional_counts_are_suspicious_but_money_may_have_cents() {
        let found = check(&[
            &["服务指标", "协议量", "完成量", "完成率"],
            &["电访", "100", "100.5", "100.50%"],
            &["社会资源链接(元)", "1000", "1000.5", "100.05%"],
        ]);
        assert_eq!(found, [finding("V004", "C2", "100.5", None)]);
    }

    #[test]
    fn unknown_and_misplaced_communities() {
        let found = check(&[
            HEADER,
            &["片区4 (下渡等社区)", "1", "1", "100%"],
            &["片区2 (猎德、竹园等社区)", "1", "1", "100%"],
        ]);
        assert_eq!(
            found,
            [
                finding("N001", "A2", "片区4 (下渡等社区)", None),
                finding("N001", "A3", "片区2 (猎德、竹园等社区)", None),
                finding("N003", "A2", "片区4 (下渡等社区)", None),
            ]
        );
    }

    #[test]
    fn unreadable_figures_and_formula_errors() {
        let mut rows = sheet(&[HEADER, &["片区1", "十", "1", "10%"]]);
        rows.set(CellRef::new(1, 3), Value::Error("#DIV/0!".into()));
        let gazetteer = Gazetteer::chigang();
        let tables = locate::indicator_tables(&rows);
        let ctx = check_indicator_table(Path::new("t.xlsx"), &rows, &tables[0], &gazetteer);
        let codes: Vec<(&str, String)> = ctx
            .findings
            .iter()
            .map(|f| (f.rule.code(), f.location.cell.a1()))
            .collect();
        assert_eq!(
            codes,
            [("V007", "B2".to_string()), ("V008", "D2".to_string())]
        );
    }
}
