//! The model the rules run on: indicator tables and rosters, normalized, each
//! figure tied to the cell it came from.

pub mod indicators;
pub mod roster;

pub use indicators::*;
