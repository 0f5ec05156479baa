//! Synthetic data for the speed benchmarks, written at bench time, never committed:
//! a city batch (stations × months of indicator tables, a few planted errors)
//! and one large sheet (about 1,000,000 cells, a table with a total row).
//!
//! Usage: `cargo run --release --example gen_city -- OUT_DIR [STATIONS] [MONTHS] [BIG_CELLS]`
//! (defaults 200, 12, 1000000). Writes `OUT_DIR/city/<区>/<街>/<YYYY-MM>.xlsx`,
//! `OUT_DIR/city.toml` (a five-district gazetteer for `--gazetteer`) and
//! `OUT_DIR/big/big.xlsx`. Same arguments, same bytes: the random numbers come
//! from a fixed-seed xorshift and every figure is an integer or a literal.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

type Res<T = ()> = Result<T, XlsxError>;

/// A fixed-seed xorshift: reproducible data without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

const DISTRICTS_OF_CITY: [&str; 11] = [
    "越秀区",
    "海珠区",
    "荔湾区",
    "天河区",
    "白云区",
    "黄埔区",
    "番禺区",
    "花都区",
    "南沙区",
    "从化区",
    "增城区",
];
const FIRST: [&str; 20] = [
    "东", "西", "南", "北", "新", "江", "石", "沙", "黄", "白", "龙", "凤", "花", "金", "银", "云",
    "海", "山", "桥", "林",
];
const SECOND: [&str; 10] = ["岗", "湖", "塘", "村", "坑", "洲", "涌", "田", "园", "圃"];

/// Table 1 and table 2 of the 附件1, as (group, measures) with the unit in the target's header.
const TABLE_1: [(&str, &str); 7] = [
    ("困难群众和特殊群体建档", "协议个数"),
    ("电访", "协议量"),
    ("入户探访", "协议量"),
    ("咨询个案", "协议量"),
    ("专业个案", "协议接案数"),
    ("专业个案", "协议节数"),
    ("专业个案", "协议结案数"),
];
const TABLE_2: [(&str, &str); 7] = [
    ("专业小组", "协议个数"),
    ("专业小组", "协议节数"),
    ("专业小组", "协议人次"),
    ("大型社区活动", "协议次数"),
    ("大型社区活动", "协议人次"),
    ("中小型社区活动", "协议次数"),
    ("中小型社区活动", "协议人次"),
];

