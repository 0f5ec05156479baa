//! Read any workbook calamine understands into the one `Workbook` model,
//! choosing the reader by the file's content, never by its name.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

mod csv;
mod html;
mod ods;
mod spreadsheetml;
pub mod text;
mod xls;
mod xlsx;

pub use text::TextOptions;

use crate::error::{Error, Limit};
use crate::workbook::{CellRange, CellRef, Format, Sheet, Value, Workbook};

/// Bounds that keep a hostile file (a zip bomb, a sheet of a billion cells) from exhausting the machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest total decompressed size of a zipped workbook's parts.
    pub max_bytes: u64,
    /// Largest number of cells in one sheet's used range.
    pub max_cells: u64,
    /// How a text file (CSV, tab-separated) is read when the person says so
    /// (`--encoding`, `--delimiter`), instead of by detection.
    pub text: TextOptions,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1 << 30,
            // Our sheet model is a dense grid from A1, and calamine's is
            // dense too: 10 million cells is some 600 MB in all, and still
            // hundreds of times the largest roster a station submits.
            max_cells: 10_000_000,
            text: TextOptions::default(),
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What the read stage loads besides values and number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadMode {
    /// Every formula too: the corrected workbook keeps them.
    #[default]
    Full,
    /// Formulas only where a check needs them (an xlsx cell with no cached
    /// value): enough for `check`, and one pass over each sheet instead of two.
    /// `check_file_with` then also skips the normalized data sheet, which only
    /// a corrected workbook holds.
    Check,
}

/// Reads the workbook at `path`.
pub fn read(path: &Path, limits: Limits) -> Result<Workbook, Error> {
    read_with(path, limits, ReadMode::Full)
}

/// Reads the workbook at `path`, loading formulas as `mode` asks.
pub fn read_with(path: &Path, limits: Limits, mode: ReadMode) -> Result<Workbook, Error> {
    let bytes = read_file(path, limits.max_bytes)?;
    read_bytes_with(path, bytes, limits, mode)
}

/// The bytes of the file at `path`, read only when it is a regular file (a
/// FIFO would block for ever, a device such as /dev/zero never ends) of at
/// most `max_bytes` (checked before reading, whatever the format; and no
/// more than that is ever read, should the file grow meanwhile).
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(path.to_path_buf()),
        _ => Error::Io(path.to_path_buf(), e),
    };
    let too_large = |found: u64| {
        Error::TooLarge(
            path.to_path_buf(),
            Limit::FileBytes {
                found,
                limit: max_bytes,
            },
        )
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::Io(
            path.to_path_buf(),
            std::io::ErrorKind::IsADirectory.into(),
        ));
    }
    if !meta.is_file() {
        return Err(Error::NotAFile(path.to_path_buf()));
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // What was opened, not what was looked at a moment before.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Error::NotAFile(path.to_path_buf()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max_bytes) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `path` is a regular file (following links): the only kind hedui opens.
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Reads a workbook already in memory; `path` only names it in errors and findings.
pub fn read_bytes(path: &Path, bytes: Vec<u8>, limits: Limits) -> Result<Workbook, Error> {
    read_bytes_with(path, bytes, limits, ReadMode::Full)
}

/// [`read_bytes`], loading formulas as `mode` asks.
pub fn read_bytes_with(
    path: &Path,
    bytes: Vec<u8>,
    limits: Limits,
    mode: ReadMode,
) -> Result<Workbook, Error> {
    let (format, parts) = sniff(path, &bytes, limits)?;
    let mut generated = Vec::new();
    let sheets = match format {
        Format::Csv => vec![csv::read(path, &bytes, limits, limits.text)?],
        Format::Html | Format::SpreadsheetMl => {
            let text = text::decode(&bytes, limits.text.encoding)
                .ok_or_else(|| Error::NotAWorkbook(path.to_path_buf()))?;
            if format == Format::Html {
                html::read(path, &text, limits)?
            } else {
                spreadsheetml::read(path, &text, limits)?
            }
        }
        _ => {
            let marks = match format {
                Format::Xlsx => self::xlsx::marks(&parts),
                _ => Marks::default(),
            };
            if marks.summary {
                return Err(Error::OwnSummary(path.to_path_buf()));
            }
            let mut sheets = read_calamine(path, format, bytes, parts, limits, mode)?;
            if !marks.sheets.is_empty() {
                sheets.retain(|s| {
                    let ours = marks.sheets.contains(&s.name);
                    if ours {
                        generated.push(s.name.clone());
                    }
                    !ours
                });
            }
            sheets
        }
    };
    if sheets.is_empty() && generated.is_empty() {
        return Err(Error::NoSheets(path.to_path_buf()));
    }
    Ok(Workbook {
        path: path.to_path_buf(),
        format,
        sheets,
        generated,
    })
}

/// The custom document property naming the sheets hedui added to a
/// corrected workbook (its normalized data and audit sheets), separated by
/// `/`, a character no sheet name can hold. A check leaves them out: they are
/// hedui's own reading, not the station's figures.
pub const GENERATED_SHEETS_PROPERTY: &str = "hedui.generated-sheets";
/// The custom document property marking a workbook hedui wrote whole (the
/// batch summary 汇总.xlsx): a check skips it.
pub const SUMMARY_PROPERTY: &str = "hedui.summary";

/// What hedui's own marks in a workbook say.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    /// Sheets hedui added to a corrected workbook.
    pub sheets: Vec<String>,
    /// The workbook is a summary hedui wrote.
    pub summary: bool,
}

