//! Errors a person can act on: each names the file and what is wrong with it,
//! in Chinese or English. The binary prints one line and exits 2.

use std::path::PathBuf;

use crate::Lang;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: file not found", .0.display())]
    NotFound(PathBuf),
    #[error("{path}: cannot read: {err}", path = .0.display(), err = io_phrase(.1.kind(), Lang::En))]
    Io(PathBuf, std::io::Error),
    #[error("{}: not a workbook (xlsx, xlsm, xlsb, xls, et, ods, csv, or an HTML or XML table saved as .xls)", .0.display())]
    NotAWorkbook(PathBuf),
    #[error("{}: password-protected (encrypted) workbook", .0.display())]
    Encrypted(PathBuf),
    /// The reader could not make sense of the file's structure. The reader's
    /// own words (English, e.g. calamine's `Cfb error: Sector 44 points past
    /// end of file`) are kept for debugging but never shown: they tell a
    /// person nothing they can act on.
    #[error("{}: damaged workbook: its structure cannot be read (saved or sent only in part?); ask for the original again, or open it in Excel or WPS and save it as .xlsx", .0.display())]
    Corrupt(PathBuf, String),
    /// The zip container cannot be read: cut short or damaged in transit.
    #[error("{}: incomplete or damaged file: its zip structure cannot be read (saved or sent only in part?); ask for the original again", .0.display())]
    Damaged(PathBuf),
    /// The reader gave up on the file's structure (a panic inside calamine, caught).
    #[error("{}: damaged workbook: its structure cannot be read", .0.display())]
    Unreadable(PathBuf),
    /// One sheet's content cannot be parsed.
    #[error("{path}: sheet \"{sheet}\" is damaged and cannot be read", path = .0.display(), sheet = .1)]
    SheetDamaged(PathBuf, String),
    #[error("{}: the workbook has no sheets", .0.display())]
    NoSheets(PathBuf),
    #[error("{}: every sheet is empty", .0.display())]
    EmptySheets(PathBuf),
    #[error("{}: no indicator table or attendance roster found on any sheet", .0.display())]
    NoTable(PathBuf),
    #[error("{path}: {}", .1.message(Lang::En), path = .0.display())]
    TooLarge(PathBuf, Limit),
    #[error("{}: refusing to write the output over the input", .0.display())]
    OutputIsInput(PathBuf),
    #[error("{path}: cannot write the output: {err}", path = .0.display(), err = .1)]
    Write(PathBuf, String),
    /// The operating system refused to write the output (the path is the one
    /// the person named, never the temporary file written first).
    #[error("{path}: cannot write the output: {err}", path = .0.display(), err = io_phrase(*.1, Lang::En))]
    WriteIo(PathBuf, std::io::ErrorKind),
    #[error("{path}: {err}", path = .0.display(), err = .1)]
    Gazetteer(PathBuf, String),
    /// `fix FILE -o OUT`: OUT names neither a workbook (.xlsx) nor a folder.
    #[error("{}: the corrected workbook's name must end in .xlsx (for a folder, name one that exists or end it with /)", .0.display())]
    OutputNotXlsx(PathBuf),
    /// `fix` of several inputs or a folder with `-o` naming a workbook.
    #[error("{}: several inputs or a folder are written into a folder, not one .xlsx workbook", .0.display())]
    OutputNeedsFolder(PathBuf),
    /// The project file (hedui.toml) cannot be used: why, in Chinese and English.
    #[error("{}: project file: {}", .0.display(), .2)]
    Config(PathBuf, String, String),
    /// A summary hedui wrote (汇总.xlsx): not a station's workbook.
    #[error("{}: a summary written by hedui, skipped", .0.display())]
    OwnSummary(PathBuf),
    /// A file in a folder that is not read, and why.
    #[error("{path}: skipped: {why}", path = .0.display(), why = .1.message(Lang::En))]
    Skipped(PathBuf, Skip),
    /// A report (PDF) with no text layer: a scan, which hedui cannot read.
    /// An input that is not a regular file (a FIFO, which would block; a
    /// device such as /dev/zero, which never ends; a socket): not read.
    #[error("{}: not a regular file (a device, pipe or socket): not read; name the workbook file itself", .0.display())]
    NotAFile(PathBuf),
    /// An output path that is not a regular file (a device, a FIFO, a socket,
    /// a symbolic link): never written or replaced.
    #[error("{}: not a regular file (a device, pipe, socket or link): nothing written to it; name an ordinary file", .0.display())]
    NotRegular(PathBuf),
    /// An output below OUTDIR reached through a symbolic link to a folder, so it would land outside OUTDIR.
    #[error("{}: a folder on the way is a symbolic link, which would put the output outside the output folder: nothing written; remove the link or choose another output folder", .0.display())]
    OutsideOutdir(PathBuf),
    /// An existing file hedui did not write, in the way of an output.
    #[error("{}: the file exists and was not written by hedui: not replaced; choose another name, or add --force to replace it", .0.display())]
    Exists(PathBuf),
    /// The output folder named for several files is an existing file.
    #[error("{}: the output folder is an existing file, not a folder: nothing written; name a folder (new or existing), or a .xlsx file when correcting one workbook", .0.display())]
    OutdirIsFile(PathBuf),
    #[error("{}: the PDF has no text layer (a scanned document?); ask for the Word file or a PDF saved from it", .0.display())]
    NoText(PathBuf),
}

