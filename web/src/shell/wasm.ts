// The wasm core and its helpers, loaded once.
import init, {
  CoreFfi, to_json, from_json, fhir_bundle, pdf_report, photo_probe, photo_size_refusal,
} from "../../generated/pkg/afterglow_web.js";

let ready: Promise<unknown> | null = null;

export function loadWasm(): Promise<unknown> {
  ready ??= init();
  return ready;
}

export { CoreFfi, fhir_bundle, pdf_report, photo_probe, photo_size_refusal };

/** Bincode bytes of a bridge value of `kind` to its JSON record (a plain object). */
export function toJson(kind: string, bytes: Uint8Array): unknown {
  return JSON.parse(to_json(kind, bytes));
}

/** A JSON record back to the bridge's bincode. */
export function fromJson(kind: string, value: unknown): Uint8Array {
  return from_json(kind, JSON.stringify(value));
}
