//! The office page hedui.html in a real browser: built as `cargo xtask page`
//! builds it, opened from file:// in headless Chromium driven over WebDriver
//! (chromedriver), fed the fixtures through its file input, and compared with
//! what the CLI says and writes for the same files.
//!
//! Needs chromium, chromedriver, the wasm32-unknown-unknown target and the
//! wasm-bindgen CLI at the version Cargo.toml pins (.ci/run installs them).
//! Without them the test is skipped with a message, except under CI, where it fails.
//!
//! Screenshots go to target/page/; with HEDUI_UPDATE_DOCS=1 also to docs/
//! (the two the README shows).

#[path = "../xtask/src/page.rs"]
#[allow(dead_code)]
mod page_build;

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What is missing to run the test, if anything.
fn missing() -> Option<String> {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            return Some(format!(
                "{tool} is not installed (apt-get install chromium chromium-driver)"
            ));
        }
    }
    if let Err(why) = page_build::check_target() {
        return Some(why);
    }
    let pinned = page_build::pinned_bindgen(&root()).ok()?;
    let version = Command::new("wasm-bindgen").arg("--version").output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains(&pinned) => None,
        _ => Some(format!(
            "wasm-bindgen {pinned} is not on PATH (cargo install wasm-bindgen-cli --version {pinned} --locked)"
        )),
    }
}

// ---------------------------------------------------------------------------
// A small WebDriver client over HTTP/1.1 on the loopback.

struct Driver {
    process: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    http_within(port, method, path, body, Duration::from_secs(600))
}

/// A request whose answer must come within `limit` (a status poll must not
/// wait ten minutes on a driver that accepted the connection but is not up).
fn http_within(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    limit: Duration,
) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(limit))
        .map_err(|e| e.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open whatever the request says: read
    // the header, then exactly the body it announces.
    let mut response = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the header ended".to_string());
        }
        response.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let mut payload = response[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok());
    let chunked =
        head.contains("transfer-encoding: chunked") || head.contains("transfer-encoding:chunked");
    loop {
        let complete = match length {
            Some(n) => payload.len() >= n,
            None if chunked => payload.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&buf[..n]);
    }
    if chunked {
        payload = unchunk(&payload);
    }
    let value: Value = serde_json::from_slice(&payload).map_err(|e| e.to_string())?;
    if head.starts_with("http/1.1 2") {
        Ok(value["value"].clone())
    } else {
        Err(value["value"].to_string())
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

impl Driver {
    fn start(downloads: &Path, profile: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while http_within(port, "GET", "/status", None, Duration::from_secs(2)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            },
            "goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"},
        }}});
        let mut driver = Driver {
            process,
            port,
            session: String::new(),
        };
        let session =
            http(port, "POST", "/session", Some(&capabilities)).expect("a browser session");
        driver.session = session["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        // Downloads in headless Chromium go where the DevTools protocol says.
        driver.cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.display().to_string()}),
        );
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        http(self.port, method, &path, body.as_ref())
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn run(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    fn element(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Picks files in the page's file input, as a person would with its dialog.
    fn pick(&self, files: &[PathBuf]) {
        let id = self.element("#files");
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({"text": paths.join("\n")})),
        );
    }

    fn wait_for(&self, what: &str, script: &str, limit: Duration) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(script, json!([]));
            if !value.is_null() && value != json!(false) {
                return value;
            }
            assert!(started.elapsed() < limit, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Picks the files and waits until the page has checked them all.
    fn check(&self, files: &[PathBuf]) {
        self.run("window.hedui.done = false;", json!([]));
        self.pick(files);
        self.wait_for(
            "the check",
            "return window.hedui.done;",
            Duration::from_secs(600),
        );
    }

    fn screenshot(&self, name: &str) {
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64_decode(png.as_str().expect("base64 PNG"));
        let out = root().join("target/page").join(name);
        std::fs::write(&out, &bytes).expect("screenshot written");
        if std::env::var_os("HEDUI_UPDATE_DOCS").is_some() {
            std::fs::create_dir_all(root().join("docs")).expect("docs/");
            std::fs::write(root().join("docs").join(name), &bytes)
                .expect("docs screenshot written");
        }
    }

    /// Every URL the page asked for, from Chromium's performance log.
    fn requests(&self) -> Vec<String> {
        let log = self.call("POST", "/se/log", Some(json!({"type": "performance"})));
        log.as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
            .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
            .filter_map(|m| {
                m["message"]["params"]["request"]["url"]
                    .as_str()
                    .map(str::to_string)
            })
            .collect()
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let pad = chunk.iter().filter(|&&c| c == b'=').count();
        let n = chunk
            .iter()
            .map(|&c| if c == b'=' { 0 } else { value(c) })
            .fold(0u32, |acc, v| (acc << 6) | v);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    out
}

// ---------------------------------------------------------------------------
// What the CLI says and writes

/// (rule, cell, expected) of every finding, per file in order.
type Shown = Vec<Vec<(String, String, String)>>;

/// The files copied into `dir`, for the CLI to be given them by their bare
/// names, as the browser gives them to the page (a folder in a path may name
/// the station: see station::from_path).
fn copied(files: &[PathBuf], dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("a folder");
    files
        .iter()
        .map(|f| {
            let copy = dir.join(f.file_name().expect("a file name"));
            std::fs::copy(f, &copy).expect("copy");
            copy
        })
        .collect()
}

fn hedui_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hedui"));
    command.current_dir(dir);
    command
}

