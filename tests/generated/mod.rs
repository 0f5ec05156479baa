//! A seeded generator of random station workbooks, each with the findings it
//! must produce: the layouts stations use, their vocabulary and number styles,
//! and a random set of planted errors recorded by (rule, sheet, cell).
//!
//! One seed decides everything about a case (shape, words, figures, plants),
//! so `HEDUI_SEED=n` rebuilds it byte for byte. Used by `tests/generated.rs`
//! (the property) and `examples/gen_random.rs` (the committed sample).
//!
//! Planting rules, so that no planted error can explain another and no
//! combination is ambiguous:
//! - indicator tables: at most one plant per checked unit, where a unit is a
//!   column group when districts run down (its rates and its total share the
//!   columns), an indicator row when districts or periods run across, one
//!   片区 block of a sub-total table (communities and their 小计), and the
//!   总计 row only when no block has a total or scale plant;
//! - in districts-across tables the total group (全街…) is planted wrong in
//!   fewer than half of the indicator rows: it is found by its figures;
//! - fewer than half of a total line's figures are planted wrong (the
//!   投入社工人数 total counts: it is planted only while some group's total is not);
//! - a wrong total is never off by an amount a power-of-ten slip of one part
//!   (or of the total itself) would explain, and the rate beside it is either
//!   consistent with the total as written (knock-on, info) or with the true sum;
//! - a power-of-ten slip (S001) is written only where the rate and the total
//!   keep the true value, so both confirm it; it is ÷10/÷100 only where the
//!   result stays a whole count (or whole cents for money). Where no total
//!   confirms it (the station-wide list), the rate alone cannot tell a done
//!   slip by f from a target slip by 1/f, so only slips whose other reading is
//!   implausible are planted: a count ÷10/÷100 whose target ×0.1/×0.01 would not
//!   be whole, or money whose cents were lost (194580.11 written 19458011);
//! - in a table checked by its rates alone (the station-wide list), plants
//!   touch fewer than half of its rate relations: with most rates off, "many
//!   errors" and "a misread table" (H004) are equally likely;
//! - a money group (元, 万元: figures with cents) is never headed by a target
//!   word naming a count unit (协议节数, 协议人次): hedui reads the unit from it;
//! - a wrong rate is 2 to 40 units off in its last shown digit (one unit off
//!   is R002, info, and never planted), and never the rate a power-of-ten
//!   slip of its done or target would give (1% for 9%: that reads as S001);
//! - period tables (目标 | 一季度…四季度 | 累计 | 完成率): at most a third of
//!   the rows have a rate that disagrees with its figures as written (a wrong
//!   rate, or a wrong 累计 whose rate follows the true sum), and at most half
//!   a 累计 that is not the sum of its periods as written (a wrong 累计, or a
//!   period off by a power of ten, S001 at that period): a column read as a
//!   rate from its figures needs two thirds of its rows to hold, and 累计 is
//!   read as the periods' sum only where half the rows add up (it may count
//!   periods the table does not show); beyond that a wrong table and a
//!   misread one look alike;
//! - rosters: at most one plant per staff row and per month; a tick after a
//!   departure is a 人员 tick alone (so no A004–A006 follows), in a month after
//!   the month of leaving (after the month of a transfer dated the 1st); the
//!   month totals count the ticks as planted, except the one total planted
//!   wrong; months written without a year get the period in the title;
//! - a roster's income row (社工有收入人次数小计) counts the 工资 ticks as
//!   planted; at most one month's is planted wrong (A001);
//! - a roster's stated figures (协议岗位数, 应到/实到人次, 到岗率, 持证率,
//!   稳岗率; A011) are recomputed from its ticks as planted; the posts are the
//!   fewest on duty in any month (so no A007 follows); 应到 and 到岗率 only for
//!   a full service year and only with posts stated or implied; at most one is
//!   planted wrong (a count off by 1–12, a rate 2–40 units off in its last
//!   digit), 应到 only where the posts are stated apart from it (else hedui
//!   takes the posts from it), and the 到岗率 beside a wrong 应到 follows the true one;
//! - a station workbook (table and roster on two sheets, X001): the table's
//!   投入社工人数 are the roster's staff on duty in its last reported month, as
//!   ticked (a planted tick after leaving counts); the staff column is never
//!   planted T001; at most one district's count is planted off by 1–2 with the
//!   total following it (X001 at the total, and at the district where its
//!   label names a numbered 片区 as the roster's 职位 do); every district has
//!   someone on duty (a leaver is always replaced);
//! - a wrong rate is never planted beside a wrong total or a slip (one plant
//!   per unit, above), and a total's rate is never the planted cell when its
//!   total is;
//! - a misspelled community (毛坦 for 毛纺) only in 赤岗街 workbooks using the
//!   赤岗街 districts, the only station whose gazetteer hedui ships, and
//!   always with 赤岗街 in the title (the station is known from the sheet).
#![allow(dead_code)]

