//! Cross-period rules (P001–P006): one station's files of one service
//! year, compared month to month. Each finding sits on the later file's cell
//! and points at the earlier file's cell as `related`.
//!
//! Monthly figures of a service year are cumulative (完成量 to date), so a
//! completed figure never goes down; targets are fixed by the contract, so a
//! change needs a note; districts are fixed by the contract, so one cannot
//! vanish (P004) nor be renamed (P005: another name, or other communities in
//! its label — any form of one district, 片区1 or 第一片区, is the same name); and a person a roster says has left does not come back in a later
//! roster without a word (P003). A total that moved only with its
//! districts' reported changes is noted (P006, info), not reported again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::codes::Rule;
use crate::findings::{Finding, Location, Message};
use crate::model::roster::{Roster, Staff, TickKind};
use crate::model::{Entity, Role};
use crate::normalize::names::{generic_label, GenericLabel};
use crate::normalize::values::{format_figure, YearMonth};
use crate::workbook::{CellRef, Value, Workbook};
use crate::TableFigures;

/// Words that announce a changed figure in a note (指标调整, 协议量变更, 核减).
const CHANGE_WORDS: [&str; 8] = [
    "调整", "变更", "调减", "调增", "修改", "更改", "核减", "核增",
];

/// A text cell that may explain a changed target.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub sheet: String,
    pub cell: CellRef,
    pub text: String,
}

/// The notes of a workbook: every text cell that speaks of a change.
pub fn notes(workbook: &Workbook) -> Vec<Note> {
    let mut notes = Vec::new();
    for sheet in &workbook.sheets {
        for (cell, value) in sheet.cells() {
            if let Value::Text(text) = value {
                if CHANGE_WORDS.iter().any(|w| text.contains(w)) {
                    notes.push(Note {
                        sheet: sheet.name.clone(),
                        cell,
                        text: text.clone(),
                    });
                }
            }
        }
    }
    notes
}

/// One file of the sequence, with what the rules compare.
pub struct PeriodFile<'a> {
    pub path: &'a Path,
    pub period: YearMonth,
    pub tables: &'a [TableFigures],
    pub notes: &'a [Note],
    pub rosters: &'a [Roster],
}

/// Runs P001, P002 and P004 over one station's files of one service year.
/// Returns each finding with the index (into `files`) of the file it belongs to.
///
/// Files are taken in period order; each is compared with the last file of
/// the nearest earlier period (two files of one month are not compared with
/// each other: which of them came first is unknown).
pub fn check(files: &[PeriodFile]) -> Vec<(usize, Finding)> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| (files[a].period, files[a].path).cmp(&(files[b].period, files[b].path)));
    let figures: Vec<Figures> = files.iter().map(|f| Figures::of(f.tables)).collect();
    let mut findings = Vec::new();
    let mut previous: Option<usize> = None;
    let mut current: Option<usize> = None;
    for &index in &order {
        if let Some(last) = current {
            if files[last].period < files[index].period {
                previous = Some(last);
            }
        }
        if let Some(earlier) = previous {
            let pair = Pair {
                earlier: &files[earlier],
                later: &files[index],
                before: &figures[earlier],
                after: &figures[index],
            };
            findings.extend(pair.compare().into_iter().map(|f| (index, f)));
        }
        current = Some(index);
    }
    findings
}

/// The cells of one figure: which sheet, and the cell and value of each role.
#[derive(Debug, Clone, Default)]
struct Cells {
    sheet: String,
    target: Option<(CellRef, Decimal)>,
    done: Option<(CellRef, Decimal)>,
}

impl Cells {
    /// The cell and value of the done figure (`Role::Done`) or the target.
    fn of(&self, role: Role) -> Option<(CellRef, Decimal)> {
        match role {
            Role::Done => self.done,
            _ => self.target,
        }
    }
}

/// A file's figures by district (or total) and indicator, first occurrence
/// winning, in the order they appear; and its districts with their label cells.
struct Figures {
    cells: HashMap<(Entity, Arc<str>), Cells>,
    order: Vec<(Entity, Arc<str>)>,
    districts: Vec<(Entity, String, String, Option<CellRef>)>,
    /// Where a vanished district is reported: the first table's total label, else its corner.
    anchor: Option<(String, CellRef)>,
}

