//! Normalize: turn what people typed into comparable values — header words and
//! their roles, numbers, rates, ticks and dates, district and community names.

pub(crate) mod memo;
pub mod names;
pub mod values;
pub mod vocab;
