//! The JSON report of `check --format json`. Other tools read it: fields are
//! only ever added, never renamed or removed.

use serde::Serialize;

use crate::error::Error;
use crate::findings::{Finding, Location};
use crate::report::{FileReport, TableSummary};
use crate::Lang;

/// The version of this report's shape: raised when a field is added, so a
/// reader can tell which fields to expect (fields are never renamed or removed).
/// 2: `tool`, `version`, `schema_version`, and `waived` on a finding.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
pub struct JsonReport<'a> {
    /// Always "hedui".
    pub tool: &'static str,
    /// The version of hedui that wrote the report (Cargo's package version).
    pub version: &'static str,
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    pub files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
pub struct JsonFile<'a> {
    pub path: String,
    pub tables: &'a [TableSummary],
    pub findings: Vec<JsonFinding<'a>>,
    /// Why the file could not be checked; absent when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the file was set aside unread (not a workbook by its name, a
    /// summary hedui wrote); absent when it was read or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Sheets hedui itself wrote into the file (a corrected workbook's), left out of the check.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub generated_sheets: &'a [String],
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    pub sheet: &'a str,
    /// The cell as A1; null for a finding in a written report.
    pub cell: Option<String>,
    /// For a finding in a written report: its paragraph (1-based; absent for the report as a whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// For a finding in a PDF report: its page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// For a finding in a written report: the sentence, quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<&'a str>,
    pub found: &'a str,
    pub expected: Option<&'a str>,
    pub action: &'static str,
    /// The reason of the waiver (hedui.toml) that accepts the finding; absent when none does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<&'a str>,
    pub message: &'a str,
    /// Other cells the finding rests on, in this or another file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonLocation>,
}

#[derive(Serialize)]
pub struct JsonLocation {
    pub file: String,
    pub sheet: String,
    /// Null for a place in a written report.
    pub cell: Option<String>,
    /// For a place in a written report: its paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl JsonLocation {
    fn of(location: &Location) -> Self {
        let place = location.report.as_deref();
        JsonLocation {
            file: location.file.display().to_string(),
            sheet: location.sheet.clone(),
            cell: place.is_none().then(|| location.cell.a1()),
            paragraph: place.and_then(|p| p.paragraph),
            page: place.and_then(|p| p.page),
        }
    }
}

impl<'a> JsonFinding<'a> {
    pub fn of(finding: &'a Finding, lang: Lang) -> Self {
        JsonFinding {
            rule: finding.rule.code(),
            severity: finding.severity().as_str(),
            sheet: &finding.location.sheet,
            cell: match &finding.location.report {
                Some(_) => None,
                None => Some(finding.location.cell.a1()),
            },
            paragraph: finding.location.report.as_ref().and_then(|p| p.paragraph),
            page: finding.location.report.as_ref().and_then(|p| p.page),
            sentence: finding
                .location
                .report
                .as_ref()
                .map(|p| p.quote.as_str())
                .filter(|q| !q.is_empty()),
            found: &finding.found,
            expected: finding.expected.as_deref(),
            action: finding.action().as_str(),
            waived: finding.waived.as_deref(),
            message: finding.message.get(lang),
            related: finding.related.iter().map(JsonLocation::of).collect(),
        }
    }
}

/// One entry per input, in input order: a report or the error that stopped it.
pub fn render(results: &[Result<FileReport, Error>], lang: Lang) -> String {
    render_from(results.iter().map(Result::as_ref), lang)
}

/// [`render`] from borrowed results (the page's, which keeps its files).
pub fn render_from<'a>(
    results: impl IntoIterator<Item = Result<&'a FileReport, &'a Error>>,
    lang: Lang,
) -> String {
    let files = results
        .into_iter()
        .map(|result| match result {
            Ok(report) => JsonFile {
                path: report.path.display().to_string(),
                tables: &report.tables,
                findings: report
                    .findings
                    .iter()
                    .map(|f| JsonFinding::of(f, lang))
                    .collect(),
                error: None,
                skipped: None,
                generated_sheets: &report.generated_sheets,
            },
            Err(error) => JsonFile {
                path: error.path().display().to_string(),
                tables: &[],
                findings: Vec::new(),
                error: (!error.is_skip()).then(|| error.message(lang)),
                skipped: error.is_skip().then(|| error.message(lang)),
                generated_sheets: &[],
            },
        })
        .collect();
    // Serializing plain structs of strings cannot fail.
    serde_json::to_string_pretty(&JsonReport {
        tool: "hedui",
        version: env!("CARGO_PKG_VERSION"),
        schema_version: SCHEMA_VERSION,
        files,
    })
    .unwrap_or_default()
}