thread_local! {
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a calamine call, where a panic is caught and
/// becomes [`Error::Unreadable`]: a panic hook can then stay silent, so that the
/// person sees one line, not a backtrace.
pub fn in_reader() -> bool {
    IN_READER.with(|flag| flag.get())
}

/// The calamine formats, with any panic inside calamine caught here: fuzzing
/// found calamine 0.38 panicking on damaged .xls files (a slice out of range
/// in cfb.rs when a sector starts past the end of the file, an overflow in
/// xls.rs reading a short MULRK record; fixtures/broken/calamine_panic.xls),
/// and a damaged file must give an error, never a crash. Our own code after
/// the read is not covered, so that its bugs still show.
fn read_calamine(
    path: &Path,
    format: Format,
    bytes: Vec<u8>,
    parts: Parts,
    limits: Limits,
    mode: ReadMode,
) -> Result<Vec<Sheet>, Error> {
    IN_READER.with(|flag| flag.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_sheets(path, format, bytes, parts, limits, mode)
    }));
    IN_READER.with(|flag| flag.set(false));
    result.unwrap_or_else(|_| Err(Error::Unreadable(path.to_path_buf())))
}

fn read_sheets(
    path: &Path,
    format: Format,
    bytes: Vec<u8>,
    parts: Parts,
    limits: Limits,
    mode: ReadMode,
) -> Result<Vec<Sheet>, Error> {
    let cursor = Cursor::new(bytes);
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt(path.to_path_buf(), e.to_string());
    let sheets = match format {
        Format::Xlsx => {
            let prepass = self::xlsx::prepass(&parts, mode == ReadMode::Full);
            // The same parts, inflated once, for calamine.
            let cursor = match parts.into_stored_package() {
                Some(stored) => Cursor::new(stored),
                None => cursor,
            };
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| match e {
                    calamine::XlsxError::Password => Error::Encrypted(path.to_path_buf()),
                    calamine::XlsxError::Zip(_) => Error::Damaged(path.to_path_buf()),
                    e => corrupt(&e),
                })?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                // The streaming load checks the cell limit before it grows the grid.
                let (formulas, merges) = xlsx_plan(prepass.as_ref(), &name, mode);
                let mut sheet = self::xlsx::load_sheet(
                    path,
                    &mut book,
                    &name,
                    limits,
                    formulas,
                    mode == ReadMode::Full,
                )?;
                if let Some(layout) = prepass.as_ref().and_then(|p| p.layouts.get(&name)) {
                    sheet.layout = layout.clone();
                }
                sheet.merges = match merges {
                    Some(merges) => merges,
                    None => book
                        .merge_cells_by_sheet_name(&name)
                        .map_err(|_| Error::SheetDamaged(path.to_path_buf(), name.clone()))?
                        .iter()
                        .map(to_range)
                        .collect(),
                };
                sheets.push(sheet);
            }
            sheets
        }
        Format::Xls => {
            // An xls is not compressed, so its size bounds what calamine
            // builds while opening it (at most 65536 × 256 cells a sheet).
            // Styles and layout, which calamine does not give, for a corrected workbook.
            let extras = match mode {
                ReadMode::Full => xls::extras(cursor.get_ref()),
                ReadMode::Check => None,
            };
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
                    .map_err(|_| Error::SheetDamaged(path.to_path_buf(), name.clone()))?
                    .iter()
                    .map(to_range)
                    .collect();
                sheets.push(sheet);
            }
            if let Some(extras) = extras {
                extras.apply(&mut sheets);
            }
            sheets
        }
        Format::Xlsb => {
            let mut book: Xlsb<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| match e {
                    calamine::XlsbError::Zip(_) => Error::Damaged(path.to_path_buf()),
                    e => corrupt(&e),
                })?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let extent = xlsb_extent(&mut book, &name)
                    .map_err(|_| Error::SheetDamaged(path.to_path_buf(), name.clone()))?;
                check_extent(path, &name, extent, limits)?;
                sheets.push(load_sheet(path, &mut book, &name, limits)?);
            }
            sheets
        }
        Format::Ods => {
            let mut bounds = std::collections::HashMap::new();
            if let Some(tables) = ods_extents(cursor.get_ref()) {
                for (name, height, width) in tables {
                    check_extent(path, &name, (height, width), limits)?;
                    let fit = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
                    bounds.insert(name, (fit(height), fit(width)));
                }
            }
            // Merged regions always (locate reads headers through them);
            // styles and layout for a corrected workbook.
            let extras = ods::extras(cursor.get_ref(), &bounds);
            let mut book: Ods<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?;
            let mut sheets = load_all(path, &mut book, limits)?;
            if let Some(extras) = extras {
                extras.apply(&mut sheets, mode == ReadMode::Full);
            }
            sheets
        }
        Format::Csv | Format::Html | Format::SpreadsheetMl => {
            unreachable!("text formats are read without calamine")
        }
    };
    Ok(sheets)
}

