//! What calamine does not read from a BIFF8 .xls: each cell's style (font
//! weight, size and name, borders, alignment, wrap), column widths, custom
//! row heights and the page setup, from the records of the Workbook stream.
//! Anything unexpected ends the scan quietly: these are extras, the values
//! come from calamine.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use calamine::{
    Alignment, Border, BorderStyle, Borders, Font, FontStyle, FontWeight, HorizontalAlignment,
    Style, VerticalAlignment,
};

use crate::workbook::{CellRef, Layout, Sheet};

#[derive(Debug, Default)]
pub(crate) struct SheetExtras {
    pub style_ids: HashMap<CellRef, u32>,
    pub layout: Layout,
}

#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub sheets: HashMap<String, SheetExtras>,
    pub styles: Arc<Vec<Style>>,
}

impl Extras {
    pub(crate) fn apply(mut self, sheets: &mut [Sheet]) {
        for sheet in sheets {
            let Some(x) = self.sheets.remove(&sheet.name) else {
                continue;
            };
            sheet.layout = x.layout;
            if !x.style_ids.is_empty() {
                sheet.styles = Arc::clone(&self.styles);
                sheet.style_ids = x.style_ids;
            }
        }
    }
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn f64_at(d: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(d.get(at..at + 8)?.try_into().ok()?)).filter(|v| v.is_finite())
}

