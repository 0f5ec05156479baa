//! The one guard every path hedui writes goes through: the corrected
//! workbook (`fix -o`), each workbook of a batch's OUTDIR tree, the drop
//! mode's `名称.核对.xlsx`, and the summary workbook and its JSON.
//!
//! An output path is refused (with an error naming it) when it is
//! - an input, by identity (device and inode of every input, so any spelling,
//!   symbolic link or hard link of it): [`Error::OutputIsInput`];
//! - anything but a regular file: a device node (`/dev/null`, a `mknod`
//!   copy), a FIFO, a socket, a symbolic link (`/proc/self/fd/1`), a folder:
//!   [`Error::NotRegular`]; it is never replaced;
//! - under OUTDIR by name but reached through a symbolic link to a folder
//!   inside OUTDIR, so that it would land outside it: [`Error::OutsideOutdir`];
//! - an existing file hedui did not write, unless `--force`: [`Error::Exists`].
//!
//! "hedui's own output" is a workbook carrying hedui's custom document
//! property (`hedui.generated-sheets` on a corrected workbook, `hedui.summary`
//! on a summary), or a summary JSON (an object whose only members are the
//! arrays `files` and `ranking`). Those are replaced without `--force`, so a
//! second `fix` into the same OUTDIR, or a second drop, just works; with
//! `--force` any regular file that is not an input is replaced.
//!
//! Two outputs on one name never happen: [`crate::batch`] gives the later
//! input a deterministic suffix (`2024-05 (2).xlsx`) that the summary records
//! and the terminal names, and the summary takes a name no output has.
//!
//! The checks are made just before each write; a file swapped in between by
//! another program (a race) is not defended against.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// The identity of a file: device and inode on Unix, the resolved path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok().map(FileId::Path)
    }
}

/// The guard of one run: its inputs, its output folder (if any), and whether `--force` was given.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    inputs: std::collections::HashSet<FileId>,
    root: Option<PathBuf>,
    force: bool,
}

impl Guard {
    /// A guard for a run reading `inputs`, writing only below `root` when given.
    pub fn new<'a>(
        inputs: impl IntoIterator<Item = &'a Path>,
        root: Option<&Path>,
        force: bool,
    ) -> Guard {
        Guard {
            inputs: inputs.into_iter().filter_map(file_id).collect(),
            root: root.map(Path::to_path_buf),
            force,
        }
    }

    /// Whether `path` is one of the run's inputs (by identity).
    pub fn is_input(&self, path: &Path) -> bool {
        file_id(path).is_some_and(|id| self.inputs.contains(&id))
    }

    /// Checks that `out` may be written, creating the folders between the
    /// output folder and it (never through a symbolic link). Ok when writing
    /// `out` harms nothing; otherwise the error to report, naming `out`.
    pub fn check(&self, out: &Path) -> Result<(), Error> {
        if let Some(root) = &self.root {
            prepare_folders(root, out)?;
        }
        let meta = match std::fs::symlink_metadata(out) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::WriteIo(out.to_path_buf(), e.kind())),
        };
        if self.is_input(out) {
            return Err(Error::OutputIsInput(out.to_path_buf()));
        }
        if meta.is_dir() {
            return Err(Error::WriteIo(
                out.to_path_buf(),
                std::io::ErrorKind::IsADirectory,
            ));
        }
        if !meta.file_type().is_file() {
            return Err(Error::NotRegular(out.to_path_buf()));
        }
        if self.force || written_by_hedui(out) {
            Ok(())
        } else {
            Err(Error::Exists(out.to_path_buf()))
        }
    }
}