fn bare_names(files: &[PathBuf]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|f| PathBuf::from(f.file_name().expect("a file name")))
        .collect()
}

/// `hedui check --format json` on files given by their bare names in their folder.
fn cli_findings(files: &[PathBuf]) -> (Value, Shown) {
    let dir = files[0].parent().expect("a folder");
    let output = hedui_in(dir)
        .arg("check")
        .args(bare_names(files))
        .args(["--format", "json"])
        .output()
        .expect("hedui runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let shown = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            f["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    (
                        x["rule"].as_str().unwrap_or_default().to_string(),
                        x["cell"].as_str().unwrap_or_default().to_string(),
                        x["expected"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .collect();
    (report, shown)
}

fn page_findings(driver: &Driver) -> Shown {
    let rows = driver.run(
        "return [...document.querySelectorAll('section.file')].map(s =>
            [...s.querySelectorAll('tr.finding')].map(r =>
                [r.dataset.rule, r.dataset.cell, r.getAttribute('data-expected')]));",
        json!([]),
    );
    serde_json::from_value(rows).expect("rows of findings")
}

/// Every non-empty cell of every sheet, by sheet, as calamine reads it.
fn workbook_values(bytes: Vec<u8>) -> BTreeMap<String, Vec<(u32, u32, String)>> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx");
    let mut out = BTreeMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .used_cells()
            .filter(|(_, _, d)| !matches!(d, Data::Empty))
            .map(|(r, c, d)| (r0 + r as u32, c0 + c as u32, d.to_string()))
            .collect();
        out.insert(name, cells);
    }
    out
}

