//! Parse what people type into cells — numbers, rates, ticks, dates — into
//! exact decimals, remembering how each was written so checks can round as the cell shows.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::{Decimal, RoundingStrategy};
use unicode_normalization::UnicodeNormalization;

use crate::workbook::Value;

/// How a figure was written, for the info-level normalization findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// A number stored as text ("1350").
    pub as_text: bool,
    /// Full-width digits or signs ("１３５０", "％").
    pub full_width: bool,
    /// Thousands separators ("1,350" or "1，350").
    pub thousands: bool,
}

/// A parsed figure: its exact value and the decimals it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub value: Decimal,
    /// Decimals as shown: written in text, or from the number format, or of the stored number.
    pub decimals: u32,
    pub written: Written,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    /// Blank, or a dash meaning "nothing" (—— — - /).
    Missing,
    Ok(T),
    /// Something that should be a figure and is not; carries the text as found.
    Unreadable(String),
}

/// A completion rate as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The rate as a fraction: 103.70% → 1.037.
    pub fraction: Decimal,
    /// Decimals of the percentage as shown: "103.70%" → 2, "104%" → 0, 1.037 unformatted → 1.
    pub percent_decimals: u32,
    pub written: Written,
}

/// A tick in an attendance roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    Yes,
    No,
    /// Neither yes nor no: reported, never guessed.
    Unknown(String),
}

/// A calendar date, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A month of a service year, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

/// Why a staff member stopped working at the station, as a roster note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepartureKind {
    /// 离职, 辞职, 离岗, 退出, 辞退.
    Left,
    /// 调至, 调往, 调离, 调到: moved to another station.
    Transferred,
}

/// Days from 1970-01-01 to 1899-12-30, the day before Excel's serial 1 once
/// the phantom 1900-02-29 (serial 60) is skipped.
const EXCEL_EPOCH_DAYS: i64 = -25569;
/// Serial of 9999-12-31, the last date Excel can show.
const EXCEL_MAX_SERIAL: i64 = 2_958_465;
/// Years a roster or contract can plausibly mention; outside them a "date" is a typo or a figure.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Ymd {
    /// A real calendar date, or None (2023-02-29, month 13, day 0).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Ymd { year, month, day })
    }

    pub fn year_month(&self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// The date of an Excel serial (1900 date system); a time of day is dropped.
    ///
    /// Serial 60 is Excel's 1900-02-29, which never existed, so it gives None.
    pub fn from_excel_serial(serial: f64) -> Option<Ymd> {
        if !serial.is_finite() {
            return None;
        }
        let floor = serial.floor();
        if floor < 1.0 || floor > EXCEL_MAX_SERIAL as f64 {
            return None;
        }
        // In range 1..=EXCEL_MAX_SERIAL, so the cast is exact.
        let serial = floor as i64;
        let days = match serial {
            60 => return None,
            // Before the phantom leap day serials count from 1899-12-31.
            s if s < 60 => s + EXCEL_EPOCH_DAYS + 1,
            s => s + EXCEL_EPOCH_DAYS,
        };
        let (year, month, day) = civil_from_days(days);
        Some(Ymd { year, month, day })
    }

    /// The Excel serial (1900 date system) of this date, the inverse of `from_excel_serial`.
    pub fn excel_serial(&self) -> i64 {
        let serial = days_from_civil(self.year, self.month, self.day) - EXCEL_EPOCH_DAYS;
        if serial <= 60 {
            serial - 1
        } else {
            serial
        }
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl YearMonth {
    /// A month with its number in 1..=12, or None.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    pub fn next(&self) -> YearMonth {
        if self.month >= 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Whether the date falls in this month.
    pub fn contains(&self, date: Ymd) -> bool {
        date.year_month() == *self
    }

    /// Months from `self` to `later` (negative when `later` is earlier): 2023年6月 → 2024年5月 is 11.
    pub fn months_until(&self, later: YearMonth) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }

    pub fn first_day(&self) -> Ymd {
        Ymd {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    pub fn last_day(&self) -> Ymd {
        Ymd {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月", self.year, self.month)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-calendar algorithms: exact over the proleptic Gregorian calendar.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Callers pass Excel serials (years 1900..=9999), so these narrowings never truncate.
    (year as i32, month as u32, day as u32)
}

// ---------------------------------------------------------------------------
// Text helpers

/// NFKC, borrowing where the text is ASCII (which NFKC leaves as it is):
/// most cells are plain figures, parsed many times over.
fn nfkc(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfkc().collect())
    }
}

/// Blank or a placeholder for "nothing": any run of dashes, a slash, 无.
fn is_missing_text(text: &str) -> bool {
    let text = nfkc(text.trim());
    let text = text.trim();
    text.is_empty()
        || text == "/"
        || text == "无"
        || text.chars().all(|c| {
            matches!(
                c,
                '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '─' | '━' | '﹣' | '－' | '−'
            )
        })
}

/// Whether NFKC turned a full-width digit, sign, point or percent into ASCII.
fn has_full_width_numerals(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_ascii()
            && std::iter::once(c)
                .nfkc()
                .any(|n| n.is_ascii_digit() || matches!(n, '+' | '-' | '.' | '%'))
    })
}

struct TextNumber {
    value: Decimal,
    decimals: u32,
    written: Written,
}

/// A number written as text, after NFKC: optional sign, digits grouped by
/// threes or not grouped at all, optional fraction, and with `allow_yuan` the
/// marks of money: a leading ¥ (￥ is ¥ after NFKC) and a trailing 元 or 万元.
/// A figure in 万元 keeps the value written: the column's unit says 万元, and
/// rescaling it would make it disagree with its target and total.
fn parse_text_number(raw: &str, allow_yuan: bool) -> Option<TextNumber> {
    let normalized = nfkc(raw.trim());
    let mut body = normalized.trim();
    let mut had_currency = false;
    if allow_yuan {
        if let Some(rest) = body.strip_prefix('¥') {
            body = rest.trim_start();
            had_currency = true;
        }
        if let Some(rest) = body.strip_suffix('元') {
            body = rest.trim_end();
            if let Some(rest) = body.strip_suffix('万') {
                body = rest.trim_end();
            }
        }
    }
    let (negative, body) = match body.chars().next() {
        Some('+') => (false, &body[1..]),
        Some('-') => (true, &body[1..]),
        // NFKC leaves U+2212 MINUS SIGN alone, yet PDFs paste it for a minus.
        Some('−') => (true, &body['−'.len_utf8()..]),
        _ => (false, body),
    };
    // A sign may come before the currency mark too: -￥100.
    let body = match body.strip_prefix('¥') {
        Some(rest) if allow_yuan && !had_currency => rest,
        _ => body,
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((int_part, frac_part)) => (int_part, frac_part),
        None => (body, ""),
    };
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousands = int_part.contains(',');
    let digits: String = if thousands {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or_default();
        let grouped = (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3)
            && int_part.bytes().all(|b| b.is_ascii_digit() || b == b',');
        if !grouped {
            return None;
        }
        int_part.chars().filter(|&c| c != ',').collect()
    } else {
        if !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int_part.to_string()
    };
    if digits.is_empty() && frac_part.is_empty() {
        return None;
    }
    let int_digits = if digits.is_empty() { "0" } else { &digits };
    let literal = if frac_part.is_empty() {
        format!("{}{int_digits}", if negative { "-" } else { "" })
    } else {
        format!(
            "{}{int_digits}.{frac_part}",
            if negative { "-" } else { "" }
        )
    };
    let value = Decimal::from_str_exact(&literal).ok()?;
    Some(TextNumber {
        value: positive_zero(value),
        decimals: u32::try_from(frac_part.len()).ok()?,
        written: Written {
            as_text: true,
            full_width: has_full_width_numerals(raw),
            thousands,
        },
    })
}

fn positive_zero(mut value: Decimal) -> Decimal {
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    value
}

/// What an Excel number format shows: decimals after the point, and whether it is a percentage.
///
/// None for "General", text ("@") and date formats, which show no fixed decimals.
fn format_decimals(format: &str) -> Option<(u32, bool)> {
    // A column's cells share one format: remember the last one read.
    thread_local! {
        static LAST: std::cell::RefCell<(String, Option<(u32, bool)>)> =
            const { std::cell::RefCell::new((String::new(), None)) };
    }
    if let Some(known) = LAST.with(|last| {
        let last = last.borrow();
        (!last.0.is_empty() && last.0 == format).then_some(last.1)
    }) {
        return known;
    }
    let read = read_format_decimals(format);
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        last.0.clear();
        last.0.push_str(format);
        last.1 = read;
    });
    read
}

fn read_format_decimals(format: &str) -> Option<(u32, bool)> {
    let mut section = String::new();
    let mut chars = format.chars();
    let mut in_quotes = false;
    let mut in_brackets = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if in_brackets => {}
            // Escapes and padding take the next character literally.
            '\\' | '_' | '*' => {
                chars.next();
            }
            // Only the positive section decides what a positive figure shows.
            ';' => break,
            _ => section.push(c),
        }
    }
    if section.to_ascii_lowercase().contains("general")
        || !section.chars().any(|c| matches!(c, '0' | '#' | '?'))
    {
        return None;
    }
    let decimals = match section.split_once('.') {
        Some((_, after)) => after
            .chars()
            .take_while(|c| matches!(c, '0' | '#' | '?'))
            .count(),
        None => 0,
    };
    Some((u32::try_from(decimals).ok()?, section.contains('%')))
}

/// Decimals of the shortest form of a value: 3020 → 0, 194580.11 → 2.
fn shortest_decimals(value: Decimal) -> u32 {
    value.normalize().scale()
}

// ---------------------------------------------------------------------------
// Figures and rates