/// Creates the folders from `root` down to `out`'s parent, one at a time,
/// refusing a symbolic link (or anything but a folder) on the way and any
/// path that is not plainly below `root`.
fn prepare_folders(root: &Path, out: &Path) -> Result<(), Error> {
    let outside = || Error::OutsideOutdir(out.to_path_buf());
    let below = out.strip_prefix(root).map_err(|_| outside())?;
    let parts: Vec<Component> = below.components().collect();
    let Some((_, folders)) = parts.split_last() else {
        return Err(outside());
    };
    if !parts.iter().all(|c| matches!(c, Component::Normal(_))) {
        return Err(outside());
    }
    let mut at = root.to_path_buf();
    for part in folders {
        at.push(part);
        let mut created = false;
        loop {
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => return Err(outside()),
                Ok(meta) if meta.is_dir() => break,
                Ok(_) => {
                    return Err(Error::WriteIo(
                        out.to_path_buf(),
                        std::io::ErrorKind::NotADirectory,
                    ))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !created => {
                    // Another writer of the batch may create it first: look again.
                    match std::fs::create_dir(&at) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                        Err(e) => return Err(Error::WriteIo(out.to_path_buf(), e.kind())),
                    }
                    created = true;
                }
                Err(e) => return Err(Error::WriteIo(out.to_path_buf(), e.kind())),
            }
        }
    }
    Ok(())
}

/// Largest file read to decide whether it is hedui's own JSON summary.
const MAX_JSON: u64 = 256 << 20;

/// Whether the regular file at `path` is one hedui wrote: a workbook with
/// hedui's custom document property, or a summary JSON.
pub fn written_by_hedui(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return summary_json(file);
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let Ok(part) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if part.take(1 << 20).read_to_end(&mut xml).is_err() {
        return false;
    }
    [
        crate::read::GENERATED_SHEETS_PROPERTY,
        crate::read::SUMMARY_PROPERTY,
    ]
    .iter()
    .any(|name| memchr::memmem::find(&xml, format!("name=\"{name}\"").as_bytes()).is_some())
}

fn summary_json(file: std::fs::File) -> bool {
    let mut text = Vec::new();
    if file.take(MAX_JSON).read_to_end(&mut text).is_err() {
        return false;
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&text) else {
        return false;
    };
    map.len() == 2
        && map.get("files").is_some_and(serde_json::Value::is_array)
        && map.get("ranking").is_some_and(serde_json::Value::is_array)
}

/// Where the summary workbook and its JSON go when the person names `path`:
/// `x.xlsx` → (x.xlsx, x.json); `x.json` → (x.xlsx, x.json), never the two on one name.
pub fn summary_paths(path: &Path) -> (PathBuf, PathBuf) {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        (path.with_extension("xlsx"), path.to_path_buf())
    } else {
        (path.to_path_buf(), path.with_extension("json"))
    }
}

/// A key under which two output paths are the same file on a case-insensitive
/// disk (Windows, macOS): `a.xlsx` and `A.XLSX` collide.
pub fn collision_key(path: &Path) -> String {
    path.to_string_lossy().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_paths_never_share_a_name() {
        assert_eq!(
            summary_paths(Path::new("d/x.json")),
            (PathBuf::from("d/x.xlsx"), PathBuf::from("d/x.json"))
        );
        assert_eq!(
            summary_paths(Path::new("d/汇总.xlsx")),
            (PathBuf::from("d/汇总.xlsx"), PathBuf::from("d/汇总.json"))
        );
    }

    #[test]
    fn existing_files_are_replaced_only_when_hedui_wrote_them_or_forced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("in.xlsx");
        std::fs::write(&input, b"input").expect("write");
        let other = dir.path().join("other.xlsx");
        std::fs::write(&other, b"someone's file").expect("write");
        let json = dir.path().join("s.json");
        std::fs::write(&json, br#"{"files":[],"ranking":[]}"#).expect("write");
        let guard = Guard::new([input.as_path()], None, false);
        assert!(matches!(guard.check(&input), Err(Error::OutputIsInput(_))));
        assert!(matches!(guard.check(&other), Err(Error::Exists(_))));
        assert!(guard.check(&json).is_ok());
        assert!(guard.check(&dir.path().join("new.xlsx")).is_ok());
        let forced = Guard::new([input.as_path()], None, true);
        assert!(forced.check(&other).is_ok());
        assert!(matches!(forced.check(&input), Err(Error::OutputIsInput(_))));
    }
}
