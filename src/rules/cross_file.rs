//! Cross-file rules (X001): a station's roster against its indicator table, for
//! workbooks checked together or two sheets of one workbook.
//!
//! The indicator table states 投入社工人数 once for the year; the roster has a
//! count per month. They are compared at the roster's last reported month (the
//! latest month with any 人员 tick): the indicator table is filled in at the end
//! of the period it covers, so it describes the team as it stands then, and an
//! average of months would be a fraction no one writes. The finding sits on the
//! indicator's cell (a single stated figure) with the roster's cell as related:
//! the roster's per-person ticks are the evidence, the stated count the claim.
//!
//! In a batch each table is paired with the roster of its own station and
//! period ([`pair`]): files are indexed by (station, period), so the work and
//! the findings grow with the number of files, never with rosters × tables.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::codes::Rule;
use crate::findings::{Finding, Location, Message};
use crate::model::roster::{Roster, TickKind, TotalBasis};
use crate::model::Entity;
use crate::normalize::values::{format_figure, YearMonth};
use crate::rules::roster::en;
use crate::TableFigures;

/// The indicator whose figure counts the social workers.
pub const STAFF_INDICATOR: &str = "投入社工人数";

/// Whether a measurement counts the social workers: its dictionary name is
/// 投入社工人数, with or without a unit (投入社工人数(人)).
fn is_staff_count(m: &crate::model::Measurement) -> bool {
    m.canonical
        .as_deref()
        .and_then(|c| c.split('·').next())
        .is_some_and(|base| base == STAFF_INDICATOR)
}

/// X001: 投入社工人数 per district and in total against the roster's staff on
/// duty in `month`, or in its last reported month when None.
pub fn staff_counts(
    roster_file: &Path,
    roster: &Roster,
    indicator_file: &Path,
    figures: &TableFigures,
    month: Option<YearMonth>,
) -> Vec<Finding> {
    let Some(month) = month.or_else(|| roster.last_reported_month()) else {
        return Vec::new();
    };
    let at_period = Some(month) != roster.last_reported_month();
    let Some(columns) = roster.month(month) else {
        return Vec::new();
    };
    let duty_header = columns.duty.unwrap_or(columns.header);
    let stated_total = roster
        .totals
        .iter()
        .find(|t| t.month == month && t.kind == TickKind::Duty && t.basis == TotalBasis::Column)
        .map(|t| t.cell);
    let table = &figures.table;
    let roster_name = roster_file.file_name().map_or_else(
        || roster_file.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let mut findings = Vec::new();
    for m in table.measurements.iter().filter(|m| is_staff_count(m)) {
        let Some(cell) = m.count else { continue };
        let Some(&stated) = figures.values.get(&cell) else {
            continue;
        };
        let entity = &table.line(m).entity;
        // People, not rows: someone listed twice (A008) is counted once.
        let people = |district: Option<u32>| {
            roster
                .on_duty(month)
                .filter(|s| district.is_none() || s.district == district)
                .map(|s| s.name.as_str())
                .collect::<HashSet<_>>()
                .len()
        };
        let (on_duty, where_zh, where_en, roster_cell) = match entity {
            Entity::District(n) => (
                people(Some(*n)),
                format!("片区{n}"),
                format!("district {n}"),
                duty_header,
            ),
            Entity::Total | Entity::Station => (
                people(None),
                "全站".to_string(),
                "the whole station".to_string(),
                stated_total.unwrap_or(duty_header),
            ),
            Entity::Unrecognized(_) | Entity::Subtotal(_) => continue,
        };
        let expected = rust_decimal::Decimal::from(on_duty);
        if stated == expected {
            continue;
        }
        let found = format_figure(stated);
        let message = Message::new(
            format!(
                "投入社工人数写为 {found}，但到岗情况表（{roster_name}「{}」）{month}{where_zh}到岗 {on_duty} 人（{}）",
                roster.sheet,
                if at_period { "按本表期间的月份比较" } else { "按到岗表最后填报月份比较" }
            ),
            format!(
                "投入社工人数 is {found}, but the roster ({roster_name}, sheet {}) has {on_duty} on duty in {where_en} in {} ({})",
                roster.sheet,
                en(month),
                if at_period { "compared at the table's own period" } else { "compared at the roster's last reported month" }
            ),
        );
        findings.push(
            Finding::new(
                Rule::StaffCountMismatch,
                Location::new(indicator_file, &table.sheet, cell),
                found,
                message,
            )
            .expected(on_duty.to_string())
            .related(Location::new(roster_file, &roster.sheet, roster_cell)),
        );
    }
    findings
}

/// One checked file as the pairing sees it.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub path: &'a Path,
    /// The station (street) its content or path names.
    pub station: Option<&'a str>,
    /// The month its figures run to.
    pub period: Option<YearMonth>,
    /// The first month of its service year.
    pub year: Option<YearMonth>,
    /// Named on the command line (not found in a folder): files named
    /// together are one station's even when neither names it.
    pub named: bool,
    pub tables: &'a [TableFigures],
    pub rosters: &'a [Roster],
}

