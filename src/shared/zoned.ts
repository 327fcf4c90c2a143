/**
 * Dialogues are planned in Helsinki–Tallinn time whatever the computer's own zone: wall-clock
 * times (a form's `datetime-local` value, a day in a filter) are read in the dialogue's zone.
 */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** "2026-12-03T10:00" in `timeZone` → an ISO instant. */
export function zonedToIso(local: string, timeZone: string): string {
  const asUtc = new Date(`${local}:00Z`);
  // Two passes settle the offset across a daylight-saving change.
  let instant = new Date(asUtc.getTime() - offsetMinutes(asUtc, timeZone) * 60_000);
  instant = new Date(asUtc.getTime() - offsetMinutes(instant, timeZone) * 60_000);
  return instant.toISOString();
}

/** An ISO instant → "2026-12-03T10:00" in `timeZone`, for a `datetime-local` field. */
export function isoToZoned(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  return new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 16);
}
