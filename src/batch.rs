//! Whole-city batches: walk folders, check every workbook in parallel, compare
//! each station's months, and (for `fix`) write the corrected copies under one folder.
//!
//! Three phases: check each file (in parallel, keeping only what the
//! cross-period rules need), compare the files of each station and service
//! year, then write the corrected workbooks (in parallel). One unreadable file
//! never stops the others: it keeps its error and the run goes on.

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::error::{Error, Skip};
use crate::model::roster::Roster;
use crate::normalize::values::YearMonth;
use crate::read::ReadMode;
use crate::report::FileReport;
use crate::rules::periods::{self, Note, PeriodFile};
use crate::station::Identity;
use crate::workbook::Workbook;
use crate::{check_file_in, Lang, Options, TableFigures};

/// File names a batch reads from a folder (a file named on the command line
/// is read whatever its name). Each is then read by its content: WPS's .et
/// and .ett are an xls or xlsx inside, a web system's .xls may be HTML.
pub const EXTENSIONS: [&str; 13] = [
    "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "xlt", "et", "ett", "ods", "ots", "csv", "tsv",
];

/// One file to check, with the folder it was found under (None when named directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub root: Option<PathBuf>,
}

impl Input {
    /// The path below its folder (`赤岗街/2024-05.xlsx`), or the file name when named directly.
    /// Only plain names: it is joined to the output folder and must not climb out of it.
    pub fn relative(&self) -> PathBuf {
        let below = self
            .root
            .as_ref()
            .and_then(|root| self.path.strip_prefix(root).ok())
            .map(Path::to_path_buf)
            .or_else(|| self.path.file_name().map(PathBuf::from))
            .unwrap_or_default();
        below
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part),
                _ => None,
            })
            .collect()
    }
}

/// What a walk of the inputs found: the files to read, and every other file
/// (and hidden folder) met, with the reason it is not read.
#[derive(Debug, Default)]
pub struct Collected {
    pub inputs: Vec<Input>,
    pub skipped: Vec<(PathBuf, Skip)>,
}

/// Expands folders into the workbooks below them (sorted by path, so runs are
/// reproducible), setting aside office lock files (~$a.xlsx, .~lock.a.ods#),
/// hidden files and folders, and files not named like workbooks (each named
/// in `skipped`), and leaving out anything under `skip` (the output folder,
/// when it lies inside an input).
pub fn collect(args: &[PathBuf], skip: Option<&Path>) -> Collected {
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            inputs.push(Input {
                path: arg.clone(),
                root: None,
            });
            continue;
        }
        let walker = walkdir::WalkDir::new(arg)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let inside_skip = skip.as_ref().is_some_and(|skip| {
                    entry.file_type().is_dir()
                        && entry.path().canonicalize().is_ok_and(|p| &p == skip)
                });
                !inside_skip
            });
        let mut walker = walker;
        while let Some(entry) = walker.next() {
            match entry {
                Ok(entry) if entry.depth() > 0 && is_hidden(entry.path()) => {
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    skipped.push((entry.into_path(), Skip::Hidden));
                }
                Ok(entry)
                    if entry.file_type().is_file()
                        && (is_workbook_name(entry.path()) || is_report_name(entry.path())) =>
                {
                    inputs.push(Input {
                        path: entry.into_path(),
                        root: Some(arg.clone()),
                    })
                }
                Ok(entry) if !entry.file_type().is_dir() => {
                    skipped.push((entry.into_path(), Skip::NotAWorkbookName));
                }
                Ok(_) => {}
                // An unreadable folder becomes an input of its own, so its error is reported.
                Err(error) => {
                    if let Some(path) = error.path() {
                        inputs.push(Input {
                            path: path.to_path_buf(),
                            root: Some(arg.clone()),
                        });
                    }
                }
            }
        }
    }
    Collected { inputs, skipped }
}

/// Office lock files (~$a.xlsx, .~lock.a.ods#) and hidden files and folders.
fn is_hidden(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with("~$") || name.starts_with('.')
}

fn is_workbook_name(path: &Path) -> bool {
    if is_hidden(path) {
        return false;
    }
    path.extension().is_some_and(|ext| {
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        EXTENSIONS.contains(&ext.as_str())
    })
}