/// Rosters a pairing warning names (the message gives the full count).
const NAMED_ROSTERS: usize = 3;

/// What a table is paired with: a roster file and the month to compare at.
type Candidate = (usize, Option<YearMonth>);

/// On duty per district (None: no district) and in total, in each roster of a file:
/// two rosters with equal counts give a table the same X001 findings.
type Counts = Vec<(YearMonth, BTreeMap<Option<u32>, usize>, usize)>;

/// X001 across files, each table against the roster of its own station and
/// period (the roster month that is the table's period end):
///
/// - both periods known: the rosters of that station and period; failing
///   those, the station's rosters of unknown period that report that month;
/// - the table's period unknown: every roster of its station (and service
///   year), compared at each roster's last reported month.
///
/// When the candidates found disagree (their staff on duty differ), the
/// table gets one X002 warning naming them, not one finding per pair; when
/// they agree (the same roster in two formats), it is compared once, with
/// the first. A file with a roster of its own was compared with it when
/// checked and is not paired again. Returns (index of the table's file, finding).
pub fn pair(files: &[Side]) -> Vec<(usize, Finding)> {
    let rosters: Vec<usize> = (0..files.len())
        .filter(|&i| !files[i].rosters.is_empty())
        .collect();
    let mut by_station_period: HashMap<(&str, Option<YearMonth>), Vec<usize>> = HashMap::new();
    let mut by_station: HashMap<&str, Vec<usize>> = HashMap::new();
    for &r in &rosters {
        if let Some(station) = files[r].station {
            by_station_period
                .entry((station, files[r].period))
                .or_default()
                .push(r);
            by_station.entry(station).or_default().push(r);
        }
    }
    let named_unknown: Vec<usize> = rosters
        .iter()
        .copied()
        .filter(|&r| files[r].named && files[r].station.is_none())
        .collect();
    let named_all: Vec<usize> = rosters
        .iter()
        .copied()
        .filter(|&r| files[r].named)
        .collect();
    let empty = Vec::new();
    let mut counts_cache: HashMap<Candidate, Counts> = HashMap::new();
    type Key<'k> = (Option<&'k str>, bool, Option<YearMonth>, Option<YearMonth>);
    let mut groups: HashMap<Key, Vec<Vec<Candidate>>> = HashMap::new();
    let mut found = Vec::new();
    for (t, table) in files.iter().enumerate() {
        if table.tables.is_empty() || !table.rosters.is_empty() {
            continue;
        }
        let Some(stated_at) = table
            .tables
            .iter()
            .find_map(|f| staff_cell(f).map(|cell| (f, cell)))
        else {
            continue;
        };
        if table.station.is_none() && !table.named {
            continue;
        }
        let key = (table.station, table.named, table.period, table.year);
        let distinct = groups.entry(key).or_insert_with(|| {
            let year_fits = |r: usize| match (files[r].year, table.year) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let pool = |station_list: &[usize]| -> Vec<usize> {
                let mut pool: Vec<usize> = station_list.to_vec();
                if table.named {
                    pool.extend(named_unknown.iter().copied());
                }
                pool.retain(|&r| year_fits(r));
                pool
            };
            let candidates: Vec<Candidate> = match (table.station, table.period) {
                (Some(station), Some(period)) => {
                    let exact = by_station_period
                        .get(&(station, Some(period)))
                        .unwrap_or(&empty);
                    let exact = pool(exact);
                    if exact.is_empty() {
                        let unknown = by_station_period.get(&(station, None)).unwrap_or(&empty);
                        pool(unknown)
                            .into_iter()
                            .filter(|&r| reports(files[r].rosters, period))
                            .map(|r| (r, Some(period)))
                            .collect()
                    } else {
                        exact
                            .into_iter()
                            .map(|r| (r, reports(files[r].rosters, period).then_some(period)))
                            .collect()
                    }
                }
                (Some(station), None) => pool(by_station.get(station).unwrap_or(&empty))
                    .into_iter()
                    .map(|r| (r, None))
                    .collect(),
                (None, period) => named_all
                    .iter()
                    .copied()
                    .filter(|&r| year_fits(r))
                    .filter(|&r| period.is_none_or(|p| files[r].period.is_none_or(|q| q == p)))
                    .map(|r| (r, period.filter(|&p| reports(files[r].rosters, p))))
                    .collect(),
            };
            // One list of candidates per distinct count of staff on duty, in input order.
            let mut distinct: Vec<Vec<Candidate>> = Vec::new();
            let mut by_counts: HashMap<Counts, usize> = HashMap::new();
            for candidate in candidates {
                let counts = counts_cache
                    .entry(candidate)
                    .or_insert_with(|| on_duty_counts(files[candidate.0].rosters, candidate.1))
                    .clone();
                let at = *by_counts.entry(counts).or_insert_with(|| {
                    distinct.push(Vec::new());
                    distinct.len() - 1
                });
                distinct[at].push(candidate);
            }
            distinct
        });
        // The table's own file has no roster (see above), so it is never its own candidate.
        match distinct.as_slice() {
            [] => {}
            [agreeing] => {
                let (r, month) = agreeing[0];
                for roster in files[r].rosters {
                    for figures in table.tables {
                        found.extend(
                            staff_counts(files[r].path, roster, table.path, figures, month)
                                .into_iter()
                                .map(|f| (t, f)),
                        );
                    }
                }
            }
            several => {
                // The first few named: the work stays one step per table.
                let named: Vec<(&Path, &Roster)> = several
                    .iter()
                    .flatten()
                    .filter_map(|&(r, _)| Some((files[r].path, files[r].rosters.first()?)))
                    .take(NAMED_ROSTERS)
                    .collect();
                let total = several.iter().map(Vec::len).sum();
                found.push((
                    t,
                    ambiguous(table.path, stated_at, &named, total, several.len()),
                ));
            }
        }
    }
    found
}