/// Why a file found in a folder is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Its name is not that of a workbook (a .docx, a .pdf…).
    NotAWorkbookName,
    /// An office lock file (~$a.xlsx, .~lock.a.ods#) or another hidden file.
    Hidden,
    /// A symbolic link found in a folder: not followed, so a batch never
    /// reads outside the folders it was given nor one file twice.
    Link,
    /// A named pipe (FIFO): reading it would wait for a writer forever.
    Pipe,
    /// A socket or a device: not a file at all.
    Special,
    /// The output folder, inside an input folder: its files are hedui's own outputs.
    OutputFolder,
    /// A folder given to hedui with nothing at all in it.
    EmptyFolder,
}

impl Skip {
    pub fn message(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Skip::NotAWorkbookName, Lang::Zh) => {
                "不是工作簿文件（按扩展名），已跳过；如确为表格，请直接指定该文件"
            }
            (Skip::NotAWorkbookName, Lang::En) => {
                "not a workbook by its name; name the file directly if it is one"
            }
            (Skip::Hidden, Lang::Zh) => "隐藏的文件或文件夹（或办公软件的锁定文件），已跳过",
            (Skip::Hidden, Lang::En) => "a hidden file or folder, or an office lock file",
            (Skip::Link, Lang::Zh) => {
                "符号链接（快捷方式），已跳过；如需核对，请直接指定它指向的文件"
            }
            (Skip::Link, Lang::En) => {
                "a symbolic link, not followed; name the file it points to if it is to be checked"
            }
            (Skip::Pipe, Lang::Zh) => "命名管道（FIFO），不是文件，已跳过",
            (Skip::Pipe, Lang::En) => "a named pipe (FIFO), not a file",
            (Skip::Special, Lang::Zh) => "套接字或设备，不是文件，已跳过",
            (Skip::Special, Lang::En) => "a socket or a device, not a file",
            (Skip::OutputFolder, Lang::Zh) => "输出文件夹位于输入文件夹内，其中的文件未核对",
            (Skip::OutputFolder, Lang::En) => {
                "the output folder, inside an input folder: the files in it are not checked"
            }
            (Skip::EmptyFolder, Lang::Zh) => "文件夹是空的，未找到任何工作簿",
            (Skip::EmptyFolder, Lang::En) => "the folder is empty: no workbook found",
        }
    }
}

