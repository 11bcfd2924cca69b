// The wasm core and its helpers, loaded once.
import init, {
  CoreFfi, to_json, from_json, fhir_bundle, pdf_report, judge_delivery, judge_enrolment, judge_unlink, judge_answers, answers_not_linked, photo_gone_reason, outbox_storage_error,
  photo_probe, photo_size_refusal,
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

type Json = Record<string, any>;

/** The core's verdict on one outbox try (JSON of `Delivery`). */
export function judgeDelivery(exchange: Json, idempotencyKey: string, attempts: number, nowMs: number): Json {
  return JSON.parse(judge_delivery(JSON.stringify(exchange), idempotencyKey, attempts, nowMs));
}

/** The core's verdict on an enrol exchange: `{Ok: {link, token, care_protocol_json}}` or `{Err: ClinicError}`. */
export function judgeEnrolment(exchange: Json, server: string, autoShare: boolean, nowMs: number): Json {
  return JSON.parse(judge_enrolment(JSON.stringify(exchange), server, autoShare, nowMs));
}

/** The core's verdict on the unlink exchange: "Ended", or { NotEnded: { error } }. */
export function judgeUnlink(exchange: Json): Json | "Ended" {
  return JSON.parse(judge_unlink(JSON.stringify(exchange)));
}

/** The core's verdict on the answers exchange: JSON of ClinicResult (Answers or Failed). */
export function judgeAnswers(exchange: Json): Json {
  return JSON.parse(judge_answers(JSON.stringify(exchange)));
}

export const answersNotLinked = (): Json => JSON.parse(answers_not_linked());
export const photoGoneReason = (): Json | string => JSON.parse(photo_gone_reason());
export const outboxStorageError = (detail: string): Json => JSON.parse(outbox_storage_error(detail));