/// A target, a completed count or a sum of money.
///
/// Text is read after NFKC with an optional sign, thousands separators
/// grouping by threes, a leading ¥ / ￥ and a trailing 元 or 万元 (kept in
/// 万元: 934.57万元 is 934.57); any other text (50万, 1,35, 12%) is
/// Unreadable rather than guessed at.
pub fn parse_figure(value: &Value, number_format: Option<&str>) -> Parsed<Figure> {
    match value {
        Value::Empty => Parsed::Missing,
        Value::Number(n) => {
            let Some(exact) = decimal_from_f64(*n) else {
                return Parsed::Unreadable(value.to_string());
            };
            let decimals = match number_format.and_then(format_decimals) {
                // A percent format shows the value ×100: two more decimals of the value itself.
                Some((decimals, true)) => decimals + 2,
                Some((decimals, false)) => decimals,
                None => shortest_decimals(exact),
            };
            Parsed::Ok(Figure {
                value: exact,
                decimals,
                written: Written::default(),
            })
        }
        Value::Text(text) => {
            if is_missing_text(text) {
                return Parsed::Missing;
            }
            match parse_text_number(text, true) {
                Some(n) => Parsed::Ok(Figure {
                    value: n.value,
                    decimals: n.decimals,
                    written: n.written,
                }),
                None => Parsed::Unreadable(text.clone()),
            }
        }
        Value::Bool(_) | Value::Date(_) | Value::Error(_) => Parsed::Unreadable(value.to_string()),
    }
}

/// Percent points (104) as a fraction (1.04), exactly.
fn points_to_fraction(points: Decimal) -> Decimal {
    let mut fraction = points;
    match fraction.set_scale(points.scale() + 2) {
        Ok(()) => fraction,
        // Beyond 28 decimals the division rounds in the last place, far below any shown digit.
        Err(_) => points / Decimal::ONE_HUNDRED,
    }
}

/// A fraction (1.04) in percent points (104), exactly where it fits.
fn fraction_to_points(fraction: Decimal) -> Decimal {
    if fraction.scale() >= 2 {
        let mut points = fraction;
        if points.set_scale(fraction.scale() - 2).is_ok() {
            return points;
        }
    }
    // Saturates only beyond ±7.9e26, a "rate" no cell holds; formatting must not panic on it.
    fraction
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(if fraction.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
}

/// More decimals than this in a percentage means a cached formula result, not something typed.
const MAX_TYPED_PERCENT_DECIMALS: u32 = 4;
/// What a spreadsheet usually shows for a computed percentage.
const DEFAULT_PERCENT_DECIMALS: u32 = 2;

fn cap_percent_decimals(decimals: u32) -> u32 {
    if decimals > MAX_TYPED_PERCENT_DECIMALS {
        DEFAULT_PERCENT_DECIMALS
    } else {
        decimals
    }
}

/// A bare number in a rate column: a fraction (1.037) or, above 10, percent points (103.7).
///
/// `shown` is how many decimals the number shows (its format, its text, or its shortest form).
fn rate_from_bare(value: Decimal, shown: u32, format_known: bool, written: Written) -> Rate {
    let ten = Decimal::TEN;
    let (fraction, percent_decimals) = if value > ten {
        (points_to_fraction(value), shown)
    } else {
        (value, shown.saturating_sub(2))
    };
    Rate {
        fraction,
        percent_decimals: if format_known {
            percent_decimals
        } else {
            cap_percent_decimals(percent_decimals)
        },
        written,
    }
}

/// A completion rate: "103.70%" as text, or a number read through its format.
///
/// Any rate held as text, percent sign or not, has `written.as_text` set.
/// A bare number without a percent format is percent points above 10 and a
/// fraction otherwise, so a real rate of 1000% or more needs its format or sign.
pub fn parse_rate(value: &Value, number_format: Option<&str>) -> Parsed<Rate> {
    match value {
        Value::Empty => Parsed::Missing,
        Value::Number(n) => {
            let Some(exact) = decimal_from_f64(*n) else {
                return Parsed::Unreadable(value.to_string());
            };
            Parsed::Ok(match number_format.and_then(format_decimals) {
                Some((decimals, true)) => Rate {
                    fraction: exact,
                    percent_decimals: decimals,
                    written: Written::default(),
                },
                Some((decimals, false)) => {
                    rate_from_bare(exact, decimals, true, Written::default())
                }
                None => rate_from_bare(exact, shortest_decimals(exact), false, Written::default()),
            })
        }
        Value::Text(text) => {
            if is_missing_text(text) {
                return Parsed::Missing;
            }
            let normalized = nfkc(text.trim());
            let trimmed = normalized.trim();
            if let Some(points) = trimmed.strip_suffix('%') {
                return match parse_text_number(points, false) {
                    Some(n) => Parsed::Ok(Rate {
                        fraction: points_to_fraction(n.value),
                        percent_decimals: n.decimals,
                        written: Written {
                            full_width: has_full_width_numerals(text),
                            ..n.written
                        },
                    }),
                    None => Parsed::Unreadable(text.clone()),
                };
            }
            match parse_text_number(text, false) {
                Some(n) => Parsed::Ok(rate_from_bare(n.value, n.decimals, false, n.written)),
                None => Parsed::Unreadable(text.clone()),
            }
        }
        Value::Bool(_) | Value::Date(_) | Value::Error(_) => Parsed::Unreadable(value.to_string()),
    }
}

/// A rate in a column whose header names percent as its unit ("完成率(%)",
/// "达成率%"): a bare number, or text without a percent sign, is percent
/// points whatever its size (8 is 8%, 103.7 is 103.7%). A percent format or
/// a written sign still says what the cell holds.
pub fn parse_rate_points(value: &Value, number_format: Option<&str>) -> Parsed<Rate> {
    let points = |n: Decimal, shown: u32, format_known: bool, written: Written| Rate {
        fraction: points_to_fraction(n),
        percent_decimals: if format_known {
            shown
        } else {
            cap_percent_decimals(shown)
        },
        written,
    };
    match value {
        Value::Number(n) => {
            let Some(exact) = decimal_from_f64(*n) else {
                return Parsed::Unreadable(value.to_string());
            };
            match number_format.and_then(format_decimals) {
                Some((_, true)) => parse_rate(value, number_format),
                Some((decimals, false)) => {
                    Parsed::Ok(points(exact, decimals, true, Written::default()))
                }
                None => Parsed::Ok(points(
                    exact,
                    shortest_decimals(exact),
                    false,
                    Written::default(),
                )),
            }
        }
        Value::Text(text) if !is_missing_text(text) && !nfkc(text.trim()).ends_with('%') => {
            match parse_text_number(text, false) {
                Some(n) => Parsed::Ok(points(n.value, n.decimals, false, n.written)),
                None => Parsed::Unreadable(text.clone()),
            }
        }
        _ => parse_rate(value, number_format),
    }
}

/// Rounds half away from zero: 0.5 → 1, -0.5 → -1, 2/3 → 0.67. The one rounding of the project.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// The fraction as a percentage with exactly `percent_decimals` decimals: 1.0769… → "107.69%".
pub fn format_percent(fraction: Decimal, percent_decimals: u32) -> String {
    let mut points = positive_zero(round_half_up(
        fraction_to_points(fraction),
        percent_decimals,
    ));
    // Pads trailing zeros so 1 at 2 decimals reads "100.00%", as the cell would.
    points.rescale(percent_decimals);
    format!("{points}%")
}

/// The value without exponent or padding zeros: 3020.00 → "3020", 0.50 → "0.5".
pub fn format_figure(value: Decimal) -> String {
    positive_zero(value.normalize()).to_string()
}

/// The exact decimal that Rust's `{}` prints for the f64 (its shortest round-trip form).
///
/// None for NaN, infinities, and values outside what a Decimal holds
/// (beyond ±7.9e28, or needing more than 28 decimals, such as 1e-30).
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    // Whole numbers below 2^53 are exact in both types: skip the text round trip, the common case by far.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        return Some(positive_zero(Decimal::from(value as i64)));
    }
    if let Some(few) = few_decimals(value) {
        return Some(positive_zero(few));
    }
    Decimal::from_str_exact(&value.to_string())
        .ok()
        .map(positive_zero)
}