impl Figures {
    fn of(tables: &[TableFigures]) -> Figures {
        let mut figures = Figures {
            cells: HashMap::new(),
            order: Vec::new(),
            districts: Vec::new(),
            anchor: None,
        };
        for t in tables {
            let table = &t.table;
            for m in &table.measurements {
                let line = table.line(m);
                // Files are compared by the dictionary name where there is one:
                // two stations' spellings of one indicator are one indicator.
                let name = m.canonical.as_ref().unwrap_or(&m.indicator);
                let key = (line.entity.clone(), name.clone());
                if figures.cells.contains_key(&key) {
                    continue;
                }
                let at = |cell: Option<CellRef>| cell.and_then(|c| Some((c, *t.values.get(&c)?)));
                let cells = Cells {
                    sheet: table.sheet.clone(),
                    target: at(m.target),
                    done: at(m.done),
                };
                figures.order.push(key.clone());
                figures.cells.insert(key, cells);
            }
            for line in &table.lines {
                let is_district =
                    matches!(line.entity, Entity::District(_) | Entity::Unrecognized(_));
                if is_district && !figures.districts.iter().any(|d| d.0 == line.entity) {
                    figures.districts.push((
                        line.entity.clone(),
                        line.label.clone(),
                        table.sheet.clone(),
                        line.label_cell,
                    ));
                }
            }
            // Districts named any way count (东片, 一区: lines the names do not
            // number), as they do for the districts compared above.
            if figures.anchor.is_none()
                && table
                    .lines
                    .iter()
                    .any(|l| matches!(l.entity, Entity::District(_) | Entity::Unrecognized(_)))
            {
                let total = table
                    .lines
                    .iter()
                    .find(|l| l.entity == Entity::Total)
                    .and_then(|l| l.label_cell);
                figures.anchor = Some((table.sheet.clone(), total.unwrap_or(table.range.first)));
            }
        }
        figures
    }
}

struct Pair<'a> {
    earlier: &'a PeriodFile<'a>,
    later: &'a PeriodFile<'a>,
    before: &'a Figures,
    after: &'a Figures,
}

