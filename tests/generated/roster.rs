//! Staff attendance rosters (社工到岗情况统计表): 类型, 序号, 姓名, 职位, 合同期限,
//! three tick columns per month, notes with departures, and a row of monthly
//! totals. The tick grid is drawn clean, the tick plants are written over it,
//! the totals are counted from the result, and a total plant is written last.

use rust_decimal::Decimal;

use super::vocab::{self, RateStyle};
use super::{a1, fixed, Case, Cell, Expected, Grid, Rng};

const SURNAMES: &[&str] = &[
    "陈", "李", "黄", "张", "刘", "何", "吴", "郑", "梁", "谢", "罗", "冯", "邓", "许", "蔡", "潘",
    "曾", "林", "周", "杨", "朱", "麦", "关", "叶",
];
const GIVEN: &[&str] = &[
    "晓敏", "嘉欣", "志强", "慧玲", "俊杰", "雅婷", "振华", "丽娜", "伟文", "佩珊", "家豪", "思颖",
    "文静", "国栋", "美玲", "海燕", "子健", "淑贞", "嘉怡", "秀英", "建平", "少芬", "锦辉", "映红",
];

struct Person {
    name: String,
    certified: bool,
    district: usize,
    contract: String,
    note: String,
    /// Months on duty, inclusive indices.
    active: (usize, usize),
    /// The month of a departure, if any.
    left: Option<usize>,
    /// The first month in which a tick is unambiguously after the departure.
    ticks_wrong_from: Option<usize>,
}

/// Months of the service year from 2023年6月.
fn month(i: usize) -> (u16, u8) {
    let m = 6 + i;
    if m > 12 {
        (2024, (m - 12) as u8)
    } else {
        (2023, m as u8)
    }
}

fn contract(rng: &mut Rng, start: (u16, u8, u8)) -> String {
    let sep = rng.word(&["-", "至", "~", "—", "-"]);
    format!("{}.{}.{}{sep}2026.5.30", start.0, start.1, start.2)
}

/// The station a roster belongs to when it shares a workbook with an
/// indicator table: its street and its number of districts.
pub struct Team {
    pub street: &'static str,
    pub districts: usize,
    /// The workbook is clean: the roster plants nothing either.
    pub clean: bool,
    /// The indicator table's sheet name, which the roster's must not take.
    pub avoid: String,
    /// The districts as the table names them, for 职位 written in its style
    /// ("东片社工", "片区A社工"); empty for 第一片区社工.
    pub names: Vec<String>,
}

pub fn build(rng: &mut Rng, case: &mut Case) {
    build_roster(rng, case, None);
}