/// What the operating system said, as a phrase in the person's language
/// (its own message is English and may name a temporary file).
pub fn io_phrase(kind: std::io::ErrorKind, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (zh, en) = match kind {
        K::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        K::PermissionDenied => ("没有访问权限", "permission denied"),
        K::AlreadyExists => ("文件已存在", "the file already exists"),
        K::StorageFull => ("磁盘空间已满", "the disk is full"),
        K::QuotaExceeded => ("超出磁盘配额", "the disk quota is exceeded"),
        K::ReadOnlyFilesystem => ("磁盘或文件夹为只读", "the disk or folder is read-only"),
        K::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        K::NotADirectory => ("路径中有一段不是文件夹", "part of the path is not a folder"),
        K::DirectoryNotEmpty => ("文件夹不为空", "the folder is not empty"),
        K::FileTooLarge => ("文件过大", "the file is too large"),
        K::ResourceBusy | K::ExecutableFileBusy => (
            "文件正被其他程序占用",
            "the file is in use by another program",
        ),
        K::CrossesDevices => ("不能跨磁盘移动文件", "cannot move a file across disks"),
        K::InvalidFilename => ("文件名无效或过长", "the file name is invalid or too long"),
        K::TimedOut => ("操作超时", "the operation timed out"),
        K::Interrupted => ("操作被中断", "the operation was interrupted"),
        K::UnexpectedEof => ("文件不完整", "the file ends too early"),
        K::InvalidData | K::InvalidInput => ("内容无效", "invalid content"),
        K::OutOfMemory => ("内存不足", "out of memory"),
        K::NetworkUnreachable | K::NetworkDown | K::ConnectionReset | K::ConnectionAborted => {
            ("网络中断", "the network connection was lost")
        }
        K::StaleNetworkFileHandle => ("网络文件已失效", "the network file is no longer valid"),
        other => {
            return match lang {
                Lang::Zh => format!("系统错误（{other}）"),
                Lang::En => format!("system error ({other})"),
            }
        }
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

impl Error {
    /// The one line shown to a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::NotFound(p) => format!("{}：文件不存在", p.display()),
            Error::Io(p, e) => format!("{}：无法读取：{}", p.display(), io_phrase(e.kind(), lang)),
            Error::NotAWorkbook(p) => format!(
                "{}：不是工作簿文件（支持 xlsx、xlsm、xlsb、xls、et、ods、csv，及另存为 .xls 的网页表格和 XML 表格）",
                p.display()
            ),
            Error::Encrypted(p) => format!(
                "{}：工作簿已加密（设有打开密码），请去除密码后再提交",
                p.display()
            ),
            Error::Corrupt(p, _) => format!(
                "{}：工作簿已损坏，文件结构无法读取（可能未完整保存或传输中断）；请重新获取原文件，或用 Excel 或 WPS 打开后另存为 .xlsx 再核对",
                p.display()
            ),
            Error::Damaged(p) => format!(
                "{}：文件不完整或已损坏（压缩包结构无法读取，可能未完整保存或传输中断），请重新获取原文件",
                p.display()
            ),
            Error::Unreadable(p) => format!("{}：工作簿已损坏，文件结构无法读取", p.display()),
            Error::SheetDamaged(p, sheet) => {
                format!("{}：工作表“{sheet}”已损坏，无法读取", p.display())
            }
            Error::NoSheets(p) => format!("{}：工作簿中没有工作表", p.display()),
            Error::EmptySheets(p) => format!("{}：所有工作表均为空", p.display()),
            Error::NoTable(p) => format!(
                "{}：未在任何工作表中找到指标完成情况表或社工到岗情况表",
                p.display()
            ),
            Error::TooLarge(p, limit) => format!("{}：{}", p.display(), limit.message(lang)),
            Error::OutputIsInput(p) => format!("{}：输出文件不能覆盖输入文件", p.display()),
            Error::OutputNotXlsx(p) => format!(
                "{}：更正后的工作簿名须以 .xlsx 结尾（要写到文件夹，请给出已存在的文件夹，或以 / 结尾）",
                p.display()
            ),
            Error::OutputNeedsFolder(p) => format!(
                "{}：多个输入或文件夹须写到一个文件夹中，而不是一个 .xlsx 工作簿",
                p.display()
            ),
            Error::Write(p, e) => format!("{}：无法写入输出文件：{e}", p.display()),
            Error::WriteIo(p, kind) => {
                format!("{}：无法写入输出文件：{}", p.display(), io_phrase(*kind, lang))
            }
            Error::Gazetteer(p, e) => format!("{}：地名表有误：{e}", p.display()),
            Error::Config(p, zh, _) => format!("{}：项目配置有误：{zh}", p.display()),
            Error::OwnSummary(p) => format!("{}：hedui 生成的汇总表，已跳过", p.display()),
            Error::Skipped(p, why) => format!("{}：{}", p.display(), why.message(lang)),
            Error::NotAFile(p) => format!(
                "{}：不是普通文件（设备、管道或套接字），未读取；请指定工作簿文件本身",
                p.display()
            ),
            Error::NotRegular(p) => format!(
                "{}：不是普通文件（设备、管道、套接字或链接），未写入也未替换；请指定一个普通文件",
                p.display()
            ),
            Error::OutsideOutdir(p) => format!(
                "{}：路径中的文件夹是符号链接，会写到输出文件夹之外，未写入；请删除该链接或换一个输出文件夹",
                p.display()
            ),
            Error::Exists(p) => format!(
                "{}：文件已存在且不是 hedui 写出的，未覆盖；请换一个名称，或加 --force 覆盖",
                p.display()
            ),
            Error::OutdirIsFile(p) => format!(
                "{}：输出文件夹是一个已有的文件，不是文件夹，未写入；请指定一个文件夹（新建或已有），核对单个工作簿时也可指定 .xlsx 文件名",
                p.display()
            ),
            Error::NoText(p) => format!(
                "{}：PDF 没有文字层（疑为扫描件），无法读取；请提供 Word 原文件或由其另存的 PDF",
                p.display()
            ),
        }
    }

    pub fn path(&self) -> &PathBuf {
        match self {
            Error::NotFound(p)
            | Error::Io(p, _)
            | Error::NotAWorkbook(p)
            | Error::Encrypted(p)
            | Error::Corrupt(p, _)
            | Error::Damaged(p)
            | Error::Unreadable(p)
            | Error::SheetDamaged(p, _)
            | Error::NoSheets(p)
            | Error::EmptySheets(p)
            | Error::NoTable(p)
            | Error::TooLarge(p, _)
            | Error::OutputIsInput(p)
            | Error::Write(p, _)
            | Error::WriteIo(p, _)
            | Error::Gazetteer(p, _)
            | Error::Config(p, _, _)
            | Error::OutputNotXlsx(p)
            | Error::OutputNeedsFolder(p)
            | Error::OwnSummary(p)
            | Error::Skipped(p, _)
            | Error::NotAFile(p)
            | Error::NotRegular(p)
            | Error::OutsideOutdir(p)
            | Error::Exists(p)
            | Error::OutdirIsFile(p)
            | Error::NoText(p) => p,
        }
    }

    /// A file left out on purpose (not a workbook by its name, a summary
    /// hedui wrote), not one that failed: it is named, but is no failure.
    pub fn is_skip(&self) -> bool {
        matches!(self, Error::OwnSummary(_) | Error::Skipped(..))
    }
}

