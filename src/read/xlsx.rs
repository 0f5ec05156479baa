//! One pass over an xlsx sheet's XML for its values and number formats,
//! straight into the dense grid, without calamine's intermediate `Range`.
//!
//! Reading values, formulas and styles separately parses the sheet three
//! times (four with merged regions) and holds two copies of its cells; on a
//! city batch or a sheet of a million cells that is most of the run. Formulas
//! take a second pass only when they are wanted: always in `ReadMode::Full`
//! (the corrected workbook keeps them), and in `ReadMode::Check` only for a
//! sheet with a formula that has no cached value, the one case a check needs
//! them for (V008). Merged regions come from a scan of the raw XML.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::LazyLock;

use calamine::{DataRef, Xlsx};
use regex::bytes::Regex;

use crate::error::Error;
use crate::read::{Limits, Parts};
use crate::workbook::{CellRange, CellRef, Layout, PageSetup, Sheet, Value};

/// When to read a sheet's formulas, which costs a second pass over its XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Formulas {
    Always,
    /// When the value pass met a cell element without a value: possibly a
    /// formula never calculated (or only a formatted blank cell).
    IfValueless,
    Never,
}

/// What the raw XML of a workbook's sheets tells without parsing it: each
/// sheet's merged regions (calamine would parse the whole sheet again to
/// find them) and which sheets hold a formula with no cached value.
#[derive(Debug, Default)]
pub(crate) struct Prepass {
    pub merges: HashMap<String, Vec<CellRange>>,
    pub uncached: HashSet<String>,
    /// Each sheet's widths, heights and page setup, when asked for.
    pub layouts: HashMap<String, Layout>,
}

static SHEET_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?sheet\s[^>]*>").expect("constant pattern"));
static RELATIONSHIP_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?Relationship\s[^>]*>").expect("constant pattern"));
static MERGE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<(?:\w+:)?mergeCell\s[^>]*\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?""#)
        .expect("constant pattern")
});
/// A formula element closing its cell with no `<v>` after it.
static UNCACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:</(?:\w+:)?f>|<(?:\w+:)?f(?:\s[^>]*)?/>)\s*</(?:\w+:)?c>")
        .expect("constant pattern")
});

