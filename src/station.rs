//! Which station a workbook comes from and which month its figures run to,
//! read from its titles and notes or, failing that, from its path.
//!
//! Cross-period checks compare one station's files of one service year, so
//! every file of a batch needs a station, a period and a service year. The
//! content wins over the path because files are renamed and moved; the
//! summary says which one each answer came from.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::values::{find_dates, YearMonth, Ymd};
use crate::workbook::{CellRange, CellRef, Value, Workbook};

/// Where an answer was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A cell of the workbook (or a sheet's name, with no cell).
    Content {
        sheet: String,
        cell: Option<CellRef>,
    },
    /// The file's path (a folder or the file name).
    Path,
    /// Given on the command line (`--station`) for every input.
    Option,
}

impl Source {
    /// "内容 附件1!A2" / "content 附件1!A2", "路径" / "path".
    pub fn label(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        match (self, lang) {
            (Source::Content { sheet, cell }, lang) => {
                let word = if lang == Lang::Zh {
                    "内容"
                } else {
                    "content"
                };
                match cell {
                    Some(cell) => format!("{word} {sheet}!{cell}"),
                    None => format!("{word} {sheet}"),
                }
            }
            (Source::Path, Lang::Zh) => "路径".to_string(),
            (Source::Path, Lang::En) => "path".to_string(),
            (Source::Option, _) => "--station".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    pub source: Source,
}

/// A file's station, the month its figures run to, and the first month of its service year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The street (or town) the station serves, e.g. 赤岗街.
    pub station: Option<Found<String>>,
    pub period: Option<Found<YearMonth>>,
    pub service_year: Option<Found<YearMonth>>,
}

/// A Guangzhou station's service year runs June to May (the 赤岗 roster runs
/// 2023年6月 … 2024年5月); used when no file says when its year began.
pub const DEFAULT_SERVICE_YEAR_START_MONTH: u32 = 6;

impl Identity {
    /// The service year the file belongs to: as stated, else the June-to-May year holding its period.
    pub fn year_start(&self) -> Option<YearMonth> {
        if let Some(year) = &self.service_year {
            return Some(year.value);
        }
        let period = self.period.as_ref()?.value;
        let year = if period.month >= DEFAULT_SERVICE_YEAR_START_MONTH {
            period.year
        } else {
            period.year - 1
        };
        YearMonth::new(year, DEFAULT_SERVICE_YEAR_START_MONTH)
    }
}

/// A street or town name followed by words that make it a station's name:
/// 赤岗街社工服务站, 赤岗街道社工站, 赤岗街“双百工程”社工站, 元岗街家庭综合服务中心.
/// The name stops at 市/区/县/年度 so "海珠区赤岗街" gives 赤岗街.
static STATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([\p{Han}&&[^市区县省度年月日的和及、]]{1,4}?)(街道|街|镇)\s*(?:“|”|\x22|「|双百|社工|社会工作|家庭综合|家综|综合服务|党群|服务站)",
    )
    .expect("constant station pattern")
});

/// 2023—2024 年度, 2023-2024年度: a service year named by its two calendar years.
static SERVICE_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:年\s*)?[-‐‑‒–—―─~〜至到]+\s*(\d{4})\s*年\s*度?")
        .expect("constant service-year pattern")
});

/// A month named alone: 2024年5月, 2024年5月份.
static YEAR_MONTH_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月").expect("constant month pattern"));

/// A month in a path: 2024-05, 2024_5, 2024.05, 202405, 2024年5月.
static PATH_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)(20\d{2})\s*(?:年|[-_.])?\s*(0[1-9]|1[0-2]|[1-9])(?:月|\D|$)")
        .expect("constant path month pattern")
});