/// A station's written report found in a folder: .docx or .pdf (a .txt or .md
/// is read as a report only when named on the command line).
fn is_report_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with("~$")
        && !name.starts_with('.')
        && path.extension().is_some_and(|ext| {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            ext == "docx" || ext == "pdf"
        })
}

/// The folders that hold a report: the workbooks beside it are its station's.
fn report_folders(inputs: &[Input]) -> HashSet<PathBuf> {
    inputs
        .iter()
        .filter(|i| i.root.is_some() && crate::document::is_document(&i.path))
        .filter_map(|i| i.path.parent().map(Path::to_path_buf))
        .collect()
}

/// What to do besides checking.
#[derive(Debug, Clone)]
pub enum Mode {
    Check,
    /// Write each corrected workbook under this folder, mirroring the input tree.
    Fix {
        out_dir: PathBuf,
    },
    /// Write each corrected workbook beside its input, named `名称.核对.xlsx`
    /// (what a folder dropped on hedui.exe gets; see [`beside`]).
    FixBeside,
}

/// How the name of a corrected workbook written beside its input ends.
pub const BESIDE_ENDING: &str = "核对.xlsx";

/// Where the corrected copy of `path` goes when written beside it:
/// `a/报表.xls` → `a/报表.核对.xlsx`. Never `path` itself: the result always has
/// one name part more than the input (`x.核对.xlsx` → `x.核对.核对.xlsx`).
pub fn beside(path: &Path) -> PathBuf {
    path.with_extension(BESIDE_ENDING)
}

/// True for a name [`beside`] gives (`*.核对.xlsx`), or the JSON beside such a
/// summary (`汇总.核对.json`): a folder run writing beside its inputs does not
/// read its own earlier outputs as inputs.
pub fn is_beside_output(path: &Path) -> bool {
    let json = Path::new(BESIDE_ENDING).with_extension("json");
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy().to_lowercase();
        [BESIDE_ENDING, &json.to_string_lossy()]
            .iter()
            .any(|ending| name.len() > ending.len() + 1 && name.ends_with(&format!(".{ending}")))
    })
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub lang: Lang,
    /// Draw a progress bar on stderr (only ever when stderr is a terminal).
    pub progress: bool,
    /// Worker threads; None for one per core.
    pub jobs: Option<usize>,
    /// Replace existing files hedui did not write (`--force`); inputs and
    /// non-regular files are never replaced (see [`crate::output`]).
    pub force: bool,
}

/// One input's outcome.
#[derive(Debug)]
pub struct Outcome {
    pub input: Input,
    pub result: Result<FileReport, Error>,
    pub identity: Identity,
    /// The corrected workbook written for it (fix only).
    pub output: Option<PathBuf>,
    /// When its corrected workbook's name was taken by an earlier input's,
    /// that input: `output` then carries a suffix (`2024-05 (2).xlsx`).
    pub collided_with: Option<PathBuf>,
}

/// What phase one keeps of a file: enough for the period rules and, when fixing, the writer.
struct Work {
    input: Input,
    result: Result<FileReport, Error>,
    identity: Identity,
    tables: Vec<TableFigures>,
    rosters: Vec<Roster>,
    notes: Vec<Note>,
    sheets: Vec<String>,
    workbook: Option<Workbook>,
    /// For a written report: the figures its prose claims.
    claims: Option<Vec<crate::document::claims::Claim>>,
}

/// Checks every input, compares each station's periods, and writes corrected workbooks when fixing.
pub fn run(inputs: Vec<Input>, options: &Options, settings: &Settings) -> Vec<Outcome> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .build();
    match pool {
        Ok(pool) => pool.install(|| run_in_pool(inputs, options, settings)),
        // No thread could be started: run on this one rather than not at all.
        Err(_) => run_in_pool(inputs, options, settings),
    }
}

