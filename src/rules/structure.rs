//! Confirm the reading before correcting: a located table is a hypothesis
//! about which cells are totals of which and which columns are rates of which;
//! its own figures say whether to believe it. Corrections are written only
//! under a reading they confirm (H004 otherwise).
//!
//! # Why
//!
//! A wrong correction is the worst thing hedui can do: staff trust the green
//! cells. Every correction rests on a reading of the table (this row is the
//! total of those rows, this column is done / target), and a reading can be
//! wrong in ways the header words do not show: sub-totals read as totals of
//! everything above them, two groups read as one, a "合计" row that sums
//! something else. Such a misreading does not produce one odd relation but
//! many at once, and that is what tells it apart from the errors people make.
//!
//! # How
//!
//! A reading makes relations: each rate against done / target (at the
//! precision it shows; one unit off in the last digit holds, as R002 says),
//! each figure of a (sub)total line against the sum of its parts, and each
//! 累计 against the sum of its period columns where the table reads that way
//! at all ([`crate::rules::totals::period_relations`]: in at least half its
//! rows; a 累计 may count periods the table does not show). Each
//! relation holds, is explained by a single slip (a power of ten in one cell,
//! which S001 reports), or fails. A real error breaks one relation (and the
//! rate next to a wrong total follows it: those relations are counted under
//! the corrected totals, so one mistake fails once). A misreading breaks
//! many: so a reading is *implausible* when, with at least
//! [`SEVERAL`] failures,
//!
//! - most total relations fail, or most of one total line's figures fail (a
//!   whole row of totals off: the row is not the total of those parts), or
//! - most rate relations fail, in one indicator group or in the whole table
//!   (the columns are not done / target / rate).
//!
//! The alternatives built from the located table without reading the sheet
//! again are scored the same way, and the one under which most relations hold
//! (net of those that fail) is kept; on a tie, the located one. Counting only
//! failures would favour a reading that makes fewer relations, such as one
//! that drops a total with a real error in it. Today there is one alternative,
//! the hierarchy the numbers show ([`hierarchy_from_numbers`]): a row equal to
//! the sum of a run of rows directly above it is their (sub)total, so 小计 and
//! 总计 each sum their own parts. It is tried when the located reading is
//! implausible or has two or more total lines (where a hierarchy can hide).
//! Two groups read under one name (活动（场） and 活动（人次）) need no
//! alternative: totals key each figure by its group's occurrence on the line
//! ([`crate::rules::totals::Slots`]), so their cells are never summed together.
//! When the reading kept is still implausible,
//! the table gets one H004 warning and no correction: value findings (V003,
//! V007, V008, …) still stand, as they rest on no reading.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::codes::Rule;
use crate::findings::{Finding, Message};
use crate::model::{Entity, Line};
use crate::rules::context::TableContext;
use crate::rules::rates::{compare_rate, scale_explains, RateAgreement};
use crate::rules::totals::{compare_total, period_relations, total_relations, Sum};
use crate::workbook::CellRef;

/// Failures below this many never make a reading implausible: two
/// independent slips in one table happen, a misreading breaks more.
pub const SEVERAL: usize = 3;

/// Lines above which the search for unlabelled totals is skipped (it compares
/// each line with the runs above it); labelled 小计 / 合计 lines are always placed.
const MAX_LINES_FOR_UNLABELLED: usize = 2000;

/// Longest run of rows an unlabelled line is tried as the total of.
const MAX_UNLABELLED_RUN: usize = 32;

/// Relations of one kind under one reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub relations: usize,
    pub holds: usize,
    /// Failed, but one cell moved by a power of ten explains it (S001).
    pub explained: usize,
    pub fails: usize,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        self.relations += 1;
        match outcome {
            Outcome::Holds => self.holds += 1,
            Outcome::Explained => self.explained += 1,
            Outcome::Fails => self.fails += 1,
        }
    }

    /// At least [`SEVERAL`] failures and more than half of the relations.
    fn mostly_failing(&self) -> bool {
        self.fails >= SEVERAL && self.fails * 2 > self.relations
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Holds,
    Explained,
    Fails,
}

/// What a reading's relations say.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub totals: Counts,
    pub rates: Counts,
    /// Total relations of each total line.
    pub total_lines: FxHashMap<usize, Counts>,
    /// Rate relations of each indicator group ([`crate::rules::totals::Slots::group_of`]).
    pub rate_groups: Vec<Counts>,
}

impl Tally {
    /// Whether the figures contradict the reading (see the module doc).
    pub fn implausible(&self) -> bool {
        self.totals.mostly_failing()
            || self.total_lines.values().any(Counts::mostly_failing)
            || self.rates.mostly_failing()
            || self.rate_groups.iter().any(Counts::mostly_failing)
    }

    /// Relations that hold (or one slip explains) less those that fail: a
    /// reading is not better for making fewer relations, only for making more hold.
    fn net(&self) -> i64 {
        let holding =
            self.totals.holds + self.totals.explained + self.rates.holds + self.rates.explained;
        holding as i64 - self.fails() as i64
    }

