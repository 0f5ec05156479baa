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
    /// Findings a waiver of hedui.toml accepts (not counted in errors, warnings, infos).
    pub waived: usize,
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
    /// Every indicator figure of every file in long form (the workbook's
    /// 全市长表 and its charts; not in the JSON, which keeps its two members).
    #[serde(skip)]
    pub city: Vec<CityRow>,
}

/// One line of the city-wide long form: a station's figure for one
/// indicator on one line (district or total) of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct CityRow {
    pub station: Option<String>,
    pub period: Option<String>,
    pub file: String,
    pub district: String,
    pub total: bool,
    pub indicator: String,
    pub unit: Option<String>,
    pub target: Option<rust_decimal::Decimal>,
    pub done: Option<rust_decimal::Decimal>,
    pub stated: Option<rust_decimal::Decimal>,
    pub recomputed: Option<rust_decimal::Decimal>,
    /// The codes of the findings on its cells, e.g. "R001 T001".
    pub codes: String,
}

/// Builds the summary; links to corrected workbooks are made relative to `base` (the summary's folder).
pub fn build(outcomes: &[Outcome], base: Option<&Path>, lang: Lang) -> Summary {
    let rows = outcomes.iter().map(|outcome| Row {
        path: &outcome.input.path,
        identity: &outcome.identity,
        output: outcome.output.as_deref(),
        result: outcome.result.as_ref(),
        stale: outcome.stale.as_deref(),
        figures: &outcome.figures,
    });
    build_from(rows, base, lang)
}

/// What the summary reads of one file's outcome.
pub struct Row<'a> {
    pub path: &'a Path,
    pub identity: &'a crate::station::Identity,
    /// Its corrected workbook, where one was written.
    pub output: Option<&'a Path>,
    pub result: Result<&'a crate::report::FileReport, &'a Error>,
    /// A corrected workbook an earlier run left for it, now out of date.
    pub stale: Option<&'a Path>,
    /// Its indicator figures in long form, where they were kept.
    pub figures: &'a [crate::records::Figure],
}

