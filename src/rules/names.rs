//! Name rules. Where the station's own gazetteer applies, district labels
//! are checked against it: a look-alike misspelling of exactly one community
//! is corrected (N002); a community listed under the wrong district (N003), an
//! ambiguous name (N004) or an unknown one (N001) is flagged. Where none
//! applies, labels are only checked against each other: one district
//! spelled two ways in a file (N005); between periods see P005.

use std::path::Path;

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Location, Message};
use crate::model::{Entity, Layout};
use crate::normalize::names::{generic_label, Gazetteer, GenericLabel, Resolution};
use crate::rules::context::TableContext;
use crate::workbook::CellRef;
use crate::TableFigures;

/// N001–N004 on one table, against the station's own gazetteer (nothing without one).
pub fn check_names(ctx: &mut TableContext) {
    let table = ctx.table;
    let Some(gazetteer) = ctx.gazetteer else {
        return;
    };
    if table.layout == Layout::StationRows {
        return;
    }
    for line in &table.lines {
        let Some(cell) = line.label_cell else {
            continue;
        };
        if !matches!(line.entity, Entity::District(_) | Entity::Unrecognized(_)) {
            continue;
        }
        let written = line.label.trim().to_string();
        let label = gazetteer.parse_label(&written);
        let street = gazetteer.street.clone();
        match label.district {
            Some(n) if gazetteer.district(n).is_none() => {
                let message = Message::new(
                    format!("{street}地名表中没有第{n}片区"),
                    format!("The {street} gazetteer has no district {n}"),
                );
                ctx.push(Finding::new(
                    Rule::DistrictUnknown,
                    ctx.location(cell),
                    written.clone(),
                    message,
                ));
            }
            None if label.communities.is_empty() => {
                let message = Message::new(
                    format!("“{written}”不是可识别的片区名称"),
                    format!("\"{written}\" is not a recognizable district name"),
                );
                ctx.push(Finding::new(
                    Rule::DistrictUnknown,
                    ctx.location(cell),
                    written.clone(),
                    message,
                ));
                continue;
            }
            _ => {}
        }
        let mut corrected = written.clone();
        for community in &label.communities {
            let name = &community.written;
            match &community.resolution {
                Resolution::Exact { district } => {
                    if let Some(n) = label.district.filter(|n| n != district) {
                        wrong_district(ctx, gazetteer, cell, &written, name, *district, n);
                    }
                }
                Resolution::Confusable { canonical, .. }
                    if !confident_lookalike(gazetteer, name, canonical) =>
                {
                    // Two characters with one changed is weak evidence: suggest, never correct.
                    let message = Message::new(
                        format!("社区“{name}”不在{street}地名表中，可能是“{canonical}”（未更改）"),
                        format!("The community \"{name}\" is not in the {street} gazetteer; perhaps \"{canonical}\" (left as written)"),
                    );
                    ctx.push(
                        Finding::new(
                            Rule::DistrictUnknown,
                            ctx.location(cell),
                            written.clone(),
                            message,
                        )
                        .expected(written.replacen(
                            name.as_str(),
                            canonical,
                            1,
                        )),
                    );
                }
                Resolution::Confusable {
                    canonical,
                    district,
                } => {
                    corrected = corrected.replacen(name.as_str(), canonical, 1);
                    if let Some(n) = label.district.filter(|n| n != district) {
                        wrong_district(ctx, gazetteer, cell, &written, canonical, *district, n);
                    }
                }
                Resolution::Ambiguous { candidates } => {
                    let options = candidates.join("、");
                    let message = Message::new(
                        format!("社区“{name}”可能是 {options} 之一，未更改"),
                        format!(
                            "The community \"{name}\" could be any of {options}; left as written"
                        ),
                    );
                    ctx.push(
                        Finding::new(
                            Rule::NameAmbiguous,
                            ctx.location(cell),
                            written.clone(),
                            message,
                        )
                        .expected(options),
                    );
                }
                Resolution::Unknown => {
                    let message = Message::new(
                        format!("社区“{name}”不在{street}地名表中"),
                        format!("The community \"{name}\" is not in the {street} gazetteer"),
                    );
                    ctx.push(Finding::new(
                        Rule::DistrictUnknown,
                        ctx.location(cell),
                        written.clone(),
                        message,
                    ));
                }
            }
        }
        if corrected != written {
            let message = Message::new(
                format!("片区标签中的社区名称为形近误写，已按地名表更正为“{corrected}”"),
                format!("The label misspells a community (a look-alike); corrected from the gazetteer to \"{corrected}\""),
            );
            let correction = Correction {
                value: Corrected::Text(corrected.clone()),
                formula: None,
                number_format: None,
            };
            ctx.push(
                Finding::new(
                    Rule::NameConfusable,
                    ctx.location(cell),
                    written.clone(),
                    message,
                )
                .expected(corrected)
                .corrected(correction),
            );
        }
    }
}

