// The browser's IANA zone, which the exports are made in.

export function zone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