impl Pair<'_> {
    fn compare(&self) -> Vec<Finding> {
        // Every figure that fell (done) or changed unexplained (target), by
        // key and role, before any finding is made: whether a total's change
        // is its own depends on which of its districts changed.
        let mut changes: Vec<(&(Entity, Arc<str>), Role)> = Vec::new();
        for key in &self.after.order {
            let (Some(now), Some(then)) = (self.after.cells.get(key), self.before.cells.get(key))
            else {
                continue;
            };
            if let (Some((_, done)), Some((_, then_done))) = (now.done, then.done) {
                if done < then_done {
                    changes.push((key, Role::Done));
                }
            }
            if let (Some((cell, target)), Some((_, then_target))) = (now.target, then.target) {
                if target != then_target && !self.explained(key, &now.sheet, cell) {
                    changes.push((key, Role::Target));
                }
            }
        }
        let (district_findings, gone) = self.districts();
        let reported: Vec<(&Entity, &str, Role)> = changes
            .iter()
            .map(|(key, role)| (&key.0, &*key.1, *role))
            .collect();
        let mut findings: Vec<Finding> = changes
            .iter()
            .filter_map(|&(key, role)| {
                let follows = key.0 == Entity::Total
                    && self.follows_districts(&key.1, role, &reported, &gone);
                let (now, then) = (self.after.cells.get(key)?, self.before.cells.get(key)?);
                self.changed(key, role, now, then, follows)
            })
            .collect();
        findings.extend(self.leavers_reappearing());
        findings.extend(district_findings);
        findings
    }

    /// Whether a total's finding in `role` is its districts' findings again:
    /// the total is the sum of its ordinary lines in both periods, and with
    /// the changes of the lines that have their own finding (`reported`) or
    /// vanished or were renamed (`gone`) taken back, the total would have
    /// none (a done figure would not fall, a target would not change). A new
    /// line, or a change no finding names, counts as the total's own.
    fn follows_districts(
        &self,
        name: &str,
        role: Role,
        reported: &[(&Entity, &str, Role)],
        gone: &[Entity],
    ) -> bool {
        let value = |cells: &Cells| cells.of(role).map(|(_, v)| v);
        let lines = |figures: &'_ Figures| -> Option<(Decimal, Vec<(Entity, Decimal)>)> {
            let mut total = None;
            let mut parts = Vec::new();
            for key in figures.order.iter().filter(|k| &*k.1 == name) {
                let Some(v) = figures.cells.get(key).and_then(value) else {
                    continue;
                };
                match key.0 {
                    Entity::Total => total = Some(v),
                    Entity::District(_) | Entity::Unrecognized(_) => parts.push((key.0.clone(), v)),
                    _ => {}
                }
            }
            let total = total?;
            let sum = parts
                .iter()
                .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v))?;
            (total == sum).then_some((total, parts))
        };
        let (Some((then_total, before)), Some((_, after))) =
            (lines(self.before), lines(self.after))
        else {
            return false;
        };
        // The total as it would be with only the unreported changes.
        let mut without_reported = then_total;
        let mut reported_changes = 0;
        for (entity, then) in &before {
            let change = match after.iter().find(|(e, _)| e == entity) {
                Some((_, now)) if now == then => continue,
                Some(_) if reported.contains(&(entity, name, role)) => None,
                Some((_, now)) => now.checked_sub(*then),
                None if gone.contains(entity) => None,
                None => Some(-*then),
            };
            let Some(change) = change else {
                reported_changes += 1;
                continue;
            };
            match without_reported.checked_add(change) {
                Some(sum) => without_reported = sum,
                None => return false,
            }
        }
        for (entity, now) in &after {
            if !before.iter().any(|(e, _)| e == entity) {
                match without_reported.checked_add(*now) {
                    Some(sum) => without_reported = sum,
                    None => return false,
                }
            }
        }
        reported_changes > 0
            && match role {
                Role::Done => without_reported >= then_total,
                _ => without_reported == then_total,
            }
    }

    /// P004 and P005: each earlier district is found again in the later file
    /// by its line (片区2), its key (第二片区 = 片区2, 东片区 = 东片), or — under
    /// a new name — by a community its label shares with a new label.
    fn districts(&self) -> (Vec<Finding>, Vec<Entity>) {
        let read = |d: &[(Entity, String, String, Option<CellRef>)]| -> Vec<GenericLabel> {
            d.iter()
                .map(|(_, label, _, _)| generic_label(label))
                .collect()
        };
        let (before, after) = (read(&self.before.districts), read(&self.after.districts));
        let same = |i: usize, j: usize| {
            self.before.districts[i].0 == self.after.districts[j].0
                || (before[i].key.is_some() && before[i].key == after[j].key)
        };
        // Later districts that are an earlier one under its own name.
        let kept: Vec<bool> = (0..after.len())
            .map(|j| (0..before.len()).any(|i| same(i, j)))
            .collect();
        let mut findings = Vec::new();
        // Earlier districts no later line carries, with a finding saying so.
        let mut gone = Vec::new();
        for (i, (entity, label, sheet, label_cell)) in self.before.districts.iter().enumerate() {
            if let Some(j) = (0..after.len()).find(|&j| same(i, j)) {
                if !before[i].communities_agree(&after[j]) {
                    findings.extend(self.renamed(i, j, &before[i], &after[j]));
                }
                continue;
            }
            let renamed =
                (0..after.len()).find(|&j| !kept[j] && before[i].shares_community(&after[j]));
            let finding = match renamed {
                Some(j) if before[i].agrees_with(&after[j]) => None,
                Some(j) => self.renamed(i, j, &before[i], &after[j]),
                None => self.vanished(entity, label, sheet, *label_cell),
            };
            if let Some(finding) = finding {
                findings.push(finding);
                gone.push(entity.clone());
            }
        }
        (findings, gone)
    }

    /// P005 at the later label, pointing at the earlier one.
    fn renamed(
        &self,
        i: usize,
        j: usize,
        then: &GenericLabel,
        now: &GenericLabel,
    ) -> Option<Finding> {
        let (_, then_label, then_sheet, then_cell) = &self.before.districts[i];
        let (_, now_label, now_sheet, now_cell) = &self.after.districts[j];
        let (then_cell, now_cell) = ((*then_cell)?, (*now_cell)?);
        let (then_label, now_label) = (then_label.trim(), now_label.trim());
        let at_zh = self.earlier_cell(then_sheet, then_cell, true);
        let at_en = self.earlier_cell(then_sheet, then_cell, false);
        let message = match now.slip_against(then) {
            Some((this, other)) => Message::new(
                format!("片区名称与上期（{at_zh}）不同：上期为“{other}”，本期为“{this}”，疑似笔误"),
                format!("The district is named differently from the previous period ({at_en}): \"{other}\" then, \"{this}\" now; probably a slip"),
            ),
            None => Message::new(
                format!("片区名称与上期（{at_zh}）不同：上期为「{then_label}」，本期为「{now_label}」，未见说明"),
                format!("The district is named differently from the previous period ({at_en}): \"{then_label}\" then, \"{now_label}\" now"),
            ),
        };
        Some(
            Finding::new(
                Rule::DistrictRenamed,
                Self::location(self.later, now_sheet, now_cell),
                now_label.to_string(),
                message,
            )
            .expected(then_label.to_string())
            .related(Self::location(self.earlier, then_sheet, then_cell)),
        )
    }

    fn location(file: &PeriodFile, sheet: &str, cell: CellRef) -> Location {
        Location::new(file.path, sheet, cell)
    }

    /// "2024年4月 a.xlsx 附件1!F5" / "2024-04 a.xlsx 附件1!F5": the earlier cell, for messages.
    fn earlier_cell(&self, sheet: &str, cell: CellRef, lang_zh: bool) -> String {
        let file = self.earlier.path.file_name().map_or_else(
            || self.earlier.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let period = if lang_zh {
            self.earlier.period.to_string()
        } else {
            format!(
                "{}-{:02}",
                self.earlier.period.year, self.earlier.period.month
            )
        };
        format!("{period} {file} {sheet}!{cell}")
    }

    /// P001 at a done figure below the earlier period's, P002 at a target
    /// that changed with no note (`role` says which); P006 (info) instead
    /// when it is a total that only follows its districts' findings.
    fn changed(
        &self,
        key: &(Entity, Arc<str>),
        role: Role,
        now: &Cells,
        then: &Cells,
        follows: bool,
    ) -> Option<Finding> {
        let ((cell, value), (then_cell, then_value)) = (now.of(role)?, then.of(role)?);
        let (line, indicator) = (entity_name(&key.0), &key.1);
        let (found, earlier) = (format_figure(value), format_figure(then_value));
        let (zh_at, en_at) = (
            self.earlier_cell(&then.sheet, then_cell, true),
            self.earlier_cell(&then.sheet, then_cell, false),
        );
        let (zh, en, expected) = match role {
            Role::Done => (
                format!("{line}{indicator}累计完成量 {found} 少于上期的 {earlier}（{zh_at}）"),
                format!("{line} {indicator}: cumulative completed {found} is below the previous period's {earlier} ({en_at})"),
                format!("≥ {earlier}"),
            ),
            _ => (
                format!("{line}{indicator}协议量由上期的 {earlier}（{zh_at}）变为 {found}"),
                format!("{line} {indicator}: the target changed from {earlier} ({en_at}) to {found}"),
                earlier,
            ),
        };
        let (rule, message) = match (follows, role) {
            (true, _) => (
                Rule::TotalFollowsDistricts,
                Message::new(
                    format!("{zh}，随各片区变化；片区的变化已分别报告"),
                    format!("{en} with its districts, whose changes are reported there"),
                ),
            ),
            (false, Role::Done) => (
                Rule::CumulativeDecreased,
                Message::new(
                    format!("{zh}，累计数不应减少"),
                    format!("{en}; a cumulative figure cannot decrease"),
                ),
            ),
            (false, _) => (
                Rule::TargetChanged,
                Message::new(
                    format!("{zh}，未见调整说明"),
                    format!("{en} with no note explaining it"),
                ),
            ),
        };
        Some(
            Finding::new(
                rule,
                Self::location(self.later, &now.sheet, cell),
                found,
                message,
            )
            .expected(expected)
            .related(Self::location(self.earlier, &then.sheet, then_cell)),
        )
    }

    /// A note explains a changed target when it sits in the target's row (a
    /// 备注 column), names the indicator, or speaks of targets in general
    /// (协议/指标) without naming any indicator of the file.
    fn explained(&self, key: &(Entity, Arc<str>), sheet: &str, cell: CellRef) -> bool {
        let indicator = base_name(&key.1);
        self.later.notes.iter().any(|note| {
            let names_any = self
                .after
                .order
                .iter()
                .any(|(_, other)| note.text.contains(base_name(other)));
            (note.sheet == sheet && note.cell.row == cell.row)
                || note.text.contains(indicator)
                || (!names_any && (note.text.contains("协议") || note.text.contains("指标")))
        })
    }

    fn vanished(
        &self,
        entity: &Entity,
        label: &str,
        sheet: &str,
        label_cell: Option<CellRef>,
    ) -> Option<Finding> {
        let (anchor_sheet, anchor) = self.after.anchor.clone()?;
        let name = entity_name(entity);
        let then_cell = label_cell.unwrap_or(anchor);
        let message = Message::new(
            format!(
                "上期（{}）有{name}「{label}」，本期表中没有该片区",
                self.earlier_cell(sheet, then_cell, true)
            ),
            format!(
                "{name} \"{label}\" was in the previous period ({}) and is missing from this one",
                self.earlier_cell(sheet, then_cell, false)
            ),
        );
        let mut finding = Finding::new(
            Rule::DistrictVanished,
            Self::location(self.later, &anchor_sheet, anchor),
            "",
            message,
        )
        .expected(label.trim().to_string());
        if let Some(cell) = label_cell {
            finding = finding.related(Self::location(self.earlier, sheet, cell));
        }
        Some(finding)
    }
}