/// Builds a roster (for `team`'s station when given) on a new sheet of the
/// case; returns the staff on duty in its last reported month per district
/// (by zero-based district), as its ticks say.
pub fn build_roster(rng: &mut Rng, case: &mut Case, team: Option<&Team>) -> Vec<i64> {
    let street = rng.word(&["赤岗街", "华洲街", "沙园街", "龙津街", "瑞宝街", "凤阳街"]);
    let street = team.map_or(street, |t| t.street);
    let months = if rng.chance(70) {
        12
    } else {
        rng.range(6, 11) as usize
    };
    case.features.push(format!("months={months}"));
    let districts = rng.range(2, 4) as usize;
    let districts = team.map_or(districts, |t| t.districts);
    let n = rng.range(6, 16) as usize;
    let certified = n - rng.range(0, 4) as usize;

    // Unique invented names.
    let mut names: Vec<String> = Vec::new();
    while names.len() < n + 3 {
        let name = format!("{}{}", rng.word(SURNAMES), rng.word(GIVEN));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut people: Vec<Person> = (0..n)
        .map(|i| {
            let start = (
                rng.range(2018, 2022) as u16,
                rng.range(1, 12) as u8,
                rng.range(1, 28) as u8,
            );
            Person {
                name: names[i].clone(),
                certified: i < certified,
                district: rng.below(districts),
                contract: contract(rng, start),
                note: String::new(),
                active: (0, months - 1),
                left: None,
                ticks_wrong_from: None,
            }
        })
        .collect();
    // A station's table counts staff in every district: each has someone.
    if team.is_some() {
        for (i, person) in people.iter_mut().enumerate().take(districts) {
            person.district = i;
        }
    }
    // Departures, each followed by a replacement hired the next month.
    let leavers = if months > 2 {
        rng.range(0, 2) as usize
    } else {
        0
    };
    let mut extra = 0;
    for _ in 0..leavers {
        let i = rng.below(n);
        if people[i].left.is_some() {
            continue;
        }
        let l = rng.below(months - 1);
        let (y, m) = month(l);
        // The first month a tick is after the departure: the month after a
        // leaving date, the month after a transfer dated the 1st.
        people[i].note = if rng.chance(60) {
            people[i].ticks_wrong_from = Some(l + 1);
            format!("{y}.{m}.{}离职", rng.range(5, 28))
        } else {
            people[i].ticks_wrong_from = Some(l + 2);
            let (y2, m2) = month(l + 1);
            format!(
                "{y2}.{m2}.1调至{}社工站",
                rng.word(&["华洲街", "新港街", "南华西街"])
            )
        };
        people[i].active = (0, l);
        people[i].left = Some(l);
        // A station's districts keep someone each: a leaver is replaced.
        if team.is_some() || rng.chance(70) {
            let (y2, m2) = month(l + 1);
            let start = (y2, m2, 1);
            let name = names[n + extra].clone();
            extra += 1;
            people.push(Person {
                name,
                certified: people[i].certified,
                district: people[i].district,
                contract: contract(rng, start),
                note: format!("{y2}.{m2}.1入职"),
                active: (l + 1, months - 1),
                left: None,
                ticks_wrong_from: None,
            });
        }
        case.features.push("departure".into());
    }
    // Certified first, as the type column groups them.
    people.sort_by_key(|p| !p.certified);

    // ticks[p][m][k]: 0 人员, 1 社保, 2 工资.
    let mut ticks: Vec<Vec<[bool; 3]>> = people
        .iter()
        .map(|p| {
            (0..months)
                .map(|m| [p.active.0 <= m && m <= p.active.1; 3])
                .collect()
        })
        .collect();
    let clean = rng.chance(25);
    let clean = team.map_or(clean, |t| t.clean);
    if clean && team.is_none() {
        case.features.push("clean".into());
    }
    let plant_rate = if clean { 0 } else { rng.range(30, 70) as u64 };
    let mut used_rows = vec![false; people.len()];
    let mut used_months = vec![false; months];
    // (person, month, kind, rule, why)
    let mut plants: Vec<(usize, usize, usize, &'static str, String)> = Vec::new();
    for (p, person) in people.iter().enumerate() {
        if plant_rate == 0 || !rng.chance(plant_rate / 2) {
            continue;
        }
        if let Some(from) = person.ticks_wrong_from {
            if from < months && rng.chance(60) {
                let m = rng.range(from as i64, months as i64 - 1) as usize;
                if !used_months[m] {
                    ticks[p][m][0] = true;
                    used_rows[p] = true;
                    used_months[m] = true;
                    plants.push((
                        p,
                        m,
                        0,
                        "A002",
                        format!("{} ticked after leaving", person.name),
                    ));
                }
                continue;
            }
        }
        let m = rng.range(person.active.0 as i64, person.active.1 as i64) as usize;
        if used_months[m] {
            continue;
        }
        ticks[p][m][1] = false;
        used_rows[p] = true;
        used_months[m] = true;
        plants.push((
            p,
            m,
            1,
            "A004",
            format!("{} salary without insurance", person.name),
        ));
    }
    let mut totals: Vec<[i64; 3]> = (0..months)
        .map(|m| {
            let mut t = [0i64; 3];
            for row in &ticks {
                for (k, v) in row[m].iter().enumerate() {
                    t[k] += *v as i64;
                }
            }
            t
        })
        .collect();
    let mut total_plant: Option<(usize, usize, String)> = None;
    if plant_rate > 0 && rng.chance(plant_rate) {
        let free: Vec<usize> = (0..months).filter(|m| !used_months[*m]).collect();
        if !free.is_empty() {
            let m = *rng.pick(&free);
            let k = rng.below(3);
            let mut delta = rng.range(1, 3);
            if rng.chance(50) && totals[m][k] > delta {
                delta = -delta;
            }
            let why = format!(
                "month {} total {} → {}",
                m + 1,
                totals[m][k],
                totals[m][k] + delta
            );
            totals[m][k] += delta;
            total_plant = Some((m, k, why));
        }
    }

    // Marks.
    let legend = rng.chance(20);
    let (yes, no): (&str, &str) = if legend {
        case.features.push("ticks=V/O+legend".into());
        ("V", "O")
    } else {
        let yes = rng.word(&["√", "✓", "✔", "是", "1"]);
        let no = rng.word(&["", "—", "×", "否", "-", "/"]);
        case.features.push(format!(
            "ticks={yes}/{}",
            if no.is_empty() { "empty" } else { no }
        ));
        (yes, no)
    };
    let subs: [&str; 3] = *rng.pick(&[
        ["人员", "社保", "工资"],
        ["到岗", "社保购买", "工资发放"],
        ["人员到岗", "购买社保", "发放工资"],
        ["在岗", "社会保险", "薪酬"],
    ]);
    case.features.push(format!("subs={}", subs.join("/")));
    let month_style = rng.below(5);
    case.features.push(
        [
            "months=年月",
            "months=date",
            "months=yy年m月",
            "months=dotted",
            "months=repeated",
        ][month_style]
            .into(),
    );
    let date_format = rng.word(&["yyyy\"年\"m\"月\"", "yyyy年m月"]);
    let repeated_with_year = rng.chance(50);
    let qual_col = rng.chance(50);
    let merged = rng.chance(70);

    let mut g = Grid::new(rng.word(&["社工到岗情况", "Sheet1", "附件2", "人员到岗"]));
    if team.is_some_and(|t| t.avoid == g.name) {
        g.name = "到岗情况".into();
    }
    let mut identity = vec!["类型", "序号", "姓名", "职位"];
    if qual_col {
        identity.push("岗位资格证类别");
    }
    identity.push("合同期限");
    let width = identity.len() as u16 + 3 * months as u16 + 1;
    let mut top = 0;
    // Months written without their year ("6月") take it from the title.
    let yearless = month_style == 4 && !repeated_with_year;
    if yearless {
        case.features.push("months=yearless".into());
    }
    if yearless || rng.chance(85) {
        let (y0, m0) = month(0);
        let (y1, m1) = month(months - 1);
        let span = if yearless {
            format!("（{y0}年{m0}月至{y1}年{m1}月）")
        } else {
            String::new()
        };
        g.text(
            0,
            0,
            format!("广州市{street}“双百工程”社工站购买服务项目社工到岗情况统计表{span}"),
        );
        g.merge(0, 0, 0, width - 1);
        top = 1;
        if months == 12 && rng.chance(50) {
            g.text(1, 0, "项目服务采购周期：2023年5月31日至2024年5月30日");
            top = 2;
        }
    }
    for (c, h) in identity.iter().enumerate() {
        g.text(top, c as u16, *h);
        if merged {
            g.merge(top, c as u16, top + 1, c as u16);
        }
    }
    let c0 = identity.len() as u16;
    for m in 0..months {
        let (y, mo) = month(m);
        let col = c0 + 3 * m as u16;
        match month_style {
            0 => {
                g.text(top, col, format!("{y}年{mo}月"));
                g.merge(top, col, top, col + 2);
            }
            1 => {
                g.put(top, col, Cell::Date(y, mo, 1, date_format.into()));
                g.merge(top, col, top, col + 2);
            }
            2 => {
                g.text(top, col, format!("{}年{mo}月", y % 100));
                g.merge(top, col, top, col + 2);
            }
            3 => {
                g.text(top, col, format!("{y}.{mo}"));
                g.merge(top, col, top, col + 2);
            }
            _ => {
                // WPS exports write the month over each column, with or without the year.
                for k in 0..3 {
                    if repeated_with_year {
                        g.text(top, col + k, format!("{y}年{mo}月"));
                    } else {
                        g.text(top, col + k, format!("{mo}月"));
                    }
                }
            }
        }
        for (k, s) in subs.iter().enumerate() {
            g.text(top + 1, col + k as u16, *s);
        }
    }
    let notes_col = c0 + 3 * months as u16;
    g.text(top, notes_col, "备注");
    if merged {
        g.merge(top, notes_col, top + 1, notes_col);
    }
    let first = top + 2;
    let mut row = first;
    let mut type_start = first;
    for (p, person) in people.iter().enumerate() {
        let type_text = if person.certified {
            "持证社工"
        } else {
            "非持证社工"
        };
        let new_type = p == 0 || people[p - 1].certified != person.certified;
        if new_type {
            if p > 0 && merged {
                g.merge(type_start, 0, row - 1, 0);
            }
            type_start = row;
            g.text(row, 0, type_text);
        } else if !merged {
            g.text(row, 0, type_text);
        }
        g.put(row, 1, Cell::Num(Decimal::from(p as i64 + 1), None));
        g.text(row, 2, person.name.clone());
        let position = match team.and_then(|t| t.names.get(person.district)) {
            Some(name) => format!("{name}社工"),
            None => {
                let cn = ["一", "二", "三", "四", "五", "六", "七", "八"][person.district];
                format!("第{cn}片区社工")
            }
        };
        g.text(row, 3, position);
        if qual_col {
            g.text(
                row,
                4,
                if person.certified {
                    "助理社会工作师"
                } else {
                    "已接受社会工作培训"
                },
            );
        }
        g.text(row, c0 - 1, person.contract.clone());
        for (m, month_ticks) in ticks[p].iter().enumerate() {
            for (k, &tick) in month_ticks.iter().enumerate() {
                let col = c0 + 3 * m as u16 + k as u16;
                if tick {
                    if yes == "1" {
                        g.put(row, col, Cell::Num(Decimal::ONE, None));
                    } else {
                        g.text(row, col, yes);
                    }
                } else {
                    g.text(row, col, no);
                }
            }
        }
        g.text(row, notes_col, person.note.clone());
        row += 1;
    }
    if merged && row - 1 > type_start {
        g.merge(type_start, 0, row - 1, 0);
    }
    for (p, m, k, rule, why) in &plants {
        case.expected.push(Expected {
            rule: (*rule).into(),
            sheet: g.name.clone(),
            cell: a1(first + *p as u32, c0 + 3 * *m as u16 + *k as u16),
            why: why.clone(),
        });
    }
    g.text(row, 0, "每月社保购买、工资发放、人员到岗等情况总计");
    g.merge(row, 0, row, c0 - 1);
    for (m, t) in totals.iter().enumerate() {
        for (k, v) in t.iter().enumerate() {
            g.put(
                row,
                c0 + 3 * m as u16 + k as u16,
                Cell::Num(Decimal::from(*v), None),
            );
        }
    }
    if let Some((m, k, why)) = total_plant {
        case.expected.push(Expected {
            rule: "A001".into(),
            sheet: g.name.clone(),
            cell: a1(row, c0 + 3 * m as u16 + k as u16),
            why,
        });
    }
    // The income row (社工有收入人次数小计): each month's 工资 ticks, written
    // once under the month, sometimes merged over its three columns; drawn
    // from a generator of its own, like the stated figures below.
    let mut ir = Rng::new(case.seed ^ 0x1AC0_3E1A_C03E_1AC0);
    if ir.chance(35) {
        row += 1;
        g.text(
            row,
            0,
            ir.word(&[
                "社工有收入人次数小计（即持证社工及非持证社工有收入次数总和）",
                "社工有收入人次数小计",
                "有收入人次小计",
            ]),
        );
        g.merge(row, 0, row, c0 - 1);
        let merged_months = ir.chance(60);
        let wrong = (!clean && ir.chance(40)).then(|| ir.below(months));
        for m in 0..months {
            let col = c0 + 3 * m as u16;
            let paid = ticks.iter().filter(|t| t[m][2]).count() as i64;
            let mut v = paid;
            if wrong == Some(m) {
                let delta = ir.range(1, 3);
                v = if ir.chance(50) && paid > delta {
                    paid - delta
                } else {
                    paid + delta
                };
                case.expected.push(Expected {
                    rule: "A001".into(),
                    sheet: g.name.clone(),
                    cell: a1(row, col),
                    why: format!("month {} income count {paid} → {v}", m + 1),
                });
            }
            g.put(row, col, Cell::Num(Decimal::from(v), None));
            if merged_months {
                g.merge(row, col, row, col + 2);
            }
        }
        case.features.push("income-row".into());
    }
    row += 2;
    // Drawn from a second generator, so that the rest of a seed's roster is
    // what it was before stated figures were written.
    let mut sr = Rng::new(case.seed ^ 0x0A01_1A01_1A01_1A01);
    if sr.chance(65) {
        let facts = Facts::count(&ticks, &people, months);
        row = stated_figures(&mut sr, case, &mut g, row, c0, merged, &facts, clean);
    }
    if legend {
        g.text(row, 0, "注：√或V表示是，O表示否。");
    } else if rng.chance(50) {
        g.text(
            row,
            0,
            format!("注：“{yes}”表示已到岗、已购买社保、已发放工资。"),
        );
    }
    let _ = used_rows;
    let last = (0..months).rev().find(|&m| ticks.iter().any(|t| t[m][0]));
    let mut on_duty = vec![0i64; districts];
    if let Some(last) = last {
        for (p, person) in people.iter().enumerate() {
            on_duty[person.district] += ticks[p][last][0] as i64;
        }
    }
    case.sheets.push(g);
    on_duty
}

/// What the roster's ticks say, as written (planted ticks included): the
/// figures a station states below its roster are computed from them.
struct Facts {
    months: usize,
    /// 人员 ticks of the year.
    actual: i64,
    /// The fewest on duty in any month: the contracted posts a full team meets.
    posts: i64,
    certified: i64,
    listed: i64,
    /// On duty in the first month, and of those still on duty in the last reported one.
    base: i64,
    kept: i64,
}

impl Facts {
    fn count(ticks: &[Vec<[bool; 3]>], people: &[Person], months: usize) -> Facts {
        let duty = |m: usize| ticks.iter().filter(|t| t[m][0]).count() as i64;
        let last = (0..months).rev().find(|&m| duty(m) > 0).unwrap_or(0);
        let base: Vec<&Vec<[bool; 3]>> = ticks.iter().filter(|t| t[0][0]).collect();
        Facts {
            months,
            actual: (0..months).map(duty).sum(),
            posts: (0..months).map(duty).min().unwrap_or(0),
            certified: people.iter().filter(|p| p.certified).count() as i64,
            listed: people.len() as i64,
            base: base.len() as i64,
            kept: base.iter().filter(|t| t[last][0]).count() as i64,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stated {
    Posts,
    Required,
    Actual,
    DutyRate,
    Certified,
    Retention,
}

impl Stated {
    fn label(self, rng: &mut Rng) -> &'static str {
        rng.word(match self {
            Stated::Posts => &["协议岗位数", "协议社工岗位数", "岗位数（个）"],
            Stated::Required => &["应到人次", "全年应到人次", "应到岗人次"],
            Stated::Actual => &["实到人次", "全年实到人次", "实到岗人次"],
            Stated::DutyRate => &["到岗率", "全年到岗率", "社工到岗率"],
            Stated::Certified => &["持证率", "持证社工占比", "持证比例", "社工持证率"],
            Stated::Retention => &["稳岗率", "社工稳岗率", "年度稳岗率"],
        })
    }

    fn is_rate(self) -> bool {
        matches!(
            self,
            Stated::DutyRate | Stated::Certified | Stated::Retention
        )
    }
}

/// The stated figures below a roster (A011): 协议岗位数 (in a cell, in a
/// sentence, or not at all), 应到 and 实到人次, 到岗率, 持证率, 稳岗率, each
/// present or not, labels stacked down (value right of the label, the label
/// merged over the identity columns or not) or across a row (values below).
/// 应到 and 到岗率 only for a full service year (posts × 12 months), and only
/// with posts the sheet states or 应到 implies. All equal their recomputation
/// from the ticks as written; one is planted wrong in a planted case: a count
/// off by 1–12, a rate 2–40 units off in its last digit (one unit is R002,
/// info). 应到 is planted only where the posts are stated apart from it (else
/// it is where hedui takes the posts from), and the 到岗率 beside a wrong 应到
/// follows the true one. Returns the next free row.
#[allow(clippy::too_many_arguments)]
fn stated_figures(
    rng: &mut Rng,
    case: &mut Case,
    g: &mut Grid,
    row: u32,
    c0: u16,
    merged: bool,
    facts: &Facts,
    clean: bool,
) -> u32 {
    let full_year = facts.months == 12;
    // 0: none, 1: a labelled cell, 2: a sentence ("协议要求社工岗位19个").
    let posts_mode = rng.below(3);
    let mut kinds: Vec<Stated> = Vec::new();
    if posts_mode == 1 {
        kinds.push(Stated::Posts);
    }
    let required = full_year && rng.chance(60);
    if required {
        kinds.push(Stated::Required);
    }
    if rng.chance(70) {
        kinds.push(Stated::Actual);
    }
    if full_year && (required || posts_mode > 0) && rng.chance(60) {
        kinds.push(Stated::DutyRate);
    }
    if rng.chance(60) {
        kinds.push(Stated::Certified);
    }
    if rng.chance(60) {
        kinds.push(Stated::Retention);
    }
    if kinds.iter().all(|k| *k == Stated::Posts) {
        kinds.push(Stated::Certified);
    }
    case.features.push(format!(
        "stated={}",
        ["no-posts", "posts-cell", "posts-text"][posts_mode]
    ));
    // A percent number (80.95) only under a label saying so: 持证率（%）.
    let style = *rng.pick(&[
        RateStyle::PercentText,
        RateStyle::PercentFormat,
        RateStyle::Ratio,
        RateStyle::PercentNumber,
    ]);
    case.features.push(format!("stated-rate={}", style.tag()));
    let dp = rng.range(0, 2) as u32;
    let hundred = Decimal::ONE_HUNDRED;
    let percent = |a: i64, b: i64| Decimal::from(a) * hundred / Decimal::from(b.max(1));
    let required_value = facts.posts * 12;
    // (kind, true value: a count, or a rate in percent)
    let mut values: Vec<(Stated, Decimal)> = kinds
        .iter()
        .map(|&k| {
            let v = match k {
                Stated::Posts => Decimal::from(facts.posts),
                Stated::Required => Decimal::from(required_value),
                Stated::Actual => Decimal::from(facts.actual),
                Stated::DutyRate => percent(facts.actual, required_value),
                Stated::Certified => percent(facts.certified, facts.listed),
                Stated::Retention => percent(facts.kept, facts.base),
            };
            (k, v)
        })
        .collect();
    let mut plant: Option<(Stated, String)> = None;
    if !clean && rng.chance(70) {
        let plantable: Vec<Stated> = kinds
            .iter()
            .copied()
            .filter(|k| match k {
                Stated::Posts => false,
                Stated::Required => posts_mode > 0,
                _ => true,
            })
            .collect();
        if !plantable.is_empty() {
            let k = *rng.pick(&plantable);
            let sign = if rng.chance(50) { 1 } else { -1 };
            let entry = values.iter_mut().find(|(kind, _)| *kind == k);
            if let Some((_, v)) = entry {
                let truth = *v;
                if k.is_rate() {
                    let unit = Decimal::new(1, dp);
                    let shown = super::round(truth, dp);
                    let mut units = Decimal::from(rng.range(2, 40));
                    if sign < 0 && shown - units * unit >= Decimal::ZERO {
                        units = -units;
                    }
                    *v = shown + units * unit;
                    plant = Some((k, format!("{}% → {}%", fixed(truth, dp), fixed(*v, dp))));
                } else {
                    let mut delta = rng.range(1, 12);
                    if sign < 0 && truth > Decimal::from(delta) {
                        delta = -delta;
                    }
                    *v = truth + Decimal::from(delta);
                    plant = Some((k, format!("{truth} → {}", *v)));
                }
            }
        }
    }
    let across = rng.chance(35);
    let label_merged = merged && rng.chance(70);
    let colon = rng.word(&["", "：", ":"]);
    case.features.push(
        if across {
            "stated=across"
        } else {
            "stated=down"
        }
        .into(),
    );
    let mut r = row;
    for (i, &(kind, value)) in values.iter().enumerate() {
        let suffix = if kind.is_rate() {
            style.header_suffix(rng)
        } else {
            ""
        };
        let label = format!("{}{suffix}{colon}", kind.label(rng));
        let (label_at, value_at) = if across {
            let col = c0 + 2 * i as u16;
            ((row, col), (row + 1, col))
        } else if label_merged {
            g.merge(r, 0, r, c0 - 1);
            ((r, 0), (r, c0))
        } else {
            ((r, 0), (r, 1))
        };
        g.text(label_at.0, label_at.1, label);
        let cell = if kind.is_rate() {
            vocab::rate(value, dp, style)
        } else {
            Cell::Num(value, None)
        };
        g.put(value_at.0, value_at.1, cell);
        if let Some((k, why)) = &plant {
            if *k == kind {
                case.expected.push(Expected {
                    rule: "A011".into(),
                    sheet: g.name.clone(),
                    cell: a1(value_at.0, value_at.1),
                    why: why.clone(),
                });
            }
        }
        if !across {
            r += 1;
        }
    }
    let mut next = if across { row + 2 } else { r };
    if posts_mode == 2 {
        let text = if rng.chance(50) {
            format!("协议要求社工岗位{}个", facts.posts)
        } else {
            format!("注：本项目共设{}个社工岗位。", facts.posts)
        };
        g.text(next, 0, text);
        next += 1;
    }
    next + 1
}
