//! Indicator-completion tables in five layouts: districts down with indicator
//! groups across, station-wide indicators down, districts across as column
//! groups, period columns under one target, and a 片区/社区 sub-total hierarchy.
//!
//! Each layout draws true figures first, plants errors into the stated copy
//! (see the rules in `mod.rs`), then writes the stated copy; a planted field
//! records its cell as it is written.

use rust_decimal::Decimal;

use super::vocab::{self, DistrictStyle, Indicator, Kind, NumStyle, RateStyle};
use super::{roster, round, Case, Cell, Expected, Grid, Rng, Shape};

// ---------------------------------------------------------------------------
// Figures and plants

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Target,
    Done,
    Rate,
}

#[derive(Debug, Clone)]
struct Plant {
    field: Field,
    rule: &'static str,
    why: String,
}

/// One target / done / rate as stated, and the plant written into it.
#[derive(Debug, Clone)]
struct Tri {
    target: Decimal,
    done: Decimal,
    /// In percent, rounded to the table's decimals.
    rate: Decimal,
    plant: Option<Plant>,
}

fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

fn percent(done: Decimal, target: Decimal, dp: u32) -> Decimal {
    round(done * Decimal::ONE_HUNDRED / target, dp)
}

impl Tri {
    fn new(target: Decimal, done: Decimal, dp: u32) -> Tri {
        Tri {
            target,
            done,
            rate: percent(done, target, dp),
            plant: None,
        }
    }

    fn sum(parts: &[&Tri], dp: u32) -> Tri {
        let target = parts.iter().map(|t| t.target).sum();
        let done = parts.iter().map(|t| t.done).sum();
        Tri::new(target, done, dp)
    }
}

fn is_money(kind: Kind) -> bool {
    matches!(kind, Kind::Yuan | Kind::WanYuan)
}

/// A target and a done figure of realistic magnitude, completion 60%–180%;
/// sometimes chosen so the rate is an exact half-unit tie at `dp` decimals.
fn pair(rng: &mut Rng, kind: Kind, dp: u32) -> (Decimal, Decimal) {
    let tie_base = [40i64, 80, 800][dp.min(2) as usize];
    let (lo, hi) = match kind {
        Kind::Few => (5, 80),
        Kind::Some => (20, 800),
        _ => (200, 3000),
    };
    if !is_money(kind) && tie_base <= hi && rng.chance(20) {
        // target = base·m, done = m·j with j odd: the percent is j·100/base, a tie.
        let m = rng.range(((lo + tie_base - 1) / tie_base).max(1), hi / tie_base);
        let (lo, hi) = (tie_base * 60 / 100, tie_base * 180 / 100);
        let mut j = rng.range(lo, hi);
        if j % 2 == 0 {
            j += 1;
        }
        return (dec(tie_base * m), dec(m * j));
    }
    let rate_permille = rng.range(600, 1800);
    match kind {
        Kind::Few | Kind::Some | Kind::Many => {
            let target = rng.range(lo, hi);
            let done = (target * rate_permille + 500) / 1000;
            (dec(target), dec(done.max(1)))
        }
        Kind::Yuan => {
            // Done stays within 900,000 at 180%.
            let target = rng.range(1, 50) * 10_000;
            let cents = target * 100 * rate_permille / 1000 + rng.range(0, 99);
            (dec(target), Decimal::new(cents, 2))
        }
        Kind::WanYuan => {
            let target = rng.range(1, 90);
            let cents = target * 100 * rate_permille / 1000 + rng.range(0, 99);
            (dec(target), Decimal::new(cents, 2))
        }
    }
}

/// A rate 2 to 40 units off in its last shown digit, and not one a
/// power-of-ten slip of the done or the target would give (1% for 9% is the
/// done ÷10 at whole percents: S001, not R001).
fn plant_rate(rng: &mut Rng, tri: &mut Tri, dp: u32) {
    let unit = Decimal::new(1, dp);
    let tens = [
        dec(10),
        dec(100),
        dec(1000),
        Decimal::new(1, 1),
        Decimal::new(1, 2),
        Decimal::new(1, 3),
    ];
    let slipped = |wrong: Decimal| {
        tens.iter().any(|f| {
            percent(tri.done * *f, tri.target, dp) == wrong
                || percent(tri.done, tri.target * *f, dp) == wrong
        })
    };
    loop {
        let k = rng.range(2, 40);
        let sign = if rng.chance(50) { 1 } else { -1 };
        let wrong = tri.rate + unit * dec(k * sign);
        if wrong > Decimal::ZERO && !slipped(wrong) {
            tri.plant = Some(Plant {
                field: Field::Rate,
                rule: "R001",
                why: format!("rate {} → {} ({:+} units)", tri.rate, wrong, k * sign),
            });
            tri.rate = wrong;
            return;
        }
    }
}

/// A done figure off by a power of ten; the rate keeps the true value. False
/// when no slip keeps the figure whole (whole cents for money).
///
/// Without a total beside it (`by_total` false) the rate alone cannot tell a
/// done slip by f from a target slip by 1/f, so only the slips whose other
/// reading is implausible are planted: a count divided by 10 or 100 where the
/// target times that would not be whole, or money whose cents were lost
/// (194580.11 written 19458011, the seed's case).
fn plant_slip(rng: &mut Rng, tri: &mut Tri, money: bool, by_total: bool) -> bool {
    let factors: [(&str, Decimal); 4] = [
        ("×10", dec(10)),
        ("×100", dec(100)),
        ("÷10", Decimal::new(1, 1)),
        ("÷100", Decimal::new(1, 2)),
    ];
    let start = rng.below(4);
    for i in 0..4 {
        let (name, f) = factors[(start + i) % 4];
        let slipped = (tri.done * f).normalize();
        let places = if money { 2 } else { 0 };
        if slipped.scale() > places || slipped < Decimal::ONE {
            continue;
        }
        if !by_total {
            let other_target = (tri.target * f).normalize();
            let plausible_alone = if money {
                name == "×100" && !tri.done.fract().is_zero() && slipped.fract().is_zero()
            } else {
                f < Decimal::ONE && other_target.scale() > 0
            };
            if !plausible_alone {
                continue;
            }
        }
        tri.plant = Some(Plant {
            field: Field::Done,
            rule: "S001",
            why: format!("done {} written {} ({name})", tri.done.normalize(), slipped),
        });
        tri.done = slipped;
        return true;
    }
    false
}

/// A total that no single slip explains: not a power of ten of the true
/// total, not the sum with one part multiplied or divided by a power of ten,
/// not the sum without one part.
fn wrong_total(rng: &mut Rng, total: Decimal, parts: &[Decimal], money: bool) -> Decimal {
    let tens = [dec(9), dec(99), Decimal::new(-9, 1), Decimal::new(-99, 2)];
    for _ in 0..200 {
        let max = (total / dec(5)).round().max(Decimal::ONE);
        let max_i = i64::try_from(max.mantissa() / 10i128.pow(max.scale()))
            .unwrap_or(1)
            .max(1);
        let mut delta = dec(match rng.below(3) {
            0 => rng.range(1, 9),
            1 => rng.range(10, max_i.clamp(10, 100)),
            _ => rng.range(1, max_i),
        });
        if money && rng.chance(50) {
            delta += Decimal::new(rng.range(1, 99), 2);
        }
        if rng.chance(50) {
            delta = -delta;
        }
        let wrong = total + delta;
        if wrong <= Decimal::ZERO {
            continue;
        }
        let explained = parts
            .iter()
            .any(|p| delta == -*p || tens.iter().any(|t| delta == *p * *t))
            || [dec(10), dec(100)]
                .iter()
                .any(|t| wrong == total * *t || wrong * *t == total);
        if !explained {
            return wrong;
        }
    }
    total + Decimal::ONE
}

/// Plants a wrong total in the target or the done of `tri` (the sum of
/// `parts`); the rate beside it follows the total as written or the true sum.
fn plant_total(rng: &mut Rng, tri: &mut Tri, parts: &[&Tri], dp: u32, money: bool, what: &str) {
    let field = if rng.chance(50) {
        Field::Target
    } else {
        Field::Done
    };
    let (true_value, values): (Decimal, Vec<Decimal>) = match field {
        Field::Target => (tri.target, parts.iter().map(|p| p.target).collect()),
        _ => (tri.done, parts.iter().map(|p| p.done).collect()),
    };
    let wrong = wrong_total(rng, true_value, &values, money);
    match field {
        Field::Target => tri.target = wrong,
        _ => tri.done = wrong,
    }
    let knock_on = rng.chance(50);
    if knock_on {
        tri.rate = percent(tri.done, tri.target, dp);
    }
    tri.plant = Some(Plant {
        field,
        rule: "T001",
        why: format!(
            "{what} {} {} → {} (rate follows the {})",
            if field == Field::Target {
                "target"
            } else {
                "done"
            },
            true_value.normalize(),
            wrong.normalize(),
            if knock_on {
                "total as written"
            } else {
                "true sum"
            }
        ),
    });
}

