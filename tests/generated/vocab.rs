//! The words, names and number styles the generator draws from: every synonym
//! DOMAIN.md lists, labels no dictionary knows, district naming styles, and
//! the ways a figure or a rate is written in a cell.

use rust_decimal::Decimal;

use super::{fixed, round, Cell, Rng};

pub const TARGET_WORDS: &[&str] = &[
    "协议量",
    "协议个数",
    "协议数",
    "协议节数",
    "协议人次",
    "指标要求",
    "指标数",
    "目标值",
    "目标",
    "计划数",
    "年度目标",
    "任务数",
    "指标",
];
pub const DONE_WORDS: &[&str] = &[
    "完成量",
    "完成数",
    "实际完成",
    "完成情况",
    "已完成",
    "实际完成数",
];
pub const RATE_WORDS: &[&str] = &["百分比", "完成率", "达成率", "完成比例", "完成进度"];

/// How a measure of an indicator is counted, which sets its magnitudes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Events, groups, sessions: 5..80.
    Few,
    /// Households, cases, sessions: 20..800.
    Some,
    /// Attendances, phone calls: 200..3000.
    Many,
    /// Money in 元: 10,000..900,000 with cents.
    Yuan,
    /// Money in 万元: 1.00..90.00.
    WanYuan,
}

/// An indicator: label as written, unit qualifier, family for a 3-row header.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub family: Option<&'static str>,
    pub label: &'static str,
    pub unit: Option<&'static str>,
    pub kind: Kind,
}

const fn ind(
    family: Option<&'static str>,
    label: &'static str,
    unit: Option<&'static str>,
    kind: Kind,
) -> Indicator {
    Indicator {
        family,
        label,
        unit,
        kind,
    }
}

/// Indicators from the contracts (seed 002, 000), with their units.
pub const KNOWN: &[Indicator] = &[
    ind(None, "困难群众和特殊群体建档", Some("户"), Kind::Some),
    ind(None, "电访", Some("人次"), Kind::Many),
    ind(None, "入户探访", Some("户次"), Kind::Some),
    ind(None, "咨询个案", Some("个"), Kind::Some),
    ind(Some("专业个案"), "接案", Some("个"), Kind::Few),
    ind(Some("专业个案"), "节数", Some("节"), Kind::Some),
    ind(Some("专业小组"), "个数", Some("个"), Kind::Few),
    ind(Some("专业小组"), "节数", Some("节"), Kind::Some),
    ind(Some("专业小组"), "人次", Some("人次"), Kind::Many),
    ind(Some("大型社区活动"), "次数", Some("场"), Kind::Few),
    ind(Some("大型社区活动"), "人次", Some("人次"), Kind::Many),
    ind(Some("中小型社区活动"), "次数", Some("次"), Kind::Few),
    ind(Some("中小型社区活动"), "人次", Some("人次"), Kind::Many),
    ind(None, "新增志愿者", Some("人"), Kind::Some),
    ind(None, "新增志愿者骨干", Some("人"), Kind::Few),
    ind(None, "新增志愿队伍", Some("支"), Kind::Few),
    ind(None, "社区调研", Some("次"), Kind::Few),
    ind(
        None,
        "协助街道介入和解决的社区公共问题",
        Some("个"),
        Kind::Few,
    ),
    ind(None, "社会资源链接", Some("元"), Kind::Yuan),
];

/// Labels no dictionary knows, as other stations' contracts name them.
pub const UNKNOWN: &[Indicator] = &[
    ind(None, "社区议事会", Some("场"), Kind::Few),
    ind(None, "长者饭堂探访", Some("人次"), Kind::Many),
    ind(None, "青少年托管", Some("人次"), Kind::Many),
    ind(None, "四点半课堂", Some("节"), Kind::Some),
    ind(None, "邻里守望行动", Some("次"), Kind::Few),
    ind(None, "困境儿童关爱", Some("人"), Kind::Some),
    ind(None, "社区微创投", Some("个"), Kind::Few),
    ind(None, "长者助餐配送", Some("人次"), Kind::Many),
    ind(None, "家庭教育讲座", Some("场"), Kind::Few),
    ind(None, "残障人士康复陪伴", Some("人次"), Kind::Some),
    ind(None, "党群共建活动", Some("场"), Kind::Few),
    ind(None, "心理健康筛查", Some("人"), Kind::Some),
    ind(None, "慈善资源筹集", Some("元"), Kind::Yuan),
    ind(None, "公益创投资金", Some("万元"), Kind::WanYuan),
];

