// One import point for the generated bridge types (shared_types, never hand-written copies) and
// the wasm core (wasm-bindgen output). Both live in web/generated/, rebuilt by `cargo xtask web-build`.
export * from "../../generated/types/shared_types";
export { BincodeSerializer, BincodeDeserializer } from "../../generated/types/bincode";
