//! Whole-city batches: walk folders, check every workbook in parallel, compare
//! each station's months, and (for `fix`) write the corrected copies under one folder.
//!
//! Three phases: check each file (in parallel, keeping only what the
//! cross-period rules need), compare the files of each station and service
//! year, then write the corrected workbooks (in parallel). One unreadable file
//! never stops the others: it keeps its error and the run goes on.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Skip};
use crate::model::roster::Roster;
use crate::normalize::values::YearMonth;
use crate::read::ReadMode;
use crate::report::FileReport;
use crate::rules::periods::{self, Note, PeriodFile};
use crate::station::Identity;
use crate::workbook::Workbook;
use crate::{check_file_in, Lang, Options, TableFigures};

// Threads and the progress bar: rayon and indicatif on the command line, the
// calling thread alone in the page (wasm has neither).
#[cfg(not(feature = "cli"))]
#[path = "batch/one_thread.rs"]
mod threads;
#[cfg(feature = "cli")]
mod threads;
use threads::Bar;

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
        let found_before = inputs.len() + skipped.len();
        let mut walker = walkdir::WalkDir::new(arg).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            match entry {
                // The output folder inside an input folder: named once, not walked.
                Ok(entry)
                    if entry.file_type().is_dir()
                        && skip.as_ref().is_some_and(|skip| {
                            entry.path().canonicalize().is_ok_and(|p| &p == skip)
                        }) =>
                {
                    walker.skip_current_dir();
                    skipped.push((entry.into_path(), Skip::OutputFolder));
                }
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
                    let why = special(entry.file_type()).unwrap_or(Skip::NotAWorkbookName);
                    skipped.push((entry.into_path(), why));
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
        if inputs.len() + skipped.len() == found_before {
            skipped.push((arg.clone(), Skip::EmptyFolder));
        }
    }
    Collected { inputs, skipped }
}

/// Why a folder entry that is not a regular file is set aside (None for a regular file).
fn special(kind: std::fs::FileType) -> Option<Skip> {
    if kind.is_symlink() {
        return Some(Skip::Link);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some(Skip::Pipe);
        }
        if kind.is_socket() || kind.is_block_device() || kind.is_char_device() {
            return Some(Skip::Special);
        }
    }
    (!kind.is_file() && !kind.is_dir()).then_some(Skip::Special)
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
    /// A corrected workbook an earlier run wrote for this input, left as it
    /// was because the input could not be read this time: out of date. It is
    /// named (terminal and summary), not removed: the input may be unreadable
    /// only for now (open in Excel, a network drive away), and the old copy is
    /// still the last good reading.
    pub stale: Option<PathBuf>,
    /// Its indicator tables' figures in long form (when `Options::figures` asked).
    pub figures: Vec<crate::records::Figure>,
    /// How long reading and checking it took.
    pub elapsed: std::time::Duration,
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
    figures: Vec<crate::records::Figure>,
    elapsed: std::time::Duration,
}

/// Checks every input, compares each station's periods, and writes corrected workbooks when fixing.
pub fn run(inputs: Vec<Input>, options: &Options, settings: &Settings) -> Vec<Outcome> {
    threads::install(settings.jobs, || run_in_pool(inputs, options, settings))
}

fn run_in_pool(inputs: Vec<Input>, options: &Options, settings: &Settings) -> Vec<Outcome> {
    let fixing = !matches!(settings.mode, Mode::Check);
    let bar = Bar::new(inputs.len(), settings.progress, "核对");
    let folders = report_folders(&inputs);
    let mut work: Vec<Work> = threads::map(inputs, |input| {
        let (mut work, elapsed) = threads::timed(|| {
            if crate::document::is_document(&input.path) {
                read_report(input, options, fixing)
            } else {
                check_one(input, options, fixing, &folders)
            }
        });
        work.elapsed = elapsed;
        bar.inc();
        work
    });
    bar.finish();
    compare_periods(&mut work);
    compare_staffing(&mut work);
    compare_reports(&mut work);
    let mut findings: Vec<&mut Vec<crate::findings::Finding>> = work
        .iter_mut()
        .filter_map(|w| w.result.as_mut().ok().map(|r| &mut r.findings))
        .collect();
    options.settle(&mut findings);
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
    let bar = Bar::new(
        if fixing { work.len() } else { 0 },
        settings.progress,
        "写出",
    );
    let top = several_roots(&work);
    let outcomes = threads::map(work.into_iter().zip(outputs).collect(), |(work, output)| {
        let stale = stale_output(&work, &settings.mode, top);
        let mut outcome = finish(work, output, &guard, settings.lang);
        outcome.stale = stale;
        bar.inc();
        outcome
    });
    bar.finish();
    outcomes
}

