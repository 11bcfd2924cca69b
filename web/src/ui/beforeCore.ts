// The words drawn before the core runs, or when it cannot be loaded or started: the core's
// catalogue, written at build time (`shared_types before-core`, by `cargo xtask web-build`),
// keyed by the locale subtag that chooses each language, with "default" for every other.
import byTag from "../../generated/before-core.json";

type Words = { loading: string; cannot_start: string; worker_failed: string };
const words: Record<string, Words> = byTag;
const subtag = (navigator.language || "").split(/[-_]/)[0].toLowerCase();

export const beforeCore: Words = words[subtag] ?? words.default;
