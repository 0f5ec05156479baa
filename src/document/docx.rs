//! Word (.docx) reports: the paragraphs of word/document.xml in order, those
//! inside table cells included (a cell's paragraphs are paragraphs too).

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;

use super::Block;
use crate::error::{Error, Limit};

/// The paragraphs of a .docx, as blocks; `max_bytes` bounds the decompressed document part.
pub fn blocks(path: &Path, bytes: &[u8], max_bytes: u64) -> Result<Vec<Block>, Error> {
    let damaged = |_| Error::Damaged(path.to_path_buf());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut part = zip.by_name("word/document.xml").map_err(|_| {
        Error::Corrupt(
            path.to_path_buf(),
            "word/document.xml is missing: not a Word document".into(),
        )
    })?;
    let mut xml = Vec::new();
    // One byte more than allowed tells a part over the limit from one at it.
    (&mut part)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|_| Error::Damaged(path.to_path_buf()))?;
    if xml.len() as u64 > max_bytes {
        return Err(Error::TooLarge(
            path.to_path_buf(),
            Limit::Bytes {
                found: part.size(),
                limit: max_bytes,
            },
        ));
    }
    paragraphs(&xml).map_err(|detail| Error::Corrupt(path.to_path_buf(), detail))
}

/// Paragraph texts of a WordprocessingML body: runs' text, tabs as a tab, breaks as a line break.
pub fn paragraphs(xml: &[u8]) -> Result<Vec<Block>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("word/document.xml: {e}"))?;
        match event {
            Event::Start(ref e) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "p" => current.clear(),
                _ => {}
            },
            Event::Empty(ref e) => match e.local_name().into_inner() {
                "tab" => current.push('\t'),
                "br" | "cr" => current.push('\n'),
                "p" => out.push(Block {
                    page: None,
                    text: String::new(),
                }),
                _ => {}
            },
            Event::Text(ref t) if in_text => current.push_str(&t.xml10_content()),
            Event::CData(ref t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(ref r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    current.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(ref e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => out.push(Block {
                    page: None,
                    text: std::mem::take(&mut current),
                }),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_and_table_cells_are_paragraphs() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>电访 2403</w:t></w:r><w:r><w:t xml:space="preserve"> 人次 &amp; 探访</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p/>
            </w:body></w:document>"#;
        let p = paragraphs(xml.as_bytes()).expect("well-formed");
        let texts: Vec<&str> = p.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["电访 2403 人次 & 探访", "合计", ""]);
    }
}