impl Pair<'_> {
    /// P003: someone the earlier roster records as gone (离职 / 调离) has a
    /// tick in a later month of the later roster, whose row no longer says so
    /// (a row that still says so is the later roster's own A002).
    fn leavers_reappearing(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let leavers = self.earlier.rosters.iter().flat_map(|r| {
            r.staff
                .iter()
                .filter_map(move |s| Some((r, s, s.departure?)))
        });
        for (then_roster, then_staff, departure) in leavers {
            let then_roster: &Roster = then_roster;
            let gone_after = departure.date.year_month();
            let later_rows = self.later.rosters.iter().flat_map(|r| {
                r.staff
                    .iter()
                    .filter(|s| s.name == then_staff.name && s.departure.is_none())
                    .map(move |s| (r, s))
            });
            for (roster, staff) in later_rows {
                if let Some(finding) =
                    self.reappears(then_roster, departure, gone_after, roster, staff)
                {
                    findings.push(finding);
                }
            }
        }
        findings
    }

    fn reappears(
        &self,
        then_roster: &Roster,
        departure: crate::model::roster::Departure,
        gone_after: YearMonth,
        roster: &Roster,
        staff: &Staff,
    ) -> Option<Finding> {
        // The first tick after the month of leaving, 人员 before 社保 before 工资.
        let (month, tick) = staff
            .months
            .iter()
            .filter(|m| m.month > gone_after)
            .find_map(|m| {
                TickKind::ALL
                    .iter()
                    .find_map(|k| m.tick(*k).filter(|t| t.is_yes()))
                    .map(|t| (m.month, t.cell))
            })?;
        let row = staff.row + 1;
        let date = departure.date;
        let message = Message::new(
            format!(
                "第 {row} 行人员在上期到岗表中已于 {date} 离职或调离（{}），本期 {month} 仍有勾选，且备注不再说明",
                self.earlier_cell(&then_roster.sheet, departure.cell, true)
            ),
            format!(
                "Row {row}: the previous roster records this person as gone on {date} ({}), yet {month} has a tick here and the note no longer says so",
                self.earlier_cell(&then_roster.sheet, departure.cell, false)
            ),
        );
        Some(
            Finding::new(
                Rule::LeaverReappears,
                Self::location(self.later, &roster.sheet, tick),
                "√",
                message,
            )
            .expected("——")
            .related(Self::location(
                self.earlier,
                &then_roster.sheet,
                departure.cell,
            )),
        )
    }
}

