//! hedui.toml, the project file: found upward from the checked files (as ruff
//! finds its own), it sets the default language, which rules run, the
//! gazetteers and contracted posts of each station, and waivers.
//!
//! ```toml
//! lang = "zh"                    # default language of messages (a --lang flag wins)
//! select = ["R", "T", "A"]       # only these rules (codes or their prefixes); default: all
//! ignore = ["H003", "V001"]      # never these
//! fail-on = "warning"            # exit 1 on warnings too (default "error")
//! gazetteers = "地名表"           # a folder of gazetteers, one per street
//!
//! [stations."赤岗街"]
//! gazetteer = "地名表/赤岗.toml"  # this station's gazetteer
//! posts = 19                     # its contracted social-worker posts
//!
//! [[waivers]]                    # a finding accepted, with its reason: reported as waived
//! rule = "A007"
//! cell = "AE27"
//! file = "2024-05/附件2.xlsx"     # optional: relative to this file's folder, or a bare file name
//! sheet = "附件2"                 # optional
//! reason = "2024年2月一名社工产假，街道同意不补岗"
//! ```
//!
//! Paths in the file are relative to its folder. Unknown keys are an error,
//! so a misspelt key is never silently without effect.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::codes::{Fix, Rule, Severity};
use crate::error::Error;
use crate::findings::{Finding, Location};
use crate::normalize::names::{Gazetteer, Gazetteers};
use crate::workbook::CellRef;
use crate::Lang;

/// The project file's name.
pub const FILE_NAME: &str = "hedui.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    lang: Option<String>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    fail_on: Option<String>,
    gazetteers: Option<PathBuf>,
    #[serde(default)]
    stations: BTreeMap<String, RawStation>,
    #[serde(default)]
    waivers: Vec<RawWaiver>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStation {
    gazetteer: Option<PathBuf>,
    posts: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: String,
    cell: String,
    file: Option<String>,
    sheet: Option<String>,
    reason: String,
}

/// Which rules run: `select` (all when empty) minus `ignore`, each a code or a
/// prefix of codes (`R` for every rate rule, `A00` for A001…A009).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    pub fn enabled(&self, rule: Rule) -> bool {
        let code = rule.code();
        let matches = |p: &String| code.starts_with(p.as_str());
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }

    pub fn is_all(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }
}

/// A finding accepted as it is, with the reason: it stays in every report,
/// marked waived, and counts toward no exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: Rule,
    pub cell: CellRef,
    /// The file, resolved against the project file's folder; or only a file
    /// name (no folder given), matching that name anywhere.
    pub file: Option<PathBuf>,
    pub sheet: Option<String>,
    pub reason: String,
}