/// Whether any roster of a file has someone on duty in `month`.
fn reports(rosters: &[Roster], month: YearMonth) -> bool {
    rosters.iter().any(|r| r.on_duty(month).next().is_some())
}

fn on_duty_counts(rosters: &[Roster], month: Option<YearMonth>) -> Counts {
    rosters
        .iter()
        .filter_map(|roster| {
            let month = month.or_else(|| roster.last_reported_month())?;
            let mut people: BTreeMap<Option<u32>, HashSet<&str>> = BTreeMap::new();
            let mut all = HashSet::new();
            for s in roster.on_duty(month) {
                people
                    .entry(s.district)
                    .or_default()
                    .insert(s.name.as_str());
                all.insert(s.name.as_str());
            }
            let per_district = people.into_iter().map(|(d, p)| (d, p.len())).collect();
            Some((month, per_district, all.len()))
        })
        .collect()
}

/// Whether a table states 投入社工人数 (and so can be paired with a roster).
pub fn counts_staff(figures: &TableFigures) -> bool {
    staff_cell(figures).is_some()
}

/// The first 投入社工人数 cell of a table, where a pairing warning sits.
fn staff_cell(figures: &TableFigures) -> Option<crate::workbook::CellRef> {
    figures
        .table
        .measurements
        .iter()
        .filter(|m| is_staff_count(m))
        .find_map(|m| m.count.filter(|cell| figures.values.get(cell).is_some()))
}

/// X002: several rosters could be the table's, and their staff on duty differ.
fn ambiguous(
    table_file: &Path,
    (figures, cell): (&TableFigures, crate::workbook::CellRef),
    rosters: &[(&Path, &Roster)],
    total: usize,
    kinds: usize,
) -> Finding {
    let names: Vec<String> = rosters
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    let more = total.saturating_sub(rosters.len());
    let (more_zh, more_en) = if more > 0 {
        (format!(" 等 {total} 份"), format!(" and {more} more"))
    } else {
        (String::new(), String::new())
    };
    let found = figures
        .values
        .get(&cell)
        .map(|v| format_figure(*v))
        .unwrap_or_default();
    let message = Message::new(
        format!(
            "投入社工人数未与到岗情况表比较：同一站点、期间有 {total} 份到岗情况表可对应（{}{more_zh}），到岗人数有 {kinds} 种，无法确定是哪一份；请在标题或文件名中写明站点和期间，或分开核对",
            names.join("、"),
        ),
        format!(
            "投入社工人数 not compared with a roster: {total} rosters of the same station and period could be this table's ({}{more_en}), with {kinds} different counts of staff on duty; name the station and period in the title or file name, or check them apart",
            names.join(", "),
        ),
    );
    let mut finding = Finding::new(
        Rule::RosterPairingAmbiguous,
        Location::new(table_file, &figures.table.sheet, cell),
        found,
        message,
    );
    for (path, roster) in rosters {
        finding = finding.related(Location::new(path, &roster.sheet, roster.range.first));
    }
    finding
}
