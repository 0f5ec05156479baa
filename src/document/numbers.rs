//! Numbers as reports write them: Arabic digits (half- or full-width, with
//! thousands separators), Chinese numerals (二十一, 一百五十, 两千), and the
//! multipliers 万 and 亿 after either (240 万元, 1.2万).

use rust_decimal::Decimal;

/// Full-width digits and number punctuation as their ASCII forms; every other character unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        '，' => '，',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A digit of a Chinese numeral, plain or financial (壹贰叁).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// A place unit of a Chinese numeral below 万.
fn chinese_place(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// A multiplier written after a number: 万 (10⁴) or 亿 (10⁸).
pub fn multiplier(c: char) -> Option<Decimal> {
    match c {
        '万' => Some(Decimal::from(10_000)),
        '亿' => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// Whether a character can be part of a Chinese numeral.
pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_place(c).is_some() || multiplier(c).is_some()
}

/// The value of a Chinese numeral: 二十一 → 21, 一百零五 → 105, 十二 → 12,
/// 三千一百一十一 → 3111, 一万二千 → 12000, 二〇二四 → 2024 (digit by digit).
/// None when the characters do not form a numeral (万 alone, 十十).
pub fn chinese_value(text: &str) -> Option<Decimal> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // Digit by digit, as in years: 二〇二四.
    if chars.len() > 1 && chars.iter().all(|&c| chinese_digit(c).is_some()) {
        return chars.iter().try_fold(Decimal::ZERO, |acc, &c| {
            acc.checked_mul(Decimal::TEN)?
                .checked_add(Decimal::from(chinese_digit(c)?))
        });
    }
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut digit: Option<u32> = None;
    let mut last_place = u32::MAX;
    for &c in &chars {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                return None;
            }
            digit = if d == 0 { None } else { Some(d) };
        } else if let Some(place) = chinese_place(c) {
            // Places fall within a section: 二千三百, never 三百二千.
            if place >= last_place {
                return None;
            }
            last_place = place;
            // 十二: a leading 十 means one ten.
            let d = digit.take().unwrap_or(1);
            section += Decimal::from(d) * Decimal::from(place);
        } else if let Some(m) = multiplier(c) {
            section += Decimal::from(digit.take().unwrap_or(0));
            if section.is_zero() {
                return None;
            }
            total = total.checked_add(section.checked_mul(m)?)?;
            section = Decimal::ZERO;
            last_place = u32::MAX;
        } else {
            return None;
        }
    }
    section += Decimal::from(digit.unwrap_or(0));
    Some(total + section)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Option<Decimal> {
        Some(Decimal::from(n))
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_value("二十一"), d(21));
        assert_eq!(chinese_value("十二"), d(12));
        assert_eq!(chinese_value("十"), d(10));
        assert_eq!(chinese_value("一百零五"), d(105));
        assert_eq!(chinese_value("一百五十"), d(150));
        assert_eq!(chinese_value("两千三百"), d(2300));
        assert_eq!(chinese_value("三千一百一十一"), d(3111));
        assert_eq!(chinese_value("一万二千"), d(12000));
        assert_eq!(chinese_value("二十五万九千九百零七"), d(259907));
        assert_eq!(chinese_value("二〇二四"), d(2024));
        assert_eq!(chinese_value("贰拾壹"), d(21));
        assert_eq!(chinese_value("万"), None);
        assert_eq!(chinese_value("三百二千"), None);
        assert_eq!(chinese_value("一二十"), None);
    }

    #[test]
    fn full_width_digits_become_ascii() {
        let s: String = "２４０３．５％".chars().map(half_width).collect();
        assert_eq!(s, "2403.5%");
    }
}