/// The shortest form of a value below 10⁹ with at most six decimals (a rate
/// written 1.0402, money 934.57), without the text round trip: the first
/// scale `s` at which `m / 10^s` is the value again, `m` the nearest whole
/// number to `value × 10^s`. Both are exact in an f64 and the division is
/// correctly rounded, so it gives back the value exactly when the decimal
/// does; and at these sizes the decimals 10^-s apart are farther apart than
/// the values that round to one f64, so at most one decimal per scale does.
/// That is what `{}` prints: the shortest decimal that reads back as the value.
fn few_decimals(value: f64) -> Option<Decimal> {
    const POWERS: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    if value.abs() >= 1e9 {
        return None;
    }
    for (scale, power) in POWERS.iter().enumerate() {
        let m = (value * power).round();
        if m / power == value {
            return Some(Decimal::new(m as i64, scale as u32));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Ticks

/// Yes: √ ✓ ✔ ☑ 是 1 Y yes; No: blank, dashes, / × ✗ ✘ 否 无 0 N no; a TRUE/FALSE checkbox cell as it says.
pub fn parse_tick(value: &Value) -> Tick {
    match value {
        Value::Empty => Tick::No,
        Value::Bool(true) => Tick::Yes,
        Value::Bool(false) => Tick::No,
        Value::Number(n) if *n == 1.0 => Tick::Yes,
        Value::Number(n) if *n == 0.0 => Tick::No,
        Value::Text(text) => {
            if is_missing_text(text) {
                return Tick::No;
            }
            let normalized = nfkc(text.trim());
            match normalized.trim().to_lowercase().as_str() {
                "√" | "✓" | "✔" | "☑" | "是" | "1" | "y" | "yes" => Tick::Yes,
                "×" | "✗" | "✘" | "否" | "0" | "n" | "no" => Tick::No,
                _ => Tick::Unknown(text.clone()),
            }
        }
        Value::Number(_) | Value::Date(_) | Value::Error(_) => Tick::Unknown(value.to_string()),
    }
}

/// The key a mark is compared by: NFKC, trimmed, lower case ("Ｖ " and "v" are one mark).
pub fn tick_key(text: &str) -> String {
    nfkc(text.trim()).trim().to_lowercase()
}

/// Tick marks a sheet defines in its own words ("√或V表示是，O表示否",
/// "注：“√”表示已到岗，“×”表示未到岗", "说明：1=是 0=否", "打V为有，打O为无").
///
/// A legend extends the built-in marks for the sheet it is written on (it never
/// changes what a built-in mark means). A mark the legend gives both readings is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickLegend {
    /// (mark key, reading), one entry per mark.
    marks: Vec<(String, Tick)>,
}

/// Characters a legend's mark is written with: symbols, latin letters, digits (not ideographs, not separators).
const LEGEND_MARK: &str = r#"[^\p{Han}\s,;:=/、。()\[\]{}<>|]{1,3}"#;

static LEGEND: LazyLock<Regex> = LazyLock::new(|| {
    let mark = format!(r"(?:打|用|以|填|画|标|写)?\s*{LEGEND_MARK}");
    Regex::new(&format!(
        r"(?P<marks>{mark}(?:\s*(?:或|、|/|和|及|,|or)\s*{mark})*)\s*(?:的)?\s*(?:分别)?(?:表示|代表|即为|即|为|=|:|指)\s*(?P<meaning>[^\s,;。]{{1,12}})"
    ))
    .expect("constant legend pattern")
});
static LEGEND_MARK_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(LEGEND_MARK).expect("constant legend mark pattern"));

/// What a legend's explanation says: yes (是, 有, 已到岗, 已发放) or no (否, 无, 未到岗).
fn legend_meaning(meaning: &str) -> Option<Tick> {
    const NO: [char; 9] = ['否', '无', '未', '没', '不', '非', '缺', '离', '停'];
    const YES: [char; 11] = [
        '是', '有', '已', '在', '到', '购', '发', '缴', '参', '出', '正',
    ];
    if meaning.chars().any(|c| NO.contains(&c)) {
        Some(Tick::No)
    } else if meaning.chars().any(|c| YES.contains(&c))
        || matches!(meaning.to_lowercase().as_str(), "yes" | "y")
    {
        Some(Tick::Yes)
    } else {
        None
    }
}

impl TickLegend {
    /// The marks a text defines; empty when it defines none.
    pub fn read(text: &str) -> TickLegend {
        let cleaned: String = nfkc(text)
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '『' | '』' | '《' | '》'
                )
            })
            .collect();
        let mut legend = TickLegend::default();
        for caps in LEGEND.captures_iter(&cleaned) {
            let (Some(marks), Some(meaning)) = (caps.name("marks"), caps.name("meaning")) else {
                continue;
            };
            let keys: Vec<String> = LEGEND_MARK_TOKEN
                .find_iter(marks.as_str())
                .map(|m| tick_key(m.as_str()))
                // A lone "or" joins marks; it is not one.
                .filter(|k| !k.is_empty() && k != "or")
                .collect();
            // "V/O分别表示是/否": one meaning per mark, in order.
            let meanings: Vec<&str> = meaning
                .as_str()
                .split(['/', '、', '和', '与'])
                .filter(|m| !m.is_empty())
                .collect();
            let readings: Vec<Option<Tick>> = if meanings.len() > 1 && meanings.len() == keys.len()
            {
                meanings.iter().map(|m| legend_meaning(m)).collect()
            } else if meanings.len() > 1
                && meanings
                    .iter()
                    .any(|m| legend_meaning(m) == Some(Tick::Yes))
                && meanings.iter().any(|m| legend_meaning(m) == Some(Tick::No))
            {
                // Both readings for marks that cannot be paired: no reading.
                continue;
            } else {
                vec![legend_meaning(meaning.as_str()); keys.len()]
            };
            for (key, tick) in keys.into_iter().zip(readings) {
                if let Some(tick) = tick {
                    legend.add(key, tick);
                }
            }
        }
        legend
    }

    fn add(&mut self, key: String, tick: Tick) {
        match self.marks.iter().position(|(k, _)| *k == key) {
            Some(i) if self.marks[i].1 != tick => self.marks[i].1 = Tick::Unknown(key),
            Some(_) => {}
            None => self.marks.push((key, tick)),
        }
    }

    /// Adds another legend's marks (a sheet with several notes).
    pub fn extend(&mut self, other: TickLegend) {
        for (key, tick) in other.marks {
            self.add(key, tick);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.marks
            .iter()
            .all(|(_, t)| matches!(t, Tick::Unknown(_)))
    }

    /// Every mark the legend reads, by key, with its reading.
    pub fn marks(&self) -> impl Iterator<Item = (&str, &Tick)> {
        self.marks
            .iter()
            .filter(|(_, t)| !matches!(t, Tick::Unknown(_)))
            .map(|(k, t)| (k.as_str(), t))
    }

    /// The reading a legend gives a mark, if it gives one.
    pub fn get(&self, text: &str) -> Option<&Tick> {
        let key = tick_key(text);
        self.marks
            .iter()
            .find(|(k, t)| *k == key && !matches!(t, Tick::Unknown(_)))
            .map(|(_, t)| t)
    }
}

/// A tick read with the built-in marks, then the sheet's legend for a mark they do not know.
///
/// The built-in marks keep their meaning whatever a note says: a stray
/// "1为第一片区" must never turn every 1 into something else.
pub fn parse_tick_with(value: &Value, legend: &TickLegend) -> Tick {
    match parse_tick(value) {
        Tick::Unknown(text) => legend.get(&text).cloned().unwrap_or(Tick::Unknown(text)),
        known => known,
    }
}

// ---------------------------------------------------------------------------
// Dates, periods, months

/// year, separator, month, separator, day; separators are checked after matching.
const DATE_PATTERN: &str = r"(\d{4})\s*([./\-年])\s*(\d{1,2})\s*([./\-月])\s*(\d{1,2})(?:\s*日)?";

// The patterns are constants; the tests exercise every one, so `expect` cannot fire at run time.
static DATE_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(DATE_PATTERN).expect("constant date pattern"));
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{DATE_PATTERN}\s*[.。]?$")).expect("constant date pattern")
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    let date = DATE_PATTERN;
    Regex::new(&format!(
        r"^(?:{date})\s*(?:[-‐‑‒–—―─~〜至到]+)\s*(?:{date})\s*止?\s*[.。]?$"
    ))
    .expect("constant period pattern")
});
static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4}|\d{2})\s*(?:年度?|[./\-])\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月份?)?$",
    )
    .expect("constant month pattern")
});
static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}|[一二三四五六七八九十]{1,3}|正)\s*月份?$")
        .expect("constant month pattern")
});

/// The date in captures `first..first + 5` of a date pattern match, if real and consistently separated.
fn date_from_captures(caps: &regex::Captures<'_>, first: usize) -> Option<Ymd> {
    let field = |i: usize| caps.get(first + i).map(|m| m.as_str());
    let (sep1, sep2) = (field(1)?, field(3)?);
    // "2023年6月10日" or one punctuation mark throughout; "2023.6-10" is not a date anyone writes.
    let consistent = (sep1 == "年" && sep2 == "月") || (sep1 == sep2 && sep1 != "年");
    if !consistent {
        return None;
    }
    let year: i32 = field(0)?.parse().ok()?;
    if !PLAUSIBLE_YEARS.contains(&year) {
        return None;
    }
    Ymd::new(year, field(2)?.parse().ok()?, field(4)?.parse().ok()?)
}

/// A date-only cell: an Excel date, a whole number in the serial range of
/// 1954–2119 (20000..80000), or text such as "2023.6.10", "2023-06-10",
/// "2023/6/10", "2023年6月10日" (a trailing full stop allowed).
pub fn parse_date(value: &Value) -> Option<Ymd> {
    match value {
        Value::Date(serial) => Ymd::from_excel_serial(*serial),
        // A fractional number is a figure (45087.68 yuan), not a date typed as a serial.
        Value::Number(n) if n.fract() == 0.0 && (20_000.0..80_000.0).contains(n) => {
            Ymd::from_excel_serial(*n)
        }
        Value::Text(text) => {
            let normalized = nfkc(text.trim());
            let caps = DATE_ONLY.captures(normalized.trim())?;
            date_from_captures(&caps, 1)
        }
        _ => None,
    }
}