fn run_in_pool(inputs: Vec<Input>, options: &Options, settings: &Settings) -> Vec<Outcome> {
    let fixing = !matches!(settings.mode, Mode::Check);
    let bar = progress_bar(inputs.len(), settings, "核对");
    let folders = report_folders(&inputs);
    let mut work: Vec<Work> = inputs
        .into_par_iter()
        .map(|input| {
            let work = if crate::document::is_document(&input.path) {
                read_report(input, options, fixing)
            } else {
                check_one(input, options, fixing, &folders)
            };
            bar.inc(1);
            work
        })
        .collect();
    bar.finish_and_clear();
    compare_periods(&mut work);
    compare_staffing(&mut work);
    compare_reports(&mut work);
    let outputs = match &settings.mode {
        Mode::Check => vec![None; work.len()],
        Mode::Fix { .. } | Mode::FixBeside => output_paths(&work, &settings.mode),
    };
    let root = match &settings.mode {
        Mode::Fix { out_dir } => Some(out_dir.as_path()),
        Mode::Check | Mode::FixBeside => None,
    };
    let guard = crate::output::Guard::new(
        work.iter().map(|w| w.input.path.as_path()),
        root,
        settings.force,
    );
    let bar = progress_bar(if fixing { work.len() } else { 0 }, settings, "写出");
    let outcomes = work
        .into_par_iter()
        .zip(outputs)
        .map(|(work, output)| {
            let outcome = finish(work, output, &guard, settings.lang);
            bar.inc(1);
            outcome
        })
        .collect();
    bar.finish_and_clear();
    outcomes
}

fn progress_bar(len: usize, settings: &Settings, label: &'static str) -> ProgressBar {
    if !settings.progress || len == 0 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    // The template is a constant; should it ever be rejected the bar keeps its default look.
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label);
    bar
}

/// Reads a written report and extracts its claims; they are checked in [`compare_reports`].
/// When fixing, its findings are written as a workbook holding only the audit sheet 核对结果.
fn read_report(input: Input, options: &Options, fixing: bool) -> Work {
    let read = crate::document::read(&input.path, options.limits.max_bytes);
    let (result, claims) = match read {
        Ok(document) => (
            Ok(FileReport {
                path: input.path.clone(),
                tables: Vec::new(),
                findings: Vec::new(),
                data_sheets: Vec::new(),
                generated_sheets: Vec::new(),
            }),
            Some(crate::document::claims::extract(&document)),
        ),
        Err(error) => (Err(error), None),
    };
    let workbook = (fixing && result.is_ok()).then(|| Workbook {
        path: input.path.clone(),
        format: crate::workbook::Format::Xlsx,
        sheets: Vec::new(),
        generated: Vec::new(),
    });
    Work {
        input,
        result,
        identity: Identity::default(),
        tables: Vec::new(),
        rosters: Vec::new(),
        notes: Vec::new(),
        sheets: Vec::new(),
        workbook,
        claims,
    }
}

/// D rules: each report against the workbooks of its station, which are those
/// named with it on the command line, or those in its folder.
fn compare_reports(work: &mut [Work]) {
    let mut found: Vec<(usize, Vec<crate::findings::Finding>)> = Vec::new();
    for (i, report) in work.iter().enumerate() {
        let Some(claims) = &report.claims else {
            continue;
        };
        let folder = |w: &Work| w.input.path.parent().map(Path::to_path_buf);
        let partners: Vec<crate::rules::document::Workbook> = work
            .iter()
            .filter(|w| w.claims.is_none())
            .filter(|w| match (&report.input.root, &w.input.root) {
                (None, None) => true,
                (Some(_), Some(_)) => folder(w) == folder(report),
                _ => false,
            })
            .filter_map(|w| {
                let findings = &w.result.as_ref().ok()?.findings;
                Some(crate::rules::document::Workbook {
                    path: &w.input.path,
                    tables: &w.tables,
                    rosters: &w.rosters,
                    findings,
                })
            })
            .collect();
        found.push((
            i,
            crate::rules::document::check(&report.input.path, claims, &partners),
        ));
    }
    for (i, findings) in found {
        if let Ok(report) = &mut work[i].result {
            report.findings.extend(findings);
        }
    }
}

fn check_one(input: Input, options: &Options, fixing: bool, folders: &HashSet<PathBuf>) -> Work {
    let mode = if fixing {
        ReadMode::Full
    } else {
        ReadMode::Check
    };
    match check_file_in(&input.path, input.root.as_deref(), options, mode) {
        Ok(checked) => {
            let any_rosters = !checked.rosters.is_empty();
            let identity = checked.identity;
            let notes = periods::notes(&checked.workbook);
            let sheets = checked
                .workbook
                .sheets
                .iter()
                .map(|s| s.name.clone())
                .collect();
            // A file that can be compared with nothing keeps no figures: without a
            // station and a month no period rule applies, and without a station only
            // files named together on the command line are one station's (X001).
            let comparable = identity.station.is_some() && identity.period.is_some()
                || identity.station.is_some() && any_rosters
                || input.root.is_none()
                || input.path.parent().is_some_and(|p| folders.contains(p));
            Work {
                input,
                result: Ok(checked.report),
                identity,
                tables: if comparable {
                    checked.indicators
                } else {
                    Vec::new()
                },
                rosters: checked.rosters,
                notes,
                sheets,
                workbook: fixing.then_some(checked.workbook),
                claims: None,
            }
        }
        Err(error) => Work {
            identity: Identity::default(),
            input,
            result: Err(error),
            tables: Vec::new(),
            rosters: Vec::new(),
            notes: Vec::new(),
            sheets: Vec::new(),
            workbook: None,
            claims: None,
        },
    }
}

