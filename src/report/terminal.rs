//! The terminal report: findings grouped by file and sheet, in aligned
//! columns (cell, rule, severity, found → expected, message) fitted to the
//! terminal's width, and a closing count by severity.
//!
//! Widths are display columns (a CJK character counts two). The message is
//! wrapped at word boundaries (between CJK characters, at spaces, never inside
//! a run of Latin letters or digits, never before a closing or after an opening
//! punctuation mark) and every line of it starts at the same column.
//! Several info findings of one rule in one table are folded into one line
//! with their count and cells, unless [`Style::verbose`] asks for each.
//! Colour (error red, warning yellow, info dim) only when [`Style::color`].

use std::borrow::Cow;
use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style as Ansi};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::codes::{Rule, Severity};
use crate::error::Error;
use crate::findings::Finding;
use crate::report::FileReport;
use crate::workbook::{CellRange, CellRef};
use crate::Lang;

/// The width used when the terminal's is not known (a pipe, a file).
pub const DEFAULT_WIDTH: usize = 100;

/// The widest found → expected column; a longer one takes a line of its own.
const CHANGE_MAX: usize = 22;

/// Cells named on a folded line before "…".
const FOLDED_CELLS: usize = 3;

/// How the report is laid out and coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub lang: Lang,
    /// Display columns available; lines never exceed it (unless a single cell
    /// reference or code is wider than the whole line).
    pub width: usize,
    /// ANSI colours by severity.
    pub color: bool,
    /// Every finding on a line of its own: no folding of info findings.
    pub verbose: bool,
    /// Findings below this severity are left out (and counted as hidden).
    pub min_severity: Severity,
}

impl Style {
    /// No colour, [`DEFAULT_WIDTH`] columns, info folded: what a pipe gets.
    pub fn plain(lang: Lang) -> Self {
        Style {
            lang,
            width: DEFAULT_WIDTH,
            color: false,
            verbose: false,
            min_severity: Severity::Info,
        }
    }
}

/// Pads to a display width, counting CJK characters as two columns.
pub fn pad(text: &str, width: usize) -> String {
    let shown = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// Renders every file's findings with the plain style (no colour, 100 columns).
pub fn render(results: &[Result<FileReport, Error>], lang: Lang) -> String {
    render_with(results, &Style::plain(lang))
}

/// The empty value as every report shows it: （空） / (empty).
pub fn empty_value(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（空）",
        Lang::En => "(empty)",
    }
}

/// Text from a file (a file name, a sheet name, a cell's text) made safe for
/// one terminal line: control characters (ESC, BEL, NUL, line breaks, DEL, the
/// C1 range) and the bidirectional overrides that reorder what a terminal
/// shows are written as escapes (`\x1b`, `\n`, `\u{202e}`), so a cell can
/// neither split a line nor drive the terminal. Every line hedui writes to the
/// terminal passes its text through here; the JSON and the workbooks keep it.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of the report before layout: a finding, or several info findings folded.
struct Entry<'a> {
    place: String,
    rule: Rule,
    change: String,
    message: String,
    /// What was done ([已更正]), kept whole after the message.
    action: Option<String>,
    /// A written report's sentence, shown under the message.
    quote: Option<&'a str>,
}

