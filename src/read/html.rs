//! HTML tables saved as .xls: what government web systems export (and what
//! Excel itself writes as "网页"). Each `<table>` becomes a sheet: its rows
//! and cells in order, `colspan`/`rowspan` as merged regions, a `<br>` as a
//! line break in the cell, other white space collapsed as a browser shows it.
//! The page is parsed by html5ever (through scraper), which reads broken
//! markup as browsers do.

use std::path::Path;

use scraper::{ElementRef, Html, Node};

use crate::error::{Error, Limit};
use crate::read::csv::typed;
use crate::read::Limits;
use crate::workbook::{CellRange, CellRef, Sheet};

/// Largest span honoured, as browsers do (HTML caps colspan at 1000 and rowspan at 65534).
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65534;

/// Whether decoded text is an HTML page or fragment holding a table.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    // Markup from its first character, holding a table with a cell in it.
    head.starts_with('<')
        && contains_ignore_ascii_case(text, "<table")
        && (contains_ignore_ascii_case(text, "<td") || contains_ignore_ascii_case(text, "<th"))
}

fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Every table of the page with a non-empty cell, one sheet each: named
/// after the file when there is one, 表1, 表2… when there are several.
pub(crate) fn read(path: &Path, text: &str, limits: Limits) -> Result<Vec<Sheet>, Error> {
    let page = Html::parse_document(text);
    let mut sheets = Vec::new();
    for node in page.tree.root().descendants() {
        let Some(table) = ElementRef::wrap(node) else {
            continue;
        };
        if !table.value().name().eq_ignore_ascii_case("table") {
            continue;
        }
        let sheet = read_table(path, table, limits, sheets.len() + 1)?;
        if !sheet.is_blank() {
            sheets.push(sheet);
        }
    }
    if sheets.is_empty() {
        return Err(Error::NotAWorkbook(path.to_path_buf()));
    }
    if sheets.len() == 1 {
        if let Some(stem) = path.file_stem() {
            sheets[0].name = stem.to_string_lossy().into_owned();
        }
    }
    Ok(sheets)
}

/// The rows of a table: its own `<tr>`s, directly or in `<thead>`, `<tbody>`, `<tfoot>`, not those of a table inside it.
fn rows(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

fn span(cell: ElementRef, name: &str, max: u32) -> u32 {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|&n| n >= 1)
        .map_or(1, |n| n.min(max))
}

fn read_table(path: &Path, table: ElementRef, limits: Limits, n: usize) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new(format!("表{n}"), 0, 0);
    let mut values = Vec::new();
    // For each column, the first row no longer covered by a rowspan from above.
    let mut covered_until: Vec<u32> = Vec::new();
    for (r, tr) in rows(table).into_iter().enumerate() {
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        let mut col: u32 = 0;
        for cell in tr.children().filter_map(ElementRef::wrap) {
            if !matches!(cell.value().name(), "td" | "th") {
                continue;
            }
            while covered_until
                .get(col as usize)
                .is_some_and(|&until| until > row)
            {
                col += 1;
            }
            let (colspan, rowspan) = (
                span(cell, "colspan", MAX_COLSPAN),
                span(cell, "rowspan", MAX_ROWSPAN),
            );
            let last = CellRef::new(row + rowspan - 1, col + colspan - 1);
            let cells = u64::from(last.row + 1) * u64::from(last.col + 1);
            if cells > limits.max_cells {
                return Err(Error::TooLarge(
                    path.to_path_buf(),
                    Limit::Cells {
                        sheet: sheet.name.clone(),
                        found: Some(cells),
                        limit: limits.max_cells,
                    },
                ));
            }
            let at = CellRef::new(row, col);
            let content = cell_text(cell);
            if !content.trim().is_empty() {
                values.push((at, value(cell, &content)));
            }
            if colspan > 1 || rowspan > 1 {
                sheet.merges.push(CellRange::new(at, last));
            }
            if covered_until.len() < (col + colspan) as usize {
                covered_until.resize((col + colspan) as usize, 0);
            }
            for c in col..col + colspan {
                covered_until[c as usize] = row + rowspan;
            }
            col += colspan;
        }
    }
    crate::read::fill(&mut sheet, values);
    Ok(sheet)
}

/// A cell's value: Excel's own HTML keeps the number behind a formatted
/// count ("1,350") in `x:num`; a rate keeps its shown text ("103.70%"), as
/// a typed rate would be. Otherwise the text, a plain number being a number.
fn value(cell: ElementRef, shown: &str) -> crate::workbook::Value {
    let number = cell
        .value()
        .attr("x:num")
        .and_then(|n| n.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite());
    match number {
        Some(n) if !shown.trim().ends_with('%') => crate::workbook::Value::Number(n),
        _ => typed(shown),
    }
}

