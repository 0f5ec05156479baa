//! CSV and tab-separated text (Excel's "Unicode 文本"): one sheet named after
//! the file. CSV has no types, so a plain number becomes a number and
//! everything else stays text.

use std::path::Path;

use crate::error::{Error, Limit};
use crate::read::text::{self, TextOptions};
use crate::read::Limits;
use crate::workbook::{CellRef, Sheet, Value};

/// Delimiters tried, in order of preference when two fit equally well.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Records looked at to guess the delimiter.
const SAMPLE_RECORDS: usize = 200;

pub(crate) fn read(
    path: &Path,
    bytes: &[u8],
    limits: Limits,
    options: TextOptions,
) -> Result<Sheet, Error> {
    let text = text::decode(bytes, options.encoding)
        .ok_or_else(|| Error::NotAWorkbook(path.to_path_buf()))?;
    let text = text.trim_start_matches('\u{feff}');
    // Excel's own hint on the first line ("sep=;"), which it reads and does not show.
    let (hinted, text) = match separator_hint(text) {
        Some((delimiter, rest)) => (Some(delimiter), rest),
        None => (None, text),
    };
    let delimiter = options
        .delimiter
        .or(hinted)
        .unwrap_or_else(|| guess_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Sheet1".to_string());
    let mut sheet = Sheet::new(name, 0, 0);
    let mut values = Vec::new();
    let mut cells: u64 = 0;
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::Corrupt(path.to_path_buf(), e.to_string()))?;
        for (col, field) in record.iter().enumerate() {
            cells += 1;
            if cells > limits.max_cells {
                return Err(Error::TooLarge(
                    path.to_path_buf(),
                    Limit::Cells {
                        sheet: sheet.name.clone(),
                        found: None,
                        limit: limits.max_cells,
                    },
                ));
            }
            if field.trim().is_empty() {
                continue;
            }
            values.push((CellRef::new(row as u32, col as u32), typed(field)));
        }
    }
    crate::read::fill(&mut sheet, values);
    Ok(sheet)
}

/// A first line `sep=X`: the delimiter X and the text after that line.
fn separator_hint(text: &str) -> Option<(u8, &str)> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let hint = first.trim_end_matches('\r').strip_prefix("sep=")?;
    match hint.as_bytes() {
        [d] if d.is_ascii() => Some((*d, rest)),
        _ => None,
    }
}

/// A field's value: a plain number is a number, anything else text.
pub(crate) fn typed(field: &str) -> Value {
    match plain_number(field) {
        Some(n) => Value::Number(n),
        None => Value::Text(field.to_string()),
    }
}

/// The delimiter that splits the most records into the same number of
/// fields (two or more), over the first records of the file. A title line
/// typed without padding commas is one field under every delimiter and
/// decides nothing; a tie keeps the earlier of `, \t ; |`.
pub(crate) fn guess_delimiter(text: &str) -> u8 {
    let mut best = (b',', (0usize, 0usize));
    for delimiter in DELIMITERS {
        let score = score(text, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// (records with the most common field count of two or more, records split at all).
fn score(text: &str, delimiter: u8) -> (usize, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut split = 0;
    for record in reader.records().take(SAMPLE_RECORDS) {
        let Ok(record) = record else {
            break;
        };
        if record.len() >= 2 {
            split += 1;
            *counts.entry(record.len()).or_default() += 1;
        }
    }
    (counts.values().copied().max().unwrap_or(0), split)
}

/// A field that is exactly an ASCII decimal number ("1350", "-2.5").
fn plain_number(field: &str) -> Option<f64> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    valid.then(|| field.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_line_does_not_decide_the_delimiter() {
        let text =
            "赤岗街社工站指标完成情况统计表\n片区,电访,入户\n片区1,1350,548\n片区2,1020,400\n";
        assert_eq!(guess_delimiter(text), b',');
        let tabs = text.replace(',', "\t");
        assert_eq!(guess_delimiter(&tabs), b'\t');
        let semis = text.replace(',', ";");
        assert_eq!(guess_delimiter(&semis), b';');
    }

    #[test]
    fn a_tie_keeps_the_comma() {
        // One comma and one semicolon on every line: nothing tells them apart.
        assert_eq!(guess_delimiter("a,b;c\nd,e;f\n"), b',');
    }

    #[test]
    fn thousands_separators_do_not_beat_tabs() {
        let text =
            "片区\t电访\t金额\n片区1\t1350\t1,234,567\n片区2\t1020\t12,345\n片区3\t650\t500\n";
        assert_eq!(guess_delimiter(text), b'\t');
    }

    #[test]
    fn excel_s_separator_hint_is_obeyed_and_not_read_as_a_row() {
        let path = Path::new("a.csv");
        let text = "sep=;\r\n片区;电访\r\n片区1;1,5\r\n";
        let sheet = read(
            path,
            text.as_bytes(),
            Limits::default(),
            TextOptions::default(),
        )
        .expect("reads");
        assert_eq!(sheet.at(0, 0).as_text(), Some("片区"));
        assert_eq!(sheet.at(1, 1).as_text(), Some("1,5"));
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(typed("1350"), Value::Number(1350.0));
        assert_eq!(typed("-2.5"), Value::Number(-2.5));
        assert_eq!(typed("103.70%"), Value::Text("103.70%".into()));
        assert_eq!(typed("1.2.3"), Value::Text("1.2.3".into()));
    }
}
