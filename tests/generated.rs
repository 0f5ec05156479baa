//! The property: on every generated station workbook (tests/generated/), the
//! findings of severity error or warning are exactly the planted ones, by
//! (rule, sheet, cell); a clean workbook gets none.
//!
//! `HEDUI_CASES=N` sets the number of cases (256 by default), `HEDUI_SEED=n`
//! runs the one case of seed n, `HEDUI_SHAPES=periods,roster` keeps only those
//! layouts (seeds that draw another layout are skipped, so a seed always means
//! the same workbook). A failing case's workbook is kept under
//! `target/generated-failures/`. Run alone with `cargo test --test generated`.

#[path = "generated/mod.rs"]
mod generated;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use generated::{Case, Expected, Shape};
use hedui::codes::Severity;

type Key = (String, String, String);

/// What went wrong with one case.
struct Mismatch {
    case: Case,
    missing: Vec<Expected>,
    unexpected: Vec<(Key, String)>,
    error: Option<String>,
    kept: PathBuf,
}

impl Mismatch {
    /// The classes this failure belongs to: (shape, kind, rule).
    fn classes(&self) -> Vec<(String, String, String)> {
        let shape = self.case.shape.name().to_string();
        let mut out = BTreeSet::new();
        if let Some(e) = &self.error {
            let cause: String = e.chars().take(40).collect();
            out.insert((shape.clone(), "not read".to_string(), cause));
        }
        for m in &self.missing {
            out.insert((shape.clone(), "missed planted".to_string(), m.rule.clone()));
        }
        let clean = self.case.expected.is_empty();
        for ((rule, _, _), _) in &self.unexpected {
            let kind = if clean {
                "finding on clean"
            } else {
                "unexpected finding"
            };
            out.insert((shape.clone(), kind.to_string(), rule.clone()));
        }
        out.into_iter().collect()
    }