impl Waiver {
    fn covers(&self, finding: &Finding) -> bool {
        let location = &finding.location;
        if finding.rule != self.rule
            || location.report.is_some()
            || location.cell != self.cell
            || self.sheet.as_ref().is_some_and(|s| s != &location.sheet)
        {
            return false;
        }
        match &self.file {
            None => true,
            Some(file) if file.components().count() == 1 => {
                location.file.file_name() == Some(file.as_os_str())
            }
            Some(file) => same_file(file, &location.file),
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// What a project file says, resolved: paths read, codes checked.
#[derive(Debug, Clone)]
pub struct Project {
    pub path: PathBuf,
    pub lang: Option<Lang>,
    pub rules: RuleSelection,
    pub fail_on: Option<Severity>,
    /// Gazetteers of the stations and of the `gazetteers` folder.
    pub gazetteers: Vec<Gazetteer>,
    /// Contracted posts by station name.
    pub posts: Vec<(String, u32)>,
    pub waivers: Vec<Waiver>,
}

/// The project file that applies to `path`: hedui.toml in its folder (the
/// path itself for a folder) or the nearest folder above.
pub fn find(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The one project file of all `inputs`; an error when they sit under
/// different ones (which of them is meant cannot be told).
pub fn find_for(inputs: &[PathBuf]) -> Result<Option<PathBuf>, Error> {
    let mut found: Option<PathBuf> = None;
    for input in inputs {
        let Some(here) = find(input) else { continue };
        match &found {
            Some(first) if !same_file(first, &here) => {
                return Err(Error::Config(
                    here,
                    format!("另一个输入属于 {}", first.display()),
                    format!("another input is under {}", first.display()),
                ));
            }
            Some(_) => {}
            None => found = Some(here),
        }
    }
    Ok(found)
}

/// Reads and checks a project file.
pub fn load(path: &Path) -> Result<Project, Error> {
    let bad = |zh: String, en: String| Error::Config(path.to_path_buf(), zh, en);
    if path.exists() && !crate::read::is_regular_file(path) {
        return Err(Error::NotAFile(path.to_path_buf()));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(format!("无法读取（{e}）"), format!("cannot be read ({e})")))?;
    let raw: Raw = toml::from_str(&text).map_err(|e| {
        let e = e.to_string();
        let e = e.trim();
        bad(format!("格式有误：{e}"), format!("not valid: {e}"))
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let lang = match raw.lang.as_deref() {
        None => None,
        Some("zh") => Some(Lang::Zh),
        Some("en") => Some(Lang::En),
        Some(other) => {
            return Err(bad(
                format!("lang = \"{other}\" 无效（可选 zh、en）"),
                format!("lang = \"{other}\" is not zh or en"),
            ))
        }
    };
    let fail_on = match raw.fail_on.as_deref() {
        None => None,
        Some("error") => Some(Severity::Error),
        Some("warning") => Some(Severity::Warning),
        Some(other) => {
            return Err(bad(
                format!("fail-on = \"{other}\" 无效（可选 error、warning）"),
                format!("fail-on = \"{other}\" is not error or warning"),
            ))
        }
    };
    let codes = |list: Vec<String>, key: &str| -> Result<Vec<String>, Error> {
        list.into_iter()
            .map(|code| {
                let code = code.trim().to_ascii_uppercase();
                if !code.is_empty() && Rule::ALL.iter().any(|r| r.code().starts_with(&code)) {
                    Ok(code)
                } else {
                    Err(bad(
                        format!("{key} 中的“{code}”不是任何规则的代码（hedui rules 列出全部规则）"),
                        format!("\"{code}\" in {key} is no rule's code (hedui rules lists them)"),
                    ))
                }
            })
            .collect()
    };
    let rules = RuleSelection {
        select: codes(raw.select, "select")?,
        ignore: codes(raw.ignore, "ignore")?,
    };
    let mut gazetteers = Vec::new();
    if let Some(folder) = raw.gazetteers {
        let folder = dir.join(folder);
        let mut all = Gazetteers::default();
        all.add_dir(&folder)
            .map_err(|e| Error::Gazetteer(folder.clone(), e.to_string()))?;
        gazetteers.extend(all.iter().cloned());
    }
    let mut posts = Vec::new();
    for (station, settings) in raw.stations {
        if let Some(file) = settings.gazetteer {
            let file = dir.join(file);
            let gazetteer = Gazetteer::from_file(&file)
                .map_err(|e| Error::Gazetteer(file.clone(), e.to_string()))?;
            if !gazetteer.is_for(&station) {
                return Err(bad(
                    format!(
                        "[stations.\"{station}\"] 的地名表 {} 是 {} 的",
                        file.display(),
                        gazetteer.street
                    ),
                    format!(
                        "the gazetteer {} of [stations.\"{station}\"] is {}'s",
                        file.display(),
                        gazetteer.street
                    ),
                ));
            }
            gazetteers.push(gazetteer);
        }
        if let Some(n) = settings.posts {
            posts.push((station, n));
        }
    }
    let mut waivers = Vec::new();
    for (i, raw) in raw.waivers.into_iter().enumerate() {
        let n = i + 1;
        let rule = Rule::from_code(raw.rule.trim()).ok_or_else(|| {
            bad(
                format!("第 {n} 条豁免的 rule = \"{}\" 不是规则代码", raw.rule),
                format!("waiver {n}: rule = \"{}\" is no rule's code", raw.rule),
            )
        })?;
        let cell = parse_a1(raw.cell.trim()).ok_or_else(|| {
            bad(
                format!(
                    "第 {n} 条豁免的 cell = \"{}\" 不是单元格（如 AE27）",
                    raw.cell
                ),
                format!(
                    "waiver {n}: cell = \"{}\" is not a cell such as AE27",
                    raw.cell
                ),
            )
        })?;
        if raw.reason.trim().is_empty() {
            return Err(bad(
                format!("第 {n} 条豁免没有写明理由（reason）"),
                format!("waiver {n} gives no reason"),
            ));
        }
        let file = raw.file.map(|f| {
            let f = PathBuf::from(f);
            if f.components().count() == 1 {
                f
            } else {
                dir.join(f)
            }
        });
        waivers.push(Waiver {
            rule,
            cell,
            file,
            sheet: raw.sheet,
            reason: raw.reason.trim().to_string(),
        });
    }
    Ok(Project {
        path: path.to_path_buf(),
        lang,
        rules,
        fail_on,
        gazetteers,
        posts,
        waivers,
    })
}

/// `AE27` → the cell (0-based row and column); None for anything else.
pub fn parse_a1(text: &str) -> Option<CellRef> {
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.chars().fold(0u32, |n, c| {
        n * 26 + u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1)
    }) - 1;
    let row: u32 = digits.parse().ok()?;
    (row >= 1).then(|| CellRef::new(row - 1, col))
}

/// Leaves out the findings of rules not selected, and marks those a waiver
/// covers. Returns the cells whose correction is therefore not written (for
/// [`drop_knock_ons`]).
pub fn settle(
    findings: &mut Vec<Finding>,
    rules: &RuleSelection,
    waivers: &[Waiver],
) -> Vec<Location> {
    let mut unapplied = Vec::new();
    if !rules.is_all() {
        findings.retain(|f| {
            let keep = rules.enabled(f.rule);
            if !keep && f.rule.fix() == Fix::Corrects {
                unapplied.push(f.location.clone());
            }
            keep
        });
    }
    for finding in findings.iter_mut() {
        if finding.waived.is_none() {
            if let Some(waiver) = waivers.iter().find(|w| w.covers(finding)) {
                finding.waived = Some(waiver.reason.clone());
                // Accepted as it is: nothing is written over it.
                finding.correction = None;
            }
        }
        if finding.waived.is_some() && finding.rule.fix() == Fix::Corrects {
            unapplied.push(finding.location.clone());
        }
    }
    unapplied
}

/// Findings that only follow from another's correction: a rate or total
/// recomputed because a figure was corrected (R003, T002), a report repeating
/// a figure found wrong (D005).
const KNOCK_ONS: [Rule; 3] = [
    Rule::RateKnockOn,
    Rule::TotalKnockOn,
    Rule::ReportRepeatsTableError,
];

/// Leaves out the knock-ons of corrections not written (their rule ignored,
/// or waived), whatever their depth (a T002 total, then the R003 rate on
/// it). `unapplied` grows by the knock-on corrections left out.
pub fn drop_knock_ons(findings: &mut [&mut Vec<Finding>], unapplied: &mut Vec<Location>) {
    loop {
        let mut more = Vec::new();
        for list in findings.iter_mut() {
            list.retain(|f| {
                let follows =
                    KNOCK_ONS.contains(&f.rule) && f.related.iter().any(|r| unapplied.contains(r));
                if follows && f.rule.fix() == Fix::Corrects {
                    more.push(f.location.clone());
                }
                !follows
            });
        }
        if more.is_empty() {
            return;
        }
        unapplied.extend(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_a1() {
        assert_eq!(parse_a1("A1"), Some(CellRef::new(0, 0)));
        assert_eq!(parse_a1("ae27"), Some(CellRef::new(26, 30)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("27"), None);
        assert_eq!(parse_a1("A1B"), None);
    }

    #[test]
    fn select_and_ignore_take_codes_and_prefixes() {
        let rules = RuleSelection {
            select: vec!["R".into(), "T001".into()],
            ignore: vec!["R002".into()],
        };
        assert!(rules.enabled(Rule::RateMismatch));
        assert!(!rules.enabled(Rule::RateLastDigit));
        assert!(rules.enabled(Rule::TotalMismatch));
        assert!(!rules.enabled(Rule::TotalKnockOn));
        assert!(!rules.enabled(Rule::HeaderNormalized));
        assert!(RuleSelection::default().enabled(Rule::HeaderNormalized));
    }
}
