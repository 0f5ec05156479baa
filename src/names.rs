//! District and community names against a station's gazetteer: the forms a
//! district is written in, and look-alike misspellings from PDFs.

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct District {
    /// 1-based number: 片区1.
    pub number: u32,
    /// Letter form: A for 片区1.
    pub letter: char,
    pub communities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Gazetteer {
    pub street: String,
    pub districts: Vec<District>,
}

/// How one community name in a label resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly a community of the gazetteer, in district `district` (1-based).
    Exact {
        district: u32,
    },
    /// A look-alike of exactly one community: safe to correct.
    Confusable {
        canonical: String,
        district: u32,
    },
    /// Close to several communities: flagged, never corrected.
    Ambiguous {
        candidates: Vec<String>,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Community {
    /// As written, after normalization.
    pub written: String,
    pub resolution: Resolution,
}

/// A district label such as "片区2 (毛坦、竹园等社区)" taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictLabel {
    /// The district number the label names (片区2, 第二片区, B片区 …), if any.
    pub district: Option<u32>,
    pub communities: Vec<Community>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Gazetteer {
    pub fn chigang() -> Gazetteer {
        unimplemented!()
    }

    pub fn from_file(_path: &Path) -> Result<Gazetteer, GazetteerError> {
        unimplemented!()
    }

    pub fn parse_label(&self, _label: &str) -> DistrictLabel {
        unimplemented!()
    }

    pub fn resolve_community(&self, _name: &str) -> Resolution {
        unimplemented!()
    }

    pub fn lookalikes_in(&self, _name: &str, _district: u32) -> Vec<String> {
        unimplemented!()
    }

    pub fn district(&self, _number: u32) -> Option<&District> {
        unimplemented!()
    }
}

/// The district number a text names, in any of its forms: 片区1, 第一片区,
/// 一片区, 第1片区, A片区, 片区A, "A 片区", 第二片区社工.
pub fn district_number(_text: &str) -> Option<u32> {
    unimplemented!()
}
