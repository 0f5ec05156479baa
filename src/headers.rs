//! Flatten and normalize header text, and recognise indicator groups and
//! measures through a synonym dictionary with fuzzy matching for typos.

/// Header text after NFKC, with whitespace and line breaks removed inside CJK text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// Whether normalization changed anything beyond trimming.
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Target,
    Done,
    Rate,
}

/// How a header word was recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched<T> {
    pub item: T,
    /// 1.0 for an exact synonym; lower for a fuzzy match.
    pub confidence: f32,
    /// The dictionary word it was matched to, when it was a fuzzy match.
    pub typo_of: Option<&'static str>,
}

/// A measure header: its kind and the unit it counts, when it names one
/// ("协议节数" → Target, Some("节数")).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureHeader {
    pub measure: Measure,
    pub unit: Option<&'static str>,
}

pub fn normalize(_raw: &str) -> Normalized {
    unimplemented!()
}

pub fn match_measure(_normalized: &str) -> Option<Matched<MeasureHeader>> {
    unimplemented!()
}

pub fn match_indicator(_normalized: &str) -> Option<Matched<&'static str>> {
    unimplemented!()
}

pub fn match_unit(_normalized: &str) -> Option<&'static str> {
    unimplemented!()
}

pub fn is_total_label(_normalized: &str) -> bool {
    unimplemented!()
}

pub fn is_label_header(_normalized: &str) -> bool {
    unimplemented!()
}
