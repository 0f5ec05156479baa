//! Check: the rules that run on each table and roster, in the order their
//! evidence builds up. The registry of codes lives in [`crate::codes`].

pub mod cellmap;
pub mod context;
pub mod cross_file;
pub mod document;
pub mod headers;
pub mod names;
pub mod periods;
pub mod rates;
pub mod roster;
pub mod structure;
pub mod totals;
pub mod values;

use std::path::Path;

use crate::model::IndicatorTable;
use crate::normalize::names::Gazetteer;
use crate::workbook::Sheet;

/// Runs every indicator-table rule, in the order their evidence builds up:
/// figures are parsed, the table's reading confirmed by its figures (or the
/// table marked untrusted, H004), totals corrected, then rates checked against
/// the corrected totals. `gazetteer` is the station's own, or None when none
/// applies (then names are only checked for consistency, across the file:
/// [`names::check_consistency`]).
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
    structure::confirm_reading(&mut ctx);
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
        Sheet::of_rows("表", rows)
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

    // ---------------------------------------------------------------------
    // Confirming the reading (structure.rs), knock-ons, targets and units

    /// Two indicators (电访, 入户探访) over communities with a 小计 per 片区 and a 总计.
    fn with_subtotals<'a>(rows: &[&'a [&'a str]]) -> Vec<&'a [&'a str]> {
        let mut all: Vec<&[&str]> = vec![
            &["服务片区", "电访", "", "", "入户探访", "", ""],
            &[
                "",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
            ],
        ];
        all.extend_from_slice(rows);
        all
    }

    const SUBTOTALS_CLEAN: &[&[&str]] = &[
        &["片区1 下渡", "100", "110", "110.00%", "50", "50", "100.00%"],
        &["片区1 江景", "200", "190", "95.00%", "60", "66", "110.00%"],
        &[
            "片区1小计",
            "300",
            "300",
            "100.00%",
            "110",
            "116",
            "105.45%",
        ],
        &["片区2 毛纺", "150", "150", "100.00%", "40", "30", "75.00%"],
        &["片区2 竹园", "250", "260", "104.00%", "80", "80", "100.00%"],
        &["片区2小计", "400", "410", "102.50%", "120", "110", "91.67%"],
        &["总计", "700", "710", "101.43%", "230", "226", "98.26%"],
    ];

    #[test]
    fn subtotals_sum_their_own_parts_and_the_grand_total_sums_the_subtotals() {
        // Read flat, each 小计 would be "corrected" to the sum of every community.
        assert_eq!(check(&with_subtotals(SUBTOTALS_CLEAN)), []);
    }

    #[test]
    fn one_wrong_subtotal_is_corrected_alone() {
        // 片区1小计 完成量 310 for 300; its rate 103.33% is right for 310/300 as
        // written, so it follows the correction (R003); 总计 710 is right.
        let found = check(&with_subtotals(&[
            SUBTOTALS_CLEAN[0],
            SUBTOTALS_CLEAN[1],
            &[
                "片区1小计",
                "300",
                "310",
                "103.33%",
                "110",
                "116",
                "105.45%",
            ],
            SUBTOTALS_CLEAN[3],
            SUBTOTALS_CLEAN[4],
            SUBTOTALS_CLEAN[5],
            SUBTOTALS_CLEAN[6],
        ]));
        assert_eq!(
            found,
            [
                finding("R003", "D5", "103.33%", Some("100.00%")),
                finding("T001", "C5", "310", Some("300")),
            ]
        );
    }

    #[test]
    fn a_grand_total_right_for_a_wrong_subtotal_follows_its_correction() {
        // 总计 720 is the sum of the 小计 as written (310 + 410): one mistake,
        // the 小计's; the 总计 and its rate are knock-ons, not errors.
        let found = check(&with_subtotals(&[
            SUBTOTALS_CLEAN[0],
            SUBTOTALS_CLEAN[1],
            &[
                "片区1小计",
                "300",
                "310",
                "103.33%",
                "110",
                "116",
                "105.45%",
            ],
            SUBTOTALS_CLEAN[3],
            SUBTOTALS_CLEAN[4],
            SUBTOTALS_CLEAN[5],
            &["总计", "700", "720", "102.86%", "230", "226", "98.26%"],
        ]));
        assert_eq!(
            found,
            [
                finding("R003", "D5", "103.33%", Some("100.00%")),
                finding("R003", "D9", "102.86%", Some("101.43%")),
                finding("T001", "C5", "310", Some("300")),
                finding("T002", "C9", "720", Some("710")),
            ]
        );
    }

    #[test]
    fn a_total_row_that_sums_nothing_is_not_corrected() {
        // Every figure of the 合计 row is off by amounts no single slip explains
        // (it is another period's row): the reading is wrong, not six totals.
        let found = check(&[
            &[
                "服务片区",
                "电访",
                "",
                "",
                "入户探访",
                "",
                "",
                "咨询个案",
                "",
                "",
            ],
            &[
                "",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
            ],
            &[
                "片区1", "100", "100", "100.00%", "50", "50", "100.00%", "10", "10", "100.00%",
            ],
            &[
                "片区2", "200", "180", "90.00%", "60", "66", "110.00%", "20", "20", "100.00%",
            ],
            &[
                "合计", "280", "300", "107.14%", "100", "90", "90.00%", "25", "28", "112.00%",
            ],
        ]);
        assert_eq!(found, [finding("H004", "A1", "A1:J5", None)]);
    }

    #[test]
    fn a_rate_column_that_is_not_done_over_target_is_not_corrected() {
        // The 百分比 is each district's share of the completed total, not its
        // completion rate: every rate "fails", so none is corrected.
        let found = check(&[
            HEADER,
            &["片区1", "100", "120", "30.00%"],
            &["片区2", "150", "160", "40.00%"],
            &["片区3", "100", "120", "30.00%"],
            &["合计", "350", "400", "100.00%"],
        ]);
        assert_eq!(found, [finding("H004", "A1", "A1:D5", None)]);
    }

    #[test]
    fn value_findings_stand_in_a_table_whose_reading_is_not_confirmed() {
        let found = check(&[
            HEADER,
            &["片区1", "100", "十二", "30.00%"],
            &["片区2", "150", "160", "40.00%"],
            &["片区3", "100", "120", "30.00%"],
            &["合计", "350", "400", "100.00%"],
        ]);
        assert_eq!(
            found,
            [
                finding("H004", "A1", "A1:D5", None),
                finding("V007", "C2", "十二", None),
            ]
        );
    }

    #[test]
    fn groups_crossed_by_the_reading_are_not_corrected() {
        // A reading that swapped the two groups on 片区2's line: the totals'
        // parts are the wrong cells, every total fails, and none is "corrected".
        let sheet = sheet(&[
            &[
                "服务片区",
                "大型社区活动（场）",
                "",
                "",
                "大型社区活动（人次）",
                "",
                "",
            ],
            &[
                "",
                "目标值",
                "实际完成",
                "达成率",
                "目标值",
                "实际完成",
                "达成率",
            ],
            &["片区1", "4", "4", "100%", "300", "500", "167%"],
            &["片区2", "3", "4", "133%", "400", "700", "175%"],
            &["片区3", "2", "2", "100%", "200", "200", "100%"],
            &["合计", "9", "10", "111%", "900", "1400", "156%"],
        ]);
        let gazetteer = Gazetteer::chigang();
        let mut tables = locate::indicator_tables(&sheet);
        let table = &mut tables[0];
        let on_line_2: Vec<usize> = (0..table.measurements.len())
            .filter(|&i| table.measurements[i].line == 1)
            .collect();
        assert_eq!(on_line_2.len(), 2);
        let (a, b) = (on_line_2[0], on_line_2[1]);
        let first = table.measurements[a].clone();
        let second = table.measurements[b].clone();
        for (to, from) in [(a, &second), (b, &first)] {
            let m = &mut table.measurements[to];
            (m.target, m.done, m.rate) = (from.target, from.done, from.rate);
        }
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        let codes: Vec<&str> = ctx
            .findings
            .iter()
            .map(|f| f.rule.code())
            .filter(|&c| c != "H003")
            .collect();
        assert_eq!(codes, ["H004"]);
    }

    #[test]
    fn the_warning_says_which_relations_failed() {
        let sheet = sheet(&[
            HEADER,
            &["片区1", "100", "120", "30.00%"],
            &["片区2", "150", "160", "40.00%"],
            &["片区3", "100", "120", "30.00%"],
            &["合计", "350", "400", "100.00%"],
        ]);
        let gazetteer = Gazetteer::chigang();
        let tables = locate::indicator_tables(&sheet);
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, &tables[0], &gazetteer);
        let h004 = ctx
            .findings
            .iter()
            .find(|f| f.rule.code() == "H004")
            .map(|f| f.message.clone());
        let message = h004.expect("H004");
        assert!(
            message.zh.contains("6 个合计/完成率关系中 4 个不成立"),
            "{}",
            message.zh
        );
        assert!(message.zh.contains("未作任何更正"), "{}", message.zh);
        assert!(message.en.contains("4 of 6"), "{}", message.en);
        assert!(!ctx.trusted);
    }

    #[test]
    fn single_errors_are_still_corrected_under_a_confirmed_reading() {
        // A wrong rate, a wrong total and a lost decimal point in one table.
        let found = check(&[
            &["服务片区", "电访", "", "", "入户探访", "", ""],
            &[
                "",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
            ],
            &["片区1", "1350", "1350", "100.00%", "548", "548", "100.00%"],
            &["片区2", "1020", "10610", "104.02%", "440", "440", "100.00%"],
            &["片区3", "650", "700", "111.11%", "312", "312", "100.00%"],
            &["合计", "3000", "3111", "103.70%", "1300", "1300", "100.00%"],
        ]);
        assert_eq!(
            found,
            [
                finding("R001", "D5", "111.11%", Some("107.69%")),
                finding("R003", "D6", "103.70%", Some("103.01%")),
                finding("S001", "C4", "10610", Some("1061")),
                finding("T001", "B6", "3000", Some("3020")),
            ]
        );
    }

    #[test]
    fn a_rate_wrong_against_both_totals_stays_an_error() {
        let found = check(&[
            HEADER,
            &["片区1", "1350", "1350", "100.00%"],
            &["片区2", "1020", "1061", "104.02%"],
            &["片区3", "650", "700", "107.69%"],
            &["合计", "3000", "3111", "99.00%"],
        ]);
        assert_eq!(
            found,
            [
                finding("R001", "D5", "99.00%", Some("103.01%")),
                finding("T001", "B5", "3000", Some("3020")),
            ]
        );
    }

    #[test]
    fn units_written_alike_stay_apart_in_totals() {
        // Two groups read under one name (a unit the locator did not keep) are
        // totalled each against its own columns: the second group's wrong
        // total is found, and nothing is summed across the groups.
        let sheet = sheet(&[
            &["服务片区", "大型社区活动", "", "", "大型社区活动", "", ""],
            &[
                "",
                "目标值",
                "实际完成",
                "达成率",
                "目标值",
                "实际完成",
                "达成率",
            ],
            &["片区1", "4", "4", "100%", "300", "500", "167%"],
            &["片区2", "3", "4", "133%", "400", "700", "175%"],
            &["合计", "7", "8", "114%", "700", "1100", "157%"],
        ]);
        let gazetteer = Gazetteer::chigang();
        let mut tables = locate::indicator_tables(&sheet);
        assert_eq!(tables.len(), 1);
        let table = &mut tables[0];
        for m in &mut table.measurements {
            m.indicator = "大型社区活动".into();
        }
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        let found: Vec<(&str, String)> = ctx
            .findings
            .iter()
            .map(|f| (f.rule.code(), f.location.cell.a1()))
            .collect();
        assert_eq!(
            found,
            [("T001", "F5".to_string()), ("R003", "G5".to_string())]
        );
    }

    #[test]
    fn subtotals_read_flat_fail_and_read_as_a_hierarchy_hold() {
        let sheet = sheet(&with_subtotals(SUBTOTALS_CLEAN));
        let gazetteer = Gazetteer::chigang();
        let tables = locate::indicator_tables(&sheet);
        let table = &tables[0];
        let mut ctx = context::TableContext::new(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        values::parse_figures(&mut ctx);
        // Flat (the reading of a locator that knows no sub-totals): each 小计
        // against every community.
        let ordinary: Vec<usize> = (0..table.lines.len())
            .filter(|&i| table.lines[i].parts.is_empty())
            .collect();
        let flat: Vec<Vec<usize>> = table
            .lines
            .iter()
            .map(|l| match l.parts.is_empty() {
                true => Vec::new(),
                false => ordinary.clone(),
            })
            .collect();
        assert_eq!(flat[2], [0, 1, 3, 4]);
        let read_flat = structure::tally(&ctx, &flat);
        assert_eq!(
            (read_flat.totals.fails, read_flat.totals.relations),
            (8, 12)
        );
        assert!(read_flat.implausible());
        // The numbers: 小计 over their communities, 总计 over the 小计.
        let hierarchy = structure::hierarchy_from_numbers(&ctx);
        assert_eq!(hierarchy[2], [0, 1]);
        assert_eq!(hierarchy[5], [3, 4]);
        assert_eq!(hierarchy[6], [2, 5]);
        let read_nested = structure::tally(&ctx, &hierarchy);
        assert_eq!(
            (read_nested.totals.holds, read_nested.totals.relations),
            (12, 12)
        );
        assert!(!read_nested.implausible());
    }

    #[test]
    fn a_wrong_located_reading_gives_way_to_the_one_the_numbers_show() {
        // A locator that took the 合计 for the total of 片区1 alone: the numbers
        // say it sums all three, and its one real error is then corrected.
        let sheet = sheet(&[
            &[
                "服务片区",
                "协议量",
                "完成量",
                "百分比",
                "协议人次",
                "完成人次",
                "百分比",
            ],
            &["片区1", "1350", "1350", "100.00%", "500", "520", "104.00%"],
            &["片区2", "1020", "1061", "104.02%", "400", "400", "100.00%"],
            &["片区3", "650", "700", "107.69%", "300", "330", "110.00%"],
            &["合计", "3020", "3111", "103.01%", "1200", "1250", "104.17%"],
        ]);
        let gazetteer = Gazetteer::chigang();
        let mut tables = locate::indicator_tables(&sheet);
        let table = &mut tables[0];
        let total = table.lines.len() - 1;
        assert_eq!(table.lines[total].parts, [0, 1, 2]);
        table.lines[total].parts = vec![0];
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        let codes: Vec<&str> = ctx.findings.iter().map(|f| f.rule.code()).collect();
        assert_eq!(codes, Vec::<&str>::new());
        assert_eq!(ctx.parts[total], [0, 1, 2]);
    }

    #[test]
    fn a_missing_target_is_an_error_only_where_the_indicator_has_targets() {
        // 片区2 left its target out: V005. 外展 has no target in any row: V009.
        let found = check(&[
            HEADER,
            &["片区1", "100", "100", "100%"],
            &["片区2", "—", "90", "/"],
        ]);
        assert_eq!(found, [finding("V005", "B3", "—", None)]);
        let found = check(&[
            &["服务指标", "协议量", "完成量", "完成率"],
            &["电访", "100", "100", "100%"],
            &["外展", "/", "7", "/"],
        ]);
        assert_eq!(found, [finding("V009", "B3", "/", None)]);
    }

    #[test]
    fn a_column_of_fractions_under_a_count_word_is_no_slip() {
        // 协议人次 heads money (named only in a title): most completed figures
        // have cents, so they are no fractional counts. One fraction among
        // whole counts still is.
        let money = check(&[
            &["服务片区", "协议人次", "实际完成", "达成率"],
            &["片区1", "370000", "495060.19", "133.80%"],
            &["片区2", "340000", "515440.72", "151.60%"],
            &["片区3", "100000", "100000.5", "100.00%"],
            &["合计", "810000", "1110501.41", "137.10%"],
        ]);
        assert_eq!(money, []);
        let counts = check(&[
            &["服务片区", "协议人次", "实际完成", "达成率"],
            &["片区1", "370", "495", "133.78%"],
            &["片区2", "340", "515.5", "151.62%"],
            &["片区3", "100", "100", "100.00%"],
            &["合计", "810", "1110.5", "137.10%"],
        ]);
        assert_eq!(
            counts,
            [
                finding("V004", "C3", "515.5", None),
                finding("V004", "C5", "1110.5", None),
            ]
        );
    }

    #[test]
    fn units_decide_what_may_be_fractional() {
        let found = check(&[
            &["服务指标", "协议量", "完成量", "完成率"],
            &["志愿服务时长（小时）", "100", "100.5", "100.50%"],
            &["大型社区活动（场）", "10", "10.5", "105.00%"],
            &["培训（人次）", "10", "10.5", "105.00%"],
            &["社区议事", "10", "10.5", "105.00%"],
            &["资源链接（万元）", "10", "10.5", "105.00%"],
        ]);
        assert_eq!(
            found,
            [
                finding("V004", "C3", "10.5", None),
                finding("V004", "C4", "10.5", None),
            ]
        );
    }

    #[test]
    fn money_with_currency_marks_is_read_and_a_slip_in_it_diagnosed() {
        let found = check(&[
            &["服务指标", "协议量", "完成量", "完成率"],
            &["社会资源链接（元）", "￥500,000", "￥19,458,011", "38.92%"],
            &["专项经费", "934.57万元", "934.57万元", "100.00%"],
            &["其他资金", "¥1,234.50", "1,234.50元", "100%"],
        ]);
        let errors: Vec<_> = found
            .into_iter()
            .filter(|f| !matches!(f.0, "V001" | "V002"))
            .collect();
        assert_eq!(
            errors,
            [finding("S001", "C2", "19458011", Some("194580.11"))]
        );
    }

    #[test]
    fn a_slip_is_placed_where_the_figure_stays_whole() {
        // 167 of 2209 stated 75.60%: a target of 220.9 sessions would also give
        // the rate, but a count is whole, so the completed figure lost a digit.
        let found = check(&[
            &["服务指标", "单位", "协议量", "完成量", "完成率"],
            &["电访", "人次", "2209", "167", "75.60%"],
            &["入户探访", "人次", "100", "100", "100.00%"],
            &["咨询个案", "个", "50", "50", "100.00%"],
        ]);
        assert_eq!(found, [finding("S001", "D2", "167", Some("1670"))]);
    }

    #[test]
    fn rates_under_a_percent_header_are_percent_points() {
        // 8 under 完成率(%) is 8%, not 800%; 110 for 103/100 is wrong and its
        // correction stays in points (103, not 1.03).
        let rows: &[&[&str]] = &[
            &["服务指标", "协议量", "完成量", "完成率(%)"],
            &["电访", "1000", "80", "8"],
            &["入户探访", "100", "103", "110"],
            &["咨询个案", "50", "4", "8.0"],
            &["专业小组", "20", "21", "105"],
        ];
        assert_eq!(check(rows), [finding("R001", "D3", "110%", Some("103%"))]);
        let sheet = sheet(rows);
        let table = &locate::indicator_tables(&sheet)[0];
        let gazetteer = Gazetteer::chigang();
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        let correction = ctx
            .findings
            .iter()
            .find_map(|f| f.correction.clone())
            .expect("a correction");
        assert_eq!(
            correction.value,
            crate::findings::Corrected::Number(rust_decimal::Decimal::from(103))
        );
        assert_eq!(correction.formula.as_deref(), Some("C3/B3*100"));
        assert_eq!(correction.number_format.as_deref(), Some("0"));
    }

    #[test]
    fn a_slip_two_parts_could_explain_is_placed_by_its_rate() {
        // 90 + 90 against a total of 99: either 90 could be a 9 written ×10,
        // but only 片区1's rate (129% of 7) says so. The total is right.
        let found = check(&[
            HEADER,
            &["片区1", "7", "90", "129%"],
            &["片区2", "59", "90", "153%"],
            &["合计", "66", "99", "150%"],
        ]);
        assert_eq!(found, [finding("S001", "C2", "90", Some("9"))]);
    }

    #[test]
    fn period_cells_are_read_like_every_other_figure() {
        // Quarter figures are source data: one that is not a figure, or is
        // negative, is said, not skipped because no rule asked for it.
        let found = check(&[
            &[
                "指标",
                "年度目标",
                "一季度",
                "二季度",
                "三季度",
                "四季度",
                "累计",
                "完成率",
            ],
            &["个案", "40", "10", "１０", "x", "-5", "15", "37.5%"],
            &["小组", "20", "5", "5", "5", "5", "20", "100%"],
        ]);
        assert_eq!(
            found,
            [
                finding("V002", "D2", "１０", Some("10")),
                finding("V003", "F2", "-5", None),
                finding("V007", "E2", "x", None),
            ]
        );
    }

    #[test]
    fn a_slip_no_rate_settles_is_flagged_at_the_total_and_nothing_corrected() {
        // 90 + 90 against 99 with no rate column: either 90 could be the 9.
        // Saying nothing would hide a wrong figure; guessing would write one.
        let rows: &[&[&str]] = &[
            &["片区", "协议量", "完成量"],
            &["片区1", "7", "90"],
            &["片区2", "59", "90"],
            &["合计", "66", "99"],
        ];
        let found = check(rows);
        assert_eq!(found, [finding("T001", "C4", "99", Some("180"))]);
        let sheet = sheet(rows);
        let table = &locate::indicator_tables(&sheet)[0];
        let gazetteer = Gazetteer::chigang();
        let ctx = check_indicator_table(Path::new("t.xlsx"), &sheet, table, &gazetteer);
        let t001 = ctx
            .findings
            .iter()
            .find(|f| f.rule.code() == "T001")
            .expect("T001");
        assert!(
            t001.correction.is_none(),
            "an ambiguous slip corrects nothing"
        );
        assert_eq!(t001.related.len(), 2);
    }
}