/// Reads the identity from the workbook's text outside its tables, then the path.
///
/// `tables` are the ranges of the tables found: their cells hold figures and
/// month headers, not the file's own title. `root` is the folder the file was
/// found under, so the folder given on the command line never names the station.
pub fn identify(
    workbook: &Workbook,
    tables: &[(String, CellRange)],
    path: &Path,
    root: Option<&Path>,
) -> Identity {
    let mut identity = Identity::default();
    for sheet in &workbook.sheets {
        let in_table = |cell: CellRef| {
            tables
                .iter()
                .any(|(name, range)| name == &sheet.name && range.contains(cell))
        };
        for (cell, value) in sheet.cells() {
            let Value::Text(text) = value else { continue };
            // Cheap filter first: titles hold 街/镇 or 年; most cells of a big sheet hold neither.
            if !(text.contains('年') || text.contains('街') || text.contains('镇'))
                || in_table(cell)
            {
                continue;
            }
            let source = || Source::Content {
                sheet: sheet.name.clone(),
                cell: Some(cell),
            };
            read_text(text, &mut identity, source);
            if identity.station.is_some()
                && identity.period.is_some()
                && identity.service_year.is_some()
            {
                return identity;
            }
        }
        // A sheet named for its month (2024年5月) dates the file when no title does.
        if identity.period.is_none() {
            if let Some(month) = month_alone(&sheet.name) {
                identity.period = Some(Found {
                    value: month,
                    source: Source::Content {
                        sheet: sheet.name.clone(),
                        cell: None,
                    },
                });
            }
        }
    }
    // A sheet named for its station (赤岗街, 赤岗街2024年5月) when no title names it.
    if identity.station.is_none() {
        identity.station = workbook.sheets.iter().find_map(|sheet| {
            Some(Found {
                value: path_station(&sheet.name)?,
                source: Source::Content {
                    sheet: sheet.name.clone(),
                    cell: None,
                },
            })
        });
    }
    from_path(&mut identity, path, root);
    identity
}

impl Identity {
    /// The station given on the command line, for every input, whatever the file says.
    pub fn set_station(&mut self, station: &str) {
        self.station = Some(Found {
            value: crate::normalize::vocab::normalize(station).text,
            source: Source::Option,
        });
    }

    /// The station's name, if known.
    pub fn station_name(&self) -> Option<&str> {
        self.station.as_ref().map(|s| s.value.as_str())
    }
}

/// Fills what `text` tells and is still unknown.
fn read_text(text: &str, identity: &mut Identity, source: impl Fn() -> Source) {
    if identity.station.is_none() {
        if let Some(name) = station_name(text) {
            identity.station = Some(Found {
                value: name,
                source: source(),
            });
        }
    }
    let dates = find_dates(text);
    if dates.len() >= 2 && identity.period.is_none() {
        // 数据统计时间：2023年5月31日至2024年5月31日 — cumulative figures from the first date to the last.
        let (start, end) = (dates[0].0, dates[dates.len() - 1].0);
        if start < end {
            identity.period = Some(Found {
                value: end.year_month(),
                source: source(),
            });
            if identity.service_year.is_none() {
                identity.service_year = Some(Found {
                    value: year_start_of(start),
                    source: source(),
                });
            }
        }
    }
    if identity.service_year.is_none() {
        if let Some(caps) = SERVICE_YEARS.captures(text) {
            let first: Option<i32> = caps.get(1).and_then(|m| m.as_str().parse().ok());
            let second: Option<i32> = caps.get(2).and_then(|m| m.as_str().parse().ok());
            if let (Some(first), Some(second)) = (first, second) {
                if second == first + 1 {
                    if let Some(start) = YearMonth::new(first, DEFAULT_SERVICE_YEAR_START_MONTH) {
                        identity.service_year = Some(Found {
                            value: start,
                            source: source(),
                        });
                    }
                }
            }
        }
    }
    if identity.period.is_none() && dates.is_empty() {
        if let Some(month) = month_alone(text) {
            identity.period = Some(Found {
                value: month,
                source: source(),
            });
        }
    }
}

/// A statistics period that starts on the last day of a month (5月31日至…)
/// counts from the next month, as the 赤岗 title does for a June-to-May year.
fn year_start_of(start: Ymd) -> YearMonth {
    let month = start.year_month();
    if start == month.last_day() {
        month.next()
    } else {
        month
    }
}