/// The attributes the prepass reads, each with its pattern (a prefix allowed, as in `r:id`).
static ATTRIBUTES: LazyLock<[(&str, Regex); 4]> = LazyLock::new(|| {
    ["name", "id", "Id", "Target"].map(|name| {
        let pattern = format!(r#"\s(?:\w+:)?{name}="([^"]*)""#);
        (name, Regex::new(&pattern).expect("constant pattern"))
    })
});

/// The value of attribute `name` in one tag, unescaped.
fn attribute(tag: &[u8], name: &str) -> Option<String> {
    let raw = match scan_attribute(tag, name) {
        Some(found) => found?,
        None => {
            let (_, re) = ATTRIBUTES.iter().find(|(n, _)| *n == name)?;
            re.captures(tag)?.get(1)?.as_bytes()
        }
    };
    let text = String::from_utf8_lossy(raw);
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// What the `ATTRIBUTES` pattern of `name` captures first in a tag, without
/// running it: `name="…"` after a space, or after a space and a prefix
/// (`r:id`); the pattern costs far more than this scan on every part. None
/// when a character the scan looks at is not ASCII (a space or a letter of
/// another script, which the pattern knows): the caller then runs the pattern.
fn scan_attribute<'t>(tag: &'t [u8], name: &str) -> Option<Option<&'t [u8]>> {
    // `\s` and `\w` of the pattern, on ASCII.
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let needle = format!("{name}=\"");
    let mut first: Option<(usize, &[u8])> = None;
    for at in memchr::memmem::find_iter(tag, needle.as_bytes()) {
        let value_start = at + needle.len();
        let Some(len) = memchr::memchr(b'"', &tag[value_start..]) else {
            continue;
        };
        let value = &tag[value_start..value_start + len];
        // Where the match would start: the space before the name, or before its prefix.
        let start = match at.checked_sub(1).map(|i| tag[i]) {
            Some(b) if !b.is_ascii() => return None,
            Some(b) if space(b) => Some(at - 1),
            Some(b':') => {
                let prefix_end = at - 1;
                let before = tag[..prefix_end].iter().rposition(|&b| !word(b));
                match before.map(|i| tag[i]) {
                    Some(b) if !b.is_ascii() => return None,
                    Some(b) if space(b) && before.is_some_and(|i| i + 1 < prefix_end) => before,
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(start) = start {
            if first.is_none_or(|(s, _)| start < s) {
                first = Some((start, value));
            }
        }
    }
    // The leftmost match, as the pattern reports.
    Some(first.map(|(_, v)| v))
}

/// Column letters to a zero-based index: A → 0, AA → 26.
fn column(letters: &[u8]) -> Option<u32> {
    letters
        .iter()
        .try_fold(0u32, |acc, b| {
            let digit = u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1;
            acc.checked_mul(26)?.checked_add(digit)
        })?
        .checked_sub(1)
}

fn cell(letters: &[u8], digits: &[u8]) -> Option<CellRef> {
    let row: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(CellRef::new(row.checked_sub(1)?, column(letters)?))
}

/// Reads the workbook part list and each worksheet's raw XML, as the package
/// check inflated them. None when the parts are not where the package says
/// (the caller then asks calamine).
pub(crate) fn prepass(parts: &Parts, layouts: bool) -> Option<Prepass> {
    let workbook = parts.get("xl/workbook.xml")?;
    let rels = parts.get("xl/_rels/workbook.xml.rels")?;
    let targets: HashMap<String, String> = RELATIONSHIP_TAG
        .find_iter(rels)
        .filter_map(|tag| {
            Some((
                attribute(tag.as_bytes(), "Id")?,
                attribute(tag.as_bytes(), "Target")?,
            ))
        })
        .collect();
    let mut found = Prepass::default();
    let defined = if layouts {
        defined_names(workbook)
    } else {
        Vec::new()
    };
    for (index, tag) in SHEET_TAG.find_iter(workbook).enumerate() {
        let tag = tag.as_bytes();
        let (Some(name), Some(id)) = (attribute(tag, "name"), attribute(tag, "id")) else {
            continue;
        };
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = parts.get(&path) else {
            continue;
        };
        // Every formula has an `f>` end tag or is a shared one (`t="shared"`): without either, none to look at.
        let may_have_formulas = memchr::memmem::find(xml, b"f>").is_some()
            || memchr::memmem::find(xml, b"t=\"shared\"").is_some();
        if may_have_formulas && UNCACHED.is_match(xml) {
            found.uncached.insert(name.clone());
        }
        // Merged regions follow the cell data; look only there.
        let tail = memchr::memmem::rfind(xml, b"sheetData>").map_or(xml, |at| &xml[at..]);
        let merges = MERGE_TAG
            .captures_iter(tail)
            .filter_map(|caps| {
                let first = cell(caps.get(1)?.as_bytes(), caps.get(2)?.as_bytes())?;
                let last = match (caps.get(3), caps.get(4)) {
                    (Some(l), Some(d)) => cell(l.as_bytes(), d.as_bytes())?,
                    _ => first,
                };
                Some(CellRange::new(first, last))
            })
            .collect();
        if layouts {
            let mut layout = layout(xml);
            for (kind, sheet, text) in &defined {
                if *sheet != Some(index) {
                    continue;
                }
                match kind.as_str() {
                    "_xlnm.Print_Area" => layout.print_area = print_area(text),
                    "_xlnm.Print_Titles" => {
                        (layout.repeat_rows, layout.repeat_cols) = print_titles(text);
                    }
                    _ => {}
                }
            }
            found.layouts.insert(name.clone(), layout);
        }
        found.merges.insert(name, merges);
    }
    Some(found)
}

static DEFINED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(<(?:\w+:)?definedName\s[^>]*>)([^<]*)</").expect("constant pattern")
});
static ANY_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:^|\s)(?:\w+:)?(\w+)="([^"]*)""#).expect("constant pattern"));
static COL_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?col\s[^>]*>").expect("constant pattern"));
static ROW_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?row\s[^>]*>").expect("constant pattern"));
static SHEET_FORMAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?sheetFormatPr\s[^>]*>").expect("constant pattern"));
static PAGE_SETUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?pageSetup\s[^>]*>").expect("constant pattern"));
static PAGE_SETUP_PR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?pageSetUpPr\s[^>]*>").expect("constant pattern"));
static PRINT_OPTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?printOptions\s[^>]*>").expect("constant pattern"));
static PAGE_MARGINS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:\w+:)?pageMargins\s[^>]*>").expect("constant pattern"));

