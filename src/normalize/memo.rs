//! Results of pure functions of a text, remembered per thread: the same
//! header words and district labels recur on every row of a sheet and in
//! every workbook of a station or a city, and matching one against the
//! dictionary costs thousands of instructions where looking it up costs a
//! hash. Only functions whose result depends on the text alone (no
//! gazetteer, no sheet) may be remembered this way.

use std::cell::RefCell;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// One function's remembered results, by text.
pub(crate) type Memo<T> = RefCell<FxHashMap<Box<str>, T>>;

/// Texts remembered per function and thread before the memo starts over: a
/// sheet of many distinct labels (a city's communities) keeps memory bounded.
const MAX_ENTRIES: usize = 8192;

/// `compute(text)`, remembered in `memo`.
pub(crate) fn memoized<T: Clone>(
    memo: &'static LocalKey<Memo<T>>,
    text: &str,
    compute: impl FnOnce(&str) -> T,
) -> T {
    if let Some(found) = memo.with(|m| m.borrow().get(text).cloned()) {
        return found;
    }
    // Not borrowed while computing: `compute` may use other memos, or this one.
    let value = compute(text);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(text.into(), value.clone());
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LENGTHS: Memo<usize> = RefCell::new(FxHashMap::default());
    }

    #[test]
    fn a_remembered_result_is_the_computed_one_and_memory_stays_bounded() {
        let calls = std::cell::Cell::new(0);
        let len = |t: &str| {
            calls.set(calls.get() + 1);
            t.chars().count()
        };
        assert_eq!(memoized(&LENGTHS, "片区1", len), 3);
        assert_eq!(memoized(&LENGTHS, "片区1", len), 3);
        assert_eq!(calls.get(), 1, "computed once");
        for i in 0..MAX_ENTRIES + 10 {
            memoized(&LENGTHS, &format!("社区{i}"), |t| t.chars().count());
        }
        assert!(LENGTHS.with(|m| m.borrow().len()) <= MAX_ENTRIES);
        assert_eq!(memoized(&LENGTHS, "社区12", |t| t.chars().count()), 4);
    }
}
