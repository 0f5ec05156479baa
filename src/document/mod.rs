//! A station's written report (self-evaluation, mid-term or final report):
//! its text as numbered paragraphs, read from .docx, .pdf, .txt or .md, and
//! the figure claims its prose makes ([`claims`]), which the D rules
//! ([`crate::rules::document`]) check against the station's workbooks.

pub mod claims;
pub mod docx;
pub mod numbers;
pub mod pdf;

use std::path::{Path, PathBuf};

use crate::error::Error;

/// File names read as reports (a batch folder's other files are workbooks or ignored).
pub const EXTENSIONS: [&str; 4] = ["docx", "pdf", "txt", "md"];

/// Whether a path names a report rather than a workbook: by its extension,
/// and for plain text by its content too, since Excel saves a table as
/// "Unicode 文本" (.txt, tab-separated), which is a workbook, not prose.
pub fn is_document(path: &Path) -> bool {
    let Some(ext) = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    else {
        return false;
    };
    if !EXTENSIONS.contains(&ext.as_str()) {
        return false;
    }
    !(matches!(ext.as_str(), "txt" | "md") && is_tab_separated_table(path))
}

/// Most non-empty lines of the file's beginning hold two or more tabs.
fn is_tab_separated_table(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    // A FIFO would block the open: the reader that runs next names it.
    if !crate::read::is_regular_file(path) {
        return false;
    }
    let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return false; // the reader that runs next names the problem
    }
    let Some(text) = crate::read::text::decode(&head, None) else {
        return false;
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let rows = lines
        .iter()
        .filter(|l| l.matches('\t').count() >= 2)
        .count();
    rows >= 2 && rows * 2 >= lines.len()
}

/// One paragraph of a report, as a reader would count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based, counting the non-empty paragraphs of the document in order.
    pub number: usize,
    /// The page it starts on, for a PDF (1-based).
    pub page: Option<u32>,
    pub text: String,
}

/// A report's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub path: PathBuf,
    pub paragraphs: Vec<Paragraph>,
}

/// A raw block of text as a format gives it: a paragraph of a .docx, a line
/// of a text file or of a PDF page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub page: Option<u32>,
    pub text: String,
}

/// Reads a report by its extension; `max_bytes` bounds what is decompressed or read.
pub fn read(path: &Path, max_bytes: u64) -> Result<Document, Error> {
    // Only a regular file, of at most max_bytes (a FIFO or /dev/zero is refused, not read).
    let bytes = crate::read::read_file(path, max_bytes)?;
    read_bytes(path, &bytes, max_bytes)
}

/// [`read`] for a report already in memory; `path` names it and its extension says its format.
pub fn read_bytes(path: &Path, bytes: &[u8], max_bytes: u64) -> Result<Document, Error> {
    if bytes.len() as u64 > max_bytes {
        return Err(Error::TooLarge(
            path.to_path_buf(),
            crate::error::Limit::FileBytes {
                found: bytes.len() as u64,
                limit: max_bytes,
            },
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let blocks = match ext.as_str() {
        "docx" => docx::blocks(path, bytes, max_bytes)?,
        "pdf" => pdf::blocks(path, bytes)?,
        _ => text_blocks(&decode_text(bytes)),
    };
    Ok(Document {
        path: path.to_path_buf(),
        paragraphs: join_blocks(blocks),
    })
}

/// Text in UTF-8 (with or without a byte-order mark) or, failing that, GBK (GB18030).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// A text or Markdown file's lines as blocks (Markdown heading and quote marks dropped).
pub fn text_blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            let line = line.trim_start_matches(['#', '>']).trim_start();
            Block {
                page: None,
                text: line.to_string(),
            }
        })
        .collect()
}

/// Sentence-final punctuation: a block ending in one ends its paragraph.
const FINAL: &[char] = &[
    '。', '！', '？', '!', '?', '；', ';', '：', ':', '”', '」', '》',
];

/// Joins blocks into paragraphs. A long block that ends mid-sentence (no
/// final punctuation) continues in the next one: a line or page break of a
/// PDF, or a paragraph a converter split. Headings and short lines stand alone.
pub fn join_blocks(blocks: Vec<Block>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for block in blocks {
        // Runs of spaces (a PDF's justified lines, full-width spaces) count as one.
        let collapsed = collapse_spaces(&block.text);
        let text = collapsed.trim();
        if text.is_empty() {
            continue;
        }
        if open && !starts_new_item(text) {
            if let Some(last) = out.last_mut() {
                let ends_digit = last
                    .text
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_digit() || c == '.');
                let starts_digit = text.chars().next().is_some_and(|c| c.is_ascii_digit());
                let ends_ascii_word = last
                    .text
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphabetic());
                // A number split across lines joins without a space; two Latin words keep one.
                if !(ends_digit && starts_digit) && ends_ascii_word {
                    last.text.push(' ');
                }
                last.text.push_str(text);
                open = continues(&last.text);
                continue;
            }
        }
        out.push(Paragraph {
            number: out.len() + 1,
            page: block.page,
            text: text.to_string(),
        });
        open = continues(text);
    }
    out
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c == ' ' || c == '\u{3000}' || c == '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Whether a paragraph so far breaks off mid-sentence.
fn continues(text: &str) -> bool {
    let len = text.chars().count();
    let last = text.chars().last().unwrap_or('。');
    len >= 24 && !FINAL.contains(&last)
}

/// Whether a block opens a new item of its own: a numbered heading or list item.
fn starts_new_item(text: &str) -> bool {
    let c: Vec<char> = text.chars().take(3).collect();
    let at = |i: usize| c.get(i).copied().unwrap_or(' ');
    let numeral = |ch: char| ch.is_ascii_digit() || "一二三四五六七八九十".contains(ch);
    match at(0) {
        '(' | '（' => numeral(at(1)),
        '①'..='⑳' => true,
        // "2.实地观察" but not "7.68 元", the rest of a number split by a line break.
        d if d.is_ascii_digit() => {
            "、)）".contains(at(1)) || ("．.".contains(at(1)) && !at(2).is_ascii_digit())
        }
        d if numeral(d) => at(1) == '、',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .map(|l| Block {
                page: None,
                text: l.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_sentence_broken_across_blocks_is_one_paragraph() {
        let p = join_blocks(blocks(&[
            "截止至 2022 年 12 月 31 日，开展小组 10 个，47 节，服务 694 人次，达成率分别是 100%、118%、",
            "",
            "347%;开展大型社区活动 8 个。",
            "二、评价结论与绩效分析",
        ]));
        assert_eq!(p.len(), 2);
        assert!(p[0].text.ends_with("118%、347%;开展大型社区活动 8 个。"));
        assert_eq!(p[1].number, 2);
    }

    #[test]
    fn a_number_split_by_a_line_break_joins_without_a_space() {
        let p = join_blocks(blocks(&[
            "本年度社工站共完成资源链接金额合计为人民币 25990",
            "7.68 元。",
        ]));
        assert_eq!(p.len(), 1);
        assert!(p[0].text.contains("259907.68 元"), "{}", p[0].text);
    }

    #[test]
    fn headings_and_numbered_items_stand_alone() {
        let p = join_blocks(blocks(&[
            "基于社工站模式下，及与购买方敲定的本年度的服务项目设置，结合理论",
            "1、核心项目：“星·家园”社工党建服务项目",
            "（二）项目立项依据",
        ]));
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn gbk_text_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("电访 2403 人次");
        assert_eq!(decode_text(&bytes), "电访 2403 人次");
        assert_eq!(decode_text("\u{feff}探访".as_bytes()), "探访");
    }
}