/// X001: each roster against the indicator tables of the other files of the
/// same station and service year. Files whose station is
/// not known are compared only when both were named on the command line
/// (`hedui check indicators.xlsx roster.xlsx`): naming them together says they are one station's.
fn compare_staffing(work: &mut [Work]) {
    let same_station = |a: &Work, b: &Work| {
        let station = |w: &Work| w.identity.station.as_ref().map(|s| s.value.clone());
        match (station(a), station(b)) {
            (Some(x), Some(y)) => {
                x == y
                    && match (a.identity.year_start(), b.identity.year_start()) {
                        (Some(p), Some(q)) => p == q,
                        _ => true,
                    }
            }
            _ => a.input.root.is_none() && b.input.root.is_none(),
        }
    };
    let mut found: Vec<(usize, crate::findings::Finding)> = Vec::new();
    for (i, with_roster) in work.iter().enumerate() {
        if with_roster.rosters.is_empty() || with_roster.result.is_err() {
            continue;
        }
        for (j, with_table) in work.iter().enumerate() {
            // Within one file (named once or twice) the comparison already ran in check_file.
            let same_file = i == j || with_roster.input.path == with_table.input.path;
            if same_file || with_table.result.is_err() || !same_station(with_roster, with_table) {
                continue;
            }
            found.extend(
                crate::compare_staffing(
                    &with_roster.input.path,
                    &with_roster.rosters,
                    &with_table.input.path,
                    &with_table.tables,
                )
                .into_iter()
                .map(|f| (j, f)),
            );
        }
    }
    add_findings(work, found);
}

/// Groups the checked files by station and service year and runs the period rules on each group.
fn compare_periods(work: &mut [Work]) {
    let mut groups: HashMap<(String, YearMonth), Vec<usize>> = HashMap::new();
    for (i, w) in work.iter().enumerate() {
        if w.result.is_err() {
            continue;
        }
        let station = w.identity.station.as_ref().map(|s| s.value.clone());
        if let (Some(station), Some(year)) = (station, w.identity.year_start()) {
            groups.entry((station, year)).or_default().push(i);
        }
    }
    // Stations are independent: compared in parallel, as the files were read.
    let work_read: &[Work] = work;
    let found: Vec<(usize, crate::findings::Finding)> = groups
        .par_iter()
        .filter(|(_, members)| members.len() >= 2)
        .flat_map_iter(|(_, members)| {
            let files: Vec<PeriodFile> = members
                .iter()
                .filter_map(|&i| {
                    let w = &work_read[i];
                    Some(PeriodFile {
                        path: &w.input.path,
                        period: w.identity.period.as_ref()?.value,
                        tables: &w.tables,
                        notes: &w.notes,
                        rosters: &w.rosters,
                    })
                })
                .collect();
            periods::check(&files)
                .into_iter()
                .map(|(k, finding)| (members[k], finding))
        })
        .collect();
    add_findings(work, found);
}

/// Adds findings from the rules that compare files, keeping each report in reading order.
fn add_findings(work: &mut [Work], found: Vec<(usize, crate::findings::Finding)>) {
    let mut touched = HashSet::new();
    for (i, finding) in found {
        if let Ok(report) = &mut work[i].result {
            report.findings.push(finding);
            touched.insert(i);
        }
    }
    for i in touched {
        let w = &mut work[i];
        let sheets = &w.sheets;
        if let Ok(report) = &mut w.result {
            // The same reading order as a single file's findings: sheet, row, column.
            report.findings.sort_by_key(|f| {
                let cell = f.location.cell;
                (
                    sheets.iter().position(|s| s == &f.location.sheet),
                    cell.row,
                    cell.col,
                )
            });
        }
    }
}

