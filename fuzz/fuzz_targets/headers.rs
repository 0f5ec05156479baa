//! The header normalizer and matchers on any text; normalizing is idempotent.
#![no_main]

use hedui::headers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = headers::normalize(&text);
    let twice = headers::normalize(&once.text);
    assert_eq!(once.text, twice.text, "normalize is not idempotent");
    let _ = headers::match_measure(&once.text);
    let _ = headers::match_indicator(&once.text);
    let _ = headers::match_unit(&once.text);
    let _ = headers::is_total_label(&once.text);
    let _ = headers::is_label_header(&once.text);
    let _ = headers::strip_numbering_and_units(&text);
});
