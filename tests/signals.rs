//! Real signals sent to `hedui fix` while it writes (issue 13): SIGINT and
//! SIGTERM remove the temporary file and say "已中断" with what was written;
//! a file-size limit (SIGXFSZ) becomes a one-line write error; the next run in
//! a folder removes the temporary files an earlier, killed run left there.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{fixture, hedui};

/// A station-wide list long enough that writing its corrected workbook takes
/// a while: the signal can be sent while the temporary file is open.
fn long_table(path: &Path, rows: usize) {
    let mut text = String::from("项目,单位,协议量,完成量,完成率\n");
    for i in 0..rows {
        let target = 100 + i % 50;
        let done = 90 + i % 40;
        // The rate as the table would show it: two decimals, half-up, computed in integers.
        let basis = done * 1_000_000 / target;
        let rate = (basis + 50) / 100;
        text.push_str(&format!(
            "服务指标{i},人次,{target},{done},{}.{:02}%\n",
            rate / 100,
            rate % 100
        ));
    }
    std::fs::write(path, text).expect("table");
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(".hedui-"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn spawn(args: &[&std::ffi::OsStr], cwd: &Path) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("hedui"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hedui starts")
}

/// Waits for a temporary file in `dir` (once `ready`), sends `signal`, and
/// returns (exit code, stderr).
fn interrupt_while_writing(
    mut child: Child,
    dir: &Path,
    ready: impl Fn() -> bool,
    signal: i32,
) -> (Option<i32>, String) {
    let start = Instant::now();
    loop {
        if ready() && !temp_files(dir).is_empty() {
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("hedui ended ({status}) before its temporary file was seen");
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let status = child.wait().expect("hedui ends");
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    (status.code(), stderr)
}

#[test]
fn sigint_and_sigterm_remove_the_temporary_file_and_say_so() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("长表.csv");
        long_table(&input, 20_000);
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("out");
        let child = spawn(
            &[
                "fix".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                out.join("长表.xlsx").as_os_str(),
            ],
            dir.path(),
        );
        let (code, stderr) = interrupt_while_writing(child, &out, || true, signal);
        assert_eq!(code, Some(130), "signal {signal}: {stderr}");
        assert!(stderr.contains("已中断"), "{stderr}");
        assert!(stderr.contains("没有写出任何文件"), "{stderr}");
        assert!(stderr.contains("未写完的临时文件已删除"), "{stderr}");
        let left: Vec<_> = std::fs::read_dir(&out)
            .expect("out")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "signal {signal} left {left:?}");
    }
}

#[test]
fn an_interrupted_batch_names_what_it_had_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("in");
    std::fs::copy(
        fixture("indicators/clean_chigang_2024.xlsx"),
        inputs.join("a.xlsx"),
    )
    .expect("copy");
    long_table(&inputs.join("b.csv"), 20_000);
    let out = dir.path().join("out");
    // One worker: a.xlsx is written before b.csv's temporary file opens.
    let child = spawn(
        &[
            "fix".as_ref(),
            inputs.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-j".as_ref(),
            "1".as_ref(),
        ],
        dir.path(),
    );
    // Once a.xlsx is in place, the temporary file is b's.
    let first = out.join("a.xlsx");
    let (code, stderr) = interrupt_while_writing(child, &out, || first.is_file(), libc::SIGINT);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("已中断；此前已写出 1 个文件") && stderr.contains("a.xlsx"),
        "{stderr}"
    );
    assert!(temp_files(&out).is_empty());
    assert!(out.join("a.xlsx").is_file());
    assert!(!out.join("b.xlsx").exists());
}

#[test]
fn a_file_size_limit_is_a_write_error_not_a_crash() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.xlsx");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("hedui"));
    cmd.arg("fix")
        .arg(fixture("indicators/chigang_2024.xlsx"))
        .arg("-o")
        .arg(&out);
    // SAFETY: setrlimit is async-signal-safe; it only lowers this child's limit.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 4096,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = cmd.output().expect("hedui runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Not killed by the signal: an ordinary failure, said in one line naming the output.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}：无法写入输出文件：文件过大", out.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(".hedui-"), "{stderr}");
    assert!(!out.exists());
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn the_next_run_removes_temporary_files_a_killed_run_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out");
    let stale = out.join(".hedui-Ab12Cd.tmp");
    let not_ours = out.join(".other-Ab12Cd.tmp");
    for p in [&stale, &not_ours] {
        std::fs::write(p, b"PK half a workbook").expect("file");
        let file = std::fs::File::options().write(true).open(p).expect("open");
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .expect("mtime");
    }
    let output = hedui()
        .arg("fix")
        .arg(fixture("indicators/clean_chigang_2024.xlsx"))
        .arg("-o")
        .arg(out.join("x.xlsx"))
        .output()
        .expect("hedui runs");
    assert!(output.status.success(), "{output:?}");
    assert!(
        !stale.exists(),
        "hedui's own stale temporary file is removed"
    );
    assert!(not_ours.exists(), "another program's file is left alone");
    assert!(out.join("x.xlsx").is_file());
}
