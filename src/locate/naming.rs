//! What each measurement is called: its identity is the header cell it hangs
//! from plus its unit, and its name the dictionary's where that is unique in
//! the table, else the label as written (bracketed qualifier kept). Known
//! labels also get a canonical name, for comparing files and periods.

use std::collections::HashMap;
use std::sync::Arc;

use super::lines::Metric;
use crate::model::Measurement;
use crate::normalize::vocab::{self, Matched};
use crate::workbook::CellRef;

/// How a group header reads as an indicator, with or without its unit.
pub(super) fn indicator_header(text: &str) -> Option<Matched<&'static str>> {
    indicator_of(text).or_else(|| split_unit(text).map(|(m, _)| m))
}

/// Recognises an indicator name, also when it ends in a unit ("小组个数").
fn indicator_of(text: &str) -> Option<Matched<&'static str>> {
    vocab::match_indicator(text)
}

/// An indicator written with its unit ("专业个案接案", "小组个数"): the
/// indicator and the unit, when the text without the unit is a known indicator.
fn split_unit(text: &str) -> Option<(Matched<&'static str>, &'static str)> {
    let unit = vocab::match_unit(text)?;
    let base = text.strip_suffix(unit)?;
    Some((indicator_of(base)?, unit))
}

/// The dictionary name with its unit, as files are compared: "专业小组·人次".
fn display_name(base: &str, unit: Option<&str>) -> String {
    if indicator_of(base).is_none() {
        if let Some((m, own_unit)) = split_unit(base) {
            return format!("{}·{}", m.item, unit.unwrap_or(own_unit));
        }
    }
    let canonical = indicator_of(base).map_or(base.to_string(), |m| m.item.to_string());
    match unit {
        Some(unit) if !canonical.ends_with(unit) => format!("{canonical}·{unit}"),
        _ => canonical,
    }
}

/// The dictionary name with the unit the label itself names (a trailing unit
/// or the bracketed qualifier: "大型社区活动（场）" → "大型社区活动·场"), else
/// the measure word's ("协议人次"); None when unknown. The label's own unit
/// wins: a station's one target word over every group (协议节数) does not
/// make 专业小组（个） and 专业小组（人次） one indicator.
fn canonical_name(base: &str, unit: Option<&str>) -> Option<String> {
    let (stem, qualifier) = vocab::split_qualifier(base);
    let (name, own_unit) = match indicator_of(&stem) {
        Some(m) => (m.item, None),
        None => {
            let (m, u) = split_unit(&stem)?;
            (m.item, Some(u))
        }
    };
    let unit = own_unit
        .map(str::to_string)
        .or(qualifier)
        .or(unit.map(str::to_string));
    Some(match unit {
        Some(u) if !name.ends_with(u.as_str()) => format!("{name}·{u}"),
        _ => name.to_string(),
    })
}

/// The label as written, with the measure word's unit when the label lacks it.
fn written_name(base: &str, unit: Option<&str>) -> String {
    match unit {
        Some(u) if !base.contains(u) => format!("{base}·{u}"),
        _ => base.to_string(),
    }
}

/// What a metric is called from, and what makes it one: the header cell it
/// hangs from, its unit, and its first column (two metrics under one cell).
pub(super) struct NameKey {
    cell: Option<CellRef>,
    base: String,
    pub unit: Option<&'static str>,
    pub col: u32,
}

impl NameKey {
    pub(super) fn new(cell: Option<CellRef>, base: String, metric: &Metric) -> NameKey {
        let col = [metric.target, metric.done, metric.rate, metric.count]
            .into_iter()
            .flatten()
            .chain(metric.periods.iter().copied())
            .min()
            .unwrap_or(0);
        NameKey {
            cell,
            base,
            unit: metric.unit,
            col,
        }
    }
}

