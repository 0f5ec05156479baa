//! The batch's threads and progress bar on the command line: rayon's pool and
//! indicatif's bar on stderr (the page, without feature `cli`, uses one_thread.rs).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

/// Runs `f` in a pool of `jobs` threads (None: one per core).
pub(super) fn install<R: Send>(jobs: Option<usize>, f: impl FnOnce() -> R + Send) -> R {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build();
    match pool {
        Ok(pool) => pool.install(f),
        // No thread could be started: run on this one rather than not at all.
        Err(_) => f(),
    }
}

/// `f` over every item, in parallel, keeping their order.
pub(super) fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    items.into_par_iter().map(f).collect()
}

/// A progress bar on stderr, drawn only when asked and stderr is a terminal.
pub(super) struct Bar(ProgressBar);

impl Bar {
    pub(super) fn new(len: usize, show: bool, label: &'static str) -> Bar {
        if !show || len == 0 || !std::io::stderr().is_terminal() {
            return Bar(ProgressBar::hidden());
        }
        let bar = ProgressBar::new(len as u64);
        // The template is a constant; should it ever be rejected the bar keeps its default look.
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label);
        Bar(bar)
    }

    pub(super) fn inc(&self) {
        self.0.inc(1);
    }

    pub(super) fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `f`'s result and how long it took.
pub(super) fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = f();
    (out, started.elapsed())
}
