#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterglow_fuzz::targets::protocol_json(data));