/// The same for xlsb, whose sheets calamine also reads into dense ranges.
fn xlsb_extent<RS: Read + Seek>(
    book: &mut Xlsb<RS>,
    name: &str,
) -> Result<(u64, u64), calamine::XlsbError> {
    let mut extent = Extent::default();
    let mut cells = book.worksheet_cells_reader(name)?;
    while let Some(cell) = cells.next_cell()? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            extent.add(cell.get_position());
        }
    }
    drop(cells);
    let mut formulas = book.worksheet_cells_reader(name)?;
    while let Some(cell) = formulas.next_formula()? {
        if !cell.get_value().is_empty() {
            extent.add(cell.get_position());
        }
    }
    Ok((extent.height, extent.width))
}

/// Each table of an ODS file with its rows and columns from A1 to the last
/// cell with content, counting repeats. calamine expands
/// `number-rows-repeated` × `number-columns-repeated` into a dense range
/// while opening the file (up to 100 million cells, some 3 GB), so a few
/// hundred bytes of content.xml must be measured before it sees them. None
/// when content.xml cannot be scanned: calamine then reports the damage.
fn ods_extents(zip: &[u8]) -> Option<Vec<(String, u64, u64)>> {
    use quick_xml::events::{BytesStart, Event};

    fn number(e: &BytesStart, name: &str) -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    }

    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).ok()?;
    let content = archive.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut tables = Vec::new();
    let mut table = (String::new(), 0u64, 0u64);
    let (mut row, mut col, mut row_repeat, mut row_has_content) = (0u64, 0u64, 1u64, false);
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().into_inner() {
                "table" => {
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    table = (name, 0, 0);
                    row = 0;
                }
                "table-row" => {
                    row_repeat = number(e, "table:number-rows-repeated");
                    (col, row_has_content) = (0, false);
                    if is_empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let repeat = number(e, "table:number-columns-repeated");
                    let has_value = e
                        .try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some();
                    if !is_empty || has_value {
                        table.2 = table.2.max(col.saturating_add(repeat));
                        row_has_content = true;
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(ref e) => match e.local_name().into_inner() {
                "table-row" => {
                    if row_has_content {
                        table.1 = table.1.max(row.saturating_add(row_repeat));
                    }
                    row = row.saturating_add(row_repeat);
                }
                "table" => tables.push(std::mem::take(&mut table)),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(tables)
}

#[derive(Default)]
struct Extent {
    height: u64,
    width: u64,
}

impl Extent {
    fn add(&mut self, (row, col): (u32, u32)) {
        self.height = self.height.max(u64::from(row) + 1);
        self.width = self.width.max(u64::from(col) + 1);
    }
}

fn check_extent(
    path: &Path,
    name: &str,
    (height, width): (u64, u64),
    limits: Limits,
) -> Result<(), Error> {
    let cells = height.saturating_mul(width);
    if cells > limits.max_cells {
        return Err(Error::TooLarge(
            path.to_path_buf(),
            Limit::Cells {
                sheet: name.to_string(),
                found: Some(cells),
                limit: limits.max_cells,
            },
        ));
    }
    Ok(())
}

/// For one xlsx sheet: when to read its formulas, and its merged regions if the prepass found them.
fn xlsx_plan(
    prepass: Option<&self::xlsx::Prepass>,
    name: &str,
    mode: ReadMode,
) -> (self::xlsx::Formulas, Option<Vec<CellRange>>) {
    use self::xlsx::Formulas;
    let formulas = match (mode, prepass) {
        (ReadMode::Full, _) => Formulas::Always,
        (ReadMode::Check, Some(p)) if p.merges.contains_key(name) => {
            if p.uncached.contains(name) {
                Formulas::Always
            } else {
                Formulas::Never
            }
        }
        (ReadMode::Check, _) => Formulas::IfValueless,
    };
    let merges = prepass.and_then(|p| p.merges.get(name).cloned());
    (formulas, merges)
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
    let range = book
        .worksheet_range(name)
        .map_err(|_| Error::SheetDamaged(path.to_path_buf(), name.to_string()))?;
    let (height, width) = range.end().map(|(r, c)| (r + 1, c + 1)).unwrap_or((0, 0));
    check_extent(path, name, (u64::from(height), u64::from(width)), limits)?;
    let mut sheet = Sheet::new(name, height, width);
    fill_values(&mut sheet, &range);
    load_formulas(&mut sheet, book, name);
    Ok(sheet)
}

/// Adds the sheet's formulas. They are optional knowledge: a reader that
/// cannot give them still gives the cached values.
pub(crate) fn load_formulas<RS, R>(sheet: &mut Sheet, book: &mut R, name: &str)
where
    RS: Read + Seek,
    R: Reader<RS>,
{
    if let Ok(formulas) = book.worksheet_formula(name) {
        let start = formulas.start().unwrap_or((0, 0));
        for (row, col, formula) in formulas.used_cells() {
            if !formula.is_empty() {
                let cell = CellRef::new(start.0 + row as u32, start.1 + col as u32);
                sheet.formulas.insert(cell, formula.clone());
            }
        }
    }
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
            Data::DateTime(d) => Value::Date(serial_1900(d)),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
            Data::Error(e) => Value::Error(e.to_string()),
        };
        sheet.set(
            CellRef::new(start.0 + row as u32, start.1 + col as u32),
            value,
        );
    }
}

/// Places cells read in order into the sheet, growing its grid once to the
/// last row and column rather than row by row (each growth copies the grid).
pub(crate) fn fill(sheet: &mut Sheet, cells: Vec<(CellRef, Value)>) {
    let Some(last) = cells
        .iter()
        .map(|(c, _)| *c)
        .reduce(|a, b| CellRef::new(a.row.max(b.row), a.col.max(b.col)))
    else {
        return;
    };
    let kept = sheet.get(last).clone();
    sheet.set(last, kept);
    for (cell, value) in cells {
        sheet.set(cell, value);
    }
}

/// A date cell's serial in the 1900 date system, whichever system the
/// workbook uses: calamine's conversion knows the workbook's 1904 flag (Mac
/// Excel), which shifts every serial by 1462 days. Comparing its reading with
/// the 1900 reading of the same number tells which one the file uses.
pub(crate) fn serial_1900(d: &calamine::ExcelDateTime) -> f64 {
    const DAYS_1900_TO_1904: f64 = 1462.0;
    let value = d.as_f64();
    if !d.is_datetime() {
        return value;
    }
    let as_1900 = calamine::ExcelDateTime::new(value, calamine::ExcelDateTimeType::DateTime, false);
    if d.to_ymd_hms_milli() == as_1900.to_ymd_hms_milli() {
        value
    } else {
        value + DAYS_1900_TO_1904
    }
}

fn to_range(d: &Dimensions) -> CellRange {
    CellRange::new(
        CellRef::new(d.start.0, d.start.1),
        CellRef::new(d.end.0, d.end.1),
    )
}

/// Decides the format from the first bytes and, for zip containers, the parts they hold.
/// The parts of a zipped xlsx, inflated once while its package is checked
/// (see [`sniff`]), by name as the package lists them. The xlsx prepass and
/// hedui's own marks read them here, and calamine reads them as a package of
/// stored (uncompressed) parts, written as they are inflated: nothing is
/// inflated twice, and no part is copied again for calamine.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    /// A zip package of every part stored, or (when one could not be
    /// written, as with two parts of one name) the parts one after another.
    bytes: Vec<u8>,
    /// Each part's name and where its bytes lie in `bytes`.
    index: Vec<(String, std::ops::Range<usize>)>,
    /// Whether `bytes` is the stored package.
    package: bool,
}