pub mod indicators;
pub mod roster;
pub mod vocab;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// splitmix64: small, seedable, and the same on every platform.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1) as u64;
        lo + (self.next_u64() % span) as i64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `k` distinct items of `items`, in their order.
    pub fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        self.shuffle(&mut idx);
        let mut chosen: Vec<usize> = idx.into_iter().take(k).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }
}

/// The layouts a case can take (names as `HEDUI_SHAPES` spells them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// Districts down, indicator groups across (seed 002).
    DistrictsDown,
    /// Station-wide indicators down: 项目 | 单位 | 指标 | 完成 | 完成率 | 备注.
    StationWide,
    /// Indicators down, one column group per district and a 全街合计 group.
    DistrictsAcross,
    /// Indicators down: 目标 | 一季度…四季度 | 累计 | 完成率.
    Periods,
    /// 片区 merged down beside 社区, a 小计 per 片区 and a 总计.
    Subtotals,
    /// Staff attendance roster.
    Roster,
    /// Two tables in one workbook: districts down, then the station-wide
    /// block, below it on the same sheet or on a second sheet.
    Combined,
    /// Two tables of any indicator layout, the second a list without
    /// districts (station-wide or periods): below the first after 1–4 blank
    /// rows, beside it after 1–3 blank columns, or on a second sheet.
    Mixed,
    /// A station's workbook: a districts-down table with 投入社工人数 and the
    /// station's roster on a second sheet, compared by X001.
    Station,
}

impl Shape {
    pub const ALL: [Shape; 9] = [
        Shape::DistrictsDown,
        Shape::StationWide,
        Shape::DistrictsAcross,
        Shape::Periods,
        Shape::Subtotals,
        Shape::Roster,
        Shape::Combined,
        Shape::Mixed,
        Shape::Station,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::DistrictsDown => "districts_down",
            Shape::StationWide => "station_wide",
            Shape::DistrictsAcross => "districts_across",
            Shape::Periods => "periods",
            Shape::Subtotals => "subtotals",
            Shape::Roster => "roster",
            Shape::Combined => "combined",
            Shape::Mixed => "mixed",
            Shape::Station => "station",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name.trim())
    }

    /// The shape of a seed, drawn first so that filtering by shape keeps seeds stable.
    pub fn of_seed(seed: u64) -> Shape {
        let mut rng = Rng::new(seed);
        let single = [
            Shape::DistrictsDown,
            Shape::StationWide,
            Shape::DistrictsAcross,
            Shape::Periods,
            Shape::Subtotals,
            Shape::Roster,
        ];
        let shape = single[rng.below(single.len())];
        // Drawn second, so that adding it kept every other seed's workbook.
        if rng.chance(12) {
            Shape::Combined
        } else if rng.chance(12) {
            // Drawn third, for the same reason.
            Shape::Mixed
        } else if rng.chance(10) {
            // Drawn fourth, for the same reason.
            Shape::Station
        } else {
            shape
        }
    }
}

/// A finding the generated workbook must produce: rule code, sheet, A1 cell.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Expected {
    pub rule: String,
    pub sheet: String,
    pub cell: String,
    /// What was planted, for a person reading a failure ("×10 slip", "rate +7 units").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
}

impl Expected {
    pub fn key(&self) -> (String, String, String) {
        (self.rule.clone(), self.sheet.clone(), self.cell.clone())
    }
}

/// A cell as the generator writes it.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    /// A number given as a decimal literal, with an optional number format.
    Num(Decimal, Option<String>),
    /// A date cell (year, month, day) shown with the given format.
    Date(u16, u8, u8, String),
}

