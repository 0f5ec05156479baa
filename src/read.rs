//! Read any workbook calamine understands into the one `Workbook` model,
//! choosing the reader by the file's content, never by its name.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use crate::error::Error;
use crate::workbook::{CellRange, CellRef, Format, Sheet, Value, Workbook};

/// Bounds that keep a hostile file (a zip bomb, a sheet of a billion cells) from exhausting the machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest total decompressed size of a zipped workbook's parts.
    pub max_bytes: u64,
    /// Largest number of cells in one sheet's used range.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1 << 30,
            max_cells: 50_000_000,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the workbook at `path`.
pub fn read(path: &Path, limits: Limits) -> Result<Workbook, Error> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(path.to_path_buf()),
        _ => Error::Io(path.to_path_buf(), e),
    })?;
    read_bytes(path, bytes, limits)
}

/// Reads a workbook already in memory; `path` only names it in errors and findings.
pub fn read_bytes(path: &Path, bytes: Vec<u8>, limits: Limits) -> Result<Workbook, Error> {
    let format = sniff(path, &bytes, limits)?;
    let cursor = Cursor::new(bytes);
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt(path.to_path_buf(), e.to_string());
    let sheets = match format {
        Format::Xlsx => {
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| match e {
                    calamine::XlsxError::Password => Error::Encrypted(path.to_path_buf()),
                    e => corrupt(&e),
                })?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let mut sheet = load_sheet(path, &mut book, &name, limits)?;
                sheet.merges = book
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| corrupt(&e))?
                    .iter()
                    .map(to_range)
                    .collect();
                if let Ok(styles) = book.worksheet_style(&name) {
                    keep_number_formats(&mut sheet, &styles);
                }
                sheets.push(sheet);
            }
            sheets
        }
        Format::Xls => {
            let mut book: Xls<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| match e {
                    calamine::XlsError::Password => Error::Encrypted(path.to_path_buf()),
                    e => corrupt(&e),
                })?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let mut sheet = load_sheet(path, &mut book, &name, limits)?;
                sheet.merges = book
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| corrupt(&e))?
                    .iter()
                    .map(to_range)
                    .collect();
                sheets.push(sheet);
            }
            sheets
        }
        Format::Xlsb => {
            let mut book: Xlsb<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?;
            load_all(path, &mut book, limits)?
        }
        Format::Ods => {
            let mut book: Ods<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?;
            load_all(path, &mut book, limits)?
        }
        Format::Csv => unreachable!("sniff never answers Csv for bytes it cannot decode"),
    };
    if sheets.is_empty() {
        return Err(Error::NoSheets(path.to_path_buf()));
    }
    Ok(Workbook {
        path: path.to_path_buf(),
        format,
        sheets,
    })
}

fn load_all<RS, R>(path: &Path, book: &mut R, limits: Limits) -> Result<Vec<Sheet>, Error>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    book.sheet_names()
        .iter()
        .map(|name| load_sheet(path, book, name, limits))
        .collect()
}

fn load_sheet<RS, R>(path: &Path, book: &mut R, name: &str, limits: Limits) -> Result<Sheet, Error>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let corrupt = |e: R::Error| Error::Corrupt(path.to_path_buf(), format!("{name}: {e}"));
    let range = book.worksheet_range(name).map_err(corrupt)?;
    let (height, width) = range.end().map(|(r, c)| (r + 1, c + 1)).unwrap_or((0, 0));
    let cells = height as u64 * width as u64;
    if cells > limits.max_cells {
        return Err(Error::TooLarge(
            path.to_path_buf(),
            format!("{name}: {cells} cells > {}", limits.max_cells),
        ));
    }
    let mut sheet = Sheet::new(name, height, width);
    fill_values(&mut sheet, &range);
    // Formulas are optional knowledge: a reader that cannot give them still gives the cached values.
    if let Ok(formulas) = book.worksheet_formula(name) {
        let start = formulas.start().unwrap_or((0, 0));
        for (row, col, formula) in formulas.used_cells() {
            if !formula.is_empty() {
                let cell = CellRef::new(start.0 + row as u32, start.1 + col as u32);
                sheet.formulas.insert(cell, formula.clone());
            }
        }
    }
    Ok(sheet)
}

fn fill_values(sheet: &mut Sheet, range: &Range<Data>) {
    let start = range.start().unwrap_or((0, 0));
    for (row, col, data) in range.used_cells() {
        let value = match data {
            Data::Empty => continue,
            Data::Int(i) => Value::Number(*i as f64),
            Data::Float(f) => Value::Number(*f),
            Data::String(s) => Value::Text(s.clone()),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(d) => Value::Date(d.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
            Data::Error(e) => Value::Error(e.to_string()),
        };
        sheet.set(
            CellRef::new(start.0 + row as u32, start.1 + col as u32),
            value,
        );
    }
}

/// Keeps the number format of every non-empty cell that has one other than General:
/// a rate's decimals, or whether a number is shown as a percentage.
fn keep_number_formats(sheet: &mut Sheet, styles: &calamine::StyleRange) {
    for (row, col, style) in styles.cells() {
        let cell = CellRef::new(row, col);
        if let Some(format) = &style.number_format {
            if format.format_code != "General" && !sheet.get(cell).is_empty() {
                sheet
                    .number_formats
                    .insert(cell, format.format_code.clone());
            }
        }
    }
}

fn to_range(d: &Dimensions) -> CellRange {
    CellRange::new(
        CellRef::new(d.start.0, d.start.1),
        CellRef::new(d.end.0, d.end.1),
    )
}

/// Decides the format from the first bytes and, for zip containers, the parts they hold.
fn sniff(path: &Path, bytes: &[u8], limits: Limits) -> Result<Format, Error> {
    if bytes.starts_with(ZIP_MAGIC) {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Error::Corrupt(path.to_path_buf(), e.to_string()))?;
        let mut total: u64 = 0;
        let mut names = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| Error::Corrupt(path.to_path_buf(), e.to_string()))?;
            total = total.saturating_add(entry.size());
            names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
        }
        if total > limits.max_bytes {
            return Err(Error::TooLarge(
                path.to_path_buf(),
                format!("{total} bytes decompressed > {}", limits.max_bytes),
            ));
        }
        let has = |part: &str| names.iter().any(|n| n.eq_ignore_ascii_case(part));
        return if has("xl/workbook.bin") {
            Ok(Format::Xlsb)
        } else if has("xl/workbook.xml") {
            Ok(Format::Xlsx)
        } else if has("content.xml") {
            Ok(Format::Ods)
        } else {
            Err(Error::NotAWorkbook(path.to_path_buf()))
        };
    }
    if bytes.starts_with(CFB_MAGIC) {
        // An encrypted xlsx is a CFB container holding an "EncryptedPackage" stream.
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(Error::Encrypted(path.to_path_buf()));
        }
        return Ok(Format::Xls);
    }
    Err(Error::NotAWorkbook(path.to_path_buf()))
}