    fn fails(&self) -> usize {
        self.totals.fails + self.rates.fails
    }

    fn relations(&self) -> usize {
        self.totals.relations + self.rates.relations
    }
}

/// Scores the located reading and its alternatives, keeps the best, and
/// either hands it to the rules ([`TableContext::parts`]) or, when no reading
/// is plausible, reports H004 and marks the table untrusted.
pub fn confirm_reading(ctx: &mut TableContext) {
    ctx.rate_agreement = rate_agreements(ctx);
    let located = ctx.parts.clone();
    let mut best = (tally(ctx, &located), located);
    let labelled_totals = ctx.table.lines.iter().filter(|l| is_total_line(l)).count();
    if best.0.implausible() || labelled_totals >= 2 {
        let alternative = hierarchy_from_numbers(ctx);
        if alternative != best.1 {
            let scored = tally(ctx, &alternative);
            if scored.net() > best.0.net() {
                best = (scored, alternative);
            }
        }
    }
    let (tally, parts) = best;
    ctx.parts = parts;
    if tally.implausible() {
        ctx.trusted = false;
        report_uncertain(ctx, &tally);
    }
}

fn report_uncertain(ctx: &mut TableContext, tally: &Tally) {
    let (t, r) = (tally.totals, tally.rates);
    let (failed, all) = (tally.fails(), tally.relations());
    let message = Message::new(
        format!(
            "{all} 个合计/完成率关系中 {failed} 个不成立（合计 {}/{}，完成率 {}/{}），表格结构无法确定，未作任何更正",
            t.fails, t.relations, r.fails, r.relations
        ),
        format!(
            "{failed} of {all} total and rate relations do not hold (totals {}/{}, rates {}/{}): the table's structure cannot be determined, nothing in it was corrected",
            t.fails, t.relations, r.fails, r.relations
        ),
    );
    let cell = ctx.table.range.first;
    let found = ctx.table.range.to_string();
    ctx.push(Finding::new(
        Rule::StructureUncertain,
        ctx.location(cell),
        found,
        message,
    ));
}

/// How each measurement's stated rate compares with its figures as written
/// (the same under every reading), by measurement index.
pub fn rate_agreements(ctx: &TableContext) -> Vec<Option<RateAgreement>> {
    let written = |c: Option<CellRef>| c.and_then(|c| ctx.figures.get(&c)).map(|f| f.value);
    ctx.table
        .measurements
        .iter()
        .map(|m| {
            let rate = ctx.rates.get(&m.rate?)?;
            compare_rate(rate, written(m.done)?, written(m.target)?)
        })
        .collect()
}

/// Counts the relations a reading (`parts[line]`: the lines `line` sums)
/// makes hold. Totals are checked sub-totals first, each failing one taken at
/// its sum for the totals above it, as T001 will correct it; rates against
/// their figures as written or as corrected, as the rate of a wrong total
/// follows it (R003).
pub fn tally(ctx: &TableContext, parts: &[Vec<usize>]) -> Tally {
    let mut out = Tally {
        rate_groups: vec![Counts::default(); ctx.slots.groups],
        ..Tally::default()
    };
    let written = |c: CellRef| ctx.figures.get(&c).map(|f| f.value);
    let mut corrected: FxHashMap<CellRef, Decimal> = FxHashMap::default();
    for relation in total_relations(&ctx.slots, parts) {
        let sum = compare_total(
            &relation,
            |c| corrected.get(&c).copied().or_else(|| written(c)),
            written,
            |c| !ctx.is_missing(c),
        );
        let outcome = match sum {
            Sum::Unknown => continue,
            Sum::Holds | Sum::KnockOn { .. } => Outcome::Holds,
            Sum::Scaled { .. } | Sum::SomeScaled { .. } => Outcome::Explained,
            Sum::Differs { sum } => {
                corrected.insert(relation.total, sum);
                Outcome::Fails
            }
        };
        out.totals.add(outcome);
        out.total_lines
            .entry(relation.line)
            .or_default()
            .add(outcome);
    }
    // 累计 = the sum of the periods shown, where the table reads that way at
    // all: each such relation confirms (or contradicts) the reading too. A
    // failing 累计 is taken at its sum for its rate, as T001 will correct it.
    let (periods, confirmed) = period_relations(ctx);
    if confirmed {
        for (relation, sum) in periods {
            let outcome = match sum {
                Sum::Unknown => continue,
                Sum::Holds | Sum::KnockOn { .. } => Outcome::Holds,
                Sum::Scaled { .. } | Sum::SomeScaled { .. } => Outcome::Explained,
                Sum::Differs { sum } => {
                    corrected.entry(relation.total).or_insert(sum);
                    Outcome::Fails
                }
            };
            out.totals.add(outcome);
        }
    }
    for (i, m) in ctx.table.measurements.iter().enumerate() {
        let (Some(rate_cell), Some(target_cell), Some(done_cell)) = (m.rate, m.target, m.done)
        else {
            continue;
        };
        let (Some(rate), Some(target), Some(done)) = (
            ctx.rates.get(&rate_cell),
            written(target_cell),
            written(done_cell),
        ) else {
            continue;
        };
        let agreement = match ctx.rate_agreement.get(i) {
            Some(known) => *known,
            None => compare_rate(rate, done, target),
        };
        let Some(agreement) = agreement else {
            continue;
        };
        // The rate of a total that the reading corrects may follow either figure.
        let follows_correction = [target_cell, done_cell]
            .iter()
            .any(|c| corrected.contains_key(c))
            && compare_rate(
                rate,
                corrected.get(&done_cell).copied().unwrap_or(done),
                corrected.get(&target_cell).copied().unwrap_or(target),
            )
            .is_some_and(|a| a != RateAgreement::Differs);
        let outcome = if agreement != RateAgreement::Differs || follows_correction {
            Outcome::Holds
        } else if scale_explains(rate, done, target) {
            Outcome::Explained
        } else {
            Outcome::Fails
        };
        out.rates.add(outcome);
        if let Some(group) = ctx
            .slots
            .group_of
            .get(i)
            .and_then(|&g| out.rate_groups.get_mut(g))
        {
            group.add(outcome);
        }
    }
    out
}