// ---------------------------------------------------------------------------
// Table style

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupMode {
    /// The group header merged over its columns.
    Merged,
    /// Written once over its first column, the rest blank.
    Once,
    /// Written over each of its columns.
    Repeated,
}

struct Style {
    rate: RateStyle,
    dp: u32,
    counts: NumStyle,
    money: NumStyle,
    target_word: &'static str,
    done_word: &'static str,
    rate_word: String,
    vary_words: bool,
    group_mode: GroupMode,
}

impl Style {
    fn draw(rng: &mut Rng) -> Style {
        let rate = *rng.pick(&RateStyle::ALL);
        let rate_word = format!("{}{}", rng.word(vocab::RATE_WORDS), rate.header_suffix(rng));
        Style {
            rate,
            dp: rng.range(0, 2) as u32,
            counts: vocab::count_style(rng),
            money: vocab::money_style(rng),
            target_word: rng.word(vocab::TARGET_WORDS),
            done_word: rng.word(vocab::DONE_WORDS),
            rate_word,
            vary_words: rng.chance(25),
            group_mode: *rng.pick(&[GroupMode::Merged, GroupMode::Once, GroupMode::Repeated]),
        }
    }

    /// The three role words of one group.
    fn words(&self, rng: &mut Rng) -> Vec<String> {
        if self.vary_words {
            let suffix = self.rate.header_suffix(rng);
            vec![
                rng.word(vocab::TARGET_WORDS).to_string(),
                rng.word(vocab::DONE_WORDS).to_string(),
                format!("{}{suffix}", rng.word(vocab::RATE_WORDS)),
            ]
        } else {
            vec![
                self.target_word.to_string(),
                self.done_word.to_string(),
                self.rate_word.clone(),
            ]
        }
    }

    /// The role words of a group of `kind`: a target word naming a count
    /// unit (协议节数, 协议人次, 协议个数) never heads money, which has cents.
    fn words_for(&self, rng: &mut Rng, kind: Kind) -> Vec<String> {
        let mut words = self.words(rng);
        if is_money(kind)
            && ["个数", "节数", "人次"]
                .iter()
                .any(|u| words[0].ends_with(u))
        {
            words[0] = "协议数".into();
        }
        words
    }

    fn features(&self, case: &mut Case) {
        case.features.push(format!("rate={}", self.rate.tag()));
        case.features.push(format!("dp={}", self.dp));
        case.features.push(format!("numbers={}", self.counts.tag()));
        case.features.push(format!(
            "words={}/{}/{}",
            self.target_word, self.done_word, self.rate_word
        ));
        if self.vary_words {
            case.features.push("words-vary".into());
        }
    }

    fn figure(&self, value: Decimal, kind: Kind) -> Cell {
        if kind == Kind::WanYuan && matches!(self.money, NumStyle::Yen | NumStyle::YuanSuffix) {
            // ￥ and 元 belong to figures in 元, not in 万元.
            vocab::figure(value, NumStyle::Number, true)
        } else if is_money(kind) {
            vocab::figure(value, self.money, true)
        } else {
            vocab::figure(value, self.counts, false)
        }
    }

    fn rate_cell(&self, percent: Decimal) -> Cell {
        vocab::rate(percent, self.dp, self.rate)
    }
}

/// Writes a triple at (row, col..col+2), recording its plant.
fn put_tri(
    g: &mut Grid,
    exp: &mut Vec<Expected>,
    st: &Style,
    row: u32,
    col: u16,
    tri: &Tri,
    kind: Kind,
) {
    g.put(row, col, st.figure(tri.target, kind));
    g.put(row, col + 1, st.figure(tri.done, kind));
    g.put(row, col + 2, st.rate_cell(tri.rate));
    if let Some(p) = &tri.plant {
        let c = match p.field {
            Field::Target => col,
            Field::Done => col + 1,
            Field::Rate => col + 2,
        };
        exp.push(Expected {
            rule: p.rule.into(),
            sheet: g.name.clone(),
            cell: super::a1(row, c),
            why: p.why.clone(),
        });
    }
}

// ---------------------------------------------------------------------------
// Headers

/// A column group: optional family above it, its label, its column headers.
struct Head {
    family: Option<String>,
    label: String,
    subs: Vec<String>,
    /// In a one-row header, whether each column is written label + sub
    /// ("电访协议量") or sub alone ("一季度").
    join: bool,
}

fn span(g: &mut Grid, mode: GroupMode, r: u32, c0: u16, c1: u16, text: &str) {
    match mode {
        GroupMode::Merged => {
            g.text(r, c0, text);
            g.merge(r, c0, r, c1);
        }
        GroupMode::Once => g.text(r, c0, text),
        GroupMode::Repeated => {
            for c in c0..=c1 {
                g.text(r, c, text);
            }
        }
    }
}

fn down(g: &mut Grid, mode: GroupMode, r0: u32, r1: u32, c: u16, text: &str) {
    g.text(r0, c, text);
    if mode == GroupMode::Merged {
        g.merge(r0, c, r1, c);
    }
}

/// Writes `rows` header rows from `top`: `lead` columns from col 0, then the
/// groups, then `trail` columns. Returns the first column of each group.
fn header(
    g: &mut Grid,
    top: u32,
    rows: u32,
    mode: GroupMode,
    lead: &[String],
    heads: &[Head],
    trail: &[String],
) -> Vec<u16> {
    let last = top + rows - 1;
    let mut col: u16 = 0;
    for l in lead {
        down(g, mode, top, last, col, l);
        col += 1;
    }
    let mut starts = Vec::new();
    let mut i = 0;
    while i < heads.len() {
        let h = &heads[i];
        // The run of heads sharing this head's family (for a 3-row header).
        let mut j = i + 1;
        while rows == 3 && h.family.is_some() && j < heads.len() && heads[j].family == h.family {
            j += 1;
        }
        let run_start = col;
        for h in &heads[i..j] {
            starts.push(col);
            let width = h.subs.len() as u16;
            let end = col + width - 1;
            match rows {
                1 => {
                    for (k, s) in h.subs.iter().enumerate() {
                        let text = if h.join && h.subs.len() > 1 {
                            format!("{}{}", h.label, s)
                        } else {
                            s.clone()
                        };
                        g.text(top, col + k as u16, text);
                    }
                }
                _ => {
                    let label_row = if rows == 3 && h.family.is_some() {
                        top + 1
                    } else {
                        top
                    };
                    if width == 1 {
                        down(g, mode, label_row, last, col, &h.subs[0]);
                    } else {
                        if label_row < last - 1 {
                            // No family: the label spans the family row too.
                            g.text(label_row, col, h.label.clone());
                            if mode == GroupMode::Merged {
                                g.merge(label_row, col, last - 1, end);
                            } else if mode == GroupMode::Repeated {
                                for c in col + 1..=end {
                                    g.text(label_row, c, h.label.clone());
                                }
                            }
                        } else {
                            span(g, mode, label_row, col, end, &h.label);
                        }
                        for (k, s) in h.subs.iter().enumerate() {
                            g.text(last, col + k as u16, s.clone());
                        }
                    }
                }
            }
            col = end + 1;
        }
        if rows == 3 {
            if let Some(f) = &h.family {
                span(g, mode, top, run_start, col - 1, f);
            }
        }
        i = j;
    }
    for t in trail {
        down(g, mode, top, last, col, t);
        col += 1;
    }
    starts
}

/// A title (and sometimes a second line) above the table; returns the next free row.
/// A 赤岗街 workbook always names its station in the title: hedui applies a
/// gazetteer only to the station it belongs to.
fn title(rng: &mut Rng, g: &mut Grid, street: &str, width: u16, what: &str) -> u32 {
    let mut row = 0;
    let titled = rng.chance(80);
    if titled || street == "赤岗街" {
        let text = match rng.below(3) {
            0 => format!("广州市{street}“双百工程”社工站{what}"),
            1 => format!("{street}社工站2024年{what}"),
            _ => format!("{street}党群服务站社会工作服务项目{what}（2023.6-2024.5）"),
        };
        g.text(row, 0, text);
        if rng.chance(60) {
            g.merge(row, 0, row, width.saturating_sub(1));
        }
        row += 1;
        if rng.chance(40) {
            g.text(
                row,
                0,
                format!("填报单位：{street}社工站　　统计时间：2024年5月31日"),
            );
            row += 1;
        }
        if rng.chance(50) {
            row += 1;
        }
    }
    row
}

/// Notes and signatures below the table from `row`.
fn notes(rng: &mut Rng, g: &mut Grid, row: u32) {
    let row = row + rng.range(0, 1) as u32;
    let lines = [
        "注：完成率=完成量÷协议量；数据统计截至2024年5月31日。",
        "填表人：陈晓敏　　审核人：李嘉欣",
        "备注：社会资源链接含物资折价，详见附件。",
        "说明：本表由项目办公室根据服务台账汇总。",
    ];
    let count = rng.range(0, 2) as usize;
    for (k, line) in rng.sample(&lines, count).into_iter().enumerate() {
        g.text(row + k as u32, 0, line);
    }
}

