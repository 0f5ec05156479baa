//! The floor for `hedui fix` on one workbook: calamine reads every sheet and
//! rust_xlsxwriter writes every cell back, with nothing checked in between.
//!
//! Usage: `cargo run --release --example bare_read_write -- IN.xlsx OUT.xlsx`.

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (input, output) = match (args.next(), args.next()) {
        (Some(i), Some(o)) => (i, o),
        _ => return Err("usage: bare_read_write IN OUT".into()),
    };
    let mut book = open_workbook_auto(&input)?;
    let mut out = Workbook::new();
    let mut cells = 0usize;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        let ws = out.add_worksheet();
        ws.set_name(&name)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            let (row, col) = (row0 + r as u32, (col0 + c as u32) as u16);
            match data {
                Data::Empty => continue,
                Data::Int(i) => ws.write_number(row, col, *i as f64)?,
                Data::Float(f) => ws.write_number(row, col, *f)?,
                Data::String(s) => ws.write_string(row, col, s)?,
                Data::Bool(b) => ws.write_boolean(row, col, *b)?,
                Data::DateTime(d) => ws.write_number(row, col, d.as_f64())?,
                Data::DateTimeIso(s) | Data::DurationIso(s) => ws.write_string(row, col, s)?,
                Data::Error(e) => ws.write_string(row, col, e.to_string())?,
            };
            cells += 1;
        }
    }
    out.save(&output)?;
    println!("{cells} cells read and written");
    Ok(())
}
