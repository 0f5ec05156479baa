//! Subcommands, one file each. Doc comments on the flags are the `--help` text.

mod batch;
mod check;
pub mod drop;
mod fix;
pub mod help;
mod output;
mod rules;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use hedui::codes::Severity;
use hedui::{
    config,
    normalize::names::{Gazetteer, Gazetteers},
    read::Limits,
    Lang, Options,
};

/// Exit codes: 0 no error-level finding, 1 some, 2 an input could not be read or the call is wrong.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// hedui (核对): check and correct the indicator tables and attendance rosters
/// that social-work stations submit.
#[derive(Parser)]
#[command(name = "hedui", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every inconsistency found in the workbooks.
    Check(check::CheckArgs),
    /// Write a corrected workbook with an audit sheet (核对结果).
    Fix(fix::FixArgs),
    /// List every rule: code, severity, what it checks, whether it corrects.
    Rules(rules::RulesArgs),
}

/// Flags shared by `check` and `fix`.
#[derive(Args, Clone)]
pub struct CommonArgs {
    /// Language of messages: zh (Chinese, the default unless hedui.toml says otherwise) or en (English).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// A station's gazetteer of districts, communities and look-alikes
    /// (TOML, `street = "…"`). It applies to the files of that street (as
    /// their titles, sheet names, file or folder names say), and to files
    /// that name no station; never to another station's. The built-in
    /// 赤岗街 one is always there, unless a file replaces it.
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,
    /// A folder of gazetteers, one TOML per street; each applies only to its own street's files.
    #[arg(long, value_name = "DIR")]
    gazetteers: Option<PathBuf>,
    /// The station (street) of every input, instead of what each file says: picks its gazetteer.
    #[arg(long, value_name = "NAME")]
    station: Option<String>,
    /// Contracted social-worker posts, for the staffing check of rosters.
    #[arg(long, value_name = "N")]
    posts: Option<u32>,
    /// Largest number of cells read from one sheet.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cells)]
    max_cells: u64,
    /// Largest input file, and largest total decompressed size of a zipped workbook, in bytes (every format, checked before reading).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_bytes)]
    max_bytes: u64,
    /// Encoding of text files (CSV, tab-separated, HTML or XML tables): utf-8, gbk, gb18030, utf-16le, utf-16be…; detected when not given.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    encoding: Option<&'static hedui::read::text::Encoding>,
    /// Field delimiter of CSV files: one character, or `tab`; guessed from the file's lines when not given.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Exit 0 even with findings (2 still for an unreadable input or a wrong call).
    #[arg(long)]
    exit_zero: bool,
    /// The lowest severity that makes the exit code 1: error (the default) or warning.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Use this project file instead of the hedui.toml found upward from the checked files.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no hedui.toml.
    #[arg(long)]
    no_config: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when some finding is an error.
    Error,
    /// Exit 1 when some finding is a warning or an error.
    Warning,
}

/// What `check` and `fix` run with: the flags over the project file.
pub struct Run {
    pub options: Options,
    pub lang: Lang,
    /// The lowest severity that fails the run (exit 1); None with --exit-zero.
    pub fail_on: Option<Severity>,
}

fn parse_encoding(label: &str) -> Result<&'static hedui::read::text::Encoding, String> {
    hedui::read::text::encoding_for_label(label).ok_or_else(|| {
        format!("unknown encoding \"{label}\" (try utf-8, gbk, gb18030, utf-16le, utf-16be)")
    })
}

fn parse_delimiter(label: &str) -> Result<u8, String> {
    hedui::read::text::delimiter_for_label(label)
        .ok_or_else(|| format!("a delimiter is one character, or `tab` (got \"{label}\")"))
}

impl CommonArgs {
    /// Every flag at its default, as a command line naming none would give.
    pub fn defaults() -> CommonArgs {
        use clap::FromArgMatches;
        let command = <CommonArgs as Args>::augment_args(clap::Command::new("hedui"));
        let matches = command.get_matches_from(["hedui"]);
        // No flag given: clap fills every default, so this cannot fail.
        CommonArgs::from_arg_matches(&matches).unwrap_or_else(|_| unreachable!())
    }