fn sheet_name(rng: &mut Rng) -> &'static str {
    rng.word(&[
        "指标完成情况",
        "Sheet1",
        "附件1",
        "服务指标",
        "完成情况统计",
    ])
}

/// The indicators of one table: whole families kept together, from the known
/// list, the unknown one, or both.
fn indicators(rng: &mut Rng, case: &mut Case, max_blocks: usize) -> Vec<Indicator> {
    let vocabulary = rng.below(3);
    case.features
        .push(["vocab=known", "vocab=unknown", "vocab=mixed"][vocabulary].into());
    let pool: Vec<&Indicator> = match vocabulary {
        0 => vocab::KNOWN.iter().collect(),
        1 => vocab::UNKNOWN.iter().collect(),
        _ => vocab::KNOWN.iter().chain(vocab::UNKNOWN).collect(),
    };
    // Blocks: one per family, one per standalone indicator.
    let mut blocks: Vec<Vec<Indicator>> = Vec::new();
    for i in pool {
        match (i.family, blocks.last_mut()) {
            (Some(f), Some(last)) if last[0].family == Some(f) => last.push(i.clone()),
            _ => blocks.push(vec![i.clone()]),
        }
    }
    let k = rng.range(2, max_blocks as i64) as usize;
    rng.sample(&blocks, k.min(blocks.len()))
        .into_iter()
        .flatten()
        .collect()
}

/// The label of an indicator written alone (no family row above it).
fn label(rng: &mut Rng, i: &Indicator, force_unit: bool) -> String {
    let unit = i.unit.unwrap_or("");
    let with_unit = force_unit || i.family.is_some() || i.kind == Kind::WanYuan || rng.chance(40);
    let base = match i.family {
        Some(f) => {
            if rng.chance(50) {
                return match rng.below(2) {
                    0 => format!("{f}（{unit}）"),
                    _ => format!("{f}({unit})"),
                };
            }
            format!("{f}{}", i.label)
        }
        None => i.label.to_string(),
    };
    if with_unit && !unit.is_empty() {
        match rng.below(3) {
            0 => format!("{base}（{unit}）"),
            1 => format!("{base}({unit})"),
            _ => format!("{base}（{unit}）"),
        }
    } else {
        base
    }
}

/// The label under a family row ("次数", "次数（场）", "场").
fn sub_label(rng: &mut Rng, i: &Indicator) -> String {
    let unit = i.unit.unwrap_or("");
    match rng.below(3) {
        0 => i.label.to_string(),
        1 => format!("{}（{unit}）", i.label),
        _ => format!("（{unit}）"),
    }
}

