//! The batch summary (汇总): a row per file with its station, period, tables
//! and findings by severity and rule, and a ranking of the rules that fire most.
//!
//! Written as a workbook (汇总.xlsx: sheets 汇总 and 规则排行) and as JSON, so
//! an evaluator sees at a glance where a city's submissions go wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Url, Workbook};
use serde::Serialize;

use crate::batch::Outcome;
use crate::codes::{Rule, Severity};
use crate::error::Error;
use crate::report::corrected::{write_atomic, Failure};
use crate::station::Found;
use crate::Lang;

/// One file's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRow {
    pub path: String,
    pub station: Option<String>,
    /// Where the station was read: "content 附件1!A2" or "path".
    pub station_source: Option<String>,
    /// The month the figures run to, as 2024-05.
    pub period: Option<String>,
    pub period_source: Option<String>,
    pub tables: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings by rule code, only rules that fired.
    pub rules: BTreeMap<&'static str, usize>,
    /// The corrected workbook, relative to the summary's folder when it lies below it.
    pub corrected: Option<String>,
    /// Why the file could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A corrected workbook an earlier run wrote for this file, not updated
    /// because the file could not be read: out of date (and not removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<String>,
}

/// One rule's line of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    pub rule: &'static str,
    pub severity: &'static str,
    pub summary: &'static str,
    pub findings: usize,
    /// Files with at least one finding of the rule.
    pub files: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub files: Vec<FileRow>,
    /// Most findings first; ties by code.
    pub ranking: Vec<RuleRow>,
}

/// Builds the summary; links to corrected workbooks are made relative to `base` (the summary's folder).
pub fn build(outcomes: &[Outcome], base: Option<&Path>, lang: Lang) -> Summary {
    let mut counts: BTreeMap<Rule, (usize, usize)> = BTreeMap::new();
    let files = outcomes
        .iter()
        .map(|outcome| {
            let identity = &outcome.identity;
            let mut row = FileRow {
                path: outcome.input.path.display().to_string(),
                station: identity.station.as_ref().map(|s| s.value.clone()),
                station_source: source(identity.station.as_ref(), lang),
                period: identity
                    .period
                    .as_ref()
                    .map(|p| format!("{}-{:02}", p.value.year, p.value.month)),
                period_source: source(identity.period.as_ref(), lang),
                tables: 0,
                errors: 0,
                warnings: 0,
                infos: 0,
                rules: BTreeMap::new(),
                corrected: outcome.output.as_ref().map(|out| link(out, base)),
                error: None,
                stale: outcome.stale.as_ref().map(|out| link(out, base)),
            };
            match &outcome.result {
                Ok(report) => {
                    row.tables = report.tables.len();
                    let mut by_rule: BTreeMap<Rule, usize> = BTreeMap::new();
                    for finding in &report.findings {
                        match finding.severity() {
                            Severity::Error => row.errors += 1,
                            Severity::Warning => row.warnings += 1,
                            Severity::Info => row.infos += 1,
                        }
                        *by_rule.entry(finding.rule).or_default() += 1;
                    }
                    for (rule, n) in by_rule {
                        row.rules.insert(rule.code(), n);
                        let entry = counts.entry(rule).or_default();
                        entry.0 += n;
                        entry.1 += 1;
                    }
                }
                Err(error) => {
                    let mut message = error.message(lang);
                    if let Some(stale) = &row.stale {
                        message.push_str(&stale_note(stale, lang));
                    }
                    row.error = Some(message);
                }
            }
            row
        })
        .collect();
    let mut ranking: Vec<RuleRow> = counts
        .into_iter()
        .map(|(rule, (findings, files))| RuleRow {
            rule: rule.code(),
            severity: rule.severity().as_str(),
            summary: rule.summary(lang),
            findings,
            files,
        })
        .collect();
    ranking.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.rule.cmp(b.rule)));
    Summary { files, ranking }
}

/// Said after the error of a file whose earlier corrected workbook is still there.
pub fn stale_note(stale: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("；此前写出的更正后工作簿 {stale} 未更新，内容已过时（未删除）"),
        Lang::En => format!(
            "; the corrected workbook {stale} an earlier run wrote was not updated and is out of date (not removed)"
        ),
    }
}

fn source<T>(found: Option<&Found<T>>, lang: Lang) -> Option<String> {
    found.map(|f| f.source.label(lang))
}