impl Parts {
    /// The part named `name` (a leading `/` and letter case ignored).
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.index
            .iter()
            .find(|(n, _)| n.trim_start_matches('/').eq_ignore_ascii_case(name))
            .and_then(|(_, range)| self.bytes.get(range.clone()))
    }

    /// The package with every part stored uncompressed: calamine then reads
    /// the parts without inflating them a second time. None when it could not
    /// be written (calamine then reads the original).
    fn into_stored_package(self) -> Option<Vec<u8>> {
        self.package.then_some(self.bytes)
    }

    /// Inflates every part of `zip` into a stored package; a part that cannot
    /// be inflated (damaged, wrong checksum) is [`Error::Damaged`]. When the
    /// package cannot be written, the parts are kept one after another instead.
    fn inflate<R: Read + Seek>(
        path: &Path,
        zip: &mut zip::ZipArchive<R>,
        capacity: usize,
    ) -> Result<Parts, Error> {
        match Self::inflate_stored(path, zip, capacity)? {
            Some(parts) => Ok(parts),
            None => Self::inflate_plain(path, zip, capacity),
        }
    }

    fn inflate_stored<R: Read + Seek>(
        path: &Path,
        zip: &mut zip::ZipArchive<R>,
        capacity: usize,
    ) -> Result<Option<Parts>, Error> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(capacity)));
        let mut index = Vec::with_capacity(zip.len());
        let position = |writer: &zip::ZipWriter<Cursor<Vec<u8>>>| {
            writer.get_ref().map(|cursor| cursor.position() as usize)
        };
        for i in 0..zip.len() {
            let mut entry = open_entry(path, zip, i)?;
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(entry.size() >= u64::from(u32::MAX));
            if writer.start_file(name.as_str(), options).is_err() {
                return Ok(None);
            }
            let Some(start) = position(&writer) else {
                return Ok(None);
            };
            // Reading fails on a damaged part; writing into memory does not fail.
            copy_part(path, &mut entry, &mut writer)?;
            let Some(end) = position(&writer) else {
                return Ok(None);
            };
            index.push((name, start..end));
        }
        let Ok(cursor) = writer.finish() else {
            return Ok(None);
        };
        Ok(Some(Parts {
            bytes: cursor.into_inner(),
            index,
            package: true,
        }))
    }

    fn inflate_plain<R: Read + Seek>(
        path: &Path,
        zip: &mut zip::ZipArchive<R>,
        capacity: usize,
    ) -> Result<Parts, Error> {
        let mut parts = Parts {
            bytes: Vec::with_capacity(capacity),
            ..Parts::default()
        };
        for i in 0..zip.len() {
            let mut entry = open_entry(path, zip, i)?;
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            let start = parts.bytes.len();
            copy_part(path, &mut entry, &mut parts.bytes)?;
            parts.index.push((name, start..parts.bytes.len()));
        }
        Ok(parts)
    }
}