fn stray_space(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 3 || !rng.chance(10) {
        return text.to_string();
    }
    let at = rng.range(1, chars.len() as i64 - 1) as usize;
    let sep = if rng.chance(50) { " " } else { "\n" };
    let (a, b) = chars.split_at(at);
    format!(
        "{}{sep}{}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

fn total_word(rng: &mut Rng) -> &'static str {
    rng.word(&["合计", "总计", "合 计", "全街合计"])
}

/// Whether to plant in this unit: `rate` percent of units in a planted case.
struct Planting {
    rate: u64,
}

impl Planting {
    fn draw(rng: &mut Rng, case: &mut Case) -> Planting {
        let clean = rng.chance(25);
        if clean {
            case.features.push("clean".into());
        }
        Planting {
            rate: if clean { 0 } else { rng.range(20, 60) as u64 },
        }
    }

    fn here(&self, rng: &mut Rng) -> bool {
        self.rate > 0 && rng.chance(self.rate)
    }
}

// ---------------------------------------------------------------------------
// Layouts

pub fn build(rng: &mut Rng, case: &mut Case) {
    let st = Style::draw(rng);
    st.features(case);
    let planting = Planting::draw(rng, case);
    match case.shape {
        Shape::DistrictsDown => {
            districts_down(rng, case, &st, &planting, false);
        }
        Shape::Station => station(rng, case, &st, &planting),
        Shape::StationWide => station_wide(rng, case, &st, &planting),
        Shape::DistrictsAcross => districts_across(rng, case, &st, &planting),
        Shape::Periods => periods(rng, case, &st, &planting),
        Shape::Subtotals => subtotals(rng, case, &st, &planting),
        Shape::Combined => combined(rng, case, &st, &planting),
        Shape::Mixed => mixed(rng, case, &planting),
        Shape::Roster => unreachable!("rosters are built in roster.rs"),
    }
}

/// The districts of a table: names, and the communities each label may list.
fn districts(
    rng: &mut Rng,
    case: &mut Case,
    chigang: bool,
    max: usize,
) -> (DistrictStyle, Vec<Vec<&'static str>>) {
    if chigang {
        let style = *rng.pick(&DistrictStyle::NUMBERED);
        let comms = vocab::CHIGANG.iter().map(|d| d.to_vec()).collect();
        case.features.push(format!("districts={}", style.tag()));
        return (style, comms);
    }
    let style = *rng.pick(&DistrictStyle::ALL);
    let n = rng.range(2, style.max().min(max) as i64) as usize;
    let mut names: Vec<&'static str> = vocab::COMMUNITIES.to_vec();
    rng.shuffle(&mut names);
    let comms = (0..n)
        .map(|i| names[i * 3..i * 3 + rng.range(2, 3) as usize].to_vec())
        .collect();
    case.features.push(format!("districts={}", style.tag()));
    (style, comms)
}

/// One indicator's true figures over `n` parts, then their total.
fn run_with_total(rng: &mut Rng, kind: Kind, n: usize, dp: u32) -> Vec<Tri> {
    let mut run: Vec<Tri> = (0..n)
        .map(|_| {
            let (t, d) = pair(rng, kind, dp);
            Tri::new(t, d, dp)
        })
        .collect();
    let refs: Vec<&Tri> = run.iter().collect();
    let total = Tri::sum(&refs, dp);
    run.push(total);
    run
}

/// One plant in a run of parts and their total (the last): 0 a wrong rate
/// (any of them), 1 a power-of-ten slip in a part whose rate keeps the true
/// value, else a wrong total called `total_label`.
fn plant_in_run(
    rng: &mut Rng,
    run: &mut [Tri],
    kind: usize,
    dp: u32,
    money: bool,
    total_label: &str,
) {
    let n = run.len() - 1;
    match kind {
        0 => {
            let r = rng.below(n + 1);
            plant_rate(rng, &mut run[r], dp);
        }
        1 => {
            let r = rng.below(n);
            let truth = run[r].clone();
            if plant_slip(rng, &mut run[r], money, true) {
                run[r].rate = truth.rate;
            }
        }
        _ => {
            let (parts, total) = run.split_at_mut(n);
            let refs: Vec<&Tri> = parts.iter().collect();
            plant_total(rng, &mut total[0], &refs, dp, money, total_label);
        }
    }
}

/// The 投入社工人数 column of a districts-down table written for a station
/// workbook: its cells (one per district, then the total), for the counts
/// the roster gives.
struct StaffColumn {
    street: &'static str,
    sheet: String,
    cells: Vec<(u32, u16)>,
    /// Whether the district labels name numbered 片区, which the roster's
    /// 职位 (第一片区社工) can be matched with; else only the total is compared.
    numbered: bool,
    /// The district names without their communities (片区A, 东片).
    names: Vec<String>,
}

/// Seed 002: one row per district, then the total; indicator groups across.
/// For a station workbook (`station`) it always has the 投入社工人数 column,
/// never planted there (the counts are the roster's), and says where it is.
fn districts_down(
    rng: &mut Rng,
    case: &mut Case,
    st: &Style,
    planting: &Planting,
    station: bool,
) -> Option<StaffColumn> {
    let chigang = rng.chance(35);
    let street = if chigang {
        "赤岗街"
    } else {
        rng.word(vocab::STREETS)
    };
    if chigang {
        case.features.push("station=赤岗街".into());
    }
    let (dstyle, comms) = districts(rng, case, chigang, 6);
    let n = comms.len();
    let bracketed = rng.chance(50);
    let mut labels: Vec<String> = (0..n)
        .map(|i| {
            let name = dstyle.name(i);
            if bracketed {
                vocab::with_communities(rng, &name, &comms[i])
            } else {
                name
            }
        })
        .collect();
    if bracketed {
        case.features.push("labels-with-communities".into());
    }
    let inds = indicators(rng, case, 4);
    let staff = rng.chance(40) || station;
    let ordinal = rng.chance(20);
    let remarks = rng.chance(20);
    let has_family = inds.iter().any(|i| i.family.is_some());
    let rows = match rng.below(10) {
        0 => 1,
        1..=6 => 2,
        _ if has_family => 3,
        _ => 2,
    };
    case.features.push(format!("header-rows={rows}"));
    if staff {
        case.features.push("staff-column".into());
    }

    // True figures, then the stated copy with its plants.
    let mut groups: Vec<Vec<Tri>> = inds
        .iter()
        .map(|i| run_with_total(rng, i.kind, n, st.dp))
        .collect();
    let mut staff_counts: Vec<Decimal> = (0..n).map(|_| dec(rng.range(2, 9))).collect();
    staff_counts.push(staff_counts.iter().copied().sum());
    let mut staff_plant: Option<String> = None;

    for (gi, group) in groups.iter_mut().enumerate() {
        if !planting.here(rng) {
            continue;
        }
        let money = is_money(inds[gi].kind);
        let kind = rng.below(3);
        plant_in_run(rng, group, kind, st.dp, money, "total");
    }
    // The staff total is one more figure of the total line: planted only
    // while fewer than half of that line's figures are wrong.
    let total_plants = groups
        .iter()
        .filter(|g| g[n].plant.as_ref().is_some_and(|p| p.rule == "T001"))
        .count();
    if staff && !station && total_plants < groups.len() && planting.here(rng) {
        let parts = staff_counts[..n].to_vec();
        let wrong = wrong_total(rng, staff_counts[n], &parts, false);
        staff_plant = Some(format!("staff total {} → {wrong}", staff_counts[n]));
        staff_counts[n] = wrong;
    }
    // A misspelled community in a 赤岗街 label.
    let mut name_plant: Option<usize> = None;
    if chigang && bracketed && planting.here(rng) {
        if let Some(i) = labels.iter().position(|l| l.contains("毛纺")) {
            labels[i] = labels[i].replace("毛纺", "毛坦");
            name_plant = Some(i);
        }
    }

    // Write.
    let mut g = Grid::new(sheet_name(rng));
    let mut lead = Vec::new();
    if ordinal {
        lead.push("序号".to_string());
    }
    lead.push(
        rng.word(&["片区", "服务片区", "片区名称", "区域"])
            .to_string(),
    );
    let mut heads = Vec::new();
    if staff {
        let l = stray_space(
            rng,
            rng.clone()
                .word(&["投入社工人数", "投入社工人数（人）", "社工人数"]),
        );
        heads.push(Head {
            family: None,
            label: l.clone(),
            subs: vec![l],
            join: false,
        });
    }
    for i in &inds {
        let (family, label) = if rows == 3 && i.family.is_some() {
            (i.family.map(str::to_string), sub_label(rng, i))
        } else {
            (None, label(rng, i, false))
        };
        heads.push(Head {
            family,
            label: stray_space(rng, &label),
            subs: st.words_for(rng, i.kind),
            join: true,
        });
    }
    let trail: Vec<String> = if remarks {
        vec!["备注".into()]
    } else {
        vec![]
    };
    let width = lead.len() as u16
        + heads.iter().map(|h| h.subs.len() as u16).sum::<u16>()
        + trail.len() as u16;
    let top = title(rng, &mut g, street, width, "指标完成情况统计表");
    let starts = header(&mut g, top, rows, st.group_mode, &lead, &heads, &trail);
    let label_col = lead.len() as u16 - 1;
    let mut row = top + rows;
    let blank_after = if rng.chance(20) {
        Some(rng.below(n))
    } else {
        None
    };
    let total_label = total_word(rng);
    let mut staff_cells = Vec::new();
    for r in 0..=n {
        if r == n {
            g.text(row, label_col, total_label);
        } else {
            if ordinal {
                g.put(row, 0, Cell::Num(dec(r as i64 + 1), None));
            }
            g.text(row, label_col, labels[r].clone());
            if name_plant == Some(r) {
                case.expected.push(Expected {
                    rule: "N002".into(),
                    sheet: g.name.clone(),
                    cell: super::a1(row, label_col),
                    why: "毛纺 written 毛坦".into(),
                });
            }
        }
        let mut h = 0;
        if staff {
            g.put(row, starts[0], st.figure(staff_counts[r], Kind::Few));
            staff_cells.push((row, starts[0]));
            if r == n {
                if let Some(why) = &staff_plant {
                    case.expected.push(Expected {
                        rule: "T001".into(),
                        sheet: g.name.clone(),
                        cell: super::a1(row, starts[0]),
                        why: why.clone(),
                    });
                }
            }
            h = 1;
        }
        for (gi, group) in groups.iter().enumerate() {
            put_tri(
                &mut g,
                &mut case.expected,
                st,
                row,
                starts[h + gi],
                &group[r],
                inds[gi].kind,
            );
        }
        if remarks && r == 0 {
            g.text(row, width - 1, "含线上服务");
        }
        row += 1;
        if blank_after == Some(r) && r + 1 < n {
            row += 1;
            case.features.push("blank-row".into());
        }
    }
    notes(rng, &mut g, row + 1);
    let column = station.then(|| StaffColumn {
        street,
        sheet: g.name.clone(),
        cells: staff_cells,
        numbered: DistrictStyle::NUMBERED.contains(&dstyle),
        names: (0..n).map(|i| dstyle.name(i)).collect(),
    });
    case.sheets.push(g);
    column
}

/// A station's workbook: its districts-down table with 投入社工人数 on one
/// sheet and its roster on another (X001 compares them). The table's counts
/// are the roster's staff on duty in its last reported month, per district
/// and in all; in a planted case, sometimes one district's count is off by
/// 1–2 and the total follows it (the table adds up; the roster disagrees):
/// X001 at the total, and at the district where its label names a numbered
/// 片区 as the roster's 职位 do. The roster plants as any roster.
fn station(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let Some(column) = districts_down(rng, case, st, planting, true) else {
        return;
    };
    let n = column.cells.len() - 1;
    // 职位 written 第一片区社工, or in the table's own style (片区A社工, 东片社工).
    let own_style = rng.chance(50);
    let team = roster::Team {
        street: column.street,
        districts: n,
        clean: planting.rate == 0,
        avoid: column.sheet.clone(),
        names: if own_style {
            column.names.clone()
        } else {
            Vec::new()
        },
    };
    let on_duty = roster::build_roster(rng, case, Some(&team));
    let mut counts: Vec<i64> = on_duty.clone();
    counts.push(on_duty.iter().sum());
    let mut plant: Option<(usize, String)> = None;
    if planting.here(rng) {
        let d = rng.below(n);
        let mut delta = rng.range(1, 2);
        if rng.chance(50) && counts[d] > delta {
            delta = -delta;
        }
        plant = Some((
            d,
            format!(
                "district {} staff {} → {}",
                d + 1,
                counts[d],
                counts[d] + delta
            ),
        ));
        counts[d] += delta;
        counts[n] += delta;
    }
    let Some(g) = case.sheets.iter_mut().find(|g| g.name == column.sheet) else {
        return;
    };
    for (r, &(row, col)) in column.cells.iter().enumerate() {
        g.put(row, col, st.figure(dec(counts[r]), Kind::Few));
    }
    if let Some((d, why)) = plant {
        let mut at = vec![(column.cells[n], format!("total follows {why}"))];
        if column.numbered {
            at.push((column.cells[d], why));
        }
        for ((row, col), why) in at {
            case.expected.push(Expected {
                rule: "X001".into(),
                sheet: column.sheet.clone(),
                cell: super::a1(row, col),
                why,
            });
        }
    }
    case.features.push(format!(
        "staff-districts={}",
        if column.numbered { "numbered" } else { "named" }
    ));
    if own_style {
        case.features.push("positions=table-style".into());
    }
    // Sometimes the roster sits below the table on its sheet (附件1 and 附件2 on one sheet).
    if rng.chance(25) && case.sheets.len() == 2 {
        let gap = rng.range(2, 4) as u32;
        let g2 = case.sheets.pop().expect("the roster's sheet");
        let g1 = case.sheets.pop().expect("the table's sheet");
        let (second, first): (Vec<Expected>, Vec<Expected>) = std::mem::take(&mut case.expected)
            .into_iter()
            .partition(|e| e.sheet == g2.name);
        case.expected = first;
        place(case, g1, g2, second, Placement::Below(gap), "");
        case.features.push("roster-below-table".into());
    }
}

/// Seed 000's 总体服务 block: 项目 | 单位 | 指标 | 完成 | 完成率 | 备注, some rows with no target by design.
fn station_wide(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let street = rng.word(vocab::STREETS);
    let mut inds = indicators(rng, case, 6);
    let mut no_target: Vec<bool> = inds.iter().map(|_| false).collect();
    if rng.chance(60) {
        let at = rng.below(inds.len() + 1);
        inds.insert(
            at,
            Indicator {
                family: None,
                label: rng.word(&["外展", "社区宣传", "节日慰问"]),
                unit: Some("次"),
                kind: Kind::Few,
            },
        );
        no_target.insert(at, true);
        case.features.push("no-target-row".into());
    }
    let mut tris: Vec<Tri> = inds
        .iter()
        .map(|i| {
            let (t, d) = pair(rng, i.kind, st.dp);
            Tri::new(t, d, st.dp)
        })
        .collect();
    // A rate under 10% (an indicator barely started), where a percent number
    // (8 under "完成率(%)") and a ratio (0.08) read alike without the header.
    if rng.chance(20) {
        let k = rng.below(inds.len());
        if !no_target[k] && !is_money(inds[k].kind) {
            let target = rng.range(100, 3000);
            let done = (target * rng.range(20, 95) / 1000).max(1);
            tris[k] = Tri::new(dec(target), dec(done), st.dp);
            case.features.push("low-rate".into());
        }
    }
    // Fewer than half of the block's rate relations planted: with most of
    // them off, "many errors" and "a misread table" are equally likely.
    let relations = no_target.iter().filter(|n| !**n).count();
    let mut planted = 0;
    for (k, tri) in tris.iter_mut().enumerate() {
        if no_target[k] || 2 * (planted + 1) >= relations || !planting.here(rng) {
            continue;
        }
        planted += 1;
        let truth = tri.clone();
        if rng.chance(50) || !plant_slip(rng, tri, is_money(inds[k].kind), false) {
            *tri = truth;
            plant_rate(rng, tri, st.dp);
        } else {
            tri.rate = truth.rate;
        }
    }
    let mut g = Grid::new(sheet_name(rng));
    let ordinal = rng.chance(40);
    let mut col0: u16 = 0;
    let top = title(rng, &mut g, street, 7, "总体服务指标完成情况");
    if ordinal {
        g.text(top, 0, "序号");
        col0 = 1;
    }
    let words = st.words(rng);
    let heads = [
        rng.word(&["项目", "服务项目", "指标名称", "服务内容"])
            .to_string(),
        rng.word(&["单位", "计量单位"]).to_string(),
        words[0].clone(),
        words[1].clone(),
        words[2].clone(),
        rng.word(&["备注", "说明"]).to_string(),
    ];
    for (k, h) in heads.iter().enumerate() {
        g.text(top, col0 + k as u16, h.clone());
    }
    let mut row = top + 1;
    for (k, i) in inds.iter().enumerate() {
        if ordinal {
            g.put(row, 0, Cell::Num(dec(k as i64 + 1), None));
        }
        let name = match i.family {
            Some(f) => format!("{f}{}", i.label),
            None => i.label.to_string(),
        };
        g.text(row, col0, name);
        g.text(row, col0 + 1, i.unit.unwrap_or(""));
        if no_target[k] {
            g.text(row, col0 + 2, "/");
            g.put(row, col0 + 3, st.figure(tris[k].done, i.kind));
            g.text(row, col0 + 4, "/");
            g.text(row, col0 + 5, "无协议指标");
        } else {
            put_tri(
                &mut g,
                &mut case.expected,
                st,
                row,
                col0 + 2,
                &tris[k],
                i.kind,
            );
        }
        row += 1;
    }
    notes(rng, &mut g, row + 1);
    case.sheets.push(g);
}

/// Indicators down; one target / done / rate group per district and a 全街合计 group.
fn districts_across(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let street = rng.word(vocab::STREETS);
    let (dstyle, comms) = districts(rng, case, false, 4);
    let n = comms.len();
    let inds = indicators(rng, case, 5);
    let unit_col = rng.chance(40);
    let rows = if rng.chance(25) { 3 } else { 2 };
    case.features.push(format!("header-rows={rows}"));
    let mut table: Vec<Vec<Tri>> = inds
        .iter()
        .map(|i| run_with_total(rng, i.kind, n, st.dp))
        .collect();
    // The total group (全街…) is found by its figures: fewer than half of
    // its rows may have a wrong total, or its figures confirm no reading.
    let rows_across = table.len();
    let mut total_plants = 0;
    for (k, row) in table.iter_mut().enumerate() {
        if !planting.here(rng) {
            continue;
        }
        let money = is_money(inds[k].kind);
        let mut kind = rng.below(3);
        if kind == 2 && (total_plants + 1) * 2 >= rows_across {
            kind = 0;
        }
        if kind == 2 {
            total_plants += 1;
        }
        plant_in_run(rng, row, kind, st.dp, money, "全街合计");
    }
    let mut g = Grid::new(sheet_name(rng));
    let mut lead = vec![rng
        .word(&["指标", "服务指标", "项目", "服务内容"])
        .to_string()];
    if unit_col {
        lead.push("单位".into());
    }
    let family = if rows == 3 {
        Some(rng.word(&["各片区完成情况", "片区"]).to_string())
    } else {
        None
    };
    let mut heads: Vec<Head> = (0..n)
        .map(|i| Head {
            family: family.clone(),
            label: dstyle.name(i),
            subs: st.words(rng),
            join: true,
        })
        .collect();
    heads.push(Head {
        family: None,
        label: rng.word(&["全街合计", "合计", "总计", "全街"]).to_string(),
        subs: st.words(rng),
        join: true,
    });
    let width = lead.len() as u16 + 3 * (n as u16 + 1);
    let top = title(rng, &mut g, street, width, "各片区指标完成情况");
    let starts = header(&mut g, top, rows, st.group_mode, &lead, &heads, &[]);
    let mut row = top + rows;
    for (k, i) in inds.iter().enumerate() {
        g.text(row, 0, label(rng, i, false));
        if unit_col {
            g.text(row, 1, i.unit.unwrap_or(""));
        }
        for (d, tri) in table[k].iter().enumerate() {
            put_tri(&mut g, &mut case.expected, st, row, starts[d], tri, i.kind);
        }
        row += 1;
        if rng.chance(8) && k + 1 < inds.len() {
            row += 1;
            case.features.push("blank-row".into());
        }
    }
    notes(rng, &mut g, row + 1);
    case.sheets.push(g);
}

/// Indicators down: 目标 | one column per quarter | 累计 | 完成率.
fn periods(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let street = rng.word(vocab::STREETS);
    let inds = indicators(rng, case, 6);
    let quarters_filled = if rng.chance(50) {
        4
    } else {
        rng.range(2, 3) as usize
    };
    const QUARTERS: [[&str; 4]; 4] = [
        ["一季度", "二季度", "三季度", "四季度"],
        ["第一季度", "第二季度", "第三季度", "第四季度"],
        ["Q1", "Q2", "Q3", "Q4"],
        ["6-8月", "9-11月", "12-2月", "3-5月"],
    ];
    let qwords: [&str; 4] = *rng.pick(&QUARTERS);
    case.features.push(format!("quarters={}", qwords[0]));
    case.features.push(format!("filled={quarters_filled}"));
    let rows = if rng.chance(50) { 2 } else { 1 };
    case.features.push(format!("header-rows={rows}"));
    let unit_col = rng.chance(40);
    let remarks = rng.chance(30);

    struct Line {
        target: Decimal,
        quarters: Vec<Decimal>,
        cumulative: Decimal,
        rate: Decimal,
        plant: Option<(u16, &'static str, String)>,
    }
    let mut lines: Vec<Line> = Vec::new();
    // Plants that break a rate as written (R001, or a wrong 累计 whose rate
    // follows the true sum), and plants that break 累计 = the sum of the periods
    // as written (T001, S001). A table whose rate column is read from its
    // figures needs two thirds of its rates to hold, and one whose 累计 is
    // read as the periods' sum needs half of its sums: beyond that a wrong
    // table and a misread one look alike, so no more are planted.
    let (mut rates_broken, mut sums_broken) = (0usize, 0usize);
    for i in &inds {
        let (target, done) = pair(rng, i.kind, st.dp);
        // Split `done` into the filled quarters, each at least a fifth of an even share.
        let money = is_money(i.kind);
        let scale = if money { 100 } else { 1 };
        let total_units = i64::try_from((done * dec(scale)).round().mantissa()).unwrap_or(0);
        let mut left = total_units;
        let mut quarters = Vec::new();
        for q in 0..quarters_filled {
            let part = if q + 1 == quarters_filled {
                left
            } else {
                let share = total_units / quarters_filled as i64;
                let v = rng.range(share * 7 / 10, share * 13 / 10).min(left);
                left -= v;
                v
            };
            quarters.push(Decimal::new(part, if money { 2 } else { 0 }));
        }
        let cumulative: Decimal = quarters.iter().copied().sum();
        let rate = percent(cumulative, target, st.dp);
        let mut line = Line {
            target,
            quarters,
            cumulative,
            rate,
            plant: None,
        };
        if planting.here(rng) {
            let clean = (line.quarters.clone(), line.cumulative, line.rate);
            match rng.below(3) {
                0 => {
                    let mut tri = Tri::new(line.target, line.cumulative, st.dp);
                    plant_rate(rng, &mut tri, st.dp);
                    line.rate = tri.rate;
                    let why = tri.plant.map(|p| p.why).unwrap_or_default();
                    line.plant = Some((0, "R001", why));
                }
                1 => {
                    let q = rng.below(quarters_filled);
                    let mut tri = Tri::new(line.target, line.quarters[q], st.dp);
                    if line.quarters[q] >= Decimal::ONE && plant_slip(rng, &mut tri, money, true) {
                        let why = tri
                            .plant
                            .map(|p| format!("quarter {}: {}", q + 1, p.why))
                            .unwrap_or_default();
                        line.quarters[q] = tri.done;
                        line.plant = Some((1 + q as u16, "S001", why));
                    }
                }
                _ => {
                    let wrong = wrong_total(rng, line.cumulative, &line.quarters, money);
                    let why = format!("累计 {} → {wrong}", line.cumulative.normalize());
                    line.cumulative = wrong;
                    if rng.chance(50) {
                        line.rate = percent(wrong, line.target, st.dp);
                    }
                    line.plant = Some((0, "T001", why));
                }
            }
            let breaks_rate =
                line.plant.is_some() && line.rate != percent(line.cumulative, line.target, st.dp);
            let breaks_sum = line.plant.as_ref().is_some_and(|p| p.1 != "R001");
            let rates_ok = (rates_broken + usize::from(breaks_rate)) * 3 <= inds.len();
            let sums_ok = (sums_broken + usize::from(breaks_sum)) * 2 <= inds.len();
            if rates_ok && sums_ok {
                rates_broken += usize::from(breaks_rate);
                sums_broken += usize::from(breaks_sum);
            } else {
                (line.quarters, line.cumulative, line.rate) = clean;
                line.plant = None;
            }
        }
        lines.push(line);
    }

    let mut g = Grid::new(sheet_name(rng));
    let mut lead = vec![rng.word(&["指标", "服务指标", "项目"]).to_string()];
    if unit_col {
        lead.push("单位".into());
    }
    let words = st.words(rng);
    let cum_word = rng
        .word(&["累计", "累计完成", "全年累计", "合计"])
        .to_string();
    let heads = vec![
        Head {
            family: None,
            label: words[0].clone(),
            subs: vec![words[0].clone()],
            join: false,
        },
        Head {
            family: None,
            label: rng
                .word(&["完成情况", "各季度完成", "季度完成量"])
                .to_string(),
            subs: qwords.iter().map(|s| s.to_string()).collect(),
            join: false,
        },
        Head {
            family: None,
            label: cum_word.clone(),
            subs: vec![cum_word],
            join: false,
        },
        Head {
            family: None,
            label: words[2].clone(),
            subs: vec![words[2].clone()],
            join: false,
        },
    ];
    let trail: Vec<String> = if remarks {
        vec!["备注".into()]
    } else {
        vec![]
    };
    let width = lead.len() as u16 + 7 + trail.len() as u16;
    let top = title(rng, &mut g, street, width, "年度指标分季度完成情况");
    let starts = header(&mut g, top, rows, st.group_mode, &lead, &heads, &trail);
    let (c_target, c_q, c_cum, c_rate) = (starts[0], starts[1], starts[2], starts[3]);
    let mut row = top + rows;
    for (k, i) in inds.iter().enumerate() {
        let line = &lines[k];
        g.text(row, 0, label(rng, i, false));
        if unit_col {
            g.text(row, 1, i.unit.unwrap_or(""));
        }
        g.put(row, c_target, st.figure(line.target, i.kind));
        for (q, v) in line.quarters.iter().enumerate() {
            g.put(row, c_q + q as u16, st.figure(*v, i.kind));
        }
        g.put(row, c_cum, st.figure(line.cumulative, i.kind));
        g.put(row, c_rate, st.rate_cell(line.rate));
        if let Some((at, rule, why)) = &line.plant {
            let col = match *rule {
                "R001" => c_rate,
                "T001" => c_cum,
                _ => c_q + at - 1,
            };
            case.expected.push(Expected {
                rule: (*rule).into(),
                sheet: g.name.clone(),
                cell: super::a1(row, col),
                why: why.clone(),
            });
        }
        row += 1;
    }
    notes(rng, &mut g, row + 1);
    case.sheets.push(g);
}

/// 片区 merged down beside 社区; a 小计 per 片区 and a 总计 of the sub-totals.
fn subtotals(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let chigang = rng.chance(35);
    let street = if chigang {
        "赤岗街"
    } else {
        rng.word(vocab::STREETS)
    };
    if chigang {
        case.features.push("station=赤岗街".into());
    }
    let (dstyle, mut comms) = districts(rng, case, chigang, 4);
    for c in comms.iter_mut() {
        let k = rng.range(2, 4.min(c.len() as i64)) as usize;
        let chosen = rng.sample(c, k);
        *c = chosen;
    }
    // 毛纺 must be present to be misspelled.
    if chigang && !comms[1].contains(&"毛纺") {
        comms[1][0] = "毛纺";
    }
    let n_ind = if rng.chance(30) { 2 } else { 1 };
    let inds: Vec<Indicator> = {
        let all = indicators(rng, case, 3);
        all.into_iter().take(n_ind).collect()
    };
    let merged_district = rng.chance(70);
    if merged_district {
        case.features.push("district-merged-down".into());
    }
    let sub_word = rng.word(&["小计", "合计"]);
    let sub_named = rng.chance(50);
    let grand_word = rng.word(&["总计", "合计", "全街合计"]);
    let grand_word = if grand_word == sub_word {
        "总计"
    } else {
        grand_word
    };

    // blocks[d][ind] = community rows then the 小计.
    let mut blocks: Vec<Vec<Vec<Tri>>> = comms
        .iter()
        .map(|cs| {
            inds.iter()
                .map(|i| {
                    let mut rows: Vec<Tri> = cs
                        .iter()
                        .map(|_| {
                            let (t, d) = pair(rng, i.kind, st.dp);
                            Tri::new(t, d, st.dp)
                        })
                        .collect();
                    let refs: Vec<&Tri> = rows.iter().collect();
                    let sub = Tri::sum(&refs, st.dp);
                    rows.push(sub);
                    rows
                })
                .collect()
        })
        .collect();
    let mut grand: Vec<Tri> = (0..inds.len())
        .map(|k| {
            let subs: Vec<&Tri> = blocks
                .iter()
                .map(|b| b[k].last().unwrap_or_else(|| unreachable!()))
                .collect();
            Tri::sum(&subs, st.dp)
        })
        .collect();
    let mut name_plant: Option<(usize, usize)> = None;
    let mut block_has_total = false;
    for (d, block) in blocks.iter_mut().enumerate() {
        if !planting.here(rng) {
            continue;
        }
        let k = rng.below(inds.len());
        let money = is_money(inds[k].kind);
        let m = comms[d].len();
        match rng.below(4) {
            0 => {
                let r = rng.below(m + 1);
                plant_rate(rng, &mut block[k][r], st.dp);
            }
            1 => {
                let r = rng.below(m);
                let truth = block[k][r].clone();
                if plant_slip(rng, &mut block[k][r], money, true) {
                    block[k][r].rate = truth.rate;
                    block_has_total = true;
                }
            }
            2 if chigang && d == 1 => {
                if let Some(i) = comms[1].iter().position(|c| *c == "毛纺") {
                    name_plant = Some((1, i));
                }
            }
            _ => {
                let (parts, sub) = block[k].split_at_mut(m);
                let refs: Vec<&Tri> = parts.iter().collect();
                plant_total(rng, &mut sub[0], &refs, st.dp, money, sub_word);
                block_has_total = true;
            }
        }
    }
    if !block_has_total && planting.here(rng) {
        let k = rng.below(inds.len());
        let subs: Vec<Tri> = blocks
            .iter()
            .map(|b| b[k].last().cloned().unwrap_or_else(|| unreachable!()))
            .collect();
        let refs: Vec<&Tri> = subs.iter().collect();
        plant_total(
            rng,
            &mut grand[k],
            &refs,
            st.dp,
            is_money(inds[k].kind),
            grand_word,
        );
    }

    let mut g = Grid::new(sheet_name(rng));
    let lead = vec![
        rng.word(&["片区", "服务片区", "所属片区"]).to_string(),
        rng.word(&["社区", "社区名称", "服务社区"]).to_string(),
    ];
    let rows = if inds.len() > 1 || rng.chance(40) {
        2
    } else {
        1
    };
    case.features.push(format!("header-rows={rows}"));
    let heads: Vec<Head> = inds
        .iter()
        .map(|i| Head {
            family: None,
            label: label(rng, i, false),
            subs: st.words(rng),
            join: false,
        })
        .collect();
    let width = 2 + 3 * inds.len() as u16;
    let what = if rows == 1 {
        format!("{}完成情况统计表", label(rng, &inds[0], true))
    } else {
        "分社区指标完成情况".to_string()
    };
    let top = title(rng, &mut g, street, width, &what);
    let starts = header(&mut g, top, rows, st.group_mode, &lead, &heads, &[]);
    let mut row = top + rows;
    for (d, cs) in comms.iter().enumerate() {
        let first = row;
        let dname = dstyle.name(d);
        for (r, c) in cs.iter().enumerate() {
            if r == 0 || !merged_district {
                g.text(row, 0, dname.clone());
            }
            let written = if name_plant == Some((d, r)) {
                case.expected.push(Expected {
                    rule: "N002".into(),
                    sheet: g.name.clone(),
                    cell: super::a1(row, 1),
                    why: "毛纺 written 毛坦".into(),
                });
                "毛坦".to_string()
            } else {
                c.to_string()
            };
            g.text(
                row,
                1,
                if rng.chance(30) {
                    format!("{written}社区")
                } else {
                    written
                },
            );
            for (k, i) in inds.iter().enumerate() {
                put_tri(
                    &mut g,
                    &mut case.expected,
                    st,
                    row,
                    starts[k],
                    &blocks[d][k][r],
                    i.kind,
                );
            }
            row += 1;
        }
        if merged_district {
            g.merge(first, 0, row - 1, 0);
        }
        let sub_label = if sub_named {
            format!("{dname}{sub_word}")
        } else {
            sub_word.to_string()
        };
        if sub_named {
            g.text(row, 0, sub_label);
            g.merge(row, 0, row, 1);
        } else {
            g.text(row, 1, sub_label);
        }
        for (k, i) in inds.iter().enumerate() {
            put_tri(
                &mut g,
                &mut case.expected,
                st,
                row,
                starts[k],
                &blocks[d][k][cs.len()],
                i.kind,
            );
        }
        row += 1;
    }
    g.text(row, 0, grand_word);
    g.merge(row, 0, row, 1);
    for (k, i) in inds.iter().enumerate() {
        put_tri(
            &mut g,
            &mut case.expected,
            st,
            row,
            starts[k],
            &grand[k],
            i.kind,
        );
    }
    notes(rng, &mut g, row + 2);
    case.sheets.push(g);
}

/// Two tables in one workbook: the districts-down table, then the station-wide
/// block (seed 002 has both), below it on the same sheet or on a second sheet.
fn combined(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    let mut first = Case {
        shape: Shape::DistrictsDown,
        ..case.clone()
    };
    districts_down(rng, &mut first, st, planting, false);
    let mut second = Case {
        shape: Shape::StationWide,
        features: Vec::new(),
        sheets: Vec::new(),
        expected: Vec::new(),
        ..case.clone()
    };
    let st2 = Style::draw(rng);
    station_wide(rng, &mut second, &st2, planting);
    case.features = first.features;
    let (Some(g1), Some(mut g2)) = (first.sheets.pop(), second.sheets.pop()) else {
        unreachable!("each layout writes one sheet")
    };
    one_station(&g1, &mut g2);
    case.expected.extend(first.expected);
    let placement = if rng.chance(50) {
        case.features.push("same-sheet".into());
        Placement::Below(2)
    } else {
        case.features.push("two-sheets".into());
        Placement::OwnSheet
    };
    place(case, g1, g2, second.expected, placement, "总体服务");
}

/// Where the second table of a [`Shape::Mixed`] workbook goes.
#[derive(Clone, Copy)]
enum Placement {
    /// Below the first, after this many blank rows.
    Below(u32),
    /// Right of the first, after this many blank columns.
    Beside(u16),
    /// On a sheet of its own.
    OwnSheet,
}

/// Two tables of random layouts in one workbook (see [`Shape::Mixed`]). The
/// second is a list without districts, so one station's districts are never
/// written two ways by two tables; it takes the first table's street.
fn mixed(rng: &mut Rng, case: &mut Case, planting: &Planting) {
    let first_shape = *rng.pick(&[
        Shape::DistrictsDown,
        Shape::DistrictsAcross,
        Shape::Periods,
        Shape::Subtotals,
        Shape::StationWide,
    ]);
    let second_shape = *rng.pick(&[Shape::StationWide, Shape::Periods]);
    let placement = match rng.below(3) {
        0 => Placement::Below(rng.range(1, 4) as u32),
        1 => Placement::Beside(rng.range(1, 3) as u16),
        _ => Placement::OwnSheet,
    };
    let mut parts = Vec::new();
    for shape in [first_shape, second_shape] {
        let mut part = Case {
            shape,
            features: Vec::new(),
            sheets: Vec::new(),
            expected: Vec::new(),
            ..case.clone()
        };
        let st = Style::draw(rng);
        st.features(&mut part);
        build_single(rng, &mut part, &st, planting);
        parts.push(part);
    }
    let second = parts.pop().expect("two parts");
    let first = parts.pop().expect("two parts");
    case.features.extend(first.features);
    case.features.push(format!(
        "mixed={}+{}",
        first_shape.name(),
        second_shape.name()
    ));
    let (Some(g1), Some(mut g2)) = (
        first.sheets.into_iter().next(),
        second.sheets.into_iter().next(),
    ) else {
        unreachable!("each layout writes one sheet")
    };
    one_station(&g1, &mut g2);
    case.expected.extend(first.expected);
    case.features.push(match placement {
        Placement::Below(gap) => format!("below+{gap}"),
        Placement::Beside(gap) => format!("beside+{gap}"),
        Placement::OwnSheet => "two-sheets".into(),
    });
    let own_name = format!("{}(2)", g2.name);
    place(case, g1, g2, second.expected, placement, &own_name);
}

/// Puts the second table's sheet `g2` (and its expected findings) into the
/// case beside the first's `g1` as `placement` says; on a sheet of its own,
/// `own_name` names it when the two sheets' names are the same.
fn place(
    case: &mut Case,
    mut g1: Grid,
    mut g2: Grid,
    second: Vec<Expected>,
    placement: Placement,
    own_name: &str,
) {
    let (rows, cols) = match placement {
        Placement::Below(gap) => (
            g1.cells.keys().map(|(r, _)| *r).max().unwrap_or(0) + 1 + gap,
            0,
        ),
        Placement::Beside(gap) => {
            let last_col = g1
                .cells
                .keys()
                .map(|(_, c)| *c)
                .chain(g1.merges.iter().map(|m| m.3))
                .max()
                .unwrap_or(0);
            (0, last_col + 1 + gap)
        }
        Placement::OwnSheet => {
            if g2.name == g1.name {
                g2.name = own_name.to_string();
            }
            for mut e in second {
                e.sheet = g2.name.clone();
                case.expected.push(e);
            }
            case.sheets.push(g1);
            case.sheets.push(g2);
            return;
        }
    };
    for ((r, c), cell) in std::mem::take(&mut g2.cells) {
        g1.cells.insert((r + rows, c + cols), cell);
    }
    for (r0, c0, r1, c1) in std::mem::take(&mut g2.merges) {
        g1.merges.push((r0 + rows, c0 + cols, r1 + rows, c1 + cols));
    }
    for mut e in second {
        if let Some((r, c)) = super::from_a1(&e.cell) {
            e.cell = super::a1(r + rows, c + cols);
        }
        e.sheet = g1.name.clone();
        case.expected.push(e);
    }
    case.sheets.push(g1);
}

/// One layout's sheet, for the shapes that write one table.
fn build_single(rng: &mut Rng, case: &mut Case, st: &Style, planting: &Planting) {
    match case.shape {
        Shape::DistrictsDown => {
            districts_down(rng, case, st, planting, false);
        }
        Shape::StationWide => station_wide(rng, case, st, planting),
        Shape::DistrictsAcross => districts_across(rng, case, st, planting),
        Shape::Periods => periods(rng, case, st, planting),
        Shape::Subtotals => subtotals(rng, case, st, planting),
        Shape::Combined | Shape::Mixed | Shape::Roster | Shape::Station => {
            unreachable!("not a single indicator table")
        }
    }
}

/// Two tables of one workbook are one station's: the second's titles take
/// the street the first names.
fn one_station(g1: &Grid, g2: &mut Grid) {
    let street = vocab::STREETS
        .iter()
        .chain(&["赤岗街"])
        .find(|s| {
            g1.cells
                .values()
                .any(|c| matches!(c, Cell::Text(t) if t.contains(**s)))
        })
        .copied();
    if let Some(street) = street {
        for cell in g2.cells.values_mut() {
            if let Cell::Text(t) = cell {
                for other in vocab::STREETS.iter().chain(&["赤岗街"]) {
                    *t = t.replace(other, street);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Two months of one station (the batch property for P001 and P004)

/// Two monthly submissions of one station in one service year: the same
/// districts-down table (same districts, indicators, targets, layout and
/// words) in consecutive months, each file named by its month
/// (`2024-04.xlsx`) under a title naming the station. Completed figures are
/// cumulative: the later month's are the earlier's or more. A planted pair
/// changes the later file, which stays consistent in itself (rates and
/// totals recomputed): one done figure below the earlier month's (P001
/// there), or the last district gone (P004 at the later total's label). The
/// totals move with their districts, and only with them (the other done
/// figures grow, no target is planted): their changes are P006 (info), never
/// a second warning. The earlier file gets nothing.
pub struct PeriodPair {
    pub seed: u64,
    pub description: String,
    /// (file name, case): the earlier month, then the later.
    pub files: Vec<(String, Case)>,
}

pub fn period_pair(seed: u64) -> PeriodPair {
    let mut rng = Rng::new(seed ^ 0x5045_5249_4F44_5331);
    let blank = |seed| Case {
        seed,
        shape: Shape::DistrictsDown,
        description: String::new(),
        features: Vec::new(),
        sheets: Vec::new(),
        expected: Vec::new(),
    };
    let mut case = blank(seed);
    let st = Style::draw(&mut rng);
    st.features(&mut case);
    let street = rng.word(vocab::STREETS);
    let (dstyle, comms) = districts(&mut rng, &mut case, false, 5);
    let n = comms.len();
    let bracketed = rng.chance(40);
    let labels: Vec<String> = (0..n)
        .map(|i| {
            let name = dstyle.name(i);
            if bracketed {
                vocab::with_communities(&mut rng, &name, &comms[i])
            } else {
                name
            }
        })
        .collect();
    let inds = indicators(&mut rng, &mut case, 3);
    // The later month: 2023年7月 … 2024年5月 (the service year starts in June).
    let k = rng.range(1, 11) as u32;
    let month = |i: u32| {
        let m = 6 + i;
        if m > 12 {
            (2024, m - 12)
        } else {
            (2023, m)
        }
    };
    // Per indicator and district: (target, done earlier, done later).
    let mut figures: Vec<Vec<(Decimal, Decimal, Decimal)>> = inds
        .iter()
        .map(|i| {
            let places = if is_money(i.kind) { 2 } else { 0 };
            (0..n)
                .map(|_| {
                    let (t, d) = pair(&mut rng, i.kind, st.dp);
                    let earlier = round(d * dec(rng.range(55, 100)) / dec(100), places);
                    (t, earlier, d)
                })
                .collect()
        })
        .collect();
    let clean = rng.chance(30);
    let vanish = !clean && n >= 3 && rng.chance(35);
    let mut why = String::new();
    if clean {
        case.features.push("clean".into());
    } else if vanish {
        case.features.push("vanished".into());
        why = format!("{} gone", labels[n - 1]);
    } else {
        case.features.push("decreased".into());
        let gi = rng.below(inds.len());
        let d = rng.below(n);
        let (_, earlier, later) = &mut figures[gi][d];
        let step = if is_money(inds[gi].kind) {
            Decimal::new(rng.range(1, 500_000), 2)
        } else {
            dec(rng.range(1, 30))
        };
        // At least 1 (or a cent) stays done.
        let floor = if is_money(inds[gi].kind) {
            Decimal::new(1, 2)
        } else {
            Decimal::ONE
        };
        let step = step.min(*earlier - floor).max(Decimal::ZERO);
        if step > Decimal::ZERO {
            *later = *earlier - step;
            why = format!("{} {} done {earlier} → {later}", labels[d], inds[gi].label);
        }
    }
    let layout = rng.clone();
    let total_label = total_word(&mut rng);
    let rows = if rng.chance(20) { 1 } else { 2 };
    // Where the month is written: the file name (2023-11.xlsx, 华洲街2023年11月…),
    // or only a 统计时间 line under the title (the files named 附件1_1, 附件1_2).
    let naming = rng.below(3);
    let dated = naming == 2 || rng.chance(40);
    let from_may = rng.chance(50);
    case.features
        .push(["name=2023-11", "name=街2023年11月", "name=neutral"][naming].into());
    if dated {
        case.features.push("dated".into());
    }
    let mut files = Vec::new();
    let mut tables = Vec::new();
    for (f, later) in [(k - 1, false), (k, true)] {
        let kept = if later && vanish { n - 1 } else { n };
        let groups: Vec<Vec<Tri>> = figures
            .iter()
            .map(|lines| {
                let mut run: Vec<Tri> = lines[..kept]
                    .iter()
                    .map(|(t, e, l)| Tri::new(*t, if later { *l } else { *e }, st.dp))
                    .collect();
                let refs: Vec<&Tri> = run.iter().collect();
                let total = Tri::sum(&refs, st.dp);
                run.push(total);
                run
            })
            .collect();
        let (y, m) = month(f);
        let last_day = match m {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let start = if from_may {
            "2023年5月31日"
        } else {
            "2023年6月1日"
        };
        let period_line = dated.then(|| format!("数据统计时间：{start}至{y}年{m}月{last_day}日"));
        let mut c = blank(seed);
        c.features = case.features.clone();
        let (grid, at) = month_table(
            &mut layout.clone(),
            &st,
            street,
            &labels[..kept],
            &inds,
            &groups,
            rows,
            total_label,
            period_line,
        );
        c.sheets.push(grid);
        tables.push((groups, at));
        let name = match naming {
            0 => format!("{y}-{m:02}.xlsx"),
            1 => format!("{street}{y}年{m}月指标完成情况.xlsx"),
            _ => format!("附件1_{}.xlsx", files.len() + 1),
        };
        files.push((name, c));
    }
    // What the later file must get, from the two files' figures.
    let (before, after) = (&tables[0], &tables[1]);
    let sheet = files[1].1.sheets[0].name.clone();
    let mut expected = Vec::new();
    let mut push = |rule: &str, cell: (u32, u16), why: String| {
        expected.push(Expected {
            rule: rule.into(),
            sheet: sheet.clone(),
            cell: super::a1(cell.0, cell.1),
            why,
        });
    };
    let lines_after = after.0[0].len();
    for gi in 0..inds.len() {
        // The total (the last line) follows its districts: P006, info.
        for r in 0..lines_after - 1 {
            let (then, now) = (&before.0[gi][r], &after.0[gi][r]);
            let (row, col) = (after.1.first_row + r as u32, after.1.starts[gi]);
            if now.done < then.done {
                push(
                    "P001",
                    (row, col + 1),
                    format!("{why}: done {} → {}", then.done, now.done),
                );
            }
            if now.target != then.target {
                push(
                    "P002",
                    (row, col),
                    format!("{why}: target {} → {}", then.target, now.target),
                );
            }
        }
    }
    if vanish {
        let total_row = after.1.first_row + lines_after as u32 - 1;
        push("P004", (total_row, after.1.label_col), why.clone());
    }
    expected.sort();
    files[1].1.expected = expected;
    PeriodPair {
        seed,
        description: format!("{street} {} [{}]", files[1].0, case.features.join(", ")),
        files,
    }
}

/// Where a month's table put its figures.
struct TableAt {
    first_row: u32,
    label_col: u16,
    starts: Vec<u16>,
}

/// One month's districts-down table; the layout draws come from `rng`, so a
/// clone of one generator writes every month alike.
#[allow(clippy::too_many_arguments)]
fn month_table(
    rng: &mut Rng,
    st: &Style,
    street: &str,
    labels: &[String],
    inds: &[Indicator],
    groups: &[Vec<Tri>],
    rows: u32,
    total_label: &str,
    period_line: Option<String>,
) -> (Grid, TableAt) {
    let mut g = Grid::new(sheet_name(rng));
    let lead = vec![rng
        .word(&["片区", "服务片区", "片区名称", "区域"])
        .to_string()];
    let heads: Vec<Head> = inds
        .iter()
        .map(|i| {
            let l = label(rng, i, false);
            Head {
                family: None,
                label: stray_space(rng, &l),
                subs: st.words_for(rng, i.kind),
                join: true,
            }
        })
        .collect();
    let width = 1 + 3 * inds.len() as u16;
    g.text(
        0,
        0,
        format!("2023—2024年度{street}社工服务站指标完成情况统计表"),
    );
    if rng.chance(60) {
        g.merge(0, 0, 0, width - 1);
    }
    let mut top = 1 + rng.range(0, 1) as u32;
    if let Some(line) = period_line {
        g.text(1, 0, line);
        top = 2;
    }
    let starts = header(&mut g, top, rows, st.group_mode, &lead, &heads, &[]);
    let first_row = top + rows;
    let mut sink = Vec::new();
    for r in 0..groups[0].len() {
        let row = first_row + r as u32;
        let text = labels.get(r).map_or(total_label, String::as_str);
        g.text(row, 0, text);
        for (gi, group) in groups.iter().enumerate() {
            put_tri(
                &mut g,
                &mut sink,
                st,
                row,
                starts[gi],
                &group[r],
                inds[gi].kind,
            );
        }
    }
    (
        g,
        TableAt {
            first_row,
            label_col: 0,
            starts,
        },
    )
}
