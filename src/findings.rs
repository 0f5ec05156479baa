//! A finding: one rule's verdict on one cell, with its evidence, its message
//! in both languages and, for derived values, the correction to write.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::{Rule, Severity};
use crate::workbook::CellRef;
use crate::Lang;

/// Where a finding points: file, sheet and cell; or, in a written report,
/// file and paragraph (or page) with the sentence quoted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub sheet: String,
    pub cell: CellRef,
    /// Set for a place in a report (.docx, .pdf, .txt); `sheet` is then empty and `cell` A1, unused.
    pub report: Option<Box<ReportPlace>>,
}

/// A place in a written report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportPlace {
    /// 1-based paragraph number; None for the report as a whole.
    pub paragraph: Option<usize>,
    /// 1-based page, for a PDF.
    pub page: Option<u32>,
    /// The sentence, at most about 60 characters.
    pub quote: String,
}

impl ReportPlace {
    /// "第 33 段" / "第 2 页第 33 段" / "¶33", "p. 2 ¶33"; "全文" / "whole report" for the report as a whole.
    pub fn label(&self, lang: Lang) -> String {
        match (lang, self.page, self.paragraph) {
            (Lang::Zh, Some(p), Some(n)) => format!("第{p}页第{n}段"),
            (Lang::Zh, None, Some(n)) => format!("第{n}段"),
            (Lang::Zh, Some(p), None) => format!("第{p}页"),
            (Lang::Zh, None, None) => "全文".to_string(),
            (Lang::En, Some(p), Some(n)) => format!("p. {p} ¶{n}"),
            (Lang::En, None, Some(n)) => format!("¶{n}"),
            (Lang::En, Some(p), None) => format!("p. {p}"),
            (Lang::En, None, None) => "whole report".to_string(),
        }
    }
}

impl Location {
    pub fn new(file: &Path, sheet: &str, cell: CellRef) -> Self {
        Location {
            file: file.to_path_buf(),
            sheet: sheet.to_string(),
            cell,
            report: None,
        }
    }

    /// A place in a written report.
    pub fn in_report(file: &Path, place: ReportPlace) -> Self {
        Location {
            file: file.to_path_buf(),
            sheet: String::new(),
            cell: CellRef { row: 0, col: 0 },
            report: Some(Box::new(place)),
        }
    }

    /// The cell as A1 (for a message), or for a report its paragraph.
    pub fn a1_or_place(&self) -> String {
        match &self.report {
            Some(place) => place.label(Lang::Zh),
            None => self.cell.a1(),
        }
    }

    /// The cell as A1, or for a report its paragraph and quoted sentence.
    pub fn describe(&self, lang: Lang) -> String {
        match &self.report {
            Some(place) => format!("{}「{}」", place.label(lang), place.quote),
            None => self.cell.a1(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The corrected workbook holds the recomputed value.
    Corrected,
    /// The cell is highlighted and annotated, its value unchanged.
    Flagged,
    /// Nothing to do: a normalization that changes no meaning.
    None,
    /// Accepted as it is by a waiver of the project file (hedui.toml), with its reason.
    Waived,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Corrected => "corrected",
            Action::Flagged => "flagged",
            Action::None => "none",
            Action::Waived => "waived",
        }
    }

    /// The action as reports show it: 已更正 / 已标注 / 无, or corrected / flagged / none.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Action::Corrected, Lang::Zh) => "已更正",
            (Action::Flagged, Lang::Zh) => "已标注",
            (Action::None, Lang::Zh) => "无",
            (Action::Waived, Lang::Zh) => "已豁免",
            (a, Lang::En) => a.as_str(),
        }
    }
}

/// A message in both languages, built by the rule from its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A corrected cell's new value.
#[derive(Debug, Clone, PartialEq)]
pub enum Corrected {
    Number(Decimal),
    /// A name normalized from the gazetteer.
    Text(String),
}

/// What the corrected workbook writes in place of a wrong derived value or name.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// The recomputed value, cached in the cell.
    pub value: Corrected,
    /// A formula over the source cells (without `=`), so the workbook stays
    /// consistent when staff edit it.
    pub formula: Option<String>,
    /// The number format to show it with, e.g. `0.00%`.
    pub number_format: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub location: Location,
    /// The value as found, as a person would write it ("111.11%", "3000").
    pub found: String,
    /// The value expected, where there is one.
    pub expected: Option<String>,
    pub message: Message,
    /// Other cells the finding rests on (for cross-file findings, the cell in the other file).
    pub related: Vec<Location>,
    pub correction: Option<Correction>,
    /// The reason of the waiver (hedui.toml) that accepts this finding as it
    /// is: still reported, marked waived, never corrected nor counted.
    pub waived: Option<String>,
}

impl Finding {
    pub fn new(rule: Rule, location: Location, found: impl Into<String>, message: Message) -> Self {
        Finding {
            rule,
            location,
            found: found.into(),
            expected: None,
            message,
            related: Vec::new(),
            correction: None,
            waived: None,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn related(mut self, location: Location) -> Self {
        self.related.push(location);
        self
    }

    pub fn corrected(mut self, correction: Correction) -> Self {
        self.correction = Some(correction);
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    pub fn action(&self) -> Action {
        if self.waived.is_some() {
            Action::Waived
        } else if self.correction.is_some() {
            Action::Corrected
        } else if self.severity() == Severity::Info {
            Action::None
        } else {
            Action::Flagged
        }
    }
}

impl Finding {
    /// What was done, as reports show it; a waiver with its reason (已豁免：…).
    pub fn action_text(&self, lang: Lang) -> String {
        match (&self.waived, lang) {
            (Some(reason), Lang::Zh) => format!("已豁免：{reason}"),
            (Some(reason), Lang::En) => format!("waived: {reason}"),
            (None, _) => self.action().label(lang).to_string(),
        }
    }
}

/// Findings in reading order: by file, sheet, row, column, then rule.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.location.file,
            &a.location.sheet,
            a.location.cell.row,
            a.location.cell.col,
            a.rule,
        )
            .cmp(&(
                &b.location.file,
                &b.location.sheet,
                b.location.cell.row,
                b.location.cell.col,
                b.rule,
            ))
    });
}