/// The one month a text names, unless it names two (a range is not a month).
fn month_alone(text: &str) -> Option<YearMonth> {
    if SERVICE_YEARS.is_match(text) {
        return None;
    }
    let mut months = YEAR_MONTH_ANYWHERE.captures_iter(text).filter_map(|caps| {
        let year = caps.get(1)?.as_str().parse().ok()?;
        let month = caps.get(2)?.as_str().parse().ok()?;
        YearMonth::new(year, month)
    });
    let first = months.next()?;
    months.next().is_none().then_some(first)
}

/// 赤岗街 from "2023—2024 年度海珠区赤岗街社工服务站"; 街道 is shortened to 街.
pub fn station_name(text: &str) -> Option<String> {
    let caps = STATION.captures(text)?;
    let name = caps.get(1)?.as_str();
    let suffix = match caps.get(2)?.as_str() {
        "镇" => "镇",
        _ => "街",
    };
    Some(format!("{name}{suffix}"))
}

/// Fills the station and period from the path when the content did not give them:
/// a 街/镇 name in any folder or the file name, else the folder holding the file
/// (below `root`); a month written in the file name or a folder.
fn from_path(identity: &mut Identity, path: &Path, root: Option<&Path>) {
    let relative = root
        .and_then(|root| path.strip_prefix(root).ok())
        .unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if identity.station.is_none() {
        let named = parts.iter().rev().find_map(|part| path_station(part));
        let folder = (parts.len() >= 2).then(|| parts[parts.len() - 2].clone());
        if let Some(name) = named.or(folder) {
            identity.station = Some(Found {
                value: name,
                source: Source::Path,
            });
        }
    }
    if identity.period.is_none() {
        let month = parts.iter().rev().find_map(|part| {
            let caps = PATH_MONTH.captures(part)?;
            YearMonth::new(
                caps.get(1)?.as_str().parse().ok()?,
                caps.get(2)?.as_str().parse().ok()?,
            )
        });
        if let Some(month) = month {
            identity.period = Some(Found {
                value: month,
                source: Source::Path,
            });
        }
    }
}

