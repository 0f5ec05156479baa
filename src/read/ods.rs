//! What calamine does not read from an ODS file: merged regions, cell styles
//! (font weight and size, borders, alignment, wrap, fill), column widths,
//! custom row heights and the page setup, from content.xml and styles.xml.
//!
//! Positions follow the table's own counting, repeats included, and stop at
//! the extent of the values calamine read: a style repeated to the sheet's
//! last row or column (as LibreOffice writes them) costs nothing.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{
    Alignment, Border, BorderStyle, Borders, Color, Fill, FillPattern, Font, FontStyle, FontWeight,
    HorizontalAlignment, Style, VerticalAlignment,
};
use quick_xml::events::{BytesStart, Event};

use crate::workbook::{CellRange, CellRef, Layout, Sheet};

/// A style definition: its parent and the attributes of its property elements.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    parent: Option<String>,
    /// The page layout of a master page, or the master page of a table style.
    link: Option<String>,
    props: HashMap<String, String>,
}

/// What is read for one table.
#[derive(Debug, Default)]
pub(crate) struct TableExtras {
    pub merges: Vec<CellRange>,
    pub style_ids: HashMap<CellRef, u32>,
    pub layout: Layout,
}

#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub tables: HashMap<String, TableExtras>,
    pub styles: Arc<Vec<Style>>,
}

