//! Header rules: a header that matches nothing (H001), a misspelled one read
//! as its closest word (H002), one that needed normalizing (H003), and a word
//! the dictionary does not know whose role the structure settles (H005: info,
//! since an unfamiliar word is no error).

use crate::codes::Rule;
use crate::findings::{Finding, Message};
use crate::model::HeaderKind;
use crate::normalize::vocab;
use crate::rules::context::TableContext;

pub fn check_headers(ctx: &mut TableContext) {
    let table = ctx.table;
    for header in &table.headers {
        let location = ctx.location(header.cell);
        let shown_raw = header.raw.replace('\n', "⏎");
        let typo = match &header.kind {
            HeaderKind::Measure(m) => m.typo_of,
            HeaderKind::Indicator(m) => m.typo_of,
            _ => None,
        };
        if let Some(word) = typo {
            let message = Message::new(
                format!("表头“{}”疑似笔误，按“{word}”识别", header.normalized),
                format!(
                    "The header \"{}\" looks misspelled; read as \"{word}\"",
                    header.normalized
                ),
            );
            ctx.push(Finding::new(Rule::HeaderTypo, location, shown_raw, message).expected(word));
            continue;
        }
        if header.kind == HeaderKind::Unmatched {
            let message = Message::new(
                format!(
                    "表头“{}”无法识别为任何指标，已按原文保留",
                    header.normalized
                ),
                format!(
                    "The header \"{}\" matches no known indicator; kept as written",
                    header.normalized
                ),
            );
            ctx.push(Finding::new(
                Rule::HeaderUnmatched,
                location,
                shown_raw,
                message,
            ));
            continue;
        }
        if header.kind == HeaderKind::Structural {
            let message = Message::new(
                format!(
                    "表头“{}”不在词表中，按表格结构识别并保留原文",
                    header.normalized
                ),
                format!(
                    "The header \"{}\" is not in the dictionary; its role was read from the table's structure and it is kept as written",
                    header.normalized
                ),
            );
            ctx.push(Finding::new(
                Rule::HeaderByStructure,
                location,
                shown_raw,
                message,
            ));
            continue;
        }
        if vocab::normalize(&header.raw).changed {
            let message = Message::new(
                format!("表头含多余空格、换行或全角字符，按“{}”读取", header.normalized),
                format!("The header has stray spaces, line breaks or full-width characters; read as \"{}\"", header.normalized),
            );
            ctx.push(
                Finding::new(Rule::HeaderNormalized, location, shown_raw, message)
                    .expected(header.normalized.clone()),
            );
        }
    }
}
