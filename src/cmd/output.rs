//! How the terminal report is shown: colour, width, folding, severity floor.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};
use hedui::codes::Severity;
use hedui::report::terminal::{Style, DEFAULT_WIDTH};
use hedui::Lang;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal (or CLICOLOR_FORCE is set) and NO_COLOR is not set.
    Auto,
    /// Always colour, even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    /// Every finding.
    Info,
    /// Warnings and errors: only what is wrong.
    Warning,
    /// Errors only.
    Error,
}

/// Flags of the terminal report.
#[derive(Args, Clone)]
pub struct OutputArgs {
    /// Colour by severity: auto (when stdout is a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// List every info finding on a line of its own (by default several of one rule in one table share a line).
    #[arg(short, long)]
    verbose: bool,
    /// Show only findings of this severity or above (JSON and the audit sheet keep every one).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = MinSeverity::Info)]
    min_severity: MinSeverity,
}

impl OutputArgs {
    pub fn style(&self, lang: Lang) -> Style {
        Style {
            color: use_color(self.color),
            verbose: self.verbose,
            min_severity: match self.min_severity {
                MinSeverity::Info => Severity::Info,
                MinSeverity::Warning => Severity::Warning,
                MinSeverity::Error => Severity::Error,
            },
            ..auto_style(lang)
        }
    }
}

/// Colour and width as the terminal allows: what a run without flags gets.
pub fn auto_style(lang: Lang) -> Style {
    Style {
        lang,
        width: width(),
        color: use_color(ColorChoice::Auto),
        verbose: false,
        min_severity: Severity::Info,
    }
}

/// `--color always|never` wins (as no-color.org asks of flags); otherwise none
/// under NO_COLOR (any non-empty value), colour under CLICOLOR_FORCE (not 0),
/// else colour when stdout is a terminal that is not `TERM=dumb`.
fn use_color(choice: ColorChoice) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The terminal's width in columns when stdout is one, else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    width()
}

fn width() -> usize {
    let term = console::Term::stdout();
    match term.size_checked() {
        Some((_, cols)) if term.is_term() && cols >= 20 => usize::from(cols),
        _ => DEFAULT_WIDTH,
    }
}
