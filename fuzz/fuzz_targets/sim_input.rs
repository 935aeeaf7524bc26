//! Simulator input parsing (a `sim` cell's body and CLI `key=value` arguments) and every model
//! run on what parses: errors, never a panic.
#![no_main]

use coldstart::facts::FactBase;
use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;

static FACTS: Lazy<FactBase> = Lazy::new(|| {
    FactBase::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/facts.toml")).unwrap()
});
static MODELS: Lazy<Vec<&str>> =
    Lazy::new(|| coldstart::sim::catalog().into_iter().map(|m| m.name).collect());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = MODELS[data.first().copied().unwrap_or(0) as usize % MODELS.len()];
    if let Ok(inputs) = coldstart::sim::parse_cell(text) {
        if let Ok(r) = coldstart::sim::run(model, &inputs, &FACTS) {
            let _ = coldstart::sim::format_text(&r);
        }
    }
    let args: Vec<String> = text.split_whitespace().map(String::from).collect();
    if let Ok(inputs) = coldstart::sim::parse_kv_args(&args) {
        let _ = coldstart::sim::run(model, &inputs, &FACTS);
    }
});
