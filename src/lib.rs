//! hedui (核对): check and correct the workbooks social-work stations submit.
//!
//! The pipeline: read → locate → normalize → check → correct → write.

pub mod error;
pub mod findings;
pub mod headers;
pub mod model;
pub mod names;
pub mod read;
pub mod report;
pub mod rules;
pub mod values;
pub mod workbook;

/// The language of messages and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