/// Half-up to two decimals of a percentage, in integers: "104.02%".
fn rate_text(done: u64, target: u64) -> String {
    if target == 0 {
        return String::new();
    }
    let hundredths = (done * 20000 + target) / (2 * target);
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// The same rate as a fraction with four decimals, as a literal ("1.0402").
fn rate_fraction(done: u64, target: u64) -> f64 {
    let ten_thousandths = (done * 20000 + target) / (2 * target);
    format!("{}.{:04}", ten_thousandths / 10000, ten_thousandths % 10000)
        .parse()
        .unwrap_or(0.0)
}

/// One table's figures: per line (districts, then the total), staff then (target, done) per indicator.
struct Figures {
    labels: Vec<String>,
    staff: Vec<u64>,
    pairs: Vec<Vec<(u64, u64)>>,
}

struct Station {
    name: String,
    district: &'static str,
    districts: usize,
    staff: Vec<u64>,
    /// Per table, district, indicator: (yearly target, pace in percent of the target by year end).
    plan: [Vec<Vec<(u64, u64)>>; 2],
    /// Rates as numbers with a percent format instead of typed text.
    numeric_rates: bool,
}

fn station(i: usize, rng: &mut Rng) -> Station {
    let districts = 3 + rng.below(3) as usize;
    let plan = [0, 1].map(|_| {
        (0..districts)
            .map(|_| {
                (0..7)
                    .map(|_| (10 + rng.below(1500), 80 + rng.below(50)))
                    .collect()
            })
            .collect()
    });
    Station {
        name: format!("{}{}街", FIRST[i % 20], SECOND[(i / 20) % 10]),
        district: DISTRICTS_OF_CITY[i % DISTRICTS_OF_CITY.len()],
        districts,
        staff: (0..districts).map(|_| 3 + rng.below(7)).collect(),
        plan,
        numeric_rates: i % 3 == 2,
    }
}

/// A month's figures: cumulative done grows with the month (0 = June), then planted source errors.
fn month_figures(s: &Station, table: usize, month: u64, rng: &mut Rng) -> (Figures, Vec<String>) {
    let mut planted = Vec::new();
    let mut labels: Vec<String> = (1..=s.districts).map(|n| format!("片区{n}")).collect();
    let mut pairs: Vec<Vec<(u64, u64)>> = s.plan[table]
        .iter()
        .map(|row| {
            row.iter()
                .map(|&(target, pace)| (target, target * pace * (month + 1) / 1200))
                .collect()
        })
        .collect();
    let mut staff = s.staff.clone();
    if month > 0 && rng.chance(20) {
        // P001: a cumulative figure below last month's.
        let (d, k) = (
            rng.below(s.districts as u64) as usize,
            rng.below(7) as usize,
        );
        let (target, pace) = s.plan[table][d][k];
        pairs[d][k].1 = (target * pace * month / 1200).saturating_sub(5);
        planted.push(format!("P001 {} {}", labels[d], k));
    }
    if rng.chance(10) {
        // P002: a target changed for this month only (so also back again next month).
        let (d, k) = (
            rng.below(s.districts as u64) as usize,
            rng.below(7) as usize,
        );
        pairs[d][k].0 += 10;
        planted.push(format!("P002 {} {}", labels[d], k));
    }
    if table == 0 && s.districts > 3 && month > 0 && rng.chance(5) {
        // P004: the last district is missing this month.
        labels.pop();
        pairs.pop();
        staff.pop();
        planted.push("P004".to_string());
    }
    let total: Vec<(u64, u64)> = (0..7)
        .map(|k| {
            pairs
                .iter()
                .fold((0, 0), |acc, row| (acc.0 + row[k].0, acc.1 + row[k].1))
        })
        .collect();
    labels.push("合计".to_string());
    staff.push(staff.iter().sum());
    pairs.push(total);
    (
        Figures {
            labels,
            staff,
            pairs,
        },
        planted,
    )
}

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    percent: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name("宋体").set_font_size(10);
    Formats {
        title: base.clone().set_bold().set_font_size(14),
        header: base.clone().set_bold().set_text_wrap(),
        cell: base.clone(),
        percent: base.set_num_format("0.00%"),
    }
}

