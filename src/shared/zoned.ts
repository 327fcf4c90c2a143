/**
 * Dialogues are planned in Helsinki–Tallinn time whatever the computer's own zone: wall-clock
 * times (a form's `datetime-local` value, a day in a filter) are read in the dialogue's zone.
 */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

const HOUR = 60 * 60_000;

/**
 * "2026-12-03T10:00" in `timeZone` → an ISO instant. Around a daylight-saving change it does what
 * calendar apps (and RFC 5545 §3.3.5, and Temporal's "compatible") do:
 * - a time that does not exist (the hour skipped in spring: 2026-03-29 03:30 in Helsinki and
 *   Tallinn) is read with the offset before the change, so it moves forward by the gap (04:30 EEST);
 * - a time that occurs twice (the hour repeated in autumn: 2026-10-25 03:30) is the earlier
 *   instant, still in summer time (00:30 UTC, not 01:30 UTC).
 * Helsinki and Tallinn change at most once in any 28 hours, so the offsets 14 hours either side are
 * the only two a wall-clock time can have.
 */
export function zonedToIso(local: string, timeZone: string): string {
  return zonedInstants(local, timeZone).instants[0];
}

/**
 * Every instant "2026-10-25T03:30" names in `timeZone`, earlier first: one as a rule, two in the
 * hour the autumn repeats (a form then asks which is meant), and in the hour the spring skips
 * (`gap`) the one `zonedToIso` takes, read with the offset in force before the change.
 */
export function zonedInstants(local: string, timeZone: string): { instants: string[]; gap: boolean } {
  const asUtc = new Date(`${local}:00Z`).getTime();
  const before = offsetMinutes(new Date(asUtc - 14 * HOUR), timeZone);
  const after = offsetMinutes(new Date(asUtc + 14 * HOUR), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => asUtc - offsetMinutes(new Date(instant), timeZone) * 60_000 === instant)
    .sort((a, b) => a - b);
  // No candidate: the time falls in a gap, read with the offset in force before it.
  if (!candidates.length) return { instants: [new Date(asUtc - before * 60_000).toISOString()], gap: true };
  return { instants: candidates.map((instant) => new Date(instant).toISOString()), gap: false };
}

/** An ISO instant → "2026-12-03T10:00" in `timeZone`, for a `datetime-local` field. */
export function isoToZoned(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  return new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 16);
}
