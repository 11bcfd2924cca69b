//! uniffi's bindgen, built from this workspace so its version always equals the library's.
fn main() {
    uniffi::uniffi_bindgen_main()
}