/// Writes one table at `top` (zero-based); returns the row after it.
#[allow(clippy::too_many_arguments)]
fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    top: u32,
    groups: &[(&str, &str); 7],
    figures: &Figures,
    numeric_rates: bool,
    rng: &mut Rng,
    planted: &mut Vec<String>,
) -> Res<u32> {
    ws.merge_range(top, 0, top + 1, 0, "服务片区", &f.header)?;
    ws.merge_range(top, 1, top + 1, 1, "投入社工人数", &f.header)?;
    let mut c = 2u16;
    let mut k = 0;
    while k < groups.len() {
        let group = groups[k].0;
        let span = groups[k..].iter().take_while(|g| g.0 == group).count();
        let last = c + 3 * span as u16 - 1;
        if last > c {
            ws.merge_range(top, c, top, last, group, &f.header)?;
        } else {
            ws.write_string_with_format(top, c, group, &f.header)?;
        }
        for j in 0..span {
            let cc = c + 3 * j as u16;
            ws.write_string_with_format(top + 1, cc, groups[k + j].1, &f.header)?;
            ws.write_string_with_format(top + 1, cc + 1, "完成量", &f.header)?;
            ws.write_string_with_format(top + 1, cc + 2, "百分比", &f.header)?;
        }
        c = last + 1;
        k += span;
    }
    let total_row = figures.labels.len() - 1;
    // Derived-value errors, planted after the sums: a wrong rate (R001) or a wrong total (T001).
    let wrong_rate = rng.chance(40).then(|| {
        (
            rng.below(figures.labels.len() as u64) as usize,
            rng.below(7) as usize,
        )
    });
    let wrong_total = rng.chance(30).then(|| rng.below(7) as usize);
    for (i, label) in figures.labels.iter().enumerate() {
        let r = top + 2 + i as u32;
        ws.write_string_with_format(r, 0, label, &f.cell)?;
        ws.write_number_with_format(r, 1, figures.staff[i] as f64, &f.cell)?;
        for (k, &(target, done)) in figures.pairs[i].iter().enumerate() {
            let cc = 2 + 3 * k as u16;
            let mut shown_target = target;
            if i == total_row && wrong_total == Some(k) {
                shown_target += 20;
                planted.push(format!("T001 {k}"));
            }
            ws.write_number_with_format(r, cc, shown_target as f64, &f.cell)?;
            ws.write_number_with_format(r, cc + 1, done as f64, &f.cell)?;
            let off = if wrong_rate == Some((i, k)) {
                planted.push(format!("R001 {label} {k}"));
                target / 20 + 7
            } else {
                0
            };
            if numeric_rates {
                ws.write_number_with_format(
                    r,
                    cc + 2,
                    rate_fraction(done + off, target),
                    &f.percent,
                )?;
            } else {
                ws.write_string_with_format(r, cc + 2, rate_text(done + off, target), &f.cell)?;
            }
        }
    }
    Ok(top + 2 + figures.labels.len() as u32 + 1)
}

fn write_city(
    out: &Path,
    stations: usize,
    months: u64,
) -> Result<usize, Box<dyn std::error::Error>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let f = formats();
    let mut planted_total = 0;
    let mut manifest = String::new();
    for i in 0..stations {
        let s = station(i, &mut rng);
        let dir = out.join("city").join(s.district).join(&s.name);
        std::fs::create_dir_all(&dir)?;
        for month in 0..months {
            // Month 0 is June 2023; the year runs to May 2024.
            let (year, m) = if month < 7 {
                (2023, 6 + month)
            } else {
                (2024, month - 6)
            };
            let last = match m {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("附件1")?;
            let title = format!(
                "2023—2024年度{}{}社工服务站指标完成情况统计表",
                s.district, s.name
            );
            ws.merge_range(0, 0, 0, 22, &title, &f.title)?;
            let period = format!("数据统计时间：2023年5月31日至{year}年{m}月{last}日");
            ws.merge_range(1, 0, 1, 22, &period, &f.cell)?;
            let mut planted = Vec::new();
            let (t1, p1) = month_figures(&s, 0, month, &mut rng);
            let (t2, p2) = month_figures(&s, 1, month, &mut rng);
            planted.extend(p1);
            planted.extend(p2);
            let next = write_table(
                ws,
                &f,
                2,
                &TABLE_1,
                &t1,
                s.numeric_rates,
                &mut rng,
                &mut planted,
            )?;
            let next = write_table(
                ws,
                &f,
                next,
                &TABLE_2,
                &t2,
                s.numeric_rates,
                &mut rng,
                &mut planted,
            )?;
            ws.write_string(next, 0, "备注：数据由社工站填报，街道审核。")?;
            let path = dir.join(format!("{year}-{m:02}.xlsx"));
            wb.save(&path)?;
            for p in &planted {
                manifest.push_str(&format!("{}\t{p}\n", path.display()));
            }
            planted_total += planted.len();
        }
    }
    std::fs::write(out.join("planted.tsv"), manifest)?;
    let mut toml = String::from("street = \"合成\"\n");
    for n in 1..=5 {
        toml.push_str(&format!(
            "\n[[districts]]\nnumber = {n}\ncommunities = [\"社区{n}甲\", \"社区{n}乙\"]\n"
        ));
    }
    std::fs::write(out.join("city.toml"), toml)?;
    Ok(planted_total)
}

