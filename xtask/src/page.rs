//! Builds the office page: the hedui library compiled to
//! wasm32-unknown-unknown (feature `page`, without `cli`), its JavaScript
//! glue from the wasm-bindgen CLI (`--target no-modules`), and
//! src/page/page.{html,css,js}, inlined into one file, target/page/hedui.html,
//! the wasm as base64. The file fetches nothing (its Content-Security-Policy
//! forbids it), so it works opened from a shared drive (file://).
//!
//! Shared with tests/page.rs, which builds the page through it.

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

/// Builds target/page/hedui.html under the workspace `root`; returns its path.
pub fn build(root: &Path) -> Result<PathBuf, String> {
    let pinned = pinned_bindgen(root)?;
    check_bindgen(&pinned)?;
    check_target()?;
    let out_dir = root.join("target").join("page");
    // A target folder of its own: the page builds without `cli`, and a test
    // run (which holds target/debug) can build it.
    let cargo_dir = out_dir.join("cargo");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "rustc",
            "--quiet",
            "--lib",
            "--release",
            "--target",
            TARGET,
            "--no-default-features",
            "--features",
            "page",
            "--crate-type",
            "cdylib",
        ])
        .env("CARGO_TARGET_DIR", &cargo_dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the wasm failed ({status})"));
    }
    let wasm = cargo_dir.join(TARGET).join("release").join("hedui.wasm");
    let bindgen_dir = out_dir.join("bindgen");
    let status = Command::new("wasm-bindgen")
        .args(["--target", "no-modules", "--no-typescript", "--out-dir"])
        .arg(&bindgen_dir)
        .arg(&wasm)
        .status()
        .map_err(|e| format!("cannot run wasm-bindgen: {e}"))?;
    if !status.success() {
        return Err(format!("wasm-bindgen failed ({status})"));
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let text = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let assets = root.join("src").join("page");
    let html = inline(
        &text(&assets.join("page.html"))?,
        &text(&assets.join("page.css"))?,
        &text(&bindgen_dir.join("hedui.js"))?,
        &read(&bindgen_dir.join("hedui_bg.wasm"))?,
        &text(&assets.join("page.js"))?,
        &crate_version(root)?,
    )?;
    let out = out_dir.join("hedui.html");
    // Written beside and renamed: an open page never sees half a file.
    let tmp = out_dir.join(".hedui.html.tmp");
    std::fs::write(&tmp, html).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}

/// The page with its parts in place of the markers of page.html.
fn inline(
    template: &str,
    css: &str,
    glue: &str,
    wasm: &[u8],
    app: &str,
    version: &str,
) -> Result<String, String> {
    // Inside a <script> or <style>, only "</" followed by the tag name ends it.
    let script = |s: &str| s.replace("</script", "<\\/script");
    let mut html = template.to_string();
    for (marker, part) in [
        ("/*HEDUI_CSS*/", css.replace("</style", "<\\/style")),
        ("/*HEDUI_BINDGEN*/", script(glue)),
        ("/*HEDUI_WASM*/", base64(wasm)),
        ("/*HEDUI_APP*/", script(app)),
        ("<!--HEDUI_VERSION-->", version.to_string()),
    ] {
        if !html.contains(marker) {
            return Err(format!("src/page/page.html has no {marker}"));
        }
        html = html.replacen(marker, &part, 1);
    }
    Ok(html)
}

/// The wasm-bindgen version Cargo.toml pins (`wasm-bindgen = { version = "=x.y.z" … }`).
pub fn pinned_bindgen(root: &Path) -> Result<String, String> {
    let manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find(|l| l.starts_with("wasm-bindgen "))
        .and_then(|l| l.split("\"=").nth(1))
        .and_then(|v| v.split('"').next())
        .map(str::to_string)
        .ok_or_else(|| {
            "Cargo.toml pins no wasm-bindgen version (wasm-bindgen = { version = \"=x.y.z\" })"
                .to_string()
        })
}

fn crate_version(root: &Path) -> Result<String, String> {
    let manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let package = manifest.split("[package]").nth(1).unwrap_or_default();
    package
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.split('"').next())
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml: no package version".to_string())
}

/// The wasm-bindgen CLI must be the version the crate pins: the glue it
/// writes and the wasm's imports must agree.
fn check_bindgen(pinned: &str) -> Result<(), String> {
    let install =
        format!("install it with: cargo install wasm-bindgen-cli --version {pinned} --locked");
    let output = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map_err(|_| format!("wasm-bindgen (the CLI) is not on PATH; {install}"))?;
    let found = String::from_utf8_lossy(&output.stdout);
    let found = found.split_whitespace().nth(1).unwrap_or_default();
    if found != pinned {
        return Err(format!(
            "wasm-bindgen on PATH is version {found}, but Cargo.toml pins {pinned}; {install}"
        ));
    }
    Ok(())
}

fn check_target() -> Result<(), String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let libdir = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let installed = std::fs::read_dir(&libdir).is_ok_and(|mut d| d.next().is_some());
    if !output.status.success() || !installed {
        return Err(format!(
            "the Rust target {TARGET} is not installed; add it with: rustup target add {TARGET}"
        ));
    }
    Ok(())
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn every_part_lands_once_and_scripts_cannot_end_early() {
        let html = inline(
            "<style>/*HEDUI_CSS*/</style><script>/*HEDUI_BINDGEN*/</script>\"/*HEDUI_WASM*/\"<script>/*HEDUI_APP*/</script><!--HEDUI_VERSION-->",
            "b{}",
            "let x = '</script>';",
            b"foo",
            "app()",
            "1.0",
        )
        .unwrap();
        assert_eq!(
            html,
            "<style>b{}</style><script>let x = '<\\/script>';</script>\"Zm9v\"<script>app()</script>1.0"
        );
        assert!(inline("no markers", "", "", b"", "", "").is_err());
    }
}
