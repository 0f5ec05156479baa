//! The corrected workbook: every input sheet reproduced, corrections written
//! as formulas with cached results, flagged cells highlighted with a note,
//! the normalized data sheets, and the audit sheet 核对结果.
//!
//! Colours: corrected cells are light green (#C6EFCE), cells flagged by a
//! warning light yellow (#FFEB9C), by an error light red (#FFC7CE). A cell
//! with several findings gets one note listing them all and the strongest
//! colour (error flag > warning flag > correction). Info findings with no
//! correction are listed in the audit sheet only.
//!
//! An xlsx input's cell styles (font, borders, fill, alignment, wrap,
//! protection) are carried over; a highlight's fill and a correction's number
//! format win over the input's. Column widths are computed, not copied:
//! calamine does not expose the input's widths or row heights.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Color, Format, FormatAlign, Formula, Note, Url, XlsxError};

use crate::codes::Severity;
use crate::error::Error;
use crate::findings::{Action, Corrected, Finding};
use crate::report::{DataSheet, Datum, FileReport};
use crate::workbook::{CellRange, CellRef, Sheet, Value, Workbook};
use crate::Lang;

/// The audit sheet's name, in both languages, so tools can find it.
pub const AUDIT_SHEET: &str = "核对结果";

/// Fill of a cell holding a correction.
pub const CORRECTED_FILL: u32 = 0xC6EFCE;
/// Fill of a cell flagged by a warning.
pub const WARNING_FILL: u32 = 0xFFEB9C;
/// Fill of a cell flagged by an error.
pub const ERROR_FILL: u32 = 0xFFC7CE;

const DATE_FORMAT: &str = "yyyy-mm-dd";
const PERCENT_FORMAT: &str = "0.00%";
/// Excel's limits.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;
const MAX_STRING: usize = 32_767;
const MAX_NOTE: usize = MAX_STRING - 54;
const MAX_HYPERLINKS: usize = 65_530;
const MAX_SHEET_NAME: usize = 31;
const MAX_WIDTH: f64 = 50.0;
const MIN_WIDTH: f64 = 8.43;

/// Writes the corrected workbook to `out`, atomically.
pub fn write(input: &Workbook, report: &FileReport, out: &Path, lang: Lang) -> Result<(), Error> {
    if is_same_file(&input.path, out) {
        return Err(Error::OutputIsInput(out.to_path_buf()));
    }
    let mut book = build(input, report, lang).map_err(|e| Error::Write(out.to_path_buf(), e))?;
    save_atomic(&mut book, out)
}

/// Whether writing to `out` would overwrite the input file.
fn is_same_file(input: &Path, out: &Path) -> bool {
    if input == out {
        return true;
    }
    match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => {
            if a == b {
                return true;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if let (Ok(ma), Ok(mb)) = (a.metadata(), b.metadata()) {
                    return ma.dev() == mb.dev() && ma.ino() == mb.ino();
                }
            }
            false
        }
        // One of them does not exist: compare as written, made absolute.
        _ => match (std::path::absolute(input), std::path::absolute(out)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}

/// Saves to a temporary file next to `out`, then renames it over `out`. On
/// any error the temporary file is removed and `out` is left as it was.
fn save_atomic(book: &mut xw::Workbook, out: &Path) -> Result<(), Error> {
    let fail = |reason: String| Error::Write(out.to_path_buf(), reason);
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hedui-").suffix(".xlsx.tmp");
    #[cfg(unix)]
    {
        // An ordinary file's permissions (modulo umask), not the 0600 of a temp file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| fail(e.to_string()))?;
    book.save_to_writer(tmp.as_file_mut())
        .map_err(|e| fail(e.to_string()))?;
    tmp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
    // On failure the PersistError holds the temporary file, removed when dropped.
    tmp.persist(out).map_err(|e| fail(e.error.to_string()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Building the workbook

/// How a cell is annotated: the findings applied to it, in report order.
struct Annotation<'a> {
    findings: Vec<&'a Finding>,
}

impl Annotation<'_> {
    fn correction(&self) -> Option<&crate::findings::Correction> {
        self.findings.iter().find_map(|f| f.correction.as_ref())
    }

    /// The strongest fill: error flag > warning flag > correction.
    fn fill(&self) -> Option<u32> {
        let rank = |f: &&Finding| match (f.action(), f.severity()) {
            (Action::Flagged, Severity::Error) => 3,
            (Action::Flagged, _) => 2,
            (Action::Corrected, _) => 1,
            (Action::None, _) => 0,
        };
        match self.findings.iter().map(rank).max() {
            Some(3) => Some(ERROR_FILL),
            Some(2) => Some(WARNING_FILL),
            Some(1) => Some(CORRECTED_FILL),
            _ => None,
        }
    }

    fn note(&self, lang: Lang) -> Note {
        let blocks: Vec<String> = self.findings.iter().map(|f| note_block(f, lang)).collect();
        let joined = blocks.join("\n\n");
        let text = truncate_utf16(&joined, MAX_NOTE);
        // Roughly 40 columns of Latin text per line at 320 px.
        let lines: usize = text
            .lines()
            .map(|l| 1 + display_width(l) / 40)
            .sum::<usize>()
            .max(1);
        let height = (lines as u32 * 16 + 12).clamp(60, 600);
        Note::new(text)
            .set_author("hedui")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(height)
    }
}

fn note_block(f: &Finding, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "【{} {}｜{}】{}\n原值：{}",
            f.rule.code(),
            severity_label(f.severity(), lang),
            action_label(f.action(), lang),
            f.message.get(lang),
            f.found
        ),
        Lang::En => format!(
            "[{} {}, {}] {}\nFound: {}",
            f.rule.code(),
            severity_label(f.severity(), lang),
            action_label(f.action(), lang),
            f.message.get(lang),
            f.found
        ),
    };
    if let Some(expected) = &f.expected {
        s.push_str(match lang {
            Lang::Zh => "\n应为：",
            Lang::En => "\nExpected: ",
        });
        s.push_str(expected);
    }
    s
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "提示",
        (s, Lang::En) => s.as_str(),
    }
}

fn action_label(a: Action, lang: Lang) -> &'static str {
    match (a, lang) {
        (Action::Corrected, Lang::Zh) => "已更正",
        (Action::Flagged, Lang::Zh) => "已标注",
        (Action::None, Lang::Zh) => "无",
        (a, Lang::En) => a.as_str(),
    }
}