    /// The language before the project file is read (for its own errors).
    pub fn flag_lang(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    /// The flags over the project file: `--config`, else the hedui.toml found
    /// upward from `inputs` (none with `--no-config`). Flags win over the file.
    pub fn resolve(&self, inputs: &[PathBuf]) -> Result<Run, hedui::error::Error> {
        let project = match (&self.config, self.no_config) {
            (_, true) => None,
            (Some(path), false) => Some(config::load(path)?),
            (None, false) => match config::find_for(inputs)? {
                Some(path) => Some(config::load(&path)?),
                None => None,
            },
        };
        let mut options = self.options()?;
        let mut fail_on = Severity::Error;
        let mut lang = self.lang;
        if let Some(project) = project {
            lang = lang.or(project.lang);
            fail_on = project.fail_on.unwrap_or(fail_on);
            // Flags win: a --gazetteer of the same street replaces the file's.
            let named: Vec<String> = options
                .gazetteers
                .iter()
                .filter(|g| !Gazetteers::built_in().iter().any(|b| b == *g))
                .map(|g| g.street.clone())
                .collect();
            for gazetteer in project.gazetteers {
                if !named.iter().any(|s| gazetteer.is_for(s)) {
                    options.gazetteers.add(gazetteer);
                }
            }
            options.station_posts = project.posts;
            options.rules = project.rules;
            options.waivers = project.waivers;
        }
        if let Some(flag) = self.fail_on {
            fail_on = match flag {
                FailOn::Error => Severity::Error,
                FailOn::Warning => Severity::Warning,
            };
        }
        Ok(Run {
            options,
            lang: lang.unwrap_or_default(),
            fail_on: (!self.exit_zero).then_some(fail_on),
        })
    }

    fn options(&self) -> Result<Options, hedui::error::Error> {
        let mut gazetteers = Gazetteers::built_in();
        if let Some(dir) = &self.gazetteers {
            gazetteers
                .add_dir(dir)
                .map_err(|e| hedui::error::Error::Gazetteer(dir.clone(), e.to_string()))?;
        }
        if let Some(path) = &self.gazetteer {
            // A FIFO would block the read, a device never end it.
            if path.exists() && !hedui::read::is_regular_file(path) {
                return Err(hedui::error::Error::NotAFile(path.clone()));
            }
            let gazetteer = Gazetteer::from_file(path)
                .map_err(|e| hedui::error::Error::Gazetteer(path.clone(), e.to_string()))?;
            gazetteers.add_named(gazetteer);
        }
        let station = self
            .station
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Ok(Options {
            gazetteers,
            station,
            limits: Limits {
                max_bytes: self.max_bytes,
                max_cells: self.max_cells,
                text: hedui::read::TextOptions {
                    encoding: self.encoding,
                    delimiter: self.delimiter,
                },
            },
            posts: self.posts,
            ..Options::default()
        })
    }
}

/// Prints an error the one way hedui does: one line on stderr.
pub fn print_error(error: &hedui::error::Error, lang: Lang) {
    say(&format!("hedui: {}", error.message(lang)));
}

/// One message line on stderr, its control characters escaped (a file
/// name can hold a line break or ESC): every line hedui prints goes
/// through [`hedui::report::terminal::escape_controls`].
pub fn say(line: &str) {
    eprintln!("{}", hedui::report::terminal::escape_controls(line));
}

/// Exit code of a run stopped by SIGINT / SIGTERM (128 + SIGINT, as shells use).
pub const EXIT_INTERRUPTED: i32 = 130;

/// On Ctrl-C, SIGTERM or a closed console: removes the temporary file being
/// written, says "已中断" with what was written before it, and exits 130.
/// The language is the one asked for on the command line (`--lang en`).
pub fn on_interrupt() {
    let english = std::env::args_os()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0] == "--lang" && w[1] == "en")
        || std::env::args_os().any(|a| a == "--lang=en");
    // Should no handler be installable, the default (end the process) stays.
    let _ = ctrlc::set_handler(move || {
        let hedui::interrupt::Interrupted { written, removed } = hedui::interrupt::interrupt();
        const NAMED: usize = 3;
        let names: Vec<String> = written
            .iter()
            .take(NAMED)
            .map(|p| p.display().to_string())
            .collect();
        let more = written.len().saturating_sub(NAMED);
        let mut line = match (english, written.is_empty()) {
            (false, true) => "hedui: 已中断，没有写出任何文件".to_string(),
            (false, false) => format!(
                "hedui: 已中断；此前已写出 {} 个文件：{}{}",
                written.len(),
                names.join("、"),
                if more > 0 { " 等" } else { "" }
            ),
            (true, true) => "hedui: interrupted; nothing was written".to_string(),
            (true, false) => format!(
                "hedui: interrupted; {} files written before: {}{}",
                written.len(),
                names.join(", "),
                &if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        };
        if removed > 0 {
            line.push_str(if english {
                "; the unfinished temporary file was removed"
            } else {
                "；未写完的临时文件已删除"
            });
        }
        say(&line);
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Writes a report to stdout. A reader that went away (`hedui check … | head`)
/// is not an error of ours: print! would panic there, so write and ignore it.
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Rules(args) => rules::run(args),
    }
}
