//! The terminal report: findings grouped by file and sheet, one line each,
//! and a closing count by severity.

use std::fmt::Write;

use crate::error::Error;
use crate::report::FileReport;
use crate::Lang;

/// Pads to a display width, counting CJK characters as two columns.
pub fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// Renders every file's findings; unreadable files show their error in place.
pub fn render(results: &[Result<FileReport, Error>], lang: Lang) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 3];
    for result in results {
        let report = match result {
            Ok(report) => report,
            Err(error) => {
                let _ = writeln!(out, "{}\n", error.message(lang));
                continue;
            }
        };
        let _ = writeln!(out, "{}", report.path.display());
        let mut sheet: Option<&str> = None;
        for finding in &report.findings {
            if sheet != Some(finding.location.sheet.as_str()) {
                sheet = Some(&finding.location.sheet);
                if finding.location.report.is_some() {
                    let _ = writeln!(
                        out,
                        "  [{}]",
                        match lang {
                            Lang::Zh => "报告正文",
                            Lang::En => "report text",
                        }
                    );
                } else {
                    let _ = writeln!(out, "  [{}]", finding.location.sheet);
                }
            }
            counts[finding.severity() as usize] += 1;
            let found = match (finding.found.is_empty(), lang) {
                (true, Lang::Zh) => "（空）",
                (true, Lang::En) => "(empty)",
                (false, _) => finding.found.as_str(),
            };
            let change = match &finding.expected {
                Some(expected) => format!("{found} → {expected}"),
                None => found.to_string(),
            };
            // A report's finding shows its paragraph, then the sentence on a line of its own.
            if let Some(place) = &finding.location.report {
                let _ = writeln!(
                    out,
                    "    {} {} {} {}  {}  [{}]",
                    pad(&place.label(lang), 6),
                    finding.rule.code(),
                    pad(finding.severity().label(lang), 7),
                    change,
                    finding.message.get(lang),
                    finding.action().label(lang),
                );
                if !place.quote.is_empty() {
                    let _ = writeln!(out, "           「{}」", place.quote);
                }
                continue;
            }
            let _ = writeln!(
                out,
                "    {:<6} {} {} {}  {}  [{}]",
                finding.location.cell.a1(),
                finding.rule.code(),
                pad(finding.severity().label(lang), 7),
                change,
                finding.message.get(lang),
                finding.action().label(lang),
            );
        }
        if report.findings.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                match lang {
                    Lang::Zh => "未发现问题",
                    Lang::En => "no findings",
                }
            );
        }
        out.push('\n');
    }
    let [info, warning, error] = counts;
    let _ = match lang {
        Lang::Zh => writeln!(out, "共 {error} 个错误，{warning} 个警告，{info} 个提示"),
        Lang::En => writeln!(out, "{error} errors, {warning} warnings, {info} notes"),
    };
    out
}
