//! Whole-workbook import from bytes (any format, chosen by content), then
//! the check pipeline on whatever was read: errors are fine, panics are not.
#![no_main]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use hedui::read::{self, Limits};
use hedui::Options;
use libfuzzer_sys::fuzz_target;

fn options() -> &'static Options {
    static OPTIONS: OnceLock<Options> = OnceLock::new();
    OPTIONS.get_or_init(|| Options {
        // Small limits keep each run fast; the limits themselves are what
        // stand between a hostile file and the machine.
        limits: LIMITS,
        ..Options::default()
    })
}

const LIMITS: Limits = Limits {
    max_bytes: 16 << 20,
    max_cells: 200_000,
    text: hedui::read::TextOptions {
        encoding: None,
        delimiter: None,
    },
};

/// The input being read, kept for the panic hook.
static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// libfuzzer-sys aborts on every panic, but a panic inside calamine is
/// caught by `read` and becomes an error, as it does in the binary: let it
/// unwind to that catch, say so on stderr so that a run shows it, and keep
/// the first few such inputs in fuzz/caught/ to become fixtures.
fn let_reader_panics_unwind() {
    static ONCE: OnceLock<()> = OnceLock::new();
    static SAVED: AtomicUsize = AtomicUsize::new(0);
    ONCE.get_or_init(|| {
        let aborting = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !read::in_reader() {
                return aborting(info);
            }
            eprintln!("caught a panic inside calamine: {info}");
            if SAVED.fetch_add(1, Ordering::Relaxed) < 20 {
                if let Ok(input) = INPUT.try_lock() {
                    let _ = std::fs::create_dir_all("caught");
                    let name = format!(
                        "caught/{}-{}",
                        std::process::id(),
                        SAVED.load(Ordering::Relaxed)
                    );
                    let _ = std::fs::write(name, &*input);
                }
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_reader_panics_unwind();
    if let Ok(mut input) = INPUT.lock() {
        input.clear();
        input.extend_from_slice(data);
    }
    let path = Path::new("fuzz.xlsx");
    if let Ok(workbook) = read::read_bytes(path, data.to_vec(), LIMITS) {
        let _ = hedui::check_workbook(workbook, options(), hedui::read::ReadMode::Full);
    }
});