/// Streets other than 赤岗街 (whose gazetteer hedui ships).
pub const STREETS: &[&str] = &[
    "华洲街",
    "沙园街",
    "龙津街",
    "瑞宝街",
    "凤阳街",
    "南洲街",
    "素社街",
    "海幢街",
];

/// Invented community names, none one character away from a 赤岗街 name.
pub const COMMUNITIES: &[&str] = &[
    "东晓", "西华", "松柏", "桂花", "锦绣", "福安", "康乐", "翠湖", "明德", "青云", "怡乐", "嘉禾",
    "和平", "兴隆", "龙腾", "凤凰", "荔枝", "梅花", "海傍", "瑞宝", "沙溪", "华林", "恒泰", "晓港",
];

/// The 赤岗街 gazetteer's districts (DOMAIN.md).
pub const CHIGANG: [&[&str]; 3] = [
    &[
        "下渡",
        "江景",
        "江丽",
        "南贤",
        "汇美",
        "赤岗",
        "愉景雅苑",
        "珠江帝景",
        "新鸿",
        "金星",
        "鹭江",
        "石榴岗",
    ],
    &["毛纺", "竹园", "大江苑", "大江涌"],
    &["鸿运", "赤塘", "客村", "七星岗", "七所", "珠影"],
];

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const LETTERS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
const DIRECTIONS: [&str; 5] = ["东片", "西片", "南片", "北片", "中片"];

/// How districts are named in one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictStyle {
    Arabic,
    OrdinalChinese,
    Chinese,
    OrdinalArabic,
    LetterFirst,
    /// "A 片区", with a space.
    LetterSpaced,
    LetterLast,
    Direction,
    ChineseQu,
}

impl DistrictStyle {
    pub const ALL: [DistrictStyle; 9] = [
        DistrictStyle::Arabic,
        DistrictStyle::OrdinalChinese,
        DistrictStyle::Chinese,
        DistrictStyle::OrdinalArabic,
        DistrictStyle::LetterFirst,
        DistrictStyle::LetterSpaced,
        DistrictStyle::LetterLast,
        DistrictStyle::Direction,
        DistrictStyle::ChineseQu,
    ];
    /// The styles that name a numbered district (all the 赤岗街 gazetteer knows).
    pub const NUMBERED: [DistrictStyle; 7] = [
        DistrictStyle::Arabic,
        DistrictStyle::OrdinalChinese,
        DistrictStyle::Chinese,
        DistrictStyle::OrdinalArabic,
        DistrictStyle::LetterFirst,
        DistrictStyle::LetterSpaced,
        DistrictStyle::LetterLast,
    ];

    pub fn max(self) -> usize {
        match self {
            DistrictStyle::Direction => 5,
            DistrictStyle::LetterFirst
            | DistrictStyle::LetterSpaced
            | DistrictStyle::LetterLast => 6,
            _ => 8,
        }
    }

    /// The name of district `i` (zero-based).
    pub fn name(self, i: usize) -> String {
        let n = i + 1;
        match self {
            DistrictStyle::Arabic => format!("片区{n}"),
            DistrictStyle::OrdinalChinese => format!("第{}片区", CN[i]),
            DistrictStyle::Chinese => format!("{}片区", CN[i]),
            DistrictStyle::OrdinalArabic => format!("第{n}片区"),
            DistrictStyle::LetterFirst => format!("{}片区", LETTERS[i]),
            DistrictStyle::LetterSpaced => format!("{} 片区", LETTERS[i]),
            DistrictStyle::LetterLast => format!("片区{}", LETTERS[i]),
            DistrictStyle::Direction => DIRECTIONS[i].to_string(),
            DistrictStyle::ChineseQu => format!("{}区", CN[i]),
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            DistrictStyle::Arabic => "片区1",
            DistrictStyle::OrdinalChinese => "第一片区",
            DistrictStyle::Chinese => "一片区",
            DistrictStyle::OrdinalArabic => "第1片区",
            DistrictStyle::LetterFirst => "A片区",
            DistrictStyle::LetterSpaced => "A 片区",
            DistrictStyle::LetterLast => "片区A",
            DistrictStyle::Direction => "东片",
            DistrictStyle::ChineseQu => "一区",
        }
    }
}