/// One sheet of about `cells` cells: a table of district rows (片区1…片区5 in
/// turn, as a whole city's stations listed together) and a total row, with
/// numeric rates under a percent format; one wrong rate in a thousand rows.
fn write_big(out: &Path, cells: u64) -> Res<PathBuf> {
    const TRIPLES: u16 = 8;
    let width = 2 + 3 * TRIPLES as u64;
    let rows = (cells / width).max(3) as u32;
    let f = formats();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("全市汇总")?;
    ws.write_string_with_format(
        0,
        0,
        "2023—2024年度全市社工服务站指标完成情况汇总表",
        &f.title,
    )?;
    let names = [
        "电访",
        "入户探访",
        "咨询个案",
        "专业个案",
        "专业小组",
        "大型社区活动",
        "中小型社区活动",
        "新增志愿者",
    ];
    ws.write_string_with_format(1, 0, "服务片区", &f.header)?;
    ws.write_string_with_format(1, 1, "投入社工人数", &f.header)?;
    for (k, name) in names.iter().enumerate() {
        ws.write_string_with_format(1, 2 + 3 * k as u16, *name, &f.header)?;
    }
    for k in 0..TRIPLES {
        ws.write_string_with_format(2, 2 + 3 * k, "协议量", &f.header)?;
        ws.write_string_with_format(2, 3 + 3 * k, "完成量", &f.header)?;
        ws.write_string_with_format(2, 4 + 3 * k, "完成率", &f.header)?;
    }
    let mut sums = vec![(0u64, 0u64); TRIPLES as usize];
    let mut staff_sum = 0;
    let data_rows = rows - 4;
    for i in 0..data_rows {
        let r = 3 + i;
        ws.write_string_with_format(r, 0, format!("片区{}", i % 5 + 1), &f.cell)?;
        let staff = 3 + rng.below(7);
        staff_sum += staff;
        ws.write_number_with_format(r, 1, staff as f64, &f.cell)?;
        let wrong = rng.chance(1);
        for (k, sum) in sums.iter_mut().enumerate() {
            let target = 10 + rng.below(1500);
            let done = target * (80 + rng.below(50)) / 100;
            sum.0 += target;
            sum.1 += done;
            let c = 2 + 3 * k as u16;
            ws.write_number_with_format(r, c, target as f64, &f.cell)?;
            ws.write_number_with_format(r, c + 1, done as f64, &f.cell)?;
            let shown = if wrong && k == 0 {
                done + target / 10 + 3
            } else {
                done
            };
            ws.write_number_with_format(r, c + 2, rate_fraction(shown, target), &f.percent)?;
        }
    }
    let r = 3 + data_rows;
    ws.write_string_with_format(r, 0, "合计", &f.cell)?;
    ws.write_number_with_format(r, 1, staff_sum as f64, &f.cell)?;
    for (k, (target, done)) in sums.iter().enumerate() {
        let c = 2 + 3 * k as u16;
        ws.write_number_with_format(r, c, *target as f64, &f.cell)?;
        ws.write_number_with_format(r, c + 1, *done as f64, &f.cell)?;
        ws.write_number_with_format(r, c + 2, rate_fraction(*done, *target), &f.percent)?;
    }
    let dir = out.join("big");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("big.xlsx");
    wb.save(&path)?;
    Ok(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: gen_city OUT_DIR [STATIONS] [MONTHS] [BIG_CELLS]")?,
    );
    let stations: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let months: u64 = args.next().map_or(Ok(12), |a| a.parse())?;
    let big_cells: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let planted = write_city(&out, stations, months.min(12))?;
    println!(
        "wrote {} workbooks ({planted} planted errors, listed in planted.tsv) under {}",
        stations as u64 * months.min(12),
        out.join("city").display()
    );
    if big_cells > 0 {
        let big = write_big(&out, big_cells)?;
        println!("wrote {} (about {big_cells} cells)", big.display());
    }
    Ok(())
}