/// One sheet: cells by (row, col), merged ranges, column widths.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub cells: BTreeMap<(u32, u16), Cell>,
    /// (first row, first col, last row, last col); the text sits in the first cell.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl Grid {
    pub fn new(name: &str) -> Self {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }

    pub fn put(&mut self, row: u32, col: u16, cell: Cell) {
        self.cells.insert((row, col), cell);
    }

    pub fn text(&mut self, row: u32, col: u16, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.put(row, col, Cell::Text(text));
        }
    }

    pub fn merge(&mut self, r0: u32, c0: u16, r1: u32, c1: u16) {
        if (r0, c0) != (r1, c1) {
            self.merges.push((r0, c0, r1, c1));
        }
    }
}

/// A generated workbook and what hedui must find in it.
#[derive(Debug, Clone)]
pub struct Case {
    pub seed: u64,
    pub shape: Shape,
    /// A one-line description of the shape features chosen.
    pub description: String,
    /// Shape features, for grouping failures ("rate=ratio", "headers=3").
    pub features: Vec<String>,
    pub sheets: Vec<Grid>,
    pub expected: Vec<Expected>,
}

impl Case {
    pub fn file_name(&self) -> String {
        format!("gen_{}_{:06}.xlsx", self.shape.name(), self.seed)
    }
}

/// Builds the case of one seed.
pub fn generate(seed: u64) -> Case {
    let shape = Shape::of_seed(seed);
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D).wrapping_add(1));
    let mut case = Case {
        seed,
        shape,
        description: String::new(),
        features: Vec::new(),
        sheets: Vec::new(),
        expected: Vec::new(),
    };
    match shape {
        Shape::Roster => roster::build(&mut rng, &mut case),
        _ => indicators::build(&mut rng, &mut case),
    }
    case.expected.sort();
    case.description = format!("{} [{}]", shape.name(), case.features.join(", "));
    case
}

/// Writes the case as an .xlsx file.
pub fn write_xlsx(case: &Case, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time, so that the same seed writes the same bytes.
    let created = ExcelDateTime::from_ymd(2024, 6, 5)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("hedui generated")
            .set_creation_datetime(&created),
    );
    let mut formats: BTreeMap<String, Format> = BTreeMap::new();
    let base = Format::new().set_font_name("宋体").set_font_size(10);
    for grid in &case.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&grid.name)?;
        // merge_range writes text; a number or date heading a merge is written
        // over its first cell afterwards, as rust_xlsxwriter documents.
        let mut merged_tops = std::collections::HashSet::new();
        for &(r0, c0, r1, c1) in &grid.merges {
            let text = match grid.cells.get(&(r0, c0)) {
                Some(Cell::Text(t)) => {
                    merged_tops.insert((r0, c0));
                    t.clone()
                }
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &base)?;
        }
        for (&(r, c), cell) in &grid.cells {
            if merged_tops.contains(&(r, c)) {
                continue;
            }
            match cell {
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c, t, &base)?;
                }
                Cell::Num(v, fmt) => {
                    let n: f64 = v.to_string().parse().unwrap_or(f64::NAN);
                    match fmt {
                        Some(f) => {
                            let format = formats
                                .entry(f.clone())
                                .or_insert_with(|| base.clone().set_num_format(f));
                            ws.write_number_with_format(r, c, n, &*format)?;
                        }
                        None => {
                            ws.write_number_with_format(r, c, n, &base)?;
                        }
                    }
                }
                Cell::Date(y, m, d, f) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    let format = formats
                        .entry(f.clone())
                        .or_insert_with(|| base.clone().set_num_format(f));
                    ws.write_datetime_with_format(r, c, &date, &*format)?;
                }
            }
        }
        ws.set_column_width(0, 14)?;
        ws.set_column_range_width(1, 60, 10)?;
    }
    wb.save(path)
}

/// Zero-based (row, col) from "C7".
pub fn from_a1(cell: &str) -> Option<(u32, u16)> {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let row: u32 = cell[letters.len()..].parse().ok()?;
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    Some((
        row.checked_sub(1)?,
        u16::try_from(col.checked_sub(1)?).ok()?,
    ))
}

/// "C7" from zero-based (row, col).
pub fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    let mut out = letters;
    let _ = write!(out, "{}", row + 1);
    out
}

/// Half-up rounding, as the domain defines a stated rate.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal shown with exactly `dp` decimals ("103.70").
pub fn fixed(value: Decimal, dp: u32) -> String {
    let mut v = round(value, dp);
    v.rescale(dp);
    v.to_string()
}