impl Extras {
    /// Gives each sheet its merges, and with `styles` its cell styles and layout.
    pub(crate) fn apply(mut self, sheets: &mut [Sheet], styles: bool) {
        for sheet in sheets {
            let Some(t) = self.tables.remove(&sheet.name) else {
                continue;
            };
            sheet.merges = t.merges;
            if styles {
                sheet.layout = t.layout;
                if !t.style_ids.is_empty() {
                    sheet.styles = Arc::clone(&self.styles);
                    sheet.style_ids = t.style_ids;
                }
            }
        }
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

fn count(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Every `style:style`, `style:page-layout` and `style:master-page` of a part, by name.
fn read_styles(xml: &str, defs: &mut HashMap<String, StyleDef>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<(String, StyleDef)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name();
                let local = local.into_inner();
                match local {
                    "style" | "page-layout" | "master-page" | "default-style" => {
                        if let Some((name, def)) = current.take() {
                            defs.insert(name, def);
                        }
                        let name = attr(e, "style:name").unwrap_or_else(|| {
                            // The default cell style of the document.
                            format!("#default-{}", attr(e, "style:family").unwrap_or_default())
                        });
                        let def = StyleDef {
                            parent: attr(e, "style:parent-style-name"),
                            link: attr(e, "style:master-page-name")
                                .or_else(|| attr(e, "style:page-layout-name")),
                            props: HashMap::new(),
                        };
                        if matches!(event, Event::Empty(_)) {
                            defs.insert(name, def);
                        } else {
                            current = Some((name, def));
                        }
                    }
                    // A header's or footer's own margins are not the page's.
                    l if l.ends_with("-properties") && l != "header-footer-properties" => {
                        if let Some((_, def)) = current.as_mut() {
                            for a in e.attributes().flatten() {
                                def.props.insert(a.key.0.to_string(), a.value.into_owned());
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let local = e.local_name();
                if matches!(
                    local.into_inner(),
                    "style" | "page-layout" | "master-page" | "default-style"
                ) {
                    if let Some((name, def)) = current.take() {
                        defs.insert(name, def);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A style's properties with its ancestors' under them.
fn resolved(defs: &HashMap<String, StyleDef>, name: &str) -> HashMap<String, String> {
    let mut chain = Vec::new();
    let mut at = Some(name.to_string());
    while let Some(n) = at.take() {
        if chain.len() > 16 {
            break;
        }
        if let Some(def) = defs.get(&n) {
            chain.push(def);
            at = def.parent.clone();
        }
    }
    let mut props = defs
        .get("#default-table-cell")
        .map(|d| d.props.clone())
        .unwrap_or_default();
    for def in chain.into_iter().rev() {
        props.extend(def.props.clone());
    }
    props
}

/// A length (`2.2083in`, `0.5cm`, `5mm`, `10pt`) in inches.
fn inches(text: &str) -> Option<f64> {
    let text = text.trim();
    let at = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = text.split_at(at);
    let n: f64 = n.trim().parse().ok()?;
    let per_inch = match unit {
        "in" => 1.0,
        "cm" => 2.54,
        "mm" => 25.4,
        "pt" => 72.0,
        "pc" => 6.0,
        "px" => 96.0,
        _ => return None,
    };
    Some(n / per_inch).filter(|v| v.is_finite() && *v >= 0.0)
}

fn color(text: &str) -> Option<Color> {
    let hex = text.trim().strip_prefix('#')?;
    let v = u32::from_str_radix(hex, 16)
        .ok()
        .filter(|_| hex.len() == 6)?;
    Some(Color::new(
        255,
        (v >> 16) as u8,
        (v >> 8 & 0xFF) as u8,
        (v & 0xFF) as u8,
    ))
}

/// `0.74pt solid #000000` → a border.
fn border(text: &str) -> Border {
    let mut b = Border::default();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.contains(&"none") || words.contains(&"hidden") {
        return b;
    }
    let width = words.iter().find_map(|w| inches(w)).unwrap_or(0.0) * 72.0;
    b.style = if words.contains(&"double") {
        BorderStyle::Double
    } else if words.contains(&"dashed") {
        BorderStyle::Dashed
    } else if words.contains(&"dotted") {
        BorderStyle::Dotted
    } else if width >= 2.0 {
        BorderStyle::Thick
    } else if width >= 1.0 {
        BorderStyle::Medium
    } else {
        BorderStyle::Thin
    };
    b.color = words.iter().find_map(|w| color(w));
    b
}

/// A cell style as calamine describes one, from ODS properties.
fn to_style(p: &HashMap<String, String>) -> Style {
    let get = |k: &str| p.get(k).map(String::as_str);
    let mut style = Style::default();

    let mut font = Font::default();
    let mut has_font = false;
    if get("fo:font-weight")
        .is_some_and(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600))
    {
        font.weight = FontWeight::Bold;
        has_font = true;
    }
    if get("fo:font-style") == Some("italic") {
        font.style = FontStyle::Italic;
        has_font = true;
    }
    if let Some(size) = get("fo:font-size").and_then(inches) {
        font.size = Some((size * 72.0 * 100.0).round() / 100.0);
        has_font = true;
    }
    if let Some(name) = get("style:font-name") {
        font.name = Some(name.to_string());
        has_font = true;
    }
    if let Some(c) = get("fo:color").and_then(color) {
        font.color = Some(c);
        has_font = true;
    }
    if has_font {
        style.font = Some(font);
    }

    let side = |k: &str| get(k).or(get("fo:border")).map(border).unwrap_or_default();
    let mut borders = Borders::default();
    borders.left = side("fo:border-left");
    borders.right = side("fo:border-right");
    borders.top = side("fo:border-top");
    borders.bottom = side("fo:border-bottom");
    if borders.has_visible_borders() {
        style.borders = Some(borders);
    }

    let mut align = Alignment::default();
    let fixed = get("style:text-align-source") != Some("value-type");
    if fixed {
        align.horizontal = match get("fo:text-align") {
            Some("center") => HorizontalAlignment::Center,
            Some("end" | "right") => HorizontalAlignment::Right,
            Some("start" | "left") => HorizontalAlignment::Left,
            Some("justify") => HorizontalAlignment::Justify,
            _ => HorizontalAlignment::General,
        };
    }
    align.vertical = match get("style:vertical-align") {
        Some("top") => VerticalAlignment::Top,
        Some("middle") => VerticalAlignment::Center,
        _ => VerticalAlignment::Bottom,
    };
    align.wrap_text = get("fo:wrap-option") == Some("wrap");
    if align != Alignment::default() {
        style.alignment = Some(align);
    }

    if let Some(c) = get("fo:background-color").and_then(color) {
        let mut fill = Fill::default();
        fill.pattern = FillPattern::Solid;
        fill.foreground_color = Some(c);
        style.fill = Some(fill);
    }
    style
}

/// Excel's paper code for a page size in inches, either way round.
fn paper(width: f64, height: f64) -> Option<u8> {
    let (short, long) = if width < height {
        (width, height)
    } else {
        (height, width)
    };
    let near = |a: f64, b: f64| (a - b).abs() < 0.05;
    [
        (8.5, 11.0, 1u8),
        (8.5, 14.0, 5),
        (11.693, 16.535, 8),
        (8.268, 11.693, 9),
        (5.827, 8.268, 11),
        (7.165, 10.118, 13),
    ]
    .iter()
    .find(|(w, h, _)| near(short, *w) && near(long, *h))
    .map(|(_, _, code)| *code)
}

/// The page setup of a table, through its table style's master page and page layout.
fn page_setup(defs: &HashMap<String, StyleDef>, table_style: Option<&str>, layout: &mut Layout) {
    let Some(page) = table_style
        .and_then(|s| defs.get(s)?.link.clone())
        .and_then(|master| defs.get(&master)?.link.clone())
        .and_then(|name| defs.get(&name))
    else {
        return;
    };
    let get = |k: &str| page.props.get(k).map(String::as_str);
    let setup = &mut layout.page;
    setup.landscape = get("style:print-orientation").map(|o| o == "landscape");
    if let (Some(w), Some(h)) = (
        get("fo:page-width").and_then(inches),
        get("fo:page-height").and_then(inches),
    ) {
        setup.paper_size = paper(w, h);
    }
    let pages = |k: &str| get(k).and_then(|v| v.parse::<u16>().ok());
    if let Some(n) = pages("style:scale-to-pages") {
        setup.fit_to = Some((n, n));
    } else if pages("style:scale-to-X").is_some() || pages("style:scale-to-Y").is_some() {
        setup.fit_to = Some((
            pages("style:scale-to-X").unwrap_or(0),
            pages("style:scale-to-Y").unwrap_or(0),
        ));
    } else if let Some(scale) = get("style:scale-to")
        .and_then(|s| s.trim_end_matches('%').parse::<f64>().ok())
        .filter(|s| (10.0..=400.0).contains(s))
    {
        setup.scale = Some(scale.round() as u16);
    }
    let margin = |k: &str| get(k).and_then(inches);
    if let (Some(l), Some(r), Some(t), Some(b)) = (
        margin("fo:margin-left"),
        margin("fo:margin-right"),
        margin("fo:margin-top"),
        margin("fo:margin-bottom"),
    ) {
        setup.margins = Some([l, r, t.max(0.3), b.max(0.3), 0.3, 0.3]);
    }
    setup.center_horizontally = matches!(get("style:table-centering"), Some("horizontal" | "both"));
    setup.center_vertically = matches!(get("style:table-centering"), Some("vertical" | "both"));
    setup.gridlines = get("style:print").is_some_and(|p| p.split_whitespace().any(|w| w == "grid"));
}

/// One cell of a row being read: its first column, repeat, style and span.
struct RowCell {
    col: u32,
    repeat: u32,
    style: Option<String>,
    span: (u32, u32),
}

/// Reads the extras of every table, each within the extent calamine read
/// (`bounds`: rows and columns by table name).
pub(crate) fn extras(bytes: &[u8], bounds: &HashMap<String, (u32, u32)>) -> Option<Extras> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = part(&mut zip, "content.xml")?;
    let mut defs = HashMap::new();
    if let Some(styles) = part(&mut zip, "styles.xml") {
        read_styles(&styles, &mut defs);
    }
    read_styles(&content, &mut defs);

    let mut palette: Vec<Style> = vec![Style::default()];
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut style_id = |name: &str| -> Option<u32> {
        if let Some(id) = ids.get(name) {
            return (*id != 0).then_some(*id);
        }
        let style = to_style(&resolved(&defs, name));
        let id = if style == Style::default() {
            0
        } else {
            palette.push(style);
            (palette.len() - 1) as u32
        };
        ids.insert(name.to_string(), id);
        (id != 0).then_some(id)
    };

    let mut found = Extras::default();
    let mut reader = quick_xml::Reader::from_str(&content);
    let mut table: Option<(String, TableExtras, (u32, u32))> = None;
    // Per table: column default cell styles and widths; per row: its cells.
    let mut col_defaults: Vec<Option<String>> = Vec::new();
    let (mut row, mut row_repeat, mut row_default) = (0u32, 1u32, None::<String>);
    let mut cells: Vec<RowCell> = Vec::new();
    let mut col = 0u32;
    let mut depth_in_cell = 0u32;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name();
                let local = local.into_inner();
                if depth_in_cell > 0 {
                    if !is_empty {
                        depth_in_cell += 1;
                    }
                    continue;
                }
                match local {
                    "table" => {
                        let name = attr(e, "table:name").unwrap_or_default();
                        let bound = bounds.get(&name).copied().unwrap_or((0, 0));
                        let mut extras = TableExtras::default();
                        page_setup(
                            &defs,
                            attr(e, "table:style-name").as_deref(),
                            &mut extras.layout,
                        );
                        table = Some((name, extras, bound));
                        col_defaults.clear();
                        row = 0;
                    }
                    "table-column" => {
                        let Some((_, extras, bound)) = table.as_mut() else {
                            continue;
                        };
                        let repeat = count(e, "table:number-columns-repeated");
                        let first = col_defaults.len() as u32;
                        let last = first.saturating_add(repeat - 1).min(bound.1.max(1) - 1);
                        let default = attr(e, "table:default-cell-style-name");
                        for _ in first..=last.max(first) {
                            if (col_defaults.len() as u32) < bound.1.max(1) {
                                col_defaults.push(default.clone());
                            }
                        }
                        if repeat > 1 && first > last {
                            continue;
                        }
                        let width = attr(e, "table:style-name")
                            .and_then(|s| defs.get(&s)?.props.get("style:column-width").cloned())
                            .and_then(|w| inches(&w));
                        if let Some(w) = width {
                            // Stored character units as LibreOffice converts them: a 7-point digit.
                            extras.layout.col_widths.push((first, last, w * 72.0 / 7.0));
                        }
                        if attr(e, "table:visibility").is_some_and(|v| v != "visible") {
                            extras.layout.hidden_cols.push((first, last));
                        }
                    }
                    "table-row" => {
                        row_repeat = count(e, "table:number-rows-repeated");
                        row_default = attr(e, "table:default-cell-style-name");
                        cells.clear();
                        col = 0;
                        if let Some((_, extras, bound)) = table.as_mut() {
                            let style = attr(e, "table:style-name").and_then(|s| defs.get(&s));
                            let props = style.map(|d| &d.props);
                            let custom = props.is_some_and(|p| {
                                p.get("style:use-optimal-row-height").map(String::as_str)
                                    == Some("false")
                            });
                            let height = props
                                .and_then(|p| p.get("style:row-height"))
                                .and_then(|h| inches(h));
                            let hidden =
                                attr(e, "table:visibility").is_some_and(|v| v != "visible");
                            let last = row.saturating_add(row_repeat).min(bound.0);
                            for r in row..last {
                                if let (true, Some(h)) = (custom, height) {
                                    extras.layout.row_heights.insert(r, h * 72.0);
                                }
                                if hidden {
                                    extras.layout.hidden_rows.push(r);
                                }
                            }
                        }
                        if is_empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let repeat = count(e, "table:number-columns-repeated");
                        let span = (
                            count(e, "table:number-rows-spanned"),
                            count(e, "table:number-columns-spanned"),
                        );
                        cells.push(RowCell {
                            col,
                            repeat,
                            style: attr(e, "table:style-name"),
                            span: if local == "table-cell" { span } else { (1, 1) },
                        });
                        col = col.saturating_add(repeat);
                        if !is_empty {
                            depth_in_cell = 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if depth_in_cell > 0 {
                    depth_in_cell -= 1;
                    continue;
                }
                let local = e.local_name();
                match local.into_inner() {
                    "table-row" => {
                        if let Some((_, extras, bound)) = table.as_mut() {
                            let rows = row..row.saturating_add(row_repeat).min(bound.0);
                            for c in &cells {
                                let cols = c.col..c.col.saturating_add(c.repeat).min(bound.1);
                                for r in rows.clone() {
                                    for k in cols.clone() {
                                        let at = CellRef::new(r, k);
                                        if c.span != (1, 1) {
                                            extras.merges.push(CellRange::new(
                                                at,
                                                CellRef::new(r + c.span.0 - 1, k + c.span.1 - 1),
                                            ));
                                        }
                                        let style =
                                            c.style.as_deref().or(row_default.as_deref()).or(
                                                col_defaults
                                                    .get(k as usize)
                                                    .and_then(Option::as_deref),
                                            );
                                        if let Some(id) = style.and_then(&mut style_id) {
                                            extras.style_ids.insert(at, id);
                                        }
                                    }
                                }
                            }
                        }
                        row = row.saturating_add(row_repeat);
                    }
                    "table" => {
                        if let Some((name, extras, _)) = table.take() {
                            found.tables.insert(name, extras);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    found.styles = Arc::new(palette);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_borders_and_paper() {
        assert_eq!(inches("2.54cm"), Some(1.0));
        assert_eq!(inches("72pt"), Some(1.0));
        assert_eq!(inches("wide"), None);
        assert_eq!(border("0.74pt solid #000000").style, BorderStyle::Thin);
        assert_eq!(border("2.5pt solid #000000").style, BorderStyle::Thick);
        assert_eq!(border("none").style, BorderStyle::None);
        assert_eq!(paper(8.2681, 11.6929), Some(9));
        assert_eq!(paper(11.6929, 8.2681), Some(9));
    }

    /// The 赤岗 table as xlsx and as LibreOffice saved it (.xls, .ods): the
    /// same merged regions, the same reading (the 投入社工人数 column under
    /// its header merged over two rows included) and the same findings.
    #[test]
    fn the_same_table_in_three_formats_reads_the_same() {
        use crate::read::{read_with, Limits, ReadMode};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators");
        let mut seen: Vec<(Vec<String>, Vec<String>, Vec<String>)> = Vec::new();
        for name in [
            "chigang_2024.xlsx",
            "libreoffice/chigang_2024.xls",
            "libreoffice/chigang_2024.ods",
        ] {
            let path = root.join(name);
            let wb = read_with(&path, Limits::default(), ReadMode::Full).expect(name);
            let mut merges: Vec<String> = wb
                .sheets
                .iter()
                .flat_map(|s| s.merges.iter().map(move |m| format!("{}!{m}", s.name)))
                .collect();
            merges.sort();
            assert_eq!(merges.len(), 15, "{name}: {merges:?}");
            let checked =
                crate::check_workbook(wb, &crate::Options::default(), ReadMode::Full).expect(name);
            let mut findings: Vec<String> = checked
                .report
                .findings
                .iter()
                .map(|f| format!("{} {}!{}", f.rule.code(), f.location.sheet, f.location.cell))
                .collect();
            findings.sort();
            let mut staff: Vec<String> = checked
                .indicators
                .iter()
                .flat_map(|t| t.table.measurements.iter())
                .filter(|m| {
                    m.canonical
                        .as_deref()
                        .is_some_and(|c| c.starts_with("投入社工人数"))
                })
                .filter_map(|m| m.count.map(|c| c.a1()))
                .collect();
            staff.sort();
            assert!(!staff.is_empty(), "{name}: the staff count column is read");
            seen.push((merges, findings, staff));
        }
        assert_eq!(seen[0], seen[1], "xlsx and xls");
        assert_eq!(seen[0], seen[2], "xlsx and ods");
    }

    /// The ods table's styles and layout reach the sheet: bold bordered
    /// centred headers, the title row's height, the first column's width.
    #[test]
    fn ods_styles_and_layout_are_read() {
        use crate::read::{read_with, Limits, ReadMode};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/indicators/libreoffice/chigang_2024.ods");
        let wb = read_with(&path, Limits::default(), ReadMode::Full).expect("read");
        let sheet = &wb.sheets[0];
        let a3 = sheet.style(CellRef::new(2, 0)).expect("A3 styled");
        assert!(a3.font.as_ref().is_some_and(|f| f.is_bold()), "{a3:?}");
        assert!(
            a3.borders
                .as_ref()
                .is_some_and(|b| b.left.style == BorderStyle::Thin),
            "{a3:?}"
        );
        let align = a3.alignment.as_ref().expect("aligned");
        assert_eq!(align.horizontal, HorizontalAlignment::Center);
        assert_eq!(align.vertical, VerticalAlignment::Center);
        // Row 2 is 0.5in = 36pt high, as in the xlsx it was saved from.
        assert_eq!(sheet.layout.row_heights.get(&1).copied(), Some(36.0));
        let first = sheet.layout.col_widths.first().copied().expect("widths");
        assert_eq!((first.0, first.1), (0, 0));
        assert!((first.2 - 22.71).abs() < 0.1, "{first:?}");
        // A check reads the merges but no styles.
        let wb = read_with(&path, Limits::default(), ReadMode::Check).expect("read");
        assert_eq!(wb.sheets[0].merges.len(), 15);
        assert!(wb.sheets[0].style_ids.is_empty());
    }
}