fn build(input: &Workbook, report: &FileReport, lang: Lang) -> Result<xw::Workbook, String> {
    let mut book = xw::Workbook::new();
    let mut names = SheetNames::default();

    // Input sheets keep their names unless Excel rejects them.
    let mut written: HashMap<&str, String> = HashMap::new();
    let input_names: Vec<String> = input
        .sheets
        .iter()
        .map(|s| {
            let name = names.claim_input(&s.name);
            written
                .entry(s.name.as_str())
                .or_insert_with(|| name.clone());
            name
        })
        .collect();
    let data_names: Vec<String> = report
        .data_sheets
        .iter()
        .map(|d| names.claim_generated(&d.name))
        .collect();
    let audit_name = names.claim_generated(AUDIT_SHEET);

    // Findings applied to the input sheets, by sheet and cell.
    let mut by_sheet: HashMap<&str, BTreeMap<CellRef, Annotation>> = HashMap::new();
    for f in &report.findings {
        if f.location.file != report.path || f.action() == Action::None {
            continue;
        }
        let Some(sheet) = input.sheet(&f.location.sheet) else {
            continue;
        };
        by_sheet
            .entry(sheet.name.as_str())
            .or_default()
            .entry(f.location.cell)
            .or_insert_with(|| Annotation {
                findings: Vec::new(),
            })
            .findings
            .push(f);
    }

    let mut formats = Formats::default();
    for (sheet, name) in input.sheets.iter().zip(&input_names) {
        let ws = book.add_worksheet();
        let annotations = by_sheet.remove(sheet.name.as_str()).unwrap_or_default();
        write_input_sheet(ws, sheet, name, annotations, &mut formats, lang)
            .map_err(|e| format!("{}: {e}", sheet.name))?;
    }
    for (data, name) in report.data_sheets.iter().zip(&data_names) {
        let ws = book.add_worksheet();
        write_data_sheet(ws, data, name).map_err(|e| format!("{name}: {e}"))?;
    }
    let ws = book.add_worksheet();
    write_audit_sheet(ws, report, &written, &audit_name, lang)
        .map_err(|e| format!("{audit_name}: {e}"))?;
    Ok(book)
}

// ---------------------------------------------------------------------------
// Sheet names

#[derive(Default)]
struct SheetNames {
    /// Lower-cased, as Excel compares them.
    used: HashSet<String>,
}

impl SheetNames {
    fn claim_input(&mut self, name: &str) -> String {
        if is_valid_sheet_name(name) && !self.used.contains(&name.to_lowercase()) {
            self.used.insert(name.to_lowercase());
            return name.to_string();
        }
        self.claim_generated(name)
    }

