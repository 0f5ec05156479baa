//! The name matcher on any text, with the built-in 赤岗 gazetteer and with a
//! gazetteer read from any TOML.
#![no_main]

use std::sync::OnceLock;

use hedui::normalize::names::{self, Gazetteer};
use libfuzzer_sys::fuzz_target;

fn chigang() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::chigang)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let gazetteer = chigang();
    let _ = gazetteer.parse_label(&text);
    let _ = gazetteer.resolve_community(&text);
    let _ = names::district_number(&text);
    let _ = names::district_key(&text);
    let _ = names::generic_label(&text);
    for district in 1..=3 {
        let _ = gazetteer.lookalikes_in(&text, district);
    }
    if let Some((written, canonical)) = text.split_once('|') {
        let _ = gazetteer.is_known_confusable(written, canonical);
        let _ = gazetteer.lookalike_confidence(written, canonical);
    }
    if let Ok(other) = Gazetteer::from_toml_str(&text, "fuzz") {
        let _ = other.parse_label("片区1 (下渡、江景等社区)");
        let _ = other.resolve_community("赤岗");
    }
});