/// A 街/镇 name in a path part: 赤岗街, 赤岗街社工站_2024-05.
fn path_station(part: &str) -> Option<String> {
    station_name(part).or_else(|| {
        static NAME: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"([\p{Han}&&[^市区县省度年月日]]{1,4}?)(街道|街|镇)")
                .expect("constant street pattern")
        });
        let caps = NAME.captures(part)?;
        // 全街合计, 本街道: the whole street, not one named.
        if ["全", "本", "各", "该", "每", "分"].contains(&&caps[1]) {
            return None;
        }
        let suffix = if &caps[2] == "镇" { "镇" } else { "街" };
        Some(format!("{}{suffix}", &caps[1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Format, Sheet};
    use std::path::PathBuf;

    fn book(texts: &[(&str, &str)]) -> Workbook {
        let mut sheet = Sheet::new(texts.first().map_or("Sheet1", |t| t.0), 0, 0);
        for (row, (_, text)) in texts.iter().enumerate() {
            sheet.set(CellRef::new(row as u32, 0), Value::Text(text.to_string()));
        }
        Workbook {
            path: PathBuf::from("x.xlsx"),
            format: Format::Xlsx,
            sheets: vec![sheet],
            generated: Vec::new(),
        }
    }

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    #[test]
    fn station_names_from_titles() {
        assert_eq!(
            station_name("2023—2024 年度海珠区赤岗街社工服务站").as_deref(),
            Some("赤岗街")
        );
        assert_eq!(
            station_name("广州市赤岗街“双百工程”社工站购买服务项目").as_deref(),
            Some("赤岗街")
        );
        assert_eq!(
            station_name("2022年度元岗街社工服务站服务指标完成情况").as_deref(),
            Some("元岗街")
        );
        assert_eq!(station_name("赤岗街道社工站").as_deref(), Some("赤岗街"));
        assert_eq!(station_name("服务指标完成情况统计表"), None);
    }

    #[test]
    fn the_seed_title_gives_station_period_and_year() {
        let title = "广州市赤岗街“双百工程”社工站购买服务项目指标完成情况统计表（数据统计时间：2023年5月31日至2024年5月31日）";
        let identity = identify(&book(&[("附件1", title)]), &[], Path::new("a.xlsx"), None);
        assert_eq!(identity.station.map(|s| s.value).as_deref(), Some("赤岗街"));
        let period = identity.period.expect("period");
        assert_eq!(period.value, ym(2024, 5));
        assert_eq!(
            period.source,
            Source::Content {
                sheet: "附件1".into(),
                cell: Some(CellRef::new(0, 0))
            }
        );
        assert_eq!(identity.service_year.map(|y| y.value), Some(ym(2023, 6)));
    }

    #[test]
    fn a_named_service_year_and_a_month_title() {
        let identity = identify(
            &book(&[
                ("s", "2023—2024 年度海珠区赤岗街社工服务站"),
                ("s", "2023年11月指标完成情况"),
            ]),
            &[],
            Path::new("a.xlsx"),
            None,
        );
        assert_eq!(identity.period.map(|p| p.value), Some(ym(2023, 11)));
        assert_eq!(identity.service_year.map(|y| y.value), Some(ym(2023, 6)));
    }

    #[test]
    fn the_path_fills_what_the_content_lacks() {
        let identity = identify(
            &book(&[("s", "指标完成情况统计表")]),
            &[],
            Path::new("city/赤岗街/2024-03.xlsx"),
            Some(Path::new("city")),
        );
        let station = identity.station.clone().expect("station");
        assert_eq!(
            (station.value.as_str(), station.source),
            ("赤岗街", Source::Path)
        );
        assert_eq!(identity.period.clone().map(|p| p.value), Some(ym(2024, 3)));
        assert_eq!(identity.year_start(), Some(ym(2023, 6)));
        // A plain folder names the station too, but never the root given on the command line.
        let identity = identify(
            &book(&[("s", "表")]),
            &[],
            Path::new("in/stationA/202406.xlsx"),
            Some(Path::new("in")),
        );
        assert_eq!(
            identity.station.map(|s| s.value).as_deref(),
            Some("stationA")
        );
        assert_eq!(identity.period.map(|p| p.value), Some(ym(2024, 6)));
        let identity = identify(
            &book(&[("s", "表")]),
            &[],
            Path::new("in/x.xlsx"),
            Some(Path::new("in")),
        );
        assert_eq!(identity.station, None);
    }

    #[test]
    fn a_sheet_named_for_its_station() {
        let mut workbook = book(&[("赤岗街2024年5月", "指标完成情况统计表")]);
        let identity = identify(&workbook, &[], Path::new("a.xlsx"), None);
        let station = identity.station.expect("station");
        assert_eq!(station.value, "赤岗街");
        assert_eq!(
            station.source,
            Source::Content {
                sheet: "赤岗街2024年5月".into(),
                cell: None
            }
        );
        // 全街 is the whole street, not a street's name.
        workbook.sheets[0].name = "全街合计".into();
        let identity = identify(&workbook, &[], Path::new("a.xlsx"), None);
        assert_eq!(identity.station, None);
        // --station wins over what the file says, and says where it came from.
        let mut identity = identify(
            &book(&[("s", "2023—2024 年度海珠区赤岗街社工服务站")]),
            &[],
            Path::new("a.xlsx"),
            None,
        );
        identity.set_station(" 华洲街 ");
        let station = identity.station.expect("station");
        assert_eq!(
            (station.value.as_str(), station.source),
            ("华洲街", Source::Option)
        );
    }

    #[test]
    fn cells_inside_tables_are_not_titles() {
        let workbook = book(&[("s", "2023年6月"), ("s", "2024年1月指标")]);
        let tables = vec![(
            "s".to_string(),
            CellRange::new(CellRef::new(0, 0), CellRef::new(0, 5)),
        )];
        let identity = identify(&workbook, &tables, Path::new("a.xlsx"), None);
        assert_eq!(identity.period.map(|p| p.value), Some(ym(2024, 1)));
    }
}
