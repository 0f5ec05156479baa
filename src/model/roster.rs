//! Staff attendance rosters (社工到岗情况统计表), normalized: who worked where,
//! and for each month the three ticks (人员 / 社保 / 工资) with the cells they came from.
//!
//! [`locate::rosters`] finds them on a sheet; the roster rules (`rules::roster`),
//! the cross-file rule X001 and, later, the cross-period rules read this model.
//! Everything here is public and stable for those rules: a rule never has to go
//! back to the sheet to learn which cell holds which tick.

use crate::normalize::values::{DepartureKind, Tick, YearMonth, Ymd};
use crate::workbook::{CellRange, CellRef};

/// The three ticks a roster records per person and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TickKind {
    /// 人员: on duty that month.
    Duty,
    /// 社保: social insurance paid.
    Insurance,
    /// 工资: salary paid.
    Salary,
}

impl TickKind {
    pub const ALL: [TickKind; 3] = [TickKind::Duty, TickKind::Insurance, TickKind::Salary];

    /// The column header a roster uses for it.
    pub fn zh(self) -> &'static str {
        match self {
            TickKind::Duty => "人员",
            TickKind::Insurance => "社保",
            TickKind::Salary => "工资",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            TickKind::Duty => "on duty",
            TickKind::Insurance => "insurance",
            TickKind::Salary => "salary",
        }
    }
}

/// One month of the header: its header cell and the column of each tick.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthColumns {
    pub month: YearMonth,
    /// The month's header cell (the anchor of a merged header, or its first column).
    pub header: CellRef,
    /// The tick sub-header cells (人员 / 社保 / 工资), by kind, where present.
    pub duty: Option<CellRef>,
    pub insurance: Option<CellRef>,
    pub salary: Option<CellRef>,
}

impl MonthColumns {
    /// The sub-header cell of a tick kind; its column is the tick column.
    pub fn header_of(&self, kind: TickKind) -> Option<CellRef> {
        match kind {
            TickKind::Duty => self.duty,
            TickKind::Insurance => self.insurance,
            TickKind::Salary => self.salary,
        }
    }

    pub fn column(&self, kind: TickKind) -> Option<u32> {
        self.header_of(kind).map(|c| c.col)
    }
}

/// A tick as written, with its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TickCell {
    pub cell: CellRef,
    pub tick: Tick,
}

impl TickCell {
    pub fn is_yes(&self) -> bool {
        self.tick == Tick::Yes
    }
}

/// One person's ticks for one month.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMonth {
    pub month: YearMonth,
    pub duty: Option<TickCell>,
    pub insurance: Option<TickCell>,
    pub salary: Option<TickCell>,
}

impl StaffMonth {
    pub fn tick(&self, kind: TickKind) -> Option<&TickCell> {
        match kind {
            TickKind::Duty => self.duty.as_ref(),
            TickKind::Insurance => self.insurance.as_ref(),
            TickKind::Salary => self.salary.as_ref(),
        }
    }

    pub fn is_yes(&self, kind: TickKind) -> bool {
        self.tick(kind).is_some_and(TickCell::is_yes)
    }

    /// Explicitly no (blank or a dash), as opposed to unreadable or absent.
    pub fn is_no(&self, kind: TickKind) -> bool {
        self.tick(kind).is_some_and(|t| t.tick == Tick::No)
    }

    pub fn any_yes(&self) -> bool {
        TickKind::ALL.iter().any(|k| self.is_yes(*k))
    }
}

/// 持证社工 or 非持证社工, from the 类型 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Certified,
    Uncertified,
}

impl Category {
    pub fn zh(self) -> &'static str {
        match self {
            Category::Certified => "持证社工",
            Category::Uncertified => "非持证社工",
        }
    }
}

/// A departure or transfer recorded in the notes column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departure {
    pub date: Ymd,
    pub kind: DepartureKind,
    /// The note cell it was read from.
    pub cell: CellRef,
}

/// One staff row.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    /// Zero-based sheet row.
    pub row: u32,
    pub name: String,
    pub name_cell: CellRef,
    pub category: Option<Category>,
    /// 职位 as written (第二片区社工).
    pub position: Option<String>,
    /// The district the position names (第二片区社工 → 2).
    pub district: Option<u32>,
    /// 岗位资格证类别 as written.
    pub qualification: Option<String>,
    /// 合同期限, when it parses as a period.
    pub contract: Option<(Ymd, Ymd)>,
    pub contract_cell: Option<CellRef>,
    pub note: Option<String>,
    pub note_cell: Option<CellRef>,
    pub departure: Option<Departure>,
    /// 退休返聘: rehired after retirement (not a departure).
    pub rehired: bool,
    /// One entry per month of the header, in header order.
    pub months: Vec<StaffMonth>,
}