fn wait_for_file(driver: &Driver, path: &Path) -> Vec<u8> {
    let started = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            if !bytes.is_empty() {
                return bytes;
            }
        }
        if started.elapsed() > Duration::from_secs(30) {
            let found: Vec<_> = std::fs::read_dir(path.parent().expect("a folder"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name())
                .collect();
            let page = driver.run(
                "return [window.hedui.downloads, window.hedui.errors];",
                json!([]),
            );
            let console = driver.call("POST", "/se/log", Some(json!({"type": "browser"})));
            panic!(
                "no download {} (the folder holds {found:?}; the page offered {page}; console {console})",
                path.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_page_checks_and_corrects_as_the_cli_does() {
    if let Some(why) = missing() {
        if std::env::var_os("CI").is_some() {
            panic!("the browser test cannot run: {why}");
        }
        eprintln!("skipped: the browser test cannot run here: {why}");
        return;
    }
    let started = Instant::now();
    let page = page_build::build(&root()).expect("cargo xtask page builds the page");
    eprintln!("page built in {:.1} s", started.elapsed().as_secs_f64());
    let url = format!("file://{}", page.display());
    let scratch = tempfile::tempdir().expect("scratch folder");
    let downloads = scratch.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads folder");
    let driver = Driver::start(&downloads, &scratch.path().join("profile"));
    driver.open(&url);
    driver.wait_for(
        "the wasm",
        "return document.body.dataset.ready || document.body.dataset.failed;",
        Duration::from_secs(60),
    );
    let failed = driver.run("return document.body.dataset.failed || null;", json!([]));
    assert!(failed.is_null(), "the page failed to start: {failed}");

    // The 赤岗 indicator table and the roster, dropped together: the findings
    // the page shows are the CLI's for the same two files named together.
    let files = copied(
        &[
            common::fixture("indicators/chigang_2024.xlsx"),
            common::fixture("roster/chigang_roster_2024.xlsx"),
        ],
        &scratch.path().join("pair"),
    );
    driver.check(&files);
    let (_, expected) = cli_findings(&files);
    let shown = page_findings(&driver);
    assert_eq!(shown.len(), 2);
    assert!(!expected[0].is_empty() && !expected[1].is_empty());
    assert_eq!(shown, expected);

    // Click a finding with related cells: its cell highlighted, they outlined.
    let chosen = driver.run(
        "const rows = [...document.querySelectorAll('section.file[data-file=\"0\"] tr.finding')];
         const report = window.hedui.report.files[0];
         const row = rows.find(r => (report.findings[r.dataset.index].related || [])
             .some(x => x.sheet === report.findings[r.dataset.index].sheet && x.file === report.path)) || rows[0];
         row.id = 'chosen-finding';
         const f = report.findings[row.dataset.index];
         return [f.cell, (f.related || []).filter(x => x.sheet === f.sheet && x.file === report.path).map(x => x.cell)];",
        json!([]),
    );
    driver.click("#chosen-finding td:nth-child(5)");
    let grid = driver.run(
        "return [[...document.querySelectorAll('#grid td.hl')].map(t => t.dataset.cell),
                 [...document.querySelectorAll('#grid td.rel')].map(t => t.dataset.cell),
                 !document.getElementById('grid-panel').hidden];",
        json!([]),
    );
    assert_eq!(grid[0], json!([chosen[0]]), "the highlighted cell");
    assert_eq!(grid[2], json!(true));
    let related: Vec<String> = serde_json::from_value(chosen[1].clone()).unwrap_or_default();
    let outlined: Vec<String> = serde_json::from_value(grid[1].clone()).unwrap_or_default();
    assert!(!outlined.is_empty() || related.is_empty());
    assert!(
        outlined.iter().all(|c| related.contains(c)),
        "{outlined:?} ⊄ {related:?}"
    );
    driver.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1280, "height": 1250})),
    );
    driver.run("window.scrollTo(0, 0);", json!([]));
    driver.screenshot("page-findings.png");
    driver.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1280, "height": 900})),
    );
    driver.click("#grid-close");

    // The corrected workbook downloaded from the page holds what `hedui fix` writes.
    driver.click("section.file[data-file=\"0\"] button.dl-one");
    let downloaded = wait_for_file(&driver, &downloads.join("chigang_2024.xlsx"));
    let out = scratch.path().join("fixed");
    let fix = hedui_in(&scratch.path().join("pair"))
        .arg("fix")
        .args(bare_names(&files))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hedui fix runs");
    assert!(fix.status.code().is_some_and(|c| c <= 1), "{fix:?}");
    let written = std::fs::read(out.join("chigang_2024.xlsx")).expect("fix wrote the workbook");
    let (from_page, from_cli) = (workbook_values(downloaded), workbook_values(written));
    assert_eq!(
        from_page.keys().collect::<Vec<_>>(),
        from_cli.keys().collect::<Vec<_>>()
    );
    for (sheet, cells) in &from_cli {
        assert_eq!(&from_page[sheet], cells, "sheet {sheet}");
    }

    // The zip of all: both corrected workbooks, 汇总.xlsx, 汇总.json and the
    // JSON report, which the page's JSON download is too.
    driver.click("#dl-zip");
    let zip = wait_for_file(&driver, &downloads.join("hedui.zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a name").into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "chigang_2024.xlsx",
            "chigang_roster_2024.xlsx",
            "hedui.json",
            "汇总.json",
            "汇总.xlsx"
        ]
    );
    let mut zipped_workbook = Vec::new();
    zip.by_name("chigang_2024.xlsx")
        .expect("in the zip")
        .read_to_end(&mut zipped_workbook)
        .expect("unzipped");
    assert_eq!(workbook_values(zipped_workbook), from_cli);
    driver.click("#dl-json");
    let report: Value =
        serde_json::from_slice(&wait_for_file(&driver, &downloads.join("hedui.json")))
            .expect("a JSON report");
    let (cli_report, _) = cli_findings(&files);
    assert_eq!(
        report["files"][0]["findings"],
        cli_report["files"][0]["findings"]
    );
    assert_eq!(
        report["files"][1]["findings"],
        cli_report["files"][1]["findings"]
    );

    // The printable summary, in English: the library's own rule summaries.
    driver.click("#lang-en");
    driver.click("#show-print");
    let printable = driver.run(
        "return [document.querySelectorAll('#printable .group').length,
                 document.querySelectorAll('#printable svg.chart rect').length,
                 document.getElementById('printable').innerText];",
        json!([]),
    );
    assert!(printable[0].as_u64().unwrap_or(0) >= 1, "{printable}");
    assert!(
        printable[1].as_u64().unwrap_or(0) > 2,
        "a chart with bars: {printable}"
    );
    driver.run("window.resizeTo(900, 1300);", json!([]));
    driver.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 900, "height": 1300})),
    );
    driver.screenshot("page-summary.png");
    // Printed on A4 as the browser prints it (the print CSS alone).
    let pdf = driver.call(
        "POST",
        "/print",
        Some(json!({"page": {"width": 21.0, "height": 29.7}, "background": true})),
    );
    let pdf = base64_decode(pdf.as_str().expect("base64 PDF"));
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::write(root().join("target/page/page-summary.pdf"), &pdf).expect("PDF written");
    driver.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1280, "height": 900})),
    );
    driver.click("#hide-print");
    driver.click("#lang-zh");

    // A broken file shows its error, the file beside it is still checked.
    let pair = copied(
        &[
            common::fixture("broken/truncated.xlsx"),
            common::fixture("indicators/chigang_2024.xlsx"),
        ],
        &scratch.path().join("broken"),
    );
    driver.check(&pair);
    let (cli, _) = cli_findings(&pair);
    let cli_error = cli["files"][0]["error"].as_str().expect("the CLI's error");
    assert!(cli_error.starts_with("truncated.xlsx："), "{cli_error}");
    let page_error = driver.run(
        "return document.querySelector('section.file[data-file=\"0\"] .error-text').textContent;",
        json!([]),
    );
    assert_eq!(page_error, json!(cli_error));
    let second = driver.run(
        "return document.querySelectorAll('section.file[data-file=\"1\"] tr.finding').length;",
        json!([]),
    );
    assert!(second.as_u64().unwrap_or(0) > 0);

    // The same two files dropped onto the page (a drop event carrying them,
    // as the browser builds one from a drag): the same error and findings.
    let dropped: Vec<Value> = pair
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            json!({"name": name, "bytes": std::fs::read(p).expect("fixture")})
        })
        .collect();
    driver.run("window.hedui.done = false;", json!([]));
    driver.run(
        "const dt = new DataTransfer();
         for (const f of arguments[0]) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
         document.getElementById('drop').dispatchEvent(
             new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        json!([dropped]),
    );
    driver.wait_for(
        "the dropped files",
        "return window.hedui.done;",
        Duration::from_secs(600),
    );
    let dropped_error = driver.run(
        "return document.querySelector('section.file[data-file=\"0\"] .error-text').textContent;",
        json!([]),
    );
    assert_eq!(
        dropped_error,
        json!(cli_error),
        "a dropped file reads as a picked one"
    );
    let dropped_second = driver.run(
        "return document.querySelectorAll('section.file[data-file=\"1\"] tr.finding').length;",
        json!([]),
    );
    assert_eq!(dropped_second, second);

    // Every other format, and written reports beside their workbook (D rules):
    // the CLI's findings for the same files.
    let mixed = copied(
        &[
            common::fixture("indicators/libreoffice/chigang_2024.ods"),
            common::fixture("indicators/libreoffice/chigang_2024.xls"),
            common::fixture("formats/chigang_2024_title_gbk.csv"),
            common::fixture("formats/chigang_2024_html_gbk.xls"),
            common::fixture("formats/chigang_2024_xml2003.xls"),
            common::fixture("formats/chigang_2024_notitle_utf16.txt"),
            common::fixture("documents/chigang_2024_report.docx"),
            common::fixture("documents/chigang_2024_report.pdf"),
        ],
        &scratch.path().join("mixed"),
    );
    driver.check(&mixed);
    let (_, expected) = cli_findings(&mixed);
    assert!(expected.iter().all(|f| !f.is_empty()), "{expected:?}");
    assert_eq!(page_findings(&driver), expected);

    // 200 workbooks: the page's time against the CLI's for the same files.
    let batch = scratch.path().join("batch");
    std::fs::create_dir_all(&batch).expect("batch folder");
    let sources: Vec<PathBuf> = ["indicators", "roster"]
        .iter()
        .flat_map(|d| std::fs::read_dir(common::fixture(d)).expect("fixtures"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let many: Vec<PathBuf> = (0..200)
        .map(|i| {
            let source = &sources[i % sources.len()];
            let name = format!(
                "{i:03}_{}",
                source.file_name().unwrap_or_default().to_string_lossy()
            );
            let path = batch.join(name);
            std::fs::copy(source, &path).expect("copy");
            path
        })
        .collect();
    // HEDUI_CLI names another build to time against (the release build:
    // `HEDUI_CLI=$PWD/target/release/hedui cargo test --test page`).
    let cli = std::env::var_os("HEDUI_CLI").map(PathBuf::from);
    let mut command = match &cli {
        Some(cli) => Command::new(cli),
        None => Command::new(env!("CARGO_BIN_EXE_hedui")),
    };
    command.current_dir(&batch);
    let started = Instant::now();
    let cli_run = command
        .arg("check")
        .args(bare_names(&many))
        .args(["--format", "json"])
        .output()
        .expect("hedui runs");
    let cli_time = started.elapsed().as_secs_f64();
    assert!(cli_run.status.code().is_some_and(|c| c <= 1));
    driver.check(&many);
    let page_ms = driver.run("return window.hedui.elapsed;", json!([]));
    let page_time = page_ms.as_f64().unwrap_or(0.0) / 1000.0;
    let files_shown = driver.run(
        "return document.querySelectorAll('section.file').length;",
        json!([]),
    );
    assert_eq!(files_shown, json!(200));
    eprintln!(
        "200 workbooks: page {page_time:.2} s, CLI {cli_time:.2} s ({}), ratio {:.1}×",
        match &cli {
            Some(cli) => cli.display().to_string(),
            None if cfg!(debug_assertions) => "the test's debug build".to_string(),
            None => "the test's build".to_string(),
        },
        page_time / cli_time
    );

    // Nothing but the page itself and its own blobs was ever requested
    // (chrome:// is the browser's own start page, served from inside it).
    let requests = driver.requests();
    assert!(
        requests.contains(&url),
        "the performance log records the page load: {requests:?}"
    );
    let outside: Vec<&String> = requests
        .iter()
        .filter(|u| {
            !["file:", "blob:", "data:", "chrome:", "about:"]
                .iter()
                .any(|scheme| u.starts_with(scheme))
        })
        .collect();
    assert!(outside.is_empty(), "network requests: {outside:?}");
    let console = driver.call("POST", "/se/log", Some(json!({"type": "browser"})));
    let severe: Vec<&Value> = console
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(severe.is_empty(), "browser errors: {severe:?}");
}