/// The corrected workbook's path for each file: the input's path below its
/// folder, under `out_dir`, ending in .xlsx (or, writing beside the inputs,
/// the input's path ending in .核对.xlsx). Two inputs that would collide
/// (a.xls and a.xlsx) keep their own extension before it (a.xls.xlsx). Any
/// name still shared, compared as a case-insensitive disk would (a.xlsx and
/// a.XLSX; 赤岗街/2024-05.xlsx and 华洲街/2024-05.xlsx given as two folders),
/// stays with the first input in order; each later one gets the first free
/// ` (2)`, ` (3)`… before the ending, and the input it collided with.
fn output_paths(work: &[Work], mode: &Mode) -> Vec<Option<(PathBuf, Option<PathBuf>)>> {
    use crate::output::collision_key as key;
    let plain: Vec<Option<PathBuf>> = work
        .iter()
        .map(|w| {
            w.result.as_ref().ok()?;
            output_path(&w.input, mode, false)
        })
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for path in plain.iter().flatten() {
        *counts.entry(key(path)).or_default() += 1;
    }
    let candidates: Vec<Option<PathBuf>> = work
        .iter()
        .zip(&plain)
        .map(|(w, path)| {
            let path = path.as_ref()?;
            let is_xlsx = w
                .input
                .path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if counts.get(&key(path)).copied().unwrap_or(0) > 1 && !is_xlsx {
                output_path(&w.input, mode, true)
            } else {
                Some(path.clone())
            }
        })
        .collect();
    // Each name's first claimant, and every name any input asks for.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, path) in candidates.iter().enumerate() {
        if let Some(path) = path {
            first.entry(key(path)).or_insert(i);
        }
    }
    let mut taken: HashSet<String> = first.keys().cloned().collect();
    let ending = match mode {
        Mode::FixBeside => BESIDE_ENDING,
        Mode::Check | Mode::Fix { .. } => "xlsx",
    };
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            let path = path?;
            let owner = first.get(&key(&path)).copied().unwrap_or(i);
            if owner == i {
                return Some((path, None));
            }
            let renamed = (2..)
                .map(|n| numbered(&path, ending, n))
                .find(|p| !taken.contains(&key(p)))?;
            taken.insert(key(&renamed));
            Some((renamed, Some(work[owner].input.path.clone())))
        })
        .collect()
}

/// `out/2024-05.xlsx` → `out/2024-05 (n).xlsx`; `a/x.核对.xlsx` → `a/x (n).核对.xlsx`.
fn numbered(path: &Path, ending: &str, n: usize) -> PathBuf {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dot_ending = format!(".{ending}");
    let stem_len = if name.to_lowercase().ends_with(&dot_ending.to_lowercase()) {
        name.len() - dot_ending.len()
    } else {
        name.len()
    };
    let (stem, tail) = name.split_at(stem_len);
    path.with_file_name(format!("{stem} ({n}){tail}"))
}

/// Where `input`'s corrected workbook goes under `mode` (None when checking);
/// `keep_extension` keeps the input's own extension before the new ending.
fn output_path(input: &Input, mode: &Mode, keep_extension: bool) -> Option<PathBuf> {
    let (base, ending) = match mode {
        Mode::Check => return None,
        Mode::Fix { out_dir } => (out_dir.join(input.relative()), "xlsx"),
        Mode::FixBeside => (input.path.clone(), BESIDE_ENDING),
    };
    Some(if keep_extension {
        let mut name = base.into_os_string();
        name.push(".");
        name.push(ending);
        PathBuf::from(name)
    } else {
        base.with_extension(ending)
    })
}

impl Outcome {
    /// A file set aside while walking the folders, named with the reason.
    pub fn skipped(path: PathBuf, why: Skip) -> Outcome {
        Outcome {
            input: Input {
                path: path.clone(),
                root: None,
            },
            result: Err(Error::Skipped(path, why)),
            identity: Identity::default(),
            output: None,
            collided_with: None,
        }
    }
}

