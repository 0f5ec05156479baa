//! Parse what people type into cells — numbers, rates, ticks, dates — into
//! exact decimals, remembering how each was written so checks can round as the cell shows.

use rust_decimal::Decimal;

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

pub fn parse_figure(_value: &Value, _number_format: Option<&str>) -> Parsed<Figure> {
    unimplemented!()
}

pub fn parse_rate(_value: &Value, _number_format: Option<&str>) -> Parsed<Rate> {
    unimplemented!()
}

pub fn round_half_up(_value: Decimal, _decimals: u32) -> Decimal {
    unimplemented!()
}

pub fn format_percent(_fraction: Decimal, _percent_decimals: u32) -> String {
    unimplemented!()
}

pub fn format_figure(_value: Decimal) -> String {
    unimplemented!()
}

pub fn decimal_from_f64(_value: f64) -> Option<Decimal> {
    unimplemented!()
}

pub fn parse_tick(_value: &Value) -> Tick {
    unimplemented!()
}

pub fn parse_date(_value: &Value) -> Option<Ymd> {
    unimplemented!()
}

pub fn parse_period(_text: &str) -> Option<(Ymd, Ymd)> {
    unimplemented!()
}

pub fn parse_month(_value: &Value, _service_year_start: Option<YearMonth>) -> Option<YearMonth> {
    unimplemented!()
}
