//! Criterion benchmarks of the pipeline's stages — read, locate, rules, and a
//! whole check — on one station's workbook and on a large sheet.
//!
//! `cargo bench --bench stages`. The station workbook is the committed
//! fixture; the large sheet is generated (not committed) by
//! `cargo run --release --example gen_city -- target/bench-data` or by
//! `benches/whole_run.sh`, and skipped when absent (HEDUI_BENCH_DATA overrides the folder).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hedui::read::{self, Limits, ReadMode};
use hedui::{locate, rules, Options};

fn inputs() -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = vec![(
        "station",
        root.join("fixtures/indicators/chigang_2024.xlsx"),
    )];
    let data = std::env::var_os("HEDUI_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-data"));
    let big = data.join("big/big.xlsx");
    if big.exists() {
        inputs.push(("large_sheet", big));
    } else {
        eprintln!(
            "{} is missing: large-sheet benchmarks skipped",
            big.display()
        );
    }
    inputs
}

fn stages(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    for (name, path) in inputs() {
        let Ok(workbook) = read::read_with(&path, Limits::default(), ReadMode::Check) else {
            eprintln!("{} cannot be read: skipped", path.display());
            continue;
        };
        group.bench_with_input(BenchmarkId::new("read", name), &path, |b, path| {
            b.iter(|| read::read_with(path, Limits::default(), ReadMode::Check))
        });
        group.bench_with_input(
            BenchmarkId::new("locate", name),
            &workbook,
            |b, workbook| {
                b.iter(|| {
                    workbook
                        .sheets
                        .iter()
                        .map(|s| locate::indicator_tables(s).len())
                        .sum::<usize>()
                })
            },
        );
        let tables: Vec<_> = workbook
            .sheets
            .iter()
            .flat_map(|s| locate::indicator_tables(s).into_iter().map(move |t| (s, t)))
            .collect();
        group.bench_with_input(BenchmarkId::new("rules", name), &tables, |b, tables| {
            b.iter(|| {
                tables
                    .iter()
                    .map(|(sheet, table)| {
                        rules::check_indicator_table(
                            &path,
                            sheet,
                            table,
                            options.gazetteers.street("赤岗街"),
                        )
                        .findings
                        .len()
                    })
                    .sum::<usize>()
            })
        });
        group.bench_with_input(BenchmarkId::new("check_file", name), &path, |b, path| {
            b.iter(|| {
                hedui::check_file_with(path, &options, ReadMode::Check)
                    .map(|c| c.report.findings.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
