//! The corrected workbook: every input sheet reproduced, corrections written
//! as formulas with cached results, flagged cells highlighted with a note,
//! the normalized data sheets, and the audit sheet 核对结果.

use std::path::Path;

use crate::error::Error;
use crate::report::FileReport;
use crate::workbook::Workbook;
use crate::Lang;

/// Writes the corrected workbook to `out`, atomically.
pub fn write(
    _input: &Workbook,
    _report: &FileReport,
    _out: &Path,
    _lang: Lang,
) -> Result<(), Error> {
    unimplemented!()
}
