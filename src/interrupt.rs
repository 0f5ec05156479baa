//! What an interrupted run leaves behind: nothing half-written. Every
//! temporary file hedui writes is registered here while it is open, so a
//! SIGINT / SIGTERM (Ctrl-C, closing the console) removes it before exit, and
//! every finished output is recorded so the person is told what was written.
//!
//! A run that was killed outright (SIGKILL, power loss) cannot clean up: the
//! next run writing in that folder removes hedui's own temporary files
//! (`.hedui-XXXXXX.tmp`) older than itself ([`sweep`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// How hedui's temporary files are named: `.hedui-` + random + `.tmp`.
pub const TEMP_PREFIX: &str = ".hedui-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file not modified for this long is no other run's work in progress.
const IDLE: Duration = Duration::from_secs(60);

#[derive(Default)]
struct State {
    temps: HashSet<PathBuf>,
    written: Vec<PathBuf>,
    swept: HashSet<PathBuf>,
    /// Set once interrupted: nothing more is renamed into place.
    stopped: bool,
}

static STATE: LazyLock<Mutex<State>> = LazyLock::new(|| Mutex::new(State::default()));

/// When this run started: temporary files older than it are left from an earlier run.
static STARTED: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

fn state() -> MutexGuard<'static, State> {
    // A panic while holding the lock leaves the sets as they were: still usable.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Notes the run's start (call first thing in main).
pub fn start() {
    LazyLock::force(&STARTED);
}

/// Registers a temporary file while it is written; unregisters when dropped.
pub struct Temp(PathBuf);

impl Temp {
    pub fn new(path: &Path) -> Temp {
        state().temps.insert(path.to_path_buf());
        Temp(path.to_path_buf())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        state().temps.remove(&self.0);
    }
}

/// Whether the run was interrupted (a writer then stops before renaming).
pub fn stopped() -> bool {
    state().stopped
}

/// Records a finished output.
pub fn written(path: &Path) {
    state().written.push(path.to_path_buf());
}

/// What an interrupted run had done.
pub struct Interrupted {
    /// The outputs finished before the signal.
    pub written: Vec<PathBuf>,
    /// Temporary files being written, now removed.
    pub removed: usize,
}

/// On SIGINT / SIGTERM: removes every temporary file being written and
/// says what was finished before it. Later writers stop.
pub fn interrupt() -> Interrupted {
    let mut state = state();
    state.stopped = true;
    let mut removed = 0;
    for temp in state.temps.drain() {
        if std::fs::remove_file(&temp).is_ok() {
            removed += 1;
        }
    }
    Interrupted {
        written: state.written.clone(),
        removed,
    }
}

/// Removes hedui's own temporary files in `dir` left by an earlier run
/// (older than this run and idle for a minute, so a concurrent run's file in
/// progress is left alone). Once per folder per run; errors are ignored: a
/// file that cannot be removed is only litter.
pub fn sweep(dir: &Path) {
    if !state().swept.insert(dir.to_path_buf()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        // Only a regular file: a link of that name is not followed.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        let old = modified < *STARTED && now.duration_since(modified).is_ok_and(|d| d >= IDLE);
        if meta.is_file() && old && !state().temps.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Ignores SIGXFSZ (a file-size limit reached while writing), which would
/// otherwise end the process with the temporary file in place: the write then
/// fails with "file too large", said to the person as any write error, and
/// the temporary file is removed.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_only_old_idle_temporary_files_of_its_own_naming() {
        start();
        let dir = tempfile::tempdir().expect("temp dir");
        let old = dir.path().join(".hedui-abc123.tmp");
        let fresh = dir.path().join(".hedui-def456.tmp");
        let other = dir.path().join(".other-abc123.tmp");
        let output = dir.path().join("a.xlsx");
        for p in [&old, &fresh, &other, &output] {
            std::fs::write(p, b"x").expect("file");
        }
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for p in [&old, &other, &output] {
            let file = std::fs::File::options().write(true).open(p).expect("open");
            file.set_modified(long_ago).expect("mtime");
        }
        sweep(dir.path());
        assert!(!old.exists());
        assert!(fresh.exists(), "newer than the run: another run's");
        assert!(other.exists() && output.exists());
    }
}
