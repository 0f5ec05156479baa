//! Text files (CSV, tab-separated text, HTML and XML spreadsheets): which
//! encoding they are in, and their text.
//!
//! Chinese office software saves text in UTF-8 (with or without a BOM), in
//! GBK or GB18030 (the "ANSI" of a Chinese Windows), and Excel's "Unicode
//! 文本" in UTF-16LE with a BOM. A file's own declaration (a BOM, an HTML
//! `<meta charset>`, an XML `encoding=`) is believed first; else valid UTF-8
//! is UTF-8, and anything else that decodes as GB18030 (a superset of GBK)
//! is GB18030.

use std::sync::LazyLock;

pub use encoding_rs::Encoding;
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE, UTF_8};
use regex::bytes::Regex;

/// How the person said a text file is to be read (`--encoding`, `--delimiter`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// The encoding, instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// The field delimiter of a CSV file, instead of guessing it.
    pub delimiter: Option<u8>,
}

/// The encoding a label names ("gbk", "GB18030", "utf-8", "utf-16le"…), as the WHATWG list spells them.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// The delimiter a person wrote on the command line: one ASCII character,
/// or `tab` / `\t`.
pub fn delimiter_for_label(label: &str) -> Option<u8> {
    match label {
        "tab" | "TAB" | "\\t" | "\t" => Some(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Some(s.as_bytes()[0]),
        _ => None,
    }
}

/// A declared encoding in the first bytes: `<meta charset="gbk">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` or
/// `<?xml … encoding="GB2312"?>`.
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)(?:<meta[^>]*charset\s*=\s*["']?|<\?xml[^>]*encoding\s*=\s*["'])([A-Za-z0-9_\-:.]+)"#)
        .expect("constant pattern")
});

/// The encoding a BOM at the start names, and the BOM's length.
fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// UTF-16 without a BOM: ASCII characters (digits, commas, tabs, line
/// breaks: most of a table) leave a zero byte on the same side of every
/// code unit, and never a zero on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = sample.len() / 2;
    if odd * 4 >= units && even == 0 {
        Some(UTF_16LE)
    } else if even * 4 >= units && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding of a text file: a BOM, else the file's own declaration,
/// else UTF-16 by its zero bytes, else UTF-8 when valid, else GB18030.
/// None when the bytes are no text in any of them (a binary file).
pub fn detect(bytes: &[u8]) -> Option<&'static Encoding> {
    if let Some((encoding, _)) = bom(bytes) {
        return Some(encoding);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Some(encoding);
    }
    if bytes.is_empty() || bytes.contains(&0) {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(label) = DECLARED.captures(head).and_then(|c| c.get(1)) {
        if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
            // A page declaring UTF-16 while its bytes are ASCII-compatible says what it was once, not what it is.
            if encoding != UTF_16LE && encoding != UTF_16BE {
                return Some(encoding);
            }
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Some(UTF_8);
    }
    let (_, had_errors) = GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then_some(GB18030)
}

/// The text of a file, in `forced` when given, else in the encoding [`detect`] finds.
/// None when it is no text (binary, or not valid in the encoding).
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Option<String> {
    let encoding = match forced {
        Some(encoding) => encoding,
        None => detect(bytes)?,
    };
    // A BOM, when there is one, wins over a forced encoding only if it is the same family.
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors && forced.is_none() {
        return None;
    }
    let text = text.into_owned();
    if forced.is_none() && text.contains('\0') {
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, with_bom: bool) -> Vec<u8> {
        let mut out = if with_bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn encodings_are_found() {
        let text = "片区,电访\n片区1,1350\n";
        assert_eq!(detect(text.as_bytes()), Some(UTF_8));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk, None).as_deref(), Some(text));
        assert_eq!(decode(&utf16le(text, true), None).as_deref(), Some(text));
        assert_eq!(decode(&utf16le(text, false), None).as_deref(), Some(text));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be, None).as_deref(), Some(text));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom, None).as_deref(), Some(text));
        // A name outside GBK (GB18030's four-byte codes) is still read.
        let rare = "姓名,备注\n刘䶮,𠀀\n";
        let (gb18030, _, unmappable) = GB18030.encode(rare);
        assert!(!unmappable);
        assert_eq!(decode(&gb18030, None).as_deref(), Some(rare));
        // Binary is not text.
        assert_eq!(detect(&[0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02]), None);
    }

    #[test]
    fn a_declared_charset_wins() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>赤岗</body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        assert_eq!(detect(&bytes), Some(encoding_rs::GBK));
        assert_eq!(decode(&bytes, None).as_deref(), Some(page));
        let xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Workbook/>";
        assert_eq!(detect(xml), Some(UTF_8));
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label("GBK"), Some(encoding_rs::GBK));
        assert_eq!(encoding_for_label("gb18030"), Some(GB18030));
        assert_eq!(encoding_for_label("utf-16le"), Some(UTF_16LE));
        assert_eq!(encoding_for_label("nonsense"), None);
        assert_eq!(delimiter_for_label("tab"), Some(b'\t'));
        assert_eq!(delimiter_for_label(";"), Some(b';'));
        assert_eq!(delimiter_for_label(",,"), None);
    }
}
