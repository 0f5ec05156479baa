//! Locate: find every indicator table and attendance roster on a sheet,
//! whatever its layout, and say which cell holds which figure.

mod columns;
pub mod indicators;
mod lines;
pub mod roster;
#[cfg(test)]
mod tests;

pub use indicators::indicator_tables;
pub use roster::rosters;
