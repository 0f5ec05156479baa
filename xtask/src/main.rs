//! hedui's build tasks, run as `cargo xtask TASK` (an alias in .cargo/config.toml).
//!
//! `cargo xtask page`: builds the office page, one self-contained file
//! target/page/hedui.html (see page.rs).

mod page;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // xtask/ lies in the workspace root.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("page") => match page::build(&root) {
            Ok(out) => {
                eprintln!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cargo xtask page: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo xtask page    build target/page/hedui.html");
            ExitCode::from(2)
        }
    }
}