/// A line its label or its locator calls a (sub)total: labelled 小计 / 合计 /
/// 总计, or given parts by the locator whatever its label.
fn is_total_line(line: &Line) -> bool {
    line.entity == Entity::Total || !line.parts.is_empty()
}

/// The (sub)total hierarchy the numbers show, line by line in order: a line
/// is the total of the run of items directly above it whose sums it equals,
/// where an item is a line not yet summed by another (so a 总计 after two
/// 小计 sees the 小计, not their communities).
///
/// - A line labelled as a total (小计, 合计, 总计) takes the run its figures
///   match best (most equal sums, fewest unequal ones), preferring on a tie
///   the run of ordinary lines directly above it, or every item when there
///   are none; when nothing matches it keeps that default, so one wrong 小计
///   still sums its own communities.
/// - An unlabelled line is a total only when every figure it shares with a
///   run of two or more items equals their sum, at least two of them non-zero.
pub fn hierarchy_from_numbers(ctx: &TableContext) -> Vec<Vec<usize>> {
    let table = ctx.table;
    let slots = &ctx.slots;
    let lines = table.lines.len();
    let mut parts: Vec<Vec<usize>> = vec![Vec::new(); lines];
    // Items not yet summed by a later line, in order.
    let mut items: Vec<usize> = Vec::new();
    let value = |line: usize, slot: usize| -> Result<Decimal, ()> {
        match slots.get(line, slot) {
            None => Ok(Decimal::ZERO),
            Some(cell) => match ctx.figures.get(&cell) {
                Some(f) => Ok(f.value),
                None if ctx.is_missing(cell) => Ok(Decimal::ZERO),
                None => Err(()),
            },
        }
    };
    for line in 0..lines {
        let labelled = is_total_line(&table.lines[line]);
        let max_run = if labelled {
            items.len()
        } else if lines <= MAX_LINES_FOR_UNLABELLED {
            items.len().min(MAX_UNLABELLED_RUN)
        } else {
            0
        };
        let own: Vec<(usize, Decimal)> = slots
            .of_line(line)
            .filter_map(|(slot, cell)| ctx.figures.get(&cell).map(|f| (slot, f.value)))
            .collect();
        // Running sums over the run of the last k items, for every figure of this line.
        let mut sums: Vec<Option<Decimal>> = vec![Some(Decimal::ZERO); own.len()];
        let mut best: Option<(usize, i64)> = None;
        let default_run = {
            let ordinary = items
                .iter()
                .rev()
                .take_while(|&&i| parts[i].is_empty())
                .count();
            if ordinary > 0 {
                ordinary
            } else {
                items.len()
            }
        };
        for k in 1..=max_run {
            let item = items[items.len() - k];
            let (mut equal, mut unequal) = (0i64, 0i64);
            for ((slot, total), sum) in own.iter().zip(sums.iter_mut()) {
                *sum = match (*sum, value(item, *slot)) {
                    (Some(s), Ok(v)) => s.checked_add(v),
                    _ => None,
                };
                match *sum {
                    // Zeros equal any run of zeros: they say nothing.
                    Some(s) if s == *total && total.is_zero() => {}
                    Some(s) if s == *total => equal += 1,
                    Some(_) => unequal += 1,
                    None => {}
                }
            }
            let accepted = if labelled {
                equal > 0
            } else {
                k >= 2 && unequal == 0 && equal >= 2
            };
            if !accepted {
                continue;
            }
            let score = equal - unequal;
            let better = match best {
                None => true,
                Some((best_k, best_score)) => {
                    score > best_score || (score == best_score && k == default_run && best_k != k)
                }
            };
            if better {
                best = Some((k, score));
            }
            if !labelled {
                break; // the shortest run an unlabelled line sums exactly
            }
        }
        let run = match best {
            Some((k, score)) if !labelled || score > 0 => k,
            _ if labelled => default_run,
            _ => 0,
        };
        if run > 0 {
            let start = items.len() - run;
            parts[line] = items.split_off(start);
        }
        items.push(line);
    }
    parts
}
