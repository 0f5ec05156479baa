//! Errors a person can act on: each names the file and what is wrong with it,
//! in Chinese or English. The binary prints one line and exits 2.

use std::path::PathBuf;

use crate::Lang;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: file not found", .0.display())]
    NotFound(PathBuf),
    #[error("{path}: cannot read: {err}", path = .0.display(), err = .1)]
    Io(PathBuf, std::io::Error),
    #[error("{}: not a workbook (xlsx, xlsm, xlsb, xls, ods or csv)", .0.display())]
    NotAWorkbook(PathBuf),
    #[error("{}: password-protected (encrypted) workbook", .0.display())]
    Encrypted(PathBuf),
    #[error("{path}: damaged workbook: {detail}", path = .0.display(), detail = .1)]
    Corrupt(PathBuf, String),
    #[error("{}: the workbook has no sheets", .0.display())]
    NoSheets(PathBuf),
    #[error("{}: every sheet is empty", .0.display())]
    EmptySheets(PathBuf),
    #[error("{}: no indicator table or attendance roster found on any sheet", .0.display())]
    NoTable(PathBuf),
    #[error("{path}: too large: {what} (raise the limit with --max-cells or --max-bytes)", path = .0.display(), what = .1)]
    TooLarge(PathBuf, String),
    #[error("{}: refusing to write the output over the input", .0.display())]
    OutputIsInput(PathBuf),
    #[error("{path}: cannot write the output: {err}", path = .0.display(), err = .1)]
    Write(PathBuf, String),
    #[error("{path}: {err}", path = .0.display(), err = .1)]
    Gazetteer(PathBuf, String),
}

impl Error {
    /// The one line shown to a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::NotFound(p) => format!("{}：文件不存在", p.display()),
            Error::Io(p, e) => format!("{}：无法读取：{e}", p.display()),
            Error::NotAWorkbook(p) => format!(
                "{}：不是工作簿文件（支持 xlsx、xlsm、xlsb、xls、ods、csv）",
                p.display()
            ),
            Error::Encrypted(p) => format!(
                "{}：工作簿已加密（设有打开密码），请去除密码后再提交",
                p.display()
            ),
            Error::Corrupt(p, detail) => format!("{}：工作簿已损坏：{detail}", p.display()),
            Error::NoSheets(p) => format!("{}：工作簿中没有工作表", p.display()),
            Error::EmptySheets(p) => format!("{}：所有工作表均为空", p.display()),
            Error::NoTable(p) => format!(
                "{}：未在任何工作表中找到指标完成情况表或社工到岗情况表",
                p.display()
            ),
            Error::TooLarge(p, what) => format!(
                "{}：文件过大：{what}（可用 --max-cells 或 --max-bytes 提高上限）",
                p.display()
            ),
            Error::OutputIsInput(p) => format!("{}：输出文件不能覆盖输入文件", p.display()),
            Error::Write(p, e) => format!("{}：无法写入输出文件：{e}", p.display()),
            Error::Gazetteer(p, e) => format!("{}：地名表有误：{e}", p.display()),
        }
    }

    pub fn path(&self) -> &PathBuf {
        match self {
            Error::NotFound(p)
            | Error::Io(p, _)
            | Error::NotAWorkbook(p)
            | Error::Encrypted(p)
            | Error::Corrupt(p, _)
            | Error::NoSheets(p)
            | Error::EmptySheets(p)
            | Error::NoTable(p)
            | Error::TooLarge(p, _)
            | Error::OutputIsInput(p)
            | Error::Write(p, _)
            | Error::Gazetteer(p, _) => p,
        }
    }
}