impl Staff {
    pub fn month(&self, month: YearMonth) -> Option<&StaffMonth> {
        self.months.iter().find(|m| m.month == month)
    }

    pub fn on_duty(&self, month: YearMonth) -> bool {
        self.month(month).is_some_and(|m| m.is_yes(TickKind::Duty))
    }
}

/// What a stated monthly count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalBasis {
    /// One tick column (每月…总计: one count under each of 人员 / 社保 / 工资).
    Column,
    /// Staff with income that month (社工有收入人次数小计): the salary ticks, one count per month.
    Income,
}

/// A count the workbook states for one month and tick column.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthTotal {
    pub month: YearMonth,
    pub kind: TickKind,
    pub basis: TotalBasis,
    pub cell: CellRef,
    /// The row label's cell (每月社保购买、工资发放、人员到岗等情况总计).
    pub label_cell: CellRef,
}

/// A derived figure the workbook states about the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedKind {
    /// 应到 (person-months required: posts × months).
    Required,
    /// 实到 (person-months on duty: the 人员 ticks of the year).
    Actual,
    /// 持证率: certified staff / staff listed.
    CertifiedShare,
    /// 稳岗率: staff on duty in the first month still on duty in the last reported month, over the first.
    Retention,
    /// 到岗率: 实到 / 应到.
    DutyRate,
    /// 协议岗位数: contracted posts (a source figure, never corrected).
    Posts,
}

/// A label and the cell holding its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    pub kind: StatedKind,
    pub label_cell: CellRef,
    pub cell: CellRef,
}

/// Where the reading of a mark beyond the built-in ones (√ —— 是 否 …) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkSource {
    /// A legend on the sheet ("√或V表示是，O表示否"), in this cell.
    Legend(CellRef),
    /// The stated monthly totals: only this reading makes every total that counts the mark hold.
    Totals,
}

/// A mark this roster reads beyond the built-in ones, with every tick cell holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkReading {
    /// The mark as first written.
    pub mark: String,
    /// Yes or no.
    pub tick: Tick,
    pub source: MarkSource,
    pub cells: Vec<CellRef>,
}

/// A sub-header under a month whose column holds ticks but whose role (人员 / 社保 / 工资)
/// neither its word nor its position settles: its ticks are not read.
#[derive(Debug, Clone, PartialEq)]
pub struct UndecidedColumn {
    pub header: CellRef,
    pub month: Option<YearMonth>,
    /// The sub-header as written.
    pub word: String,
}

/// A roster found on a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    pub sheet: String,
    pub range: CellRange,
    /// The row of the tick sub-headers (人员 / 社保 / 工资).
    pub tick_row: u32,
    /// Columns of the identity fields, where the header names them.
    pub name_col: u32,
    pub notes_col: Option<u32>,
    /// The service year's months as the header lists them, in column order.
    pub months: Vec<MonthColumns>,
    /// The service period stated in the title or notes (项目服务采购周期), as months.
    pub period: Option<(YearMonth, YearMonth)>,
    pub staff: Vec<Staff>,
    pub totals: Vec<MonthTotal>,
    pub stated: Vec<Stated>,
    /// Contracted posts written in a text ("19个岗位"), with its cell.
    pub posts_in_text: Option<(u32, CellRef)>,
    /// Tick rows of each staff block, as runs of consecutive rows (for COUNTIF ranges).
    pub staff_runs: Vec<(u32, u32)>,
    /// Marks read beyond the built-in ones, from the sheet's legend or its totals.
    pub marks: Vec<MarkReading>,
    /// Tick sub-headers whose role could not be decided.
    pub undecided: Vec<UndecidedColumn>,
}

impl Roster {
    pub fn month(&self, month: YearMonth) -> Option<&MonthColumns> {
        self.months.iter().find(|m| m.month == month)
    }

    /// People on duty in a month.
    pub fn on_duty(&self, month: YearMonth) -> impl Iterator<Item = &Staff> {
        self.staff.iter().filter(move |s| s.on_duty(month))
    }

    /// The last month with any 人员 tick: the latest month the roster reports on.
    pub fn last_reported_month(&self) -> Option<YearMonth> {
        self.months
            .iter()
            .rev()
            .map(|m| m.month)
            .find(|&month| self.on_duty(month).next().is_some())
    }

    pub fn stated(&self, kind: StatedKind) -> Option<&Stated> {
        self.stated.iter().find(|s| s.kind == kind)
    }
}