/// [`build`] from borrowed outcomes (the page's, which keeps its files).
pub fn build_from<'a>(
    outcomes: impl IntoIterator<Item = Row<'a>>,
    base: Option<&Path>,
    lang: Lang,
) -> Summary {
    let mut counts: BTreeMap<Rule, (usize, usize)> = BTreeMap::new();
    let outcomes: Vec<Row<'a>> = outcomes.into_iter().collect();
    let files = outcomes
        .iter()
        .map(|outcome| {
            let identity = outcome.identity;
            let mut row = FileRow {
                path: outcome.path.display().to_string(),
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
                waived: 0,
                rules: BTreeMap::new(),
                corrected: outcome.output.map(|out| link(out, base)),
                error: None,
                stale: outcome.stale.map(|out| link(out, base)),
            };
            match outcome.result {
                Ok(report) => {
                    row.tables = report.tables.len();
                    let mut by_rule: BTreeMap<Rule, usize> = BTreeMap::new();
                    for finding in &report.findings {
                        match finding.severity() {
                            _ if finding.waived.is_some() => row.waived += 1,
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
    // Errors first, then warnings, then notes; each by how often it fires:
    // what goes wrong most leads, and a frequent note never hides an error.
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|(a, (a_findings, _)), (b, (b_findings, _))| {
        (b.severity(), b_findings, a.code()).cmp(&(a.severity(), a_findings, b.code()))
    });
    let ranking: Vec<RuleRow> = counts
        .into_iter()
        .map(|(rule, (findings, files))| RuleRow {
            rule: rule.code(),
            severity: rule.severity().as_str(),
            summary: rule.summary(lang),
            findings,
            files,
        })
        .collect();
    Summary {
        files,
        ranking,
        city: city_rows(&outcomes),
    }
}

/// The long form of every file's figures, with the codes of the findings on each figure's cells.
fn city_rows(outcomes: &[Row]) -> Vec<CityRow> {
    let mut rows = Vec::new();
    for outcome in outcomes {
        let Ok(report) = outcome.result else {
            continue;
        };
        let identity = outcome.identity;
        for figure in outcome.figures {
            let mut codes: Vec<&str> = report
                .findings
                .iter()
                .filter(|f| {
                    f.location.report.is_none()
                        && f.location.sheet == figure.sheet
                        && figure.cells.contains(&f.location.cell)
                })
                .map(|f| f.rule.code())
                .collect();
            codes.sort_unstable();
            codes.dedup();
            rows.push(CityRow {
                station: identity.station.as_ref().map(|s| s.value.clone()),
                period: identity
                    .period
                    .as_ref()
                    .map(|p| format!("{}-{:02}", p.value.year, p.value.month)),
                file: outcome.path.display().to_string(),
                district: figure.district.clone(),
                total: figure.total,
                indicator: figure.indicator.clone(),
                unit: figure.unit.clone(),
                target: figure.target,
                done: figure.done,
                stated: figure.stated,
                recomputed: figure.recomputed,
                codes: codes.join(" "),
            });
        }
    }
    rows
}

/// Most indicators charted on the 完成率图表 sheet (the most frequent first).
const CHARTED_INDICATORS: usize = 8;

/// The city-wide sheets of 汇总.xlsx: 全市长表 (every figure, long form) and
/// 完成率图表 (each station's completion rate by indicator, as a table and as
/// native bar charts, one per indicator). Every sheet prints landscape on
/// A4, one page wide, its header row repeated.
fn add_city_sheets(
    book: &mut Workbook,
    summary: &Summary,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_decimal::prelude::ToPrimitive;
    let zh = lang == Lang::Zh;
    let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
    let bold = Format::new().set_bold().set_text_wrap();
    let percent = Format::new().set_num_format("0.00%");
    let number = |d: Option<rust_decimal::Decimal>| d.and_then(|d| d.to_f64());

    let sheet = book.add_worksheet();
    let long_name = pick("全市长表", "City figures");
    sheet.set_name(long_name)?;
    let headers = [
        pick("站点", "Station"),
        pick("期间", "Period"),
        pick("片区", "District"),
        pick("指标", "Indicator"),
        pick("单位", "Unit"),
        pick("协议量", "Target"),
        pick("完成量", "Done"),
        pick("完成率(填报)", "Rate stated"),
        pick("完成率(核算)", "Rate recomputed"),
        pick("发现", "Findings"),
        pick("文件", "File"),
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, row) in summary.city.iter().enumerate() {
        let r = i as u32 + 1;
        let texts = [
            row.station.as_deref(),
            row.period.as_deref(),
            Some(row.district.as_str()),
            Some(&*row.indicator),
            row.unit.as_deref(),
        ];
        for (col, text) in texts.iter().enumerate() {
            if let Some(text) = text {
                sheet.write_string(r, col as u16, *text)?;
            }
        }
        for (col, value) in [(5, row.target), (6, row.done)] {
            if let Some(v) = number(value) {
                sheet.write_number(r, col, v)?;
            }
        }
        for (col, value) in [(7, row.stated), (8, row.recomputed)] {
            if let Some(v) = number(value) {
                sheet.write_number_with_format(r, col, v, &percent)?;
            }
        }
        if !row.codes.is_empty() {
            sheet.write_string(r, 9, &row.codes)?;
        }
        sheet.write_string(r, 10, &row.file)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(3, 24)?;
    sheet.set_column_width(10, 40)?;
    sheet.autofilter(0, 0, summary.city.len() as u32, headers.len() as u16 - 1)?;

    // Each station's completion rate by indicator: its latest period's total
    // line (or, where a table has no total line, its districts summed).
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &summary.city {
        *counts.entry(&*row.indicator).or_default() += 1;
    }
    let mut indicators: Vec<&str> = counts.keys().copied().collect();
    indicators.sort_by(|a, b| counts[b].cmp(&counts[a]).then(a.cmp(b)));
    indicators.truncate(CHARTED_INDICATORS);
    let station_of = |row: &CityRow| row.station.clone().unwrap_or_else(|| row.file.clone());
    let mut latest: BTreeMap<String, Option<String>> = BTreeMap::new();
    for row in &summary.city {
        let entry = latest.entry(station_of(row)).or_insert(None);
        if row.period > *entry {
            *entry = row.period.clone();
        }
    }
    let stations: Vec<(String, Option<String>)> = latest.into_iter().collect();
    let rate = |station: &str, period: &Option<String>, indicator: &str| -> Option<f64> {
        let rows: Vec<&CityRow> = summary
            .city
            .iter()
            .filter(|r| station_of(r) == station && &r.period == period && r.indicator == indicator)
            .collect();
        let chosen: Vec<&&CityRow> = if rows.iter().any(|r| r.total) {
            rows.iter().filter(|r| r.total).take(1).collect()
        } else {
            rows.iter().collect()
        };
        let target: rust_decimal::Decimal = chosen.iter().filter_map(|r| r.target).sum();
        let done: rust_decimal::Decimal = chosen.iter().filter_map(|r| r.done).sum();
        (!target.is_zero())
            .then(|| done / target)
            .and_then(|d| d.to_f64())
    };
    let sheet = book.add_worksheet();
    let chart_name = pick("完成率图表", "Completion charts");
    sheet.set_name(chart_name)?;
    sheet.write_string_with_format(0, 0, pick("站点", "Station"), &bold)?;
    sheet.write_string_with_format(0, 1, pick("期间", "Period"), &bold)?;
    for (j, indicator) in indicators.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16 + 2, *indicator, &bold)?;
    }
    for (i, (station, period)) in stations.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, station)?;
        if let Some(period) = period {
            sheet.write_string(r, 1, period)?;
        }
        for (j, indicator) in indicators.iter().enumerate() {
            if let Some(v) = rate(station, period, indicator) {
                sheet.write_number_with_format(r, j as u16 + 2, v, &percent)?;
            }
        }
    }
    sheet.set_column_width(0, 24)?;
    let last = stations.len() as u32;
    // Charts below the table, two a row, each as tall as its stations need.
    let chart_rows = (last + 4).clamp(16, 60);
    for (j, indicator) in indicators.iter().enumerate() {
        if last == 0 {
            break;
        }
        let col = j as u16 + 2;
        let mut chart = rust_xlsxwriter::Chart::new_bar();
        chart
            .add_series()
            .set_categories((chart_name, 1, 0, last, 0))
            .set_values((chart_name, 1, col, last, col))
            .set_name(*indicator);
        chart.title().set_name(&format!(
            "{}{indicator}",
            pick("完成率：", "Completion rate: ")
        ));
        chart.x_axis().set_num_format("0%");
        chart.legend().set_hidden();
        chart.set_width(560).set_height(chart_rows * 20);
        let row = last + 3 + (j as u32 / 2) * (chart_rows + 1);
        let at = if j % 2 == 0 { 0 } else { 8 };
        sheet.insert_chart(row, at, &chart)?;
    }
    for sheet in book.worksheets_mut() {
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
    }
    Ok(())
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

/// The summary workbook 汇总.xlsx as bytes (the page's zip holds it).
pub fn to_bytes(summary: &Summary, lang: Lang) -> Result<Vec<u8>, String> {
    workbook(summary, lang)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(|e| e.to_string())
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
    headers.push(pick("已豁免", "Waived"));
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
        } else {
            sheet.write_number(r, col + 2, row.waived as f64)?;
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
    add_city_sheets(&mut book, summary, lang)?;
    Ok(book)
}