/// Names for metrics, one per (group cell, unit): the dictionary name where
/// that is unique in the table, else the label as written (qualifier kept),
/// else the label with its cell, else with its column too. Two groups are
/// never merged because their names look alike.
pub(super) fn name_metrics(keys: Vec<NameKey>) -> Vec<Naming> {
    const LAST: usize = 3;
    let levels: Vec<[String; LAST + 1]> = keys
        .iter()
        .map(|k| {
            let written = written_name(&k.base, k.unit);
            let at = k.cell.map_or(String::new(), |c| format!("@{}", c.a1()));
            [
                display_name(&k.base, k.unit),
                written.clone(),
                format!("{written}{at}"),
                format!("{written}{at}#{}", CellRef::col_letters(k.col)),
            ]
        })
        .collect();
    let identity: Vec<(Option<CellRef>, Option<&str>, u32)> =
        keys.iter().map(|k| (k.cell, k.unit, k.col)).collect();
    let mut level = vec![0usize; keys.len()];
    loop {
        let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, names) in levels.iter().enumerate() {
            owners.entry(names[level[i]].as_str()).or_default().push(i);
        }
        let mut bumped = Vec::new();
        for shared in owners.values() {
            let first = identity[shared[0]];
            if shared.iter().any(|&i| identity[i] != first) {
                bumped.extend(shared.iter().copied().filter(|&i| level[i] < LAST));
            }
        }
        if bumped.is_empty() {
            break;
        }
        for i in bumped {
            level[i] += 1;
        }
    }
    keys.iter()
        .zip(levels)
        .zip(level)
        .map(|((k, names), l)| Naming {
            indicator: names[l].as_str().into(),
            canonical: canonical_name(&k.base, k.unit).map(Into::into),
            unit: k
                .unit
                .map(Arc::from)
                .or_else(|| vocab::split_qualifier(&k.base).1.map(Into::into)),
        })
        .collect()
}

/// What a metric is called, as a measurement carries it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Naming {
    // Shared: a table's thousands of rows carry the same few names.
    indicator: Arc<str>,
    canonical: Option<Arc<str>>,
    unit: Option<Arc<str>>,
}

impl Naming {
    pub(super) fn apply(&self, m: &mut Measurement) {
        m.indicator = self.indicator.clone();
        m.canonical = self.canonical.clone();
        m.unit = self.unit.clone();
    }
}

/// Names a metric no group header names from its table's title, the title
/// read like any indicator label (known names get their canonical form).
pub(super) fn name_from_title(m: &mut Measurement, title: &str) {
    let unit = m.unit.clone();
    m.indicator = title.into();
    m.canonical = canonical_name(title, unit.as_deref()).map(Into::into);
    m.unit = unit.or_else(|| vocab::split_qualifier(title).1.map(Into::into));
}

pub(super) fn apply_names(measurements: &mut [Measurement], keys: Vec<NameKey>) {
    for (m, naming) in measurements.iter_mut().zip(name_metrics(keys)) {
        naming.apply(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A metric hanging from row 1 at column `col`.
    fn key(col: u32, base: &str) -> NameKey {
        NameKey {
            cell: Some(CellRef::new(0, col)),
            base: base.to_string(),
            unit: None,
            col,
        }
    }

    #[test]
    fn the_labels_own_unit_wins_over_a_target_word_every_group_shares() {
        // One target word for every group (协议节数): each group keeps the
        // unit its label names, so files and periods compare them apart.
        let with = |col, base: &str| NameKey {
            unit: Some("节数"),
            ..key(col, base)
        };
        let canonical: Vec<Option<Arc<str>>> = name_metrics(vec![
            with(1, "专业小组个数(个)"),
            with(4, "专业小组(人次)"),
            with(7, "专业小组"),
        ])
        .into_iter()
        .map(|n| n.canonical)
        .collect();
        assert_eq!(canonical[1].as_deref(), Some("专业小组·人次"));
        assert_eq!(canonical[2].as_deref(), Some("专业小组·节数"));
        assert!(canonical[0].is_some());
        assert!(canonical[0] != canonical[1] && canonical[0] != canonical[2]);
    }

    #[test]
    fn groups_that_differ_by_unit_keep_their_qualifiers() {
        let keys = vec![
            key(1, "大型社区活动(场)"),
            key(4, "大型社区活动(人次)"),
            key(7, "电访"),
        ];
        let names: Vec<(String, Option<String>, Option<String>)> = name_metrics(keys)
            .into_iter()
            .map(|n| {
                let text = |s: Option<Arc<str>>| s.map(|s| s.to_string());
                (n.indicator.to_string(), text(n.canonical), text(n.unit))
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            names,
            [
                (
                    "大型社区活动(场)".to_string(),
                    some("大型社区活动·场"),
                    some("场")
                ),
                (
                    "大型社区活动(人次)".to_string(),
                    some("大型社区活动·人次"),
                    some("人次")
                ),
                ("电访".to_string(), some("电访"), None),
            ]
        );
    }

    #[test]
    fn one_label_in_two_cells_is_two_indicators() {
        let keys = vec![key(1, "服务甲"), key(4, "服务甲")];
        let names: Vec<String> = name_metrics(keys)
            .into_iter()
            .map(|n| n.indicator.to_string())
            .collect();
        assert_eq!(names, ["服务甲@B1", "服务甲@E1"]);
    }
}