/// Renders every file's findings; unreadable files show their error in place.
pub fn render_with(results: &[Result<FileReport, Error>], style: &Style) -> String {
    let lang = style.lang;
    let mut out = String::new();
    let mut counts = [0usize; 3];
    let mut folded = 0usize;
    let mut hidden = 0usize;
    let mut waived = 0usize;
    for result in results {
        let report = match result {
            Ok(report) => report,
            Err(error) => {
                let _ = writeln!(out, "{}\n", escape_controls(&error.message(lang)));
                continue;
            }
        };
        let _ = writeln!(
            out,
            "{}",
            paint(
                &escape_controls(&report.path.display().to_string()),
                bold(),
                style
            )
        );
        waived += report
            .findings
            .iter()
            .filter(|f| f.waived.is_some())
            .count();
        for (total, n) in counts.iter_mut().zip(severity_counts(&report.findings)) {
            *total += n;
        }
        let shown: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity() >= style.min_severity)
            .collect();
        hidden += report.findings.len() - shown.len();
        let sections = sections(report, &shown, style, &mut folded);
        let layout = Layout::new(&sections, style);
        for (heading, entries) in &sections {
            let heading = escape_controls(heading);
            let _ = writeln!(out, "  {}", paint(&format!("[{heading}]"), bold(), style));
            for entry in entries {
                layout.write(&mut out, entry, style);
            }
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
        } else if results.len() > 1 {
            // In a batch, each file's own count under its findings.
            let [info, warning, error] = severity_counts(&report.findings);
            let line = match lang {
                Lang::Zh => format!("  本文件：{error} 个错误，{warning} 个警告，{info} 个提示"),
                Lang::En => {
                    format!("  this file: {error} errors, {warning} warnings, {info} notes")
                }
            };
            let _ = writeln!(out, "{}", paint(&line, dim(), style));
        }
        out.push('\n');
    }
    let [info, warning, error] = counts;
    let error_text = match lang {
        Lang::Zh => format!("{error} 个错误"),
        Lang::En => format!("{error} errors"),
    };
    let warning_text = match lang {
        Lang::Zh => format!("{warning} 个警告"),
        Lang::En => format!("{warning} warnings"),
    };
    let info_text = match lang {
        Lang::Zh => format!("{info} 个提示"),
        Lang::En => format!("{info} notes"),
    };
    let paint_count = |text: &str, n: usize, severity: Severity| {
        if n == 0 {
            text.to_string()
        } else {
            paint(text, severity_style(severity), style)
        }
    };
    let mut total = match lang {
        Lang::Zh => format!(
            "共 {}，{}，{}",
            paint_count(&error_text, error, Severity::Error),
            paint_count(&warning_text, warning, Severity::Warning),
            paint_count(&info_text, info, Severity::Info)
        ),
        Lang::En => format!(
            "{}, {}, {}",
            paint_count(&error_text, error, Severity::Error),
            paint_count(&warning_text, warning, Severity::Warning),
            paint_count(&info_text, info, Severity::Info)
        ),
    };
    if waived > 0 {
        total.push_str(&match lang {
            Lang::Zh => format!("，{waived} 个已豁免（hedui.toml）"),
            Lang::En => format!(", {waived} waived (hedui.toml)"),
        });
    }
    let mut notes = Vec::new();
    if folded > 0 {
        notes.push(match lang {
            Lang::Zh => "同一表中同一规则的提示已合并为一行，--verbose 逐条显示".to_string(),
            Lang::En => {
                "notes of one rule in one table are folded; --verbose lists each".to_string()
            }
        });
    }
    if hidden > 0 {
        notes.push(match lang {
            Lang::Zh => format!("{hidden} 条低于 --min-severity 的未显示"),
            Lang::En => format!("{hidden} below --min-severity not shown"),
        });
    }
    if !notes.is_empty() {
        let (gap, note) = match lang {
            Lang::Zh => ("", format!("（{}）", notes.join("；"))),
            Lang::En => (" ", format!("({})", notes.join("; "))),
        };
        total.push_str(gap);
        // The count, then its note wrapped to the width on lines of its own when needed.
        let count_width = UnicodeWidthStr::width(strip(&total).as_str());
        let lines = wrap(&note, style.width.saturating_sub(count_width).max(20));
        match lines.as_slice() {
            [one] if count_width + UnicodeWidthStr::width(one.as_str()) <= style.width => {
                total.push_str(&paint(one, dim(), style));
            }
            _ => {
                total.truncate(total.trim_end().len());
                for line in wrap(&note, style.width.max(20)) {
                    total.push('\n');
                    total.push_str(&paint(&line, dim(), style));
                }
            }
        }
    }
    let _ = writeln!(out, "{total}");
    out
}

/// Info, warning and error counts.
fn severity_counts(findings: &[Finding]) -> [usize; 3] {
    let mut counts = [0; 3];
    // A waived finding is counted apart (see `render_with`).
    for finding in findings.iter().filter(|f| f.waived.is_none()) {
        counts[finding.severity() as usize] += 1;
    }
    counts
}

