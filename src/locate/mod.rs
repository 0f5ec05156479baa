//! Locate: find every indicator table and attendance roster on a sheet,
//! whatever its layout, and say which cell holds which figure.
//!
//! Indicator tables, by concern: `indicators` (header rows, data rows, layout,
//! header cells), `columns` (each column's header path and role, from words
//! or from the figures), `lines` (lines, sub-totals and totals per layout),
//! `naming` (what each measurement is called). `tests` holds one hand-made
//! table per layout.

mod columns;
pub mod indicators;
mod lines;
mod naming;
pub mod roster;
#[cfg(test)]
mod tests;

pub use indicators::indicator_tables;
pub use roster::rosters;
