//! One small hand-made table per layout and vocabulary the locate stage must
//! read, each checked end to end through the rules: the exact findings on a
//! planted error, and nothing above info on the clean variant.

use std::path::Path;

use crate::codes::Severity;
use crate::locate;
use crate::model::{Entity, Layout};
use crate::normalize::names::Gazetteer;
use crate::rules::check_indicator_table;
use crate::workbook::{CellRange, CellRef, Sheet};

/// A sheet from rows of text; plain numbers become number cells, "" stays
/// empty; `merges` are A1 ranges ("B1:D1").
fn sheet(rows: &[&[&str]], merges: &[&str]) -> Sheet {
    let mut sheet = Sheet::of_rows("表", rows);
    for m in merges {
        let (a, b) = m.split_once(':').expect("range");
        sheet.merges.push(CellRange::new(cell(a), cell(b)));
    }
    sheet
}

fn cell(a1: &str) -> CellRef {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters
        .chars()
        .fold(0u32, |acc, c| acc * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = a1[letters.len()..].parse().expect("row");
    CellRef::new(row - 1, col)
}

type Row = (&'static str, String, String, Option<String>);

/// (code, cell, found, expected) of every finding above info, sorted.
fn check(s: &Sheet) -> Vec<Row> {
    findings(s, Severity::Warning)
}

fn findings(s: &Sheet, at_least: Severity) -> Vec<Row> {
    let gazetteer = Gazetteer::chigang();
    let tables = locate::indicator_tables(s);
    assert!(!tables.is_empty(), "no table found");
    let mut out = Vec::new();
    for table in &tables {
        let ctx = check_indicator_table(Path::new("t.xlsx"), s, table, &gazetteer);
        for f in ctx.findings {
            if f.rule.severity() >= at_least {
                out.push((f.rule.code(), f.location.cell.a1(), f.found, f.expected));
            }
        }
    }
    out.sort();
    out
}

fn row(code: &'static str, cell: &str, found: &str, expected: Option<&str>) -> Row {
    (code, cell.into(), found.into(), expected.map(Into::into))
}

// ---- Groups that differ only by their unit ----

fn by_unit(total_done_people: &str) -> Sheet {
    sheet(
        &[
            &[
                "片区",
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
            &["片区1", "3", "4", "133.33%", "100", "150", "150.00%"],
            &["片区2", "4", "4", "100.00%", "200", "180", "90.00%"],
            &[
                "合计",
                "7",
                "8",
                "114.29%",
                "300",
                total_done_people,
                "110.00%",
            ],
        ],
        &["A1:A2", "B1:D1", "E1:G1"],
    )
}

#[test]
fn groups_that_differ_by_unit_are_two_indicators() {
    assert_eq!(check(&by_unit("330")), []);
    let tables = locate::indicator_tables(&by_unit("330"));
    let names: std::collections::BTreeSet<&str> = tables[0]
        .measurements
        .iter()
        .map(|m| &*m.indicator)
        .collect();
    assert_eq!(
        names,
        std::collections::BTreeSet::from(["大型社区活动(人次)", "大型社区活动(场)"])
    );
    let canonical: Vec<Option<&str>> = tables[0].measurements[..2]
        .iter()
        .map(|m| m.canonical.as_deref())
        .collect();
    assert_eq!(
        canonical,
        [Some("大型社区活动·场"), Some("大型社区活动·人次")]
    );
}

#[test]
fn a_wrong_total_in_one_unit_group_leaves_the_other_alone() {
    // The 场 total 7 is right: never "corrected" to the two units' sum.
    assert_eq!(
        check(&by_unit("340")),
        [row("T001", "F5", "340", Some("330"))]
    );
}

// ---- Sub-totals: 片区 merged down beside 社区 ----

fn hierarchy(first_subtotal_target: &str, grand_target: &str) -> Sheet {
    sheet(
        &[
            &["片区", "社区", "目标", "完成", "完成率"],
            &["一片区", "下渡", "10", "8", "80.00%"],
            &["", "江景", "20", "20", "100.00%"],
            &["", "小计", first_subtotal_target, "28", "93.33%"],
            &["二片区", "毛纺", "5", "5", "100.00%"],
            &["", "竹园", "15", "12", "80.00%"],
            &["", "小计", "20", "17", "85.00%"],
            &["总计", "", grand_target, "45", "90.00%"],
        ],
        &["A2:A4", "A5:A7", "A8:B8"],
    )
}

#[test]
fn sub_totals_sum_their_communities_and_the_total_sums_the_sub_totals() {
    assert_eq!(check(&hierarchy("30", "50")), []);
    let table = &locate::indicator_tables(&hierarchy("30", "50"))[0];
    let parts: Vec<(&Entity, &[usize])> = table
        .lines
        .iter()
        .map(|l| (&l.entity, l.parts.as_slice()))
        .collect();
    assert_eq!(
        parts,
        [
            (&Entity::Unrecognized("下渡".into()), &[][..]),
            (&Entity::Unrecognized("江景".into()), &[][..]),
            (&Entity::Subtotal("一片区小计".into()), &[0, 1][..]),
            (&Entity::Unrecognized("毛纺".into()), &[][..]),
            (&Entity::Unrecognized("竹园".into()), &[][..]),
            (&Entity::Subtotal("二片区小计".into()), &[3, 4][..]),
            (&Entity::Total, &[2, 5][..]),
        ]
    );
}

#[test]
fn a_wrong_sub_total_is_found_at_that_sub_total_only() {
    assert_eq!(
        check(&hierarchy("40", "50")),
        [row("T001", "C4", "40", Some("30"))]
    );
}

#[test]
fn the_grand_total_is_checked_against_the_sub_totals() {
    assert_eq!(
        check(&hierarchy("30", "51")),
        [row("T001", "C8", "51", Some("50"))]
    );
}

#[test]
fn sub_totals_in_the_label_column_sum_the_rows_since_the_last_one() {
    let s = sheet(
        &[
            &["社区", "协议量", "完成量", "百分比"],
            &["下渡", "10", "8", "80.00%"],
            &["江景", "20", "20", "100.00%"],
            &["江丽", "0", "0", ""],
            &["南贤", "0", "0", ""],
            &["一片区小计", "30", "28", "93.33%"],
            &["毛纺", "5", "5", "100.00%"],
            &["二片区小计", "6", "5", "100.00%"],
            &["合计", "35", "33", "94.29%"],
        ],
        &[],
    );
    // 二片区小计 target 6 against its one community's 5; the 合计 sums the sub-totals (30+5).
    assert_eq!(check(&s), [row("T001", "B8", "6", Some("5"))]);
}

// ---- Target words outside the old list ----

fn unfamiliar_targets(rate: &str) -> Sheet {
    sheet(
        &[
            &["服务片区", "电访", "", "", "入户探访", "", ""],
            &["", "指标", "完成", "完成率", "年度目标", "完成数", "完成率"],
            &["片区1", "100", "90", "90.00%", "50", "50", "100.00%"],
            &["片区2", "200", "210", rate, "40", "30", "75.00%"],
            &["合计", "300", "300", "100.00%", "90", "80", "88.89%"],
        ],
        &["A1:A2", "B1:D1", "E1:G1"],
    )
}

#[test]
fn targets_headed_with_other_words_are_checked() {
    assert_eq!(findings(&unfamiliar_targets("105.00%"), Severity::Info), []);
    assert_eq!(
        check(&unfamiliar_targets("110.00%")),
        [row("R001", "D4", "110.00%", Some("105.00%"))]
    );
}

// ---- Every header word unfamiliar: the figures find the table ----

fn unfamiliar_words(total: &str) -> Sheet {
    sheet(
        &[
            &["服务点", "预定", "做到", "达标"],
            &["片区1", "100", "90", "90.00%"],
            &["片区2", "50", "55", "110.00%"],
            &["合计", total, "145", "96.67%"],
        ],
        &[],
    )
}

#[test]
fn a_table_of_unfamiliar_words_is_found_by_its_figures() {
    assert_eq!(check(&unfamiliar_words("150")), []);
    // The words the dictionary lacks are noted as info, never warned about.
    let info: Vec<Row> = findings(&unfamiliar_words("150"), Severity::Info);
    assert_eq!(
        info,
        [
            row("H005", "B1", "预定", None),
            row("H005", "C1", "做到", None),
            row("H005", "D1", "达标", None),
        ]
    );
    assert_eq!(
        check(&unfamiliar_words("160")),
        [row("T001", "B4", "160", Some("150"))]
    );
}

#[test]
fn a_roster_like_grid_of_ones_is_no_indicator_table() {
    let s = sheet(
        &[
            &["姓名", "人员", "社保", "工资"],
            &["张三", "1", "1", "1"],
            &["李四", "1", "1", "1"],
        ],
        &[],
    );
    assert!(locate::indicator_tables(&s).is_empty());
}

#[test]
fn a_roster_below_a_table_after_its_total_is_not_more_lines() {
    // The roster has no title; its 序号 and dotted months read as figures.
    let s = sheet(
        &[
            &["片区", "投入社工人数", "电访", "", ""],
            &["", "", "协议量", "完成量", "完成率"],
            &["片区A", "2", "100", "90", "90%"],
            &["片区B", "1", "50", "50", "100%"],
            &["合计", "3", "150", "140", "93.33%"],
            &[],
            &[],
            &["类型", "序号", "姓名", "职位", "2023.6", "", ""],
            &["", "", "", "", "人员", "社保", "工资"],
            &["持证社工", "1", "甲", "片区A社工", "√", "√", "√"],
            &["", "2", "乙", "片区A社工", "√", "√", "√"],
            &["非持证社工", "3", "丙", "片区B社工", "√", "√", "√"],
        ],
        &["C1:E1", "E8:G8"],
    );
    let tables = locate::indicator_tables(&s);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].range.last.row, 4, "the table ends at its total");
    assert_eq!(locate::rosters(&s).len(), 1);
    assert!(check(&s).is_empty(), "{:?}", check(&s));
}

/// A one-row header whose words name no target or done (…协议个数, …完成情况):
/// the numbers decide; the second group is done exactly, 100 in every row
/// under 完成率(%).
fn done_exactly(rate: &str) -> Sheet {
    sheet(
        &[
            &["数据统计时间：2023年5月31日至2023年12月31日"],
            &[
                "片区名称",
                "专业个案接案（个）协议个数",
                "专业个案接案（个）完成情况",
                "专业个案接案（个）完成率(%)",
                "专业小组个数（个）协议个数",
                "专业小组个数（个）完成情况",
                "专业小组个数（个）完成率(%)",
            ],
            &["片区1", "28", "29", "104", "80", "80", "100"],
            &["片区2", "54", "88", "163", "23", "23", rate],
            &["全街合计", "82", "117", "143", "103", "103", "100"],
        ],
        &[],
    )
}

#[test]
fn a_group_done_exactly_under_a_percent_header_is_read() {
    let s = done_exactly("100");
    let tables = locate::indicator_tables(&s);
    let group: Vec<(Option<String>, Option<String>, Option<String>)> = tables[0]
        .measurements
        .iter()
        .filter(|m| tables[0].line(m).entity == Entity::Total)
        .map(|m| {
            (
                m.target.map(|c| c.a1()),
                m.done.map(|c| c.a1()),
                m.rate.map(|c| c.a1()),
            )
        })
        .collect();
    let some = |a: &str| Some(a.to_string());
    assert_eq!(
        group,
        [
            (some("B5"), some("C5"), some("D5")),
            (some("E5"), some("F5"), some("G5"))
        ]
    );
    assert!(check(&s).is_empty(), "{:?}", check(&s));
    assert_eq!(
        check(&done_exactly("98")),
        [row("R001", "G4", "98%", Some("100%"))]
    );
}

// ---- Districts across the top as column groups ----

fn districts_across(total_target: &str) -> Sheet {
    sheet(
        &[
            &[
                "指标",
                "一片区",
                "",
                "",
                "二片区",
                "",
                "",
                "全街合计",
                "",
                "",
            ],
            &[
                "",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
            ],
            &[
                "电访",
                "100",
                "90",
                "90.00%",
                "50",
                "50",
                "100.00%",
                total_target,
                "140",
                "93.33%",
            ],
            &[
                "长者关爱探访",
                "10",
                "12",
                "120.00%",
                "20",
                "20",
                "100.00%",
                "30",
                "32",
                "106.67%",
            ],
        ],
        &["A1:A2", "B1:D1", "E1:G1", "H1:J1"],
    )
}

#[test]
fn districts_across_as_groups() {
    let clean = districts_across("150");
    assert_eq!(findings(&clean, Severity::Info), []);
    let table = &locate::indicator_tables(&clean)[0];
    assert_eq!(table.layout, Layout::Transposed);
    assert_eq!(table.lines[2].entity, Entity::Total);
    assert_eq!(table.lines[2].parts, [0, 1]);
    // An indicator the dictionary does not know is kept as written and checked.
    assert!(table
        .measurements
        .iter()
        .any(|m| &*m.indicator == "长者关爱探访" && m.canonical.is_none()));
    assert_eq!(
        check(&districts_across("160")),
        [row("T001", "H3", "160", Some("150"))]
    );
}

#[test]
fn other_district_forms_head_column_groups() {
    let s = sheet(
        &[
            &["项目", "东片", "", "", "西片", "", "", "合计", "", ""],
            &[
                "",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
            ],
            &[
                "电访", "100", "90", "90.00%", "50", "50", "100.00%", "150", "140", "93.33%",
            ],
        ],
        &["A1:A2", "B1:D1", "E1:G1", "H1:J1"],
    );
    let table = &locate::indicator_tables(&s)[0];
    assert_eq!(table.layout, Layout::Transposed);
    let entities: Vec<&Entity> = table.lines.iter().map(|l| &l.entity).collect();
    assert_eq!(
        entities,
        [
            &Entity::Unrecognized("东片".into()),
            &Entity::Unrecognized("西片".into()),
            &Entity::Total
        ]
    );
}

// ---- Period columns under one target ----

fn quarters(first_cumulative: &str) -> Sheet {
    sheet(
        &[
            &[
                "指标",
                "目标",
                "一季度",
                "二季度",
                "三季度",
                "四季度",
                "累计",
                "完成率",
            ],
            &[
                "电访",
                "400",
                "100",
                "100",
                "100",
                "120",
                first_cumulative,
                "105.00%",
            ],
            &["入户探访", "200", "40", "50", "60", "50", "200", "100.00%"],
        ],
        &[],
    )
}

#[test]
fn quarterly_columns_sum_to_the_cumulative() {
    assert_eq!(findings(&quarters("420"), Severity::Info), []);
    let table = &locate::indicator_tables(&quarters("420"))[0];
    let m = &table.measurements[0];
    assert_eq!(m.done, Some(cell("G2")));
    assert_eq!(m.periods, ["C2", "D2", "E2", "F2"].map(cell));
    let wrong = check(&quarters("430"));
    assert_eq!(wrong, [row("T001", "G2", "430", Some("420"))]);
}

#[test]
fn q_and_month_headers_are_periods() {
    let s = sheet(
        &[
            &[
                "指标",
                "年度目标",
                "Q1",
                "Q2",
                "Q3",
                "Q4",
                "累计完成",
                "完成率",
            ],
            &["电访", "400", "100", "100", "100", "100", "400", "100.00%"],
        ],
        &[],
    );
    assert_eq!(findings(&s, Severity::Info), []);
    assert_eq!(
        locate::indicator_tables(&s)[0].measurements[0]
            .periods
            .len(),
        4
    );
}

/// Two header rows: the periods under a heading of their own, the other
/// words written once above a blank (not merged), the cumulative headed 合计
/// (a word that names no role) and the periods as ranges of months.
fn quarters_under_a_heading(second_quarter: &str, cumulative: &str) -> Sheet {
    sheet(
        &[
            &[
                "指标",
                "计划数",
                "季度完成量",
                "",
                "",
                "",
                "合计",
                "完成进度",
            ],
            &["", "", "6-8月", "9-11月", "12-2月", "3-5月", "", ""],
            &[
                "电访",
                "400",
                "100",
                second_quarter,
                "100",
                "120",
                cumulative,
                "105.00%",
            ],
            &["入户探访", "200", "40", "50", "60", "50", "200", "100.00%"],
            &["社区调研", "20", "5", "5", "6", "4", "20", "100.00%"],
        ],
        &[],
    )
}

#[test]
fn periods_in_a_header_row_of_their_own_under_one_target() {
    let s = quarters_under_a_heading("100", "420");
    assert_eq!(findings(&s, Severity::Info), []);
    let tables = locate::indicator_tables(&s);
    assert_eq!(tables.len(), 1);
    let m = &tables[0].measurements[0];
    assert_eq!(m.target, Some(cell("B3")));
    assert_eq!(m.done, Some(cell("G3")));
    assert_eq!(m.rate, Some(cell("H3")));
    assert_eq!(m.periods, ["C3", "D3", "E3", "F3"].map(cell));
    // Merged down instead of written once: the same reading.
    let mut merged = quarters_under_a_heading("100", "420");
    for range in ["A1:A2", "B1:B2", "C1:F1", "G1:G2", "H1:H2"] {
        let (a, b) = range.split_once(':').expect("range");
        merged.merges.push(CellRange::new(cell(a), cell(b)));
    }
    let m = &locate::indicator_tables(&merged)[0].measurements[0];
    assert_eq!((m.target, m.done), (Some(cell("B3")), Some(cell("G3"))));
    assert_eq!(m.periods.len(), 4);
    // A wrong cumulative is corrected to the sum of its periods.
    let wrong = check(&quarters_under_a_heading("100", "430"));
    assert_eq!(wrong, [row("T001", "G3", "430", Some("420"))]);
}

#[test]
fn a_period_off_by_a_power_of_ten_is_a_slip_not_a_wrong_cumulative() {
    // 1000 for 100: the cumulative and the rate keep the true figure.
    let s = quarters_under_a_heading("1000", "420");
    assert_eq!(check(&s), [row("S001", "D3", "1000", Some("100"))]);
}

#[test]
fn the_period_sums_confirm_the_reading_of_a_table_with_wrong_cumulatives() {
    // Two 累计 off (their rates follow the true sums) and one wrong rate:
    // three of five rates disagree with the figures as written, but the
    // periods show which figure is wrong, so the reading stands.
    let s = sheet(
        &[
            &[
                "指标",
                "目标",
                "一季度",
                "二季度",
                "三季度",
                "四季度",
                "累计",
                "完成率",
            ],
            &["电访", "400", "100", "100", "100", "120", "430", "105.00%"],
            &["入户探访", "200", "40", "50", "60", "50", "210", "100.00%"],
            &["社区调研", "20", "5", "5", "6", "4", "20", "130.00%"],
            &["咨询个案", "50", "10", "10", "10", "10", "40", "80.00%"],
            &["专业小组", "10", "3", "3", "2", "2", "10", "100.00%"],
        ],
        &[],
    );
    assert_eq!(
        check(&s),
        [
            row("R001", "H4", "130.00%", Some("100.00%")),
            row("T001", "G2", "430", Some("420")),
            row("T001", "G3", "210", Some("200")),
        ]
    );
}

#[test]
fn a_slipped_quarter_under_known_words() {
    let s = sheet(
        &[
            &[
                "指标",
                "目标",
                "一季度",
                "二季度",
                "三季度",
                "四季度",
                "累计",
                "完成率",
            ],
            &["电访", "400", "100", "100", "1000", "120", "420", "105.00%"],
            &["入户探访", "200", "40", "50", "60", "50", "200", "100.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), [row("S001", "E2", "1000", Some("100"))]);
}

#[test]
fn a_unit_in_a_column_word_is_not_every_row_s_unit() {
    // 协议节数 heads the targets of every row; 慈善资源筹集 is money.
    let s = sheet(
        &[
            &["项目", "协议节数", "完成数", "完成率"],
            &["四点半课堂", "40", "44", "110.00%"],
            &["慈善资源筹集", "200000", "250000.5", "125.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
}

// ---- Text columns and words the old list did not know ----

#[test]
fn unit_and_note_columns_are_never_figures() {
    let s = sheet(
        &[
            &["项目", "单位", "指标", "完成", "完成率", "备注"],
            &["电访", "人次", "1900", "2403", "126.47%", ""],
            &["外展", "次", "10", "7", "70.00%", "另有线上外展"],
        ],
        &[],
    );
    assert_eq!(findings(&s, Severity::Info), []);
    let table = &locate::indicator_tables(&s)[0];
    assert_eq!(table.layout, Layout::StationRows);
    let m = &table.measurements[0];
    assert_eq!(
        (&*m.indicator, m.target, m.done, m.rate),
        ("电访", Some(cell("C2")), Some(cell("D2")), Some(cell("E2")))
    );
    // The 单位 column names each row's unit.
    let units: Vec<Option<&str>> = table
        .measurements
        .iter()
        .map(|m| m.unit.as_deref())
        .collect();
    assert_eq!(units, [Some("人次"), Some("次")]);
}

#[test]
fn a_table_of_known_words_and_one_of_unfamiliar_words_on_one_sheet() {
    let s = sheet(
        &[
            &["服务片区", "协议量", "完成量", "百分比"],
            &["片区1", "10", "10", "100.00%"],
            &["片区2", "20", "10", "50.00%"],
            &["合计", "30", "20", "66.67%"],
            &[],
            &["服务点", "预定", "做到", "达标"],
            &["片区1", "100", "90", "90.00%"],
            &["片区2", "50", "55", "120.00%"],
            &["片区3", "20", "20", "100.00%"],
        ],
        &[],
    );
    assert_eq!(locate::indicator_tables(&s).len(), 2);
    assert_eq!(check(&s), [row("R001", "D8", "120.00%", Some("110.00%"))]);
}

#[test]
fn a_known_name_with_its_unit_or_a_longer_name_is_no_typo() {
    let s = sheet(
        &[
            &[
                "服务片区",
                "大型社区活动场次",
                "",
                "",
                "电访（人次）",
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
            ],
            &["片区1", "3", "3", "100.00%", "10", "10", "100.00%"],
        ],
        &["A1:A2", "B1:D1", "E1:G1"],
    );
    assert_eq!(check(&s), []);
}

#[test]
fn three_header_rows_name_the_indicator_with_its_unit() {
    let s = sheet(
        &[
            &["服务片区", "专业小组", "", "", "", "", ""],
            &["", "个数", "", "", "人次", "", ""],
            &[
                "",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
            ],
            &["片区1", "2", "2", "100.00%", "100", "90", "90.00%"],
            &["片区2", "3", "3", "100.00%", "50", "60", "120.00%"],
            &["合计", "5", "5", "100.00%", "150", "150", "100.00%"],
        ],
        &["A1:A3", "B1:G1", "B2:D2", "E2:G2"],
    );
    assert_eq!(findings(&s, Severity::Info), []);
    let table = &locate::indicator_tables(&s)[0];
    let names: std::collections::BTreeSet<&str> =
        table.measurements.iter().map(|m| &*m.indicator).collect();
    assert_eq!(
        names,
        std::collections::BTreeSet::from(["专业小组·个数", "专业小组·人次"])
    );
}

#[test]
fn a_column_of_words_under_a_role_word_is_text() {
    let s = sheet(
        &[
            &["服务片区", "协议量", "完成量", "百分比", "完成情况"],
            &["片区1", "10", "10", "100.00%", "已完成"],
            &["片区2", "20", "10", "50.00%", "未完成"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
}

#[test]
fn group_headers_repeated_over_each_column_are_one_group() {
    let s = sheet(
        &[
            &[
                "服务片区",
                "电访",
                "电访",
                "电访",
                "入户探访",
                "入户探访",
                "入户探访",
            ],
            &[
                "",
                "协议量",
                "完成量",
                "百分比",
                "协议量",
                "完成量",
                "百分比",
            ],
            &["片区1", "10", "10", "100.00%", "5", "4", "80.00%"],
            &["片区2", "20", "10", "50.00%", "5", "5", "100.00%"],
            &["合计", "30", "20", "66.67%", "10", "9", "90.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
    let table = &locate::indicator_tables(&s)[0];
    let m = &table.measurements[0];
    assert_eq!(
        (&*m.indicator, m.target, m.done, m.rate),
        ("电访", Some(cell("B3")), Some(cell("C3")), Some(cell("D3")))
    );
}

#[test]
fn indicator_names_inside_the_column_words() {
    let s = sheet(
        &[
            &[
                "服务片区",
                "电访计划",
                "电访实做",
                "电访比",
                "探访计划",
                "探访实做",
                "探访比",
            ],
            &["片区1", "10", "10", "100.00%", "5", "4", "80.00%"],
            &["片区2", "20", "10", "50.00%", "5", "5", "100.00%"],
            &["合计", "30", "20", "66.67%", "10", "9", "90.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
    let table = &locate::indicator_tables(&s)[0];
    let names: Vec<&str> = table.measurements[..2]
        .iter()
        .map(|m| &*m.indicator)
        .collect();
    // 探访 is a known synonym: the dictionary name is shown.
    assert_eq!(names, ["电访", "入户探访"]);
}

fn district_totals(first_total: &str) -> Sheet {
    sheet(
        &[
            &["社区", "协议量", "完成量", "百分比"],
            &["下渡", "10", "8", "80.00%"],
            &["江景", "20", "20", "100.00%"],
            &["一片区合计", first_total, "28", "93.33%"],
            &["毛纺", "5", "5", "100.00%"],
            &["竹园", "15", "12", "80.00%"],
            &["二片区合计", "20", "17", "85.00%"],
            &["全街合计", "50", "45", "90.00%"],
        ],
        &[],
    )
}

#[test]
fn several_totals_are_sub_totals_and_the_last_sums_them() {
    assert_eq!(check(&district_totals("30")), []);
    let table = &locate::indicator_tables(&district_totals("30"))[0];
    assert_eq!(table.lines[2].entity, Entity::Subtotal("一片区合计".into()));
    assert_eq!(table.lines[6].parts, [2, 5]);
    assert_eq!(
        check(&district_totals("40")),
        [row("T001", "B4", "40", Some("30"))]
    );
}

#[test]
fn two_sections_under_one_header_each_sum_their_own_rows() {
    let s = sheet(
        &[
            &["服务片区", "协议量", "完成量", "百分比"],
            &["片区1", "10", "8", "80.00%"],
            &["片区2", "20", "20", "100.00%"],
            &["合计", "30", "28", "93.33%"],
            &["片区1", "5", "5", "100.00%"],
            &["片区2", "15", "12", "80.00%"],
            &["合计", "20", "17", "85.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
}

#[test]
fn groups_named_by_communities_beside_a_total_group_are_lines() {
    let s = sheet(
        &[
            &[
                "服务项目",
                "下渡社区",
                "",
                "",
                "江景社区",
                "",
                "",
                "合计",
                "",
                "",
            ],
            &[
                "",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
                "目标",
                "完成",
                "完成率",
            ],
            &[
                "电访", "100", "90", "90.00%", "50", "50", "100.00%", "150", "140", "93.33%",
            ],
            &[
                "外展", "10", "12", "120.00%", "20", "20", "100.00%", "31", "32", "106.67%",
            ],
        ],
        &["A1:A2", "B1:D1", "E1:G1", "H1:J1"],
    );
    let table = &locate::indicator_tables(&s)[0];
    assert_eq!(table.layout, Layout::Transposed);
    assert_eq!(check(&s), [row("T001", "H4", "31", Some("30"))]);
}

#[test]
fn a_cumulative_that_counts_periods_not_shown_is_left_alone() {
    // 累计 since a service year that began before the months shown: no row
    // adds up, so the reading is not confirmed and nothing is corrected.
    let s = sheet(
        &[
            &["指标", "目标", "1月", "2月", "3月", "累计", "完成率"],
            &["电访", "400", "30", "30", "30", "300", "75.00%"],
            &["入户探访", "200", "10", "20", "10", "150", "75.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
}

#[test]
fn sub_totals_written_above_their_rows() {
    let s = sheet(
        &[
            &["社区", "协议量", "完成量", "百分比"],
            &["一片区小计", "30", "28", "93.33%"],
            &["下渡", "10", "8", "80.00%"],
            &["江景", "20", "20", "100.00%"],
            &["二片区小计", "20", "17", "85.00%"],
            &["毛纺", "5", "5", "100.00%"],
            &["竹园", "15", "12", "80.00%"],
            &["总计", "50", "45", "90.00%"],
        ],
        &[],
    );
    assert_eq!(check(&s), []);
}

// ---- Structure where the words do not say ----

/// 社区名称 (no label word) beside a 片区 merged down, sub-totals written 合计
/// in the community column, the grand total 全街合计.
fn community_column(second_subtotal_done: &str) -> Sheet {
    sheet(
        &[
            &["所属片区", "社区名称", "指标要求", "已完成", "达成率"],
            &["A片区", "下渡社区", "208", "135", "0.65"],
            &["", "江景社区", "414", "701", "1.69"],
            &["", "合计", "622", "836", "1.34"],
            &["B片区", "毛纺", "1942", "1610", "0.83"],
            &["", "竹园社区", "200", "215", "1.08"],
            &["", "合计", "2142", second_subtotal_done, "0.85"],
            &["全街合计", "", "2764", "2661", "0.96"],
        ],
        &["A2:A3", "A5:A6", "A8:B8"],
    )
}

#[test]
fn a_community_column_under_any_word_is_read_by_the_merged_district_beside_it() {
    assert_eq!(findings(&community_column("1825"), Severity::Warning), []);
    let table = &locate::indicator_tables(&community_column("1825"))[0];
    let parts: Vec<(&Entity, &[usize])> = table
        .lines
        .iter()
        .map(|l| (&l.entity, l.parts.as_slice()))
        .collect();
    assert_eq!(
        parts,
        [
            (&Entity::Unrecognized("下渡社区".into()), &[][..]),
            (&Entity::Unrecognized("江景社区".into()), &[][..]),
            (&Entity::Subtotal("合计".into()), &[0, 1][..]),
            (&Entity::Unrecognized("毛纺".into()), &[][..]),
            (&Entity::Unrecognized("竹园社区".into()), &[][..]),
            (&Entity::Subtotal("合计".into()), &[3, 4][..]),
            (&Entity::Total, &[2, 5][..]),
        ]
    );
    // A wrong sub-total is found at that sub-total, not at the grand total;
    // its rate follows the true sum.
    assert_eq!(
        check(&community_column("1725")),
        [row("T001", "D7", "1725", Some("1825"))]
    );
}

/// Districts across, a total group headed 全街 (no total word), and measure
/// words that differ from group to group (协议人次 in one, 目标 in another).
fn total_group_unnamed(total_done: &str) -> Sheet {
    sheet(
        &[
            &[
                "服务指标",
                "一片区",
                "",
                "",
                "二片区",
                "",
                "",
                "全街",
                "",
                "",
            ],
            &[
                "",
                "目标",
                "完成",
                "完成率",
                "协议人次",
                "实际完成",
                "达成率",
                "年度目标",
                "完成情况",
                "完成比例",
            ],
            &[
                "社区调研",
                "74",
                "51",
                "68.92%",
                "55",
                "90",
                "163.64%",
                "129",
                total_done,
                "109.30%",
            ],
            &[
                "四点半课堂（节）",
                "80",
                "106",
                "132.50%",
                "480",
                "684",
                "142.50%",
                "560",
                "790",
                "141.07%",
            ],
        ],
        &["A1:A2", "B1:D1", "E1:G1", "H1:J1"],
    )
}

#[test]
fn a_total_group_no_word_names_is_the_total_by_its_figures() {
    let clean = total_group_unnamed("141");
    assert_eq!(findings(&clean, Severity::Warning), []);
    let table = &locate::indicator_tables(&clean)[0];
    assert_eq!(table.layout, Layout::Transposed);
    assert_eq!(table.lines[2].entity, Entity::Total);
    assert_eq!(table.lines[2].parts, [0, 1]);
    // One indicator across the groups, whatever measure word each group uses.
    let names: Vec<&str> = table
        .measurements
        .iter()
        .filter(|m| m.target.is_some_and(|c| c.row == 2))
        .map(|m| &*m.indicator)
        .collect();
    assert_eq!(names, ["社区调研"; 3]);
    // The total's rate follows the true sum: the total is the one error.
    assert_eq!(
        check(&total_group_unnamed("151")),
        [row("T001", "I3", "151", Some("141"))]
    );
}

#[test]
fn a_label_word_over_figures_heads_targets_not_the_labels() {
    // 指标 heads the targets; the labels are the 片区 and 社区 columns left of it.
    let s = sheet(
        &[
            &["所属片区", "社区名称", "指标", "完成量", "完成比例"],
            &["一片区", "下渡", "50", "58", "116.00%"],
            &["", "江景", "39", "65", "166.67%"],
            &["一片区小计", "", "89", "123", "138.20%"],
            &["二片区", "毛纺", "19", "24", "126.32%"],
            &["", "竹园", "19", "32", "168.42%"],
            &["二片区小计", "", "38", "56", "147.37%"],
            &["合计", "", "127", "179", "140.94%"],
        ],
        &["A2:A3", "A4:B4", "A5:A6", "A7:B7", "A8:B8"],
    );
    assert_eq!(check(&s), []);
    let table = &locate::indicator_tables(&s)[0];
    assert_eq!(table.lines.len(), 7);
    assert_eq!(table.lines[6].parts, [2, 5]);
    assert!(table.measurements.iter().all(|m| m.target.is_some()));
}

// ---- A single-figure column written once above a blank ----

#[test]
fn a_single_figure_column_not_merged_down_is_checked() {
    // 投入社工人数 written in the first header row only, the cell under it
    // blank and not merged: the column is a count of its own, and its total
    // is checked like any other.
    let s = |total: &str| {
        sheet(
            &[
                &["片区", "投入社工人数", "电访", "", ""],
                &["", "", "协议量", "完成量", "完成率"],
                &["片区1", "9", "100", "110", "110.00%"],
                &["片区2", "2", "200", "180", "90.00%"],
                &["片区3", "2", "300", "300", "100.00%"],
                &["合计", total, "600", "590", "98.33%"],
            ],
            &["C1:E1"],
        )
    };
    assert_eq!(check(&s("13")), []);
    assert_eq!(check(&s("9")), [row("T001", "B6", "9", Some("13"))]);
}

// ---- An ordinal column left of the labels ----

#[test]
fn an_ordinal_column_is_not_the_label_column() {
    // 序号 | 片区名称 written once in the first header row, not merged down:
    // the ordinal column is text, the labels are the next column.
    let s = |total: &str| {
        sheet(
            &[
                &["序号", "片区名称", "咨询个案（个）", "", ""],
                &["", "", "指标", "完成数", "完成率"],
                &["1", "A片区", "202", "175", "86.63%"],
                &["2", "B片区", "460", "457", "99.35%"],
                &["3", "C片区", "345", "480", "139.13%"],
                &["", "合计", total, "1112", "110.43%"],
            ],
            &["C1:E1"],
        )
    };
    assert_eq!(check(&s("1007")), []);
    assert_eq!(check(&s("1070")), [row("T001", "C6", "1070", Some("1007"))]);
}

// ---- Whole percent points under a "(%)" header, one header row ----

#[test]
fn whole_percent_points_under_a_percent_header_pair_with_their_figures() {
    // The rate column is named by its "(%)"; its whole numbers (75, not
    // 0.75 or "75%") still find their target and done by the figures.
    let s = |rate: &str| {
        sheet(
            &[
                &[
                    "片区名称",
                    "电访（人次）指标要求",
                    "电访（人次）实际完成",
                    "电访（人次）百分比(%)",
                    "社区调研(次)目标",
                    "社区调研(次)完成数",
                    "社区调研(次)完成率（%）",
                ],
                &["A片区", "440", "363", "83", "40", "35", "88"],
                &["B片区", "2000", "3202", "160", "56", "43", "77"],
                &["C片区", "1440", "1836", "128", "80", "50", rate],
                &["合计", "3880", "5401", "139", "176", "128", "73"],
            ],
            &[],
        )
    };
    assert_eq!(check(&s("63")), []);
    assert_eq!(check(&s("75")), [row("R001", "G4", "75%", Some("63%"))]);
}

// ---- Found by its figures, a row with no target first ----

#[test]
fn a_table_found_by_its_figures_may_begin_with_a_row_without_target() {
    // 完成进度 is a word nobody listed: the table is found by its figures,
    // though its first row (节日慰问, no target by design) has one figure.
    let s = |rate: &str| {
        sheet(
            &[
                &[
                    "指标名称",
                    "计量单位",
                    "指标",
                    "实际完成数",
                    "完成进度",
                    "备注",
                ],
                &["节日慰问", "次", "/", "141", "/", "无协议指标"],
                &["困难群众和特殊群体建档", "户", "800", "1061", "132.63%", ""],
                &["中小型社区活动次数", "次", "13", "14", rate, ""],
                &["中小型社区活动人次", "人次", "2938", "4301", "146.39%", ""],
            ],
            &[],
        )
    };
    assert_eq!(check(&s("107.69%")), []);
    assert_eq!(
        check(&s("117.69%")),
        [row("R001", "E4", "117.69%", Some("107.69%"))]
    );
}

#[test]
fn a_table_under_no_group_header_is_named_by_its_title_else_its_sheet() {
    let titled = sheet(
        &[
            &["附件2"],
            &["长者探访（人次）"],
            &[],
            &["片区", "协议量", "完成量", "完成率"],
            &["片区1", "10", "8", "80%"],
            &["片区2", "20", "15", "75%"],
        ],
        &[],
    );
    let tables = locate::indicator_tables(&titled);
    let names: Vec<&str> = tables[0]
        .measurements
        .iter()
        .map(|m| &*m.indicator)
        .collect();
    assert_eq!(names, ["长者探访(人次)", "长者探访(人次)"]);
    let untitled = sheet(
        &[
            &["片区", "协议量", "完成量", "完成率"],
            &["片区1", "10", "8", "80%"],
        ],
        &[],
    );
    let tables = locate::indicator_tables(&untitled);
    assert_eq!(&*tables[0].measurements[0].indicator, "表");
}

#[test]
fn tables_side_by_side_are_read_apart_and_a_spacer_column_splits_nothing() {
    // Two tables with a blank column between them: the right one has its own
    // labels (after an ordinal column), so each row is read within its table.
    let side_by_side = sheet(
        &[
            &[
                "片区",
                "协议量",
                "完成量",
                "完成率",
                "",
                "序号",
                "项目",
                "目标",
                "完成",
                "完成率",
            ],
            &[
                "片区1",
                "10",
                "8",
                "80%",
                "",
                "1",
                "社区议事会",
                "19",
                "19",
                "100%",
            ],
            &[
                "片区2",
                "20",
                "15",
                "70%",
                "",
                "2",
                "党群活动",
                "55",
                "53",
                "96%",
            ],
            &[
                "合计",
                "30",
                "23",
                "77%",
                "",
                "3",
                "心理筛查",
                "100",
                "50",
                "50%",
            ],
        ],
        &[],
    );
    assert_eq!(
        check(&side_by_side),
        [row("R001", "D3", "70%", Some("75%"))],
        "the right table's rows are not the left one's districts"
    );
    assert_eq!(locate::indicator_tables(&side_by_side).len(), 2);
    // A blank spacer column between indicator groups of one table: figures
    // right of it, no labels, so it is one table still.
    let spacer = sheet(
        &[
            &["片区", "电访", "", "", "", "探访", "", ""],
            &[
                "",
                "协议量",
                "完成量",
                "完成率",
                "",
                "协议量",
                "完成量",
                "完成率",
            ],
            &["片区1", "10", "8", "80%", "", "4", "4", "100%"],
            &["片区2", "20", "15", "70%", "", "6", "3", "50%"],
            &["合计", "30", "23", "77%", "", "10", "7", "70%"],
        ],
        &["B1:D1", "F1:H1"],
    );
    let tables = locate::indicator_tables(&spacer);
    assert_eq!(tables.len(), 1);
    assert_eq!(check(&spacer), [row("R001", "D4", "70%", Some("75%"))]);
}