/// Every attribute of one tag, by local name, unescaped.
fn attributes(tag: &[u8]) -> HashMap<String, String> {
    // Skip the element name itself.
    let body = tag
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .map_or(&tag[..0], |at| &tag[at..]);
    ANY_ATTRIBUTE
        .captures_iter(body)
        .filter_map(|caps| {
            let name = String::from_utf8_lossy(caps.get(1)?.as_bytes()).into_owned();
            let value = unescape(caps.get(2)?.as_bytes());
            Some((name, value))
        })
        .collect()
}

fn unescape(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn flag(a: &HashMap<String, String>, name: &str) -> bool {
    a.get(name).is_some_and(|v| v == "1" || v == "true")
}

fn number<T: std::str::FromStr>(a: &HashMap<String, String>, name: &str) -> Option<T> {
    a.get(name)?.trim().parse().ok()
}

/// The print area and print titles of each sheet (by its position), from workbook.xml.
fn defined_names(workbook: &[u8]) -> Vec<(String, Option<usize>, String)> {
    DEFINED_NAME
        .captures_iter(workbook)
        .filter_map(|caps| {
            let a = attributes(caps.get(1)?.as_bytes());
            let name = a.get("name")?.clone();
            let sheet = number(&a, "localSheetId");
            Some((name, sheet, unescape(caps.get(2)?.as_bytes())))
        })
        .collect()
}

/// The part of a reference after its sheet name: `'附件 1'!$A$1:$P$20` → `$A$1:$P$20`.
fn after_sheet(reference: &str) -> &str {
    reference.rsplit_once('!').map_or(reference, |(_, r)| r)
}

fn print_area(text: &str) -> Option<CellRange> {
    // Several areas print on pages of their own: keep the first.
    let first = text.split(',').next()?;
    let r = after_sheet(first).replace('$', "");
    let (a, b) = r.split_once(':').unwrap_or((&r, &r));
    let split = |s: &str| {
        let at = s.find(|c: char| c.is_ascii_digit())?;
        cell(&s.as_bytes()[..at], &s.as_bytes()[at..])
    };
    Some(CellRange::new(split(a)?, split(b)?))
}

/// Rows and columns repeated on each page: `'S'!$1:$3` and/or `'S'!$A:$B`.
/// An inclusive span of rows or columns.
type Span = Option<(u32, u32)>;

fn print_titles(text: &str) -> (Span, Span) {
    let (mut rows, mut cols) = (None, None);
    for part in text.split(',') {
        let r = after_sheet(part).replace('$', "");
        let Some((a, b)) = r.split_once(':') else {
            continue;
        };
        if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
            if a >= 1 && b >= a {
                rows = Some((a - 1, b - 1));
            }
        } else if let (Some(a), Some(b)) = (column(a.as_bytes()), column(b.as_bytes())) {
            if b >= a {
                cols = Some((a, b));
            }
        }
    }
    (rows, cols)
}