/// The findings of one file, grouped under their sheet (or 报告正文), with
/// info findings folded per rule per table unless verbose.
fn sections<'a>(
    report: &'a FileReport,
    shown: &[&'a Finding],
    style: &Style,
    folded: &mut usize,
) -> Vec<(String, Vec<Entry<'a>>)> {
    let lang = style.lang;
    // Which table (index into report.tables) a cell finding belongs to; None outside every table.
    let table_of = |f: &Finding| {
        report
            .tables
            .iter()
            .position(|t| t.sheet == f.location.sheet && t.range.contains(f.location.cell))
    };
    let foldable =
        |f: &Finding| !style.verbose && f.severity() == Severity::Info && f.waived.is_none();
    type Key<'k> = (&'k str, Option<usize>, Rule);
    let mut groups: Vec<(Key<'a>, Vec<&'a Finding>)> = Vec::new();
    for f in shown.iter().copied().filter(|f| foldable(f)) {
        let key = (f.location.sheet.as_str(), table_of(f), f.rule);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    let mut sections: Vec<(String, Vec<Entry<'a>>)> = Vec::new();
    let mut sheet: Option<&str> = None;
    for f in shown.iter().copied() {
        let mut entry = None;
        if foldable(f) {
            let key = (f.location.sheet.as_str(), table_of(f), f.rule);
            if let Some((_, members)) = groups.iter().find(|(k, _)| *k == key) {
                if members.len() > 1 {
                    // The group is shown where its first member would be.
                    if !std::ptr::eq(members[0], f) {
                        continue;
                    }
                    *folded += members.len();
                    entry = Some(fold(members, lang));
                }
            }
        }
        let mut entry = entry.unwrap_or_else(|| one(f, lang));
        // Cell text reaches the terminal only through here.
        entry.change = escape_controls(&entry.change).into_owned();
        entry.message = escape_controls(&entry.message).into_owned();
        if sheet != Some(f.location.sheet.as_str()) || sections.is_empty() {
            sheet = Some(&f.location.sheet);
            let heading = if f.location.report.is_some() {
                match lang {
                    Lang::Zh => "报告正文".to_string(),
                    Lang::En => "report text".to_string(),
                }
            } else {
                f.location.sheet.clone()
            };
            sections.push((heading, Vec::new()));
        }
        if let Some((_, entries)) = sections.last_mut() {
            entries.push(entry);
        }
    }
    sections
}

/// A finding on a line of its own.
fn one(f: &Finding, lang: Lang) -> Entry<'_> {
    let found = if f.found.trim().is_empty() {
        empty_value(lang).to_string()
    } else {
        one_line(&f.found)
    };
    let change = match &f.expected {
        Some(expected) if expected.trim().is_empty() => format!("{found} → {}", empty_value(lang)),
        Some(expected) => format!("{found} → {}", one_line(expected)),
        None => found,
    };
    let message = f.message.get(lang).to_string();
    let action = Some(format!("[{}]", f.action_text(lang)));
    match &f.location.report {
        Some(place) => Entry {
            place: place.label(lang),
            rule: f.rule,
            change,
            message,
            action,
            quote: (!place.quote.is_empty()).then_some(place.quote.as_str()),
        },
        None => Entry {
            place: f.location.cell.a1(),
            rule: f.rule,
            change,
            message,
            action,
            quote: None,
        },
    }
}

/// Several info findings of one rule in one table, as one line: the range
/// they span, their count, the rule's summary and the first few cells.
fn fold<'a>(members: &[&'a Finding], lang: Lang) -> Entry<'a> {
    let rule = members[0].rule;
    let list = |named: Vec<String>| match lang {
        Lang::Zh => format!("{}（{}）", rule.summary(lang), named.join("、")),
        Lang::En => format!("{} ({})", rule.summary(lang), named.join(", ")),
    };
    // In a written report: the paragraphs, without their sentences.
    if members[0].location.report.is_some() {
        let mut named: Vec<String> = Vec::new();
        for place in members.iter().filter_map(|f| f.location.report.as_ref()) {
            let label = place.label(lang);
            if !named.contains(&label) {
                named.push(label);
            }
        }
        if named.len() > FOLDED_CELLS {
            named.truncate(FOLDED_CELLS);
            named.push("…".to_string());
        }
        return Entry {
            place: match lang {
                Lang::Zh => "多处".to_string(),
                Lang::En => "several".to_string(),
            },
            rule,
            change: format!("×{}", members.len()),
            message: list(named),
            action: None,
            quote: None,
        };
    }
    let cells: Vec<CellRef> = members.iter().map(|f| f.location.cell).collect();
    let first = CellRef::new(
        cells.iter().map(|c| c.row).min().unwrap_or(0),
        cells.iter().map(|c| c.col).min().unwrap_or(0),
    );
    let last = CellRef::new(
        cells.iter().map(|c| c.row).max().unwrap_or(0),
        cells.iter().map(|c| c.col).max().unwrap_or(0),
    );
    let range = CellRange::new(first, last);
    let mut named: Vec<String> = cells.iter().take(FOLDED_CELLS).map(CellRef::a1).collect();
    if cells.len() > FOLDED_CELLS {
        named.push("…".to_string());
    }
    let message = list(named);
    Entry {
        place: if range.is_single_cell() {
            first.a1()
        } else {
            range.to_string()
        },
        rule,
        change: format!("×{}", members.len()),
        message,
        action: None,
        quote: None,
    }
}

