//! PDF reports with a text layer: the text of each page, line by line
//! (pdf-extract over lopdf). A PDF whose pages hold no text is a scan: an error
//! that says so, never an empty report.

use std::path::Path;

use super::Block;
use crate::error::Error;

/// The lines of every page, as blocks carrying their page number.
pub fn blocks(path: &Path, bytes: &[u8]) -> Result<Vec<Block>, Error> {
    // The extractor gives up on some damaged files by panicking: caught, that is a damaged file.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| Error::Unreadable(path.to_path_buf()))?
        .map_err(|e| Error::Corrupt(path.to_path_buf(), e.to_string()))?;
    let blocks = page_blocks(&pages);
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(Error::NoText(path.to_path_buf()));
    }
    Ok(blocks)
}

/// Each page's lines as blocks; blank lines are kept (they end a paragraph).
pub fn page_blocks(pages: &[String]) -> Vec<Block> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(i, text)| {
            let page = u32::try_from(i + 1).ok();
            text.lines().map(move |line| Block {
                page,
                text: line.trim().to_string(),
            })
        })
        .collect()
}