/// Widths, heights and page setup from one sheet's XML.
fn layout(xml: &[u8]) -> Layout {
    let mut layout = Layout::default();
    let data = memchr::memmem::find(xml, b"sheetData").unwrap_or(xml.len());
    let (head, rest) = xml.split_at(data);
    if let Some(tag) = SHEET_FORMAT.find(head) {
        let a = attributes(tag.as_bytes());
        // Rows of the default height grow with their text unless the sheet fixes them.
        if flag(&a, "customHeight") {
            layout.default_row_height = number(&a, "defaultRowHeight").filter(|h: &f64| *h > 0.0);
        }
        layout.default_col_width = number(&a, "defaultColWidth").filter(|w: &f64| *w > 0.0);
    }
    for tag in COL_TAG.find_iter(head) {
        let a = attributes(tag.as_bytes());
        let (Some(min), Some(max)) = (number::<u32>(&a, "min"), number::<u32>(&a, "max")) else {
            continue;
        };
        if min == 0 || max < min {
            continue;
        }
        let span = (min - 1, (max - 1).min(16_383));
        if let Some(width) = number::<f64>(&a, "width").filter(|w| w.is_finite() && *w >= 0.0) {
            layout.col_widths.push((span.0, span.1, width));
        }
        if flag(&a, "hidden") {
            layout.hidden_cols.push(span);
        }
    }
    // The page setup follows the cell data.
    let tail_at = memchr::memmem::rfind(rest, b"sheetData>").unwrap_or(0);
    let (cells, tail) = rest.split_at(tail_at);
    let default_height = SHEET_FORMAT
        .find(head)
        .and_then(|t| number::<f64>(&attributes(t.as_bytes()), "defaultRowHeight"));
    for tag in ROW_TAG.find_iter(cells) {
        let tag = tag.as_bytes();
        if memchr::memmem::find(tag, b"ht=").is_none()
            && memchr::memmem::find(tag, b"hidden").is_none()
        {
            continue;
        }
        let a = attributes(tag);
        let Some(row) = number::<u32>(&a, "r").and_then(|r| r.checked_sub(1)) else {
            continue;
        };
        if let Some(ht) = number::<f64>(&a, "ht").filter(|h| h.is_finite() && *h >= 0.0) {
            if flag(&a, "customHeight") || Some(ht) != default_height {
                layout.row_heights.insert(row, ht);
            }
        }
        if flag(&a, "hidden") {
            layout.hidden_rows.push(row);
        }
    }
    let mut page = PageSetup::default();
    let fit_to_page = PAGE_SETUP_PR
        .find(head)
        .is_some_and(|t| flag(&attributes(t.as_bytes()), "fitToPage"));
    if let Some(tag) = PAGE_SETUP.find(tail) {
        let a = attributes(tag.as_bytes());
        page.landscape = a.get("orientation").map(|o| o == "landscape");
        page.paper_size = number(&a, "paperSize");
        page.scale = number(&a, "scale").filter(|s: &u16| (10..=400).contains(s));
        if fit_to_page {
            page.fit_to = Some((
                number(&a, "fitToWidth").unwrap_or(1),
                number(&a, "fitToHeight").unwrap_or(1),
            ));
        }
    } else if fit_to_page {
        page.fit_to = Some((1, 1));
    }
    if let Some(tag) = PRINT_OPTIONS.find(tail) {
        let a = attributes(tag.as_bytes());
        page.center_horizontally = flag(&a, "horizontalCentered");
        page.center_vertically = flag(&a, "verticalCentered");
        page.gridlines = flag(&a, "gridLines");
    }
    if let Some(tag) = PAGE_MARGINS.find(tail) {
        let a = attributes(tag.as_bytes());
        let m = ["left", "right", "top", "bottom", "header", "footer"]
            .map(|k| number::<f64>(&a, k).filter(|v| v.is_finite() && *v >= 0.0));
        if m.iter().all(Option::is_some) {
            page.margins = Some(m.map(|v| v.unwrap_or_default()));
        }
    }
    layout.page = page;
    layout
}