/// Reads a written report and extracts its claims; they are checked in [`compare_reports`].
/// When fixing, its findings are written as a workbook holding only the audit sheet 核对结果.
fn read_report(input: Input, options: &Options, fixing: bool) -> Work {
    let read = crate::document::read(&input.path, options.limits.max_bytes);
    report_work(input, read, fixing)
}

fn report_work(input: Input, read: Result<crate::document::Document, Error>, fixing: bool) -> Work {
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
        figures: Vec::new(),
        elapsed: std::time::Duration::ZERO,
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
    let checked = check_file_in(&input.path, input.root.as_deref(), options, mode);
    checked_work(input, checked, fixing, folders)
}

fn checked_work(
    input: Input,
    checked: Result<crate::Checked, Error>,
    fixing: bool,
    folders: &HashSet<PathBuf>,
) -> Work {
    match checked {
        Ok(checked) => {
            let any_rosters = !checked.rosters.is_empty();
            let identity = checked.identity;
            let has_station = identity.station.is_some();
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
                } else if has_station {
                    // A table of unknown period is still paired with its station's roster (X001).
                    let mut tables = checked.indicators;
                    tables.retain(crate::rules::cross_file::counts_staff);
                    tables
                } else {
                    Vec::new()
                },
                rosters: checked.rosters,
                notes,
                sheets,
                workbook: fixing.then_some(checked.workbook),
                claims: None,
                figures: checked.figures,
                elapsed: std::time::Duration::ZERO,
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
            figures: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        },
    }
}

/// X001: each indicator table against the roster of its own station and
/// period (see [`crate::rules::cross_file::pair`]). Files whose station is
/// not known are compared only when both were named on the command line
/// (`hedui check indicators.xlsx roster.xlsx`): naming them together says they are one station's.
fn compare_staffing(work: &mut [Work]) {
    let sides: Vec<crate::rules::cross_file::Side> = work
        .iter()
        .map(|w| {
            let ok = w.result.is_ok();
            crate::rules::cross_file::Side {
                path: &w.input.path,
                station: w.identity.station.as_ref().map(|s| s.value.as_str()),
                period: w.identity.period.as_ref().map(|p| p.value),
                year: w.identity.year_start(),
                named: w.input.root.is_none(),
                tables: if ok { &w.tables } else { &[] },
                rosters: if ok { &w.rosters } else { &[] },
            }
        })
        .collect();
    let found = crate::rules::cross_file::pair(&sides);
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
    let mut found: Vec<(usize, crate::findings::Finding)> = Vec::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let files: Vec<PeriodFile> = members
            .iter()
            .filter_map(|&i| {
                let w = &work[i];
                Some(PeriodFile {
                    path: &w.input.path,
                    period: w.identity.period.as_ref()?.value,
                    tables: &w.tables,
                    notes: &w.notes,
                    rosters: &w.rosters,
                })
            })
            .collect();
        found.extend(
            periods::check(&files)
                .into_iter()
                .map(|(k, finding)| (members[k], finding)),
        );
    }
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
/// the input's path ending in .核对.xlsx). When several folders are given,
/// each keeps its own top folder under `out_dir` (赤岗街/2024-05.xlsx and
/// 华洲街/2024-05.xlsx stay apart). Two inputs that would collide
/// (a.xls and a.xlsx) keep their own extension before it (a.xls.xlsx), the
/// .xlsx input keeping the plain name; the summary records both. Any
/// name still shared, compared as a case-insensitive disk would (a.xlsx and
/// a.XLSX; 赤岗街/2024-05.xlsx and 华洲街/2024-05.xlsx given as two folders),
/// stays with the first input in order; each later one gets the first free
/// ` (2)`, ` (3)`… before the ending, and the input it collided with.
fn output_paths(work: &[Work], mode: &Mode) -> Vec<Option<(PathBuf, Option<PathBuf>)>> {
    use crate::output::collision_key as key;
    let top = several_roots(work);
    let plain: Vec<Option<PathBuf>> = work
        .iter()
        .map(|w| {
            w.result.as_ref().ok()?;
            output_path(&w.input, mode, false, top)
        })
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for path in plain.iter().flatten() {
        *counts.entry(key(path)).or_default() += 1;
    }
    // The input an extension-keeping name (b.xls.xlsx) gave way to: the one
    // whose plain name it shares, an .xlsx input first.
    let gave_way_to = |i: usize| -> Option<PathBuf> {
        let mine = key(plain[i].as_ref()?);
        let others: Vec<usize> = (0..work.len())
            .filter(|&j| j != i && plain[j].as_ref().is_some_and(|p| key(p) == mine))
            .collect();
        let is_xlsx = |j: &&usize| {
            work[**j]
                .input
                .path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        };
        let j = others.iter().find(is_xlsx).or(others.first())?;
        Some(work[*j].input.path.clone())
    };
    let mut kept_extension: Vec<bool> = vec![false; work.len()];
    let candidates: Vec<Option<PathBuf>> = work
        .iter()
        .zip(&plain)
        .enumerate()
        .map(|(i, (w, path))| {
            let path = path.as_ref()?;
            let is_xlsx = w
                .input
                .path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if counts.get(&key(path)).copied().unwrap_or(0) > 1 && !is_xlsx {
                kept_extension[i] = true;
                output_path(&w.input, mode, true, top)
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
                return Some((path, kept_extension[i].then(|| gave_way_to(i)).flatten()));
            }
            let renamed = (2..)
                .map(|n| numbered(&path, ending, n))
                .find(|p| !taken.contains(&key(p)))?;
            taken.insert(key(&renamed));
            Some((renamed, Some(work[owner].input.path.clone())))
        })
        .collect()
}

