//! Properties over the public API, with modest case counts so CI stays fast:
//! a number written in any accepted form parses back to itself; header
//! normalization is idempotent; the corrected workbook, read back, holds
//! every non-empty input cell value. (values.rs and headers.rs hold further
//! properties of their internals.)

use std::str::FromStr;

use hedui::normalize::values::{self, Parsed};
use hedui::normalize::vocab;
use hedui::workbook::Value;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(128)
}

/// Groups the integer digits of a plain decimal literal by threes.
fn with_thousands(plain: &str, separator: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    match frac {
        Some(frac) => format!("{sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}"),
    }
}

/// ASCII digits, signs, point and comma as their full-width forms.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' | '-' | '+' | '%' => {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Every way a person or an office program writes the figure `value` in a cell.
fn written_forms(value: Decimal) -> Vec<(Value, Option<&'static str>)> {
    let plain = value.to_string();
    let mut forms = vec![
        (Value::Text(plain.clone()), None),
        (Value::Text(format!("  {plain}\t")), None),
        (Value::Text(with_thousands(&plain, ",")), None),
        (Value::Text(full_width(&plain)), None),
        (Value::Text(full_width(&with_thousands(&plain, ","))), None),
        (Value::Text(format!("{plain}元")), None),
        (
            Value::Text(format!("{}元", with_thousands(&plain, ","))),
            None,
        ),
    ];
    if !value.is_sign_negative() {
        forms.push((Value::Text(format!("+{plain}")), None));
    }
    // A number cell holds an f64: only figures it holds exactly belong here.
    if let Ok(n) = f64::from_str(&plain) {
        if Decimal::from_str(&format!("{n}")).ok() == Some(value.normalize()) {
            forms.push((Value::Number(n), None));
            forms.push((Value::Number(n), Some("#,##0.00")));
            forms.push((Value::Number(n), Some("0")));
        }
    }
    forms
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_figure_in_any_accepted_form_parses_back_to_itself(
        mantissa in -99_999_999_999i64..99_999_999_999i64,
        scale in 0u32..=4,
    ) {
        let value = Decimal::new(mantissa, scale);
        for (cell, format) in written_forms(value) {
            match values::parse_figure(&cell, format) {
                Parsed::Ok(figure) => prop_assert_eq!(figure.value, value, "{:?}", cell),
                other => prop_assert!(false, "{:?} ({:?}) gave {:?}", cell, format, other),
            }
        }
    }

    #[test]
    fn a_rate_in_any_accepted_form_parses_back_to_itself(
        basis_points in 0i64..100_000,
        decimals in 0u32..=2,
    ) {
        // A rate of 0% … 1000.00%, with the decimals it shows.
        let points = Decimal::new(basis_points, 2).round_dp(decimals);
        let fraction = points / Decimal::ONE_HUNDRED;
        let shown = format!("{:.*}", decimals as usize, points);
        let mut forms = vec![
            (Value::Text(format!("{shown}%")), None),
            (Value::Text(format!(" {shown} %")), None),
            (Value::Text(full_width(&format!("{shown}%"))), None),
        ];
        let percent_format = ["0%", "0.0%", "0.00%"][decimals as usize];
        if let Ok(n) = f64::from_str(&fraction.to_string()) {
            if Decimal::from_str(&format!("{n}")).ok() == Some(fraction.normalize()) {
                forms.push((Value::Number(n), Some(percent_format)));
            }
        }
        for (cell, format) in forms {
            match values::parse_rate(&cell, format) {
                Parsed::Ok(rate) => prop_assert_eq!(
                    rate.fraction.normalize(),
                    fraction.normalize(),
                    "{:?} ({:?})", cell, format
                ),
                other => prop_assert!(false, "{:?} ({:?}) gave {:?}", cell, format, other),
            }
        }
    }

    #[test]
    fn header_normalization_is_idempotent(
        header in "[ \t\r\n\u{3000}\u{200B}\u{FEFF}a-zA-Z0-9%()（）、，:：一-龥Ａ-Ｚ０-９％ｶﾞ\u{3099}\u{FF9E}]{0,30}",
    ) {
        let once = vocab::normalize(&header);
        let twice = vocab::normalize(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(!twice.changed, "{:?} changed again", once.text);
    }

    #[test]
    fn header_normalization_is_idempotent_on_any_text(header in any::<String>()) {
        let once = vocab::normalize(&header).text;
        prop_assert_eq!(vocab::normalize(&once).text, once);
    }
}

// ---------------------------------------------------------------------------
// The corrected workbook keeps every input value.

mod round_trip {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use calamine::{Data, Reader, Xlsx};
    use hedui::report::{workbook, FileReport};
    use hedui::workbook::{CellRef, Format, Sheet, Value, Workbook};
    use hedui::Lang;
    use proptest::prelude::*;

    /// Values as a cell holds them, hostile text included: leading = + - @,
    /// markup, quotes, line breaks, CJK.
    fn cell_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            2 => Just(Value::Empty),
            3 => "[=+\\-@]?[A-Za-z0-9 <>&\"'%一-龥\n]{1,12}".prop_map(Value::Text),
            2 => (-1_000_000i64..1_000_000, 0u32..3)
                .prop_map(|(m, s)| Value::Number(m as f64 / 10f64.powi(s as i32))),
            1 => any::<bool>().prop_map(Value::Bool),
        ]
    }

    /// Sheet names as operators type them, with the characters that need
    /// escaping in XML or quoting in references.
    fn sheet_name() -> impl Strategy<Value = String> {
        "[A-Za-z一-龥0-9 '&<>()（）]{1,20}".prop_filter("no leading or trailing apostrophe", |n| {
            !n.starts_with('\'') && !n.ends_with('\'') && !n.trim().is_empty()
        })
    }

    fn sheet() -> impl Strategy<Value = Sheet> {
        (sheet_name(), 1u32..8, 1u32..6).prop_flat_map(|(name, height, width)| {
            proptest::collection::vec(cell_value(), (height * width) as usize).prop_map(
                move |cells| {
                    let mut sheet = Sheet::new(name.clone(), height, width);
                    for (i, value) in cells.into_iter().enumerate() {
                        let cell = CellRef::new(i as u32 / width, i as u32 % width);
                        sheet.set(cell, value);
                    }
                    sheet
                },
            )
        })
    }

    fn workbook() -> impl Strategy<Value = Workbook> {
        proptest::collection::vec(sheet(), 1..3)
            .prop_filter("distinct sheet names", |sheets| {
                let mut names: Vec<String> = sheets.iter().map(|s| s.name.to_lowercase()).collect();
                names.sort();
                names.dedup();
                names.len() == sheets.len()
            })
            .prop_map(|sheets| Workbook {
                path: PathBuf::from("in.xlsx"),
                format: Format::Xlsx,
                sheets,
                generated: Vec::new(),
            })
    }

    fn read_back(data: &Data) -> Value {
        match data {
            Data::Empty => Value::Empty,
            Data::String(s) => Value::Text(s.clone()),
            Data::Float(f) => Value::Number(*f),
            Data::Int(i) => Value::Number(*i as f64),
            Data::Bool(b) => Value::Bool(*b),
            other => Value::Text(other.to_string()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn the_corrected_workbook_holds_every_input_value(input in workbook()) {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let out = dir.path().join("out.xlsx");
            let report = FileReport {
                path: input.path.clone(),
                tables: Vec::new(),
                findings: Vec::new(),
                data_sheets: Vec::new(),
                generated_sheets: Vec::new(),
            };
            workbook::write(&input, &report, &out, Lang::Zh).expect("written");
            let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("the output opens");
            for sheet in &input.sheets {
                let range = book.worksheet_range(&sheet.name).expect("the sheet is there");
                let formulas = book.worksheet_formula(&sheet.name).expect("its formulas");
                let formula_at: HashMap<(u32, u32), String> = formulas
                    .used_cells()
                    .filter(|(_, _, f)| !f.is_empty())
                    .map(|(r, c, f)| {
                        let (r0, c0) = formulas.start().unwrap_or((0, 0));
                        ((r0 + r as u32, c0 + c as u32), f.clone())
                    })
                    .collect();
                for (cell, value) in sheet.cells() {
                    if value.is_empty() {
                        continue;
                    }
                    let at = (cell.row, cell.col);
                    let found = range.get_value(at).map(read_back).unwrap_or_default();
                    prop_assert_eq!(&found, value, "{}!{}", sheet.name, cell);
                    // Text is never turned into a formula (formula injection).
                    prop_assert!(!formula_at.contains_key(&at), "{}!{} became a formula", sheet.name, cell);
                }
            }
        }
    }
}
