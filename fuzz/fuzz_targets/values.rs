//! The value parser on any text and any number format: it may call a cell
//! unreadable, never panic.
#![no_main]

use hedui::normalize::values;
use hedui::workbook::Value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first line, if there are two, is taken as a number format.
    let (format, cell) = match text.split_once('\n') {
        Some((format, cell)) => (Some(format), cell),
        None => (None, text.as_ref()),
    };
    let value = Value::Text(cell.to_string());
    let _ = values::parse_figure(&value, format);
    let _ = values::parse_rate(&value, format);
    let _ = values::parse_tick(&value);
    let _ = values::parse_date(&value);
    let _ = values::parse_period(cell);
    let _ = values::parse_month(&value, None);
    let _ = values::find_dates(cell);
    let _ = values::departure(cell);
    // Numbers too: any eight bytes are some f64, NaN and infinities included.
    if data.len() >= 8 {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&data[..8]);
        let number = Value::Number(f64::from_le_bytes(bytes));
        let _ = values::parse_figure(&number, format);
        let _ = values::parse_rate(&number, format);
        let _ = values::parse_date(&Value::Date(f64::from_le_bytes(bytes)));
        let _ = values::parse_month(&number, None);
    }
});
