//! Cell formats: one per distinct key, built from the input cell's own style
//! (font, borders, fill, alignment, protection, number format) with the
//! highlight fill and the correction's number format on top.

use std::collections::HashMap;

use rust_xlsxwriter as xw;
use rust_xlsxwriter::{Color, Format, FormatAlign};

use crate::workbook::{CellRef, Sheet};

#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub(super) struct FormatKey {
    pub(super) num: Option<String>,
    pub(super) fill: Option<u32>,
    pub(super) align: Align,
    pub(super) wrap: bool,
    pub(super) bold: bool,
    /// The input cell's style: its palette (by address, which is stable
    /// while the input lives) and its id in that palette.
    pub(super) style: Option<(usize, u32)>,
}

impl FormatKey {
    /// The key's `style` for `cell` of `sheet`, when the input styled it.
    pub(super) fn input_style(sheet: &Sheet, cell: CellRef) -> Option<(usize, u32)> {
        sheet.style(cell)?;
        let id = *sheet.style_ids.get(&cell)?;
        Some((std::sync::Arc::as_ptr(&sheet.styles) as usize, id))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(super) enum Align {
    #[default]
    None,
    /// A merged header: centred both ways.
    Center,
    /// A merged paragraph: top left.
    TopLeft,
}

#[derive(Default)]
pub(super) struct Formats(HashMap<FormatKey, Format>);

impl Formats {
    /// The format for `key`; `style` is the input style `key.style` names
    /// (the caller's sheet holds the palette).
    pub(super) fn get(&mut self, key: &FormatKey, style: Option<&calamine::Style>) -> &Format {
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

#[cfg(test)]
mod tests {
    use super::super::{write, CORRECTED_FILL, PERCENT_FORMAT};
    use super::*;
    use crate::read::{read_with, Limits, ReadMode};
    use crate::Lang;
    use calamine::{BorderStyle, HorizontalAlignment, VerticalAlignment, Xlsx};
    use std::path::{Path, PathBuf};

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
