//! The benchmarks' floor: calamine alone opening every workbook under the
//! given paths and touching every cell, in parallel like `hedui check`.
//!
//! Usage: `cargo run --release --example bare_read -- PATH...` (files or
//! folders). Prints the files, sheets and non-empty cells read.

use std::path::PathBuf;

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        for entry in walkdir::WalkDir::new(arg)
            .into_iter()
            .filter_map(Result::ok)
        {
            let is_xlsx = entry
                .path()
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if entry.file_type().is_file() && is_xlsx {
                files.push(entry.into_path());
            }
        }
    }
    let (sheets, cells, failed) = files
        .par_iter()
        .map(|path| {
            let Ok(mut book) = open_workbook_auto(path) else {
                return (0, 0, 1);
            };
            let mut sheets = 0;
            let mut cells = 0;
            for name in book.sheet_names() {
                let Ok(range) = book.worksheet_range(&name) else {
                    continue;
                };
                sheets += 1;
                // Touch every cell so nothing is left unread.
                cells += range
                    .used_cells()
                    .filter(|(_, _, d)| !matches!(d, Data::Empty))
                    .count();
            }
            (sheets, cells, 0)
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    println!(
        "{} files, {sheets} sheets, {cells} cells read ({failed} failed)",
        files.len()
    );
}
