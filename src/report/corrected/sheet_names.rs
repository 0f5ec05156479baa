//! Sheet names Excel accepts: the input's kept where valid and free, the
//! generated ones sanitized and numbered (2), (3)… when taken.

use std::collections::HashSet;

use super::widths::{truncate_utf16, utf16_len};
use super::MAX_SHEET_NAME;
use crate::workbook::CellRef;

#[derive(Default)]
pub(super) struct SheetNames {
    /// Lower-cased, as Excel compares them.
    used: HashSet<String>,
}

impl SheetNames {
    pub(super) fn claim_input(&mut self, name: &str) -> String {
        if is_valid_sheet_name(name) && !self.used.contains(&name.to_lowercase()) {
            self.used.insert(name.to_lowercase());
            return name.to_string();
        }
        self.claim_generated(name)
    }

    /// A valid name not yet taken: the name sanitized, then suffixed (2), (3)…
    pub(super) fn claim_generated(&mut self, name: &str) -> String {
        let base = sanitize_sheet_name(name);
        let mut candidate = base.clone();
        let mut n = 2u32;
        while self.used.contains(&candidate.to_lowercase()) {
            let suffix = format!("({n})");
            let stem = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len());
            candidate = format!("{}{suffix}", stem.trim_end_matches('\''));
            n += 1;
        }
        self.used.insert(candidate.to_lowercase());
        candidate
    }
}

const INVALID_SHEET_CHARS: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];

fn is_valid_sheet_name(name: &str) -> bool {
    !name.is_empty()
        && utf16_len(name) <= MAX_SHEET_NAME
        && !name.contains(INVALID_SHEET_CHARS)
        && !name.starts_with('\'')
        && !name.ends_with('\'')
}

fn sanitize_sheet_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if INVALID_SHEET_CHARS.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cut = truncate_utf16(replaced.trim_matches('\''), MAX_SHEET_NAME);
    let cut = cut.trim_matches('\'');
    if cut.is_empty() {
        "Sheet".to_string()
    } else {
        cut.to_string()
    }
}

/// `internal:'Sheet name'!A1`, the name quoted with single quotes doubled.
pub(super) fn internal_link(sheet: &str, cell: CellRef) -> String {
    format!("internal:'{}'!{}", sheet.replace('\'', "''"), cell.a1())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::AUDIT_SHEET;
    use super::*;
    use crate::Lang;
    use calamine::Reader;

    #[test]
    fn sheet_names_obey_excel() {
        let mut names = SheetNames::default();
        assert_eq!(names.claim_input("Sheet1"), "Sheet1");
        assert_eq!(names.claim_input("sheet1"), "sheet1(2)");
        assert_eq!(names.claim_input("a/b:c*d?"), "a_b_c_d_");
        assert_eq!(names.claim_input("'quoted'"), "quoted");
        assert_eq!(names.claim_input(""), "Sheet");
        let long = "很长的工作表名称".repeat(5);
        let got = names.claim_input(&long);
        assert_eq!(utf16_len(&got), 31);
        let again = names.claim_generated(&long);
        assert!(again.ends_with("(2)") && utf16_len(&again) <= 31, "{again}");
        assert_eq!(names.claim_generated(AUDIT_SHEET), AUDIT_SHEET);
        assert_eq!(names.claim_generated(AUDIT_SHEET), "核对结果(2)");
        assert_eq!(names.claim_generated(AUDIT_SHEET), "核对结果(3)");
        assert_eq!(internal_link("O'Brien", c(7, 7)), "internal:'O''Brien'!H7");
    }

    #[test]
    fn sheets_keep_names_and_order_and_generated_ones_follow() {
        let (dir, _, _, out) = setup(Lang::Zh);
        let book = open(&out);
        assert_eq!(
            book.sheet_names(),
            vec![
                "指标",
                "核对结果",
                "Data_1_",
                "O'Brien",
                "规范化数据",
                "核对结果(2)"
            ]
        );
        // Only the output is left in the directory: no temporary file.
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, vec!["station.corrected.xlsx"]);
    }
}