/// A value on one line: line breaks and tabs shown as a space.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r', '\t'])
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The columns of one file's report.
struct Layout {
    place: usize,
    severity: usize,
    /// Where every line of a message starts.
    message: usize,
    width: usize,
}

const INDENT: usize = 4;

impl Layout {
    fn new(sections: &[(String, Vec<Entry>)], style: &Style) -> Self {
        let entries = || sections.iter().flat_map(|(_, e)| e);
        let place = entries().map(|e| e.place.width()).max().unwrap_or(0).max(4);
        let severity = [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .map(|s| s.label(style.lang).width())
            .max()
            .unwrap_or(0);
        let change = entries()
            .map(|e| e.change.width())
            .filter(|w| *w <= CHANGE_MAX)
            .max()
            .unwrap_or(0);
        let mut message = INDENT + place + 1 + 4 + 1 + severity + 2 + change + 2;
        // A narrow terminal: the message under the columns, still at one indent.
        if style.width < message + 24 {
            message = INDENT + 2;
        }
        Layout {
            place,
            severity,
            message,
            width: style.width,
        }
    }

    fn write(&self, out: &mut String, entry: &Entry, style: &Style) {
        let severity = entry.rule.severity();
        let head = format!(
            "{}{} {} {}",
            " ".repeat(INDENT),
            pad(&entry.place, self.place),
            entry.rule.code(),
            pad(severity.label(style.lang), self.severity),
        );
        let head_width = head.width();
        let head = format!(
            "{}{} {}",
            " ".repeat(INDENT),
            paint(&pad(&entry.place, self.place), body_style(severity), style),
            paint(
                &format!(
                    "{} {}",
                    entry.rule.code(),
                    pad(severity.label(style.lang), self.severity)
                ),
                severity_style(severity),
                style
            )
        );
        let body = |text: &str| paint(text, body_style(severity), style);
        // The change from its column, wrapped (rarely) with continuation lines at that column.
        let change_at = head_width + 2;
        let changes = wrap(&entry.change, self.width.saturating_sub(change_at).max(10));
        let mut line = head;
        let mut at = head_width;
        for (i, part) in changes.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out, "{}", line.trim_end());
                line = String::new();
                at = 0;
            }
            line.push_str(&" ".repeat(change_at - at));
            line.push_str(&body(part));
            at = change_at + part.width();
        }
        let available = self.width.saturating_sub(self.message).max(10);
        let mut texts = wrap(&entry.message, available);
        if let Some(action) = &entry.action {
            // The action after the message's last line, or on a line of its own; never split.
            match texts.last_mut() {
                Some(last) if last.width() + 2 + action.width() <= available => {
                    last.push_str("  ");
                    last.push_str(action);
                }
                _ => texts.push(action.clone()),
            }
        }
        if let Some(quote) = entry.quote {
            let quote = escape_controls(quote);
            texts.extend(wrap(&format!("「{quote}」"), available));
        }
        for text in texts {
            // Two spaces at least between the change and the message, else a line of its own.
            if at + 2 > self.message {
                let _ = writeln!(out, "{}", line.trim_end());
                line = String::new();
                at = 0;
            }
            line.push_str(&" ".repeat(self.message - at));
            line.push_str(&body(&text));
            at = self.width;
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Wraps text to `width` display columns: breaks at spaces and between CJK
/// characters, never inside a run of Latin letters, digits and their
/// punctuation, never before a closing mark (，。）」…) or after an opening one.
/// A run wider than the whole width is cut by character. Line breaks in the
/// text are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for (space, unit) in units(paragraph) {
            let unit_width = unit.width();
            let gap = if line.is_empty() { 0 } else { space.width() };
            if line_width + gap + unit_width <= width {
                if !line.is_empty() {
                    line.push_str(space);
                }
                line.push_str(unit);
                line_width += gap + unit_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            // Too wide for any line: cut it by character.
            for c in unit.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// The unbreakable units of a line, each with the spaces before it.
fn units(text: &str) -> Vec<(&str, &str)> {
    let mut units = Vec::new();
    let mut space_start = 0;
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                units.push((&text[space_start..s], &text[s..i]));
                space_start = i;
            }
            prev = None;
            continue;
        }
        match (start, prev) {
            (None, _) => start = Some(i),
            (Some(s), Some(p)) if can_break(p, c) => {
                units.push((&text[space_start..s], &text[s..i]));
                space_start = i;
                start = Some(i);
            }
            _ => {}
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        units.push((&text[space_start..s], &text[s..]));
    }
    units
}