/// The marks hedui leaves in the workbooks it writes, from the custom
/// document properties (docProps/custom.xml); none when the part is absent.
pub(crate) fn marks(parts: &Parts) -> crate::read::Marks {
    use crate::read::{Marks, GENERATED_SHEETS_PROPERTY, SUMMARY_PROPERTY};
    static PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?s)<(?:\w+:)?property\s[^>]*\bname="([^"]*)"[^>]*>.*?<(?:\w+:)?lpwstr>([^<]*)</"#,
        )
        .expect("constant pattern")
    });
    let mut marks = Marks::default();
    let Some(custom) = parts.get("docProps/custom.xml") else {
        return marks;
    };
    let unescape = |raw: &[u8]| {
        String::from_utf8_lossy(raw)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    for caps in PROPERTY.captures_iter(custom) {
        let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        match unescape(name.as_bytes()).as_str() {
            GENERATED_SHEETS_PROPERTY => {
                marks.sheets = unescape(value.as_bytes())
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            SUMMARY_PROPERTY => marks.summary = true,
            _ => {}
        }
    }
    marks
}

/// Reads sheet `name` of `book`: values, number formats and, as `formulas` says, formulas.
pub(crate) fn load_sheet<RS: Read + Seek>(
    path: &Path,
    book: &mut Xlsx<RS>,
    name: &str,
    limits: Limits,
    formulas: Formulas,
    styles: bool,
) -> Result<Sheet, Error> {
    let too_large = |cells: u64| {
        Error::TooLarge(
            path.to_path_buf(),
            crate::error::Limit::Cells {
                sheet: name.to_string(),
                found: Some(cells),
                limit: limits.max_cells,
            },
        )
    };
    let damaged = |_| Error::SheetDamaged(path.to_path_buf(), name.to_string());
    let mut reader = book.worksheet_cells_reader(name).map_err(damaged)?;
    // Number format per style id, computed once: most cells share a handful of styles.
    let formats: Vec<Option<std::sync::Arc<str>>> = reader
        .styles()
        .iter()
        .map(|style| {
            style
                .number_format
                .as_ref()
                .filter(|f| f.format_code != "General")
                .map(|f| std::sync::Arc::from(f.format_code.as_str()))
        })
        .collect();
    // The declared size sizes the grid up front; a file that declares none (or
    // a wrong one) still reads, its other cells placed in one go at the end.
    let declared = reader.dimensions();
    let (height, width) = (declared.end.0 + 1, declared.end.1 + 1);
    let declared_cells = u64::from(height) * u64::from(width);
    let mut sheet = if declared_cells > 1 && declared_cells <= limits.max_cells {
        Sheet::new(name, height, width)
    } else {
        Sheet::new(name, 0, 0)
    };
    let (grid_height, grid_width) = (sheet.height, sheet.width);
    // Each style's number format as the sheet's format id (0: none).
    let format_ids: Vec<u32> = formats
        .into_iter()
        .map(|code| code.map_or(0, |code| sheet.format_code_id(code)))
        .collect();
    let mut outside: Vec<(CellRef, Value, u32)> = Vec::new();
    let mut bounds: Option<(CellRef, CellRef)> = None;
    let mut valueless = false;
    let mut style_ids: HashMap<CellRef, u32> = HashMap::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(damaged)? {
        let (row, col) = cell.get_position();
        // Styles only for the corrected workbook: a check does not pay for them.
        if styles && style != 0 {
            if let Ok(id) = u32::try_from(style) {
                style_ids.insert(CellRef::new(row, col), id);
            }
        }
        let value = match cell.get_value() {
            // A cell element with no value: a formula never calculated (or an empty string).
            DataRef::Empty => {
                valueless = true;
                continue;
            }
            DataRef::Int(i) => Value::Number(*i as f64),
            DataRef::Float(f) => Value::Number(*f),
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) => Value::Text((*s).to_string()),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::Date(crate::read::serial_1900(d)),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
            DataRef::Error(e) => Value::Error(e.to_string()),
        };
        let at = CellRef::new(row, col);
        bounds = Some(match bounds {
            None => (at, at),
            Some((lo, hi)) => (
                CellRef::new(lo.row.min(row), lo.col.min(col)),
                CellRef::new(hi.row.max(row), hi.col.max(col)),
            ),
        });
        let format = match format_ids.get(style) {
            Some(&id) if !value.is_empty() => id,
            _ => 0,
        };
        if row < grid_height && col < grid_width {
            sheet.set(at, value);
            if format != 0 {
                sheet.set_format_id(at, format);
            }
        } else {
            outside.push((at, value, format));
        }
    }
    if !style_ids.is_empty() {
        sheet.styles = std::sync::Arc::new(reader.styles().to_vec());
        sheet.style_ids = style_ids;
    }
    drop(reader);
    if let Some((lo, hi)) = bounds {
        let used = u64::from(hi.row - lo.row + 1) * u64::from(hi.col - lo.col + 1);
        let grid = u64::from(hi.row + 1) * u64::from(hi.col + 1);
        if used > limits.max_cells || grid > limits.max_cells {
            return Err(too_large(used.max(grid)));
        }
    }
    if !outside.is_empty() {
        // Grow once, to the last cell, before placing the rest.
        if let Some((_, hi)) = bounds {
            sheet.set(hi, sheet.get(hi).clone());
        }
        for (cell, value, format) in outside {
            sheet.set(cell, value);
            if format != 0 {
                sheet.set_format_id(cell, format);
            }
        }
    }
    if formulas == Formulas::Always || (formulas == Formulas::IfValueless && valueless) {
        crate::read::load_formulas(&mut sheet, book, name);
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;
    use std::io::Cursor;

    #[test]
    fn a_formula_without_a_cached_value_is_found() {
        let uncached: [&[u8]; 3] = [
            b"<c r=\"B2\"><f>SUM(A1:A3)</f></c>",
            b"<c r=\"B3\"><f t=\"shared\" si=\"0\"/></c>",
            b"<x:c r=\"B2\"><x:f>A1</x:f>\n</x:c>",
        ];
        for xml in uncached {
            assert!(UNCACHED.is_match(xml), "{}", String::from_utf8_lossy(xml));
        }
        let cached: [&[u8]; 3] = [
            b"<c r=\"B2\"><f>SUM(A1:A3)</f><v>6</v></c>",
            b"<c r=\"B3\"><f t=\"shared\" si=\"0\"/><v>1</v></c>",
            b"<c r=\"B4\" s=\"3\"/><c r=\"B5\" t=\"s\"><v>0</v></c>",
        ];
        for xml in cached {
            assert!(!UNCACHED.is_match(xml), "{}", String::from_utf8_lossy(xml));
        }
    }

    #[test]
    fn the_prepass_finds_the_merges_calamine_finds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators");
        for name in [
            "chigang_2024.xlsx",
            "two_sheets.xlsx",
            "variant_formulas.xlsx",
        ] {
            let bytes = std::fs::read(root.join(name)).expect("fixture");
            let parts = crate::read::sniff(Path::new(name), &bytes, Limits::default())
                .expect("a well-formed package")
                .1;
            let found = prepass(&parts, true).expect("a well-formed package");
            assert!(
                found.uncached.is_empty(),
                "{name}: every formula has its cached value"
            );
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).expect("fixture");
            for sheet in book.sheet_names() {
                let calamine: Vec<CellRange> = book
                    .merge_cells_by_sheet_name(&sheet)
                    .expect("merges")
                    .iter()
                    .map(|d| {
                        CellRange::new(
                            CellRef::new(d.start.0, d.start.1),
                            CellRef::new(d.end.0, d.end.1),
                        )
                    })
                    .collect();
                assert_eq!(found.merges.get(&sheet), Some(&calamine), "{name} {sheet}");
            }
        }
    }

    #[test]
    fn the_attribute_scan_finds_what_the_pattern_finds() {
        let tags: [&[u8]; 12] = [
            "<sheet name=\"附件1\" sheetId=\"1\" r:id=\"rId1\"/>".as_bytes(),
            "<sheet 名:name=\"x\" name=\"y\"/>".as_bytes(),
            "<sheet\u{3000}name=\"wide space\" id=\"2\"/>".as_bytes(),
            br#"<sheet name="Sheet1" sheetId="1" r:id="rId1"/>"#,
            br#"<Relationship Id="rId3" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>"#,
            br#"<x:sheet xId="no" r:id="rId2" name="a&amp;b"/>"#,
            br#"<sheet	name="tab"
 id="nl" r:xId="none"/>"#,
            br#"<sheet aname="no" b:name="yes" name="later"/>"#,
            br#"<sheet :name="bare colon" name="plain"/>"#,
            br#"<sheet name="unclosed/>"#,
            br#"<sheet r:id="" Id="x" Target=""/>"#,
            br#"<sheet _9:id="digits" ns:Target="t"/>"#,
        ];
        for tag in tags {
            for name in ["name", "id", "Id", "Target"] {
                let (_, re) = ATTRIBUTES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .expect("a pattern");
                let by_pattern = re
                    .captures(tag)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_bytes());
                assert_eq!(
                    scan_attribute(tag, name).unwrap_or(by_pattern),
                    by_pattern,
                    "{name} in {}",
                    String::from_utf8_lossy(tag)
                );
            }
        }
    }

    #[test]
    fn column_letters() {
        assert_eq!(column(b"A"), Some(0));
        assert_eq!(column(b"Z"), Some(25));
        assert_eq!(column(b"AA"), Some(26));
        assert_eq!(column(b"XFD"), Some(16383));
        assert_eq!(cell(b"H", b"7"), Some(CellRef::new(6, 7)));
        assert_eq!(cell(b"A", b"0"), None);
    }

    #[test]
    fn the_layout_is_read_from_the_sheet_xml() {
        let xml = br#"<worksheet><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetFormatPr baseColWidth="10" defaultRowHeight="14.25" customHeight="1" defaultColWidth="9.5"/><cols><col min="1" max="1" width="22.7109375" customWidth="1"/><col min="3" max="5" width="8.5" hidden="1"/></cols><sheetData><row r="1" spans="1:5"><c r="A1"/></row><row r="2" ht="36" customHeight="1"><c r="A2"/></row><row r="4" ht="14.25" hidden="1"/></sheetData><mergeCells count="0"/><printOptions horizontalCentered="1" gridLines="true"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#;
        let l = layout(xml);
        assert_eq!(l.col_widths, vec![(0, 0, 22.7109375), (2, 4, 8.5)]);
        assert_eq!(l.hidden_cols, vec![(2, 4)]);
        assert_eq!(l.row_heights.get(&1), Some(&36.0));
        assert_eq!(l.row_heights.len(), 1, "a default-height row is not custom");
        assert_eq!(l.hidden_rows, vec![3]);
        assert_eq!(l.default_row_height, Some(14.25));
        assert_eq!(l.default_col_width, Some(9.5));
        assert_eq!(l.page.landscape, Some(true));
        assert_eq!(l.page.paper_size, Some(9));
        assert_eq!(l.page.fit_to, Some((1, 0)));
        assert_eq!(l.page.margins, Some([0.7, 0.7, 0.75, 0.75, 0.3, 0.3]));
        assert!(l.page.center_horizontally && l.page.gridlines && !l.page.center_vertically);

        let names = r#"<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">'附件 1'!$A$1:$P$20</definedName><definedName name="_xlnm.Print_Titles" localSheetId="1">'附件 1'!$A:$B,'附件 1'!$1:$3</definedName></definedNames>"#;
        let found = defined_names(names.as_bytes());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, Some(1));
        assert_eq!(
            print_area(&found[0].2),
            Some(CellRange::new(CellRef::new(0, 0), CellRef::new(19, 15)))
        );
        assert_eq!(print_titles(&found[1].2), (Some((0, 2)), Some((0, 1))));
    }
}
