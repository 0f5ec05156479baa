//! The header normalizer and matchers on any text; normalizing is idempotent.
#![no_main]

use hedui::normalize::vocab;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = vocab::normalize(&text);
    let twice = vocab::normalize(&once.text);
    assert_eq!(once.text, twice.text, "normalize is not idempotent");
    let _ = vocab::match_measure(&once.text);
    let _ = vocab::match_indicator(&once.text);
    let _ = vocab::match_unit(&once.text);
    let _ = vocab::is_total_label(&once.text);
    let _ = vocab::is_label_header(&once.text);
    let _ = vocab::strip_numbering_and_units(&text);
});
