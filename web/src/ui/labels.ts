// Words for the generated enums' variants (display only; the variants themselves come from
// the generated types).
export const AREAS = [
  ["Face", "Face"], ["Neck", "Neck"], ["Decolletage", "Décolletage"], ["Hands", "Hands"],
  ["Scalp", "Scalp"], ["Body", "Body"], ["Scars", "Scars"], ["StretchMarks", "Stretch marks"],
] as const;

export const LEVEL_TEXT: Record<string, string> = {
  Expected: "This is expected",
  Watch: "Keep an eye on it",
  ContactClinic: "Contact your clinic today",
  Urgent: "Get urgent care now",
};

export function localInputValue(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function zone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