/// A limit a file went over: they keep a hostile file (a zip bomb, a sheet of
/// billions of cells) from exhausting the machine, and a flag raises each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The parts of a zipped workbook add up to more bytes than allowed.
    Bytes { found: u64, limit: u64 },
    /// The file itself is larger than the byte limit (any format, checked before reading).
    FileBytes { found: u64, limit: u64 },
    /// A sheet spans more cells than allowed (`found` is unknown for CSV,
    /// which is read until the limit is passed).
    Cells {
        sheet: String,
        found: Option<u64>,
        limit: u64,
    },
}

impl Limit {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Limit::FileBytes { found, limit }, Lang::Zh) => format!(
                "文件有 {found} 字节，超过上限 {limit} 字节，未读取（确为正常文件时可用 --max-bytes 提高上限）"
            ),
            (Limit::FileBytes { found, limit }, Lang::En) => format!(
                "the file has {found} bytes, over the limit of {limit}: not read; if the file is genuine, raise the limit with --max-bytes"
            ),
            (Limit::Bytes { found, limit }, Lang::Zh) => format!(
                "解压后共 {found} 字节，超过上限 {limit} 字节（疑似压缩炸弹；确为正常文件时可用 --max-bytes 提高上限）"
            ),
            (Limit::Bytes { found, limit }, Lang::En) => format!(
                "decompresses to {found} bytes, over the limit of {limit} (a zip bomb?); if the file is genuine, raise the limit with --max-bytes"
            ),
            (Limit::Cells { sheet, found: Some(found), limit }, Lang::Zh) => format!(
                "工作表“{sheet}”的使用范围有 {found} 个单元格，超过上限 {limit} 个（可用 --max-cells 提高上限）"
            ),
            (Limit::Cells { sheet, found: None, limit }, Lang::Zh) => format!(
                "工作表“{sheet}”的单元格超过上限 {limit} 个（可用 --max-cells 提高上限）"
            ),
            (Limit::Cells { sheet, found: Some(found), limit }, Lang::En) => format!(
                "sheet \"{sheet}\" spans {found} cells, over the limit of {limit}; raise it with --max-cells"
            ),
            (Limit::Cells { sheet, found: None, limit }, Lang::En) => format!(
                "sheet \"{sheet}\" has more than {limit} cells; raise the limit with --max-cells"
            ),
        }
    }
}
