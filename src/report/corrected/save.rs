//! Saving the corrected workbook: never over its input, and atomically (a
//! temporary file beside the output, renamed over it once complete).

use std::path::{Path, PathBuf};

use rust_xlsxwriter as xw;

use crate::error::Error;

/// Whether writing to `out` would overwrite the input file: the same path,
/// the same file reached by another spelling or a symbolic link, or (on Unix)
/// a hard link to it. The one guard for every writer of corrected workbooks.
pub fn is_same_file(input: &Path, out: &Path) -> bool {
    if input == out {
        return true;
    }
    match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => {
            if a == b {
                return true;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if let (Ok(ma), Ok(mb)) = (a.metadata(), b.metadata()) {
                    return ma.dev() == mb.dev() && ma.ino() == mb.ino();
                }
            }
            false
        }
        // One of them does not exist: compare as written, made absolute.
        _ => match (std::path::absolute(input), std::path::absolute(out)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}

/// Saves to a temporary file next to `out`, then renames it over `out`. On
/// any error the temporary file is removed and `out` is left as it was.
pub(super) fn save_atomic(book: &mut xw::Workbook, out: &Path) -> Result<(), Error> {
    write_atomic(out, |file| book.save_to_writer(file).map_err(Failure::from))
}

/// Why writing a file's content failed: the operating system (said in the
/// person's language by [`Error::WriteIo`]), or the writer itself.
#[derive(Debug)]
pub enum Failure {
    Io(std::io::ErrorKind),
    Other(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e.kind())
    }
}

impl From<xw::XlsxError> for Failure {
    fn from(e: xw::XlsxError) -> Self {
        match e {
            xw::XlsxError::IoError(io) => Failure::Io(io.kind()),
            e => Failure::Other(e.to_string()),
        }
    }
}

/// The temporary file as a writer that keeps its first error and takes no
/// more data after it, reporting success: the zip writer inside
/// rust_xlsxwriter would otherwise retry when dropped and print its own
/// English line (`ZipWriter::drop: failed to finalize archive`) on a full
/// disk. [`write_atomic`] then fails with the error kept, in the person's words.
pub struct Output<'a> {
    file: &'a mut std::fs::File,
    error: Option<std::io::Error>,
}

impl Output<'_> {
    /// Keeps the first error (but a mere interruption, which the caller
    /// retries) and answers `instead`, so the writer above carries on.
    fn keep<T>(&mut self, result: std::io::Result<T>, instead: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::Interrupted => {
                self.error.get_or_insert(e);
                Ok(instead)
            }
            other => other,
        }
    }
}

impl std::io::Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Ok(buf.len());
        }
        let result = self.file.write(buf);
        // A failed write swallows the buffer: the file is discarded anyway.
        self.keep(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        let result = self.file.flush();
        self.keep(result, ())
    }
}

impl std::io::Seek for Output<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.error.is_some() {
            return Ok(0);
        }
        let result = self.file.seek(pos);
        self.keep(result, 0)
    }
}

/// Writes a file through a temporary file in the target folder, synced and
/// renamed into place, so a failure never leaves a partial file at `out`.
pub fn write_atomic(
    out: &Path,
    write: impl FnOnce(&mut Output) -> Result<(), Failure>,
) -> Result<(), Error> {
    let fail = |failure: Failure| match failure {
        Failure::Io(kind) => Error::WriteIo(out.to_path_buf(), kind),
        Failure::Other(reason) => Error::Write(out.to_path_buf(), reason),
    };
    // The operating system's own message is English and names the temporary
    // file: say instead what failed, to the file the person named.
    let os = |e: &std::io::Error| Error::WriteIo(out.to_path_buf(), e.kind());
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Temporary files an earlier, killed run left here go first.
    crate::interrupt::sweep(&dir);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(crate::interrupt::TEMP_PREFIX)
        .suffix(crate::interrupt::TEMP_SUFFIX);
    // Removed by a SIGINT / SIGTERM handler while it is being written: its
    // name is registered before the file exists, so no signal finds it unknown.
    let mut live = None;
    let mut tmp = builder
        .make_in(&dir, |path| {
            let registered = crate::interrupt::Temp::new(path);
            let file = create_new(path)?;
            live = Some(registered);
            Ok(file)
        })
        .map_err(|e| os(&e))?;
    let mut output = Output {
        file: tmp.as_file_mut(),
        error: None,
    };
    let written = write(&mut output);
    if let Some(error) = output.error {
        return Err(os(&error));
    }
    written.map_err(fail)?;
    tmp.as_file().sync_all().map_err(|e| os(&e))?;
    // On failure the PersistError holds the temporary file, removed when dropped.
    tmp.persist(out).map_err(|e| os(&e.error))?;
    crate::interrupt::written(out);
    drop(live);
    Ok(())
}

/// A new file at `path` (never an existing one), with an ordinary file's
/// permissions (modulo umask), not the 0600 of a temporary file.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::write;
    use crate::error::Error;
    use crate::Lang;
    use calamine::Reader;

    #[test]
    fn refuses_to_write_over_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let bytes = b"PK original bytes".to_vec();
        std::fs::write(&path, &bytes).unwrap();
        let wb = input(&path);
        let rep = report(&path);
        let spelled = dir.path().join(".").join("station.xlsx");
        for out in [&path, &spelled] {
            match write(&wb, &rep, out, Lang::Zh) {
                Err(Error::OutputIsInput(p)) => assert_eq!(&p, out),
                other => panic!("expected OutputIsInput, got {other:?}"),
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn unwritable_output_gives_a_write_error_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let wb = input(&path);
        let rep = report(&path);

        let missing = dir.path().join("no such dir").join("out.xlsx");
        match write(&wb, &rep, &missing, Lang::Zh) {
            Err(error @ Error::WriteIo(..)) => {
                assert_eq!(error.path(), &missing);
                // The person's file and a phrase in their language, never the temporary file.
                let message = error.message(Lang::Zh);
                assert_eq!(
                    message,
                    format!(
                        "{}：无法写入输出文件：文件或文件夹不存在",
                        missing.display()
                    )
                );
                assert!(!message.contains(".hedui-"), "{message}");
                assert!(error
                    .message(Lang::En)
                    .ends_with("cannot write the output: no such file or folder"));
            }
            other => panic!("expected WriteIo, got {other:?}"),
        }
        assert!(!missing.exists());

        // The output path is a directory: the rename fails, the temp file goes.
        let taken = dir.path().join("taken.xlsx");
        std::fs::create_dir(&taken).unwrap();
        assert!(matches!(
            write(&wb, &rep, &taken, Lang::Zh),
            Err(Error::WriteIo(..))
        ));
        assert!(taken.is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // A read-only directory, where permissions apply (not as root).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let ro = dir.path().join("ro");
            std::fs::create_dir(&ro).unwrap();
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
            if std::fs::write(ro.join("probe"), b"").is_err() {
                let out = ro.join("out.xlsx");
                assert!(matches!(
                    write(&wb, &rep, &out, Lang::Zh),
                    Err(Error::WriteIo(_, std::io::ErrorKind::PermissionDenied))
                ));
                assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
            }
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    #[test]
    fn replaces_an_existing_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.xlsx");
        let out = dir.path().join("out.xlsx");
        std::fs::write(&out, b"old").unwrap();
        write(&input(&path), &report(&path), &out, Lang::Zh).unwrap();
        let book = open(&out);
        assert_eq!(book.sheet_names()[0], "指标");
    }
}