    /// A valid name not yet taken: the name sanitized, then suffixed (2), (3)…
    fn claim_generated(&mut self, name: &str) -> String {
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
fn internal_link(sheet: &str, cell: CellRef) -> String {
    format!("internal:'{}'!{}", sheet.replace('\'', "''"), cell.a1())
}

// ---------------------------------------------------------------------------
// Formats

#[derive(Clone, PartialEq, Eq, Hash, Default)]
struct FormatKey {
    num: Option<String>,
    fill: Option<u32>,
    align: Align,
    wrap: bool,
    bold: bool,
    /// The input cell's style: its palette (by address, which is stable
    /// while the input lives) and its id in that palette.
    style: Option<(usize, u32)>,
}

impl FormatKey {
    /// The key's `style` for `cell` of `sheet`, when the input styled it.
    fn input_style(sheet: &Sheet, cell: CellRef) -> Option<(usize, u32)> {
        sheet.style(cell)?;
        let id = *sheet.style_ids.get(&cell)?;
        Some((std::sync::Arc::as_ptr(&sheet.styles) as usize, id))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
enum Align {
    #[default]
    None,
    /// A merged header: centred both ways.
    Center,
    /// A merged paragraph: top left.
    TopLeft,
}

#[derive(Default)]
struct Formats(HashMap<FormatKey, Format>);

impl Formats {
    /// The format for `key`; `style` is the input style `key.style` names
    /// (the caller's sheet holds the palette).
    fn get(&mut self, key: &FormatKey, style: Option<&calamine::Style>) -> &Format {
        self.0.entry(key.clone()).or_insert_with(|| {
            let style = style.filter(|_| key.style.is_some());
            let mut f = Format::new();
            let mut input_aligns = false;
            let mut input_wraps = false;
            if let Some(style) = style {
                f = input_style(f, style, key.fill.is_none(), key.num.is_none());
                if let Some(a) = &style.alignment {
                    input_aligns = a.horizontal != calamine::HorizontalAlignment::General
                        || a.vertical != calamine::VerticalAlignment::Bottom;
                    input_wraps = a.wrap_text;
                }
            }
            if let Some(num) = &key.num {
                f = f.set_num_format(num);
            }
            if let Some(fill) = key.fill {
                f = f.set_background_color(Color::RGB(fill));
            }
            match key.align {
                // The input's own alignment wins over the merged-region guess.
                _ if input_aligns => {}
                Align::None => {}
                Align::Center => {
                    f = f
                        .set_align(FormatAlign::Center)
                        .set_align(FormatAlign::VerticalCenter);
                }
                Align::TopLeft => {
                    f = f.set_align(FormatAlign::Left).set_align(FormatAlign::Top);
                }
            }
            if key.wrap && !input_wraps {
                f = f.set_text_wrap();
            }
            if key.bold {
                f = f.set_bold();
            }
            f
        })
    }
}

/// `f` with the input style's font, borders, alignment and protection, its
/// fill when `fill` and its number format when `num`. An attribute with no
/// counterpart here is skipped, never an error.
fn input_style(mut f: Format, style: &calamine::Style, fill: bool, num: bool) -> Format {
    use calamine::{FontStyle, FontWeight, UnderlineStyle};
    let rgb = |c: &calamine::Color| Color::RGB(c.to_argb() & 0x00FF_FFFF);
    if let Some(font) = &style.font {
        if let Some(name) = font.name.as_deref().filter(|n| !n.is_empty()) {
            f = f.set_font_name(name);
        }
        if let Some(size) = font
            .size
            .filter(|s| s.is_finite() && *s > 0.0 && *s <= 409.0)
        {
            f = f.set_font_size(size);
        }
        if let Some(family) = font.family {
            f = f.set_font_family(family);
        }
        if font.weight == FontWeight::Bold {
            f = f.set_bold();
        }
        if font.style == FontStyle::Italic {
            f = f.set_italic();
        }
        let underline = match font.underline {
            UnderlineStyle::Single => Some(xw::FormatUnderline::Single),
            UnderlineStyle::Double => Some(xw::FormatUnderline::Double),
            UnderlineStyle::SingleAccounting => Some(xw::FormatUnderline::SingleAccounting),
            UnderlineStyle::DoubleAccounting => Some(xw::FormatUnderline::DoubleAccounting),
            _ => None,
        };
        if let Some(u) = underline {
            f = f.set_underline(u);
        }
        if font.strikethrough {
            f = f.set_font_strikethrough();
        }
        if let Some(c) = &font.color {
            f = f.set_font_color(rgb(c));
        }
    }
    if let Some(b) = &style.borders {
        if let Some(kind) = border(&b.left) {
            f = f.set_border_left(kind);
            if let Some(c) = &b.left.color {
                f = f.set_border_left_color(rgb(c));
            }
        }
        if let Some(kind) = border(&b.right) {
            f = f.set_border_right(kind);
            if let Some(c) = &b.right.color {
                f = f.set_border_right_color(rgb(c));
            }
        }
        if let Some(kind) = border(&b.top) {
            f = f.set_border_top(kind);
            if let Some(c) = &b.top.color {
                f = f.set_border_top_color(rgb(c));
            }
        }
        if let Some(kind) = border(&b.bottom) {
            f = f.set_border_bottom(kind);
            if let Some(c) = &b.bottom.color {
                f = f.set_border_bottom_color(rgb(c));
            }
        }
        let (down, up) = (border(&b.diagonal_down), border(&b.diagonal_up));
        let diagonal = match (down, up) {
            (Some(_), Some(_)) => Some(xw::FormatDiagonalBorder::BorderUpDown),
            (Some(_), None) => Some(xw::FormatDiagonalBorder::BorderDown),
            (None, Some(_)) => Some(xw::FormatDiagonalBorder::BorderUp),
            (None, None) => None,
        };
        if let (Some(kind), Some(which)) = (down.or(up), diagonal) {
            f = f.set_border_diagonal(kind).set_border_diagonal_type(which);
            let side = if down.is_some() {
                &b.diagonal_down
            } else {
                &b.diagonal_up
            };
            if let Some(c) = &side.color {
                f = f.set_border_diagonal_color(rgb(c));
            }
        }
    }
    if let Some(a) = &style.alignment {
        use calamine::{HorizontalAlignment as H, TextRotation, VerticalAlignment as V};
        let horizontal = match a.horizontal {
            H::Left => Some(FormatAlign::Left),
            H::Center => Some(FormatAlign::Center),
            H::CenterContinuous => Some(FormatAlign::CenterAcross),
            H::Right => Some(FormatAlign::Right),
            H::Justify => Some(FormatAlign::Justify),
            H::Distributed => Some(FormatAlign::Distributed),
            H::Fill => Some(FormatAlign::Fill),
            _ => None,
        };
        if let Some(h) = horizontal {
            f = f.set_align(h);
        }
        let vertical = match a.vertical {
            V::Top => Some(FormatAlign::Top),
            V::Center => Some(FormatAlign::VerticalCenter),
            V::Justify => Some(FormatAlign::VerticalJustify),
            V::Distributed => Some(FormatAlign::VerticalDistributed),
            _ => None,
        };
        if let Some(v) = vertical {
            f = f.set_align(v);
        }
        if a.wrap_text {
            f = f.set_text_wrap();
        }
        if let Some(indent) = a.indent.filter(|i| *i > 0 && *i <= 250) {
            f = f.set_indent(indent);
        }
        if a.shrink_to_fit {
            f = f.set_shrink();
        }
        // Stored as 0–90 up, 91–180 down (90 + degrees below), 255 stacked.
        let rotation = match a.text_rotation {
            TextRotation::Degrees(d @ 1..=90) => Some(d as i16),
            TextRotation::Degrees(d @ 91..=180) => Some(90 - d as i16),
            TextRotation::Stacked => Some(270),
            _ => None,
        };
        if let Some(r) = rotation {
            f = f.set_rotation(r);
        }
    }
    if let Some(p) = &style.protection {
        if !p.locked {
            f = f.set_unlocked();
        }
        if p.hidden {
            f = f.set_hidden();
        }
    }
    if fill {
        if let Some(fill) = style.fill.as_ref().filter(|fill| fill.is_visible()) {
            f = input_fill(f, fill);
        }
    }
    if num {
        if let Some(code) = style
            .number_format
            .as_ref()
            .map(|n| n.format_code.as_str())
            .filter(|c| !c.is_empty() && *c != "General")
        {
            f = f.set_num_format(code);
        }
    }
    f
}

fn border(side: &calamine::Border) -> Option<xw::FormatBorder> {
    use calamine::BorderStyle as B;
    use xw::FormatBorder as X;
    Some(match side.style {
        B::Thin => X::Thin,
        B::Medium => X::Medium,
        B::Thick => X::Thick,
        B::Double => X::Double,
        B::Hair => X::Hair,
        B::Dashed => X::Dashed,
        B::Dotted => X::Dotted,
        B::MediumDashed => X::MediumDashed,
        B::DashDot => X::DashDot,
        B::MediumDashDot => X::MediumDashDot,
        B::DashDotDot => X::DashDotDot,
        B::MediumDashDotDot => X::MediumDashDotDot,
        B::SlantDashDot => X::SlantDashDot,
        _ => return None,
    })
}

fn input_fill(f: Format, fill: &calamine::Fill) -> Format {
    use calamine::FillPattern as P;
    use xw::FormatPattern as X;
    let rgb = |c: &calamine::Color| Color::RGB(c.to_argb() & 0x00FF_FFFF);
    let pattern = match fill.pattern {
        P::Solid => {
            // rust_xlsxwriter writes a solid fill's colour as its foreground.
            return match fill.foreground_color.or(fill.background_color) {
                Some(c) => f.set_background_color(rgb(&c)),
                None => f,
            };
        }
        P::DarkGray => X::DarkGray,
        P::MediumGray => X::MediumGray,
        P::LightGray => X::LightGray,
        P::Gray125 => X::Gray125,
        P::Gray0625 => X::Gray0625,
        P::DarkHorizontal => X::DarkHorizontal,
        P::DarkVertical => X::DarkVertical,
        P::DarkDown => X::DarkDown,
        P::DarkUp => X::DarkUp,
        P::DarkGrid => X::DarkGrid,
        P::DarkTrellis => X::DarkTrellis,
        P::LightHorizontal => X::LightHorizontal,
        P::LightVertical => X::LightVertical,
        P::LightDown => X::LightDown,
        P::LightUp => X::LightUp,
        P::LightGrid => X::LightGrid,
        P::LightTrellis => X::LightTrellis,
        _ => return f,
    };
    let mut f = f.set_pattern(pattern);
    if let Some(c) = &fill.foreground_color {
        f = f.set_foreground_color(rgb(c));
    }
    if let Some(c) = &fill.background_color {
        f = f.set_background_color(rgb(c));
    }
    f
}

// ---------------------------------------------------------------------------
// Input sheets

/// What goes into one cell of a reproduced sheet.
enum Content<'a> {
    Value(&'a Value),
    Formula(&'a str, &'a Value),
    Corrected(f64, Option<&'a str>),
    /// A name corrected from the gazetteer: written as text, like every input text.
    CorrectedText(&'a str),
}

fn write_input_sheet(
    ws: &mut xw::Worksheet,
    sheet: &Sheet,
    name: &str,
    mut annotations: BTreeMap<CellRef, Annotation>,
    formats: &mut Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    // A formula with no cached value reads back as empty, not as 0.
    ws.set_formula_result_default("");

    // Merged regions Excel accepts: in range, not a single cell, not overlapping.
    let mut merges: Vec<CellRange> = Vec::new();
    for m in &sheet.merges {
        let ok = m.first.row <= m.last.row
            && m.first.col <= m.last.col
            && m.last.row < MAX_ROWS
            && m.last.col < MAX_COLS
            && !m.is_single_cell()
            && !merges.iter().any(|k| overlaps(k, m));
        if ok {
            merges.push(*m);
        }
    }
    let merge_align: HashMap<CellRef, Align> = merges
        .iter()
        .map(|m| {
            let long = display_width(&sheet.get(m.first).to_string()) > 24;
            (m.first, if long { Align::TopLeft } else { Align::Center })
        })
        .collect();

    // A finding on a hidden cell of a merged region shows on its anchor.
    let hidden: Vec<CellRef> = annotations
        .keys()
        .copied()
        .filter(|c| merges.iter().any(|m| m.contains(*c) && m.first != *c))
        .collect();
    for cell in hidden {
        if let (Some(mut moved), Some(m)) = (
            annotations.remove(&cell),
            merges.iter().find(|m| m.contains(cell)),
        ) {
            annotations
                .entry(m.first)
                .or_insert_with(|| Annotation {
                    findings: Vec::new(),
                })
                .findings
                .append(&mut moved.findings);
        }
    }

    for m in &merges {
        let key = FormatKey {
            num: sheet.number_format(m.first).map(str::to_string),
            fill: annotations.get(&m.first).and_then(Annotation::fill),
            align: merge_align.get(&m.first).copied().unwrap_or_default(),
            wrap: true,
            bold: false,
            style: FormatKey::input_style(sheet, m.first),
        };
        ws.merge_range(
            m.first.row,
            col_num(m.first.col)?,
            m.last.row,
            col_num(m.last.col)?,
            "",
            formats.get(&key, sheet.style(m.first)),
        )?;
    }

    // Every cell to write: values, formulas, annotated cells.
    let mut cells: Vec<CellRef> = sheet.cells().map(|(c, _)| c).collect();
    cells.extend(sheet.formulas.keys().copied());
    cells.extend(annotations.keys().copied());
    // Empty cells the input styled (a bordered table's blanks) keep their style.
    cells.extend(sheet.style_ids.keys().copied());
    cells.sort_unstable();
    cells.dedup();

    let wide_anchors: HashSet<CellRef> = merges
        .iter()
        .filter(|m| m.last.col > m.first.col)
        .map(|m| m.first)
        .collect();
    let mut widths: HashMap<u32, usize> = HashMap::new();
    for cell in cells {
        if cell.row >= MAX_ROWS || cell.col >= MAX_COLS {
            return Err(XlsxError::RowColumnLimitError);
        }
        let value = sheet.get(cell);
        let annotation = annotations.get(&cell);
        let correction = annotation.and_then(Annotation::correction);
        let content = match (correction, sheet.formula(cell)) {
            (Some(c), _) => match &c.value {
                Corrected::Number(n) => {
                    Content::Corrected(decimal_to_f64(*n), c.formula.as_deref())
                }
                Corrected::Text(t) => Content::CorrectedText(t),
            },
            (None, Some(f)) if !f.trim().trim_start_matches('=').is_empty() => {
                Content::Formula(f, value)
            }
            _ => Content::Value(value),
        };
        let own_format = sheet.number_format(cell).filter(|f| !f.is_empty());
        let num = match &content {
            Content::Corrected(..) | Content::CorrectedText(_) => correction
                .and_then(|c| c.number_format.as_deref())
                .or(own_format)
                .map(str::to_string),
            Content::Value(Value::Date(_)) | Content::Formula(_, Value::Date(_)) => {
                Some(own_format.unwrap_or(DATE_FORMAT).to_string())
            }
            _ => own_format.map(str::to_string),
        };
        let shown = match &content {
            Content::Value(v) | Content::Formula(_, v) => v,
            Content::Corrected(..) | Content::CorrectedText(_) => &Value::Empty,
        };
        let align = merge_align.get(&cell).copied().unwrap_or_default();
        let key = FormatKey {
            wrap: align != Align::None || matches!(shown, Value::Text(s) if s.contains('\n')),
            num,
            fill: annotation.and_then(Annotation::fill),
            align,
            bold: false,
            style: FormatKey::input_style(sheet, cell),
        };
        let format = formats.get(&key, sheet.style(cell));
        let (row, col) = (cell.row, col_num(cell.col)?);
        match content {
            Content::Value(v) => match v {
                Value::Empty => {
                    ws.write_blank(row, col, format)?;
                }
                Value::Number(n) | Value::Date(n) => {
                    write_f64(ws, row, col, *n, format)?;
                }
                Value::Text(s) | Value::Error(s) => {
                    ws.write_string_with_format(row, col, truncate_utf16(s, MAX_STRING), format)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean_with_format(row, col, *b, format)?;
                }
            },
            Content::Formula(f, cached) => {
                let formula = Formula::new(f).set_result(formula_result(cached));
                ws.write_formula_with_format(row, col, formula, format)?;
            }
            Content::Corrected(n, formula) => match formula {
                Some(f) if !f.trim().trim_start_matches('=').is_empty() => {
                    let formula = Formula::new(f).set_result(f64_text(n));
                    ws.write_formula_with_format(row, col, formula, format)?;
                }
                _ => {
                    write_f64(ws, row, col, n, format)?;
                }
            },
            Content::CorrectedText(text) => {
                ws.write_string_with_format(row, col, truncate_utf16(text, MAX_STRING), format)?;
            }
        }
        if let Some(a) = annotation {
            ws.insert_note(row, col, &a.note(lang))?;
        }

        // Widths: multi-column merged anchors do not widen their first column,
        // and a blank cell there only for its style does not set one.
        let style_only = matches!(content, Content::Value(Value::Empty)) && annotation.is_none();
        if !wide_anchors.contains(&cell) && !style_only {
            let width = match &content {
                Content::Corrected(n, _) => number_width(*n, key.num.as_deref()),
                Content::CorrectedText(text) => value_width(&Value::Text(text.to_string()), None),
                _ => value_width(shown, key.num.as_deref()),
            };
            let w = widths.entry(cell.col).or_default();
            *w = (*w).max(width);
        }
    }
    for (col, width) in widths {
        ws.set_column_width(col_num(col)?, column_width(width))?;
    }
    Ok(())
}

fn overlaps(a: &CellRange, b: &CellRange) -> bool {
    a.first.row <= b.last.row
        && b.first.row <= a.last.row
        && a.first.col <= b.last.col
        && b.first.col <= a.last.col
}

fn col_num(col: u32) -> Result<u16, XlsxError> {
    u16::try_from(col)
        .ok()
        .filter(|c| u32::from(*c) < MAX_COLS)
        .ok_or(XlsxError::RowColumnLimitError)
}

/// A number; NaN and infinities, which xlsx cannot hold, as text.
fn write_f64(
    ws: &mut xw::Worksheet,
    row: u32,
    col: u16,
    n: f64,
    format: &Format,
) -> Result<(), XlsxError> {
    if n.is_finite() {
        ws.write_number_with_format(row, col, n, format)?;
    } else {
        ws.write_string_with_format(row, col, n.to_string(), format)?;
    }
    Ok(())
}

/// The cached result of a formula, as rust_xlsxwriter wants it.
fn formula_result(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Number(n) | Value::Date(n) => f64_text(*n),
        Value::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Value::Text(s) | Value::Error(s) => truncate_utf16(s, MAX_STRING).to_string(),
    }
}

fn f64_text(n: f64) -> String {
    if n.is_finite() {
        format!("{n}")
    } else {
        String::new()
    }
}

fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_f64()
        .or_else(|| d.to_string().parse().ok())
        .unwrap_or(0.0)
}

// ---------------------------------------------------------------------------
// Widths

/// Display width: East Asian wide characters count double.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The width of the longest line of a text.
fn text_width(s: &str) -> usize {
    s.lines().map(display_width).max().unwrap_or(0)
}

fn number_width(n: f64, format: Option<&str>) -> usize {
    match format {
        Some(f) if f.contains('%') => format!("{:.2}%", n * 100.0).len(),
        Some(f) if f.contains("yy") || f.contains("dd") => 10,
        _ => format!("{n}").len().min(15),
    }
}

fn value_width(v: &Value, format: Option<&str>) -> usize {
    match v {
        Value::Empty => 0,
        Value::Number(n) => number_width(*n, format),
        Value::Date(_) => 10,
        Value::Text(s) | Value::Error(s) => text_width(s),
        Value::Bool(_) => 5,
    }
}

fn column_width(chars: usize) -> f64 {
    (chars as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH)
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` at most `max` UTF-16 units long (Excel counts so).
fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Data sheets

fn write_data_sheet(ws: &mut xw::Worksheet, data: &DataSheet, name: &str) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let header = Format::new().set_bold();
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let plain = Format::new();
    let ncols = data
        .rows
        .iter()
        .map(Vec::len)
        .chain([data.headers.len()])
        .max()
        .unwrap_or(0);
    if data.rows.len() as u64 + 1 > u64::from(MAX_ROWS) || ncols as u64 > u64::from(MAX_COLS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut widths = vec![0usize; ncols];
    for (c, h) in data.headers.iter().enumerate() {
        ws.write_string_with_format(
            0,
            col_num(c as u32)?,
            truncate_utf16(h, MAX_STRING),
            &header,
        )?;
        widths[c] = widths[c].max(text_width(h));
    }
    for (r, row) in data.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, datum) in row.iter().enumerate() {
            let col = col_num(c as u32)?;
            let width = match datum {
                Datum::Empty => 0,
                Datum::Text(s) => {
                    ws.write_string_with_format(r, col, truncate_utf16(s, MAX_STRING), &plain)?;
                    text_width(s)
                }
                Datum::Number(d) => {
                    write_f64(ws, r, col, decimal_to_f64(*d), &plain)?;
                    d.normalize().to_string().len().min(15)
                }
                Datum::Percent(d) => {
                    write_f64(ws, r, col, decimal_to_f64(*d), &percent)?;
                    number_width(decimal_to_f64(*d), Some(PERCENT_FORMAT))
                }
            };
            widths[c] = widths[c].max(width);
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if ncols > 0 {
        ws.autofilter(0, 0, data.rows.len() as u32, col_num(ncols as u32 - 1)?)?;
    }
    for (c, w) in widths.into_iter().enumerate() {
        // Room for the autofilter button on the header.
        ws.set_column_width(col_num(c as u32)?, column_width(w + 2))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The audit sheet

const AUDIT_HEADERS_ZH: [&str; 10] = [
    "规则",
    "级别",
    "文件",
    "工作表",
    "单元格",
    "原值",
    "应为",
    "处理",
    "说明",
    "相关单元格",
];
const AUDIT_HEADERS_EN: [&str; 10] = [
    "Rule",
    "Severity",
    "File",
    "Sheet",
    "Cell",
    "Found",
    "Expected",
    "Action",
    "Message",
    "Related cells",
];
const MESSAGE_COL: usize = 8;
const MESSAGE_WIDTH: f64 = 60.0;

fn file_label(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

fn write_audit_sheet(
    ws: &mut xw::Worksheet,
    report: &FileReport,
    written: &HashMap<&str, String>,
    name: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let headers = match lang {
        Lang::Zh => AUDIT_HEADERS_ZH,
        Lang::En => AUDIT_HEADERS_EN,
    };
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let error = Format::new().set_background_color(Color::RGB(ERROR_FILL));
    let warning = Format::new().set_background_color(Color::RGB(WARNING_FILL));
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }

    if report.findings.len() as u64 + 1 > u64::from(MAX_ROWS) {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut links = 0usize;
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        let cell = f.location.cell.a1();
        let related: Vec<String> = f
            .related
            .iter()
            .map(|l| format!("{}!{}!{}", file_label(&l.file), l.sheet, l.cell.a1()))
            .collect();
        let texts: [String; 10] = [
            f.rule.code().to_string(),
            severity_label(f.severity(), lang).to_string(),
            file_label(&f.location.file),
            f.location.sheet.clone(),
            cell.clone(),
            f.found.clone(),
            f.expected.clone().unwrap_or_default(),
            action_label(f.action(), lang).to_string(),
            f.message.get(lang).to_string(),
            related.join("; "),
        ];
        for (c, text) in texts.iter().enumerate() {
            let format = match c {
                1 => match f.severity() {
                    Severity::Error => &error,
                    Severity::Warning => &warning,
                    Severity::Info => &plain,
                },
                MESSAGE_COL => &wrap,
                _ => &plain,
            };
            if c != MESSAGE_COL {
                widths[c] = widths[c].max(text_width(text));
            }
            let col = c as u16;
            let target = (c == 4 && f.location.file == report.path)
                .then(|| written.get(f.location.sheet.as_str()))
                .flatten();
            if let (Some(sheet), true) = (target, links < MAX_HYPERLINKS) {
                let url = Url::new(internal_link(sheet, f.location.cell)).set_text(text);
                if ws.write_url(row, col, url).is_ok() {
                    links += 1;
                    continue;
                }
            }
            if !text.is_empty() {
                ws.write_string_with_format(row, col, truncate_utf16(text, MAX_STRING), format)?;
            }
        }
    }

    let last_row = if report.findings.is_empty() {
        let text = match lang {
            Lang::Zh => "未发现问题",
            Lang::En => "No findings",
        };
        ws.write_string_with_format(1, 0, text, &plain)?;
        widths[0] = widths[0].max(display_width(text));
        1
    } else {
        report.findings.len() as u32
    };
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, headers.len() as u16 - 1)?;
    for (c, w) in widths.into_iter().enumerate() {
        let width = if c == MESSAGE_COL {
            MESSAGE_WIDTH
        } else {
            (w as f64 + 4.0).clamp(MIN_WIDTH, 40.0)
        };
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Rule;
    use crate::findings::{Correction, Location, Message};
    use crate::report::{DataSheet, Datum};
    use crate::workbook::Format as InputFormat;
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use std::io::Read;
    use std::str::FromStr;

    fn c(a1_row: u32, col: u32) -> CellRef {
        CellRef::new(a1_row - 1, col)
    }

    fn range(a: CellRef, b: CellRef) -> CellRange {
        CellRange::new(a, b)
    }

    /// An indicator sheet with merges, formulas, formats and awkward values,
    /// a sheet already called 核对结果, one whose name Excel rejects and one
    /// with a quote in its name.
    fn input(path: &Path) -> Workbook {
        let mut s = Sheet::new("指标", 6, 6);
        s.set(c(1, 0), Value::Text("指标完成情况统计表".into()));
        s.merges.push(range(c(1, 0), c(1, 5)));
        s.set(c(2, 0), Value::Text("片区".into()));
        s.set(c(2, 1), Value::Text("电访".into()));
        s.merges.push(range(c(2, 1), c(2, 3)));
        // Overlaps both merges above, and a single cell: both skipped.
        s.merges.push(range(c(1, 0), c(2, 1)));
        s.merges.push(range(c(6, 4), c(6, 4)));
        s.set(c(3, 1), Value::Text("协议量".into()));
        s.set(c(3, 2), Value::Text("完成量".into()));
        s.set(c(3, 3), Value::Text("百分比".into()));
        s.set(c(4, 0), Value::Text("片区3 (毛坦)".into()));
        s.set(c(4, 1), Value::Number(650.0));
        s.set(c(4, 2), Value::Number(700.0));
        s.set(c(4, 3), Value::Text("111.11%".into()));
        s.set(c(4, 4), Value::Text("=1+1".into()));
        s.set(c(4, 5), Value::Bool(true));
        s.set(c(5, 0), Value::Text("合计".into()));
        s.set(c(5, 1), Value::Number(500000.0));
        s.set(c(5, 2), Value::Number(19458011.0));
        s.set(c(5, 4), Value::Date(45000.0));
        s.set(c(5, 5), Value::Error("#DIV/0!".into()));
        s.set(c(6, 1), Value::Number(500650.0));
        s.formulas.insert(c(6, 1), "SUM(B4:B5)".into());
        s.set(c(6, 4), Value::Number(3.25));
        s.number_formats.insert(c(6, 4), "0.0".into());
        s.set(c(6, 5), Value::Text("-note".into()));
        s.set(c(6, 0), Value::Text("+86 20".into()));

        let mut clash = Sheet::new(AUDIT_SHEET, 1, 1);
        clash.set(c(1, 0), Value::Text("旧的核对结果".into()));
        let mut bad = Sheet::new("Data[1]", 1, 1);
        bad.set(c(1, 0), Value::Number(7.0));
        let mut quoted = Sheet::new("O'Brien", 1, 1);
        quoted.set(c(1, 0), Value::Text("@home".into()));

        Workbook {
            path: path.to_path_buf(),
            format: InputFormat::Xlsx,
            sheets: vec![s, clash, bad, quoted],
        }
    }

    fn loc(file: &Path, sheet: &str, cell: CellRef) -> Location {
        Location::new(file, sheet, cell)
    }

    fn report(path: &Path) -> FileReport {
        let other = path.with_file_name("roster.xlsx");
        let findings = vec![
            Finding::new(
                Rule::RateMismatch,
                loc(path, "指标", c(4, 3)),
                "111.11%",
                Message::new("完成率应为 107.69%", "The rate should be 107.69%"),
            )
            .expected("107.69%")
            .related(loc(path, "指标", c(4, 1)))
            .related(loc(path, "指标", c(4, 2)))
            .corrected(Correction {
                value: Corrected::Number(Decimal::from_str("1.0769").unwrap()),
                formula: Some("C4/B4".into()),
                number_format: Some("0.00%".into()),
            }),
            Finding::new(
                Rule::ScaleError,
                loc(path, "指标", c(5, 2)),
                "19458011",
                Message::new("疑似小数点错位", "Looks like a lost decimal point"),
            )
            .expected("194580.11"),
            Finding::new(
                Rule::FractionalCount,
                loc(path, "指标", c(5, 2)),
                "19458011",
                Message::new("第二条", "Second finding"),
            ),
            Finding::new(
                Rule::DistrictUnknown,
                loc(path, "指标", c(4, 0)),
                "片区3 (毛坦)",
                Message::new("片区名称无法匹配", "Unknown district"),
            ),
            Finding::new(
                Rule::HeaderNormalized,
                loc(path, "指标", c(3, 1)),
                "协议量",
                Message::new("表头已规范化", "Header normalized"),
            ),
            Finding::new(
                Rule::StaffCountMismatch,
                loc(&other, "指标", c(2, 2)),
                "20",
                Message::new("到岗人数不符", "Staff count differs"),
            )
            .expected("18")
            .related(loc(path, "指标", c(4, 1))),
            Finding::new(
                Rule::NegativeCount,
                loc(path, "Data[1]", c(1, 0)),
                "7",
                Message::new("负数", "Negative"),
            ),
            Finding::new(
                Rule::NegativeCount,
                loc(path, "O'Brien", c(1, 0)),
                "@home",
                Message::new("负数", "Negative"),
            ),
        ];
        FileReport {
            path: path.to_path_buf(),
            tables: Vec::new(),
            findings,
            data_sheets: vec![DataSheet {
                name: "规范化数据".into(),
                headers: vec!["片区".into(), "完成量".into(), "完成率".into()],
                rows: vec![
                    vec![
                        Datum::Text("片区3".into()),
                        Datum::Number(Decimal::from(700)),
                        Datum::Percent(Decimal::from_str("1.0769").unwrap()),
                    ],
                    vec![Datum::Text("=A1".into()), Datum::Empty, Datum::Empty],
                ],
            }],
        }
    }

    fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
        open_workbook(path).expect("the output opens")
    }

    fn cell(r: &calamine::Range<Data>, at: CellRef) -> &Data {
        r.get_value((at.row, at.col)).unwrap_or(&Data::Empty)
    }

    /// A number stored as a number (not text that parses as one).
    fn num(d: &Data) -> Option<f64> {
        match d {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    fn text(d: &Data) -> String {
        match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }

    /// Every file of the zip whose name starts with `prefix`, concatenated.
    fn zip_text(path: &Path, prefix: &str) -> String {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if entry.name().is_ok_and(|n| n.starts_with(prefix)) {
                entry.read_to_string(&mut all).unwrap();
            }
        }
        all
    }

    fn setup(lang: Lang) -> (tempfile::TempDir, Workbook, FileReport, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let wb = input(&path);
        let rep = report(&path);
        let out = dir.path().join("station.corrected.xlsx");
        write(&wb, &rep, &out, lang).expect("written");
        (dir, wb, rep, out)
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

    #[test]
    fn every_input_value_is_at_its_cell() {
        let (_dir, wb, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        for sheet in &wb.sheets {
            let name = if sheet.name == "Data[1]" {
                "Data_1_"
            } else {
                &sheet.name
            };
            let got = book.worksheet_range(name).unwrap();
            for (at, v) in sheet.cells() {
                if sheet.name == "指标" && at == c(4, 3) {
                    continue; // corrected, checked below
                }
                let d = cell(&got, at);
                match v {
                    Value::Number(n) => assert_eq!(num(d), Some(*n), "{name}!{at}"),
                    Value::Date(n) => match d {
                        Data::DateTime(dt) => assert_eq!(dt.as_f64(), *n, "{name}!{at}"),
                        other => panic!("{name}!{at}: {other:?} is not a date"),
                    },
                    Value::Text(s) | Value::Error(s) => {
                        assert_eq!(d, &Data::String(s.clone()), "{name}!{at}")
                    }
                    Value::Bool(b) => assert_eq!(d, &Data::Bool(*b), "{name}!{at}"),
                    Value::Empty => {}
                }
            }
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let values = book.worksheet_range("指标").unwrap();
        let formulas = book.worksheet_formula("指标").unwrap();
        for (at, s) in [(c(4, 4), "=1+1"), (c(6, 5), "-note"), (c(6, 0), "+86 20")] {
            assert_eq!(cell(&values, at), &Data::String(s.into()));
            assert_eq!(
                formulas
                    .get_value((at.row, at.col))
                    .map(String::as_str)
                    .unwrap_or(""),
                ""
            );
        }
        let quoted = book.worksheet_range("O'Brien").unwrap();
        assert_eq!(cell(&quoted, c(1, 0)), &Data::String("@home".into()));
        let data = book.worksheet_range("规范化数据").unwrap();
        assert_eq!(cell(&data, c(3, 0)), &Data::String("=A1".into()));
    }

    #[test]
    fn formulas_corrections_and_formats() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let values = book.worksheet_range("指标").unwrap();
        let formulas = book.worksheet_formula("指标").unwrap();
        let f = |at: CellRef| {
            formulas
                .get_value((at.row, at.col))
                .cloned()
                .unwrap_or_default()
        };

        // The input's formula with its cached value.
        assert_eq!(f(c(6, 1)), "SUM(B4:B5)");
        assert_eq!(num(cell(&values, c(6, 1))), Some(500650.0));
        // The correction: formula, cached value, percent format, green.
        assert_eq!(f(c(4, 3)), "C4/B4");
        assert_eq!(num(cell(&values, c(4, 3))), Some(1.0769));

        let styles = book.worksheet_style("指标").unwrap();
        let style = |at: CellRef| styles.get((at.row, at.col)).cloned().unwrap_or_default();
        let fill = |at: CellRef| {
            style(at)
                .fill
                .and_then(|f| f.foreground_color.or(f.background_color))
                .map(|c| (u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue))
        };
        let num_fmt = |at: CellRef| style(at).number_format.map(|n| n.format_code);
        assert_eq!(fill(c(4, 3)), Some(CORRECTED_FILL));
        assert_eq!(num_fmt(c(4, 3)).as_deref(), Some("0.00%"));
        // Flagged by an error and a warning: red, value unchanged.
        assert_eq!(fill(c(5, 2)), Some(ERROR_FILL));
        assert_eq!(num(cell(&values, c(5, 2))), Some(19458011.0));
        // Flagged by a warning only.
        assert_eq!(fill(c(4, 0)), Some(WARNING_FILL));
        // Info finding: no fill.
        assert_eq!(fill(c(3, 1)), None);
        // The cell's own format kept, a date given yyyy-mm-dd.
        assert_eq!(num_fmt(c(6, 4)).as_deref(), Some("0.0"));
        assert_eq!(num_fmt(c(5, 4)).as_deref(), Some("yyyy-mm-dd"));
        // A flagged cell keeps its own number format under the fill.
        let mut wb = input(Path::new("x.xlsx"));
        wb.sheets[0].number_formats.insert(c(5, 2), "#,##0".into());
        let dir = tempfile::tempdir().unwrap();
        let out2 = dir.path().join("o.xlsx");
        let mut rep = report(Path::new("x.xlsx"));
        rep.path = PathBuf::from("x.xlsx");
        write(&wb, &rep, &out2, Lang::Zh).unwrap();
        let mut book2 = open(&out2);
        let styles2 = book2.worksheet_style("指标").unwrap();
        let st = styles2.get((4, 2)).cloned().unwrap_or_default();
        assert_eq!(
            st.number_format.map(|n| n.format_code).as_deref(),
            Some("#,##0")
        );
        assert!(st.fill.is_some());
    }

    #[test]
    fn merges_reproduced_bad_ones_skipped_anchor_kept() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let mut merges: Vec<_> = book
            .merge_cells_by_sheet_name("指标")
            .unwrap()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        merges.sort();
        assert_eq!(merges, vec![((0, 0), (0, 5)), ((1, 1), (1, 3))]);
        let values = book.worksheet_range("指标").unwrap();
        assert_eq!(
            cell(&values, c(1, 0)),
            &Data::String("指标完成情况统计表".into())
        );
        assert_eq!(cell(&values, c(2, 1)), &Data::String("电访".into()));
        // The single-cell "merge" cell keeps its value.
        assert_eq!(num(cell(&values, c(6, 4))), Some(3.25));
    }

    #[test]
    fn notes_list_every_finding_on_a_cell() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let notes = zip_text(&out, "xl/comments");
        assert!(notes.contains("R001"), "{notes}");
        assert!(notes.contains("原值：111.11%"));
        assert!(notes.contains("应为：107.69%"));
        assert!(notes.contains("完成率应为 107.69%"));
        assert!(notes.contains("已更正"));
        // Both findings on C5 in one note.
        let s001 = notes.find("S001").expect("S001 noted");
        let v004 = notes.find("V004").expect("V004 noted");
        let between = &notes[s001.min(v004)..s001.max(v004)];
        assert!(!between.contains("</comment>"), "one note for C5");
        // The info finding gets no note; the other file's finding neither.
        assert!(!notes.contains("H003"));
        assert!(!notes.contains("X001"));
    }

    #[test]
    fn english_notes_and_headers() {
        let (_dir, _, _, out) = setup(Lang::En);
        let notes = zip_text(&out, "xl/comments");
        assert!(notes.contains("Found: 111.11%"));
        assert!(notes.contains("Expected: 107.69%"));
        assert!(notes.contains("The rate should be 107.69%"));
        let mut book = open(&out);
        let audit = book.worksheet_range("核对结果(2)").unwrap();
        let header: Vec<String> = (0..10).map(|col| text(cell(&audit, c(1, col)))).collect();
        assert_eq!(
            header,
            [
                "Rule",
                "Severity",
                "File",
                "Sheet",
                "Cell",
                "Found",
                "Expected",
                "Action",
                "Message",
                "Related cells"
            ]
        );
        assert_eq!(text(cell(&audit, c(2, 1))), "error");
        assert_eq!(text(cell(&audit, c(2, 7))), "corrected");
        assert_eq!(text(cell(&audit, c(3, 7))), "flagged");
        assert_eq!(text(cell(&audit, c(6, 7))), "none");
    }

    #[test]
    fn audit_rows_match_the_findings() {
        let (_dir, _, rep, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let audit = book.worksheet_range("核对结果(2)").unwrap();
        let header: Vec<String> = (0..10).map(|col| text(cell(&audit, c(1, col)))).collect();
        assert_eq!(
            header,
            [
                "规则",
                "级别",
                "文件",
                "工作表",
                "单元格",
                "原值",
                "应为",
                "处理",
                "说明",
                "相关单元格"
            ]
        );
        assert_eq!(audit.height(), rep.findings.len() + 1);
        for (i, f) in rep.findings.iter().enumerate() {
            let row = i as u32 + 2;
            let got = |col: u32| text(cell(&audit, c(row, col)));
            assert_eq!(got(0), f.rule.code());
            assert_eq!(got(3), f.location.sheet);
            assert_eq!(got(4), f.location.cell.a1());
            assert_eq!(got(5), f.found);
            assert_eq!(got(6), f.expected.clone().unwrap_or_default());
            let action = match f.action() {
                Action::Corrected => "已更正",
                Action::Flagged => "已标注",
                Action::None => "无",
            };
            assert_eq!(got(7), action);
            assert_eq!(got(8), f.message.zh);
        }
        assert_eq!(text(cell(&audit, c(2, 1))), "错误");
        assert_eq!(text(cell(&audit, c(5, 1))), "警告");
        assert_eq!(text(cell(&audit, c(6, 1))), "提示");
        assert_eq!(text(cell(&audit, c(2, 2))), "station.xlsx");
        assert_eq!(text(cell(&audit, c(7, 2))), "roster.xlsx");
        assert_eq!(
            text(cell(&audit, c(2, 9))),
            "station.xlsx!指标!B4; station.xlsx!指标!C4"
        );

        // Links to the cell, to the sanitized name, quotes doubled; none to another file.
        let links = book.hyperlinks_by_sheet_name("核对结果(2)").unwrap();
        let at = |row: u32| {
            links
                .iter()
                .find(|l| l.range.start == (row, 4))
                .and_then(|l| l.location.clone())
        };
        assert_eq!(at(1).as_deref(), Some("'指标'!D4"));
        assert_eq!(at(6), None);
        assert_eq!(at(7).as_deref(), Some("'Data_1_'!A1"));
        assert_eq!(at(8).as_deref(), Some("'O''Brien'!A1"));

        // The input's own 核对结果 sheet is untouched.
        let old = book.worksheet_range("核对结果").unwrap();
        assert_eq!(cell(&old, c(1, 0)), &Data::String("旧的核对结果".into()));
    }

    #[test]
    fn data_sheet_numbers_percents_and_text() {
        let (_dir, _, _, out) = setup(Lang::Zh);
        let mut book = open(&out);
        let data = book.worksheet_range("规范化数据").unwrap();
        assert_eq!(cell(&data, c(1, 2)), &Data::String("完成率".into()));
        assert_eq!(cell(&data, c(2, 0)), &Data::String("片区3".into()));
        assert_eq!(num(cell(&data, c(2, 1))), Some(700.0));
        assert_eq!(num(cell(&data, c(2, 2))), Some(1.0769));
        let styles = book.worksheet_style("规范化数据").unwrap();
        let pct = styles.get((1, 2)).and_then(|s| s.number_format.clone());
        assert_eq!(pct.map(|n| n.format_code).as_deref(), Some("0.00%"));
        let bold = styles
            .get((0, 0))
            .and_then(|s| s.font.clone())
            .map(|f| f.is_bold());
        assert_eq!(bold, Some(true));
        let xml = zip_text(&out, "xl/worksheets/sheet5.xml");
        assert!(xml.contains(r#"<autoFilter ref="A1:C3"/>"#), "{xml}");
        assert!(xml.contains(r#"state="frozen""#));
    }

    #[test]
    fn no_findings_still_gives_an_audit_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.xlsx");
        let wb = input(&path);
        let rep = FileReport {
            path: path.clone(),
            tables: Vec::new(),
            findings: Vec::new(),
            data_sheets: Vec::new(),
        };
        for (lang, line) in [(Lang::Zh, "未发现问题"), (Lang::En, "No findings")] {
            let out = dir.path().join("out.xlsx");
            write(&wb, &rep, &out, lang).unwrap();
            let mut book = open(&out);
            assert_eq!(
                book.sheet_names().last().map(String::as_str),
                Some("核对结果(2)")
            );
            let audit = book.worksheet_range("核对结果(2)").unwrap();
            assert_eq!(audit.height(), 2);
            assert_eq!(cell(&audit, c(2, 0)), &Data::String(line.into()));
            assert!(zip_text(&out, "xl/comments").is_empty());
        }
    }

    #[test]
    fn refuses_to_write_over_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let bytes = b"PK original bytes".to_vec();
        std::fs::write(&path, &bytes).unwrap();
        let wb = input(&path);
        let rep = report(&path);
        let spelled = dir.path().join(".").join("station.xlsx");
        for out in [&path, &spelled] {
            match write(&wb, &rep, out, Lang::Zh) {
                Err(Error::OutputIsInput(p)) => assert_eq!(&p, out),
                other => panic!("expected OutputIsInput, got {other:?}"),
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn unwritable_output_gives_a_write_error_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let wb = input(&path);
        let rep = report(&path);

        let missing = dir.path().join("no such dir").join("out.xlsx");
        match write(&wb, &rep, &missing, Lang::Zh) {
            Err(Error::Write(p, reason)) => {
                assert_eq!(p, missing);
                assert!(!reason.is_empty());
            }
            other => panic!("expected Write, got {other:?}"),
        }
        assert!(!missing.exists());

        // The output path is a directory: the rename fails, the temp file goes.
        let taken = dir.path().join("taken.xlsx");
        std::fs::create_dir(&taken).unwrap();
        assert!(matches!(
            write(&wb, &rep, &taken, Lang::Zh),
            Err(Error::Write(..))
        ));
        assert!(taken.is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // A read-only directory, where permissions apply (not as root).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let ro = dir.path().join("ro");
            std::fs::create_dir(&ro).unwrap();
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
            if std::fs::write(ro.join("probe"), b"").is_err() {
                let out = ro.join("out.xlsx");
                assert!(matches!(
                    write(&wb, &rep, &out, Lang::Zh),
                    Err(Error::Write(..))
                ));
                assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
            }
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    #[test]
    fn replaces_an_existing_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let out = dir.path().join("out.xlsx");
        std::fs::write(&out, b"old").unwrap();
        write(&input(&path), &report(&path), &out, Lang::Zh).unwrap();
        let book = open(&out);
        assert_eq!(book.sheet_names()[0], "指标");
    }

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
    fn widths_count_cjk_double() {
        assert_eq!(display_width("片区3"), 5);
        assert_eq!(text_width("ab\n片区片区"), 8);
        assert_eq!(column_width(200), MAX_WIDTH);
        assert_eq!(column_width(0), MIN_WIDTH);
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;
    use crate::read::{read_with, Limits, ReadMode};
    use calamine::{BorderStyle, HorizontalAlignment, VerticalAlignment, Xlsx};

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators/chigang_2024.xlsx")
    }

    fn has_border(style: &calamine::Style) -> bool {
        style.borders.as_ref().is_some_and(|b| {
            [&b.left, &b.right, &b.top, &b.bottom]
                .iter()
                .all(|side| side.style == BorderStyle::Thin)
        })
    }

    #[test]
    fn input_styles_are_carried_over_under_the_highlights() {
        let input = read_with(&fixture(), Limits::default(), ReadMode::Full).expect("read");
        let sheet = input.sheet("附件1").expect("sheet");
        assert!(!sheet.style_ids.is_empty());
        // The input itself: A3 is a bold, bordered, centred header.
        let a3 = sheet.style(CellRef::new(2, 0)).expect("A3 styled");
        assert!(a3.font.as_ref().is_some_and(|f| f.is_bold()) && has_border(a3));

        let checked = crate::check_workbook(input, &crate::Options::default(), ReadMode::Full)
            .expect("checked");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("chigang_2024.corrected.xlsx");
        write(&checked.workbook, &checked.report, &out, Lang::Zh).expect("written");

        let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("output opens");
        let styles = book.worksheet_style("附件1").expect("styles");
        let a3 = styles.get((2, 0)).expect("A3 styled");
        assert!(a3.font.as_ref().is_some_and(|f| f.is_bold()), "{a3:?}");
        assert!(has_border(a3), "{a3:?}");
        let align = a3.alignment.as_ref().expect("aligned");
        assert_eq!(align.horizontal, HorizontalAlignment::Center);
        assert_eq!(align.vertical, VerticalAlignment::Center);
        assert!(align.wrap_text);

        // H7 holds a correction: the highlight wins over the input's fill, the border stays.
        let h7 = styles.get((6, 7)).expect("H7 styled");
        let fill = h7
            .fill
            .as_ref()
            .and_then(|f| f.get_color())
            .expect("filled");
        assert_eq!(fill.to_argb() & 0x00FF_FFFF, CORRECTED_FILL, "{h7:?}");
        assert!(has_border(h7), "{h7:?}");
        // The correction's number format wins too.
        let num = h7.number_format.as_ref().map(|n| n.format_code.as_str());
        assert_eq!(num, Some(PERCENT_FORMAT));
    }

    #[test]
    fn a_check_reads_no_styles() {
        let input = read_with(&fixture(), Limits::default(), ReadMode::Check).expect("read");
        for sheet in &input.sheets {
            assert!(sheet.styles.is_empty() && sheet.style_ids.is_empty());
        }
    }
}