fn finish(
    work: Work,
    output: Option<(PathBuf, Option<PathBuf>)>,
    guard: &crate::output::Guard,
    lang: Lang,
) -> Outcome {
    let Work {
        input,
        result,
        identity,
        workbook,
        ..
    } = work;
    let collided_with = output.as_ref().and_then(|(_, with)| with.clone());
    let (result, output) = match (result, workbook, output) {
        (Ok(report), Some(workbook), Some((out, _))) => {
            match write_corrected(&workbook, &report, &out, guard, lang) {
                Ok(()) => (Ok(report), Some(out)),
                Err(error) => (Err(error), None),
            }
        }
        (result, _, _) => (result, None),
    };
    Outcome {
        input,
        result,
        identity,
        output,
        collided_with,
    }
}

fn write_corrected(
    workbook: &Workbook,
    report: &FileReport,
    out: &Path,
    guard: &crate::output::Guard,
    lang: Lang,
) -> Result<(), Error> {
    // Never an input, a device, a path through a link out of OUTDIR, or
    // someone else's file; the folders below OUTDIR are created here.
    guard.check(out)?;
    crate::report::corrected::write(workbook, report, out, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_never_climb() {
        let input = Input {
            path: PathBuf::from("in/赤岗街/2024-05.xlsx"),
            root: Some(PathBuf::from("in")),
        };
        assert_eq!(input.relative(), PathBuf::from("赤岗街/2024-05.xlsx"));
        let named = Input {
            path: PathBuf::from("../elsewhere/a.xls"),
            root: None,
        };
        assert_eq!(named.relative(), PathBuf::from("a.xls"));
    }

    #[test]
    fn lock_files_and_other_files_are_skipped() {
        assert!(is_workbook_name(Path::new("a/2024-05.XLSX")));
        assert!(is_workbook_name(Path::new("a/b.ods")));
        assert!(!is_workbook_name(Path::new("a/~$2024-05.xlsx")));
        assert!(!is_workbook_name(Path::new("a/.~lock.b.ods#")));
        assert!(!is_workbook_name(Path::new("a/notes.docx")));
        assert!(is_workbook_name(Path::new("a/b.et")));
        assert!(is_workbook_name(Path::new("a/b.ETT")));
    }

    #[test]
    fn colliding_names_get_a_number_before_their_ending() {
        assert_eq!(
            numbered(Path::new("out/2024-05.xlsx"), "xlsx", 2),
            PathBuf::from("out/2024-05 (2).xlsx")
        );
        assert_eq!(
            numbered(Path::new("a/b.csv.XLSX"), "xlsx", 3),
            PathBuf::from("a/b.csv (3).XLSX")
        );
        assert_eq!(
            numbered(Path::new("a/报表.核对.xlsx"), BESIDE_ENDING, 2),
            PathBuf::from("a/报表 (2).核对.xlsx")
        );
    }

    #[test]
    fn beside_outputs_are_named_apart_from_their_inputs() {
        let input = Input {
            path: PathBuf::from("站/赤岗街/2024-05.xls"),
            root: Some(PathBuf::from("站")),
        };
        assert_eq!(
            output_path(&input, &Mode::FixBeside, false),
            Some(PathBuf::from("站/赤岗街/2024-05.核对.xlsx"))
        );
        assert_eq!(
            output_path(&input, &Mode::FixBeside, true),
            Some(PathBuf::from("站/赤岗街/2024-05.xls.核对.xlsx"))
        );
        let out_dir = Mode::Fix {
            out_dir: PathBuf::from("out"),
        };
        assert_eq!(
            output_path(&input, &out_dir, false),
            Some(PathBuf::from("out/赤岗街/2024-05.xlsx"))
        );
        assert_eq!(
            output_path(&input, &out_dir, true),
            Some(PathBuf::from("out/赤岗街/2024-05.xls.xlsx"))
        );
        assert_eq!(output_path(&input, &Mode::Check, false), None);
        // An earlier output dropped again gets a name of its own, never its own name.
        let again = Path::new("a/报表.核对.xlsx");
        assert_eq!(beside(again), PathBuf::from("a/报表.核对.核对.xlsx"));
        assert!(is_beside_output(again));
        assert!(is_beside_output(Path::new("a/报表.核对.XLSX")));
        assert!(!is_beside_output(Path::new("a/报表.xlsx")));
        assert!(!is_beside_output(Path::new("a/核对.xlsx")));
        assert!(!is_beside_output(Path::new("a/.核对.xlsx")));
        assert!(is_beside_output(Path::new("a/汇总.核对.json")));
        assert!(!is_beside_output(Path::new("a/汇总.json")));
    }
}