/// Entry `i` of a zip, ready to inflate.
fn open_entry<'z, R: Read + Seek>(
    path: &Path,
    zip: &'z mut zip::ZipArchive<R>,
    i: usize,
) -> Result<zip::read::ZipFile<'z, R>, Error> {
    zip.by_index(i).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(what) => {
            Error::Corrupt(path.to_path_buf(), what.to_string())
        }
        _ => Error::Damaged(path.to_path_buf()),
    })
}

/// Inflates a part to its end (its checksum checked there) into `to`.
fn copy_part(path: &Path, part: &mut impl Read, to: &mut impl std::io::Write) -> Result<(), Error> {
    std::io::copy(part, to)
        .map(drop)
        .map_err(|_| Error::Damaged(path.to_path_buf()))
}

/// The format of a file, from its content; for a zip, the package checked
/// (sizes, encryption, every part inflated once) and its XML parts.
pub(crate) fn sniff(path: &Path, bytes: &[u8], limits: Limits) -> Result<(Format, Parts), Error> {
    if bytes.starts_with(ZIP_MAGIC) {
        // Any fault in the zip structure is the same fault to the person who
        // sent it: the file was cut short or damaged on the way.
        let damaged = |_: zip::result::ZipError| Error::Damaged(path.to_path_buf());
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        let mut total: u64 = 0;
        let mut names = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(damaged)?;
            if entry.encrypted() {
                return Err(Error::Encrypted(path.to_path_buf()));
            }
            total = total.saturating_add(entry.size());
            names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
        }
        if total > limits.max_bytes {
            return Err(Error::TooLarge(
                path.to_path_buf(),
                Limit::Bytes {
                    found: total,
                    limit: limits.max_bytes,
                },
            ));
        }
        // Inflate every part once: the zip reader stops a part at its
        // declared size (so the sum above really bounds the work), and a
        // damaged part or a wrong checksum is found here, with a clear error,
        // rather than halfway through a sheet. An xlsx keeps its parts, for
        // the prepass and for calamine (see `Parts::into_stored_package`).
        let xlsx = names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("xl/workbook.xml"));
        let parts = if xlsx {
            let capacity = total.min(limits.max_bytes) as usize + 128 * names.len();
            Parts::inflate(path, &mut zip, capacity)?
        } else {
            for i in 0..zip.len() {
                copy_part(
                    path,
                    &mut open_entry(path, &mut zip, i)?,
                    &mut std::io::sink(),
                )?;
            }
            Parts::default()
        };
        let has = |part: &str| names.iter().any(|n| n.eq_ignore_ascii_case(part));
        let format = if has("xl/workbook.bin") {
            Format::Xlsb
        } else if has("xl/workbook.xml") {
            Format::Xlsx
        } else if has("content.xml") {
            Format::Ods
        } else {
            return Err(Error::NotAWorkbook(path.to_path_buf()));
        };
        return Ok((format, parts));
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
        return Ok((Format::Xls, Parts::default()));
    }
    if let Some(text) = text::decode(bytes, limits.text.encoding) {
        let format = if spreadsheetml::looks_like_spreadsheetml(&text) {
            Format::SpreadsheetMl
        } else if html::looks_like_html(&text) {
            Format::Html
        } else {
            Format::Csv
        };
        return Ok((format, Parts::default()));
    }
    Err(Error::NotAWorkbook(path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of the given parts, deflated.
    fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer.start_file(*name, options).expect("start");
            writer.write_all(text.as_bytes()).expect("write");
        }
        writer.finish().expect("finish").into_inner()
    }

    #[test]
    fn parts_are_kept_as_a_stored_package_or_one_after_another() {
        let parts = [
            ("xl/workbook.xml", "<workbook/>"),
            ("xl/worksheets/sheet1.xml", "<worksheet>一二三</worksheet>"),
        ];
        let bytes = zipped(&parts);
        let path = Path::new("t.xlsx");
        let open = || zip::ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
        let stored = Parts::inflate_stored(path, &mut open(), 0)
            .expect("inflates")
            .expect("a package");
        let plain = Parts::inflate_plain(path, &mut open(), 0).expect("inflates");
        for (name, text) in parts {
            assert_eq!(stored.get(name), Some(text.as_bytes()));
            assert_eq!(plain.get(&name.to_uppercase()), Some(text.as_bytes()));
        }
        assert!(plain.into_stored_package().is_none());
        // The stored package holds the same parts, uncompressed.
        let package = stored.into_stored_package().expect("a package");
        let mut again = zip::ZipArchive::new(Cursor::new(package)).expect("a zip");
        for (name, text) in parts {
            let mut part = again.by_name(name).expect("the part");
            assert_eq!(part.compression(), zip::CompressionMethod::Stored);
            let mut read = String::new();
            part.read_to_string(&mut read).expect("reads");
            assert_eq!(read, text);
        }
    }

    #[test]
    fn a_damaged_part_is_a_damaged_file() {
        let mut bytes = zipped(&[(
            "xl/workbook.xml",
            "<workbook>some text to deflate</workbook>",
        )]);
        // Flip a byte of the deflated data (just after the 30-byte local header and the name).
        let at = 30 + "xl/workbook.xml".len() + 2;
        bytes[at] ^= 0xff;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
        let result = Parts::inflate(Path::new("t.xlsx"), &mut zip, 0);
        assert!(matches!(result, Err(Error::Damaged(_))), "{result:?}");
    }
}
