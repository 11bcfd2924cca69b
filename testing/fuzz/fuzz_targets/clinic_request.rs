#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterglow_fuzz_targets::clinic_request(data));