    fn report(&self) -> String {
        let mut s = format!(
            "── seed {} · {}\n   rerun: HEDUI_SEED={} cargo test --test generated\n   kept:  {}\n",
            self.case.seed,
            self.case.description,
            self.case.seed,
            self.kept.display()
        );
        if let Some(e) = &self.error {
            s.push_str(&format!("   hedui could not check it: {e}\n"));
        }
        for m in &self.missing {
            s.push_str(&format!(
                "   missing    {} {}!{}  ({})\n",
                m.rule, m.sheet, m.cell, m.why
            ));
        }
        for ((rule, sheet, cell), msg) in &self.unexpected {
            s.push_str(&format!("   unexpected {rule} {sheet}!{cell}  {msg}\n"));
        }
        let matched: Vec<String> = self
            .case
            .expected
            .iter()
            .filter(|e| !self.missing.contains(e))
            .map(|e| format!("{} {}", e.rule, e.cell))
            .collect();
        if !matched.is_empty() {
            s.push_str(&format!("   found as planted: {}\n", matched.join(", ")));
        }
        s
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The seeds to run: HEDUI_SEED alone, or the first HEDUI_CASES seeds of the chosen shapes.
fn seeds() -> Vec<u64> {
    if let Some(seed) = env_u64("HEDUI_SEED") {
        return vec![seed];
    }
    let cases = env_u64("HEDUI_CASES").unwrap_or(256) as usize;
    let shapes: Vec<Shape> = match std::env::var("HEDUI_SHAPES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| {
                Shape::from_name(s).unwrap_or_else(|| {
                    panic!(
                        "HEDUI_SHAPES: unknown layout {s:?}; known: {}",
                        Shape::ALL.map(|s| s.name()).join(",")
                    )
                })
            })
            .collect(),
        _ => Shape::ALL.to_vec(),
    };
    (1u64..)
        .filter(|s| shapes.contains(&Shape::of_seed(*s)))
        .take(cases)
        .collect()
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// Shape features (header rows, rate style, vocabulary …): how many cases had
/// each, how many of them failed, and how.
fn feature_table(seeds: &[u64], failures: &[Mismatch]) -> String {
    const KINDS: [&str; 4] = [
        "missed planted",
        "unexpected finding",
        "finding on clean",
        "not read",
    ];
    let mut features: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    let key = |shape: Shape, feature: &str| format!("{} {feature}", shape.name());
    for &seed in seeds {
        let case = generated::generate(seed);
        for feature in case.features.iter().filter(|f| !f.starts_with("words=")) {
            features.entry(key(case.shape, feature)).or_default()[0] += 1;
        }
    }
    for f in failures {
        let kinds: BTreeSet<String> = f.classes().into_iter().map(|(_, k, _)| k).collect();
        for feature in f.case.features.iter().filter(|f| !f.starts_with("words=")) {
            let e = features.entry(key(f.case.shape, feature)).or_default();
            e[1] += 1;
            for (i, kind) in KINDS.iter().enumerate() {
                if kinds.contains(*kind) {
                    e[2 + i] += 1;
                }
            }
        }
    }
    let mut out = String::from(
        "\nby feature (cases with it: failed; missed planted / unexpected / on clean / not read):\n",
    );
    for (feature, [cases, failed, missed, unexpected, clean, unread]) in &features {
        out.push_str(&format!(
            "  {} {cases:>4}: {failed:>4} failed; {missed} / {unexpected} / {clean} / {unread}\n",
            pad(feature, 45)
        ));
    }
    out
}

/// Runs hedui on one case; None when the findings are exactly the planted ones.
fn check_case(case: &Case, dir: &Path) -> Option<Mismatch> {
    let path = dir.join(case.file_name());
    if let Err(e) = generated::write_xlsx(case, &path) {
        panic!("seed {}: writing the workbook failed: {e}", case.seed);
    }
    let expected: BTreeMap<Key, &Expected> = case.expected.iter().map(|e| (e.key(), e)).collect();
    let (found, error) = match hedui::check_file(&path, &hedui::Options::default()) {
        Ok(checked) => {
            let found: BTreeMap<Key, String> = checked
                .report
                .findings
                .iter()
                .filter(|f| f.severity() >= Severity::Warning)
                .map(|f| {
                    (
                        (
                            f.rule.code().to_string(),
                            f.location.sheet.clone(),
                            f.location.cell.a1(),
                        ),
                        format!("found {:?} — {}", f.found, f.message.en),
                    )
                })
                .collect();
            (found, None)
        }
        // The message without the path, so failures group by cause.
        Err(e) => (
            BTreeMap::new(),
            Some(e.to_string().replace(&format!("{}: ", path.display()), "")),
        ),
    };
    let missing: Vec<Expected> = expected
        .iter()
        .filter(|(k, _)| !found.contains_key(*k))
        .map(|(_, e)| (*e).clone())
        .collect();
    let unexpected: Vec<(Key, String)> = found
        .into_iter()
        .filter(|(k, _)| !expected.contains_key(k))
        .collect();
    if missing.is_empty() && unexpected.is_empty() && error.is_none() {
        return None;
    }
    let kept_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generated-failures");
    let _ = std::fs::create_dir_all(&kept_dir);
    let kept = kept_dir.join(case.file_name());
    let _ = std::fs::copy(&path, &kept);
    Some(Mismatch {
        case: case.clone(),
        missing,
        unexpected,
        error,
        kept,
    })
}

#[test]
fn generated_workbooks_get_exactly_the_planted_findings() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let seeds = seeds();
    let mut failures: Vec<Mismatch> = Vec::new();
    let mut per_shape: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for &seed in &seeds {
        let case = generated::generate(seed);
        let entry = per_shape.entry(case.shape.name()).or_default();
        entry.0 += 1;
        if let Some(m) = check_case(&case, dir.path()) {
            entry.1 += 1;
            failures.push(m);
        }
    }
    if failures.is_empty() {
        return;
    }
    // Classes first (shape × kind × rule: count and one seed), then the first
    // cases in full, then the shape features by failure kind.
    let mut classes: BTreeMap<(String, String, String), (usize, u64)> = BTreeMap::new();
    for f in &failures {
        for class in f.classes() {
            let e = classes.entry(class).or_insert((0, f.case.seed));
            e.0 += 1;
        }
    }
    let mut out = format!(
        "{} of {} generated workbooks do not get exactly their planted findings\n\nby shape (failed/run):",
        failures.len(),
        seeds.len()
    );
    for (shape, (run, failed)) in &per_shape {
        out.push_str(&format!(" {shape} {failed}/{run};"));
    }
    out.push_str("\n\nby class (shape · kind · rule: cases, one seed to rerun):\n");
    for ((shape, kind, rule), (count, seed)) in &classes {
        // A file not read has its cause at the end of the line, not a rule.
        let (code, cause) = if kind == "not read" {
            ("-", rule.as_str())
        } else {
            (rule.as_str(), "")
        };
        let line =
            format!("  {shape:<17} {kind:<19} {code:<5} {count:>4}  HEDUI_SEED={seed:<6} {cause}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let shown = 20;
    out.push_str(&format!(
        "\nfirst {} failing cases:\n",
        shown.min(failures.len())
    ));
    for f in failures.iter().take(shown) {
        out.push_str(&f.report());
    }
    out.push_str(&feature_table(&seeds, &failures));
    panic!("{out}");
}

/// The committed sample (fixtures/generated/, written by `gen_random` and
/// converted by LibreOffice): every file, .xlsx, .xls and .ods, gets exactly
/// the findings expected.json lists for it.
#[test]
fn generated_sample_in_every_format_gets_its_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated");
    let json = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    let sample: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&json).expect("expected.json is a map of files");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (stem, entry) in &sample {
        let expected: BTreeSet<Key> =
            serde_json::from_value::<Vec<Expected>>(entry["expected"].clone())
                .expect("expected findings")
                .iter()
                .map(Expected::key)
                .collect();
        for ext in ["xlsx", "xls", "ods"] {
            let path = dir.join(format!("{stem}.{ext}"));
            assert!(
                path.exists(),
                "{} is missing: run fixtures/regenerate.sh",
                path.display()
            );
            checked += 1;
            let found: BTreeSet<Key> = match hedui::check_file(&path, &hedui::Options::default()) {
                Ok(checked) => checked
                    .report
                    .findings
                    .iter()
                    .filter(|f| f.severity() >= Severity::Warning)
                    .map(|f| {
                        (
                            f.rule.code().to_string(),
                            f.location.sheet.clone(),
                            f.location.cell.a1(),
                        )
                    })
                    .collect(),
                Err(e) => {
                    failures.push(format!("{stem}.{ext}: not read: {e}"));
                    continue;
                }
            };
            let missing: Vec<String> = expected
                .difference(&found)
                .map(|(r, s, c)| format!("{r} {s}!{c}"))
                .collect();
            let unexpected: Vec<String> = found
                .difference(&expected)
                .map(|(r, s, c)| format!("{r} {s}!{c}"))
                .collect();
            if !missing.is_empty() || !unexpected.is_empty() {
                failures.push(format!(
                    "{stem}.{ext} ({}): missing [{}] unexpected [{}]",
                    entry["description"].as_str().unwrap_or(""),
                    missing.join(", "),
                    unexpected.join(", ")
                ));
            }
        }
    }
    assert_eq!(checked, sample.len() * 3);
    assert!(
        failures.is_empty(),
        "{} of {checked} sample files do not get exactly their expected findings:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The generator keeps its promises: the same seed writes the same bytes, and
/// the sample on disk is what today's generator writes (else regenerate it).
#[test]
fn generator_is_deterministic_and_the_sample_is_current() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated");
    let json = std::fs::read_to_string(fixtures.join("expected.json")).expect("expected.json");
    let sample: BTreeMap<String, serde_json::Value> = serde_json::from_str(&json).expect("json");
    for (stem, entry) in &sample {
        let seed = entry["seed"].as_u64().expect("seed");
        let case = generated::generate(seed);
        let again = generated::generate(seed);
        assert_eq!(case.expected, again.expected, "seed {seed}");
        let path = dir.path().join(case.file_name());
        generated::write_xlsx(&case, &path).expect("write");
        let written = std::fs::read(&path).expect("read back");
        let committed = std::fs::read(fixtures.join(format!("{stem}.xlsx"))).expect("sample file");
        assert!(
            written == committed,
            "{stem}.xlsx differs from what seed {seed} writes today: run fixtures/regenerate.sh"
        );
        let expected: Vec<Expected> =
            serde_json::from_value(entry["expected"].clone()).expect("expected findings");
        assert_eq!(expected, case.expected, "{stem}: expected.json is stale");
    }
}

/// Every planted finding points at a written cell of a sheet of its workbook
/// (or, for A004, at the empty insurance cell),
/// no cell is planted twice, and a case marked clean plants nothing.
#[test]
fn planted_findings_point_at_written_cells() {
    for seed in 1..=400 {
        let case = generated::generate(seed);
        let keys: BTreeSet<Key> = case.expected.iter().map(Expected::key).collect();
        assert_eq!(
            keys.len(),
            case.expected.len(),
            "seed {seed}: a cell planted twice"
        );
        if case.features.iter().any(|f| f == "clean") {
            assert!(case.expected.is_empty(), "seed {seed}: clean but planted");
        }
        for e in &case.expected {
            let grid = case
                .sheets
                .iter()
                .find(|g| g.name == e.sheet)
                .unwrap_or_else(|| panic!("seed {seed}: no sheet {}", e.sheet));
            let written = grid
                .cells
                .keys()
                .any(|&(r, c)| generated::a1(r, c) == e.cell);
            // A missing insurance tick may be an empty cell: A004 points at it.
            assert!(
                written || e.rule == "A004",
                "seed {seed}: {} {} is not a written cell",
                e.rule,
                e.cell
            );
        }
    }
}

/// The period property: two generated months of one station, checked
/// together as a batch (`batch::Session`, the files named together), get
/// exactly the planted cross-period findings (P001 a cumulative done figure
/// that fell, P004 a district gone, with the P002/P001 its totals show) at
/// warning or error, in the later file; the earlier file and a clean pair get
/// none. `HEDUI_PAIRS=N` sets the number of pairs (64 by default),
/// `HEDUI_PAIR_SEED=n` runs one.
#[test]
fn generated_period_pairs_get_exactly_the_planted_findings() {
    let seeds: Vec<u64> = match env_u64("HEDUI_PAIR_SEED") {
        Some(seed) => vec![seed],
        None => (1..=env_u64("HEDUI_PAIRS").unwrap_or(64)).collect(),
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut failures = Vec::new();
    let mut classes: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
    for &seed in &seeds {
        let pair = generated::indicators::period_pair(seed);
        let mut session = hedui::batch::Session::new(hedui::Options::default());
        let mut expected: BTreeSet<(usize, Key)> = BTreeSet::new();
        // The later month first in every other pair: files are taken in period order.
        let mut files: Vec<&(String, generated::Case)> = pair.files.iter().collect();
        if seed % 2 == 1 {
            files.reverse();
        }
        for (i, (name, case)) in files.into_iter().enumerate() {
            let path = dir.path().join(format!("{seed}-{name}"));
            generated::write_xlsx(case, &path).expect("write the workbook");
            let bytes = std::fs::read(&path).expect("read it back");
            session.add(Path::new(name), bytes);
            expected.extend(case.expected.iter().map(|e| (i, e.key())));
        }
        session.compare();
        let (found, errors) = batch_findings(&session);
        let missing: Vec<&(usize, Key)> = expected
            .iter()
            .filter(|k| !found.contains_key(*k))
            .collect();
        let unexpected: Vec<(&(usize, Key), &String)> = found
            .iter()
            .filter(|(k, _)| !expected.contains(*k))
            .collect();
        if missing.is_empty() && unexpected.is_empty() && errors.is_empty() {
            continue;
        }
        let kept = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("target/generated-failures/pair_{seed:06}"));
        let _ = std::fs::create_dir_all(&kept);
        for (name, _) in &pair.files {
            let _ = std::fs::copy(dir.path().join(format!("{seed}-{name}")), kept.join(name));
        }
        let mut s = format!(
            "── pair seed {seed} · {}\n   rerun: HEDUI_PAIR_SEED={seed} cargo test --test generated period_pairs\n   kept:  {}\n",
            pair.description,
            kept.display()
        );
        for e in &errors {
            s.push_str(&format!("   not read: {e}\n"));
            let e = classes
                .entry(("not read".into(), "-".into()))
                .or_insert((0, seed));
            e.0 += 1;
        }
        for (i, (rule, sheet, cell)) in &missing {
            s.push_str(&format!("   missing    file {i} {rule} {sheet}!{cell}\n"));
            let e = classes
                .entry(("missed planted".into(), rule.clone()))
                .or_insert((0, seed));
            e.0 += 1;
        }
        for ((i, (rule, sheet, cell)), msg) in &unexpected {
            s.push_str(&format!(
                "   unexpected file {i} {rule} {sheet}!{cell}  {msg}\n"
            ));
            let e = classes
                .entry(("unexpected finding".into(), rule.clone()))
                .or_insert((0, seed));
            e.0 += 1;
        }
        failures.push(s);
    }
    if failures.is_empty() {
        return;
    }
    let mut out = format!(
        "{} of {} generated period pairs do not get exactly their planted findings\n\nby class (kind · rule: pairs, one seed):\n",
        failures.len(),
        seeds.len()
    );
    for ((kind, rule), (count, seed)) in &classes {
        out.push_str(&format!(
            "  {kind:<19} {rule:<5} {count:>4}  HEDUI_PAIR_SEED={seed}\n"
        ));
    }
    out.push('\n');
    for f in failures.iter().take(20) {
        out.push_str(f);
    }
    panic!("{out}");
}

/// A station's table and roster as two files checked together (the batch
/// pairs them, X001 across files): the station workbooks of the first
/// HEDUI_CASES seeds whose roster covers the whole service year (so that
/// its period is the table's), each sheet written to a file of its own, get
/// exactly the findings planted in it.
#[test]
fn generated_station_files_checked_together_get_the_planted_findings() {
    let cases = env_u64("HEDUI_CASES").unwrap_or(256) as usize;
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut failures = Vec::new();
    let (mut run, mut x001) = (0, 0);
    for seed in (1u64..)
        .filter(|s| Shape::of_seed(*s) == Shape::Station)
        .take(cases / 8 + 1)
    {
        let case = generated::generate(seed);
        if !case.features.iter().any(|f| f == "months=12") || case.sheets.len() != 2 {
            continue;
        }
        run += 1;
        let mut session = hedui::batch::Session::new(hedui::Options::default());
        let mut expected: BTreeSet<(usize, Key)> = BTreeSet::new();
        for (i, (grid, what)) in case.sheets.iter().zip(["table", "roster"]).enumerate() {
            let mut one = case.clone();
            one.sheets = vec![grid.clone()];
            one.expected.retain(|e| e.sheet == grid.name);
            expected.extend(one.expected.iter().map(|e| (i, e.key())));
            x001 += one.expected.iter().filter(|e| e.rule == "X001").count();
            let path = dir.path().join(format!("{seed}-{what}.xlsx"));
            generated::write_xlsx(&one, &path).expect("write the workbook");
            let bytes = std::fs::read(&path).expect("read it back");
            session.add(Path::new(&format!("{what}.xlsx")), bytes);
        }
        session.compare();
        let (found, errors) = batch_findings(&session);
        let found: BTreeSet<(usize, Key)> = found.into_keys().collect();
        failures.extend(errors.iter().map(|e| format!("seed {seed}: {e}")));
        if found != expected {
            failures.push(format!(
                "seed {seed} ({}): missing {:?} unexpected {:?}",
                case.description,
                expected.difference(&found).collect::<Vec<_>>(),
                found.difference(&expected).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        run > 0 && x001 > 0,
        "{run} station cases with a whole year's roster, {x001} X001 planted"
    );
    assert!(
        failures.is_empty(),
        "{} of {run} station pairs of files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every warning and error of a batch checked together, by file (in the
/// session's order) and key, with its English message; and each file that
/// could not be read, with why.
fn batch_findings(
    session: &hedui::batch::Session,
) -> (BTreeMap<(usize, Key), String>, Vec<String>) {
    let mut found = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, entry) in session.entries().enumerate() {
        match entry.result {
            Ok(report) => found.extend(
                report
                    .findings
                    .iter()
                    .filter(|f| f.severity() >= Severity::Warning)
                    .map(|f| {
                        let key = (
                            f.rule.code().to_string(),
                            f.location.sheet.clone(),
                            f.location.cell.a1(),
                        );
                        ((i, key), f.message.en.clone())
                    }),
            ),
            Err(e) => errors.push(format!("file {i} not read: {e}")),
        }
    }
    (found, errors)
}