/// A look-alike safe to correct: a confusion the station's gazetteer lists,
/// or a longer name where one changed character is telling.
fn confident_lookalike(gazetteer: &Gazetteer, written: &str, canonical: &str) -> bool {
    gazetteer.is_known_confusable(written, canonical) || written.chars().count() >= 3
}

fn wrong_district(
    ctx: &mut TableContext,
    gazetteer: &Gazetteer,
    cell: CellRef,
    written: &str,
    name: &str,
    belongs: u32,
    labelled: u32,
) {
    let lookalikes = gazetteer.lookalikes_in(name, labelled);
    let (hint_zh, hint_en, expected) = match lookalikes.as_slice() {
        [one] => (
            format!("；第{labelled}片区有形近的“{one}”"),
            format!("; district {labelled} has the look-alike \"{one}\""),
            Some(written.replacen(name, one, 1)),
        ),
        _ => (String::new(), String::new(), None),
    };
    let message = Message::new(
        format!("“{name}”属于第{belongs}片区，不属于第{labelled}片区{hint_zh}"),
        format!("\"{name}\" belongs to district {belongs}, not district {labelled}{hint_en}"),
    );
    let mut finding = Finding::new(
        Rule::CommunityWrongDistrict,
        ctx.location(cell),
        written.to_string(),
        message,
    );
    if let Some(expected) = expected {
        finding = finding.expected(expected);
    }
    ctx.push(finding);
}

/// One district label where it is written.
struct Written<'a> {
    label: GenericLabel,
    text: &'a str,
    sheet: &'a str,
    cell: CellRef,
}

/// N005: with no gazetteer, every label of one district in a file (all its
/// tables) should agree. Forms of one key (片区1, 第一片区, A片区) agree; so do
/// lists of communities of which one holds the other (a label may list fewer,
/// "等"). Otherwise the labels that disagree with the one most others agree
/// with are flagged, pointing at it: never corrected, nothing says which is right.
pub fn check_consistency(file: &Path, tables: &[TableFigures]) -> Vec<Finding> {
    let mut labels: Vec<Written> = Vec::new();
    for t in tables {
        let table = &t.table;
        if table.layout == Layout::StationRows {
            continue;
        }
        for line in &table.lines {
            let (Some(cell), Entity::District(_) | Entity::Unrecognized(_)) =
                (line.label_cell, &line.entity)
            else {
                continue;
            };
            let label = generic_label(&line.label);
            if label.key.is_some() {
                labels.push(Written {
                    label,
                    text: line.label.trim(),
                    sheet: &table.sheet,
                    cell,
                });
            }
        }
    }
    let mut findings = Vec::new();
    let mut done = vec![false; labels.len()];
    for first in 0..labels.len() {
        if done[first] {
            continue;
        }
        // The labels of one district, as distinct texts with where each stands:
        // a table of thousands of rows repeats a few labels, compared once each.
        let mut texts: Vec<(&str, Vec<usize>)> = Vec::new();
        for i in first..labels.len() {
            if labels[i].label.key != labels[first].label.key {
                continue;
            }
            done[i] = true;
            match texts.iter_mut().find(|(t, _)| *t == labels[i].text) {
                Some((_, at)) => at.push(i),
                None => texts.push((labels[i].text, vec![i])),
            }
        }
        let agreeing = |a: usize| -> usize {
            texts
                .iter()
                .filter(|(_, at)| labels[a].label.communities_agree(&labels[at[0]].label))
                .map(|(_, at)| at.len())
                .sum()
        };
        // The label most others agree with (the first of equals) is the reference.
        let Some(reference) = texts
            .iter()
            .map(|(_, at)| at[0])
            .max_by_key(|&i| (agreeing(i), std::cmp::Reverse(i)))
        else {
            continue;
        };
        for (_, at) in &texts {
            if !labels[at[0]]
                .label
                .communities_agree(&labels[reference].label)
            {
                for &i in at {
                    findings.push(spelled_two_ways(file, &labels[i], &labels[reference]));
                }
            }
        }
    }
    findings
}