/// Whether a line may break between two adjacent characters.
fn can_break(prev: char, next: char) -> bool {
    // Nor between a number and the word it is written against: its unit or
    // measure word (6月, 21名), or the name it numbers (附件1, 片区2).
    let word = |c: char| is_wide(c) && c.is_alphabetic();
    if no_line_start(next)
        || no_line_end(prev)
        || (prev.is_ascii_digit() && word(next))
        || (word(prev) && next.is_ascii_digit())
    {
        return false;
    }
    is_wide(prev) || is_wide(next)
}

fn is_wide(c: char) -> bool {
    c.width().unwrap_or(0) >= 2
}

/// Marks that never start a line: closing brackets and quotes, stops, commas.
fn no_line_start(c: char) -> bool {
    "，。、；：！？）」』”’》〉】〕…%),.;:!?]}·/".contains(c)
}

/// Marks that never end a line: opening brackets and quotes.
fn no_line_end(c: char) -> bool {
    "（「『“‘《〈【〔([{".contains(c)
}

fn bold() -> Ansi {
    Ansi::new().effects(Effects::BOLD)
}

fn dim() -> Ansi {
    Ansi::new().effects(Effects::DIMMED)
}

/// The rest of a finding's line: dim for info, plain otherwise.
fn body_style(severity: Severity) -> Ansi {
    match severity {
        Severity::Info => dim(),
        Severity::Error | Severity::Warning => Ansi::new(),
    }
}

fn severity_style(severity: Severity) -> Ansi {
    match severity {
        Severity::Error => Ansi::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .effects(Effects::BOLD),
        Severity::Warning => Ansi::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Info => dim(),
    }
}

/// The text in the style's colour, or as it is without colour.
fn paint(text: &str, ansi: Ansi, style: &Style) -> String {
    if style.color && !text.is_empty() && ansi != Ansi::new() {
        format!("{ansi}{text}{ansi:#}")
    } else {
        text.to_string()
    }
}