/// For an input that could not be read (not one set aside): the corrected
/// workbook an earlier run wrote for it, if hedui's own is still there.
fn stale_output(work: &Work, mode: &Mode, top: bool) -> Option<PathBuf> {
    match &work.result {
        Err(error) if !error.is_skip() => {}
        _ => return None,
    }
    [false, true]
        .into_iter()
        .filter_map(|keep| output_path(&work.input, mode, keep, top))
        .find(|path| crate::read::is_regular_file(path) && crate::output::written_by_hedui(path))
}

/// Whether the inputs come from several folders given (each then keeps its
/// own top folder under OUTDIR).
fn several_roots(work: &[Work]) -> bool {
    let roots: HashSet<&Path> = work
        .iter()
        .filter_map(|w| w.input.root.as_deref())
        .collect();
    roots.len() > 1
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
/// `keep_extension` keeps the input's own extension before the new ending;
/// `top` puts it below its input folder's own name (several folders given).
fn output_path(input: &Input, mode: &Mode, keep_extension: bool, top: bool) -> Option<PathBuf> {
    let (base, ending) = match mode {
        Mode::Check => return None,
        Mode::Fix { out_dir } => {
            let folder = input.root.as_deref().filter(|_| top).and_then(folder_name);
            let out_dir = match folder {
                Some(name) => out_dir.join(name),
                None => out_dir.clone(),
            };
            (out_dir.join(input.relative()), "xlsx")
        }
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

/// A folder's own name, also for `.` or `..` (the name of the folder they stand for).
fn folder_name(folder: &Path) -> Option<std::ffi::OsString> {
    let name = match folder.file_name() {
        Some(name) => name.to_os_string(),
        None => folder.canonicalize().ok()?.file_name()?.to_os_string(),
    };
    // Only a plain name: joined to the output folder, it must not climb out of it.
    let plain = matches!(
        Path::new(&name).components().collect::<Vec<_>>().as_slice(),
        [Component::Normal(_)]
    );
    plain.then_some(name)
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
            stale: None,
            figures: Vec::new(),
            elapsed: std::time::Duration::ZERO,
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
        figures,
        elapsed,
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
        stale: None,
        figures,
        elapsed,
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

/// A batch fed one file at a time, from bytes, on the calling thread: the
/// page's (src/page/), where files are dropped in a browser and there are
/// neither folders nor threads. The files count as named together on the
/// command line (`hedui check a.xlsx b.xlsx`), so the rules that compare files
/// treat them as [`run`] does those. Every workbook is read in full and kept,
/// so that its corrected copy can be written when asked for.
pub struct Session {
    options: Options,
    work: Vec<Work>,
}

/// One file of a [`Session`], once checked.
pub struct Entry<'a> {
    pub input: &'a Input,
    pub result: Result<&'a FileReport, &'a Error>,
    pub identity: &'a Identity,
    pub workbook: Option<&'a Workbook>,
    /// Its indicator tables with their figures (corrected derived values included).
    pub tables: &'a [TableFigures],
}

impl Session {
    pub fn new(options: Options) -> Session {
        Session {
            options,
            work: Vec::new(),
        }
    }

    /// Reads and checks one file: a workbook, or a written report by its
    /// extension. `name` names it in findings and errors.
    pub fn add(&mut self, name: &Path, bytes: Vec<u8>) {
        let input = Input {
            path: name.to_path_buf(),
            root: None,
        };
        let work = if crate::document::is_document(name) {
            let read = crate::document::read_bytes(name, &bytes, self.options.limits.max_bytes);
            report_work(input, read, true)
        } else {
            let checked = crate::check_bytes_in(name, bytes, None, &self.options, ReadMode::Full);
            checked_work(input, checked, true, &HashSet::new())
        };
        self.work.push(work);
    }

    /// A file that could not even be read into memory: it keeps its error.
    pub fn add_error(&mut self, error: Error) {
        let input = Input {
            path: error.path().clone(),
            root: None,
        };
        self.work
            .push(checked_work(input, Err(error), true, &HashSet::new()));
    }

    /// The rules that compare files (periods, staffing, reports): once every file is in.
    pub fn compare(&mut self) {
        compare_periods(&mut self.work);
        compare_staffing(&mut self.work);
        compare_reports(&mut self.work);
    }

    pub fn len(&self) -> usize {
        self.work.len()
    }

    pub fn is_empty(&self) -> bool {
        self.work.is_empty()
    }

    pub fn entry(&self, i: usize) -> Option<Entry<'_>> {
        let w = self.work.get(i)?;
        Some(Entry {
            input: &w.input,
            result: w.result.as_ref(),
            identity: &w.identity,
            workbook: w.workbook.as_ref(),
            tables: &w.tables,
        })
    }

    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.work.len()).filter_map(|i| self.entry(i))
    }

    /// The name of each file's corrected workbook, as `fix` names it in its
    /// output folder (`2024-05.xls` → `2024-05.xlsx`, a second `2024-05.xlsx`
    /// → `2024-05 (2).xlsx`); None for a file that could not be checked.
    pub fn output_names(&self) -> Vec<Option<PathBuf>> {
        let mode = Mode::Fix {
            out_dir: PathBuf::new(),
        };
        output_paths(&self.work, &mode)
            .into_iter()
            .map(|o| o.map(|(path, _)| path))
            .collect()
    }
}