/// Every date written inside free text, with its byte range in `text`.
///
/// "2023.12.1调至华洲街社工站" gives 2023-12-01 at 0..9. Full-width digits are
/// read too; the range then covers the original full-width characters.
pub fn find_dates(text: &str) -> Vec<(Ymd, Range<usize>)> {
    // Normalize one character at a time so each normalized byte maps back to its source character.
    let mut normalized = String::with_capacity(text.len());
    let mut source: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let before = normalized.len();
        normalized.extend(std::iter::once(c).nfkc());
        let span = start..start + c.len_utf8();
        source.extend(std::iter::repeat_n(span, normalized.len() - before));
    }
    let mut dates = Vec::new();
    for caps in DATE_ANYWHERE.captures_iter(&normalized) {
        let Some(whole) = caps.get(0) else { continue };
        // Digits glued on either side mean a longer number, not a date ("12023.6.101").
        let glued_before = normalized[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
        let glued_after = normalized[whole.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
        if glued_before || glued_after {
            continue;
        }
        let (Some(first), Some(last)) = (source.get(whole.start()), source.get(whole.end() - 1))
        else {
            continue;
        };
        if let Some(date) = date_from_captures(&caps, 1) {
            dates.push((date, first.start..last.end));
        }
    }
    dates
}

const DEPARTURE_WORDS: [(&str, DepartureKind); 9] = [
    ("离职", DepartureKind::Left),
    ("辞职", DepartureKind::Left),
    ("离岗", DepartureKind::Left),
    ("退出", DepartureKind::Left),
    ("辞退", DepartureKind::Left),
    ("调至", DepartureKind::Transferred),
    ("调往", DepartureKind::Transferred),
    ("调离", DepartureKind::Transferred),
    ("调到", DepartureKind::Transferred),
];

/// Words that tie a date to someone starting, so that date is never taken for a departure.
const ARRIVAL_WORDS: [&str; 6] = ["入职", "到岗", "入岗", "上岗", "返聘", "调入"];

/// Characters between two byte ranges, in either order.
fn gap_chars(text: &str, a: &Range<usize>, b: &Range<usize>) -> Option<usize> {
    let between = if a.end <= b.start {
        text.get(a.end..b.start)?
    } else if b.end <= a.start {
        text.get(b.end..a.start)?
    } else {
        return Some(0);
    };
    Some(between.chars().count())
}

/// The departure a roster note records: "2023.6.10离职", "2023.12.1调至华洲街社工站",
/// "离职日期：2023.6.10".
///
/// Each departure word takes its nearest date (the one before it on a tie),
/// skipping dates nearer to an arrival word (入职, 到岗, 调入, …). With
/// several departures the earliest wins, as the person stopped working here
/// then. A date with no departure word ("2023.12.1.赤岗街社工站") and
/// 退休返聘 are not departures.
pub fn departure(text: &str) -> Option<(Ymd, DepartureKind)> {
    let dates = find_dates(text);
    if dates.is_empty() {
        return None;
    }
    let departures: Vec<(Range<usize>, DepartureKind)> = DEPARTURE_WORDS
        .iter()
        .flat_map(|&(word, kind)| {
            text.match_indices(word)
                .map(move |(at, w)| (at..at + w.len(), kind))
        })
        .collect();
    if departures.is_empty() {
        return None;
    }
    let arrivals: Vec<Range<usize>> = ARRIVAL_WORDS
        .iter()
        .flat_map(|word| text.match_indices(word).map(|(at, w)| at..at + w.len()))
        .collect();
    let nearest_gap = |span: &Range<usize>, words: &mut dyn Iterator<Item = &Range<usize>>| {
        words.filter_map(|w| gap_chars(text, span, w)).min()
    };
    let leaving_dates: Vec<&(Ymd, Range<usize>)> = dates
        .iter()
        .filter(|(_, span)| {
            let arrival = nearest_gap(span, &mut arrivals.iter());
            let leaving = nearest_gap(span, &mut departures.iter().map(|(r, _)| r));
            match (arrival, leaving) {
                (Some(a), Some(l)) => l <= a,
                (Some(_), None) => false,
                _ => true,
            }
        })
        .collect();
    departures
        .iter()
        .filter_map(|(word, kind)| {
            leaving_dates
                .iter()
                .filter_map(|(date, span)| {
                    let gap = gap_chars(text, span, word)?;
                    // On equal distance the date written before the word wins, as in "2023.6.10离职".
                    Some(((gap, span.start > word.start), *date))
                })
                .min()
                .map(|(_, date)| (date, *kind))
        })
        .min_by_key(|(date, _)| *date)
}

/// A contract period such as "2019.10.8-2026.5.30", "2019.10.8至2026.5.30" or
/// "2019年10月8日—2026年5月30日"; None unless both dates are real and start <= end.
pub fn parse_period(text: &str) -> Option<(Ymd, Ymd)> {
    let normalized = nfkc(text.trim());
    let caps = PERIOD.captures(normalized.trim())?;
    let start = date_from_captures(&caps, 1)?;
    let end = date_from_captures(&caps, 6)?;
    (start <= end).then_some((start, end))
}

/// The month for a month number, within the service year starting at `start`.
fn in_service_year(month: u32, start: YearMonth) -> Option<YearMonth> {
    let year = if month >= start.month {
        start.year
    } else {
        start.year + 1
    };
    YearMonth::new(year, month)
}

fn within_service_year(month: YearMonth, start: YearMonth) -> bool {
    (0..12).contains(&start.months_until(month))
}

/// A month header: "2023年6月", "2023.6", "2023-06", "2023/6", a date cell,
/// or "6月" placed in the service year beginning at `service_year_start`.
///
/// A number such as 2023.6 is read as year.month. Excel stores a typed
/// "2023.10" as 2023.1, so a number ending in .1 is January or October: it is
/// resolved only when exactly one of the two falls in the service year.
pub fn parse_month(value: &Value, service_year_start: Option<YearMonth>) -> Option<YearMonth> {
    match value {
        Value::Date(_) => parse_date(value).map(|d| d.year_month()),
        Value::Number(n) => month_from_number(*n, service_year_start),
        Value::Text(text) => {
            let normalized = nfkc(text.trim());
            let trimmed = normalized.trim();
            if let Some(caps) = YEAR_MONTH.captures(trimmed) {
                let written = caps.get(1)?.as_str();
                let mut year: i32 = written.parse().ok()?;
                let month = month_number(caps.get(2)?.as_str())?;
                let ideographic = !caps
                    .get(2)?
                    .as_str()
                    .starts_with(|c: char| c.is_ascii_digit());
                // "24年6月", "23.6": a two-digit year is this century's; "23.6" needs the month written in digits.
                if written.len() == 2 {
                    if year < 10 {
                        return None;
                    }
                    year += 2000;
                }
                if !PLAUSIBLE_YEARS.contains(&year) || (ideographic && !trimmed.contains('年')) {
                    return None;
                }
                return YearMonth::new(year, month);
            }
            if let Some(caps) = MONTH_ONLY.captures(trimmed) {
                let month = month_number(caps.get(1)?.as_str())?;
                return in_service_year(month, service_year_start?);
            }
            parse_date(value).map(|d| d.year_month())
        }
        _ => None,
    }
}

/// A month number in digits ("6", "06") or ideographs ("六", "十二", "正").
fn month_number(written: &str) -> Option<u32> {
    if let Ok(n) = written.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let digit = |c: char| {
        "一二三四五六七八九"
            .find(c)
            .map(|at| at / '一'.len_utf8() + 1)
    };
    let chars: Vec<char> = written.chars().collect();
    let n = match chars.as_slice() {
        ['正'] => 1,
        ['十'] => 10,
        ['十', d] => 10 + u32::try_from(digit(*d)?).ok()?,
        [d] => u32::try_from(digit(*d)?).ok()?,
        _ => return None,
    };
    (1..=12).contains(&n).then_some(n)
}

fn month_from_number(n: f64, service_year_start: Option<YearMonth>) -> Option<YearMonth> {
    let exact = decimal_from_f64(n)?;
    if exact.fract().is_zero() {
        if (Decimal::ONE..=Decimal::from(12)).contains(&exact) {
            let month = u32::try_from(exact.mantissa()).ok()?;
            return in_service_year(month, service_year_start?);
        }
        return parse_date(&Value::Number(n)).map(|d| d.year_month());
    }
    let shown = format_figure(exact);
    let (year, month) = shown.split_once('.')?;
    let mut year: i32 = year.parse().ok()?;
    // 23.6 typed in a month header: the year in two digits.
    if (10..100).contains(&year) {
        year += 2000;
    }
    if !PLAUSIBLE_YEARS.contains(&year) {
        return None;
    }
    match month {
        "1" => {
            let start = service_year_start?;
            let january = YearMonth { year, month: 1 };
            let october = YearMonth { year, month: 10 };
            match (
                within_service_year(january, start),
                within_service_year(october, start),
            ) {
                (true, false) => Some(january),
                (false, true) => Some(october),
                _ => None,
            }
        }
        m if m.len() <= 2 => YearMonth::new(year, m.parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test literal")
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn ymd(year: i32, month: u32, day: u32) -> Ymd {
        Ymd { year, month, day }
    }

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn figure(value: &Value, format: Option<&str>) -> Figure {
        match parse_figure(value, format) {
            Parsed::Ok(f) => f,
            other => panic!("{value:?} should be a figure, got {other:?}"),
        }
    }

    fn rate(value: &Value, format: Option<&str>) -> Rate {
        match parse_rate(value, format) {
            Parsed::Ok(r) => r,
            other => panic!("{value:?} should be a rate, got {other:?}"),
        }
    }

    const BLANKS: [&str; 13] = [
        "", "   ", "—", "——", "-", "--", "/", "－", "―", "无", " — ", "／", "\u{3000}",
    ];

    // ---- decimal_from_f64

    #[test]
    fn decimal_from_f64_is_the_shortest_display_form() {
        assert_eq!(decimal_from_f64(1.037), Some(dec("1.037")));
        assert_eq!(
            decimal_from_f64(0.1 + 0.2).map(|d| d.to_string()),
            Some("0.30000000000000004".to_string())
        );
        assert_eq!(decimal_from_f64(3020.0).map(|d| d.scale()), Some(0));
        assert_eq!(decimal_from_f64(-12.5), Some(dec("-12.5")));
        assert_eq!(decimal_from_f64(1e21), Some(dec("1000000000000000000000")));
        let zero = decimal_from_f64(-0.0).expect("zero");
        assert!(zero.is_zero() && !zero.is_sign_negative());
    }

    #[test]
    fn decimal_from_f64_rejects_what_a_decimal_cannot_hold() {
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(f64::INFINITY), None);
        assert_eq!(decimal_from_f64(f64::NEG_INFINITY), None);
        assert_eq!(decimal_from_f64(1e30), None);
        assert_eq!(decimal_from_f64(1e-30), None);
        assert_eq!(decimal_from_f64(5e-324), None);
    }

    // ---- parse_figure

    #[test]
    fn numbers_keep_their_shortest_decimals() {
        let f = figure(&Value::Number(3020.0), None);
        assert_eq!((f.value, f.decimals), (dec("3020"), 0));
        assert_eq!(f.written, Written::default());
        let f = figure(&Value::Number(194580.11), None);
        assert_eq!((f.value, f.decimals), (dec("194580.11"), 2));
        let f = figure(&Value::Number(0.1 + 0.2), Some("General"));
        assert_eq!((f.value, f.decimals), (dec("0.30000000000000004"), 17));
    }

    #[test]
    fn number_formats_set_the_decimals_shown() {
        assert_eq!(figure(&Value::Number(1350.0), Some("0.00")).decimals, 2);
        assert_eq!(figure(&Value::Number(1350.25), Some("#,##0")).decimals, 0);
        assert_eq!(
            figure(&Value::Number(1350.0), Some("#,##0.00_);[Red](#,##0.00)")).decimals,
            2
        );
        assert_eq!(figure(&Value::Number(0.5), Some("0.0%")).decimals, 3);
        assert_eq!(figure(&Value::Number(2.5), Some("\"元\"0.0")).decimals, 1);
        // Formats that fix no decimals fall back to the stored number.
        assert_eq!(figure(&Value::Number(2.25), Some("@")).decimals, 2);
        assert_eq!(figure(&Value::Number(2.25), Some("yyyy-mm-dd")).decimals, 2);
    }

    #[test]
    fn text_numbers_are_read_and_marked() {
        let f = figure(&text(" 1350 "), None);
        assert_eq!((f.value, f.decimals), (dec("1350"), 0));
        assert_eq!(
            f.written,
            Written {
                as_text: true,
                full_width: false,
                thousands: false
            }
        );

        let f = figure(&text("１３５０"), None);
        assert_eq!(f.value, dec("1350"));
        assert!(f.written.as_text && f.written.full_width && !f.written.thousands);

        for s in ["1,350", "1，350", "１，３５０"] {
            let f = figure(&text(s), None);
            assert_eq!(f.value, dec("1350"), "{s}");
            assert!(f.written.thousands, "{s}");
        }
        assert!(!figure(&text("1，350"), None).written.full_width);

        let f = figure(&text("1,350,000.50"), None);
        assert_eq!((f.value, f.decimals), (dec("1350000.5"), 2));

        let f = figure(&text("194580.10"), None);
        assert_eq!((f.value, f.decimals), (dec("194580.1"), 2));

        assert_eq!(figure(&text("+5"), None).value, dec("5"));
        let f = figure(&text("-12.50"), None);
        assert_eq!((f.value, f.decimals), (dec("-12.5"), 2));
        assert_eq!(figure(&text("－3"), None).value, dec("-3"));
        assert_eq!(figure(&text("−3"), None).value, dec("-3"));
        assert_eq!(figure(&text("500000元"), None).value, dec("500000"));
        assert_eq!(figure(&text("259,907.68 元"), None).value, dec("259907.68"));
        assert_eq!(figure(&text(".5"), None).value, dec("0.5"));
    }

    #[test]
    fn money_is_read_in_the_unit_it_is_written_in() {
        for (written, value, decimals) in [
            ("￥9,345,670", "9345670", 0),
            ("¥1,234.50", "1234.5", 2),
            ("¥ 1234.50", "1234.5", 2),
            ("9,345,670元", "9345670", 0),
            ("￥９，３４５，６７０", "9345670", 0),
            ("９３４．５７万元", "934.57", 2),
            // A 万元 figure stays in 万元: the column says so, and rescaling
            // would set it against its own target and total.
            ("934.57万元", "934.57", 2),
            ("934.57 万元", "934.57", 2),
            ("￥934.57万元", "934.57", 2),
            ("-￥100", "-100", 0),
        ] {
            let f = figure(&text(written), None);
            assert_eq!((f.value, f.decimals), (dec(value), decimals), "{written}");
            assert!(f.written.as_text, "{written}");
        }
        assert!(figure(&text("￥9,345,670"), None).written.thousands);
        assert!(
            figure(&text("￥９，３４５，６７０"), None)
                .written
                .full_width
        );
        // Money marks are for figures only: a rate is never money.
        assert!(matches!(
            parse_rate(&text("￥100%"), None),
            Parsed::Unreadable(_)
        ));
    }

    #[test]
    fn blanks_and_dashes_are_missing_figures() {
        assert_eq!(parse_figure(&Value::Empty, None), Parsed::Missing);
        for s in BLANKS {
            assert_eq!(parse_figure(&text(s), None), Parsed::Missing, "{s:?}");
        }
    }

    #[test]
    fn non_figures_are_unreadable_as_found() {
        for s in [
            "1,35", "13,50", "1,3500", ",350", "1.2.3", "12%", "50万", "约100", "1 350", "abc",
            "#DIV/0!", "元", "万元", "¥", "￥元", "+", "100人", "元100", "100¥", "¥¥100",
        ] {
            assert_eq!(
                parse_figure(&text(s), None),
                Parsed::Unreadable(s.to_string()),
                "{s}"
            );
        }
        assert_eq!(
            parse_figure(&Value::Bool(true), None),
            Parsed::Unreadable("TRUE".to_string())
        );
        assert_eq!(
            parse_figure(&Value::Error("#REF!".to_string()), None),
            Parsed::Unreadable("#REF!".to_string())
        );
        assert_eq!(
            parse_figure(&Value::Date(45087.0), None),
            Parsed::Unreadable("45087".to_string())
        );
        assert_eq!(
            parse_figure(&Value::Number(f64::NAN), None),
            Parsed::Unreadable("NaN".to_string())
        );
    }

    // ---- parse_rate

    #[test]
    fn text_percentages() {
        let r = rate(&text("103.70%"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 2));
        assert!(r.written.as_text && !r.written.full_width);
        let r = rate(&text("104%"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.04"), 0));
        let r = rate(&text("72.7%"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("0.727"), 1));
        let r = rate(&text(" 433 % "), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("4.33"), 0));
        let r = rate(&text("１０３．７０％"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 2));
        assert!(r.written.full_width);
        let r = rate(&text("103.70％"), None);
        assert!(r.written.full_width, "a full-width percent sign counts");
        let r = rate(&text("1,037.5%"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("10.375"), 1));
        assert!(r.written.thousands);
    }

    #[test]
    fn bare_text_rates_read_like_bare_numbers() {
        let r = rate(&text("103.70"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 2));
        assert!(r.written.as_text);
        let r = rate(&text("1.037"), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 1));
        let r = rate(&text("1.0769230769"), None);
        assert_eq!(r.percent_decimals, 2);
    }

    #[test]
    fn numbers_with_a_percent_format_are_fractions() {
        let r = rate(&Value::Number(1.037), Some("0.00%"));
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 2));
        assert_eq!(r.written, Written::default());
        let r = rate(&Value::Number(1.0769230769230769), Some("0%"));
        assert_eq!(r.percent_decimals, 0);
        // Even above 10: the format says it is a fraction (1500%).
        let r = rate(&Value::Number(15.0), Some("0.0%"));
        assert_eq!((r.fraction, r.percent_decimals), (dec("15"), 1));
    }

    #[test]
    fn numbers_with_a_plain_format_use_its_decimals() {
        let r = rate(&Value::Number(103.7), Some("0.00"));
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 2));
        let r = rate(&Value::Number(1.0369), Some("0.000"));
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.0369"), 1));
    }

    #[test]
    fn unformatted_numbers_above_ten_are_percent_points() {
        let r = rate(&Value::Number(104.0), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.04"), 0));
        let r = rate(&Value::Number(72.7), Some("General"));
        assert_eq!((r.fraction, r.percent_decimals), (dec("0.727"), 1));
        let r = rate(&Value::Number(107.692307692307), None);
        assert_eq!(r.percent_decimals, 2);
    }

    #[test]
    fn unformatted_numbers_up_to_ten_are_fractions() {
        let r = rate(&Value::Number(1.037), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1.037"), 1));
        let r = rate(&Value::Number(1.0), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("1"), 0));
        let r = rate(&Value::Number(0.5), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("0.5"), 0));
        let r = rate(&Value::Number(10.0), None);
        assert_eq!((r.fraction, r.percent_decimals), (dec("10"), 0));
        // A cached formula result shows as the usual two decimals.
        let r = rate(&Value::Number(1.0769230769230769), None);
        assert_eq!(
            (r.fraction, r.percent_decimals),
            (dec("1.0769230769230769"), 2)
        );
        assert_eq!(rate(&Value::Number(0.38916), None).percent_decimals, 3);
        assert_eq!(rate(&Value::Number(0.389161), None).percent_decimals, 4);
        assert_eq!(rate(&Value::Number(0.3891612), None).percent_decimals, 2);
    }

    #[test]
    fn rate_blanks_and_errors() {
        assert_eq!(parse_rate(&Value::Empty, None), Parsed::Missing);
        for s in BLANKS {
            assert_eq!(parse_rate(&text(s), None), Parsed::Missing, "{s:?}");
        }
        assert_eq!(
            parse_rate(&Value::Error("#DIV/0!".to_string()), Some("0.00%")),
            Parsed::Unreadable("#DIV/0!".to_string())
        );
        for s in ["#DIV/0!", "%", "abc%", "百分之百", "1,03%", "12.3.4%"] {
            assert_eq!(
                parse_rate(&text(s), None),
                Parsed::Unreadable(s.to_string()),
                "{s}"
            );
        }
        assert_eq!(
            parse_rate(&Value::Bool(false), None),
            Parsed::Unreadable("FALSE".to_string())
        );
        assert!(matches!(
            parse_rate(&Value::Date(45087.0), None),
            Parsed::Unreadable(_)
        ));
    }

    // ---- rounding and formatting

    #[test]
    fn rounding_is_half_away_from_zero() {
        let two_thirds = Decimal::TWO / Decimal::from(3) * Decimal::ONE_HUNDRED;
        assert_eq!(round_half_up(two_thirds, 2), dec("66.67"));
        assert_eq!(round_half_up(dec("0.5"), 0), dec("1"));
        assert_eq!(round_half_up(dec("-0.5"), 0), dec("-1"));
        assert_eq!(round_half_up(dec("2.5"), 0), dec("3"));
        assert_eq!(round_half_up(dec("1.005"), 2), dec("1.01"));
        assert_eq!(round_half_up(dec("-1.005"), 2), dec("-1.01"));
        assert_eq!(round_half_up(dec("0.125"), 2), dec("0.13"));
        assert_eq!(round_half_up(dec("0.1249999"), 2), dec("0.12"));
        assert_eq!(round_half_up(dec("-2.45"), 1), dec("-2.5"));
        assert_eq!(round_half_up(dec("7"), 2), dec("7"));
    }

    #[test]
    fn percentages_show_exactly_the_decimals_asked() {
        let phone = Decimal::from(700) / Decimal::from(650);
        assert_eq!(format_percent(phone, 2), "107.69%");
        assert_eq!(format_percent(Decimal::ONE, 2), "100.00%");
        assert_eq!(format_percent(Decimal::TWO / Decimal::from(3), 2), "66.67%");
        assert_eq!(format_percent(dec("1.04"), 0), "104%");
        assert_eq!(format_percent(dec("4.33"), 0), "433%");
        assert_eq!(format_percent(dec("0.727"), 1), "72.7%");
        assert_eq!(format_percent(dec("0.005"), 0), "1%");
        assert_eq!(format_percent(dec("-0.005"), 0), "-1%");
        assert_eq!(format_percent(dec("-0.00001"), 2), "0.00%");
        assert_eq!(
            format_percent(dec("194580.11") / dec("500000"), 2),
            "38.92%"
        );
        assert_eq!(
            format_percent(dec("19458011") / dec("500000"), 2),
            "3891.60%"
        );
        assert_eq!(
            format_percent(Decimal::MAX, 0),
            format!("{}%", Decimal::MAX)
        );
    }

    #[test]
    fn figures_print_plainly() {
        assert_eq!(format_figure(dec("3020")), "3020");
        assert_eq!(format_figure(dec("3020.00")), "3020");
        assert_eq!(format_figure(dec("194580.11")), "194580.11");
        assert_eq!(format_figure(dec("0.50")), "0.5");
        assert_eq!(format_figure(dec("-0.0")), "0");
        assert_eq!(format_figure(dec("1e21")), "1000000000000000000000");
        assert_eq!(format_figure(dec("-12.5")), "-12.5");
    }

    // ---- ticks

    #[test]
    fn yes_ticks() {
        for s in [
            "√", "✓", "✔", "☑", "是", "1", "１", "Y", "y", "yes", "YES", " √ ",
        ] {
            assert_eq!(parse_tick(&text(s)), Tick::Yes, "{s:?}");
        }
        assert_eq!(parse_tick(&Value::Number(1.0)), Tick::Yes);
        assert_eq!(parse_tick(&Value::Bool(true)), Tick::Yes);
    }

    #[test]
    fn no_ticks() {
        for s in [
            "", " ", "——", "—", "-", "–", "/", "×", "✗", "✘", "否", "0", "N", "n", "no", "No", "－",
        ] {
            assert_eq!(parse_tick(&text(s)), Tick::No, "{s:?}");
        }
        assert_eq!(parse_tick(&Value::Empty), Tick::No);
        assert_eq!(parse_tick(&Value::Number(0.0)), Tick::No);
        assert_eq!(parse_tick(&Value::Bool(false)), Tick::No);
    }

    #[test]
    fn other_ticks_are_unknown_as_found() {
        for s in ["√√", "?", "有", "X", "离职", "2"] {
            assert_eq!(parse_tick(&text(s)), Tick::Unknown(s.to_string()), "{s:?}");
        }
        assert_eq!(
            parse_tick(&Value::Number(2.0)),
            Tick::Unknown("2".to_string())
        );
        assert_eq!(
            parse_tick(&Value::Error("#N/A".to_string())),
            Tick::Unknown("#N/A".to_string())
        );
    }

    #[test]
    fn legends_extend_the_marks() {
        let legend = TickLegend::read("√或V表示是，O表示否");
        assert_eq!(legend.get("V"), Some(&Tick::Yes));
        assert_eq!(legend.get("v"), Some(&Tick::Yes));
        assert_eq!(legend.get("Ｖ"), Some(&Tick::Yes));
        assert_eq!(legend.get("√"), Some(&Tick::Yes));
        assert_eq!(legend.get("O"), Some(&Tick::No));
        assert_eq!(legend.get("X"), None);
        let legend = TickLegend::read("注：“√”表示已到岗，“×”表示未到岗");
        assert_eq!(legend.get("√"), Some(&Tick::Yes));
        assert_eq!(legend.get("×"), Some(&Tick::No));
        let legend = TickLegend::read("说明：1=是 0=否");
        assert_eq!(legend.get("1"), Some(&Tick::Yes));
        assert_eq!(legend.get("0"), Some(&Tick::No));
        let legend = TickLegend::read("打V为有，打O为无");
        assert_eq!(legend.get("V"), Some(&Tick::Yes));
        assert_eq!(legend.get("O"), Some(&Tick::No));
        let legend = TickLegend::read(
            "备注：人员、社保、工资栏中“○”代表当月在岗、已购买社保、已发放工资，“△”代表无。",
        );
        assert_eq!(legend.get("○"), Some(&Tick::Yes));
        assert_eq!(legend.get("△"), Some(&Tick::No));
        let legend = TickLegend::read("V/O分别表示是/否");
        assert_eq!(
            (legend.get("V"), legend.get("O")),
            (Some(&Tick::Yes), Some(&Tick::No))
        );
        let legend = TickLegend::read("（V=已发放，O=未发放）");
        assert_eq!(
            (legend.get("V"), legend.get("O")),
            (Some(&Tick::Yes), Some(&Tick::No))
        );
        let legend = TickLegend::read("标“V”的为在岗");
        assert_eq!(legend.get("V"), Some(&Tick::Yes));
        // Three marks, two meanings: nothing can be paired.
        assert!(TickLegend::read("V/O/X表示是/否").is_empty());
        let legend = TickLegend::read("A或B表示已发放；C表示未发放");
        assert_eq!(
            (legend.get("a"), legend.get("b"), legend.get("c")),
            (Some(&Tick::Yes), Some(&Tick::Yes), Some(&Tick::No))
        );
    }

    #[test]
    fn texts_that_are_not_legends() {
        for s in [
            "2023.6.10离职",
            "社工到岗情况统计表",
            "项目服务采购周期：2023年5月31日至2024年5月30日",
            "协议要求社工岗位19个",
            "X表示",
        ] {
            assert!(TickLegend::read(s).is_empty(), "{s:?}");
        }
        // A mark given both readings is no reading.
        let legend = TickLegend::read("V表示是，V表示否");
        assert_eq!(legend.get("V"), None);
    }

    #[test]
    fn ticks_read_with_a_legend() {
        let legend = TickLegend::read("V表示是，O表示否");
        assert_eq!(parse_tick_with(&text("V"), &legend), Tick::Yes);
        assert_eq!(parse_tick_with(&text(" o "), &legend), Tick::No);
        assert_eq!(parse_tick_with(&text("√"), &legend), Tick::Yes);
        assert_eq!(parse_tick_with(&Value::Empty, &legend), Tick::No);
        assert_eq!(
            parse_tick_with(&text("?"), &legend),
            Tick::Unknown("?".to_string())
        );
        assert_eq!(
            parse_tick_with(&text("V"), &TickLegend::default()),
            Tick::Unknown("V".to_string())
        );
        // A note never turns a built-in mark around.
        let stray = TickLegend::read("1为否");
        assert_eq!(parse_tick_with(&Value::Number(1.0), &stray), Tick::Yes);
        assert_eq!(parse_tick_with(&text("1"), &stray), Tick::Yes);
    }

    // ---- dates

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(Ymd::from_excel_serial(1.0), Some(ymd(1900, 1, 1)));
        assert_eq!(Ymd::from_excel_serial(59.0), Some(ymd(1900, 2, 28)));
        assert_eq!(Ymd::from_excel_serial(60.0), None);
        assert_eq!(Ymd::from_excel_serial(61.0), Some(ymd(1900, 3, 1)));
        assert_eq!(Ymd::from_excel_serial(45087.0), Some(ymd(2023, 6, 10)));
        assert_eq!(Ymd::from_excel_serial(45351.0), Some(ymd(2024, 2, 29)));
        assert_eq!(Ymd::from_excel_serial(2_958_465.0), Some(ymd(9999, 12, 31)));
        assert_eq!(Ymd::from_excel_serial(0.0), None);
        assert_eq!(Ymd::from_excel_serial(-5.0), None);
        assert_eq!(Ymd::from_excel_serial(f64::NAN), None);
        assert_eq!(ymd(2023, 6, 10).excel_serial(), 45087);
        assert_eq!(ymd(1900, 1, 1).excel_serial(), 1);
        assert_eq!(ymd(1900, 3, 1).excel_serial(), 61);
    }

    #[test]
    fn date_cells_and_serial_numbers() {
        assert_eq!(parse_date(&Value::Date(45087.0)), Some(ymd(2023, 6, 10)));
        assert_eq!(parse_date(&Value::Date(45087.75)), Some(ymd(2023, 6, 10)));
        assert_eq!(parse_date(&Value::Date(60.0)), None);
        assert_eq!(parse_date(&Value::Number(45261.0)), Some(ymd(2023, 12, 1)));
        assert_eq!(parse_date(&Value::Number(1350.0)), None);
        assert_eq!(parse_date(&Value::Number(80_000.0)), None);
        assert_eq!(parse_date(&Value::Number(45087.68)), None);
        assert_eq!(parse_date(&Value::Bool(true)), None);
        assert_eq!(parse_date(&Value::Empty), None);
    }

    #[test]
    fn date_texts() {
        for s in [
            "2023.6.10",
            "2023-06-10",
            "2023/6/10",
            "2023年6月10日",
            "2023年06月10",
            " 2023.6.10. ",
            "2023 . 6 . 10",
            "２０２３．６．１０",
            "2023年6月10日。",
        ] {
            assert_eq!(parse_date(&text(s)), Some(ymd(2023, 6, 10)), "{s:?}");
        }
        assert_eq!(parse_date(&text("2024.2.29")), Some(ymd(2024, 2, 29)));
    }

    #[test]
    fn impossible_or_mixed_dates_are_rejected() {
        for s in [
            "2023.2.29",
            "2023.13.1",
            "2023.0.5",
            "2023.6.0",
            "2023.6.31",
            "2023.6.10离职",
            "2023.6-10",
            "2023年6.10",
            "2023.6",
            "23.6.10",
            "1066.10.14",
            "",
            "日期",
        ] {
            assert_eq!(parse_date(&text(s)), None, "{s:?}");
        }
    }

    #[test]
    fn dates_inside_notes() {
        assert_eq!(find_dates("2023.6.10离职"), vec![(ymd(2023, 6, 10), 0..9)]);
        assert_eq!(
            find_dates("2023.12.1调至华洲街社工站"),
            vec![(ymd(2023, 12, 1), 0..9)]
        );
        assert_eq!(
            find_dates("2023.12.1.赤岗街社工站"),
            vec![(ymd(2023, 12, 1), 0..9)]
        );
        let note = "于2023年6月10日离职，2024-01-05返聘";
        let found = find_dates(note);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, ymd(2023, 6, 10));
        assert_eq!(&note[found[0].1.clone()], "2023年6月10日");
        assert_eq!(found[1].0, ymd(2024, 1, 5));
        assert_eq!(&note[found[1].1.clone()], "2024-01-05");

        let wide = "备注：２０２３．６．１０离职";
        let found = find_dates(wide);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, ymd(2023, 6, 10));
        assert_eq!(&wide[found[0].1.clone()], "２０２３．６．１０");

        assert_eq!(
            find_dates("2019.10.8-2026.5.30")
                .into_iter()
                .map(|(d, _)| d)
                .collect::<Vec<_>>(),
            vec![ymd(2019, 10, 8), ymd(2026, 5, 30)]
        );
    }

    #[test]
    fn notes_without_real_dates() {
        assert!(find_dates("退休返聘").is_empty());
        assert!(find_dates("12023.6.10").is_empty());
        assert!(find_dates("2023.6.101").is_empty());
        assert!(find_dates("2023.2.30离职").is_empty());
        assert!(find_dates("电话13800138000").is_empty());
    }

    #[test]
    fn departures_from_notes() {
        let left = DepartureKind::Left;
        let moved = DepartureKind::Transferred;
        assert_eq!(departure("2023.6.10离职"), Some((ymd(2023, 6, 10), left)));
        assert_eq!(departure("2023.6.10 辞职"), Some((ymd(2023, 6, 10), left)));
        assert_eq!(departure("2023.6.10离岗"), Some((ymd(2023, 6, 10), left)));
        assert_eq!(departure("2023.6.10退出"), Some((ymd(2023, 6, 10), left)));
        assert_eq!(
            departure("离职日期：2023.6.10"),
            Some((ymd(2023, 6, 10), left))
        );
        assert_eq!(
            departure("2023.12.1调至华洲街社工站"),
            Some((ymd(2023, 12, 1), moved))
        );
        for word in ["调往", "调离", "调到"] {
            assert_eq!(
                departure(&format!("2023.12.1{word}华洲街")),
                Some((ymd(2023, 12, 1), moved)),
                "{word}"
            );
        }
        assert_eq!(
            departure("调至华洲街社工站（2023年12月1日起）"),
            Some((ymd(2023, 12, 1), moved))
        );
    }

    #[test]
    fn departures_skip_arrival_dates() {
        let left = DepartureKind::Left;
        assert_eq!(
            departure("2023.3.1入职，2023.6.10离职"),
            Some((ymd(2023, 6, 10), left))
        );
        assert_eq!(
            departure("入职2023.3.1，离职2023.6.10"),
            Some((ymd(2023, 6, 10), left))
        );
        assert_eq!(departure("2023.3.1入职，已离职"), None);
        assert_eq!(
            departure("2023.5.1补发工资，2023.6.10离职"),
            Some((ymd(2023, 6, 10), left))
        );
        // Two departures: the earlier is when the person stopped working here.
        assert_eq!(
            departure("2023.9.1离职；2023.6.10调至华洲街"),
            Some((ymd(2023, 6, 10), DepartureKind::Transferred))
        );
    }

    #[test]
    fn notes_that_are_not_departures() {
        assert_eq!(departure("退休返聘"), None);
        assert_eq!(departure("2023.6.1退休返聘"), None);
        assert_eq!(departure("2023.12.1.赤岗街社工站"), None);
        assert_eq!(departure("2023.12.1调入"), None);
        assert_eq!(departure("离职"), None);
        assert_eq!(departure(""), None);
    }

    #[test]
    fn contract_periods() {
        let expected = Some((ymd(2019, 10, 8), ymd(2026, 5, 30)));
        for s in [
            "2019.10.8-2026.5.30",
            "2019.10.8—2026.5.30",
            "2019.10.8——2026.5.30",
            "2019.10.8至2026.5.30",
            "2019.10.8~2026.5.30",
            "2019.10.8～2026.5.30",
            "2019.10.8到2026.5.30",
            "2019.10.8–2026.5.30",
            "2019年10月8日-2026年5月30日",
            "2019年10月8日至2026年5月30日止",
            " 2019.10.8 - 2026.5.30 ",
            "2019-10-08-2026-05-30",
            "2019/10/8-2026/5/30",
            "２０１９．１０．８－２０２６．５．３０",
        ] {
            assert_eq!(parse_period(s), expected, "{s:?}");
        }
    }

    #[test]
    fn bad_contract_periods() {
        for s in [
            "2026.5.30-2019.10.8",
            "2019.10.8-2026.2.30",
            "2019.10.8",
            "2019.10.8-",
            "长期",
            "2019.10.8-2026.5.30离职",
            "",
        ] {
            assert_eq!(parse_period(s), None, "{s:?}");
        }
        let same_day = ymd(2023, 6, 1);
        assert_eq!(
            parse_period("2023.6.1-2023.6.1"),
            Some((same_day, same_day))
        );
    }

    #[test]
    fn month_headers() {
        for s in [
            "2023年6月",
            "2023.6",
            "2023-06",
            "2023/6",
            "2023年06月",
            "2023年6月份",
            " 2023年\n6月 ",
            "２０２３年６月",
            "2023.6.1",
        ] {
            assert_eq!(parse_month(&text(s), None), Some(ym(2023, 6)), "{s:?}");
        }
        assert_eq!(parse_month(&text("2023.10"), None), Some(ym(2023, 10)));
        assert_eq!(parse_month(&text("2023.1"), None), Some(ym(2023, 1)));
        assert_eq!(parse_month(&Value::Date(45087.0), None), Some(ym(2023, 6)));
        assert_eq!(
            parse_month(&Value::Number(45261.0), None),
            Some(ym(2023, 12))
        );
    }

    #[test]
    fn months_in_every_form_people_write() {
        let start = Some(ym(2023, 6));
        for s in [
            "2023年6月",
            "23年6月",
            "2023.6",
            "2023.06",
            "23.6",
            "2023-06",
            "23-06",
            "2023/6",
            "2023年6月份",
            "2023年六月",
            "23年6月份",
            "6月",
            "六月",
            "六月份",
            "2023-06-15",
            "2023年6月30日",
        ] {
            assert_eq!(parse_month(&text(s), start), Some(ym(2023, 6)), "{s:?}");
        }
        assert_eq!(parse_month(&text("24年6月"), None), Some(ym(2024, 6)));
        assert_eq!(parse_month(&text("十二月"), start), Some(ym(2023, 12)));
        assert_eq!(parse_month(&text("十一月份"), start), Some(ym(2023, 11)));
        assert_eq!(parse_month(&text("正月"), start), Some(ym(2024, 1)));
        assert_eq!(parse_month(&text("二月"), start), Some(ym(2024, 2)));
        // A date cell on any day of the month is that month.
        assert_eq!(parse_month(&Value::Date(45100.0), None), Some(ym(2023, 6)));
        assert_eq!(parse_month(&Value::Date(45107.0), None), Some(ym(2023, 6)));
    }

    #[test]
    fn bare_months_need_the_service_year() {
        let start = Some(ym(2023, 6));
        assert_eq!(parse_month(&text("6月"), start), Some(ym(2023, 6)));
        assert_eq!(parse_month(&text("12月"), start), Some(ym(2023, 12)));
        assert_eq!(parse_month(&text("5月"), start), Some(ym(2024, 5)));
        assert_eq!(parse_month(&text("1月份"), start), Some(ym(2024, 1)));
        assert_eq!(parse_month(&Value::Number(5.0), start), Some(ym(2024, 5)));
        assert_eq!(parse_month(&text("6月"), None), None);
        assert_eq!(parse_month(&Value::Number(6.0), None), None);
    }

    #[test]
    fn months_stored_as_numbers() {
        assert_eq!(parse_month(&Value::Number(2023.6), None), Some(ym(2023, 6)));
        assert_eq!(
            parse_month(&Value::Number(2023.12), None),
            Some(ym(2023, 12))
        );
        assert_eq!(
            parse_month(&Value::Number(2023.05), None),
            Some(ym(2023, 5))
        );
        // 2023.1 may be a typed "2023.10": only the service year can tell.
        assert_eq!(parse_month(&Value::Number(2023.1), None), None);
        assert_eq!(
            parse_month(&Value::Number(2023.1), Some(ym(2023, 6))),
            Some(ym(2023, 10))
        );
        assert_eq!(
            parse_month(&Value::Number(2023.1), Some(ym(2022, 6))),
            Some(ym(2023, 1))
        );
        assert_eq!(parse_month(&Value::Number(2023.1), Some(ym(2023, 1))), None);
        assert_eq!(parse_month(&Value::Number(2023.13), None), None);
        assert_eq!(parse_month(&Value::Number(2023.123), None), None);
        assert_eq!(parse_month(&Value::Number(1350.5), None), None);
        assert_eq!(parse_month(&Value::Number(23.6), None), Some(ym(2023, 6)));
        assert_eq!(parse_month(&Value::Number(24.12), None), Some(ym(2024, 12)));
        assert_eq!(parse_month(&Value::Number(5.5), None), None);
    }

    #[test]
    fn bad_month_headers() {
        let start = Some(ym(2023, 6));
        for s in [
            "13月",
            "0月",
            "2023年13月",
            "2023.0",
            "2023年",
            "人员",
            "",
            "十三月",
            "5.6",
            "2023六月",
        ] {
            assert_eq!(parse_month(&text(s), start), None, "{s:?}");
        }
        assert_eq!(parse_month(&Value::Bool(true), start), None);
        assert_eq!(parse_month(&Value::Number(13.0), start), None);
    }

    #[test]
    fn calendar_helpers() {
        assert_eq!(ymd(2023, 6, 10).to_string(), "2023-06-10");
        assert_eq!(ym(2023, 6).to_string(), "2023年6月");
        assert_eq!(ym(2023, 6).next(), ym(2023, 7));
        assert_eq!(ym(2023, 12).next(), ym(2024, 1));
        assert_eq!(ymd(2023, 6, 10).year_month(), ym(2023, 6));
        assert!(ym(2023, 6).contains(ymd(2023, 6, 30)));
        assert!(!ym(2023, 6).contains(ymd(2024, 6, 1)));
        assert_eq!(ym(2023, 6).months_until(ym(2024, 5)), 11);
        assert_eq!(ym(2024, 5).months_until(ym(2023, 6)), -11);
        assert_eq!(ym(2024, 2).last_day(), ymd(2024, 2, 29));
        assert_eq!(ym(2023, 2).last_day(), ymd(2023, 2, 28));
        assert_eq!(ym(2023, 6).first_day(), ymd(2023, 6, 1));
        assert_eq!(Ymd::new(2023, 2, 29), None);
        assert_eq!(Ymd::new(2000, 2, 29), Some(ymd(2000, 2, 29)));
        assert_eq!(Ymd::new(1900, 2, 29), None);
        assert_eq!(YearMonth::new(2023, 13), None);
        assert!(ymd(2023, 6, 10) < ymd(2023, 12, 1));
    }

    // ---- properties

    fn with_thousands(plain: &str, separator: char) -> String {
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain),
        };
        let (int_part, frac_part) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut grouped = String::new();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(separator);
            }
            grouped.push(c);
        }
        match frac_part {
            Some(f) => format!("{sign}{grouped}.{f}"),
            None => format!("{sign}{grouped}"),
        }
    }

    fn full_width(plain: &str) -> String {
        plain
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
                '.' => '．',
                '-' => '－',
                ',' => '，',
                '%' => '％',
                _ => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn text_figures_parse_back_to_themselves(
            mantissa in -1_000_000_000_000_000i64..1_000_000_000_000_000i64,
            scale in 0u32..=6,
            form in 0usize..4,
        ) {
            let value = Decimal::new(mantissa, scale);
            let plain = value.to_string();
            let written = match form {
                0 => plain.clone(),
                1 => with_thousands(&plain, ','),
                2 => with_thousands(&plain, '，'),
                _ => full_width(&with_thousands(&plain, ',')),
            };
            let parsed = parse_figure(&Value::Text(written.clone()), None);
            let Parsed::Ok(f) = parsed else {
                panic!("{written:?} did not parse: {parsed:?}");
            };
            prop_assert_eq!(f.value, value);
            prop_assert_eq!(f.decimals, scale);
            prop_assert!(f.written.as_text);
            prop_assert_eq!(f.written.thousands, form > 0 && written.chars().any(|c| c == ',' || c == '，'));
            prop_assert_eq!(f.written.full_width, form == 3);
        }

        #[test]
        fn format_percent_round_trips_through_parse_rate(
            mantissa in -10_000_000_000i64..10_000_000_000i64,
            scale in 0u32..=10,
            percent_decimals in 0u32..=4,
        ) {
            let fraction = Decimal::new(mantissa, scale);
            let shown = format_percent(fraction, percent_decimals);
            let parsed = parse_rate(&Value::Text(shown.clone()), None);
            let Parsed::Ok(r) = parsed else {
                panic!("{shown:?} did not parse: {parsed:?}");
            };
            prop_assert_eq!(r.percent_decimals, percent_decimals);
            let points = round_half_up(fraction * Decimal::ONE_HUNDRED, percent_decimals);
            prop_assert_eq!(r.fraction * Decimal::ONE_HUNDRED, points);
            prop_assert_eq!(format_percent(r.fraction, r.percent_decimals), shown);
        }

        #[test]
        fn decimal_from_f64_prints_back_the_same_float(f in -1e15f64..1e15f64) {
            let exact = decimal_from_f64(f).expect("in range");
            let back: f64 = exact.to_string().parse().expect("a decimal literal");
            prop_assert_eq!(back, f);
        }

        #[test]
        fn few_decimals_is_the_text_round_trip(
            mantissa in -100_000_000_000i64..100_000_000_000i64,
            scale in 0u32..=9,
            bits in any::<u64>(),
        ) {
            // Values written with a few decimals (the fast path's case), and any float at all.
            let written: f64 = Decimal::new(mantissa, scale).to_string().parse().expect("a literal");
            for value in [written, f64::from_bits(bits)] {
                let slow = Decimal::from_str_exact(&value.to_string()).ok();
                if let Some(fast) = few_decimals(value) {
                    prop_assert_eq!(Some(fast), slow, "{}", value);
                    prop_assert_eq!(fast.scale(), slow.map_or(0, |d| d.scale()), "{}", value);
                }
            }
        }

        #[test]
        fn excel_serials_round_trip(serial in 1i64..=2_958_465) {
            prop_assume!(serial != 60);
            let date = Ymd::from_excel_serial(serial as f64).expect("valid serial");
            prop_assert_eq!(date.excel_serial(), serial);
            prop_assert_eq!(Ymd::new(date.year, date.month, date.day), Some(date));
        }

        #[test]
        fn months_read_back_in_every_form(
            year in 2010i32..2100,
            month in 1u32..=12,
            form in 0usize..12,
            day in 1u32..=28,
        ) {
            const CN: [&str; 12] = [
                "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
            ];
            let yy = year % 100;
            let cn = CN[month as usize - 1];
            let value = match form {
                0 => text(&format!("{year}年{month}月")),
                1 => text(&format!("{yy}年{month}月")),
                2 => text(&format!("{year}.{month}")),
                3 => text(&format!("{year}.{month:02}")),
                4 => text(&format!("{yy}.{month}")),
                5 => text(&format!("{year}-{month:02}")),
                6 => text(&format!("{year}/{month}")),
                7 => text(&format!("{year}年{month}月份")),
                8 => text(&format!("{year}年{cn}月")),
                9 => text(&format!("{year}-{month:02}-{day:02}")),
                10 => Value::Date(ymd(year, month, day).excel_serial() as f64),
                _ => text(&format!("{year}年{month}月{day}日")),
            };
            prop_assert_eq!(parse_month(&value, None), Some(ym(year, month)));
            // Bare months, in digits or ideographs, fall in the service year.
            let start = ym(year, 6);
            let expected = if month >= 6 { ym(year, month) } else { ym(year + 1, month) };
            prop_assert_eq!(parse_month(&text(&format!("{month}月")), Some(start)), Some(expected));
            prop_assert_eq!(parse_month(&text(&format!("{cn}月")), Some(start)), Some(expected));
        }

        #[test]
        fn written_dates_are_found_where_they_are(
            year in 1990i32..2100,
            month in 1u32..=12,
            day in 1u32..=28,
            style in 0usize..4,
        ) {
            let written = match style {
                0 => format!("{year}.{month}.{day}"),
                1 => format!("{year}-{month:02}-{day:02}"),
                2 => format!("{year}/{month}/{day}"),
                _ => format!("{year}年{month}月{day}日"),
            };
            let note = format!("备注{written}离职");
            let expected = ymd(year, month, day);
            prop_assert_eq!(parse_date(&Value::Text(written.clone())), Some(expected));
            prop_assert_eq!(find_dates(&note), vec![(expected, "备注".len().."备注".len() + written.len())]);
            prop_assert_eq!(departure(&note), Some((expected, DepartureKind::Left)));
        }
    }
}