fn spelled_two_ways(file: &Path, here: &Written, reference: &Written) -> Finding {
    let key = here
        .label
        .key
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let at = format!("{}!{}", reference.sheet, reference.cell);
    let message = match here.label.slip_against(&reference.label) {
        Some((this, other)) => Message::new(
            format!("{key}在本文件中写法不一：此处为“{this}”，{at} 为“{other}”，疑似笔误（未更改）"),
            format!("{key} is spelled two ways in this file: \"{this}\" here, \"{other}\" at {at}; probably a slip (left as written)"),
        ),
        None => {
            let list = |l: &GenericLabel| l.communities.join("、");
            let (this, other) = (list(&here.label), list(&reference.label));
            Message::new(
                format!("{key}在本文件中所列社区不一：此处为“{this}”，{at} 为“{other}”（未更改）"),
                format!("{key} lists different communities in this file: \"{this}\" here, \"{other}\" at {at} (left as written)"),
            )
        }
    };
    Finding::new(
        Rule::DistrictSpelledTwoWays,
        Location::new(file, here.sheet, here.cell),
        here.text.to_string(),
        message,
    )
    .expected(reference.text.to_string())
    .related(Location::new(file, reference.sheet, reference.cell))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::locate;
    use crate::workbook::{Sheet, Value};

    /// Tables of one indicator, one after another on one sheet (a blank row between), labelled as given.
    fn tables(groups: &[&[&str]]) -> (Sheet, Vec<TableFigures>) {
        let mut sheet = Sheet::new("表", 0, 0);
        let mut row = 0;
        for labels in groups {
            for (c, h) in ["服务片区", "协议量", "完成量", "百分比"]
                .iter()
                .enumerate()
            {
                sheet.set(CellRef::new(row, c as u32), Value::Text(h.to_string()));
            }
            row += 1;
            for label in labels.iter() {
                sheet.set(CellRef::new(row, 0), Value::Text(label.to_string()));
                sheet.set(CellRef::new(row, 1), Value::Number(10.0));
                sheet.set(CellRef::new(row, 2), Value::Number(5.0));
                sheet.set(CellRef::new(row, 3), Value::Text("50.00%".into()));
                row += 1;
            }
            row += 2;
        }
        let found = locate::indicator_tables(&sheet);
        let figures = found
            .into_iter()
            .map(|table| {
                let values =
                    crate::rules::check_indicator_table(Path::new("t.xlsx"), &sheet, &table, None)
                        .values();
                TableFigures { table, values }
            })
            .collect();
        (sheet, figures)
    }

    fn n005(groups: &[&[&str]]) -> Vec<(String, String, Option<String>)> {
        let (_, figures) = tables(groups);
        assert_eq!(figures.len(), groups.len(), "every table found");
        check_consistency(Path::new("t.xlsx"), &figures)
            .into_iter()
            .map(|f| {
                assert_eq!(f.rule, Rule::DistrictSpelledTwoWays);
                (
                    f.location.cell.a1(),
                    f.found,
                    f.related.first().map(|r| r.cell.a1()),
                )
            })
            .collect()
    }

    #[test]
    fn equivalent_forms_agree() {
        assert!(n005(&[
            &["片区1 (下渡、江景)", "片区2"],
            &["第一片区（下渡、江景、南贤等社区）", "B片区 (毛纺)"],
        ])
        .is_empty());
    }

    #[test]
    fn the_label_most_others_agree_with_is_the_reference() {
        // Three tables: two write 毛纺, one 毛坦; the odd one out is flagged, whatever its place.
        let got = n005(&[
            &["片区2 (毛坦、竹园)"],
            &["片区2 (毛纺、竹园)"],
            &["第二片区 (毛纺、竹园)"],
        ]);
        assert_eq!(
            got,
            [(
                "A2".to_string(),
                "片区2 (毛坦、竹园)".to_string(),
                Some("A6".to_string())
            )]
        );
    }

    #[test]
    fn other_communities_under_one_district() {
        let got = n005(&[&["片区2 (毛纺、竹园)"], &["片区2 (大江苑、大江涌)"]]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "A6");
    }
}