/// A district label with its communities in brackets ("片区2（毛纺、竹园等社区）").
pub fn with_communities(rng: &mut Rng, name: &str, communities: &[&str]) -> String {
    let shown: Vec<&str> = communities.iter().take(3).copied().collect();
    let list = shown.join("、");
    match rng.below(3) {
        0 => format!("{name}（{list}等社区）"),
        1 => format!("{name} ({list})"),
        _ => format!("{name}（{list}）"),
    }
}

/// How figures are written in one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumStyle {
    Number,
    Text,
    FullWidth,
    Thousands,
    /// Money only: "￥123,456.78".
    Yen,
    /// Money only: "123456.78元".
    YuanSuffix,
    /// Money only: a number formatted #,##0.00.
    MoneyFormat,
}

impl NumStyle {
    pub fn tag(self) -> &'static str {
        match self {
            NumStyle::Number => "num",
            NumStyle::Text => "text",
            NumStyle::FullWidth => "fullwidth",
            NumStyle::Thousands => "thousands",
            NumStyle::Yen => "yen",
            NumStyle::YuanSuffix => "yuan-suffix",
            NumStyle::MoneyFormat => "money-format",
        }
    }
}

pub fn count_style(rng: &mut Rng) -> NumStyle {
    match rng.below(10) {
        0..=5 => NumStyle::Number,
        6 | 7 => NumStyle::Text,
        8 => NumStyle::FullWidth,
        _ => NumStyle::Thousands,
    }
}

pub fn money_style(rng: &mut Rng) -> NumStyle {
    *rng.pick(&[
        NumStyle::Number,
        NumStyle::MoneyFormat,
        NumStyle::Yen,
        NumStyle::YuanSuffix,
        NumStyle::Thousands,
        NumStyle::Text,
    ])
}

fn thousands(plain: &str) -> String {
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A figure as written in a cell; money keeps its cents (`dp` 2) when it has any.
pub fn figure(value: Decimal, style: NumStyle, money: bool) -> Cell {
    let plain = if money && !value.fract().is_zero() {
        fixed(value, 2)
    } else {
        value.normalize().to_string()
    };
    match style {
        NumStyle::Number => Cell::Num(value, None),
        NumStyle::Text => Cell::Text(plain),
        NumStyle::FullWidth => Cell::Text(full_width(&plain)),
        NumStyle::Thousands => Cell::Text(thousands(&plain)),
        NumStyle::Yen => Cell::Text(format!("￥{}", thousands(&plain))),
        NumStyle::YuanSuffix => Cell::Text(format!("{plain}元")),
        NumStyle::MoneyFormat => Cell::Num(value, Some("#,##0.00".into())),
    }
}

/// How rates are written in one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateStyle {
    /// "103.70%" as text.
    PercentText,
    /// 1.037 formatted 0.00%.
    PercentFormat,
    /// 1.037 as a plain ratio.
    Ratio,
    /// 103.7 under a "(%)" header.
    PercentNumber,
}

impl RateStyle {
    pub const ALL: [RateStyle; 4] = [
        RateStyle::PercentText,
        RateStyle::PercentFormat,
        RateStyle::Ratio,
        RateStyle::PercentNumber,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            RateStyle::PercentText => "pct-text",
            RateStyle::PercentFormat => "pct-format",
            RateStyle::Ratio => "ratio",
            RateStyle::PercentNumber => "pct-number",
        }
    }

    /// The header suffix the style needs ("(%)" for a percent number).
    pub fn header_suffix(self, rng: &mut Rng) -> &'static str {
        match self {
            RateStyle::PercentNumber => rng.word(&["(%)", "（%）", "%", "（％）"]),
            _ => "",
        }
    }
}

/// A rate given in percent, rounded to `dp` decimals of the percent, as written.
pub fn rate(percent: Decimal, dp: u32, style: RateStyle) -> Cell {
    let percent = round(percent, dp);
    let ratio = percent / Decimal::ONE_HUNDRED;
    let zeros = "0".repeat(dp as usize);
    let dot = if dp > 0 { "." } else { "" };
    match style {
        RateStyle::PercentText => Cell::Text(format!("{}%", fixed(percent, dp))),
        RateStyle::PercentFormat => Cell::Num(ratio.normalize(), Some(format!("0{dot}{zeros}%"))),
        RateStyle::Ratio => {
            let ratio_zeros = "0".repeat(dp as usize + 2);
            Cell::Num(ratio.normalize(), Some(format!("0.{ratio_zeros}")))
        }
        RateStyle::PercentNumber => Cell::Num(percent.normalize(), Some(format!("0{dot}{zeros}"))),
    }
}
