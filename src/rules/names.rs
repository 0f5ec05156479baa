//! Name rules: district labels against the gazetteer. A look-alike misspelling
//! of exactly one community is corrected (N002); a community listed under the
//! wrong district (N003), an ambiguous name (N004) or an unknown one (N001) is flagged.

use crate::codes::Rule;
use crate::findings::{Corrected, Correction, Finding, Message};
use crate::model::{Entity, Layout};
use crate::normalize::names::Resolution;
use crate::rules::context::TableContext;

pub fn check_names(ctx: &mut TableContext) {
    let table = ctx.table;
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
        let label = ctx.gazetteer.parse_label(&written);
        let street = ctx.gazetteer.street.clone();
        match label.district {
            Some(n) if ctx.gazetteer.district(n).is_none() => {
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
                        wrong_district(ctx, cell, &written, name, *district, n);
                    }
                }
                Resolution::Confusable { canonical, .. }
                    if !confident_lookalike(name, canonical) =>
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
                        wrong_district(ctx, cell, &written, canonical, *district, n);
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

/// A look-alike safe to correct: a known PDF confusion, or a longer name where one changed character is telling.
fn confident_lookalike(written: &str, canonical: &str) -> bool {
    crate::normalize::names::is_known_confusable(written, canonical) || written.chars().count() >= 3
}

fn wrong_district(
    ctx: &mut TableContext,
    cell: crate::workbook::CellRef,
    written: &str,
    name: &str,
    belongs: u32,
    labelled: u32,
) {
    let lookalikes = ctx.gazetteer.lookalikes_in(name, labelled);
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
