//! The hedui command line: parse flags, dispatch to a subcommand, exit with its code.

mod cmd;

use std::process::ExitCode;

// See Cargo.toml: a batch's millions of small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic inside calamine is caught and reported as a damaged file (see
    // `read::in_reader`); keep its message off the screen so the person sees
    // that one line. Every other panic is still printed as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !hedui::read::in_reader() {
            default_hook(info);
        }
    }));
    hedui::interrupt::start();
    hedui::interrupt::ignore_file_size_signal();
    cmd::on_interrupt();
    // Workbooks or folders dropped onto hedui.exe arrive as the only arguments;
    // a double-clicked hedui.exe gets none.
    let args: Vec<_> = std::env::args_os().collect();
    if let Some(code) = cmd::drop::intercept(&args) {
        return ExitCode::from(code);
    }
    match cmd::help::parse(args) {
        Ok(cli) => ExitCode::from(cmd::run(cli)),
        Err(code) => ExitCode::from(code),
    }
}