/// The text without ANSI escape sequences (for measuring a painted line).
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_cjk_characters_and_never_inside_a_word() {
        let lines = wrap(
            "电访的完成率写为 111.11%，但完成量/协议量 = 700/650 = 107.69%",
            20,
        );
        for line in &lines {
            assert!(line.width() <= 20, "{line:?} is wider than 20");
        }
        let joined = lines.join("|");
        for word in ["111.11%，", "700/650", "107.69%"] {
            assert!(
                lines.iter().any(|l| l.contains(word)),
                "{word} was split: {joined}"
            );
        }
    }

    #[test]
    fn keeps_closing_marks_off_the_line_start() {
        // Width 4 fits two CJK characters: 「，」 must stay with 好, not start a line.
        let lines = wrap("你好，世界。", 4);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('，') && !l.starts_with('。')),
            "{lines:?}"
        );
    }

    #[test]
    fn keeps_a_number_with_its_name_and_unit() {
        // 附件1 and 6月 are not split; 附件 may break before its 件 like any CJK text.
        assert_eq!(wrap("在附件1中", 6), ["在附", "件1中"]);
        assert_eq!(wrap("2023年6月在岗", 9), ["2023年6月", "在岗"]);
    }

    #[test]
    fn cuts_a_run_wider_than_the_line() {
        let lines = wrap("abcdefghij", 4);
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
    }

    /// A table with 32 numbers stored as text, two errors and a long message.
    fn report() -> FileReport {
        use crate::findings::{Location, Message};
        use crate::report::{TableKind, TableSummary};
        let path = std::path::Path::new("站.xlsx");
        let at = |row, col| Location::new(path, "附件1", CellRef::new(row, col));
        let mut findings = Vec::new();
        for row in 4..8 {
            for col in 1..9 {
                findings.push(Finding::new(
                    Rule::NumberAsText,
                    at(row, col),
                    "1350",
                    Message::new(
                        "数字以文本形式存储，已按数值读取",
                        "A number stored as text",
                    ),
                ));
            }
        }
        findings.push(
            Finding::new(
                Rule::RateMismatch,
                at(6, 7),
                "111.11%",
                Message::new(
                    "电访的完成率写为 111.11%，但完成量/协议量 = 700/650 = 107.69%，这一句话很长，需要换行才能放得下，而且不能在数字中间断开",
                    "The rate of 电访 is 111.11%, but completed / target = 700/650 = 107.69%",
                ),
            )
            .expected("107.69%"),
        );
        findings.push(Finding::new(
            Rule::NameConfusable,
            at(5, 0),
            "",
            Message::new("片区标签为空", "The label is empty"),
        ));
        crate::findings::sort(&mut findings);
        FileReport {
            path: path.to_path_buf(),
            tables: vec![TableSummary {
                sheet: "附件1".to_string(),
                range: CellRange::new(CellRef::new(2, 0), CellRef::new(9, 9)),
                kind: TableKind::Indicators,
            }],
            findings,
            data_sheets: Vec::new(),
            generated_sheets: Vec::new(),
        }
    }

    #[test]
    fn fits_any_width_with_one_message_column() {
        let results = [Ok(report())];
        for width in [40, 60, 80, 100, 140] {
            let style = Style {
                width,
                ..Style::plain(Lang::Zh)
            };
            let text = render_with(&results, &style);
            for line in text.lines() {
                assert!(line.width() <= width, "wider than {width}: {line}\n{text}");
            }
            for word in ["111.11%", "700/650", "107.69%"] {
                assert!(text.contains(word), "{word} split at {width}:\n{text}");
            }
            let indents: std::collections::BTreeSet<usize> = text
                .lines()
                .filter(|l| l.starts_with("      "))
                .map(|l| l.len() - l.trim_start().len())
                .collect();
            assert!(indents.len() <= 1, "{width}: {indents:?}\n{text}");
        }
    }

    #[test]
    fn notes_of_one_rule_in_one_table_share_a_line() {
        let results = [Ok(report())];
        let text = render(&results, Lang::Zh);
        assert_eq!(text.matches("V001").count(), 1, "{text}");
        assert!(text.contains("B5:I8 V001 提示  ×32"), "{text}");
        assert!(
            text.contains("数字以文本形式存储（B5、C5、D5、…）"),
            "{text}"
        );
        assert!(text.contains("（空）"), "the empty label: {text}");
        let verbose = render_with(
            &results,
            &Style {
                verbose: true,
                ..Style::plain(Lang::Zh)
            },
        );
        assert_eq!(verbose.matches("V001").count(), 32, "{verbose}");
        let problems = render_with(
            &results,
            &Style {
                min_severity: Severity::Warning,
                ..Style::plain(Lang::Zh)
            },
        );
        assert!(!problems.contains("V001"), "{problems}");
        assert!(
            problems.contains("32 条低于 --min-severity 的未显示"),
            "{problems}"
        );
        assert!(
            problems.contains("共 1 个错误，1 个警告，32 个提示"),
            "{problems}"
        );
    }

    #[test]
    fn escapes_control_characters_and_keeps_other_text() {
        assert_eq!(escape_controls("片区2 (毛纺)"), "片区2 (毛纺)");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}[2Jb\u{7}c\u{0}d\ne\rf\tg\u{7f}"),
            "a\\x1b[2Jb\\x07c\\0d\\ne\\rf\\tg\\x7f"
        );
        assert_eq!(escape_controls("x\u{202e}y\u{85}"), "x\\u{202e}y\\u{85}");
    }

    #[test]
    fn strips_what_paint_adds() {
        let style = Style {
            color: true,
            ..Style::plain(Lang::Zh)
        };
        let painted = paint("错误", severity_style(Severity::Error), &style);
        assert!(painted.contains('\u{1b}'));
        assert_eq!(strip(&painted), "错误");
    }
}