fn link(out: &Path, base: Option<&Path>) -> String {
    let relative = base.and_then(|b| out.strip_prefix(b).ok()).unwrap_or(out);
    // Forward slashes: the link must work on the evaluator's machine, whatever wrote it.
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes the summary as JSON.
pub fn to_json(summary: &Summary) -> String {
    // Plain structs of strings and numbers always serialize.
    serde_json::to_string_pretty(summary).unwrap_or_default()
}

/// Writes `summary` to `path` (xlsx) and the same as JSON beside it (`path` with .json), each atomically.
pub fn write(summary: &Summary, path: &Path, lang: Lang) -> Result<(), Error> {
    let fail = |p: &Path, e: &dyn std::fmt::Display| Error::Write(p.to_path_buf(), e.to_string());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::WriteIo(path.to_path_buf(), e.kind()))?;
    let mut workbook = workbook(summary, lang).map_err(|e| fail(path, &e))?;
    write_atomic(path, |file| {
        workbook.save_to_writer(file).map_err(Failure::from)
    })?;
    write_atomic(&path.with_extension("json"), |file| {
        std::io::Write::write_all(file, to_json(summary).as_bytes()).map_err(Failure::from)
    })?;
    Ok(())
}

fn workbook(summary: &Summary, lang: Lang) -> Result<Workbook, rust_xlsxwriter::XlsxError> {
    let zh = lang == Lang::Zh;
    let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
    let mut book = Workbook::new();
    // Marked as hedui's own, so that a later check of the folder skips it.
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_custom_property(crate::read::SUMMARY_PROPERTY, "1"),
    );
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    // Every rule that fired anywhere gets a column, in registry order.
    let fired: Vec<&'static str> = Rule::ALL
        .iter()
        .map(|r| r.code())
        .filter(|code| summary.ranking.iter().any(|r| r.rule == *code))
        .collect();

    let sheet = book.add_worksheet();
    sheet.set_name(pick("汇总", "Summary"))?;
    let mut headers: Vec<&str> = vec![
        pick("文件", "File"),
        pick("站点", "Station"),
        pick("站点来源", "Station from"),
        pick("期间", "Period"),
        pick("期间来源", "Period from"),
        pick("表格数", "Tables"),
        pick("错误", "Errors"),
        pick("警告", "Warnings"),
        pick("提示", "Notes"),
    ];
    headers.extend(fired.iter().copied());
    headers.push(pick("更正后工作簿", "Corrected workbook"));
    headers.push(pick("无法核对的原因", "Could not be checked"));
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, row) in summary.files.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &row.path)?;
        let texts = [
            &row.station,
            &row.station_source,
            &row.period,
            &row.period_source,
        ];
        for (j, text) in texts.iter().enumerate() {
            if let Some(text) = text {
                sheet.write_string(r, j as u16 + 1, text)?;
            }
        }
        if row.error.is_none() {
            for (j, n) in [row.tables, row.errors, row.warnings, row.infos]
                .into_iter()
                .enumerate()
            {
                sheet.write_number(r, j as u16 + 5, n as f64)?;
            }
            for (j, code) in fired.iter().enumerate() {
                let n = row.rules.get(code).copied().unwrap_or(0);
                sheet.write_number(r, (9 + j) as u16, n as f64)?;
            }
        }
        let col = (9 + fired.len()) as u16;
        if let Some(corrected) = &row.corrected {
            sheet.write_url(
                r,
                col,
                Url::new(format!("file:///{corrected}")).set_text(corrected),
            )?;
        }
        if let Some(error) = &row.error {
            sheet.write_string(r, col + 1, error)?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(0, 40)?;
    sheet.autofilter(0, 0, summary.files.len() as u32, headers.len() as u16 - 1)?;

    let total_files = summary.files.len().max(1) as f64;
    let sheet = book.add_worksheet();
    sheet.set_name(pick("规则排行", "Rule ranking"))?;
    let headers = [
        pick("排名", "Rank"),
        pick("规则", "Rule"),
        pick("级别", "Severity"),
        pick("说明", "What it checks"),
        pick("发现数", "Findings"),
        pick("涉及文件数", "Files"),
        pick("占文件比例", "Share of files"),
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, row) in summary.ranking.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, r as f64)?;
        sheet.write_string(r, 1, row.rule)?;
        let severity = Rule::from_code(row.rule).map_or("", |r| r.severity().label(lang));
        sheet.write_string(r, 2, severity)?;
        sheet.write_string(r, 3, row.summary)?;
        sheet.write_number(r, 4, row.findings as f64)?;
        sheet.write_number(r, 5, row.files as f64)?;
        sheet.write_number_with_format(r, 6, row.files as f64 / total_files, &percent)?;
    }
    sheet.set_column_width(3, 50)?;
    Ok(book)
}