/// Whether a file found in a dropped folder is read, as a folder walk decides:
/// named like a workbook or a report, and neither hidden nor an office lock file.
pub fn is_input_name(path: &Path) -> bool {
    is_workbook_name(path) || is_report_name(path)
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
            output_path(&input, &Mode::FixBeside, false, false),
            Some(PathBuf::from("站/赤岗街/2024-05.核对.xlsx"))
        );
        assert_eq!(
            output_path(&input, &Mode::FixBeside, true, false),
            Some(PathBuf::from("站/赤岗街/2024-05.xls.核对.xlsx"))
        );
        let out_dir = Mode::Fix {
            out_dir: PathBuf::from("out"),
        };
        assert_eq!(
            output_path(&input, &out_dir, false, false),
            Some(PathBuf::from("out/赤岗街/2024-05.xlsx"))
        );
        assert_eq!(
            output_path(&input, &out_dir, true, false),
            Some(PathBuf::from("out/赤岗街/2024-05.xls.xlsx"))
        );
        assert_eq!(output_path(&input, &Mode::Check, false, false), None);
        // Several folders given: each under its own name.
        assert_eq!(
            output_path(&input, &out_dir, false, true),
            Some(PathBuf::from("out/站/赤岗街/2024-05.xlsx"))
        );
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