/// A cell's text as shown: white space collapsed, `<br>` and block
/// boundaries as line breaks, `&nbsp;` kept as a space.
fn cell_text(cell: ElementRef) -> String {
    let mut out = String::new();
    collect_text(cell, &mut out);
    let lines: Vec<&str> = out.split('\n').map(|l| l.trim_matches(' ')).collect();
    let joined = lines.join("\n");
    joined.trim_matches('\n').replace('\u{a0}', " ")
}

/// Walks the cell's content without recursion (a hostile page may nest
/// elements thousands deep): text with white space collapsed, `<br>` and
/// block boundaries as line breaks, nested tables, scripts and styles left out.
fn collect_text(cell: ElementRef, out: &mut String) {
    use ego_tree::iter::Edge;
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) if node.id() == cell.id() => {}
            Edge::Close(node) if node.id() == cell.id() => {}
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => {
                        let mut last_space =
                            out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
                        for c in text.chars() {
                            if c.is_ascii_whitespace() {
                                if !last_space {
                                    out.push(' ');
                                    last_space = true;
                                }
                            } else {
                                out.push(c);
                                last_space = false;
                            }
                        }
                    }
                    Node::Element(e) => match e.name() {
                        "br" => out.push('\n'),
                        // A table inside a cell is a table of its own, not this cell's text.
                        "table" | "script" | "style" => skipping = Some(node.id()),
                        "p" | "div" | "li" if !out.is_empty() && !out.ends_with('\n') => {
                            out.push('\n')
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if matches!(e.name(), "p" | "div" | "li") && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Value;

    fn sheets(html: &str) -> Vec<Sheet> {
        read(Path::new("a.xls"), html, Limits::default()).expect("a table")
    }

    #[test]
    fn spans_become_merged_regions() {
        let html = "<html><body><table>\
            <tr><td rowspan=2>片区</td><td colspan=3>电访</td></tr>\
            <tr><td>协议量</td><td>完成量</td><td>百分比</td></tr>\
            <tr><td>片区1</td><td>1350</td><td> 1350 </td><td>100.00%</td></tr>\
            </table></body></html>";
        let found = sheets(html);
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.name, "a");
        assert_eq!(s.at(0, 1).as_text(), Some("电访"));
        assert_eq!(s.at(1, 1).as_text(), Some("协议量"));
        assert_eq!(s.at(1, 3).as_text(), Some("百分比"));
        assert!(s.at(1, 0).is_empty());
        assert_eq!(s.at(2, 2), &Value::Number(1350.0));
        assert_eq!(
            s.merges,
            [
                CellRange::new(CellRef::new(0, 0), CellRef::new(1, 0)),
                CellRange::new(CellRef::new(0, 1), CellRef::new(0, 3)),
            ]
        );
    }

    #[test]
    fn line_breaks_and_spaces_are_kept_as_shown() {
        let html = "<table><tr><td>困难群众<br>\n  和特殊群体建档</td><td>投入社工人 数</td><td>a&nbsp;&nbsp;b</td></tr></table>";
        let s = &sheets(html)[0];
        assert_eq!(s.at(0, 0).as_text(), Some("困难群众\n和特殊群体建档"));
        assert_eq!(s.at(0, 1).as_text(), Some("投入社工人 数"));
        assert_eq!(s.at(0, 2).as_text(), Some("a  b"));
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 100_000;
        let html = format!(
            "<table><tr><td>{}深{}</td><td>p<div>a</div>b<table><tr><td>x</td></tr></table></td></tr></table>",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let s = &sheets(&html)[0];
        assert_eq!(s.at(0, 0).as_text(), Some("深"));
        assert_eq!(s.at(0, 1).as_text(), Some("p\na\nb"));
    }

    #[test]
    fn several_tables_are_several_sheets() {
        let html = "<table><tr><td>一</td></tr></table><p>x</p><table><tr><td>二</td></tr></table><table></table>";
        let found = sheets(html);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "表1");
        assert_eq!(found[1].at(0, 0).as_text(), Some("二"));
        assert!(looks_like_html(html));
        assert!(!looks_like_html("片区,电访\n<table>"));
    }

    #[test]
    fn excel_s_own_numbers_are_taken() {
        let html = "<table><tr><td x:num=\"1350\">1,350</td><td x:num=\"1.037\">103.70%</td><td x:num>12</td></tr></table>";
        let s = &sheets(html)[0];
        assert_eq!(s.at(0, 0), &Value::Number(1350.0));
        assert_eq!(s.at(0, 1).as_text(), Some("103.70%"));
        assert_eq!(s.at(0, 2), &Value::Number(12.0));
    }
}