/// 专业小组 of 专业小组·人次: what a note calls the indicator.
fn base_name(indicator: &str) -> &str {
    indicator.split('·').next().unwrap_or(indicator)
}

fn entity_name(entity: &Entity) -> String {
    match entity {
        Entity::District(n) => format!("片区{n}"),
        Entity::Unrecognized(label) | Entity::Subtotal(label) => label.trim().to_string(),
        Entity::Total => "合计".to_string(),
        Entity::Station => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndicatorTable, Layout, Line, Measurement};
    use crate::workbook::CellRange;
    use std::path::PathBuf;

    /// A table of districts 1..=n and a total, one indicator (电访) with target in B and done in C.
    fn table(rows: &[(u32, &str, &str)]) -> TableFigures {
        let mut lines = Vec::new();
        let mut measurements = Vec::new();
        let range = CellRange::new(CellRef::new(0, 0), CellRef::new(rows.len() as u32 + 1, 3));
        let mut values = crate::rules::cellmap::CellMap::new(range);
        for (i, (district, target, done)) in rows.iter().enumerate() {
            let row = i as u32 + 2;
            let entity = if *district == 0 {
                Entity::Total
            } else {
                Entity::District(*district)
            };
            lines.push(Line {
                entity,
                label: if *district == 0 {
                    "合计".into()
                } else {
                    format!("片区{district}")
                },
                label_cell: Some(CellRef::new(row, 0)),
                parts: Vec::new(),
            });
            measurements.push(Measurement {
                line: i,
                indicator: "电访".into(),
                canonical: Some("电访".into()),
                unit: None,
                target: Some(CellRef::new(row, 1)),
                done: Some(CellRef::new(row, 2)),
                rate: None,
                count: None,
                periods: Vec::new(),
            });
            values.insert(CellRef::new(row, 1), target.parse().expect("literal"));
            values.insert(CellRef::new(row, 2), done.parse().expect("literal"));
        }
        TableFigures {
            table: IndicatorTable {
                sheet: "附件1".into(),
                range,
                layout: Layout::DistrictRows,
                headers: Vec::new(),
                lines,
                measurements,
            },
            values,
        }
    }

    fn run(months: &[(u32, Vec<TableFigures>, Vec<Note>)]) -> Vec<(usize, String, String, String)> {
        let paths: Vec<PathBuf> = months
            .iter()
            .map(|(m, _, _)| PathBuf::from(format!("2024-{m:02}.xlsx")))
            .collect();
        let files: Vec<PeriodFile> = months
            .iter()
            .zip(&paths)
            .map(|((m, tables, notes), path)| PeriodFile {
                path,
                period: YearMonth {
                    year: 2024,
                    month: *m,
                },
                tables,
                notes,
                rosters: &[],
            })
            .collect();
        check(&files)
            .into_iter()
            .map(|(i, f)| {
                let related = f
                    .related
                    .first()
                    .map(|r| format!("{}!{}", r.file.display(), r.cell))
                    .unwrap_or_default();
                (i, f.rule.code().to_string(), f.location.cell.a1(), related)
            })
            .collect()
    }

    #[test]
    fn a_decrease_points_at_both_cells() {
        let got = run(&[
            (
                3,
                vec![table(&[
                    (1, "100", "40"),
                    (2, "50", "20"),
                    (0, "150", "60"),
                ])],
                vec![],
            ),
            (
                4,
                vec![table(&[
                    (1, "100", "35"),
                    (2, "50", "25"),
                    (0, "150", "60"),
                ])],
                vec![],
            ),
        ]);
        assert_eq!(
            got,
            vec![(1, "P001".into(), "C3".into(), "2024-03.xlsx!C3".into())]
        );
    }

    #[test]
    fn files_are_compared_in_period_order_whatever_the_input_order() {
        let got = run(&[
            (5, vec![table(&[(1, "100", "50")])], vec![]),
            (3, vec![table(&[(1, "100", "60")])], vec![]),
            (4, vec![table(&[(1, "100", "55")])], vec![]),
        ]);
        // 3 → 4 decreases (60 → 55), and 4 → 5 again (55 → 50); each points at its predecessor.
        assert_eq!(
            got,
            vec![
                (2, "P001".into(), "C3".into(), "2024-03.xlsx!C3".into()),
                (0, "P001".into(), "C3".into(), "2024-04.xlsx!C3".into()),
            ]
        );
    }

    #[test]
    fn a_changed_target_needs_a_note() {
        let months = |notes: Vec<Note>| {
            vec![
                (3, vec![table(&[(1, "100", "40")])], vec![]),
                (4, vec![table(&[(1, "120", "45")])], notes),
            ]
        };
        assert_eq!(
            run(&months(vec![])),
            vec![(1, "P002".into(), "B3".into(), "2024-03.xlsx!B3".into())]
        );
        let note = |text: &str, cell: CellRef| Note {
            sheet: "附件1".into(),
            cell,
            text: text.into(),
        };
        assert!(run(&months(vec![note(
            "电访指标经街道同意调整",
            CellRef::new(20, 0)
        )]))
        .is_empty());
        assert!(run(&months(vec![note("已调整", CellRef::new(2, 9))])).is_empty());
        assert!(run(&months(vec![note(
            "本期协议指标有调整",
            CellRef::new(20, 0)
        )]))
        .is_empty());
        // A note about another indicator, elsewhere, explains nothing, even if it says 协议.
        let other = TableFigures {
            ..table(&[(1, "120", "45")])
        };
        let mut later = vec![other];
        later[0].table.measurements.push(Measurement {
            line: 0,
            indicator: "入户探访".into(),
            canonical: Some("入户探访".into()),
            unit: None,
            target: None,
            done: None,
            rate: None,
            count: None,
            periods: Vec::new(),
        });
        let got = run(&[
            (3, vec![table(&[(1, "100", "40")])], vec![]),
            (
                4,
                later,
                vec![note("入户探访协议量调整", CellRef::new(20, 0))],
            ),
        ]);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn a_totals_change_that_is_its_districts_findings_is_reported_once() {
        let month = |m: u32, rows: &[(u32, &str, &str)]| (m, vec![table(rows)], vec![]);
        // 片区1's target changed with no note (P002) and its done fell (P001):
        // the total moved by exactly that, so its findings follow (P006).
        let got = run(&[
            month(3, &[(1, "100", "40"), (2, "50", "20"), (0, "150", "60")]),
            month(4, &[(1, "120", "30"), (2, "50", "20"), (0, "170", "50")]),
        ]);
        assert_eq!(
            got,
            vec![
                (1, "P001".into(), "C3".into(), "2024-03.xlsx!C3".into()),
                (1, "P002".into(), "B3".into(), "2024-03.xlsx!B3".into()),
                (1, "P006".into(), "C5".into(), "2024-03.xlsx!C5".into()),
                (1, "P006".into(), "B5".into(), "2024-03.xlsx!B5".into()),
            ]
        );
        // The total moved by more than its districts' reported changes (or by
        // a new district's target): the total's own finding stands.
        let got = run(&[
            month(3, &[(1, "100", "40"), (2, "50", "20"), (0, "150", "60")]),
            month(
                4,
                &[
                    (1, "120", "40"),
                    (2, "50", "20"),
                    (3, "30", "0"),
                    (0, "200", "60"),
                ],
            ),
        ]);
        assert_eq!(
            got,
            vec![
                (1, "P002".into(), "B3".into(), "2024-03.xlsx!B3".into()),
                (1, "P002".into(), "B6".into(), "2024-03.xlsx!B5".into()),
            ]
        );
        // A total that is not the sum of its districts is its own finding.
        let got = run(&[
            month(3, &[(1, "100", "40"), (2, "50", "20"), (0, "150", "60")]),
            month(4, &[(1, "100", "30"), (2, "50", "20"), (0, "150", "55")]),
        ]);
        let codes: Vec<&str> = got.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(codes, ["P001", "P001"], "{got:?}");
    }

    #[test]
    fn a_vanished_district_is_reported_at_the_later_total() {
        let got = run(&[
            (
                3,
                vec![table(&[
                    (1, "100", "40"),
                    (2, "50", "20"),
                    (0, "150", "60"),
                ])],
                vec![],
            ),
            (
                4,
                vec![table(&[(1, "100", "45"), (0, "100", "45")])],
                vec![],
            ),
        ]);
        // The total fell with the district (150 → 100, 60 → 45): the vanished
        // district explains it, so the total's changes follow the P004 (P006, info).
        assert_eq!(
            got,
            vec![
                (1, "P006".into(), "C4".into(), "2024-03.xlsx!C5".into()),
                (1, "P006".into(), "B4".into(), "2024-03.xlsx!B5".into()),
                (1, "P004".into(), "A4".into(), "2024-03.xlsx!A4".into()),
            ]
        );
    }

    /// A one-indicator table whose districts are written as `labels` (entities read as locate does), and a total.
    fn labelled(labels: &[&str]) -> TableFigures {
        let rows: Vec<(u32, &str, &str)> = (0..=labels.len()).map(|_| (1, "10", "5")).collect();
        let mut t = table(&rows);
        for (line, label) in t.table.lines.iter_mut().zip(labels) {
            line.label = label.to_string();
            line.entity = match crate::normalize::names::district_number(label) {
                Some(n) => Entity::District(n),
                None => Entity::Unrecognized(label.to_string()),
            };
        }
        if let Some(total) = t.table.lines.last_mut() {
            total.entity = Entity::Total;
            total.label = "合计".into();
        }
        t
    }

    fn two_months(march: &[&str], april: &[&str]) -> Vec<(usize, String, String, String)> {
        run(&[
            (3, vec![labelled(march)], vec![]),
            (4, vec![labelled(april)], vec![]),
        ])
    }

    #[test]
    fn a_vanished_district_named_without_a_number_is_reported_too() {
        // 东片 / 西片 / 南片 are no numbered 片区: the later table's total
        // still anchors the finding.
        let got = two_months(&["东片", "西片", "南片"], &["东片", "西片"]);
        let codes: Vec<(&str, &str)> = got
            .iter()
            .map(|(_, rule, cell, _)| (rule.as_str(), cell.as_str()))
            .collect();
        assert!(codes.contains(&("P004", "A5")), "{got:?}");
    }

    #[test]
    fn a_district_whose_communities_change_is_renamed() {
        let got = two_months(
            &["片区1 (下渡、江景)", "片区2 (毛纺、竹园)"],
            &["片区1 (下渡、江景)", "片区2 (毛坦、竹园)"],
        );
        assert_eq!(
            got,
            vec![(1, "P005".into(), "A4".into(), "2024-03.xlsx!A4".into())]
        );
    }

    #[test]
    fn another_form_of_the_same_district_is_no_rename() {
        let got = two_months(
            &["片区1 (下渡、江景)", "片区2 (毛纺、竹园)", "东片"],
            &["第一片区（下渡、江景等社区）", "B片区", "东片区（甲乙）"],
        );
        assert!(got.is_empty(), "{got:?}");
        // A label listing fewer communities ("等") is the same name too.
        let got = two_months(&["下渡、江景、南贤"], &["下渡、江景"]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_district_under_a_new_name_is_renamed_not_vanished() {
        let got = two_months(
            &["片区1 (下渡、江景)", "片区3 (鸿运、客村)"],
            &["片区1 (下渡、江景)", "东片 (鸿运、客村)"],
        );
        assert_eq!(
            got,
            vec![(1, "P005".into(), "A4".into(), "2024-03.xlsx!A4".into())]
        );
        // With nothing in common, it vanished.
        let got = two_months(
            &["片区1 (下渡、江景)", "片区3 (鸿运、客村)"],
            &["片区1 (下渡、江景)", "东片 (珠影)"],
        );
        assert_eq!(
            got.iter().map(|g| g.1.as_str()).collect::<Vec<_>>(),
            ["P004"]
        );
    }

    #[test]
    fn equal_periods_are_not_compared_with_each_other() {
        let got = run(&[
            (4, vec![table(&[(1, "100", "50")])], vec![]),
            (4, vec![table(&[(1, "100", "40")])], vec![]),
        ]);
        assert!(got.is_empty());
    }
}
