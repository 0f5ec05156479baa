//! Writes generated station workbooks (tests/generated/) with their expected findings.
//!
//! `cargo run --example gen_random -- OUTDIR N SEED` writes N workbooks from
//! seed SEED on, and `expected.json` (file → findings it must produce).
//! `--per-shape`: N workbooks of each layout instead (the committed sample,
//! fixtures/generated/, is `-- fixtures/generated 2 1 --per-shape`: per
//! layout one planted case, with a misspelled community where the layout has
//! them, and one clean case).
//! `cargo run --example gen_random -- --show SEED` prints one case's cells.

#[path = "../tests/generated/mod.rs"]
mod generated;

use std::collections::BTreeMap;
use std::path::PathBuf;

use generated::{Cell, Shape};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--show") {
        let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
        show(seed);
        return;
    }
    let usage = "usage: gen_random OUTDIR N SEED [--per-shape] | --show SEED";
    let (Some(dir), Some(n), Some(seed)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2).and_then(|s| s.parse::<u64>().ok()),
    ) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let per_shape = args.iter().any(|a| a == "--per-shape");
    let mut seeds = Vec::new();
    if per_shape {
        // For each layout: planted cases (one with a misspelled community where
        // the layout has them), then clean ones, alternating.
        for shape in Shape::ALL {
            let of_shape = || (seed..seed + 5000).filter(move |s| Shape::of_seed(*s) == shape);
            let named = of_shape().find(|s| {
                generated::generate(*s)
                    .expected
                    .iter()
                    .any(|e| e.rule == "N002")
            });
            let mut planted = named
                .into_iter()
                .chain(of_shape().filter(|s| generated::generate(*s).expected.len() >= 2));
            let mut clean = of_shape().filter(|s| generated::generate(*s).expected.is_empty());
            for i in 0..n {
                let next = if i % 2 == 0 {
                    planted.next()
                } else {
                    clean.next()
                };
                seeds.extend(next.filter(|s| !seeds.contains(s)));
            }
        }
    } else {
        seeds.extend(seed..seed + n as u64);
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    let mut expected = BTreeMap::new();
    for s in seeds {
        let case = generated::generate(s);
        let path = dir.join(case.file_name());
        if let Err(e) = generated::write_xlsx(&case, &path) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
        println!(
            "{}  {}  ({} planted)",
            case.file_name(),
            case.description,
            case.expected.len()
        );
        expected.insert(
            case.file_name().trim_end_matches(".xlsx").to_string(),
            serde_json::json!({
                "seed": case.seed,
                "shape": case.shape.name(),
                "description": case.description,
                "expected": case.expected,
            }),
        );
    }
    let json = serde_json::to_string_pretty(&expected).unwrap_or_default();
    if let Err(e) = std::fs::write(dir.join("expected.json"), json + "\n") {
        eprintln!("expected.json: {e}");
        std::process::exit(1);
    }
}

/// Prints the cells of one case, row by row, and what it must produce.
fn show(seed: u64) {
    let case = generated::generate(seed);
    println!("seed {seed}: {}", case.description);
    for grid in &case.sheets {
        println!("sheet {}", grid.name);
        let mut row = None;
        for (&(r, c), cell) in &grid.cells {
            if row != Some(r) {
                print!("\n{:>3} ", r + 1);
                row = Some(r);
            }
            let text = match cell {
                Cell::Text(t) => t.replace('\n', "⏎"),
                Cell::Num(v, Some(f)) => format!("{v}[{f}]"),
                Cell::Num(v, None) => format!("{v}#"),
                Cell::Date(y, m, d, _) => format!("{y}-{m}-{d}[date]"),
            };
            print!("| {}:{} ", generated::a1(r, c), text);
        }
        println!(
            "\nmerges: {:?}",
            grid.merges
                .iter()
                .map(|&(a, b, c, d)| format!("{}:{}", generated::a1(a, b), generated::a1(c, d)))
                .collect::<Vec<_>>()
        );
    }
    for e in &case.expected {
        println!("expect {} {}!{}  {}", e.rule, e.sheet, e.cell, e.why);
    }
}
