//! How wide text and numbers show (East Asian wide characters count double)
//! and how long text is as Excel counts it (UTF-16 units).

use super::{MAX_WIDTH, MIN_WIDTH};
use crate::workbook::Value;

/// Display width: East Asian wide characters count double.
pub(super) fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The width of the longest line of a text.
pub(super) fn text_width(s: &str) -> usize {
    s.lines().map(display_width).max().unwrap_or(0)
}

pub(super) fn number_width(n: f64, format: Option<&str>) -> usize {
    match format {
        Some(f) if f.contains('%') => format!("{:.2}%", n * 100.0).len(),
        Some(f) if f.contains("yy") || f.contains("dd") => 10,
        _ => format!("{n}").len().min(15),
    }
}

pub(super) fn value_width(v: &Value, format: Option<&str>) -> usize {
    match v {
        Value::Empty => 0,
        Value::Number(n) => number_width(*n, format),
        Value::Date(_) => 10,
        Value::Text(s) | Value::Error(s) => text_width(s),
        Value::Bool(_) => 5,
    }
}

pub(super) fn column_width(chars: usize) -> f64 {
    (chars as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH)
}

pub(super) fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` at most `max` UTF-16 units long (Excel counts so).
pub(super) fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(display_width("片区3"), 5);
        assert_eq!(text_width("ab\n片区片区"), 8);
        assert_eq!(column_width(200), MAX_WIDTH);
        assert_eq!(column_width(0), MIN_WIDTH);
    }
}
