//! Locate: find every indicator table and attendance roster on a sheet,
//! whatever its layout, and say which cell holds which figure.

pub mod indicators;
pub mod roster;

pub use indicators::indicator_tables;
pub use roster::rosters;