/// The records from `at`: (type, data), until the stream ends.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// A ShortXLUnicodeString: length byte, flags byte, then Latin-1 or UTF-16 characters.
fn short_string(d: &[u8]) -> Option<String> {
    let len = usize::from(*d.first()?);
    let wide = d.get(1)? & 1 == 1;
    let body = d.get(2..)?;
    Some(if wide {
        let units: Vec<u16> = body
            .get(..len * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.get(..len)?.iter().map(|&b| char::from(b)).collect()
    })
}

fn border(kind: u32) -> Border {
    let mut b = Border::default();
    b.style = match kind & 0xF {
        0 => BorderStyle::None,
        1 => BorderStyle::Thin,
        2 => BorderStyle::Medium,
        3 => BorderStyle::Dashed,
        4 => BorderStyle::Dotted,
        5 => BorderStyle::Thick,
        6 => BorderStyle::Double,
        7 => BorderStyle::Hair,
        8 => BorderStyle::MediumDashed,
        9 => BorderStyle::DashDot,
        10 => BorderStyle::MediumDashDot,
        11 => BorderStyle::DashDotDot,
        12 => BorderStyle::MediumDashDotDot,
        _ => BorderStyle::SlantDashDot,
    };
    b
}

/// A cell XF record as calamine describes a style.
fn xf_style(xf: &[u8], fonts: &[Font]) -> Option<Style> {
    let mut style = Style::default();
    let ifnt = usize::from(u16_at(xf, 0)?);
    // Font 4 does not exist in BIFF: indexes above it are one off.
    let font = fonts.get(if ifnt >= 4 { ifnt - 1 } else { ifnt });
    if let Some(f) = font.filter(|f| **f != Font::default()) {
        style.font = Some(f.clone());
    }
    let align = *xf.get(6)?;
    let mut a = Alignment::default();
    a.horizontal = match align & 0x7 {
        1 => HorizontalAlignment::Left,
        2 => HorizontalAlignment::Center,
        3 => HorizontalAlignment::Right,
        4 => HorizontalAlignment::Fill,
        5 => HorizontalAlignment::Justify,
        6 => HorizontalAlignment::CenterContinuous,
        7 => HorizontalAlignment::Distributed,
        _ => HorizontalAlignment::General,
    };
    a.wrap_text = align & 0x8 != 0;
    a.vertical = match (align >> 4) & 0x7 {
        0 => VerticalAlignment::Top,
        1 => VerticalAlignment::Center,
        3 => VerticalAlignment::Justify,
        4 => VerticalAlignment::Distributed,
        _ => VerticalAlignment::Bottom,
    };
    if a != Alignment::default() {
        style.alignment = Some(a);
    }
    let lines = u32_at(xf, 10)?;
    let mut b = Borders::default();
    b.left = border(lines);
    b.right = border(lines >> 4);
    b.top = border(lines >> 8);
    b.bottom = border(lines >> 12);
    if b.has_visible_borders() {
        style.borders = Some(b);
    }
    Some(style)
}

fn font(d: &[u8]) -> Option<Font> {
    let mut f = Font::default();
    f.size = Some(f64::from(u16_at(d, 0)?) / 20.0);
    if u16_at(d, 2)? & 0x2 != 0 {
        f.style = FontStyle::Italic;
    }
    if u16_at(d, 6)? >= 700 {
        f.weight = FontWeight::Bold;
    }
    f.name = d.get(14..).and_then(short_string);
    Some(f)
}

/// Reads the extras of every worksheet of an .xls, by sheet name; None when
/// the file is not BIFF8 or its stream cannot be found.
pub(crate) fn extras(bytes: &[u8]) -> Option<Extras> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    {
        use std::io::Read;
        let mut s = file.open_stream("/Workbook").ok()?;
        s.read_to_end(&mut stream).ok()?;
    }
    let mut fonts: Vec<Font> = Vec::new();
    let mut xfs: Vec<&[u8]> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (kind, data) in records(&stream, 0) {
        match kind {
            0x0809 if u16_at(data, 0)? != 0x0600 => return None, // not BIFF8
            0x0031 => fonts.push(font(data)?),
            0x00E0 => xfs.push(data),
            // Worksheets only (dt 0).
            0x0085 if data.get(5) == Some(&0) => {
                let at = u32_at(data, 0)? as usize;
                sheets.push((at, data.get(6..).and_then(short_string)?));
            }
            0x000A => break,
            _ => {}
        }
    }

    let mut palette: Vec<Style> = vec![Style::default()];
    let mut ids: HashMap<u16, u32> = HashMap::new();
    let mut style_id = |ixfe: u16| -> Option<u32> {
        let id = *ids.entry(ixfe).or_insert_with(|| {
            match xfs
                .get(usize::from(ixfe))
                .and_then(|xf| xf_style(xf, &fonts))
            {
                Some(s) if s != Style::default() => {
                    palette.push(s);
                    (palette.len() - 1) as u32
                }
                _ => 0,
            }
        });
        (id != 0).then_some(id)
    };

    let mut found = Extras::default();
    for (offset, name) in sheets {
        let mut x = SheetExtras::default();
        let mut page = crate::workbook::PageSetup::default();
        let (mut margins, mut fit_to_page, mut setup) = ([None; 6], false, None);
        for (kind, d) in records(&stream, offset).skip(1) {
            let cell = |ixfe_at: usize| -> Option<(CellRef, u16)> {
                Some((
                    CellRef::new(u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)),
                    u16_at(d, ixfe_at)?,
                ))
            };
            match kind {
                0x000A => break,
                // LABELSST, NUMBER, RK, BLANK, FORMULA, BOOLERR, LABEL.
                0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0006 | 0x0205 | 0x0204 => {
                    if let Some((at, ixfe)) = cell(4) {
                        if let Some(id) = style_id(ixfe) {
                            x.style_ids.insert(at, id);
                        }
                    }
                }
                // MULRK (6 bytes a cell) and MULBLANK (2 bytes a cell).
                0x00BD | 0x00BE => {
                    let step = if kind == 0x00BD { 6 } else { 2 };
                    let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) else {
                        continue;
                    };
                    let n = d.len().saturating_sub(6) / step;
                    for k in 0..n {
                        let Some(ixfe) = u16_at(d, 4 + k * step) else {
                            break;
                        };
                        let at = CellRef::new(u32::from(row), u32::from(first) + k as u32);
                        if let Some(id) = style_id(ixfe) {
                            x.style_ids.insert(at, id);
                        }
                    }
                }
                // COLINFO: width in 1/256 of a character, as xlsx stores it.
                0x007D => {
                    let (Some(a), Some(b), Some(w), Some(flags)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 8))
                    else {
                        continue;
                    };
                    let (a, b) = (u32::from(a), u32::from(b).min(16_383));
                    if a <= b {
                        x.layout.col_widths.push((a, b, f64::from(w) / 256.0));
                        if flags & 1 != 0 {
                            x.layout.hidden_cols.push((a, b));
                        }
                    }
                }
                // ROW: height in twips; custom when unsynced.
                0x0208 => {
                    let (Some(row), Some(height), Some(flags)) =
                        (u16_at(d, 0), u16_at(d, 6), u32_at(d, 12))
                    else {
                        continue;
                    };
                    if flags & 0x40 != 0 {
                        x.layout
                            .row_heights
                            .insert(u32::from(row), f64::from(height & 0x7FFF) / 20.0);
                    }
                    if flags & 0x20 != 0 {
                        x.layout.hidden_rows.push(u32::from(row));
                    }
                }
                0x0081 => fit_to_page = u16_at(d, 0).is_some_and(|f| f & 0x100 != 0),
                0x00A1 => setup = Some(d),
                0x0026..=0x0029 => margins[usize::from(kind - 0x26)] = f64_at(d, 0),
                0x0083 => page.center_horizontally = u16_at(d, 0) == Some(1),
                0x0084 => page.center_vertically = u16_at(d, 0) == Some(1),
                0x002B => page.gridlines = u16_at(d, 0) == Some(1),
                _ => {}
            }
        }
        if let Some(d) = setup {
            // fNoPls: paper, scale and orientation not set.
            let flags = u16_at(d, 10).unwrap_or(0);
            if flags & 0x4 == 0 {
                page.paper_size = u16_at(d, 0)
                    .and_then(|p| u8::try_from(p).ok())
                    .filter(|p| *p > 0);
                page.scale = u16_at(d, 2).filter(|s| (10..=400).contains(s));
                page.landscape = Some(flags & 0x2 == 0);
            }
            if fit_to_page {
                page.fit_to = Some((u16_at(d, 6).unwrap_or(1), u16_at(d, 8).unwrap_or(1)));
            }
            margins[4] = f64_at(d, 16);
            margins[5] = f64_at(d, 24);
        }
        if let [Some(l), Some(r), Some(t), Some(b), Some(h), Some(f)] = margins {
            page.margins = Some([l, r, t, b, h, f]);
        }
        x.layout.page = page;
        found.sheets.insert(name, x);
    }
    found.styles = Arc::new(palette);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_with, Limits, ReadMode};

    /// The 赤岗 table as LibreOffice saved it as .xls: the header's bold,
    /// borders and centring, the xlsx's column widths and row heights.
    #[test]
    fn xls_styles_and_layout_are_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/indicators");
        let xls = read_with(
            &root.join("libreoffice/chigang_2024.xls"),
            Limits::default(),
            ReadMode::Full,
        )
        .expect("xls");
        let xlsx = read_with(
            &root.join("chigang_2024.xlsx"),
            Limits::default(),
            ReadMode::Full,
        )
        .expect("xlsx");
        let (s, t) = (&xls.sheets[0], &xlsx.sheets[0]);
        let a3 = s.style(CellRef::new(2, 0)).expect("A3 styled");
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
        for (row, height) in &t.layout.row_heights {
            assert_eq!(s.layout.row_heights.get(row), Some(height), "row {row}");
        }
        for col in 0..23 {
            let width = |l: &Layout| {
                l.col_widths
                    .iter()
                    .find(|(a, b, _)| (*a..=*b).contains(&col))
                    .map(|w| (w.2 * 7.0).round())
            };
            // The same width in pixels, as the corrected workbook writes it.
            assert_eq!(width(&s.layout), width(&t.layout), "column {col}");
        }
        // A check reads none of it.
        let checked = read_with(
            &root.join("libreoffice/chigang_2024.xls"),
            Limits::default(),
            ReadMode::Check,
        )
        .expect("xls");
        assert!(checked.sheets[0].style_ids.is_empty());
        assert!(checked.sheets[0].layout.col_widths.is_empty());
    }
}
