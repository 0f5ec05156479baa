//! The batch without feature `cli` (the page, compiled to wasm): every file on
//! the calling thread, no progress bar (the page draws its own).

pub(super) fn install<R>(_jobs: Option<usize>, f: impl FnOnce() -> R) -> R {
    f()
}

pub(super) fn map<T, U>(items: Vec<T>, f: impl Fn(T) -> U) -> Vec<U> {
    items.into_iter().map(f).collect()
}

pub(super) struct Bar;

impl Bar {
    pub(super) fn new(_len: usize, _show: bool, _label: &'static str) -> Bar {
        Bar
    }

    pub(super) fn inc(&self) {}

    pub(super) fn finish(&self) {}
}

/// `f`'s result; no clock here (std's panics on wasm32-unknown-unknown), so no time.
pub(super) fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    (f(), std::time::Duration::ZERO)
}
