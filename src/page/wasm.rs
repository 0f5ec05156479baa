//! The page's wasm exports (feature `page`): page.js calls these. Each only
//! forwards to [`super::Page`], turning languages from and results into what
//! JavaScript holds (strings, byte arrays, exceptions).

use wasm_bindgen::prelude::*;

use crate::Lang;

fn lang(code: &str) -> Lang {
    if code == "en" {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The files dropped on the page, checked.
#[wasm_bindgen]
pub struct Session(super::Page);

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Session {
        Session(super::Page::default())
    }

    /// Reads and checks one file; its error, if any, is kept and shown with it.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.0.add(name, bytes);
    }

    pub fn add_unreadable(&mut self, name: &str, reason: &str) {
        self.0.add_unreadable(name, reason);
    }

    /// The rules that compare files; once every file is in.
    pub fn compare(&mut self) {
        self.0.compare();
    }

    /// The JSON report, as `hedui check --format json`.
    pub fn json(&self, lang_code: &str) -> String {
        self.0.json(lang(lang_code))
    }

    /// The sheet around a cell, as JSON (null when the file has no such sheet or cell).
    pub fn grid(&self, file: usize, sheet: &str, cell: &str, related: &str) -> String {
        let related: Vec<&str> = related.split(',').filter(|r| !r.is_empty()).collect();
        serde_json::to_string(&self.0.grid(file, sheet, cell, &related)).unwrap_or_default()
    }

    /// The corrected workbook of one file (.xlsx bytes).
    pub fn corrected(&self, file: usize, lang_code: &str) -> Result<Vec<u8>, JsError> {
        let lang = lang(lang_code);
        self.0
            .corrected(file, lang)
            .map_err(|e| JsError::new(&e.message(lang)))
    }

    pub fn corrected_name(&self, file: usize) -> String {
        self.0.corrected_name(file)
    }

    /// Every corrected workbook, 汇总.xlsx and the JSON report, zipped.
    pub fn zip(&self, lang_code: &str) -> Result<Vec<u8>, JsError> {
        let lang = lang(lang_code);
        self.0.zip(lang).map_err(|e| JsError::new(&e.message(lang)))
    }

    /// The printable summary's groups, as JSON.
    pub fn printable(&self, lang_code: &str) -> String {
        serde_json::to_string(&self.0.printable(lang(lang_code))).unwrap_or_default()
    }
}

/// Labels of severities and actions and every rule's summary, as JSON.
#[wasm_bindgen]
pub fn labels(lang_code: &str) -> String {
    super::labels(lang(lang_code))
}

/// Whether a file found in a dropped folder is read (named like a workbook or report).
#[wasm_bindgen]
pub fn wants(name: &str) -> bool {
    crate::batch::is_input_name(std::path::Path::new(name))
}
